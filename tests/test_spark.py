"""The Spark engine (issue 14) in local[2] mode: the local engine's stories and threads.

Skipped, saying why, where pyspark or Java 17+ is not installed (``pip install 'newsclust[spark]'``);
the tests of the missing-engine errors run everywhere. One SparkSession serves every test.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from cluster_corpus import CORPUS, records

from newsclust.cli import cli
from newsclust.cluster import ThreadClusterer
from newsclust.errors import DataError, EngineError
from newsclust.formats import split_inputs as local_split_inputs
from newsclust.io import parse_article_records
from newsclust.models import Article

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
DEV_SETS = sorted(p.parent.name for p in DATA.glob("*/articles.jsonl"))
DEV_DUMPS = sorted(str(p) for p in DATA.glob("*/dumps"))
ARTICLES = [Article(i, t, x, source=s, time=d) for i, _, t, x, s, d in CORPUS]


def _why_not() -> str | None:
    from newsclust.spark.session import require_spark

    try:
        require_spark()
    except EngineError as error:
        return str(error)
    return None


WHY_NOT = _why_not()
needs_spark = pytest.mark.skipif(WHY_NOT is not None, reason=f"no Spark engine here: {WHY_NOT}")


@pytest.fixture(scope="session")
def spark():
    from newsclust.spark import session

    spark = session("local[2]")
    yield spark
    spark.stop()


def dumps(stories, explain=False):
    return json.dumps([s.to_dict(explain=explain) for s in stories], ensure_ascii=False)


# -- without the engine -----------------------------------------------------------------------------


def test_importing_newsclust_imports_no_pyspark():
    code = "import sys, newsclust, newsclust.spark, newsclust.cli; print('pyspark' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize("command", ["split", "cluster"])
def test_missing_pyspark_is_one_line_saying_what_to_install(command, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark raises ImportError
    path = str(ROOT / "samples" / "taliban-russia-is.txt")
    result = CliRunner().invoke(cli, [command, path, "--engine", "spark"])
    assert result.exit_code == 1
    assert "pip install 'newsclust[spark]'" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_missing_java_is_one_line(monkeypatch):
    import importlib
    import types

    spark_session = importlib.import_module(
        "newsclust.spark.session"
    )  # the package's `session` is the function
    # the Java check comes after the modules' check: where the spark extra is not installed, empty
    # stand-ins let the test reach it
    for module in ("pyspark", "pandas", "pyarrow"):
        try:
            importlib.import_module(module)
        except ImportError:
            monkeypatch.setitem(sys.modules, module, types.ModuleType(module))
    monkeypatch.setattr(spark_session, "java_version", lambda: None)
    result = CliRunner().invoke(cli, ["split", str(ROOT / "samples"), "--engine", "spark"])
    assert result.exit_code == 1
    assert "Java 17" in result.stderr and "Traceback" not in result.stderr


def test_db_is_local_only(tmp_path):
    result = CliRunner().invoke(
        cli, ["cluster", str(ROOT / "samples"), "--engine", "spark", "--db", str(tmp_path / "x.db")]
    )
    assert result.exit_code == 2 and "--engine spark" in result.stderr


# -- split ---------------------------------------------------------------------------------------------


@needs_spark
@pytest.mark.parametrize("explain", [False, True])
def test_split_of_the_samples_is_the_local_json(spark, explain):
    from newsclust.spark import split_inputs

    paths = [str(ROOT / "samples")]
    expected = dumps(local_split_inputs(paths), explain)
    assert dumps(split_inputs(spark, paths, explain=explain), explain) == expected


@needs_spark
@pytest.mark.skipif(not DEV_DUMPS, reason="needs the dev dumps in ../shared/data")
def test_split_of_every_dev_dump_is_the_local_json(spark):
    from newsclust.spark import split_inputs

    local = list(local_split_inputs(DEV_DUMPS))
    found = list(split_inputs(spark, DEV_DUMPS))
    assert len(found) == len(local) > 1000
    assert dumps(found) == dumps(local)


@needs_spark
def test_split_files_takes_a_dataframe_of_texts(spark, tmp_path):
    from newsclust.spark import read_files, split_files, story_of_row

    sample = ROOT / "samples" / "harbour-bridge-en.txt"
    (tmp_path / "a.txt").write_bytes(sample.read_bytes())
    rows = split_files(read_files(spark, str(tmp_path))).orderBy("position").collect()
    expected = [s.to_dict() for s in local_split_inputs([str(tmp_path / "a.txt")])]
    got = [story_of_row(r.asDict(recursive=True)).to_dict() for r in rows]
    # the same stories; Spark names the file by its URI
    assert [{**g, "id": None, "file": None} for g in got] == [
        {**e, "id": None, "file": None} for e in expected
    ]
    assert rows[0]["file"].startswith("file:") and rows[0]["id"].endswith("#1")


@needs_spark
def test_split_command_with_the_spark_engine(spark):
    paths = [str(ROOT / "samples")]
    for options in ([], ["--nl"]):
        local = CliRunner().invoke(cli, ["split", *paths, *options])
        remote = CliRunner().invoke(
            cli, ["split", *paths, *options, "--engine", "spark", "--spark-master", "local[2]"]
        )
        assert remote.exit_code == 0, remote.stderr
        assert remote.stdout == local.stdout
        assert remote.stderr == local.stderr


# -- cluster -------------------------------------------------------------------------------------------


@needs_spark
def test_cluster_of_the_test_corpus_is_the_local_json(spark):
    from newsclust.spark import articles_frame, cluster_articles, thread_of_row

    local = ThreadClusterer().fit(ARTICLES)
    found = cluster_articles(articles_frame(spark, ARTICLES))
    threads = [thread_of_row(r.asDict(recursive=True)) for r in found.threads.collect()]
    by_size = sorted(threads, key=lambda t: int(t.id[1:]))
    assert json.dumps([t.to_dict() for t in by_size]) == json.dumps([t.to_dict() for t in local.threads_])
    assignments = {r["id"]: (r["event"], r["thread"]) for r in found.articles.collect()}
    assert assignments == {a: (e.id, t.id) for t in local.threads_ for e in t.events for a in e.articles}


@needs_spark
@pytest.mark.skipif(not DEV_SETS, reason="needs the dev articles in ../shared/data")
@pytest.mark.parametrize("name", DEV_SETS)
def test_cluster_of_the_dev_articles_is_the_local_engine(spark, name):
    from sklearn.metrics import adjusted_rand_score

    from newsclust.spark import SparkThreadClusterer, articles_frame

    articles = parse_article_records((DATA / name / "articles.jsonl").read_text(encoding="utf-8"), name)
    local = ThreadClusterer().fit(articles)
    remote = SparkThreadClusterer().fit(articles_frame(spark, articles))
    assert [a.id for a in remote.articles_] == [a.id for a in local.articles_]
    assert adjusted_rand_score(local.event_labels_, remote.event_labels_) >= 0.99
    assert adjusted_rand_score(local.labels_, remote.labels_) >= 0.99
    # measured: the same threads, labels and keywords, byte for byte (README, "Spark engine")
    assert [t.to_dict() for t in remote.threads_] == [t.to_dict() for t in local.threads_]


@needs_spark
def test_cluster_command_with_the_spark_engine(spark, tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records()), encoding="utf-8")
    for options in ([], ["--nl"], ["--table"], ["--min-size", "2", "--csv"]):
        local = CliRunner().invoke(cli, ["cluster", str(path), *options])
        remote = CliRunner().invoke(
            cli, ["cluster", str(path), *options, "--engine", "spark", "--spark-master", "local[2]"]
        )
        assert remote.exit_code == 0, remote.stderr
        assert remote.stdout == local.stdout


@needs_spark
def test_duplicate_ids_are_a_data_error(spark):
    from newsclust.spark import SparkThreadClusterer, articles_frame

    with pytest.raises(DataError, match="duplicate article ids: en/euro-1"):
        SparkThreadClusterer().fit(articles_frame(spark, [ARTICLES[3], *ARTICLES]))


@needs_spark
def test_the_job_reads_json_lines_and_writes_the_threads(spark, tmp_path):
    from newsclust.spark.job import main

    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records()), encoding="utf-8")
    assert main(["cluster", str(path), str(tmp_path / "out"), "--format", "jsonl"]) == 0
    parts = sorted((tmp_path / "out" / "threads").glob("*.json"))
    threads = [json.loads(line) for p in parts for line in p.read_text(encoding="utf-8").splitlines()]
    local = CliRunner().invoke(cli, ["cluster", str(path)])
    expected = json.loads(local.stdout)
    assert sorted(threads, key=lambda t: int(t["id"][1:])) == expected
    assert main(["cluster", str(path), str(tmp_path / "out")]) == 1  # the output exists
