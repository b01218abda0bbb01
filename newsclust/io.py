"""Reading inputs (paths, folders, ``-``), decoding their bytes, and writing JSON records.

Decoding never alters the text beyond turning bytes into characters, so every offset the other
steps report points into exactly the string these functions return.
"""

from __future__ import annotations

import codecs
import json
import os
import sys
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from newsclust.errors import DataError, InputError, InputWarning, NewsclustError
from newsclust.models import Article
from newsclust.normalize import story_lang

STDIN = "-"
SNIFF_BYTES = 1 << 16
CHUNK_BYTES = 1 << 20

# Bytes that cp1258 spends on Vietnamese (ă â đ ơ ư and the five combining tone marks) and that
# cp1252 spends on rarely used Western letters (ã ð õ ý Ì ò Þ ...): their share of the high bytes
# tells the two legacy encodings apart.
_CP1258_SIGNATURE = frozenset(
    b"\xc3\xe3\xd0\xf0\xd5\xf5\xdd\xfd\xcc\xec\xd2\xf2\xde\xfe\xc2\xe2\xca\xea\xd4\xf4"
)
_CONTROL_BYTES = frozenset(range(0, 32)) - frozenset(b"\t\n\r\f\x1a")


def expand_paths(paths: Iterable[str], suffixes: tuple[str, ...] = (".txt",)) -> list[str]:
    """Files named directly, plus every file with one of ``suffixes`` below each folder, sorted.

    Sorting makes the output independent of the order the user (or the shell) listed inputs in.
    ``-`` stays first, where given.
    """
    files: set[str] = set()
    stdin = False
    for path in paths:
        if path == STDIN:
            stdin = True
        elif os.path.isdir(path):
            for folder, subfolders, names in os.walk(path):
                subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
                files.update(
                    os.path.join(folder, n)
                    for n in names
                    if n.lower().endswith(suffixes) and not n.startswith(".")
                )
        else:
            files.add(path)
    return ([STDIN] if stdin else []) + sorted(files, key=lambda p: os.path.normpath(p))


def input_name(path: str) -> str:
    """The name stories from ``path`` carry: the path as given, without ``.txt``; ``stdin`` for ``-``."""
    if path == STDIN:
        return "stdin"
    name = os.path.normpath(path)
    return name[:-4] if name.lower().endswith(".txt") else name


def sniff_encoding(sample: bytes, path: str = "<bytes>") -> str:
    """Name the codec for a file that starts with ``sample``; raise InputError for binary data.

    >>> sniff_encoding("Tiếng Việt".encode("utf-8"))
    'utf-8'
    >>> sniff_encoding(b"\\xff\\xfeh\\x00i\\x00")
    'utf-16'
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    nuls = sample.count(b"\x00")
    controls = sum(1 for b in sample if b in _CONTROL_BYTES) - nuls
    # a stray NUL byte in text (a broken copy, a database export) is text; NULs throughout are not
    if nuls > max(1, len(sample) // 1000) or controls > max(8, len(sample) // 100):
        raise InputError(path, "looks like a binary file, not text (give --encoding if it is text)")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    high = [b for b in sample if b >= 0x80]
    vietnamese = sum(1 for b in high if b in _CP1258_SIGNATURE)
    return "cp1258" if high and vietnamese / len(high) > 0.5 else "cp1252"


def open_binary(path: str) -> IO[bytes]:
    """``path`` opened for reading bytes (stdin for ``-``); InputError naming it when it cannot be."""
    if path == STDIN:
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except IsADirectoryError:
        raise InputError(
            path, "is a folder; give the folder itself as an input, not inside a file list"
        ) from None
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as error:
        raise InputError(path, error.strerror or str(error)) from None


def iter_text(path: str, encoding: str | None = None, chunk_bytes: int = CHUNK_BYTES) -> Iterator[str]:
    """Decode ``path`` (or stdin for ``-``) chunk by chunk, so a file of any size streams.

    The concatenation of the chunks is the file's decoded text; a UTF-8 BOM is dropped.
    Raises InputError naming the file if it cannot be read or decoded. NUL bytes in a file of
    an 8-bit encoding are decoded (as U+0000) and reported once with an ``InputWarning``.
    """
    stream = open_binary(path)
    try:
        yield from iter_decoded(stream, path, encoding, chunk_bytes)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def iter_decoded(
    stream: IO[bytes], path: str, encoding: str | None = None, chunk_bytes: int = CHUNK_BYTES
) -> Iterator[str]:
    """Decode an open binary ``stream`` chunk by chunk, as ``iter_text`` does; errors name ``path``."""
    try:
        first = stream.read(SNIFF_BYTES)
        codec = encoding or sniff_encoding(first, path)
        look_for_nul = not codec.startswith(("utf-16", "utf-32"))
        try:
            decoder = codecs.getincrementaldecoder(codec)(errors="strict")
        except LookupError:
            raise InputError(path, f"unknown encoding {codec!r}") from None
        consumed = 0
        block = first
        while True:
            final = not block
            try:
                chunk = decoder.decode(block, final=final)
            except UnicodeDecodeError as error:
                at = consumed + error.start
                hint = "" if encoding else "; give --encoding if it is text in another encoding"
                raise InputError(path, f"cannot be decoded as {codec} at byte {at}{hint}") from None
            if look_for_nul and b"\x00" in block:
                look_for_nul = False
                at = consumed + block.index(b"\x00")
                warnings.warn(
                    f"{path}: holds a NUL byte (at byte {at}), read as the character U+0000; "
                    "the rest is read as text",
                    InputWarning,
                    2,
                )
            consumed += len(block)
            if chunk:
                yield chunk
            if final:
                return
            block = stream.read(chunk_bytes)
    except OSError as error:
        raise InputError(path, error.strerror or str(error)) from None


def read_text(path: str, encoding: str | None = None) -> str:
    """The whole decoded text of ``path`` (``-`` for stdin)."""
    return "".join(iter_text(path, encoding))


def write_json(records: Iterable[dict[str, Any]], out: IO[str], *, lines: bool = False) -> int:
    """Write ``records`` as one JSON array (default) or as JSON Lines, flushing as they come.

    Records are written as they arrive from the iterable, so a generator streams. Returns how many
    records were written.
    """
    count = 0
    if lines:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            out.flush()
            count += 1
        return count
    for record in records:
        out.write("[\n  " if count == 0 else ",\n  ")
        out.write(json.dumps(record, ensure_ascii=False))
        count += 1
    out.write("[]\n" if count == 0 else "\n]\n")
    out.flush()
    return count


#: The columns of ``--csv``/``--tsv``: one row a story (split), one row an article (cluster).
STORY_COLUMNS = (
    "id", "file", "title", "time", "source", "byline", "lang", "start", "end", "confidence", "text"
)
ARTICLE_COLUMNS = ("thread_id", "thread_label", "event_id", "article_id", "title", "source", "time",
                   "similarity", "duplicate_of")


def write_rows(
    rows: Iterable[dict[str, Any]], out: IO[str], columns: Iterable[str], *, delimiter: str = ","
) -> int:
    """Write ``rows`` as CSV (or TSV with ``delimiter="\\t"``) under a header of ``columns``, with
    the csv module's quoting (fields holding newlines, quotes or the delimiter are quoted), as
    sqlite-utils does; None is an empty cell. Returns how many rows were written."""
    import csv

    columns = list(columns)
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row[c] for c in columns])
        count += 1
    out.flush()
    return count


def thread_rows(threads: Iterable[Any], times: dict[str, str | None]) -> Iterator[dict[str, Any]]:
    """One row for each article of each thread: its thread, its event, and itself (``times`` by
    article id, which cluster's threads do not carry)."""
    for thread in threads:
        event_of = {article_id: event.id for event in thread.events for article_id in event.articles}
        for article in thread.articles:
            yield {
                "thread_id": thread.id,
                "thread_label": thread.label,
                "event_id": event_of.get(article.id),
                "article_id": article.id,
                "title": article.title,
                "source": article.source,
                "time": times.get(article.id),
                "similarity": article.similarity,
                "duplicate_of": article.duplicate_of,
            }


def safe_file_name(title: str, number: int, limit: int = 80) -> str:
    """A file name for a story: its number, then its headline made safe for any file system.

    >>> safe_file_name("Taliban phủ nhận / ../../etc", 3)
    '0003-taliban-phủ-nhận-etc.txt'
    """
    slug = unicodedata.normalize("NFC", title).casefold()
    slug = "".join(ch if ch.isalnum() else "-" for ch in slug)
    slug = "-".join(part for part in slug.split("-") if part)[:limit].strip("-")
    return f"{number:04d}-{slug or 'story'}.txt"


def prepare_output_dir(folder: str, *, force: bool) -> None:
    """Create ``folder``; refuse a folder that already holds files unless ``force``."""
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise NewsclustError(f"{folder}: exists and is not a folder")
    if os.path.isdir(folder) and os.listdir(folder) and not force:
        raise NewsclustError(f"{folder}: folder is not empty; use --force to write into it anyway")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as error:
        raise NewsclustError(f"{folder}: cannot create folder: {error.strerror}") from None


def write_story_file(folder: str, file_name: str, title: str, text: str) -> str:
    """Write one story as UTF-8 text, headline on the first line; return its path."""
    path = os.path.join(folder, file_name)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(title + "\n" + text + ("\n" if text and not text.endswith("\n") else ""))
    return path


# -- articles for ``cluster`` ------------------------------------------------------------------------

ARTICLE_SUFFIXES = (".txt",)
JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")


def read_articles(
    paths: Iterable[str],
    *,
    encoding: str | None = None,
    on_error: Callable[[InputError], None] | None = None,
) -> list[Article]:
    """Articles from every input (``newsclust.formats.read_articles``, which reads every kind:
    folders of .txt files, JSON, CSV, web pages, exports; ``-`` for split's JSON on stdin)."""
    from newsclust.formats import read_articles as read_every_kind

    return read_every_kind(paths, encoding=encoding, on_error=on_error)


def parse_article_records(text: str, name: str) -> list[Article]:
    """Articles from a JSON array, one JSON object, or JSON Lines; DataError says what is wrong."""
    stripped = text.strip()
    if not stripped:
        return []
    try:
        data = json.loads(stripped)
        records = data if isinstance(data, list) else [data]
    except json.JSONDecodeError as error:
        records = []
        # JSON Lines are lines at "\n" only: str.splitlines would also cut at U+2028 and U+2029,
        # which JSON strings may hold as they are (scraped text often does).
        for number, line in enumerate(stripped.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:
                raise DataError(
                    f"{name} is not JSON (line {number}: {error.msg if number == 1 else 'bad JSON Lines'}); "
                    "give the JSON that `newsclust split` prints, a JSON array or JSON Lines of articles"
                ) from None
    return [_article_from_record(record, name, index) for index, record in enumerate(records, start=1)]


def _article_from_record(record: Any, name: str, index: int) -> Article:
    if not isinstance(record, dict):
        raise DataError(f"{name}: record {index} is not a JSON object with id, title and text")
    lede, body = record.get("lede") or "", record.get("body") or ""
    text = record.get("text") or "\n".join(part for part in (lede, body) if part)
    if not isinstance(text, str) or not text.strip():
        # a story split found with nothing under its headline is clustered on its headline
        text = record.get("title") if isinstance(record.get("title"), str) else ""
    if not text.strip():
        shown = record.get("id", "no id")
        raise DataError(
            f"{name}: record {index} ({shown}) has no text nor title (give text, or lede and body)"
        )
    article_id = record.get("id")
    time = record.get("time") or record.get("date")
    title = str(record.get("title") or "")
    return Article(
        id=str(article_id) if article_id is not None else f"{name}#{index}",
        title=title,
        text=text,
        source=record.get("source") or None,
        time=str(time) if time is not None else None,
        lang=(record.get("lang") or None) if "lang" in record else story_lang(title, text),
    )
