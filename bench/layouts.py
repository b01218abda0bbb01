#!/usr/bin/env python3
"""Make dumps of labelled articles in the layouts real dumps come in, with their gold starts.

    python bench/layouts.py OUT_DIR [SET ...]      # every set with articles.jsonl, 6 layouts each

The splitter's weights are fitted on dumps this makes (bench/fit_weights.py) and scored on the
dumps of a corpus left out, so nothing is fitted to the dev dumps' own habits. Each story of a
dump draws its own habits from its layout's profile: a blank line between paragraphs or not, an
attribution line in one of a dozen forms or none, a byline, a headline glued to its lede, a wire
dateline on its own line or glued to the first sentence, an ALL-CAPS headline, page furniture
(share buttons, captions, "Related:" lists of other headlines, timestamps), subheads between
paragraphs (a few words of the paragraph under them or the one before), a dump's reports of one
event in a row, hard wrapping at 56 to 80 columns. The words of the stories are the articles' own;
the furniture is generic.

Gold files have the dev dumps' form: a JSON list of {"start", "title", "id", "cluster"}.
"""

from __future__ import annotations

import argparse
import json
import random
import textwrap
from pathlib import Path

from newsclust.normalize import LANGUAGES, stopwords

STOPWORDS = stopwords(LANGUAGES)
LAYOUTS = ("clean", "bare", "inline", "noisy", "mixed", "wrapped")

# the habits of each layout: the chance of each habit per story
PROFILES: dict[str, dict[str, float]] = {
    "clean": {"blank_paragraphs": 1.0, "attribution": 0.8, "byline": 0.3, "subheads": 0.25},
    "bare": {"blank_paragraphs": 0.0, "attribution": 0.7, "byline": 0.3, "subheads": 0.25},
    "inline": {"blank_paragraphs": 0.3, "attribution": 0.5, "byline": 0.2, "glued": 1.0},
    "noisy": {"blank_paragraphs": 0.5, "attribution": 0.6, "byline": 0.3, "noise": 1.0, "caption": 0.5},
    "mixed": {
        "blank_paragraphs": 0.5, "attribution": 0.5, "byline": 0.3, "glued": 0.3, "noise": 0.3,
        "caption": 0.2, "dateline": 0.3, "caps": 0.1, "timestamp": 0.15, "section": 0.1, "subheads": 0.3,
    },
    "wrapped": {"blank_paragraphs": 1.0, "attribution": 0.6, "byline": 0.3, "dateline": 0.3, "wrap": 1.0},
}  # fmt: skip

ATTRIBUTIONS = {
    "vi": ["Theo {s}", "Theo_{s}", "(Theo {s})", "Nguồn: {s}", "{s}", "({s})", "Theo báo {s}"],
    "en": [
        "Source: {s}",
        "— {s}",
        "Copyright 2016 {s}. All rights reserved.",
        "(c) {s}",
        "{s}",
        "Credit: {s}",
    ],
}
OUTLETS = {
    "vi": ["VnExpress", "Dân trí", "Tuổi Trẻ", "Thanh Niên", "VOV", "TTXVN", "Zing", "Người Lao Động"],
    "en": ["Reuters", "AP", "AFP", "The Guardian", "BBC News", "CNN", "Bloomberg", "NPR"],
}
BYLINES = {
    "vi": ["Minh Anh", "Hoàng Long", "Thu Hà (tổng hợp)", "NGUYỄN VĂN NAM", "Lan Hương", "Quang Huy/VOV"],
    "en": ["By Jane Doe", "By JOHN SMITH Associated Press", "Maria Garcia", "By Tom Brown and Ann Lee"],
}
PLACES = {
    "vi": ["HÀ NỘI", "TP HCM", "ĐÀ NẴNG", "HUẾ"],
    "en": ["WASHINGTON", "LONDON", "NEW YORK", "BEIJING", "PONTIAC, Mich., March 4", "PARIS (Reuters)"],
}
NOISE = {
    "vi": ["Video đang HOT", "Bình luận", "Chia sẻ", "Quảng cáo", "Xem thêm", "Tin nổi bật"],
    "en": ["Advertisement", "Share this article", "Continue reading the main story", "Comments", "Share"],
}
RELATED = {
    "vi": ["Tin liên quan:", "Đọc thêm:", "Xem thêm:"],
    "en": ["Related:", "Read more:", "More on this story"],
}
CAPTIONS = {"vi": "Ảnh minh họa", "en": "Photo: Getty Images"}
TIMESTAMPS = {"vi": "Thứ Hai, 12/10/2016, 08:30 (GMT+7)", "en": "Updated 11:42 PM EST, September 30, 2016"}
SECTIONS = {"vi": ["Thế giới", "Xã hội", "Kinh tế"], "en": ["WORLD NEWS", "Politics", "Home > World > Asia"]}


def load(folder: Path) -> list[dict]:
    """The articles of a set that can open a story: a headline and a body of paragraphs."""
    articles = []
    with open(folder / "articles.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            paragraphs = [
                p.strip() for p in f"{record.get('lede') or ''}\n{record.get('body') or ''}".split("\n")
            ]
            paragraphs = [p for p in paragraphs if p]
            title = " ".join((record.get("title") or "").split())
            if title and paragraphs and paragraphs[0] != title:
                record["paragraphs"] = paragraphs
                record["title"] = title
                articles.append(record)
    return articles


def story_lines(
    article: dict, habits: dict[str, bool], rng: random.Random, others: list[dict]
) -> tuple[list[str], int]:
    """The lines of one story (blank lines as ""), and the index of its headline line."""
    lang = "vi" if article.get("lang") == "vi" else "en"
    title = article["title"].upper() if habits["caps"] else article["title"]
    paragraphs = list(article["paragraphs"])
    if habits["dateline"]:
        mark = f"{rng.choice(PLACES[lang])} {rng.choice(['-', '—', '–'])}"
        if rng.random() < 0.5:
            paragraphs.insert(0, mark)
        else:
            paragraphs[0] = f"{mark} {paragraphs[0]}"
    if habits["subheads"] and len(paragraphs) >= 4:
        # subheads (intertitles) between paragraphs: a few words of the paragraph under them or the
        # one before, in their order but not a run of them (a subhead sums up; it does not quote)
        for at in range(len(paragraphs) - 2, 1, -rng.randint(2, 4)):
            source = paragraphs[at] if rng.random() < 0.3 else paragraphs[at - 1]
            words = [w.strip(".,;:!?\"“”()'") for w in source.split()]
            words = [w for w in words if w and w.casefold() not in STOPWORDS]
            if len(words) >= 8:
                picked = sorted(rng.sample(range(len(words)), rng.randint(2, 6)))
                subhead = " ".join(words[k] for k in picked)
                paragraphs.insert(at, subhead[:1].upper() + subhead[1:])
    if habits["noise"]:
        for _ in range(rng.randint(1, 3)):
            paragraphs.insert(rng.randint(1, len(paragraphs)), rng.choice(NOISE[lang]))
    if habits["caption"] and len(paragraphs) > 2:
        paragraphs.insert(rng.randint(1, len(paragraphs) - 1), f"{title[:40]} ({CAPTIONS[lang]})")
    if habits["noise"] and others and rng.random() < 0.5:
        paragraphs.insert(rng.randint(1, len(paragraphs)), rng.choice(RELATED[lang]))
        for other in rng.sample(others, min(2, len(others))):
            paragraphs.insert(len(paragraphs) - rng.randint(0, 1), f">> {other['title']}")
    tail = []
    if habits["byline"]:
        tail.append(rng.choice(BYLINES[lang]))
    if habits["attribution"]:
        outlet = article.get("source") or rng.choice(OUTLETS[lang])
        tail.append(rng.choice(ATTRIBUTIONS[lang]).format(s=outlet))
    head = []
    if habits["section"]:
        head.append(rng.choice(SECTIONS[lang]))
    headline_at = len(head)
    if habits["glued"]:
        head.append(f"{title} {paragraphs.pop(0)}")
    else:
        head.append(title)
    if habits["timestamp"] and not habits["glued"]:
        head.append(TIMESTAMPS[lang])
    body = []
    for paragraph in paragraphs:
        pieces = textwrap.wrap(paragraph, habits["width"]) if habits["wrap"] else [paragraph]
        body.extend(pieces or [paragraph])
        if habits["blank_paragraphs"]:
            body.append("")
    if habits["wrap"] and not habits["glued"]:
        head.append("")
    lines = head + body + tail
    return lines, headline_at


def make_dump(articles: list[dict], layout: str, rng: random.Random) -> tuple[str, list[dict]]:
    """One dump of ``articles`` in ``layout``, and its gold."""
    profile = dict(PROFILES[layout])
    # how often a dump's stories end in an attribution varies from outlet to outlet: from never
    # to always, so that no weight leans on one dump's habit
    profile["attribution"] = rng.choice((0.0, 0.3, 0.6, 1.0))
    lines_out: list[str] = []
    gold = []
    position = 0
    for number, article in enumerate(articles):
        habits = {name: rng.random() < profile.get(name, 0.0) for name in (
            "blank_paragraphs", "attribution", "byline", "glued", "noise", "caption", "dateline", "caps",
            "timestamp", "section", "wrap", "subheads",
        )}  # fmt: skip
        habits["width"] = rng.randint(56, 80)
        others = articles[max(0, number - 5) : number]
        lines, headline_at = story_lines(article, habits, rng, others)
        if lines_out and lines_out[-1] != "" and (habits["blank_paragraphs"] or rng.random() < 0.3):
            lines_out.append("")
            position += 1
        start = position + sum(len(line) + 1 for line in lines[:headline_at])
        if habits["section"]:
            start = position  # the section label opens the story's span
        gold.append(
            {
                "start": start,
                "title": article["title"],
                "id": article["id"],
                "cluster": article.get("cluster"),
            }
        )
        for line in lines:
            lines_out.append(line)
            position += len(line) + 1
        while lines_out and lines_out[-1] == "":  # one blank line at most between stories
            lines_out.pop()
            position -= 1
    return "\n".join(lines_out) + "\n", gold


def make_dumps(folder: Path, out: Path, *, per_dump: int = 40, seed: int = 0) -> list[Path]:
    """Dumps of one set in every layout under ``out``; returns their paths."""
    articles = load(folder)
    rng = random.Random(f"{seed}:{folder.name}")
    rng.shuffle(articles)
    written = []
    out.mkdir(parents=True, exist_ok=True)
    for index, layout in enumerate(LAYOUTS):
        chunk = [
            articles[(index * per_dump + k) % len(articles)] for k in range(min(per_dump, len(articles)))
        ]
        if rng.random() < 0.5:
            # a monitor's dump often holds several reports of one event in a row
            chunk.sort(key=lambda a: str(a.get("cluster") or a.get("thread") or a["id"]))
        text, gold = make_dump(chunk, layout, rng)
        path = out / f"gen{index:02d}-{layout}.txt"
        path.write_text(text, encoding="utf-8")
        path.with_suffix(".gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("sets", nargs="*", type=Path)
    parser.add_argument("--per-dump", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    sets = args.sets or sorted(p for p in (Path(__file__).resolve().parents[2] / "shared" / "data").glob("*"))
    for folder in sets:
        if (folder / "articles.jsonl").is_file():
            for path in make_dumps(folder, args.out / folder.name, per_dump=args.per_dump, seed=args.seed):
                print(path)


if __name__ == "__main__":
    main()
