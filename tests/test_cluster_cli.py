"""`newsclust cluster` through the command line: inputs, outputs, bad input and exit codes."""

import json
import random

import pytest
from click.testing import CliRunner
from cluster_corpus import CORPUS, THREADS, records, thread_sets, write_folder

from newsclust.cli import cli

EXPECTED = {frozenset(ids) for ids in THREADS.values()}


def run(*args, stdin=None):
    return CliRunner().invoke(cli, ["cluster", *args], input=stdin)


def test_folder_of_txt_files(tmp_path):
    result = run(str(write_folder(tmp_path)))
    assert result.exit_code == 0, result.stderr
    threads = json.loads(result.stdout)
    assert thread_sets(threads) == EXPECTED
    assert result.stderr == ""


@pytest.mark.parametrize("lines", [False, True])
def test_stdin_json_array_or_lines_gives_the_same_bytes_whatever_the_order(lines, tmp_path):
    data = records()
    expected = run("-", stdin=json.dumps(data, ensure_ascii=False))
    random.Random(7).shuffle(data)
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in data) if lines else json.dumps(data)
    result = run("-", stdin=text)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected.stdout
    assert thread_sets(json.loads(result.stdout)) == EXPECTED


def test_jsonl_file_with_lede_and_body(tmp_path):
    path = tmp_path / "articles.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        for i, _, title, text, source, time in CORPUS:
            lede, _, body = text.partition("\n")
            handle.write(
                json.dumps(
                    {"id": i, "title": title, "lede": lede, "body": body, "source": source, "time": time},
                    ensure_ascii=False,
                )
                + "\n"
            )
    result = run(str(path))
    assert result.exit_code == 0, result.stderr
    assert thread_sets(json.loads(result.stdout)) == EXPECTED


def test_nl_writes_one_thread_a_line():
    result = run("-", "--nl", stdin=json.dumps(records()))
    lines = result.stdout.splitlines()
    assert len(lines) == len(EXPECTED)
    assert thread_sets([json.loads(line) for line in lines]) == EXPECTED


def test_table_is_for_people():
    result = run("-", "--table", stdin=json.dumps(records()))
    assert result.exit_code == 0
    assert "threads" in result.stdout and "Wales" in result.stdout


def test_min_size_and_thresholds():
    result = run("-", "--min-size", "3", stdin=json.dumps(records()))
    assert {t["size"] for t in json.loads(result.stdout)} == {3}
    strict = run("-", "--threshold", "0.95", stdin=json.dumps(records()))
    assert {t["size"] for t in json.loads(strict.stdout)} == {1}
    events_apart = json.loads(run("-", "--event-threshold", "0.95", stdin=json.dumps(records())).stdout)
    assert thread_sets(events_apart) == EXPECTED
    default = json.loads(run("-", stdin=json.dumps(records())).stdout)
    assert sum(len(t["events"]) for t in events_apart) > sum(len(t["events"]) for t in default)


def test_event_threshold_below_threshold_is_a_usage_error():
    result = run("-", "--threshold", "0.5", "--event-threshold", "0.2", stdin="[]")
    assert result.exit_code == 2
    assert "--event-threshold" in result.stderr


@pytest.mark.parametrize("stdin", ["[]", ""])
def test_nothing_to_cluster_prints_an_empty_array_and_a_warning(stdin):
    result = run("-", stdin=stdin)
    assert result.exit_code == 0
    assert result.stdout == "[]\n"
    assert "no articles" in result.stderr


def test_empty_folder(tmp_path):
    result = run(str(tmp_path))
    assert (result.exit_code, result.stdout) == (0, "[]\n")
    assert "no articles" in result.stderr


def test_one_article_is_one_thread():
    result = run("-", stdin=json.dumps(records()[:1]))
    assert [t["size"] for t in json.loads(result.stdout)] == [1]


def test_stdin_that_is_not_json_is_a_clear_error():
    result = run("-", stdin="Taliban deny contact with Russia\nThis is a dump, not JSON.\n")
    assert result.exit_code == 1
    assert "stdin is not JSON" in result.stderr and "newsclust split" in result.stderr
    assert result.stdout == ""


def test_records_without_text_or_title_are_an_error():
    result = run("-", stdin=json.dumps([{"id": "a", "source": "AP"}]))
    assert result.exit_code == 1
    assert "record 1 (a) has no text nor title" in result.stderr


def test_a_story_with_only_a_headline_is_clustered_on_it():
    # issue 10: split can find a headline with nothing under it; the pipeline must take it
    stories = [
        {"id": "a", "title": "Taliban deny contact with Russia", "text": ""},
        {"id": "b", "title": "Taliban deny any contact with Russia", "text": "The Taliban denied it."},
    ]
    result = run("-", stdin=json.dumps(stories))
    assert result.exit_code == 0, result.stderr
    ids = sorted(article["id"] for thread in json.loads(result.stdout) for article in thread["articles"])
    assert ids == ["a", "b"]


def test_duplicate_ids_are_an_error_naming_them():
    data = records() + records()[:2]
    result = run("-", stdin=json.dumps(data))
    assert result.exit_code == 1
    assert "duplicate article ids: en/taliban-1, en/taliban-2" in result.stderr


def test_undecodable_file_is_reported_skipped_and_exits_1(tmp_path):
    folder = write_folder(tmp_path)
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (folder / "empty.txt").write_text("\n\n", encoding="utf-8")
    result = run(str(folder))
    assert result.exit_code == 1
    assert "broken.txt" in result.stderr and "empty.txt" in result.stderr
    assert thread_sets(json.loads(result.stdout)) == EXPECTED


def test_mixed_languages_and_an_all_stopword_article():
    data = records() + [{"id": "noise", "title": "", "text": "the of and và của 2013 15"}]
    result = run("-", stdin=json.dumps(data, ensure_ascii=False))
    assert result.exit_code == 0, result.stderr
    assert thread_sets(json.loads(result.stdout)) == EXPECTED | {frozenset({"noise"})}


def test_help_has_examples():
    result = CliRunner().invoke(cli, ["cluster", "--help"])
    assert "newsclust split dumps/*.txt | newsclust cluster -" in result.stdout


_FRENCH = {
    "greve-1": "La grève des contrôleurs aériens perturbe le trafic\nDes centaines de vols ont été annulés "
    "samedi dans les aéroports français en raison d'une grève des contrôleurs aériens, a indiqué la "
    "Direction générale de l'aviation civile. Les perturbations devraient se poursuivre dimanche.",
    "greve-2": "Grève dans le ciel : la DGAC demande de nouvelles annulations de vols\nLa Direction générale "
    "de l'aviation civile a demandé aux compagnies aériennes d'annuler un tiers de leurs vols dimanche, au "
    "deuxième jour de la grève des contrôleurs aériens.",
    "retraites-1": "Le Sénat adopte la réforme des retraites\nLe Sénat a adopté dans la nuit de samedi à "
    "dimanche le projet de réforme des retraites, qui repousse l'âge légal de départ à 64 ans, après "
    "plusieurs jours de débats houleux.",
    "retraites-2": "Retraites : feu vert du Sénat pour la réforme\nLes sénateurs ont voté la réforme des "
    "retraites et le report de l'âge de départ à 64 ans ; une commission mixte paritaire se réunira la "
    "semaine prochaine.",
}


def test_french_threads_have_keywords_without_french_function_words(tmp_path):
    for name, text in _FRENCH.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    result = run(str(tmp_path))
    assert result.exit_code == 0, result.stderr
    threads = json.loads(result.stdout)
    assert thread_sets(threads) == {
        frozenset({"greve-1", "greve-2"}),
        frozenset({"retraites-1", "retraites-2"}),
    }
    function_words = {"la", "le", "les", "des", "de", "du", "dans", "à", "a"}
    for thread in threads:
        for keyword in thread["keywords"]:
            words = keyword.casefold().split()
            assert words[0] not in function_words and words[-1] not in function_words, thread["keywords"]


def test_a_story_that_shares_no_words_still_gets_keywords(tmp_path):
    # TF-IDF keeps the terms two stories share: a story alone in its thread had no keywords
    for name, text in _FRENCH.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "storm.txt").write_text(
        "Storm knocks out power across the South\nSevere storms swept across the South overnight, "
        "knocking out power to more than 100,000 homes and toppling trees onto roads.",
        encoding="utf-8",
    )
    result = run(str(tmp_path))
    assert result.exit_code == 0, result.stderr
    [storm] = [t for t in json.loads(result.stdout) if t["size"] == 1]
    assert storm["label"] == "Storm knocks out power across the South"
    assert len(storm["keywords"]) == 6
    assert {"power", "South"} & {w for k in storm["keywords"] for w in k.split()}


def test_json_lines_whose_strings_hold_u2028_are_read():
    rows = records()
    rows[1]["text"] = rows[1]["text"] + "\u2028second line\u2029 third"
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows)
    assert "\u2028" in text
    result = run("-", stdin=text)
    assert result.exit_code == 0, result.stderr
    assert len({a["id"] for t in json.loads(result.stdout) for a in t["articles"]}) == len(rows)
