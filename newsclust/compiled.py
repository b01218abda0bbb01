"""Which of newsclust's modules run compiled, and whether a compiled build is older than its source.

setup.py compiles the splitter's modules with mypyc where the machine can (a C compiler and the
Python headers), from the same source; elsewhere they run as plain Python with the same output.
In a source checkout (an editable install) the compiled modules sit beside their source and
Python loads them first, so an edit to split.py would go unnoticed until the next install: that
case is warned about.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

#: The modules setup.py compiles.
MODULES = ("newsclust.split", "newsclust.normalize")


def compiled_modules() -> list[str]:
    """The modules of ``MODULES`` that are loaded and run compiled."""
    return [name for name in MODULES if _is_compiled(getattr(sys.modules.get(name), "__file__", None))]


def stale_modules() -> list[str]:
    """The loaded compiled modules of a source checkout whose source was changed after the build."""
    return [
        name
        for name in MODULES
        if is_stale(name.rpartition(".")[2], getattr(sys.modules.get(name), "__file__", None))
    ]


def is_stale(stem: str, built: str | None) -> bool:
    """Whether the compiled module at ``built`` is older than its source ``<stem>.py`` beside it, in a
    source checkout (a folder with setup.py above the package). An installed package has no setup.py
    there, and its files' times say nothing of the build."""
    if not _is_compiled(built):
        return False
    built_path = Path(built)  # type: ignore[arg-type]
    source = built_path.with_name(stem + ".py")
    checkout = built_path.parent.parent
    if not (checkout / "setup.py").is_file() or not source.is_file():
        return False
    # mypyc puts the compiled code of all the modules in one library beside the package, and an
    # incremental build rewrites that library but leaves the small per-module stubs as they were
    times = [path.stat().st_mtime for path in (built_path, *checkout.glob("*__mypyc.*"))]
    return source.stat().st_mtime > max(times)


def warn_if_stale() -> None:
    stale = stale_modules()
    if stale:
        warnings.warn(
            f"{', '.join(stale)} run compiled from an older source: install again "
            "(pip install -e .) for your edits to take effect",
            RuntimeWarning,
            stacklevel=2,
        )


def _is_compiled(file: str | None) -> bool:
    return file is not None and not file.endswith((".py", ".pyc"))


def describe() -> str:
    """One line for ``newsclust --version``: how the splitter runs."""
    if compiled_modules():
        return "splitter compiled with mypyc"
    return "pure Python"
