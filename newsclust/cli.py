"""The ``newsclust`` command: a thin skin over the library.

Each command parses options, makes one library call and writes the records it yields. stdout
carries only data; warnings and errors go to stderr (see ``newsclust.console``).
"""

from __future__ import annotations

import click

from newsclust import __version__
from newsclust.console import Env, run_command

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="newsclust")
def cli() -> None:
    """Turn dumps of news articles into stories, and stories into event threads.

    \b
    Example, the whole job on a dump:
        newsclust split dump.txt | newsclust cluster - | jq '.[] | .label'

    Exit codes: 0 success, 1 bad or partly unreadable input, 2 usage error, 130 interrupted.
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True))
@click.option("--nl", is_flag=True, help="Write JSON Lines, one story a line, as stories are found.")
@click.option("--table", is_flag=True, help="Show a table for people instead of JSON.")
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, writable=True),
    help="Also write one .txt per story (headline first) and an index.json into this folder.",
)
@click.option("--force", is_flag=True, help="With -o: overwrite files already in the folder.")
@click.option("--explain", is_flag=True, help="Add each story's parts and the evidence for its boundary.")
@click.option("--encoding", help="Decode inputs with this codec (default: detect UTF-8/16, cp1258, cp1252).")
def split(paths, nl, table, output_dir, force, explain, encoding):
    """Find where each story starts in dumps of news text and print the stories as JSON.

    PATHS are text files, folders of .txt files, or - for stdin. Offsets (start, end) are
    characters into each file's decoded text.

    \b
    Examples:
        newsclust split samples/taliban-russia-is.txt
        newsclust split dumps/ --nl | jq -r .title
        cat dump.txt | newsclust split - --explain
        newsclust split dump.txt -o stories/
    """
    run_command(
        _split,
        paths=paths,
        lines=nl,
        table=table,
        output_dir=output_dir,
        force=force,
        explain=explain,
        encoding=encoding,
    )


def _split(env: Env, *, paths, lines, table, output_dir, force, explain, encoding) -> None:
    from newsclust import io
    from newsclust.split import split_files

    if output_dir:
        io.prepare_output_dir(output_dir, force=force)
    stories = split_files(paths, encoding=encoding, on_error=lambda error: env.fail(str(error)))
    if output_dir:
        stories = _also_write_files(stories, output_dir)
    records = (story.to_dict(explain=explain) for story in stories)
    if table:
        _story_table(env, list(records))
    else:
        io.write_json(records, env.stdout, lines=lines)


def _also_write_files(stories, folder):
    import json
    import os

    from newsclust import io

    index = []
    for number, story in enumerate(stories, 1):
        name = io.safe_file_name(story.title, number)
        io.write_story_file(folder, name, story.title, story.text)
        index.append({"file": name, "id": story.id, "title": story.title, "source": story.source,
                      "input": story.file, "start": story.start, "end": story.end})
        yield story
    with open(os.path.join(folder, "index.json"), "w", encoding="utf-8") as handle:
        json.dump(index, handle, ensure_ascii=False, indent=2)
        handle.write("\n")


def _story_table(env: Env, records) -> None:
    from rich.table import Table

    table = Table(title=f"{len(records)} stories", show_lines=False)
    for column in ("id", "title", "start", "end", "source", "lang", "confidence"):
        table.add_column(column, overflow="fold", justify="right" if column in ("start", "end") else "left")
    for r in records:
        table.add_row(r["id"], r["title"], str(r["start"]), str(r["end"]), r["source"] or "",
                      r["lang"] or "", f"{r['confidence']:.2f}")
    env.stdout_console().print(table)


def main() -> None:  # pragma: no cover - console entry for python -m
    cli(prog_name="newsclust")


__all__ = ["cli", "Env"]
