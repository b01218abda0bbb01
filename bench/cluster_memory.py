#!/usr/bin/env python3
"""Peak resident memory of each step of ``ThreadClusterer.fit``, on N perturbed articles.

The articles are ``cluster_bench.py``'s. Before each step the process's high-water mark is
reset (``5`` written to /proc/self/clear_refs, Linux only), so the ``VmHWM`` read after it is
that step's own peak; ``at start`` is the resident memory the step began with (what earlier
steps left alive). The vectoriser's worker processes are not counted: run with ``--jobs 1`` to
see its whole cost in this process.

    python bench/cluster_memory.py --n 30000
    python bench/cluster_memory.py --n 100000 --jobs 1

Prints a markdown table on stdout.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cluster_bench import perturbed  # noqa: E402

from newsclust import cluster  # noqa: E402
from newsclust.linkage import AverageLinkage  # noqa: E402
from newsclust.vectorize import NewsVectorizer  # noqa: E402


def status_kb(field: str) -> int:
    """A ``Vm...`` field of /proc/self/status, in kB."""
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def reset_peak() -> None:
    with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
        handle.write("5")


class Steps:
    """Wraps functions so that each call of one records (step, seconds, MB at start, peak MB).

    Calls made inside a measured step (the linkage's own neighbour search) count in that step.
    """

    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float, float]] = []
        self.overall_kb = 0  # the highest mark seen, between steps included
        self._depth = 0

    def wrap(self, name: str, function):
        @functools.wraps(function)
        def measured(*args, **kwargs):
            if self._depth:
                return function(*args, **kwargs)
            self._depth += 1
            self.overall_kb = max(self.overall_kb, status_kb("VmHWM"))
            reset_peak()
            at_start = status_kb("VmRSS")
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                seconds = time.perf_counter() - start
                self.rows.append((name, seconds, at_start / 1024, status_kb("VmHWM") / 1024))
                self._depth -= 1

        return measured

    def patch(self, owner, attribute: str, name: str) -> None:
        setattr(owner, attribute, self.wrap(name, getattr(owner, attribute)))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=30000, help="articles (default 30000)")
    parser.add_argument("--jobs", type=int, default=-1, help="vectoriser processes (default -1: one per CPU)")
    args = parser.parse_args()

    articles, _ = perturbed(args.n)
    steps = Steps()
    # The names ``fit`` looks up in newsclust.cluster, in the order it calls them.
    steps.patch(NewsVectorizer, "fit_transform", "vectorise")
    steps.patch(cluster, "nearest_neighbors", "neighbours")
    steps.patch(cluster, "_copies", "find copies")
    steps.patch(cluster, "collapse_copies", "collapse copies")
    steps.patch(AverageLinkage, "__init__", "linkage: set up")
    steps.patch(AverageLinkage, "run", "linkage: merge")
    steps.patch(cluster, "renumber", "renumber labels")
    steps.patch(cluster, "_duplicates", "duplicates")
    steps.patch(cluster.ThreadClusterer, "_threads", "threads and labels")

    reset_peak()
    before = status_kb("VmRSS") / 1024
    start = time.perf_counter()
    fitted = cluster.ThreadClusterer(n_jobs=args.jobs).fit(articles)
    seconds = time.perf_counter() - start
    whole = max(steps.overall_kb, status_kb("VmHWM")) / 1024

    print(f"N = {args.n:,}, {len(fitted.threads_):,} threads; resident before fit {before:,.0f} MB")
    print()
    print("| step | time (s) | resident at start (MB) | peak (MB) | peak - start (MB) |")
    print("|---|---:|---:|---:|---:|")
    for name, step_seconds, at_start, peak in steps.rows:
        print(f"| {name} | {step_seconds:.1f} | {at_start:,.0f} | {peak:,.0f} | {peak - at_start:,.0f} |")
    print(f"| whole fit | {seconds:.1f} | {before:,.0f} | {whole:,.0f} | {whole - before:,.0f} |")


if __name__ == "__main__":
    main()
