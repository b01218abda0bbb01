"""A SQLite store of threads that grows run by run, with thread ids that stay.

Each run adds the articles whose ids the store does not hold. The new articles are vectorised
against the store's own document frequencies (kept in ``terms``, updated as the store grows), then
clustered with the same average linkage as ``ThreadClusterer``: stored events and threads enter as
groups formed earlier, by their sum vectors, so a new article's link to a stored group is its
average similarity to the group's members (to within the light terms a stored sum drops: each
keeps its ``GROUP_TERMS`` heaviest). Which stored groups are compared is found through an
inverted index over the heaviest features of each group's centroid (``group_terms``). A grown
thread is labelled again from its new members and its most central old ones, its other members
keeping the similarity they were given. So a run's cost follows its new articles, not the store.

One run is one transaction (``BEGIN IMMEDIATE``): a run killed at any moment leaves the store as it
was before or after it, and a second run waits for the first (up to ``timeout`` seconds).

>>> import tempfile, os
>>> from newsclust.models import Article
>>> path = os.path.join(tempfile.mkdtemp(), "news.db")
>>> store = ThreadStore(path)
>>> first = Article("1", "Taliban deny talks with Russia", "The Taliban deny contact with Moscow.")
>>> second = Article("2", "Russia says it talks to the Taliban", "Moscow talks to the Taliban.")
>>> report = store.add([first, second])
>>> report.added, [t.id for t in store.threads()]
(2, ['t1'])
>>> store.add([first]).added
0
>>> store.close()
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from newsclust import defaults
from newsclust.errors import DataError, NewsclustError
from newsclust.models import Article, Event, Thread, ThreadArticle

__all__ = ["SCHEMA_VERSION", "StoreError", "StoreReport", "ThreadStore"]

#: ``PRAGMA user_version`` of the stores this code writes; see the README for the schema.
SCHEMA_VERSION = 1
#: Features of each group's centroid kept in the inverted index that finds candidate groups.
INDEX_FEATURES = 24
#: Features of each new article that look up the index.
QUERY_FEATURES = 24
#: Stored groups a new article is compared with, per kind (events, threads).
CANDIDATES = 12
#: Terms of each stored event's and thread's sum that the store keeps, the heaviest. A group's sum
#: otherwise holds every term of every member, and a run that reads and writes the sums of the
#: groups it touches would cost what they hold. The terms dropped are each in a few members: at
#: 100,000 articles the 4,096 kept hold 97.7% of the squared norm of the largest thread's sum (of
#: 57,000 terms) and 99.96% of a typical one's, so a new article's link to a group moves little.
GROUP_TERMS = 4096
#: Threads of at most this many articles are labelled from all their members after a run; a
#: larger one from its new members and its most central old ones (``_Placement._relabel``).
WHOLE_LABEL_UP_TO = 5
#: Old members of its event under the same headline that a new article is checked against as a copy.
DUPLICATE_CANDIDATES = 8
#: The cosine from which two articles under alike headlines may be copies (``cluster._duplicates``).
_DUPLICATE_SIMILARITY = 0.5
#: Fewest new articles worth a worker process of their own when vectorising.
_MIN_CHUNK = 250
#: Articles whose headlines and ledes give a keyword its spelling (``label.keywords``).
_SURFACE_ARTICLES = 10

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE runs (id INTEGER PRIMARY KEY, added INTEGER NOT NULL, replaced INTEGER NOT NULL);
CREATE TABLE terms (
    id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE, df INTEGER NOT NULL, sole_article TEXT
);
CREATE TABLE threads (
    id TEXT PRIMARY KEY, number INTEGER NOT NULL UNIQUE, size INTEGER NOT NULL,
    label TEXT NOT NULL, first_article TEXT NOT NULL, first_time TEXT, last_time TEXT,
    merged_from TEXT NOT NULL DEFAULT '[]', created_run INTEGER NOT NULL, updated_run INTEGER NOT NULL,
    units REAL NOT NULL, own REAL NOT NULL, sum BLOB NOT NULL, record TEXT NOT NULL
);
CREATE TABLE events (
    id TEXT PRIMARY KEY, number INTEGER NOT NULL UNIQUE, thread_id TEXT NOT NULL REFERENCES threads(id),
    size INTEGER NOT NULL, units REAL NOT NULL, own REAL NOT NULL, sum BLOB NOT NULL
);
CREATE TABLE articles (
    id TEXT PRIMARY KEY, digest TEXT NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL,
    source TEXT, time TEXT, lang TEXT, extra TEXT NOT NULL DEFAULT '{}',
    event_id TEXT NOT NULL REFERENCES events(id), thread_id TEXT NOT NULL REFERENCES threads(id),
    run INTEGER NOT NULL, weight REAL NOT NULL, own REAL NOT NULL, vector BLOB NOT NULL, counts BLOB NOT NULL
);
CREATE INDEX articles_event ON articles(event_id);
CREATE INDEX articles_thread ON articles(thread_id);
CREATE INDEX events_thread ON events(thread_id);
CREATE TABLE group_terms (kind TEXT NOT NULL, group_id TEXT NOT NULL, term_id INTEGER NOT NULL,
                          weight REAL NOT NULL);
CREATE INDEX group_terms_term ON group_terms(kind, term_id);
CREATE INDEX group_terms_group ON group_terms(kind, group_id);
"""

Progress = Callable[[str, int, int], None]

_DEFAULTS = {
    "threshold": defaults.THRESHOLD,
    "event_threshold": defaults.THRESHOLD,
    "cohesion": defaults.COHESION,
    "thread_cohesion": defaults.THREAD_COHESION,
    "n_neighbors": 12,
    "copy_similarity": 0.8,
    "duplicate_ratio": 90.0,
}


class StoreError(NewsclustError):
    """The store cannot be used: not a store, damaged, from a newer newsclust, or busy."""


@dataclass(frozen=True)
class StoreReport:
    """What one ``add`` changed: counts, and the ids of the threads it made, grew or merged."""

    added: int = 0
    skipped: int = 0
    replaced: int = 0
    new_threads: tuple[str, ...] = ()
    grown_threads: tuple[str, ...] = ()
    #: {kept thread id: ids of the threads merged into it in this run}
    merged: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def changed(self) -> tuple[str, ...]:
        """Ids of the threads this run touched, sorted."""
        return tuple(sorted({*self.new_threads, *self.grown_threads, *self.merged}, key=_number))


def _number(thread_id: str) -> int:
    return int(thread_id[1:])


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


def _digest(article: Article) -> str:
    content = [article.title, article.text, article.source, article.time, article.lang, article.extra]
    return hashlib.sha256(
        json.dumps(content, ensure_ascii=False, sort_keys=True, default=str).encode()
    ).hexdigest()


class ThreadStore:
    """Threads kept in the SQLite file ``path`` (created if absent), grown by ``add``.

    Parameters are those of ``ThreadClusterer`` (None: the store's own, or the defaults for a new
    store); a store remembers the ones it was made with and refuses others (mixing thresholds
    would make its threads mean nothing in particular). With ``create=False`` a file that is not
    a store yet is refused instead of made one.
    ``timeout`` is how many seconds a run waits for another run on the same store; ``n_jobs`` and
    ``progress`` are as for ``ThreadClusterer``.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        threshold: float | None = None,
        event_threshold: float | None = None,
        cohesion: float | None = None,
        thread_cohesion: float | None = None,
        n_neighbors: int | None = None,
        copy_similarity: float | None = None,
        duplicate_ratio: float | None = None,
        timeout: float = 30.0,
        create: bool = True,
        n_jobs: int | None = None,
        progress: Progress | None = None,
    ):
        self.path = os.fspath(path)
        given = {
            "threshold": threshold,
            "event_threshold": event_threshold,
            "cohesion": cohesion,
            "thread_cohesion": thread_cohesion,
            "n_neighbors": n_neighbors,
            "copy_similarity": copy_similarity,
            "duplicate_ratio": duplicate_ratio,
        }
        self._given = {k: v for k, v in given.items() if v is not None}
        self.params = {**_DEFAULTS, **self._given}
        if event_threshold is None:
            self.params["event_threshold"] = self.params["threshold"]
        self.create = create
        self.timeout = timeout
        self.n_jobs = n_jobs
        self.progress = progress
        self._db = self._open()

    # -- opening ------------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        if os.path.isdir(self.path):
            raise StoreError(f"{self.path}: is a folder, not a store file")
        try:
            db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        except sqlite3.Error as error:
            raise StoreError(f"{self.path}: cannot open the store ({error})") from None
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as error:
            db.close()
            raise StoreError(f"{self.path}: not a newsclust store, or a damaged one ({error})") from None
        if version > SCHEMA_VERSION:
            db.close()
            raise StoreError(
                f"{self.path}: store schema version {version} is newer than this newsclust reads "
                f"({SCHEMA_VERSION}); upgrade newsclust"
            )
        if version == 0 and (tables or not self.create):
            db.close()
            raise StoreError(
                f"{self.path}: an SQLite database, but not a newsclust store (no schema version)"
            )
        if version not in (0, SCHEMA_VERSION) or (version and not {"meta", "threads", "articles"} <= tables):
            db.close()
            raise StoreError(f"{self.path}: unknown store schema version {version}; it was not read")
        try:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            if version == 0:
                self._begin(db)
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.executemany(
                    "INSERT INTO meta VALUES (?, ?)",
                    [
                        ("params", json.dumps(self.params, sort_keys=True)),
                        ("documents", "0"),
                        ("next_thread", "1"),
                        ("next_event", "1"),
                    ],
                )
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                db.execute("COMMIT")
            stored = json.loads(self._meta(db, "params"))
        except sqlite3.OperationalError as error:
            db.close()
            raise self._busy(error) from None
        except sqlite3.DatabaseError as error:
            db.close()
            raise StoreError(f"{self.path}: not a newsclust store, or a damaged one ({error})") from None
        differ = sorted(k for k, v in self._given.items() if stored.get(k) != v)
        if differ:
            db.close()
            made = ", ".join(f"{k}={stored.get(k)}" for k in differ)
            raise StoreError(
                f"{self.path}: the store was made with {made}; use the same options or a new store"
            )
        self.params = stored
        return db

    def _begin(self, db: sqlite3.Connection) -> None:
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise self._busy(error) from None

    def _busy(self, error: sqlite3.Error) -> StoreError:
        if "locked" in str(error) or "busy" in str(error):
            return StoreError(
                f"{self.path}: the store is busy (another run is writing to it); waited {self.timeout:g} s, "
                "try again when that run ends"
            )
        return StoreError(f"{self.path}: {error}")

    @staticmethod
    def _meta(db: sqlite3.Connection, key: str) -> str:
        return db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()[0]

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ThreadStore:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _report(self, step: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(step, done, total)

    # -- reading ------------------------------------------------------------------------------

    def threads(self, since: str | None = None, ids: Iterable[str] | None = None) -> list[Thread]:
        """The stored threads, largest first (ties: the smaller first article id).

        ``since`` (an ISO date or time) keeps the threads with an article published then or later;
        ``ids`` keeps those threads only.
        """
        query = "SELECT id, record FROM threads"
        args: list[Any] = []
        if since is not None:
            query += " WHERE last_time >= ?"
            args.append(since)
        query += " ORDER BY size DESC, first_article"
        wanted = None if ids is None else set(ids)
        try:
            rows = self._db.execute(query, args).fetchall()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: not a newsclust store, or a damaged one ({error})") from None
        return [_thread_from_record(json.loads(r)) for i, r in rows if wanted is None or i in wanted]

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    # -- adding -------------------------------------------------------------------------------

    def add(self, articles: Iterable[Article], *, replace: bool = False) -> StoreReport:
        """Add the articles the store does not hold and place them; one transaction.

        An article stored with the same content is skipped; the same id with other content is a
        DataError naming the ids (nothing is written), unless ``replace``.
        """
        articles = list(articles)
        by_id: dict[str, Article] = {}
        repeated = set()
        for article in articles:
            if article.id in by_id and _digest(by_id[article.id]) != _digest(article):
                repeated.add(article.id)
            by_id[article.id] = article
        if repeated:
            raise DataError(f"duplicate article ids with different content: {_some(sorted(repeated))}")
        from threadpoolctl import threadpool_limits

        db = self._db
        self._begin(db)
        try:
            # The products here are of one article with one group's sum: BLAS threads cost them
            # more than they bring (four times slower on two cores), the more so on a busy machine.
            with threadpool_limits(limits=1, user_api="blas"):
                report = self._add(db, by_id, replace)
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return report

    def _add(self, db: sqlite3.Connection, by_id: dict[str, Article], replace: bool) -> StoreReport:
        stored: dict[str, str] = {}
        ids = sorted(by_id)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            stored.update(
                db.execute(f"SELECT id, digest FROM articles WHERE id IN ({marks})", chunk).fetchall()
            )
        digests = {i: _digest(by_id[i]) for i in ids}
        changed = sorted(i for i in ids if i in stored and stored[i] != digests[i])
        if changed and not replace:
            raise DataError(
                f"{len(changed)} article ids are stored with other content: {_some(changed)}; "
                "nothing was written (use --replace to replace them)"
            )
        new = [by_id[i] for i in ids if i not in stored or i in changed]
        skipped = len(ids) - len(new)
        if not new:
            return StoreReport(skipped=skipped)
        run = db.execute(
            "INSERT INTO runs (added, replaced) VALUES (?, ?)", (len(new), len(changed))
        ).lastrowid
        touched: set[str] = set()
        if changed:
            touched |= self._remove(db, changed)
        placed = _Placement(self, db, new, digests, run, removed_from=touched).place()
        merged = placed.merged
        for kept, gone in merged.items():
            touched.discard(kept)
            touched -= set(gone)
        touched -= set(placed.new_threads)
        touched |= set(placed.grown_threads)
        touched = {t for t in touched if db.execute("SELECT 1 FROM threads WHERE id = ?", (t,)).fetchone()}
        # Threads the placement relabelled from bounded data are done; new threads, threads an
        # article was taken out of, and small ones are labelled from all their members.
        whole = sorted({*touched, *placed.new_threads, *merged} - placed.relabelled, key=_number)
        self._report("label", 0, len(whole))
        for thread_id in whole:
            self._write_record(db, thread_id, run)
        return StoreReport(
            added=len(new) - len(changed),
            skipped=skipped,
            replaced=len(changed),
            new_threads=tuple(sorted(placed.new_threads, key=_number)),
            grown_threads=tuple(sorted(touched - set(merged), key=_number)),
            merged={k: tuple(sorted(v, key=_number)) for k, v in sorted(merged.items())},
        )

    def _remove(self, db: sqlite3.Connection, ids: list[str]) -> set[str]:
        """Take stored articles out of their events and threads (for ``replace``); the threads touched."""
        touched = set()
        for article_id in ids:
            event_id, thread_id, weight, own, blob = db.execute(
                "SELECT event_id, thread_id, weight, own, vector FROM articles WHERE id = ?", (article_id,)
            ).fetchone()
            index, value = _unpack(blob, "<f4")
            db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
            for table, group in (("events", event_id), ("threads", thread_id)):
                size, units, group_own, group_sum = db.execute(
                    f"SELECT size, units, own, sum FROM {table} WHERE id = ?", (group,)
                ).fetchone()
                if size <= 1:
                    db.execute(f"DELETE FROM {table} WHERE id = ?", (group,))
                    db.execute("DELETE FROM group_terms WHERE kind = ? AND group_id = ?", (table[0], group))
                    continue
                total = _bounded(_add_sparse([_unpack(group_sum), (index, -weight * value)]))
                db.execute(
                    f"UPDATE {table} SET size = ?, units = ?, own = ?, sum = ? WHERE id = ?",
                    (size - 1, units - weight, group_own - own, _pack(*total), group),
                )
                _index_group(db, table[0], group, total)
            touched.add(thread_id)
        return touched

    def _write_record(self, db: sqlite3.Connection, thread_id: str, run: int) -> None:
        """Label a thread from its members and store its JSON record (what ``threads`` prints)."""
        from newsclust.cluster import _days, _duplicates, nearest_neighbors, thread_record
        from newsclust.label import label_group, own_keywords
        from newsclust.vectorize import NewsVectorizer

        rows = db.execute(
            "SELECT a.id, a.title, a.text, a.source, a.time, a.lang, a.extra, a.vector, a.event_id,"
            " e.number FROM articles a JOIN events e ON e.id = a.event_id"
            " WHERE a.thread_id = ? ORDER BY a.id",
            (thread_id,),
        ).fetchall()
        members = [
            Article(r[0], r[1], r[2], source=r[3], time=r[4], lang=r[5], extra=json.loads(r[6])) for r in rows
        ]
        vectors = [_unpack(r[7], "<f4") for r in rows]
        columns = np.unique(np.concatenate([v[0] for v in vectors]))
        X = sp.csr_matrix(
            (
                np.concatenate([v[1] for v in vectors]),
                np.searchsorted(columns, np.concatenate([v[0] for v in vectors])),
                np.concatenate(([0], np.cumsum([len(v[0]) for v in vectors]))),
            ),
            shape=(len(rows), len(columns)),
        )
        features = _TermNames(db, columns)
        everyone = list(range(len(rows)))
        label, keywords, similarity = label_group(X, everyone, members, features)
        if len(keywords) < 6 and len(rows) <= 5:
            keywords = own_keywords(members, NewsVectorizer().analyze, keywords, 6)
        event_of = np.array([r[9] for r in rows])
        by_event: dict[str, list[int]] = defaultdict(list)
        for i, r in enumerate(rows):
            by_event[r[8]].append(i)
        order = sorted(by_event.items(), key=lambda item: (-len(item[1]), members[item[1][0]].id))
        events = tuple(
            Event(
                id=event_id,
                label=label if len(group) == len(rows) else label_group(X, group, members, None)[0],
                articles=tuple(members[i].id for i in group),
            )
            for event_id, group in order
        )
        times = np.array([_days(a.time) for a in members], dtype=float)
        pair_rows, pair_cols, sims = nearest_neighbors(
            X, n_neighbors=self.params["n_neighbors"], min_similarity=0.5
        )
        duplicate_of = _duplicates(
            members, pair_rows, pair_cols, sims, event_of, times, self.params["duplicate_ratio"]
        )
        merged_from = json.loads(
            db.execute("SELECT merged_from FROM threads WHERE id = ?", (thread_id,)).fetchone()[0]
        )
        known = [(times[i], members[i].time) for i in everyone if not np.isnan(times[i])]
        thread = thread_record(
            thread_id,
            label,
            keywords,
            members,
            everyone,
            similarity,
            times,
            duplicate_of,
            events,
            merged_from,
        )
        db.execute(
            "UPDATE threads SET size = ?, label = ?, first_article = ?, first_time = ?, last_time = ?,"
            " updated_run = ?, record = ? WHERE id = ?",
            (
                thread.size,
                label,
                members[0].id,
                _iso(min(known)[0]) if known else None,
                _iso(max(known)[0]) if known else None,
                run,
                json.dumps(thread.to_dict(), ensure_ascii=False),
                thread_id,
            ),
        )


def _iso(days: float) -> str:
    """A day count (``cluster._days``) as an ISO time, for ``--since`` to compare as text."""
    from datetime import datetime, timedelta

    whole = math.floor(days)
    moment = datetime.fromordinal(whole) + timedelta(minutes=round((days - whole) * 1440))
    return moment.isoformat(timespec="minutes")


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


def _title(article: Article, article_fields) -> str:
    """A label: the headline, or the start of the text of an article without one (as ``label_group``)."""
    return article.title or article_fields(article)[2][:80]


def _title_key(title: str) -> str:
    return " ".join(title.casefold().split())


def _labelled_by(event: dict[str, Any], members: dict[str, dict[str, Any]]) -> str:
    """The member whose headline is the event's label (its first by id), else its first member."""
    for article_id in event["articles"]:
        if members[article_id]["title"] == event["label"]:
            return article_id
    return event["articles"][0]


def _fuzz_ratio(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b)


def _some(ids: Sequence[str], shown: int = 10) -> str:
    return ", ".join(ids[:shown]) + (" ..." if len(ids) > shown else "")


def _thread_from_record(record: dict[str, Any]) -> Thread:
    return Thread(
        id=record["id"],
        label=record["label"],
        keywords=tuple(record["keywords"]),
        size=record["size"],
        sources=tuple(record["sources"]),
        first_time=record["first_time"],
        last_time=record["last_time"],
        events=tuple(Event(e["id"], e["label"], tuple(e["articles"])) for e in record["events"]),
        articles=tuple(ThreadArticle(**a) for a in record["articles"]),
        merged_from=tuple(record.get("merged_from", ())),
    )


class _Placement:
    """One run's placement of new articles into stored events and threads, or new ones.

    The new articles' copies are collapsed into units as ``ThreadClusterer`` does; events are then
    an average linkage over the units and the stored events near them, threads one over the
    resulting groups (a stored thread with the units its events took, a new event) and the stored
    threads near the units.
    """

    def __init__(
        self,
        store: ThreadStore,
        db: sqlite3.Connection,
        new: list[Article],
        digests,
        run: int,
        removed_from: set[str] = frozenset(),
    ):
        self.store = store
        self.db = db
        self.new = new
        self.digests = digests
        self.run = run
        self.params = store.params
        # The linkage's own search for near groups (by centroid) only when the run is clustered
        # from nothing: new units meet stored groups through the index, and each other through
        # their own neighbours; the centroid pass over stored sums would cost what the store holds.
        self.group_pass = False
        self.merged: dict[str, list[str]] = {}
        self.new_threads: list[str] = []
        self.grown_threads: set[str] = set()
        # Threads an article was taken out of (``replace``): labelled again from all their members.
        self.removed_from = set(removed_from)
        #: Stored threads whose records ``_relabel`` wrote from bounded data.
        self.relabelled: set[str] = set()

    # -- vectors against the store's idf -------------------------------------------------------

    def _vectorize(self) -> sp.csr_matrix:
        """Rows of the new articles (columns: the batch's terms), weighed by the store's updated idf."""
        from newsclust.vectorize import _CHUNK_DOCS, HEAD_PREFIX, NewsVectorizer, _effective_jobs

        db = self.db
        vectorizer = NewsVectorizer(n_jobs=self.store.n_jobs)
        # A day's batch is one chunk of the vectoriser's; cut in one per worker, so that n_jobs
        # counts it in parallel (counting is most of vectorising, 2.4 s a thousand articles).
        jobs = _effective_jobs(self.store.n_jobs)
        chunk = max(_MIN_CHUNK, math.ceil(len(self.new) / jobs)) if jobs > 1 else len(self.new) or 1
        counts, vocab = vectorizer._count(self.new, None, chunk_docs=min(chunk, _CHUNK_DOCS))
        terms = list(vocab)
        df_batch = np.bincount(counts.indices, minlength=len(terms))
        db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS batch_terms (term TEXT PRIMARY KEY, local INTEGER, df INTEGER)"
        )
        db.execute("DELETE FROM batch_terms")
        db.executemany(
            "INSERT INTO batch_terms VALUES (?, ?, ?)",
            zip(terms, range(len(terms)), df_batch.tolist(), strict=True),
        )
        known = db.execute(
            "SELECT b.local, t.id, t.df, t.sole_article FROM batch_terms b JOIN terms t ON t.term = b.term"
        ).fetchall()
        # A stored article whose term was its alone until now was weighed as if that term could link
        # nothing (``unique_term_weight``); it is weighed again below, now that the term can.
        self.stale = sorted({sole for _, _, df, sole in known if df == 1 and sole is not None})
        local = np.array([r[0] for r in known], dtype=np.int64)
        global_id = np.full(len(terms), -1, dtype=np.int64)
        global_id[local] = [r[1] for r in known]
        df = df_batch.astype(float)
        df[local] += [r[2] for r in known]
        db.executemany(
            "UPDATE terms SET df = df + ?, sole_article = NULL WHERE id = ?",
            sorted(zip(df_batch[local].tolist(), global_id[local].tolist(), strict=True), key=lambda r: r[1]),
        )
        csc = counts.tocsc()
        once = np.flatnonzero(df_batch == 1)
        sole_row = dict(
            zip(once.tolist(), (self.new[r].id for r in csc.indices[csc.indptr[once]].tolist()), strict=True)
        )
        unseen = sorted((terms[k], k) for k in np.flatnonzero(global_id < 0).tolist())
        # New rows take the ids after the largest (SQLite's rowid rule), in the order inserted.
        first = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM terms").fetchone()[0]
        db.executemany(
            "INSERT INTO terms (term, df, sole_article) VALUES (?, ?, ?)",
            ((t, int(df_batch[k]), sole_row.get(k)) for t, k in unseen),
        )
        unseen_local = np.array([k for _, k in unseen], dtype=np.int64)
        global_id[unseen_local] = first + np.arange(len(unseen))
        last = db.execute("SELECT COALESCE(MAX(id), 0) FROM terms").fetchone()[0]
        if unseen and last != first + len(unseen) - 1:
            for k, term_id in db.execute(
                "SELECT b.local, t.id FROM batch_terms b JOIN terms t ON t.term = b.term"
            ):
                global_id[k] = term_id
        self.global_id = global_id
        self.documents = int(ThreadStore._meta(db, "documents")) + len(self.new)
        db.execute("UPDATE meta SET value = ? WHERE key = 'documents'", (str(self.documents),))
        self.counts = counts.copy()  # raw counts, kept so that an article can be weighed again
        self.vectorizer = vectorizer
        return self._weigh(counts, df, [t.startswith(HEAD_PREFIX) for t in terms])

    def _weigh(self, counts: sp.csr_matrix, df: np.ndarray, is_head: Sequence[bool]) -> sp.csr_matrix:
        idf = np.log((1.0 + self.documents) / (1.0 + df)) + 1.0
        idf[df == 1] *= self.vectorizer.unique_term_weight
        return sp.csr_matrix(self.vectorizer._weigh(counts, idf, np.asarray(is_head, dtype=bool)))

    def _refresh(self, stale: list[str]) -> None:
        """Weigh stored articles again with today's idf, and move their groups' sums."""
        from newsclust.vectorize import HEAD_PREFIX

        db = self.db
        if not stale:
            return
        found = []
        for start in range(0, len(stale), 500):
            chunk = stale[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found += db.execute(
                "SELECT id, event_id, thread_id, weight, own, vector, counts FROM articles"
                f" WHERE id IN ({marks})",
                chunk,
            ).fetchall()
        if not found:
            return
        raw = [_unpack(r[6], "<f4") for r in found]
        old = [_unpack(r[5], "<f4") for r in found]
        # One column space for the counts and the old vectors (the same terms, to be safe).
        columns, positions = _compact(np.concatenate([*(c[0] for c in raw), *(v[0] for v in old)]))
        n_raw = sum(len(c[0]) for c in raw)
        info = []  # (term id, df, is a headline term) of each column
        ids = columns.tolist()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            info += db.execute(
                f"SELECT id, df, substr(term, 1, {len(HEAD_PREFIX)}) = ? FROM terms WHERE id IN ({marks})",
                [HEAD_PREFIX, *chunk],
            ).fetchall()
        info_of = np.array(info, dtype=np.int64).reshape(-1, 3)
        info_of = info_of[np.argsort(info_of[:, 0], kind="stable")]
        if not np.array_equal(info_of[:, 0], columns):
            raise StoreError(
                f"{self.store.path}: articles hold terms the store does not; the store is damaged"
            )

        def rows(parts: list, indices: np.ndarray) -> sp.csr_matrix:
            return sp.csr_matrix(
                (
                    np.concatenate([p[1] for p in parts]),
                    indices,
                    np.concatenate(([0], np.cumsum([len(p[0]) for p in parts]))),
                ),
                shape=(len(found), len(columns)),
            )

        counts = rows(raw, positions[:n_raw])
        X = self._weigh(counts, info_of[:, 1].astype(float), info_of[:, 2].astype(bool))
        X.sort_indices()
        weight = np.array([r[3] for r in found])
        before = rows(old, positions[n_raw:])
        # Each group's sum moves by its members' weighted change: one sparse product per kind.
        change = sp.csr_matrix(sp.diags(weight) @ (X - before))
        own_change = weight * (
            np.asarray(X.multiply(X).sum(axis=1)).ravel()
            - np.asarray(before.multiply(before).sum(axis=1)).ravel()
        )
        updates = []
        for r, article_id in enumerate(r[0] for r in found):
            lo, hi = X.indptr[r], X.indptr[r + 1]
            updates.append(
                (
                    _pack(columns[X.indices[lo:hi]], X.data[lo:hi], "<f4"),
                    found[r][4] + own_change[r],
                    article_id,
                )
            )
        db.executemany("UPDATE articles SET vector = ?, own = ? WHERE id = ?", updates)
        for table, column in (("events", 1), ("threads", 2)):
            groups = sorted({r[column] for r in found}, key=_number)
            row_of = {g: k for k, g in enumerate(groups)}
            member = sp.csr_matrix(
                (np.ones(len(found)), ([row_of[r[column]] for r in found], np.arange(len(found)))),
                shape=(len(groups), len(found)),
            )
            moved = sp.csr_matrix(member @ change)
            moved_own = member @ own_change
            for k, group in enumerate(groups):
                own, blob = db.execute(f"SELECT own, sum FROM {table} WHERE id = ?", (group,)).fetchone()
                lo, hi = moved.indptr[k], moved.indptr[k + 1]
                total = _bounded(
                    _add_sparse([_unpack(blob), (columns[moved.indices[lo:hi]], moved.data[lo:hi])])
                )
                db.execute(
                    f"UPDATE {table} SET own = ?, sum = ? WHERE id = ?",
                    (own + float(moved_own[k]), _pack(*total), group),
                )
                _index_group(db, table[0], group, total)

    def _counts(self, i: int) -> bytes:
        return _pack(*self._global(self.counts, i), "<f4")

    def _global(self, rows: sp.csr_matrix, r: int) -> tuple[np.ndarray, np.ndarray]:
        lo, hi = rows.indptr[r], rows.indptr[r + 1]
        return self.global_id[rows.indices[lo:hi]], rows.data[lo:hi]

    # -- candidates ----------------------------------------------------------------------------

    def _candidates(self, kind: str, U: sp.csr_matrix) -> dict[int, list[str]]:
        """{unit: stored group ids (events "e", threads "t") near it}, through the inverted index."""
        db = self.db
        query = []
        for r in range(U.shape[0]):
            lo, hi = U.indptr[r], U.indptr[r + 1]
            cols, vals = U.indices[lo:hi], U.data[lo:hi]
            top = np.argsort(-vals, kind="stable")[:QUERY_FEATURES]
            query.extend((r, int(self.global_id[cols[t]]), float(vals[t])) for t in top)
        db.execute("CREATE TEMP TABLE IF NOT EXISTS query (unit INTEGER, term_id INTEGER, weight REAL)")
        db.execute("DELETE FROM query")
        db.executemany("INSERT INTO query VALUES (?, ?, ?)", query)
        found = db.execute(
            "SELECT q.unit, g.group_id, SUM(q.weight * g.weight) FROM query q"
            " JOIN group_terms g ON g.kind = ? AND g.term_id = q.term_id GROUP BY q.unit, g.group_id",
            (kind,),
        ).fetchall()
        near: dict[int, list[tuple[float, int, str]]] = defaultdict(list)
        for unit, group, score in found:
            near[unit].append((-score, _number(group), group))
        return {u: [g for *_, g in sorted(c)[:CANDIDATES]] for u, c in near.items()}

    def _load(self, table: str, ids: list[str]) -> dict[str, _Group]:
        out = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for group, units, own, blob in self.db.execute(
                f"SELECT id, units, own, sum FROM {table} WHERE id IN ({marks})", chunk
            ):
                out[group] = _Group(units, own, _unpack(blob))
        return out

    # -- the linkage ---------------------------------------------------------------------------

    def _link(
        self, groups: list[_Group], pairs: set[tuple[int, int]], cohesion: float, floor: float
    ) -> np.ndarray:
        """Average linkage over groups (a new unit is a group of one); the root of each group."""
        from newsclust.cluster import nearest_neighbors
        from newsclust.linkage import AverageLinkage

        if len(groups) < 2:
            return np.arange(len(groups))
        columns, indices = _compact(np.concatenate([g.total[0] for g in groups]))
        data = np.concatenate([g.total[1] for g in groups])
        indptr = np.concatenate(([0], np.cumsum([len(g.total[0]) for g in groups], dtype=np.int64)))
        X = sp.csr_matrix((data, indices, indptr), shape=(len(groups), len(columns)))
        edges = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
        n_neighbors = self.params["n_neighbors"]

        def neighbours(rows: sp.csr_matrix, similarity: float) -> tuple[np.ndarray, np.ndarray]:
            found = nearest_neighbors(rows, n_neighbors=n_neighbors, min_similarity=similarity)
            return found[0], found[1]

        roots, _ = AverageLinkage(X, edges[:, 0], edges[:, 1]).run(
            threshold=self.params["threshold"],
            event_threshold=floor,
            cohesion=cohesion,
            thread_cohesion=cohesion,
            neighbours=neighbours if self.group_pass else None,
            sizes=np.array([g.units for g in groups]),
            own=np.array([g.own for g in groups]),
        )
        return roots

    def place(self) -> _Placement:
        from newsclust.cluster import collapse_reports, nearest_neighbors

        store, params = self.store, self.params
        n = len(self.new)
        store._report("vectorize", 0, n)
        X = self._vectorize()
        self.group_pass = not self.db.execute("SELECT 1 FROM threads LIMIT 1").fetchone()
        store._report("neighbours", 0, n)
        rows, cols, sims = nearest_neighbors(
            X, n_neighbors=params["n_neighbors"], min_similarity=params["threshold"]
        )
        self.pairs = (rows, cols, sims)
        unit, U, unit_a, unit_b = collapse_reports(
            self.new, X, self.pairs, params["copy_similarity"], params["duplicate_ratio"]
        )
        U = sp.csr_matrix(U)
        n_units = U.shape[0]
        unit_norms = np.asarray(U.multiply(U).sum(axis=1)).ravel()
        unit_groups = [_Group(1.0, float(unit_norms[u]), self._global(U, u)) for u in range(n_units)]
        unit_pairs = set(zip(unit_a.tolist(), unit_b.tolist(), strict=True))

        # Events: the new units with the stored events near them.
        store._report("events", 0, n)
        near = self._candidates("e", U)
        event_ids = sorted({g for c in near.values() for g in c}, key=_number)
        # Articles whose sole term came back weighed again with today's idf (see ``_vectorize``).
        self._refresh(self.stale)
        stored_events = self._load("events", event_ids)
        row_of = {g: n_units + k for k, g in enumerate(event_ids)}
        pairs = unit_pairs | {(u, row_of[g]) for u, c in near.items() for g in c}
        roots = self._link(
            unit_groups + [stored_events[g] for g in event_ids],
            pairs,
            params["cohesion"],
            params["event_threshold"],
        )
        # Each new event: (stored events in it, oldest first; its new units).
        found: dict[int, tuple[list[str], list[int]]] = defaultdict(lambda: ([], []))
        for row, root in enumerate(roots.tolist()):
            if row < n_units:
                found[root][1].append(row)
            else:
                found[root][0].append(event_ids[row - n_units])
        events = [
            (sorted(olds, key=_number), units) for olds, units in found.values() if units or len(olds) > 1
        ]
        thread_of = self._threads_of(sorted({e for olds, _ in events for e in olds}, key=_number))

        # Threads: each stored thread that took units or merged events, and each new event, as
        # groups, with the stored threads near the units.
        store._report("threads", 0, n)
        near_threads = self._candidates("t", U)
        thread_ids = sorted(
            {*thread_of.values(), *(g for c in near_threads.values() for g in c)}, key=_number
        )
        stored_threads = self._load("threads", thread_ids)
        thread_row = {t: k for k, t in enumerate(thread_ids)}
        group_of_unit = np.zeros(n_units, dtype=np.int64)
        parts: list[list[int]] = [[] for _ in thread_ids]  # the new units each thread row takes
        forced: list[tuple[int, int]] = []  # rows that must be one thread (their events merged)
        for olds, units in events:
            if olds:
                rows_here = [thread_row[thread_of[e]] for e in olds]
                forced.extend((rows_here[0], r) for r in rows_here[1:])
                row = rows_here[0]
            else:
                row = len(parts)
                parts.append([])
            parts[row].extend(units)
            group_of_unit[units] = row
        groups = [
            stored_threads[t].grown(*(unit_groups[u] for u in parts[k])) for k, t in enumerate(thread_ids)
        ] + [_Group.of(unit_groups[u] for u in units) for units in parts[len(thread_ids) :]]
        # Forced merges first: their rows become one group before the linkage.
        forced_root = list(range(len(groups)))

        def find(r: int) -> int:
            while forced_root[r] != r:
                r = forced_root[r]
            return r

        for a, b in forced:
            ra, rb = find(a), find(b)
            if ra != rb:
                forced_root[max(ra, rb)] = min(ra, rb)
        joined: dict[int, list[int]] = defaultdict(list)
        for r in range(len(groups)):
            joined[find(r)].append(r)
        blocks = sorted(joined.values())
        block_of = np.empty(len(groups), dtype=np.int64)
        for k, rows_here in enumerate(blocks):
            block_of[rows_here] = k
        block_groups = [_Group.of(groups[r] for r in rows_here) for rows_here in blocks]
        thread_pairs = set()
        for a, b in unit_pairs:
            thread_pairs.add((int(block_of[group_of_unit[a]]), int(block_of[group_of_unit[b]])))
        for u, c in near_threads.items():
            for t in c:
                thread_pairs.add((int(block_of[group_of_unit[u]]), int(block_of[thread_row[t]])))
        thread_pairs = {(min(a, b), max(a, b)) for a, b in thread_pairs if a != b}
        roots = self._link(block_groups, thread_pairs, params["thread_cohesion"], params["threshold"])
        final: dict[int, list[int]] = defaultdict(list)
        for k, root in enumerate(roots.tolist()):
            final[root].extend(blocks[k])
        store._report("write", 0, n)
        self._write(X, unit, unit_groups, events, thread_ids, parts, groups, sorted(final.values()))
        return self

    def _threads_of(self, events: list[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for start in range(0, len(events), 500):
            chunk = events[start : start + 500]
            marks = ",".join("?" * len(chunk))
            out.update(
                self.db.execute(f"SELECT id, thread_id FROM events WHERE id IN ({marks})", chunk).fetchall()
            )
        return out

    def _next(self, key: str, count: int) -> int:
        first = int(ThreadStore._meta(self.db, key))
        self.db.execute("UPDATE meta SET value = ? WHERE key = ?", (str(first + count), key))
        return first

    # -- writing -------------------------------------------------------------------------------

    def _write(self, X, unit, unit_groups, events, thread_ids, parts, groups, final) -> None:
        db, run = self.db, self.run
        n_stored = len(thread_ids)
        ids = [a.id for a in self.new]
        articles_of_unit: dict[int, list[int]] = defaultdict(list)
        for i, u in enumerate(unit.tolist()):
            articles_of_unit[u].append(i)
        row_of_unit = {u: r for r, units in enumerate(parts) for u in units}

        # Threads: a block of rows holding stored threads keeps the oldest id; the others are new.
        thread_of_row: dict[int, str] = {}
        changed: list[tuple[str, list[int]]] = []
        fresh = []
        for rows_here in final:
            olds = sorted((thread_ids[r] for r in rows_here if r < n_stored), key=_number)
            grows = any(parts[r] for r in rows_here)
            if not olds:
                first = min(ids[i] for r in rows_here for u in parts[r] for i in articles_of_unit[u])
                size = sum(len(articles_of_unit[u]) for r in rows_here for u in parts[r])
                fresh.append((-size, first, rows_here))
                continue
            keep = olds[0]
            for r in rows_here:
                thread_of_row[r] = keep
            if len(olds) > 1:
                self.merged[keep] = olds[1:]
            elif grows:
                self.grown_threads.add(keep)
            if len(olds) > 1 or grows:
                changed.append((keep, rows_here))
        number = self._next("next_thread", len(fresh))
        for k, (_, first, rows_here) in enumerate(sorted(fresh)):
            thread_id = f"t{number + k}"
            self.new_threads.append(thread_id)
            for r in rows_here:
                thread_of_row[r] = thread_id
            changed.append((thread_id, rows_here))
            db.execute(
                "INSERT INTO threads (id, number, size, label, first_article, created_run, updated_run,"
                " units,"
                " own, sum, record) VALUES (?, ?, 0, '', ?, ?, ?, 0, 0, x'', '{}')",
                (thread_id, number + k, first, run, run),
            )
        # The records of the stored threads in a changed block, read before merges delete some.
        records = self._records(
            sorted(
                {thread_ids[r] for _, rows_here in changed for r in rows_here if r < n_stored}, key=_number
            )
        )
        thread_totals: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        event_totals: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        event_kept: dict[str, str] = {}  # stored event merged this run -> the event it went into
        for keep, gone in self.merged.items():
            marks = ",".join("?" * len(gone))
            earlier = set(gone)
            for (merged_from,) in db.execute(
                f"SELECT merged_from FROM threads WHERE id IN (?, {marks})", [keep, *gone]
            ):
                earlier |= set(json.loads(merged_from))
            db.execute(f"UPDATE events SET thread_id = ? WHERE thread_id IN ({marks})", [keep, *gone])
            db.execute(f"UPDATE articles SET thread_id = ? WHERE thread_id IN ({marks})", [keep, *gone])
            db.execute(f"DELETE FROM group_terms WHERE kind = 't' AND group_id IN ({marks})", gone)
            db.execute(f"DELETE FROM threads WHERE id IN ({marks})", gone)
            db.execute(
                "UPDATE threads SET merged_from = ? WHERE id = ?",
                (json.dumps(sorted(earlier, key=_number)), keep),
            )
        for thread_id, rows_here in changed:
            total = _Group.of(groups[r] for r in rows_here).bounded()
            db.execute(
                "UPDATE threads SET units = ?, own = ?, sum = ? WHERE id = ?",
                (total.units, total.own, _pack(*total.total), thread_id),
            )
            _index_group(db, "t", thread_id, total.total)
            thread_totals[thread_id] = total.total

        # Events: stored ones keep the oldest id (the others merge into it); new ones are numbered
        # by size, then first article, so the ids do not depend on the input order.
        event_of_unit: dict[int, str] = {}
        affected = []
        new_events = sorted(
            (units for olds, units in events if not olds),
            key=lambda units: (-sum(len(articles_of_unit[u]) for u in units), min(units)),
        )
        number = self._next("next_event", len(new_events))
        for k, units in enumerate(new_events):
            event_id = f"e{number + k}"
            total = _Group.of(unit_groups[u] for u in units).bounded()
            db.execute(
                "INSERT INTO events VALUES (?, ?, ?, 0, ?, ?, ?)",
                (
                    event_id,
                    number + k,
                    thread_of_row[row_of_unit[units[0]]],
                    total.units,
                    total.own,
                    _pack(*total.total),
                ),
            )
            _index_group(db, "e", event_id, total.total)
            event_totals[event_id] = total.total
            event_of_unit.update((u, event_id) for u in units)
            affected.append(event_id)
        for olds, units in events:
            if not olds:
                continue
            keep, gone = olds[0], olds[1:]
            total = _Group.of(
                [*self._load("events", olds).values(), *(unit_groups[u] for u in units)]
            ).bounded()
            db.execute(
                "UPDATE events SET units = ?, own = ?, sum = ? WHERE id = ?",
                (total.units, total.own, _pack(*total.total), keep),
            )
            _index_group(db, "e", keep, total.total)
            event_totals[keep] = total.total
            event_kept.update((g, keep) for g in gone)
            if gone:
                marks = ",".join("?" * len(gone))
                db.execute(f"UPDATE articles SET event_id = ? WHERE event_id IN ({marks})", [keep, *gone])
                db.execute(f"DELETE FROM group_terms WHERE kind = 'e' AND group_id IN ({marks})", gone)
                db.execute(f"DELETE FROM events WHERE id IN ({marks})", gone)
            event_of_unit.update((u, keep) for u in units)
            affected.append(keep)

        rows = []
        for u, members in articles_of_unit.items():
            weight = 1.0 / len(members)
            for i in members:
                article = self.new[i]
                index, value = self._global(X, i)
                extra = json.dumps(article.extra, ensure_ascii=False, sort_keys=True, default=str)
                rows.append(
                    (
                        article.id,
                        self.digests[article.id],
                        article.title,
                        article.text,
                        article.source,
                        article.time,
                        article.lang,
                        extra,
                        event_of_unit[u],
                        thread_of_row[row_of_unit[u]],
                        run,
                        weight,
                        weight * unit_groups[u].own,
                        _pack(index, value, "<f4"),
                        self._counts(i),
                    )
                )
        db.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        for start in range(0, len(affected), 500):
            chunk = affected[start : start + 500]
            marks = ",".join("?" * len(chunk))
            db.execute(
                "UPDATE events SET size = (SELECT COUNT(*) FROM articles a WHERE a.event_id = events.id)"
                f" WHERE id IN ({marks})",
                chunk,
            )

        blocks = []
        for thread_id, rows_here in changed:
            olds = sorted((thread_ids[r] for r in rows_here if r < n_stored), key=_number)
            if not olds or self.removed_from & {thread_id, *olds}:
                continue
            fresh = [i for r in rows_here for u in parts[r] for i in articles_of_unit[u]]
            if sum(records[t]["size"] for t in olds) + len(fresh) > WHOLE_LABEL_UP_TO:
                blocks.append((thread_id, [records[t] for t in olds], fresh))
        event_of = {i: event_of_unit[u] for u, members in articles_of_unit.items() for i in members}
        self.store._report("label", 0, len(blocks))
        self._relabel(X, blocks, thread_totals, event_totals, event_kept, event_of)

    def _records(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        out = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for thread_id, record in self.db.execute(
                f"SELECT id, record FROM threads WHERE id IN ({marks})", chunk
            ):
                out[thread_id] = json.loads(record)
        return out

    # -- labels from bounded data --------------------------------------------------------------

    def _relabel(self, X, blocks, thread_totals, event_totals, event_kept, event_of) -> None:
        """Write the records of the stored threads this run grew or merged, reading a few rows each.

        Old members keep the similarity they were last given; the new members, and the most
        central old member of each thread and of each changed event, are weighed against the
        thread's (the event's) sum as it is now, and the most central of them gives the label.
        A new member's duplicates are looked for among the new members of its event and the old
        ones under the same headline (``DUPLICATE_CANDIDATES`` of them). The keywords come from
        the thread's sum, written as in its first ten articles.
        """
        from newsclust.cluster import _days, duplicate_key
        from newsclust.label import keywords
        from newsclust.vectorize import article_fields

        db, new = self.db, self.new
        ratio = self.params["duplicate_ratio"]
        close: dict[int, list[int]] = defaultdict(list)  # new article -> new ones it may copy
        for a, b, similarity in zip(*(part.tolist() for part in self.pairs), strict=True):
            if similarity >= _DUPLICATE_SIMILARITY and a != b and event_of[a] == event_of[b]:
                close[a].append(b)
        plans = []
        wanted: set[str] = set()
        for thread_id, records, fresh in blocks:
            members = {a["id"]: dict(a) for r in records for a in r["articles"]}
            events: dict[str, dict[str, Any]] = {}
            for record in records:
                for event in record["events"]:
                    event_id = event_kept.get(event["id"], event["id"])
                    entry = events.setdefault(
                        event_id, {"label": None, "articles": [], "reps": [], "new": []}
                    )
                    if event_id == event["id"]:
                        entry["label"] = event["label"]
                    entry["articles"].extend(event["articles"])
                    entry["reps"].append(_labelled_by(event, members))
            for i in fresh:
                events.setdefault(event_of[i], {"label": None, "articles": [], "reps": [], "new": []})
                events[event_of[i]]["new"].append(i)
            # Old members that may be copies of a new one: same event, same headline.
            candidates: dict[int, list[str]] = {}
            for entry in events.values():
                if not entry["new"]:
                    continue
                by_title: dict[str, list[str]] = defaultdict(list)
                for article_id in entry["articles"]:
                    by_title[_title_key(members[article_id]["title"] or "")].append(article_id)
                for i in entry["new"]:
                    same = sorted(
                        by_title.get(_title_key(new[i].title or ""), ()),
                        key=lambda a: (members[a]["duplicate_of"] is not None, a),
                    )[:DUPLICATE_CANDIDATES]
                    candidates[i] = same
                    wanted.update(same)
            first = sorted([*members, *(new[i].id for i in fresh)])[:_SURFACE_ARTICLES]
            wanted.update(first)
            wanted.update(r["articles"][0]["id"] for r in records)
            for entry in events.values():
                if entry["new"] or len(entry["reps"]) > 1:
                    wanted.update(entry["reps"])
            plans.append((thread_id, records, fresh, members, events, candidates, first))
        stored = self._stored_articles(sorted(wanted))
        vector_of = {i: self._global(X, i) for _, _, fresh, *_ in plans for i in fresh}
        keys: dict[str, str] = {}

        def key(article: Article) -> str:
            if article.id not in keys:
                keys[article.id] = duplicate_key(article)
            return keys[article.id]

        for thread_id, records, fresh, members, events, candidates, first in plans:
            total = thread_totals[thread_id]
            norm = float(np.sqrt(total[1] @ total[1]))
            weighed: dict[str, float] = {}
            article_of: dict[str, Article] = {}
            for i in fresh:
                article = new[i]
                weighed[article.id] = _cosine(vector_of[i], total, norm)
                article_of[article.id] = article
                members[article.id] = {
                    "id": article.id,
                    "title": article.title,
                    "source": article.source,
                    "similarity": 0.0,
                    "duplicate_of": None,
                }
            for record in records:
                central = record["articles"][0]["id"]
                weighed[central] = _cosine(stored[central][1], total, norm)
                article_of[central] = stored[central][0]
            for article_id, similarity in weighed.items():
                members[article_id]["similarity"] = round(similarity, 4)
            center = min(weighed, key=lambda a: (-round(weighed[a], 9), a))
            label = _title(article_of[center], article_fields)

            # Duplicates: a new member joins the copies of the old or new member it copies.
            joined: list[tuple[str, str]] = []
            for i in fresh:
                for j in close.get(i, ()):
                    if i < j and ratio <= _fuzz_ratio(key(new[i]), key(new[j])):
                        joined.append((new[i].id, new[j].id))
                for old in candidates.get(i, ()):
                    if _cosine(vector_of[i], stored[old][1], sorted_total=False) >= _DUPLICATE_SIMILARITY:
                        if ratio <= _fuzz_ratio(key(new[i]), key(stored[old][0])):
                            joined.append((new[i].id, old))
            if joined:
                self._join_copies(members, joined, article_of, stored)

            # Events: a changed one is labelled by the most central of its old labels and new members.
            size = len(members)
            out_events = []
            for event_id, entry in events.items():
                ids = sorted([*entry["articles"], *(new[i].id for i in entry["new"])])
                event_label = entry["label"]
                if entry["new"] or len(entry["reps"]) > 1 or event_label is None:
                    if len(ids) == size:
                        event_label = label
                    else:
                        event_total = event_totals[event_id]
                        event_norm = float(np.sqrt(event_total[1] @ event_total[1]))
                        near = {
                            new[i].id: _cosine(vector_of[i], event_total, event_norm) for i in entry["new"]
                        }
                        near.update(
                            (r, _cosine(stored[r][1], event_total, event_norm)) for r in entry["reps"]
                        )
                        best = min(near, key=lambda a: (-round(near[a], 9), a))
                        event_label = _title(article_of.get(best) or stored[best][0], article_fields)
                out_events.append(Event(event_id, event_label, tuple(ids)))
            out_events.sort(key=lambda e: (-len(e.articles), e.articles[0]))

            known = [
                (_days(t), t) for r in records for t in (r["first_time"], r["last_time"]) if t is not None
            ] + [(_days(new[i].time), new[i].time) for i in fresh if new[i].time is not None]
            known = [k for k in known if not math.isnan(k[0])]
            languages = [
                lang
                for (lang,) in db.execute(
                    "SELECT DISTINCT lang FROM articles WHERE thread_id = ?", (thread_id,)
                )
            ]
            head = [article_of[a] if a in article_of else stored[a][0] for a in first]
            words = keywords(total[1], _TermNames(db, total[0]), head, 6, languages=languages)
            merged_from = json.loads(
                db.execute("SELECT merged_from FROM threads WHERE id = ?", (thread_id,)).fetchone()[0]
            )
            thread = Thread(
                id=thread_id,
                label=label,
                keywords=tuple(words),
                size=size,
                sources=tuple(
                    sorted(
                        {s for r in records for s in r["sources"]}
                        | {new[i].source for i in fresh if new[i].source}
                    )
                ),
                first_time=min(known)[1] if known else None,
                last_time=max(known)[1] if known else None,
                events=tuple(out_events),
                articles=tuple(
                    ThreadArticle(**a)
                    for a in sorted(members.values(), key=lambda a: (-a["similarity"], a["id"]))
                ),
                merged_from=tuple(merged_from),
            )
            db.execute(
                "UPDATE threads SET size = ?, label = ?, first_article = ?, first_time = ?, last_time = ?,"
                " updated_run = ?, record = ? WHERE id = ?",
                (
                    size,
                    label,
                    min(members),
                    _iso(min(known)[0]) if known else None,
                    _iso(max(known)[0]) if known else None,
                    self.run,
                    json.dumps(thread.to_dict(), ensure_ascii=False),
                    thread_id,
                ),
            )
            self.relabelled.add(thread_id)

    def _join_copies(self, members, joined, article_of, stored) -> None:
        """Put new copies with the copies they copy; each group's original is chosen again."""
        from newsclust.cluster import _days

        def root(article_id: str) -> str:
            return members[article_id]["duplicate_of"] or article_id

        parent: dict[str, str] = {}

        def find(x: str) -> str:
            while parent.get(x, x) != x:
                x = parent[x]
            return x

        for a, b in joined:
            ra, rb = find(root(a)), find(root(b))
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        groups: dict[str, set[str]] = defaultdict(set)
        for x in list(parent):
            groups[find(x)].add(x)
        for r in list(groups):
            groups[r].add(r)
        roots = {x: g for g, xs in groups.items() for x in xs}  # an old original (or new id) -> group
        missing = sorted({x for x in roots if x not in article_of and x not in stored})
        stored.update(self._stored_articles(missing))
        copies: dict[str, list[str]] = defaultdict(list)
        for article_id, entry in members.items():
            group = roots.get(entry["duplicate_of"] or article_id)
            if group is not None:
                copies[group].append(article_id)
        for group, ids in copies.items():
            choices = [article_of.get(x) or stored[x][0] for x in groups[group]]
            original = min(
                choices,
                key=lambda a: (np.nan_to_num(_days(a.time), nan=np.inf), -len(a.text), a.id),
            ).id
            for article_id in ids:
                members[article_id]["duplicate_of"] = None if article_id == original else original

    def _stored_articles(self, ids: list[str]) -> dict[str, tuple[Article, tuple[np.ndarray, np.ndarray]]]:
        """{id: (the stored article, its vector)} for the ids asked for."""
        out = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.db.execute(
                "SELECT id, title, text, source, time, lang, extra, vector FROM articles"
                f" WHERE id IN ({marks})",
                chunk,
            ):
                article = Article(r[0], r[1], r[2], source=r[3], time=r[4], lang=r[5], extra=json.loads(r[6]))
                out[r[0]] = (article, _unpack(r[7], "<f4"))
        return out


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
