"""Threads and events: average-link clustering of articles on a sparse nearest-neighbour graph.

Nothing is quadratic in memory: each article keeps only its ``n_neighbors`` most similar articles
(found block by block on a pruned copy of the TF-IDF matrix and then scored exactly), and
average linkage runs on that graph, counting every pair that is not an edge as similarity 0.
Merges at or above ``event_threshold`` make events; merging on down to ``threshold`` makes threads,
so events nest inside threads.

>>> from newsclust.models import Article
>>> docs = [Article("1", "Russia reaches out to Taliban against IS", "Moscow says it talks to the Taliban."),
...         Article("2", "Taliban deny talks with Russia over IS", "The Taliban deny contact with Moscow."),
...         Article("3", "Wales beat Slovakia 2-1 at Euro 2016", "Gareth Bale scored in Bordeaux.")]
>>> clusterer = ThreadClusterer().fit(docs)
>>> [[a.id for a in t.articles] for t in clusterer.threads_]
[['1', '2'], ['3']]
"""

from __future__ import annotations

import heapq
import math
import re
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
from newsclust.models import Article, Event, Thread, ThreadArticle
from newsclust.normalize import normalize_text
from newsclust.vectorize import NewsVectorizer, article_fields

_KEYWORDS = 6  # keywords of a thread
_OWN_TERMS_UP_TO = 5  # threads this small get keywords from their own terms when shared ones are few

__all__ = [
    "DEFAULT_EVENT_THRESHOLD",
    "DEFAULT_THRESHOLD",
    "ThreadClusterer",
    "cluster_articles",
    "nearest_neighbors",
    "parse_time",
]

Progress = Callable[[str, int, int], None]

DEFAULT_THRESHOLD = defaults.THRESHOLD
DEFAULT_EVENT_THRESHOLD = defaults.EVENT_THRESHOLD
DEFAULT_COHESION = defaults.COHESION


class ThreadClusterer(BaseEstimator):
    """Group articles into threads of events, without being told how many.

    Parameters
    ----------
    threshold : float
        Smallest average similarity at which two threads still merge (lower: fewer, larger threads).
    event_threshold : float
        The same for events inside a thread; at least ``threshold``.
    cohesion : float
        For events: two groups of reports merge only if their average link is at least this
        share of how alike each group is inside (see ``average_link``); 0 turns it off.
    min_size : int
        ``threads_`` leaves out threads with fewer articles (``labels_`` still covers every article).
    n_neighbors : int
        Edges kept per article in the similarity graph.
    time_window_days : float or None
        When both articles have a time, similarity fades once they are further apart than this.
    duplicate_ratio : float
        rapidfuzz ratio (0-100) of headline and lede above which two close articles are copies.
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
        event_threshold: float = DEFAULT_EVENT_THRESHOLD,
        cohesion: float = DEFAULT_COHESION,
        min_size: int = 1,
        n_neighbors: int = 12,
        time_window_days: float | None = 3.0,
        duplicate_ratio: float = 90.0,
        vectorizer: Any = None,
        n_jobs: int | None = None,
        progress: Progress | None = None,
    ):
        self.threshold = threshold
        self.event_threshold = event_threshold
        self.cohesion = cohesion
        self.min_size = min_size
        self.n_neighbors = n_neighbors
        self.time_window_days = time_window_days
        self.duplicate_ratio = duplicate_ratio
        self.vectorizer = vectorizer
        self.n_jobs = n_jobs
        self.progress = progress

    def fit(self, articles: Iterable[Article], y: Any = None) -> ThreadClusterer:
        """Cluster ``articles``; the result does not depend on their order."""
        if not 0 <= self.threshold <= self.event_threshold <= 1:
            raise ValueError("need 0 <= threshold <= event_threshold <= 1")
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
        self.vectorizer_ = vectorizer
        rows, cols, sims = nearest_neighbors(
            X, n_neighbors=self.n_neighbors, min_similarity=self.threshold, progress=self.progress
        )
        times = np.array([_days(a.time) for a in articles], dtype=float)
        if self.time_window_days:
            sims = sims * _time_factor(times[rows], times[cols], self.time_window_days)
        self._report("link", 0, n)
        self.event_labels_ = _renumber(average_link(n, rows, cols, sims, self.event_threshold, self.cohesion))
        self._report("link", n // 2, n)
        # Threads grow from whole events (average linkage goes on from where events stopped), so
        # events nest inside threads by construction.
        self.labels_ = _renumber(
            _link_groups(self.event_labels_, rows, cols, sims, self.threshold)[self.event_labels_]
        )
        duplicate_of = _duplicates(
            articles, rows, cols, sims, self.event_labels_, times, self.duplicate_ratio
        )
        self.threads_ = self._threads(X, times, duplicate_of)
        self._report("done", n, n)
        return self

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
            known = [(times[i], articles[i].time) for i in indices if not np.isnan(times[i])]
            by_similarity = sorted(indices, key=lambda i: (-round(similarity[i], 6), articles[i].id))
            threads.append(
                Thread(
                    id=f"t{number}",
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
                )
            )
        return threads


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
    n_candidates = n_neighbors + n_neighbors // 2
    rows_out, cols_out, sims_out = [], [], []
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
        lengths = np.array([len(c) for c in candidates])
        if not lengths.sum():
            continue
        rows = np.repeat(np.arange(start, stop), lengths)
        exact_all = _paired_dot(X, rows, np.concatenate(candidates))
        for row, cols, exact in zip(
            range(start, stop), candidates, np.split(exact_all, np.cumsum(lengths)[:-1]), strict=True
        ):
            good = exact >= min_similarity
            cols, exact = cols[good], exact[good]
            if len(cols) > n_neighbors:
                top = np.lexsort((cols, -exact))[:n_neighbors]
                cols, exact = cols[top], exact[top]
            rows_out.append(np.full(len(cols), row))
            cols_out.append(cols)
            sims_out.append(exact)
        if progress is not None:
            progress("neighbours", stop, n)
    if not rows_out:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    i = np.concatenate(rows_out)
    j = np.concatenate(cols_out)
    s = np.concatenate(sims_out)
    # Keep each undirected edge once (i < j).
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


def _paired_dot(X: sp.csr_matrix, i: np.ndarray, j: np.ndarray, chunk: int = 20_000) -> np.ndarray:
    """Dot products of rows ``i[k]`` and ``j[k]`` of ``X``, chunk by chunk."""
    out = np.empty(len(i))
    for start in range(0, len(i), chunk):
        a, b = X[i[start : start + chunk]], X[j[start : start + chunk]]
        out[start : start + chunk] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    return out


# -- average linkage on a sparse graph ------------------------------------------------------------


def average_link(
    n: int,
    rows: np.ndarray,
    cols: np.ndarray,
    sims: np.ndarray,
    threshold: float,
    cohesion: float = 0.0,
    sizes: np.ndarray | None = None,
) -> np.ndarray:
    """Cluster label (a member's index) of each of ``n`` nodes by average linkage on the edges given.

    Pairs without an edge count as similarity 0, so the average of two clusters is the sum of
    their edge weights over the product of their sizes. Merging stops below ``threshold``. With
    ``cohesion`` > 0, two clusters of two or more also need an average link of at least
    ``cohesion`` times the geometric mean of their own inner averages: two tight groups that
    share only a background (the same people, a different happening) stay apart. ``sizes``
    starts from groups (edge weights are then sums over their members), as threads start from events.
    """
    parent = np.arange(n)
    size = [1] * n if sizes is None else [int(s) for s in sizes]
    neighbours: list[dict[int, float]] = [{} for _ in range(n)]
    for a, b, s in zip(rows.tolist(), cols.tolist(), sims.tolist(), strict=False):
        if a != b and s > 0:
            neighbours[a][b] = neighbours[a].get(b, 0.0) + s
            neighbours[b][a] = neighbours[b].get(a, 0.0) + s
    version = [0] * n
    heap = [
        (-s / (size[a] * size[b]), a, b, 0, 0)
        for a, b, s in zip(rows.tolist(), cols.tolist(), sims.tolist(), strict=True)
        if s / (size[a] * size[b]) >= threshold
    ]
    heapq.heapify(heap)
    alive = [True] * n
    internal = [0.0] * n
    while heap:
        negative, a, b, va, vb = heapq.heappop(heap)
        if not (alive[a] and alive[b]) or version[a] != va or version[b] != vb:
            continue
        similarity = -negative
        if similarity < threshold:
            break
        if cohesion and size[a] > 1 and size[b] > 1:
            inside_a = internal[a] / (size[a] * (size[a] - 1) / 2)
            inside_b = internal[b] / (size[b] * (size[b] - 1) / 2)
            if similarity < cohesion * math.sqrt(inside_a * inside_b):
                continue
        # Keep the cluster with more neighbours and fold the other into it (min id as tie-break).
        keep, gone = (a, b) if len(neighbours[a]) >= len(neighbours[b]) else (b, a)
        alive[gone] = False
        parent[gone] = keep
        merged = neighbours[keep]
        merged.pop(gone, None)
        for other, weight in neighbours[gone].items():
            if other == keep:
                continue
            merged[other] = merged.get(other, 0.0) + weight
            back = neighbours[other]
            back.pop(gone, None)
            back[keep] = merged[other]
        neighbours[gone] = {}
        internal[keep] += internal[gone] + similarity * size[keep] * size[gone]
        size[keep] += size[gone]
        version[keep] += 1
        for other, weight in merged.items():
            average = weight / (size[keep] * size[other])
            if average >= threshold:
                first, second = (keep, other) if keep < other else (other, keep)
                heapq.heappush(heap, (-average, first, second, version[first], version[second]))
    return _find_all(parent)


def _link_groups(groups: np.ndarray, rows, cols, sims, threshold: float) -> np.ndarray:
    """Average linkage of whole groups (labels 0..m-1): the label of each group."""
    m = int(groups.max()) + 1 if len(groups) else 0
    a, b = groups[rows], groups[cols]
    between = a != b
    low, high = np.minimum(a, b)[between], np.maximum(a, b)[between]
    summed = sp.coo_matrix((sims[between], (low, high)), shape=(m, m)).tocsr()
    summed.sum_duplicates()
    summed = summed.tocoo()
    return average_link(
        m, summed.row, summed.col, summed.data, threshold, sizes=np.bincount(groups, minlength=m)
    )


def _find_all(parent: np.ndarray) -> np.ndarray:
    roots = parent.copy()
    while True:
        nxt = roots[roots]
        if np.array_equal(nxt, roots):
            return roots
        roots = nxt


def _renumber(labels: np.ndarray) -> np.ndarray:
    """Labels 0, 1, 2 ... in order of each group's first member (members are sorted by id)."""
    _, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.argsort(np.argsort(first))
    return rank[inverse]


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


def _time_factor(a: np.ndarray, b: np.ndarray, window: float) -> np.ndarray:
    gap = np.abs(a - b)
    factor = window / np.maximum(window, gap)
    return np.where(np.isnan(gap), 1.0, factor)


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
            title, lede, body = article_fields(articles[i])
            keys[i] = normalize_text(" ".join((title, lede or body[:300])))[:400]
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
