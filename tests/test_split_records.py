"""News database exports (newsclust.split.records): one story per record, through the CLI and the
library, with offsets. The fixtures in tests/exports/ are made up, laid out as the formats' public
documentation and open-source parsers' tests show them: LexisNexis classic ("N of M DOCUMENTS"),
Nexis Uni (a cover page, "End of Document"), labelled fields ("TITRE:", "KOP:"), Factiva codes."""

from __future__ import annotations

import json
import os
import textwrap
import warnings
from pathlib import Path

import pytest
from chunks import cut
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsclust import Splitter, split_text
from newsclust.cli import cli
from newsclust.errors import InputWarning
from newsclust.split.records import sniff_export

EXPORTS = Path(__file__).resolve().parent / "exports"


def fixture(name: str) -> str:
    return (EXPORTS / name).read_text(encoding="utf-8")


CLASSIC = fixture("lexisnexis-classic.txt")
VARIED = fixture("lexisnexis-varied.txt")
GERMAN = fixture("lexisnexis-german.txt")
NEXIS_UNI = fixture("nexis-uni.txt")
FACTIVA = fixture("factiva.txt")
FACTIVA_PLAIN = fixture("factiva-plain.txt")
LABELLED = fixture("labelled-french-dutch.txt")

CLASSIC_STORIES = [
    ("River rises past flood mark in the valley", "The Riverside Gazette", "Jane Doe", "1 of 2 DOCUMENTS"),
    (
        "Council votes to fund new bridge over the river",
        "The Evening Courier",
        "John Roe",
        "2 of 2 DOCUMENTS",
    ),
]
NEXIS_STORIES = [
    (
        "Harbour ferry service resumes after storm",
        "The Coastal Record",
        "Maria Lopez",
        "Harbour ferry service resumes after storm",
    ),
    ("Ferry operator promises new timetable", "Harbour Weekly", "Tom Baker", "Ferry operator promises"),
]
FACTIVA_STORIES = [
    ("Ministers agree on fishing quotas", "Northern Business Daily", "By Anna Berg", "HD\tMinisters agree"),
    ("Port strike ends after pay deal", "Coast Wire", None, "HD\tPort strike ends"),
]
GERMAN_STORIES = [
    ("Hochwasser erreicht die Altstadt", "Der Rheinische Bote", "Karin Vogel", "Dokument 1 von 2"),
    ("Stadtrat beschließt neue Brücke", "Der Rheinische Bote", "Peter Lang", "Dokument 2 von 2"),
]
LABELLED_STORIES = [
    ("Le port rouvre après la tempête", "Le Courrier du Port", "Claire Martin", "Le Courrier du Port"),
    ("Haven weer open na storm", "Het Havenblad", "Jan de Vries", "Het Havenblad"),
]


def crlf_bom(text: str) -> str:
    return "\ufeff" + text.replace("\n", "\r\n")


def mixed_breaks(text: str) -> str:
    """Every other line break CRLF, one a lone CR."""
    lines = text.split("\n")
    breaks = ["\r\n" if i % 2 else "\n" for i in range(len(lines) - 1)]
    breaks[3] = "\r"
    return "".join(line + brk for line, brk in zip(lines, breaks)) + lines[-1]


def cut_inside(text: str, marker: str) -> str:
    """``text`` cut off in the middle of the line holding ``marker``."""
    at = text.index(marker)
    return text[: at + len(marker) // 2]


COVER_ONLY = NEXIS_UNI[: NEXIS_UNI.index("\n\nHarbour ferry service resumes") + 1]
NO_HEADLINE = CLASSIC.replace("River rises past flood mark in the valley\n\n", "")
FACTIVA_NO_HD = FACTIVA.replace("HD\tPort strike ends after pay deal\n", "")

#: (id, text, [(title, source, byline, first line)], warning expected on stderr or None)
CASES = [
    ("classic", CLASSIC, CLASSIC_STORIES, None),
    ("classic-crlf-bom", crlf_bom(CLASSIC), CLASSIC_STORIES, None),
    ("classic-mixed-breaks", mixed_breaks(CLASSIC), CLASSIC_STORIES, None),
    ("classic-cut-off", cut_inside(CLASSIC, "its cost."), CLASSIC_STORIES, "cut off"),
    (
        "classic-one-of-three",
        CLASSIC.replace("of 2 DOCUMENTS", "of 3 DOCUMENTS").replace("Items: 1-2", "Items: 1-3"),
        [(*story[:3], story[3].replace("of 2", "of 3")) for story in CLASSIC_STORIES],
        "ends after document 2, but items up to 3 were asked for",
    ),
    (
        "classic-no-headline",
        NO_HEADLINE,
        [
            (
                "The river rose past its flood mark on Sunday night, and the towns along the",
                "The Riverside Gazette",
                "Jane Doe",
                "1 of 2 DOCUMENTS",
            ),
            CLASSIC_STORIES[1],
        ],
        None,
    ),
    (
        "classic-varied",  # a headline over three lines, two edition lines, GRAPHIC: over three
        VARIED,
        [
            (
                "Snow closes the mountain pass, and drivers wait overnight in the village halls; police "
                "say the road reopens today",
                "The Northern Ledger",
                "BY ERIK LUND",
                "4 of 9 DOCUMENTS",
            ),
            ("ploughs return to the pass", "VALLEY STAR (England)", None, "5 of 383 DOCUMENTS"),
        ],
        "ends after document 5, but it holds 383",
    ),
    ("german-labels", GERMAN, GERMAN_STORIES, None),
    ("french-dutch-labels", LABELLED, LABELLED_STORIES, None),
    ("french-dutch-crlf-bom", crlf_bom(LABELLED), LABELLED_STORIES, None),
    ("nexis-uni", NEXIS_UNI, NEXIS_STORIES, None),
    ("nexis-uni-crlf-bom", crlf_bom(NEXIS_UNI), NEXIS_STORIES, None),
    ("nexis-uni-cut-off", cut_inside(NEXIS_UNI, "new winter timetable"), NEXIS_STORIES, "cut off"),
    ("nexis-uni-cover-only", COVER_ONLY, [], "only a cover page listing 2 headlines"),
    ("factiva", FACTIVA, FACTIVA_STORIES, None),
    ("factiva-plain", FACTIVA_PLAIN, [(*s[:3], s[3].removeprefix("HD\t")) for s in FACTIVA_STORIES], None),
    (
        "factiva-plain-cut-off",
        cut_inside(FACTIVA_PLAIN, "three-day strike"),
        [(*s[:3], s[3].removeprefix("HD\t")) for s in FACTIVA_STORIES],
        "cut off",
    ),
    ("factiva-crlf-bom", crlf_bom(FACTIVA), FACTIVA_STORIES, None),
    ("factiva-cut-off", cut_inside(FACTIVA, "four percent"), FACTIVA_STORIES, "cut off"),
    (
        "factiva-no-headline",
        FACTIVA_NO_HD,
        [
            FACTIVA_STORIES[0],
            (
                "Dock workers returned to work on Tuesday after a pay deal ended a three-day strike.",
                "Coast Wire",
                None,
                "WC\t61 words",
            ),
        ],
        None,
    ),
]


def check_parts(text: str, stories) -> None:
    """Spans ordered and disjoint, inside the input, each part's text the input's; only a
    preamble lies before its story's start."""
    previous_end = 0
    for story in stories:
        assert previous_end <= story.start < story.end <= len(text)
        part_end = previous_end
        for part, part_text in zip(story.parts, story.part_texts, strict=True):
            assert part_end <= part.start < part.end, (part, story.title)
            assert text[part.start : part.end] == part_text
            if part.kind == "preamble":
                assert part.end <= story.start
            else:
                assert story.start <= part.start and part.end <= story.end, (part, story.title)
            part_end = part.end
        assert [p.kind for p in story.parts].count("headline") == 1
        assert story.parts[-1].end == story.end
        previous_end = story.end


def check_stories(text: str, stories, expected) -> None:
    assert [(s.title, s.source, s.byline) for s in stories] == [e[:3] for e in expected]
    for story, (*_, first_line) in zip(stories, expected):
        assert text[story.start : story.end].startswith(first_line)
    check_parts(text, stories)


def split_warned(text: str, warning: str | None, **kwargs):
    if warning is None:
        return split_text(text, name="export", **kwargs)
    with pytest.warns(InputWarning, match=warning):
        return split_text(text, name="export", **kwargs)


@pytest.mark.parametrize(("text", "expected", "warning"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_library_reads_one_story_per_record(text, expected, warning):
    stories = split_warned(text, warning)
    check_stories(text, stories, expected)
    if warning == "cut off":
        assert stories[-1].end == len(text.rstrip())


@pytest.mark.parametrize(("text", "expected", "warning"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cli_prints_the_records_and_one_line_of_warning(tmp_path, text, expected, warning):
    path = tmp_path / "export.txt"
    path.write_bytes(text.encode("utf-8"))
    result = CliRunner().invoke(cli, ["split", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    decoded = text.removeprefix("\ufeff")  # the reader drops a UTF-8 byte order mark
    assert [(r["title"], r["source"], r["byline"]) for r in records] == [e[:3] for e in expected]
    for record, (*_, first_line) in zip(records, expected):
        assert decoded[record["start"] : record["end"]].startswith(first_line)
        for removed in record["removed"]:
            assert decoded[removed["start"] : removed["end"]] == removed["text"]
    if warning is None:
        assert result.stderr == ""
    else:
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and warning in lines[0] and str(path) in lines[0]


def test_the_record_parts_say_what_each_field_is():
    first = split_text(CLASSIC)[0]
    kinds = {text: part.kind for part, text in zip(first.parts, first.part_texts)}
    assert kinds["1 of 2 DOCUMENTS"] == "boilerplate"
    assert kinds["The Riverside Gazette"] == "attribution"
    assert kinds["March 4, 2019 Monday"] == "timestamp"
    assert kinds["Final Edition"] == "boilerplate"
    assert kinds["BYLINE: Jane Doe"] == "byline"
    assert kinds["LENGTH: 120 words"] == "boilerplate"
    assert kinds["LOAD-DATE: March 5, 2019"] == "boilerplate"
    assert kinds["Copyright 2019 Riverside Gazette Ltd"] == "attribution"
    assert first.parts[0].kind == "preamble" and first.part_texts[0].startswith("Download Request:")
    assert first.parts[0].end < first.start
    # a hard-wrapped paragraph is one body part; its lines are joined by a space in the text
    assert first.text == (
        "The river rose past its flood mark on Sunday night, and the towns along the valley opened "
        "their shelters to families from the low streets near the water.\n"
        "Officials said the water would keep rising until Tuesday."
    )
    assert first.confidence == 1.0
    assert first.lang == "en"


def test_a_nexis_uni_cover_page_is_the_first_storys_preamble():
    first, second = split_text(NEXIS_UNI)
    assert first.parts[0].kind == "preamble"
    assert first.part_texts[0].startswith("Date and Time:")
    assert first.part_texts[0].endswith("Timeline: Mar 01, 2019 to Mar 05, 2019")
    assert first.start == NEXIS_UNI.index("Harbour ferry service resumes after storm\n\nThe Coastal")
    assert "preamble" not in [p.kind for p in second.parts]
    assert NEXIS_UNI[first.end - len("End of Document") : first.end] == "End of Document"
    timestamps = [t for p, t in zip(first.parts, first.part_texts) if p.kind == "timestamp"]
    assert timestamps == ["March 4, 2019 Monday"]


def test_factiva_fields():
    first = split_text(FACTIVA)[0]
    kinds = {text: part.kind for part, text in zip(first.parts, first.part_texts)}
    assert kinds["4 March 2019"] == kinds["14:02"] == "timestamp"
    assert kinds["Northern Business Daily"] == "attribution"
    assert kinds["AN\tDocument NBDAIL0020190304ef340000b"] == "boilerplate"
    assert first.text.splitlines()[2] == "Fishing groups said the cuts would cost jobs in the ports."
    assert FACTIVA[first.start : first.end].endswith("AN\tDocument NBDAIL0020190304ef340000b")


def test_a_record_without_headline_is_titled_by_its_first_body_line_as_a_guess():
    stories = split_text(NO_HEADLINE)
    assert stories[0].confidence == 0.5 and stories[1].confidence == 1.0
    assert any("first body line" in reason for reason in stories[0].reasons)
    assert stories[0].text.startswith("valley opened their shelters")
    factiva = split_text(FACTIVA_NO_HD)
    assert factiva[1].confidence == 0.5
    assert factiva[1].text == "The deal raises pay by four percent over two years."


@pytest.mark.parametrize("text", [CLASSIC, NEXIS_UNI, FACTIVA, LABELLED, GERMAN], ids=str.__len__)
def test_records_stream_the_same_in_any_chunks(text):
    whole = split_text(text)
    for sizes in ([1], [7, 300], [64, 1, 1000]):
        assert list(Splitter().iter_stories(cut(text, sizes))) == whole


def test_a_nul_byte_is_decoded_and_reported(tmp_path):
    data = CLASSIC.replace("Officials said", "Officials\x00 said").encode("utf-8")
    path = tmp_path / "nul.txt"
    path.write_bytes(data)
    result = CliRunner().invoke(cli, ["split", str(path)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "NUL byte" in result.stderr and len(result.stderr.splitlines()) == 1
    records = json.loads(result.stdout)
    assert [r["title"] for r in records] == [s[0] for s in CLASSIC_STORIES]
    assert "Officials\x00 said" in records[0]["text"]


def test_a_cover_only_file_is_an_empty_list_and_exit_0(tmp_path):
    path = tmp_path / "cover.txt"
    path.write_text(COVER_ONLY, encoding="utf-8")
    result = CliRunner().invoke(cli, ["split", str(path), "--nl"], catch_exceptions=False)
    assert (result.exit_code, result.stdout) == (0, "")
    result = CliRunner().invoke(cli, ["split", str(path)], catch_exceptions=False)
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])
    assert "only a cover page" in result.stderr


@pytest.mark.parametrize(
    "text",
    [
        "Rain returns\nRain returned to the city on Monday, forecasters said.\nSource: AP\n",
        "Title: Rain returns\nDate: March 4, 2019\nURL: https://example.com/rain\nRain returned today.\n",
        "BY JANE DOE\nPONTIAC, Mich., March 4 - The plant will close, the company said.\n",
        "1. First point of the plan\n2. Second point\nThe plan has two points, officials said.\n",
    ],
    ids=["plain", "monitoring-fields", "wire", "numbered-list"],
)
def test_free_text_is_not_taken_for_an_export(text):
    assert sniff_export(text) is None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert split_text(text)


# ------------------------------------------------------------------------------ any export

HEADLINES = [
    "Harbour ferry service resumes",
    "Giá vàng hôm nay tăng mạnh",
    "MARKETS FALL AS RATES RISE",
    "Council votes to fund new bridge over the river after a long and heated debate on Monday",
]
PARAGRAPHS = [
    "The ferry ran again on Monday morning, two days after the storm closed the crossing.",
    "Sáng nay, giá vàng trong nước tăng mạnh theo đà của thị trường thế giới.",
    "“We are back on the normal timetable,” a spokesman said.",
    "LANGUAGE: the word opens this paragraph but is no field of the record at all, officials said.",
    "1. The first point of the plan",
]
FIELDS = [
    "BYLINE: Jane Doe",
    "SECTION: NEWS; Pg. 3",
    "LENGTH: 120 words",
    "HEADLINE: A labelled headline",
    "BODY:",
    "BODY: The body starts on the label's line.",
    "LOAD-DATE: March 5, 2019",
    "LANGUAGE: ENGLISH",
    "Copyright 2019 Example Media",
    "All Rights Reserved",
    "End of Document",
    "Byline: Maria Lopez",
    "Body",
    "Classification",
    "March 4, 2019 Monday",
    "  The Gazette",
]
FACTIVA_LINES = [
    "HD\tPort strike ends",
    "BY\tBy Anna Berg",
    "WC\t61 words",
    "PD\t5 March 2019",
    "SN\tCoast Wire",
    "LP\tDock workers returned to work.",
    "TD\tThe deal raises pay.",
    "IN the end, it held.",
    "NS\tgpol : Domestic Politics",
    "AN\tDocument COASTW0020190305ef350000c",
    "AN",
    "CY\t(c) 2019",
]
COVER = [
    "Date and Time: Tuesday, March 5, 2019 9:41:00 AM EST",
    "Job Number: 86753091",
    "Documents (2)",
    "1. Harbour ferry service resumes",
    "Client/Matter: -None-",
    "Search Terms: ferry",
    "Narrowed by:",
    "Content Type\tNarrowed by",
    "News\tTimeline: Mar 01, 2019 to Mar 05, 2019",
]


@st.composite
def exports(draw):
    """Text that ``sniff_export`` takes for an export, with records of any lines in any order."""
    kind = draw(st.sampled_from(["classic", "nexis", "factiva", "factiva-plain"]))
    pool = FACTIVA_LINES if kind.startswith("factiva") else FIELDS
    line = st.one_of(
        st.sampled_from(HEADLINES),
        st.sampled_from(PARAGRAPHS),
        st.sampled_from(pool),
        st.just(""),
        st.builds(lambda p: textwrap.fill(p * 3, 70), st.sampled_from(PARAGRAPHS)),
    )
    records = draw(st.lists(st.lists(line, max_size=12), min_size=1, max_size=5))
    lines = list(draw(st.lists(st.sampled_from(COVER), max_size=6))) if kind in ("classic", "nexis") else []
    for number, body in enumerate(records, 1):
        if kind == "classic":
            lines += [f"          {number} of {len(records)} DOCUMENTS", "", *body, "LENGTH: 9 words"]
        elif kind == "nexis":
            lines += [*body, "End of Document"]
        elif kind == "factiva-plain":
            lines += [
                "A headline",
                "By A. Writer",
                "9 words",
                "5 March 2019",
                *body,
                "Document AB00201903050e350000c1",
            ]
        else:
            lines += [
                "HD\tA headline",
                "WC\t9 words",
                "PD\t5 March 2019",
                *body,
                "AN\tDocument AB0020190305e3",
            ]
    breaks = draw(
        st.lists(st.sampled_from(["\n", "\r\n", "\r", "\n\n"]), min_size=len(lines), max_size=len(lines))
    )
    text = "".join(a + b for a, b in zip(lines, breaks))
    cut = draw(st.integers(len(text) // 2, len(text)))
    return draw(st.sampled_from(["", "\ufeff"])) + text[:cut]


EXAMPLES = int(os.environ.get("RECORDS_EXAMPLES", 300))  # more: RECORDS_EXAMPLES=3000 pytest


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exports())
def test_any_export_gives_ordered_disjoint_parts_that_lose_nothing(text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)
        stories = split_text(text)
        assert list(Splitter().iter_stories(cut(text, [97, 5]))) == stories
    check_parts(text, stories)
    if not stories:
        return  # only a cover page: nothing to split (and a warning, see above)
    covered = [0] * len(text)
    for story in stories:
        for part in story.parts:
            for i in range(part.start, part.end):
                covered[i] += 1
    for i, ch in enumerate(text):
        if not ch.isspace() and ch != "\ufeff":
            assert covered[i] == 1, (i, text[max(0, i - 30) : i + 30])
