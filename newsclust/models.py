"""The records that flow between the steps: stories out of ``split``, articles into ``cluster``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

#: Kinds of the pieces a story is cut into. Every character of a story that is not white space
#: belongs to exactly one piece, so nothing the user gave is lost.
PART_KINDS = (
    "headline",  # the story's title
    "credit",  # an outlet mark or dateline that opens the lede: "VOV.VN -", "(HNM) -", "WASHINGTON —"
    "body",  # the story's text
    "caption",  # a photo caption or a line that labels a picture
    "boilerplate",  # "Video đang HOT", "Advertisement", "___", "Title:", "URL: ...", "https://..."
    "timestamp",  # "Updated 11:42 PM EST, September 30, 2023", "Thứ Hai, 12/10/2023, 08:30 (GMT+7)"
    "related",  # a "Tin liên quan:" / "Related:" / ">>" list of other headlines
    "byline",  # the author: "Thu Hoài Tổng hợp", "By Jane Doe"
    "attribution",  # the outlet: "Theo_VOV", "(Theo Tuổi Trẻ)", "Nguồn: ...", "Source: Reuters"
    "preamble",  # text before an export's record that is no story: a cover page, a download request
)


class Part(NamedTuple):
    """A piece of a story: ``text[start:end]`` of the decoded input, and what kind of piece it is.

    A named tuple rather than a dataclass: a dump of a million stories makes tens of millions.
    """

    kind: str
    start: int
    end: int

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        record: dict[str, Any] = {"kind": self.kind, "start": self.start, "end": self.end}
        if text is not None:
            record["text"] = text
        return record


@dataclass(frozen=True)
class Story:
    """One story found in a dump.

    ``start``/``end`` are character offsets into the decoded text of ``file``: ``text[start:end]``
    runs from the headline to the attribution line. ``parts`` cut that range into pieces; ``text``
    is the body pieces joined by newlines (no headline, attribution or noise).

    In a news database's export (``newsclust.split.records``) a story is one record, from its first
    line (the "N of M DOCUMENTS" header, the headline, Factiva's first field) to its last ("End of
    Document", the "AN Document ..." line, the copyright). Text outside the records that is no
    story (a cover page listing the headlines, a download request) is a part of kind
    ``preamble`` of the story after it, and lies before that story's ``start``.
    """

    id: str
    file: str | None
    title: str
    text: str
    start: int
    end: int
    source: str | None = None
    byline: str | None = None
    lang: str | None = None
    confidence: float = 1.0
    parts: tuple[Part, ...] = ()
    part_texts: tuple[str, ...] = ()
    #: The evidence for the boundary: sentences, or (feature, value, contribution to the log-odds).
    reasons: tuple[str | tuple[str, float, float], ...] = ()
    #: When it was published, ISO 8601 (with the zone where known), from its timestamp, dateline,
    #: byline or an export's date field (``newsclust.dates``); None when it gives none.
    time: str | None = None

    def to_dict(self, *, explain: bool = False) -> dict[str, Any]:
        record: dict[str, Any] = {
            "id": self.id,
            "file": self.file,
            "title": self.title,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "source": self.source,
            "byline": self.byline,
            "lang": self.lang,
            "time": self.time,
            "confidence": round(self.confidence, 3),
            "removed": [
                p.to_dict(t)
                for p, t in zip(self.parts, self.part_texts)
                if p.kind not in ("headline", "body")
            ],
        }
        if explain:
            record["parts"] = [p.to_dict() for p in self.parts]
            record["why"] = [
                reason if isinstance(reason, str) else f"{reason[0]} {reason[1]:.2f} ({reason[2]:+.1f})"
                for reason in self.reasons
            ]
        return record


_new_object = object.__new__
_set_attribute = object.__setattr__


def new_story(fields: dict[str, Any]) -> Story:
    """``Story(**fields)``, for the splitter, which makes stories by the hundred thousand: the
    frozen dataclass's ``__init__`` sets each field with its own ``object.__setattr__`` call (a
    quarter of the cost of building a story's record); this gives the new story ``fields`` as its
    attributes at once. ``fields`` must name every field but ``time`` (the splitter does not date
    stories: ``newsclust.formats`` does, after), and is the story's own from then on."""
    if "time" not in fields:
        fields["time"] = None
    story = _new_object(Story)
    _set_attribute(story, "__dict__", fields)
    return story


def with_time(story: Story, time: str | None) -> Story:
    """The same story with ``time`` set (a copy of its fields: stories are frozen)."""
    return new_story({**story.__dict__, "time": time})


@dataclass(frozen=True)
class Article:
    """One input of ``cluster``: a story from ``split``, a file of a folder, or a JSON record."""

    id: str
    title: str
    text: str
    source: str | None = None
    time: str | None = None
    lang: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class ThreadArticle:
    """An article as a thread lists it: how close it is to the thread, and which copy it repeats."""

    id: str
    title: str
    source: str | None = None
    similarity: float = 1.0
    duplicate_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "similarity": self.similarity,
            "duplicate_of": self.duplicate_of,
        }


@dataclass(frozen=True)
class Event:
    """Reports of one happening, inside a thread; ``label`` is its most central headline."""

    id: str
    label: str
    articles: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "articles": list(self.articles)}


@dataclass(frozen=True)
class Thread:
    """A developing story: its events and articles, the most central headline as ``label``."""

    id: str
    label: str
    keywords: tuple[str, ...]
    size: int
    sources: tuple[str, ...]
    first_time: str | None
    last_time: str | None
    events: tuple[Event, ...]
    articles: tuple[ThreadArticle, ...]
    #: Ids of the threads merged into this one (``newsclust.store``); empty outside a store.
    merged_from: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "id": self.id,
            "label": self.label,
            "keywords": list(self.keywords),
            "size": self.size,
            "sources": list(self.sources),
            "first_time": self.first_time,
            "last_time": self.last_time,
            "events": [e.to_dict() for e in self.events],
            "articles": [a.to_dict() for a in self.articles],
        }
        if self.merged_from:
            record["merged_from"] = list(self.merged_from)
        return record

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Thread:
        """The thread a record of ``to_dict`` describes (a stored one, a Spark row's ``asDict``)."""
        return cls(
            id=record["id"],
            label=record["label"],
            keywords=tuple(record["keywords"]),
            size=record["size"],
            sources=tuple(record["sources"]),
            first_time=record["first_time"],
            last_time=record["last_time"],
            events=tuple(Event(e["id"], e["label"], tuple(e["articles"])) for e in record["events"]),
            articles=tuple(ThreadArticle(**a) for a in record["articles"]),
            merged_from=tuple(record.get("merged_from", ())),
        )
