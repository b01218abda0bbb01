"""Spreadsheets of articles: CSV and TSV (the standard library's csv module), and Excel's .xlsx.

One row is one article. Columns are found by their header, in any case: ``title``/``headline``,
``text``/``body``/``content``, ``lede``/``summary``/``description``, ``date``/``time``/``published``,
``source``/``outlet``, ``id``, ``url``, ``lang``, ``author``; ``--columns title=Headline,text=Story``
names them where the headers say otherwise. A row without an id is ``FILE#ROW`` (rows counted
from 1 below the header).
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterable, Mapping, Sequence

from newsclust.errors import DataError, NewsclustError

#: The fields an article is made of, and the headers that name each one (compared case-folded,
#: with spaces, hyphens and dots read as underscores).
HEADERS: Mapping[str, tuple[str, ...]] = {
    "id": ("id", "article_id", "doc_id", "guid", "uid", "uuid", "key"),
    "title": ("title", "headline", "heading", "head", "tiêu_đề", "tieu_de", "titre", "titel", "título"),
    "lede": ("lede", "lead", "summary", "description", "abstract", "sapo", "standfirst", "tóm_tắt", "teaser"),
    "text": ("text", "body", "content", "article", "story", "full_text", "fulltext", "article_text",
             "body_text", "nội_dung", "noi_dung", "contenu"),
    "time": ("date", "time", "published", "published_at", "publish_date", "published_date", "pubdate",
             "pub_date", "datetime", "timestamp", "date_published", "created_at", "ngày", "ngay",
             "thời_gian"),
    "source": ("source", "outlet", "publisher", "publication", "site", "site_name", "sitename", "media",
               "newspaper", "nguồn", "nguon"),
    "url": ("url", "link", "href", "permalink", "page_url"),
    "lang": ("lang", "language", "ngôn_ngữ"),
    "author": ("author", "authors", "byline", "writer", "tác_giả", "tac_gia"),
}  # fmt: skip
FIELDS = tuple(HEADERS)
_SNIFF_CHARS = 1 << 16


def parse_columns(spec: str | None) -> dict[str, str]:
    """``{"title": "Headline", "text": "Story"}`` from ``"title=Headline,text=Story"``.

    >>> parse_columns("title=Headline, text=Story")
    {'title': 'Headline', 'text': 'Story'}
    """
    columns: dict[str, str] = {}
    for item in (spec or "").split(","):
        if not item.strip():
            continue
        field, equals, header = item.partition("=")
        field = field.strip().casefold()
        if field == "date":
            field = "time"
        if not equals or not header.strip():
            raise NewsclustError(f"--columns: {item.strip()!r} is not FIELD=HEADER (as in title=Headline)")
        if field not in HEADERS:
            raise NewsclustError(f"--columns: {field!r} is not a field; the fields are {', '.join(FIELDS)}")
        columns[field] = header.strip()
    return columns


def read_table(
    text: str, path: str, *, delimiter: str | None = None, columns: Mapping[str, str] | None = None
) -> list[dict[str, str]]:
    """The rows of CSV or TSV ``text`` as ``{field: value}`` (fields of ``HEADERS``, plus ``row``).

    ``delimiter`` None sniffs it (comma, semicolon, tab or bar). Quoted fields may hold newlines.
    """
    if delimiter is None:
        delimiter = _sniff_delimiter(text[:_SNIFF_CHARS])
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # an article's text can pass csv's 128 KB
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return rows_to_records(reader, path, columns)
    except csv.Error as error:
        raise DataError(
            f"{path}: not readable as {'TSV' if delimiter == chr(9) else 'CSV'} "
            f"(line {reader.line_num}: {error})"
        ) from None


def read_xlsx(data: bytes, path: str, *, columns: Mapping[str, str] | None = None) -> list[dict[str, str]]:
    """The rows of the first sheet of an Excel workbook, as ``read_table`` gives them."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        rows = (
            ["" if cell is None else _cell_text(cell) for cell in row]
            for row in sheet.iter_rows(values_only=True)
        )
        return rows_to_records(rows, path, columns)
    finally:
        book.close()


def rows_to_records(
    rows: Iterable[Sequence[str]], path: str, columns: Mapping[str, str] | None = None
) -> list[dict[str, str]]:
    """Records from rows whose first row is the header; blank rows are left out."""
    rows = iter(rows)
    header = next(rows, None)
    if header is None:
        return []
    where = _column_indexes(list(header), path, columns or {})
    records = []
    for number, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            continue
        record = {field: row[index].strip() for field, index in where.items() if index < len(row)}
        record["row"] = str(number)
        records.append(record)
    return records


def _column_indexes(header: list[str], path: str, columns: Mapping[str, str]) -> dict[str, int]:
    keys = [_key(name) for name in header]
    where: dict[str, int] = {}
    for field, names in HEADERS.items():
        if field in columns:
            wanted = _key(columns[field])
            if wanted not in keys:
                raise DataError(
                    f"{path}: no column {columns[field]!r} (--columns {field}=...); "
                    f"its columns are {_listed(header)}"
                )
            where[field] = keys.index(wanted)
            continue
        for name in names:
            if name in keys:
                where[field] = keys.index(name)
                break
    if "text" not in where and "lede" not in where:
        raise DataError(
            f"{path}: no column of article text among {_listed(header)}; "
            "name it with --columns text=COLUMN (or give a header such as text, body or content)"
        )
    return where


def _key(header: str) -> str:
    folded = header.strip().lstrip("\ufeff").casefold()
    return "_".join(folded.replace("-", " ").replace(".", " ").split())


def _listed(header: list[str]) -> str:
    shown = ", ".join(repr(name) for name in header[:12])
    return shown + (f" and {len(header) - 12} more" if len(header) > 12 else "") if header else "(none)"


def _sniff_delimiter(sample: str) -> str:
    # the sniffer needs whole lines: a sample cut inside a quoted field confuses it
    cut = sample.rfind("\n")
    try:
        return csv.Sniffer().sniff(sample[: cut if cut > 0 else len(sample)], delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _cell_text(value) -> str:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
