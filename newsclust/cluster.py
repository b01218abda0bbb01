"""Threads and events: exact average-link clustering of articles, compared along a sparse graph.

Nothing is quadratic in memory: each article keeps its ``n_neighbors`` most similar articles
(found block by block on a pruned copy of the TF-IDF matrix and then scored exactly) as the pairs
worth comparing, and ``newsclust.linkage`` merges groups by their exact average similarity (from
the groups' sum vectors), so a story of hundreds of reports holds together whatever the number of
neighbours. Events are merges that also pass a cohesion test (two tight groups that share only a
background stay apart); threads go on from the events with a looser one, so events nest inside
threads.

>>> from newsclust.models import Article
>>> docs = [Article("1", "Russia reaches out to Taliban against IS", "Moscow says it talks to the Taliban."),
...         Article("2", "Taliban deny talks with Russia over IS", "The Taliban deny contact with Moscow."),
...         Article("3", "Wales beat Slovakia 2-1 at Euro 2016", "Gareth Bale scored in Bordeaux.")]
>>> clusterer = ThreadClusterer().fit(docs)
>>> [[a.id for a in t.articles] for t in clusterer.threads_]
[['1', '2'], ['3']]
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

import numpy as np
import scipy.sparse as sp
from rapidfuzz import fuzz
from sklearn.base import BaseEstimator

from newsclust import defaults
from newsclust.errors import DataError
from newsclust.label import label_group, own_keywords
from newsclust.linkage import AverageLinkage, collapse_copies, paired_dot, renumber
from newsclust.models import Article, Event, Thread, ThreadArticle
from newsclust.normalize import normalize_text
from newsclust.vectorize import NewsVectorizer, article_fields

_KEYWORDS = 6  # keywords of a thread
_OWN_TERMS_UP_TO = 5  # threads this small get keywords from their own terms when shared ones are few

__all__ = [
    "DEFAULT_THRESHOLD",
    "ThreadClusterer",
    "cluster_articles",
    "nearest_neighbors",
    "neighbors_from_candidates",
    "parse_time",
]

Progress = Callable[[str, int, int], None]

DEFAULT_THRESHOLD = defaults.THRESHOLD
DEFAULT_COHESION = defaults.COHESION
DEFAULT_THREAD_COHESION = defaults.THREAD_COHESION


class ThreadClusterer(BaseEstimator):
    """Group articles into threads of events, without being told how many.

    Parameters
    ----------
    threshold : float
        Smallest average similarity at which two threads still merge (lower: fewer, larger threads).
    event_threshold : float or None
        The same for events inside a thread; at least ``threshold`` (None: ``threshold``, the
        cohesion test then being what tells an event from a thread).
    cohesion : float
        For events: two groups of two or more reports merge only if their average link is at
        least this share of the geometric mean of how alike each group is inside (see
        ``newsclust.linkage``); 0 turns it off.
    thread_cohesion : float
        The same for threads, which go on from the events; at most ``cohesion``.
    min_size : int
        ``threads_`` leaves out threads with fewer articles (``labels_`` still covers every article).
    n_neighbors : int
        Candidate pairs per article: which groups get compared. The link between two groups is
        their exact average similarity, so this decides neither their similarity nor their size.
    time_window_days : float or None
        When set, two groups whose known times lie further apart than this many days are never
        one event (they may be one thread). Off by default: on the dev corpora it cost as much
        as it gained (see the README).
    copy_similarity : float
        Articles at least this alike (cosine) are copies of one report and count once in the
        linkage (``newsclust.linkage.collapse_copies``); above 1 turns this off. Articles under
        one headline (``duplicate_ratio`` alike) are copies from a cosine of ``_HEADLINE_COPY``.
    duplicate_ratio : float
        rapidfuzz ratio (0-100) of headline and lede above which two close articles are copies
        (marked in the output), and of headlines above which two are copies of one report.
    vectorizer : transformer or None
        Turns articles into L2-normalised rows; default ``NewsVectorizer(n_jobs=n_jobs)``.
    n_jobs : int or None
        Processes for the default vectoriser (None: 1, -1: one per CPU); same result either way.
    progress : callable(step, done, total) or None
        Called as work advances, for a progress bar.

    Attributes
    ----------
    articles_ : list of Article, sorted by id
    labels_ : ndarray, the thread index of each article of ``articles_``
    event_labels_ : ndarray, the event index of each article
    threads_ : list of Thread, largest first
    """

    def __init__(
        self,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        event_threshold: float | None = None,
        cohesion: float = DEFAULT_COHESION,
        thread_cohesion: float = DEFAULT_THREAD_COHESION,
        min_size: int = 1,
        n_neighbors: int = 12,
        time_window_days: float | None = None,
        duplicate_ratio: float = 90.0,
        copy_similarity: float = 0.8,
        vectorizer: Any = None,
        n_jobs: int | None = None,
        progress: Progress | None = None,
    ):
        self.threshold = threshold
        self.event_threshold = event_threshold
        self.cohesion = cohesion
        self.thread_cohesion = thread_cohesion
        self.min_size = min_size
        self.n_neighbors = n_neighbors
        self.time_window_days = time_window_days
        self.duplicate_ratio = duplicate_ratio
        self.copy_similarity = copy_similarity
        self.vectorizer = vectorizer
        self.n_jobs = n_jobs
        self.progress = progress

    def fit(self, articles: Iterable[Article], y: Any = None) -> ThreadClusterer:
        """Cluster ``articles``; the result does not depend on their order."""
        self._check_params()
        articles = sorted(articles, key=lambda a: a.id)
        _check_unique_ids(articles)
        self.articles_ = articles
        n = len(articles)
        if n == 0:
            self.labels_ = self.event_labels_ = np.zeros(0, dtype=np.int64)
            self.threads_ = []
            return self
        vectorizer = self.vectorizer if self.vectorizer is not None else NewsVectorizer(n_jobs=self.n_jobs)
        self._report("vectorize", 0, n)
        X = sp.csr_matrix(vectorizer.fit_transform(articles))
        rows, cols, sims = nearest_neighbors(
            X, n_neighbors=self.n_neighbors, min_similarity=self.threshold, progress=self.progress
        )
        return self.fit_graph(articles, X, (rows, cols, sims), vectorizer=vectorizer)

    def _check_params(self) -> None:
        event_threshold = self.threshold if self.event_threshold is None else self.event_threshold
        if not 0 <= self.threshold <= event_threshold <= 1:
            raise ValueError("need 0 <= threshold <= event_threshold <= 1")
        if not 0 <= self.thread_cohesion <= self.cohesion:
            raise ValueError("need 0 <= thread_cohesion <= cohesion")

    def fit_graph(
        self,
        articles: list[Article],
        X: sp.csr_matrix,
        graph: tuple[np.ndarray, np.ndarray, np.ndarray],
        *,
        vectorizer: Any,
    ) -> ThreadClusterer:
        """Link and label ``articles`` (sorted by id, ids unique) from their fitted rows ``X`` and
        their neighbour graph ``(i, j, cosine)`` as ``nearest_neighbors`` gives it.

        The second half of ``fit``: an engine that vectorises and finds neighbours elsewhere
        (``newsclust.spark``) hands its results in here and gets the same threads.
        """
        event_threshold = self.threshold if self.event_threshold is None else self.event_threshold
        rows, cols, sims = graph
        self.articles_ = articles
        self.vectorizer_ = vectorizer
        n = len(articles)
        times = np.array([_days(a.time) for a in articles], dtype=float)
        self._report("link", 0, n)
        unit, U, unit_rows, unit_cols = collapse_reports(
            articles, X, (rows, cols, sims), self.copy_similarity, self.duplicate_ratio
        )
        unit_times = np.full(U.shape[0], np.nan)
        np.fmin.at(unit_times, unit, times)
        events, threads = AverageLinkage(U, unit_rows, unit_cols, progress=self.progress).run(
            threshold=self.threshold,
            event_threshold=event_threshold,
            cohesion=self.cohesion,
            times=unit_times,
            event_days=self.time_window_days,
            thread_cohesion=self.thread_cohesion,
            neighbours=self._neighbours,
        )
        self.event_labels_ = renumber(events[unit])
        self.labels_ = renumber(threads[unit])
        duplicate_of = _duplicates(
            articles, rows, cols, sims, self.event_labels_, times, self.duplicate_ratio
        )
        self.threads_ = self._threads(X, times, duplicate_of)
        self._report("done", n, n)
        return self

    def _neighbours(self, rows: sp.csr_matrix, floor: float) -> tuple[np.ndarray, np.ndarray]:
        found = nearest_neighbors(rows, n_neighbors=self.n_neighbors, min_similarity=floor)
        return found[0], found[1]

    def fit_predict(self, articles: Iterable[Article], y: Any = None) -> np.ndarray:
        """Thread index of each article, in the order of ``articles_`` (sorted by id)."""
        return self.fit(articles).labels_

    def _report(self, step: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(step, done, total)

    def _threads(self, X: sp.csr_matrix, times: np.ndarray, duplicate_of: dict[int, int]) -> list[Thread]:
        articles = self.articles_
        members: dict[int, list[int]] = defaultdict(list)
        for index, thread in enumerate(self.labels_):
            members[int(thread)].append(index)
        # Largest first, then by the first id: both independent of input order.
        order = sorted(members.values(), key=lambda m: (-len(m), articles[m[0]].id))
        features = (
            self.vectorizer_.get_feature_names_out() if hasattr(self.vectorizer_, "vocabulary_") else None
        )
        own_terms = isinstance(self.vectorizer_, NewsVectorizer)
        threads = []
        for number, indices in enumerate(order, start=1):
            if len(indices) < self.min_size:
                continue
            label, keywords, similarity = label_group(X, indices, articles, features)
            if len(keywords) < _KEYWORDS and len(indices) <= _OWN_TERMS_UP_TO and own_terms:
                group = [articles[i] for i in indices]
                keywords = own_keywords(group, self.vectorizer_.analyze, keywords, _KEYWORDS)
            event_members: dict[int, list[int]] = defaultdict(list)
            for i in indices:
                event_members[int(self.event_labels_[i])].append(i)
            event_order = sorted(event_members.values(), key=lambda m: (-len(m), articles[m[0]].id))
            events = tuple(
                Event(
                    id=f"t{number}e{k}",
                    label=label if len(group) == len(indices) else label_group(X, group, articles, None)[0],
                    articles=tuple(articles[i].id for i in group),
                )
                for k, group in enumerate(event_order, start=1)
            )
            threads.append(
                thread_record(
                    f"t{number}", label, keywords, articles, indices, similarity, times, duplicate_of, events
                )
            )
        return threads


def thread_record(
    thread_id: str,
    label: str,
    keywords: Iterable[str],
    articles: list[Article],
    indices: list[int],
    similarity: dict[int, float],
    times: np.ndarray,
    duplicate_of: dict[int, int],
    events: tuple[Event, ...],
    merged_from: Iterable[str] = (),
) -> Thread:
    """The Thread of ``articles[i] for i in indices``: its sources, first and last time, and its
    articles most central first (ties by id), each with the copy it duplicates."""
    known = [(times[i], articles[i].time) for i in indices if not np.isnan(times[i])]
    by_similarity = sorted(indices, key=lambda i: (-round(similarity[i], 6), articles[i].id))
    return Thread(
        id=thread_id,
        label=label,
        keywords=tuple(keywords),
        size=len(indices),
        sources=tuple(sorted({articles[i].source for i in indices if articles[i].source})),
        first_time=min(known)[1] if known else None,
        last_time=max(known)[1] if known else None,
        events=events,
        articles=tuple(
            ThreadArticle(
                id=articles[i].id,
                title=articles[i].title,
                source=articles[i].source,
                similarity=round(float(similarity[i]), 4),
                duplicate_of=articles[duplicate_of[i]].id if i in duplicate_of else None,
            )
            for i in by_similarity
        ),
        merged_from=tuple(merged_from),
    )


def cluster_articles(articles: Iterable[Article], **params: Any) -> list[Thread]:
    """Threads of ``articles``, largest first: ``ThreadClusterer(**params).fit(articles).threads_``."""
    return ThreadClusterer(**params).fit(articles).threads_


# -- the similarity graph ---------------------------------------------------------------------------


def nearest_neighbors(
    X: sp.csr_matrix,
    *,
    n_neighbors: int = 20,
    min_similarity: float = 0.0,
    candidate_features: int = 64,
    block_rows: int = 512,
    progress: Progress | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edges (i, j, cosine) with i < j between each row of L2-normalised ``X`` and its nearest rows.

    Candidates come from ``X`` cut to each row's ``candidate_features`` heaviest features, which
    skips the long posting lists of common words; candidates are then scored on the full rows.
    Memory is O(n * n_neighbors + block_rows * n).
    """
    X = sp.csr_matrix(X, dtype=np.float64)
    n = X.shape[0]
    pruned = _top_features(X, candidate_features)
    pruned_t = pruned.T.tocsr()
    n_candidates = candidate_count(n_neighbors)
    found = []
    for start in range(0, n, block_rows):
        stop = min(n, start + block_rows)
        approximate = (pruned[start:stop] @ pruned_t).tocsr()
        candidates = []
        for r in range(stop - start):
            lo, hi = approximate.indptr[r], approximate.indptr[r + 1]
            cols = approximate.indices[lo:hi]
            vals = approximate.data[lo:hi]
            keep = cols != start + r
            cols, vals = cols[keep], vals[keep]
            if len(cols) > n_candidates:
                # Highest first, ties by column: deterministic.
                cols = cols[np.lexsort((cols, -vals))[:n_candidates]]
            candidates.append(cols)
        found.append(_scored(X, start, candidates, n_neighbors, min_similarity))
        if progress is not None:
            progress("neighbours", stop, n)
    return _undirected(found, n)


def candidate_count(n_neighbors: int) -> int:
    """Candidates a row keeps from the pruned search before they are scored on full rows."""
    return n_neighbors + n_neighbors // 2


def neighbors_from_candidates(
    X: sp.csr_matrix,
    candidates: list[np.ndarray],
    *,
    n_neighbors: int,
    min_similarity: float,
    block_rows: int = 512,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``nearest_neighbors``'s edges from candidates found elsewhere (``candidates[i]``: the
    columns of row i, best first, as the pruned search ranks them), scored the same way."""
    X = sp.csr_matrix(X, dtype=np.float64)
    found = [
        _scored(X, start, candidates[start : start + block_rows], n_neighbors, min_similarity)
        for start in range(0, X.shape[0], block_rows)
    ]
    return _undirected(found, X.shape[0])


def _scored(X, start, candidates, n_neighbors, min_similarity):
    """Each row's candidates (rows ``start`` on) scored on the full rows: those at
    ``min_similarity`` or more, the ``n_neighbors`` best, ties by column."""
    lengths = np.array([len(c) for c in candidates])
    if not lengths.sum():
        return []
    rows = np.repeat(np.arange(start, start + len(candidates)), lengths)
    exact_all = paired_dot(X, rows, np.concatenate(candidates))
    out = []
    for row, cols, exact in zip(
        range(start, start + len(candidates)),
        candidates,
        np.split(exact_all, np.cumsum(lengths)[:-1]),
        strict=True,
    ):
        good = exact >= min_similarity
        cols, exact = cols[good], exact[good]
        if len(cols) > n_neighbors:
            top = np.lexsort((cols, -exact))[:n_neighbors]
            cols, exact = cols[top], exact[top]
        out.append((np.full(len(cols), row), cols, exact))
    return out


def _undirected(found, n):
    """Each undirected edge once (i < j), with the similarity of its first appearance."""
    edges = [edge for block in found for edge in block]
    if not edges:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    i = np.concatenate([e[0] for e in edges])
    j = np.concatenate([e[1] for e in edges])
    s = np.concatenate([e[2] for e in edges])
    low, high = np.minimum(i, j), np.maximum(i, j)
    key = low.astype(np.int64) * n + high
    key, first = np.unique(key, return_index=True)
    return low[first], high[first], s[first]


def _top_features(X: sp.csr_matrix, keep: int) -> sp.csr_matrix:
    rows, cols, vals = [], [], []
    for r in range(X.shape[0]):
        lo, hi = X.indptr[r], X.indptr[r + 1]
        c, v = X.indices[lo:hi], X.data[lo:hi]
        if len(v) > keep:
            top = np.argpartition(-v, keep - 1)[:keep]
            c, v = c[top], v[top]
        rows.append(np.full(len(c), r))
        cols.append(c)
        vals.append(v)
    if not rows:
        return sp.csr_matrix(X.shape)
    return sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=X.shape)


# -- time and copies --------------------------------------------------------------------------------

_TIME_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d", "%d.%m.%Y")


def parse_time(value: Any) -> datetime | None:
    """A datetime from ISO 8601, "23/10/2013 11:39", "2013-10-23" and similar; None if unknown.

    >>> parse_time("23/10/2013 11:39").isoformat(), parse_time("someday")
    ('2013-10-23T11:39:00', None)
    """
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        try:
            return datetime.utcfromtimestamp(value) if value > 10**8 else None
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        pass
    date, _, clock = text.partition(" ")
    for fmt in _TIME_FORMATS:
        try:
            day = datetime.strptime(date, fmt)
        except ValueError:
            continue
        match = re.match(r"(\d{1,2})[:h](\d{2})", clock.strip())
        return day.replace(hour=int(match.group(1)) % 24, minute=int(match.group(2))) if match else day
    return None


def _days(value: Any) -> float:
    moment = parse_time(value)
    return moment.toordinal() + (moment.hour * 60 + moment.minute) / 1440 if moment else float("nan")


#: The cosine from which two articles under one headline are copies of one report: a syndicated
#: or republished story keeps its headline while its text is cut, reordered or edited, and such
#: copies fall to about this (the reports of one happening by different outlets seldom reach it,
#: and seldom share a headline).
_HEADLINE_COPY = 0.5


def _copies(
    articles: list[Article],
    rows: np.ndarray,
    cols: np.ndarray,
    sims: np.ndarray,
    similarity: float,
    ratio: float,
) -> np.ndarray:
    """Which candidate pairs are copies of one report: at least ``similarity`` alike, or at least
    ``_HEADLINE_COPY`` alike under headlines ``ratio`` alike (rapidfuzz, 0-100)."""
    copies = sims >= similarity
    maybe = np.flatnonzero((sims >= min(_HEADLINE_COPY, similarity)) & ~copies & (rows != cols))
    titles: dict[int, str] = {}

    def title(i: int) -> str:
        if i not in titles:
            titles[i] = normalize_text(articles[i].title or "").casefold()
        return titles[i]

    for k in maybe.tolist():
        a, b = title(int(rows[k])), title(int(cols[k]))
        if a and b and fuzz.ratio(a, b) >= ratio:
            copies[k] = True
    return copies


def collapse_reports(
    articles: list[Article],
    X: sp.csr_matrix,
    graph: tuple[np.ndarray, np.ndarray, np.ndarray],
    similarity: float,
    ratio: float,
) -> tuple[np.ndarray, sp.csr_matrix, np.ndarray, np.ndarray]:
    """Copies of one report made one row (``newsclust.linkage.collapse_copies``): the pairs of the
    neighbour graph that ``_copies`` finds, and the clumps of copies under one headline that the
    graph left apart (``_headline_copies``). Returns (unit of each article, unit rows, candidate
    pairs between units)."""
    rows, cols, sims = graph
    copies = _copies(articles, rows, cols, sims, similarity, ratio)
    unit, U, unit_rows, unit_cols = collapse_copies(X, rows, cols, copies)
    if similarity <= 1:
        more_rows, more_cols = _headline_copies(articles, unit, U, min(_HEADLINE_COPY, similarity))
        if len(more_rows):
            unit, U, unit_rows, unit_cols = collapse_copies(
                X,
                np.concatenate((rows, more_rows)),
                np.concatenate((cols, more_cols)),
                np.concatenate((copies, np.ones(len(more_rows), dtype=bool))),
            )
    return unit, U, unit_rows, unit_cols


def headline_key(title: str) -> str:
    """What two copies of a headline share: the same words in the same case once folded."""
    return " ".join(unicodedata.normalize("NFC", title).casefold().split())


def _headline_copies(
    articles: list[Article], unit: np.ndarray, U: sp.csr_matrix, similarity: float
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of articles (the first of each unit) under one headline whose units are at least
    ``similarity`` alike (cosine of the units' mean rows) and are not one unit yet.

    A story copied more often than an article keeps neighbours has copies whose neighbours are
    all copies like themselves: the neighbour graph then holds them as several clumps, each far
    tighter inside than its link to the other reports of its happening, and the cohesion test
    keeps those reports apart. Under one headline the clumps' means are compared directly."""
    by_title: dict[str, set[int]] = defaultdict(set)
    first: dict[int, int] = {}
    for i, article in enumerate(articles):
        u = int(unit[i])
        first.setdefault(u, i)
        key = headline_key(article.title or "")
        if key:
            by_title[key].add(u)
    norms = np.sqrt(np.asarray(U.multiply(U).sum(axis=1)).ravel())
    unit_rows = sp.csr_matrix(sp.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ U)
    out_rows: list[int] = []
    out_cols: list[int] = []
    for key in sorted(by_title):
        units = sorted(by_title[key])
        if len(units) < 2:
            continue
        rows = unit_rows[units]
        for start in range(0, len(units), _TITLE_BLOCK):
            block = (rows[start : start + _TITLE_BLOCK] @ rows.T).toarray()
            for p, q in zip(*np.nonzero(block >= similarity), strict=True):
                a, b = start + int(p), int(q)
                if a < b:
                    out_rows.append(first[units[a]])
                    out_cols.append(first[units[b]])
    return np.array(out_rows, dtype=np.int64), np.array(out_cols, dtype=np.int64)


_TITLE_BLOCK = 256  # units under one headline compared at a time


def duplicate_key(article: Article) -> str:
    """What two copies of one report share: the headline and lede (or the body's start), normalised."""
    title, lede, body = article_fields(article)
    return normalize_text(" ".join((title, lede or body[:300])))[:400]


def _duplicates(articles, rows, cols, sims, events, times, ratio, min_similarity=0.5) -> dict[int, int]:
    """{index: index of the copy it duplicates} for articles whose headline and lede nearly match."""
    candidates = (sims >= min_similarity) & (events[rows] == events[cols])
    parent = {}

    def find(x):
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    keys: dict[int, str] = {}

    def key(i):
        if i not in keys:
            keys[i] = duplicate_key(articles[i])
        return keys[i]

    for a, b in zip(rows[candidates].tolist(), cols[candidates].tolist(), strict=False):
        if fuzz.ratio(key(a), key(b)) >= ratio:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in parent:
        groups[find(i)].append(i)
    duplicate_of = {}
    for root, members in groups.items():
        members = sorted(set(members) | {root})
        # The original: earliest when times are known, else the most complete, else the first id.
        original = min(
            members,
            key=lambda i: (np.nan_to_num(times[i], nan=np.inf), -len(articles[i].text), articles[i].id),
        )
        duplicate_of.update({i: original for i in members if i != original})
    return duplicate_of


def _check_unique_ids(articles: list[Article]) -> None:
    repeated = sorted({a.id for a, b in zip(articles, articles[1:], strict=False) if a.id == b.id})
    if repeated:
        shown = ", ".join(repeated[:10]) + (" ..." if len(repeated) > 10 else "")
        raise DataError(f"duplicate article ids: {shown}; every article needs its own id")
