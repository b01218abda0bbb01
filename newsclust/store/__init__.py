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

from newsclust.store.schema import SCHEMA_VERSION, WHOLE_LABEL_UP_TO, StoreError, StoreReport
from newsclust.store.threadstore import ThreadStore

__all__ = ["SCHEMA_VERSION", "WHOLE_LABEL_UP_TO", "StoreError", "StoreReport", "ThreadStore"]
