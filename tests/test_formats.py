"""Every kind of input through the command line and the library: a table of small files made here.

Each case is a file name, how its bytes are made, and the titles, times and sources of the stories
split gives (cluster reads the same articles). Then the files that are refused, with their
messages and exit codes, and the spreadsheet output read back with the csv module.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import format_files as ff
import pytest
from click.testing import CliRunner

from newsclust.cli import cli
from newsclust.formats import read_articles, split_inputs

SEED = Path(__file__).resolve().parent.parent / "samples" / "taliban-russia-is.txt"


def _xlsx_bytes() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Headline", "Content", "Published", "Outlet"])
    sheet.append(["Workbook story one", "The first row of the workbook.", "March 2, 2024", "City News"])
    sheet.append(["Workbook story two", "The second row of the workbook.", "23/12/2016", "Gazette"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _jsonl_bytes() -> bytes:
    records = [
        {
            "id": "j1",
            "title": "JSON story",
            "lede": "Its lede.",
            "body": "Its body.",
            "date": "March 2, 2024",
        },
        {"id": "j2", "title": "Another", "text": "Text of another.", "time": "23/10/2013 11:39"},
    ]
    return "".join(json.dumps(r) + "\n" for r in records).encode()


EXPORT = (ff.EXPORT_TITLES, ff.EXPORT_TIMES, ff.EXPORT_SOURCES)
CASES = {
    # name: (make bytes, (titles, times, sources))
    "export.txt": (lambda: ff.EXPORT_TEXT.encode(), EXPORT),
    "export.txt.gz": (lambda: ff.gzip_bytes(ff.EXPORT_TEXT.encode()), EXPORT),
    "export.txt.bz2": (lambda: ff.bz2_bytes(ff.EXPORT_TEXT.encode()), EXPORT),
    "gzip-named-txt.txt": (lambda: ff.gzip_bytes(ff.EXPORT_TEXT.encode()), EXPORT),  # magic bytes, not name
    "articles.csv": (ff.csv_bytes, (ff.CSV_TITLES, ff.CSV_TIMES, ["City News", "Gazette", "Gazette"])),
    "articles.csv.gz": (
        lambda: ff.gzip_bytes(ff.csv_bytes()),
        (ff.CSV_TITLES, ff.CSV_TIMES, ["City News", "Gazette", "Gazette"]),
    ),
    "articles.tsv": (
        lambda: ff.TSV_TEXT.encode(),
        (["TSV story one"], ["2024-03-02T09:15:00+00:00"], [None]),
    ),
    "articles.jsonl.gz": (
        lambda: ff.gzip_bytes(_jsonl_bytes()),
        (["JSON story", "Another"], ["2024-03-02", "2013-10-23T11:39:00"], [None, None]),
    ),
    "articles.xlsx": (
        _xlsx_bytes,
        (
            ["Workbook story one", "Workbook story two"],
            ["2024-03-02", "2016-12-23"],
            ["City News", "Gazette"],
        ),
    ),
    "page.html": (
        lambda: ff.PAGE.encode(),
        (["Bridge reopens after two-day closure"], ["2024-03-02T09:15:00+00:00"], ["City News"]),
    ),
    "list.html": (
        lambda: ff.LIST_PAGE.encode(),
        (
            ["Bridge reopens after storm", "Council passes library budget"],
            [None, None],
            ["City News", "Gazette"],
        ),
    ),
    "export.docx": (ff.docx_bytes, EXPORT),
    "export.rtf": (ff.rtf_bytes, EXPORT),
    "export.pdf": (lambda: ff.pdf_bytes(ff.PDF_PAGES), tuple(column[:2] for column in EXPORT)),
}


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def make(folder: Path, name: str) -> str:
    (folder / name).write_bytes(CASES[name][0]())
    return name


@pytest.mark.parametrize("name", list(CASES))
def test_split_reads_each_kind(folder, name):
    titles, times, sources = CASES[name][1]
    result = run("split", make(folder, name))
    assert result.exit_code == 0, result.stderr
    stories = json.loads(result.stdout)
    assert [s["title"] for s in stories] == titles
    assert [s["time"] for s in stories] == times
    assert [s["source"] for s in stories] == sources
    for story in stories:
        assert "<" not in story["text"] and "obj" not in story["title"]  # never markup or PDF objects
        assert story["file"] == name
    # the library gives the same stories
    assert [s.to_dict() for s in split_inputs([name], on_warning=lambda message: None)] == stories


PLAIN_TEXT = [name for name in CASES if name.startswith(("export.txt", "gzip-named-txt"))]


@pytest.mark.parametrize("name", [name for name in CASES if name not in PLAIN_TEXT])
def test_cluster_reads_each_kind(folder, name):
    titles, times, _ = CASES[name][1]
    result = run("cluster", make(folder, name), "--csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert sorted(r["title"] for r in rows) == sorted(titles)
    assert sorted(r["time"] for r in rows) == sorted(t or "" for t in times)
    articles = read_articles([name], on_warning=lambda message: None)
    assert sorted(a.title for a in articles) == sorted(titles)


@pytest.mark.parametrize("name", PLAIN_TEXT)
def test_cluster_reads_a_text_file_as_one_article(folder, name):
    result = run("cluster", make(folder, name), "--csv")
    assert result.exit_code == 0, result.stderr
    (row,) = csv.DictReader(io.StringIO(result.stdout))
    assert row["title"] == "Title: " + ff.EXPORT_TITLES[0]


def test_web_page_leaves_out_menus_scripts_and_footer(folder):
    (story,) = json.loads(run("split", make(folder, "page.html")).stdout)
    assert story["byline"] == "Jane Doe"
    assert story["text"].startswith("The harbour bridge reopened to traffic on Tuesday morning")
    for furniture in ("Not a story", "track", "tracking", "Home", "Copyright", "color: red", "By Jane Doe"):
        assert furniture not in story["text"]


def test_csv_with_bom_crlf_and_a_quoted_newline(folder):
    stories = json.loads(run("split", make(folder, "articles.csv")).stdout)
    assert [s["id"] for s in stories] == ["articles.csv#1", "articles.csv#2", "articles.csv#3"]  # FILE#ROW
    assert stories[0]["text"] == "The harbour bridge reopened on Tuesday.\r\nEngineers found no damage."
    assert stories[1]["text"] == 'The council passed the "library" budget.'


def test_unreadable_date_is_a_warning_naming_the_record_which_is_kept(folder):
    result = run("split", make(folder, "articles.csv"))
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 3
    assert "articles.csv: 1 date could not be read" in result.stderr
    assert "articles.csv#3 ('sometime soon')" in result.stderr


def test_tsv_id_column_is_used(folder):
    (story,) = json.loads(run("split", make(folder, "articles.tsv")).stdout)
    assert story["id"] == "x1"


def test_columns_option_names_the_columns(folder):
    (folder / "odd.csv").write_text("Kop,Verhaal,Wanneer\nA title,A story of words.,2 Mar 2024\n")
    result = run("cluster", "odd.csv", "--columns", "title=Kop,text=Verhaal,date=Wanneer", "--csv")
    assert result.exit_code == 0, result.stderr
    (row,) = csv.DictReader(io.StringIO(result.stdout))
    assert (row["title"], row["time"]) == ("A title", "2024-03-02")


def test_csv_without_a_text_column_says_how_to_name_it(folder):
    (folder / "odd.csv").write_text("Kop,Verhaal\nA title,A story.\n")
    result = run("split", "odd.csv")
    assert result.exit_code == 1
    assert "no column of article text among 'Kop', 'Verhaal'" in result.stderr
    assert "--columns text=COLUMN" in result.stderr


@pytest.mark.parametrize(
    "columns, message",
    [("title=Kop,nonsense=X", "'nonsense' is not a field"), ("title", "is not FIELD=HEADER")],
)
def test_bad_columns_option_is_a_usage_error(folder, columns, message):
    (folder / "a.csv").write_text("title,text\nA,B\n")
    result = run("split", "a.csv", "--columns", columns)
    assert result.exit_code == 2
    assert message in result.stderr


def test_columns_option_naming_a_missing_column(folder):
    (folder / "a.csv").write_text("title,text\nA,B\n")
    result = run("split", "a.csv", "--columns", "text=Story")
    assert result.exit_code == 1
    assert "no column 'Story'" in result.stderr and "'title', 'text'" in result.stderr


def test_gzip_on_stdin(folder):
    data = ff.gzip_bytes(ff.EXPORT_TEXT.encode())
    result = CliRunner().invoke(cli, ["split", "-"], input=data)
    assert result.exit_code == 0, result.stderr
    assert [s["title"] for s in json.loads(result.stdout)] == ff.EXPORT_TITLES
    stories = run("split", make(folder, "export.txt")).stdout
    clustered = CliRunner().invoke(cli, ["cluster", "-"], input=ff.gzip_bytes(stories.encode()))
    assert clustered.exit_code == 0, clustered.stderr
    assert sum(t["size"] for t in json.loads(clustered.stdout)) == 3


def test_folder_reads_every_kind_and_names_what_it_leaves_out(folder):
    (folder / "in").mkdir()
    for name in ("export.docx", "articles.csv", "page.html"):
        (folder / "in" / name).write_bytes(CASES[name][0]())
    (folder / "in" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    result = run("split", "in")
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)) == 3 + 3 + 1
    assert "left out 1 file of kinds newsclust does not read (1 .png)" in result.stderr


# ------------------------------------------------------------------------------ refused


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("scan.pdf", lambda: ff.pdf_bytes([""]), "scan.pdf: is a PDF without a text layer (a scan?)"),
        ("fake.pdf", lambda: b"just text\n", "fake.pdf: is named .pdf but is not a PDF file"),
        ("photo.png", lambda: b"\x89PNG\r\n\x1a\n" + bytes(200), "photo.png: looks like a binary file"),
        (
            "old.doc",
            lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200),
            "old.doc: is an old Microsoft Office",
        ),
        ("cut.txt.gz", lambda: ff.gzip_bytes(b"x" * 5000)[:30], "cut.txt.gz: cannot be unpacked"),
        ("files.zip", lambda: _zip_bytes(), "files.zip: is a ZIP archive; unpack it"),
    ],
)
def test_refused_file_is_named_and_the_others_still_read(folder, name, data, message):
    (folder / name).write_bytes(data())
    make(folder, "export.txt")
    for command in ("split", "cluster"):
        result = run(command, name, "export.txt")
        assert result.exit_code == 1, (command, result.stderr)
        assert message in result.stderr
        assert "1 input failed (see above); the rest were processed" in result.stderr
        assert json.loads(result.stdout)  # the good file's stories or threads


def _zip_bytes() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", "Headline\nText.\n")
    return out.getvalue()


@pytest.mark.parametrize(
    "name, module, libraries",
    [
        ("export.pdf", "pypdf", "pypdf"),
        ("export.docx", "docx", "python-docx"),
        ("export.rtf", "striprtf", "striprtf"),
        ("page.html", "trafilatura", "trafilatura and lxml_html_clean"),
        ("articles.xlsx", "openpyxl", "openpyxl"),
    ],
)
def test_without_the_formats_extra_such_a_file_is_refused_with_the_install_command(
    folder, monkeypatch, name, module, libraries
):
    make(folder, name)
    make(folder, "export.txt")
    for loaded in [m for m in sys.modules if m == module or m.startswith(module + ".")] + [module]:
        monkeypatch.setitem(sys.modules, loaded, None)  # import raises ImportError, as when not installed
    result = run("split", name, "export.txt")
    assert result.exit_code == 1
    assert f"{name}: is a" in result.stderr and f"read with {libraries}" in result.stderr
    assert "pip install 'newsclust[formats]'" in result.stderr
    assert [s["title"] for s in json.loads(result.stdout)] == ff.EXPORT_TITLES


def test_folder_of_pdfs_without_the_extra_is_not_a_silent_empty_array(folder, monkeypatch):
    (folder / "in").mkdir()
    for number in (1, 2):
        (folder / "in" / f"export{number}.pdf").write_bytes(CASES["export.pdf"][0]())
    monkeypatch.setitem(sys.modules, "pypdf", None)
    result = run("split", "in")
    assert result.exit_code == 1
    assert result.stderr.count("is a PDF file") == 2
    assert json.loads(result.stdout) == []


# ------------------------------------------------------------------------------ output and options


def test_split_csv_and_tsv_read_back(folder):
    make(folder, "export.txt")
    for option, delimiter in (("--csv", ","), ("--tsv", "\t")):
        result = run("split", "export.txt", option)
        assert result.exit_code == 0, result.stderr
        rows = list(csv.DictReader(io.StringIO(result.stdout), delimiter=delimiter))
        assert [r["title"] for r in rows] == ff.EXPORT_TITLES
        assert [r["time"] for r in rows] == ff.EXPORT_TIMES
        assert list(rows[0]) == [
            "id",
            "file",
            "title",
            "time",
            "source",
            "byline",
            "lang",
            "start",
            "end",
            "confidence",
            "text",
        ]
        assert "\n" in rows[0]["text"]  # a quoted field keeps its newline


def test_cluster_csv_has_one_row_an_article(folder):
    make(folder, "export.txt")
    result = run("cluster", "export.txt", "--csv")
    stories = json.loads(run("split", "export.txt").stdout)
    clustered = CliRunner().invoke(cli, ["cluster", "-", "--csv"], input=json.dumps(stories))
    assert clustered.exit_code == 0, clustered.stderr
    rows = list(csv.DictReader(io.StringIO(clustered.stdout)))
    assert list(rows[0]) == [
        "thread_id",
        "thread_label",
        "event_id",
        "article_id",
        "title",
        "source",
        "time",
        "similarity",
        "duplicate_of",
    ]
    assert sorted(r["article_id"] for r in rows) == ["export#1", "export#2", "export#3"]
    assert sorted(r["time"] for r in rows) == sorted(ff.EXPORT_TIMES)
    assert all(r["thread_id"].startswith("t") and r["event_id"].startswith(r["thread_id"]) for r in rows)
    assert result.exit_code == 0


def test_cluster_table_shows_first_and_last_time(folder):
    make(folder, "articles.csv")
    result = run("cluster", "articles.csv", "--table", "--threshold", "0", "--event-threshold", "0")
    assert result.exit_code == 0, result.stderr
    assert "first" in result.stdout and "last" in result.stdout
    assert "2016-12-23" in result.stdout and "2024-03-02" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["split", "x.txt", "--nl", "--table"],
        ["split", "x.txt", "--table", "--explain"],
        ["split", "x.txt", "--csv", "--nl"],
        ["split", "x.txt", "--csv", "--tsv"],
        ["split", "x.txt", "--csv", "--explain"],
        ["cluster", "x.txt", "--nl", "--table"],
        ["cluster", "x.txt", "--csv", "--nl"],
        ["split", "x.txt", "--encoding", "no-such-codec"],
        ["cluster", "x.txt", "--encoding", "no-such-codec"],
    ],
)
def test_usage_clashes_are_usage_errors(folder, args):
    (folder / "x.txt").write_text("Headline\nText of it.\n")
    result = run(*args)
    assert result.exit_code == 2, result.stderr
    assert "Usage:" in result.stderr
    assert result.stdout == ""


def test_a_dump_given_to_cluster_is_named_with_the_split_command(folder):
    (folder / "in").mkdir()
    (folder / "in" / "dump.txt").write_bytes(SEED.read_bytes())
    (folder / "in" / "dump2.txt.gz").write_bytes(ff.gzip_bytes(SEED.read_bytes()))
    (folder / "in" / "one.txt").write_text("Bridge reopens\nThe harbour bridge reopened on Tuesday.\n")
    (folder / "in" / "three.txt").write_text(ff.EXPORT_TEXT)  # three stories: an article may look so
    result = run("cluster", "in")
    assert result.exit_code == 0, result.stderr
    assert "2 articles hold several stories as split reads them (in/dump.txt, in/dump2.txt.gz)" in (
        result.stderr
    )
    assert "To cluster their stories: newsclust split FILES | newsclust cluster -" in result.stderr
    assert "one.txt" not in result.stderr and "three.txt" not in result.stderr


def test_a_txt_article_is_dated_from_its_timestamp(folder):
    (folder / "in").mkdir()
    (folder / "in" / "a.txt").write_text(
        "Bridge reopens after storm\nUpdated 9:15 AM GMT, March 2, 2024\n"
        "The harbour bridge reopened on Tuesday after high winds closed it for two days.\n"
    )
    result = run("cluster", "in", "--csv")
    assert result.exit_code == 0, result.stderr
    (row,) = csv.DictReader(io.StringIO(result.stdout))
    assert (row["article_id"], row["time"]) == ("a", "2024-03-02T09:15:00+00:00")


def test_web_page_on_stdin_is_known_by_its_markup():
    result = CliRunner().invoke(cli, ["split", "-"], input=ff.PAGE.encode())
    assert result.exit_code == 0, result.stderr
    (story,) = json.loads(result.stdout)
    assert story["title"] == "Bridge reopens after two-day closure" and story["id"] == "stdin"


def test_public_names():
    import newsclust

    assert newsclust.parse_date("23/12/2016") == "2016-12-23"
    assert newsclust.read_articles is read_articles and newsclust.split_inputs is split_inputs


def test_export_date_field_that_cannot_be_read_is_named_and_the_story_kept(folder):
    (folder / "x.txt").write_text(ff.EXPORT_TEXT.replace("Date: March 2, 2024", "Date: yesterday evening"))
    result = run("split", "x.txt")
    assert result.exit_code == 0, result.stderr
    stories = json.loads(result.stdout)
    assert [s["time"] for s in stories] == [None, *ff.EXPORT_TIMES[1:]]
    assert "x.txt: 1 date could not be read; that story is kept without a time" in result.stderr
    assert "x#1 ('Date: yesterday evening')" in result.stderr


def test_folder_leaves_out_gold_files_and_goes_on_past_unusable_json(folder):
    (folder / "in").mkdir()
    (folder / "in" / "dump.txt").write_bytes(SEED.read_bytes())
    (folder / "in" / "dump.gold.json").write_text('[{"start": 0, "title": "x"}]')  # what eval split reads
    (folder / "in" / "notes.json").write_text('[{"note": "not an article"}]')
    result = run("split", "in")
    assert result.exit_code == 1
    assert "in/notes.json: record 1 (no id) has no text" in result.stderr
    assert "gold" not in result.stderr
    assert len(json.loads(result.stdout)) == 4


def test_docx_text_keeps_line_breaks_tabs_and_table_rows():
    import docx

    from newsclust.formats.documents import docx_text

    document = docx.Document()
    paragraph = document.add_paragraph("First line")
    paragraph.add_run().add_break()
    paragraph.add_run("second\tline")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "A", "B"
    document.add_paragraph("After")
    out = io.BytesIO()
    document.save(out)
    assert docx_text(out.getvalue(), "x.docx") == "First line\nsecond\tline\nA | B\nAfter\n"
