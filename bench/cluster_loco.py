#!/usr/bin/env python3
"""Leave-one-corpus-out table for ``newsclust cluster``: choose the defaults on all dev corpora but
one, score the one left out, for each corpus in turn.

    python bench/cluster_loco.py                  # the grid below, all of ../shared/data
    python bench/cluster_loco.py --threshold 0.06 0.08 0.1 --cohesion 0.5 0.6

Each set is scored at its gold level: events where articles carry a ``cluster``, threads where
they carry a ``thread`` (B-cubed F1, as ../shared/tools/scorecard computes it). A setting is
chosen by its mean F1 over the training corpora. The peer (scikit-learn TF-IDF, word 1-2 grams,
sublinear tf, average-link cosine agglomerative clustering) gets the same treatment with its one
threshold. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("NEWSCLUST_DATA", ROOT.parent / "shared" / "data"))
sys.path.insert(0, str(ROOT))

from newsclust.cluster import ThreadClusterer  # noqa: E402
from newsclust.evaluate import score_clusters  # noqa: E402
from newsclust.io import parse_article_records  # noqa: E402
from newsclust.vectorize import article_fields  # noqa: E402


def load_sets() -> dict[str, tuple[list, dict[str, str], str]]:
    sets = {}
    for path in sorted(DATA.glob("*/articles.jsonl")):
        text = path.read_text(encoding="utf-8")
        records = [json.loads(line) for line in text.splitlines() if line.strip()]
        level = "thread" if any(r.get("thread") for r in records) else "cluster"
        gold = {str(r["id"]): str(r[level]) for r in records}
        sets[path.parent.name] = (parse_article_records(text, str(path)), gold, level)
    if not sets:
        sys.exit(f"cluster_loco: no articles under {DATA}")
    return sets


def f1(predicted: dict[str, int], gold: dict[str, str]) -> float:
    return float(score_clusters(predicted, gold)["bcubed"]["f1"])


def ours(articles, gold, level, params) -> float:
    fitted = ThreadClusterer(**params).fit(articles)
    labels = fitted.labels_ if level == "thread" else fitted.event_labels_
    return f1({a.id: int(label) for a, label in zip(fitted.articles_, labels, strict=True)}, gold)


def peer_scores(articles, gold, thresholds) -> dict[float, float]:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [" ".join(filter(None, article_fields(a))) for a in articles]
    X = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform(texts)
    distances = np.clip(1 - (X @ X.T).toarray(), 0, None)  # cosine distance, as metric="cosine" gives
    out = {}
    for t in thresholds:
        model = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average", distance_threshold=1 - t
        )
        labels = model.fit_predict(distances)
        out[t] = f1({a.id: int(label) for a, label in zip(articles, labels, strict=True)}, gold)
    return out


def leave_one_out(table: dict[tuple, dict[str, float]], names: list[str]) -> dict[str, tuple[tuple, float]]:
    """For each corpus: the setting with the best mean over the others, and its score on it."""
    chosen = {}
    for held in names:
        rest = [n for n in names if n != held]
        best = max(table, key=lambda key: (np.mean([table[key][n] for n in rest]), key))
        chosen[held] = (best, table[best][held])
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--threshold", type=float, nargs="+", default=[0.06, 0.08, 0.1])
    parser.add_argument("--cohesion", type=float, nargs="+", default=[0.5, 0.55, 0.6, 0.65])
    parser.add_argument(
        "--peer", type=float, nargs="+", default=[round(0.04 + 0.02 * k, 2) for k in range(12)]
    )
    args = parser.parse_args()
    sets = load_sets()
    names = list(sets)
    grid = {}
    for threshold, cohesion in itertools.product(args.threshold, args.cohesion):
        params = {"threshold": threshold, "event_threshold": threshold, "cohesion": cohesion}
        grid[(threshold, cohesion)] = {n: ours(*sets[n], params) for n in names}
        print(
            f"threshold {threshold} cohesion {cohesion}: "
            + " ".join(f"{n} {v:.3f}" for n, v in grid[(threshold, cohesion)].items()),
            file=sys.stderr,
        )
    peer = {n: peer_scores(sets[n][0], sets[n][1], args.peer) for n in names}
    peer_table = {(t,): {n: peer[n][t] for n in names} for t in args.peer}
    chosen, peer_chosen = leave_one_out(grid, names), leave_one_out(peer_table, names)
    print(
        "| corpus (gold) | newsclust: setting chosen on the others | newsclust F1 "
        "| peer: threshold chosen on the others | peer F1 | peer's best threshold afterwards |"
    )
    print("|---|---|---|---|---|---|")
    for n in names:
        (threshold, cohesion), score = chosen[n]
        (t,), peer_score = peer_chosen[n]
        best_t = max(args.peer, key=lambda x: peer[n][x])
        level = "threads" if sets[n][2] == "thread" else "events"
        print(
            f"| {n} ({level}) | threshold {threshold}, cohesion {cohesion} | {score:.3f} "
            f"| {t} | {peer_score:.3f} | {peer[n][best_t]:.3f} at {best_t} |"
        )


if __name__ == "__main__":
    main()
