"""Factiva exports, record by record: with field codes ("HD", "PD", "SN", "TD", "AN Document
...") or without them ("Full Article/Report"), each record closed by its "Document ..." line (see
``newsclust.split.records``)."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import Final

from newsclust.errors import InputWarning
from newsclust.models import Story
from newsclust.split.record_lines import (
    _copyright_source,
    _is_copyright,
    _is_date,
    _joined,
    _paragraphs,
    _Row,
    _span_text,
    _story,
)

_FACTIVA: Final = "factiva"
_FACTIVA_PLAIN: Final = "factiva-plain"


# "Document EXTIME0020190304ef340000a": the accession number that closes a Factiva record
_ACCESSION: Final = re.compile(r"(?:Document|Dokument|Documento)\s+[A-Za-z0-9]{16,40}")


#: Factiva's field codes ("HD" headline, "TD" text, "AN" accession number, ...).
_FACTIVA_CODES: Final = frozenset(
    "CLM SE HD BY CR WC PD ET SN SC ED PG VOL LA CY LP TD CT RF CO IN NS RE IPC IPD PUB AN".split()
)
_FACTIVA_FIRST: Final = frozenset(code[0] for code in _FACTIVA_CODES)
# codes that, inside a body, also need a value of indexing codes ("i814 : Banking") to count
_FACTIVA_INDEXES: Final = frozenset("CO IN NS RE IPC IPD".split())
_INDEX_VALUE: Final = re.compile(r"\S+\s:\s")
_FACTIVA_PARTS: Final = {
    "HD": "headline", "BY": "byline", "PD": "timestamp", "ET": "timestamp", "SN": "attribution",
    "CY": "attribution", "LP": "body", "TD": "body",
}  # fmt: skip


def _factiva_code(text: str, in_body: bool) -> tuple[str, int]:
    """The Factiva field code a line opens with and where its value starts; ("", 0) if none."""
    if text[0] not in _FACTIVA_FIRST:
        return "", 0
    end = 0
    while end < len(text) and end < 4 and text[end].isalpha():
        end += 1
    code = text[:end]
    if code not in _FACTIVA_CODES or (end < len(text) and text[end] not in " \t"):
        return "", 0
    value = end
    while value < len(text) and text[value].isspace():
        value += 1
    if in_body and code in _FACTIVA_INDEXES and value < len(text) and not _INDEX_VALUE.match(text, value):
        return "", 0  # "IN the end, ..." opens a paragraph; an index field reads "i814 : Banking"
    return code, value


def _factiva_stories(
    rows: Iterator[_Row], width: int, name: str, file: str | None, where: str
) -> Iterator[Story]:
    """Records of a Factiva export: field codes, each record closed by its "AN Document ..." line.

    A complete record is held until the next one opens, so that lines after the last record (a
    search summary) can go with it."""
    record: list[_Row] = []
    outside: list[_Row] = []
    done: list[_Row] = []  # the last complete record, not yet yielded
    done_outside: list[_Row] = []
    number = 0
    in_body = False
    awaiting_accession = False  # an "AN" code on a line of its own: the number is on the next
    for row in rows:
        text = row.text
        if not record:
            code = _factiva_code(text, False)[0]
            if code and code != "AN":
                if done:
                    number += 1
                    yield _factiva_story(done, width, number, name, file, done_outside, [])
                    done = []
                record = [row]
                in_body = code in ("LP", "TD")
            else:
                outside.append(row)
            continue
        record.append(row)
        if awaiting_accession:
            awaiting_accession = False
            done, done_outside, record, outside = record, outside, [], []
            continue
        code, value = _factiva_code(text, in_body)
        if code:
            in_body = code in ("LP", "TD")
        if code == "AN" or (not code and _ACCESSION.fullmatch(text)):
            if code == "AN" and value >= len(text):
                awaiting_accession = True
                continue
            done, done_outside, record, outside = record, outside, [], []
    if done:
        number += 1
        # lines after the last record (a search summary): boilerplate at the end of its story
        yield _factiva_story(done, width, number, name, file, done_outside, [] if record else outside)
        if not record:
            outside = []
    if record:
        number += 1
        story = _factiva_story(record, width, number, name, file, outside, [])
        warnings.warn(
            f"{where}: the export ends inside record {number} ({story.title[:60]!r}), before its "
            '"AN Document ..." line: the download may have been cut off; the record is kept as a story',
            InputWarning,
            2,
        )
        yield story
    elif outside:
        warnings.warn(f"{where}: holds no Factiva records: nothing to split", InputWarning, 2)


def _factiva_story(
    rows: list[_Row],
    width: int,
    number: int,
    name: str,
    file: str | None,
    outside: list[_Row],
    trailing: list[_Row],
) -> Story:
    """The story of one Factiva record."""
    spaced = any(row.after_blank for row in rows[1:])
    fields: list[tuple[str, int, list[_Row]]] = []  # (code, value offset, rows)
    in_body = False
    for row in rows:
        code, value = _factiva_code(row.text, in_body)
        if code or not fields:
            fields.append((code, value, [row]))
            in_body = code in ("LP", "TD")
        else:
            fields[-1][2].append(row)
    parts: list[tuple[str, int, int, str]] = []
    title = ""
    source: str | None = None
    byline: str | None = None
    texts: list[str] = []
    body_paragraphs: list[tuple[int, int, str, str]] = []  # (start, end, span text, text)
    for code, value, field_rows in fields:
        row = field_rows[0]
        kind = _FACTIVA_PARTS.get(code, "boilerplate")
        if kind == "boilerplate" or not code:
            parts.append(("boilerplate", row.start, field_rows[-1].end, _span_text(field_rows)))
            continue
        parts.append(("boilerplate", row.start, row.start + len(code), code))
        value_rows = field_rows if value < len(row.text) else field_rows[1:]
        if not value_rows:
            continue
        if kind == "body":
            for paragraph in _paragraphs(value_rows, spaced, width):
                span_text = _span_text(paragraph)
                start = paragraph[0].start
                if paragraph[0] is row:
                    start, span_text = row.start + value, span_text[value:]
                body_paragraphs.append((start, paragraph[-1].end, span_text, " ".join(span_text.split())))
            continue
        span_text = _span_text(value_rows)
        start = value_rows[0].start
        if value_rows[0] is row:
            start, span_text = row.start + value, span_text[value:]
        flat = " ".join(span_text.split())
        if kind == "headline" and title:
            kind = "boilerplate"  # a second headline field
        if kind == "headline":
            title = flat
        elif kind == "byline":
            byline = byline or flat
        elif kind == "attribution" and code == "SN":
            source = flat
        elif kind == "attribution" and source is None:
            source = _copyright_source(flat)
        parts.append((kind, start, value_rows[-1].end, span_text))
    reasons: tuple[str, ...] = ("a record of a Factiva export (field codes HD, PD, SN, TD, AN)",)
    confidence = 1.0
    if not title and body_paragraphs:  # no headline: the first body line is the title, a guess
        start, _, span_text, _ = body_paragraphs[0]
        line_end = span_text.find("\n")
        first = span_text if line_end < 0 else span_text[:line_end].rstrip()
        parts.append(("headline", start, start + len(first), first))
        title = " ".join(first.split())
        rest = span_text[len(first) :]
        if rest.strip():
            offset = len(first) + len(rest) - len(rest.lstrip())
            rest_text = span_text[offset:]
            flat = " ".join(rest_text.split())
            body_paragraphs[0] = (start + offset, body_paragraphs[0][1], rest_text, flat)
        else:
            body_paragraphs.pop(0)
        confidence = 0.5
        reasons = (*reasons, "no HD field: the first body line is taken for the title")
    for start, end, span_text, flat in body_paragraphs:
        parts.append(("body", start, end, span_text))
        texts.append(flat)
    if trailing:
        parts.append(("boilerplate", trailing[0].start, trailing[-1].end, _span_text(trailing)))
        rows = [*rows, trailing[-1]]
    return _story(parts, outside, rows, number, name, file, title, "\n".join(texts), source, byline,
                  confidence, reasons)


# ------------------------------------------------------------------ Factiva, without codes

_WORD_COUNT: Final = re.compile(
    r"\d[\d,.]*\s+(?:words|Wörter|mots|palabras|parole|woorden|palavras|ord)", re.IGNORECASE
)
_CLOCK: Final = re.compile(r"\d{1,2}[:.]\d{2}(?:\s*(?:GMT|UTC|[AP]M))?", re.IGNORECASE)
_BY: Final = re.compile(r"(?:By|BY|Von|VON|Par|PAR|Por|POR|Door|Di|Av)\s+\S")
_SEARCH_SUMMARY: Final = ("search summary", "suchzusammenfassung", "résumé de la recherche")


def _factiva_plain_stories(
    rows: Iterator[_Row], width: int, name: str, file: str | None, where: str
) -> Iterator[Story]:
    """Records of a Factiva export without field codes ("Full Article/Report"): the headline,
    the byline, "523 words", the date, the source, its code, the language, the copyright, the
    body, and the "Document ..." line that closes the record."""
    record: list[_Row] = []
    done: list[_Row] = []
    number = 0
    for row in rows:
        if done and not record and row.text.casefold() in _SEARCH_SUMMARY:
            record = [row]  # a search summary after the last record, unless more records follow
            continue
        record.append(row)
        if _ACCESSION.fullmatch(row.text):
            if done:
                number += 1
                yield _factiva_plain_story(done, width, number, name, file, [])
            done, record = record, []
    trailing: list[_Row] = []
    if record and record[0].text.casefold() in _SEARCH_SUMMARY:
        trailing, record = record, []
    if done:
        number += 1
        yield _factiva_plain_story(done, width, number, name, file, trailing)
    if record:
        number += 1
        story = _factiva_plain_story(record, width, number, name, file, [])
        warnings.warn(
            f"{where}: the export ends inside record {number} ({story.title[:60]!r}), before its "
            '"Document ..." line: the download may have been cut off; the record is kept as a story',
            InputWarning,
            2,
        )
        yield story


def _factiva_plain_story(
    rows: list[_Row], width: int, number: int, name: str, file: str | None, trailing: list[_Row]
) -> Story:
    """The story of one Factiva record without codes."""
    spaced = any(row.after_blank for row in rows[1:])
    kinds = ["body"] * len(rows)
    if _ACCESSION.fullmatch(rows[-1].text):
        kinds[-1] = "boilerplate"
    words_at = next((i for i, row in enumerate(rows[:6]) if _WORD_COUNT.fullmatch(row.text)), -1)
    source: str | None = None
    byline: str | None = None
    confidence = 1.0
    reasons: tuple[str, ...] = ("a record of a Factiva export (\"N words\" ... \"Document ...\")",)
    if words_at > 0:
        kinds[words_at] = "boilerplate"
        title_at = words_at - 1
        if title_at > 0 and _BY.match(rows[title_at].text):
            kinds[title_at] = "byline"
            byline = rows[title_at].text
            title_at -= 1
        for i in range(title_at):
            kinds[i] = "boilerplate"  # a section over the headline
        kinds[title_at] = "headline"
        # the date, the time, the source and its code, page, language, the copyright
        i = words_at + 1
        end = min(len(rows) - 1, i + 9)
        copyright_at = next((j for j in range(i, end) if _is_copyright(rows[j].text)), -1)
        last = copyright_at if copyright_at >= 0 else min(end, i + 4) - 1
        for j in range(i, last + 1):
            text = rows[j].text
            if _is_copyright(text):
                kinds[j] = "attribution"
            elif _is_date(text) or _CLOCK.fullmatch(text):
                kinds[j] = "timestamp"
            elif source is None and len(text) <= 80:
                kinds[j] = "attribution"
                source = text
            elif len(text) <= 60:
                kinds[j] = "boilerplate"
            else:
                break
        if source is None and copyright_at >= 0:
            source = _copyright_source(rows[copyright_at].text)
    else:
        kinds[0] = "headline"
        confidence = 0.5
        reasons = (*reasons, "no word count under a headline: the first line is taken for the title")
    parts: list[tuple[str, int, int, str]] = []
    texts: list[str] = []
    title = ""
    body: list[_Row] = []
    for row, kind in zip(rows, kinds):
        if kind == "body":
            body.append(row)
            continue
        if body:
            for paragraph in _paragraphs(body, spaced, width):
                parts.append(("body", paragraph[0].start, paragraph[-1].end, _span_text(paragraph)))
                texts.append(_joined(paragraph))
            body = []
        if kind == "headline":
            title = row.text
        parts.append((kind, row.start, row.end, row.text))
    for paragraph in _paragraphs(body, spaced, width):
        parts.append(("body", paragraph[0].start, paragraph[-1].end, _span_text(paragraph)))
        texts.append(_joined(paragraph))
    if trailing:
        parts.append(("boilerplate", trailing[0].start, trailing[-1].end, _span_text(trailing)))
        rows = [*rows, trailing[-1]]
    return _story(parts, [], rows, number, name, file, title, "\n".join(texts), source, byline,
                  confidence, reasons)
