#!/usr/bin/env python3
"""Where the time of adding M articles to a store of N goes: phase times and a cProfile.

The store is built from the first N of ``cluster_bench.perturbed(N + M)`` (the same articles as
``store_bench.py``) and cached (``--cache``, by N and M), so that profiling the add again costs
only the add; the add runs on a copy of the cached store, which stays as built.

    python bench/store_profile.py --n 10000 --m 1000
    python bench/store_profile.py --n 100000 --m 1000 --top 40 --sort tottime

Prints the seconds of each phase (the store's progress steps) and the top functions on stderr.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def cached_store(n: int, m: int, cache: str, articles: list, rebuild: bool = False) -> str:
    """The path of a store holding the first ``n`` articles, built once per (n, m) unless
    ``rebuild``."""
    from newsclust.store import ThreadStore

    os.makedirs(cache, exist_ok=True)
    path = os.path.join(cache, f"store-{n}-{m}.db")
    if rebuild or not os.path.exists(path):
        building = path + ".building"
        for leftover in (building, building + "-wal", building + "-shm"):
            if os.path.exists(leftover):
                os.remove(leftover)
        start = time.perf_counter()
        with ThreadStore(building, n_jobs=-1) as store:
            store.add(articles[:n])
            store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        os.replace(building, path)
        print(f"built a store of {n:,} in {time.perf_counter() - start:.1f} s: {path}", file=sys.stderr)
    return path


class PhaseClock:
    """A ``progress`` callback that times the store's steps (each runs until the next begins)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.step: str | None = None
        self.since = time.perf_counter()

    def __call__(self, step: str, done: int, total: int) -> None:
        if step != self.step:
            self.stop()
            self.step = step

    def stop(self) -> None:
        now = time.perf_counter()
        if self.step is not None:
            self.seconds[self.step] = self.seconds.get(self.step, 0.0) + now - self.since
        self.since = now


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=10_000, help="articles in the store")
    parser.add_argument("--m", type=int, default=1_000, help="articles added to it")
    parser.add_argument("--top", type=int, default=30, help="functions shown")
    parser.add_argument("--sort", default="cumulative", help="pstats sort key")
    parser.add_argument(
        "--cache", default=os.path.join(tempfile.gettempdir(), "newsclust-store-profile"),
        help="folder of the built stores",
    )
    parser.add_argument("--rebuild", action="store_true", help="build the store again")
    args = parser.parse_args()

    from cluster_bench import perturbed

    from newsclust.store import ThreadStore

    articles, _ = perturbed(args.n + args.m)
    built = cached_store(args.n, args.m, args.cache, articles, rebuild=args.rebuild)
    with tempfile.TemporaryDirectory() as folder:
        copy = os.path.join(folder, "news.db")
        shutil.copyfile(built, copy)
        clock = PhaseClock()
        profile = cProfile.Profile()
        start = time.perf_counter()
        with ThreadStore(copy, n_jobs=-1, progress=clock) as store:
            clock.step, clock.since = "open", start
            profile.enable()
            report = store.add(articles[args.n :])
            profile.disable()
            clock.stop()
        total = time.perf_counter() - start
    print(f"added {report.added:,} to a store of {args.n:,} in {total:.2f} s;"
          f" threads changed {len(report.changed):,}, new {len(report.new_threads):,},"
          f" merged {len(report.merged):,}", file=sys.stderr)
    for step, seconds in clock.seconds.items():
        print(f"  {step:<12} {seconds:8.2f} s", file=sys.stderr)
    stats = pstats.Stats(profile, stream=sys.stderr)
    stats.sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
