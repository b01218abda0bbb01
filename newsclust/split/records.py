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
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator
from typing import Final

from newsclust.errors import InputWarning
from newsclust.models import Part, Story, new_story
from newsclust.normalize import story_lang
from newsclust.split.lines import _pieces, _wrap_width
from newsclust.split.parts import _source_name

#: How much of the start of a text (characters) decides whether it is an export.
SNIFF_CHARS: Final = 1 << 16

_LEXIS: Final = "lexisnexis"
_NEXIS_UNI: Final = "nexis-uni"
_LABELLED: Final = "labelled"
_FACTIVA: Final = "factiva"
_FACTIVA_PLAIN: Final = "factiva-plain"

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
# "Document EXTIME0020190304ef340000a": the accession number that closes a Factiva record
_ACCESSION: Final = re.compile(r"(?:Document|Dokument|Documento)\s+[A-Za-z0-9]{16,40}")
_COPYRIGHT: Final = re.compile(r"(?:copyright\b|\(c\)|©)", re.IGNORECASE)
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

_SNIFF_FIELD: Final = re.compile(
    r"^[ \t]*(HEADLINE|BYLINE|SECTION|LENGTH|BODY|LOAD-DATE|LANGUAGE|PUBLICATION-TYPE|KOP|TITRE|TITEL"
    r"|AUTOR|RUBRIK|LÄNGE|SPRACHE|LANGUE|LONGUEUR|RUBRIQUE|TAAL|LENGTE)[ \t]*:",
    re.MULTILINE,
)
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
    return head, "".join(head)[:SNIFF_CHARS]


def sniff_export(sample: str) -> str | None:
    """The export format the start of a text is in ("lexisnexis", "nexis-uni", "labelled",
    "factiva", "factiva-plain"), or None for free text.

    >>> sniff_export("                1 of 2 DOCUMENTS\\n\\nThe Herald\\n\\nLENGTH: 20 words\\n")
    'lexisnexis'
    >>> sniff_export("Rain returns\\nRain returned on Monday.\\n") is None
    True
    """
    text = sample.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    headers = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and stripped[0] in "0123456789Dd" and _HEADER.fullmatch(stripped):
            headers += 1
            if headers > 1:
                break
    fields = [match.group(1) for match in _SNIFF_FIELD.finditer(text)]
    covers = {match.group(1).casefold() for match in _SNIFF_COVER.finditer(text)}
    if headers and (headers > 1 or fields):
        return _LEXIS
    if "download request" in covers and len(covers) > 1:
        return _LEXIS  # a download request with no record after it yet
    end_marks = sum(1 for line in text.split("\n") if _END_MARK.fullmatch(line.strip()))
    if end_marks or ({"client/matter", "search terms"} <= covers or "job number" in covers) and (
        re.search(r"^\s*1\.\s+\S", text, re.MULTILINE)
    ):
        return _NEXIS_UNI
    codes = {match.group(1) for match in _SNIFF_CODE.finditer(text)}
    if "HD" in codes and len(codes) >= 4:
        return _FACTIVA
    if _SNIFF_ACCESSION.search(text) and _SNIFF_WORD_COUNT.search(text):
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
    width = _wrap_width(lines) or 0
    rows = _rows(chunks)
    where = file or name
    if export == _FACTIVA:
        return _factiva_stories(rows, width, name, file, where)
    if export == _FACTIVA_PLAIN:
        return _factiva_plain_stories(rows, width, name, file, where)
    return _lexis_stories(rows, export, width, name, file, where)


# ------------------------------------------------------------------------------------- lines


class _Row:
    """A non-blank physical line: ``start``/``end`` bound its stripped ``text``; ``gap`` is the
    input between the row before and this one (breaks, blank lines, indentation)."""

    __slots__ = ("start", "end", "text", "indent", "after_blank", "gap")

    def __init__(self, start: int, end: int, text: str, indent: int, after_blank: bool, gap: str):
        self.start = start
        self.end = end
        self.text = text
        self.indent = indent
        self.after_blank = after_blank
        self.gap = gap

    def __repr__(self) -> str:
        return f"_Row({self.start}, {self.end}, {self.text[:40]!r})"


def _rows(chunks: Iterable[str]) -> Iterator[_Row]:
    """The non-blank physical lines of the concatenated ``chunks``, with their offsets."""
    blank = True
    gap = ""  # the input since the last row: its line break, blank lines, indentation
    for position, pieces, newline in _pieces(chunks):
        for piece in pieces:
            stripped = piece.strip()
            if stripped and stripped[0] == "\ufeff":  # a byte order mark left in the text
                stripped = stripped.lstrip("\ufeff").strip()
            if not stripped:
                blank = True
                gap += piece + "\n" if newline else piece
                position += len(piece) + newline
                continue
            if stripped is piece:
                indent, after = 0, ""
            else:
                indent = piece.find(stripped[0])
                gap += piece[:indent]
                after = piece[indent + len(stripped) :]
            start = position + indent
            yield _Row(start, start + len(stripped), stripped, indent, blank, gap)
            gap = after + "\n" if newline else after
            blank = False
            position += len(piece) + newline


def _span_text(rows: list[_Row]) -> str:
    """The input from the first of ``rows`` to the end of the last."""
    if len(rows) == 1:
        return rows[0].text
    pieces = [rows[0].text]
    for row in rows[1:]:
        pieces.append(row.gap)
        pieces.append(row.text)
    return "".join(pieces)


def _continues(previous: _Row, row: _Row, spaced: bool, width: int) -> bool:
    """Whether ``row`` goes on the paragraph of the row before: no blank line between, and either
    the record keeps its paragraphs apart by blank lines or its first word would not have fitted
    on the line before (hard-wrapped at ``width``)."""
    if row.after_blank:
        return False
    if spaced:
        return True
    if not width:
        return False
    space = row.text.find(" ")
    first_word = space if space >= 0 else len(row.text)
    return previous.indent + len(previous.text) + 1 + first_word > width


def _paragraphs(rows: list[_Row], spaced: bool, width: int) -> list[list[_Row]]:
    paragraphs: list[list[_Row]] = []
    for row in rows:
        if paragraphs and _continues(paragraphs[-1][-1], row, spaced, width):
            paragraphs[-1].append(row)
        else:
            paragraphs.append([row])
    return paragraphs


def _joined(rows: list[_Row]) -> str:
    """A paragraph's text, its lines joined by a space."""
    if len(rows) == 1:
        return rows[0].text
    return " ".join(row.text for row in rows)


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


def _is_copyright(text: str) -> bool:
    return text[0] in "CcⒸ©(" and _COPYRIGHT.match(text) is not None


def _is_date(text: str) -> bool:
    """A date line: "January 11, 2010 Monday", "4 March 2019", "11. Januar 2010 Montag", "2019-03-04"."""
    if len(text) > 80 or not any(ch.isdigit() for ch in text):
        return False
    words = [word.strip(",.;()") for word in text.casefold().split()]
    month = year = False
    for word in words:
        if word in _MONTH_WORDS:
            month = True
        elif word.isdigit() and len(word) == 4 and word[:2] in ("19", "20"):
            year = True
        elif _NUMERIC_DATE.fullmatch(word):
            return True
    return month and (year or len(words) <= 4)


_NUMERIC_DATE: Final = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}")
_MONTH_WORDS: Final = frozenset(
    """january february march april may june july august september october november december jan
    feb mar apr jun jul aug sep sept oct nov dec janvier février mars avril mai juin juillet août
    septembre octobre novembre décembre januar februar märz juni juli oktober dezember enero
    febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre janeiro
    fevereiro março maio junho julho setembro outubro novembro dezembro gennaio febbraio aprile
    maggio giugno luglio settembre ottobre dicembre januari februari maart mei augustus""".split()
)


def _simple(text: str) -> str:
    return " ".join(text.casefold().split())


# ----------------------------------------------------------------------------- LexisNexis


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


def _copyright_source(text: str) -> str | None:
    """The name in a copyright line: "Copyright 2010 Guardian Unlimited" names Guardian Unlimited."""
    name = _source_name(text)
    return name.lstrip("0123456789 ,.") or None if name else None


def _story(
    parts: list[tuple[str, int, int, str]],
    outside: list[_Row],
    rows: list[_Row],
    number: int,
    name: str,
    file: str | None,
    title: str,
    body: str,
    source: str | None,
    byline: str | None,
    confidence: float,
    reasons: tuple[str, ...],
) -> Story:
    parts.sort(key=_part_start)
    if not any(part[0] == "headline" for part in parts):
        # nothing but fields, and no body: the record's first line names it, a guess
        kind, start, end, text = parts[0]
        parts[0] = ("headline", start, end, text)
        title = " ".join(text.split())
        confidence = 0.5
    if outside:
        parts.insert(0, ("preamble", outside[0].start, outside[-1].end, _span_text(outside)))
    return new_story(
        {
            "id": f"{name}#{number}",
            "file": file,
            "title": title,
            "text": body,
            "start": rows[0].start,
            "end": rows[-1].end,
            "source": source or None,
            "byline": byline,
            "lang": story_lang(title, body),
            "confidence": confidence,
            "parts": tuple(Part(kind, start, end) for kind, start, end, _ in parts),
            "part_texts": tuple(text for _, _, _, text in parts),
            "reasons": reasons,
        }
    )


def _part_start(part: tuple[str, int, int, str]) -> int:
    return part[1]


# ---------------------------------------------------------------------------------- Factiva


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
