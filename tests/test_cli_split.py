"""`newsclust split` through the command line and the library: the seed golden test and bad input."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsclust import split_files, split_text
from newsclust.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "taliban-russia-is.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")

SEED_TITLES = [
    "Taliban phủ nhận liên lạc với Nga để đánh IS",
    "Nga mở rộng cuộc chiến chống IS sang Trung Á",
    "Nước Nga chiến đấu với mối đe dọa IS từ bên trong lãnh thổ",
    "Taliban tại Pakistan phủ nhận al-Baghdadi là thủ lĩnh Hồi giáo",
]
SEED_STARTS = [SEED_TEXT.index(title) for title in SEED_TITLES]  # 0, 1709, 3649, 5044


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def split_json(*args, input=None):
    result = run("split", *args, input=input)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def removed(record, kind):
    return [r for r in record["removed"] if r["kind"] == kind]


@pytest.fixture
def seed_copy(tmp_path, monkeypatch):
    """The seed as seed.txt in a temporary working folder (short, stable ids: seed#1 ...)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seed.txt").write_bytes(SEED.read_bytes())
    return "seed.txt"


# ------------------------------------------------------------------------------ the seed, golden


def check_seed_records(records, text=SEED_TEXT):
    assert [r["title"] for r in records] == SEED_TITLES
    assert [r["start"] for r in records] == SEED_STARTS == [0, 1709, 3649, 5044]
    for record, following in zip(records, [*records[1:], None], strict=False):
        assert text[record["start"] : record["end"]].startswith(record["title"])
        assert record["end"] <= (following["start"] if following else len(text))
        assert record["lang"] == "vi"
        assert 0.0 <= record["confidence"] <= 1.0
    assert records[-1]["end"] == len(text.rstrip())
    assert len({r["id"] for r in records}) == 4

    first, second, third, fourth = records
    # sources: only what an attribution line names
    assert first["source"] == "An ninh thủ đô"
    assert second["source"] is None
    assert third["source"] == "VOV"
    assert fourth["source"] in (None, "Reuters")  # "Theo hãng Reuters" opens a sentence of the lede

    # story 1: the photo caption and "Video đang HOT" are not headlines; they are recorded, not lost
    caption = "Phiến quân Taliban đang chiến đấu với những nhóm thề trung thành với IS"
    assert {
        "kind": "caption",
        "start": text.index(caption),
        "end": text.index(caption) + len(caption),
        "text": caption,
    } in first["removed"]
    assert {
        "kind": "boilerplate",
        "start": 1148,
        "end": 1148 + len("Video đang HOT"),
        "text": "Video đang HOT",
    } in first["removed"]
    assert [r["text"] for r in removed(first, "attribution")] == ["Theo_An ninh thủ đô"]
    assert first["end"] == text.index("Theo_An ninh thủ đô") + len("Theo_An ninh thủ đô")
    for noise in ("Video đang HOT", "Theo_An ninh", caption):
        assert noise not in first["text"]
    assert first["text"].startswith("Phiến quân Taliban đã phủ nhận việc cử đại diện")

    # story 2: the "(ảnh: IG)" line is a caption; no attribution, so it ends before story 3
    assert [r["text"] for r in removed(second, "caption")] == ["Các phiến quân Nhà nước Hồi giáo. (ảnh: IG)"]
    assert second["text"].startswith("Bộ Ngoại giao Nga cho biết")
    assert second["byline"] is None

    # story 3: lede opens with "VOV.VN -", a byline and an attribution close it
    assert third["byline"] == "Thu Hoài Tổng hợp"
    assert [r["text"] for r in removed(third, "byline")] == ["Thu Hoài Tổng hợp"]
    assert [r["text"] for r in removed(third, "attribution")] == ["Theo_VOV"]
    assert third["end"] == text.index("Theo_VOV") + len("Theo_VOV")
    assert third["text"].startswith("Các quan chức Nga đang nỗ lực")
    assert "Thu Hoài" not in third["text"] and "Theo_VOV" not in third["text"]

    # story 4: headline glued to its lede on one line
    assert fourth["text"].startswith("Taliban tại Pakistan đã bác bỏ tuyên bố")
    assert fourth["end"] == len(text.rstrip())


def test_seed_golden_cli(seed_copy):
    records = split_json(seed_copy)
    check_seed_records(records)
    assert [r["id"] for r in records] == ["seed#1", "seed#2", "seed#3", "seed#4"]
    assert {r["file"] for r in records} == {"seed.txt"}


def test_seed_golden_library():
    stories = split_text(SEED_TEXT, name="seed")
    check_seed_records([story.to_dict() for story in stories])
    for story in stories:
        # parts are offsets into the untouched text
        for part, part_text in zip(story.parts, story.part_texts, strict=False):
            assert SEED_TEXT[part.start : part.end] == part_text
        assert story.parts[0].kind == "headline"
        assert SEED_TEXT[story.parts[0].start : story.parts[0].end] == story.title


def test_seed_split_files_matches_split_text():
    from_file = [s.to_dict() for s in split_files([str(SEED)])]
    from_text = [s.to_dict() for s in split_text(SEED_TEXT, name="x", file=str(SEED))]
    for record in from_file + from_text:
        record.pop("id")
    assert from_file == from_text


def test_stdin_equals_file(seed_copy):
    from_file = split_json(seed_copy)
    from_stdin = split_json("-", input=SEED.read_bytes())
    assert [r["id"] for r in from_stdin] == [f"stdin#{n}" for n in range(1, len(from_stdin) + 1)]
    for record in from_file + from_stdin:
        record.pop("id")
        record.pop("file")
    assert from_stdin == from_file


def test_nl_gives_one_object_per_line(seed_copy):
    result = run("split", seed_copy, "--nl")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert all(line.startswith("{") for line in lines)
    assert [json.loads(line) for line in lines] == split_json(seed_copy)


def test_table_shows_titles(seed_copy):
    result = run("split", seed_copy, "--table")
    assert result.exit_code == 0, result.stderr
    for title in SEED_TITLES:
        assert title in result.stdout
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.stdout)


def test_output_dir(seed_copy, tmp_path):
    records = split_json(seed_copy, "-o", "out")
    out = tmp_path / "out"
    names = sorted(os.listdir(out))
    assert "index.json" in names
    story_files = [n for n in names if n != "index.json"]
    assert len(story_files) == len(records)
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert [entry["title"] for entry in index] == [r["title"] for r in records]
    assert [entry["id"] for entry in index] == [r["id"] for r in records]
    for number, (entry, record) in enumerate(zip(index, records, strict=False), 1):
        assert entry["file"].startswith(f"{number:04d}-") and entry["file"].endswith(".txt")
        content = (out / entry["file"]).read_text(encoding="utf-8")
        assert content.splitlines()[0] == record["title"]
        assert record["text"] in content
    assert sorted(e["file"] for e in index) == story_files


def test_output_dir_refuses_non_empty_folder_without_force(seed_copy, tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    result = run("split", seed_copy, "-o", "out")
    assert result.exit_code == 1
    assert "out" in result.stderr and "--force" in result.stderr
    assert result.stdout == ""
    assert sorted(os.listdir(tmp_path / "out")) == ["keep.txt"]

    result = run("split", seed_copy, "-o", "out", "--force")
    assert result.exit_code == 0, result.stderr
    assert "index.json" in os.listdir(tmp_path / "out")
    assert (tmp_path / "out" / "keep.txt").read_text() == "mine"


def test_explain_adds_why_and_parts(seed_copy):
    plain = split_json(seed_copy)
    explained = split_json(seed_copy, "--explain")
    assert "why" not in plain[0] and "parts" not in plain[0]
    for record in explained:
        assert record["why"] and all(isinstance(reason, str) for reason in record["why"])
        assert record["parts"][0]["kind"] == "headline"
        assert record["parts"][0]["start"] == record["start"]
        for part in record["parts"]:
            assert record["start"] <= part["start"] < part["end"] <= record["end"]


# ------------------------------------------------------------------------------ bad input


def test_missing_path_is_a_usage_error(tmp_path):
    result = run("split", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    assert "nope.txt" in result.stderr
    assert result.stdout == ""


def test_empty_file_gives_empty_array(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("split", str(tmp_path / "empty.txt"))
    assert result.exit_code == 0
    assert result.stdout == "[]\n"
    result = run("split", str(tmp_path / "empty.txt"), "--nl")
    assert result.exit_code == 0 and result.stdout == ""


def test_blank_only_file_gives_empty_array(tmp_path):
    (tmp_path / "blank.txt").write_bytes(b"\n\r\n   \n\t\n")
    assert split_json(str(tmp_path / "blank.txt")) == []


def check_one_bad_input(result, bad_name, good_count):
    assert result.exit_code == 1
    naming = [line for line in result.stderr.splitlines() if bad_name in line]
    assert len(naming) == 1, result.stderr
    assert "Traceback" not in result.stderr
    records = json.loads(result.stdout)
    assert len(records) == good_count
    assert all(bad_name not in r["file"] for r in records)


def test_binary_file_among_good_files(seed_copy, tmp_path):
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 16)
    (tmp_path / "zz.txt").write_bytes(SEED.read_bytes())
    good = len(split_json(seed_copy))
    result = run("split", seed_copy, "blob.txt", "zz.txt")
    check_one_bad_input(result, "blob.txt", 2 * good)


def test_undecodable_file_with_encoding_override(seed_copy, tmp_path):
    (tmp_path / "legacy.txt").write_bytes(
        "Café au lait\nThe façade of the café was repainted.\n".encode("cp1252")
    )
    good = len(split_json(seed_copy))
    result = run("split", "--encoding", "utf-8", "legacy.txt", seed_copy)
    check_one_bad_input(result, "legacy.txt", good)


def to_cp1258(text: str) -> bytes:
    """Windows-1258 Vietnamese: base letters precomposed, tone marks as combining characters."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out.append((base + "".join(c for c in decomposed if c in tones)).encode("cp1258", errors="replace"))
    return b"".join(out)


def test_cp1258_copy_gives_same_titles(tmp_path):
    data = to_cp1258(SEED_TEXT)
    decoded = data.decode("cp1258")
    (tmp_path / "legacy.txt").write_bytes(data)
    records = split_json(str(tmp_path / "legacy.txt"))
    assert [unicodedata.normalize("NFC", r["title"]) for r in records] == SEED_TITLES
    for record in records:
        assert decoded[record["start"] :].startswith(record["title"])


# ------------------------------------------------------------------------------ unicode forms and line ends


def test_nfd_copy_gives_same_boundaries(tmp_path):
    nfd = unicodedata.normalize("NFD", SEED_TEXT)
    assert nfd != SEED_TEXT
    (tmp_path / "nfd.txt").write_text(nfd, encoding="utf-8")
    records = split_json(str(tmp_path / "nfd.txt"))
    assert [unicodedata.normalize("NFC", r["title"]) for r in records] == SEED_TITLES
    assert [r["start"] for r in records] == [nfd.index(unicodedata.normalize("NFD", t)) for t in SEED_TITLES]
    for record in records:
        assert nfd[record["start"] :].startswith(record["title"])


def test_crlf_copy_gives_same_titles_and_offsets(tmp_path):
    crlf = SEED_TEXT.replace("\n", "\r\n")
    (tmp_path / "crlf.txt").write_bytes(crlf.encode("utf-8"))
    records = split_json(str(tmp_path / "crlf.txt"))
    assert [r["title"] for r in records] == SEED_TITLES
    assert [r["start"] for r in records] == [crlf.index(t) for t in SEED_TITLES]
    for record in records:
        assert crlf[record["start"] : record["end"]].startswith(record["title"])
        assert "\r" not in record["title"]
        assert not crlf[record["start"] : record["end"]].endswith(("\r", "\n"))


def test_utf16_copy_gives_same_stories(tmp_path):
    (tmp_path / "u16.txt").write_bytes(SEED_TEXT.encode("utf-16"))
    records = split_json(str(tmp_path / "u16.txt"))
    assert [(r["title"], r["start"]) for r in records] == [
        (r["title"], r["start"]) for r in split_json(str(SEED))
    ]


# ------------------------------------------------------------------------------ odd shapes

PROSE = (
    "The committee met again on Tuesday to discuss the budget, and members said that the talks had gone "
    "better than expected, although several questions about the cost of the new bridge remain open. "
)


def test_two_megabytes_without_newline_is_one_story(tmp_path):
    text = PROSE * (2_000_000 // len(PROSE))
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    records = split_json(str(tmp_path / "long.txt"))
    assert len(records) == 1
    assert records[0]["start"] == 0 and records[0]["end"] == len(text.rstrip())


@pytest.mark.parametrize(
    "text",
    [
        PROSE * 12,
        "\n\n".join([PROSE * 2, PROSE * 3, PROSE]),
        # one paragraph hard-wrapped at 70 columns, as in e-mail
        "\n".join(
            textwrap.wrap("it was raining when the " + (PROSE * 4).lower() + "Nobody was surprised.", 70)
        ),
    ],
    ids=["one-line", "paragraphs", "wrapped"],
)
def test_text_without_headlines_is_one_story(tmp_path, text):
    (tmp_path / "prose.txt").write_text(text, encoding="utf-8")
    records = split_json(str(tmp_path / "prose.txt"))
    assert len(records) == 1
    assert records[0]["start"] == 0
    assert records[0]["end"] == len(text.rstrip())


def test_output_is_the_same_whatever_the_order_of_inputs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("b.txt").write_bytes(SEED.read_bytes())
    Path("a.txt").write_text(
        "Markets fall on rate fears\nMarkets fell sharply on Monday as fears of rate rises "
        "grew, traders said.\nSource: Reuters\n",
        encoding="utf-8",
    )
    Path("dir").mkdir()
    Path("dir/c.txt").write_bytes(SEED.read_bytes())
    first = run("split", "a.txt", "b.txt", "dir")
    second = run("split", "dir", "b.txt", "a.txt")
    assert first.exit_code == second.exit_code == 0
    assert first.stdout_bytes == second.stdout_bytes
    ids = [r["id"] for r in json.loads(first.stdout)]
    assert len(ids) == len(set(ids))


# ------------------------------------------------------------------------------ help


def test_help_shows_examples():
    for args in (["--help"], ["split", "--help"]):
        result = run(*args)
        assert result.exit_code == 0
        assert "Example" in result.stdout
    assert "newsclust split" in run("split", "--help").stdout


def test_python_m_newsclust_help():
    result = subprocess.run(
        [sys.executable, "-m", "newsclust", "--help"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "split" in result.stdout and "Example" in result.stdout


# ------------------------------------------------------------------------------ pipes and signals


@pytest.fixture(scope="module")
def big_input(tmp_path_factory):
    """Enough stories that the JSON Lines output overflows a pipe's buffer many times."""
    path = tmp_path_factory.mktemp("big") / "big.txt"
    path.write_text(SEED_TEXT.rstrip() + "\n" + (SEED_TEXT.rstrip() + "\n") * 300, encoding="utf-8")
    return str(path)


def start_split(path, **options):
    return subprocess.Popen(
        [sys.executable, "-m", "newsclust", "split", path, "--nl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **options,
    )


def _default_sigint() -> None:
    # a shell starts background jobs with Ctrl-C ignored, and Python keeps an ignored SIGINT
    # ignored: the command must see the signal as a user's terminal would send it
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_closed_pipe_like_head_1_is_not_a_crash(big_input):
    process = start_split(big_input)
    first = process.stdout.readline()
    assert json.loads(first)["start"] == 0
    process.stdout.close()  # like `| head -1`
    stderr = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=120) == 0
    assert "Traceback" not in stderr
    assert "BrokenPipe" not in stderr


@pytest.mark.skipif(os.name != "posix", reason="SIGINT is POSIX")
def test_ctrl_c_exits_130_without_traceback(big_input):
    process = start_split(big_input, preexec_fn=_default_sigint)
    # once a story is out the command is running; it then blocks on the full pipe we do not read
    assert process.stdout.readline()
    process.send_signal(signal.SIGINT)
    try:
        _, stderr = process.communicate(timeout=120)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 130
    assert "Traceback" not in stderr.decode()
