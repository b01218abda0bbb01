"""A file's own odds of a headline run into its lede right after a plain paragraph.

Whether a story's headline sits on the line of its lede, right after the last paragraph of the
story before (no attribution, byline or headline line between them), is a habit of the file: of
the template a scraper read, of how a dump was pasted together. One file does it for every story,
the next for none. The glued-headline model was fitted on a mix of such files, so its odds for
that context are the mix's, right for no file in particular. Each file's own odds are estimated
from its start, by expectation-maximisation over the model's scores of the lines that may be such
headlines (Saerens, Latinne and Decaestecker, "Adjusting the outputs of a classifier to new a
priori probabilities: a simple procedure", Neural Computation 14, 2002), drawn towards the fitted
odds as if ``STRENGTH`` more lines had been seen at them, so that a short file moves them little.
The weight of that context then moves by the change in log-odds (at most ``MAX_SHIFT``).

>>> prior_shift([], 0.02)
0.0
>>> prior_shift([-8.0] * 300, 0.02) < 0 < prior_shift([1.0] * 300, 0.02)
True
"""

from __future__ import annotations

import math
from typing import Final

#: How much of the start of a file its odds are read from (characters).
SAMPLE_CHARS: Final = 1 << 20
#: The lines' worth of evidence the fitted odds count for against the file's own.
STRENGTH: Final = 100.0
#: The most the log-odds of the context may move either way.
MAX_SHIFT: Final = 3.0


def sigmoid(z: float) -> float:
    """The probability of log-odds ``z`` (without overflow either way)."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def prior_shift(
    scores: list[float], prior: float, strength: float = STRENGTH, max_shift: float = MAX_SHIFT
) -> float:
    """The change in log-odds that takes the fitted ``prior`` (the share of such lines that open
    a story, as fitted) to the file's own, from the model's ``scores`` (log-odds) of its lines.

    Each round moves every score by the current shift, takes the mean of the probabilities (with
    ``strength`` lines at ``prior``) as the new odds, and stops when they hold still."""
    if not scores or not 0.0 < prior < 1.0:
        return 0.0
    base = math.log(prior / (1.0 - prior))
    odds = prior
    for _ in range(200):
        shift = math.log(odds / (1.0 - odds)) - base
        total = 0.0
        for score in scores:
            total += sigmoid(score + shift)
        new = (total + strength * prior) / (len(scores) + strength)
        new = min(max(new, 1e-9), 1.0 - 1e-9)
        done = abs(new - odds) < 1e-7
        odds = new
        if done:
            break
    shift = math.log(odds / (1.0 - odds)) - base
    return round(max(-max_shift, min(max_shift, shift)), 3)
