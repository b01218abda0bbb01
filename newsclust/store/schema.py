"""What a store holds: the schema, its version, the options it keeps, and the store's errors and reports."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from newsclust import defaults
from newsclust.errors import NewsclustError
from newsclust.models import Article

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


def _digest(article: Article) -> str:
    content = [article.title, article.text, article.source, article.time, article.lang, article.extra]
    return hashlib.sha256(
        json.dumps(content, ensure_ascii=False, sort_keys=True, default=str).encode()
    ).hexdigest()
