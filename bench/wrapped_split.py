#!/usr/bin/env python3
"""Boundary F1 of ``newsclust split`` on the dev dumps hard-wrapped at a fixed width.

    python bench/wrapped_split.py              # 72 columns, every clean dev dump
    python bench/wrapped_split.py --width 60

Wire feeds, e-mail and plain-text archives break every paragraph at a fixed width. This rewraps
each paragraph of the clean dev dumps in ../shared/data (headlines stay whole) and scores the
starts with ``newsclust.evaluate.score_boundaries``: a predicted start within 3 characters of a
gold start, one to one.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("NEWSCLUST_DATA", ROOT.parent / "shared" / "data"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from split_bench import f1_counts  # noqa: E402

from newsclust.evaluate import score_boundaries  # noqa: E402
from newsclust.split import split_text  # noqa: E402


def wrapped(text: str, titles: set[str], width: int) -> tuple[str, list[int]]:
    """``text`` with every line but the headlines wrapped at ``width``, and the headlines' starts."""
    titles = set(titles)
    lines, starts, position = [], [], 0
    for line in text.split("\n"):
        if line.strip() in titles:
            titles.discard(line.strip())  # the first copy opens the story; a repeat is its lede
            starts.append(position)
            pieces = [line]
        else:
            pieces = textwrap.wrap(line, width) or [""]
        for piece in pieces:
            lines.append(piece)
            position += len(piece) + 1
    return "\n".join(lines), starts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--width", type=int, default=72)
    args = parser.parse_args()
    sets = sorted(p for p in SHARED_DATA.glob("*") if (p / "dumps").is_dir())
    if not sets:
        raise SystemExit(f"no dev dumps under {SHARED_DATA} (set NEWSCLUST_DATA)")
    for folder in sets:
        counts = {"matched": 0, "predicted": 0, "gold": 0}
        for path in sorted((folder / "dumps").glob("*clean.txt")):
            records = json.loads(path.with_suffix(".gold.json").read_text(encoding="utf-8"))
            titles = {record["title"] for record in records}
            text, starts = wrapped(path.read_text(encoding="utf-8"), titles, args.width)
            score = score_boundaries([story.start for story in split_text(text)], starts)
            for key in counts:
                counts[key] += score[key]
        f1 = f1_counts(counts["matched"], counts["predicted"], counts["gold"])
        print(f"{folder.name}: wrapped at {args.width}, boundary F1 {f1:.3f} ({counts})")


if __name__ == "__main__":
    main()
