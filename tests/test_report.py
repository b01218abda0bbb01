"""newsclust report: the escaping of the embedded data, the data itself, and the command's exit codes."""

import json
import re

from click.testing import CliRunner

from newsclust.cli import cli
from newsclust.report import embed_json, render_report, report_data

HOSTILE = [
    "<img src=x onerror=window.pwned=1>",
    "</script><script>window.pwned=1</script>",
    "a\u2028b\u2029&<!--",
]


def _thread(tid, size, titles, sources=("VnExpress",)):
    articles = [
        {
            "id": f"{tid}-{n}",
            "title": t,
            "source": sources[n % len(sources)],
            "similarity": 1.0,
            "duplicate_of": None,
        }
        for n, t in enumerate(titles)
    ]
    return {
        "id": tid,
        "label": titles[0],
        "keywords": ["k"],
        "size": size,
        "sources": sorted(set(sources)),
        "first_time": "2024-03-01T08:00:00+07:00",
        "last_time": "2024-03-02T09:00:00+07:00",
        "events": [{"id": f"{tid}e1", "label": titles[0], "articles": [a["id"] for a in articles]}],
        "articles": articles,
    }


def _embedded(page):
    block = re.search(r'<script id="report-data" type="application/json">(.*?)</script>', page, re.S)
    return block.group(1)


def test_embedded_json_has_no_markup_characters_and_parses_back():
    for text in HOSTILE:
        embedded = embed_json({"title": text})
        assert not set(embedded) & {"<", ">", "&", "\u2028", "\u2029"}
        assert json.loads(embedded) == {"title": text}


def test_hostile_headlines_stay_inside_the_data_block():
    page = render_report([_thread("t1", 3, HOSTILE)], title="<b>x</b>")
    assert page.count("</script>") == 2  # the data block's and the script's own
    assert "<title>&lt;b&gt;x&lt;/b&gt;</title>" in page
    data = json.loads(_embedded(page))
    assert [a["title"] for a in data["threads"][0]["articles"]] == HOSTILE


def test_page_is_self_contained_with_a_strict_policy():
    page = render_report([_thread("t1", 1, ["Hà Nội mưa lớn"])])
    assert "default-src 'none'" in page and "script-src 'sha256-" in page
    assert not re.search(r"(src|href)=\"https?:", page)
    assert "Hà Nội mưa lớn" in _embedded(page)


def test_data_is_largest_first_and_events_point_at_articles():
    data = report_data([_thread("t2", 1, ["small"]), _thread("t1", 2, ["big", "bigger"])])
    assert [t["id"] for t in data] == ["t1", "t2"]
    assert data[0]["events"][0]["articles"] == [0, 1]


def test_cli_writes_the_page(tmp_path):
    threads = tmp_path / "threads.json"
    threads.write_text(json.dumps([_thread("t1", 1, ["One"])]), encoding="utf-8")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", str(threads), "-o", str(out), "--title", "Morning"])
    assert result.exit_code == 0, result.stderr
    assert "<title>Morning</title>" in out.read_text(encoding="utf-8")
    from_stdin = CliRunner().invoke(
        cli, ["report", "-", "-o", "-"], input=threads.read_text(encoding="utf-8")
    )
    assert from_stdin.exit_code == 0 and from_stdin.stdout.startswith("<!DOCTYPE html>")


def test_cli_bad_input_is_one_line_exit_1(tmp_path):
    for text in ["not json", '[{"id": 1}]', '[{"id": "s1", "title": "a story", "text": "x"}]']:
        result = CliRunner().invoke(cli, ["report", "-", "-o", str(tmp_path / "r.html")], input=text)
        assert result.exit_code == 1, text
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_cli_usage_errors_exit_2(tmp_path):
    assert CliRunner().invoke(cli, ["report", str(tmp_path / "missing.json"), "-o", "r.html"]).exit_code == 2
    assert CliRunner().invoke(cli, ["report", "-"], input="[]").exit_code == 2


def test_cli_unwritable_output_exits_1(tmp_path):
    threads = tmp_path / "threads.json"
    threads.write_text("[]", encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", str(threads), "-o", str(tmp_path / "no" / "dir" / "r.html")])
    assert result.exit_code == 1 and "cannot write the report" in result.stderr


def test_cli_reads_a_store_like_threads_prints_it(tmp_path):
    from cluster_corpus import records

    batch = tmp_path / "day.json"
    batch.write_text(json.dumps(records(), ensure_ascii=False), encoding="utf-8")
    db = str(tmp_path / "news.db")
    assert CliRunner().invoke(cli, ["cluster", str(batch), "--db", db]).exit_code == 0
    stored = CliRunner().invoke(cli, ["threads", "--db", db])
    from_store = CliRunner().invoke(cli, ["report", "--db", db, "-o", "-"])
    assert from_store.exit_code == 0, from_store.stderr
    from_json = CliRunner().invoke(cli, ["report", "-", "-o", "-"], input=stored.stdout)
    assert from_store.stdout == from_json.stdout
    assert json.loads(_embedded(from_store.stdout))["threads"] == report_data(json.loads(stored.stdout))
    # --since keeps the threads with an article on that day or later, as `threads --since` does
    since = CliRunner().invoke(cli, ["threads", "--db", db, "--since", "2015-12-25"])
    page = CliRunner().invoke(cli, ["report", "--db", db, "--since", "2015-12-25", "-o", "-"]).stdout
    shown = json.loads(_embedded(page))["threads"]
    assert [t["id"] for t in shown] == [t["id"] for t in report_data(json.loads(since.stdout))]
    assert 0 < len(shown) < len(json.loads(stored.stdout))


def test_cli_db_errors(tmp_path):
    threads = tmp_path / "threads.json"
    threads.write_text("[]", encoding="utf-8")
    not_a_store = tmp_path / "plain.db"
    not_a_store.write_text("not sqlite", encoding="utf-8")
    out = str(tmp_path / "r.html")
    for args in ([], [str(threads), "--db", str(not_a_store)], [str(threads), "--since", "2024-03-01"]):
        result = CliRunner().invoke(cli, ["report", *args, "-o", out])
        assert result.exit_code == 2, args
    assert CliRunner().invoke(cli, ["report", "--db", str(tmp_path / "none.db"), "-o", out]).exit_code == 2
    refused = CliRunner().invoke(cli, ["report", "--db", str(not_a_store), "-o", out])
    assert refused.exit_code == 1 and len(refused.stderr.strip().splitlines()) == 1
    assert "Traceback" not in refused.stderr and not (tmp_path / "r.html").exists()
