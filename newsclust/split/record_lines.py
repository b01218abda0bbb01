"""What the export formats share (see ``newsclust.split.records``): an export's physical lines
with their offsets (``_Row``), paragraphs of hard-wrapped lines, date and copyright lines, and the
story made of a record's parts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Final

from newsclust.models import Part, Story
from newsclust.split.lines import _pieces
from newsclust.split.parts import _new_part, _source_name, made_story

_COPYRIGHT: Final = re.compile(r"(?:copyright\b|\(c\)|©)", re.IGNORECASE)


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
    # the parts come nearly in order (a record's lines are read in order): sort only if they are not
    headline = False
    previous = -1
    ordered = True
    for part in parts:
        if part[1] < previous:
            ordered = False
        previous = part[1]
        headline = headline or part[0] == "headline"
    if not ordered:
        parts.sort(key=_part_start)
    if not headline:
        # nothing but fields, and no body: the record's first line names it, a guess
        kind, start, end, text = parts[0]
        parts[0] = ("headline", start, end, text)
        title = " ".join(text.split())
        confidence = 0.5
    if outside:
        parts.insert(0, ("preamble", outside[0].start, outside[-1].end, _span_text(outside)))
    spans: list[Part] = []
    texts: list[str] = []
    for kind, start, end, text in parts:
        spans.append(_new_part(Part, (kind, start, end)))  # not the named tuple's Python constructor
        texts.append(text)
    return made_story(
        f"{name}#{number}", file, title, body, rows[0].start, rows[-1].end, source or None, byline,
        confidence, tuple(spans), tuple(texts), reasons,
    )  # fmt: skip


def _part_start(part: tuple[str, int, int, str]) -> int:
    return part[1]
