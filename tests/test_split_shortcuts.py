"""The splitter's shortcuts against the plain forms they stand for.

For speed, split.py answers some questions without the obvious regex or copy: a first-character
test before a pattern, str.find instead of a regex search, substring searches instead of sets. Each
must give exactly what the plain form gives, whatever the text.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.utils import default_process

from newsclust import split
from newsclust.split import Line

# white space of several kinds, dashes, capitals (also Vietnamese and the Kelvin sign), brackets
ALPHABET = " \t\u00a0\u2028\u3000-–—.()'’:aAbBzZđĐÂẠệKſ0"
texts = st.text(alphabet=ALPHABET, max_size=40)


@given(texts, st.integers(0, 45))
@settings(max_examples=500)
def test_words_and_starts_are_a_non_space_regexs_matches(text, limit):
    words, starts = split._words_and_starts(text, limit)
    matches = list(re.finditer(r"\S+", text[:limit]))
    assert words == [m.group() for m in matches]
    assert starts == [m.start() for m in matches]


@given(texts)
@settings(max_examples=500)
def test_has_dash_is_a_spaced_dash_in_the_first_400_characters(text):
    for line in (text, "x" * 380 + text):
        assert split._has_dash(line) == (re.search(r"\s[-–—]{1,2}\s", line[:400]) is not None)


@given(texts, st.integers(0, 45))
@settings(max_examples=500)
def test_mark_start_finds_what_its_plain_form_finds(text, stop):
    # the plain form: a lookahead at every position after white space
    shapes = r"\(|[A-ZĐ][A-Za-zĐ0-9]*\.[A-Za-z]|[A-Z{U}][A-Z{U}.'’ ]|[A-Z][a-z]+[A-Z]"
    plain = re.compile(r"(?<!\S)(?=" + shapes.replace("{U}", split._UPPER) + ")")
    assert [m.start() for m in split._MARK_START.finditer(text, 0, stop)] == [
        m.start() for m in plain.finditer(text, 0, stop)
    ]


LEDE_WORDS = ["talks", "talked", "deal", "ends", "a", "hanoi", "hà", "nội", "5"]


@given(st.lists(st.sampled_from(LEDE_WORDS), max_size=12))
def test_restatement_in_a_spaced_lede_is_the_set_form(lede):
    head = ["talks", "ended", "deal", "hanoi", "nội", "5", "the"]
    content = [t for t in head if t not in split._FUNCTION_WORDS and (len(t) > 1 or t.isdigit())]
    tokens, stems = set(lede), {t[:5] for t in lede if len(t) >= 5}
    kept = [t for t in content if t in tokens or (len(t) >= 5 and t[:5] in stems)]
    assert split._restatement(head, lede) == pytest.approx(len(kept) / len(content))


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
    pattern = split._ATTRIBUTION
    openers = {chr(c) for c in range(0x10000) if pattern.match(chr(c) + rest)}
    assert openers <= split._ATTRIBUTION_FIRST
    for text in ("— HuffPost", "(TTXVN)", "© 2023 AP", "Źródło: PAP", "Lähde: YLE", "Izvor: Hina"):
        assert pattern.match(text) and text[0] in split._ATTRIBUTION_FIRST


@given(st.text(alphabet=ALPHABET + "xyzq", min_size=1, max_size=30))
@settings(max_examples=1000)
def test_a_lines_closing_stop_is_an_abbreviations_as_its_last_word_says(text):
    text = (text.strip() or "x") + "."
    assert split._ends_in_abbreviation(text) == split._ends_with_abbreviation(text.rsplit(None, 1)[-1])
