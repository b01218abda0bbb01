"""LexisNexis and Nexis Uni exports, record by record: records opened by "N of M DOCUMENTS"
headers (classic), closed by "End of Document" (Nexis Uni, and exports saved from DOCX or RTF), or
made of labelled fields (see ``newsclust.split.records``)."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import Final

from newsclust.errors import InputWarning
from newsclust.models import Story
from newsclust.split.record_lines import (
    _continues,
    _copyright_source,
    _is_copyright,
    _is_date,
    _joined,
    _paragraphs,
    _Row,
    _span_text,
    _story,
)

_LEXIS: Final = "lexisnexis"
_NEXIS_UNI: Final = "nexis-uni"
_LABELLED: Final = "labelled"


# "1 of 10 DOCUMENTS", "Dokument 1 von 10", "Document 1 de 10", "1 van 10 DOCUMENTEN"
_OF: Final = r"(?:of|von|de|di|van|sur|af|av|z|z\s+)"
_HEADER: Final = re.compile(
    r"(?:(\d+)\s+" + _OF + r"\s+(\d+)\s+(?:DOCUMENTS?|DOKUMENTE?|DOCUMENTOS?|DOCUMENTI|DOCUMENTEN)"
    r"|(?:Dokument|Document|Documento|Documenten)\s+(\d+)\s+" + _OF + r"\s+(\d+))",
    re.IGNORECASE,
)
_END_MARK: Final = re.compile(
    r"(?:End\s+of\s+Document|Ende\s+des\s+Dokuments|Fin\s+du\s+document|Fin\s+del\s+documento"
    r"|Einde\s+van\s+(?:het\s+)?document|Fine\s+del\s+documento|Fim\s+do\s+documento)",
    re.IGNORECASE,
)


_LISTED: Final = re.compile(r"(\d{1,5})\.\s+(\S.*)")  # "1. Headline" on a cover page
_DOCUMENT_COUNT: Final = re.compile(r"(?:Documents?|Dokumente?|Documentos?)\s*\(\d+\)", re.IGNORECASE)


# The labels of LexisNexis fields, by what the line is; in English, German, French, Dutch,
# Spanish, Italian and Portuguese. "head" fields come before the body, "tail" fields after it.
_LABEL_ROLES: Final = {
    **dict.fromkeys(
        ("headline", "kop", "titre", "titel", "überschrift", "titular", "título", "titolo"), "headline"
    ),
    **dict.fromkeys(("byline", "author", "autor", "auteur", "autore", "signature", "auteurs"), "byline"),
    **dict.fromkeys(("date", "datum", "fecha", "data", "publication-date"), "date"),
    **dict.fromkeys(("body", "text", "texte", "tekst", "testo", "texto", "corps"), "body"),
    **dict.fromkeys(
        (
            "section", "length", "dateline", "highlight", "edition", "series", "column", "type",
            "rubrik", "länge", "untertitel", "rubrique", "longueur", "sectie", "lengte", "rubriek",
            "sección", "longitud", "sezione", "lunghezza", "seção", "tamanho", "ort", "lieu",
        ),
        "head",
    ),  # fmt: skip
    **dict.fromkeys(
        (
            "load-date", "ladedatum", "date de chargement", "laaddatum", "fecha de carga",
            "data di caricamento", "data de carregamento",
        ),
        "load-date",
    ),  # fmt: skip
    **dict.fromkeys(
        (
            "language", "publication-type", "journal-code", "graphic", "correction-date", "correction",
            "notes", "document-type", "subject", "organization", "person", "geographic", "industry",
            "company", "ticker", "city", "state", "country", "url", "acc-no", "distribution",
            "sprache", "publikationstyp", "dokumenttyp", "grafik", "update", "langue",
            "type de publication", "taal", "publicatietype", "idioma", "tipo de publicación",
            "lingua", "tipo di pubblicazione", "tipo de publicação", "classification", "schlagwörter",
        ),
        "tail",
    ),  # fmt: skip
    **dict.fromkeys(
        (
            "client/matter", "search terms", "search type", "narrowed by", "date and time",
            "job number", "download request", "time of request", "send to", "terms", "source",
            "combined source", "project id", "print request", "ausgabeauftrag", "begriffe",
            "content type", "sources", "timeline", "results",
        ),
        "cover",
    ),  # fmt: skip
}
#: Lines that are a label on their own: "Body" over a Nexis Uni body, "Classification" after it.
_MARKER_ROLES: Final = {
    **dict.fromkeys(("body", "text", "texte", "tekst", "testo", "texto", "corps"), "body"),
    **dict.fromkeys(("classification", "graphic", "grafik", "klassifikation", "classificatie"), "tail"),
    **dict.fromkeys(("narrowed by", "content type", "search terms", "documents"), "cover"),
}
_LABEL_LONGEST: Final = max(len(label) for label in _LABEL_ROLES) + 1


def _label(text: str) -> tuple[str, int]:
    """The role of a LexisNexis field line ("headline", "byline", "date", "body", "head",
    "load-date", "tail", "cover") and where its value starts; ("", 0) for other lines."""
    colon = text.find(":", 1, _LABEL_LONGEST)
    if colon < 0:
        if len(text) <= 20:
            role = _MARKER_ROLES.get(text.casefold())
            if role is not None:
                return role, len(text)
        return "", 0
    label = text[:colon].rstrip()
    if not label[0].isupper():
        return "", 0
    role = _LABEL_ROLES.get(label.casefold())
    if role is None:
        return "", 0
    value = colon + 1
    while value < len(text) and text[value].isspace():
        value += 1
    return role, value


def _is_header(text: str) -> bool:
    return text[0] in "0123456789Dd" and len(text) <= 60 and _HEADER.fullmatch(text) is not None


def _is_end_mark(text: str) -> bool:
    return text[0] in "EeFf" and len(text) <= 30 and _END_MARK.fullmatch(text) is not None


def _simple(text: str) -> str:
    return " ".join(text.casefold().split())


def _lexis_stories(
    rows: Iterator[_Row], export: str, width: int, name: str, file: str | None, where: str
) -> Iterator[Story]:
    """Records of LexisNexis and Nexis Uni exports (see the module's docstring)."""
    record: list[_Row] = []
    outside: list[_Row] = []  # rows before the first record: a cover page or download request
    number = 0
    in_cover = True  # before the first record
    listed: list[str] = []  # the headlines a cover page lists
    table_rows = 0  # rows of a cover's "Content Type / Narrowed by" table still to come
    closed = False  # the open record's closing fields were seen (labelled exports)
    ended = False  # the record ended with "End of Document"
    last_header: tuple[int, int] | None = None
    selected = 0  # the last item the download request asked for, where it says
    for row in rows:
        text = row.text
        header = _is_header(text)
        if in_cover:
            if export == _LEXIS:
                if not header:
                    outside.append(row)
                    continue
            else:
                role = _label(text)[0]
                listed_match = _LISTED.fullmatch(text) if text[0].isdigit() else None
                starts_record = bool(listed) and _simple(text) == listed[0] and not listed_match
                if not starts_record and (
                    role == "cover"
                    or listed_match is not None
                    or _DOCUMENT_COUNT.fullmatch(text) is not None
                    or table_rows > 0
                ):
                    outside.append(row)
                    if listed_match is not None:
                        listed.append(_simple(listed_match.group(2)))
                    if role == "cover" and text.casefold().startswith(("content type", "narrowed by")):
                        table_rows = 1 if text.casefold().startswith("content type") else 2
                    elif table_rows > 0:
                        table_rows -= 1
                    continue
            in_cover = False
            selected = _selected_last(outside)
            record = [row]
            if header:
                last_header = _header_numbers(text)
            continue
        if export == _LEXIS and header:
            number += 1
            yield _lexis_story(record, export, width, number, name, file, outside)
            outside = []
            record = [row]
            last_header = _header_numbers(text)
            continue
        if ended or (closed and _opens_record(row, record)):
            number += 1
            yield _lexis_story(record, export, width, number, name, file, outside)
            outside = []
            record = [row]
            ended = closed = False
            continue
        record.append(row)
        if _is_end_mark(text):
            ended = export != _LEXIS
        elif export == _LABELLED:
            role = _label(text)[0]
            if role in ("tail", "load-date"):
                closed = True
    if not record:
        if outside:
            what = f"a cover page listing {len(listed)} headlines" if listed else "a download request"
            warnings.warn(f"{where}: holds only {what}, no records: nothing to split", InputWarning, 2)
        return
    number += 1
    story = _lexis_story(record, export, width, number, name, file, outside)
    cut = ""
    if export == _NEXIS_UNI and not ended:
        cut = "before its \"End of Document\" line"
    elif export != _NEXIS_UNI and not any(_label(row.text)[0] in ("tail", "load-date") for row in record):
        cut = "before its closing fields (LOAD-DATE:, LANGUAGE:)"
    if cut:
        warnings.warn(
            f"{where}: the export ends inside record {number} ({story.title[:60]!r}), {cut}: the "
            "download may have been cut off; the record is kept as a story",
            InputWarning,
            2,
        )
    elif last_header is not None and last_header[0] < (selected or last_header[1]):
        # the headers count the whole search ("8 of 383"); a download request says which were chosen
        asked = f"items up to {selected} were asked for" if selected else f"it holds {last_header[1]}"
        warnings.warn(
            f"{where}: the export ends after document {last_header[0]}, but {asked}: the download "
            "may have stopped between records",
            InputWarning,
            2,
        )
    yield story


def _selected_last(rows: list[_Row]) -> int:
    """The last item a download request asked for ("Selected Items: 1-100"), or 0."""
    for row in rows[:12]:
        match = _SELECTED.search(row.text)
        if match is not None:
            return int(match.group(1))
    return 0


_SELECTED: Final = re.compile(
    r"(?:Selected Items|Ausgewählte Dokumente|Documents sélectionnés)\s*:\s*\d+\s*-\s*(\d+)"
)


def _header_numbers(text: str) -> tuple[int, int]:
    match = _HEADER.fullmatch(text)
    if match is None:
        return 0, 0
    groups = [group for group in match.groups() if group is not None]
    return int(groups[0]), int(groups[1])


def _opens_record(row: _Row, record: list[_Row]) -> bool:
    """In a labelled export whose record has had its closing fields: whether ``row`` opens the
    next record (it is not a field, a copyright line, or a line of the one before)."""
    if not row.after_blank:
        return False
    text = row.text
    if _label(text)[0] in ("tail", "load-date") or _is_copyright(text) or _is_end_mark(text):
        return False
    return True


def _lexis_story(
    rows: list[_Row], export: str, width: int, number: int, name: str, file: str | None, outside: list[_Row]
) -> Story:
    """The story of one LexisNexis or Nexis Uni record."""
    spaced = any(row.after_blank for row in rows[1:])
    parts: list[tuple[str, int, int, str]] = []  # (kind, start, end, text), in order
    first = 0
    reasons: tuple[str, ...]
    if _is_header(rows[0].text):
        parts.append(("boilerplate", rows[0].start, rows[0].end, rows[0].text))
        first = 1
        reasons = (f"a record of a LexisNexis export: {rows[0].text!r}",)
    elif export == _NEXIS_UNI:
        reasons = ("a record of a Nexis Uni export (ends with \"End of Document\")",)
    else:
        reasons = ("a record of an export of labelled fields (HEADLINE:, BODY:, LOAD-DATE:)",)
    # one pass: head lines, fields, body, closing fields
    head: list[_Row] = []
    fields: list[tuple[str, int, list[_Row]]] = []  # (role, value offset, rows)
    body: list[_Row] = []
    tail: list[_Row] = []
    state = "head"
    for row in rows[first:]:
        text = row.text
        if state == "tail":
            tail.append(row)
            continue
        if state == "body":
            role, value = _label(text)
            if (
                role in ("tail", "load-date") and (text[:value].isupper() or len(text) <= 200)
            ) or _is_end_mark(text):
                state = "tail"
                tail.append(row)
            else:
                body.append(row)
            continue
        role, value = _label(text)
        if role == "body":
            fields.append((role, value, [row]))
            state = "body"
            if value < len(text):  # "BODY: text" on one line: the text is body
                body.append(row)
            continue
        if role in ("tail", "load-date") or _is_end_mark(text):
            state = "tail"
            tail.append(row)
            continue
        if role and role != "cover":
            fields.append((role, value, [row]))
            state = "fields"
            continue
        if state == "fields":
            last = fields[-1][2]
            if _continues(last[-1], row, spaced, width):
                last.append(row)
                continue
            state = "body"
            body.append(row)
            continue
        if head and (len(text) > 200 or len(head) >= 8):  # no fields: the body has begun
            state = "body"
            body.append(row)
            continue
        head.append(row)
    # the head: publication, date, headline
    headline_field = next((field for field in fields if field[0] == "headline"), None)
    title_rows: list[_Row] = []
    source: str | None = None
    kinds = ["boilerplate"] * len(head)
    if head:
        if headline_field is None and (export == _NEXIS_UNI or (
            export == _LABELLED and not any(row.indent for row in head)
        )):
            title_rows = _nexis_head(head, kinds)
        else:
            title_rows = _classic_head(head, kinds, headline_field is None)
    date_seen = "timestamp" in kinds
    for row, kind in zip(head, kinds):
        if row in title_rows:
            continue
        if kind == "attribution" and source is None:
            source = _copyright_source(row.text) if _is_copyright(row.text) else row.text
        parts.append((kind, row.start, row.end, row.text))
    if title_rows:
        parts.append(("headline", title_rows[0].start, title_rows[-1].end, _span_text(title_rows)))
    title = _joined(title_rows) if title_rows else ""
    byline: str | None = None
    for role, value, field_rows in fields:
        row = field_rows[0]
        if role == "headline" and field_rows is headline_field[2]:  # type: ignore[index]
            if value:
                parts.append(_label_part(row, value))
            value_rows = field_rows if value < len(row.text) else field_rows[1:]
            if value_rows:
                head_start = row.start + value if value_rows[0] is row else value_rows[0].start
                span_text = _span_text(value_rows)
                if value_rows[0] is row:
                    span_text = span_text[value:]
                parts.append(("headline", head_start, value_rows[-1].end, span_text))
                title = " ".join(span_text.split())
            continue
        if role == "body" and value < len(row.text):
            continue  # "BODY: first words": the label goes with the body's first paragraph
        kind = "boilerplate"
        if role == "byline":
            kind = "byline"
            byline = byline or " ".join(_span_text(field_rows)[value:].split()) or None
        elif role == "date":
            kind = "timestamp"
            date_seen = True
        parts.append((kind, row.start, field_rows[-1].end, _span_text(field_rows)))
    # the body: paragraphs
    paragraphs = _paragraphs(body, spaced, width)
    confidence = 1.0
    while not title and paragraphs:  # no headline: the first body line is the title, a guess
        lead = paragraphs[0]
        first_row = lead[0]
        start = first_row.start
        text = first_row.text
        role, value = _label(text)
        if role == "body" and text[:1].isupper():  # "BODY: text", or "Body" alone
            parts.append(_label_part(first_row, value))
            start, text = start + value, text[value:]
        if text:
            parts.append(("headline", start, first_row.end, text))
            title = text
            confidence = 0.5
            reasons = (*reasons, "no headline field: the first body line is taken for the title")
        paragraphs[0] = lead[1:]
        if not paragraphs[0]:
            paragraphs.pop(0)
    texts: list[str] = []
    for paragraph in paragraphs:
        row = paragraph[0]
        start = row.start
        span_text = _span_text(paragraph)
        role, value = _label(row.text)
        if role == "body" and row.text[:1].isupper():  # "BODY: first words" on the label's line
            parts.append(_label_part(row, value))
            start, span_text = start + value, span_text[value:].lstrip()
            if not span_text:
                continue
            start = paragraph[-1].end - len(span_text)
            texts.append(" ".join(span_text.split()))
        else:
            texts.append(_joined(paragraph))
        parts.append(("body", start, paragraph[-1].end, span_text))
    # the closing fields and copyright
    tail_kinds = _tail_kinds(tail, spaced, width, date_seen)
    for row, kind in zip(tail, tail_kinds):
        if kind == "attribution" and source is None:
            source = _copyright_source(row.text)
    _append_runs(parts, tail, tail_kinds)
    return _story(parts, outside, rows, number, name, file, title, "\n".join(texts), source, byline,
                  confidence, reasons)


def _label_part(row: _Row, value: int) -> tuple[str, int, int, str]:
    """The label of a field line ("HEADLINE:"), without the space before its value."""
    label = row.text[:value].rstrip()
    return "boilerplate", row.start, row.start + len(label), label


def _classic_head(head: list[_Row], kinds: list[str], find_title: bool) -> list[_Row]:
    """Kinds of a classic record's head lines (publication, date, edition, headline), and the
    headline's lines: after the date line and its edition lines; where the head is centred, the
    lines that are not."""
    index = 0
    date_at = -1
    for i, row in enumerate(head[:4]):
        if _is_date(row.text):
            date_at = i
            break
    if date_at != 0 and not _is_copyright(head[0].text):
        kinds[0] = "attribution"
    if date_at >= 0:
        kinds[date_at] = "timestamp"
        index = date_at + 1
        # edition lines under the date, no blank line between ("Edition 1;", "Scotland")
        while index < len(head) and not head[index].after_blank and (
            head[index].indent or len(head) - index > 1
        ):
            index += 1
    elif kinds[0] == "attribution":
        index = 1
    for i, row in enumerate(head):
        if _is_copyright(row.text):
            kinds[i] = "attribution"
    if not find_title:
        return []
    rest = head[index:]
    # where the publication and date are centred, the headline is the lines that are not
    flush = any(row.indent for row in head[:index]) and any(not row.indent for row in rest)
    title: list[_Row] = []
    for row in rest:
        skip = _is_copyright(row.text) or (flush and row.indent > 0)
        if title and (skip or row.after_blank):
            break  # the headline is one run of lines
        if not skip:
            title.append(row)
    return title


def _nexis_head(head: list[_Row], kinds: list[str]) -> list[_Row]:
    """Kinds of a Nexis Uni record's head lines (headline, publication, date, edition, copyright),
    and the headline's lines."""
    title: list[_Row] = []
    publication = False
    for i, row in enumerate(head):
        text = row.text
        if _is_copyright(text):
            kinds[i] = "attribution"
        elif _is_date(text) and "timestamp" not in kinds:
            kinds[i] = "timestamp"
        elif i == 0:
            title.append(row)
        elif not publication and i <= 2 and "timestamp" not in kinds:
            kinds[i] = "attribution"
            publication = True
    return title


def _tail_kinds(tail: list[_Row], spaced: bool, width: int, date_seen: bool) -> list[str]:
    """Kinds of a record's closing lines: fields are boilerplate (the load date a timestamp when
    the record has no other date), copyright lines attribution."""
    kinds: list[str] = []
    previous = ""
    for i, row in enumerate(tail):
        text = row.text
        if _is_copyright(text):
            kind = "attribution"
        elif i and previous == "attribution" and _continues(tail[i - 1], row, spaced, width):
            kind = "attribution"  # "All Rights Reserved" under the copyright line
        elif _label(text)[0] == "load-date" and not date_seen:
            kind = "timestamp"
            date_seen = True
        else:
            kind = "boilerplate"
        kinds.append(kind)
        previous = kind
    return kinds


def _append_runs(parts: list[tuple[str, int, int, str]], rows: list[_Row], kinds: list[str]) -> None:
    for row, kind in zip(rows, kinds):
        parts.append((kind, row.start, row.end, row.text))
