"""Reading inputs: encoding detection and decoding, line offsets, safe file names, JSON writing."""

from __future__ import annotations

import codecs
import io
import json
import os
import random
import textwrap
import unicodedata

import pytest
from chunks import cut

from newsclust.errors import InputError
from newsclust.io import expand_paths, iter_text, read_text, safe_file_name, sniff_encoding, write_json
from newsclust.split import iter_lines, iter_unwrapped_lines

VIETNAMESE = (
    "Taliban phủ nhận liên lạc với Nga để đánh IS\n"
    "Phiến quân Taliban đã phủ nhận việc cử đại diện đến gặp giới chức Nga.\n"
    "Theo_An ninh thủ đô\n"
)
ENGLISH = "Café owners in Zürich are naïve about the façade\nThe résumé was déjà vu, said the maître d'.\n"

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def to_cp1258(text: str) -> bytes:
    """Encode Vietnamese the way Windows-1258 can: base letters precomposed, tone marks combining."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in decomposed if c in _TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
        out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def write(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


# ------------------------------------------------------------------------------ decoding


@pytest.mark.parametrize(
    "data, codec",
    [
        (VIETNAMESE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + VIETNAMESE.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + VIETNAMESE.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + VIETNAMESE.encode("utf-16-be"), "utf-16"),
        (to_cp1258(VIETNAMESE), "cp1258"),
        (ENGLISH.encode("cp1252"), "cp1252"),
        (b"plain ascii\n", "utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "cp1258", "cp1252", "ascii"],
)
def test_sniff_encoding(data, codec):
    assert sniff_encoding(data) == codec


@pytest.mark.parametrize(
    "data",
    [
        VIETNAMESE.encode("utf-8"),
        codecs.BOM_UTF8 + VIETNAMESE.encode("utf-8"),
        codecs.BOM_UTF16_LE + VIETNAMESE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + VIETNAMESE.encode("utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "utf16le", "utf16be"],
)
def test_unicode_files_decode_exactly(tmp_path, data):
    path = write(tmp_path, "a.txt", data)
    assert read_text(path) == VIETNAMESE


def test_cp1258_decodes_to_combining_tone_marks(tmp_path):
    data = to_cp1258(VIETNAMESE)
    text = read_text(write(tmp_path, "vi.txt", data))
    # decoding never normalises: the combining tone marks stay, so offsets match the bytes' text
    assert text == data.decode("cp1258")
    assert any(ch in _TONE_MARKS for ch in text)
    assert unicodedata.normalize("NFC", text) == VIETNAMESE


def test_cp1252_english(tmp_path):
    assert read_text(write(tmp_path, "en.txt", ENGLISH.encode("cp1252"))) == ENGLISH


def test_encoding_override(tmp_path):
    data = ENGLISH.encode("latin-1")
    path = write(tmp_path, "en.txt", data)
    assert read_text(path, encoding="latin-1") == ENGLISH
    # the override wins over detection, even where detection would pick something else
    assert read_text(write(tmp_path, "u.txt", "é\n".encode()), encoding="latin-1") == "Ã©\n"


def test_override_that_cannot_decode_names_the_file(tmp_path):
    path = write(tmp_path, "legacy.txt", ENGLISH.encode("cp1252"))
    with pytest.raises(InputError, match="legacy.txt") as caught:
        read_text(path, encoding="utf-8")
    assert caught.value.path == path
    assert "\n" not in str(caught.value)


def test_unknown_encoding(tmp_path):
    with pytest.raises(InputError, match="unknown encoding"):
        read_text(write(tmp_path, "a.txt", b"abc"), encoding="no-such-codec")


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), b"PK\x03\x04" + bytes(100)],
    ids=["all-bytes", "png", "zip"],
)
def test_binary_file_is_an_input_error(tmp_path, data):
    path = write(tmp_path, "blob.bin", data)
    with pytest.raises(InputError, match="blob.bin"):
        read_text(path)


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(str(tmp_path / "nope.txt"))


def test_empty_file(tmp_path):
    assert read_text(write(tmp_path, "empty.txt", b"")) == ""


@pytest.mark.parametrize("chunk_bytes", [1, 2, 3, 7, 64])
def test_small_chunks_decode_multibyte_characters_across_boundaries(tmp_path, chunk_bytes):
    data = codecs.BOM_UTF16_LE + (VIETNAMESE * 3).encode("utf-16-le")
    path = write(tmp_path, "a.txt", data)
    assert "".join(iter_text(path, chunk_bytes=chunk_bytes)) == VIETNAMESE * 3
    path = write(tmp_path, "b.txt", (VIETNAMESE * 3).encode("utf-8"))
    assert "".join(iter_text(path, chunk_bytes=chunk_bytes)) == VIETNAMESE * 3


def test_large_file_streams_in_chunks(tmp_path):
    text = VIETNAMESE * 5000  # > SNIFF_BYTES, so detection sees only the start
    chunks = list(iter_text(write(tmp_path, "big.txt", text.encode("utf-8")), chunk_bytes=4096))
    assert len(chunks) > 2
    assert "".join(chunks) == text


@pytest.mark.parametrize(
    "data",
    [VIETNAMESE.encode("utf-8"), to_cp1258(VIETNAMESE), codecs.BOM_UTF16_LE + VIETNAMESE.encode("utf-16-le")],
    ids=["utf8", "cp1258", "utf16"],
)
def test_offsets_point_into_the_decoded_text(tmp_path, data):
    text = read_text(write(tmp_path, "a.txt", data))
    lines = list(iter_lines(iter_text(write(tmp_path, "b.txt", data), chunk_bytes=5)))
    assert [line.text for line in lines] == [line for line in text.splitlines() if line.strip()]
    for line in lines:
        assert text[line.start : line.end] == line.text


# ------------------------------------------------------------------------------ iter_lines


def reference_lines(text: str) -> list[tuple[int, int, str]]:
    """Slow and obvious: split on \\r\\n, \\n or a lone \\r, strip, keep offsets."""
    result, position, i = [], 0, 0
    while i <= len(text):
        if i == len(text) or text[i] in "\r\n":
            piece = text[position:i]
            stripped = piece.strip()
            if stripped:
                start = position + (len(piece) - len(piece.lstrip()))
                result.append((start, start + len(stripped), stripped))
            if i < len(text) and text[i] == "\r" and text[i + 1 : i + 2] == "\n":
                i += 1
            position = i + 1
        i += 1
    return result


def as_tuples(lines):
    return [(line.start, line.end, line.text) for line in lines]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("one\ntwo\n", [(0, 3, "one"), (4, 7, "two")]),
        ("one\r\ntwo\r\n", [(0, 3, "one"), (5, 8, "two")]),
        ("one\rtwo\r", [(0, 3, "one"), (4, 7, "two")]),
        ("one\n\n\n  two  \n", [(0, 3, "one"), (8, 11, "two")]),
        ("no newline at all", [(0, 17, "no newline at all")]),
        ("  \t\n\r\n", []),
        ("", []),
        ("a\r\r\nb", [(0, 1, "a"), (4, 5, "b")]),
    ],
    ids=["lf", "crlf", "lone-cr", "blank-lines", "no-newline", "only-blank", "empty", "cr-crlf"],
)
def test_iter_lines(text, expected):
    assert as_tuples(iter_lines([text])) == expected
    assert reference_lines(text) == expected


@pytest.mark.parametrize("sizes", [[1], [2], [3], [1, 4], [5, 1, 2], [7]])
def test_iter_lines_chunk_boundaries(sizes):
    text = "Head line\r\nBody one.\r\n\r\nBody two\rLone CR\nLF\r\n\r\n  indented  \r\nlast\r"
    assert as_tuples(iter_lines(cut(text, sizes))) == reference_lines(text)


def test_iter_lines_crlf_split_exactly_between_chunks():
    assert as_tuples(iter_lines(["a\r", "\nb"])) == [(0, 1, "a"), (3, 4, "b")]
    assert as_tuples(iter_lines(["a\r", "", "\nb"])) == [(0, 1, "a"), (3, 4, "b")]
    assert as_tuples(iter_lines(["a\r", "b"])) == [(0, 1, "a"), (2, 3, "b")]


def test_iter_lines_random_chunks_match_reference():
    rng = random.Random(1234)
    pieces = ["word", "Tiếng Việt", "e\u0301", " ", "\t", "\n", "\r\n", "\r", "\n\n", ".", "Ư"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        sizes = [rng.randint(1, 6) for _ in range(5)]
        assert as_tuples(iter_lines(cut(text, sizes))) == reference_lines(text), (text, sizes)


def test_iter_lines_breaks_at_every_line_break_splitlines_knows():
    # chunks with "\n" alone are cut one way, chunks with any other break another: both give the
    # lines of str.splitlines, wherever the chunks begin and end
    rng = random.Random(99)
    breaks = ["\n"] * 3 + ["\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
    words = ["Tiếng Việt", "ạ", "word", " ", "\t", "e\u0301", "\u1e1e"]  # U+1E1E: a byte of "\x1e" in UCS-2
    for _ in range(300):
        text = "".join(rng.choice(words + breaks) for _ in range(rng.randint(0, 40)))
        expected, position = [], 0
        for piece in text.splitlines(True):
            stripped = piece.strip()
            if stripped:
                start = position + piece.index(stripped)
                expected.append((start, start + len(stripped), stripped))
            position += len(piece)
        sizes = [rng.randint(1, 9) for _ in range(4)]
        assert as_tuples(iter_lines(cut(text, sizes))) == expected, (text, sizes)
        assert as_tuples(iter_lines([text])) == expected


def test_unwrapped_lines_are_the_same_with_crlf_breaks():
    # hard-wrapped text: "\n" text is cut by str.split, "\r\n" text by str.splitlines; the joined
    # paragraphs must be the same, each still the input between its offsets
    sentence = "The committee met on Tuesday to discuss the budget and members said talks went well. "
    paragraph = textwrap.fill(sentence * 6, width=72)
    text = ("Budget talks go well\n\n" + paragraph + "\n\n") * 30
    lf = list(iter_unwrapped_lines(cut(text, [4096, 333])))
    crlf_text = text.replace("\n", "\r\n")
    crlf = list(iter_unwrapped_lines(cut(crlf_text, [4096, 333])))
    assert len(lf) == len(crlf) and sum(line.text.count("\n") for line in lf) >= 30 * 4  # joined
    assert [line.text for line in lf] == [line.text.replace("\r\n", "\n") for line in crlf]
    for lines, source in ((lf, text), (crlf, crlf_text)):
        assert all(source[line.start : line.end] == line.text for line in lines)


def test_iter_lines_without_any_newline_in_many_chunks():
    text = "x" * 10_000
    assert as_tuples(iter_lines(cut(text, [333]))) == [(0, 10_000, text)]


# ------------------------------------------------------------------------------ paths


def test_expand_paths_sorted_and_folders_expanded(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "b.txt").write_text("b")
    (tmp_path / "d" / "a.txt").write_text("a")
    (tmp_path / "d" / "skip.json").write_text("{}")
    (tmp_path / "d" / ".hidden.txt").write_text("h")
    single = str(tmp_path / "c.txt")
    (tmp_path / "c.txt").write_text("c")
    first = expand_paths([single, str(tmp_path / "d"), "-"])
    second = expand_paths(["-", str(tmp_path / "d"), single])
    assert first == second
    assert first[0] == "-"
    assert [os.path.basename(p) for p in first[1:]] == ["c.txt", "a.txt", "b.txt"]


# ------------------------------------------------------------------------------ safe_file_name


@pytest.mark.parametrize(
    "title",
    ["../../etc/passwd", "..\\..\\windows\\system32", "/absolute/path", "a/../b", ".", "..", "con", "nul:"],
)
def test_safe_file_name_has_no_path_traversal(title):
    name = safe_file_name(title, 7)
    assert name.startswith("0007-") and name.endswith(".txt")
    assert "/" not in name and "\\" not in name and ".." not in name
    assert os.path.basename(name) == name


def test_safe_file_name_empty_title():
    assert safe_file_name("", 1) == "0001-story.txt"
    assert safe_file_name("  !!! ", 2) == "0002-story.txt"


def test_safe_file_name_long_title_is_bounded():
    name = safe_file_name("Nga mở rộng cuộc chiến chống IS sang Trung Á " * 20, 12)
    assert len(name.encode("utf-8")) <= 255
    assert len(name) <= 4 + 1 + 80 + 4
    assert not name[:-4].endswith("-")


def test_safe_file_name_is_nfc_and_same_for_nfd():
    title = "Taliban phủ nhận"
    assert safe_file_name(title, 1) == safe_file_name(unicodedata.normalize("NFD", title), 1)
    assert safe_file_name(title, 1) == "0001-taliban-phủ-nhận.txt"


def test_safe_file_names_of_equal_titles_do_not_collide():
    assert safe_file_name("Same", 1) != safe_file_name("Same", 2)


# ------------------------------------------------------------------------------ write_json


def test_write_json_array():
    out = io.StringIO()
    assert write_json(iter([{"a": 1}, {"b": "Việt"}]), out) == 2
    assert json.loads(out.getvalue()) == [{"a": 1}, {"b": "Việt"}]
    assert "Việt" in out.getvalue()  # not \\u escapes


def test_write_json_empty_is_an_empty_array():
    out = io.StringIO()
    assert write_json(iter([]), out) == 0
    assert out.getvalue() == "[]\n"
    out = io.StringIO()
    write_json(iter([]), out, lines=True)
    assert out.getvalue() == ""


def test_write_json_lines():
    out = io.StringIO()
    write_json(({"n": n} for n in range(3)), out, lines=True)
    lines = out.getvalue().splitlines()
    assert [json.loads(line) for line in lines] == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert out.getvalue().endswith("\n")


def test_write_json_streams_records_as_they_come():
    out = io.StringIO()
    seen = []

    def records():
        for n in range(3):
            seen.append(out.getvalue())
            yield {"n": n}

    write_json(records(), out, lines=True)
    assert seen[1] == '{"n": 0}\n'
