"""newsclust on Apache Spark (issue 14): the same stories and threads, for corpora beyond one machine.

``pip install 'newsclust[spark]'`` and Java 17 or later. Functions take and return Spark
DataFrames, so a team can put newsclust into its own jobs:

    from newsclust.spark import session, read_files, split_files, cluster_articles
    spark = session("local[*]")                      # or your own SparkSession
    stories = split_files(read_files(spark, "hdfs:///dumps/"))
    found = cluster_articles(stories.select("id", "title", "text", "source", "time", "lang"))
    found.threads.write.json("hdfs:///threads/")

``python -m newsclust.spark`` is the spark-submit entry point (``newsclust.spark.job``).
Importing this package does not import pyspark; its functions do, on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsclust.spark.session import INSTALL_SPARK, java_version, require_spark, session

_LAZY = {
    "split_files": "newsclust.spark.split",
    "read_files": "newsclust.spark.split",
    "split_inputs": "newsclust.spark.split",
    "story_of_row": "newsclust.spark.split",
    "STORY_SCHEMA": "newsclust.spark.split",
    "cluster_articles": "newsclust.spark.cluster",
    "SparkThreadClusterer": "newsclust.spark.cluster",
    "SparkThreads": "newsclust.spark.cluster",
    "articles_frame": "newsclust.spark.cluster",
    "thread_of_row": "newsclust.spark.cluster",
    "ARTICLE_SCHEMA": "newsclust.spark.cluster",
    "THREAD_SCHEMA": "newsclust.spark.cluster",
}

if TYPE_CHECKING:  # pragma: no cover
    from newsclust.spark.cluster import (
        ARTICLE_SCHEMA,
        THREAD_SCHEMA,
        SparkThreadClusterer,
        SparkThreads,
        articles_frame,
        cluster_articles,
        thread_of_row,
    )
    from newsclust.spark.split import STORY_SCHEMA, read_files, split_files, split_inputs, story_of_row


def __getattr__(name: str):
    if name in _LAZY:
        require_spark()
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'newsclust.spark' has no attribute {name!r}")


__all__ = [
    "ARTICLE_SCHEMA",
    "INSTALL_SPARK",
    "STORY_SCHEMA",
    "THREAD_SCHEMA",
    "SparkThreadClusterer",
    "SparkThreads",
    "articles_frame",
    "cluster_articles",
    "java_version",
    "read_files",
    "require_spark",
    "session",
    "split_files",
    "split_inputs",
    "story_of_row",
    "thread_of_row",
]
