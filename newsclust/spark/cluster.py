"""Threads on Spark: the local engine's threads, with the corpus-wide work on the executors.

What runs where:

- executors: analysing and weighing articles (``newsclust.spark.vectorize``), and the candidate
  pairs of the similarity graph: every article's ``candidate_features`` heaviest features
  (``cluster._top_features``) joined on the feature, the products summed per pair, and each
  article's best pairs kept (a window per article). Never all pairs: two articles are paired
  only where one of their few heaviest features is the same, as the local search pairs them.
- driver: the rows (the matrix the linkage needs for its exact averages) and the candidates
  are collected; each article's candidates are ranked again with the local kernel (so that the
  executors' order of float additions cannot change a tie) and scored on the full rows by the
  local code (``cluster.neighbors_from_candidates``); then ``ThreadClusterer.fit_graph`` runs
  the local engine's copies, average linkage and labels unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

import numpy as np
import scipy.sparse as sp
from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F

from newsclust.cluster import ThreadClusterer, _top_features, candidate_count, neighbors_from_candidates
from newsclust.errors import DataError
from newsclust.models import Article, Thread
from newsclust.spark.vectorize import index_sorted, vectorize
from newsclust.vectorize import NewsVectorizer

__all__ = [
    "ARTICLE_SCHEMA",
    "THREAD_SCHEMA",
    "SparkThreadClusterer",
    "SparkThreads",
    "article_of",
    "articles_frame",
    "cluster_articles",
    "thread_of_row",
]

ARTICLE_SCHEMA = "id string, title string, text string, lede string, source string, time string, lang string"
THREAD_SCHEMA = (
    "id string, label string, keywords array<string>, size long, sources array<string>, "
    "first_time string, last_time string, "
    "events array<struct<id:string,label:string,articles:array<string>>>, "
    "articles array<struct<id:string,title:string,source:string,similarity:double,duplicate_of:string>>"
)
#: Candidates the executors keep beyond the local search's count, for the driver to rank again.
_MARGIN = 6


def article_of(record: Mapping[str, Any]) -> Article:
    """The Article of a row of articles (``ARTICLE_SCHEMA``; a missing ``lede`` is none)."""
    lede = record.get("lede")
    return Article(
        id=record["id"],
        title=record.get("title") or "",
        text=record.get("text") or "",
        source=record.get("source"),
        time=record.get("time"),
        lang=record.get("lang"),
        extra={"lede": lede} if lede else {},
    )


def articles_frame(spark: SparkSession, articles: Iterable[Article]) -> DataFrame:
    """A DataFrame of ``articles`` in ``ARTICLE_SCHEMA``."""
    rows = [(a.id, a.title, a.text, a.extra.get("lede") or None, a.source, a.time, a.lang) for a in articles]
    return spark.createDataFrame(rows, ARTICLE_SCHEMA)


class SparkThreads(NamedTuple):
    """``cluster_articles``'s result: one row per article, and one per thread."""

    articles: DataFrame  # id, event, thread (ids as in the JSON)
    threads: DataFrame  # THREAD_SCHEMA: the records `newsclust cluster` prints


class SparkThreadClusterer(ThreadClusterer):
    """``ThreadClusterer`` whose ``fit`` takes a Spark DataFrame of articles (``ARTICLE_SCHEMA``;
    ``lede``, ``source``, ``time`` and ``lang`` may be missing) and gives the same attributes and
    threads as the local engine. ``vectorizer`` must be a NewsVectorizer or None."""

    def fit(self, articles: DataFrame, y: Any = None) -> SparkThreadClusterer:  # type: ignore[override]
        self._check_params()
        vectorizer = self.vectorizer if self.vectorizer is not None else NewsVectorizer()
        if not isinstance(vectorizer, NewsVectorizer):
            raise ValueError("the Spark engine vectorises with NewsVectorizer; give one or None")
        frame = _with_schema(articles)
        _check_unique_ids(frame)
        self._report("vectorize", 0, 0)
        ranked = index_sorted(frame, "id", "rank").persist(StorageLevel.MEMORY_AND_DISK)
        n = ranked.count()
        if n == 0:
            self.articles_, self.labels_, self.event_labels_, self.threads_ = [], _none(), _none(), []
            return self
        fitted = vectorize(ranked, vectorizer, n)
        keep = candidate_count(self.n_neighbors)
        candidates = _candidate_pairs(fitted.rows, keep + _MARGIN)
        self._report("neighbours", 0, n)
        found = dict(candidates.toLocalIterator())
        X = fitted.matrix(n)
        fitted.rows.unpersist()
        ranked_candidates = _rank_again(
            X, [np.asarray(found.get(i, ()), dtype=np.int64) for i in range(n)], keep
        )
        graph = neighbors_from_candidates(
            X, ranked_candidates, n_neighbors=self.n_neighbors, min_similarity=self.threshold
        )
        local_articles = [None] * n
        for row in ranked.toLocalIterator():
            local_articles[row["rank"]] = article_of(row.asDict())
        ranked.unpersist()
        return self.fit_graph(local_articles, X, graph, vectorizer=fitted.fitted_vectorizer(vectorizer))


def cluster_articles(articles: DataFrame, **params: Any) -> SparkThreads:
    """Threads of a DataFrame of articles, as DataFrames: ``SparkThreadClusterer(**params)``.

    >>> found = cluster_articles(spark.read.parquet("articles/"))  # doctest: +SKIP
    >>> found.threads.write.json("threads/")  # doctest: +SKIP
    """
    fitted = SparkThreadClusterer(**params).fit(articles)
    spark = articles.sparkSession
    assignments = [
        (article, event.id, thread.id) for thread in fitted.threads_ for event in thread.events
        for article in event.articles
    ]  # fmt: skip
    return SparkThreads(
        articles=spark.createDataFrame(assignments, "id string, event string, thread string"),
        threads=spark.createDataFrame([t.to_dict() for t in fitted.threads_], THREAD_SCHEMA),
    )


def thread_of_row(row: Mapping[str, Any]) -> Thread:
    """The Thread of a row of ``cluster_articles(...).threads`` (its ``to_dict`` is the record), as
    a Spark ``Row`` or its ``asDict(recursive=True)``."""
    as_dict = getattr(row, "asDict", None)
    return Thread.from_dict(as_dict(recursive=True) if as_dict is not None else dict(row))


# -- candidate pairs ----------------------------------------------------------------------------


def _candidate_pairs(rows: DataFrame, keep: int) -> DataFrame:
    """(rank, the ranks of its ``keep`` best candidates, best first): the pruned rows joined on
    their features, products summed per pair, best pairs by sum then rank."""
    postings = rows.select("rank", F.explode(F.arrays_zip("top_cols", "top_vals")).alias("feature")).select(
        "rank", F.col("feature.top_cols").alias("col"), F.col("feature.top_vals").alias("val")
    )
    left, right = postings.alias("a"), postings.alias("b")
    pairs = (
        left.join(right, "col")
        .where(F.col("a.rank") != F.col("b.rank"))
        .groupBy(F.col("a.rank").alias("rank"), F.col("b.rank").alias("other"))
        .agg(F.sum(F.col("a.val") * F.col("b.val")).alias("approximate"))
    )
    best = Window.partitionBy("rank").orderBy(F.desc("approximate"), F.asc("other"))
    ranked = pairs.withColumn("place", F.row_number().over(best)).where(F.col("place") <= keep)
    return ranked.groupBy("rank").agg(
        F.transform(F.array_sort(F.collect_list(F.struct("place", "other"))), lambda s: s["other"])
    )


def _rank_again(
    X: sp.csr_matrix, candidates: list[np.ndarray], keep: int, block: int = 512
) -> list[np.ndarray]:
    """Each row's candidates ranked by the local search's own sums (the same sparse product over
    the same pruned rows, so ties fall as they fall there), the ``keep`` best."""
    pruned = _top_features(sp.csr_matrix(X, dtype=np.float64), 64)
    out: list[np.ndarray] = []
    for start in range(0, len(candidates), block):
        chunk = candidates[start : start + block]
        union = np.unique(np.concatenate(chunk)) if any(len(c) for c in chunk) else np.zeros(0, np.int64)
        if not len(union):
            out.extend(chunk)
            continue
        sums = (pruned[start : start + len(chunk)] @ pruned[union].T.tocsr()).toarray()
        for r, cols in enumerate(chunk):
            values = sums[r, np.searchsorted(union, cols)]
            out.append(cols[np.lexsort((cols, -values))[:keep]])
    return out


# -- input -------------------------------------------------------------------------------------


def _with_schema(articles: DataFrame) -> DataFrame:
    have = set(articles.columns)
    if not {"id", "text"} <= have and not {"id", "title"} <= have:
        raise DataError(
            f"a DataFrame of articles needs columns id and text (and title); it has {sorted(have)}"
        )
    columns = []
    for field in ARTICLE_SCHEMA.split(", "):
        name = field.split(" ")[0]
        value = F.col(name).cast("string") if name in have else F.lit(None).cast("string")
        columns.append(value.alias(name))
    return articles.select(*columns)


def _check_unique_ids(frame: DataFrame) -> None:
    repeated = (
        frame.groupBy("id").count().where(F.col("count") > 1).select("id").orderBy("id").limit(11).collect()
    )
    if repeated:
        shown = ", ".join(str(r["id"]) for r in repeated[:10]) + (" ..." if len(repeated) > 10 else "")
        raise DataError(f"duplicate article ids: {shown}; every article needs its own id")
    if frame.where(F.col("id").isNull()).limit(1).count():
        raise DataError("an article has no id; every article needs its own id")


def _none() -> np.ndarray:
    return np.zeros(0, dtype=np.int64)
