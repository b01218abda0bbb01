"""Placing a batch: vectorising it against the store's document frequencies, linking it to the stored
events and threads, relabelling what grew, and writing it all."""

from __future__ import annotations

import json
import math
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

from newsclust.models import Article, Event, Thread, ThreadArticle
from newsclust.store.records import _fuzz_ratio, _iso, _labelled_by, _title
from newsclust.store.schema import (
    _DUPLICATE_SIMILARITY,
    _MIN_CHUNK,
    _SURFACE_ARTICLES,
    CANDIDATES,
    DUPLICATE_CANDIDATES,
    QUERY_FEATURES,
    WHOLE_LABEL_UP_TO,
    StoreError,
    _number,
)
from newsclust.store.vectors import (
    _add_sparse,
    _bounded,
    _compact,
    _cosine,
    _Group,
    _index_group,
    _pack,
    _TermNames,
    _unpack,
)

if TYPE_CHECKING:
    from newsclust.store.threadstore import ThreadStore


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
        self.documents = int(self.store._meta(db, "documents")) + len(self.new)
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
        first = int(self.store._meta(self.db, key))
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
        from newsclust.cluster import _days, duplicate_key, headline_key
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
                    by_title[headline_key(members[article_id]["title"] or "")].append(article_id)
                for i in entry["new"]:
                    same = sorted(
                        by_title.get(headline_key(new[i].title or ""), ()),
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
