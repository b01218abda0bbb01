"""TF-IDF on Spark, row for row the local NewsVectorizer's, and the pruned rows for candidates.

1. Analyse (executors, mapInPandas): each article's weighted terms, with the vectoriser's own
   ``analyze``, as rows (article, position in its analysis, term, count).
2. Document frequencies (one aggregation): per term, the number of articles that have it and
   its first appearance (the first article by id, then the position there). The local engine
   numbers terms in order of first appearance and its float sums run in that order, so each
   article's terms are put in that order before they are weighed.
3. Weigh (executors): the counts joined with their terms' frequencies, an article's terms
   together in that order, weighed by ``NewsVectorizer._weigh`` itself; terms of one article
   only count in the norm and are dropped, as locally. Each row also keeps its
   ``candidate_features`` heaviest features (``cluster._top_features``) for the candidate join.

Columns are the terms of two or more articles in sorted order (as ``vocabulary_`` locally).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from pyspark import StorageLevel
from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F

from newsclust.vectorize import HEAD_PREFIX, NewsVectorizer

__all__ = ["FittedRows", "index_sorted", "vectorize"]

_COUNT_SCHEMA = "rank long, pos int, term string, count double"
ROW_SCHEMA = "rank long, cols binary, vals binary, top_cols array<int>, top_vals array<double>"


@dataclass
class FittedRows:
    """What ``vectorize`` learnt and made: rows (a DataFrame, persisted) and the vocabulary."""

    rows: DataFrame  # rank, cols (int32 bytes), vals (float64 bytes), top_cols, top_vals
    terms: list[str]  # column order (sorted)
    idf: np.ndarray  # of each column
    n_documents: int

    def matrix(self, n: int) -> sp.csr_matrix:
        """The rows as the local engine's CSR matrix (row i is the article of rank i)."""
        cols: list[np.ndarray] = [np.zeros(0, dtype=np.int32)] * n
        vals: list[np.ndarray] = [np.zeros(0)] * n
        # a partition at a time: the driver never holds the whole result twice
        for rank, c, v in self.rows.select("rank", "cols", "vals").toLocalIterator():
            cols[rank] = np.frombuffer(c, dtype=np.int32)
            vals[rank] = np.frombuffer(v, dtype=np.float64)
        indptr = np.concatenate(([0], np.cumsum([len(c) for c in cols]))).astype(np.int64)
        indices = np.concatenate(cols) if n else np.zeros(0, dtype=np.int32)
        data = np.concatenate(vals) if n else np.zeros(0)
        if indptr[-1] < 2**31:
            indptr = indptr.astype(np.int32)
        return sp.csr_matrix((data, indices, indptr), shape=(n, len(self.terms)))

    def fitted_vectorizer(self, vectorizer: NewsVectorizer) -> NewsVectorizer:
        """``vectorizer`` with the fitted attributes ``fit`` would have given it."""
        vectorizer.vocabulary_ = {term: index for index, term in enumerate(self.terms)}
        vectorizer.idf_ = self.idf
        vectorizer.n_documents_ = self.n_documents
        return vectorizer


def vectorize(
    ranked: DataFrame, vectorizer: NewsVectorizer, n_documents: int, *, candidate_features: int = 64
) -> FittedRows:
    """TF-IDF rows of ``ranked`` (articles with ``rank``, their index in id order)."""
    params = vectorizer.get_params()
    params["n_jobs"] = None

    def analyze(batches: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        from newsclust.spark.cluster import article_of

        local = NewsVectorizer(**params)
        for batch in batches:
            ranks, positions, terms, counts = [], [], [], []
            for record in batch.to_dict("records"):
                analysed = local.analyze(article_of(record))
                ranks.extend([record["rank"]] * len(analysed))
                positions.extend(range(len(analysed)))
                terms.extend(analysed)
                counts.extend(analysed.values())
            yield pd.DataFrame({"rank": ranks, "pos": positions, "term": terms, "count": counts})

    counts = ranked.mapInPandas(analyze, _COUNT_SCHEMA).persist(StorageLevel.MEMORY_AND_DISK)
    stats = counts.groupBy("term").agg(
        F.count("*").alias("df"), F.min(F.struct("rank", "pos")).alias("first")
    )
    stats = stats.persist(StorageLevel.MEMORY_AND_DISK)
    least = max(2, vectorizer.min_df)
    kept = index_sorted(stats.where(F.col("df") >= least).select("term", "df"), "term", "col")
    kept = kept.persist(StorageLevel.MEMORY_AND_DISK)
    vocabulary = kept.select("col", "term", "df").toPandas().sort_values("col")
    terms = vocabulary["term"].tolist()
    if any(a >= b for a, b in zip(terms, terms[1:])):  # Spark's order of strings must be Python's
        raise AssertionError("Spark sorted the vocabulary unlike Python")
    df = vocabulary["df"].to_numpy(dtype=np.int64)
    idf = np.log((1.0 + n_documents) / (1.0 + df)) + 1.0

    entries = (
        counts.join(stats, "term")
        .join(kept.select("term", "col"), "term", "left")
        .select(
            "rank",
            F.col("first.rank").alias("first_rank"),
            F.col("first.pos").alias("first_pos"),
            "count",
            "df",
            F.coalesce("col", F.lit(-1)).cast("int").alias("col"),
            F.col("term").startswith(HEAD_PREFIX).alias("head"),
        )
        .repartition("rank")
        .sortWithinPartitions("rank", "first_rank", "first_pos")
    )
    width = len(terms)
    unique_weight = vectorizer.unique_term_weight

    def weigh(batches: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        from newsclust.cluster import _top_features

        local = NewsVectorizer(**params)
        carried = None
        for batch in batches:
            if carried is not None:
                batch = pd.concat([carried, batch], ignore_index=True)
            ranks = batch["rank"].to_numpy()
            # an article's terms may run on into the next batch: keep the last article for it
            last = ranks[-1]
            complete = ranks != last
            carried = batch[~complete]
            if complete.any():
                yield _weighed(
                    batch[complete],
                    n_documents,
                    unique_weight,
                    width,
                    local,
                    _top_features,
                    candidate_features,
                )
        if carried is not None and len(carried):
            yield _weighed(
                carried, n_documents, unique_weight, width, local, _top_features, candidate_features
            )

    rows = entries.mapInPandas(weigh, ROW_SCHEMA).persist(StorageLevel.MEMORY_AND_DISK)
    rows.count()
    counts.unpersist()
    stats.unpersist()
    kept.unpersist()
    return FittedRows(rows=rows, terms=terms, idf=idf, n_documents=n_documents)


def _weighed(batch, n_documents, unique_weight, width, vectorizer, top_features, candidate_features):
    """Rows of the articles of ``batch`` (each article's terms together, in first-appearance order)."""
    import pandas as pd

    ranks = batch["rank"].to_numpy()
    starts = np.flatnonzero(np.concatenate(([True], ranks[1:] != ranks[:-1])))
    indptr = np.concatenate((starts, [len(ranks)]))
    nnz = len(ranks)
    df = batch["df"].to_numpy(dtype=np.int64)
    idf = np.log((1.0 + n_documents) / (1.0 + df)) + 1.0
    idf[df == 1] *= unique_weight
    # Each entry its own column, in the order given: _weigh sorts a row's columns, which keeps it.
    counts = sp.csr_matrix(
        (batch["count"].to_numpy(dtype=np.float64), np.arange(nnz), indptr), shape=(len(starts), nnz)
    )
    tfidf = vectorizer._weigh(counts, idf, batch["head"].to_numpy(dtype=bool))
    col = batch["col"].to_numpy()
    keep = col >= 0
    kept_per_row = np.add.reduceat(keep.astype(np.int64), starts) if nnz else np.zeros(0, dtype=np.int64)
    kept_indptr = np.concatenate(([0], np.cumsum(kept_per_row)))
    X = sp.csr_matrix(
        (tfidf.data[keep], col[keep].astype(np.int32), kept_indptr), shape=(len(starts), max(width, 1))
    )
    pruned = top_features(X, candidate_features)
    out_cols, out_vals, top_cols, top_vals = [], [], [], []
    for r in range(len(starts)):
        lo, hi = X.indptr[r], X.indptr[r + 1]
        out_cols.append(X.indices[lo:hi].astype(np.int32).tobytes())
        out_vals.append(X.data[lo:hi].astype(np.float64).tobytes())
        lo, hi = pruned.indptr[r], pruned.indptr[r + 1]
        top_cols.append(pruned.indices[lo:hi].astype(np.int32))
        top_vals.append(pruned.data[lo:hi].astype(np.float64))
    return pd.DataFrame(
        {
            "rank": ranks[starts],
            "cols": out_cols,
            "vals": out_vals,
            "top_cols": top_cols,
            "top_vals": top_vals,
        }
    )


def index_sorted(df: DataFrame, column: str, name: str) -> DataFrame:
    """``df`` with ``name``: each row's index (0, 1, ...) in the order of ``column``, which is unique.

    Sorted into ranges, counted per range, and numbered inside each range from the counts of the
    ranges before it: no step holds more than one range (Window.orderBy alone would hold all).
    """
    ordered = (
        df.orderBy(column).withColumn("_part", F.spark_partition_id()).persist(StorageLevel.MEMORY_AND_DISK)
    )
    sizes = dict(ordered.groupBy("_part").count().collect())
    offsets, total = {}, 0
    for part in sorted(sizes):
        offsets[part] = total
        total += sizes[part]
    offset = F.create_map(*[x for part, start in offsets.items() for x in (F.lit(part), F.lit(start))])
    inside = F.row_number().over(Window.partitionBy("_part").orderBy(column)) - 1
    if not offsets:
        return ordered.withColumn(name, F.lit(0).cast("long")).drop("_part")
    return ordered.withColumn(name, (offset[F.col("_part")] + inside).cast("long")).drop("_part")
