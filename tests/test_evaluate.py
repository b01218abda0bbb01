"""Metrics of ``newsclust eval`` on hand-computed cases, and the ``eval`` commands end to end."""

from __future__ import annotations

import json
import math
import os
import random

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from sklearn.metrics import adjusted_mutual_info_score, adjusted_rand_score, normalized_mutual_info_score

from newsclust import (
    evaluate_clusters,
    evaluate_split,
    match_boundaries,
    pk,
    score_boundaries,
    score_clusters,
    score_segmentation,
    thread_assignments,
    window_diff,
)
from newsclust.cli import cli
from newsclust.errors import DataError

DATA = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data"))
needs_data = pytest.mark.skipif(not os.path.isdir(DATA), reason="labelled data in ../shared/data is absent")

# Gold: {a b c} {d e}. Predicted: {a b} {c d e}.
GOLD = {"a": "X", "b": "X", "c": "X", "d": "Y", "e": "Y"}
MIXED = {"a": 1, "b": 1, "c": 2, "d": 2, "e": 2}


# --------------------------------------------------------------------------- cluster metrics


def test_perfect_prediction_scores_one_everywhere():
    scores = score_clusters({"a": "p", "b": "p", "c": "p", "d": "r", "e": "r"}, GOLD)
    assert scores["bcubed"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert scores["pairwise"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert (scores["ari"], scores["nmi"], scores["ami"]) == (1.0, 1.0, 1.0)
    assert scores["clusters"] == {"predicted": 2, "gold": 2}


def test_all_in_one_cluster():
    scores = score_clusters(dict.fromkeys(GOLD, 0), GOLD)
    # B-cubed precision: a, b, c see 3/5 right, d, e see 2/5: (9/5 + 4/5) / 5.
    assert scores["bcubed"] == {"precision": 0.52, "recall": 1.0, "f1": round(2 * 0.52 / 1.52, 4)}
    # 4 of the 10 predicted pairs are gold pairs.
    assert scores["pairwise"] == {"precision": 0.4, "recall": 1.0, "f1": round(0.8 / 1.4, 4)}
    assert scores["ari"] == 0.0
    assert scores["clusters"] == {"predicted": 1, "gold": 2}


def test_all_singletons():
    scores = score_clusters({i: i for i in GOLD}, GOLD)
    # a, b, c recall 1/3 each; d, e 1/2 each: (1 + 1) / 5.
    assert scores["bcubed"] == {"precision": 1.0, "recall": 0.4, "f1": round(0.8 / 1.4, 4)}
    # No predicted pair, so none is wrong; no gold pair is found.
    assert scores["pairwise"] == {"precision": 1.0, "recall": 0.0, "f1": 0.0}
    assert scores["ari"] == 0.0
    assert scores["clusters"] == {"predicted": 5, "gold": 2}


def test_mixed_case_by_hand():
    scores = score_clusters(MIXED, GOLD)
    # Cells of the contingency table: (1,X)=2, (2,X)=1, (2,Y)=2; predicted sizes 2,3; gold 3,2.
    assert scores["bcubed"]["precision"] == round((4 / 2 + 1 / 3 + 4 / 3) / 5, 4)
    assert scores["bcubed"]["recall"] == round((4 / 3 + 1 / 3 + 4 / 2) / 5, 4)
    # Pairs together in both: 1 + 0 + 1; predicted pairs 1 + 3; gold pairs 3 + 1.
    assert scores["pairwise"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5}
    # ARI: (2 - 4*4/10) / ((4 + 4)/2 - 4*4/10).
    assert scores["ari"] == round((2 - 1.6) / (4 - 1.6), 4)
    entropy = -(0.4 * math.log(0.4) + 0.6 * math.log(0.6))
    mutual = 0.4 * math.log(10 / 6) + 0.2 * math.log(5 / 9) + 0.4 * math.log(10 / 6)
    assert scores["nmi"] == round(mutual / entropy, 4)
    gold_labels, predicted_labels = list(GOLD.values()), [MIXED[i] for i in GOLD]
    assert scores["ami"] == round(adjusted_mutual_info_score(gold_labels, predicted_labels), 4)


@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=40))
def test_scores_agree_with_sklearn_and_slow_bcubed(labels):
    gold = {str(i): g for i, (g, _) in enumerate(labels)}
    predicted = {str(i): p for i, (_, p) in enumerate(labels)}
    scores = score_clusters(predicted, gold)
    g, p = [x for x, _ in labels], [y for _, y in labels]
    assert scores["ari"] == round(adjusted_rand_score(g, p), 4)
    assert scores["nmi"] == round(normalized_mutual_info_score(g, p), 4)
    n = len(labels)
    slow_precision = (
        sum(
            sum(1 for j in range(n) if p[j] == p[i] and g[j] == g[i])
            / sum(1 for j in range(n) if p[j] == p[i])
            for i in range(n)
        )
        / n
    )
    # Both are rounded to 4 places; float sums in another order may round the other way.
    assert scores["bcubed"]["precision"] == pytest.approx(slow_precision, abs=1e-4)


def test_missing_ids_are_singletons_and_extra_ids_ignored():
    predicted = {"a": 1, "b": 1, "c": 1, "d": 2, "zzz": 2}
    scores = score_clusters(predicted, GOLD)
    assert (scores["missing"], scores["missing_ids"]) == (1, ["e"])
    assert (scores["extra"], scores["extra_ids"]) == (1, ["zzz"])
    # Same as predicting e alone.
    alone = score_clusters({"a": 1, "b": 1, "c": 1, "d": 2, "e": 3}, GOLD)
    assert scores["bcubed"] == alone["bcubed"] and scores["ari"] == alone["ari"]


def test_missing_label_cannot_collide_with_a_real_label():
    scores = score_clusters({"a": "missing:b"}, {"a": "x", "b": "y"})
    assert scores["bcubed"]["precision"] == 1.0


def test_empty_gold_is_an_error():
    with pytest.raises(DataError, match="no articles"):
        score_clusters({"a": 1}, {})


THREADS = [
    {
        "id": "t1",
        "events": [{"id": "e1", "articles": ["a", "b", "c"]}, {"id": "e2", "articles": ["d", "e"]}],
        "articles": [{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d"}, {"id": "e"}],
    },
    {"id": "t2", "articles": [{"id": "f"}]},  # no events: one event
]
THREAD_GOLD = {**GOLD, "f": "Z"}


def test_thread_assignments_at_both_levels():
    assert thread_assignments(THREADS, level="events") == {
        "a": "t1/e1",
        "b": "t1/e1",
        "c": "t1/e1",
        "d": "t1/e2",
        "e": "t1/e2",
        "f": "t2/",
    }
    assert thread_assignments(THREADS, level="threads") == {
        "a": "t1",
        "b": "t1",
        "c": "t1",
        "d": "t1",
        "e": "t1",
        "f": "t2",
    }


def test_article_in_two_threads_is_an_error():
    with pytest.raises(DataError, match="'a' in two clusters"):
        thread_assignments([{"id": 1, "articles": ["a"]}, {"id": 2, "articles": ["a"]}], level="threads")


def test_evaluate_clusters_levels_and_labels():
    gold = [{"id": i, "cluster": c} for i, c in THREAD_GOLD.items()]
    result = evaluate_clusters(THREADS, gold)
    assert result["prediction"] == "threads"
    assert result["events"]["bcubed"]["f1"] == 1.0
    assert result["threads"]["bcubed"]["precision"] < 1.0
    labels = evaluate_clusters([{"id": i, "cluster": c} for i, c in MIXED.items()], gold[:5])
    assert labels["prediction"] == "labels" and labels["clusters"]["pairwise"]["f1"] == 0.5
    with pytest.raises(DataError, match="gold record 2 has no 'cluster'"):
        evaluate_clusters(THREADS, [{"id": "a", "cluster": 1}, {"id": "b"}])
    with pytest.raises(DataError, match="id 'a' twice"):
        evaluate_clusters(THREADS, [{"id": "a", "cluster": 1}, {"id": "a", "cluster": 2}])


# --------------------------------------------------------------------------- boundaries


@pytest.mark.parametrize(
    ("predicted", "gold", "tolerance", "pairs"),
    [
        ([103], [100], 3, [(0, 0)]),  # exactly at the tolerance
        ([97], [100], 3, [(0, 0)]),
        ([104], [100], 3, []),  # one past it
        ([100], [100], 0, [(0, 0)]),
        ([101], [100], 0, []),
        ([99, 101], [100], 3, [(0, 0)]),  # one to one: one of two near starts
        ([98, 100], [100, 300], 3, [(0, 1)]),  # the closest when nothing else needs it
        ([8, 10], [10, 12], 2, [(0, 0), (1, 1)]),  # not the closest when that would cost a match
        ([5], [3, 7], 2, [(0, 0)]),
        ([300, 0, 100], [100, 0, 300], 3, [(0, 2), (1, 1), (2, 0)]),  # unsorted input, original indices
        ([], [0, 10], 3, []),
        ([0, 10], [], 3, []),
    ],
)
def test_match_boundaries(predicted, gold, tolerance, pairs):
    assert match_boundaries(predicted, gold, tolerance=tolerance) == pairs


def _most_matches(predicted, gold, tolerance):
    # Slow reference: augmenting paths over the bipartite graph of starts within the tolerance.
    owner: dict[int, int] = {}

    def augment(g, seen):
        for p in range(len(predicted)):
            if abs(predicted[p] - gold[g]) <= tolerance and p not in seen:
                seen.add(p)
                if p not in owner or augment(owner[p], seen):
                    owner[p] = g
                    return True
        return False

    return sum(augment(g, set()) for g in range(len(gold)))


def test_match_boundaries_finds_as_many_pairs_as_possible():
    rng = random.Random(3)
    for _ in range(500):
        predicted = [rng.randrange(40) for _ in range(rng.randrange(8))]
        gold = [rng.randrange(40) for _ in range(rng.randrange(8))]
        tolerance = rng.randrange(4)
        pairs = match_boundaries(predicted, gold, tolerance=tolerance)
        assert len({g for g, _ in pairs}) == len({p for _, p in pairs}) == len(pairs)
        assert all(abs(predicted[p] - gold[g]) <= tolerance for g, p in pairs)
        assert len(pairs) == _most_matches(predicted, gold, tolerance)


def test_score_boundaries_counts():
    assert score_boundaries([0, 50, 200], [0, 52, 90], tolerance=3) == {
        "predicted": 3,
        "gold": 3,
        "matched": 2,
        "precision": 0.6667,
        "recall": 0.6667,
        "f1": 0.6667,
    }
    assert score_boundaries([], [], tolerance=3)["f1"] == 1.0
    assert score_boundaries([], [5], tolerance=3)["f1"] == 0.0


EIGHT_LINES = "".join(f"line {i}\n" for i in range(8))  # lines start at 0, 7, 14, ... 49


def test_pk_and_window_diff_on_a_tiny_segmentation():
    # Gold: lines 0-3 | 4-7. Predicted: lines 0-4 | 5-7. Windows of k=2 over 6 positions:
    # Pk misjudges positions 2 (gold apart, predicted together) and 4 (the reverse);
    # WindowDiff counts different boundary numbers at positions 2 and 4 too.
    assert pk([0, 35], [0, 28], EIGHT_LINES, k=2) == round(2 / 6, 4)
    assert window_diff([0, 35], [0, 28], EIGHT_LINES, k=2) == round(2 / 6, 4)
    assert pk([0, 28], [0, 28], EIGHT_LINES) == 0.0
    assert window_diff([0, 28], [0, 28], EIGHT_LINES) == 0.0
    # No boundary predicted: Pk misses the windows that span the gold boundary (positions 2, 3).
    assert pk([0], [0, 28], EIGHT_LINES, k=2) == round(2 / 6, 4)
    # A boundary in every line: every window that should be one story is judged two.
    every_line = [7 * i for i in range(8)]
    assert pk(every_line, [0, 28], EIGHT_LINES, k=2) == round(4 / 6, 4)
    # WindowDiff also counts a window with two boundaries where gold has one.
    assert window_diff(every_line, [0, 28], EIGHT_LINES, k=2) == 1.0


def test_pk_default_window_and_short_text():
    # 8 lines, 2 gold stories: k = 8 / 2 / 2 = 2.
    assert pk([0, 35], [0, 28], EIGHT_LINES) == pk([0, 35], [0, 28], EIGHT_LINES, k=2)
    assert pk([0], [0], "one line\n") == 0.0


def test_score_segmentation_headlines_and_pk():
    gold = [{"start": 0, "title": "line 0"}, {"start": 28, "title": "line 4"}]
    stories = [{"start": 0, "title": " line 0 "}, {"start": 30, "title": "something else"}]
    scored = score_segmentation(stories, gold, text=EIGHT_LINES)
    assert (scored["matched"], scored["f1"], scored["headlines_right"]) == (2, 1.0, 1)
    assert scored["headline_accuracy"] == 0.5
    assert scored["k"] == 2 and scored["pk"] is not None
    assert score_segmentation(stories, gold)["pk"] is None
    with pytest.raises(DataError, match="story 1 has no 'start'"):
        score_segmentation([{"title": "x"}], gold)
    with pytest.raises(DataError, match="whole number"):
        score_segmentation([{"start": "0", "title": "x"}], gold)


def test_evaluate_split_groups_stories_by_file():
    golds = {
        "a": [{"start": 0, "title": "A"}],
        "b": [{"start": 0, "title": "B"}, {"start": 50, "title": "C"}],
    }
    stories = [
        {"file": "dumps/a", "start": 1, "title": "A"},
        {"file": "dumps/b", "start": 0, "title": "B"},
        {"file": "dumps/elsewhere", "start": 0, "title": "Z"},
    ]
    result = evaluate_split(stories, golds)
    assert [f["file"] for f in result["files"]] == ["a", "b"]
    assert result["unmatched_files"] == ["elsewhere"]
    assert result["total"]["matched"] == 2 and result["total"]["recall"] == round(2 / 3, 4)
    with pytest.raises(DataError, match="come from 3 files"):
        evaluate_split(stories, {"a": golds["a"]})


# --------------------------------------------------------------------------- command line


def run(args, input=None):
    return CliRunner().invoke(cli, args, input=input)


@pytest.fixture()
def cluster_files(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps({"id": i, "cluster": c}) + "\n" for i, c in THREAD_GOLD.items()))
    threads = tmp_path / "threads.json"
    threads.write_text(json.dumps(THREADS))
    labels = tmp_path / "labels.jsonl"
    labels.write_text("".join(json.dumps({"id": i, "cluster": c}) + "\n" for i, c in MIXED.items()))
    return tmp_path


def test_cli_clusters_from_file_and_stdin(cluster_files):
    by_file = run(
        ["eval", "clusters", str(cluster_files / "threads.json"), "--gold", str(cluster_files / "gold.jsonl")]
    )
    assert by_file.exit_code == 0, by_file.stderr
    result = json.loads(by_file.stdout)
    assert result["events"]["bcubed"]["f1"] == 1.0 and "threads" in result
    lines = "".join(json.dumps(t) + "\n" for t in THREADS)
    by_stdin = run(
        ["eval", "clusters", "-", "--gold", str(cluster_files / "gold.jsonl"), "--level", "threads"], lines
    )
    assert by_stdin.exit_code == 0, by_stdin.stderr
    assert set(json.loads(by_stdin.stdout)) == {"prediction", "threads"}


def test_cli_clusters_labels_table_and_warnings(cluster_files):
    labels = cluster_files / "labels.jsonl"
    labels.write_text(labels.read_text() + json.dumps({"id": "zzz", "cluster": 9}) + "\n")
    result = run(["eval", "clusters", str(labels), "--gold", str(cluster_files / "gold.jsonl"), "--table"])
    assert result.exit_code == 0, result.stderr
    assert "B-cubed F1" in result.stdout and "clusters" in result.stdout
    assert "1 predicted ids are not in the gold and were ignored (zzz)" in result.stderr


def test_cli_clusters_missing_articles_warned(cluster_files):
    result = run(
        ["eval", "clusters", "-", "--gold", str(cluster_files / "gold.jsonl")], json.dumps(THREADS[1:])
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["events"]["missing"] == 5
    assert "5 gold articles are not in the prediction" in result.stderr and "(a, b, c, d, e)" in result.stderr
    nothing = run(["eval", "clusters", "-", "--gold", str(cluster_files / "gold.jsonl")], "[]")
    assert json.loads(nothing.stdout)["clusters"]["missing"] == 6 and "(a, b, c, d, e, ...)" in nothing.stderr


@pytest.mark.parametrize(
    ("prediction", "gold", "message"),
    [
        ("not json", '{"id": "a", "cluster": 1}\n', "stdin is not JSON or JSON Lines"),
        ("", '{"id": "a", "cluster": 1}\n', "stdin is empty"),
        ('[{"id": "a", "cluster": 1}]', '{"id": "a"}\n', "gold record 1 has no 'cluster' field"),
        ('[{"id": "a"}]', '{"id": "a", "cluster": 1}\n', "prediction record 1 has no 'cluster' field"),
        ('[{"id": "t", "articles": [{"title": "x"}]}]', '{"id": "a", "cluster": 1}\n', "has no 'id'"),
        ("[]", '{"id": "a", "cluster": 1}\n{oops\n', "is not JSON or JSON Lines (line 2"),
    ],
)
def test_cli_clusters_bad_data_exits_1(tmp_path, prediction, gold, message):
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text(gold)
    result = run(["eval", "clusters", "-", "--gold", str(gold_path)], prediction)
    assert result.exit_code == 1
    assert message in result.stderr and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_clusters_usage_errors_exit_2(cluster_files):
    missing = run(
        ["eval", "clusters", str(cluster_files / "nope.json"), "--gold", str(cluster_files / "gold.jsonl")]
    )
    assert missing.exit_code == 2 and "does not exist" in missing.stderr
    no_gold = run(["eval", "clusters", str(cluster_files / "threads.json")])
    assert no_gold.exit_code == 2 and "--gold" in no_gold.stderr
    both_stdin = run(["eval", "clusters", "-", "--gold", "-"], "[]")
    assert both_stdin.exit_code == 2 and "cannot both be -" in both_stdin.stderr
    bad_level = run(
        ["eval", "clusters", "-", "--gold", str(cluster_files / "gold.jsonl"), "--level", "x"], "[]"
    )
    assert bad_level.exit_code == 2


@pytest.fixture()
def split_files(tmp_path):
    (tmp_path / "dump.txt").write_text(EIGHT_LINES)
    (tmp_path / "dump.gold.json").write_text(
        json.dumps(
            [
                {"start": 0, "title": "line 0", "id": "g1", "cluster": "c1"},
                {"start": 28, "title": "line 4", "id": "g2", "cluster": "c2"},
            ]
        )
    )
    (tmp_path / "stories.json").write_text(
        json.dumps(
            [
                {"file": str(tmp_path / "dump"), "start": 0, "title": "line 0"},
                {"file": str(tmp_path / "dump"), "start": 35, "title": "line 5"},
            ]
        )
    )
    return tmp_path


def test_cli_split_with_text(split_files):
    result = run(
        [
            "eval",
            "split",
            str(split_files / "stories.json"),
            "--gold",
            str(split_files / "dump.gold.json"),
            "--text",
            str(split_files / "dump.txt"),
        ]
    )
    assert result.exit_code == 0, result.stderr
    scores = json.loads(result.stdout)
    assert scores["total"]["matched"] == 1 and scores["total"]["f1"] == 0.5
    assert scores["files"][0]["file"] == "dump"
    assert scores["total"]["pk"] == round(2 / 6, 4) and scores["total"]["window_diff"] == round(2 / 6, 4)
    assert result.stderr == ""


def test_cli_split_from_stdin_without_text(split_files):
    stories = "".join(
        json.dumps({"file": "stdin", "start": s, "title": t}) + "\n"
        for s, t in [(0, "line 0"), (29, "line 4")]
    )
    result = run(
        ["eval", "split", "-", "--gold", str(split_files / "dump.gold.json"), "--tolerance", "1"], stories
    )
    assert result.exit_code == 0, result.stderr
    scores = json.loads(result.stdout)
    assert scores["total"]["f1"] == 1.0 and scores["total"]["headline_accuracy"] == 1.0
    assert scores["total"]["pk"] is None and "need --text" in scores["note"]
    assert "Pk and WindowDiff need --text" in result.stderr
    strict = run(
        ["eval", "split", "-", "--gold", str(split_files / "dump.gold.json"), "--tolerance", "0"], stories
    )
    assert json.loads(strict.stdout)["total"]["matched"] == 1


def test_cli_split_several_files_and_table(split_files):
    (split_files / "other.gold.json").write_text(json.dumps([{"start": 0, "title": "Other"}]))
    stories = [
        {"file": "x/dump", "start": 0, "title": "line 0"},
        {"file": "x/other", "start": 2, "title": "Other"},
    ]
    args = [
        "eval",
        "split",
        "-",
        "--gold",
        str(split_files / "dump.gold.json"),
        "--gold",
        str(split_files / "other.gold.json"),
    ]
    result = run(args, json.dumps(stories))
    assert result.exit_code == 0, result.stderr
    scores = json.loads(result.stdout)
    assert [f["file"] for f in scores["files"]] == ["dump", "other"]
    assert scores["total"]["matched"] == 2 and scores["total"]["gold"] == 3
    table = run([*args, "--table"], json.dumps(stories))
    assert table.exit_code == 0 and "WindowDiff" in table.stdout and "other" in table.stdout


@pytest.mark.parametrize(
    ("stories", "message"),
    [
        ('[{"title": "x"}]', "story 1 has no 'start' field"),
        ('[{"start": 0}]', "story 1 has no 'title' field"),
        ("{", "stdin is not JSON or JSON Lines"),
        (
            '[{"file": "a", "start": 0, "title": "x"}, {"file": "b", "start": 0, "title": "y"}]',
            "come from 2 files",
        ),
    ],
)
def test_cli_split_bad_data_exits_1(split_files, stories, message):
    result = run(["eval", "split", "-", "--gold", str(split_files / "dump.gold.json")], stories)
    assert result.exit_code == 1
    assert message in result.stderr and result.stdout == ""


def test_cli_split_usage_errors_exit_2(split_files):
    missing = run(["eval", "split", "-", "--gold", str(split_files / "none.gold.json")], "[]")
    assert missing.exit_code == 2 and "does not exist" in missing.stderr
    bad_tolerance = run(
        ["eval", "split", "-", "--gold", str(split_files / "dump.gold.json"), "--tolerance", "-1"], "[]"
    )
    assert bad_tolerance.exit_code == 2


def test_cli_eval_help_has_examples():
    for command in (["eval"], ["eval", "clusters"], ["eval", "split"]):
        result = run([*command, "--help"])
        assert result.exit_code == 0 and "Examples:" in result.stdout


# --------------------------------------------------------------------------- real data


@needs_data
def test_real_gold_scores_itself_perfectly():
    articles = os.path.join(DATA, "en-basil-dev", "articles.jsonl")
    result = run(["eval", "clusters", articles, "--gold", articles])
    assert result.exit_code == 0, result.stderr
    scores = json.loads(result.stdout)["clusters"]
    assert scores["articles"] == 150 and scores["bcubed"]["f1"] == 1.0 and scores["ami"] == 1.0

    dump = os.path.join(DATA, "en-basil-dev", "dumps", "dump00-clean")
    result = run(
        ["eval", "split", dump + ".gold.json", "--gold", dump + ".gold.json", "--text", dump + ".txt"]
    )
    assert result.exit_code == 0, result.stderr
    total = json.loads(result.stdout)["total"]
    assert (total["f1"], total["headline_accuracy"], total["pk"], total["window_diff"]) == (
        1.0,
        1.0,
        0.0,
        0.0,
    )
