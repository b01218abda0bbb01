"""newsclust: split dumps of news articles into stories and group the stories into event threads.

>>> from newsclust import split_text
>>> [s.title for s in split_text("Headline one\\nA lede that says headline one happened.\\nSource: AP\\n")]
['Headline one']
"""

from typing import TYPE_CHECKING

from newsclust import compiled as _compiled
from newsclust.errors import DataError, ExitStatus, InputError, NewsclustError, ResourceError
from newsclust.models import Article, Event, Part, Story, Thread, ThreadArticle
from newsclust.split import Splitter, split_files, split_text

_compiled.warn_if_stale()

# Clustering and evaluation pull in scikit-learn, which takes seconds to import; `newsclust split`
# should not pay for it, so those names load on first use.
_LAZY = {
    "ThreadClusterer": "newsclust.cluster",
    "cluster_articles": "newsclust.cluster",
    "read_articles": "newsclust.formats",
    "split_inputs": "newsclust.formats",
    "parse_date": "newsclust.dates",
    "evaluate_clusters": "newsclust.evaluate",
    "evaluate_split": "newsclust.evaluate",
    "match_boundaries": "newsclust.evaluate",
    "pk": "newsclust.evaluate",
    "score_boundaries": "newsclust.evaluate",
    "score_clusters": "newsclust.evaluate",
    "score_segmentation": "newsclust.evaluate",
    "thread_assignments": "newsclust.evaluate",
    "window_diff": "newsclust.evaluate",
    "detect_lang": "newsclust.normalize",
    "normalize_text": "newsclust.normalize",
    "tokenize": "newsclust.normalize",
    "NewsVectorizer": "newsclust.vectorize",
}

if TYPE_CHECKING:  # pragma: no cover
    from newsclust.cluster import ThreadClusterer, cluster_articles
    from newsclust.dates import parse_date
    from newsclust.evaluate import (
        evaluate_clusters,
        evaluate_split,
        match_boundaries,
        pk,
        score_boundaries,
        score_clusters,
        score_segmentation,
        thread_assignments,
        window_diff,
    )
    from newsclust.formats import read_articles, split_inputs
    from newsclust.normalize import detect_lang, normalize_text, tokenize
    from newsclust.vectorize import NewsVectorizer


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'newsclust' has no attribute {name!r}")


__version__ = "0.1.0"

__all__ = [
    "Article",
    "DataError",
    "ResourceError",
    "ExitStatus",
    "InputError",
    "NewsclustError",
    "Part",
    "Splitter",
    "Story",
    "split_files",
    "split_text",
    "evaluate_clusters",
    "evaluate_split",
    "match_boundaries",
    "pk",
    "score_boundaries",
    "score_clusters",
    "score_segmentation",
    "thread_assignments",
    "window_diff",
    "Event",
    "NewsVectorizer",
    "Thread",
    "ThreadArticle",
    "ThreadClusterer",
    "cluster_articles",
    "detect_lang",
    "normalize_text",
    "parse_date",
    "read_articles",
    "split_inputs",
    "tokenize",
    "__version__",
]
