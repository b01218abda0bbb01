"""Reading the input as lines with character offsets, streaming, and joining the lines of hard-wrapped
paragraphs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Final

from newsclust.split.shapes import _SENTENCE_END, Line, _headline_shaped, _is_attribution


def iter_lines(chunks: Iterable[str]) -> Iterator[Line]:
    """Non-blank lines of the concatenated ``chunks``, with character offsets.

    A line's ``start``/``end`` exclude leading and trailing white space and the line break
    (``\\n``, ``\\r\\n``, a lone ``\\r`` or another Unicode line separator), so
    ``text[start:end] == line.text``.
    """
    return _lines_of(_pieces(chunks))


def iter_unwrapped_lines(chunks: Iterable[str]) -> Iterator[Line]:
    """``iter_lines``, but in hard-wrapped text (every line broken near one width, as wire feeds,
    e-mail and plain-text archives do) the lines of a paragraph come back joined as one ``Line``.

    The width is read off the first lines of the text. A line is joined to the one before when
    it is not indented, no blank line comes between, and its first word would not have fitted on
    the line before: the break was the width's, not the writer's. A joined line's ``text`` is the
    input with its line breaks (``text[start:end] == line.text`` still holds); it is measured
    with the breaks as spaces.
    """
    batches = _pieces(chunks)
    head: list[Batch] = []
    for batch in batches:  # the first lines, to read the width off
        head.append(batch)
        if sum(len(pieces) for _, pieces, _ in head) >= _WRAP_SAMPLE:
            break
    width = _wrap_width([piece for _, pieces, _ in head for piece in pieces][:_WRAP_SAMPLE])
    if width is None:
        return _lines_of(chain(head, batches))
    return _joined_lines(chain(head, batches), width)


def _joined_lines(batches: Iterable[Batch], width: int) -> Iterator[Line]:
    """The lines of hard-wrapped text broken at ``width``, each paragraph joined (see
    ``iter_unwrapped_lines``)."""
    parts: list[str] = []
    start, tail, last_width, blank, held = 0, "", 0, True, True
    for position, pieces, newline in batches:
        for piece in pieces:
            stripped = piece.strip()
            if not stripped:
                blank = True
                position += len(piece) + newline
                continue
            indent = piece.find(stripped[0])
            space = stripped.find(" ")
            first_word = space if space >= 0 else len(stripped)
            if (
                parts
                and not blank
                and not indent
                and last_width + 1 + first_word > width
                # a headline where one may stand (first, after a blank line or an attribution)
                # keeps its own line, however long, and an attribution never ends a paragraph's line
                and not (held and len(parts) == 1 and _headline_shaped(parts[0]))
                and not _is_attribution(stripped)
            ):
                parts += (tail, stripped)
            else:
                after_end = True
                if parts:
                    yield _joined(start, parts)
                    after_end = len(parts) == 1 and _is_attribution(parts[0])
                start, parts, held = position + indent, [stripped], blank or after_end
            tail = piece[indent + len(stripped) :]  # the white space and line break after the line
            if newline:
                tail += "\n"
            last_width = len(piece.rstrip())
            blank = False
            position += len(piece) + newline
    if parts:
        yield _joined(start, parts)


def _lines_of(batches: Iterable[Batch]) -> Iterator[Line]:
    """The non-blank lines of batches of physical lines (see ``_pieces``)."""
    for position, pieces, newline in batches:
        for piece in pieces:
            stripped = piece.strip()
            if stripped:
                # nothing to strip (str.strip gives the line itself) is the usual case
                start = position if stripped is piece else position + piece.find(stripped[0])
                yield Line(start, start + len(stripped), stripped)
            position += len(piece) + newline


def _joined(start: int, parts: list[str]) -> Line:
    text = "".join(parts)
    if len(parts) == 1:
        return Line(start, start + len(text), text)
    return Line(start, start + len(text), text, " ".join(text.split()))


_WRAP_SAMPLE: Final = 2000  # physical lines (blank ones too) the wrap width is read from


def _wrap_width(pieces: list[str]) -> int | None:
    """The width hard-wrapped text was broken at, or None for text whose lines run their length.

    Wrapped text has nearly every line within a width of at most 120 characters, many of them
    close to it, and most of those end inside a sentence."""
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


#: A batch of physical lines: the offset of its first line, the lines, and the length of the break
#: after each line that the lines do not hold (0: each line keeps its own break; 1: each was
#: followed by one "\n", taken off).
Batch = tuple[int, list[str], int]


def _pieces(chunks: Iterable[str]) -> Iterator[Batch]:
    """The physical lines of the concatenated ``chunks``, in batches (one a chunk).

    Text whose only line break is "\n" (the usual case) is cut with ``str.split``, which finds the
    breaks by a fast search, and its lines come without their breaks; other text is cut with
    ``str.splitlines``, which tests every character for every kind of break, and its lines keep
    theirs."""
    carry, position = "", 0
    for chunk in chunks:
        if not chunk:
            continue
        # the carry (the start of a line the last chunk did not end) holds no break but a final "\r"
        if carry.endswith("\r") or any(brk in chunk for brk in _OTHER_BREAKS):
            pieces = (carry + chunk).splitlines(True)
            last = pieces[-1]
            # the last piece may go on in the next chunk, and a final "\r" may be half of "\r\n"
            carry = pieces.pop() if not last.endswith(_BREAKS) or last.endswith("\r") else ""
            newline = 0
        else:
            pieces = chunk.split("\n")
            # the carry joins the chunk's first line, not the whole chunk: no copy of the chunk
            pieces[0] = carry + pieces[0]
            carry = pieces.pop()  # what follows the last break ("" after a final one)
            newline = 1
        if pieces:
            yield position, pieces, newline
            position += sum(map(len, pieces)) + newline * len(pieces)
    if carry:
        yield position, [carry], 0


_BREAKS: Final = ("\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
_OTHER_BREAKS: Final = _BREAKS[1:]  # the line breaks of str.splitlines besides "\n"


# ---------------------------------------------------------------------------------------------
