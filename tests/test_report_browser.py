"""newsclust report in a real browser: the page built from samples/ through the CLI, driven in
headless Chromium by Playwright (issue 13).

Skips, saying why, where the playwright package or a Chromium binary is missing; it never
downloads a browser. NEWSCLUST_CHROMIUM names the binary when it is not ``chromium`` on PATH.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsclust.cli import cli

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (the test extra)")

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("NEWSCLUST_CHROMIUM") or next(
    (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None
)
if CHROMIUM is None:
    pytest.skip(
        "no Chromium binary (apt-get install chromium, or set NEWSCLUST_CHROMIUM)", allow_module_level=True
    )
if not os.access(CHROMIUM, os.X_OK):
    pytest.skip(f"NEWSCLUST_CHROMIUM={CHROMIUM} is not an executable", allow_module_level=True)
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
HOSTILE = ["<img src=x onerror=window.__pwned=1>", "</script><script>window.__pwned=1</script>"]
# Set before the page's own script runs; init scripts come from the browser, not the page, so the
# page's Content-Security-Policy does not apply to them.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def _run(*args: str, input: str | None = None) -> str:
    result = CliRunner().invoke(cli, list(args), input=input)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def samples_threads(tmp_path_factory) -> list[dict]:
    folder = tmp_path_factory.mktemp("samples")
    stories = folder / "stories.json"
    stories.write_text(_run("split", str(ROOT / "samples")), encoding="utf-8")
    threads = _run("cluster", str(stories))
    (folder / "threads.json").write_text(threads, encoding="utf-8")
    return json.loads(threads)


@pytest.fixture(scope="module")
def samples_page(samples_threads, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("samples-page")
    (folder / "threads.json").write_text(json.dumps(samples_threads, ensure_ascii=False), encoding="utf-8")
    _run("report", str(folder / "threads.json"), "-o", str(folder / "report.html"))
    return folder / "report.html"


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        # Playwright gives each launch a fresh, empty profile of its own
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Opened:
    """A report open in a tab, with every request it made and every error it logged."""

    page: object
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__violations")


@pytest.fixture
def open_report(browser):
    contexts = []

    def open_(path: Path, width: int = 1400, height: int = 900) -> Opened:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page)
        page.add_init_script(WATCH_VIOLATIONS)

        def route(request_route):
            url = request_route.request.url
            opened.requests.append(url)
            if url.startswith("file://"):
                request_route.continue_()
            else:
                request_route.abort()

        page.route("**/*", route)
        page.on(
            "console",
            lambda message: (
                message.type in ("error", "warning")
                and opened.problems.append(f"{message.type}: {message.text}")
            ),
        )
        page.on("pageerror", lambda error: opened.problems.append(f"pageerror: {error}"))
        page.goto(path.as_uri())
        page.locator("#threads .thread").first.wait_for(state="visible")
        return opened

    yield open_
    for context in contexts:
        context.close()


def _shown_labels(page) -> list[str]:
    return page.locator("#threads .thread-label").all_inner_texts()


def _expect_threads(page, count: int) -> None:
    """Wait until the list shows ``count`` threads (search waits a moment after typing)."""
    sync_api.expect(page.locator("#threads .thread")).to_have_count(count)


def _largest_first(threads: list[dict]) -> list[str]:
    return [t["label"] for t in sorted(threads, key=lambda t: -t["size"])]


def test_largest_threads_are_shown_first_with_their_labels(samples_page, samples_threads, open_report):
    opened = open_report(samples_page)
    page = opened.page
    assert len(samples_threads) >= 2
    assert _shown_labels(page) == _largest_first(samples_threads)
    for label in _largest_first(samples_threads):
        assert page.get_by_text(label, exact=True).first.is_visible()
    articles = sum(len(t["articles"]) for t in samples_threads)
    assert (
        page.locator("#summary")
        .inner_text()
        .startswith(f"{len(samples_threads)} threads, {articles} articles")
    )
    assert page.locator("#count").inner_text() == f"{len(samples_threads)} threads, largest first."
    assert opened.problems == [] and opened.violations() == []


def test_opening_a_thread_shows_its_events_and_articles(samples_page, samples_threads, open_report):
    page = open_report(samples_page).page
    largest = max(samples_threads, key=lambda t: t["size"])
    thread = page.locator("#threads .thread").first
    assert not thread.locator(".event").count()  # built when first opened
    thread.locator("summary").first.click()
    events = thread.locator(".event")
    sync_api.expect(events).to_have_count(len(largest["events"]))
    assert events.first.locator("summary").inner_text().startswith(largest["events"][0]["label"])
    titles = thread.locator(".article-title").all_inner_texts()
    assert sorted(titles) == sorted(a["title"] for a in largest["articles"])
    assert all(thread.locator(".article-title").nth(n).is_visible() for n in range(len(titles)))
    thread.locator("summary").first.click()
    assert not events.first.is_visible()


def test_search_filters_the_list_ignoring_case_and_diacritics(samples_page, samples_threads, open_report):
    page = open_report(samples_page).page
    vietnamese = next(t for t in samples_threads if "Taliban" in t["label"])
    search = page.locator("#search")
    search.fill("TALIBAN phu nhan")  # no diacritics: finds "phủ nhận"
    _expect_threads(page, 1)
    assert _shown_labels(page) == [vietnamese["label"]]
    assert page.locator("#count").inner_text() == f"1 thread of {len(samples_threads)} match."
    # a headline of an article inside the thread is searched too, not only the label
    other = next(t for t in samples_threads if t is not vietnamese)
    inner_title = next(a["title"] for a in other["articles"] if a["title"] != other["label"])
    search.fill(inner_title.upper())
    _expect_threads(page, 1)
    assert _shown_labels(page) == [other["label"]]
    search.fill("no such words anywhere")
    _expect_threads(page, 0)
    assert page.locator("#count").inner_text() == "No thread matches."
    search.press("Escape")
    _expect_threads(page, len(samples_threads))
    assert search.input_value() == ""


def test_source_filter_keeps_the_threads_of_that_source(samples_page, samples_threads, open_report):
    page = open_report(samples_page).page
    options = page.locator("#source option").all()
    assert options[0].get_attribute("value") == ""
    offered = [option.get_attribute("value") for option in options[1:]]
    assert sorted(offered) == sorted({s for t in samples_threads for s in t["sources"]})
    for source in offered:
        page.locator("#source").select_option(source)
        expected = [
            t["label"] for t in sorted(samples_threads, key=lambda t: -t["size"]) if source in t["sources"]
        ]
        assert _shown_labels(page) == expected, source
        assert len(expected) < len(samples_threads)
    page.locator("#source").select_option("")
    assert _shown_labels(page) == _largest_first(samples_threads)


def test_keyboard_alone_reaches_and_opens_a_thread(samples_page, samples_threads, open_report):
    page = open_report(samples_page).page
    largest = max(samples_threads, key=lambda t: t["size"])
    reached = []
    for _ in range(6):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
        if reached[-1] == "SUMMARY":
            break
    assert reached == ["search", "source", "SUMMARY"]
    page.keyboard.press("Enter")
    thread = page.locator("#threads .thread").first
    assert thread.locator("details").first.evaluate("details => details.open")
    assert thread.locator(".article-title").first.is_visible()
    sync_api.expect(thread.locator(".event")).to_have_count(len(largest["events"]))
    # "/" jumps to the search box from anywhere but a field
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search"
    assert page.locator("#search").input_value() == ""


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    text = "The harbour bridge closed in record winds; officials said the harbour bridge stays shut."
    records = [
        {"id": f"h{n}", "title": title, "text": text, "source": title} for n, title in enumerate(HOSTILE)
    ]
    (folder / "articles.json").write_text(json.dumps(records), encoding="utf-8")
    (folder / "threads.json").write_text(_run("cluster", str(folder / "articles.json")), encoding="utf-8")
    _run("report", str(folder / "threads.json"), "-o", str(folder / "report.html"), "--title", HOSTILE[1])
    return folder / "report.html"


def test_hostile_headlines_show_as_text_and_run_nothing(hostile_page, open_report):
    opened = open_report(hostile_page)
    page = opened.page
    page.locator("#threads .thread summary").first.click()
    shown = page.locator(".thread-label").all_inner_texts() + page.locator(".article-title").all_inner_texts()
    assert set(HOSTILE) <= set(shown)
    assert page.title() == HOSTILE[1] and page.locator("h1").inner_text() == HOSTILE[1]
    assert sorted(page.locator("#source option").all_inner_texts()[1:]) == sorted(f"{h} (1)" for h in HOSTILE)
    page.locator("#search").fill("onerror")
    _expect_threads(page, 1)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img").count() == 0 and page.locator("script").count() == 2
    assert opened.problems == [] and opened.violations() == []


def test_page_makes_no_network_request(samples_page, open_report):
    opened = open_report(samples_page)
    opened.page.locator("#threads .thread summary").first.click()
    opened.page.locator("#search").fill("bridge")
    opened.page.wait_for_timeout(200)
    assert opened.requests == [samples_page.as_uri()]


@pytest.fixture(scope="module")
def big_page(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    threads = folder / "threads.json"
    threads.write_text(json.dumps(_synthetic_threads(10_000), ensure_ascii=False), encoding="utf-8")
    _run("report", str(threads), "-o", str(folder / "report.html"))
    return folder / "report.html"


@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize("which", ["samples", "10,000 threads"])
def test_readable_without_sideways_scrolling(request, which, width, open_report, tmp_path):
    path = request.getfixturevalue("samples_page" if which == "samples" else "big_page")
    page = open_report(path, width=width, height=844 if width < 600 else 900).page
    page.locator("#threads .thread summary").first.click()
    sync_api.expect(page.locator("#threads .article-title").first).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    for selector in ("#search", "#source", "#threads .thread-label", "#threads .article-title"):
        box = page.locator(selector).first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, selector
    size = page.locator("#threads .article-title").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert size >= 14
    _assert_timeline_readable(page)
    shot = page.screenshot(path=str(tmp_path / f"report-{width}.png"), full_page=True)
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 10_000


def _assert_timeline_readable(page) -> None:
    """Every text of the timeline inside its box and drawn at 11px or more, not scaled down."""
    texts = page.evaluate(
        """() => {
          const box = document.getElementById("timeline").getBoundingClientRect();
          return [...document.querySelectorAll("#timeline svg text")].map(text => {
            const r = text.getBoundingClientRect();
            const inside = r.left >= box.left && r.right <= box.right;
            return {text: text.textContent, inside: inside, height: r.height};
          });
        }"""
    )
    assert all(t["inside"] for t in texts), [t["text"] for t in texts if not t["inside"]]
    assert all(t["height"] >= 11 for t in texts), [t for t in texts if t["height"] < 11]


def test_timeline_is_drawn_anew_for_a_new_width(big_page, open_report):
    page = open_report(big_page, width=1400).page
    wide = page.locator("#timeline svg").bounding_box()["width"]
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function(
        "() => document.querySelector('#timeline svg').getBoundingClientRect().width < 400"
    )
    assert wide > 1000
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    _assert_timeline_readable(page)


def _synthetic_threads(count: int) -> list[dict]:
    """``count`` threads of 1 to 40 articles over March 2024, in the JSON of ``newsclust cluster``."""
    sources = ["VnExpress", "Tuổi Trẻ", "Reuters", "AP", "BBC", "VOV", "Thanh Niên"]
    threads = []
    for n in range(count):
        size = 1 + (n * 7919) % 40
        tid = f"t{n + 1}"
        articles = [
            {
                "id": f"{tid}-a{k}",
                "title": f"Story {n} report {k}: harbour bridge, Hà Nội mưa lớn",
                "source": sources[(n + k) % len(sources)],
                "time": f"2024-03-{1 + (n + k) % 28:02d}T08:00:00+07:00",
                "similarity": 0.8,
                "duplicate_of": None,
            }
            for k in range(size)
        ]
        threads.append(
            {
                "id": tid,
                "label": f"Thread {n}: harbour bridge",
                "keywords": ["bridge", f"word{n}"],
                "size": size,
                "sources": sorted({a["source"] for a in articles}),
                "first_time": min(a["time"] for a in articles),
                "last_time": max(a["time"] for a in articles),
                "events": [
                    {"id": f"{tid}e1", "label": f"Event {n}", "articles": [a["id"] for a in articles]}
                ],
                "articles": articles,
            }
        )
    return threads


def test_ten_thousand_threads_open_in_seconds(big_page, open_report):
    started = time.perf_counter()
    opened = open_report(big_page)
    seconds = time.perf_counter() - started
    page = opened.page
    assert seconds < 10, f"{seconds:.1f} s to the first thread"
    assert page.locator("#count").inner_text() == "10,000 threads, largest first."
    assert page.locator("#timeline svg .row").count() == 12
    shown = page.locator("#threads .thread").count()
    assert 0 < shown < 200  # the rest are built as the reader scrolls
    page.locator("#more").scroll_into_view_if_needed()
    page.wait_for_function("n => document.querySelectorAll('#threads .thread').length > n", arg=shown)
    # and by a button, for the keyboard and for screen readers (it was once inside aria-hidden)
    scrolled = page.locator("#threads .thread").count()
    page.get_by_role("button", name=re.compile(r"^Show more threads \([\d,]+ left\)$")).click()
    # the click adds MORE; scrolling the button into view for the click may let the observer
    # add another MORE, so the count is at least, not exactly, one batch more
    page.wait_for_function(
        "n => document.querySelectorAll('#threads .thread').length >= n", arg=scrolled + 100
    )
    assert (page.locator("#threads .thread").count() - scrolled) % 100 == 0
    page.locator("#search").fill("thread 9999:")
    _expect_threads(page, 1)
    assert _shown_labels(page) == ["Thread 9999: harbour bridge"]
    assert opened.problems == [] and opened.violations() == []
