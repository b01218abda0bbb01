"""Golden tests on the bundled English sample (written for this project, not taken from any outlet)."""

import json
from pathlib import Path

from click.testing import CliRunner

from newsclust.cli import cli
from newsclust.split import split_text

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "harbour-bridge-en.txt"

EXPECTED = [
    ("Storm closes harbour bridge as winds reach record speeds", "City Herald", "By Tom Reilly"),
    ("Harbour bridge to stay shut overnight, officials say", "Coastal News Service", None),
    ("CITY COUNCIL APPROVES NEW LIBRARY BUDGET", "Wire", None),
    ("Bridge reopens after two-day closure", "City Herald", None),
]


def test_english_sample_through_the_library():
    text = SAMPLE.read_text(encoding="utf-8")
    stories = split_text(text, name="sample")
    assert [(s.title, s.source, s.byline) for s in stories] == EXPECTED
    assert [s.start for s in stories] == [text.index(title) for title, _, _ in EXPECTED]
    for story in stories:
        assert text[story.start : story.end].startswith(story.title)
        assert story.lang == "en"


def test_english_sample_noise_is_recorded_not_lost():
    text = SAMPLE.read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["split", str(SAMPLE)])
    assert result.exit_code == 0, result.stderr
    stories = json.loads(result.stdout)
    removed = {(r["kind"], r["text"]) for s in stories for r in s["removed"]}
    assert ("caption", "Photo: Cars queue at the tunnel entrance on Tuesday") in removed
    assert ("related", "Ferry services cancelled for a second day") in removed
    assert ("boilerplate", "Advertisement") in removed
    assert ("credit", "RIVERTON (Wire) -") in removed
    for story in stories:
        for piece in story["removed"]:
            assert text[piece["start"] : piece["end"]] == piece["text"]
    # the related list repeats the first headline: it must not start a story of its own
    assert [s["title"] for s in stories].count(EXPECTED[0][0]) == 1
    # the glued last story: the headline ends where its lede begins
    assert stories[3]["text"].startswith("Engineers reopened the harbour bridge")


def test_whole_job_on_the_samples_folder():
    """The README's first command: split the samples, cluster the stories."""
    runner = CliRunner()
    split = runner.invoke(cli, ["split", str(SAMPLE.parent)])
    assert split.exit_code == 0, split.stderr
    result = runner.invoke(cli, ["cluster", "-"], input=split.stdout)
    assert result.exit_code == 0, result.stderr
    threads = json.loads(result.stdout)
    seed = [t for t in threads if any(a["id"].endswith("taliban-russia-is#1") for a in t["articles"])]
    assert len(seed) == 1 and seed[0]["size"] == 4  # the four seed stories are one thread
    bridge = {a["id"] for t in threads for a in t["articles"] if "harbour" in a["title"].lower()}
    assert len({t["id"] for t in threads for a in t["articles"] if a["id"] in bridge}) == 1
    for thread in threads:
        assert thread["keywords"], thread
        assert not any(k.startswith(("head:", "name:")) for k in thread["keywords"]), thread["keywords"]
