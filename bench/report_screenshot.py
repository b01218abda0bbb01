#!/usr/bin/env python3
"""The README's screenshot of `newsclust report`: the page built from samples/, at 1,400 px.

    python bench/report_screenshot.py              # writes docs/report.png

Runs split, cluster and report as a user would, opens the page in headless Chromium (Playwright,
``chromium`` on PATH or NEWSCLUST_CHROMIUM), opens the largest thread, and takes the screenshot.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report_bench import CHROMIUM_ARGS, chromium  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def newsclust(*args: str, stdin: bytes | None = None) -> bytes:
    """What ``newsclust ARGS`` prints, run from the project's folder as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "newsclust", *args], input=stdin, capture_output=True, check=True, cwd=ROOT
    ).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "report.png")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        stories = newsclust("split", "samples")
        threads = newsclust("cluster", "-", stdin=stories)
        page_path = Path(tmp) / "report.html"
        newsclust("report", "-", "-o", str(page_path), "--title", "samples/", stdin=threads)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium(), headless=True, args=CHROMIUM_ARGS
            )
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(page_path.as_uri())
            page.locator("#threads .thread summary").first.click()
            page.wait_for_timeout(300)
            page.screenshot(path=str(args.output), full_page=False)
            browser.close()
    print(args.output)


if __name__ == "__main__":
    main()
