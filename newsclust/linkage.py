"""Exact average linkage over a sparse graph of candidate pairs, for events and then threads.

The average similarity of two groups of L2-normalised rows is the dot product of their sums over
the product of their sizes, so it is known exactly from each group's sum vector, whatever the
number of neighbours each row kept. The neighbourhood graph only says which groups are worth
comparing: two groups whose members were never near each other are never compared. A missing
link is not counted as zero, which is what would make a story of hundreds of reports fall apart.

Events are merges at or above ``threshold`` that also pass a cohesion test: two groups of two or
more join only if their link is at least ``cohesion`` times the geometric mean of how alike each
group is inside. Two tight groups that share only a background (two earthquakes, two elections)
stay two events. Threads go on from the events with the cohesion test lifted, so events nest
inside threads by construction. The ratio does not depend on how long or how wordy a corpus's
articles are, which a second similarity threshold would.

>>> import numpy as np, scipy.sparse as sp
>>> X = sp.csr_matrix(np.array([[1, 0, 0], [0.9, 0.436, 0], [0, 0, 1]]))
>>> linkage = AverageLinkage(X, np.array([0]), np.array([1]))
>>> events, threads = linkage.run(threshold=0.5, cohesion=0.6)
>>> events.tolist(), threads.tolist()
([0, 0, 2], [0, 0, 2])
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

__all__ = ["AverageLinkage", "collapse_copies", "paired_dot", "renumber"]

Progress = Callable[[str, int, int], None]
Neighbours = Callable[[sp.csr_matrix, float], tuple[np.ndarray, np.ndarray]]

#: Links below this share of the lowest threshold are dropped after a merge (see ``run``).
_PRUNE = 0.5
#: Stale heap entries allowed beyond twice the live ones before the heap is rebuilt.
_HEAP_ROOM = 1_000_000


class AverageLinkage:
    """Agglomerative clustering with exact average links between the groups a graph connects.

    ``X`` holds L2-normalised rows (norm at most 1); ``rows``/``cols`` are candidate pairs (each
    undirected pair once or twice). Nothing here is quadratic: memory is the sum vectors (at most
    the nonzeros of ``X``) and one dictionary entry per pair of connected groups.
    """

    def __init__(
        self, X: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray, progress: Progress | None = None
    ):
        X = sp.csr_matrix(X, dtype=np.float64)
        X.sum_duplicates()
        X.sort_indices()
        self.X = X
        self.n = X.shape[0]
        self.progress = progress
        apart = rows != cols
        self._rows, self._cols = rows[apart], cols[apart]

    # -- the groups' sums ---------------------------------------------------------------------

    def _row(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        lo, hi = self.X.indptr[i], self.X.indptr[i + 1]
        return self.X.indices[lo:hi], self.X.data[lo:hi]

    def _dots(self, group: int, others: list[int]) -> list[float]:
        """Dot products of ``group``'s sum with the sums of ``others``, through a dense scratch row."""
        if not others:
            return []
        index, value = self._sums[group]
        scratch = self._scratch
        scratch[index] = value
        out = []
        for other in others:
            oi, ov = self._sums[other]
            out.append(float(scratch[oi] @ ov))
        scratch[index] = 0.0
        return out

    def _add_sums(self, keep: int, gone: int) -> None:
        ki, kv = self._sums[keep]
        gi, gv = self._sums[gone]
        index = np.concatenate((ki, gi))
        value = np.concatenate((kv, gv))
        order = np.argsort(index, kind="stable")
        index, value = index[order], value[order]
        first = np.ones(len(index), dtype=bool)
        first[1:] = index[1:] != index[:-1]
        starts = np.flatnonzero(first)
        self._sums[keep] = (index[starts], np.add.reduceat(value, starts) if len(value) else value)
        self._sums[gone] = (ki[:0], kv[:0])

    # -- linkage ----------------------------------------------------------------------------------

    def run(
        self,
        *,
        threshold: float,
        cohesion: float,
        event_threshold: float | None = None,
        times: np.ndarray | None = None,
        event_days: float | None = None,
        thread_cohesion: float = 0.0,
        neighbours: Neighbours | None = None,
        passes: int = 3,
        sizes: np.ndarray | None = None,
        own: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """(event label, thread label) of each row: a member's index, events nested in threads.

        Events stop below ``event_threshold`` (default ``threshold``), threads below ``threshold``.
        With ``times`` (days, NaN where unknown) and ``event_days``, two groups whose known times
        lie more than ``event_days`` apart are never one event; they may still be one thread.

        With ``neighbours`` (rows of unit vectors, a similarity floor -> candidate pairs), each
        phase ends with up to ``passes - 1`` more rounds in which the groups themselves (their
        centroids) look for near groups they have no link to yet. The graph of single articles
        cannot see these: an article's nearest neighbours may all be copies of itself, or of
        its own group, and two halves of a large story would then never be compared.

        With ``sizes`` (and ``own``, the sum of the members' squared norms), a row is the sum
        vector of a group formed earlier (``newsclust.store`` adds new articles to stored groups
        this way): its links are then exact averages over its members, as if it had been formed here.
        """
        if event_threshold is None:
            event_threshold = threshold
        n = self.n
        self._sums = [self._row(i) for i in range(n)]
        self._scratch = np.zeros(self.X.shape[1])
        norms = np.asarray(self.X.multiply(self.X).sum(axis=1)).ravel().tolist()
        size = [1] * n if sizes is None else [float(s) for s in sizes]
        # Sum of the members' own squared norms, and the squared norm of the group's sum: their
        # difference is the sum of similarities over ordered pairs of different members.
        own = list(norms) if own is None else [float(o) for o in own]
        square = list(norms)
        links: list[dict[int, float]] = [{} for _ in range(n)]
        edges = zip(
            self._rows.tolist(),
            self._cols.tolist(),
            paired_dot(self.X, self._rows, self._cols).tolist(),
            strict=True,
        )
        for a, b, dot in edges:
            links[a][b] = dot
            links[b][a] = dot
        parent = list(range(n))
        version = [0] * n
        dated = times is not None and event_days is not None
        first_day = list(times) if dated else []
        last_day = list(first_day)

        def apart(a: int, b: int) -> bool:
            gap = max(first_day[a], first_day[b]) - min(last_day[a], last_day[b])
            return gap > event_days  # False when either time is NaN

        def inside(g: int) -> float:
            return (square[g] - own[g]) / (size[g] * (size[g] - 1))

        floor = [min(threshold, event_threshold)]
        prune = _PRUNE * floor[0]

        def push(heap: list, a: int, b: int) -> None:
            average = links[a][b] / (size[a] * size[b])
            if average >= floor[0]:
                first, second = (a, b) if a < b else (b, a)
                heapq.heappush(heap, (-average, first, second, version[first], version[second]))

        def fresh_heap() -> list:
            out: list = []
            for a in range(n):
                if parent[a] == a:
                    for b in links[a]:
                        if a < b:
                            push(out, a, b)
            return out

        floor[0] = event_threshold
        heap = fresh_heap()
        room = [2 * len(heap) + _HEAP_ROOM]
        events = None
        merges = 0
        for phase in ("events", "threads"):
            for round_ in range(max(1, passes)):
                before = merges
                while heap:
                    negative, a, b, va, vb = heapq.heappop(heap)
                    if parent[a] != a or parent[b] != b or version[a] != va or version[b] != vb:
                        continue
                    similarity = -negative
                    if similarity < floor[0]:
                        break
                    if phase == "events" and dated and apart(a, b):
                        continue
                    ratio = cohesion if phase == "events" else thread_cohesion
                    if ratio and size[a] > 1 and size[b] > 1:
                        if similarity < ratio * math.sqrt(max(inside(a), 0.0) * max(inside(b), 0.0)):
                            continue
                    keep, gone = (a, b) if (size[a], -a) >= (size[b], -b) else (b, a)
                    self._merge(keep, gone, links)
                    parent[gone] = keep
                    if dated:
                        first_day[keep] = np.fmin(first_day[keep], first_day[gone])
                        last_day[keep] = np.fmax(last_day[keep], last_day[gone])
                    own[keep] += own[gone]
                    square[keep] += square[gone] + 2 * similarity * size[a] * size[b]
                    size[keep] += size[gone]
                    version[keep] += 1
                    # Pairs far below the lowest threshold are forgotten: a later merge that brings them
                    # closer comes with its own links (and their exact values), as the graph does.
                    weak = []
                    for other, total in links[keep].items():
                        if total < prune * size[keep] * size[other]:
                            weak.append(other)
                        else:
                            push(heap, keep, other)
                    for other in weak:
                        del links[keep][other]
                        del links[other][keep]
                    merges += 1
                    if self.progress is not None and merges % 1000 == 0:
                        self.progress("link", merges, n)
                    if len(heap) > room[0]:
                        # Entries of groups that have merged since are stale: drop them all at
                        # once, so the heap holds a few entries a live pair, not one a merge.
                        heap = fresh_heap()
                        room[0] = 2 * len(heap) + _HEAP_ROOM
                if neighbours is None or round_ == passes - 1 or (round_ and merges == before):
                    break
                for a, b in self._group_pairs(parent, links, neighbours, floor[0]):
                    push(heap, a, b)
                if not heap:
                    break
            if phase == "events":
                events = _roots(parent)
                floor[0] = threshold
                # Every pair still linked: the pairs the cohesion test held back, and those below
                # the event threshold that may reach the thread threshold.
                heap = fresh_heap()
                room[0] = 2 * len(heap) + _HEAP_ROOM
        assert events is not None
        self._sums = []
        return events, _roots(parent)

    def _group_pairs(
        self, parent: list[int], links: list[dict[int, float]], neighbours: Neighbours, floor: float
    ) -> list[tuple[int, int]]:
        """Pairs of groups near by their centroids and not linked yet, now linked exactly.

        Two groups whose average link reaches ``floor`` have centroids at least that alike
        (the average is at most the centroids' cosine), so the floor loses no pair worth having.
        """
        roots = [g for g in range(self.n) if parent[g] == g]
        if len(roots) < 2:
            return []
        lengths = [len(self._sums[g][0]) for g in roots]
        indptr = np.concatenate(([0], np.cumsum(lengths)))
        indices = np.concatenate([self._sums[g][0] for g in roots])
        data = np.concatenate([self._sums[g][1] for g in roots])
        centroids = sp.csr_matrix((data, indices, indptr), shape=(len(roots), self.X.shape[1]))
        norms = np.sqrt(np.asarray(centroids.multiply(centroids).sum(axis=1)).ravel())
        centroids = sp.csr_matrix(sp.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ centroids)
        rows, cols = neighbours(centroids, floor)
        wanted: dict[int, list[int]] = {}
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
            a, b = roots[i], roots[j]
            if a != b and b not in links[a]:
                wanted.setdefault(a, []).append(b)
        pairs = []
        for a in sorted(wanted):
            others = sorted(set(wanted[a]) - set(links[a]))
            for b, dot in zip(others, self._dots(a, others), strict=True):
                links[a][b] = dot
                links[b][a] = dot
                pairs.append((a, b))
        return pairs

    def _merge(self, keep: int, gone: int, links: list[dict[int, float]]) -> None:
        """Fold ``gone`` into ``keep``: every group linked to either gets its exact link to both."""
        kept, lost = links[keep], links[gone]
        kept.pop(gone, None)
        lost.pop(keep, None)
        only_lost = [o for o in lost if o not in kept]
        only_kept = [o for o in kept if o not in lost]
        for other, dot in zip(only_lost, self._dots(keep, only_lost), strict=True):
            kept[other] = dot
        for other, dot in zip(only_kept, self._dots(gone, only_kept), strict=True):
            lost[other] = dot
        for other, dot in lost.items():
            total = kept[other] + dot
            kept[other] = total
            back = links[other]
            back.pop(gone, None)
            back[keep] = total
        links[gone] = {}
        self._add_sums(keep, gone)


def collapse_copies(
    X: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray, close: np.ndarray
) -> tuple[np.ndarray, sp.csr_matrix, np.ndarray, np.ndarray]:
    """Copies of one report made one row, so that a syndicated story counts once.

    Rows of the pairs marked ``close`` (directly or through other copies) become one unit
    whose row is their mean. Without this, ten copies of one wire story make a group look far
    tighter inside than the reports of its happening are, and the cohesion test then keeps the
    other reports of that happening out. Returns (unit of each row, unit rows, candidate pairs
    between units).
    """
    n = X.shape[0]
    graph = sp.coo_matrix((np.ones(int(close.sum())), (rows[close], cols[close])), shape=(n, n))
    _, unit = connected_components(graph, directed=False)
    # Units numbered by their first row: the same numbering whatever the graph's internal order.
    unit = renumber(unit)
    m = int(unit.max()) + 1 if n else 0
    counts = np.bincount(unit, minlength=m).astype(float)
    mean = sp.csr_matrix((1.0 / counts[unit], (unit, np.arange(n))), shape=(m, n))
    U = sp.csr_matrix(mean @ X)
    a, b = unit[rows], unit[cols]
    apart = a != b
    low, high = np.minimum(a, b)[apart], np.maximum(a, b)[apart]
    pairs = np.unique(low.astype(np.int64) * m + high)
    return unit, U, pairs // m, pairs % m


def paired_dot(
    X: sp.csr_matrix, i: np.ndarray, j: np.ndarray, chunk: int = 20_000, budget: int = 2_000_000
) -> np.ndarray:
    """Dot products of rows ``i[k]`` and ``j[k]`` of ``X``, chunk by chunk.

    A chunk copies its rows, so it holds at most ``chunk`` pairs and about ``budget`` nonzeros
    of them: the centroid of a large group may have as many nonzeros as thousands of articles,
    and 20,000 pairs of such rows made a copy of gigabytes. Each dot product is computed within
    its own row, so the chunks do not change the values.
    """
    out = np.empty(len(i))
    lengths = np.diff(X.indptr).astype(np.int64)
    cost = np.cumsum(lengths[i] + lengths[j])
    start = 0
    while start < len(i):
        spent = cost[start - 1] if start else 0
        stop = int(np.searchsorted(cost, spent + budget, side="right"))
        stop = min(max(stop, start + 1), start + chunk, len(i))
        a, b = X[i[start:stop]], X[j[start:stop]]
        out[start:stop] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
        start = stop
    return out


def renumber(labels: np.ndarray) -> np.ndarray:
    """Labels 0, 1, 2 ... in order of each group's first member."""
    _, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.argsort(np.argsort(first))
    return rank[inverse]


def _roots(parent: list[int]) -> np.ndarray:
    roots = np.array(parent)
    while True:
        nxt = roots[roots]
        if np.array_equal(nxt, roots):
            return roots
        roots = nxt
