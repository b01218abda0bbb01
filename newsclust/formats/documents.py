"""Export documents to plain text: DOCX (python-docx), RTF (striprtf), PDF (pypdf).

What a database export (Nexis Uni, Factiva, ProQuest) saves as a document is a run of records;
these functions only turn the document into text, one paragraph a line, and the splitter finds the
records in it as it does in a plain-text export. Offsets of the stories are into this text.
"""

from __future__ import annotations

import codecs
import io
import logging
import re

from newsclust.errors import InputError


def docx_text(data: bytes, path: str) -> str:
    """The paragraphs of a Word document (tables' cells included, row by row), one a line."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as error:
        raise InputError(path, f"is not a readable DOCX file ({error})") from None
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = _local(block.tag)
        if tag == "p":
            lines.append(_run_text(block))
        elif tag == "tbl":
            for row in block.iter():
                if _local(row.tag) == "tr":
                    cells = [_run_text(cell) for cell in row.iterchildren() if _local(cell.tag) == "tc"]
                    lines.append(" | ".join(cell for cell in cells if cell))
    return "\n".join(lines) + "\n"


#: What a run's elements stand for in text: its text, a tab, and a line break inside a paragraph.
_RUN_PIECES = {"t": None, "tab": "\t", "br": "\n", "cr": "\n"}


def _run_text(element) -> str:
    pieces = []
    for node in element.iter():
        local = _local(node.tag) if isinstance(node.tag, str) else ""
        if local in _RUN_PIECES:
            pieces.append(node.text or "" if _RUN_PIECES[local] is None else _RUN_PIECES[local])
    return "".join(pieces)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def rtf_text(data: bytes, path: str) -> str:
    """The text of an RTF file (``\\'hh`` escapes read as cp1252 unless the file says otherwise)."""
    from striprtf.striprtf import rtf_to_text

    source = data.decode("latin-1")  # RTF is 7-bit: other characters are escapes
    codepage = _rtf_codepage(source)
    try:
        return rtf_to_text(source, encoding=codepage, errors="replace")
    except Exception as error:  # noqa: BLE001 - striprtf raises what its parsing meets
        raise InputError(path, f"is not a readable RTF file ({error})") from None


def pdf_text(data: bytes, path: str) -> str:
    """The text layer of a PDF, page after page; InputError when it has none (a scan)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # pypdf logs every odd object it skips; the text is what counts
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == 0:
            raise InputError(path, "is an encrypted PDF; save an unprotected copy first")
        pages = [(page.extract_text() or "").strip("\n") for page in reader.pages]
    except PdfReadError as error:
        raise InputError(path, f"is not a readable PDF ({error})") from None
    finally:
        quiet.setLevel(level)
    if not any(page.strip() for page in pages):
        raise InputError(path, "is a PDF without a text layer (a scan?); run it through OCR first")
    return "\n".join(pages) + "\n"


def _rtf_codepage(source: str) -> str:
    match = re.search(r"\\ansicpg(\d+)", source[:4096])
    if match:
        codec = f"cp{int(match.group(1))}"
        try:
            codecs.lookup(codec)
            return codec
        except LookupError:
            pass
    return "cp1252"
