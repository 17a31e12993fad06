"""The Streamlined System of the Bulgarian Transliteration Act, rule by rule, and slugs."""

from __future__ import annotations

import pytest
from conftest import SAMPLE_ID

from bulletin.intake.translit import slugify, transliterate

# the whole table of the Act, letter by letter (lower case)
TABLE = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "sht", "ъ": "a", "ь": "y", "ю": "yu", "я": "ya",
}


@pytest.mark.parametrize(("cyrillic", "latin"), sorted(TABLE.items()))
def test_each_letter_of_the_table(cyrillic: str, latin: str) -> None:
    # between two Latin letters so that no word-level rule applies
    assert transliterate(f"x{cyrillic}x") == f"x{latin}x"


def test_the_alphabet_in_order() -> None:
    assert transliterate("абвгдежзийклмнопрстуфхцчшщъьюя") == (
        "abvgdezhziyklmnoprstufhtschshshtayyuya")


@pytest.mark.parametrize(("word", "latin"), [
    ("София", "Sofia"),
    ("Юлия", "Yulia"),
    ("история", "istoria"),
    ("ЮЛИЯ", "YULIA"),
    ("Ия", "Ia"),
    ("Мария,", "Maria,"),  # the end of a word is before punctuation too
])
def test_word_final_iya_is_ia(word: str, latin: str) -> None:
    assert transliterate(word) == latin


@pytest.mark.parametrize(("word", "latin"), [
    ("Ияна", "Iyana"),  # at the start: и + я
    ("сияние", "siyanie"),  # in the middle
    ("Софията", "Sofiyata"),  # no longer the end of the word
    ("ия-та", "ia-ta"),  # a hyphen ends a word
])
def test_iya_elsewhere_follows_the_table(word: str, latin: str) -> None:
    assert transliterate(word) == latin


def test_the_country_name_is_bulgaria_and_its_derivatives_follow_the_table() -> None:
    assert transliterate("България") == "Bulgaria"
    assert transliterate("БЪЛГАРИЯ") == "BULGARIA"
    assert transliterate("в България.") == "v Bulgaria."
    assert transliterate("български") == "balgarski"
    assert transliterate("Network-България") == "Network-Bulgaria"


@pytest.mark.parametrize(("word", "latin"), [
    ("Щастие", "Shtastie"),
    ("Жеков", "Zhekov"),
    ("Цветан", "Tsvetan"),
    ("Чавдар", "Chavdar"),
    ("Шумен", "Shumen"),
    ("Юрий", "Yuriy"),
    ("Ямбол", "Yambol"),
    ("Христо", "Hristo"),
    ("Ъгълът", "Agalat"),
])
def test_digraphs_are_title_cased_in_capitalised_words(word: str, latin: str) -> None:
    assert transliterate(word) == latin


@pytest.mark.parametrize(("word", "latin"), [
    ("ЖИВКОВ", "ZHIVKOV"),
    ("ЩАСТИЕ", "SHTASTIE"),
    ("ЦЕНТЪР", "TSENTAR"),
    ("ЮГ", "YUG"),
    ("СОАПИ", "SOAPI"),
])
def test_digraphs_are_capitals_in_all_capital_words(word: str, latin: str) -> None:
    assert transliterate(word) == latin


def test_a_single_capital_letter_is_a_capitalised_word() -> None:
    assert transliterate("Ж") == "Zh"
    assert transliterate("Щ.") == "Sht."


def test_soft_sign_and_short_i() -> None:
    assert transliterate("Льо йод Йордан") == "Lyo yod Yordan"


def test_the_pronoun_with_a_grave_accent() -> None:
    assert transliterate("даде ѝ книга") == "dade i kniga"
    # the same letter written as и + combining grave (U+0300)
    assert transliterate("даде \u0438\u0300 книга") == "dade i kniga"


def test_mixed_text_keeps_latin_digits_and_punctuation() -> None:
    text = "На 26 и 27 март 2019 г. в „София Тех Парк“ (Sofia Tech Park) – BASE, ЕС!"
    assert transliterate(text) == (
        "Na 26 i 27 mart 2019 g. v „Sofia Teh Park“ (Sofia Tech Park) – BASE, ES!")


def test_non_bulgarian_text_is_left_as_is() -> None:
    for text in ("Ελληνικά", "Zürich café", "東京", "", "123 - 456"):
        assert transliterate(text) == text


def test_slug_of_the_sample_title_is_the_sample_folder() -> None:
    slug = slugify("София се включи в Европейските клъстерни седмици")
    assert slug == "sofia-se-vklyuchi-v-evropeyskite-klasterni-sedmitsi"
    assert f"2019-04-08-{slug}" == SAMPLE_ID


def test_slug_is_lowercase_ascii_with_single_hyphens() -> None:
    slug = slugify("  „Иновации“ -- в   бъдещето!  Café & ЖИВКОВ's  ")
    assert slug == "inovatsii-v-badeshteto-cafe-zhivkovs"
    assert slug == slug.lower() and slug.isascii()
    assert "--" not in slug and not slug.startswith("-") and not slug.endswith("-")


def test_long_slugs_are_cut_at_a_word_boundary() -> None:
    title = ("СОАПИ се включва в конференцията на високо равнище „Стратегия за европейските "
             "градове през 21 век” в Брюксел")
    slug = slugify(title)
    assert slug == "soapi-se-vklyuchva-v-konferentsiyata-na-visoko-ravnishte"
    assert len(slug) <= 60
    full = "-".join(transliterate(title).lower().replace("„", "").replace("”", "").split())
    assert full.startswith(slug + "-")  # a whole number of words was kept


def test_a_single_overlong_word_is_cut() -> None:
    assert slugify("а" * 80) == "a" * 60


def test_a_title_without_latin_or_cyrillic_letters_gives_an_empty_slug() -> None:
    assert slugify("Ελληνικά 東京 !!!") == ""
    assert slugify("2019") == "2019"
