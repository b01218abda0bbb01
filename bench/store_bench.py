#!/usr/bin/env python3
"""Cost of adding M articles to a store of N, against clustering all N + M at once.

Articles are ``cluster_bench.perturbed(N + M)`` (perturbed copies of the dev articles): the first
N build the store (timed too), the last M are the day's batch. Each measurement runs in its own
subprocess, in a fresh temporary folder.

    python bench/store_bench.py                       # 100,000 + 1,000
    python bench/store_bench.py --pairs 10000:1000 100000:1000

Prints a markdown table on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def run_store(n: int, m: int) -> dict:
    from cluster_bench import perturbed

    from newsclust.store import ThreadStore

    articles, _ = perturbed(n + m)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "news.db")
        start = time.perf_counter()
        with ThreadStore(path, n_jobs=-1) as store:
            store.add(articles[:n])
        built = time.perf_counter() - start
        start, cpu = time.perf_counter(), _cpu_seconds()
        with ThreadStore(path, n_jobs=-1) as store:
            report = store.add(articles[n:])
            added = time.perf_counter() - start
            added_cpu = _cpu_seconds() - cpu
            labels = {a.id: t.id for t in store.threads() for a in t.articles}
        size_mb = os.path.getsize(path) / 1e6
    return {
        "build_s": round(built, 1),
        "add_s": round(added, 1),
        "add_cpu_s": round(added_cpu, 1),
        "db_mb": round(size_mb),
        "changed": len(report.changed),
        "labels": labels,
    }


def _cpu_seconds() -> float:
    """CPU seconds of this process and its reaped children (the vectoriser's workers): what a
    run costs on a machine other jobs share, where its wall time says as much about them."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_once(n: int, m: int) -> dict:
    from cluster_bench import perturbed

    from newsclust.cluster import ThreadClusterer

    articles, _ = perturbed(n + m)
    start = time.perf_counter()
    fitted = ThreadClusterer(n_jobs=-1).fit(articles)
    seconds = time.perf_counter() - start
    labels = {a.id: t.id for t in fitted.threads_ for a in t.articles}
    return {"once_s": round(seconds, 1), "labels": labels}


def child(kind: str, n: int, m: int) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(n), str(m)], capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"store_bench: {kind} {n}+{m} failed:\n{done.stderr}")
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pairs", nargs="*", default=["100000:1000"], help="N:M, store size and batch size")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, n, m = args.child[0], int(args.child[1]), int(args.child[2])
        print(json.dumps(run_store(n, m) if kind == "store" else run_once(n, m)))
        return
    from newsclust.evaluate import score_clusters

    rows = []
    for pair in args.pairs:
        n, m = (int(x) for x in pair.split(":"))
        stored = child("store", n, m)
        once = child("once", n, m)
        agree = score_clusters(stored.pop("labels"), once.pop("labels"))["bcubed"]["f1"]
        rows.append({"n": n, "m": m, **stored, **once, "agree": round(agree, 3)})
        print(f"# {rows[-1]}", file=sys.stderr, flush=True)
    print(
        "| store + batch | build the store (s) | add the batch (s) | add, CPU (s) | cluster all at once (s) "
        "| add / all at once | store file (MB) | B3 F1, store vs one run |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['n']:,} + {r['m']:,} | {r['build_s']} | {r['add_s']} | {r['add_cpu_s']} | {r['once_s']} "
            f"| {r['add_s'] / r['once_s']:.1%} | {r['db_mb']:,} | {r['agree']} |"
        )


if __name__ == "__main__":
    main()
