"""``ThreadStore``: opening a store (schema, version, lock), adding a batch in one transaction, and
reading its threads."""

from __future__ import annotations

import json
import os
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import numpy as np
import scipy.sparse as sp

from newsclust.errors import DataError
from newsclust.models import Article, Event, Thread
from newsclust.store.placement import _Placement
from newsclust.store.records import _iso, _some, _thread_from_record
from newsclust.store.schema import (
    _DEFAULTS,
    _SCHEMA,
    SCHEMA_VERSION,
    Progress,
    StoreError,
    StoreReport,
    _digest,
    _number,
)
from newsclust.store.vectors import _add_sparse, _bounded, _index_group, _pack, _TermNames, _unpack


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
