"""What kind of file an input is, told by its first bytes before its name, and its bytes unpacked.

gzip and bz2 are known by their magic bytes whatever the name (``articles.jsonl.gz``, a ``.txt``
that is really gzip, gzip on stdin); the name inside (``articles.jsonl``) then says the rest where
the content does not: PDF, RTF, ZIP (DOCX, XLSX), old OLE2 Office files and HTML show themselves
in their first bytes, CSV, TSV and JSON by their name.
"""

from __future__ import annotations

import bz2
import gzip
import io
import os
import sys
import zipfile
from typing import IO

from newsclust.errors import InputError
from newsclust.io import open_binary

HEAD_BYTES = 4096

#: The kinds of input, by the reader each one goes to.
TEXT, JSON, CSV, TSV, XLSX, HTML, DOCX, RTF, PDF = (
    "text",
    "json",
    "csv",
    "tsv",
    "xlsx",
    "html",
    "docx",
    "rtf",
    "pdf",
)

_BY_SUFFIX = {
    ".txt": TEXT, ".text": TEXT, ".md": TEXT,
    ".json": JSON, ".jsonl": JSON, ".ndjson": JSON,
    ".csv": CSV, ".tsv": TSV, ".tab": TSV, ".xlsx": XLSX,
    ".html": HTML, ".htm": HTML, ".xhtml": HTML,
    ".docx": DOCX, ".rtf": RTF, ".pdf": PDF,
}  # fmt: skip
COMPRESSED_SUFFIXES = (".gz", ".bz2")
#: The files a folder is read for: every kind above, compressed or not.
SUFFIXES = tuple(_BY_SUFFIX) + tuple(s + c for s in _BY_SUFFIX for c in COMPRESSED_SUFFIXES)

_GZIP, _BZ2 = b"\x1f\x8b", b"BZh"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class _Rewound(io.RawIOBase):
    """A stream that cannot seek (stdin), with the bytes already read from it put back in front."""

    def __init__(self, head: bytes, rest: IO[bytes]):
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            count = min(len(buffer), len(self._head))
            buffer[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed and self._rest is not sys.stdin.buffer:
            self._rest.close()
        super().close()


def open_input(path: str, stdin: IO[bytes] | None = None) -> tuple[IO[bytes], str, str]:
    """Open ``path`` (``-`` for stdin) unpacked: ``(binary stream, kind, name inside)``.

    The kind comes from the first bytes of the unpacked data, else from the name without
    ``.gz``/``.bz2``, else it is text. Raises InputError naming the file when it cannot be opened.
    """
    stream = _open(path, stdin)
    name = "" if path == "-" else os.path.basename(path).lower()
    try:
        head, stream = _read_ahead(stream, 4)
        if head.startswith(_GZIP):
            stream = gzip.GzipFile(fileobj=stream, mode="rb")
            name = _without_compression(name)
        elif head.startswith(_BZ2):
            stream = bz2.BZ2File(stream, mode="rb")
            name = _without_compression(name)
        head, stream = _read_ahead(stream, HEAD_BYTES)
    except (OSError, EOFError) as error:
        stream.close()
        raise InputError(path, f"cannot be unpacked ({error})") from None
    return stream, kind_of(head, name, path), name


def kind_of(head: bytes, name: str, path: str = "<bytes>") -> str:
    """The kind of a file that starts with ``head`` and is called ``name`` (lower case).

    >>> kind_of(b"%PDF-1.4", "export.dat"), kind_of(b"title,body", "a.csv"), kind_of(b"Headline", "")
    ('pdf', 'csv', 'text')
    """
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"{\\rtf"):
        return RTF
    if head.startswith(b"PK\x03\x04"):
        return {".xlsx": XLSX, ".docx": DOCX}.get(os.path.splitext(name)[1], "zip")
    if head.startswith(_OLE2):
        raise InputError(
            path, "is an old Microsoft Office file (.doc or .xls); save it as .docx, .xlsx or text first"
        )
    suffix = os.path.splitext(name)[1]
    by_name = _BY_SUFFIX.get(suffix)
    if by_name is not None and by_name not in (TEXT, DOCX, XLSX, PDF, RTF):
        return by_name
    if _looks_like_html(head):
        return HTML
    if by_name in (DOCX, XLSX, PDF, RTF):
        raise InputError(path, f"is named {suffix} but is not a {suffix[1:].upper()} file")
    return TEXT


def zip_kind(stream: IO[bytes], path: str) -> tuple[str, bytes]:
    """DOCX or XLSX, from the parts inside a ZIP file; its bytes, for the reader to open."""
    data = stream.read()
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile:
        raise InputError(path, "is a damaged ZIP file") from None
    if "word/document.xml" in names:
        return DOCX, data
    if "xl/workbook.xml" in names:
        return XLSX, data
    raise InputError(path, "is a ZIP archive; unpack it and give its files or its folder")


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1024].lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return True
    return start.startswith(b"<") and any(tag in start for tag in (b"<html", b"<head", b"<body"))


def _without_compression(name: str) -> str:
    for suffix in COMPRESSED_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _open(path: str, stdin: IO[bytes] | None) -> IO[bytes]:
    return stdin if path == "-" and stdin is not None else open_binary(path)


def _read_ahead(stream: IO[bytes], size: int) -> tuple[bytes, IO[bytes]]:
    """The first ``size`` bytes of ``stream``, and a stream that gives them again, then the rest
    (stdin cannot seek back)."""
    head = stream.read(size)
    return head, io.BufferedReader(_Rewound(head, stream))
