#!/usr/bin/env python3
"""Benchmark ``newsclust split`` against the issue's bars, and NLTK's TextTiling for comparison.

    python bench/split_bench.py                    # everything, prints a markdown table
    python bench/split_bench.py --mb 50 --rss-mb 1000 --tiling-kb 200
    NEWSCLUST_DATA=/path/to/shared/data python bench/split_bench.py --skip rss

Measures, on this machine:
  * throughput of ``Splitter().iter_stories`` in one process over >= 50 MB of dump text
    (the dev dumps in ../shared/data and samples/, concatenated repeatedly; synthetic text made
    from samples/ when ../shared is absent), in MB/s of UTF-8 input, over ``--runs`` runs, and
    whether the splitter ran compiled (setup.py) or as plain Python;
  * the same over ``--export-mb`` MB of a LexisNexis-style export (bench/export_dumps.py: "N of M
    DOCUMENTS" records made from the dev articles, or from samples/ without them), read record
    by record (``newsclust.split.records``);
  * peak resident memory (VmHWM) of ``newsclust split --nl`` on a generated 1 GB file, stdout
    to /dev/null (``--rss-timeout`` stops it early and reports how far it got);
  * time for a 20 MB file with no newline;
  * NLTK's TextTilingTokenizer on ~200 KB of the dev dumps: MB/s and boundary F1 (a predicted
    start within 3 characters of a gold start, one-to-one, as ../shared/tools/scorecard does),
    next to newsclust's F1 on the same files.

Needs the ``bench`` extra: ``pip install -e '.[bench]'`` (nltk, psutil).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("NEWSCLUST_DATA", ROOT.parent / "shared" / "data"))
SAMPLES = ROOT / "samples"
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "bench"))

from newsclust import compiled  # noqa: E402
from newsclust.split import Splitter  # noqa: E402

MB = 1_000_000


def dump_files() -> list[Path]:
    return sorted(Path(p) for p in glob.glob(str(SHARED_DATA / "*" / "dumps" / "*.txt")))


def corpus_pieces() -> list[str]:
    """The texts the benchmark repeats: dev dumps and the sample, or synthetic text without them."""
    pieces = [p.read_text(encoding="utf-8") for p in dump_files()]
    pieces += [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    if len(pieces) > len(list(SAMPLES.glob("*.txt"))):
        return [p.rstrip() + "\n" for p in pieces]
    return [synthetic_dump(seed) for seed in range(20)]


def synthetic_dump(seed: int) -> str:
    """Shuffle the sample's stories and lines a little, so repeated text is not one fixed string."""
    import random

    rng = random.Random(seed)
    stories = [
        s for s in "\n".join(p.read_text(encoding="utf-8") for p in SAMPLES.glob("*.txt")).split("\nTheo_")
    ]
    rng.shuffle(stories)
    return "\nTheo_".join(stories).rstrip() + "\n"


def build_text(target_bytes: int) -> str:
    pieces = corpus_pieces()
    out, size, k = [], 0, 0
    while size < target_bytes:
        piece = pieces[k % len(pieces)]
        out.append(piece)
        size += len(piece.encode("utf-8"))
        k += 1
    return "".join(out)


def chunked(text: str, size: int = 1 << 20):
    for i in range(0, len(text), size):
        yield text[i : i + size]


# ----------------------------------------------------------------------------- measurements


def build_export(target_bytes: int) -> str:
    from export_dumps import export_of_size

    return export_of_size("lexisnexis", target_bytes)


def bench_throughput(megabytes: float, runs: int = 1, *, export: bool = False) -> dict:
    """Split the same text ``runs`` times: this shared machine's load moves a run by a fifth or more."""
    text = build_export(int(megabytes * MB)) if export else build_text(int(megabytes * MB))
    size = len(text.encode("utf-8"))
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        stories = sum(1 for _ in Splitter().iter_stories(chunked(text)))
        times.append(time.perf_counter() - started)
    rates = sorted(size / MB / seconds for seconds in times)
    return {
        "bytes": size,
        "seconds": sorted(times),
        "stories": stories,
        "mbps": rates,
        "median_mbps": rates[len(rates) // 2],
        "splitter": compiled.describe(),
    }


def newsclust_command() -> list[str]:
    return [sys.executable, "-m", "newsclust"]


def bench_peak_rss(megabytes: float, timeout: float | None) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "big.txt")
        piece = build_text(8 * MB).encode("utf-8")
        written = 0
        with open(path, "wb") as handle:
            while written < megabytes * MB:
                handle.write(piece)
                written += len(piece)
        started = time.perf_counter()
        with open(os.devnull, "wb") as devnull:
            process = subprocess.Popen(
                [*newsclust_command(), "split", path, "--nl"], stdout=devnull, stderr=subprocess.PIPE
            )
            peak_kb, finished = 0, True
            while process.poll() is None:
                peak_kb = max(peak_kb, _vm_hwm_kb(process.pid))
                if timeout and time.perf_counter() - started > timeout:
                    finished = False
                    process.terminate()
                    break
                time.sleep(0.2)
            process.wait()
            stderr = process.stderr.read().decode(errors="replace")
            process.stderr.close()
        seconds = time.perf_counter() - started
        if finished and process.returncode != 0:
            raise SystemExit(f"split --nl failed ({process.returncode}): {stderr[-1000:]}")
        return {"bytes": written, "seconds": seconds, "peak_mb": peak_kb * 1024 / MB, "finished": finished}


def _vm_hwm_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def bench_single_line(megabytes: float) -> dict:
    sentence = (
        "The committee met again on Tuesday to discuss the budget, and members said the talks had gone "
        "better than expected, although questions about the cost of the new bridge remain open. "
    )
    text = sentence * int(megabytes * MB / len(sentence))
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "one-line.txt")
        Path(path).write_text(text, encoding="utf-8")
        started = time.perf_counter()
        result = subprocess.run([*newsclust_command(), "split", path, "--nl"], capture_output=True)
        seconds = time.perf_counter() - started
    stories = result.stdout.count(b"\n")
    return {"bytes": len(text), "seconds": seconds, "stories": stories, "returncode": result.returncode}


# ----------------------------------------------------------------------------- boundary F1


def f1_counts(matched: int, predicted: int, gold: int) -> float:
    """F1 of boundary counts pooled over files (each file matched by ``match_boundaries``)."""
    precision = matched / predicted if predicted else 0.0
    recall = matched / gold if gold else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def tiling_sample(kilobytes: int) -> list[Path]:
    """Whole dev dumps, alternating Vietnamese and English, until about ``kilobytes`` KB."""
    files = dump_files()
    by_set: dict[str, list[Path]] = {}
    for path in files:
        by_set.setdefault(path.parent.parent.name, []).append(path)
    chosen, size = [], 0
    queues = [list(v) for _, v in sorted(by_set.items())]
    while size < kilobytes * 1000 and any(queues):
        for queue in queues:
            if queue and size < kilobytes * 1000:
                path = queue.pop(0)
                chosen.append(path)
                size += path.stat().st_size
    return chosen


def texttiling_starts(text: str, stopwords: list[str]) -> list[int]:
    """Segment starts NLTK's TextTiling finds, as offsets into ``text``.

    TextTiling only places boundaries at paragraph breaks (blank lines); the dumps have one
    story line per line, so each line break is doubled first and offsets mapped back.
    """
    from nltk.tokenize.texttiling import TextTilingTokenizer

    doubled, back = [], []
    for i, ch in enumerate(text):
        doubled.append(ch)
        back.append(i)
        if ch == "\n":
            doubled.append("\n")
            back.append(i)
    back.append(len(text))
    doubled_text = "".join(doubled)
    segments = TextTilingTokenizer(stopwords=stopwords).tokenize(doubled_text)
    starts, position = [], 0
    for segment in segments:
        offset = position + (len(segment) - len(segment.lstrip()))
        if offset < len(doubled_text):
            starts.append(back[offset])
        position += len(segment)
    return starts


def english_stopwords() -> list[str]:
    try:
        from nltk.corpus import stopwords

        return stopwords.words("english")
    except LookupError:
        # the corpus is not installed and we do not download data here: a built-in list
        return (
            "a about above after again against all am an and any are as at be because been before being "
            "below "
            "between both but by can did do does doing down during each few for from further had has have "
            "having he her here hers herself him himself his how i if in into is it its itself just me more "
            "most my myself no nor not now of off on once only or other our ours ourselves out over own same "
            "she should so some such than that the their theirs them themselves then there these they this "
            "those through to too under until up very was we were what when where which while who whom why "
            "will with you your yours yourself yourselves"
        ).split()


def bench_texttiling(kilobytes: int) -> dict:
    # imported here: evaluate loads numpy, whose BLAS threads should not run beside the throughput
    from newsclust.evaluate import match_boundaries

    stopwords = english_stopwords()
    files = tiling_sample(kilobytes)
    if not files:
        raise SystemExit(
            f"no dev dumps with gold under {SHARED_DATA} (set NEWSCLUST_DATA); use --skip tiling"
        )
    counts = {"tiling": [0, 0, 0], "newsclust": [0, 0, 0]}
    tiling_seconds = newsclust_seconds = 0.0
    size = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        gold = [g["start"] for g in json.loads(path.with_name(path.name[:-4] + ".gold.json").read_text())]
        size += len(text.encode("utf-8"))
        started = time.perf_counter()
        tiled = texttiling_starts(text, stopwords)
        tiling_seconds += time.perf_counter() - started
        started = time.perf_counter()
        ours = [s.start for s in Splitter().split(text)]
        newsclust_seconds += time.perf_counter() - started
        for name, predicted in (("tiling", tiled), ("newsclust", ours)):
            counts[name][0] += len(match_boundaries(predicted, gold))
            counts[name][1] += len(predicted)
            counts[name][2] += len(gold)
    return {
        "files": [f"{p.parent.parent.name}/{p.name}" for p in files],
        "bytes": size,
        "tiling_mbps": size / MB / tiling_seconds,
        "tiling_f1": f1_counts(*counts["tiling"]),
        "newsclust_mbps": size / MB / newsclust_seconds,
        "newsclust_f1": f1_counts(*counts["newsclust"]),
    }


# ----------------------------------------------------------------------------- report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=50, help="MB of dump text for the throughput run")
    parser.add_argument("--runs", type=int, default=5, help="throughput runs over the same text")
    parser.add_argument("--export-mb", type=float, default=50, help="MB of LexisNexis-style export")
    parser.add_argument("--rss-mb", type=float, default=1000, help="size of the file for the memory run")
    parser.add_argument(
        "--rss-timeout", type=float, default=None, help="stop the memory run after this many s"
    )
    parser.add_argument("--line-mb", type=float, default=20, help="size of the file with no newline")
    parser.add_argument("--tiling-kb", type=int, default=200, help="KB of dev dumps for TextTiling")
    parser.add_argument(
        "--skip", action="append", default=[], choices=["throughput", "export", "rss", "line", "tiling"]
    )
    args = parser.parse_args(argv)

    rows = []
    if "throughput" not in args.skip:
        r = bench_throughput(args.mb, args.runs)
        rates, times = r["mbps"], r["seconds"]
        rows.append(
            (
                f"`Splitter().iter_stories` ({r['splitter']}), {r['bytes'] / MB:.0f} MB of dumps",
                f"{rates[0]:.1f} to {rates[-1]:.1f} MB/s, median {r['median_mbps']:.1f} "
                f"({times[0]:.1f} to {times[-1]:.1f} s, {r['stories']} stories; {len(rates)} runs)",
                ">= 20 MB/s",
            )
        )
        print(f"throughput: {r}", file=sys.stderr)
    if "export" not in args.skip:
        r = bench_throughput(args.export_mb, args.runs, export=True)
        rates, times = r["mbps"], r["seconds"]
        rows.append(
            (
                f"`Splitter().iter_stories` ({r['splitter']}), {r['bytes'] / MB:.0f} MB of a "
                "LexisNexis-style export",
                f"{rates[0]:.1f} to {rates[-1]:.1f} MB/s, median {r['median_mbps']:.1f} "
                f"({times[0]:.1f} to {times[-1]:.1f} s, {r['stories']} records; {len(rates)} runs)",
                "",
            )
        )
        print(f"export: {r}", file=sys.stderr)
    if "rss" not in args.skip:
        r = bench_peak_rss(args.rss_mb, args.rss_timeout)
        note = "" if r["finished"] else f", stopped after {r['seconds']:.0f} s"
        rows.append(
            (
                f"`newsclust split --nl`, {r['bytes'] / MB:.0f} MB file, peak RSS (VmHWM)",
                f"{r['peak_mb']:.0f} MB ({r['seconds']:.0f} s{note})",
                "< 500 MB",
            )
        )
        print(f"rss: {r}", file=sys.stderr)
    if "line" not in args.skip:
        r = bench_single_line(args.line_mb)
        rows.append(
            (
                f"`newsclust split --nl`, {r['bytes'] / MB:.0f} MB with no newline",
                f"{r['seconds']:.1f} s, {r['stories']} story, exit {r['returncode']}",
                "no crash",
            )
        )
        print(f"line: {r}", file=sys.stderr)
    if "tiling" not in args.skip:
        r = bench_texttiling(args.tiling_kb)
        sample = f"{r['bytes'] / 1000:.0f} KB of dev dumps ({len(r['files'])} files)"
        rows.append(
            (
                f"NLTK TextTiling, {sample}",
                f"{r['tiling_mbps']:.3f} MB/s, boundary F1 {r['tiling_f1']:.2f}",
                "",
            )
        )
        rows.append(
            (
                f"newsclust split, same {sample}",
                f"{r['newsclust_mbps']:.2f} MB/s, boundary F1 {r['newsclust_f1']:.2f}",
                "",
            )
        )
        print(f"tiling: {r}", file=sys.stderr)

    print("| measurement | result | bar |")
    print("|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
