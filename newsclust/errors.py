"""Exceptions raised by the library and the exit statuses the command line maps them to."""

from __future__ import annotations

import enum


class ExitStatus(enum.IntEnum):
    """Every exit code ``newsclust`` uses, in one place (documented in the README)."""

    SUCCESS = 0
    ERROR = 1  # bad input, or some inputs failed while the rest were processed
    USAGE = 2  # wrong options or a path that does not exist
    BROKEN_PIPE = 0  # the reader went away (``| head``): not an error of ours
    INTERRUPTED = 130  # Ctrl-C


class NewsclustError(Exception):
    """Base class: a problem with the user's input or options, with a message saying what to do."""


class InputError(NewsclustError):
    """An input could not be read or decoded; ``path`` names it."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path


class DataError(NewsclustError):
    """The input was read but its content cannot be used (not JSON, missing fields, duplicate ids)."""


class ResourceError(NewsclustError):
    """The run could not finish on this machine: memory ran out, or a worker process died."""


class EngineError(NewsclustError):
    """The engine asked for cannot run here: ``--engine spark`` without pyspark or without Java."""


class InputWarning(UserWarning):
    """An input was read, but something in it is worth saying: an export cut off inside a record,
    a file that is only a cover page, a NUL byte in a text file. The command line prints it as one
    line on stderr and goes on."""
