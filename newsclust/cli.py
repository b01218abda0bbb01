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
    from newsclust.commands import split_command

    run_command(
        split_command,
        paths=paths,
        lines=nl,
        table=table,
        output_dir=output_dir,
        force=force,
        explain=explain,
        encoding=encoding,
    )


def main() -> None:  # pragma: no cover - console entry for python -m
    cli(prog_name="newsclust")


__all__ = ["cli", "Env"]
