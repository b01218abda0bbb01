"""`newsclust eval clusters` reads the gold as the shared data holds it: events from `cluster`,
threads from `thread` where it has them, and a warning where a level has no labels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsclust.cli import cli
from newsclust.evaluate import evaluate_clusters, gold_labels

THREADS = [
    {"id": "t1", "events": [{"id": "e1", "articles": ["a", "b"]}, {"id": "e2", "articles": ["c"]}]},
    {"id": "t2", "events": [{"id": "e1", "articles": ["d"]}]},
]
DUC_LIKE = [
    {"id": "a", "cluster": None, "thread": "x"},
    {"id": "b", "cluster": None, "thread": "x"},
    {"id": "c", "cluster": None, "thread": "x"},
    {"id": "d", "cluster": None, "thread": "y"},
]
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def run(args, input=None):
    return CliRunner().invoke(cli, args, input=input, catch_exceptions=False)


@pytest.fixture
def files(tmp_path):
    (tmp_path / "threads.json").write_text(json.dumps(THREADS))
    (tmp_path / "gold.jsonl").write_text("".join(json.dumps(r) + "\n" for r in DUC_LIKE))
    return tmp_path


def test_threads_are_scored_against_the_thread_field():
    result = evaluate_clusters(THREADS, DUC_LIKE)
    assert "events" not in result
    assert result["threads"]["bcubed"]["f1"] == 1.0
    assert result["warnings"] == [
        "the gold has no 'cluster' labels (null in all 4 records), so events cannot be scored; "
        "try --level threads"
    ]


def test_gold_without_thread_labels_scores_threads_against_cluster():
    gold = [{"id": i, "cluster": c} for i, c in zip("abcd", "xxyz")]
    assert gold_labels(gold, "threads") == {"a": "x", "b": "x", "c": "y", "d": "z"}


def test_some_unlabelled_gold_records_are_left_out_and_counted():
    notes: list[str] = []
    gold = [{"id": "a", "cluster": 1}, {"id": "b", "cluster": None}]
    assert gold_labels(gold, "events", notes) == {"a": 1}
    assert notes == ["1 of 2 gold records have no 'cluster' label and are left out of the events scores"]


def eval_clusters(files, level):
    threads, gold = str(files / "threads.json"), str(files / "gold.jsonl")
    return run(["eval", "clusters", threads, "--gold", gold, "--level", level])


@pytest.mark.parametrize("level", ["thread", "threads", "both"])
def test_cli_scores_threads_and_warns_about_events(files, level):
    result = eval_clusters(files, level)
    assert result.exit_code == 0, result.stderr
    scores = json.loads(result.stdout)
    assert scores["threads"]["bcubed"]["f1"] == 1.0
    assert ("no 'cluster' labels" in result.stderr) == (level == "both")


def test_cli_level_without_labels_is_an_error_that_says_which_level_to_use(files):
    result = eval_clusters(files, "event")
    assert result.exit_code == 1
    assert "no 'cluster' labels (null in all 4 records)" in result.stderr
    assert "try --level threads" in result.stderr


@pytest.mark.skipif(not (DATA / "en-duc2004-dev").is_dir(), reason="needs ../shared/data")
def test_shared_duc2004_gold_is_read_as_it_is(tmp_path):
    gold = DATA / "en-duc2004-dev" / "articles.jsonl"
    records = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_thread: dict[str, list[str]] = {}
    for record in records:
        by_thread.setdefault(record["thread"], []).append(record["id"])
    perfect = [{"id": t, "articles": ids} for t, ids in sorted(by_thread.items())]
    result = run(["eval", "clusters", "-", "--gold", str(gold), "--level", "thread"], json.dumps(perfect))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["threads"]["bcubed"]["f1"] == 1.0
