"""Small files of each kind the readers take, made here (no binary fixtures in the repository)."""

from __future__ import annotations

import bz2
import codecs
import gzip
import io

EXPORT_TEXT = """Title: Harbour bridge reopens after storm
Date: March 2, 2024

The harbour bridge reopened on Tuesday after high winds closed it for two days.
Engineers inspected the cables overnight and found no damage, officials said.
Source: City News

Title: Council passes library budget
Date: 2 Mar 2024 09:15 GMT

The city council passed the library budget on Wednesday after a long debate.
Councillors voted nine to four in favour of longer opening hours.
Source: Gazette

Title: Quốc hội thông qua luật mới
Date: ngày 23 tháng 12 năm 2016

Quốc hội đã thông qua luật mới về an ninh mạng sau nhiều tháng thảo luận.
Luật sẽ có hiệu lực từ năm sau, theo các đại biểu.
Source: VOV
"""
#: The export's English records, one a page of the two-page PDF (its core fonts hold no Vietnamese).
PDF_PAGES = [
    "Title: " + record if n else record for n, record in enumerate(EXPORT_TEXT.split("\n\nTitle: ")[:2])
]
EXPORT_TITLES = [
    "Harbour bridge reopens after storm",
    "Council passes library budget",
    "Quốc hội thông qua luật mới",
]
EXPORT_TIMES = ["2024-03-02", "2024-03-02T09:15:00+00:00", "2016-12-23"]
EXPORT_SOURCES = ["City News", "Gazette", "VOV"]

CSV_TEXT = (
    "Title,Body,Date,Source\r\n"
    '"Bridge reopens, at last","The harbour bridge reopened on Tuesday.\r\nEngineers found no damage.",'
    "March 2 2024,City News\r\n"
    '"Budget passes","The council passed the ""library"" budget.",23/12/2016,Gazette\r\n'
    '"Date unknown","A story whose date no one can read.",sometime soon,Gazette\r\n'
)
CSV_TITLES = ["Bridge reopens, at last", "Budget passes", "Date unknown"]
CSV_TIMES = ["2024-03-02", "2016-12-23", None]

TSV_TEXT = "headline\ttext\tpublished\tid\nTSV story one\tIts text is here.\t2024-03-02T09:15:00Z\tx1\n"

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Bridge reopens after closure | City News</title>
<meta property="og:title" content="Bridge reopens after two-day closure">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-03-02T09:15:00+00:00">
<meta property="og:site_name" content="City News">
<script>var menu = "<p>Not a story</p>"; function track() { return 1; }</script>
<style>p { color: red }</style></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li>Sport</li></ul></nav>
<header>City News: all the news of the city</header>
<article><h1>Bridge reopens after two-day closure</h1><p class="byline">By Jane Doe</p>
<p>The harbour bridge reopened to traffic on Tuesday morning after high winds forced officials to close
it for two days, the city said in a statement.</p>
<p>Engineers inspected the cables overnight and found no damage, officials said. Commuters had faced long
detours through the city centre while it was shut.</p>
<p>The mayor thanked the crews who worked through the night to reopen it.</p></article>
<footer>Copyright 2024 City News. All rights reserved. <a href="/privacy">Privacy</a></footer>
<script>console.log("tracking");</script></body></html>
"""

LIST_PAGE = """<!DOCTYPE html><html><head><title>Latest news</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav><main>
<article><h2>Bridge reopens after storm</h2><p>WASHINGTON — The harbour bridge reopened to traffic on
Tuesday morning after high winds forced officials to close it for two days, the city said.</p>
<p>Engineers inspected the cables overnight and found no damage.</p><p>Source: City News</p></article>
<article><h2>Council passes library budget</h2><p>The city council passed the library budget on
Wednesday after a long debate about opening hours, members said.</p>
<p>Councillors voted nine to four in favour.</p><p>Source: Gazette</p></article>
</main><footer>Copyright</footer><script>var x = 1;</script></body></html>
"""


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def bz2_bytes(data: bytes) -> bytes:
    return bz2.compress(data)


def csv_bytes() -> bytes:
    """The CSV as Excel saves it: UTF-8 with a BOM, CRLF, a quoted field holding a newline."""
    return codecs.BOM_UTF8 + CSV_TEXT.encode("utf-8")


def docx_bytes(text: str = EXPORT_TEXT) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rtf_bytes(text: str = EXPORT_TEXT) -> bytes:
    def escaped(line: str) -> str:
        out = []
        for ch in line:
            if ch in "\\{}":
                out.append("\\" + ch)
            elif ord(ch) < 128:
                out.append(ch)
            else:
                out.append(f"\\u{ord(ch) if ord(ch) < 32768 else ord(ch) - 65536}?")
        return "".join(out)

    body = "".join(f"{escaped(line)}\\par\n" for line in text.splitlines())
    return (
        "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Times New Roman;}}\n\\f0\\fs24 " + body + "}\n"
    ).encode("ascii")


def pdf_bytes(pages: list[str]) -> bytes:
    """A PDF with one page for each text (Latin-1 text: the core fonts hold no Vietnamese)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        for line in text.splitlines():
            pdf.multi_cell(0, 6, line or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
