"""Which of newsclust's modules run compiled, and whether a compiled build came from another source.

setup.py compiles the splitter's modules with mypyc where the machine can (a C compiler and the
Python headers), from the same source; elsewhere they run as plain Python with the same output.
In a source checkout (an editable install) the compiled modules sit beside their source and
Python loads them first, so an edit to a module of split/ would go unnoticed until the next install: that
case is warned about. (A file's time says nothing here: git rewrites files it checks out.)
"""

from __future__ import annotations

import hashlib
import json
import sys
import warnings
from pathlib import Path

#: The modules setup.py compiles, each after those it imports.
MODULES = (
    "newsclust.split",
    "newsclust.split.shapes",
    "newsclust.split.lines",
    "newsclust.split.evidence",
    "newsclust.split.glued",
    "newsclust.split.parts",
    "newsclust.split.record_lines",
    "newsclust.split.lexisnexis",
    "newsclust.split.factiva",
    "newsclust.split.records",
    "newsclust.split.prior",
    "newsclust.split.splitter",
    "newsclust.normalize",
)


def compiled_modules() -> list[str]:
    """The modules of ``MODULES`` that are loaded and run compiled."""
    return [name for name in MODULES if _is_compiled(getattr(sys.modules.get(name), "__file__", None))]


def stale_modules() -> list[str]:
    """The loaded compiled modules whose source was changed after the build."""
    return [
        name
        for name in MODULES
        if is_stale(getattr(sys.modules.get(name), "__file__", None))
    ]


def is_stale(built: str | None) -> bool:
    """Whether the compiled module at ``built`` (``<stem>.cpython-*.so``) was built from another
    source than the ``<stem>.py`` beside it (``__init__.py`` for a package), by the digests
    setup.py records in ``compiled.json`` there. Without that record (a build by hand) nothing is
    known, and nothing is said."""
    if not _is_compiled(built):
        return False
    package = Path(built).parent  # type: ignore[arg-type]
    stem = Path(built).name.split(".")[0]  # type: ignore[arg-type]
    source, record = package / f"{stem}.py", package / "compiled.json"
    if not source.is_file() or not record.is_file():
        return False
    try:
        digests = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return digests.get(source.name) != hashlib.sha256(source.read_bytes()).hexdigest()


def warn_if_stale() -> None:
    stale = stale_modules()
    if stale:
        warnings.warn(
            f"{', '.join(stale)} run compiled from another version of the source: install again "
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
