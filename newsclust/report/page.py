"""The page itself: the template filled with the title, the data and its inline CSS and script."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

from newsclust.report.data import report_data

DEFAULT_TITLE = "newsclust threads"

# Inside a JSON string these characters can be written as \u escapes with the same meaning; in
# an HTML <script> block the raw ones could close it (</script>), open a comment (<!--) or, for
# U+2028/U+2029, end a line in older JavaScript parsers.
_HTML_SAFE_JSON = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def embed_json(value: Any) -> str:
    """``value`` as JSON that can stand inside an HTML ``<script>`` block and parse back to itself.

    >>> embed_json({"title": "</script><b>&"})
    '{"title":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_HTML_SAFE_JSON)


@cache
def _static(name: str) -> str:
    return resources.files("newsclust.report").joinpath("static", name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def content_security_policy(style: str, script: str) -> str:
    """Nothing may load or run but this page's own style and script, named by their hashes."""
    return "; ".join(
        [
            "default-src 'none'",
            f"style-src {_sha256(style)}",
            f"script-src {_sha256(script)}",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def render_report(threads: Sequence[Mapping[str, Any]], *, title: str = DEFAULT_TITLE) -> str:
    """The HTML page of ``threads`` (records of ``newsclust cluster`` output), as one string."""
    style, script = _static("report.css"), _static("report.js")
    data = embed_json({"title": title, "threads": report_data(threads)})
    slots = {
        "csp": html.escape(content_security_policy(style, script), quote=False),  # no " in it
        "title": html.escape(title),
        "style": style,
        "script": script,
        "data": data,
    }
    # one pass, so a title or headline that spells "{{data}}" is left as it is
    return re.sub(r"\{\{(\w+)\}\}", lambda slot: slots[slot.group(1)], _static("report.html"))
