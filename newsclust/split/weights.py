"""The weights of split's evidence, in log-odds per unit of each feature.

Every feature is general line shape, context or word overlap; none names an outlet or a corpus.
``bench/fit_weights.py`` fits them on dumps that ``bench/layouts.py`` makes from labelled articles
(and scores them on the corpora left out); ``--write`` rewrites this file.
"""

from __future__ import annotations

from typing import Final

#: A headline on its own line: logistic regression over every line the splitter weighs as one.
STANDALONE_BIAS: Final = 0.44
STANDALONE: Final = {
    "after_attribution": 2.05,
    "after_boilerplate": 0.24,
    "after_byline": 0.66,
    "after_caption": -0.36,
    "after_list": -0.28,
    "after_sentence": -1.68,
    "after_short": -2.2,
    "byline_like": -3.55,
    "cohesion": -1.8,
    "ends_like_sentence": -1.71,
    "few_words": -1.36,
    "fuzzy_restated": 0.05,
    "head_seen": -1.64,
    "many_words": -3.17,
    "next_credit": 1.61,
    "next_list": -0.52,
    "next_paragraph": 0.59,
    "next_short": 0.87,
    "question": -0.6,
    "restated": 1.43,
    "title_case": 1.05,
    "topic_kept": -1.19,
    "word_count": 3.81,
}

#: A headline run into its lede on one line: logistic regression over the long lines the
#: splitter weighs as one (after the end of a story, a byline, or a paragraph whose words the
#: line does not go on with).
OPENING_BIAS: Final = 1.59
OPENING: Final = {
    "after_attribution": 1.76,
    "after_boilerplate": -0.58,
    "after_byline": 1.04,
    "after_caption": 0.0,
    "after_list": -0.46,
    "after_sentence": -2.27,
    "after_short": 1.02,
    "after_trailing_byline": 0.11,
    "cohesion": -6.32,
    "cut_score": 2.86,
    "head_ahead": 3.61,
    "head_seen": -1.66,
    "head_words": -0.24,
    "marked": 0.64,
    "restated": -0.28,
    "strength": 0.45,
    "topic_kept": -2.95,
}

#: The mean probability the opening model gives the lines it weighs right after a plain
#: paragraph, on the dumps it was fitted on: the odds each file's own are read against
#: (newsclust/split/prior.py).
OPENING_PRIOR: Final = 0.0155

# Fitted as a conditional logit (softmax over one line's cut points, L2 0.1) over the glued
# headlines of the dev dumps (bench/fit_weights.py), then rounded.
GLUED_CUT: Final = {
    "restated": 0.98,
    "hits": 4.64,
    "misses": -0.02,
    "repeats": -0.61,
    "restart": -0.45,
    "ends_function": -2.6,
    "short_head": -3.04,
    "long_head": -1.34,
    "inside_name": -0.33,
    "head_title_case": -1.29,
    "case_drop": 0.69,
    "lede_quote": 0.83,
    "lede_digit": -1.81,
    "before_sentence_end": 0.91,
    "lede_opener": 3.08,
    "run_start": 0.33,
    "run_has_head": -0.1,
    "miss_count": -0.24,
}
GLUED_CUT_VALUES: Final = tuple(GLUED_CUT.values())
