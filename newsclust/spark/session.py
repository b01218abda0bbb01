"""A SparkSession for newsclust, and the one-line errors for a machine that cannot start one.

pyspark is an optional dependency (``pip install 'newsclust[spark]'``) and Spark runs on Java 17
or later; nothing here imports pyspark until a session is asked for, so ``import newsclust``
never pays for it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsclust.errors import EngineError

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import SparkSession

__all__ = ["INSTALL_SPARK", "JAVA_VERSION", "java_version", "require_spark", "session"]

INSTALL_SPARK = "pip install 'newsclust[spark]'"
#: The oldest Java that Spark 4 runs on (Spark 3.5 runs on 8 to 17): newsclust asks for 17.
JAVA_VERSION = 17


def java_version() -> int | None:
    """The major version of the ``java`` Spark would start ($JAVA_HOME's, else the one on PATH);
    None when there is none."""
    home = os.environ.get("JAVA_HOME")
    java = os.path.join(home, "bin", "java") if home else shutil.which("java")
    if not java or not os.path.exists(java):
        return None
    try:
        done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr + done.stdout)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major  # "1.8.0" is Java 8


def require_spark() -> None:
    """Raise EngineError, saying what to install, unless pyspark (with pandas and pyarrow, which
    its pandas functions need) and Java 17 or later are here."""
    missing = []
    for module in ("pyspark", "pandas", "pyarrow"):
        try:
            __import__(module)
        except ImportError:
            missing.append(module)
    if missing:
        raise EngineError(
            f"the Spark engine needs {', '.join(missing)}, which {'is' if len(missing) == 1 else 'are'} "
            f"not installed: {INSTALL_SPARK}"
        )
    version = java_version()
    if version is None:
        raise EngineError(
            f"the Spark engine needs Java {JAVA_VERSION} or later and found none (set JAVA_HOME or put "
            f"java on PATH; on Debian or Ubuntu: apt-get install openjdk-{JAVA_VERSION}-jre-headless)"
        )
    if version < JAVA_VERSION:
        raise EngineError(
            f"the Spark engine needs Java {JAVA_VERSION} or later and found Java {version} "
            "(set JAVA_HOME to a newer one)"
        )


def session(
    master: str = "local[*]",
    *,
    app_name: str = "newsclust",
    driver_memory: str | None = None,
    config: dict[str, Any] | None = None,
) -> SparkSession:
    """A SparkSession on ``master`` (``local[*]``: this machine, one worker thread per core).

    In local mode the driver and the executors are one JVM, so ``driver_memory`` (default 4g) is
    their heap; shuffles use a few partitions a core rather than Spark's 200, and the web UI is
    off. On a cluster (``spark://``, ``yarn``, ``k8s://``) Spark's own settings stand, with
    ``config`` on top. Python workers run this interpreter, which has newsclust installed.

    >>> spark = session("local[2]")  # doctest: +SKIP
    """
    require_spark()
    from pyspark.sql import SparkSession

    # The workers must import newsclust: run them on this interpreter, not on the first python3.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    logging = "-Dlog4j2.configurationFile=" + Path(__file__).with_name("log4j2.properties").as_uri()
    settings: dict[str, Any] = {
        "spark.driver.extraJavaOptions": logging,
        "spark.executor.extraJavaOptions": logging,
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.log.level": "ERROR",
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        # Python's strings in Arrow batches: big enough to keep the workers busy, small enough
        # that a batch of long articles stays a few megabytes.
        "spark.sql.execution.arrow.maxRecordsPerBatch": "2000",
    }
    match = re.fullmatch(r"local(?:\[(\*|\d+)(?:,\d+)?\])?", master)
    if match:
        cores = (os.cpu_count() or 1) if match.group(1) in (None, "*") else int(match.group(1))
        settings.update(
            {
                "spark.driver.memory": driver_memory or "4g",
                "spark.driver.maxResultSize": "0",
                "spark.sql.shuffle.partitions": str(max(2, 4 * cores)),
                "spark.default.parallelism": str(max(2, 2 * cores)),
                "spark.local.dir": os.environ.get("SPARK_LOCAL_DIRS", _temp_dir()),
            }
        )
    elif driver_memory:
        settings["spark.driver.memory"] = driver_memory
    settings.update(config or {})
    builder = SparkSession.builder.master(master).appName(app_name)
    for key, value in settings.items():
        builder = builder.config(key, value)
    try:
        with _jvm_output_to(_log_file()):
            spark = builder.getOrCreate()
    except Exception as error:  # noqa: BLE001 - the JVM failed to start: say so in one line
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise EngineError(f"Spark did not start on {master} ({first})") from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


@contextlib.contextmanager
def _jvm_output_to(path: str) -> Iterator[None]:
    """Start the JVM with its stderr in ``path``: its start-up banner and log lines are not the
    command's output (errors still reach Python as exceptions)."""
    from pyspark import SparkContext

    if SparkContext._gateway is not None:  # the JVM runs already
        yield
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(path, "ab") as log:
            os.dup2(log.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _log_file() -> str:
    return os.path.join(_temp_dir(), "spark.log")


def _temp_dir() -> str:
    import tempfile

    return os.path.join(tempfile.gettempdir(), "newsclust-spark")
