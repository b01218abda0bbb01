"""The command's environment: streams, terminal detection, and how failures become exit codes.

Modelled on httpie's ``Environment``: one object holds stdout/stderr and whether each is a
terminal, so commands never touch ``sys`` directly and tests can swap the streams.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

import click

from newsclust.errors import ExitStatus, InputWarning, NewsclustError

if TYPE_CHECKING:  # rich is imported only when a table or progress bar is drawn: it costs 35 ms
    from rich.console import Console


@dataclass
class Env:
    """Where output goes. ``stderr_console`` prints only warnings, progress and tables for people."""

    # sys.stdout at the time the Env is made (CliRunner swaps it); click.get_text_stream is
    # deprecated since click 8.2 and would fail the tests' filterwarnings=error.
    stdout: IO[str] = field(default_factory=lambda: sys.stdout)
    stderr: IO[str] = field(default_factory=lambda: sys.stderr)
    failures: list[str] = field(default_factory=list)

    @property
    def stdout_isatty(self) -> bool:
        return _isatty(self.stdout)

    @property
    def stderr_isatty(self) -> bool:
        return _isatty(self.stderr)

    def stderr_console(self) -> Console:
        from rich.console import Console

        return Console(file=self.stderr, stderr=True, force_terminal=self.stderr_isatty, soft_wrap=True)

    def stdout_console(self) -> Console:
        from rich.console import Console

        return Console(file=self.stdout, force_terminal=self.stdout_isatty, soft_wrap=False, width=160)

    def warn(self, message: str) -> None:
        """One line on stderr, prefixed with the program name."""
        click.echo(f"newsclust: {message}", file=self.stderr)

    def fail(self, problem: str | Exception) -> None:
        """Report a failure that does not stop the run (an ``on_error`` callback of the library);
        the command exits 1 at the end."""
        message = str(problem)
        self.failures.append(message)
        self.warn(message)


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def run_command(body: Callable[..., Any], /, **options: Any) -> None:
    """Run one command's body with an Env, mapping library errors and signals to exit codes.

    NewsclustError -> message on stderr, exit 1; Ctrl-C -> exit 130; a closed stdout pipe
    (``| head``) -> quiet exit. Failures recorded with ``env.fail`` make the exit 1 at the end.
    The library's ``InputWarning`` (an export cut off, a NUL byte) is one line on stderr, printed
    as it happens; it does not change the exit code.
    """
    env = Env()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always", InputWarning)
            shown = warnings.showwarning

            def show(message, category, filename, lineno, file=None, line=None):
                if issubclass(category, InputWarning):
                    env.warn(str(message))
                else:
                    shown(message, category, filename, lineno, file, line)

            warnings.showwarning = show
            body(env, **options)
    except NewsclustError as error:
        raise click.ClickException(str(error)) from None
    except MemoryError:
        raise click.ClickException(
            "out of memory: give fewer articles at a time (or split the input by day)"
        ) from None
    except KeyboardInterrupt:
        click.echo("newsclust: interrupted", file=env.stderr)
        sys.exit(ExitStatus.INTERRUPTED)
    except BrokenPipeError:
        _silence_broken_stdout()
        sys.exit(ExitStatus.BROKEN_PIPE)
    if env.failures:
        noun = "input" if len(env.failures) == 1 else "inputs"
        env.warn(f"{len(env.failures)} {noun} failed (see above); the rest were processed")
        sys.exit(ExitStatus.ERROR)


def _silence_broken_stdout() -> None:
    # Python flushes stdout again at exit and would print a second BrokenPipeError there.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
