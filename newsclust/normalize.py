"""Unicode and Vietnamese tone normalisation, tokenisation, stopwords and a cheap language guess.

Two spellings of one Vietnamese word must become one feature: text is put in NFC, case folded,
and the tone mark of the open-syllable nuclei ``oa``/``oe``/``uy`` is moved to one place
(``hoà`` -> ``hòa``, ``doạ`` -> ``dọa``, ``thuỷ`` -> ``thủy``; with a final consonant it stays on
the second vowel: ``hoàng``, ``toán``). Anything that is not a Vietnamese syllable (German,
French, English words) is only NFC-normalised and case folded.

>>> normalize_text("Hoà bình ở Thuỷ Nguyên")
'hòa bình ở thủy nguyên'
>>> tokenize("Giá USD tăng 2,5% hôm 23-10.")
['giá', 'usd', 'tăng', '2,5%', 'hôm', '23-10']
"""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources
from typing import Final

__all__ = [
    "detect_lang",
    "normalize_text",
    "normalize_word",
    "sentences",
    "stopwords",
    "tokenize",
]

# Tone marks as combining characters: grave, acute, tilde, hook above, dot below.
_TONES: Final = frozenset("\u0300\u0301\u0303\u0309\u0323")
_INITIALS: Final = frozenset(
    "b c ch d đ g gh h k kh l m n ng ngh nh p ph r s t th tr v x".split() + [""]
)  # no "q" (in "quý" the u belongs to the consonant) and no "gi"
_FINALS: Final = frozenset("c ch m n ng nh p t".split() + [""])
_SYLLABLE: Final = re.compile(r"^([bcdđghklmnprstvx]*)(oa|oe|uy)([cgmnpht]*)$")

# Letters only Vietnamese uses among Latin scripts (đ, ơ, ư, ă and the toned vowels with a hat).
_VIETNAMESE_LOWER: Final = "đơưăạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
# both cases spelled out: the same matches as re.IGNORECASE, at half the cost per character
_VIETNAMESE_LETTERS: Final = re.compile(f"[{_VIETNAMESE_LOWER}{_VIETNAMESE_LOWER.upper()}]")
# A token: letters and digits with inner dots, commas, hyphens or apostrophes ("5.000", "23-10",
# "U.S", "don't"), and an optional trailing percent sign.
_TOKEN: Final = re.compile(r"\w+(?:[.,'’\-]\w+)*%?")
_SENTENCE_END: Final = re.compile(r"(?<=[.!?…;:])\s+|\n+|\s+[-–—]\s+|[\"“”«»()\[\]]")


def _split_tone(char: str) -> tuple[str, str]:
    decomposed = unicodedata.normalize("NFD", char)
    tone = "".join(c for c in decomposed if c in _TONES)
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return base, tone


@functools.lru_cache(maxsize=1 << 18)
def normalize_word(word: str) -> str:
    """One lower-case NFC word with the tone of ``oa``/``oe``/``uy`` in the ``hòa``/``thủy`` place.

    >>> normalize_word("THUỶ"), normalize_word("hoàng"), normalize_word("Größe")
    ('thủy', 'hoàng', 'grösse')
    """
    word = unicodedata.normalize("NFC", word).casefold()
    if not word.isalpha() or len(word) > 7:
        return word
    pieces = [_split_tone(c) for c in word]
    tones = [t for _, t in pieces if t]
    if len(tones) != 1:
        return word
    base = "".join(b for b, _ in pieces)
    match = _SYLLABLE.match(base)
    if not match or match.group(1) not in _INITIALS or match.group(3) not in _FINALS:
        return word
    # Open syllable: tone on the first vowel (hòa, khỏe, thủy); closed: on the second (hoàng).
    at = match.start(2) + (0 if match.group(3) == "" else 1)
    chars = [b for b, _ in pieces]
    chars[at] = unicodedata.normalize("NFC", chars[at] + tones[0])
    return "".join(chars)


def normalize_text(text: str) -> str:
    """NFC, case folded, with every word's tone placement unified (see ``normalize_word``)."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\w+", lambda m: normalize_word(m.group(0)), text)


def tokenize(text: str) -> list[str]:
    """Normalised word tokens of ``text``, diacritics kept; numbers keep their inner separators."""
    return [normalize_word(m.group(0)) for m in _TOKEN.finditer(unicodedata.normalize("NFC", text))]


def sentences(text: str) -> list[str]:
    """Rough clauses of ``text``: word bigrams are never taken across these breaks."""
    return [s for s in _SENTENCE_END.split(text) if s and not s.isspace()]


@functools.cache
def _load_stopwords(lang: str) -> frozenset[str]:
    text = resources.files("newsclust").joinpath("data", f"stopwords-{lang}.txt").read_text(encoding="utf-8")
    return frozenset(
        normalize_text(line.strip())
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


@functools.cache
def stopwords(langs: tuple[str, ...] = ("vi", "en")) -> frozenset[str]:
    """The built-in stopwords of ``langs`` (any of ``LANGUAGES``), normalised like tokens.

    >>> {"của", "the"} <= stopwords()
    True
    """
    words: frozenset[str] = frozenset()
    for lang in langs:
        words |= _load_stopwords(lang)
    return words


def detect_lang(text: str) -> str | None:
    """ "vi", "en", "fr", "de", "es", "pt", "it", "nl" or None: from the letters only Vietnamese uses,
    then from which language's stopwords the words are.

    >>> detect_lang("Phe đối lập Campuchia lại biểu tình"), detect_lang("The talks ended in a deal")
    ('vi', 'en')
    >>> detect_lang("Die Verhandlungen sind gescheitert, sagte der Minister am Montag")
    'de'
    >>> detect_lang("Rada Polityki Pieniężnej podniosła stopy procentowe") is None
    True
    """
    sample = nfc(text[:4000])
    # tokens are separated, so there are at most (len + 1) // 2: enough letters settle it without
    # tokenising, and counting stops there (below it, the count is complete)
    enough = max(2, (len(sample) + 1) // 2 // 20)
    vietnamese = 0
    if not sample.isascii():
        for _ in _VIETNAMESE_LETTERS.finditer(sample):
            vietnamese += 1
            if vietnamese == enough:
                break
    if vietnamese >= enough:
        return "vi"
    folded_sample = sample.casefold()
    if len(folded_sample) == len(sample) and _FOLDS_INTO_A_WORD not in sample:
        # every character folded to one, which is a word character exactly when the original was:
        # the tokens of the folded sample are the folded tokens, for one call instead of one a word
        folded = _tokens(folded_sample)
    else:
        folded = [word.casefold() for word in _TOKEN.findall(sample)]
    words = len(folded)
    if not words:
        return None
    if vietnamese >= max(2, words // 20):
        return "vi"
    least = max(2, words // 5)
    english = _count_in(folded, _load_stopwords("en"))
    others: list[int] | None = None
    if english >= least:
        # no other language has more stopwords here than there are words in any of their lists:
        # when English has as many, the others need not be counted to know it is not outnumbered
        if english < _count_in(folded, _other_stopwords()):
            others = _other_hits(folded)
        if others is None or english >= max(others):
            # "de", "a", "in", "was" are function words of French, Spanish, German too: where letters
            # with accents say the text may be one of those, English needs words of its own ("the")
            if _ACCENTED_LATIN.search(sample) is None:
                return "en"
            if _count_in(folded, _english_own_words()) >= 1 + words // 25:
                return "en"
    if others is None:
        others = _other_hits(folded)
    best = max(others)
    if best < least or others.count(best) > 1:
        return None  # too few stopwords, or as many of two languages ("que", "de", "la")
    return _LATIN_LANGS[1 + others.index(best)]


def _tokens(text: str) -> list[str]:
    """``_TOKEN.findall(text)``, from its white-space words: a word of letters and digits alone is its
    own token, and only the others are read by the pattern (a token never spans white space)."""
    tokens: list[str] = []
    for word in text.split():
        if word.isalnum():
            tokens.append(word)
        else:
            tokens.extend(_TOKEN.findall(word))
    return tokens


#: Languages told apart by their stopwords, English first.
_LATIN_LANGS: Final = ("en", "fr", "de", "es", "pt", "it", "nl")
#: Languages with built-in stopwords, as ``detect_lang`` names them.
LANGUAGES = ("vi", *_LATIN_LANGS)


def nfc(text: str) -> str:
    """``text`` in NFC, without a copy when it is already (the usual case)."""
    return text if _is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


_is_normalized: Final = unicodedata.is_normalized  # bound once: nfc runs on every line


def story_lang(title: str, text: str) -> str | None:
    """A story's language, from its headline and the opening of its text (see ``detect_lang``)."""
    return detect_lang(title + " " + text[:160])


#: The one character that folds into a word character without being one (combining ypogegrammeni,
#: folded to "ι"); tests/test_normalize.py checks every code point.
_FOLDS_INTO_A_WORD: Final = "\u0345"
_ACCENTED_LATIN: Final = re.compile("[À-ÖØ-öø-ɏḀ-ỿ]")


# English stopwords that are also common words of other Latin-script languages (French, Spanish,
# Portuguese, Italian, German, Dutch, the Nordic languages, Polish, Indonesian).
_SHARED_FUNCTION_WORDS: Final = frozenset(
    """a also am an as at con de die for her in is me men mine no on once or over per re s see so
    t to top un was will""".split()
)


def _other_hits(folded: list[str]) -> list[int]:
    return [_count_in(folded, _load_stopwords(lang)) for lang in _LATIN_LANGS[1:]]


def _count_in(words: list[str], vocabulary: frozenset[str]) -> int:
    """How many of ``words`` are in ``vocabulary`` (a loop: compiled, it adds machine integers)."""
    count = 0
    for word in words:
        if word in vocabulary:
            count += 1
    return count


@functools.cache
def _other_stopwords() -> frozenset[str]:
    return frozenset().union(*map(_load_stopwords, _LATIN_LANGS[1:]))


@functools.cache
def _english_own_words() -> frozenset[str]:
    return _load_stopwords("en") - _SHARED_FUNCTION_WORDS
