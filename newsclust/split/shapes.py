"""What a line looks like on its own: its kind (headline-shaped, paragraph, attribution, caption,
boilerplate, related list, timestamp, rule, page address), and the patterns and word lists behind it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from rapidfuzz.utils import default_process

from newsclust.normalize import LANGUAGES, nfc, stopwords

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

    __slots__ = (
        "start", "end", "text", "norm", "kind", "_tokens", "_words", "_content", "_spaced", "_topic",
        "_topic_text",
    )  # fmt: skip

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
        self._content: set[str] | None = None  # never changed once made, as _topic
        self._topic: set[str] | None = None  # never changed once made
        self._topic_text: str | None = None
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
    def content(self) -> set[str]:
        """The line's content words (no function words), for topic overlap."""
        if self._content is None:
            # into the set at once (``_content``'s list and a copy of it cost more)
            tokens = self.tokens
            self._content = {t for t in tokens if t not in _FUNCTION_WORDS and (len(t) > 1 or t.isdigit())}
        return self._content

    @property
    def topic(self) -> set[str]:
        """What the line is about, for cohesion across lines: its words and pairs of neighbouring
        words (Vietnamese compounds, names), leaving out every language's stopwords, from its first
        600 characters."""
        if self._topic is None:
            self._topic = _topic(self.topic_text)
        return self._topic

    @property
    def topic_text(self) -> str:
        """The tokens ``topic`` is made from, kept or not, between spaces (" a b  c "): a token is
        found in it by one substring search (`` f" {token} " in topic_text``)."""
        if self._topic_text is None:
            self._topic_text = f" {default_process(self.norm[:600])} "
        return self._topic_text


def _topic(tokens: str) -> set[str]:
    """``Line.topic`` of the tokens ``tokens`` (``Line.topic_text``, or any text of tokens
    between spaces): the kept words, and the pairs of neighbouring words one of which is kept."""
    # one pass, into the set that is kept (a paragraph's topic is a few hundred words and
    # pairs: lists of flags and a frozen copy cost as much again as the set)
    topic: set[str] = set()
    before = ""
    before_kept = False
    for token in tokens.split():
        kept = token not in _TOPIC_STOPWORDS and (len(token) > 1 or token.isdigit())
        if kept:
            topic.add(token)
        if before and (kept or before_kept):
            topic.add(f"{before} {token}")  # one string made, where + makes two
        before, before_kept = token, kept
    return topic


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

_URL: Final = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_RULE: Final = re.compile(r"[\W_]{3,}")
_RULE_MARKS: Final = "-=*_~#•·.…—–+<>"  # what rules are drawn with, to spare other lines the pattern
_CONTRIBUTED: Final = (
    "contributed to this report.", "contributed to this report", "contributed reporting.",
    "contributed to this story.", "contributed reporting", "contributed to this article.",
)  # fmt: skip


def _content(tokens: Iterable[str]) -> list[str]:
    return [t for t in tokens if t not in _FUNCTION_WORDS and (len(t) > 1 or t.isdigit())]


def _spaced(tokens: list[str]) -> str:
    return " " + " ".join(tokens) + " "


_TOPIC_STOPWORDS: Final = _FUNCTION_WORDS | stopwords(LANGUAGES)
