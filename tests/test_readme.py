"""The README's examples are real: their printed output is what the commands print today."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsclust.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _example_output(command: str) -> list[dict]:
    """The JSON lines printed under ``$ command`` in a README console block."""
    start = README.index("$ " + command + "\n") + len(command) + 3
    block = README[start : README.index("```", start)]
    return [json.loads(line) for line in block.splitlines() if line.strip()]


def _jq_fields(command: str) -> list[str]:
    """The keys of a jq object construction: ``{id, "end": .end}`` gives id and end."""
    body = command.split("jq -c", 1)[1]
    return [quoted or bare for quoted, bare in re.findall(r'(?:"(\w+)":\s*\.\w+|(\w+))\s*[,}]', body)]


def _console_blocks() -> list[list[tuple[str, list[str]]]]:
    """Each console block of the README as (command, the lines printed under it)."""
    blocks = []
    for block in re.findall(r"```console\n(.*?)```", README, re.S):
        commands: list[tuple[str, list[str]]] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                commands.append((line[2:], []))
            elif commands and line.strip():
                commands[-1][1].append(line)
        blocks.append(commands)
    return blocks


#: Blocks that show what their commands print are run as they are, in a folder holding samples/.
SHOWN = [block for block in _console_blocks() if any(printed for _, printed in block)]
JQ_FILTERS = re.findall(r"\| jq (?:-[a-z] )*'([^']+)'", README)


@pytest.fixture
def in_repo(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_readme_opens_with_install_run_and_test_commands():
    first = [line for line in README.splitlines() if line.startswith("$ ")][:2]
    assert first[0].startswith("$ pip install -e . && newsclust split samples/")
    assert first[1] == "$ pip install -e '.[test]' && pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    # CI installs the Spark engine's extra on top, so that its tests run ("Development")
    assert "pip install" in ci and "-e '.[test,spark]'" in ci and ci.rstrip().endswith("pytest")


def test_split_example_is_real(in_repo):
    command = (
        "newsclust split samples/taliban-russia-is.txt --nl "
        "| jq -c '{id, title, start, \"end\": .end, source}'"
    )
    result = CliRunner().invoke(cli, ["split", "samples/taliban-russia-is.txt", "--nl"])
    assert result.exit_code == 0, result.stderr
    fields = _jq_fields(command)
    printed = [{k: json.loads(line)[k] for k in fields} for line in result.stdout.splitlines()]
    assert printed == _example_output(command)


def test_cluster_example_is_real(in_repo):
    command = (
        "newsclust split samples/ | newsclust cluster - "
        "| jq -c '.[] | {id, \"label\": .label, size, keywords}'"
    )
    runner = CliRunner()
    stories = runner.invoke(cli, ["split", "samples/"])
    result = runner.invoke(cli, ["cluster", "-"], input=stories.stdout)
    assert result.exit_code == 0, result.stderr
    fields = _jq_fields(command)
    printed = [{k: thread[k] for k in fields} for thread in json.loads(result.stdout)]
    assert printed == _example_output(command)


def test_library_example_runs(in_repo, capsys):
    code = README.split("## Using it as a library", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    exec(compile(code, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "Taliban phủ nhận liên lạc với Nga để đánh IS" in out
    assert "Bridge reopens after two-day closure" in out


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
@pytest.mark.parametrize("expression", JQ_FILTERS)
def test_readme_jq_filters_compile_with_this_jq(expression):
    """Debian's jq 1.6 takes `end` and `label` for keywords: `{id, end}` is a syntax error there."""
    result = subprocess.run(["jq", "-n", expression], capture_output=True, text=True, input="")
    assert "compile error" not in result.stderr, result.stderr


@pytest.fixture(scope="module")
def readme_folder(tmp_path_factory):
    """One folder for the README's blocks, run in order: a later block reads what an earlier made."""
    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "samples", folder / "samples")
    return folder


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
@pytest.mark.parametrize("block", SHOWN, ids=[block[0][0][:60] for block in SHOWN])
def test_readme_console_block_prints_what_it_shows(block, readme_folder):
    env = {**os.environ, "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")}
    if shutil.which("newsclust", path=env["PATH"]) is None:
        pytest.skip("the newsclust command is not installed")
    for command, printed in block:
        result = subprocess.run(
            ["bash", "-o", "pipefail", "-c", command],
            cwd=readme_folder,
            env=env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, (command, result.stderr)
        if printed:
            assert result.stdout.replace("\r\n", "\n").splitlines() == printed, command
