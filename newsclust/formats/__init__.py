"""Every kind of input, read into what the steps after it take: text to split, or articles.

| kind | told by | becomes |
| --- | --- | --- |
| plain text (``.txt``, any other text) | content | text for the splitter (``cluster``: one article) |
| JSON, JSON Lines (``.json``, ``.jsonl``) | name | one article a record |
| CSV, TSV (``.csv``, ``.tsv``), Excel (``.xlsx``) | name | one article a row (``formats.table``) |
| web page (``.html``) | ``<html>`` / name | one article; a list of stories becomes text to split |
| DOCX, RTF, PDF | magic bytes | text to split (an export's records), offsets into that text |
| any of them gzip- or bz2-compressed | magic bytes | what is inside |

Web pages, DOCX, RTF, PDF and XLSX need the libraries of ``pip install 'newsclust[formats]'``;
without them such a file is refused by name (InputError) and the other inputs are still read.
Dates are read into ISO 8601 (``newsclust.dates``); one that cannot be read is reported through
``on_warning`` and its record kept without a time.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from itertools import islice
from operator import itemgetter
from typing import IO

from newsclust import io
from newsclust.dates import is_date_field, parse_date, story_time
from newsclust.errors import DataError, InputError, NewsclustError
from newsclust.formats import detect
from newsclust.formats.detect import SUFFIXES, kind_of, open_input
from newsclust.formats.table import FIELDS, parse_columns
from newsclust.models import Article, Story, with_time
from newsclust.normalize import story_lang

__all__ = [
    "Document",
    "FIELDS",
    "INSTALL_FORMATS",
    "SUFFIXES",
    "input_files",
    "kind_of",
    "open_input",
    "parse_columns",
    "read_articles",
    "read_document",
    "split_inputs",
]

INSTALL_FORMATS = "pip install 'newsclust[formats]'"
_KIND_NAMES = {
    detect.HTML: "web page",
    detect.DOCX: "DOCX",
    detect.RTF: "RTF",
    detect.PDF: "PDF",
    detect.XLSX: "Excel",
}
#: The libraries each optional kind is read with (the formats extra installs them).
_LIBRARIES = {
    detect.HTML: "trafilatura and lxml_html_clean",
    detect.DOCX: "python-docx",
    detect.RTF: "striprtf",
    detect.PDF: "pypdf",
    detect.XLSX: "openpyxl",
}
_SHOWN = 5  # records named in a warning about many
#: Gold labels beside the dumps they score (what ``eval split --gold`` reads): not inputs.
GOLD_SUFFIX = ".gold.json"

Warn = Callable[[str], None]
OnError = Callable[[NewsclustError], None]


@dataclass
class Document:
    """One input, read: ``chunks`` of text for the splitter, or ``articles`` (records, rows, a page)."""

    path: str
    name: str
    kind: str
    chunks: Iterable[str] | None = None
    articles: list[Article] | None = None
    #: Text the splitter is given but that was not the file's own text (extracted from DOCX ...).
    extracted: bool = False


def input_files(paths: Iterable[str], *, on_warning: Warn | None = None) -> list[tuple[str, str | None]]:
    """``(path, folder it was found in or None)`` for every input: files named, every file of a
    kind newsclust reads below each folder (sorted, as ``io.expand_paths``), ``-`` first. Files of
    other kinds in a folder are counted in a warning, not left out in silence; gold files
    (``*.gold.json``) and hidden files are not inputs."""
    found: dict[str, str | None] = {}
    skipped: Counter[str] = Counter()
    stdin = False
    for path in paths:
        if path == io.STDIN:
            stdin = True
        elif os.path.isdir(path):
            for folder, subfolders, names in os.walk(path):
                subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
                for name in names:
                    if name.startswith(".") or name.lower().endswith(GOLD_SUFFIX):
                        continue
                    if name.lower().endswith(SUFFIXES):
                        found.setdefault(os.path.join(folder, name), path)
                    else:
                        skipped[os.path.splitext(name)[1].lower() or "(no suffix)"] += 1
        else:
            found[path] = None
    if skipped and on_warning is not None:
        kinds = ", ".join(f"{count} {suffix}" for suffix, count in sorted(skipped.items()))
        files = "1 file" if sum(skipped.values()) == 1 else f"{sum(skipped.values())} files"
        on_warning(
            f"left out {files} of kinds newsclust does not read ({kinds}); name a file to read it as text"
        )
    ordered = sorted(found, key=os.path.normpath)
    return ([(io.STDIN, None)] if stdin else []) + [(path, found[path]) for path in ordered]


def document_name(path: str, folder: str | None = None) -> str:
    """The name records of ``path`` are known by: its path (in ``folder``, when given), without
    ``.gz``/``.bz2`` and then ``.txt``; ``stdin`` for ``-``.

    >>> document_name("dumps/a.txt.gz"), document_name("news/x/b.txt", "news"), document_name("c.csv")
    ('dumps/a', 'x/b', 'c.csv')
    """
    if path == io.STDIN:
        return "stdin"
    name = os.path.relpath(path, folder) if folder is not None else os.path.normpath(path)
    name = name.replace(os.sep, "/")
    for suffix in detect.COMPRESSED_SUFFIXES:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name[:-4] if name.lower().endswith(".txt") else name


def read_document(
    path: str,
    *,
    name: str | None = None,
    encoding: str | None = None,
    columns: Mapping[str, str] | None = None,
    stdin_kind: str = detect.TEXT,
    stdin: IO[bytes] | None = None,
    on_warning: Warn | None = None,
) -> Document:
    """Open and read one input (``-`` for stdin, read as ``stdin_kind`` unless its bytes say
    otherwise). Text streams: its chunks are decoded as the splitter asks for them."""
    name = name or document_name(path)
    label = "stdin" if path == io.STDIN else path
    stream, kind, _ = open_input(path, stdin)
    if kind == detect.TEXT and path == io.STDIN:
        kind = stdin_kind
    if kind == detect.TEXT:
        return Document(
            path, name, kind, chunks=_closing(io.iter_decoded(stream, label, encoding), stream, label)
        )
    try:
        if kind == "zip":
            kind, data = detect.zip_kind(stream, label)
        else:
            data = stream.read()
    except (OSError, EOFError) as error:
        raise InputError(label, f"cannot be read ({error})") from None
    finally:
        stream.close()
    with _formats_extra(kind, label):
        return _read_whole(data, path, label, name, kind, encoding, columns, on_warning)


def _read_whole(data, path, label, name, kind, encoding, columns, on_warning) -> Document:
    if kind in (detect.JSON, detect.CSV, detect.TSV):
        text = _decoded(data, label, encoding)
        if kind == detect.JSON:
            articles = io.parse_article_records(text, label)
        else:
            from newsclust.formats.table import read_table

            delimiter = "\t" if kind == detect.TSV else None
            articles = _row_articles(
                read_table(text, label, delimiter=delimiter, columns=columns), name, label, on_warning
            )
        return Document(path, name, kind, articles=_iso_times(articles, label, on_warning))
    if kind == detect.XLSX:
        from newsclust.formats.table import read_xlsx

        articles = _row_articles(read_xlsx(data, label, columns=columns), name, label, on_warning)
        return Document(path, name, kind, articles=_iso_times(articles, label, on_warning))
    if kind == detect.HTML:
        from newsclust.formats.web import read_page

        page = read_page(_decoded(data, label, encoding or _declared_charset(data)), label)
        if page.listing is not None:
            return Document(path, name, kind, chunks=[page.listing], extracted=True)
        extra = {key: value for key, value in (("url", page.url), ("author", page.author)) if value}
        article = Article(
            id=name,
            title=page.title,
            text=page.text,
            source=page.source,
            time=page.date,
            lang=story_lang(page.title, page.text),
            extra=extra,
        )
        return Document(path, name, kind, articles=_iso_times([article], label, on_warning))
    from newsclust.formats import documents

    reader = {
        detect.DOCX: documents.docx_text,
        detect.RTF: documents.rtf_text,
        detect.PDF: documents.pdf_text,
    }
    return Document(path, name, kind, chunks=[reader[kind](data, label)], extracted=True)


def split_inputs(
    paths: Iterable[str],
    *,
    splitter=None,
    encoding: str | None = None,
    columns: Mapping[str, str] | None = None,
    on_error: OnError | None = None,
    on_warning: Warn | None = None,
) -> Iterator[Story]:
    """Stories of every input, streamed: text is split (each story dated from its own timestamp,
    dateline or byline where it has one); each record of JSON, CSV, a spreadsheet or a web page
    is one story, whose ``start``/``end`` span its ``text``.

    A file that cannot be read raises InputError (DataError when its records cannot be used),
    unless ``on_error`` is given: then it is called and the other inputs are still read.
    """
    if splitter is None:
        from newsclust.split import Splitter

        splitter = Splitter()
    for path, folder in input_files(paths, on_warning=on_warning):
        try:
            document = read_document(path, encoding=encoding, columns=columns, on_warning=on_warning)
            if document.articles is not None:
                yield from (_story_of(article, path) for article in document.articles)
            else:
                yield from _split_document(document, splitter, on_warning)
        except (InputError, DataError) as error:
            # a file that cannot be read, or a file in a folder whose records cannot be used, is
            # one input's problem: the others are still read. A named file or stdin of unusable
            # JSON stops the run, as that is all the user asked for.
            if on_error is None or (isinstance(error, DataError) and folder is None):
                raise
            on_error(error)


def read_articles(
    paths: Iterable[str],
    *,
    encoding: str | None = None,
    columns: Mapping[str, str] | None = None,
    on_error: OnError | None = None,
    on_warning: Warn | None = None,
    stdin: IO[bytes] | None = None,
) -> list[Article]:
    """Articles from every input: a .txt file is one article (headline on its first line; in a
    folder its id is its path there without .txt), ``-`` is the JSON ``newsclust split`` prints,
    records and rows are articles, and the stories split finds in an export document are too.

    A .txt article that split would cut into several stories is named through ``on_warning``.
    """
    articles: list[Article] = []
    dumps: list[str] = []
    for path, folder in input_files(paths, on_warning=on_warning):
        try:
            document = read_document(
                path,
                name=document_name(path, folder),
                encoding=encoding,
                columns=columns,
                stdin_kind=detect.JSON,
                stdin=stdin,
                on_warning=on_warning,
            )
            if document.articles is not None:
                articles.extend(document.articles)
            elif document.extracted:
                from newsclust.split import Splitter

                stories = _split_document(document, Splitter(), on_warning)
                articles.extend(_article_of(story) for story in stories)
            else:
                article, several = _text_article(document)
                articles.append(article)
                if several:
                    dumps.append(path)
        except (InputError, DataError) as error:
            # a file that cannot be read, or a file in a folder whose records cannot be used, is
            # one input's problem: the others are still read. A named file or stdin of unusable
            # JSON stops the run, as that is all the user asked for.
            if on_error is None or (isinstance(error, DataError) and folder is None):
                raise
            on_error(error)
    if dumps and on_warning is not None:
        shown = ", ".join(dumps[:_SHOWN]) + (
            f" and {len(dumps) - _SHOWN} more" if len(dumps) > _SHOWN else ""
        )
        noun = "article holds" if len(dumps) == 1 else "articles hold"
        on_warning(
            f"{len(dumps)} {noun} several stories as split reads them ({shown}); each is clustered "
            "as one article. To cluster their stories: newsclust split FILES | newsclust cluster -"
        )
    return articles


def _split_document(document: Document, splitter, on_warning: Warn | None) -> Iterator[Story]:
    """The stories of a document of text, each dated from its own parts where they give a date."""
    undated: list[str] = []
    for story in splitter.iter_stories(document.chunks or [], name=document.name, file=document.path):
        yield _dated(story, undated)
    if undated and on_warning is not None:
        label = "stdin" if document.path == io.STDIN else document.path
        on_warning(_unread_dates(label, undated, "story"))


# -- records ---------------------------------------------------------------------------------------


def _row_articles(records, name: str, label: str, on_warning: Warn | None) -> list[Article]:
    articles, empty = [], []
    for record in records:
        row_id = f"{name}#{record['row']}"
        text = "\n".join(part for part in (record.get("lede", ""), record.get("text", "")) if part)
        if not text:
            empty.append(record.get("id") or row_id)
            continue
        title = record.get("title", "")
        extra = {key: record[key] for key in ("url", "author") if record.get(key)}
        articles.append(
            Article(
                id=record.get("id") or row_id,
                title=title,
                text=text,
                source=record.get("source") or None,
                time=record.get("time") or None,
                lang=record.get("lang") or story_lang(title, text),
                extra=extra,
            )
        )
    if empty and on_warning is not None:
        rows = "1 row has no text and was" if len(empty) == 1 else f"{len(empty)} rows have no text and were"
        on_warning(f"{label}: {rows} left out ({_some(empty)})")
    return articles


def _iso_times(articles: list[Article], label: str, on_warning: Warn | None) -> list[Article]:
    """The articles with their times in ISO 8601; a time that cannot be read is dropped, named."""
    unread: list[str] = []
    out = []
    for article in articles:
        if article.time is None:
            out.append(article)
            continue
        iso = parse_date(article.time)
        if iso is None:
            unread.append(f"{article.id} ({article.time!r})")
        if iso != article.time:
            article = replace(article, time=iso)
        out.append(article)
    if unread and on_warning is not None:
        on_warning(_unread_dates(label, unread, "record"))
    return out


def _story_of(article: Article, path: str) -> Story:
    return Story(
        id=article.id,
        file=path,
        title=article.title,
        text=article.text,
        start=0,
        end=len(article.text),
        source=article.source,
        byline=article.extra.get("author"),
        lang=article.lang,
        time=article.time,
    )


def _article_of(story: Story) -> Article:
    return Article(
        id=story.id, title=story.title, text=story.text, source=story.source, time=story.time, lang=story.lang
    )


#: A .txt article in which split finds this many stories is taken for a dump. Split finds two or
#: three in 49 of the 997 single articles of vi-vims-dev (a subtitle, a list read as headlines),
#: four or more in 3; every dev dump and sample holds four or more.
DUMP_STORIES = 4


def _text_article(document: Document) -> tuple[Article, bool]:
    """A .txt file as one article, and whether split would find a dump's stories in it."""
    text = "".join(document.chunks or []).strip()
    if not text:
        raise InputError(document.path, "is empty: an article file needs a headline line and text")
    title, _, body = text.partition("\n")
    title, body = title.strip(), body.strip()
    from newsclust.split import Splitter

    stories = list(islice(Splitter().iter_stories([text]), DUMP_STORIES))  # stops when that many are found
    time = story_time(stories[0]) if stories else None  # its timestamp or dateline, as split reads it
    article = Article(id=document.name, title=title, text=body, time=time, lang=story_lang(title, body))
    return article, len(stories) >= DUMP_STORIES


# -- dates of split stories ---------------------------------------------------------------------------

_kind = itemgetter(0)  # a Part's kind


def _dated(story: Story, undated: list[str]) -> Story:
    time = story_time(story)
    if time is not None:
        return with_time(story, time)
    if "timestamp" not in map(_kind, story.parts):  # read in C: most stories have none
        return story
    for part, text in zip(story.parts, story.part_texts):
        if part.kind == "timestamp" and is_date_field(text):
            undated.append(f"{story.id} ({text.strip()!r})")
            break
    return story


def _unread_dates(label: str, unread: list[str], what: str) -> str:
    one = len(unread) == 1
    dates = "1 date" if one else f"{len(unread)} dates"
    kept = f"that {what} is" if one else f"those {'stories' if what == 'story' else what + 's'} are"
    return f"{label}: {dates} could not be read; {kept} kept without a time ({_some(unread)})"


def _some(items: list[str]) -> str:
    return ", ".join(items[:_SHOWN]) + (f" and {len(items) - _SHOWN} more" if len(items) > _SHOWN else "")


# -- helpers -------------------------------------------------------------------------------------------


def _decoded(data: bytes, label: str, encoding: str | None) -> str:
    import io as stdio

    return "".join(io.iter_decoded(stdio.BytesIO(data), label, encoding))


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


def _declared_charset(data: bytes) -> str | None:
    """The encoding a page's ``<meta charset>`` names, where Python knows it (else detect)."""
    import codecs

    match = _CHARSET.search(data[:4096])
    if match is None:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def _closing(chunks: Iterator[str], stream: IO[bytes], label: str) -> Iterator[str]:
    try:
        yield from chunks
    except EOFError as error:  # a compressed stream that ends early
        raise InputError(label, f"cannot be unpacked ({error})") from None
    finally:
        stream.close()


class _formats_extra:
    """Turn the ImportError of a missing optional library into InputError naming the file, the
    libraries and the command that installs them."""

    def __init__(self, kind: str, label: str):
        self.kind, self.label = kind, label

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, traceback) -> bool:
        if kind is not None and issubclass(kind, ImportError) and self.kind in _LIBRARIES:
            raise InputError(
                self.label,
                f"is a {_KIND_NAMES[self.kind]} file, read with {_LIBRARIES[self.kind]}, which are not "
                f"installed ({error}); install them with: {INSTALL_FORMATS}",
            ) from None
        return False
