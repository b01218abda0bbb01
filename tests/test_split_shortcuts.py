"""The splitter's shortcuts against the plain forms they stand for.

For speed, the split package answers some questions without the obvious regex or copy: a first-character
test before a pattern, str.find instead of a regex search, substring searches instead of sets. Each
must give exactly what the plain form gives, whatever the text.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.utils import default_process

from newsclust.models import Story, new_story
from newsclust.split import Line, Splitter, evidence, glued, shapes

# white space of several kinds, dashes, capitals (also Vietnamese and the Kelvin sign), brackets
ALPHABET = " \t\u00a0\u2028\u3000-–—.()'’:aAbBzZđĐÂẠệKſ0"
texts = st.text(alphabet=ALPHABET, max_size=40)


@given(texts, st.integers(0, 45))
@settings(max_examples=500)
def test_words_and_starts_are_a_non_space_regexs_matches(text, limit):
    words, starts = glued._words_and_starts(text, limit)
    matches = list(re.finditer(r"\S+", text[:limit]))
    assert words == [m.group() for m in matches]
    assert starts == [m.start() for m in matches]


@given(texts)
@settings(max_examples=500)
def test_has_dash_is_a_spaced_dash_in_the_first_400_characters(text):
    for line in (text, "x" * 380 + text):
        assert glued._has_dash(line) == (re.search(r"\s[-–—]{1,2}\s", line[:400]) is not None)


@given(texts, st.integers(0, 45))
@settings(max_examples=500)
def test_mark_start_finds_what_its_plain_form_finds(text, stop):
    # the plain form: a lookahead at every position after white space
    openings = r"\(|[A-ZĐ][A-Za-zĐ0-9]*\.[A-Za-z]|[A-Z{U}][A-Z{U}.'’ ]|[A-Z][a-z]+[A-Z]"
    plain = re.compile(r"(?<!\S)(?=" + openings.replace("{U}", shapes._UPPER) + ")")
    assert [m.start() for m in glued._MARK_START.finditer(text, 0, stop)] == [
        m.start() for m in plain.finditer(text, 0, stop)
    ]


LEDE_WORDS = ["talks", "talked", "deal", "ends", "a", "hanoi", "hà", "nội", "5"]


@given(st.lists(st.sampled_from(LEDE_WORDS), max_size=12))
def test_restatement_in_a_spaced_lede_is_the_set_form(lede):
    head = ["talks", "ended", "deal", "hanoi", "nội", "5", "the"]
    content = [t for t in head if t not in shapes._FUNCTION_WORDS and (len(t) > 1 or t.isdigit())]
    tokens, stems = set(lede), {t[:5] for t in lede if len(t) >= 5}
    kept = [t for t in content if t in tokens or (len(t) >= 5 and t[:5] in stems)]
    assert evidence._restatement(head, lede) == pytest.approx(len(kept) / len(content))


@given(st.text(alphabet=ALPHABET + "xyzq,;!?", min_size=1, max_size=60))
@settings(max_examples=1000)
def test_a_ledes_spaced_tokens_find_what_its_token_list_finds(text):
    text = text.strip() or "x"
    lede = Line(0, len(text), text)
    tokens = default_process(lede.norm[:200]).split()[:80]
    for token in {*tokens, "x", "talks"}:
        assert (f" {token} " in lede.spaced) == (token in tokens)
        assert (f" {token[:5]}" in lede.spaced) == any(t.startswith(token[:5]) for t in tokens)


@pytest.mark.parametrize(
    "rest",
    ["heo_VOV", "heo Dân trí", "guồn: VnExpress", "ource: Reuters", "redit: AP", "uelle: dpa", "c) HuffPost"],
)
def test_only_lines_opening_with_a_listed_character_can_be_attributions(rest):
    # every character of the Basic Multilingual Plane that could open the line, tried against the
    # pattern itself: IGNORECASE's equivalents ("ſ" for "s", the Kelvin sign for "k") included
    pattern = shapes._ATTRIBUTION
    openers = {chr(c) for c in range(0x10000) if pattern.match(chr(c) + rest)}
    assert openers <= shapes._ATTRIBUTION_FIRST
    for text in ("— HuffPost", "(TTXVN)", "© 2023 AP", "Źródło: PAP", "Lähde: YLE", "Izvor: Hina"):
        assert pattern.match(text) and text[0] in shapes._ATTRIBUTION_FIRST


@given(st.text(alphabet=ALPHABET + "xyzq", min_size=1, max_size=30))
@settings(max_examples=1000)
def test_a_lines_closing_stop_is_an_abbreviations_as_its_last_word_says(text):
    text = (text.strip() or "x") + "."
    assert shapes._ends_in_abbreviation(text) == shapes._ends_with_abbreviation(text.rsplit(None, 1)[-1])


def _plain_is_timestamp(text):
    """``_is_timestamp`` as it read before the first-word test: every word of the split line read."""
    if re.search(r"\d", text) is None:
        return False
    label = shapes._TIME_LABEL.match(text)
    rest = text[label.end() if label else 0 :]
    return shapes._are_timestamp_words(shapes._TIME_SPLIT.split(rest.casefold()))


TIME_PIECES = [
    "Updated", "updated on", "Thứ Hai", "12/10/2023", "08:30", "(GMT+7)", "PM", "EST", "September", "30",
    "2023", "Talks", "ſept", "ngày", "Đăng lúc", "|", ",", " - ", "[", "]", "x9", "\u00a0", "ẞ",
]  # fmt: skip


@given(st.lists(st.sampled_from(TIME_PIECES), min_size=1, max_size=8), st.sampled_from(["", " ", ", ", "("]))
@settings(max_examples=1000)
def test_a_timestamp_is_told_by_its_first_word_as_by_all_its_words(pieces, joint):
    text = joint.join(pieces).strip() or "9"
    assert shapes._is_timestamp(text) == _plain_is_timestamp(text)


def test_a_story_made_at_once_is_the_story_its_constructor_makes():
    text = (Path(__file__).parent.parent / "samples" / "taliban-russia-is.txt").read_text(encoding="utf-8")
    stories = Splitter().split(text)
    assert stories
    for story in stories:
        fields = {f.name: getattr(story, f.name) for f in dataclasses.fields(Story)}
        assert vars(story) == fields  # every field given, nothing else
        assert Story(**fields) == story and repr(Story(**fields)) == repr(story)
        assert dataclasses.replace(story, lang="en").lang == "en"
        with pytest.raises(dataclasses.FrozenInstanceError):
            story.title = "changed"  # type: ignore[misc]
    assert new_story(dict(vars(stories[0]))) == stories[0]


try:  # the regex parser, to read a phrase's first element (Python 3.11 moved it)
    from re import _parser as regex_parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as regex_parser  # type: ignore[no-redef]

PHRASE_TABLES = [
    (shapes._RELATED_PHRASES, shapes._RELATED_TAIL, shapes._is_related_marker, shapes._RELATED_BY_FIRST),
    (shapes._BOILERPLATE_PHRASES, "", shapes._is_boilerplate, shapes._BOILERPLATE_BY_FIRST),
]
BMP = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000)


@pytest.mark.parametrize("phrases, tail, test, table", PHRASE_TABLES)
def test_every_phrase_opens_with_a_letter_matched_as_itself(phrases, tail, test, table):
    for phrase in phrases:
        first, _ = regex_parser.parse(phrase, re.IGNORECASE)[0]
        assert first is regex_parser.LITERAL, phrase  # not a group, a class or an alternation


@pytest.mark.parametrize("phrases, tail, test, table", PHRASE_TABLES)
def test_a_line_is_tried_against_every_phrase_its_first_character_can_open(phrases, tail, test, table):
    # every character of the Basic Multilingual Plane that IGNORECASE matches to a phrase's first
    # letter ("ſ" to "s", the Kelvin sign to "k") leads to the pattern that holds that phrase
    for phrase in phrases:
        openers = re.findall(re.escape(phrase[0]), BMP, re.IGNORECASE)
        assert openers
        for opener in openers:
            assert phrase in table[opener], (phrase, opener)


PHRASE_LINES = [
    "Tin liên quan:", "TIN, BÀI LIÊN QUAN", "Tin bài khác liên quan", "Bài viết khác", "Đọc thêm",
    "Related stories:", "More from The Guardian", "À lire aussi", "Lees ook", "Video đang HOT",
    "Bình luận (12)", "Từ khóa: a, b", "Tags: x", "Share on Facebook", "Last updated on:",
    "Partager sur Facebook", "Artikel teilen", "Kommentare", "Story continues below this advertisement",
    "Sign up for the newsletter", "In bài viết", "Subscribe",
]  # fmt: skip
EDGES = ["", ".", " x", ":", "x"]  # after the phrase, or "x" before it


@given(st.sampled_from(PHRASE_LINES), st.randoms(use_true_random=False), st.sampled_from(EDGES))
@settings(max_examples=1000)
def test_the_phrase_tables_match_what_one_alternation_of_their_phrases_matches(line, rng, edge):
    variants = {"s": "ſ", "i": "ı", "I": "İ", "k": "\u212a", "K": "\u212a"}
    line = "".join(
        variants.get(c, c) if rng.random() < 0.2 else c.swapcase() if rng.random() < 0.3 else c for c in line
    )
    line = line + edge if edge != "x" else edge + line
    for phrases, tail, test, _ in PHRASE_TABLES:
        plain = re.compile(f"(?:{'|'.join(phrases)}){tail}$", re.IGNORECASE)
        assert test(line) == (plain.match(line) is not None), line
