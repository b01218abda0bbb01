import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclust import normalize
from newsclust.normalize import detect_lang, normalize_text, normalize_word, sentences, stopwords, tokenize


@pytest.mark.parametrize(
    "word, expected",
    [
        ("hoà", "hòa"),
        ("hòa", "hòa"),
        ("doạ", "dọa"),
        ("thuỷ", "thủy"),
        ("THUỶ", "thủy"),
        ("khoẻ", "khỏe"),
        ("xoè", "xòe"),
        ("uỷ", "ủy"),
        ("hoàng", "hoàng"),  # closed syllable: the tone stays on the second vowel
        ("toán", "toán"),
        ("quý", "quý"),  # the u of "qu" is part of the consonant
        ("ngoài", "ngoài"),  # three vowels: not an oa/oe/uy nucleus
        ("khuya", "khuya"),
        ("café", "café"),  # other Latin-script words are left alone
        ("poésie", "poésie"),
        ("Größe", "grösse"),
        ("Noël", "noël"),
    ],
)
def test_normalize_word(word, expected):
    assert normalize_word(word) == expected


def test_decomposed_and_composed_text_normalise_alike():
    composed = "Hoà bình ở Thuỷ Nguyên"
    decomposed = unicodedata.normalize("NFD", composed)
    assert normalize_text(decomposed) == normalize_text(composed) == "hòa bình ở thủy nguyên"


def test_both_tone_conventions_give_the_same_tokens():
    assert tokenize("Hoà giải, doạ nạt, thuỷ lợi") == tokenize("Hòa giải, dọa nạt, thủy lợi")


def test_tokenize_keeps_diacritics_and_number_shapes():
    assert tokenize("Giá USD tăng 2,5% hôm 23-10, 5.000 người.") == [
        "giá",
        "usd",
        "tăng",
        "2,5%",
        "hôm",
        "23-10",
        "5.000",
        "người",
    ]


def test_sentences_break_at_punctuation_and_lines():
    assert sentences("One. Two!\nThree") == ["One.", "Two!", "Three"]


def test_builtin_stopwords_cover_both_languages():
    words = stopwords()
    assert {"của", "những", "được", "the", "and", "said"} <= words
    assert "taliban" not in words and "biểu" not in words


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Phe đối lập Campuchia lại biểu tình phản đối chính phủ", "vi"),
        ("The Taliban denied that it had held talks with Russia", "en"),
        ("Die Regierung hat die Verhandlungen über den Haushalt abgebrochen", "de"),
        ("Le gouvernement a annoncé une réforme des retraites", "fr"),
        ("Rada Polityki Pieniężnej podniosła stopy procentowe", None),
        ("12 345 678", None),
        ("", None),
    ],
)
def test_detect_lang(text, lang):
    assert detect_lang(text) == lang


# Ledes of other Latin-script languages share English stopwords ("de", "un", "a", "in", "was");
# the French one was taken for English. Polish has no built-in stopwords: no language.
@pytest.mark.parametrize(
    "text, lang",
    [
        ("Le gouvernement a présenté mardi un plan de 10 milliards d'euros pour relancer la construction "
         "de logements, a annoncé le ministre du Logement lors d'une conférence de presse à Paris.", "fr"),
        ("Die Deutsche Bahn hat wegen eines Streiks der Gewerkschaft Hunderte Verbindungen im Fern- und "
         "Regionalverkehr gestrichen, wie das Unternehmen am Montag in Berlin mitteilte.", "de"),
        ("El Consejo de Ministros aprobó este martes la subida del salario mínimo hasta los 1.200 euros "
         "mensuales, informó la ministra de Trabajo en una rueda de prensa en Madrid.", "es"),
        ("O governo anunciou nesta terça-feira um novo pacote de medidas para conter a inflação, que inclui "
         "cortes de impostos sobre combustíveis e alimentos, segundo o ministro.", "pt"),
        ("Il governo ha approvato in via definitiva la legge di bilancio per il prossimo anno, con un voto "
         "di fiducia alla Camera dei deputati che si è concluso nella tarda serata.", "it"),
        ("De regering heeft dinsdag een plan gepresenteerd om de bouw van woningen te versnellen, zo "
         "maakte de minister bekend op een persconferentie in Den Haag.", "nl"),
        ("Rada Polityki Pieniężnej podniosła we wtorek stopy procentowe o 0,25 punktu procentowego, "
         "poinformował Narodowy Bank Polski w komunikacie opublikowanym po posiedzeniu.", None),
    ],
)  # fmt: skip
def test_detect_lang_other_latin_languages(text, lang):
    assert detect_lang(text) == lang


def test_detect_lang_reads_decomposed_vietnamese():
    # NFD splits "ở" into "o" and two marks: the words fell apart and the headline passed for English
    assert detect_lang(unicodedata.normalize("NFD", "Nga mở rộng cuộc chiến chống IS sang Trung Á")) == "vi"


def test_detect_lang_english_with_accented_names_is_english():
    text = (
        "Pokémon maker Nintendo said on Tuesday that its profit rose by a third, as sales of the Switch "
        "console beat forecasts, the company's chief executive told reporters in Kyōto."
    )
    assert detect_lang(text) == "en"


def test_one_character_folds_into_a_word_character_without_being_one():
    # detect_lang tokenises a folded sample at once when every character folds to one: that is only
    # the same as folding each token when folding keeps word and non-word characters apart
    word = re.compile(r"\w")

    def kind(char: str) -> tuple[bool, bool]:
        return word.match(char) is not None, char in ".,'’-%"

    chars = map(chr, range(0x110000))
    changes = [c for c in chars if len(c.casefold()) == 1 and kind(c) != kind(c.casefold())]
    assert changes == [normalize._FOLDS_INTO_A_WORD]


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Straße gesperrt: Die Polizei hat die Straße nach einem Unfall am Montag gesperrt", "de"),
        ("\u0345The talks ended in a deal on Monday, and the deal was signed", "en"),
        ("İstanbul'da the talks ended in a deal on Monday and the deal was signed", "en"),
    ],
)
def test_detect_lang_where_folding_changes_a_words_length(text, lang):
    assert detect_lang(text) == lang


@given(st.text(alphabet=" \t\u00a0.,'’-%_aZđệ5(", max_size=40))
@settings(max_examples=500)
def test_tokens_from_white_space_words_are_the_patterns_tokens(text):
    assert normalize._tokens(text) == normalize._TOKEN.findall(text)
