"""Labels for threads and events: the most central headline, readable keywords, a representative.

Features are normalised (case folded, tones unified); keywords are shown as they are most often
written in the group's headlines and ledes, diacritics and capitals included.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from newsclust.normalize import _TOKEN, LANGUAGES, normalize_text, normalize_word, sentences, stopwords
from newsclust.vectorize import HEAD_PREFIX, NAME_PREFIX, article_fields, article_language

__all__ = ["label_group", "keywords", "representative"]

_SURFACE_ARTICLES = 10


def label_group(
    X: sp.csr_matrix,
    indices: Sequence[int],
    articles: Sequence[Any],
    features: np.ndarray | None,
    n_keywords: int = 6,
) -> tuple[str, list[str], dict[int, float]]:
    """(label, keywords, {index: cosine to the group's centroid}) of the rows ``indices`` of ``X``.

    The label is the headline of the most central article (ties: the smaller id).
    """
    rows = X[indices]
    # The centroid stays sparse: a dense row per thread would cost the whole vocabulary.
    columns, inverse = np.unique(rows.indices, return_inverse=True)
    weights = np.bincount(inverse, weights=rows.data, minlength=len(columns))
    norm = np.linalg.norm(weights)
    row_of = np.repeat(np.arange(len(indices)), np.diff(rows.indptr))
    products = rows.data * weights[inverse] / norm if norm else np.zeros(len(rows.data))
    scores = np.bincount(row_of, weights=products, minlength=len(indices))
    similarity = {i: float(s) for i, s in zip(indices, scores, strict=True)}
    center = representative(similarity, articles)
    words = (
        keywords(weights, features[columns], [articles[i] for i in indices], n_keywords)
        if features is not None
        else []
    )
    title = articles[center].title or article_fields(articles[center])[2][:80]
    return title, words, similarity


def own_keywords(
    group: Sequence[Any], analyze: Callable[[Any], dict[str, float]], have: Sequence[str], count: int = 6
) -> list[str]:
    """``have`` topped up to ``count`` keywords from the group's own weighted terms.

    TF-IDF keeps only terms that two stories share, so a story that shares few words with any
    other gets few keywords or none: its own terms (``analyze``, the vectorizer's) fill in.
    """
    totals: Counter[str] = Counter()
    for article in group:
        for term, weight in analyze(article).items():
            totals[_plain(term)] += weight
    terms = sorted(totals, key=lambda t: (-totals[t], t))
    weights = np.array([totals[t] for t in terms], dtype=float)
    chosen = list(have)
    for word in keywords(weights, np.array(terms, dtype=object), group, count):
        if len(chosen) >= count:
            break
        plain = normalize_text(word)
        if not any(_within(plain, normalize_text(c)) or _within(normalize_text(c), plain) for c in chosen):
            chosen.append(word)
    return chosen


def representative(similarity: dict[int, float], articles: Sequence[Any]) -> int:
    """The index with the highest similarity to the centroid; ties go to the smaller id."""
    return min(similarity, key=lambda i: (-round(similarity[i], 9), articles[i].id))


def keywords(
    centroid: np.ndarray,
    features: np.ndarray,
    group: Sequence[Any],
    count: int = 6,
    *,
    languages: Iterable[str | None] | None = None,
) -> list[str]:
    """The ``count`` heaviest terms of ``centroid`` as written in ``group``, skipping repeats.

    A word already inside a chosen name or phrase is not listed again. ``languages`` are those of
    the whole group when ``group`` holds only some of it (the store passes its first articles).
    """
    if languages is None:
        languages = map(article_language, group)
    # Vietnamese and English always (as for stories of no known language), and the group's own
    langs = {"vi", "en"} | {lang for lang in languages if lang in LANGUAGES}
    stop = stopwords(tuple(sorted(langs)))
    # Phrases read better than the syllables or words they are made of: a bonus for them.
    pool = np.argsort(-centroid, kind="stable")[: 32 * count]
    score = np.zeros(len(centroid))
    score[pool] = centroid[pool] * np.array([1.0 + 0.5 * (" " in str(f)) for f in features[pool]])
    heaviest = pool[np.argsort(-score[pool], kind="stable")[: 8 * count]]
    order = heaviest[np.lexsort((features[heaviest], -score[heaviest]))]
    wanted = {_plain(str(features[i])) for i in order}
    clauses = _clauses(group[:_SURFACE_ARTICLES])
    surface = _surface_forms(clauses, wanted)
    seen: list[str] = []
    for index in order:
        if centroid[index] <= 0 or len(seen) >= 2 * count:
            break
        term = _plain(str(features[index]))
        words = term.split()
        if not any(c.isalpha() for c in term) or words[0] in stop or words[-1] in stop:
            continue
        if any(_within(term, s) for s in seen):
            continue
        covered = [k for k, s in enumerate(seen) if _within(s, term)]
        if covered:  # a longer phrase replaces the words it contains
            seen[covered[0]] = term
            for k in reversed(covered[1:]):
                del seen[k]
            continue
        seen.append(term)
    written = [" " + " ".join(normal) + " " for _, normal in clauses]
    seen = _whole_phrases(seen, written)[:count]
    surface.update(_surface_forms(clauses, {t for t in seen if t not in surface}))
    return list(dict.fromkeys(surface.get(term, term) for term in seen))


def _clauses(group: Sequence[Any]) -> list[tuple[list[str], list[str]]]:
    """(words as written, words normalised) of each clause of the group's headlines and ledes."""
    out = []
    for article in group:
        title, lede, _ = article_fields(article)
        for clause in sentences(title) + sentences(lede):
            words = _TOKEN.findall(clause)
            out.append((words, [normalize_word(w) for w in words]))
    return out


def _whole_phrases(terms: list[str], written: list[str]) -> list[str]:
    """Terms that overlap ("nhà nước", "nước hồi", "hồi giáo") joined into the phrase they come
    from ("nhà nước hồi giáo") where the group writes that phrase; the phrase takes the place of
    the first of them. Bigrams cut across the words of a name; a keyword should not."""
    terms = list(terms)
    joined = True
    while joined:
        joined = False
        for i, j in ((i, j) for i in range(len(terms)) for j in range(len(terms)) if i != j):
            a, b = terms[i].split(), terms[j].split()
            for k in range(min(len(a), len(b)) - 1, 0, -1):
                if a[-k:] == b[:k]:
                    phrase = " ".join(a + b[k:])
                    if any(f" {phrase} " in clause for clause in written):
                        terms[min(i, j)] = phrase
                        del terms[max(i, j)]
                        joined = True
                    break
            if joined:
                break
    return terms


def _plain(feature: str) -> str:
    """The words of a feature, without the marks of where it came from ("head:name:Nga" -> "Nga")."""
    for prefix in (HEAD_PREFIX, NAME_PREFIX):
        if feature.startswith(prefix):
            feature = feature[len(prefix) :]
    return feature


def _within(short: str, long: str) -> bool:
    return f" {short} " in f" {long} "


def _surface_forms(clauses: list[tuple[list[str], list[str]]], wanted: set[str]) -> dict[str, str]:
    """{normalised n-gram in ``wanted``: its most frequent spelling} in ``clauses`` (``_clauses``)."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    # The lengths each first word starts: most positions start no wanted term and are not joined.
    lengths: dict[str, set[int]] = defaultdict(set)
    for term in wanted:
        parts = term.split(" ")
        lengths[parts[0]].add(len(parts))
    for words, normal in clauses:
        for start, word in enumerate(normal):
            for n in lengths.get(word, ()):
                if start + n > len(words):
                    continue
                term = " ".join(normal[start : start + n])
                if term in wanted:
                    spellings[term][" ".join(words[start : start + n])] += 1
    # Most frequent spelling; among equals prefer capitals (names), then the first in code order.
    return {
        term: max(c.items(), key=lambda kv: (kv[1], kv[0][:1].isupper(), kv[0]))[0]
        for term, c in spellings.items()
    }
