#!/usr/bin/env python3
"""Time and peak memory of ``newsclust`` clustering against scikit-learn, on N perturbed articles.

Articles are built from the real ones in ../shared/data/*/articles.jsonl: each copy drops some
sentences, shuffles words inside some others and swaps capitalised names with names from other
articles, so copies of one story stay alike without being identical. Every measurement runs in
its own subprocess, so ru_maxrss is that run's peak (input building included).

    python bench/cluster_bench.py                      # N = 1k, 10k, 100k; sklearn at 1k, 5k, 20k
    python bench/cluster_bench.py --sizes 1000 --sklearn-sizes 1000

Prints a markdown table on stdout.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SKLEARN_MEMORY_LIMIT_GB = 10.0
CHILDREN = resource.RUSAGE_CHILDREN


def originals() -> list[dict]:
    """The dev articles, each with its gold ``_event`` and ``_thread`` named by its set.

    The event is the article's gold cluster, None in a set that has threads but no events; the
    thread is its gold thread where the set has them, else its event.
    """
    records = []
    for path in sorted(DATA.glob("*/articles.jsonl")):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                record = json.loads(line)
                prefix = path.parent.name + ":"
                cluster, thread = record.get("cluster"), record.get("thread")
                # None where the set has threads but no events (en-duc2004): not scored as events.
                record["_event"] = prefix + str(cluster) if cluster not in (None, "None") else None
                record["_thread"] = prefix + str(thread) if thread else record["_event"]
                if record["_thread"] is None:
                    record["_thread"] = prefix + "unlabelled:" + str(record.get("id"))
                records.append(record)
    if not records:
        sys.exit(f"cluster_bench: no articles under {DATA}")
    return records


def perturbed(n: int, seed: int = 0) -> list:
    """``n`` articles, each a perturbed copy of a real one, ids b000000 ... in shuffled order, and
    {id: (gold event, gold thread)} of the real one."""
    from newsclust.models import Article

    rng = random.Random(seed)
    base = originals()
    names = sorted({w for r in base for w in re.findall(r"\b[A-ZĐ][\w]+", r["title"])})
    articles = []
    gold = {}
    for number in range(n):
        record = base[number % len(base)]
        sentences = re.split(r"(?<=[.!?])\s+", " ".join(x for x in (record["lede"], record["body"]) if x))
        kept = [s for s in sentences if rng.random() > 0.2] or sentences[:1]
        out = []
        for sentence in kept:
            words = sentence.split()
            if rng.random() < 0.3:
                rng.shuffle(words)
            words = [rng.choice(names) if w[:1].isupper() and rng.random() < 0.1 else w for w in words]
            out.append(" ".join(words))
        gold[f"b{number:06d}"] = (record["_event"], record["_thread"])
        articles.append(
            Article(
                id=f"b{number:06d}",
                title=record["title"],
                text="\n".join(out),
                source=record.get("source"),
                time=record.get("time"),
            )
        )
    rng.shuffle(articles)
    return articles, gold


def run_one(tool: str, n: int) -> dict:
    from newsclust.evaluate import score_clusters

    articles, gold = perturbed(n)
    start = time.perf_counter()
    quality = {}
    if tool == "newsclust":
        from newsclust.cluster import ThreadClusterer

        fitted = ThreadClusterer(n_jobs=-1).fit(articles)
        clusters = len(fitted.threads_)
        seconds = time.perf_counter() - start
        ids = [a.id for a in fitted.articles_]
        for level, labels, k in (("event", fitted.event_labels_, 0), ("thread", fitted.labels_, 1)):
            # Only copies of articles with a gold label at this level are scored.
            scored = [i for i in ids if gold[i][k] is not None]
            predicted = dict(zip(ids, labels.tolist()))
            scores = score_clusters({i: predicted[i] for i in scored}, {i: gold[i][k] for i in scored})
            quality[level + "_b3f1"] = scores["bcubed"]["f1"]
            quality[level + "_scored"] = len(scored)
        quality["events"] = len(set(fitted.event_labels_.tolist()))
        quality["gold_events"] = len({g[0] for g in gold.values() if g[0] is not None})
    else:
        import numpy as np
        from sklearn.cluster import AgglomerativeClustering
        from sklearn.feature_extraction.text import TfidfVectorizer

        X = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform(
            [a.title + "\n" + a.text for a in articles]
        )
        distances = 1.0 - (X @ X.T).toarray()
        np.clip(distances, 0, None, out=distances)
        model = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average", distance_threshold=0.83
        ).fit(distances)
        clusters = int(model.n_clusters_)
        seconds = time.perf_counter() - start
    # The vectoriser's worker processes are children: count the larger of the two peaks.
    peak_kb = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, CHILDREN))
    peak_gb = peak_kb / 1024**2
    return {
        "tool": tool,
        "n": n,
        "seconds": round(seconds, 1),
        "peak_gb": round(peak_gb, 2),
        "clusters": clusters,
        **quality,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000])
    parser.add_argument("--sklearn-sizes", type=int, nargs="*", default=[1000, 5000, 20000])
    parser.add_argument("--child", nargs=2, metavar=("TOOL", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child[0], int(args.child[1]))))
        return
    rows = []
    runs = [("newsclust", n) for n in args.sizes] + [("sklearn", n) for n in args.sklearn_sizes]
    for tool, n in runs:
        if tool == "sklearn" and 3 * 8 * n * n / 1e9 > SKLEARN_MEMORY_LIMIT_GB:
            rows.append(
                {"tool": tool, "n": n, "skipped": f"needs about {3 * 8 * n * n / 1e9:.0f} GB (n x n floats)"}
            )
            continue
        done = subprocess.run(
            [sys.executable, __file__, "--child", tool, str(n)], capture_output=True, text=True
        )
        if done.returncode:
            rows.append({"tool": tool, "n": n, "skipped": f"failed: {done.stderr.strip().splitlines()[-1:]}"})
            continue
        rows.append(json.loads(done.stdout))
        print(f"# {rows[-1]}", file=sys.stderr, flush=True)
    print(
        "| tool | articles | time (s) | peak memory (GB) | threads | events (gold) "
        "| event B3 F1 (copies scored) | thread B3 F1 |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        if "skipped" in row:
            print(f"| {row['tool']} | {row['n']:,} | skipped: {row['skipped']} | | | | | |")
        else:
            print(
                f"| {row['tool']} | {row['n']:,} | {row['seconds']} | {row['peak_gb']} "
                f"| {row['clusters']:,} | {row.get('events', '')} ({row.get('gold_events', '')}) "
                f"| {row.get('event_b3f1', '')} ({row.get('event_scored', '')}) "
                f"| {row.get('thread_b3f1', '')} |"
            )


if __name__ == "__main__":
    main()
