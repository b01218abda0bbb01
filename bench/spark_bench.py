#!/usr/bin/env python3
"""Time and peak memory of clustering N perturbed articles on the Spark engine in local mode,
beside the local engine, and how far the two agree.

The articles are cluster_bench.py's (real dev articles, each copy perturbed). Each run is its own
subprocess; a sampler thread adds up the resident memory of that process and all its children
every half second: in local mode the driver (this Python), the one JVM that is driver and
executors, and Spark's Python workers. Peaks are reported for each and for the whole tree.

    python bench/spark_bench.py                      # N = 10k and 100k, local[*]
    python bench/spark_bench.py --sizes 10000 --master 'local[2]'

Prints a markdown table on stdout; labels go to bench/out/ for the agreement column.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cluster_bench import perturbed  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"


class TreeMemory:
    """Peak resident memory of this process and its descendants (sampled), by kind of process."""

    def __init__(self, every: float = 0.5):
        import psutil

        self.psutil, self.every = psutil, every
        self.peak = {"total": 0, "python": 0, "jvm": 0, "workers": 0}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self):
        me = self.psutil.Process()
        while not self._stop.is_set():
            sizes = {"python": 0, "jvm": 0, "workers": 0}
            try:
                sizes["python"] = me.memory_info().rss
                for child in me.children(recursive=True):
                    try:
                        rss = child.memory_info().rss
                        kind = "jvm" if "java" in child.name() else "workers"
                        sizes[kind] += rss
                    except self.psutil.Error:
                        continue
            except self.psutil.Error:
                pass
            for kind, size in sizes.items():
                self.peak[kind] = max(self.peak[kind], size)
            self.peak["total"] = max(self.peak["total"], sum(sizes.values()))
            self._stop.wait(self.every)


def run_one(engine: str, n: int, master: str, driver_memory: str) -> dict:
    articles, _ = perturbed(n)
    steps = {}
    with TreeMemory() as memory:
        start = time.perf_counter()
        if engine == "local":
            from newsclust.cluster import ThreadClusterer

            fitted = ThreadClusterer(n_jobs=-1).fit(articles)
        else:
            from newsclust.spark import SparkThreadClusterer, articles_frame, session

            spark = session(master, driver_memory=driver_memory)
            steps["session_s"] = round(time.perf_counter() - start, 1)
            last = [time.perf_counter()]

            def progress(step, done, total):
                now = time.perf_counter()
                steps.setdefault(step + "_at_s", round(now - start, 1))
                last[0] = now

            frame = articles_frame(spark, articles)
            fitted = SparkThreadClusterer(progress=progress).fit(frame)
        seconds = time.perf_counter() - start
    OUT.mkdir(exist_ok=True)
    ids = [a.id for a in fitted.articles_]
    labels = {"ids": ids, "events": fitted.event_labels_.tolist(), "threads": fitted.labels_.tolist()}
    (OUT / f"spark_bench_{engine}_{n}.json").write_text(json.dumps(labels))
    gb = 1024**3
    return {
        "engine": engine,
        "n": n,
        "seconds": round(seconds, 1),
        "peak_gb": round(memory.peak["total"] / gb, 2),
        "python_gb": round(memory.peak["python"] / gb, 2),
        "jvm_gb": round(memory.peak["jvm"] / gb, 2),
        "workers_gb": round(memory.peak["workers"] / gb, 2),
        "threads": len(fitted.threads_),
        **steps,
    }


def agreement(n: int) -> dict:
    from sklearn.metrics import adjusted_rand_score

    try:
        local = json.loads((OUT / f"spark_bench_local_{n}.json").read_text())
        spark = json.loads((OUT / f"spark_bench_spark_{n}.json").read_text())
    except FileNotFoundError:
        return {}
    assert local["ids"] == spark["ids"]
    return {
        "event_ari": round(adjusted_rand_score(local["events"], spark["events"]), 4),
        "thread_ari": round(adjusted_rand_score(local["threads"], spark["threads"]), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="*", default=[10000, 100000])
    parser.add_argument("--engines", nargs="*", default=["spark", "local"])
    parser.add_argument("--master", default="local[*]")
    parser.add_argument("--driver-memory", default="8g")
    parser.add_argument("--child", nargs=2, metavar=("ENGINE", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child[0], int(args.child[1]), args.master, args.driver_memory)))
        return
    rows = []
    for n in args.sizes:
        for engine in args.engines:
            command = [sys.executable, __file__, "--child", engine, str(n), "--master", args.master,
                       "--driver-memory", args.driver_memory]  # fmt: skip
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode:
                rows.append({"engine": engine, "n": n, "failed": done.stderr.strip().splitlines()[-1:]})
            else:
                rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(f"# {rows[-1]}", file=sys.stderr, flush=True)
        rows[-1].update(agreement(n))
    print(
        "| engine | articles | time (s) | peak, all processes (GB) | driver Python | JVM | Python workers "
        "| threads | ARI events / threads vs local |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for row in rows:
        if "failed" in row:
            print(f"| {row['engine']} | {row['n']:,} | failed: {row['failed']} | | | | | | |")
            continue
        ari = f"{row['event_ari']} / {row['thread_ari']}" if "event_ari" in row else ""
        print(
            f"| {row['engine']} | {row['n']:,} | {row['seconds']} | {row['peak_gb']} | {row['python_gb']} "
            f"| {row['jvm_gb']} | {row['workers_gb']} | {row['threads']:,} | {ari} |"
        )


if __name__ == "__main__":
    main()
