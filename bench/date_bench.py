#!/usr/bin/env python3
"""Cost and accuracy of reading dates: newsclust.dates against python-dateutil and dateparser.

Builds N articles' date strings in the forms news text writes them (bylines, datelines, export
fields, CSV columns; English and Vietnamese; a share with no date at all), each with the day it
means, and times each parser over the same strings. dateparser is slow, so it runs on a sample
(``--slow-sample``) and its cost per date is reported from that. Then it times reading a CSV of N
articles with and without a date column, to show what dates cost the whole read.

    python bench/date_bench.py                  # N = 100,000
    python bench/date_bench.py --n 10000 --slow-sample 1000

Prints a markdown table on stdout. Needs python-dateutil and dateparser (pip install -e '.[bench]').
"""

from __future__ import annotations

import argparse
import csv
import random
import time
import warnings
from datetime import date, timedelta

from newsclust.dates import parse_date

MONTHS = "January February March April May June July August September October November December".split()
VI_DAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


def samples(n: int, seed: int = 0, no_date_share: float = 0.2) -> list[tuple[str, str | None]]:
    """``n`` (text, the ISO day it means or None) pairs in a fixed mix of forms."""
    rng = random.Random(seed)
    forms = [
        lambda d, h, m: f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
        lambda d, h, m: f"{d.day} {MONTHS[d.month - 1][:3]} {d.year} {h:02d}:{m:02d} GMT",
        lambda d, h, m: f"{d.day:02d}/{d.month:02d}/{d.year}",
        lambda d, h, m: f"ngày {d.day} tháng {d.month} năm {d.year}",
        lambda d, h, m: (
            f"{VI_DAYS[d.weekday()]}, {d.day:02d}/{d.month:02d}/{d.year}, {h:02d}:{m:02d} (GMT+7)"
        ),
        lambda d, h, m: (
            f"Updated {h % 12 or 12}:{m:02d} {'PM' if h >= 12 else 'AM'} EST, "
            f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
        ),
        lambda d, h, m: f"LOAD-DATE: {MONTHS[d.month - 1]} {d.day}, {d.year}",
        lambda d, h, m: f"{d.isoformat()}T{h:02d}:{m:02d}:00Z",
        lambda d, h, m: f"{d.day:02d}/{d.month:02d}/{d.year} {h:02d}:{m:02d}",
    ]
    out = []
    start = date(2000, 1, 1)
    for _ in range(n):
        if rng.random() < no_date_share:
            out.append((rng.choice(["By Jane Doe", "Thu Hoài Tổng hợp", "WASHINGTON —", "Theo VOV"]), None))
            continue
        day = start + timedelta(days=rng.randrange(9000))
        text = rng.choice(forms)(day, rng.randrange(24), rng.randrange(60))
        out.append((text, day.isoformat()))
    return out


def run(parse, items) -> tuple[float, float]:
    """Seconds per string, and the share of strings whose day came out right (None right for none)."""
    right = 0
    began = time.perf_counter()
    found = [parse(text) for text, _ in items]
    seconds = time.perf_counter() - began
    for (_, expected), got in zip(items, found):
        right += (got[:10] if got else None) == expected
    return seconds / len(items), right / len(items)


def newsclust_parse(text):
    return parse_date(text)


def dateutil_parse(text):
    from dateutil import parser

    try:
        return parser.parse(text, fuzzy=True, dayfirst=True).isoformat()
    except (ValueError, OverflowError):
        return None


def dateparser_parse(text):
    import dateparser

    found = dateparser.parse(text, languages=["en", "vi"], settings={"DATE_ORDER": "DMY"})
    return found.isoformat() if found else None


def csv_read_cost(n: int) -> tuple[float, float]:
    """Seconds to read n CSV articles through newsclust (``formats.read_articles``: rows, language,
    dates), without and with a date column."""
    import tempfile
    from pathlib import Path

    from newsclust.formats import read_articles

    costs = []
    with tempfile.TemporaryDirectory() as folder:
        for with_date in (False, True):
            path = Path(folder) / f"bench-{with_date}.csv"
            with open(path, "w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["title", "body", "source"] + (["date"] if with_date else []))
                for number, (text, _) in enumerate(samples(n, seed=1, no_date_share=0.0)):
                    row = [f"Headline {number}", "A body of a few words. " * 20, "Outlet"]
                    writer.writerow(row + ([text] if with_date else []))
            began = time.perf_counter()
            articles = read_articles([str(path)], on_warning=lambda message: None)
            costs.append(time.perf_counter() - began)
            assert len(articles) == n
    return costs[0], costs[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--slow-sample", type=int, default=2_000, help="strings given to dateparser")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    items = samples(args.n)
    rows = [("newsclust.dates.parse_date", *run(newsclust_parse, items), args.n)]
    rows.append(("dateutil.parser.parse(fuzzy=True, dayfirst=True)", *run(dateutil_parse, items), args.n))
    sample = items[: args.slow_sample]
    dateparser_parse(sample[0][0])  # its first call loads language data: not a per-date cost
    rows.append(("dateparser.parse(languages=['en', 'vi'])", *run(dateparser_parse, sample), len(sample)))
    print("| parser | µs per string | right | strings |")
    print("| --- | ---: | ---: | ---: |")
    for name, per, share, count in rows:
        print(f"| {name} | {per * 1e6:.1f} | {share:.3f} | {count:,} |")
    without, with_dates = csv_read_cost(args.n)
    print()
    print(
        f"reading {args.n:,} CSV articles: {without:.2f} s without a date column, "
        f"{with_dates:.2f} s with one ({(with_dates - without) / args.n * 1e6:.1f} µs per article)"
    )


if __name__ == "__main__":
    main()
