import unicodedata

import pytest

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
        ("Die Regierung hat die Verhandlungen über den Haushalt abgebrochen", None),
        ("Le gouvernement a annoncé une réforme des retraites", None),
        ("12 345 678", None),
        ("", None),
    ],
)
def test_detect_lang(text, lang):
    assert detect_lang(text) == lang
