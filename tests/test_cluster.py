"""The clustering library: known threads, determinism, every article once, odd inputs."""

import json
import random
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from cluster_corpus import CORPUS, THREADS, records, thread_sets
from sklearn.base import clone

from newsclust import DataError, ThreadClusterer, cluster_articles
from newsclust.cluster import _headline_copies, nearest_neighbors, parse_time
from newsclust.io import parse_article_records
from newsclust.linkage import AverageLinkage
from newsclust.models import Article
from newsclust.vectorize import NewsVectorizer

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def articles(corpus=CORPUS):
    return [Article(i, t, x, s, d) for i, _, t, x, s, d in corpus]


def as_json(threads):
    return json.dumps([t.to_dict() for t in threads], ensure_ascii=False)


def test_finds_the_known_threads_in_both_languages():
    threads = cluster_articles(articles())
    assert thread_sets([t.to_dict() for t in threads]) == {frozenset(ids) for ids in THREADS.values()}


def test_a_football_result_that_mentions_russia_is_not_in_the_taliban_thread():
    threads = cluster_articles(articles())
    taliban = next(t for t in threads if "en/taliban-1" in {a.id for a in t.articles})
    assert "en/euro-1" not in {a.id for a in taliban.articles}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_same_bytes_whatever_the_input_order(seed):
    shuffled = articles()
    random.Random(seed).shuffle(shuffled)
    assert as_json(cluster_articles(shuffled)) == as_json(cluster_articles(articles()))


def test_every_article_is_in_exactly_one_thread_and_one_event():
    threads = cluster_articles(articles())
    in_threads = [a.id for t in threads for a in t.articles]
    in_events = [i for t in threads for e in t.events for i in e.articles]
    assert sorted(in_threads) == sorted(in_events) == sorted(i for i, *_ in CORPUS)
    for thread in threads:
        assert {i for e in thread.events for i in e.articles} == {a.id for a in thread.articles}


def test_thread_records_are_complete_and_ordered():
    threads = [t.to_dict() for t in cluster_articles(articles())]
    assert [t["id"] for t in threads] == [f"t{k}" for k in range(1, len(threads) + 1)]
    assert [t["size"] for t in threads] == sorted((t["size"] for t in threads), reverse=True)
    taliban = next(t for t in threads if "en/taliban-1" in {a["id"] for a in t["articles"]})
    assert set(taliban) == {
        "id",
        "label",
        "keywords",
        "size",
        "sources",
        "first_time",
        "last_time",
        "events",
        "articles",
    }
    assert taliban["label"] in {title for i, _, title, *_ in CORPUS if i.startswith("en/taliban")}
    assert taliban["sources"] == ["AFP", "AP", "Reuters"]
    assert (taliban["first_time"], taliban["last_time"]) == ("2015-12-23", "2015-12-27")
    assert "Taliban" in taliban["keywords"]
    assert set(taliban["articles"][0]) == {"id", "title", "source", "similarity", "duplicate_of"}
    similarities = [a["similarity"] for a in taliban["articles"]]
    assert similarities == sorted(similarities, reverse=True) and 0 < similarities[-1] <= 1


def test_keywords_keep_vietnamese_diacritics():
    threads = cluster_articles(articles())
    storm = next(t for t in threads if "vi/bao-1" in {a.id for a in t.articles})
    assert any("Philippines" in k for k in storm.keywords)
    assert any("bão" in k for k in storm.keywords)


def test_keywords_are_whole_phrases_not_bigrams_cut_across_a_name():
    threads = cluster_articles(articles())
    storm = next(t for t in threads if "vi/bao-1" in {a.id for a in t.articles})
    written = " ".join(a.title + " " + a.text for a in articles() if a.id in {x.id for x in storm.articles})
    assert all(k in written for k in storm.keywords)
    assert not any(k.startswith("phố ") or k == "Haiyan đổ" for k in storm.keywords)


def test_syndicated_copy_is_marked_duplicate_of_the_earliest():
    original = (
        "wire-1",
        "x",
        "Nepal earthquake kills hundreds, topples buildings in Kathmandu",
        "A magnitude 7.8 earthquake struck Nepal on Saturday, killing hundreds of people.",
        "AP",
        "2015-04-25T08:00:00",
    )
    copy = ("wire-2", "x", original[2], original[3] + " (AP)", "Yahoo", "2015-04-25T09:30:00")
    threads = cluster_articles(articles() + articles([copy, original]))
    thread = next(t for t in threads if "wire-1" in {a.id for a in t.articles})
    by_id = {a.id: a for a in thread.articles}
    assert by_id["wire-2"].duplicate_of == "wire-1" and by_id["wire-1"].duplicate_of is None


def test_events_nest_inside_threads():
    clusterer = ThreadClusterer(threshold=0.05, event_threshold=0.3).fit(articles())
    for thread, event in zip(clusterer.labels_, clusterer.event_labels_, strict=False):
        assert set(clusterer.labels_[clusterer.event_labels_ == event]) == {thread}


def test_min_size_leaves_out_small_threads_but_labels_cover_everything():
    clusterer = ThreadClusterer(min_size=3).fit(articles())
    assert all(t.size >= 3 for t in clusterer.threads_)
    assert len(clusterer.labels_) == len(CORPUS)


def test_one_article_is_one_thread_and_none_is_none():
    assert [t.size for t in cluster_articles(articles()[:1])] == [1]
    assert cluster_articles([]) == []


def test_text_of_stopwords_or_numbers_becomes_its_own_thread():
    odd = [Article("odd-1", "", "the of and 12 34"), Article("odd-2", "123", "456 789")]
    threads = cluster_articles(articles() + odd)
    assert {frozenset({"odd-1"}), frozenset({"odd-2"})} <= thread_sets([t.to_dict() for t in threads])


def test_duplicate_ids_are_an_error_naming_them():
    with pytest.raises(DataError, match="duplicate article ids: en/euro-1"):
        cluster_articles(articles() + articles()[3:4])


def test_bad_thresholds_are_refused():
    with pytest.raises(ValueError):
        ThreadClusterer(threshold=0.5, event_threshold=0.2).fit(articles())


def test_is_a_scikit_learn_estimator():
    clusterer = ThreadClusterer(threshold=0.1)
    assert clone(clusterer).get_params()["threshold"] == 0.1
    labels = clusterer.fit_predict(articles())
    assert len(labels) == len(CORPUS) and not hasattr(ThreadClusterer(), "threads_")


def test_nearest_neighbors_match_brute_force():
    X = NewsVectorizer().fit_transform(articles())
    rows, cols, sims = nearest_neighbors(X, n_neighbors=3, min_similarity=0.05, block_rows=4)
    full = (X @ X.T).toarray()
    assert np.all(rows < cols)
    np.testing.assert_allclose(sims, full[rows, cols])
    for i in range(X.shape[0]):  # each row's best neighbour is among the edges
        others = np.delete(np.arange(X.shape[0]), i)
        best = others[np.argmax(full[i, others])]
        if full[i, best] >= 0.05:
            assert any((a, b) in {(min(i, best), max(i, best))} for a, b in zip(rows, cols, strict=False))


def _rows(*vectors):
    X = np.array(vectors, dtype=float)
    return sp.csr_matrix(X / np.linalg.norm(X, axis=1, keepdims=True))


def test_average_link_uses_the_average_not_the_best_pair():
    # 0-1 are close, 2 is close to 1 only: the average of (0, 2) and (1, 2) is below 0.5.
    X = _rows([1, 0, 0], [1, 1, 0], [0, 1, 0])
    events, threads = AverageLinkage(X, np.array([0, 1]), np.array([1, 2])).run(threshold=0.5, cohesion=0)
    assert events[0] == events[1] != events[2] and threads.tolist() == events.tolist()


def test_links_missing_from_the_graph_are_counted_at_their_true_similarity():
    # Five identical reports, but the graph links each only to the next: a chain. Counting the
    # missing pairs as 0 would stop the merging at an average below 0.5; their true value is 1.
    X = _rows(*[[1, 1, 0]] * 5)
    chain = np.arange(4)
    events, _ = AverageLinkage(X, chain, chain + 1).run(threshold=0.9, cohesion=0.5)
    assert len(set(events.tolist())) == 1


def test_two_tight_groups_sharing_a_background_are_two_events_of_one_thread():
    # Two earthquakes: each pair shares its place (features 1, 2), both share "earthquake" (0).
    X = _rows([3, 2, 0], [3, 2, 0.2], [3, 0, 2], [3, 0.2, 2])
    pairs = np.array([(a, b) for a in range(4) for b in range(a + 1, 4)])
    events, threads = AverageLinkage(X, pairs[:, 0], pairs[:, 1]).run(
        threshold=0.6, cohesion=0.9, thread_cohesion=0.5
    )
    assert events[0] == events[1] != events[2] == events[3]
    assert len(set(threads.tolist())) == 1


def test_far_apart_times_keep_reports_out_of_one_event_but_not_out_of_one_thread():
    X = _rows([1, 0], [1, 0.1], [1, 0.05])
    days = np.array([0.0, 1.0, 40.0])
    pairs = np.array([(0, 1), (0, 2), (1, 2)])
    events, threads = AverageLinkage(X, pairs[:, 0], pairs[:, 1]).run(
        threshold=0.5, cohesion=0, times=days, event_days=7
    )
    assert events[0] == events[1] != events[2]
    assert len(set(threads.tolist())) == 1


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2015-12-23", "2015-12-23T00:00:00"),
        ("23/10/2013 11:39", "2013-10-23T11:39:00"),
        ("2019-01-25T21:40:00Z", "2019-01-25T21:40:00"),
        ("sometime", None),
        (None, None),
    ],
)
def test_parse_time(value, expected):
    moment = parse_time(value)
    assert (moment.isoformat() if moment else None) == expected


def test_split_output_records_are_accepted():
    assert [a.id for a in parse_article_records(json.dumps(records()), "stdin")] == [i for i, *_ in CORPUS]


@pytest.mark.skipif(not (DATA / "vi-ktlab-dev" / "articles.jsonl").exists(), reason="no shared dev data")
@pytest.mark.parametrize("name", ["vi-ktlab-dev", "en-basil-dev"])
def test_dev_sets_event_quality(name):
    lines = (DATA / name / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    data = [json.loads(line) for line in lines if line.strip()]
    clusterer = ThreadClusterer().fit(parse_article_records("\n".join(lines), name))
    gold = {r["id"]: r["cluster"] for r in data}
    predicted = {a.id: int(e) for a, e in zip(clusterer.articles_, clusterer.event_labels_, strict=False)}
    precision = recall = 0.0
    for i in gold:
        same_pred = {j for j in gold if predicted[j] == predicted[i]}
        same_gold = {j for j in gold if gold[j] == gold[i]}
        precision += len(same_pred & same_gold) / len(same_pred)
        recall += len(same_pred & same_gold) / len(same_gold)
    precision, recall = precision / len(gold), recall / len(gold)
    assert 2 * precision * recall / (precision + recall) >= 0.95


def test_copies_count_once_so_a_syndicated_story_does_not_look_tighter_than_its_happening():
    from newsclust.linkage import collapse_copies

    # Rows 0-2 are copies of one report, row 3 another report of the same happening.
    X = _rows([1, 0.05, 0], [1, 0.04, 0], [1, 0.06, 0], [1, 1, 1])
    pairs = np.array([(a, b) for a in range(4) for b in range(a + 1, 4)])
    sims = (X @ X.T).toarray()[pairs[:, 0], pairs[:, 1]]
    unit, U, rows, cols = collapse_copies(X, pairs[:, 0], pairs[:, 1], sims >= 0.9)
    assert unit.tolist() == [0, 0, 0, 1] and U.shape[0] == 2
    assert rows.tolist() == [0] and cols.tolist() == [1]


def test_copies_under_one_headline_count_as_copies_below_the_copy_similarity():
    from newsclust.cluster import _copies

    # A republished story keeps its headline while its text is cut and edited: at a cosine of
    # 0.6 it is a copy under the same headline (case and spacing aside), not under another one.
    articles = [
        Article(id="a", title="Storm Ciara leaves thousands without power", text="x"),
        Article(id="b", title="Storm Ciara leaves  thousands without POWER", text="y"),
        Article(id="c", title="Engineers race to restore supplies after the storm", text="z"),
    ]
    rows, cols = np.array([0, 0, 1]), np.array([1, 2, 2])
    sims = np.array([0.6, 0.6, 0.85])
    assert _copies(articles, rows, cols, sims, 0.8, 90.0).tolist() == [True, False, True]
    # below the headline copy cosine, one headline is not enough
    assert _copies(articles, rows, cols, np.array([0.4, 0.4, 0.4]), 0.8, 90.0).tolist() == [False] * 3


def test_copies_under_one_headline_that_the_graph_left_apart_are_joined():
    """A story copied more often than an article keeps neighbours comes out of the neighbour
    graph as several clumps of copies: under one headline, clumps alike enough are one report."""
    articles = [
        Article("a", "Flood cuts off villages", "one"),
        Article("b", "Flood cuts off villages", "two"),
        Article("c", "flood  cuts off VILLAGES", "three"),
        Article("d", "Markets fall", "four"),
    ]
    unit = np.array([0, 1, 2, 3])
    U = sp.csr_matrix(np.array([[1.0, 0.2, 0.0], [0.9, 0.3, 0.0], [0.0, 0.0, 0.5], [1.0, 0.2, 0.0]]))
    rows, cols = _headline_copies(articles, unit, U, 0.5)
    # c has the headline (case and spaces aside) but none of the words; d the words, not the headline
    assert list(zip(rows.tolist(), cols.tolist())) == [(0, 1)]
    # articles already one unit give no pair
    rows, cols = _headline_copies(articles, np.array([0, 0, 1, 2]), U[[0, 2, 3]], 0.5)
    assert len(rows) == 0
