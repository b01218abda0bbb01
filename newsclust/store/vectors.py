"""Sparse vectors as the store keeps them: packed into blobs, summed, bounded to their heaviest terms,
indexed by their heaviest features, and the groups (events, threads) they stand for."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from newsclust.store.schema import GROUP_TERMS, INDEX_FEATURES


def _pack(indices: np.ndarray, values: np.ndarray, dtype: str = "<f8") -> bytes:
    return np.asarray(indices, dtype="<i8").tobytes() + np.asarray(values, dtype=dtype).tobytes()


def _unpack(blob: bytes, dtype: str = "<f8") -> tuple[np.ndarray, np.ndarray]:
    width = 8 + np.dtype(dtype).itemsize
    n = len(blob) // width
    indices = np.frombuffer(blob, dtype="<i8", count=n)
    values = np.frombuffer(blob, dtype=dtype, offset=8 * n, count=n).astype(np.float64)
    return indices, values


def _add_sparse(parts: Sequence[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """The sum of sparse vectors given as (indices, values)."""
    parts = [p for p in parts if len(p[0])]
    if not parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    index = np.concatenate([p[0] for p in parts])
    value = np.concatenate([p[1] for p in parts])
    columns, inverse = np.unique(index, return_inverse=True)
    return columns, np.bincount(inverse, weights=value, minlength=len(columns))


class _TermNames:
    """The names of term ids, read from the store only for the columns asked for.

    Stands for the array of feature names ``label_group`` takes: it cuts the array to a thread's
    columns (tens of thousands in a large thread), and ``label.keywords`` then reads the names of
    its heaviest few hundred only.
    """

    _LAZY_ABOVE = 2000

    def __init__(self, db: sqlite3.Connection, ids: np.ndarray, cache: dict[int, str] | None = None):
        self.db = db
        self.ids = np.asarray(ids)
        self.cache = {} if cache is None else cache

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, key: Any) -> Any:
        chosen = self.ids[key]
        if np.ndim(chosen) == 0:
            name = self.cache.get(int(chosen))
            return name if name is not None else self._names([int(chosen)])[0]
        if len(chosen) > self._LAZY_ABOVE:
            return _TermNames(self.db, chosen, self.cache)
        return np.array(self._names(chosen.tolist()), dtype=object)

    def _names(self, ids: list[int]) -> list[str]:
        missing = sorted({i for i in ids if i not in self.cache})
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            marks = ",".join("?" * len(chunk))
            self.cache.update(self.db.execute(f"SELECT id, term FROM terms WHERE id IN ({marks})", chunk))
        return [self.cache[i] for i in ids]


def _index_group(
    db: sqlite3.Connection, kind: str, group_id: str, total: tuple[np.ndarray, np.ndarray]
) -> None:
    """Put a group's heaviest centroid features in the inverted index (replacing its old ones)."""
    db.execute("DELETE FROM group_terms WHERE kind = ? AND group_id = ?", (kind, group_id))
    index, value = total
    norm = float(np.linalg.norm(value))
    if not len(index) or norm == 0:
        return
    top = _heaviest(value, INDEX_FEATURES)
    db.executemany(
        "INSERT INTO group_terms VALUES (?, ?, ?, ?)",
        [(kind, group_id, int(index[t]), float(value[t] / norm)) for t in top],
    )


def _bounded(total: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """A group's sum cut to its ``GROUP_TERMS`` heaviest terms (ties: the smaller term id), by id."""
    index, value = total
    if len(index) <= GROUP_TERMS:
        return index, value
    keep = np.sort(_heaviest(value, GROUP_TERMS))
    return index[keep], value[keep]


def _heaviest(value: np.ndarray, count: int) -> np.ndarray:
    """Positions of the ``count`` largest values, largest first, ties by position: what
    ``np.argsort(-value, kind="stable")[:count]`` gives, without sorting them all."""
    if len(value) <= count:
        return np.argsort(-value, kind="stable")
    threshold = np.partition(value, len(value) - count)[len(value) - count]
    above = np.flatnonzero(value > threshold)
    chosen = np.concatenate((above, np.flatnonzero(value == threshold)[: count - len(above)]))
    return chosen[np.lexsort((chosen, -value[chosen]))]


def _compact(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct term ids, sorted; each of ``ids`` as a position among them).

    Through a mark per term id: numpy's hashed ``unique`` took 2 s for the 6 million ids of a
    run's stored groups, a sort 0.3 s, the marks 0.2 s.
    """
    if not len(ids):
        return ids[:0], ids[:0]
    marked = np.zeros(int(ids.max()) + 1, dtype=bool)
    marked[ids] = True
    position = np.cumsum(marked, dtype=np.int64) - 1
    return np.flatnonzero(marked), position[ids]


def _cosine(
    vector: tuple[np.ndarray, np.ndarray],
    total: tuple[np.ndarray, np.ndarray],
    norm: float | None = None,
    sorted_total: bool = True,
) -> float:
    """Cosine of an article's unit vector with a sum of norm ``norm`` (computed when None); the
    sum's indices are sorted unless ``sorted_total`` is False."""
    index, value = total
    if norm is None:
        norm = float(np.sqrt(value @ value))
    if not len(index) or norm == 0:
        return 0.0
    if not sorted_total:
        order = np.argsort(index)
        index, value = index[order], value[order]
    position = np.minimum(np.searchsorted(index, vector[0]), len(index) - 1)
    hit = index[position] == vector[0]
    return float(vector[1][hit] @ value[position[hit]]) / norm


@dataclass(frozen=True)
class _Group:
    """A group as the linkage sees it: units (copies counted once), their summed squared norms, their sum."""

    units: float
    own: float
    total: tuple[np.ndarray, np.ndarray]

    @staticmethod
    def of(groups: Iterable[_Group]) -> _Group:
        groups = list(groups)
        return _Group(
            sum(g.units for g in groups), sum(g.own for g in groups), _add_sparse([g.total for g in groups])
        )

    def bounded(self) -> _Group:
        """The group with its sum cut to its ``GROUP_TERMS`` heaviest terms, as the store keeps it."""
        return _Group(self.units, self.own, _bounded(self.total))

    def grown(self, *others: _Group) -> _Group:
        return _Group.of([self, *others]) if others else self
