"""Dates in the forms news text writes them, as ISO 8601.

One small parser for the forms bylines, datelines, export fields and spreadsheet columns use, in
English and Vietnamese (and the month names of the other languages split knows): "March 2, 2024",
"2 Mar 2024 09:15 GMT", "23/12/2016", "ngày 23 tháng 12 năm 2016", "Thứ Hai, 12/10/2023, 08:30
(GMT+7)", "2024-03-02T09:15:00Z", "LOAD-DATE: March 3, 2024". On these forms it is about 7 times
as fast as python-dateutil and 80 times as fast as dateparser, and reads the Vietnamese ones that
dateutil cannot (``bench/date_bench.py``; README, "Dates"), with no dependency.

>>> parse_date("March 2, 2024"), parse_date("2 Mar 2024 09:15 GMT")
('2024-03-02', '2024-03-02T09:15:00+00:00')
>>> parse_date("ngày 23 tháng 12 năm 2016"), parse_date("23/12/2016"), parse_date("no date here")
('2016-12-23', '2016-12-23', None)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone
from operator import itemgetter

__all__ = ["find_date", "is_date_field", "parse_date", "looks_like_date", "story_time"]

_MONTH_NAMES = {
    1: "january jan janvier janv januar jänner enero ene janeiro gennaio gen januari",
    2: "february feb febr février févr februar febrero fevereiro fev febbraio februari",
    3: "march mar mars märz marzo março maart",
    4: "april apr avril abril aprile",
    5: "may mai mayo maio maggio mag mei",
    6: "june jun juin juni junio junho giugno giu",
    7: "july jul juillet juil juli julio julho luglio lug",
    8: "august aug août agosto ago augustus",
    9: "september sep sept septembre septiembre setembro settembre set",
    10: "october oct octobre oktober octubre outubro ottobre ott okt",
    11: "november nov novembre noviembre novembro",
    12: "december dec décembre déc dezember diciembre dic dezembro dez dicembre",
}
_MONTHS = {name: number for number, names in _MONTH_NAMES.items() for name in names.split()}
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|º|\.)?"
_YEAR = r"(?P<year>(?:1[89]|2\d)\d\d)"

# Tried in order on the case-folded text; the first that matches and makes a real date wins.
_DATE_PATTERNS = [
    # 2024-03-02, 2024/03/02 (year first is never ambiguous)
    re.compile(r"(?<!\d)" + _YEAR + r"[-/.](?P<month_number>[01]?\d)[-/.](?P<day>[0-3]?\d)(?!\d)"),
    # ngày 23 tháng 12 năm 2016, 23 tháng 12, 2016
    re.compile(
        r"(?:ngày\s+)?(?<!\d)(?P<day>[0-3]?\d)\s+tháng\s+(?P<month_number>[01]?\d)\s*(?:năm|,|/)\s*" + _YEAR
    ),
    # 23/12/2016, 23-12-2016, 23.12.16
    re.compile(
        r"(?<![\d/.-])(?P<first>[0-3]?\d)[/.-](?P<second>[01]?\d|[0-3]\d)[/.-](?P<year>\d{4}|\d{2})(?![\d/])"
    ),
    # March 2, 2024; Mar. 2nd 2024; March 2 2024
    re.compile(r"(?<![^\W\d_])" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR),
    # 2 March 2024; 2nd of March, 2024; 7 juin 2023; 5 de mayo de 2023; 3. März 2024
    re.compile(r"(?<!\d)" + _DAY + r"\s+(?:of\s+|de\s+)?" + _MONTH + r",?\s+(?:de\s+)?" + _YEAR),
]
_CLOCK = re.compile(
    r"(?<![\d:.])(?P<hour>[0-2]?\d)(?:[:h]|\s*giờ\s*)(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?"
    r"(?:\.\d+)?\s*(?P<half>a\.?m\.?|p\.?m\.?|sáng|chiều|tối|trưa)?(?![\d])"
)
_OFFSET = r"(?P<sign>[+\-−])(?P<zone_hour>[01]?\d)(?::?(?P<zone_minute>[0-5]\d))?"
_ZONE = re.compile(
    r"\s*\(?(?:(?P<gmt>gmt|utc|z\b)\s*(?:" + _OFFSET + r")?|" + _OFFSET.replace("P<", "P<bare_") + r"(?!\d)"
    r"|(?P<name>[a-z]{2,4})\b)"
)
#: Time zones whose abbreviation names one offset (hours). ET, PT, IST and the like name several.
ZONE_HOURS = {
    "gmt": 0, "utc": 0, "z": 0, "wet": 0, "bst": 1, "cet": 1, "west": 1, "cest": 2, "eet": 2, "eest": 3,
    "msk": 3, "ict": 7, "wib": 7, "hkt": 8, "sgt": 8, "awst": 8, "jst": 9, "kst": 9, "aest": 10,
    "aedt": 11, "nzst": 12, "nzdt": 13, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7,
    "mdt": -6, "pst": -8, "pdt": -7, "akst": -9, "akdt": -8, "hst": -10,
}  # fmt: skip
_ISO = re.compile(r"\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?)?(?:Z|[+-]\d\d:?\d\d)?")
_HAS_DIGIT = re.compile(r"\d")


def parse_date(text: str | None, *, lang: str | None = None, dayfirst: bool = True) -> str | None:
    """The first date in ``text`` as ISO 8601 (``2024-03-02``, or ``2024-03-02T09:15:00+00:00``
    with the time and the zone where given), or None when it holds none.

    Numeric dates are read day first (``03/04/2016`` is 3 April), as Vietnamese and most of the
    world write them, unless ``dayfirst=False`` or one of the numbers cannot be a month. ``lang``
    is accepted for callers that know it; the month names of every language are read anyway.

    >>> parse_date("Updated 11:42 PM EST, September 30, 2023")
    '2023-09-30T23:42:00-05:00'
    >>> parse_date("Thứ Hai, 12/10/2023, 08:30 (GMT+7)")
    '2023-10-12T08:30:00+07:00'
    """
    if not text or _HAS_DIGIT.search(text) is None:  # most lines and cells: no digit, no date
        return None
    text = text.strip()
    if text.isdigit() and 9 <= len(text) <= 10:  # seconds since 1970, as some JSON holds it
        return datetime.fromtimestamp(int(text), timezone.utc).isoformat()
    if _ISO.fullmatch(text):  # the form JSON and CSV columns mostly hold, read at once
        try:
            if len(text) == 10:
                return date.fromisoformat(text).isoformat()
            return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
        except ValueError:
            pass
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    folded = text.casefold()
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(folded):
            day = _date_of(match, dayfirst)
            if day is not None:
                return _with_clock(day, folded, match)
    return None


def looks_like_date(text: str) -> bool:
    """Whether ``text`` is worth handing to ``parse_date``: it has a digit (cheap, for hot loops)."""
    return _HAS_DIGIT.search(text) is not None


def find_date(lines: Iterable[str], *, lang: str | None = None, dayfirst: bool = True) -> str | None:
    """The date of the first of ``lines`` that holds one (a story's timestamp, byline, dateline).

    >>> find_date(["By Jane Doe", "LOAD-DATE: March 3, 2024"])
    '2024-03-03'
    """
    for line in lines:
        found = parse_date(line, lang=lang, dayfirst=dayfirst)
        if found is not None:
            return found
    return None


#: The parts of a split story that may carry its date, in the order they are believed; after
#: them, a line that is an export's date field ("LOAD-DATE: March 3, 2024") the splitter kept.
DATED_PARTS = ("timestamp", "credit", "byline", "boilerplate", "attribution")
_RANK = {kind: rank for rank, kind in enumerate(DATED_PARTS)}
_DATE_FIELD = re.compile(
    r"(?:load-date|publication-date|date|published|publication date|updated|ngày đăng|ngày|cập nhật)\s*:",
    re.IGNORECASE,
)


def is_date_field(text: str) -> bool:
    """Whether a line is an export's date field: "Date: ...", "LOAD-DATE: ...", "Ngày đăng: ..."."""
    return text.find(":", 0, 20) > 0 and _DATE_FIELD.match(text) is not None


def story_time(story) -> str | None:
    """The date a split story's own parts give (timestamp first, then dateline, byline ..., then
    an export's date field among its first or last lines: "Date: ...", "LOAD-DATE: ...").

    Cheap where there is no date, as in most stories: the part kinds are read in C
    (``map``/``isdisjoint``), only the first and last few lines are looked at for a field, and only
    text with a digit is parsed.
    """
    parts, texts = story.parts, story.part_texts
    digit = _HAS_DIGIT.search
    candidates = []
    if not _DATED.isdisjoint(map(_kind, parts)):
        rank = _RANK
        for part, text in zip(parts, texts):
            if part.kind in rank and digit(text) is not None:
                candidates.append((rank[part.kind], text))
    edges = texts if len(texts) <= 2 * _EDGE_LINES else texts[:_EDGE_LINES] + texts[-_EDGE_LINES:]
    for text in edges:
        if text.find(":", 0, 20) > 0 and _DATE_FIELD.match(text) and digit(text) is not None:
            candidates.append((len(DATED_PARTS), text))
    if not candidates:
        return None
    candidates.sort(key=lambda candidate: candidate[0])
    return find_date([text for _, text in candidates], lang=story.lang)


_DATED = frozenset(DATED_PARTS)
_EDGE_LINES = 4  # an export's fields open or close its record
_kind = itemgetter(0)


def _date_of(match: re.Match[str], dayfirst: bool) -> date | None:
    groups = match.groupdict()
    year_text = groups["year"]
    year = int(year_text)
    if len(year_text) == 2:
        year += 2000 if year < 70 else 1900
    if groups.get("first") is not None:
        first, second = int(groups["first"]), int(groups["second"])
        if first > 12 or (dayfirst and second <= 12):
            day, month = first, second
        else:
            day, month = second, first
    else:
        day = int(groups["day"])
        month = int(groups["month_number"]) if groups.get("month_number") else _MONTHS[groups["month"]]
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _with_clock(day: date, folded: str, date_match: re.Match[str]) -> str:
    """The ISO form of ``day`` with the first clock time of the text, and its zone where named."""
    clock = None
    for candidate in _CLOCK.finditer(folded):
        if not (date_match.start() <= candidate.start() < date_match.end()):
            clock = candidate
            break
    if clock is None:
        return day.isoformat()
    hour, minute = int(clock["hour"]), int(clock["minute"])
    half = clock["half"]
    if half:
        if half[0] in "pct" and hour < 12:  # pm, chiều, tối
            hour += 12
        elif half[0] == "a" and hour == 12:
            hour = 0
    if hour > 23:
        return day.isoformat()
    moment = datetime(day.year, day.month, day.day, hour, minute, int(clock["second"] or 0))
    zone = _zone(folded, clock.end())
    return (moment.replace(tzinfo=zone) if zone is not None else moment).isoformat()


def _zone(folded: str, at: int) -> timezone | None:
    match = _ZONE.match(folded, at)
    if match is None:
        return None
    sign = match["sign"] or match["bare_sign"]
    if sign:
        hours = int(match["zone_hour"] or match["bare_zone_hour"])
        minutes = int(match["zone_minute"] or match["bare_zone_minute"] or 0)
        if hours > 14:
            return None
        offset = timedelta(hours=hours, minutes=minutes)
        return timezone(-offset if sign in "-−" else offset)
    if match["gmt"]:
        return timezone.utc
    hours = ZONE_HOURS.get(match["name"] or "")
    return None if hours is None else timezone(timedelta(hours=hours))
