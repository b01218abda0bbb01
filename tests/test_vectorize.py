import numpy as np
import pytest
from cluster_corpus import CORPUS
from sklearn.base import clone

from newsclust.models import Article
from newsclust.vectorize import NewsVectorizer, article_fields

ARTICLES = [Article(i, t, x, s, d) for i, _, t, x, s, d in CORPUS]


def test_is_a_scikit_learn_transformer():
    vectorizer = NewsVectorizer(title_weight=4.0)
    assert clone(vectorizer).get_params()["title_weight"] == 4.0
    assert not hasattr(vectorizer, "vocabulary_")  # __init__ only stores parameters
    with pytest.raises(TypeError):
        NewsVectorizer(4.0)  # keyword-only


def test_rows_are_l2_normalised_before_words_of_one_document_are_dropped():
    vectorizer = NewsVectorizer()
    X = vectorizer.fit_transform(ARTICLES)
    assert X.shape == (len(ARTICLES), len(vectorizer.get_feature_names_out()))
    norms = np.sqrt(X.multiply(X).sum(axis=1)).A.ravel()
    assert np.all((norms > 0.3) & (norms <= 1 + 1e-12))
    np.testing.assert_allclose(
        NewsVectorizer(unique_term_weight=0).fit_transform(ARTICLES).power(2).sum(axis=1), 1.0
    )
    again = vectorizer.transform(ARTICLES)  # words of one document have no column, so only the norm differs
    np.testing.assert_array_equal(again.toarray() > 0, X.toarray() > 0)
    np.testing.assert_allclose(np.sqrt(again.multiply(again).sum(axis=1)).A.ravel(), 1.0)


def test_features_include_bigrams_names_and_numbers_with_units():
    features = set(NewsVectorizer().fit(ARTICLES).get_feature_names_out())
    assert {"siêu bão", "thiệt mạng", "name:gareth bale", "name:300 đồng", "name:islamic state"} <= features
    assert "của" not in features and "the" not in features


def test_stop_words_can_be_overridden():
    features = set(NewsVectorizer(stop_words=None).fit(ARTICLES).get_feature_names_out())
    assert "the" in features
    features = set(NewsVectorizer(stop_words=["taliban"]).fit(ARTICLES).get_feature_names_out())
    assert "taliban" not in features and "the" in features


def test_same_vectors_whatever_the_order():
    forward = NewsVectorizer().fit_transform(ARTICLES).toarray()
    backward = NewsVectorizer().fit_transform(ARTICLES[::-1]).toarray()[::-1]
    np.testing.assert_allclose(forward, backward, rtol=1e-12, atol=1e-15)


def test_same_story_is_closer_than_a_story_that_shares_a_name():
    X = NewsVectorizer().fit_transform(ARTICLES)
    ids = [a.id for a in ARTICLES]
    similarity = (X @ X.T).toarray()
    taliban, taliban_2, football = (
        ids.index("en/taliban-1"),
        ids.index("en/taliban-2"),
        ids.index("en/euro-1"),
    )
    assert similarity[taliban, taliban_2] > 2 * similarity[taliban, football]


def test_text_of_only_stopwords_and_numbers_gives_an_empty_or_tiny_row():
    X = NewsVectorizer().fit_transform([Article("a", "", "the and of 12 34"), Article("b", "x", "of the")])
    assert X.shape[0] == 2


def test_article_fields_take_the_first_paragraph_as_lede():
    assert article_fields(Article("a", "T", "Lede here.\nBody there.")) == ("T", "Lede here.", "Body there.")
    assert article_fields({"title": "T", "lede": "L", "body": "B"}) == ("T", "L", "B")


def test_transform_ignores_new_words_and_leaves_the_vocabulary_alone():
    vectorizer = NewsVectorizer().fit(ARTICLES)
    before = dict(vectorizer.vocabulary_)
    X = vectorizer.transform([Article("new", "Completely unseen headline", "Zyxw qwerty Taliban")])
    assert vectorizer.vocabulary_ == before
    assert X.shape == (1, len(before)) and X[0, before["taliban"]] > 0


def test_a_known_language_uses_only_its_own_stopwords():
    # "an" (of "an ninh", security) and "to" (big) are Vietnamese words but English stopwords
    text = "Bộ Công an tăng cường an ninh tại sân bay to nhất"
    vietnamese = NewsVectorizer().analyze(Article("a", "An ninh sân bay", text, lang="vi"))
    unknown = NewsVectorizer().analyze(Article("b", "An ninh sân bay", text))
    assert vietnamese["an"] > 0 and vietnamese["to"] > 0
    assert "an" not in unknown and "to" not in unknown
    english = NewsVectorizer().analyze(Article("c", "Airport security", "An airport to watch", lang="en"))
    assert "an" not in english and "to" not in english
