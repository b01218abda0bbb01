"""The README's examples are real: their printed output is what the commands print today."""

import json
import re
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
    return re.findall(r"(\w+)[,}]", command.split("jq -c", 1)[1])


@pytest.fixture
def in_repo(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_readme_opens_with_install_run_and_test_commands():
    first = [line for line in README.splitlines() if line.startswith("$ ")][:2]
    assert first[0].startswith("$ pip install -e . && newsclust split samples/")
    assert first[1] == "$ pip install -e '.[test]' && pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install" in ci and "-e '.[test]'" in ci and ci.rstrip().endswith("pytest")


def test_split_example_is_real(in_repo):
    command = "newsclust split samples/taliban-russia-is.txt --nl | jq -c '{id, title, start, end, source}'"
    result = CliRunner().invoke(cli, ["split", "samples/taliban-russia-is.txt", "--nl"])
    assert result.exit_code == 0, result.stderr
    fields = _jq_fields(command)
    printed = [{k: json.loads(line)[k] for k in fields} for line in result.stdout.splitlines()]
    assert printed == _example_output(command)


def test_cluster_example_is_real(in_repo):
    command = "newsclust split samples/ | newsclust cluster - | jq -c '.[] | {id, label, size, keywords}'"
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
