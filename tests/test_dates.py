"""Dates as news text writes them, read as ISO 8601: a table of forms and what they mean."""

from __future__ import annotations

import pytest

from newsclust.dates import find_date, parse_date, story_time
from newsclust.models import Part, Story

CASES = [
    ("March 2, 2024", "2024-03-02"),
    ("Mar. 2nd 2024", "2024-03-02"),
    ("2 Mar 2024 09:15 GMT", "2024-03-02T09:15:00+00:00"),
    ("Mon, 02 Mar 2024 09:15:00 +0000", "2024-03-02T09:15:00+00:00"),
    ("Updated 11:42 PM EST, September 30, 2023", "2023-09-30T23:42:00-05:00"),
    ("Sep. 30th, 2023, 3:05 p.m. EDT", "2023-09-30T15:05:00-04:00"),
    ("LOAD-DATE: March 3, 2024", "2024-03-03"),
    ("Date: 2024-03-02T09:15:00Z", "2024-03-02T09:15:00+00:00"),
    ("2024-03-02T09:15:00+07:00", "2024-03-02T09:15:00+07:00"),
    ("2010-07-02", "2010-07-02"),
    ("23/12/2016", "2016-12-23"),
    ("23-12-16", "2016-12-23"),
    ("03/04/2016", "2016-04-03"),  # day first, as Vietnamese and most of the world write it
    ("12/31/2020", "2020-12-31"),  # 31 cannot be a month
    ("23/10/2013 11:39", "2013-10-23T11:39:00"),
    ("ngày 23 tháng 12 năm 2016", "2016-12-23"),
    ("Ngày 23 tháng 12, 2016", "2016-12-23"),
    ("Thứ Hai, 12/10/2023, 08:30 (GMT+7)", "2023-10-12T08:30:00+07:00"),
    ("Cập nhật lúc 15h30 ngày 23/12/2016", "2016-12-23T15:30:00"),
    ("3:30 chiều 23/12/2016", "2016-12-23T15:30:00"),
    ("Publié le 7 juin 2023 à 06h10", "2023-06-07T06:10:00"),
    ("5 de mayo de 2023", "2023-05-05"),
    ("3. März 2024", "2024-03-03"),
    ("1700000000", "2023-11-14T22:13:20+00:00"),
    # no date: nothing invented
    ("", None),
    ("By Jane Doe", None),
    ("Thời gian: Từ 07:30 đến 16:30 hàng ngày", None),
    ("Ngày 23-10", None),  # no year
    ("31/02/2020", None),  # no such day
    ("Summary of 2024", None),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0] or "empty" for c in CASES])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_month_first_when_asked():
    assert parse_date("03/04/2016", dayfirst=False) == "2016-03-04"


def test_nfd_vietnamese_reads_like_nfc():
    import unicodedata

    assert parse_date(unicodedata.normalize("NFD", "ngày 23 tháng 12 năm 2016")) == "2016-12-23"


def test_find_date_takes_the_first_line_that_has_one():
    assert find_date(["By Jane Doe", "WASHINGTON —", "March 2, 2024", "May 5, 2020"]) == "2024-03-02"
    assert find_date(["Theo VOV"]) is None


def _story(lines: list[str], kinds: list[str]) -> Story:
    text = "\n".join(lines) + "\n"
    parts, start = [], 0
    for line, kind in zip(lines, kinds):
        parts.append(Part(kind, start, start + len(line)))
        start += len(line) + 1
    return Story(
        id="s#1",
        file=None,
        title=lines[0],
        text="",
        start=0,
        end=len(text),
        parts=tuple(parts),
        part_texts=tuple(lines),
    )


def test_story_time_reads_an_export_date_field_left_in_the_body():
    story = _story(
        ["Headline", "Body of it, 12 people.", "LOAD-DATE: March 3, 2024"], ["headline", "body", "body"]
    )
    assert story_time(story) == "2024-03-03"


def test_story_time_of_a_story_without_dates():
    assert (
        story_time(_story(["Headline", "By Jane Doe", "Body, 12 people."], ["headline", "byline", "body"]))
        is None
    )


def test_story_time_reads_the_timestamp_before_the_byline():
    lines = ["Headline", "Updated 9:00 AM GMT, March 2, 2024", "By Jane Doe, May 1, 2020", "Body."]
    story = _story(lines, ["headline", "timestamp", "byline", "body"])
    assert story_time(story) == "2024-03-02T09:00:00+00:00"
