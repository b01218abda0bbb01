"""The HTML report: one self-contained page to read the threads ``newsclust cluster`` prints.

The page carries its data as JSON in a ``<script type="application/json">`` block, escaped so no
headline can close it, and builds itself from that data with ``textContent`` only; CSS and
script are inline and pinned by hash in a Content-Security-Policy, so nothing is fetched and no
text of the data ever runs.

>>> from newsclust.report import render_report
>>> page = render_report([], title="No threads")
>>> page.startswith("<!DOCTYPE html>") and "<title>No threads</title>" in page
True
"""

from newsclust.report.data import read_threads, report_data, validate_threads
from newsclust.report.page import DEFAULT_TITLE, embed_json, render_report

__all__ = ["DEFAULT_TITLE", "embed_json", "read_threads", "render_report", "report_data", "validate_threads"]
