"""Thread records: their times, headlines and labels, read back into ``Thread`` objects."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from newsclust.models import Article, Thread


def _iso(days: float) -> str:
    """A day count (``cluster._days``) as an ISO time, for ``--since`` to compare as text."""
    from datetime import datetime, timedelta

    whole = math.floor(days)
    moment = datetime.fromordinal(whole) + timedelta(minutes=round((days - whole) * 1440))
    return moment.isoformat(timespec="minutes")


def _title(article: Article, article_fields) -> str:
    """A label: the headline, or the start of the text of an article without one (as ``label_group``)."""
    return article.title or article_fields(article)[2][:80]


def _labelled_by(event: dict[str, Any], members: dict[str, dict[str, Any]]) -> str:
    """The member whose headline is the event's label (its first by id), else its first member."""
    for article_id in event["articles"]:
        if members[article_id]["title"] == event["label"]:
            return article_id
    return event["articles"][0]


def _fuzz_ratio(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b)


def _some(ids: Sequence[str], shown: int = 10) -> str:
    return ", ".join(ids[:shown]) + (" ..." if len(ids) > shown else "")


def _thread_from_record(record: dict[str, Any]) -> Thread:
    return Thread.from_dict(record)
