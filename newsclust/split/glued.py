"""A headline run into its lede on one line: outlet marks and datelines, a repeated opening, and
the weighed cut points between headline and lede."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from newsclust.normalize import nfc
from newsclust.split.evidence import _restatement
from newsclust.split.shapes import (
    _CREDIT,
    _FUNCTION_WORDS,
    _QUOTES_OPEN,
    _UPPER,
    _WORD,
    Line,
    _ends_with_abbreviation,
    _headline_shaped,
)
from newsclust.split.weights import GLUED_CUT


def _repeated_opening(text: str) -> int | None:
    """Offset of the second copy when a line starts with the same 3+ words twice ("A B C A B C ...")."""
    first = text[:64].split(None, 1)[0]
    if len(first) == 64:
        first = text.split(None, 1)[0]
    if text.find(" " + first + " ", len(first)) < 0:
        return None
    # the 80 words read at most, and the rest after them as one more (the count halved stays 40)
    words = text[:600].split(None, 80)
    for k in range(3, min(len(words) // 2, 40) + 1):
        if words[k : 2 * k] == words[:k]:
            return _starts(text, words, k + 1)[k]
    return None


def _words_and_starts(text: str, limit: int) -> tuple[list[str], list[int]]:
    """The words of ``text[:limit]`` (split at white space) and the offset each starts at.

    str.split and str.find make fewer objects than a regex's match per word."""
    words = text[:limit].split()
    return words, _starts(text, words, len(words))


def _starts(text: str, words: list[str], count: int) -> list[int]:
    """The offsets where the first ``count`` of ``words`` (``text``'s, split at white space from
    its start) start in ``text``."""
    starts = []
    position = 0
    for i in range(count):
        word = words[i]
        # only white space lies before it: its first character's next place is where it starts
        position = text.find(word[0], position)
        starts.append(position)
        position += len(word)
    return starts


def glued_candidates(text: str) -> list[tuple[int, dict[str, float]]]:
    """Places where a headline glued to its lede could end, with the evidence for each.

    Returns (offset into ``text`` where the lede would start, named features) for every word
    that could open a lede: capitalised, a digit or an opening quote, not after a comma.
    """
    return [(offset, dict(zip(GLUED_CUT, values))) for offset, values in _glued_cuts(text)]


def _glued_cuts(
    text: str, worth: Callable[[float, bool], bool] | None = None
) -> list[tuple[int, tuple[float, ...]]]:
    """``glued_candidates`` with the features as a tuple, in the order of ``GLUED_CUT``.

    ``worth(restated, restart)`` is asked, before the features are made, with the most any cut's
    lede repeats of its head and whether any cut's lede opens with the line's first word: when
    the cuts cannot matter (say, nothing the head says comes again), it says so and none is made."""
    # a cut's lede is the next 40 words: none after word 32 + 39 is read (the words past it are one
    # more, which leaves the count of words as it is for every use below: 72 or more); where the
    # words start is found for the cuts alone
    window = text[:600]
    words = window.split(None, 71)
    count = len(words)
    if count < 6:
        return []
    last = min(count - 3, 32)  # cuts come before words 2 .. last - 1
    if count > last + 39:  # 71 words and the rest of the window
        head = window[: len(window) - len(words[71])].rstrip()
        del words[71:]
    else:
        head = window.rstrip()
    capital = [_capitalised(w) for w in words]
    # the words a lede may open with, told from the words alone: a line without one (one paragraph
    # in seven) has no cut, and its tokens are never made
    openers: list[int] = []
    for k in range(2, last):
        word, before = words[k], words[k - 1]
        if not (capital[k] or word[0].isdigit()) or before[-1] in ",;:":
            continue
        if before[-1] == "." and not _ends_with_abbreviation(before) and before[-2:-1] != ".":
            continue
        openers.append(k)
    if not openers:
        return []
    # the words' case-folded tokens in one flat list: word i has tokens[offsets[i]:offsets[i + 1]]
    tokens, offsets = _fold_words(nfc(head))
    if len(offsets) > len(words) + 1:
        del tokens[offsets[len(words)] :], offsets[len(words) + 1 :]
    # whether each word opens with a function word; running counts (plain loops: compiled, they add
    # machine integers) of the head's capitalised content words, so each cut costs the same; the
    # 5-letter stems of the tokens that have one, and a running count of content tokens
    function_token = [t in _FUNCTION_WORDS for t in tokens]  # each token looked up once
    function: list[bool] = []
    content_words, capital_content = [0], [0]
    words_so_far = capitals_so_far = 0
    for i in range(min(len(capital), len(offsets) - 1)):
        f = offsets[i + 1] > offsets[i] and function_token[offsets[i]]
        function.append(f)
        if not f:
            words_so_far += 1
            if capital[i]:
                capitals_so_far += 1
        content_words.append(words_so_far)
        capital_content.append(capitals_so_far)
    stems = [t[:5] if len(t) >= 5 else "" for t in tokens]
    content_token = [not f and (len(t) > 1 or t.isdigit()) for t, f in zip(tokens, function_token)]
    content_tokens = [0]
    so_far = 0
    for is_content in content_token:
        if is_content:
            so_far += 1
        content_tokens.append(so_far)
    # The lede window (the tokens of the 40 words after a cut) only slides right as the cut moves:
    # counts of its tokens and stems are kept as it goes, and the head's content tokens gathered,
    # instead of building both sets again at every cut.
    window_tokens: dict[str, int] = {}
    window_stems: dict[str, int] = {}
    window_start = window_end = head_seen = 0  # the window counts tokens[window_start:window_end]
    unique: set[str] = set()  # the head's distinct content tokens
    unique_tokens: list[str] = []  # the same, in order, and their stems: sliced once, not at each cut
    unique_stems: list[str] = []
    # only the heads' content tokens and their stems are looked for in a lede: the window counts
    # those alone (most of a lede's tokens are not among them, and are looked up once, not counted)
    asked: set[str] = set()
    asked_stems: set[str] = set()
    for i in range(offsets[openers[-1]]):
        if content_token[i]:
            asked.add(tokens[i])
            if stems[i]:
                asked_stems.add(stems[i])

    # First the cuts and what their ledes repeat; then, if worth it, each cut's features.
    cuts: list[int] = []  # the word each cut's lede opens with
    cut_hits: list[int] = []
    cut_unique: list[int] = []  # the head's distinct content tokens at each cut
    cut_content: list[int] = []
    cut_mentions: list[bool] = []
    most_restated = 0.0
    any_restart = False
    for k in openers:
        head_end = offsets[k]
        content = content_tokens[head_end]  # the head's content words, repeats counted
        if not content:
            continue
        for i in range(head_seen, head_end):
            if content_token[i]:
                token = tokens[i]
                if token not in unique:
                    unique.add(token)
                    unique_tokens.append(token)
                    unique_stems.append(stems[i])
        head_seen = head_end
        lede_end = offsets[k + 40] if k + 40 < len(offsets) else len(tokens)
        for i in range(window_start, min(head_end, window_end)):  # left the window
            token, stem = tokens[i], stems[i]
            if token in asked:
                _uncount(window_tokens, token)
            if stem and stem in asked_stems:
                _uncount(window_stems, stem)
        for i in range(max(window_end, head_end), lede_end):  # came into it
            token, stem = tokens[i], stems[i]
            if token in asked:
                window_tokens[token] = window_tokens.get(token, 0) + 1
            if stem and stem in asked_stems:
                window_stems[stem] = window_stems.get(stem, 0) + 1
        window_start, window_end = head_end, lede_end
        # a head token the lede repeats, or whose 5-letter stem a lede token of 5 letters or more has
        hits = 0
        for t, stem in zip(unique_tokens, unique_stems):
            if t in window_tokens or (stem and stem in window_stems):
                hits += 1
        cuts.append(k)
        cut_hits.append(hits)
        cut_unique.append(len(unique))
        cut_content.append(content)
        cut_mentions.append(_run_mentions(tokens, offsets, capital, k, unique))
        most_restated = max(most_restated, hits / len(unique))
        opener = _first_token(tokens, offsets, k)
        if opener is not None and opener == _first_token(tokens, offsets, 0):
            any_restart = True
    if not cuts or (worth is not None and not worth(most_restated, any_restart)):
        return []

    starts = _starts(text, words, cuts[-1] + 1)
    out: list[tuple[int, tuple[float, ...]]] = []
    for k, hits, distinct, content, mentions in zip(cuts, cut_hits, cut_unique, cut_content, cut_mentions):
        word, before = words[k], words[k - 1]
        end = min(count, k + 6)
        head_caps = capital_content[k] / max(1, content_words[k])
        lede_content = content_words[end] - content_words[k]
        lede_caps = (capital_content[end] - capital_content[k]) / max(1, lede_content)
        opener = _first_token(tokens, offsets, k)
        first = _first_token(tokens, offsets, 0)
        out.append(
            (
                starts[k],
                (
                    hits / distinct,  # restated
                    min(hits, 10) / 10,  # hits
                    (distinct - hits) / 10,  # misses
                    float(content - distinct),  # repeats
                    1.0 if opener is not None and first is not None and opener == first else 0.0,  # restart
                    1.0 if function[k - 1] else 0.0,  # ends_function
                    1.0 if k < 5 else 0.0,  # short_head
                    max(0, k - 16) / 10,  # long_head
                    1.0 if capital[k - 1] else 0.0,  # inside_name (k > 1 always)
                    head_caps,  # head_title_case
                    head_caps - lede_caps,  # case_drop
                    1.0 if word[0] in _QUOTES_OPEN else 0.0,  # lede_quote
                    1.0 if word[0].isdigit() else 0.0,  # lede_digit
                    1.0 if before[-1] in "?!" else 0.0,  # before_sentence_end
                    1.0 if opener in _LEDE_OPENERS else 0.0,  # lede_opener
                    0.0 if capital[k - 1] else 1.0,  # run_start
                    1.0 if mentions else 0.0,  # run_has_head
                    float(distinct - hits),  # miss_count
                ),
            )
        )
    return out


def _capitalised(word: str) -> bool:
    """Whether a word opens with a capital, or with an opening quote before one (a word of ASCII,
    most of them, is told by its first character's code, without a call)."""
    code = ord(word[0])
    if code < 128:
        if 65 <= code <= 90:
            return True
        if code != 34 and code != 39:  # the opening quotes of ASCII
            return False
    elif word[0].isupper():
        return True
    elif word[0] not in _QUOTES_OPEN:
        return False
    return word[1:2].isupper()


# Words that often open a lede's first sentence and seldom end or continue a headline.
_LEDE_OPENERS: Final = frozenset(
    """the a an in on at after when as for more nearly hundreds thousands some many
    ông bà theo trong sau ngày chiều sáng tối trưa đêm hôm tuần tháng năm vào khi chiếc
    các những một nhiều hiện tại đó""".split()
)


_PUNCTUATION: Final = "\"'“”‘’«»()[]{}<>.,;:!?…*/\\|-–—"


def _uncount(counts: dict[str, int], key: str) -> None:
    left = counts[key] - 1
    if left:
        counts[key] = left
    else:
        del counts[key]


def _fold_words(text: str) -> tuple[list[str], list[int]]:
    """The case-folded tokens of the words of ``text`` (split at white space), in one list, and
    where each word's start: word i has ``tokens[offsets[i]:offsets[i + 1]]``, usually one
    ("(Reuters)," -> "reuters")."""
    tokens: list[str] = []
    offsets = [0]
    # one casefold for all the words: it never makes or takes away white space, and strips of
    # punctuation the same before or after (punctuation has no case, and no character folds into
    # any); a word of letters and digits alone has no punctuation to strip: most are spared the copy
    for word in text.casefold().split():
        if word.isalnum():
            tokens.append(word)  # one flat list: no list a word
        else:
            word = word.strip(_PUNCTUATION)
            if word.isalnum():
                tokens.append(word)
            else:
                tokens.extend(_WORD.findall(word))
        offsets.append(len(tokens))
    return tokens, offsets


def _first_token(tokens: list[str], offsets: list[int], word: int) -> str | None:
    """The first of a word's tokens (``_fold_words``'), or None if it has none."""
    return tokens[offsets[word]] if offsets[word + 1] > offsets[word] else None


def _run_mentions(tokens: list[str], offsets: list[int], capital: list[bool], k: int, head: set[str]) -> bool:
    """Whether the run of capitalised words opening the lede at ``k`` names something in the head
    ("... Border Wall | President Donald Trump on Friday": Trump)."""
    j = k
    while j < len(capital) and capital[j] and j < k + 6:
        for i in range(offsets[j], offsets[j + 1]):
            if tokens[i] in head:
                return True
        j += 1
    return False


def _credit_in_line(text: str, *, strict: bool = False, min_lede: int = 40) -> int | None:
    """Offset of a lede's outlet mark or dateline ("(HNM) -", "VOV.VN -", "WASHINGTON —",
    "GiadinhNet -") after a headline of 3 or more words on the same line.

    ``strict`` (for lines in the middle of a story) wants a dash after the mark and a
    headline-shaped text before it."""
    if not _has_dash(text) and (strict or "(" not in text[:400]):
        return None  # every mark has a dash or a bracket
    # the regex engine finds the words that can start a mark; a strict mark has a dash after it
    stop = min(400, max(text.rfind("-"), text.rfind("–"), text.rfind("—"))) if strict else 400
    for start in _MARK_START.finditer(text, 0, stop):
        position = start.start()
        credit = _CREDIT.match(text, position) or (None if strict else _BRAND_CREDIT.match(text, position))
        if credit is None:
            continue
        number = len(text[:position].split())  # words before the mark
        if number > 30:
            return None
        if number < 3:
            continue  # a headline has three words at least
        rest = len(text) - credit.end()
        if strict and not _strict_credit(text, position, credit):
            continue
        if rest == 0 or (
            rest > min_lede and (_ANY_DASH.search(credit.group()) or credit.group().startswith("("))
        ):
            return position
    return None


# A paragraph that ends with its author's name or its outlet: "... trên địa bàn. Việt Dũng",
# "... khu vực Trung Đông… Hà Linh", "... bay vào vũ trụ. Theo VNE".
_TRAILING_BYLINE: Final = re.compile(
    r"[.!?…”\"]\s+(?:Theo\s+)?(?:[A-Z" + _UPPER + r"][\w.'’/-]*\s+){0,3}[A-Z" + _UPPER + r"](?:[\w.'’/-]*\w)?"
    r"(?:\s+\([^()]{1,40}\))?$"
)


def _trailing_byline(line: Line) -> bool:
    norm = line.norm
    return norm[-1].isalnum() and _TRAILING_BYLINE.search(norm[-90:]) is not None


def _strict_credit(text: str, position: int, credit: re.Match) -> bool:
    """In the middle of a story, a mark only separates headline and lede when it has a dash, the text
    before it is shaped like a headline and the text after it restates that headline."""
    head = text[:position].rstrip()
    if not _ANY_DASH.search(credit.group()) or not _headline_shaped(head) or head.count(",") > 1:
        return False
    if head.count('"') % 2 or head.count("“") != head.count("”"):
        return False
    head_tokens = _WORD.findall(nfc(head).casefold())
    lede_tokens = _WORD.findall(nfc(text[credit.end() : credit.end() + 400]).casefold())
    return _restatement(head_tokens, lede_tokens) >= 0.34


# Where a mark can start: a word opening the way one of _CREDIT's or _BRAND_CREDIT's alternatives
# does ("(", "Soha.vn", "WASHINGTON", "GiadinhNet"), so ordinary capitalised words are not tried.
# The match is the word's first character, checked after it is read ("(?<!\S." : nothing but space
# before it): a pattern that opens with a character set lets the engine skip to the next capital
# or bracket, where one that opens with an assertion is tried at every position (twice the time).
_MARK_START: Final = re.compile(
    r"[(A-Z{U}](?<!\S.)(?:(?<=\()|(?<=[A-ZĐ])(?=[A-Za-zĐ0-9]*\.[A-Za-z])|(?<=[A-Z{U}])(?=[A-Z{U}.'’ ])"
    r"|(?<=[A-Z])(?=[a-z]+[A-Z]))".replace("{U}", _UPPER)
)
_ANY_DASH: Final = re.compile(r"[-–—]")


def _has_dash(text: str) -> bool:
    """Whether a dash between spaces (" - ", " — ") comes within the first 400 characters."""
    # each dash found by str.find is looked at on its own: a regex search for the pattern would try
    # every position of the line (six times the instructions, compiled or not)
    end = min(len(text), 400)
    for dash in "-–—":
        at = text.find(dash, 1, end)
        while at >= 0:
            after = at + 1
            if after < end and text[at - 1].isspace():
                nxt = text[after]
                if nxt.isspace() or (nxt in "-–—" and after + 1 < end and text[after + 1].isspace()):
                    return True
            at = text.find(dash, after, end)
    return False

# An outlet's name as one token before a dash: CamelCase ("GiadinhNet", "ICTnews"), a domain or an
# acronym ("TTO", "HNMO").
_BRAND_CREDIT: Final = re.compile(
    r"(?:[A-Z][a-z]+[A-Z]\w*|[A-Z]{2,}[a-z]+\w*|[A-Z]{2,6}O?)\s+[-–—]\s+(?=[A-Z" + _UPPER + r"“\"])"
)
