#!/usr/bin/env python3
"""Fit the weights of split's evidence on generated dumps, and score them leaving one corpus out.

    python bench/fit_weights.py                 # the leave-one-corpus-out table (README)
    python bench/fit_weights.py --write         # also fit on every corpus and rewrite
                                                # newsclust/split/weights.py
    python bench/fit_weights.py --models opening --write   # refit the glued-headline model only

Dumps are made by bench/layouts.py from each dev set's labelled articles (six layouts, each story
with habits of its own). Two logistic regressions, over general features of line shape, context
and word overlap (none names an outlet or a corpus):
  * the standalone model: every line the splitter weighs as a headline on its own line (label: a
    gold story starts there);
  * the opening model: every long line the splitter weighs as a headline run into its lede.
For each corpus, the weights fitted on the other corpora's generated dumps split that corpus's
real dev dumps (where it has them) and its generated dumps; the table reports boundary F1 and
headline accuracy of both, beside the weights shipped (fitted on every corpus).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import layouts  # noqa: E402

from newsclust.compiled import compiled_modules  # noqa: E402
from newsclust.evaluate import headline_similarity, match_boundaries  # noqa: E402
from newsclust.split import Splitter, iter_unwrapped_lines  # noqa: E402
from newsclust.split import weights as shipped  # noqa: E402
from newsclust.split.prior import sigmoid  # noqa: E402
from newsclust.split.splitter import Splitter as SplitterClass  # noqa: E402

DATA = Path(os.environ.get("NEWSCLUST_DATA", ROOT.parent / "shared" / "data"))
TOLERANCE = 3


def read_dumps(paths: list[Path]) -> list[tuple[str, list[dict]]]:
    return [
        (
            path.read_text(encoding="utf-8"),
            json.loads(path.with_suffix(".gold.json").read_text(encoding="utf-8")),
        )
        for path in paths
    ]


def candidates(dumps: list[tuple[str, list[dict]]], weights: dict | None) -> tuple[list, list]:
    """The features of every line each model weighs while splitting ``dumps`` with ``weights``,
    with their labels: (standalone rows, opening rows), each a list of (features, label)."""
    standalone_rows: list = []
    opening_rows: list = []
    plain_standalone, plain_glued = SplitterClass._standalone, SplitterClass._glued
    from newsclust.split import standalone_features

    for text, gold in dumps:
        starts = sorted(g["start"] for g in gold)

        def is_start(offset: int, starts: list[int] = starts) -> bool:
            return any(abs(offset - s) <= TOLERANCE for s in starts)

        def record_standalone(self, line, previous, following):
            if following:
                features = standalone_features(line, previous, following)
                if features is not None:
                    standalone_rows.append((features, is_start(line.start)))
            return plain_standalone(self, line, previous, following)

        def record_glued(self, line, previous, following, known=None, floor=None):
            found = self.glued_features(line, previous, following)
            if found is not None:
                opening_rows.append((found[1], is_start(line.start)))
            return plain_glued(self, line, previous, following, known, floor)

        SplitterClass._standalone, SplitterClass._glued = record_standalone, record_glued
        try:
            # the candidates as the fitted odds see them: without the file's own (split.prior)
            Splitter(weights=dict(weights or SHIPPED, opening_prior=None)).split(text)
        finally:
            SplitterClass._standalone, SplitterClass._glued = plain_standalone, plain_glued
    return standalone_rows, opening_rows


def fit(rows: list, C: float = 1.0) -> tuple[float, dict[str, float]]:
    names = sorted({name for features, _ in rows for name in features})
    X = np.array([[features.get(n, 0.0) for n in names] for features, _ in rows])
    y = np.array([label for _, label in rows])
    model = LogisticRegression(C=C, max_iter=5000).fit(X, y)
    return round(float(model.intercept_[0]), 2), {
        n: round(float(w), 2) for n, w in zip(names, model.coef_[0])
    }


SHIPPED: dict = {
    "standalone_bias": shipped.STANDALONE_BIAS, "standalone": shipped.STANDALONE,
    "opening_bias": shipped.OPENING_BIAS, "opening": shipped.OPENING,
    "opening_prior": shipped.OPENING_PRIOR,
}  # fmt: skip


def opening_prior(dumps: list[tuple[str, list[dict]]], weights: dict) -> float:
    """The mean probability the glued-headline model gives the lines of ``dumps`` it weighs
    right after a plain paragraph: the odds that ``newsclust.split.prior`` moves each file from."""
    splitter = Splitter(weights=dict(weights, opening_prior=None))
    total = count = 0.0
    for text, _ in dumps:
        for score in splitter._after_paragraph_scores(list(iter_unwrapped_lines([text]))):
            total += sigmoid(score)
            count += 1
    return round(total / count, 4) if count else 0.0


def fit_weights(
    dumps: list[tuple[str, list[dict]]], rounds: int = 2, models: tuple[str, ...] = ("standalone", "opening")
) -> dict:
    """Weights fitted on ``dumps``: the candidates depend on the decisions before them, so the
    candidates are gathered again with each round's weights. Only ``models`` are fitted; the
    others keep their shipped weights."""
    weights = None
    for _ in range(rounds):
        standalone_rows, opening_rows = candidates(dumps, weights)
        weights = dict(SHIPPED)
        if "standalone" in models:
            weights["standalone_bias"], weights["standalone"] = fit(standalone_rows)
        if "opening" in models:
            weights["opening_bias"], weights["opening"] = fit(opening_rows)
    weights["opening_prior"] = opening_prior(dumps, weights)
    return tuned(weights, dumps) if "standalone" in models else weights


def tuned(weights: dict, dumps: list[tuple[str, list[dict]]]) -> dict:
    """``weights`` with the standalone model's bias moved to where boundary F1 on ``dumps`` is best:
    a regression fits the odds of each line, where what counts is the boundaries found."""
    best, best_shift = -1.0, 0.0
    for shift in (-1.5, -1.0, -0.5, 0.0, 0.5, 1.0):
        shifted = dict(weights, standalone_bias=round(weights["standalone_bias"] + shift, 2))
        f1 = score(dumps, shifted)[0]
        if f1 > best + 1e-9:
            best, best_shift = f1, shift
    return dict(weights, standalone_bias=round(weights["standalone_bias"] + best_shift, 2))


def score(dumps: list[tuple[str, list[dict]]], weights: dict | None) -> tuple[float, float]:
    """Boundary F1 and headline accuracy of splitting ``dumps`` with ``weights``."""
    matched = predicted = expected = titled = 0
    for text, gold in dumps:
        stories = Splitter(weights=weights).split(text)
        pairs = match_boundaries([s.start for s in stories], [g["start"] for g in gold], tolerance=TOLERANCE)
        matched += len(pairs)
        predicted += len(stories)
        expected += len(gold)
        titled += sum(1 for j, i in pairs if headline_similarity(stories[i].title, gold[j]["title"]) >= 0.9)
    precision = matched / predicted if predicted else 0.0
    recall = matched / expected if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, titled / matched if matched else 0.0


def write_weights(weights: dict) -> None:
    path = ROOT / "newsclust" / "split" / "weights.py"
    text = path.read_text(encoding="utf-8")
    head = text[: text.index("#: A headline on its own line")]
    cut = text[text.index("# Fitted as a conditional logit") :]

    def block(name: str, values: dict[str, float]) -> str:
        rows = "".join(f'    "{k}": {v},\n' for k, v in values.items())
        return f"{name}: Final = {{\n{rows}}}\n"

    body = (
        "#: A headline on its own line: logistic regression over every line the splitter weighs as one.\n"
        f"STANDALONE_BIAS: Final = {weights['standalone_bias']}\n"
        + block("STANDALONE", weights["standalone"])
        + "\n#: A headline run into its lede on one line: logistic regression over the long lines the\n"
        "#: splitter weighs as one (after the end of a story, a byline, or a paragraph whose words the\n"
        "#: line does not go on with).\n"
        f"OPENING_BIAS: Final = {weights['opening_bias']}\n" + block("OPENING", weights["opening"]) + "\n"
        + "#: The mean probability the opening model gives the lines it weighs right after a plain\n"
        "#: paragraph, on the dumps it was fitted on: the odds each file's own are read against\n"
        "#: (newsclust/split/prior.py).\n"
        f"OPENING_PRIOR: Final = {weights['opening_prior']}\n\n"
    )
    path.write_text(head + body + cut, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="rewrite newsclust/split/weights.py")
    parser.add_argument("--per-dump", type=int, default=40)
    parser.add_argument(
        "--models",
        nargs="+",
        choices=("standalone", "opening"),
        default=("standalone", "opening"),
        help="the models to fit (the others keep their shipped weights)",
    )
    parser.add_argument(
        "--seeds", type=int, default=3, help="generated dumps per layout and corpus (default 3)"
    )
    args = parser.parse_args()
    if compiled_modules():
        sys.exit(
            "fit_weights: the splitter runs compiled here, and its candidates are gathered by patching "
            "its methods: run it over the plain source, e.g. a copy of newsclust/ without the *.so files "
            "on PYTHONPATH"
        )
    sets = sorted(p for p in DATA.glob("*") if (p / "articles.jsonl").is_file() and layouts.load(p))
    if not sets:
        sys.exit(f"fit_weights: no labelled articles under {DATA}")
    with tempfile.TemporaryDirectory() as tmp:
        generated = {
            # several draws of each layout: a habit one draw gives a few stories (a headline run
            # into its lede right after a paragraph) has enough cases to be weighed
            folder.name: [
                dump
                for seed in range(args.seeds)
                for dump in read_dumps(
                    layouts.make_dumps(
                        folder, Path(tmp) / f"{folder.name}-{seed}", per_dump=args.per_dump, seed=seed
                    )
                )
            ]
            for folder in sets
        }
    real = {folder.name: read_dumps(sorted((folder / "dumps").glob("*.txt"))) for folder in sets}
    current = SHIPPED
    if args.write:
        current = fit_weights([dump for dumps in generated.values() for dump in dumps], models=args.models)
        write_weights(current)
        print("wrote newsclust/split/weights.py", file=sys.stderr)
    print(
        "| left out | dev dumps F1 / headlines (fit on the others) | generated F1 / headlines "
        "| shipped weights: dev / generated F1 |"
    )
    print("| --- | --- | --- | --- |")
    for name in generated:
        others = [dump for other, dumps in generated.items() if other != name for dump in dumps]
        weights = fit_weights(others, models=args.models)
        dev = score(real[name], weights) if real[name] else None
        gen = score(generated[name], weights)
        dev_shipped = score(real[name], current)[0] if real[name] else None
        gen_shipped = score(generated[name], current)[0]
        dev_text = f"{dev[0]:.3f} / {dev[1]:.3f}" if dev else "(no dumps)"
        shipped_text = f"{dev_shipped:.3f}" if dev_shipped is not None else "-"
        print(
            f"| {name} | {dev_text} | {gen[0]:.3f} / {gen[1]:.3f} | {shipped_text} / {gen_shipped:.3f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
