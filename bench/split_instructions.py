#!/usr/bin/env python3
"""Count the CPU instructions ``Splitter().iter_stories`` spends on dump text, with callgrind.

    python bench/split_instructions.py            # 1.5 MB of the dev dumps, as installed
    python bench/split_instructions.py --pure     # the same modules run as plain Python
    python bench/split_instructions.py --export   # a LexisNexis-style export instead (split.records)

Wall-clock time on a shared 2-core machine varies by a third from run to run; an instruction count
does not, so this is the number to compare before and after a change to the splitter. It runs
the same script twice under ``valgrind --tool=callgrind`` (once splitting, once only preparing the
text) and prints the difference, per MB of UTF-8 input. Needs valgrind.

An instruction count stands for time only between builds of one kind: compiled code does more
per cycle than the interpreter, so compare a compiled count with a compiled one.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORKLOAD = """
import sys
sys.path.insert(0, {package!r})  # the checkout (compiled where built) or a copy of its source alone
from newsclust.normalize import detect_lang
from newsclust.split import Splitter
sys.path.insert(0, {bench!r})
import split_bench
text = split_bench.{build}({size})
# imports, first calls, the stopword lists and the whole-line patterns (each read or compiled on
# first use), in both runs
sum(1 for _ in Splitter().iter_stories([text[:5000]]))
from newsclust.split import shapes
for line in filter(None, map(str.strip, text.splitlines())):
    shapes._is_boilerplate(line), shapes._is_related_marker(line)
detect_lang("Pokémon maker Nintendo said on Tuesday that the talks had ended in a deal")
if {split}:
    sum(1 for _ in Splitter().iter_stories(split_bench.chunked(text)))
"""


def collected(split: bool, size: int, pure: bool, build: str = "build_text") -> int:
    with tempfile.TemporaryDirectory() as folder:
        package = ROOT
        if pure:  # the modules' source without the compiled ones beside it
            package = Path(folder, "pure")
            shutil.copytree(ROOT / "newsclust", package / "newsclust", ignore=shutil.ignore_patterns("*.so"))
        script = Path(folder, "workload.py")
        script.write_text(
            WORKLOAD.format(
                bench=str(ROOT / "bench"), package=str(package), size=size, split=split, build=build
            ),
            encoding="utf-8",
        )
        result = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={folder}/out",
                sys.executable,
                str(script),
            ],
            capture_output=True,
            text=True,
        )
    match = re.search(r"Collected : (\d+)", result.stderr)
    if result.returncode != 0 or match is None:
        raise SystemExit(f"callgrind failed: {result.stderr[-1000:]}")
    return int(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=1.5, help="MB of dump text to split")
    parser.add_argument("--pure", action="store_true", help="the modules as plain Python, not compiled")
    parser.add_argument("--export", action="store_true", help="a LexisNexis-style export, not dumps")
    args = parser.parse_args()
    build = "build_export" if args.export else "build_text"
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    size = int(args.mb * 1_000_000)
    instructions = collected(True, size, args.pure, build) - collected(False, size, args.pure, build)
    per_mb = instructions / 1e6 / args.mb
    how = "pure Python" if args.pure else "as installed"
    what = "export" if args.export else "dumps"
    millions = instructions / 1e6
    print(f"split {what} ({how}): {millions:,.0f} M instructions for {args.mb} MB, {per_mb:,.0f} M/MB")


if __name__ == "__main__":
    main()
