#!/usr/bin/env python3
"""Write news database exports made from the dev articles, with gold, and score split on them.

    python bench/export_dumps.py                     # write to a temporary folder, print scores
    python bench/export_dumps.py --out exports/ --records 80
    newsclust split exports/nexis-uni-crlf-bom.txt | newsclust eval split - \\
        --gold exports/nexis-uni-crlf-bom.gold.json --text exports/nexis-uni-crlf-bom.txt --table

Three formats, as their public documentation and open-source parsers show them, each as plain
text with "\\n", as CRLF with a UTF-8 byte order mark (as Windows tools save them), and as a word
processor saves an export as text (no centring; Nexis Uni without blank lines):

  lexisnexis   classic: a download request, then "N of M DOCUMENTS" headers, centred publication
               and date lines (an edition line under some), the headline (wrapped over two lines
               when long; a "HEADLINE:" field in a quarter of the records, with "BODY:"), BYLINE:
               (not always), SECTION:, LENGTH:, the body hard-wrapped at 78 columns, LOAD-DATE:,
               LANGUAGE:, PUBLICATION-TYPE:, and centred copyright lines
  nexis-uni    a cover page listing every headline ("1. Headline" over "Client/Matter:", "Search
               Terms:", ...), then per record the headline, publication, date, copyright,
               Section:/Length:/Byline:, "Body", one line per paragraph, "Classification",
               Language:, Load-Date:, "End of Document"
  factiva      field codes HD, BY, WC, PD, SN, SC, LA, CY, LP (two paragraphs), TD, CO, NS, AN
  factiva-plain  "Full Article/Report" without codes: a section over some headlines, the
               headline, "By ...", "523 words", the date, a time in some, the source, its code,
               the language, the copyright, the body, "Document ...", and a search summary at the end

The gold is what ``newsclust eval split --gold`` reads (as ``../shared/data/*/dumps/*.gold.json``):
a JSON list of {start, title, id, cluster}; a record's start is its first line: the "N of M
DOCUMENTS" header, the Nexis Uni headline, Factiva's "HD" line. The articles are every
``../shared/data/*/articles.jsonl`` ($NEWSCLUST_DATA), or the stories of samples/ without them.
"""

from __future__ import annotations

import argparse
import datetime
import glob
import json
import os
import random
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("NEWSCLUST_DATA", ROOT.parent / "shared" / "data"))
sys.path.insert(0, str(ROOT))

FORMATS = ("lexisnexis", "nexis-uni", "factiva", "factiva-plain")
# made-up publications, for articles without a source
PUBLICATIONS = ("The Valley Courier", "Northern Evening Post", "Harbour Weekly", "The Plains Gazette",
                "Coastal Business Daily", "Tin Tức Miền Trung", "Báo Đồng Bằng")  # fmt: skip
BYLINES = ("Jane Doe", "John Roe", "Maria Lopez", "Nguyễn Văn An", "Anna Berg", "Tom Baker")
SECTIONS = ("NEWS; Pg. 3", "WORLD; Pg. 12", "BUSINESS; Pg. 1", "LOCAL", "FOREIGN; Pg. 8")


def load_articles() -> list[dict]:
    """Every dev article (title, paragraphs, source, date, id, cluster), in a fixed order."""
    articles = []
    for path in sorted(glob.glob(str(SHARED_DATA / "*" / "articles.jsonl"))):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                paragraphs = [p.strip() for p in (record.get("lede") or "").split("\n") if p.strip()]
                paragraphs += [p.strip() for p in (record.get("body") or "").split("\n") if p.strip()]
                title = " ".join((record.get("title") or "").split())
                if title and paragraphs:
                    articles.append({"id": record["id"], "cluster": record.get("cluster"), "title": title,
                                     "paragraphs": paragraphs, "source": record.get("source"),
                                     "time": record.get("time")})  # fmt: skip
    if articles:
        return articles
    from newsclust.split import split_text

    for path in sorted((ROOT / "samples").glob("*.txt")):
        for story in split_text(path.read_text(encoding="utf-8"), name=path.stem):
            paragraphs = [p for p in story.text.split("\n") if p.strip()]
            if paragraphs:
                articles.append({"id": story.id, "cluster": story.id, "title": story.title,
                                 "paragraphs": paragraphs, "source": story.source, "time": None})  # fmt: skip
    return articles


def article_date(article: dict, rng: random.Random) -> datetime.date:
    time = article.get("time") or ""
    for form in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(time.split()[0] if time else "", form).date()
        except ValueError:
            continue
    return datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randrange(1500))


def masthead(article: dict, rng: random.Random) -> tuple[str, datetime.date, str]:
    """A record's publication, its date, and a six-letter code for the publication."""
    source = article["source"] or rng.choice(PUBLICATIONS)
    code = "".join(ch for ch in source.upper() if "A" <= ch <= "Z")[:6].ljust(6, "X")
    return source, article_date(article, rng), code


class Writer:
    """Lines of an export, with the offset of each record's first line (in "\\n" text)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.size = 0
        self.gold: list[dict] = []

    def add(self, *lines: str) -> None:
        for line in lines:
            self.lines.append(line)
            self.size += len(line) + 1

    def open_record(self, article: dict, first_line: str) -> None:
        """The record's first line, at the offset its visible text starts."""
        indent = len(first_line) - len(first_line.lstrip())
        self.gold.append({"start": self.size + indent, "title": article["title"], "id": article["id"],
                          "cluster": article["cluster"]})  # fmt: skip
        self.add(first_line)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _centred(text: str, width: int = 80) -> str:
    return text.center(width).rstrip()


def lexisnexis(articles: list[dict], rng: random.Random) -> Writer:
    out = Writer()
    out.add("", f"Download Request: Selected Items: 1-{len(articles)}",
            "Time Of Request: Monday, March 4, 2019  10:12:31", "", "Send To:", "   RESEARCH LIBRARY", "",
            "Terms: (news and not (TYPE(web)))", "", "Source: All News", "Project ID: None", "",
            "")  # fmt: skip
    for number, article in enumerate(articles, 1):
        source, date, _ = masthead(article, rng)
        labelled = rng.random() < 0.25
        out.open_record(article, _centred(f"{number} of {len(articles)} DOCUMENTS"))
        clock = f" {rng.randrange(1, 12)}:{rng.randrange(60):02d} PM GMT" if rng.random() < 0.3 else ""
        out.add(
            "", "", "", _centred(source), "", _centred(f"{date:%B} {date.day}, {date.year} {date:%A}{clock}")
        )
        if rng.random() < 0.3:
            out.add(_centred("Final Edition"))
            if rng.random() < 0.5:
                out.add(_centred("Correction Appended"))
        out.add("")
        if labelled:
            out.add(f"SECTION: {rng.choice(SECTIONS)}", "", f"LENGTH: {rng.randrange(80, 1500)} words", "")
            out.add(*textwrap.wrap("HEADLINE: " + article["title"], 78), "")
        else:
            out.add(*textwrap.wrap(article["title"], 78), "")
        if rng.random() < 0.7:
            out.add(f"BYLINE: {rng.choice(BYLINES)}", "")
        if not labelled:
            out.add(f"SECTION: {rng.choice(SECTIONS)}", "", f"LENGTH: {rng.randrange(80, 1500)} words", "")
        if rng.random() < 0.2:
            out.add(f"DATELINE: {rng.choice(('LONDON', 'HANOI', 'WASHINGTON'))}", "")
        if rng.random() < 0.2:  # a summary over several lines
            out.add(*textwrap.wrap("HIGHLIGHT: " + article["paragraphs"][0], 78), "")
        if labelled:
            out.add("BODY:", "")
        for paragraph in article["paragraphs"]:
            out.add(*textwrap.wrap(paragraph, 78), "")
        if rng.random() < 0.2:
            out.add("GRAPHIC: Picture, The harbour at dawn. PHOTOGRAPH: JANE DOE", "")
        out.add(f"LOAD-DATE: {date:%B} {date.day}, {date.year}", "", "LANGUAGE: ENGLISH", "",
                "PUBLICATION-TYPE: Newspaper", "", "", _centred(f"Copyright {date.year} {source}"),
                _centred("All Rights Reserved"), "")  # fmt: skip
    return out


def nexis_uni(articles: list[dict], rng: random.Random) -> Writer:
    out = Writer()
    out.add("Date and Time: Monday, March 4, 2019 10:12:00 AM EST", "Job Number: 86753091",
            f"Documents ({len(articles)})")  # fmt: skip
    for number, article in enumerate(articles, 1):
        out.add(f"{number}. {article['title']}", "Client/Matter: -None-", "Search Terms: news",
                "Search Type: Natural Language", "Narrowed by:", "Content Type\tNarrowed by",
                "News\tTimeline: Jan 01, 2010 to Dec 31, 2020")  # fmt: skip
    out.add("")
    for article in articles:
        source, date, _ = masthead(article, rng)
        out.open_record(article, article["title"])
        out.add("", source, f"{date:%B} {date.day}, {date.year} {date:%A}")
        if rng.random() < 0.3:
            out.add("Main Edition")
        out.add("", f"Copyright {date.year} {source} All Rights Reserved", "",
                f"Section: {rng.choice(SECTIONS)}", f"Length: {rng.randrange(80, 1500)} words")  # fmt: skip
        if rng.random() < 0.7:
            out.add(f"Byline: {rng.choice(BYLINES)}")
        out.add("", "Body", "")
        for paragraph in article["paragraphs"]:
            out.add(paragraph, "")
        out.add("Classification", "", "Language: ENGLISH", "", "Publication-Type: Newspaper", "",
                "Subject: NEWS (90%)", "", f"Load-Date: {date:%B} {date.day}, {date.year}", "",
                "End of Document", "")  # fmt: skip
    return out


def factiva(articles: list[dict], rng: random.Random) -> Writer:
    out = Writer()
    for number, article in enumerate(articles, 1):
        source, date, code = masthead(article, rng)
        out.open_record(article, f"HD\t{article['title']}")
        if rng.random() < 0.7:
            out.add(f"BY\tBy {rng.choice(BYLINES)}")
        words = sum(len(p.split()) for p in article["paragraphs"])
        out.add(f"WC\t{words} words", f"PD\t{date.day} {date:%B} {date.year}", f"SN\t{source}", f"SC\t{code}",
                "LA\tEnglish", f"CY\t(c) {date.year} {source}. All rights reserved.")  # fmt: skip
        lead, rest = article["paragraphs"][:2], article["paragraphs"][2:]
        out.add(f"LP\t{lead[0]}")
        for paragraph in lead[1:]:
            out.add("", paragraph)
        if rest:
            out.add(f"TD\t{rest[0]}")
            for paragraph in rest[1:]:
                out.add("", paragraph)
        out.add("NS\tgcat : Political/General News", "RE\tworld : World",
                f"AN\tDocument {code}00{date:%Y%m%d}e{number:011d}", "")  # fmt: skip
    return out


def _saved_as_text(out: Writer, kind: str) -> Writer:
    starts = {record["start"] for record in out.gold}
    flat = Writer()
    position, records = 0, iter(out.gold)
    for line in out.lines:
        visible = position + len(line) - len(line.lstrip())
        position += len(line) + 1
        if kind == "nexis-uni" and not line.strip():
            continue
        if kind == "factiva":
            line = line.replace("\t", "  ", 1)
        if visible in starts and line.strip():
            flat.open_record(next(records), line.strip())
        else:
            flat.add(line.strip())
    return flat


def factiva_plain(articles: list[dict], rng: random.Random) -> Writer:
    """Factiva's "Full Article/Report" without the field codes."""
    out = Writer()
    for number, article in enumerate(articles, 1):
        source, date, code = masthead(article, rng)
        if rng.random() < 0.2:
            out.add(rng.choice(("World", "Business", "Sport")))  # a section over the headline
            out.gold.append({"start": out.size - len(out.lines[-1]) - 1, "title": article["title"],
                             "id": article["id"], "cluster": article["cluster"]})  # fmt: skip
            out.add(article["title"])
        else:
            out.open_record(article, article["title"])
        if rng.random() < 0.7:
            out.add(f"By {rng.choice(BYLINES)}")
        words = sum(len(p.split()) for p in article["paragraphs"])
        out.add(f"{words} words", f"{date.day} {date:%B} {date.year}")
        if rng.random() < 0.4:
            out.add(f"{rng.randrange(24):02d}:{rng.randrange(60):02d}")
        out.add(source, code, "English", f"(c) {date.year} {source}. All rights reserved.", "")
        for paragraph in article["paragraphs"]:
            out.add(paragraph, "")
        out.add(f"Document {code}00{date:%Y%m%d}e{number:011d}", "", "")
    out.add("Search Summary", "Text\tnews", "Date\tAll Dates", f"Results Found\t{len(articles)}")
    return out


WRITERS = {
    "lexisnexis": lexisnexis, "nexis-uni": nexis_uni, "factiva": factiva, "factiva-plain": factiva_plain,
}  # fmt: skip


def export(
    kind: str, articles: list[dict], seed: int = 0, *, crlf_bom: bool = False, saved_as_text: bool = False
) -> tuple[str, list[dict]]:
    """The text of an export of ``articles`` in format ``kind`` and its gold (offsets into the text
    as decoded, a byte order mark dropped). ``saved_as_text``: as a word processor saves a DOCX or
    RTF export as plain text: no centring, and for Nexis Uni no blank lines between paragraphs,
    Factiva's codes followed by spaces instead of a tab."""
    out = WRITERS[kind](articles, random.Random(seed))
    if saved_as_text:
        out = _saved_as_text(out, kind)
    text = out.text()
    gold = out.gold
    if crlf_bom:
        breaks = [i for i, ch in enumerate(text) if ch == "\n"]
        import bisect

        for record in gold:
            record["start"] += bisect.bisect_left(breaks, record["start"])
        text = "\ufeff" + text.replace("\n", "\r\n")
    return text, gold


def export_of_size(kind: str, size: int, seed: int = 0) -> str:
    """Exports of 200 records each, one after another, to about ``size`` bytes of UTF-8: the dev
    articles over and over, in new orders."""
    articles = load_articles()
    rng = random.Random(seed)
    pieces, total, round_ = [], 0, 0
    while total < size:
        text, _ = export(kind, rng.sample(articles, min(200, len(articles))), seed + round_)
        pieces.append(text)
        total += len(text.encode("utf-8"))
        round_ += 1
    return "".join(pieces)


def score(folder: Path, names: list[str]) -> list[dict]:
    from newsclust.evaluate import score_segmentation
    from newsclust.io import read_text
    from newsclust.split import split_text

    rows = []
    for name in names:
        text = read_text(str(folder / f"{name}.txt"))
        gold = json.loads((folder / f"{name}.gold.json").read_text(encoding="utf-8"))
        stories = [s.to_dict() for s in split_text(text, name=name)]
        rows.append({"file": name, **score_segmentation(stories, gold)})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, help="folder to write the exports into (default: a temporary one)"
    )
    parser.add_argument("--records", type=int, default=100, help="records per export")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    articles = load_articles()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.out or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        names = []
        for number, kind in enumerate(FORMATS):
            chosen = rng.sample(articles, min(args.records, len(articles)))
            for variant in ("", "-crlf-bom", "-saved-as-text"):
                name = kind + variant
                text, gold = export(
                    kind, chosen, args.seed + number, crlf_bom=variant == "-crlf-bom",
                    saved_as_text=variant == "-saved-as-text",
                )  # fmt: skip
                (folder / f"{name}.txt").write_bytes(text.encode("utf-8"))
                (folder / f"{name}.gold.json").write_text(
                    json.dumps(gold, ensure_ascii=False, indent=1) + "\n"
                )
                names.append(name)
        rows = score(folder, names)
    print("| export | records | found | boundary F1 | headline accuracy |")
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        accuracy = row["headline_accuracy"]
        cells = (row["file"], row["gold"], row["predicted"], f"{row['f1']:.3f}", f"{accuracy:.3f}")
        print("| " + " | ".join(map(str, cells)) + " |")
    matched = sum(r["matched"] for r in rows)
    predicted, gold = sum(r["predicted"] for r in rows), sum(r["gold"] for r in rows)
    precision, recall = matched / predicted, matched / gold
    f1 = 2 * precision * recall / (precision + recall) if matched else 0.0
    headlines = sum(r["headlines_right"] for r in rows) / matched if matched else 0.0
    print(f"| all | {gold} | {predicted} | {f1:.3f} | {headlines:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
