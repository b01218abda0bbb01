"""The ``newsclust`` command: a thin skin over the library.

Each command parses options, makes one library call and writes the records it yields. stdout
carries only data; warnings and errors go to stderr (see ``newsclust.console``).
"""

from __future__ import annotations

import contextlib

import click

from newsclust import __version__, compiled, defaults
from newsclust.console import Env, run_command

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _check_encoding(ctx, param, value):
    """An unknown codec is a usage error (exit 2), found before any file is read."""
    if value is None:
        return None
    import codecs

    try:
        codecs.lookup(value)
    except LookupError:
        raise click.BadParameter(f"unknown encoding {value!r} (try utf-8, utf-16, cp1258, cp1252)") from None
    return value


def _check_columns(ctx, param, value):
    if value is None:
        return None
    from newsclust.errors import NewsclustError
    from newsclust.formats.table import parse_columns

    try:
        return parse_columns(value)
    except NewsclustError as error:
        raise click.BadParameter(str(error).removeprefix("--columns: ")) from None


def _no_clash(**given) -> None:
    """At most one output form, and --explain only where it can be shown (a usage error else)."""
    chosen = [f"--{name}" for name in ("nl", "table", "csv", "tsv") if given.get(name)]
    if len(chosen) > 1:
        raise click.UsageError(f"{' and '.join(chosen)} cannot be used together: choose one output form")
    if given.get("explain") and chosen and chosen[0] != "--nl":
        raise click.UsageError(f"--explain cannot be used with {chosen[0]}: its parts and evidence are JSON")


_ENCODING_OPTION = click.option(
    "--encoding",
    callback=_check_encoding,
    help="Decode inputs with this codec (default: detect UTF-8/16, cp1258, cp1252).",
)
_COLUMNS_OPTION = click.option(
    "--columns",
    callback=_check_columns,
    metavar="FIELD=HEADER,...",
    help="Which columns of CSV/TSV/XLSX inputs hold which field, where the headers do not say: "
    "title=Headline,text=Story (fields: id, title, lede, text, time, source, url, lang, author).",
)
_ENGINE_OPTION = click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    show_default=True,
    help="Where the work runs: this process, or Apache Spark (pip install 'newsclust[spark]', Java 17+); "
    "the output is the same.",
)
_SPARK_MASTER_OPTION = click.option(
    "--spark-master",
    default="local[*]",
    show_default=True,
    metavar="URL",
    help="With --engine spark: the Spark master (local[N], spark://HOST:PORT, yarn, k8s://...).",
)
_CSV_OPTION = click.option("--csv", "as_csv", is_flag=True, help="Write CSV, header row first.")
_TSV_OPTION = click.option("--tsv", "as_tsv", is_flag=True, help="Write tab-separated values, header first.")


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(
    __version__, prog_name="newsclust", message=f"%(prog)s, version %(version)s ({compiled.describe()})"
)
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
@_CSV_OPTION
@_TSV_OPTION
@_COLUMNS_OPTION
@_ENCODING_OPTION
@_ENGINE_OPTION
@_SPARK_MASTER_OPTION
def split(
    paths, nl, table, output_dir, force, explain, as_csv, as_tsv, columns, encoding, engine, spark_master
):
    """Find where each story starts in dumps of news text and print the stories as JSON.

    PATHS are files, folders or - for stdin: text, web pages, DOCX/RTF/PDF exports (text is
    extracted and split), JSON, CSV, TSV or XLSX of articles (one story a record), any of them
    gzip- or bz2-compressed. Offsets (start, end) are characters into each file's decoded or
    extracted text; for a record, into its text.

    \b
    Examples:
        newsclust split samples/taliban-russia-is.txt
        newsclust split dumps/ --nl | jq -r .title
        cat dump.txt | newsclust split - --explain
        newsclust split dump.txt -o stories/
        newsclust split export.docx --csv > stories.csv
        newsclust split dumps/ --engine spark --nl
    """
    _no_clash(nl=nl, table=table, csv=as_csv, tsv=as_tsv, explain=explain)
    run_command(
        _split,
        paths=paths,
        lines=nl,
        table=table,
        output_dir=output_dir,
        force=force,
        explain=explain,
        delimiter="," if as_csv else "\t" if as_tsv else None,
        columns=columns,
        encoding=encoding,
        master=spark_master if engine == "spark" else None,
    )


def _split(
    env: Env, *, paths, lines, table, output_dir, force, explain, delimiter, columns, encoding, master
) -> None:
    from newsclust import io

    if output_dir:
        io.prepare_output_dir(output_dir, force=force)
    if master is not None:
        from newsclust.spark import session, split_inputs

        stories = split_inputs(
            session(master), paths, encoding=encoding, columns=columns, explain=explain,
            on_error=env.fail, on_warning=env.warn,
        )  # fmt: skip
    else:
        from newsclust.formats import split_inputs

        stories = split_inputs(
            paths, encoding=encoding, columns=columns, on_error=env.fail, on_warning=env.warn
        )
    if output_dir:
        stories = _also_write_files(stories, output_dir)
    records = (story.to_dict(explain=explain) for story in stories)
    if table:
        _story_table(env, list(records))
    elif delimiter:
        io.write_rows(records, env.stdout, io.STORY_COLUMNS, delimiter=delimiter)
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
        index.append(
            {
                "file": name,
                "id": story.id,
                "title": story.title,
                "source": story.source,
                "input": story.file,
                "start": story.start,
                "end": story.end,
            }
        )
        yield story
    with open(os.path.join(folder, "index.json"), "w", encoding="utf-8") as handle:
        json.dump(index, handle, ensure_ascii=False, indent=2)
        handle.write("\n")


def _story_table(env: Env, records) -> None:
    from rich.table import Table

    table = Table(title=f"{len(records)} stories", show_lines=False)
    for column in ("id", "title", "time", "start", "end", "source", "lang", "confidence"):
        table.add_column(column, overflow="fold", justify="right" if column in ("start", "end") else "left")
    for r in records:
        table.add_row(
            r["id"],
            r["title"],
            _shown_time(r["time"]),
            str(r["start"]),
            str(r["end"]),
            r["source"] or "",
            r["lang"] or "",
            f"{r['confidence']:.2f}",
        )
    env.stdout_console().print(table)


# ----------------------------------------------------------------------------- newsclust cluster


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True))
@click.option("--nl", is_flag=True, help="Write JSON Lines, one thread a line.")
@click.option("--table", is_flag=True, help="Show a table for people instead of JSON.")
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=defaults.THRESHOLD,
    show_default=True,
    help="Average similarity at which stories still join one thread (lower: larger threads).",
)
@click.option(
    "--event-threshold",
    type=click.FloatRange(0, 1),
    default=None,
    help="The same for events inside a thread; not below --threshold.  [default: --threshold]",
)
@click.option(
    "--min-size", type=click.IntRange(1), default=1, show_default=True, help="Leave out smaller threads."
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    help="Add the articles to this store (created if absent) and print its threads; see `newsclust threads`.",
)
@click.option(
    "--changed", is_flag=True, help="With --db: print only the threads this run made, grew or merged."
)
@click.option(
    "--replace", is_flag=True, help="With --db: replace stored articles whose id comes with other content."
)
@_CSV_OPTION
@_TSV_OPTION
@_COLUMNS_OPTION
@_ENCODING_OPTION
@_ENGINE_OPTION
@_SPARK_MASTER_OPTION
def cluster(
    paths,
    nl,
    table,
    threshold,
    event_threshold,
    min_size,
    db,
    changed,
    replace,
    as_csv,
    as_tsv,
    columns,
    encoding,
    engine,
    spark_master,
):
    """Group stories into threads of events and print the threads as JSON, largest first.

    PATHS are folders or files: .txt articles (headline on the first line, the id is the file's
    path in the folder without .txt), JSON, JSON Lines, CSV, TSV or XLSX of articles (one a
    record), web pages (one article each), DOCX/RTF/PDF exports (their stories), any of them
    gzip- or bz2-compressed, or - for the JSON that `newsclust split` prints. The output does not
    depend on the order of the inputs. --csv and --tsv write one row an article.

    \b
    Examples:
        newsclust split dumps/*.txt | newsclust cluster -
        newsclust cluster articles/ --table
        newsclust cluster articles.jsonl --threshold 0.1 --min-size 2 --nl | jq -r .label
        newsclust cluster articles.csv.gz --columns title=Headline,text=Story --csv > threads.csv
        newsclust cluster today/ --db news.db --changed
        newsclust cluster articles.jsonl --engine spark --spark-master 'local[4]'
    """
    _no_clash(nl=nl, table=table, csv=as_csv, tsv=as_tsv)
    if event_threshold is not None and event_threshold < threshold:
        raise click.BadParameter("must not be below --threshold", param_hint="--event-threshold")
    if (changed or replace) and not db:
        raise click.UsageError(f"{'--changed' if changed else '--replace'} needs --db")
    if db and engine == "spark":
        raise click.UsageError("--db runs on the local engine; --engine spark cannot be used with it")
    if db:
        # Options left at their defaults take the store's own (a store keeps the ones it was made with).
        source = click.get_current_context().get_parameter_source
        if source("threshold") == click.core.ParameterSource.DEFAULT:
            threshold = None
        if as_csv or as_tsv:
            raise click.UsageError("--db prints JSON (or --table); --csv and --tsv are not supported with it")
        run_command(
            _cluster_into_store,
            paths=paths,
            db=db,
            lines=nl,
            table=table,
            threshold=threshold,
            event_threshold=event_threshold,
            min_size=min_size,
            changed=changed,
            replace=replace,
            columns=columns,
            encoding=encoding,
        )
        return
    run_command(
        _cluster,
        paths=paths,
        lines=nl,
        table=table,
        threshold=threshold,
        event_threshold=event_threshold,
        min_size=min_size,
        delimiter="," if as_csv else "\t" if as_tsv else None,
        columns=columns,
        encoding=encoding,
        master=spark_master if engine == "spark" else None,
    )


def _cluster(
    env: Env,
    *,
    paths,
    lines,
    table,
    threshold,
    event_threshold,
    min_size,
    delimiter,
    columns,
    encoding,
    master,
) -> None:
    from newsclust import io
    from newsclust.cluster import ThreadClusterer
    from newsclust.formats import read_articles

    if master is not None:  # before reading: a machine without the engine is told at once
        from newsclust.spark import require_spark

        require_spark()
    articles = read_articles(
        paths, encoding=encoding, columns=columns, on_error=env.fail, on_warning=env.warn
    )
    if not articles:
        env.warn("no articles to cluster")
    if master is not None:
        from newsclust.spark import SparkThreadClusterer, articles_frame, session

        spark = session(master)
        clusterer = SparkThreadClusterer(
            threshold=threshold, event_threshold=event_threshold, min_size=min_size
        ).fit(articles_frame(spark, articles))
    else:
        with _progress_bar(env) as progress:
            clusterer = ThreadClusterer(
                threshold=threshold,
                event_threshold=event_threshold,
                min_size=min_size,
                n_jobs=-1,
                progress=progress,
            ).fit(articles)
    records = (thread.to_dict() for thread in clusterer.threads_)
    if table:
        _thread_table(env, clusterer.threads_)
    elif delimiter:
        times = {article.id: article.time for article in articles}
        rows = io.thread_rows(clusterer.threads_, times)
        io.write_rows(rows, env.stdout, io.ARTICLE_COLUMNS, delimiter=delimiter)
    else:
        io.write_json(records, env.stdout, lines=lines)


def _cluster_into_store(
    env: Env,
    *,
    paths,
    db,
    lines,
    table,
    threshold,
    event_threshold,
    min_size,
    changed,
    replace,
    columns,
    encoding,
) -> None:
    from newsclust.formats import read_articles
    from newsclust.store import ThreadStore

    articles = read_articles(
        paths, encoding=encoding, columns=columns, on_error=env.fail, on_warning=env.warn
    )
    with _progress_bar(env) as progress:
        store = ThreadStore(
            db, threshold=threshold, event_threshold=event_threshold, n_jobs=-1, progress=progress
        )
        with store:
            report = store.add(articles, replace=replace)
            threads = store.threads(ids=report.changed if changed else None)
    if env.stderr_isatty:
        env.warn(
            f"{db}: {report.added} added, {report.replaced} replaced, {report.skipped} already stored; "
            f"{len(report.new_threads)} new threads, {len(report.grown_threads)} grown, "
            f"{len(report.merged)} merged"
        )
    _write_threads(env, [t for t in threads if t.size >= min_size], lines=lines, table=table)


def _write_threads(env: Env, threads, *, lines: bool, table: bool) -> None:
    from newsclust import io

    if table:
        _thread_table(env, threads)
    else:
        io.write_json((thread.to_dict() for thread in threads), env.stdout, lines=lines)


def _check_date(ctx, param, value):
    """``--since``'s value as an ISO time to the minute (a click callback)."""
    if value is None:
        return None
    from datetime import datetime

    try:
        return datetime.fromisoformat(value).isoformat(timespec="minutes")
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (try 2024-03-01 or 2024-03-01T09:00)") from None


@cli.command()
@click.option("--db", required=True, type=click.Path(exists=True, dir_okay=False), help="The store to read.")
@click.option(
    "--since",
    callback=_check_date,
    metavar="DATE",
    help="Only threads with an article published on DATE (YYYY-MM-DD or an ISO time) or later.",
)
@click.option("--nl", is_flag=True, help="Write JSON Lines, one thread a line.")
@click.option("--table", is_flag=True, help="Show a table for people instead of JSON.")
def threads(db, since, nl, table):
    """Print the threads of a store made by `newsclust cluster --db`, largest first; nothing is added.

    The JSON is that of `newsclust cluster`, with `merged_from` on threads that others merged into.

    \b
    Examples:
        newsclust threads --db news.db --since 2024-03-01 --table
        newsclust threads --db news.db --nl | jq -r .label
    """
    _no_clash(nl=nl, table=table)
    run_command(_threads, db=db, since=since, lines=nl, table=table)


def _threads(env: Env, *, db, since, lines, table) -> None:
    from newsclust.store import ThreadStore

    with ThreadStore(db, create=False) as store:
        _write_threads(env, store.threads(since=since), lines=lines, table=table)


@contextlib.contextmanager
def _progress_bar(env: Env):
    """A callback(step, done, total) drawing a bar on stderr when it is a terminal, else None."""
    if not env.stderr_isatty:
        yield None
        return
    from rich.progress import Progress

    with Progress(console=env.stderr_console(), transient=True) as bar:
        task = bar.add_task("clustering", total=None)

        def update(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=total)

        yield update


def _thread_table(env: Env, threads) -> None:
    from rich.table import Table

    table = Table(title=f"{len(threads)} threads, {sum(t.size for t in threads)} stories")
    for column in ("id", "size", "events", "label", "first", "last", "keywords", "sources"):
        table.add_column(column, overflow="fold", justify="right" if column in ("size", "events") else "left")
    for t in threads:
        keywords, sources = ", ".join(t.keywords), ", ".join(t.sources)
        table.add_row(
            t.id,
            str(t.size),
            str(len(t.events)),
            t.label,
            _shown_time(t.first_time),
            _shown_time(t.last_time),
            keywords,
            sources,
        )
    env.stdout_console().print(table)


def _shown_time(value) -> str:
    """An ISO time as people read it in a table: "2024-03-02 09:15", the zone left to the JSON."""
    return "" if not value else str(value)[:16].replace("T", " ")


# ----------------------------------------------------------------------------- newsclust report


@cli.command()
@click.argument("threads", required=False, type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="The HTML file to write (- for stdout).",
)
@click.option(
    "--db",
    type=click.Path(exists=True, dir_okay=False),
    help="Read the threads of this store (made by `newsclust cluster --db`) instead of THREADS.",
)
@click.option(
    "--since",
    callback=_check_date,
    metavar="DATE",
    help="With --db: only threads with an article published on DATE or later.",
)
@click.option("--title", default=None, help="The page's title.  [default: newsclust threads]")
def report(threads, output, db, since, title):
    """Write one self-contained HTML page of the threads `newsclust cluster` printed.

    THREADS is that JSON (an array or JSON Lines; - for stdin), or --db names a store to read
    them from. The page needs no network: its CSS, script and data are inside it, so it opens
    offline and can be mailed.

    \b
    Examples:
        newsclust split samples/ | newsclust cluster - | newsclust report - -o report.html
        newsclust report threads.json -o report.html --title "Morning news"
        newsclust report --db news.db --since 2024-03-01 -o report.html
    """
    if (threads is None) == (db is None):
        raise click.UsageError(
            "give THREADS (a file or -) or --db, not both" if db else "give THREADS or --db"
        )
    if since and not db:
        raise click.UsageError("--since needs --db")
    run_command(_report, threads=threads, output=output, db=db, since=since, title=title)


def _report(env: Env, *, threads, output, db, since, title) -> None:
    from newsclust.errors import InputError
    from newsclust.report import DEFAULT_TITLE, read_threads, render_report

    if db is None:
        records = read_threads(threads)
    else:
        from newsclust.store import ThreadStore

        with ThreadStore(db, create=False) as store:
            records = [thread.to_dict() for thread in store.threads(since=since)]
    page = render_report(records, title=title or DEFAULT_TITLE)
    if output == "-":
        env.stdout.write(page)
        env.stdout.flush()
        return
    try:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(page)
    except OSError as error:
        raise InputError(output, f"cannot write the report ({error.strerror or error})") from None


# ----------------------------------------------------------------------------- newsclust eval


@cli.group("eval")
def eval_group() -> None:
    """Score split or cluster output against labels, to choose options such as a threshold.

    Prints one JSON object of scores on stdout (--table for people).

    \b
    Examples:
        newsclust cluster articles/ | newsclust eval clusters - --gold labels.jsonl
        newsclust split dump.txt | newsclust eval split - --gold dump.gold.json --text dump.txt
    """


_EXISTING_FILE_OR_STDIN = click.Path(exists=True, dir_okay=False, allow_dash=True)


@eval_group.command("clusters")
@click.argument("prediction", type=_EXISTING_FILE_OR_STDIN)
@click.option(
    "--gold",
    required=True,
    type=_EXISTING_FILE_OR_STDIN,
    help="JSON Lines (or a JSON array) with the true 'cluster' of each article 'id'.",
)
@click.option(
    "--level",
    type=click.Choice(["events", "threads", "both", "event", "thread"]),
    default="both",
    show_default=True,
    help="Which grouping to score: events against the gold's 'cluster', threads against its "
    "'thread' (or 'cluster' where it has no 'thread').",
)
@click.option("--table", is_flag=True, help="Show a table for people instead of JSON.")
def eval_clusters(prediction, gold, level, table):
    """Score clusters against gold labels: B-cubed and pairwise P/R/F1, ARI, NMI, AMI.

    PREDICTION is the output of `newsclust cluster` (a JSON array or JSON Lines of threads) or
    JSON Lines of {id, cluster}; - reads it from stdin. GOLD articles missing from the
    prediction count as clusters of their own; predicted ids not in GOLD are ignored. Both are
    counted in the output and named on stderr. The gold is read as it is: events against its
    'cluster' labels, threads against its 'thread' labels where it has them; a level the gold has
    no labels for is left out with a warning.

    \b
    Examples:
        newsclust cluster articles/ > threads.json
        newsclust eval clusters threads.json --gold articles.jsonl
        newsclust cluster articles/ | newsclust eval clusters - --gold labels.jsonl --level events --table
        newsclust eval clusters my-labels.jsonl --gold labels.jsonl
    """
    if prediction == "-" and gold == "-":
        raise click.UsageError("PREDICTION and --gold cannot both be - (stdin)")
    run_command(_eval_clusters, prediction=prediction, gold=gold, level=level, table=table)


@eval_group.command("split")
@click.argument("stories", type=_EXISTING_FILE_OR_STDIN)
@click.option(
    "--gold",
    "golds",
    required=True,
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A JSON array of the true stories {start, title} of one file; repeat for several files, "
    "matched to stories by file name (dump.gold.json goes with dump.txt).",
)
@click.option(
    "--text",
    "texts",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="The dump that was split, to compute Pk and WindowDiff; repeat like --gold.",
)
@click.option(
    "--tolerance",
    type=click.IntRange(min=0),
    default=3,
    show_default=True,
    help="A predicted start this many characters or fewer from a gold start matches it.",
)
@click.option("--encoding", help="Decode --text files with this codec (default: detect, as split does).")
@click.option("--table", is_flag=True, help="Show a table for people instead of JSON.")
def eval_split(stories, golds, texts, tolerance, encoding, table):
    """Score story boundaries: boundary P/R/F1, headline accuracy, Pk and WindowDiff.

    STORIES is the output of `newsclust split` (a JSON array or JSON Lines; - for stdin); each
    story's start and title are scored, grouped by its file when there are several. Pk and
    WindowDiff are computed over lines and need the text that was split (--text).

    \b
    Examples:
        newsclust split dump.txt | newsclust eval split - --gold dump.gold.json --text dump.txt
        newsclust split dumps/*.txt > stories.json
        newsclust eval split stories.json --gold dumps/a.gold.json --gold dumps/b.gold.json --table
    """
    if stories == "-" and "-" in texts:
        raise click.UsageError("STORIES and --text cannot both be - (stdin)")
    run_command(
        _eval_split,
        stories=stories,
        golds=golds,
        texts=texts,
        tolerance=tolerance,
        encoding=encoding,
        table=table,
    )


def _input_label(path: str) -> str:
    return "stdin" if path == "-" else path


def _eval_clusters(env: Env, *, prediction, gold, level, table) -> None:
    from newsclust import evaluate, io

    predicted = evaluate.parse_records(io.read_text(prediction), _input_label(prediction))
    gold_records = evaluate.parse_records(io.read_text(gold), _input_label(gold))
    levels = evaluate.LEVELS if level == "both" else (level.rstrip("s") + "s",)
    result = evaluate.evaluate_clusters(predicted, gold_records, levels=levels)
    for warning in result.get("warnings", []):
        env.warn(warning)
    first = next(value for value in result.values() if isinstance(value, dict))
    if first["missing"]:
        env.warn(
            f"{first['missing']} gold articles are not in the prediction; "
            f"each counted as a cluster of its own ({_some(first['missing_ids'])})"
        )
    if first["extra"]:
        env.warn(
            f"{first['extra']} predicted ids are not in the gold and were ignored "
            f"({_some(first['extra_ids'])})"
        )
    if table:
        _cluster_scores_table(env, result)
    else:
        _write_object(env, result)


def _eval_split(env: Env, *, stories, golds, texts, tolerance, encoding, table) -> None:
    from newsclust import evaluate, io

    gold_by_name = _by_stem(golds, "--gold", lambda path: evaluate.parse_records(io.read_text(path), path))
    text_by_name = _by_stem(texts, "--text", lambda path: io.read_text(path, encoding))
    records = evaluate.parse_records(io.read_text(stories), _input_label(stories))
    result = evaluate.evaluate_split(records, gold_by_name, texts=text_by_name, tolerance=tolerance)
    for name in result["unmatched_files"]:
        env.warn(f"stories from {name} have no --gold named like their file and were not scored")
    if len(gold_by_name) > 1:
        for scored in result["files"]:
            if not scored["predicted"]:
                env.warn(f"no stories from {scored['file']}; its gold stories all count as missed")
    if not text_by_name:
        result["note"] = "Pk and WindowDiff need --text (the text that was split)"
        env.warn(result["note"])
    if table:
        _split_scores_table(env, result)
    else:
        _write_object(env, result)


def _by_stem(paths, option, load):
    from newsclust.errors import DataError
    from newsclust.evaluate import file_stem

    loaded = {}
    for path in paths:
        name = file_stem(path)
        if name in loaded:
            raise DataError(f"two {option} files are named {name!r}; they would score the same file")
        loaded[name] = load(path)
    return loaded


def _some(ids, shown=5) -> str:
    listed = ", ".join(ids[:shown])
    return listed + (", ..." if len(ids) > shown else "")


def _write_object(env: Env, result) -> None:
    import json

    env.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    env.stdout.flush()


def _score(value) -> str:
    return "" if value is None else f"{value:.3f}"


def _cluster_scores_table(env: Env, result) -> None:
    from rich.table import Table

    levels = [name for name, value in result.items() if isinstance(value, dict)]
    first = result[levels[0]]
    title = f"{first['articles']} gold articles, {first['missing']} missing, {first['extra']} extra"
    table = Table(title=title)
    table.add_column("score")
    for name in levels:
        table.add_column(name, justify="right")
    rows = [
        ("clusters (gold)", lambda s: f"{s['clusters']['predicted']} ({s['clusters']['gold']})"),
        ("B-cubed precision", lambda s: _score(s["bcubed"]["precision"])),
        ("B-cubed recall", lambda s: _score(s["bcubed"]["recall"])),
        ("B-cubed F1", lambda s: _score(s["bcubed"]["f1"])),
        ("pairwise precision", lambda s: _score(s["pairwise"]["precision"])),
        ("pairwise recall", lambda s: _score(s["pairwise"]["recall"])),
        ("pairwise F1", lambda s: _score(s["pairwise"]["f1"])),
        ("ARI", lambda s: _score(s["ari"])),
        ("NMI", lambda s: _score(s["nmi"])),
        ("AMI", lambda s: _score(s["ami"])),
    ]
    for label, cell in rows:
        table.add_row(label, *(cell(result[name]) for name in levels))
    env.stdout_console().print(table)


def _split_scores_table(env: Env, result) -> None:
    from rich.table import Table

    table = Table(title=f"story boundaries, tolerance {result['tolerance']} characters")
    columns = ("file", "gold", "found", "matched", "P", "R", "F1", "headlines", "Pk", "WindowDiff")
    for column in columns:
        table.add_column(column, justify="left" if column == "file" else "right")
    for row in [*result["files"], {"file": "all", **result["total"]}]:
        table.add_row(
            row["file"] or "(stdin)",
            str(row["gold"]),
            str(row["predicted"]),
            str(row["matched"]),
            _score(row["precision"]),
            _score(row["recall"]),
            _score(row["f1"]),
            _score(row["headline_accuracy"]),
            _score(row["pk"]),
            _score(row["window_diff"]),
        )
    env.stdout_console().print(table)


def main() -> None:  # pragma: no cover - console entry for python -m
    cli(prog_name="newsclust")


__all__ = ["cli", "Env"]
