"""newsclust: split dumps of news articles into stories and group the stories into event threads.

>>> from newsclust import split_text
>>> [s.title for s in split_text("Headline one\\nA lede that says headline one happened.\\nSource: AP\\n")]
['Headline one']
"""

from newsclust.cluster import ThreadClusterer, cluster_articles
from newsclust.errors import DataError, ExitStatus, InputError, NewsclustError
from newsclust.io import read_articles
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
from newsclust.models import Article, Event, Part, Story, Thread, ThreadArticle
from newsclust.normalize import detect_lang, normalize_text, tokenize
from newsclust.split import Splitter, split_files, split_text
from newsclust.vectorize import NewsVectorizer

__version__ = "0.1.0"

__all__ = [
    "Article",
    "DataError",
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
    "read_articles",
    "tokenize",
    "__version__",
]
