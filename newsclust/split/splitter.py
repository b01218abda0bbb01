"""The splitter: decides, line by line over a window, where stories begin."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from typing import Final

from newsclust.models import Story
from newsclust.split.evidence import (
    _CLEARLY_GLUED,
    _END_MARKS,
    _HEADER_LINES,
    _HISTORY,
    _NEVER_OPENS,
    _PARAGRAPH,
    _WORD_MEASURES,
    Model,
    Opening,
    _after_cut,
    _ahead_falls_short,
    _continues_numbering,
    _ends_story,
    _glued_cohesion,
    _glued_head,
    _head_ahead,
    _in_list,
    _is_byline,
    _is_section_label,
    _may_be_header,
    _past_header,
    _restated,
    _seen_before,
    _shape_features,
    _union_overlap,
)
from newsclust.split.glued import (
    _credit_in_line,
    _glued_cuts,
    _has_dash,
    _repeated_opening,
    _trailing_byline,
)
from newsclust.split.lines import iter_unwrapped_lines
from newsclust.split.parts import build_story
from newsclust.split.prior import MAX_SHIFT, SAMPLE_CHARS, prior_shift
from newsclust.split.records import iter_export, read_sample, sniff_export
from newsclust.split.shapes import _CAPTION, _CLOSERS, _SENTENCE_END, Line, _has_sentence_break
from newsclust.split.weights import (
    GLUED_CUT_VALUES,
    OPENING,
    OPENING_BIAS,
    OPENING_PRIOR,
    STANDALONE,
    STANDALONE_BIAS,
)


class Splitter:
    """Find story boundaries in dump text.

    Parameters
    ----------
    threshold : float, default 0.0
        A line opens a story when the weighed evidence exceeds this (log-odds; 0 is even odds).
    lookahead : int, default 3
        How many following non-blank lines are read before deciding on a line.
    weights : dict, optional
        The evidence's weights, as ``bench/fit_weights.py`` fits them: ``{"standalone_bias": b,
        "standalone": {feature: w}, "opening_bias": b, "opening": {feature: w}}`` (any of the four
        may be left out); by default those of ``newsclust.split.weights``.

    >>> Splitter().split("Only one story here\\nWith a lede that says so.\\n")[0].title
    'Only one story here'
    """

    def __init__(self, *, threshold: float = 0.0, lookahead: int = 3, weights: dict | None = None):
        self.threshold = threshold
        self.lookahead = lookahead
        self.weights = weights
        self._models: tuple[Model, Model] | None = None
        # for one file (``_shifted``): the odds' shift, and the openings weighed while reading it
        self._shift = 0.0
        self._weighed: dict[tuple[int, ...], Opening | None] = {}

    def _read_models(self) -> tuple[Model, Model]:
        """The models of the two decisions (a headline on its own line, one glued to its lede)."""
        if self._models is None:
            given = self.weights or {}
            standalone = dict(given.get("standalone", STANDALONE))
            opening = dict(given.get("opening", OPENING))
            self._models = (
                Model(float(given.get("standalone_bias", STANDALONE_BIAS)), standalone),
                Model(float(given.get("opening_bias", OPENING_BIAS)), opening),
            )
        return self._models

    # -- public -----------------------------------------------------------------------------------

    def split(self, text: str, *, name: str = "text", file: str | None = None) -> list[Story]:
        """All stories of ``text``."""
        return list(self.iter_stories([text], name=name, file=file))

    def iter_stories(
        self, chunks: Iterable[str], *, name: str = "text", file: str | None = None
    ) -> Iterator[Story]:
        """Stories of the text made of ``chunks``, yielded as soon as each one is complete (past
        the first ``SAMPLE_CHARS``, which are read first for the file's own odds of a glued
        headline, ``newsclust.split.prior``).

        A text whose start reads as a news database's export (LexisNexis, Nexis Uni, Factiva) is
        read record by record instead (``newsclust.split.records``)."""
        rest = iter(chunks)
        head, sample = read_sample(rest)
        export = sniff_export(sample)
        if export is not None:
            yield from iter_export(chain(head, rest), sample, export, name=name, file=file)
            return
        lines: Iterator[Line] = iter_unwrapped_lines(chain(head, rest))
        splitter = self
        prior = self._opening_prior()
        if prior is not None:
            # the file's own odds of a headline glued on after a plain paragraph (split.prior), read
            # from the lines of its first SAMPLE_CHARS, which are then split from where they are
            opening_lines: list[Line] = []
            whole = True
            for line in lines:
                opening_lines.append(line)
                if line.end >= SAMPLE_CHARS:
                    whole = False
                    break
            weighed: dict[tuple[int, ...], Opening | None] = {}
            shift = prior_shift(self._after_paragraph_scores(opening_lines, weighed, whole), prior)
            if shift or weighed:
                splitter = self._shifted(shift, weighed)
            lines = chain(opening_lines, lines)
        yield from splitter._free_text(lines, name, file)

    def _free_text(self, lines: Iterator[Line], name: str, file: str | None) -> Iterator[Story]:
        lookahead = self.lookahead
        buffer: list[Line] = []  # lines read so far that may still be looked at
        exhausted = False
        i = 0  # index in ``buffer`` of the line being decided
        story_lines: list[Line] = []
        opening: Opening | None = None
        number = 0
        while True:
            if not exhausted and len(buffer) - i <= lookahead + _HEADER_LINES:
                if i > _HISTORY * 4:  # forget lines no decision will look back at
                    del buffer[: i - _HISTORY]
                    i = _HISTORY
                batch = list(islice(lines, 1024))
                exhausted = not batch
                buffer.extend(batch)
                continue
            if i >= len(buffer):
                break
            line = buffer[i]
            if opening is None and line.kind == "url":
                story_lines.append(line)  # the page a story came from goes with it, before its headline
                i += 1
                continue
            if opening is None:
                decision: Opening | None = self._first_opening(line, buffer[i + 1 : i + 1 + lookahead])
            elif line.kind in _PARAGRAPH and _continues_paragraphs(buffer[i - 1], line):
                # the common case, decided without gathering evidence, unless the paragraph may be a
                # headline run into its lede: a long line after a sentence whose words it leaves
                decision = None
                kept = _kept_if_may_glue(buffer, i)
                if kept is not None:
                    previous = buffer[max(0, i - _HISTORY) : i]
                    context = self._context_before(previous, line, kept)
                    decision = self._glued(line, previous, buffer[i + 1 : i + 1 + lookahead], context)
            elif story_lines[-1] is opening.line and opening.headline_end >= opening.line.end:
                decision = None  # a second headline-shaped line under a headline is its subtitle
                if _is_section_label(opening.line):
                    # "Thế giới", "Home > World > Asia" over the headline: the label goes with the
                    # story, before its headline
                    opening = self._under_label(opening, line, buffer[i + 1 : i + 1 + lookahead])
            else:
                previous = buffer[max(0, i - _HISTORY) : i]
                following = buffer[i + 1 : i + 1 + lookahead]
                if following and _may_be_header(following[0]):
                    following = _past_header(buffer[i + 1 : i + 1 + lookahead + _HEADER_LINES], lookahead)
                if _continues_numbering(line, previous, opening.line):
                    decision = None  # the next numbered intertitle of the story, or clause it quotes
                else:
                    decision = self._opening(line, previous, following)
            if decision is not None:
                lead: list[Line] = []  # the pages noted before this headline belong to its story
                if opening is not None:
                    while len(story_lines) > 1 and story_lines[-1].kind == "url":
                        lead.insert(0, story_lines.pop())
                    number += 1
                    yield build_story(opening, story_lines, number, name, file)
                else:
                    lead = story_lines
                opening, story_lines = decision, [*lead, line]
            else:
                story_lines.append(line)
            i += 1
        if opening is None and story_lines:  # nothing but page addresses: the first is the title
            opening = self._first_opening(story_lines[0], story_lines[1:])
        if opening is not None:
            number += 1
            yield build_story(opening, story_lines, number, name, file)

    # -- the file's own odds (split.prior) -------------------------------------------------------

    def _opening_prior(self) -> float | None:
        """The fitted share of lines weighed right after a plain paragraph that open a story, or
        None where the file's own odds are not to be read (weights given without it)."""
        given = self.weights
        if given is None:
            return OPENING_PRIOR
        prior = given.get("opening_prior", OPENING_PRIOR if "opening" not in given else None)
        return None if prior is None else float(prior)

    def _after_paragraph_scores(
        self,
        lines: list[Line],
        weighed: dict[tuple[int, ...], Opening | None] | None = None,
        whole: bool = True,
    ) -> list[float]:
        """The glued-headline model's score of every one of ``lines`` that it would weigh as a
        headline run into its lede right after a plain paragraph. Each opening found (or None) is
        noted in ``weighed`` by ``_glued_key``, for the lines whose neighbours ``lines`` holds
        (all of them if ``whole``, the whole text; else not its last, which lines after it change)."""
        complete = len(lines) if whole else len(lines) - self.lookahead - 1
        # a line scored below the floor counts at the floor: even moved by the most the file's odds
        # may move, its probability is under 1%, and its exact score is not worth its cost
        floor = self.threshold - MAX_SHIFT - _SCORE_FLOOR
        scores: list[float] = []
        for i in range(2, len(lines)):
            kept = _kept_if_may_glue(lines, i)
            if kept is None:
                continue
            line = lines[i]
            previous = lines[max(0, i - _HISTORY) : i]
            context = self._context_before(previous, line, kept)
            if not context[0]["after_sentence"]:
                continue
            following = lines[i + 1 : i + 1 + self.lookahead]
            opening = self._glued(line, previous, following, context, floor)
            scores.append(opening.score if opening is not None else floor)
            if weighed is not None and i < complete:
                weighed[_glued_key(line, following)] = opening
        return scores

    def _shifted(self, shift: float, weighed: dict[tuple[int, ...], Opening | None]) -> Splitter:
        """This splitter with the odds of a glued headline after a plain paragraph moved by
        ``shift`` (log-odds), for one file, and the openings ``weighed`` at the old odds (their
        score moves by ``shift``: the context is one of their features, at 1)."""
        standalone, opening = self._read_models()
        weights = dict(opening.weights)
        weights["after_sentence"] = weights.get("after_sentence", 0.0) + shift
        given = {
            "standalone_bias": standalone.bias,
            "standalone": standalone.weights,
            "opening_bias": opening.bias,
            "opening": weights,
            "opening_prior": None,
        }
        splitter = Splitter(threshold=self.threshold, lookahead=self.lookahead, weights=given)
        splitter._shift = shift
        splitter._weighed = weighed
        return splitter

    # -- evidence --------------------------------------------------------------------------------

    def _opening(self, line: Line, previous: list[Line], following: list[Line]) -> Opening | None:
        kind = line.kind
        if kind in _NEVER_OPENS:
            return None
        if kind == "titled":
            return Opening(line, 5.0, line.end, ("the line is labelled as a title",))
        prev = previous[-1]
        if kind in ("short", "caption") and _in_list(previous):
            return self._listed(line, previous, following)
        if kind == "short" or (
            # a headline may end like a caption ("... (ảnh)"), but one that opens like a caption
            # ("Ảnh: ...", "Image caption, ...") labels a picture
            kind == "caption"
            and len(line.norm) < 140
            and not _CAPTION.search(line.norm[-40:])
            and not _CAPTION.match(line.norm)
        ):
            return self._standalone(line, previous, following)
        if kind == "text" and _sentence_headline(line) and _may_end_before(prev):
            # a headline written as a sentence ("Rain returns to the city.") or two ("Talks fail.
            # Season in doubt"), where a story may begin: weighed as a headline on its own line
            opening = self._standalone(line, previous, following)
            if opening is not None:
                return opening
        if kind in ("long", "text") and _may_end_before(prev):
            return self._glued(line, previous, following)
        if kind == "long" and _credit_in_line(line.text, strict=True) is not None:
            return self._glued(line, previous, following)
        if prev.kind in _PARAGRAPH and _may_glue_after_paragraph([*previous, line], len(previous)):
            # as in the common case, where a dash in the line or an end mark before it sent it here
            return self._glued(line, previous, following)
        return None

    def _under_label(self, label: Opening, line: Line, following: list[Line]) -> Opening:
        """The opening moved from a section label to the headline under it, if the line is one:
        headline-shaped and longer, or a headline clearly glued to its lede."""
        if line.kind == "short" and len(line.words) >= 4:
            return Opening(line, label.score, line.end, (*label.reasons, "under a section label"))
        if line.kind in _PARAGRAPH:
            glued = self._split_glued(line, following)
            if glued is not None and glued[1] >= _CLEARLY_GLUED:
                reasons = (*label.reasons, "under a section label", _why_glued(line, glued))
                return Opening(line, label.score, glued[0], reasons)
        return label

    def _first_opening(self, line: Line, following: list[Line]) -> Opening:
        glued = self._split_glued(line, following) if line.kind in ("long", "text") else None
        end = glued[0] if glued else line.end
        return Opening(line, 10.0, end, ("the input starts here",))

    def _context_before(
        self, previous: list[Line], line: Line, kept: float | None = None
    ) -> tuple[dict[str, float], str]:
        """What comes before a line that may be a headline glued to its lede, as features
        (``kept``: its ``_line_kept``, where it is known already)."""
        prev = previous[-1]
        features = {name: 0.0 for name in _CONTEXTS}
        if _ends_story(prev):
            features["after_attribution"], why = 1.0, f"follows an attribution line {prev.text[:40]!r}"
        elif prev.kind == "boilerplate":
            features["after_boilerplate"], why = 1.0, "follows boilerplate"
        elif prev.kind in ("related", "list"):
            features["after_list"], why = 1.0, "follows a list of related headlines"
        elif _is_byline(prev) and len(previous) > 1 and previous[-2].kind not in ("short", "caption"):
            features["after_byline"], why = 1.0, f"follows a byline {prev.text[:40]!r}"
        elif prev.kind == "short":
            features["after_short"], why = 1.0, "follows another headline-shaped line"
        elif prev.kind == "caption":
            features["after_caption"], why = 1.0, "follows a caption"
        elif _trailing_byline(prev):
            features["after_trailing_byline"], why = 1.0, "follows a paragraph signed with a name"
        elif prev.text[-1] in _SENTENCE_END:
            features["after_sentence"], why = 1.0, "follows the end of a paragraph"
        else:
            why = "follows a line that does not end a sentence"
        features["topic_kept"] = _line_kept(previous, line) if kept is None else kept
        return features, why

    def _standalone(self, line: Line, previous: list[Line], following: list[Line]) -> Opening | None:
        if not following:
            return None
        features = _shape_features(line, previous, following)
        if features is None:
            return None
        model = self._read_models()[0]
        weights = model.weights
        score = model.score(features)
        # Reading the neighbours' words is the costly part: read only while it can change the answer.
        # A line accepted early is given the least score the unread evidence would leave it.
        for step, (name, measure) in enumerate(_WORD_MEASURES.items()):
            least = score + model.least[step]
            if least >= self.threshold + 1.0:
                decided = f"decided before reading {name}" if step else "decided on shape"
                return Opening(line, least, line.end, model.reasons(features) + (decided,))
            if score + model.most[step] <= self.threshold:
                return None
            features[name] = value = measure(line, previous, following)
            score += weights.get(name, 0.0) * value
        if score <= self.threshold:
            return None
        return Opening(line, score, line.end, model.reasons(features))

    def _listed(self, line: Line, previous: list[Line], following: list[Line]) -> Opening | None:
        """A line in a "Related:" list opens a story only if a paragraph follows that restates it."""
        if not following or len(following[0].norm) < 100:
            return None
        restated = _restated(line, previous, following)
        if restated < 0.6:
            return None
        return Opening(
            line, 1.0, line.end, (f"ends a list, and the paragraph after it repeats {restated:.0%} of it",)
        )

    def _glued(
        self,
        line: Line,
        previous: list[Line],
        following: list[Line],
        known: tuple[dict[str, float], str] | None = None,
        floor: float | None = None,
    ) -> Opening | None:
        """The opening of a headline run into its lede on ``line``, if its score passes the
        threshold (or ``floor``, where given); ``known``: the line's ``_context_before``, where the
        caller has it already (its features are added to)."""
        if self._weighed:
            key = _glued_key(line, following)
            if key in self._weighed:  # weighed at the file's first odds, whose floor is far lower
                seen = self._weighed[key]
                if seen is None or seen.score + self._shift <= self.threshold:
                    return None
                return Opening(line, seen.score + self._shift, seen.headline_end, seen.reasons)
        model = self._read_models()[1]
        weights = model.weights
        threshold = self.threshold if floor is None else floor
        context, before = known if known is not None else self._context_before(previous, line)
        # The cuts' features are the costly part, and most lines weighed are plain paragraphs whose
        # words do not come again: the cuts are made only where the most that the cut could add
        # to what the context scores lets the opening pass (every cut feature at its best)
        least = model.score(context)

        def worth(restated: float, restart: bool) -> bool:
            return least + _most_from_cut(weights, restated, restart) > threshold - _SLACK

        found = self._split_glued(line, following, worth)
        if found is None:
            return None
        end = found[0]
        features = self._cut_features(line, previous, found, (context, before))[0]
        # The head's and the lede's evidence is the costly part (a Line of each, their topic words and
        # those of the lines around): read only while the opening can pass, each feature at its best
        # (all four are in 0 .. 1). The score is summed in Model.score's order, feature by feature.
        score = model.score(features)
        ahead, head_words = weights.get("head_ahead", 0.0), weights.get("head_words", 0.0)
        head_seen, cohesion = weights.get("head_seen", 0.0), weights.get("cohesion", 0.0)
        most = max(0.0, ahead) + max(0.0, head_words) + max(0.0, head_seen) + max(0.0, cohesion)
        if score + most <= threshold - _SLACK:
            return None
        head, head_size = _glued_head(line, end)
        if (
            # the lede's and the next lines' topic words are the costly part: none are made where
            # their text tells that head_ahead cannot lift the score past the threshold
            head
            and ahead > 0.0
            and head_words <= 0.0
            and head_seen <= 0.0
            and _ahead_falls_short(head, line, end, following, score, ahead, threshold)
        ):
            return None
        after: list[set[str]] | None = _after_cut(line, end, following) if head else None
        features["head_ahead"] = value = _head_ahead(head, after) if after is not None else 0.0
        score += ahead * value
        # with weights of the fitted sign (negative) the rest can only lower the score
        if head_words <= 0.0 and head_seen <= 0.0 and score <= threshold:
            return None
        features["head_words"] = value = min(head_size, 20) / 20
        score += head_words * value
        if head_seen <= 0.0 and score <= threshold:
            return None
        features["head_seen"] = value = _seen_before(head, previous)
        score += head_seen * value
        if cohesion <= 0.0 and score <= threshold:
            return None
        if after is None:
            after = _after_cut(line, end, following)
        features["cohesion"] = value = _glued_cohesion(previous, after)
        score += cohesion * value
        if score <= threshold:
            return None
        return Opening(line, score, end, (before, _why_glued(line, found)))

    def glued_features(
        self, line: Line, previous: list[Line], following: list[Line]
    ) -> tuple[int, dict[str, float], tuple[str, str]] | None:
        """The evidence that ``line`` is a headline run into its lede: (where the headline would
        end, named features, reasons), or None where no cut is found."""
        found = self._split_glued(line, following)
        if found is None:
            return None
        end = found[0]
        features, before = self._cut_features(line, previous, found)
        head, head_size = _glued_head(line, end)
        after = _after_cut(line, end, following)
        features["head_ahead"] = _head_ahead(head, after) if head else 0.0
        features["head_words"] = min(head_size, 20) / 20
        features["head_seen"] = _seen_before(head, previous)
        features["cohesion"] = _glued_cohesion(previous, after)
        return end, features, (before, _why_glued(line, found))

    def _cut_features(
        self,
        line: Line,
        previous: list[Line],
        found: tuple[int, float, str, float, float],
        context: tuple[dict[str, float], str] | None = None,
    ) -> tuple[dict[str, float], str]:
        """A glued headline's context (``_context_before``'s, unless given) and cut as features
        (all but the head's), and the context's reason."""
        strength, restated, cut_score = found[1], found[3], found[4]
        features, before = context if context is not None else self._context_before(previous, line)
        features["strength"] = strength
        features["marked"] = 1.0 if strength >= _CLEARLY_GLUED else 0.0
        features["restated"] = restated
        features["cut_score"] = max(-5.0, min(5.0, cut_score)) / 5
        return features, before

    def _split_glued(
        self, line: Line, following: list[Line], worth: Callable[[float, bool], bool] | None = None
    ) -> tuple[int, float, str, float, float] | None:
        """Where a headline run into its lede on one line ends: (offset, strength, reason, the
        share of the headline the lede repeats, the cut's score). ``worth`` is ``_glued_cuts``'s:
        None where it says the cuts cannot matter. The reason of a cut between words is worded
        only when asked for (``_why_glued``): most are not."""
        text = line.text
        credit = _credit_in_line(text)
        if credit is not None:
            why = "an outlet mark or dateline separates headline and lede"
            return line.start + credit, 3.0, why, 1.0, 0.0
        repeated = _repeated_opening(text)
        if repeated is not None:
            return line.start + repeated, 3.0, "the headline is repeated as the lede's first words", 1.0, 0.0
        cuts = _glued_cuts(text, worth)
        if not cuts:
            return None
        # the best-scored cut, the earliest of equals; the sums are plain float additions in order
        offset, values = cuts[0]
        best = -math.inf
        for cut, cut_values in cuts:
            score = 0.0
            for weight, value in zip(GLUED_CUT_VALUES, cut_values):
                score += weight * value
            if score > best or (score == best and cut < offset):
                best, offset, values = score, cut, cut_values
        restated, restart = values[0], values[4]
        strength = max(-2.0, min(2.5, 3.6 * restated - 1.5 + 1.5 * restart))
        return line.start + offset, strength, "", restated, best


def _why_glued(line: Line, found: tuple[int, float, str, float, float]) -> str:
    """The reason ``Splitter._split_glued`` found for the headline of ``line`` to end where it does."""
    if found[2]:
        return found[2]
    words = len(line.text[: found[0] - line.start].split())
    return f"headline ends after word {words} (lede repeats {found[3]:.0%})"


def _glued_key(line: Line, following: list[Line]) -> tuple[int, ...]:
    """What the glued-headline evidence of ``line`` depends on besides the lines before it: where
    it and the lines read after it start."""
    return (line.start, *[ln.start for ln in following])


def _most_from_cut(weights: dict[str, float], restated: float, restart: bool) -> float:
    """The most that a glued headline's cut and head features can add to its score, for cuts
    whose ledes repeat at most ``restated`` of their heads (and open with the line's first word
    somewhere, if ``restart``): each feature at the end of its range that scores best."""
    strength = max(-2.0, min(2.5, 3.6 * restated - 1.5 + (1.5 if restart else 0.0)))
    weight = weights.get("strength", 0.0)
    most = max(weight * -2.0, weight * strength)  # strength is in -2 .. its most
    most += max(0.0, weights.get("marked", 0.0))  # 0 or 1
    most += max(0.0, weights.get("restated", 0.0) * restated)  # 0 .. restated
    most += abs(weights.get("cut_score", 0.0))  # -1 .. 1
    most += max(0.0, weights.get("head_ahead", 0.0))  # 0 .. 1
    return most + max(0.0, weights.get("head_words", 0.0)) + max(0.0, weights.get("head_seen", 0.0))


_SCORE_FLOOR: Final = 5.0  # log-odds under the threshold past which a line's exact score is not read
_SLACK: Final = 1e-6  # more than a sum of a dozen weighed features can be off by in floating point


def _continues_paragraphs(prev: Line, line: Line) -> bool:
    """A paragraph after a paragraph that neither ends a story nor carries an outlet mark.

    ``_opening`` would find nothing in such a line: this says so without gathering evidence."""
    return (
        prev.kind in _PARAGRAPH
        and not prev.norm.endswith(_END_MARKS)
        and not _trailing_byline(prev)
        and not _has_dash(line.text)
    )


#: The contexts a glued headline's opening is weighed in (one of them is 1.0).
_CONTEXTS: Final = (
    "after_attribution", "after_boilerplate", "after_list", "after_byline", "after_short", "after_caption",
    "after_trailing_byline", "after_sentence",
)  # fmt: skip
_LEFT: Final = 0.2  # the most of a paragraph's words the lines before it may share for it to leave them


def _line_kept(previous: list[Line], line: Line) -> float:
    """The share of a line's content words that the two lines before it have (of the fewer)."""
    before_size, shared, after_size = _union_overlap([ln.content for ln in previous[-2:]], [line.content])
    return shared / min(before_size, after_size) if before_size and after_size else 0.0


def _may_glue_after_paragraph(buffer: list[Line], i: int) -> bool:
    """Whether the line at ``buffer[i]`` may be a headline run into its lede right after a
    paragraph: prose (short or long) after a sentence's end, whose words leave the lines before."""
    return _kept_if_may_glue(buffer, i) is not None


def _kept_if_may_glue(buffer: list[Line], i: int) -> float | None:
    """The share of its words the line at ``buffer[i]`` keeps from the two lines before it
    (``_line_kept``, which its context is weighed by) where ``_may_glue_after_paragraph``, None
    where not."""
    if buffer[i].kind in ("long", "text") and buffer[i - 1].norm[-1] in _SENTENCE_END and i >= 2:
        kept = _line_kept(buffer[i - 2 : i], buffer[i])
        if kept < _LEFT:
            return kept
    return None


def _one_sentence(line: Line) -> bool:
    """A line of one sentence shaped like a headline but for its full stop: a wire's headline."""
    text = line.norm
    words = line.words
    return (
        text[-1] == "."
        and 3 <= len(words) <= 32
        and (text[0].isupper() or text[0].isdigit())
        and text.count(". ") == 0
        and not _has_sentence_break(text)
    )


def _sentence_headline(line: Line) -> bool:
    """A line shaped like a headline written as sentences: one sentence with its full stop
    ("Rain returns to the city."), or two with no mark at the end ("Talks fail. Season in doubt"),
    which no paragraph does: a paragraph's last sentence ends with its mark."""
    if _one_sentence(line):
        return True
    text = line.norm
    return (
        text[-1] not in _SENTENCE_END
        and text[-1] not in _CLOSERS
        and 4 <= len(line.words) <= _SENTENCES_HEAD_WORDS
        and (text[0].isupper() or text[0].isdigit())
        and text.count(". ") == 1
    )


_SENTENCES_HEAD_WORDS: Final = 24  # the most words of a headline written as two sentences


def _may_end_before(prev: Line) -> bool:
    """Whether a story may end with the line ``prev``: an attribution or end mark, or a byline."""
    return _ends_story(prev) or (prev.kind == "short" and _is_byline(prev)) or _trailing_byline(prev)
