"""The threads a report shows: read from ``newsclust cluster`` output, checked, made compact."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from newsclust.errors import DataError

#: The fields every thread of ``newsclust cluster`` output has, with the type the page relies on.
THREAD_FIELDS: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "label": str,
    "size": int,
    "events": list,
    "articles": list,
}
_HINT = "expected the JSON that `newsclust cluster` prints"


def read_threads(path: str) -> list[dict[str, Any]]:
    """The threads in ``path`` (``-`` for stdin): a JSON array or JSON Lines of threads.

    Raises InputError when the file cannot be read and DataError when it is not cluster output.
    """
    from newsclust import io
    from newsclust.evaluate import parse_records

    name = "stdin" if path == io.STDIN else path
    records = parse_records(io.read_text(path), name)
    validate_threads(records, name)
    return records


def validate_threads(records: Sequence[Any], name: str = "input") -> None:
    """Raise DataError naming the first record that is not a thread of ``newsclust cluster``."""
    for number, record in enumerate(records, 1):
        where = f"{name}: record {number}"
        if not isinstance(record, Mapping):
            raise DataError(f"{where} is a JSON {type(record).__name__}, not a thread; {_HINT}")
        for field, kind in THREAD_FIELDS.items():
            if field not in record:
                raise DataError(f"{where} has no {field!r}; {_HINT}")
            value = record[field]
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                raise DataError(f"{where}: {field!r} is not a {kind.__name__}; {_HINT}")
        for article in record["articles"]:
            if not isinstance(article, Mapping) or not isinstance(article.get("id"), str):
                raise DataError(f"{where}: an article without an 'id'; {_HINT}")
        for event in record["events"]:
            if not isinstance(event, Mapping) or not isinstance(event.get("articles"), list):
                raise DataError(f"{where}: an event without its 'articles'; {_HINT}")


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _texts(values: Any) -> list[str]:
    return [str(v) for v in values] if isinstance(values, list) else []


def report_data(threads: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The page's data: threads largest first (ties by id order as given), each with its articles
    and events; events name their articles by position in the thread's ``articles``.

    Articles carry ``time`` when the input has it (``newsclust cluster`` output does not yet, so
    the timeline then draws each thread from its first to its last time).

    >>> report_data([{"id": "t1", "label": "A", "size": 1, "events": [{"id": "t1e1", "label": "A",
    ...   "articles": ["a"]}], "articles": [{"id": "a", "title": "A", "source": "X"}]}])[0]["events"]
    [{'id': 't1e1', 'label': 'A', 'articles': [0]}]
    """
    order = sorted(range(len(threads)), key=lambda i: -threads[i]["size"])
    compact = []
    for i in order:
        thread = threads[i]
        articles = [
            {
                "id": str(a["id"]),
                "title": _text(a.get("title")) or "",
                "source": _text(a.get("source")),
                "time": _text(a.get("time")),
                "similarity": a.get("similarity") if isinstance(a.get("similarity"), (int, float)) else None,
                "duplicate_of": _text(a.get("duplicate_of")),
            }
            for a in thread["articles"]
        ]
        position = {a["id"]: n for n, a in enumerate(articles)}
        events = [
            {
                "id": _text(e.get("id")) or "",
                "label": _text(e.get("label")) or "",
                "articles": [position[str(a)] for a in e["articles"] if str(a) in position],
            }
            for e in thread["events"]
        ]
        sources = _texts(thread.get("sources")) or sorted({a["source"] for a in articles if a["source"]})
        compact.append(
            {
                "id": thread["id"],
                "label": thread["label"],
                "keywords": _texts(thread.get("keywords")),
                "size": thread["size"],
                "sources": sources,
                "first_time": _text(thread.get("first_time")),
                "last_time": _text(thread.get("last_time")),
                "events": events,
                "articles": articles,
            }
        )
    return compact
