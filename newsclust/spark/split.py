"""Split on Spark: the same Splitter over each file's text, one file at a time in the workers.

A file is the unit: the splitter reads a dump from its first line to its last, so files are
spread over the executors and each is split whole (mapInPandas). Stories come out as rows with
the fields of ``Story.to_dict``, plus where they stand (``input``, ``position``) so that a
caller can put them back in the local engine's order.
"""

from __future__ import annotations

import io as stdio
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from newsclust.errors import DataError, InputError, NewsclustError
from newsclust.models import Part, Story, new_story

__all__ = ["STORY_SCHEMA", "read_files", "split_files", "split_inputs", "story_of_row"]

STORY_SCHEMA = (
    "input long, position long, id string, file string, title string, text string, start long, "
    "end long, source string, byline string, lang string, time string, confidence double, "
    "removed array<struct<kind:string,start:long,end:long,text:string>>, "
    "parts array<struct<kind:string,start:long,end:long>>, why array<string>, undated string"
)
_REMOVED_KINDS = ("headline", "body")


def split_files(df: DataFrame, *, explain: bool = False, **splitter_params: Any) -> DataFrame:
    """Stories of a DataFrame of files' text: columns ``path`` and ``text`` (decoded), and
    optionally ``name`` (what story ids start with; default the path without ``.txt``, as
    ``newsclust split`` names them) and ``input`` (an order of the files, kept in the output).

    Each row of the result is a story: the fields of ``newsclust split``'s JSON (``confidence``
    unrounded), ``position`` (its number in its file, from 0), ``parts`` and ``why`` when
    ``explain``, and ``undated`` (its timestamp text when it has one that could not be read).
    Order by ``input`` (or ``file``) and ``position`` for the local engine's order.
    """
    columns = set(df.columns)
    if not {"path", "text"} <= columns:
        raise DataError(f"split_files needs columns path and text; this DataFrame has {sorted(columns)}")
    from newsclust.formats import document_name

    name = F.col("name") if "name" in columns else F.lit(None).cast("string")
    order = F.col("input").cast("long") if "input" in columns else F.lit(None).cast("long")
    files = df.select(order.alias("input"), F.col("path"), name.alias("name"), F.col("text"))
    params = dict(splitter_params)

    def split_batches(batches: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        from newsclust.formats import _dated
        from newsclust.split import Splitter

        splitter = Splitter(**params)
        for batch in batches:
            records = []
            for order_, path, name_, text in zip(batch["input"], batch["path"], batch["name"], batch["text"]):
                stories = splitter.iter_stories([text or ""], name=name_ or document_name(path), file=path)
                for position, story in enumerate(stories):
                    undated: list[str] = []
                    story = _dated(story, undated)
                    records.append(_row_of_story(story, order_, position, undated, explain))
            yield pd.DataFrame.from_records(records, columns=_COLUMNS)

    return files.mapInPandas(split_batches, STORY_SCHEMA)


_COLUMNS = [
    "input", "position", "id", "file", "title", "text", "start", "end", "source", "byline", "lang",
    "time", "confidence", "removed", "parts", "why", "undated",
]  # fmt: skip


def _row_of_story(story: Story, order: Any, position: int, undated: list[str], explain: bool) -> dict:
    removed = [
        {"kind": p.kind, "start": p.start, "end": p.end, "text": t}
        for p, t in zip(story.parts, story.part_texts)
        if p.kind not in _REMOVED_KINDS
    ]
    why = None
    parts = None
    if explain:
        parts = [{"kind": p.kind, "start": p.start, "end": p.end} for p in story.parts]
        why = story.to_dict(explain=True)["why"]
    return {
        "input": None if _missing(order) else int(order),
        "position": position,
        "id": story.id,
        "file": story.file,
        "title": story.title,
        "text": story.text,
        "start": story.start,
        "end": story.end,
        "source": story.source,
        "byline": story.byline,
        "lang": story.lang,
        "time": story.time,
        "confidence": float(story.confidence),
        "removed": removed,
        "parts": parts,
        "why": why,
        "undated": undated[0] if undated else None,
    }


def _missing(value: Any) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


def story_of_row(row: Mapping[str, Any]) -> Story:
    """The Story a row of ``split_files`` holds, to write as ``newsclust split`` does: its
    ``to_dict`` is the local engine's record (``explain`` too, where the row has its parts)."""
    removed = row["removed"] or []
    texts = {(r["kind"], r["start"], r["end"]): r["text"] for r in removed}
    if row["parts"] is not None:
        parts = tuple(Part(p["kind"], p["start"], p["end"]) for p in row["parts"])
    else:
        parts = tuple(Part(r["kind"], r["start"], r["end"]) for r in removed)
    return new_story(
        {
            "id": row["id"],
            "file": row["file"],
            "title": row["title"],
            "text": row["text"],
            "start": row["start"],
            "end": row["end"],
            "source": row["source"],
            "byline": row["byline"],
            "lang": row["lang"],
            "confidence": row["confidence"],
            "parts": parts,
            "part_texts": tuple(texts.get(p, "") for p in parts),
            "reasons": tuple(row["why"] or ()),
            "time": row["time"],
        }
    )


def read_files(spark: SparkSession, paths: str | list[str], *, encoding: str | None = None) -> DataFrame:
    """(path, text) of the text files at ``paths`` (anything Spark reads: folders, globs, hdfs://,
    s3a://), decoded in the workers as ``newsclust split`` decodes a file (BOM, UTF-8 or 16,
    cp1258 or cp1252). Folders are read recursively for ``*.txt``. A file that cannot be decoded
    fails the job with its name."""
    reader = spark.read.format("binaryFile").option("recursiveFileLookup", "true")
    raw = reader.option("pathGlobFilter", "*.txt").load(paths).select("path", "content")

    def decode(batches: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        from newsclust.io import iter_decoded

        for batch in batches:
            texts = [
                "".join(iter_decoded(stdio.BytesIO(bytes(content)), path, encoding))
                for path, content in zip(batch["path"], batch["content"])
            ]
            yield pd.DataFrame({"path": batch["path"], "text": texts})

    return raw.mapInPandas(decode, "path string, text string")


def split_inputs(
    spark: SparkSession,
    paths: Iterable[str],
    *,
    encoding: str | None = None,
    columns: Mapping[str, str] | None = None,
    explain: bool = False,
    on_error: Callable[[NewsclustError], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> Iterator[Story]:
    """``newsclust.formats.split_inputs`` with the splitting on Spark: the same stories in the
    same order. Inputs are read here (they are the command line's local paths); the text of
    each dump goes to the executors, the records of JSON, CSV or a web page are stories already."""
    from newsclust import formats

    texts: list[tuple[int, str, str, str]] = []
    ready: dict[int, list[Story]] = {}
    for index, (path, folder) in enumerate(formats.input_files(paths, on_warning=on_warning)):
        try:
            document = formats.read_document(path, encoding=encoding, columns=columns, on_warning=on_warning)
            if document.articles is not None:
                ready[index] = [formats._story_of(article, path) for article in document.articles]
            else:
                texts.append((index, path, document.name, "".join(document.chunks or [])))
        except (InputError, DataError) as error:
            if on_error is None or (isinstance(error, DataError) and folder is None):
                raise
            on_error(error)
    found: dict[int, list[Story]] = {}
    undated: dict[int, list[str]] = {}
    if texts:
        frame = spark.createDataFrame(texts, "input long, path string, name string, text string")
        rows = split_files(frame, explain=explain).orderBy("input", "position").toLocalIterator()
        for row in rows:
            found.setdefault(row["input"], []).append(story_of_row(row))
            if row["undated"]:
                undated.setdefault(row["input"], []).append(row["undated"])
    paths_of = {index: path for index, path, _, _ in texts}
    for index in sorted(set(ready) | set(paths_of)):
        if index in ready:
            yield from ready[index]
            continue
        yield from found.get(index, [])
        if undated.get(index) and on_warning is not None:
            path = paths_of[index]
            on_warning(formats._unread_dates("stdin" if path == "-" else path, undated[index], "story"))
