"""The evidence that a line opens a story: shape, context and words, weighed in log-odds."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Final

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from newsclust.normalize import nfc
from newsclust.split.shapes import _CLOSERS, _CREDIT, _SENTENCE_END, _UPPER, Line, _content, _spaced, _topic


class Opening:
    """The decision that a line opens a story: where its headline ends and why.

    A plain class, not a dataclass: compiled, a dataclass's generated ``__init__`` is still run by
    the interpreter, and an opening is made for every story."""

    __slots__ = ("line", "score", "headline_end", "reasons")

    def __init__(
        self, line: Line, score: float, headline_end: int, reasons: tuple[str | tuple[str, float, float], ...]
    ):
        self.line = line
        self.score = score
        self.headline_end = headline_end  # where the headline ends (== line.end unless glued to its lede)
        self.reasons = reasons

    @property
    def confidence(self) -> float:
        return 1.0 / (1.0 + math.exp(-self.score))


def _restatement(headline_tokens: list[str], lede_tokens: list[str]) -> float:
    """Share of the headline's content words the lede repeats (English stems by their first 5 letters)."""
    return _restated_in(headline_tokens, _spaced(lede_tokens))


def _restated_in(headline_tokens: list[str], lede: str) -> float:
    """``_restatement`` with the lede's tokens between spaces (" a b c "): a token is found by one
    substring search, and a stem by another, which costs a fraction of building sets of the lede's
    tokens and stems. A short token's stem is the token itself, found by the first search."""
    head = _content(headline_tokens)
    if not head:
        return 0.0
    missed = 0
    for token in head:
        if f" {token} " not in lede and (len(token) < 5 or f" {token[:5]}" not in lede):
            missed += 1
    return (len(head) - missed) / len(head)


_END_MARKS: Final = ("./.", ". /.", "/.")


# Kinds of line that never open a story.
_NEVER_OPENS: Final = frozenset(
    ("attribution", "related", "list", "boilerplate", "timestamp", "byline", "url", "rule")
)


def _ends_story(line: Line) -> bool:
    kind = line.kind
    return kind == "attribution" or kind == "url" or kind == "rule" or line.norm.endswith(_END_MARKS)


def standalone_features(line: Line, previous: list[Line], following: list[Line]) -> dict[str, float] | None:
    """Evidence that a headline-shaped line on its own opens a story, as named numbers.

    None when the line cannot open a story (a short line right before an attribution is a byline).
    """
    features = _shape_features(line, previous, following)
    if features is not None:
        features.update(_word_features(line, previous, following))
    return features


def _shape_features(line: Line, previous: list[Line], following: list[Line]) -> dict[str, float] | None:
    """The cheap evidence: the shapes of the line and its neighbours."""
    nxt = following[0]
    if _ends_story(nxt):
        return None
    prev = previous[-1]
    text = line.norm
    words = line.words
    bare = text.rstrip(_CLOSERS)
    f: dict[str, float] = {}
    f["after_attribution"] = float(_ends_story(prev))
    f["after_boilerplate"] = float(prev.kind == "boilerplate")
    f["after_list"] = float(prev.kind in ("related", "list"))
    f["after_byline"] = float(
        not f["after_attribution"]
        and _is_byline(prev)
        and len(previous) > 1
        and previous[-2].kind not in ("short", "caption")
    )
    f["after_short"] = float(prev.kind == "short" and not f["after_byline"])
    f["after_caption"] = float(prev.kind == "caption")
    f["after_sentence"] = float(prev.norm[-1] in _SENTENCE_END and prev.kind in ("long", "text"))
    f["few_words"] = float(len(words) <= 3)
    f["word_count"] = min(len(words), 20) / 20
    f["many_words"] = max(0.0, len(words) - 16) / 10
    f["ends_like_sentence"] = float(bare != text and bare[-1:] in ".!?,") + float(text.endswith("."))
    f["question"] = float(bare.endswith("?"))
    f["byline_like"] = float(_is_byline(line))
    f["next_credit"] = float(bool(_CREDIT.match(nxt.norm)))
    f["next_short"] = float(nxt.kind == "short" and nxt.norm != text)
    f["next_list"] = float(nxt.kind in ("related", "list"))
    f["next_paragraph"] = float(len(nxt.norm) >= 100)
    capitalised = sum(1 for w in words if w[:1].isupper())
    f["title_case"] = capitalised / len(words)
    return f


def _word_features(line: Line, previous: list[Line], following: list[Line]) -> dict[str, float]:
    """The costly evidence: whether the lede repeats the line, and whether the topic changes."""
    return {name: measure(line, previous, following) for name, measure in _WORD_MEASURES.items()}


def _restated(line: Line, previous: list[Line], following: list[Line]) -> float:
    return _restated_in(line.tokens, "".join([ln.spaced for ln in following[:2]]))


def _fuzzy_restated(line: Line, previous: list[Line], following: list[Line]) -> float:
    return fuzz.partial_ratio(line.norm.casefold(), following[0].norm[:160].casefold()) / 100


def _topic_kept(line: Line, previous: list[Line], following: list[Line]) -> float:
    before = [ln.content for ln in previous[-2:]]
    after = [ln.content for ln in following[:2]]
    before_size, shared, after_size = _union_overlap(before, after)
    return _spread(shared / min(before_size, after_size) if before_size and after_size else 0.0)


def _union_overlap(before: list[set[str]], after: list[set[str]]) -> tuple[int, int, int]:
    """The sizes of the union of the sets ``before``, of their union's overlap with the union of
    ``after``, and of that union."""
    before_union = _union(before)
    after_union = _union(after)
    return len(before_union), len(before_union & after_union), len(after_union)


def _union(sets: list[set[str]]) -> set[str]:
    """The union of ``sets``: the one set itself, unchanged, when there is one."""
    if len(sets) == 1:
        return sets[0]
    union: set[str] = set()
    for words in sets:
        union |= words  # the C loop of set.update: a Python loop over the words costs more
    return union


def _in_any(word: str, sets: list[set[str]]) -> bool:
    """Whether ``word`` is in one of ``sets``."""
    for words in sets:
        if word in words:
            return True
    return False


def _spread(share: float) -> float:
    """A share of words in common, on a log scale mapped back to 0..1: between stories it is a few
    hundredths, within one a few tenths, and the difference of the small ones is the evidence."""
    return math.log1p(share / _SHARE_FLOOR) / _SPREAD_TOP


_SHARE_FLOOR: Final = 0.02
_SPREAD_TOP: Final = math.log1p(1.0 / _SHARE_FLOOR)


def _head_seen(line: Line, previous: list[Line], following: list[Line]) -> float:
    """The share of the line's words and word pairs that the story before it already used: a
    subhead names what its story is about, a headline what the next one is about."""
    return _seen_before(line.topic, previous)


def _seen_before(head: set[str], previous: list[Line]) -> float:
    """``_head_seen`` of the topic words ``head``."""
    if not head:
        return 0.0
    before = _story_before(previous)
    seen = 0
    for word in head:
        if _in_any(word, before):
            seen += 1
    return _spread(seen / len(head))


def _cohesion(line: Line, previous: list[Line], following: list[Line]) -> float:
    """How much the lines after the line share the words and word pairs of the story before it
    (cosine of the two sets): high across a subhead, low across a headline."""
    before = _story_before(previous)
    after = [ln.topic for ln in following[:2]]
    before_size, shared, after_size = _union_overlap(before, after)
    return _spread(shared / math.sqrt(before_size * after_size) if before_size and after_size else 0.0)


def _glued_head(line: Line, end: int) -> tuple[set[str], int]:
    """The topic words and the number of words of the headline of a line glued to its lede,
    ending at ``end``, as a line of its own would have them (without the line's kind, which
    costs more than the rest and is not asked for)."""
    text = line.text[: end - line.start].rstrip()
    norm = nfc(text)
    if norm[0] in "#*_":  # a markdown heading or bold line is measured by its words (Line)
        head = Line(line.start, end, text)
        return head.topic, len(head.words)
    return _topic(default_process(norm[:600])), len(norm.split())


def _after_cut(line: Line, end: int, following: list[Line]) -> list[set[str]]:
    """The topic words of the lede of a line glued to its headline at ``end`` and of the lines
    after it (one set a line): what the story under a glued headline goes on about."""
    lede = Line(end, line.end, line.text[end - line.start :])
    return [lede.topic] + [ln.topic for ln in following[: _GLUED_COHESION_LINES // 2]]


def _ahead_falls_short(
    head: set[str], line: Line, end: int, following: list[Line], score: float, weight: float, threshold: float
) -> bool:
    """Whether ``score + weight * _head_ahead(head, _after_cut(line, end, following))`` (``weight``
    > 0) stays at most ``threshold`` whatever the lede and the lines after it share with the head.

    Told from their text, not their topic words and pairs, which cost several times as much to
    make: a word of the head may come again where the text has it, a pair where it has both of its
    words (together or apart), and reading stops once too many do not. False where it cannot be
    told so (a lede that opens with markup is measured by its words)."""
    lede = nfc(line.text[end - line.start :])
    if not lede or lede[0] in "#*_":
        return False
    texts = [f" {default_process(lede[:600])} "]
    texts += [ln.topic_text for ln in following[: _GLUED_COHESION_LINES // 2]]
    found: dict[str, bool] = {}
    size = len(head)
    missed = 0
    for word in head:
        space = word.find(" ")
        if space < 0:
            again = _in_texts(word, texts, found)
        else:
            again = _in_texts(word[:space], texts, found) and _in_texts(word[space + 1 :], texts, found)
        if not again:
            missed += 1
            if score + weight * ((size - missed) / size) <= threshold:
                return True
    return False


def _in_texts(token: str, texts: list[str], found: dict[str, bool]) -> bool:
    """Whether ``token`` is a token of one of ``texts`` (``Line.topic_text``'s), remembered in ``found``."""
    known = found.get(token)
    if known is not None:
        return known
    spaced = f" {token} "
    again = False
    for text in texts:
        if spaced in text:
            again = True
            break
    found[token] = again
    return again


def _head_ahead(head: set[str], after: list[set[str]]) -> float:
    """The share of a glued headline's words and word pairs (``head``, some) that its lede and
    the lines after it (``after``, from ``_after_cut``) use again: a headline names what the
    story under it goes on about, where the first words of a paragraph need not come back."""
    seen = 0
    for word in head:
        if _in_any(word, after):
            seen += 1
    return seen / len(head)


def _glued_cohesion(previous: list[Line], after: list[set[str]]) -> float:
    """``_cohesion`` across a headline run into its lede: how much the lede and the lines after it
    (``after``, from ``_after_cut``) share the words and word pairs of the story before (high
    inside a story, low where a new one begins). Read over more lines than a standalone
    headline's: a run-on paragraph gives no line shape to go by, and a few lines on each side
    hold a story's topic where one or two may hold a digression."""
    before = _story_before(previous, _GLUED_COHESION_LINES)
    before_size, shared, after_size = _union_overlap(before, after)
    return _spread(shared / math.sqrt(before_size * after_size) if before_size and after_size else 0.0)


_COHESION_LINES: Final = 3  # lines of the story before a standalone headline its cohesion is read from


def _story_before(previous: list[Line], lines: int = _COHESION_LINES) -> list[set[str]]:
    """The topic words of the last ``lines`` lines before a line, back to the end of the story
    before (one set a line, nearest first: their union is what the story before is about)."""
    before: list[set[str]] = []
    for ln in reversed(previous[-lines:]):
        if _ends_story(ln):
            break
        before.append(ln.topic)
    return before


_GLUED_COHESION_LINES: Final = 6  # lines before a glued headline its cohesion is read from (half after)


# The word evidence, measured in this order (the strongest first) until the rest cannot change
# the answer.
_WORD_MEASURES: Final[dict[str, Callable[[Line, list[Line], list[Line]], float]]] = {
    "restated": _restated,
    "topic_kept": _topic_kept,
    "head_seen": _head_seen,
    "cohesion": _cohesion,
    "fuzzy_restated": _fuzzy_restated,
}


class Model:
    """A logistic model of one decision: its bias and its weight for each named feature, in
    log-odds, with the least and the most that the word evidence not yet read can add (before the
    first word measure, after it, and so on), so reading stops once the answer cannot change."""

    __slots__ = ("bias", "weights", "least", "most")

    def __init__(self, bias: float, weights: dict[str, float]):
        self.bias = bias
        self.weights = weights
        order = list(_WORD_MEASURES)
        self.least = [sum(min(0.0, weights.get(n, 0.0)) for n in order[k:]) for k in range(len(order))]
        self.most = [sum(max(0.0, weights.get(n, 0.0)) for n in order[k:]) for k in range(len(order))]

    def score(self, features: dict[str, float]) -> float:
        weights = self.weights
        total = self.bias
        for name, value in features.items():
            total += weights.get(name, 0.0) * value
        return total

    def reasons(self, features: dict[str, float]) -> tuple[tuple[str, float, float], ...]:
        # (name, value, contribution); worded only when someone asks (--explain), as it costs
        weights = self.weights
        return tuple(
            (name, value, weights.get(name, 0.0) * value)
            for name, value in features.items()
            if value and abs(weights.get(name, 0.0) * value) >= 0.05
        )


_PARAGRAPH: Final = ("long", "text")
_HISTORY: Final = 12  # lines of look-back a decision may use (a "Related:" list can be that long)


_HEADER_LINES: Final = 2  # a wire's byline and timestamp between a headline and its lede


def _past_header(lines: list[Line], lookahead: int) -> list[Line]:
    """The ``lookahead`` lines after a candidate headline, from its lede on: past the byline and
    timestamp lines a wire story puts between headline and lede ("By Jane Doe, Associated Press",
    "Updated 11:42 PM EST, September 30, 2023"), so that the evidence reads the lede."""
    skip = 0
    while skip < min(_HEADER_LINES, len(lines) - 1) and _is_header(lines[skip]):
        skip += 1
    return lines[skip : skip + lookahead]


def _may_be_header(line: Line) -> bool:
    return line.kind == "timestamp" or line.text[0] in _BY_FIRST


def _is_header(line: Line) -> bool:
    return line.kind == "timestamp" or (_BY.match(line.text) is not None and _is_byline(line))


_CLEARLY_GLUED: Final = 2.0  # the strength of a glued headline's evidence that needs no other support


def _is_section_label(line: Line) -> bool:
    """A page's section or breadcrumb over a headline: "Thế giới", "WORLD NEWS", "Home > World > Asia".

    Two words at most, or three in capitals: "Brexit deal agreed" is a headline, and the line
    under it may be its deck."""
    if line.kind not in ("short", "text") or len(line.text) > 60:
        return False
    words = line.words
    if len(words) <= 3:
        # "Hừng La/VOV online" signs a story
        return "/" not in line.text and (len(words) <= 2 or line.text.isupper())
    segments = _BREADCRUMB.split(line.norm)
    return len(segments) > 1 and all(len(segment.split()) <= 3 for segment in segments)


_BREADCRUMB: Final = re.compile(r"\s+[>›»|/]\s+")


def _in_list(previous: list[Line]) -> bool:
    """Whether the lines just before continue a "Related:" list (then this line is one more item)."""
    for line in reversed(previous):
        if line.kind == "related":
            return True
        if line.kind not in ("short", "list", "caption", "boilerplate"):
            return False
    return False


def _continues_numbering(line: Line, previous: list[Line], opened: Line) -> bool:
    """Whether ``line`` is the next item of a numbered run that the lines before it began inside
    the story that ``opened`` opens ("2. Vấn đề dài hạn" after "1. Cái gì cũng thiếu"): the numbered
    intertitles of a story that counts its points, or the clauses of a law it quotes. Where the
    item before opened the story, the run numbers the stories themselves (a digest: "1. Flood
    cuts off villages", its brief, "2. Markets fall"), and the line is weighed as any other."""
    number = _list_number(line.text)
    if number is None or number < 2:
        return False
    for before in previous:
        if before is not opened and before.start >= opened.start and _list_number(before.text) == number - 1:
            return True
    return False


def _list_number(text: str) -> int | None:
    """The number a line opens with as a list item ("3. ", "3) "), if it does."""
    if not text[:1].isdigit():
        return None
    match = _LIST_NUMBER.match(text)
    return int(match.group(1)) if match else None


_LIST_NUMBER: Final = re.compile(r"(\d{1,2})[.)]\s+\S")


# "By Jane Doe", "von Max Muster", "Par Jean Dupont"
_BY: Final = re.compile(r"^(?i:by|von|par|por|di|door|av|af)\s+[A-Z" + _UPPER + r"]")
_BY_FIRST: Final = "BbVvPpDdAa"  # the first letters of _BY's words, to spare most lines the pattern
# "Thu Hoài Tổng hợp", "(dịch)", and a name with its source: "Khánh Linh Theo Trí Thức Trẻ"
_COMPILED_BY: Final = re.compile(r"tổng hợp|\(|dịch|\stheo\s", re.IGNORECASE)
# the small words of a list of authors: "By Jane Doe and John Roe of The Associated Press"
_BYLINE_JOINS: Final = frozenset("and & of the for with và und et y e en".split())


def _is_byline(line: Line) -> bool:
    """Short lines of names: "Thu Hoài Tổng hợp", "PHÙNG THU TRANG", "By Jane Doe", "T.M (TTXVN)",
    and the wire's longer "By LISA MASCARO and MARY CLARE JALONICK Associated Press"."""
    text = line.text
    if len(text) > 120 or text[-1] in ".:;,!?":
        return False
    words = text.split()
    if text[0] in _BY_FIRST and _BY.match(text):
        return len(words) <= 16 and all(w[:1].isupper() or w in _BYLINE_JOINS for w in words[1:])
    if not 1 <= len(words) <= 6 or len(text) > 60:
        return False
    if len(words) > 4 and "/" not in text and not _COMPILED_BY.search(text):
        return False
    capitalised = 0
    outlet = False  # after "Name/Outlet": the outlet's name goes on in any case ("Hà Linh/VOV online")
    for w in words:
        if outlet or w[:1].isupper() or w[:1] in "(/" or "/" in w:
            capitalised += 1
        slash = w.find("/")
        outlet = outlet or (0 < slash < len(w) - 1 and w[slash + 1].isupper())
    return capitalised >= len(words) - 1 and capitalised >= max(1, len(words) * 0.7)
