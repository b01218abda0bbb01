"""Build newsclust, compiling the splitter's modules to C with mypyc where this machine can.

The package is pure Python. mypyc compiles the modules of ``newsclust/split/`` and ``newsclust/normalize.py``
as they are (the same source, type-checked) into C extensions, which split text about 1.9 times as
fast (README, "Speed"). Anything that stops the build (no C compiler, no Python headers, a mypyc
error) leaves the pure-Python modules in place, which give the same output.

    pip install .                          # compiled where possible
    NEWSCLUST_COMPILE=0 pip install -e .   # pure Python: edits to the modules take effect at once

An editable install keeps the compiled modules next to their source and Python prefers them: after
editing split/ or normalize.py, install again (or ``python setup.py build_ext --inplace``), or
newsclust warns that its compiled modules were built from another source (compiled.json holds
the digests of the sources they were built from).
"""

from __future__ import annotations

import hashlib
import json
import os
import runpy
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
# the modules newsclust/compiled.py names (it needs nothing but the standard library, so it can be
# read here, where newsclust's dependencies are not installed)
MODULES = runpy.run_path(str(HERE / "newsclust" / "compiled.py"))["MODULES"]
COMPILED = [
    name.replace(".", "/") + ("/__init__.py" if (HERE / name.replace(".", "/")).is_dir() else ".py")
    for name in MODULES
]


class OptionalBuildExt(build_ext):
    """Build the compiled modules, or say why not and install the pure-Python ones."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # noqa: BLE001 - any failure means the pure-Python fallback
            _skip(f"the C build failed ({error})")
            return
        if self.extensions:
            self._record_sources()

    def _record_sources(self) -> None:
        """Write the digest of each compiled module's source beside the compiled modules (the
        source tree for an editable install), so newsclust can tell when a source changed after the
        build (newsclust/compiled.py)."""
        folders: dict[Path, dict[str, str]] = {}  # one record a folder of compiled modules
        for name, path in zip(MODULES, COMPILED):
            module = name if not path.endswith("__init__.py") else name + ".__init__"
            target = Path(self.get_ext_fullpath(module)).parent
            folders.setdefault(target, {})[Path(path).name] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        for target, digests in folders.items():
            (target / "compiled.json").write_text(json.dumps(digests, indent=2, sort_keys=True) + "\n")

    def build_extension(self, ext) -> None:
        try:
            super().build_extension(ext)
        except Exception as error:  # noqa: BLE001
            _skip(f"{ext.name} did not compile ({error})")


def _skip(why: str) -> None:
    why = " ".join(why.split())
    why = why if len(why) <= 160 else why[:157] + "..."  # a compiler's command line runs on
    print(f"newsclust: {why}; installing the pure-Python modules (same output, slower)", file=sys.stderr)


def ext_modules() -> list:
    if os.environ.get("NEWSCLUST_COMPILE", "1") == "0":
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        _skip("mypyc is not installed")
        return []
    try:
        # the build environment holds mypy alone: the other packages are not there to be read, and
        # the modules these import are type-checked only as far as the compiled ones use them
        flags = ["--ignore-missing-imports", "--follow-imports=silent"]
        return mypycify([*flags, *COMPILED], opt_level="3", debug_level="0")
    except (Exception, SystemExit) as error:  # mypyc exits on a type error
        _skip(f"mypyc could not compile {', '.join(COMPILED)} ({error})")
        return []


setup(ext_modules=ext_modules(), cmdclass={"build_ext": OptionalBuildExt})
