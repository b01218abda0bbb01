"""Find where one story ends and the next begins in a dump of news text.

The splitter reads lines (streaming, with a few lines of look-ahead), weighs the evidence that
each line opens a story, and cuts every story into parts: headline, credit, body, caption,
boilerplate, related headlines, byline and attribution. It never alters the input: every
``Story`` and ``Part`` carries character offsets into the decoded text.

Evidence, not corpus quirks: the shape of a line (short, no full stop, capitalised), what came
before it (an attribution, a byline, the start of the input), what follows it (a long lede, a
dateline or an outlet mark), whether the lede restates the headline (rapidfuzz and word overlap)
and whether the topic changes across the line.

>>> stories = split_text("Rain returns\\nRain returned to the city on Monday, forecasters said.\\n"
...                      "Source: AP\\nMarkets fall\\nMarkets fell sharply as rain returned.\\n")
>>> [(s.title, s.source) for s in stories]
[('Rain returns', 'AP'), ('Markets fall', None)]
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from typing import Final

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from newsclust.errors import InputError
from newsclust.io import expand_paths, input_name, iter_text
from newsclust.models import Part, Story, new_story
from newsclust.normalize import nfc, story_lang

# ---------------------------------------------------------------------------------------------
# Line shapes
# ---------------------------------------------------------------------------------------------

_SENTENCE_END: Final = frozenset(".!?…\"”’'»)")
_CLAUSE_END: Final = frozenset(",;:")
_QUOTES_OPEN: Final = "\"“‘'«"
_UPPER: Final = "".join(chr(c) for c in range(0xC0, 0x1EFA) if chr(c).isupper() and chr(c).isalpha())
_CLOSERS: Final = "\"”’'»)]"

# "Source" in the languages of Latin script that news dumps mix most often.
_SOURCE_WORDS: Final = (
    "nguồn", "sources?", "credits?", "quelle", "fuente", "fonte", "bron", "källa", "kilde", "lähde",
    "źródło", "zdroj", "forrás", "sursa", "izvor", "kaynak", "sumber",
)  # fmt: skip

#: Attribution lines: the outlet a story came from.
_ATTRIBUTION: Final = re.compile(
    r"""^(?:
        theo[_]\s*\S.{0,80}                                  # Theo_VOV
      | \(\s*theo\s+[^)]{1,80}\)\.?                           # (Theo Tuổi Trẻ)
      | theo\s+(?:báo\s+)?[\w.\-/ ,&]{1,60}                   # Theo Dân trí, Theo vnexpress.net
      | (?:{SOURCE_WORDS})\s*[:：]\s*.{1,80}                  # Nguồn: ..., Source: Reuters, Quelle: dpa
      | (?:copyright|\(c\)|©)\s*(?:\d{4}\s*)?.{1,80}          # Copyright Fox News, (c) HuffPost
      | [—–-]{1,2}\s*(?:the\s+)?[A-Z][\w.&' ]{1,60}            # — HuffPost
      | \(\s*[A-ZĐ][A-ZĐ0-9./&+ -]{1,20}\s*\)\.?               # (TTXVN)
    )$""".replace("{SOURCE_WORDS}", "|".join(_SOURCE_WORDS)),
    re.IGNORECASE | re.VERBOSE,
)
# The closing credit of wire stories: "Reporting by Jane Doe in Hanoi; Editing by John Smith".
_WIRE_CREDIT: Final = re.compile(
    r"^(?:additional\s+)?(?:reporting|writing|editing)\s+by\s+\S.{0,200}$", re.IGNORECASE
)
_ATTRIBUTION_PREFIX: Final = re.compile(
    r"^(?:\(\s*)?(?:theo[_\s]+(?:báo\s+)?|(?:" + "|".join(_SOURCE_WORDS) + r")\s*[:：]\s*"
    r"|copyright\s*(?:\d{4}\s*)?|\(c\)\s*|©\s*(?:\d{4}\s*)?|[—–-]{1,2}\s*)",
    re.IGNORECASE,
)

#: Lines that introduce a list of other stories' headlines: each phrase is a whole line (with a
#: colon or not, any case), and opens with a letter matched as itself (see ``_by_first_letter``).
_RELATED_PHRASES: Final = (
    r"tin(?:,\s*bài|\s+bài)?(?:\s+\w+){0,2}\s+liên\s+quan", r"bài(?:\s+\w+){0,2}\s+liên\s+quan",
    r"đọc\s+thêm", r"xem\s+thêm", r"xem\s+tiếp", r"có\s+thể\s+bạn\s+quan\s+tâm", r"tin\s+khác", r"tin\s+mới",
    r"bài\s+viết\s+khác",
    r"related(?:\s+(?:stories|articles|coverage|news|links?|content|topics|internet\s+links))?",
    r"read\s+more", r"read\s+also", r"more\s+(?:on|from|about)\s+(?:this|the)\s+(?:story|topic|subject)",
    r"see\s+also", r"also\s+read", r"more\s+stories", r"you\s+may\s+also\s+like",
    r"recommended(?:\s+stories)?", r"more\s+from\s+\w+(?:\s+\w+)?",
    # the same in other Latin-script languages: French, German, Spanish, Portuguese, Italian, Dutch
    r"à\s+lire\s+aussi", r"lire\s+aussi", r"à\s+voir\s+aussi", r"voir\s+aussi", r"sur\s+le\s+même\s+sujet",
    r"articles?\s+liés", r"mehr\s+zum\s+thema", r"lesen\s+sie\s+auch", r"auch\s+interessant",
    r"verwandte\s+artikel", r"weitere\s+artikel", r"te\s+puede\s+interesar", r"lea\s+también",
    r"lee\s+también", r"noticias\s+relacionadas", r"ver\s+también", r"leia\s+também", r"veja\s+também",
    r"notícias\s+relacionadas", r"saiba\s+mais", r"leggi\s+anche", r"articoli\s+correlati",
    r"potrebbe\s+interessarti", r"lees\s+ook", r"gerelateerde\s+artikelen",
)  # fmt: skip
_RELATED_TAIL: Final = r"\s*:?"

_LIST_ITEM: Final = re.compile(r"^(?:>>|»|›|•|·|▪|►|\*\s|-\s|–\s)")


def _is_list_item(text: str) -> bool:
    # the first characters of _LIST_ITEM's marks spare most lines the regex
    return text[0] in ">»›•·▪►*-–" and _LIST_ITEM.match(text) is not None


#: Boilerplate that scrapers carry along: share buttons, video teasers, ads, comment counters. Each
#: phrase is a whole line (any case) and opens with a letter matched as itself.
_STAMP_TAIL: Final = r"(?:\s+(?:on|at))?\s*:?"  # "Published" on a line of its own, over its date
_SHARE_TAIL: Final = r"(?:\s+(?:sur|auf|en|em|su|op)\s+\w+)?"  # "Partager sur Facebook"
_BOILERPLATE_PHRASES: Final = (
    r"video\s+đang\s+hot", r"bình\s+luận(?:\s*\(\d+\))?", r"chia\s+sẻ(?:\s+bài\s+viết)?", r"in\s+bài\s+viết",
    r"gửi\s+bài\s+viết", r"xem\s+tiếp", r"xem\s+video", r"tin\s+nổi\s+bật", r"quảng\s+cáo",
    r"lên\s+đầu\s+trang", r"từ\s+khóa\s*:.*", r"từ\s+khoá\s*:.*", r"tags?\s*:.*", r"advertisement",
    r"continue\s+reading(?:\s+the\s+main\s+story)?", r"share\s+this(?:\s+article|\s+story)?", r"share",
    r"tweet", r"email", r"print", r"comments?(?:\s*\(\d+\))?", r"click\s+here.*", r"sign\s+up.*newsletter.*",
    r"subscribe.*", r"follow\s+us.*", r"watch\s*:?.*video.*", r"supported\s+by",
    r"skip\s+to\s+(?:main\s+)?content", r"share\s+(?:on|via)\s+\w+", r"tweet\s+(?:on|via)\s+\w+",
    r"story\s+continues\s+(?:below|after)(?:\s+(?:this\s+)?advertisement)?", r"listen\s+to\s+this\s+article",
    r"scroll\s+to\s+continue(?:\s+with\s+content)?",
    *(
        f"{first}{stamp}{_STAMP_TAIL}"
        for first in ("", r"first\s+", r"last\s+")
        for stamp in ("published", "updated", "posted", "modified")
    ),
    # the same in French, German, Spanish, Portuguese, Italian and Dutch
    *(
        share + _SHARE_TAIL
        for share in (
            "partager", "teilen", r"artikel\s+teilen", "compartir", "compartilhar", "condividi", "delen"
        )
    ),
    r"publicité", r"anzeige", r"werbung", r"publicidad", r"publicidade", r"pubblicità", r"advertentie",
    r"imprimer", r"drucken", r"imprimir", r"stampa", r"commentaires?", r"kommentare?", r"comentarios?",
    r"comentários?", r"commenti", r"reacties",
)  # fmt: skip

#: The characters IGNORECASE matches to a Latin letter besides its two cases: the long s, the
#: dotless i, the capital I with a dot and the Kelvin sign (tests/test_split_shortcuts.py tries
#: every character of the Basic Multilingual Plane).
_CASE_VARIANTS: Final = {"s": "ſ", "i": "ıİ", "k": "\u212a"}


def _by_first_letter(phrases: Iterable[str], tail: str = "") -> dict[str, str]:
    """Whole-line patterns for ``phrases`` (regexes matched in any case, each opening with a letter
    matched as itself, followed by ``tail``), by each character a line they match can open with.

    One big alternation of phrases matched in any case makes the engine try every phrase on every
    line (it skips an alternative on its first character only when the case must match); a line is
    tried only against the phrases that can open with its first character. The patterns are
    compiled on first use (``_whole_line``): a run that meets few of them is spared the rest."""
    by_letter: dict[str, list[str]] = {}
    for phrase in phrases:
        by_letter.setdefault(phrase[0], []).append(phrase)
    table = {}
    for letter, group in by_letter.items():
        pattern = f"(?:{'|'.join(group)}){tail}$"
        for opener in _openers(letter):
            table[opener] = pattern
    return table


def _openers(letter: str) -> tuple[str, ...]:
    """The characters IGNORECASE takes for ``letter`` (a lower-case letter, or a caseless mark)."""
    return (letter, letter.upper(), *_CASE_VARIANTS.get(letter, ""))


_RELATED_BY_FIRST: Final = _by_first_letter(_RELATED_PHRASES, _RELATED_TAIL)
_BOILERPLATE_BY_FIRST: Final = _by_first_letter(_BOILERPLATE_PHRASES)
_WHOLE_LINES: Final[dict[str, re.Pattern[str]]] = {}


def _whole_line(pattern: str, text: str) -> bool:
    """Whether ``text`` matches ``pattern`` (one of ``_by_first_letter``'s) in any case."""
    compiled = _WHOLE_LINES.get(pattern)
    if compiled is None:
        compiled = _WHOLE_LINES[pattern] = re.compile(pattern, re.IGNORECASE)
    return compiled.match(text) is not None


def _is_related_marker(text: str) -> bool:
    pattern = _RELATED_BY_FIRST.get(text[0])
    return pattern is not None and _whole_line(pattern, text)


def _is_boilerplate(text: str) -> bool:
    pattern = _BOILERPLATE_BY_FIRST.get(text[0])
    return pattern is not None and _whole_line(pattern, text)


#: Photo captions and credits.


def _has_caption_word(text: str) -> bool:
    """A cheap test that spares most lines the caption pattern."""
    folded = text.casefold()
    return (
        "ảnh" in folded or "photo" in folded or "imag" in folded or "picture" in folded or "credit" in folded
    ) or (
        "nguồn" in folded or "foto" in folded or "bild" in folded or "immag" in folded or "crédit" in folded
    ) or "afbeelding" in folded


def _may_be_caption(text: str) -> bool:
    """Whether a stripped line has the shape one of ``_CAPTION``'s forms needs: a colon ("Ảnh: ...",
    "(Foto: ...)"), a closing bracket at the end ("(Ảnh: TTXVN)"), "Getty Images", "ảnh minh họa" at
    either end, or "Image source," at the start. Most lines have none, and are spared the word test
    and the pattern."""
    if ":" in text or "：" in text:
        return True
    last = text[-1]
    if last == ")" or (len(text) <= 20 and last in "eEsSſ"):
        return True
    first = text[0]  # what can casefold to "ả", "i", "m" or "v": the rest are spared the copies
    if (first in "ảẢ" and text[:3].casefold() == "ảnh") or (
        first in "iImMvV" and text[:5].casefold() in ("image", "media", "video")
    ):
        return True
    end = len(text) - 1 if last == "." else len(text)
    if end and text[end - 1] == ")":
        end -= 1
    # the last three letters before the end's blanks, read from a window at the end of the line
    # (copying the whole line to strip it costs more than the rest of this test)
    window = text[max(0, end - 16) : end].rstrip()
    if len(window) < 3 and end > 16:
        window = text[:end].rstrip()
    return window[-1:] in ("a", "A") and window[-3:].casefold() in ("hoa", "họa")


# "Ảnh:", "Photo:", "Foto:" (German, Spanish, Italian, Dutch, Polish), "Bild:", "Imagen:", "Immagine:",
# "Crédit photo :" name the picture a caption goes with.
_CAPTION: Final = re.compile(
    r"(?:^|\()(?:ảnh|photo|photograph|image|picture|credit|foto|fotografía|bild|imagen|immagine|afbeelding"
    r"|crédit(?:\s+photo)?)s?\s*(?:minh\s+họa|minh\s+hoạ)?\s*[:：]"
    r"|\(\s*(?:ảnh|photo|image|foto|bild|imagen)[^)]*\)\s*$"
    r"|\(\s*(?-i:[A-Z][\w.\-]*\s+){1,2}(?:photo|foto|image)[^)]*\)\s*$"  # "(AP Photo/Jane Doe)"
    r"|^ảnh\s+minh\s+h[oọ]a|ảnh\s+minh\s+h[oọ]a\s*\)?\.?$"
    r"|\(\s*nguồn\s*:[^)]*\)\s*$|^\(?(?:getty|ap|reuters|afp|epa)\s+images?\)?$"
    r"|^(?:image|media|video)\s+(?:source|caption)\s*,",  # "Image source, Getty Images"
    re.IGNORECASE,
)

#: An outlet mark or dateline that opens a lede: "VOV.VN -", "(HNM) -", "WASHINGTON —", "TTO -".
_CREDIT: Final = re.compile(
    r"""(?:
        \(\s*[^()]{1,40}?\s*\)\s*\.?\s*[-–—]+\s*          # (HNM) -  (Sao việt) -  (VTC News) –
      | \(\s*[^()]{1,30}?\s*\)\s+(?=[A-ZĐ“"])              # (ĐTCK) Mặc dù
      | [A-ZĐ][A-Za-zĐ0-9]*(?:\.[A-Za-z]{2,4})+\s*[-–—]+\s*  # VOV.VN -  Soha.vn -
      | [A-Z{U}][A-Z{U}.'’ ]{{1,40}}                          # WASHINGTON, or HÀ NỘI
        (?:,\s*[A-Z][\w.' ]{{1,30}})?\s*                       #   , Va.
        (?:\([^)]{{1,30}}\)\s*)?[-–—]{{1,2}}\s+                #   (Reuters) —
    )""".replace("{U}", _UPPER)
    .replace("{{", "{")
    .replace("}}", "}"),
    re.VERBOSE,
)

_WORD: Final = re.compile(r"\w+(?:[-'’.]\w+)*", re.UNICODE)
_FUNCTION_WORDS: Final = frozenset(
    """a an the of to in on at by for from with and or but as is are was were be been that this
    its his her their our your into over after before about than then so not no nor if while
    và của các những cho với là có được bị thì mà ở tại trong khi từ để đã đang sẽ này đó một
    như cũng vẫn rằng do vì nên hay hoặc về theo trên dưới sau trước giữa qua""".split()
    # the commonest of French, Spanish, Portuguese, Italian, German and Dutch, leaving out those that
    # are Vietnamese syllables or English words too ("con", "da", "em", "lo", "son", "die", "door")
    + """le la les des une pour dans sur avec est sont qui que par au aux ce cette ces il elle ils
    ont été pas mais ou et ses leur leurs selon el los las del una por para se en es al como más
    pero este esta os um uma dos das nas nos ao não mais pelo pela gli della dei delle che per
    non der das und den dem ein eine einen einem mit von zu auf für ist im nicht sich auch
    wird wurde bei nach aus het een van op te dat voor met niet zijn aan ook als naar""".split()
)


def _is_upper_start(word: str) -> bool:
    first = word[:1]
    return first.isupper() or first.isdigit() or (first in _QUOTES_OPEN and word[1:2].isupper())


class Line:
    """One line of the input: ``start``/``end`` bound its visible text (no newline, no edge blanks).

    ``norm`` is the line in NFC, so that decomposed (NFD) input is measured like composed input;
    ``kind`` is what the line looks like on its own: attribution, related, list, boilerplate,
    caption, short (headline-shaped), long (paragraph) or text. Word measures are computed on
    first use and kept, since neighbours look at a line many times.
    """

    __slots__ = ("start", "end", "text", "norm", "kind", "_tokens", "_words", "_content", "_spaced")

    def __init__(self, start: int, end: int, text: str, flat: str | None = None):
        self.start = start
        self.end = end
        self.text = text
        # ``flat``: the text of a line joined from several, with its breaks as spaces
        self.norm = norm = nfc(text if flat is None else flat)
        if norm[0] in "#*_" and (words := _markup(norm)) is not None:
            # a markdown heading or bold line ("## Title", "**Title**") is measured by its words; a
            # top-level heading is a title
            self.norm = norm[words[0] : words[1]]
            kind = _line_kind(self.norm)
            self.kind = "titled" if norm[1] != "#" and norm[0] == "#" and kind in _PLAIN_KINDS else kind
        else:
            self.kind = _line_kind(norm)
        self._tokens: list[str] | None = None
        self._words: list[str] | None = None
        self._content: frozenset[str] | None = None
        self._spaced: str | None = None

    def __repr__(self) -> str:
        return f"Line({self.start}, {self.end}, {self.text[:40]!r})"

    @property
    def words(self) -> list[str]:
        if self._words is None:
            self._words = self.norm.split()
        return self._words

    @property
    def tokens(self) -> list[str]:
        """Case-folded NFC word tokens, for overlap measures."""
        if self._tokens is None:
            # the opening of a line says what it is about; long paragraphs need not be read whole
            # rapidfuzz's processor lower-cases and drops punctuation in C++, 4x faster than a regex
            self._tokens = default_process(self.norm[:200]).split()
        return self._tokens

    @property
    def spaced(self) -> str:
        """The first 80 tokens between spaces (" a b c "), for ``_restated_in``."""
        if self._spaced is None:
            # a lede is only searched, never split: rapidfuzz's processor leaves its tokens between
            # runs of single spaces, which find the same tokens and stems
            processed = default_process(self.norm[:200])
            if processed.count(" ") < 80:
                self._spaced = " " + processed + " "
            else:
                self._spaced = _spaced(processed.split()[:80])
        return self._spaced

    @property
    def content(self) -> frozenset[str]:
        """The line's content words (no function words), for topic overlap."""
        if self._content is None:
            self._content = frozenset(_content(self.tokens))
        return self._content


_PLAIN_KINDS: Final = ("short", "text", "long")


def _markup(text: str) -> tuple[int, int] | None:
    """Where the words of a markdown heading or bold line are: "# Title", "## Title ##", "**Title**",
    "__Title__"; None for other lines."""
    if text[0] == "#":
        hashes = len(text) - len(text.lstrip("#"))
        if hashes > 6 or text[hashes : hashes + 1] not in (" ", "\t"):
            return None
        closing = _CLOSING_HASHES.search(text, hashes)
        end = closing.start() if closing else len(text)
        start = len(text) - len(text[hashes:].lstrip())
        return (start, end) if start < end else None
    mark = text[:2]
    if mark in ("**", "__") and len(text) > 4 and text.endswith(mark) and text[2] not in " *_" and (
        text[-3] not in " *_"
    ):
        return (2, len(text) - 2)
    return None


_CLOSING_HASHES: Final = re.compile(r"\s+#+$")


def _headline_bounds(text: str, kind: str) -> tuple[int, int]:
    """Where a headline line's headline is: past an export's "Title:" label or markdown's "# "."""
    if kind == "titled" and (field := _FIELD.match(text)):
        return field.end(), len(text)
    if text[0] in "#*_" and (words := _markup(text)) is not None:
        return words
    return 0, len(text)


def _line_kind(text: str) -> str:
    """What an NFC line looks like on its own (see ``Line.kind``)."""
    length = len(text)
    if length > 240:  # fast path: most lines of a dump are paragraphs
        return "list" if _is_list_item(text) else "long"
    if length <= 100 and _is_attribution(text):
        return "attribution"
    if text[0] in "aArRwWeE" and _WIRE_CREDIT.match(text):  # its first letters, to spare most lines
        return "attribution"
    if length <= 60 and _is_related_marker(text):
        return "related"
    if text[0] in _RULE_MARKS and _RULE.fullmatch(text):
        return "rule"  # "-----", "* * *", "___": a rule between stories or parts of a page
    if (text[0] in "hHwW") and _URL.fullmatch(text):
        return "url"  # a scraper's note of the page a story came from
    if length <= 80 and _is_boilerplate(text):
        return "boilerplate"
    if _is_list_item(text):
        return "list"
    if (text.find(":", 0, 20) >= 0 or text.find("：", 0, 20) >= 0) and (field := _FIELD.match(text)):
        return field.lastgroup or "text"
    if length <= 200 and _may_be_caption(text) and _has_caption_word(text) and _CAPTION.search(text):
        return "caption"
    if _headline_shaped(text):
        # a timestamp is shaped like a headline: "Updated 11:42 PM EST, September 30, 2023"
        return "timestamp" if length <= 80 and _is_timestamp(text) else "short"
    if text.endswith(_CONTRIBUTED):
        return "attribution"  # "Associated Press writer Jane Doe contributed to this report."
    return "long" if length >= 120 else "text"


#: The fields of a monitoring tool's or a scraper's export: "Title: ...", "Date: ...", "URL: ...".
#: ("Source: ..." is an attribution.) Each group is named for the line kind its labels mark.
_FIELD: Final = re.compile(
    r"^(?:(?P<titled>title|headline|tiêu\s+đề|titre|titel|título|titolo)"
    r"|(?P<byline>author|authors|byline|tác\s+giả|auteur|autor|autore|auteurs)"
    r"|(?P<timestamp>date|published|publish\s+date|ngày|ngày\s+đăng|thời\s+gian|datum|fecha|data)"
    r"|(?P<boilerplate>url|link|links|đường\s+dẫn|category|section|chuyên\s+mục|rubrique|rubrik|sección"
    r"|language|lang|ngôn\s+ngữ|id|word\s+count|keywords))"
    r"\s*[:：]\s*(?=\S)",
    re.IGNORECASE,
)


def _is_timestamp(text: str) -> bool:
    """When a page says a story was published or updated: "Updated 11:42 PM EST, September 30, 2023",
    "Thứ Hai, 12/10/2023, 08:30 (GMT+7)", "Publié le 7 juin 2023 à 06h10". Every word is part of a
    date or a time, and there is a clock time, a numeric date, or a month with its year."""
    if _DIGIT.search(text) is None:
        return False
    label = _TIME_LABEL.match(text)
    rest = text[label.end() if label else 0 :]
    first = _FIRST_TIME_WORD.search(rest)
    if first is not None and not _is_time_word(first.group().casefold()):
        return False  # most lines: their first word says so, without splitting the whole line
    return _are_timestamp_words(_TIME_SPLIT.split(rest.casefold()))


def _are_timestamp_words(words: list[str]) -> bool:
    """Whether case-folded ``words`` (blanks ignored) all belong to a date or a time, with a clock
    time, a numeric date, or a month with its year among them."""
    clock = date = year = month = False
    for word in words:
        if not word:
            continue
        if word in _DATE_WORDS:
            month = month or word in _MONTHS
            continue
        shape = _TIME_NUMBER.fullmatch(word)
        if shape is None:
            return False
        clock = clock or shape.group("clock") is not None
        date = date or shape.group("date") is not None
        year = year or shape.group("year") is not None
    return clock or date or (month and year)


def _is_time_word(word: str) -> bool:
    """A case-folded word that may stand in a timestamp: a date word or a number shaped like a time."""
    return word in _DATE_WORDS or _TIME_NUMBER.fullmatch(word) is not None


_DIGIT: Final = re.compile(r"\d")
_TIME_LABEL: Final = re.compile(
    r"(?:last\s+|first\s+)?(?:updated|published|posted|modified|cập\s+nhật|ngày\s+đăng|đăng(?:\s+lúc|\s+ngày)?"
    r"|publié|mis\s+à\s+jour|aktualisiert|veröffentlicht|actualizado|publicado|atualizado|pubblicato"
    r"|aggiornato|gepubliceerd|bijgewerkt)(?:\s+(?:on|at|le|am|el|em|il|op))?\s*:?",
    re.IGNORECASE,
)
_TIME_SPLIT: Final = re.compile(r"[\s,|()\[\]]+|\s[-–—/]\s")
# the first word _TIME_SPLIT gives: a run of characters that open none of its separators (casefold
# makes no separator and takes none away, so the first word folded is the folded line's first word)
_FIRST_TIME_WORD: Final = re.compile(r"[^\s,|()\[\]]+")
_TIME_NUMBER: Final = re.compile(
    r"(?P<clock>\d{1,2}[:h.]\d{2}(?::\d{2})?(?:am|pm|a\.m\.|p\.m\.)?)"
    r"|(?P<date>\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4})"
    r"|(?P<year>(?:19|20)\d{2})"
    r"|\d{1,2}(?:st|nd|rd|th|er|\.)?|(?:gmt|utc)[+-]\d{1,2}(?::?\d{2})?"
)
_MONTHS: Final = frozenset(
    """january february march april may june july august september october november december jan feb
    mar apr jun jul aug sep sept oct nov dec janvier février mars avril mai juin juillet août
    septembre octobre novembre décembre januar februar märz juni juli oktober dezember enero febrero
    marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre janeiro fevereiro março
    maio junho julho setembro outubro novembro dezembro gennaio febbraio aprile maggio giugno luglio
    settembre ottobre dicembre januari februari maart mei augustus""".split()
)
_DATE_WORDS: Final = _MONTHS | frozenset(
    """monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri
    sat sun lundi mardi mercredi jeudi vendredi samedi dimanche montag dienstag mittwoch donnerstag
    freitag samstag sonntag lunes martes miércoles jueves viernes sábado domingo segunda terça quarta
    quinta sexta segunda-feira terça-feira quarta-feira quinta-feira sexta-feira lunedì martedì
    mercoledì giovedì venerdì sabato domenica maandag dinsdag woensdag donderdag vrijdag zaterdag
    zondag thứ hai ba tư năm sáu bảy chủ nhật tháng ngày lúc giờ sáng chiều tối trưa am pm a.m. p.m.
    et pt ct mt est edt cst cdt mst mdt pst pdt gmt utc bst cet cest ict jst hkt sgt aest ist
    at on of the le à am um el de del em di il op - – — / h""".split()
)


def _looks_like_sentence(text: str) -> bool:
    # "Theo ông Kabulov, nhóm phiến quân ..." starts like an attribution but is a sentence.
    words = text.split()
    return len(words) > 9 or ("," in text and len(words) > 5)


def _headline_shaped(text: str) -> bool:
    if len(text) > 220:
        return False
    # the cheap tests first: the last character (past closing quotes and brackets), the first one
    bare = text.rstrip(_CLOSERS) if text[-1] in _CLOSERS else text
    last = bare[-1:] or text[-1]
    if last in _CLAUSE_END:
        return False
    if last == "." and not bare.endswith("..") and not _ends_in_abbreviation(bare):
        return False
    first = text[0]
    if not (first.isupper() or first.isdigit() or first in _QUOTES_OPEN or first in "[("):
        return False
    if not 2 <= len(text.split()) <= 32:
        return False
    return not _has_sentence_break(text)


def _has_sentence_break(text: str) -> bool:
    """Several sentences make a paragraph: "...said. The" (not "Rep. Akin" or "F.B.I. Director")."""
    if "." not in text and "!" not in text and "?" not in text:
        return False
    for match in _SENTENCE_BREAK.finditer(text):
        if not match.group(1).isupper():
            continue
        start = match.start()
        before = text[max(0, start - 40) : start].rsplit(None, 1)  # the end, not a copy of the line
        if start > 40 and len(before) == 1 and len(before[0]) == 40:
            before = text[:start].rsplit(None, 1)  # a word of 40 letters or more
        word = before[-1] if before else ""
        if len(word) >= 2 and word.isalpha() and word.islower():
            return True
    return False


_SENTENCE_BREAK: Final = re.compile(r"[.!?][\"”’']?\s+[\"“‘']?([^\W\d_])")


_ABBREVIATION_LONGEST: Final = 8  # characters: "U.S.", "a.m.", "F.B.I."


def _ends_with_abbreviation(word: str) -> bool:
    return word.count(".") >= 2 and len(word) <= _ABBREVIATION_LONGEST


def _ends_in_abbreviation(text: str) -> bool:
    """Whether the full stop that ends ``text`` closes an abbreviation, as ``_ends_with_abbreviation``
    of its last word says. Only the end of the line is read: an abbreviation has another full stop
    among its characters, which a sentence's last word seldom has, and it is short, so the last word
    is split off the line's last characters."""
    longest = _ABBREVIATION_LONGEST
    if text.find(".", max(0, len(text) - longest), len(text) - 1) < 0:
        return False
    # a word cut by the window is longer than the window, so longer than an abbreviation
    return _ends_with_abbreviation(text[-longest - 1 :].rsplit(None, 1)[-1])


# ---------------------------------------------------------------------------------------------
# Reading lines with offsets, streaming
# ---------------------------------------------------------------------------------------------


def iter_lines(chunks: Iterable[str]) -> Iterator[Line]:
    """Non-blank lines of the concatenated ``chunks``, with character offsets.

    A line's ``start``/``end`` exclude leading and trailing white space and the line break
    (``\\n``, ``\\r\\n``, a lone ``\\r`` or another Unicode line separator), so
    ``text[start:end] == line.text``.
    """
    return _lines_of(_pieces(chunks))


def iter_unwrapped_lines(chunks: Iterable[str]) -> Iterator[Line]:
    """``iter_lines``, but in hard-wrapped text (every line broken near one width, as wire feeds,
    e-mail and plain-text archives do) the lines of a paragraph come back joined as one ``Line``.

    The width is read off the first lines of the text. A line is joined to the one before when
    it is not indented, no blank line comes between, and its first word would not have fitted on
    the line before: the break was the width's, not the writer's. A joined line's ``text`` is the
    input with its line breaks (``text[start:end] == line.text`` still holds); it is measured
    with the breaks as spaces.
    """
    batches = _pieces(chunks)
    head: list[Batch] = []
    for batch in batches:  # the first lines, to read the width off
        head.append(batch)
        if sum(len(pieces) for _, pieces, _ in head) >= _WRAP_SAMPLE:
            break
    width = _wrap_width([piece for _, pieces, _ in head for piece in pieces][:_WRAP_SAMPLE])
    if width is None:
        return _lines_of(chain(head, batches))
    return _joined_lines(chain(head, batches), width)


def _joined_lines(batches: Iterable[Batch], width: int) -> Iterator[Line]:
    """The lines of hard-wrapped text broken at ``width``, each paragraph joined (see
    ``iter_unwrapped_lines``)."""
    parts: list[str] = []
    start, tail, last_width, blank, held = 0, "", 0, True, True
    for position, pieces, newline in batches:
        for piece in pieces:
            stripped = piece.strip()
            if not stripped:
                blank = True
                position += len(piece) + newline
                continue
            indent = piece.find(stripped[0])
            space = stripped.find(" ")
            first_word = space if space >= 0 else len(stripped)
            if (
                parts
                and not blank
                and not indent
                and last_width + 1 + first_word > width
                # a headline where one may stand (first, after a blank line or an attribution)
                # keeps its own line, however long, and an attribution never ends a paragraph's line
                and not (held and len(parts) == 1 and _headline_shaped(parts[0]))
                and not _is_attribution(stripped)
            ):
                parts += (tail, stripped)
            else:
                after_end = True
                if parts:
                    yield _joined(start, parts)
                    after_end = len(parts) == 1 and _is_attribution(parts[0])
                start, parts, held = position + indent, [stripped], blank or after_end
            tail = piece[indent + len(stripped) :]  # the white space and line break after the line
            if newline:
                tail += "\n"
            last_width = len(piece.rstrip())
            blank = False
            position += len(piece) + newline
    if parts:
        yield _joined(start, parts)


def _is_attribution(text: str) -> bool:
    return (
        len(text) <= 100
        and text[:1] in _ATTRIBUTION_FIRST
        and _ATTRIBUTION.match(text) is not None
        and not _looks_like_sentence(text)
    )


# The characters an _ATTRIBUTION match can open with, as IGNORECASE matches them ("ſ" is an "s",
# "K" the Kelvin sign a "k"): most lines are spared the pattern. tests/test_split_shortcuts.py
# checks this against the pattern.
_ATTRIBUTION_FIRST: Final = frozenset(c for letter in "(-–—©bcfiklnqstzź" for c in _openers(letter))


def _lines_of(batches: Iterable[Batch]) -> Iterator[Line]:
    """The non-blank lines of batches of physical lines (see ``_pieces``)."""
    for position, pieces, newline in batches:
        for piece in pieces:
            stripped = piece.strip()
            if stripped:
                # nothing to strip (str.strip gives the line itself) is the usual case
                start = position if stripped is piece else position + piece.find(stripped[0])
                yield Line(start, start + len(stripped), stripped)
            position += len(piece) + newline


def _joined(start: int, parts: list[str]) -> Line:
    text = "".join(parts)
    if len(parts) == 1:
        return Line(start, start + len(text), text)
    return Line(start, start + len(text), text, " ".join(text.split()))


_WRAP_SAMPLE: Final = 2000  # physical lines (blank ones too) the wrap width is read from


def _wrap_width(pieces: list[str]) -> int | None:
    """The width hard-wrapped text was broken at, or None for text whose lines run their length.

    Wrapped text has nearly every line within a width of at most 120 characters, many of them
    close to it, and most of those end inside a sentence."""
    lines = [piece.rstrip() for piece in pieces if piece and not piece.isspace()]
    if len(lines) < 20:
        return None
    widths = sorted(map(len, lines))
    width = widths[len(widths) * 98 // 100 - 1]
    if width > 120:
        return None
    full = [line for line in lines if width - 10 <= len(line) <= width]
    open_ended = [line for line in full if line[-1] not in _SENTENCE_END]
    if len(full) < 0.3 * len(lines) or len(open_ended) < 0.6 * len(full):
        return None
    return width


#: A batch of physical lines: the offset of its first line, the lines, and the length of the break
#: after each line that the lines do not hold (0: each line keeps its own break; 1: each was
#: followed by one "\n", taken off).
Batch = tuple[int, list[str], int]


def _pieces(chunks: Iterable[str]) -> Iterator[Batch]:
    """The physical lines of the concatenated ``chunks``, in batches (one a chunk).

    Text whose only line break is "\n" (the usual case) is cut with ``str.split``, which finds the
    breaks by a fast search, and its lines come without their breaks; other text is cut with
    ``str.splitlines``, which tests every character for every kind of break, and its lines keep
    theirs."""
    carry, position = "", 0
    for chunk in chunks:
        if not chunk:
            continue
        # the carry (the start of a line the last chunk did not end) holds no break but a final "\r"
        if carry.endswith("\r") or any(brk in chunk for brk in _OTHER_BREAKS):
            pieces = (carry + chunk).splitlines(True)
            last = pieces[-1]
            # the last piece may go on in the next chunk, and a final "\r" may be half of "\r\n"
            carry = pieces.pop() if not last.endswith(_BREAKS) or last.endswith("\r") else ""
            newline = 0
        else:
            pieces = chunk.split("\n")
            # the carry joins the chunk's first line, not the whole chunk: no copy of the chunk
            pieces[0] = carry + pieces[0]
            carry = pieces.pop()  # what follows the last break ("" after a final one)
            newline = 1
        if pieces:
            yield position, pieces, newline
            position += sum(map(len, pieces)) + newline * len(pieces)
    if carry:
        yield position, [carry], 0


_BREAKS: Final = ("\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
_OTHER_BREAKS: Final = _BREAKS[1:]  # the line breaks of str.splitlines besides "\n"


# ---------------------------------------------------------------------------------------------
# Evidence that a line opens a story
# ---------------------------------------------------------------------------------------------


class Opening:
    """The decision that a line opens a story: where its headline ends and why.

    A plain class, not a dataclass: compiled, a dataclass's generated ``__init__`` is still run by
    the interpreter, and an opening is made for every story."""

    __slots__ = ("line", "score", "headline_end", "reasons")

    def __init__(
        self, line: Line, score: float, headline_end: int, reasons: tuple[str | tuple[str, float, float], ...]
    ):
        self.line = line
        self.score = score
        self.headline_end = headline_end  # where the headline ends (== line.end unless glued to its lede)
        self.reasons = reasons

    @property
    def confidence(self) -> float:
        return 1.0 / (1.0 + math.exp(-self.score))


def _content(tokens: Iterable[str]) -> list[str]:
    return [t for t in tokens if t not in _FUNCTION_WORDS and (len(t) > 1 or t.isdigit())]


def _restatement(headline_tokens: list[str], lede_tokens: list[str]) -> float:
    """Share of the headline's content words the lede repeats (English stems by their first 5 letters)."""
    return _restated_in(headline_tokens, _spaced(lede_tokens))


def _spaced(tokens: list[str]) -> str:
    return " " + " ".join(tokens) + " "


def _restated_in(headline_tokens: list[str], lede: str) -> float:
    """``_restatement`` with the lede's tokens between spaces (" a b c "): a token is found by one
    substring search, and a stem by another, which costs a fraction of building sets of the lede's
    tokens and stems. A short token's stem is the token itself, found by the first search."""
    head = _content(headline_tokens)
    if not head:
        return 0.0
    missed = 0
    for token in head:
        if f" {token} " not in lede and (len(token) < 5 or f" {token[:5]}" not in lede):
            missed += 1
    return (len(head) - missed) / len(head)


_END_MARKS: Final = ("./.", ". /.", "/.")


# Kinds of line that never open a story.
_NEVER_OPENS: Final = frozenset(
    ("attribution", "related", "list", "boilerplate", "timestamp", "byline", "url", "rule")
)


def _ends_story(line: Line) -> bool:
    kind = line.kind
    return kind == "attribution" or kind == "url" or kind == "rule" or line.norm.endswith(_END_MARKS)


def standalone_features(line: Line, previous: list[Line], following: list[Line]) -> dict[str, float] | None:
    """Evidence that a headline-shaped line on its own opens a story, as named numbers.

    None when the line cannot open a story (a short line right before an attribution is a byline).
    """
    features = _shape_features(line, previous, following)
    if features is not None:
        features.update(_word_features(line, previous, following))
    return features


def _reasons(features: dict[str, float]) -> tuple[tuple[str, float, float], ...]:
    # (name, value, contribution); worded only when someone asks (--explain), as it costs
    return tuple(
        (name, value, _STANDALONE_WEIGHTS[name] * value)
        for name, value in features.items()
        if value and abs(_STANDALONE_WEIGHTS[name] * value) >= 0.05
    )


def _shape_features(line: Line, previous: list[Line], following: list[Line]) -> dict[str, float] | None:
    """The cheap evidence: the shapes of the line and its neighbours."""
    nxt = following[0]
    if _ends_story(nxt):
        return None
    prev = previous[-1]
    text = line.norm
    words = line.words
    bare = text.rstrip(_CLOSERS)
    f: dict[str, float] = {}
    f["after_attribution"] = float(_ends_story(prev))
    f["after_boilerplate"] = float(prev.kind == "boilerplate")
    f["after_list"] = float(prev.kind in ("related", "list"))
    f["after_byline"] = float(
        not f["after_attribution"]
        and _is_byline(prev)
        and len(previous) > 1
        and previous[-2].kind not in ("short", "caption")
    )
    f["after_short"] = float(prev.kind == "short" and not f["after_byline"])
    f["after_caption"] = float(prev.kind == "caption")
    f["after_sentence"] = float(prev.norm[-1] in _SENTENCE_END and prev.kind in ("long", "text"))
    f["few_words"] = float(len(words) <= 3)
    f["many_words"] = max(0.0, len(words) - 16) / 10
    f["ends_like_sentence"] = float(bare != text and bare[-1:] in ".!?,") + float(text.endswith("."))
    f["question"] = float(bare.endswith("?"))
    f["byline_like"] = float(_is_byline(line))
    f["next_credit"] = float(bool(_CREDIT.match(nxt.norm)))
    f["next_short"] = float(nxt.kind == "short" and nxt.norm != text)
    f["next_list"] = float(nxt.kind in ("related", "list"))
    f["next_paragraph"] = float(len(nxt.norm) >= 100)
    capitalised = sum(1 for w in words if w[:1].isupper())
    f["title_case"] = capitalised / len(words)
    return f


def _word_features(line: Line, previous: list[Line], following: list[Line]) -> dict[str, float]:
    """The costly evidence: whether the lede repeats the line, and whether the topic changes."""
    return {name: measure(line, previous, following) for name, measure in _WORD_MEASURES.items()}


def _restated(line: Line, previous: list[Line], following: list[Line]) -> float:
    return _restated_in(line.tokens, "".join([ln.spaced for ln in following[:2]]))


def _fuzzy_restated(line: Line, previous: list[Line], following: list[Line]) -> float:
    return fuzz.partial_ratio(line.norm.casefold(), following[0].norm[:160].casefold()) / 100


def _topic_kept(line: Line, previous: list[Line], following: list[Line]) -> float:
    before = frozenset().union(*(ln.content for ln in previous[-2:]))
    after = frozenset().union(*(ln.content for ln in following[:2]))
    return len(before & after) / min(len(before), len(after)) if before and after else 0.0


# The word evidence, measured in this order (the strongest first) until the rest cannot change
# the answer.
_WORD_MEASURES: Final[dict[str, Callable[[Line, list[Line], list[Line]], float]]] = {
    "restated": _restated,
    "topic_kept": _topic_kept,
    "fuzzy_restated": _fuzzy_restated,
}


# Weights of the evidence, log-odds per unit. Fitted once by logistic regression over the candidate
# lines of the dev dumps (see bench/fit_weights.py), then rounded; every feature is general line
# shape or context, none names an outlet or a corpus.
_STANDALONE_BIAS: Final = -0.35
_STANDALONE_WEIGHTS: Final = {
    "after_attribution": 1.1,
    "after_boilerplate": -0.7,
    "after_list": 0.1,
    "after_byline": 0.25,
    "after_short": -1.2,
    "after_caption": -0.3,
    "after_sentence": -1.7,
    "few_words": -1.6,
    "many_words": -1.5,
    "ends_like_sentence": -1.4,
    "question": -1.1,
    "byline_like": -1.0,
    "next_credit": 1.6,
    "next_short": -0.8,
    "next_list": -0.4,
    "next_paragraph": 1.0,
    "restated": 3.6,
    "fuzzy_restated": 0.65,
    "topic_kept": -1.4,
    "title_case": 0.55,
}


_PARAGRAPH: Final = ("long", "text")
_HISTORY: Final = 12  # lines of look-back a decision may use (a "Related:" list can be that long)


def _continues_paragraphs(prev: Line, line: Line) -> bool:
    """A paragraph after a paragraph that neither ends a story nor carries an outlet mark.

    ``_opening`` would find nothing in such a line: this says so without gathering evidence."""
    return (
        prev.kind in _PARAGRAPH
        and not prev.norm.endswith(_END_MARKS)
        and not _trailing_byline(prev)
        and not _has_dash(line.text)
    )


# The least and the most the word evidence not yet measured can add to a line's score: before the
# first measure, after it, and so on.
_ORDER: Final = list(_WORD_MEASURES)
_WORDS_LEAST: Final = [sum(min(0.0, _STANDALONE_WEIGHTS[n]) for n in _ORDER[k:]) for k in range(len(_ORDER))]
_WORDS_MOST: Final = [sum(max(0.0, _STANDALONE_WEIGHTS[n]) for n in _ORDER[k:]) for k in range(len(_ORDER))]


_HEADER_LINES: Final = 2  # a wire's byline and timestamp between a headline and its lede


def _past_header(lines: list[Line], lookahead: int) -> list[Line]:
    """The ``lookahead`` lines after a candidate headline, from its lede on: past the byline and
    timestamp lines a wire story puts between headline and lede ("By Jane Doe, Associated Press",
    "Updated 11:42 PM EST, September 30, 2023"), so that the evidence reads the lede."""
    skip = 0
    while skip < min(_HEADER_LINES, len(lines) - 1) and _is_header(lines[skip]):
        skip += 1
    return lines[skip : skip + lookahead]


def _may_be_header(line: Line) -> bool:
    return line.kind == "timestamp" or line.text[0] in _BY_FIRST


def _is_header(line: Line) -> bool:
    return line.kind == "timestamp" or (_BY.match(line.text) is not None and _is_byline(line))


_CLEARLY_GLUED: Final = 2.0  # the strength of a glued headline's evidence that needs no other support


def _is_section_label(line: Line) -> bool:
    """A page's section or breadcrumb over a headline: "Thế giới", "WORLD NEWS", "Home > World > Asia".

    Two words at most, or three in capitals: "Brexit deal agreed" is a headline, and the line
    under it may be its deck."""
    if line.kind not in ("short", "text") or len(line.text) > 60:
        return False
    words = line.words
    if len(words) <= 3:
        # "Hừng La/VOV online" signs a story
        return "/" not in line.text and (len(words) <= 2 or line.text.isupper())
    segments = _BREADCRUMB.split(line.norm)
    return len(segments) > 1 and all(len(segment.split()) <= 3 for segment in segments)


_BREADCRUMB: Final = re.compile(r"\s+[>›»|/]\s+")


def _in_list(previous: list[Line]) -> bool:
    """Whether the lines just before continue a "Related:" list (then this line is one more item)."""
    for line in reversed(previous):
        if line.kind == "related":
            return True
        if line.kind not in ("short", "list", "caption", "boilerplate"):
            return False
    return False


# "By Jane Doe", "von Max Muster", "Par Jean Dupont"
_BY: Final = re.compile(r"^(?i:by|von|par|por|di|door|av|af)\s+[A-Z" + _UPPER + r"]")
_BY_FIRST: Final = "BbVvPpDdAa"  # the first letters of _BY's words, to spare most lines the pattern
_COMPILED_BY: Final = re.compile(r"tổng hợp|\(|dịch", re.IGNORECASE)  # "Thu Hoài Tổng hợp", "(dịch)"
# the small words of a list of authors: "By Jane Doe and John Roe of The Associated Press"
_BYLINE_JOINS: Final = frozenset("and & of the for with và und et y e en".split())


def _is_byline(line: Line) -> bool:
    """Short lines of names: "Thu Hoài Tổng hợp", "PHÙNG THU TRANG", "By Jane Doe", "T.M (TTXVN)",
    and the wire's longer "By LISA MASCARO and MARY CLARE JALONICK Associated Press"."""
    text = line.text
    if len(text) > 120 or text[-1] in ".:;,!?":
        return False
    words = text.split()
    if text[0] in _BY_FIRST and _BY.match(text):
        return len(words) <= 16 and all(w[:1].isupper() or w in _BYLINE_JOINS for w in words[1:])
    if not 1 <= len(words) <= 6 or len(text) > 60:
        return False
    if len(words) > 4 and "/" not in text and not _COMPILED_BY.search(text):
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or w[:1] in "(/" or "/" in w)
    return capitalised >= len(words) - 1 and capitalised >= max(1, len(words) * 0.7)


class Splitter:
    """Find story boundaries in dump text.

    Parameters
    ----------
    threshold : float, default 0.0
        A line opens a story when the weighed evidence exceeds this (log-odds; 0 is even odds).
    lookahead : int, default 3
        How many following non-blank lines are read before deciding on a line.

    >>> Splitter().split("Only one story here\\nWith a lede that says so.\\n")[0].title
    'Only one story here'
    """

    def __init__(self, *, threshold: float = 0.0, lookahead: int = 3):
        self.threshold = threshold
        self.lookahead = lookahead

    # -- public -----------------------------------------------------------------------------------

    def split(self, text: str, *, name: str = "text", file: str | None = None) -> list[Story]:
        """All stories of ``text``."""
        return list(self.iter_stories([text], name=name, file=file))

    def iter_stories(
        self, chunks: Iterable[str], *, name: str = "text", file: str | None = None
    ) -> Iterator[Story]:
        """Stories of the text made of ``chunks``, yielded as soon as each one is complete."""
        lookahead = self.lookahead
        lines = iter_unwrapped_lines(chunks)
        buffer: list[Line] = []  # lines read so far that may still be looked at
        exhausted = False
        i = 0  # index in ``buffer`` of the line being decided
        story_lines: list[Line] = []
        opening: Opening | None = None
        number = 0
        while True:
            if not exhausted and len(buffer) - i <= lookahead + _HEADER_LINES:
                if i > _HISTORY * 4:  # forget lines no decision will look back at
                    del buffer[: i - _HISTORY]
                    i = _HISTORY
                batch = list(islice(lines, 1024))
                exhausted = not batch
                buffer.extend(batch)
                continue
            if i >= len(buffer):
                break
            line = buffer[i]
            if opening is None and line.kind == "url":
                story_lines.append(line)  # the page a story came from goes with it, before its headline
                i += 1
                continue
            if opening is None:
                decision: Opening | None = self._first_opening(line, buffer[i + 1 : i + 1 + lookahead])
            elif line.kind in _PARAGRAPH and _continues_paragraphs(buffer[i - 1], line):
                decision = None  # the common case, decided without gathering evidence
            elif story_lines[-1] is opening.line and opening.headline_end >= opening.line.end:
                decision = None  # a second headline-shaped line under a headline is its subtitle
                if _is_section_label(opening.line):
                    # "Thế giới", "Home > World > Asia" over the headline: the label goes with the
                    # story, before its headline
                    opening = self._under_label(opening, line, buffer[i + 1 : i + 1 + lookahead])
            else:
                previous = buffer[max(0, i - _HISTORY) : i]
                following = buffer[i + 1 : i + 1 + lookahead]
                if following and _may_be_header(following[0]):
                    following = _past_header(buffer[i + 1 : i + 1 + lookahead + _HEADER_LINES], lookahead)
                decision = self._opening(line, previous, following)
            if decision is not None:
                lead: list[Line] = []  # the pages noted before this headline belong to its story
                if opening is not None:
                    while len(story_lines) > 1 and story_lines[-1].kind == "url":
                        lead.insert(0, story_lines.pop())
                    number += 1
                    yield self._story(opening, story_lines, number, name, file)
                else:
                    lead = story_lines
                opening, story_lines = decision, [*lead, line]
            else:
                story_lines.append(line)
            i += 1
        if opening is None and story_lines:  # nothing but page addresses: the first is the title
            opening = self._first_opening(story_lines[0], story_lines[1:])
        if opening is not None:
            number += 1
            yield self._story(opening, story_lines, number, name, file)

    # -- evidence --------------------------------------------------------------------------------

    def _opening(self, line: Line, previous: list[Line], following: list[Line]) -> Opening | None:
        kind = line.kind
        if kind in _NEVER_OPENS:
            return None
        if kind == "titled":
            return Opening(line, 5.0, line.end, ("the line is labelled as a title",))
        prev = previous[-1]
        if kind in ("short", "caption") and _in_list(previous):
            return self._listed(line, previous, following)
        if kind == "short" or (
            # a headline may end like a caption ("... (ảnh)"), but one that opens like a caption
            # ("Ảnh: ...", "Image caption, ...") labels a picture
            kind == "caption"
            and len(line.norm) < 140
            and not _CAPTION.search(line.norm[-40:])
            and not _CAPTION.match(line.norm)
        ):
            return self._standalone(line, previous, following)
        if kind in ("long", "text") and (
            _ends_story(prev) or (prev.kind == "short" and _is_byline(prev)) or _trailing_byline(prev)
        ):
            return self._glued(line, previous, following)
        if kind == "long" and _credit_in_line(line.text, strict=True) is not None:
            return self._glued(line, previous, following)
        return None

    def _under_label(self, label: Opening, line: Line, following: list[Line]) -> Opening:
        """The opening moved from a section label to the headline under it, if the line is one:
        headline-shaped and longer, or a headline clearly glued to its lede."""
        if line.kind == "short" and len(line.words) >= 4:
            return Opening(line, label.score, line.end, (*label.reasons, "under a section label"))
        if line.kind in _PARAGRAPH:
            glued = self._split_glued(line, following)
            if glued is not None and glued[1] >= _CLEARLY_GLUED:
                reasons = (*label.reasons, "under a section label", glued[2])
                return Opening(line, label.score, glued[0], reasons)
        return label

    def _first_opening(self, line: Line, following: list[Line]) -> Opening:
        glued = self._split_glued(line, following) if line.kind in ("long", "text") else None
        end = glued[0] if glued else line.end
        return Opening(line, 10.0, end, ("the input starts here",))

    def _context_before(self, previous: list[Line]) -> tuple[float, list[str]]:
        prev = previous[-1]
        if _ends_story(prev):
            return 3.0, [f"follows an attribution line {prev.text[:40]!r}"]
        if prev.kind == "boilerplate":
            return 1.0, ["follows boilerplate"]
        if prev.kind in ("related", "list"):
            return -3.0, ["follows a list of related headlines"]
        if _is_byline(prev) and len(previous) > 1 and previous[-2].kind not in ("short", "caption"):
            return 2.0, [f"follows a byline {prev.text[:40]!r}"]
        if prev.kind == "short":
            return -1.5, ["follows another headline-shaped line"]
        if prev.kind == "caption":
            return -0.5, ["follows a caption"]
        if prev.text[-1] in _SENTENCE_END:
            return 0.5, ["follows the end of a paragraph"]
        return -0.5, ["follows a line that does not end a sentence"]

    def _standalone(self, line: Line, previous: list[Line], following: list[Line]) -> Opening | None:
        if not following:
            return None
        features = _shape_features(line, previous, following)
        if features is None:
            return None
        score = _STANDALONE_BIAS + sum(_STANDALONE_WEIGHTS[name] * value for name, value in features.items())
        # Reading the neighbours' words is the costly part: read only while it can change the answer.
        # A line accepted early is given the least score the unread evidence would leave it.
        for step, (name, measure) in enumerate(_WORD_MEASURES.items()):
            least = score + _WORDS_LEAST[step]
            if least >= self.threshold + 1.0:
                decided = f"decided before reading {name}" if step else "decided on shape"
                return Opening(line, least, line.end, _reasons(features) + (decided,))
            if score + _WORDS_MOST[step] <= self.threshold:
                return None
            features[name] = value = measure(line, previous, following)
            score += _STANDALONE_WEIGHTS[name] * value
        if score <= self.threshold:
            return None
        return Opening(line, score, line.end, _reasons(features))

    def _listed(self, line: Line, previous: list[Line], following: list[Line]) -> Opening | None:
        """A line in a "Related:" list opens a story only if a paragraph follows that restates it."""
        if not following or len(following[0].norm) < 100:
            return None
        restated = _restated(line, previous, following)
        if restated < 0.6:
            return None
        return Opening(
            line, 1.0, line.end, (f"ends a list, and the paragraph after it repeats {restated:.0%} of it",)
        )

    def _glued(self, line: Line, previous: list[Line], following: list[Line]) -> Opening | None:
        found = self._split_glued(line, following)
        if found is None:
            return None
        end, strength, why = found
        score, reasons = self._context_before(previous)
        score += strength
        reasons.append(why)
        if score <= self.threshold:
            return None
        return Opening(line, score, end, tuple(reasons))

    def _split_glued(self, line: Line, following: list[Line]) -> tuple[int, float, str] | None:
        """Where a headline run into its lede on one line ends: (offset, strength, reason)."""
        text = line.text
        credit = _credit_in_line(text)
        if credit is not None:
            return line.start + credit, 3.0, "an outlet mark or dateline separates headline and lede"
        repeated = _repeated_opening(text)
        if repeated is not None:
            return line.start + repeated, 3.0, "the headline is repeated as the lede's first words"
        cuts = _glued_cuts(text)
        if not cuts:
            return None
        # the best-scored cut, the earliest of equals; the sums are plain float additions in order
        offset, values = cuts[0]
        best = -math.inf
        for cut, cut_values in cuts:
            score = 0.0
            for weight, value in zip(_GLUED_WEIGHT_VALUES, cut_values):
                score += weight * value
            if score > best or (score == best and cut < offset):
                best, offset, values = score, cut, cut_values
        restated, restart = values[0], values[4]
        strength = max(-2.0, min(2.5, 3.6 * restated - 1.5 + 1.5 * restart))
        words = len(text[:offset].split())
        return (
            line.start + offset,
            strength,
            f"headline ends after word {words} (lede repeats {restated:.0%})",
        )

    # -- building stories ------------------------------------------------------------------------

    def _story(self, opening: Opening, lines: list[Line], number: int, name: str, file: str | None) -> Story:
        lead = 0
        while lines[lead] is not opening.line:
            lead += 1
        first = lines[lead]
        head_end = opening.headline_end
        part = _new_part  # parts are made by the million: skip the named tuple's Python constructor
        head, tail = _headline_bounds(first.text, first.kind)
        if (head, tail) != (0, len(first.text)):
            # "Title: ...", "## ...", "**...**": the marks are kept apart from the headline
            title = first.text[head:tail]
            parts, texts = [], []
            marks = ("boilerplate", 0, head), ("headline", head, tail), ("boilerplate", tail, len(first.text))
            for kind, a, b in marks:
                piece = first.text[a:b]
                if piece.strip():
                    a += len(piece) - len(piece.lstrip())
                    parts.append(part(Part, (kind, first.start + a, first.start + a + len(piece.strip()))))
                    texts.append(piece.strip())
        else:
            if head_end >= first.end:  # a headline line may still carry an outlet mark or a repeat
                cut = _credit_in_line(first.text, min_lede=10)
                if cut is None:
                    cut = _repeated_opening(first.text)
                if cut is not None:
                    head_end = first.start + cut
            title = first.text[: head_end - first.start].rstrip()
            parts = [part(Part, ("headline", first.start, first.start + len(title)))]
            texts = [title]
        if lead:  # "https://..." lines before the headline
            parts[:0] = [part(Part, ("boilerplate", ln.start, ln.end)) for ln in lines[:lead]]
            texts[:0] = [ln.text for ln in lines[:lead]]
        body: list[str] = []
        rest_lines = lines[lead + 1 :]
        if head_end < first.end:
            remainder = first.text[head_end - first.start :]
            lede = remainder.lstrip()
            rest_lines.insert(0, Line(head_end + len(remainder) - len(lede), first.end, lede))
        source = byline = None
        lede_seen = False  # only the first body line (the lede) can open with an outlet mark
        for line, kind in zip(rest_lines, _classify_parts(rest_lines)):
            start, end, text = line.start, line.end, line.text
            if kind == "body":
                if not lede_seen:
                    lede_seen = True
                    match = _CREDIT.match(text)
                    if match:
                        credit = text[: match.end()].rstrip()
                        parts.append(part(Part, ("credit", start, start + len(credit))))
                        texts.append(credit)
                        if source is None:
                            source = _source_from_credit(credit)
                        if match.end() == len(text):
                            lede_seen = False  # a mark on a line of its own: the lede is the next line
                            continue
                        start, text = start + match.end(), text[match.end() :]
                body.append(text)
            elif kind == "attribution":
                if _WIRE_CREDIT.match(text) or text.endswith(_CONTRIBUTED):
                    byline = byline or text  # names the reporters, not the outlet
                else:
                    source = _source_name(text)
            elif kind == "byline" and byline is None:
                field = _FIELD.match(text) if line.kind == "byline" else None  # "Author: Jane Doe"
                byline = text[field.end() :] if field else text
            parts.append(part(Part, (kind, start, end)))
            texts.append(text)
        body_text = "\n".join(body)
        return new_story(
            {
                "id": f"{name}#{number}",
                "file": file,
                "title": title,
                "text": body_text,
                "start": lines[0].start,
                "end": lines[-1].end,
                "source": source,
                "byline": byline,
                "lang": story_lang(title, body_text),
                "confidence": opening.confidence,
                "parts": tuple(parts),
                "part_texts": tuple(texts),
                "reasons": opening.reasons,
            }
        )


_new_part = tuple.__new__


def _repeated_opening(text: str) -> int | None:
    """Offset of the second copy when a line starts with the same 3+ words twice ("A B C A B C ...")."""
    first = text[:64].split(None, 1)[0]
    if len(first) == 64:
        first = text.split(None, 1)[0]
    if text.find(" " + first + " ", len(first)) < 0:
        return None
    words, starts = _words_and_starts(text, 600)
    for k in range(3, min(len(words) // 2, 40) + 1):
        if words[k : 2 * k] == words[:k]:
            return starts[k]
    return None


def _words_and_starts(text: str, limit: int) -> tuple[list[str], list[int]]:
    """The words of ``text[:limit]`` (split at white space) and the offset each starts at.

    str.split and str.find make fewer objects than a regex's match per word."""
    words = text[:limit].split()
    starts = []
    position = 0
    for word in words:
        # only white space lies before it: its first character's next place is where it starts
        position = text.find(word[0], position)
        starts.append(position)
        position += len(word)
    return words, starts


def glued_candidates(text: str) -> list[tuple[int, dict[str, float]]]:
    """Places where a headline glued to its lede could end, with the evidence for each.

    Returns (offset into ``text`` where the lede would start, named features) for every word
    that could open a lede: capitalised, a digit or an opening quote, not after a comma.
    """
    return [(offset, dict(zip(_GLUED_WEIGHTS, values))) for offset, values in _glued_cuts(text)]


def _glued_cuts(text: str) -> list[tuple[int, tuple[float, ...]]]:
    """``glued_candidates`` with the features as a tuple, in the order of ``_GLUED_WEIGHTS``."""
    words, starts = _words_and_starts(text, 600)
    count = len(words)
    if count < 6:
        return []
    last = min(count - 3, 32)  # cuts come before words 2 .. last - 1
    del words[last + 39 :], starts[last + 39 :]  # a cut's lede is the next 40 words: none after is read
    folded = _fold_words(nfc(text[: starts[-1] + len(words[-1])]).split())
    capital = [w[:1].isupper() or (w[:1] in _QUOTES_OPEN and w[1:2].isupper()) for w in words]
    function = [bool(f) and f[0] in _FUNCTION_WORDS for f in folded]
    # running counts (plain loops: compiled, they add machine integers) of the head's capitalised
    # content words, so each cut costs the same; the words' tokens in one flat list (word i has
    # tokens[offsets[i]:offsets[i + 1]]), the 5-letter stems of those that have one, and a running
    # count of content tokens
    content_words, capital_content, offsets = [0], [0], [0]
    words_so_far = capitals_so_far = 0
    tokens: list[str] = []
    for c, f, word_tokens in zip(capital, function, folded):
        if not f:
            words_so_far += 1
            if c:
                capitals_so_far += 1
        content_words.append(words_so_far)
        capital_content.append(capitals_so_far)
        tokens.extend(word_tokens)
        offsets.append(len(tokens))
    stems = [t[:5] if len(t) >= 5 else "" for t in tokens]
    content_token = [t not in _FUNCTION_WORDS and (len(t) > 1 or t.isdigit()) for t in tokens]
    content_tokens = [0]
    so_far = 0
    for is_content in content_token:
        if is_content:
            so_far += 1
        content_tokens.append(so_far)
    # The lede window (the tokens of the 40 words after a cut) only slides right as the cut moves:
    # counts of its tokens and stems are kept as it goes, and the head's content tokens gathered,
    # instead of building both sets again at every cut.
    window_tokens: dict[str, int] = {}
    window_stems: dict[str, int] = {}
    window_start = window_end = head_seen = 0  # the window counts tokens[window_start:window_end]
    unique: set[str] = set()  # the head's distinct content tokens
    unique_tokens: list[str] = []  # the same, in order, and their stems: sliced once, not at each cut
    unique_stems: list[str] = []

    out: list[tuple[int, tuple[float, ...]]] = []
    for k in range(2, last):
        word, before = words[k], words[k - 1]
        if not (capital[k] or word[0].isdigit()) or before[-1] in ",;:":
            continue
        if before[-1] == "." and not _ends_with_abbreviation(before) and before[-2:-1] != ".":
            continue
        head_end = offsets[k]
        content = content_tokens[head_end]  # the head's content words, repeats counted
        if not content:
            continue
        for i in range(head_seen, head_end):
            if content_token[i]:
                token = tokens[i]
                if token not in unique:
                    unique.add(token)
                    unique_tokens.append(token)
                    unique_stems.append(stems[i])
        head_seen = head_end
        lede_end = offsets[k + 40] if k + 40 < len(offsets) else len(tokens)
        for i in range(window_start, min(head_end, window_end)):  # left the window
            _uncount(window_tokens, tokens[i])
            if stems[i]:
                _uncount(window_stems, stems[i])
        for i in range(max(window_end, head_end), lede_end):  # came into it
            window_tokens[tokens[i]] = window_tokens.get(tokens[i], 0) + 1
            if stems[i]:
                window_stems[stems[i]] = window_stems.get(stems[i], 0) + 1
        window_start, window_end = head_end, lede_end
        # a head token the lede repeats, or whose 5-letter stem a lede token of 5 letters or more has
        hits = 0
        for t, stem in zip(unique_tokens, unique_stems):
            if t in window_tokens or (stem and stem in window_stems):
                hits += 1
        end = min(count, k + 6)
        head_caps = capital_content[k] / max(1, content_words[k])
        lede_content = content_words[end] - content_words[k]
        lede_caps = (capital_content[end] - capital_content[k]) / max(1, lede_content)
        opener = folded[k][0] if folded[k] else None
        out.append(
            (
                starts[k],
                (
                    hits / len(unique),  # restated
                    min(hits, 10) / 10,  # hits
                    (len(unique) - hits) / 10,  # misses
                    float(content - len(unique)),  # repeats
                    1.0 if opener is not None and folded[0] and opener == folded[0][0] else 0.0,  # restart
                    1.0 if function[k - 1] else 0.0,  # ends_function
                    1.0 if k < 5 else 0.0,  # short_head
                    max(0, k - 16) / 10,  # long_head
                    1.0 if capital[k - 1] else 0.0,  # inside_name (k > 1 always)
                    head_caps,  # head_title_case
                    head_caps - lede_caps,  # case_drop
                    1.0 if word[0] in _QUOTES_OPEN else 0.0,  # lede_quote
                    1.0 if word[0].isdigit() else 0.0,  # lede_digit
                    1.0 if before[-1] in "?!" else 0.0,  # before_sentence_end
                    1.0 if opener in _LEDE_OPENERS else 0.0,  # lede_opener
                    0.0 if capital[k - 1] else 1.0,  # run_start
                    1.0 if _run_mentions(folded, capital, k, unique) else 0.0,  # run_has_head
                    float(len(unique) - hits),  # miss_count
                ),
            )
        )
    return out


# Fitted as a conditional logit (softmax over one line's cut points, L2 0.1) over the glued
# headlines of the dev dumps (bench/fit_weights.py), then rounded.
_GLUED_WEIGHTS: Final = {
    "restated": 0.98,
    "hits": 4.64,
    "misses": -0.02,
    "repeats": -0.61,
    "restart": -0.45,
    "ends_function": -2.6,
    "short_head": -3.04,
    "long_head": -1.34,
    "inside_name": -0.33,
    "head_title_case": -1.29,
    "case_drop": 0.69,
    "lede_quote": 0.83,
    "lede_digit": -1.81,
    "before_sentence_end": 0.91,
    "lede_opener": 3.08,
    "run_start": 0.33,
    "run_has_head": -0.1,
    "miss_count": -0.24,
}
_GLUED_WEIGHT_VALUES: Final = tuple(_GLUED_WEIGHTS.values())

# Words that often open a lede's first sentence and seldom end or continue a headline.
_LEDE_OPENERS: Final = frozenset(
    """the a an in on at after when as for more nearly hundreds thousands some many
    ông bà theo trong sau ngày chiều sáng tối trưa đêm hôm tuần tháng năm vào khi chiếc
    các những một nhiều hiện tại đó""".split()
)


_PUNCTUATION: Final = "\"'“”‘’«»()[]{}<>.,;:!?…*/\\|-–—"


def _uncount(counts: dict[str, int], key: str) -> None:
    left = counts[key] - 1
    if left:
        counts[key] = left
    else:
        del counts[key]


def _fold_words(words: list[str]) -> list[list[str]]:
    """Each word's case-folded tokens, usually just one ("(Reuters)," -> ["reuters"])."""
    if not words:
        return []
    # one casefold for all the words: it never makes a line break
    # (a word of letters and digits alone has no punctuation to strip: most are spared the copy)
    bare = "\n".join([w if w.isalnum() else w.strip(_PUNCTUATION) for w in words]).casefold().split("\n")
    return [[word] if word.isalnum() else _WORD.findall(word) for word in bare]


def _run_mentions(folded: list[list[str]], capital: list[bool], k: int, head: set[str]) -> bool:
    """Whether the run of capitalised words opening the lede at ``k`` names something in the head
    ("... Border Wall | President Donald Trump on Friday": Trump)."""
    j = k
    while j < len(capital) and capital[j] and j < k + 6:
        if not head.isdisjoint(folded[j]):
            return True
        j += 1
    return False


def _credit_in_line(text: str, *, strict: bool = False, min_lede: int = 40) -> int | None:
    """Offset of a lede's outlet mark or dateline ("(HNM) -", "VOV.VN -", "WASHINGTON —",
    "GiadinhNet -") after a headline of 3 or more words on the same line.

    ``strict`` (for lines in the middle of a story) wants a dash after the mark and a
    headline-shaped text before it."""
    if not _has_dash(text) and (strict or "(" not in text[:400]):
        return None  # every mark has a dash or a bracket
    # the regex engine finds the words that can start a mark; a strict mark has a dash after it
    stop = min(400, max(text.rfind("-"), text.rfind("–"), text.rfind("—"))) if strict else 400
    for start in _MARK_START.finditer(text, 0, stop):
        position = start.start()
        credit = _CREDIT.match(text, position) or (None if strict else _BRAND_CREDIT.match(text, position))
        if credit is None:
            continue
        number = len(text[:position].split())  # words before the mark
        if number > 30:
            return None
        if number < 3:
            continue  # a headline has three words at least
        rest = len(text) - credit.end()
        if strict and not _strict_credit(text, position, credit):
            continue
        if rest == 0 or (
            rest > min_lede and (_ANY_DASH.search(credit.group()) or credit.group().startswith("("))
        ):
            return position
    return None


# A paragraph that ends with its author's name or its outlet: "... trên địa bàn. Việt Dũng",
# "... khu vực Trung Đông… Hà Linh", "... bay vào vũ trụ. Theo VNE".
_TRAILING_BYLINE: Final = re.compile(
    r"[.!?…”\"]\s+(?:Theo\s+)?(?:[A-Z" + _UPPER + r"][\w.'’/-]*\s+){0,3}[A-Z" + _UPPER + r"](?:[\w.'’/-]*\w)?"
    r"(?:\s+\([^()]{1,40}\))?$"
)


def _trailing_byline(line: Line) -> bool:
    norm = line.norm
    return norm[-1].isalnum() and _TRAILING_BYLINE.search(norm[-90:]) is not None


def _strict_credit(text: str, position: int, credit: re.Match) -> bool:
    """In the middle of a story, a mark only separates headline and lede when it has a dash, the text
    before it is shaped like a headline and the text after it restates that headline."""
    head = text[:position].rstrip()
    if not _ANY_DASH.search(credit.group()) or not _headline_shaped(head) or head.count(",") > 1:
        return False
    if head.count('"') % 2 or head.count("“") != head.count("”"):
        return False
    head_tokens = _WORD.findall(nfc(head).casefold())
    lede_tokens = _WORD.findall(nfc(text[credit.end() : credit.end() + 400]).casefold())
    return _restatement(head_tokens, lede_tokens) >= 0.34


# Where a mark can start: a word opening the way one of _CREDIT's or _BRAND_CREDIT's alternatives
# does ("(", "Soha.vn", "WASHINGTON", "GiadinhNet"), so ordinary capitalised words are not tried.
# The match is the word's first character, checked after it is read ("(?<!\S." : nothing but space
# before it): a pattern that opens with a character set lets the engine skip to the next capital
# or bracket, where one that opens with an assertion is tried at every position (twice the time).
_MARK_START: Final = re.compile(
    r"[(A-Z{U}](?<!\S.)(?:(?<=\()|(?<=[A-ZĐ])(?=[A-Za-zĐ0-9]*\.[A-Za-z])|(?<=[A-Z{U}])(?=[A-Z{U}.'’ ])"
    r"|(?<=[A-Z])(?=[a-z]+[A-Z]))".replace("{U}", _UPPER)
)
_ANY_DASH: Final = re.compile(r"[-–—]")


def _has_dash(text: str) -> bool:
    """Whether a dash between spaces (" - ", " — ") comes within the first 400 characters."""
    # each dash found by str.find is looked at on its own: a regex search for the pattern would try
    # every position of the line (six times the instructions, compiled or not)
    end = min(len(text), 400)
    for dash in "-–—":
        at = text.find(dash, 1, end)
        while at >= 0:
            after = at + 1
            if after < end and text[at - 1].isspace():
                nxt = text[after]
                if nxt.isspace() or (nxt in "-–—" and after + 1 < end and text[after + 1].isspace()):
                    return True
            at = text.find(dash, after, end)
    return False

# An outlet's name as one token before a dash: CamelCase ("GiadinhNet", "ICTnews"), a domain or an
# acronym ("TTO", "HNMO").
_BRAND_CREDIT: Final = re.compile(
    r"(?:[A-Z][a-z]+[A-Z]\w*|[A-Z]{2,}[a-z]+\w*|[A-Z]{2,6}O?)\s+[-–—]\s+(?=[A-Z" + _UPPER + r"“\"])"
)


# The part a line of these kinds makes, where its place in the story does not say otherwise.
_PART_OF_KIND: Final = {
    "attribution": "attribution", "boilerplate": "boilerplate", "caption": "caption",
    "timestamp": "timestamp", "byline": "byline", "url": "boilerplate", "rule": "boilerplate",
}  # fmt: skip
_URL: Final = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_RULE: Final = re.compile(r"[\W_]{3,}")
_RULE_MARKS: Final = "-=*_~#•·.…—–+<>"  # what rules are drawn with, to spare other lines the pattern
_CONTRIBUTED: Final = (
    "contributed to this report.", "contributed to this report", "contributed reporting.",
    "contributed to this story.", "contributed reporting", "contributed to this article.",
)  # fmt: skip


def _classify_parts(lines: list[Line]) -> list[str]:
    """Kinds of a story's lines after its headline: body unless shape and place say otherwise."""
    kinds = []
    in_related = False
    for line in lines:
        kind = line.kind
        if kind == "related":
            in_related = True
            kinds.append("related")
            continue
        if kind == "list" and (line.text.startswith((">>", "»", "›")) or in_related):
            kinds.append("related")
            continue
        if in_related and (kind == "short" or (kind == "text" and len(line.text) <= 40)):
            kinds.append("related")  # a headline, or a topic: "Afghanistan"
            continue
        in_related = False
        kinds.append(_PART_OF_KIND.get(kind, "body"))
    # a wire's byline between headline and lede: "By Jane Doe, Associated Press"
    for i, line in enumerate(lines[:3]):
        if kinds[i] == "body" and _BY.match(line.text) and _is_byline(line):
            kinds[i] = "byline"
        elif kinds[i] != "timestamp":
            break
    # bylines: short name lines among the last lines, before the attribution
    for i in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
        if kinds[i] in ("attribution", "boilerplate", "related"):
            continue
        if kinds[i] == "body" and _is_byline(lines[i]):
            kinds[i] = "byline"
            continue
        break
    # a section label that ends a story stands over the next headline ("Thế giới")
    if len(lines) > 1 and kinds[-1] == "body" and lines[-1].norm[-1] not in _SENTENCE_END and (
        _is_section_label(lines[-1])
    ):
        kinds[-1] = "boilerplate"
    # a short line without a full stop between paragraphs labels a picture
    for i in range(1, len(lines) - 1):
        line = lines[i]
        if (
            kinds[i] == "body"
            and line.kind == "short"
            and len(line.words) <= 20
            and len(lines[i - 1].norm) > 100
        ):
            if line.norm[-1] not in "?!:" and len(lines[i + 1].norm) > 100:
                kinds[i] = "caption"
    return kinds


def _source_name(text: str) -> str | None:
    name = _ATTRIBUTION_PREFIX.sub("", text).strip().strip("()").strip()
    name = _RIGHTS_RESERVED.sub("", name)
    return name.rstrip(".").strip() or None


# "Copyright 2023 The Associated Press. All rights reserved." names The Associated Press
_RIGHTS_RESERVED: Final = re.compile(
    r"[.,;]?\s*(?:all\s+rights\s+reserved|tous\s+droits\s+réservés|alle\s+rechte\s+vorbehalten"
    r"|todos\s+los\s+derechos\s+reservados|todos\s+os\s+direitos\s+reservados"
    r"|tutti\s+i\s+diritti\s+riservati|alle\s+rechten\s+voorbehouden)\.?$",
    re.IGNORECASE,
)


def _source_from_credit(credit: str) -> str | None:
    inner = _BRACKETED.search(credit)  # "(HNM) -", "HANOI (Reuters) -"
    if inner:
        return inner.group(1).strip()
    mark = _DOMAIN_MARK.match(credit)  # "VOV.VN -"
    return mark.group(1) if mark else None


_BRACKETED: Final = re.compile(r"\(\s*([^()]+?)\s*\)")
_DOMAIN_MARK: Final = re.compile(r"^([A-ZĐ][A-Za-zĐ0-9]*(?:\.[A-Za-z]{2,4})+)")


# ---------------------------------------------------------------------------------------------
# Convenience
# ---------------------------------------------------------------------------------------------


def split_text(text: str, *, name: str = "text", file: str | None = None, **params) -> list[Story]:
    """Split one decoded text into stories with offsets into ``text``.

    >>> [s.start for s in split_text("A headline here\\nIts lede follows here.\\n")]
    [0]
    """
    return Splitter(**params).split(text, name=name, file=file)


def split_files(
    paths: Iterable[str],
    *,
    encoding: str | None = None,
    splitter: Splitter | None = None,
    on_error: Callable[[InputError], None] | None = None,
) -> Iterator[Story]:
    """Stories of every file (folders expanded to their .txt files, ``-`` for stdin), streamed.

    Story ids are ``<path without .txt>#<n>``, unique across the run. A file that cannot be read
    or decoded raises InputError, unless ``on_error`` is given: then it is called with the error
    and the other files are still split.
    """
    splitter = splitter or Splitter()
    for path in expand_paths(paths):
        name = input_name(path)
        try:
            yield from splitter.iter_stories(iter_text(path, encoding), name=name, file=path)
        except InputError as error:
            if on_error is None:
                raise
            on_error(error)
