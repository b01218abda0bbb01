"""The spark-submit entry point: split dumps or cluster articles from and to any path Spark reads.

    JOB=$(python -c 'import newsclust.spark.job as job; print(job.__file__)')
    spark-submit --master spark://host:7077 "$JOB" cluster s3a://news/articles/ s3a://news/out/
    python -m newsclust.spark split hdfs:///dumps/ hdfs:///stories/ --master local[4]

``split INPUT OUTPUT``: the ``*.txt`` files below INPUT (decoded in the workers as newsclust
decodes a file), their stories written to OUTPUT. ``cluster INPUT OUTPUT``: articles from
Parquet (columns id, title, text and optionally lede, source, time, lang) or JSON Lines (the
records ``newsclust cluster`` reads; each needs an id), written as OUTPUT/threads (the records
``newsclust cluster`` prints) and OUTPUT/articles (id, event, thread). ``--format`` is the
output's; the input's is told by its name (``.parquet`` or a folder of them, else JSON Lines)
or ``--input-format``. Exit 1 with one line on a newsclust error, as the command does.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import Any

from newsclust.errors import NewsclustError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsclust.spark", description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=["split", "cluster"])
    parser.add_argument("input", help="a file, folder or glob Spark reads (local, hdfs://, s3a://)")
    parser.add_argument("output", help="a folder to write (it must not exist, unless --overwrite)")
    parser.add_argument("--format", choices=["parquet", "jsonl"], default="parquet", help="of the output")
    parser.add_argument("--input-format", choices=["parquet", "jsonl"], help="cluster: of the input")
    parser.add_argument("--master", help="Spark master; default: spark-submit's, else local[*]")
    parser.add_argument("--overwrite", action="store_true", help="replace OUTPUT")
    parser.add_argument("--encoding", help="split: decode the dumps with this codec (default: detect)")
    parser.add_argument("--threshold", type=float, help="cluster: as `newsclust cluster --threshold`")
    parser.add_argument("--event-threshold", type=float, help="cluster: as `newsclust cluster`")
    parser.add_argument("--min-size", type=int, default=1, help="cluster: leave out smaller threads")
    args = parser.parse_args(argv)
    try:
        run(args)
    except NewsclustError as error:
        print(f"newsclust: {error}", file=sys.stderr)
        return 1
    except Exception as error:
        if not type(error).__module__.startswith("pyspark.errors"):
            raise
        # Spark's own errors (a path that does not exist, an output that does): their first line
        print(f"newsclust: {str(error).strip().splitlines()[0]}", file=sys.stderr)
        return 1
    return 0


def run(args: argparse.Namespace) -> None:
    from newsclust.spark.session import require_spark, session

    require_spark()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    spark = (
        active if active is not None and args.master is None else session(args.master or _default_master())
    )
    mode = "overwrite" if args.overwrite else "errorifexists"
    if args.step == "split":
        from newsclust.spark.split import read_files, split_files

        stories = split_files(read_files(spark, args.input, encoding=args.encoding))
        _write(stories.drop("parts", "why"), args.output, args.format, mode)
        return
    from newsclust import defaults
    from newsclust.spark.cluster import cluster_articles

    params: dict[str, Any] = {"min_size": args.min_size}
    params["threshold"] = defaults.THRESHOLD if args.threshold is None else args.threshold
    if args.event_threshold is not None:
        params["event_threshold"] = args.event_threshold
    found = cluster_articles(read_articles(spark, args.input, args.input_format), **params)
    _write(found.threads, args.output.rstrip("/") + "/threads", args.format, mode)
    _write(found.articles, args.output.rstrip("/") + "/articles", args.format, mode)


def read_articles(spark: Any, path: str, kind: str | None = None) -> Any:
    """Articles at ``path``: Parquet as it is, JSON Lines through newsclust's own record reader
    (so fields and times are read as ``newsclust cluster`` reads them)."""
    kind = kind or (
        "parquet" if path.rstrip("/").endswith(".parquet") or _has_parquet(spark, path) else "jsonl"
    )
    if kind == "parquet":
        return spark.read.parquet(path)
    from newsclust.spark.cluster import ARTICLE_SCHEMA

    lines = spark.read.text(path).selectExpr("value", "input_file_name() AS file")

    def parse(batches: Iterator[Any]) -> Iterator[Any]:
        import json

        import pandas as pd

        from newsclust.errors import DataError
        from newsclust.formats import _iso_times
        from newsclust.io import _article_from_record

        for batch in batches:
            rows = []
            for line, file in zip(batch["value"], batch["file"]):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    raise DataError(f"{file}: a line is not JSON: {line[:60]!r}") from None
                if not isinstance(record, dict) or record.get("id") is None:
                    raise DataError(f"{file}: every record needs an id on Spark: {line[:60]!r}")
                (article,) = _iso_times([_article_from_record(record, file, 0)], file, None)
                rows.append((article.id, article.title, article.text, None, article.source, article.time,
                             article.lang))  # fmt: skip
            yield pd.DataFrame(rows, columns=["id", "title", "text", "lede", "source", "time", "lang"])

    return lines.mapInPandas(parse, ARTICLE_SCHEMA)


def _has_parquet(spark: Any, path: str) -> bool:
    hadoop = spark.sparkContext._jvm.org.apache.hadoop.fs
    target = hadoop.Path(path)
    fs = target.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    if not fs.exists(target) or not fs.getFileStatus(target).isDirectory():
        return False
    return any(str(status.getPath().getName()).endswith(".parquet") for status in fs.listStatus(target))


def _write(frame: Any, path: str, kind: str, mode: str) -> None:
    writer = frame.write.mode(mode)
    if kind == "parquet":
        writer.parquet(path)
    else:  # null fields written as null: the records `newsclust cluster` prints
        writer.option("ignoreNullFields", "false").json(path)


def _default_master() -> str:
    return "local[*]"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
