"""Record formats: exports from news databases, where the format itself says where a story begins.

Beside the free-text splitter: a text whose first 64 KB read as an export (``sniff_export``) is
read record by record instead (``iter_export``), streamed, one story per record:

- LexisNexis, classic: each record opens with a centred "N of M DOCUMENTS" header (or "Dokument N
  von M", "Document N de M", ...), then the publication, the date (and edition) lines, the
  headline, fields ("BYLINE:", "SECTION:", "LENGTH:", or "HEADLINE:" and "BODY:"), the
  hard-wrapped body, "LOAD-DATE:", "LANGUAGE:", "PUBLICATION-TYPE:" and the copyright lines. A
  story starts at its header line. What precedes the first header (the download request, the
  search terms) is the first story's preamble.
- Nexis Uni (and LexisNexis exports saved from DOCX or RTF as text): each record opens with its
  headline, then the publication, the date, the copyright line, "Section:", "Length:",
  "Byline:", "Body" on a line of its own, the body, "Classification", "Language:",
  "Load-Date:", and ends with "End of Document". A story starts at its headline. A cover page
  that lists every headline ("1. Headline" over "Client/Matter:", "Search Terms:", "Search
  Type:", "Narrowed by:") is the first story's preamble.
- Labelled fields without either mark ("HEADLINE:" ... "BODY:" ... "LOAD-DATE:" blocks): a
  record ends after its closing fields and copyright; the next line opens the next one.
- Factiva: two-letter field codes ("HD" headline, "BY", "WC" word count, "PD" date, "SN"
  source, "SC", "LA", "CY" copyright, "LP" lead paragraph, "TD" text, "CO", "IN", "NS", "RE",
  and "AN" with "Document ..." ending the record), a code at the start of a line, its value
  after a tab or spaces, running on over the lines up to the next code. A story starts at its
  first field line (normally "HD"). Without codes ("Full Article/Report"), a record is its
  headline, the byline, "523 words", the date, the source, its code, the language, the
  copyright, the body and the "Document ..." line that closes it; a story starts at its first
  line.

Each record's parts: its headline ("headline"), the date line or date field ("timestamp"), the
publication and copyright lines ("attribution"), the byline field ("byline"), the body paragraphs
("body", joined into the story's text, the lines of a hard-wrapped paragraph joined by a space)
and every other line ("boilerplate"). A record without a headline takes its first body line as
title, with ``confidence`` 0.5. Text outside records (a cover page, a download request, page
furniture between records) is a ``preamble`` part of the story after it, lying before that
story's ``start``: nothing of the input is lost. A file that is only a cover page gives no story,
and an export cut off inside a record gives every record, the cut one too; both with an
``InputWarning``.

This module decides on the format and hands the lines to its reader: ``lexisnexis`` (classic,
Nexis Uni, labelled fields) or ``factiva``, over what they share in ``record_lines``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Final

from newsclust.models import Story
from newsclust.split.factiva import _FACTIVA, _FACTIVA_PLAIN, _factiva_plain_stories, _factiva_stories
from newsclust.split.lexisnexis import _END_MARK, _HEADER, _LABELLED, _LEXIS, _NEXIS_UNI, _lexis_stories
from newsclust.split.record_lines import _rows
from newsclust.split.shapes import _SENTENCE_END

#: How much of the start of a text (characters) decides whether it is an export.
SNIFF_CHARS: Final = 1 << 16

_SNIFF_HEADER: Final = re.compile(r"^[ \t]*" + _HEADER.pattern + r"[ \t]*$", re.MULTILINE | re.IGNORECASE)
_SNIFF_END_MARK: Final = re.compile(r"^[ \t]*" + _END_MARK.pattern + r"[ \t]*$", re.MULTILINE | re.IGNORECASE)
_SNIFF_LISTED: Final = re.compile(r"^[ \t]*1\.[ \t]+\S", re.MULTILINE)
_SNIFF_FIELD: Final = re.compile(
    r"^[ \t]*(HEADLINE|BYLINE|SECTION|LENGTH|BODY|LOAD-DATE|LANGUAGE|PUBLICATION-TYPE|KOP|TITRE|TITEL"
    r"|AUTOR|RUBRIK|LÄNGE|SPRACHE|LANGUE|LONGUEUR|RUBRIQUE|TAAL|LENGTE)[ \t]*:",
    re.MULTILINE,
)
_SNIFF_FIELD_WORDS: Final = (
    "HEADLINE", "BYLINE", "SECTION", "LENGTH", "BODY", "LOAD-DATE", "LANGUAGE", "PUBLICATION-TYPE", "KOP",
    "TITRE", "TITEL", "AUTOR", "RUBRIK", "LÄNGE", "SPRACHE", "LANGUE", "LONGUEUR", "RUBRIQUE", "TAAL",
    "LENGTE",
)  # fmt: skip
_SNIFF_COVER_WORDS: Final = (
    "Client/Matter", "Search Terms", "Search Type", "Narrowed by", "Job Number", "Date and Time",
    "Download Request", "Time Of Request", "Ausgabeauftrag", "Begriffe", "CLIENT/MATTER", "JOB NUMBER",
    "DOWNLOAD REQUEST", "Search terms", "Job number", "Download request",
)  # fmt: skip
# An export says so in its first lines: its cover page or download request, its first header, the
# first record's fields, or Factiva's codes. Text without any of these words there is free text.
_OPENING_CHARS: Final = 4000
_OPENING_WORDS: Final = (
    "DOCUMENT", "Dokument", "Document", "Download Request", "Job Number", "Client/Matter", "Date and Time",
    "HD\t", "HD ", "words", "Wörter", "mots", "palabras", "woorden", "Length", "LENGTH", "Byline", "BYLINE",
    "HEADLINE", "Body", "BODY", "LÄNGE", "LONGUEUR", "LENGTE", "KOP:", "TITRE:", "TITEL:", "Ausgabeauftrag",
)  # fmt: skip
# the words a header or an end mark cannot do without, as exports write them
_SNIFF_HEADER_WORDS: Final = ("DOCUMENT", "DOKUMENT", "Dokument ", "Document ", "Documento ", "Documenten ")
_SNIFF_END_WORDS: Final = (
    "of Document", "OF DOCUMENT", "of document", "des Dokuments", "du document", "del documento",
    "van document", "het document", "do documento",
)  # fmt: skip
_SNIFF_CODE: Final = re.compile(r"^(HD|BY|WC|PD|SN|SC|LA|CY|LP|TD|AN)(?:[ \t]|$)", re.MULTILINE)
_SNIFF_ACCESSION: Final = re.compile(
    r"^[ \t]*(?:Document|Dokument|Documento)\s+[A-Za-z0-9]{16,40}[ \t]*$", re.MULTILINE
)
_SNIFF_WORD_COUNT: Final = re.compile(
    r"^[ \t]*\d[\d,.]*\s+(?:words|Wörter|mots|palabras|parole|woorden|palavras|ord)[ \t]*$", re.M
)
_SNIFF_COVER: Final = re.compile(
    r"^[ \t]*(Client/Matter|Search Terms|Search Type|Narrowed by|Job Number|Date and Time"
    r"|Download Request|Time Of Request|Ausgabeauftrag|Begriffe|Terms)[ \t]*:",
    re.MULTILINE | re.IGNORECASE,
)


def read_sample(chunks: Iterator[str]) -> tuple[list[str], str]:
    """The first chunks of ``chunks`` holding at least ``SNIFF_CHARS`` characters (or all of
    them), and their text, to decide on before the chunks are read on."""
    head: list[str] = []
    size = 0
    for chunk in chunks:
        head.append(chunk)
        size += len(chunk)
        if size >= SNIFF_CHARS:
            break
    if head and len(head[0]) >= SNIFF_CHARS:
        return head, head[0][:SNIFF_CHARS]  # the usual case: no copy of the whole first chunk
    return head, "".join(head)[:SNIFF_CHARS]


def sniff_export(sample: str) -> str | None:
    """The export format the start of a text is in ("lexisnexis", "nexis-uni", "labelled",
    "factiva", "factiva-plain"), or None for free text.

    >>> sniff_export("                1 of 2 DOCUMENTS\\n\\nThe Herald\\n\\nLENGTH: 20 words\\n")
    'lexisnexis'
    >>> sniff_export("Rain returns\\nRain returned on Monday.\\n") is None
    True
    """
    # each pattern tries every position of the sample (half a millisecond per 64 KB): it runs only
    # where a plain search finds the words it needs, so that free text pays for little of it
    opening = sample[:_OPENING_CHARS]
    if not any(word in opening for word in _OPENING_WORDS):
        return None  # free text, told by its first lines alone
    text = sample.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    headers = 0
    if any(word in text for word in _SNIFF_HEADER_WORDS):
        for _ in _SNIFF_HEADER.finditer(text):
            headers += 1
            if headers > 1:
                break
    fields: list[str] = []
    if any(word in text for word in _SNIFF_FIELD_WORDS):
        fields = [match.group(1) for match in _SNIFF_FIELD.finditer(text)]
    covers: set[str] = set()
    if any(word in text for word in _SNIFF_COVER_WORDS):
        covers = {match.group(1).casefold() for match in _SNIFF_COVER.finditer(text)}
    if headers and (headers > 1 or fields):
        return _LEXIS
    if "download request" in covers and len(covers) > 1:
        return _LEXIS  # a download request with no record after it yet
    if any(word in text for word in _SNIFF_END_WORDS) and _SNIFF_END_MARK.search(text) is not None:
        return _NEXIS_UNI
    cover = {"client/matter", "search terms"} <= covers or "job number" in covers
    if cover and _SNIFF_LISTED.search(text) is not None:
        return _NEXIS_UNI  # a cover page that lists the headlines
    if text.startswith("HD") or "\nHD" in text:
        codes = {match.group(1) for match in _SNIFF_CODE.finditer(text)}
        if "HD" in codes and len(codes) >= 4:
            return _FACTIVA
    accession = "Document " in text or "Dokument " in text or "Documento " in text
    if accession and _SNIFF_ACCESSION.search(text) and _SNIFF_WORD_COUNT.search(text):
        return _FACTIVA_PLAIN
    headlines = sum(1 for field in fields if field in ("HEADLINE", "KOP", "TITRE", "TITEL"))
    closing = sum(1 for field in fields if field in ("BODY", "LENGTH", "LOAD-DATE", "LANGUAGE"))
    if headlines >= 2 and closing >= 2:
        return _LABELLED
    return None


def iter_export(
    chunks: Iterable[str], sample: str, export: str, *, name: str = "text", file: str | None = None
) -> Iterator[Story]:
    """The stories of an export in format ``export`` (see ``sniff_export``; ``sample`` is the
    start of the text, for the width of its hard-wrapped lines), one per record, each yielded as
    soon as its record is complete."""
    lines = sample.replace("\r\n", "\n").replace("\r", "\n").split("\n")[:2000]
    width = _file_wrap_width(lines) or 0
    rows = _rows(chunks)
    where = file or name
    if export == _FACTIVA:
        return _factiva_stories(rows, width, name, file, where)
    if export == _FACTIVA_PLAIN:
        return _factiva_plain_stories(rows, width, name, file, where)
    return _lexis_stories(rows, export, width, name, file, where)


def _file_wrap_width(pieces: list[str]) -> int | None:
    """The width an export's bodies were hard-wrapped at, or None for text whose lines run their
    length: an export comes out of one system, so one width holds for the whole file. Nearly every
    line is within a width of at most 120 characters, many of them close to it, and most of those
    end inside a sentence."""
    lines = [piece.rstrip() for piece in pieces if piece and not piece.isspace()]
    if len(lines) < 20:
        return None
    widths = sorted(map(len, lines))
    width = widths[len(widths) * 98 // 100 - 1]
    if width > 120:
        return None
    full = [line for line in lines if width - 10 <= len(line) <= width]
    open_ended = [line for line in full if line[-1] not in _SENTENCE_END]
    if len(full) < 0.3 * len(lines) or len(open_ended) < 0.6 * len(full):
        return None
    return width
