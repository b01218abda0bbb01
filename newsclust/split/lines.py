"""Reading the input as lines with character offsets, streaming, and joining the lines of hard-wrapped
paragraphs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Final

from newsclust.normalize import nfc
from newsclust.split.shapes import _SENTENCE_END, Line, _headline_shaped, _line_kind, _markup


def iter_lines(chunks: Iterable[str]) -> Iterator[Line]:
    """Non-blank lines of the concatenated ``chunks``, with character offsets.

    A line's ``start``/``end`` exclude leading and trailing white space and the line break
    (``\\n``, ``\\r\\n``, a lone ``\\r`` or another Unicode line separator), so
    ``text[start:end] == line.text``.
    """
    return _lines_of(_pieces(chunks))


def iter_unwrapped_lines(chunks: Iterable[str]) -> Iterator[Line]:
    """``iter_lines``, but in hard-wrapped text (paragraphs broken near a width, as wire feeds,
    e-mail and plain-text archives do) the lines of a paragraph come back joined as one ``Line``.

    Whether the text is wrapped at all is read off its first lines: many lines of at most 120
    characters run straight into the next line, most of them inside a sentence. Then each block
    of lines between blank lines is read on its own, with the width it was broken at (stories of
    one dump may be wrapped at different widths): a line is joined to the one before when it is
    not indented, neither line is of a kind that stands alone (an attribution, a list item, a
    field, a page address), and its first word would not have fitted on the line before. The
    width is read off the block's lines under its first one, so a headline set over its lede is
    measured against the lede. Where blocks are whole stories (no blank line between paragraphs),
    a headline-shaped line that opens a block or follows an attribution keeps its own line,
    however long. A joined line's ``text`` is the input with its line breaks
    (``text[start:end] == line.text`` still holds); it is measured with the breaks as spaces.
    """
    batches = _pieces(chunks)
    head: list[Batch] = []
    for batch in batches:  # the first lines, to tell wrapped text from text whose lines run on
        head.append(batch)
        if sum(len(pieces) for _, pieces, _ in head) >= _WRAP_SAMPLE:
            break
    blocks = _wrapped_blocks([piece for _, pieces, _ in head for piece in pieces][:_WRAP_SAMPLE])
    if blocks is None:
        return _lines_of(chain(head, batches))
    return _joined_lines(chain(head, batches), stories=blocks == "stories")


#: A physical line of a block: where its text starts, the text, and the white space and line
#: break after it.
Physical = tuple[int, str, str]


def _joined_lines(batches: Iterable[Batch], *, stories: bool) -> Iterator[Line]:
    """The lines of hard-wrapped text, each paragraph joined (see ``iter_unwrapped_lines``)."""
    block: list[Physical] = []
    for position, pieces, newline in batches:
        for piece in pieces:
            stripped = piece.strip()
            if not stripped:
                if block:
                    yield from _unwrapped_block(block, stories)
                    block = []
                position += len(piece) + newline
                continue
            indent = piece.find(stripped[0])
            if indent and block:  # an indented line opens a paragraph
                yield from _unwrapped_block(block, stories)
                block = []
            tail = piece[indent + len(stripped) :]
            if newline:
                tail += "\n"
            block.append((position + indent, stripped, tail))
            if len(block) >= _BLOCK_MOST:  # text without blank lines is read a window at a time
                yield from _unwrapped_block(block[:-1], stories)
                block = block[-1:]
            position += len(piece) + newline
    if block:
        yield from _unwrapped_block(block, stories)


_BLOCK_MOST: Final = 200  # physical lines of a block measured together
_WRAP_LEAST: Final = 30  # no text is wrapped narrower than this
_WRAP_MOST: Final = 120  # nor wider: a block with a longer line was not wrapped
#: Kinds of line that stand on their own line in wrapped text too.
_STANDS_ALONE: Final = frozenset(
    ("attribution", "related", "list", "boilerplate", "url", "rule", "titled", "byline", "timestamp")
)


def _unwrapped_block(block: list[Physical], stories: bool) -> Iterator[Line]:
    """The lines of one block of physical lines (no blank line among them), wrapped lines joined;
    ``stories``: blocks hold whole stories, headlines among their lines."""
    count = len(block)
    lengths = [len(text) for _, text, _ in block]
    width = _wrap_width(lengths)
    if width is None:
        for start, text, _ in block:
            yield Line(start, start + len(text), text)
        return
    start, parts = block[0][0], [block[0][1]]
    alone = _stands_alone(block[0][1])
    held = stories and _headline_shaped(block[0][1])  # a headline where one may stand
    for i in range(1, count):
        position, text, _ = block[i]
        space = text.find(" ")
        first_word = space if space >= 0 else len(text)
        alone_next = _stands_alone(text)
        if not (alone or held or alone_next) and lengths[i - 1] + 1 + first_word > width:
            parts += (block[i - 1][2], text)
            held = False
        else:
            yield _joined(start, parts)
            start, parts = position, [text]
            held = stories and alone and _headline_shaped(text)
        alone = alone_next
    yield _joined(start, parts)


def _stands_alone(text: str) -> bool:
    """Whether a physical line is of a kind that keeps its own line in wrapped text."""
    if text[0].islower():  # the usual wrapped line goes on a sentence: spared the kind
        return False
    if text[0] in "#*_" and _markup(text) is not None:
        return True  # a markdown heading or bold line
    return _line_kind(nfc(text)) in _STANDS_ALONE


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


_WRAP_SAMPLE: Final = 2000  # physical lines (blank ones too) wrapping is read from


def _wrapped_blocks(pieces: list[str]) -> str | None:
    """Whether text is hard-wrapped, from its first physical lines, and what its blocks of lines
    between blank lines hold: "paragraphs" or whole "stories"; None for text whose lines run
    their length. In wrapped text, many lines stand in blocks whose lines were broken at one
    width (``_wrap_width``), and most of those lines end inside a sentence."""
    lines = [piece.strip() for piece in pieces]
    nonblank = sum(1 for line in lines if line)
    if nonblank < 4:
        return None
    sizes: list[int] = []  # the number of lines of each block of more than one line
    wrapped = open_ended = 0
    block: list[str] = []
    for line in [*lines, ""]:
        if line:
            block.append(line)
            continue
        if len(block) > 1:
            sizes.append(len(block))
            if _wrap_width([len(text) for text in block]) is not None:
                wrapped += len(block)
                open_ended += sum(1 for text in block[:-1] if text[-1] not in _SENTENCE_END)
        block = []
    if wrapped < max(3, 0.3 * nonblank) or open_ended < 0.5 * wrapped:
        return None
    sizes.sort()
    return "paragraphs" if sizes[len(sizes) // 2] <= _PARAGRAPH_LINES else "stories"


def _wrap_width(lengths: list[int]) -> int | None:
    """The width a block of lines (their lengths) was broken at, or None if it was not wrapped:
    read off the lines between its first (which may be a headline) and its last (which ends a
    paragraph), the longest but for a tenth of them (a long line left as it was); a block of two
    lines has only its longer line to tell. Wrapped lines are full: most of the lines but the
    last come within ``_FULL`` characters of the width, and hardly any runs past it (one in twenty:
    headlines between the paragraphs)."""
    if len(lengths) < 2:
        return None
    under = sorted(lengths[1:-1]) or [max(lengths)]
    width = under[(len(under) - 1) * 9 // 10] if len(under) >= 10 else under[-1]
    if not _WRAP_LEAST <= width <= _WRAP_MOST:
        return None
    body = lengths[:-1]
    if sum(1 for length in body if length > width + _FULL) > max(1, len(body) // 20):
        return None
    full = sum(1 for length in body if width - _FULL <= length <= width + _FULL)
    return width if full >= 0.6 * len(body) else None


_FULL: Final = 15  # characters short of its width a wrapped line may end (its next word did not fit)


_PARAGRAPH_LINES: Final = 10  # a block of more lines than this (the median block) holds stories


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
