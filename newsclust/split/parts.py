"""Cutting a story into its parts (headline, credit, body, caption, boilerplate, related headlines,
byline, attribution) and reading its source and byline."""

from __future__ import annotations

import re
from typing import Final

from newsclust.models import Part, Story, new_story
from newsclust.normalize import story_lang
from newsclust.split.evidence import _BY, Opening, _is_byline, _is_section_label
from newsclust.split.glued import _credit_in_line, _repeated_opening
from newsclust.split.shapes import (
    _ATTRIBUTION_PREFIX,
    _CONTRIBUTED,
    _CREDIT,
    _FIELD,
    _SENTENCE_END,
    _WIRE_CREDIT,
    Line,
    _headline_bounds,
)

# The part a line of these kinds makes, where its place in the story does not say otherwise.
_PART_OF_KIND: Final = {
    "attribution": "attribution", "boilerplate": "boilerplate", "caption": "caption",
    "timestamp": "timestamp", "byline": "byline", "url": "boilerplate", "rule": "boilerplate",
}  # fmt: skip

def build_story(opening: Opening, lines: list[Line], number: int, name: str, file: str | None) -> Story:
    lead = 0
    while lines[lead] is not opening.line:
        lead += 1
    first = lines[lead]
    head_end = opening.headline_end
    part = _new_part  # parts are made by the million: skip the named tuple's Python constructor
    head, tail = _headline_bounds(first.text, first.kind)
    if (head, tail) != (0, len(first.text)):
        # "Title: ...", "## ...", "**...**": the marks are kept apart from the headline
        title = first.text[head:tail]
        parts, texts = [], []
        marks = ("boilerplate", 0, head), ("headline", head, tail), ("boilerplate", tail, len(first.text))
        for kind, a, b in marks:
            piece = first.text[a:b]
            if piece.strip():
                a += len(piece) - len(piece.lstrip())
                parts.append(part(Part, (kind, first.start + a, first.start + a + len(piece.strip()))))
                texts.append(piece.strip())
    else:
        if head_end >= first.end:  # a headline line may still carry an outlet mark or a repeat
            cut = _credit_in_line(first.text, min_lede=10)
            if cut is None:
                cut = _repeated_opening(first.text)
            if cut is not None:
                head_end = first.start + cut
        title = first.text[: head_end - first.start].rstrip()
        parts = [part(Part, ("headline", first.start, first.start + len(title)))]
        texts = [title]
    if lead:  # "https://..." lines before the headline
        parts[:0] = [part(Part, ("boilerplate", ln.start, ln.end)) for ln in lines[:lead]]
        texts[:0] = [ln.text for ln in lines[:lead]]
    body: list[str] = []
    rest_lines = lines[lead + 1 :]
    if head_end < first.end:
        remainder = first.text[head_end - first.start :]
        lede = remainder.lstrip()
        rest_lines.insert(0, Line(head_end + len(remainder) - len(lede), first.end, lede))
    source = byline = None
    lede_seen = False  # only the first body line (the lede) can open with an outlet mark
    for line, kind in zip(rest_lines, _classify_parts(rest_lines)):
        start, end, text = line.start, line.end, line.text
        if kind == "body":
            if not lede_seen:
                lede_seen = True
                match = _CREDIT.match(text)
                if match:
                    credit = text[: match.end()].rstrip()
                    parts.append(part(Part, ("credit", start, start + len(credit))))
                    texts.append(credit)
                    if source is None:
                        source = _source_from_credit(credit)
                    if match.end() == len(text):
                        lede_seen = False  # a mark on a line of its own: the lede is the next line
                        continue
                    start, text = start + match.end(), text[match.end() :]
            body.append(text)
        elif kind == "attribution":
            if _WIRE_CREDIT.match(text) or text.endswith(_CONTRIBUTED):
                byline = byline or text  # names the reporters, not the outlet
            else:
                source = _source_name(text)
        elif kind == "byline" and byline is None:
            field = _FIELD.match(text) if line.kind == "byline" else None  # "Author: Jane Doe"
            byline = text[field.end() :] if field else text
        parts.append(part(Part, (kind, start, end)))
        texts.append(text)
    body_text = "\n".join(body)
    return made_story(
        f"{name}#{number}", file, title, body_text, lines[0].start, lines[-1].end, source, byline,
        opening.confidence, tuple(parts), tuple(texts), opening.reasons,
    )  # fmt: skip


def made_story(
    story_id: str,
    file: str | None,
    title: str,
    text: str,
    start: int,
    end: int,
    source: str | None,
    byline: str | None,
    confidence: float,
    parts: tuple[Part, ...],
    part_texts: tuple[str, ...],
    reasons: tuple,
) -> Story:
    """A story of the splitter's (free text or an export's record), its language read off it."""
    return new_story(
        {
            "id": story_id,
            "file": file,
            "title": title,
            "text": text,
            "start": start,
            "end": end,
            "source": source,
            "byline": byline,
            "lang": story_lang(title, text),
            "confidence": confidence,
            "parts": parts,
            "part_texts": part_texts,
            "reasons": reasons,
        }
    )


_new_part = tuple.__new__


def _classify_parts(lines: list[Line]) -> list[str]:
    """Kinds of a story's lines after its headline: body unless shape and place say otherwise."""
    kinds = []
    in_related = False
    for line in lines:
        kind = line.kind
        if kind == "related":
            in_related = True
            kinds.append("related")
            continue
        if kind == "list" and (line.text.startswith((">>", "»", "›")) or in_related):
            kinds.append("related")
            continue
        if in_related and (kind == "short" or (kind == "text" and len(line.text) <= 40)):
            kinds.append("related")  # a headline, or a topic: "Afghanistan"
            continue
        in_related = False
        kinds.append(_PART_OF_KIND.get(kind, "body"))
    # a wire's byline between headline and lede: "By Jane Doe, Associated Press"
    for i, line in enumerate(lines[:3]):
        if kinds[i] == "body" and _BY.match(line.text) and _is_byline(line):
            kinds[i] = "byline"
        elif kinds[i] != "timestamp":
            break
    # bylines: short name lines among the last lines, before the attribution
    for i in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
        if kinds[i] in ("attribution", "boilerplate", "related"):
            continue
        if kinds[i] == "body" and _is_byline(lines[i]):
            kinds[i] = "byline"
            continue
        break
    # a section label that ends a story stands over the next headline ("Thế giới")
    if len(lines) > 1 and kinds[-1] == "body" and lines[-1].norm[-1] not in _SENTENCE_END and (
        _is_section_label(lines[-1])
    ):
        kinds[-1] = "boilerplate"
    # a short line without a full stop between paragraphs labels a picture
    for i in range(1, len(lines) - 1):
        line = lines[i]
        if (
            kinds[i] == "body"
            and line.kind == "short"
            and len(line.words) <= 20
            and len(lines[i - 1].norm) > 100
        ):
            if line.norm[-1] not in "?!:" and len(lines[i + 1].norm) > 100:
                kinds[i] = "caption"
    return kinds


def _source_name(text: str) -> str | None:
    name = _ATTRIBUTION_PREFIX.sub("", text).strip().strip("()").strip()
    name = _RIGHTS_RESERVED.sub("", name)
    return name.rstrip(".").strip() or None


# "Copyright 2023 The Associated Press. All rights reserved." names The Associated Press
_RIGHTS_RESERVED: Final = re.compile(
    r"[.,;]?\s*(?:all\s+rights\s+reserved|tous\s+droits\s+réservés|alle\s+rechte\s+vorbehalten"
    r"|todos\s+los\s+derechos\s+reservados|todos\s+os\s+direitos\s+reservados"
    r"|tutti\s+i\s+diritti\s+riservati|alle\s+rechten\s+voorbehouden)\.?$",
    re.IGNORECASE,
)


def _source_from_credit(credit: str) -> str | None:
    inner = _BRACKETED.search(credit)  # "(HNM) -", "HANOI (Reuters) -"
    if inner:
        return inner.group(1).strip()
    mark = _DOMAIN_MARK.match(credit)  # "VOV.VN -"
    return mark.group(1) if mark else None


_BRACKETED: Final = re.compile(r"\(\s*([^()]+?)\s*\)")
_DOMAIN_MARK: Final = re.compile(r"^([A-ZĐ][A-Za-zĐ0-9]*(?:\.[A-Za-z]{2,4})+)")
