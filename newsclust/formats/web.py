"""Web pages saved from news sites: the article's main text, title, author and date (trafilatura).

A page is one article, with the menus, scripts, adverts and footers left out. A page that holds a
list of stories (two or more ``<article>`` elements: a section front, a live blog, a search
result) is turned into text, one heading or paragraph a line, and handed to split like a dump.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsclust.errors import InputError

#: Elements whose text is never a story's: page furniture and code.
_FURNITURE = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "svg",
    "iframe",
    "button",
    "select",
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "figcaption", "pre", "td", "dt", "dd")


@dataclass(frozen=True)
class Page:
    """What a page gives: one article (``title``, ``text``, ...) or, for a list page, ``listing``."""

    title: str = ""
    text: str = ""
    author: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    listing: str | None = None


def read_page(html: str, path: str) -> Page:
    """The article of a saved page, or the text of its stories when it lists several."""
    import lxml.html
    import trafilatura

    html = _XML_DECLARATION.sub("", html, count=1)  # lxml refuses str that declares an encoding
    try:
        tree = lxml.html.document_fromstring(html)
    except Exception as error:  # noqa: BLE001 - lxml raises several kinds for a page it cannot parse
        raise InputError(path, f"is not a readable web page ({error})") from None
    articles = tree.xpath("//article[not(ancestor::article)]")
    if len(articles) >= 2:
        listing = _listing_text(articles)
        if listing.strip():
            return Page(listing=listing)
    found = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"},
    )
    if found is None or not (found.text or "").strip():
        raise InputError(path, "is a web page without article text newsclust can find")
    title = (found.title or "").strip()
    text = found.text.strip()
    first, _, rest = text.partition("\n")
    if title and first.strip() == title:  # the page's <h1> again
        text = rest.strip()
    return Page(
        title=title,
        text=text,
        author=(found.author or None),
        date=(found.date or None),
        source=(found.sitename or None),
        url=(found.url or None),
    )


def _listing_text(articles) -> str:
    """Each story of a list page as lines of text, a blank line between stories."""
    stories = []
    for article in articles:
        for node in list(article.iter(*_FURNITURE)):
            node.drop_tree()
        lines = []
        for block in article.iter(*_BLOCKS):
            if any(ancestor.tag in _BLOCKS for ancestor in block.iterancestors()):
                continue  # its text is its outer block's
            line = " ".join("".join(block.itertext()).split())
            if line:
                lines.append(line)
        if lines:
            stories.append("\n".join(lines))
    return "\n\n".join(stories) + "\n"
