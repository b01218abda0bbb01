"""Find where one story ends and the next begins in a dump of news text.

The splitter reads lines (streaming, with a few lines of look-ahead), weighs the evidence that
each line opens a story, and cuts every story into parts: headline, credit, body, caption,
boilerplate, related headlines, byline and attribution. It never alters the input: every
``Story`` and ``Part`` carries character offsets into the decoded text.

Evidence, not corpus quirks: the shape of a line (short, no full stop, capitalised), what came
before it (an attribution, a byline, the start of the input), what follows it (a long lede, a
dateline or an outlet mark), whether the lede restates the headline (rapidfuzz and word overlap)
and whether the topic changes across the line.

>>> stories = split_text("Rain returns\\nRain returned to the city on Monday, forecasters said.\\n"
...                      "Source: AP\\nMarkets fall\\nMarkets fell sharply as rain returned.\\n")
>>> [(s.title, s.source) for s in stories]
[('Rain returns', 'AP'), ('Markets fall', None)]

The package's modules are the splitter's stages, in the order text flows through them:
``lines`` (reading lines with offsets, unwrapping hard-wrapped paragraphs), ``shapes`` (what a line
looks like on its own), ``evidence`` (what says a line opens a story), ``glued`` (a headline run
into its lede), ``splitter`` (deciding boundaries over a window of lines) and ``parts`` (cutting a
story into its parts).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from newsclust.errors import InputError
from newsclust.io import expand_paths, input_name, iter_text
from newsclust.models import Story
from newsclust.split.evidence import standalone_features
from newsclust.split.glued import glued_candidates
from newsclust.split.lines import iter_lines, iter_unwrapped_lines
from newsclust.split.shapes import Line
from newsclust.split.splitter import Splitter

__all__ = [
    "Line",
    "Splitter",
    "glued_candidates",
    "iter_lines",
    "iter_unwrapped_lines",
    "split_files",
    "split_text",
    "standalone_features",
]


def split_text(text: str, *, name: str = "text", file: str | None = None, **params) -> list[Story]:
    """Split one decoded text into stories with offsets into ``text``.

    >>> [s.start for s in split_text("A headline here\\nIts lede follows here.\\n")]
    [0]
    """
    return Splitter(**params).split(text, name=name, file=file)


def split_files(
    paths: Iterable[str],
    *,
    encoding: str | None = None,
    splitter: Splitter | None = None,
    on_error: Callable[[InputError], None] | None = None,
) -> Iterator[Story]:
    """Stories of every file (folders expanded to their .txt files, ``-`` for stdin), streamed.

    Story ids are ``<path without .txt>#<n>``, unique across the run. A file that cannot be read
    or decoded raises InputError, unless ``on_error`` is given: then it is called with the error
    and the other files are still split.
    """
    splitter = splitter or Splitter()
    for path in expand_paths(paths):
        name = input_name(path)
        try:
            yield from splitter.iter_stories(iter_text(path, encoding), name=name, file=path)
        except InputError as error:
            if on_error is None:
                raise
            on_error(error)
