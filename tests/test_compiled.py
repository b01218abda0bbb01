"""The compiled splitter (setup.py builds it with mypyc) against its own source run as plain Python.

mypyc compiles the split package and normalize.py as they are, but it runs them under stricter rules (declared
types are checked at run time, module constants are frozen): each compiled module must give the
same stories, byte for byte, as its source does when Python interprets it. Skipped where the build
fell back to pure Python, since then there is only one implementation.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from test_split_properties import dumps
from test_split_records import exports

import newsclust
from newsclust import compiled, normalize, split
from newsclust.errors import InputWarning

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PACKAGE = Path(newsclust.__file__).parent

needs_compiled = pytest.mark.skipif(
    not compiled.compiled_modules(), reason="newsclust was installed without its compiled modules"
)


@pytest.fixture(scope="module")
def pure():
    """normalize.py and the split package loaded from source, each pure module reading the pure
    ones before it, under their own names while they load (dataclasses look their module up)."""
    names = [name for name in compiled.MODULES if name != "newsclust.split"] + ["newsclust.split"]
    names.remove("newsclust.normalize")
    names.insert(0, "newsclust.normalize")
    saved = {name: sys.modules.get(name) for name in names}
    modules = {}
    try:
        for name in names:
            relative = Path(*name.split(".")[1:])
            path = PACKAGE / relative / "__init__.py"
            if not path.is_file():
                path = PACKAGE / f"{relative}.py"
            spec = importlib.util.spec_from_file_location(name, path)
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
            modules[name.rpartition(".")[2]] = module
    finally:
        sys.modules.update(saved)
    assert not compiled._is_compiled(modules["split"].__file__)
    assert not compiled._is_compiled(modules["splitter"].__file__)
    return modules


def stories(module, text: str) -> list[dict]:
    return [s.to_dict(explain=True) for s in module.Splitter().split(text, name="t")]


def corpus() -> list[Path]:
    files = sorted((ROOT / "samples").glob("*.txt"))
    files += sorted((SHARED / "seed").glob("*.txt"))
    files += sorted((SHARED / "data").glob("*/dumps/*.txt"))[:12]
    files += sorted((ROOT / "tests" / "exports").glob("*.txt"))  # database exports (split.records)
    return files


@needs_compiled
@pytest.mark.parametrize("path", corpus(), ids=lambda p: p.name)
def test_compiled_splitter_gives_what_its_source_gives(pure, path):
    text = path.read_text(encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)  # an export's own warnings are tested elsewhere
        for variant in (text, text.replace("\n", "\r\n"), text.replace("\n", "\n\n")):
            assert stories(split, variant) == stories(pure["split"], variant)


@needs_compiled
@given(text=dumps())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_compiled_splitter_matches_its_source_on_any_dump(pure, text):
    assert stories(split, text) == stories(pure["split"], text)


@needs_compiled
@pytest.mark.parametrize(
    "text",
    [
        "Phe đối lập Campuchia lại biểu tình",
        "Die Verhandlungen sind gescheitert, sagte der Minister am Montag",
        "The talks ended in a deal",
        "Taliban phu\u0309 nhận",  # decomposed
        "",
    ],
)
def test_compiled_normalize_matches_its_source(pure, text):
    source = pure["normalize"]
    assert normalize.detect_lang(text) == source.detect_lang(text)
    assert normalize.tokenize(text) == source.tokenize(text)
    assert normalize.normalize_text(text) == source.normalize_text(text)


def test_a_compiled_module_built_from_another_source_is_stale(tmp_path):
    built = tmp_path / "split.cpython-311-x86_64-linux-gnu.so"
    source = tmp_path / "split.py"
    built.write_bytes(b"")
    source.write_text("x = 1\n")
    assert not compiled.is_stale(str(built))  # no record of the build: nothing is known
    record = tmp_path / "compiled.json"
    record.write_text(json.dumps({"split.py": hashlib.sha256(b"x = 1\n").hexdigest()}))
    assert not compiled.is_stale(str(built))
    source.write_text("x = 2\n")
    assert compiled.is_stale(str(built))
    assert not compiled.is_stale(str(source))  # the source itself is never stale
    record.write_text("{not json")
    assert not compiled.is_stale(str(built))


def test_the_installed_build_is_current():
    # an edit to split/ after `pip install -e .` must not be tested (or shipped) unseen
    assert compiled.stale_modules() == []


@needs_compiled
@given(text=exports())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_compiled_export_reader_matches_its_source_on_any_export(pure, text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)
        assert stories(split, text) == stories(pure["split"], text)
