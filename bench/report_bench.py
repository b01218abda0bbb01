#!/usr/bin/env python3
"""Cost of a report of many threads: the page's size, the time `newsclust report` takes to write
it, and the time headless Chromium takes to open it to its first screenful.

The threads are made up, in the JSON of ``newsclust cluster``: headlines drawn from the dev
articles in ../shared/data (from the stories of samples/ where that is absent), sizes from a
Pareto law (most threads small, a few of hundreds of articles), times over 60 days, some copies.
The same seed gives the same threads.

    python bench/report_bench.py                    # 10,000 threads, 3 openings
    python bench/report_bench.py --threads 1000 10000 50000 --runs 5

Needs the playwright package and a Chromium binary (``chromium`` on PATH or NEWSCLUST_CHROMIUM).
Prints a markdown table on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
# As root on a closed network: no sandbox, and none of the background connections Chromium tries.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SOURCES = ["VnExpress", "Tuổi Trẻ", "Thanh Niên", "VOV", "Reuters", "AP", "BBC", "City Herald", "Wire"]


def chromium() -> str:
    """The Chromium binary to drive: NEWSCLUST_CHROMIUM, else ``chromium`` on PATH."""
    found = (
        os.environ.get("NEWSCLUST_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not found:
        sys.exit("no Chromium binary: apt-get install chromium, or set NEWSCLUST_CHROMIUM")
    return found


def headlines() -> tuple[list[str], str]:
    """Headlines to make threads of, and where they came from."""
    titles = []
    for path in sorted(DATA.glob("*/articles.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            title = json.loads(line).get("title")
            if title:
                titles.append(title)
    if titles:
        return titles, f"{len(titles)} dev headlines"
    from newsclust.split import split_files

    titles = [story.title for story in split_files([str(ROOT / "samples")])]
    return titles, f"{len(titles)} samples/ headlines"


def synthetic_threads(count: int, titles: list[str], seed: int = 13) -> list[dict]:
    """``count`` threads in the JSON of ``newsclust cluster``, largest first."""
    rng = random.Random(seed)
    sizes = sorted((min(400, max(1, round(2 * rng.paretovariate(1.3)))) for _ in range(count)), reverse=True)
    threads = []
    for n, size in enumerate(sizes):
        tid = f"t{n + 1}"
        first_day = rng.randrange(60)
        articles = []
        for k in range(size):
            day = min(59, first_day + int(rng.expovariate(0.5)))
            copy_of = articles[rng.randrange(k)]["id"] if k and rng.random() < 0.05 else None
            articles.append(
                {
                    "id": f"{tid}-a{k + 1}",
                    "title": rng.choice(titles),
                    "source": rng.choice(SOURCES),
                    "time": f"2024-{3 + day // 30:02d}-{1 + day % 30:02d}T{rng.randrange(24):02d}:00+07:00",
                    "similarity": round(rng.uniform(0.3, 1.0), 4),
                    "duplicate_of": copy_of,
                }
            )
        events = [
            {"id": f"{tid}e{e + 1}", "label": articles[start]["title"], "articles": [a["id"] for a in chunk]}
            for e, start in enumerate(range(0, size, 8))
            for chunk in [articles[start : start + 8]]
        ]
        times = sorted(a["time"] for a in articles)
        threads.append(
            {
                "id": tid,
                "label": articles[0]["title"],
                "keywords": sorted({w.lower() for w in articles[0]["title"].split() if len(w) > 4})[:6],
                "size": size,
                "sources": sorted({a["source"] for a in articles}),
                "first_time": times[0],
                "last_time": times[-1],
                "events": events,
                "articles": articles,
            }
        )
    return threads


def time_to_first_screen(browser, page_path: Path) -> dict:
    """Seconds from navigation to the first thread visible with the timeline drawn, in a new tab."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.route(
            "**/*",
            lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort(),
        )
        start = time.perf_counter()
        page.goto(page_path.as_uri(), wait_until="commit")
        page.locator("#threads .thread").first.wait_for(state="visible")
        page.locator("#timeline svg, #timeline .empty").first.wait_for(state="visible")
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        shown = time.perf_counter() - start
        heap = page.evaluate("() => performance.memory ? performance.memory.usedJSHeapSize : null")
        return {"first_screen_s": shown, "js_heap_mb": heap / 1e6 if heap else None}
    finally:
        context.close()


def measure(count: int, runs: int, titles: list[str], browser) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        threads_path, page_path = Path(folder) / "threads.json", Path(folder) / "report.html"
        threads = synthetic_threads(count, titles)
        threads_path.write_text(json.dumps(threads, ensure_ascii=False), encoding="utf-8")
        newsclust = [sys.executable, "-m", "newsclust"]
        start = time.perf_counter()
        subprocess.run([*newsclust, "report", str(threads_path), "-o", str(page_path)], check=True)
        built = time.perf_counter() - start
        openings = [time_to_first_screen(browser, page_path) for _ in range(runs)]
        return {
            "threads": count,
            "articles": sum(t["size"] for t in threads),
            "json_mb": threads_path.stat().st_size / 1e6,
            "page_mb": page_path.stat().st_size / 1e6,
            "build_s": built,
            "first_screen_s": [o["first_screen_s"] for o in openings],
            "js_heap_mb": openings[-1]["js_heap_mb"],
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[10_000], help="Thread counts to measure.")
    parser.add_argument("--runs", type=int, default=3, help="Openings of each page (median shown).")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    titles, origin = headlines()
    print(f"threads made of {origin}; Chromium {chromium()}", file=sys.stderr)
    print(
        "| threads | articles | JSON MB | page MB | `report` s | first screen s (median; all) | JS heap MB |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), headless=True, args=CHROMIUM_ARGS)
        for count in args.threads:
            row = measure(count, args.runs, titles, browser)
            heap = f"{row['js_heap_mb']:.0f}" if row["js_heap_mb"] else "-"
            all_runs = "; ".join(f"{s:.2f}" for s in row["first_screen_s"])
            print(
                f"| {row['threads']:,} | {row['articles']:,} | {row['json_mb']:.1f} | {row['page_mb']:.1f} "
                f"| {row['build_s']:.1f} | {statistics.median(row['first_screen_s']):.2f} ({all_runs}) "
                f"| {heap} |",
                flush=True,
            )
        browser.close()


if __name__ == "__main__":
    main()
