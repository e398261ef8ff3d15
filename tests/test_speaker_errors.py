"""Sorting quote-speaker errors into kinds (bench/speaker_errors.py). Invented sources and names."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from speaker_errors import kind  # noqa: E402


def test_a_speaker_sharing_a_word_with_the_source_is_right():
    assert kind("Councillor Ivo Brandt", "Ivo Brandt") is None
    assert kind("Brandt", "Ivo Brandt") is None


def test_a_bare_pronoun_source_is_the_pronoun_kind_whatever_name_is_given():
    assert kind("She", "Marta Velez") == "pronoun"
    assert kind("He\u00a0", "Ivo Brandt") == "pronoun"


def test_a_possessive_of_the_given_name_is_its_own_kind():
    assert kind("Brandt\u2019s", "Ivo Brandt") == "possessive"
    assert kind("Velez's", "Ivo Brandt") == "other"


def test_outlets_documents_descriptions_and_no_speaker():
    assert kind("The Harbour Times", "Ivo Brandt") == "outlet"
    assert kind("A council memo", "Ivo Brandt") == "document"
    assert kind("The mayor", "Ivo Brandt") == "description"
    assert kind("Marta Velez", "") == "none"
    assert kind("Marta Velez", "Ivo Brandt") == "other"


def test_a_one_word_name_that_is_also_a_common_word_is_a_name():
    assert kind("Will", "Ivo Brandt") == "other"
