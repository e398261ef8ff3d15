"""English language data lives in ``storylens/lang/en``: one copy of each list.

(a) No module outside ``lang/`` holds a module-level word list; (b) the lists the stages read
are the ones in ``lang/en``, and the lists derived from one concept stay inside it.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

import storylens
from storylens.lang.en import calendar, names, numbers, outlets, stopwords, titles
from storylens.lang.en import quantities

PACKAGE = Path(storylens.__file__).parent
WORD = re.compile(r"^[a-z][a-z'\-.]*$")
MIN_WORDS = 5

#: Module-level lists outside ``lang/`` that are allowed, each with its reason.
ALLOWED = {
    "cli.py:FORMATS": "output format names of the command line, not English text",
    "cli.py:SUFFIX_FORMATS": "file suffixes mapped to output format names",
    "pipeline/run.py:SECTIONS": "names of report sections",
    "pipeline/run.py:EVENT_MODULES": "module names of the registered steps",
    "render/html.py:STATUS_LABEL": "status values of the report contract and their labels",
    "render/html.py:STATUS_COLOUR": "status values of the report contract and their colours",
    "render/html.py:SECTIONS": "section ids of the HTML page",
    "stages/entities.py:SOURCE_RANK": "names of the rules that find a mention, ranked",
    "stages/event_scope.py:ATTACHED": "spaCy dependency labels",
    "stages/quotes.py:_CONTENT_DEPS": "spaCy dependency labels",
    "stages/ingest.py:FIELDS": "field names of an input record",
    "stages/ingest.py:FIELD_ALIASES": "field names of an input record and their aliases",
    "store/sqlite.py:STATUSES": "job states stored in the database",
    "store/tables.py:SCHEMA": "table names of the store",
    "store/tables.py:INDEXES": "table and column names of the store",
    "store/tables.py:DELETE_ORDER": "table names of the store",
    "corpus/cluster.py:FEATURES": "feature names of the fitted join model",
    "stages/quotes_speaker.py:FEATURES": "feature names of the fitted speaker model",
}


def _words(value: ast.AST) -> list[str]:
    """The lower-case words in the literals of an expression (and in ``"...".split()``)."""
    out: list[str] = []
    for node in ast.walk(value):
        consts: list[ast.AST] = []
        if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            consts = list(node.elts)
        elif isinstance(node, ast.Dict):
            consts = [k for k in node.keys if k is not None] + list(node.values)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr == "split" and isinstance(node.func.value, ast.Constant) \
                and isinstance(node.func.value.value, str):
            out += node.func.value.value.split()
        out += [c.value for c in consts if isinstance(c, ast.Constant) and isinstance(c.value, str)]
    return [w for w in out if WORD.match(w) and any(ch.isalpha() for ch in w)]


def word_lists(source: str) -> list[tuple[str, int]]:
    """(name, number of words) of each module-level assignment holding word literals."""
    found = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        n = len(_words(value))
        if n >= MIN_WORDS:
            for t in targets:
                found.append((t.id if isinstance(t, ast.Name) else ast.unparse(t), n))
    return found


def test_the_scanner_finds_word_lists_in_every_form():
    src = '''
A = {"alpha", "bravo", "charlie", "delta", "echo"}
B = frozenset("alpha bravo charlie delta echo".split())
C = ("x", "y")
D = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
E = OTHER | {"alpha", "bravo", "charlie", "delta", "echo"}
F = {w for w in G if w not in ("alpha", "bravo", "charlie", "delta", "echo")}
H = ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]
'''
    assert [name for name, _ in word_lists(src)] == ["A", "B", "D", "E", "F"]


def test_no_word_list_outside_lang():
    bad = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith("lang/"):
            continue
        for name, n in word_lists(path.read_text(encoding="utf-8")):
            if f"{rel}:{name}" not in ALLOWED and f"{rel}:*" not in ALLOWED:
                bad.append(f"{rel}:{name} ({n} words)")
    assert not bad, "word lists belong in storylens/lang/en: " + ", ".join(bad)


def test_allow_list_has_no_stale_entries():
    present = set()
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        for name, _ in word_lists(path.read_text(encoding="utf-8")):
            present |= {f"{rel}:{name}", f"{rel}:*"}
    assert set(ALLOWED) <= present, sorted(set(ALLOWED) - present)


# -- (b) one copy of each concept -----------------------------------------------------------------

def test_stages_read_the_lang_lists():
    from storylens import labels
    from storylens.stages import timeline as dates, entity_rules, metadata, quote_rules
    from storylens.stages import numbers as number_stage
    assert entity_rules.TITLES is titles.TITLES
    assert quote_rules.TITLES is titles.QUOTE_TITLES
    assert number_stage.MONTHS is calendar.MONTHS and dates.WEEKDAYS is calendar.WEEKDAYS
    assert number_stage.WEEKDAYS is calendar.WEEKDAYS
    assert dates.MONTH_NUM is calendar.MONTH_NUM and metadata.MONTHS is calendar.MONTH_NUMBERS
    assert number_stage.UNITS_W is numbers.UNITS_W
    assert labels.OUTLET_WORDS is outlets.OUTLET_WORDS and metadata.SITE_WORDS is outlets.SITE_WORDS
    assert entity_rules.STOP_IN_NAMES is names.STOP_IN_NAMES
    assert quote_rules.CONNECT is names.NAME_CONNECT


def test_titles_are_one_list():
    assert titles.TITLES <= titles.QUOTE_TITLES
    assert titles.QUOTE_TITLES - titles.TITLES <= titles.TITLE_PHRASE_WORDS
    assert not {"the", "a", "an"} & titles.TITLES  # never stripped from a name
    assert quantities.NAME_TITLES <= titles.TITLES
    assert quantities.TITLE_WORDS <= titles.TITLES


def test_calendar_is_one_list():
    assert set(calendar.MONTHS) == set(calendar.MONTH_NUMBERS)
    assert sorted(calendar.MONTH_NUM.values()) == list(range(1, 13))
    assert calendar.NAME_MONTHS <= set(calendar.MONTHS)
    assert calendar.DATE_WORDS - {"today", "yesterday", "tonight"} <= set(calendar.MONTHS) | set(calendar.WEEKDAYS)
    from storylens import labels
    assert [m.lower() for m in labels.MONTHS] == list(calendar.MONTH_NUM)


def test_outlet_words_share_the_news_words():
    assert outlets.NEWS_WORDS <= outlets.OUTLET_WORDS
    assert outlets.NEWS_WORDS <= outlets.SITE_WORDS
    assert outlets.OUTLET_NAME_LINKS <= names.NAME_LINKS | names.NAME_PARTICLES


def test_name_links_share_the_particles():
    for words in (names.STOP_IN_NAMES, names.NAME_CONNECT):
        assert words <= names.NAME_LINKS | names.NAME_PARTICLES


def test_function_words_are_spacy_stop_words():
    assert stopwords.PRONOUNS <= STOP_WORDS
    assert set(stopwords.REFLEXIVE) | set(stopwords.REFLEXIVE.values()) <= STOP_WORDS
    assert stopwords.MODALS <= STOP_WORDS
    assert STOP_WORDS <= stopwords.CLAIM_STOP  # spaCy's, plus the forms of "say" and "tell"
    assert stopwords.CLAIM_STOP - STOP_WORDS <= {"said", "says", "say", "told", "tells", "tell"}


def test_number_words_are_spacy_numbers():
    from spacy.lang.en.lex_attrs import like_num
    assert all(like_num(w) for w in numbers.UNITS_W)
    assert all(like_num(w) for w in numbers.TENS_W)


def test_victim_words_are_a_subset_of_the_quantity_words():
    from storylens.lang.en import harm
    assert harm.VICTIM_DEATH_NOUNS <= quantities.DEATH_NOUNS
    assert set(harm.DEATH_TOLL_WORDS) <= set(dict(quantities.SCOPE_WORDS)["killed"])


def test_corpus_lists_share_the_titles_and_news_words():
    from storylens.corpus import features
    assert features.OFFICIAL_ROLES is titles.OFFICIAL_ROLES
    assert features.GENERIC_NAME_WORDS is names.GENERIC_NAME_WORDS
    # offices are titles (less plural and rarely prefixed role nouns)
    assert titles.OFFICIAL_ROLES - {"spokespeople", "spokesmen", "examiner"} <= titles.TITLES
    # the kind words of names hold honorifics, no name particles
    assert {"mr", "mrs", "ms", "dr"} <= names.GENERIC_NAME_WORDS
    assert not names.GENERIC_NAME_WORDS & (names.NAME_PARTICLES - {"saint"})


def test_brief_words_are_one_list_each():
    from storylens.lang.en import harm, phrasing, units
    assert stopwords.CONTENT_STOP - {"said", "says", "told", "new"} <= STOP_WORDS  # reporting verbs read as stop words
    assert not phrasing.JUDGEMENT_WORDS & STOP_WORDS
    assert harm.HARM_OUTCOMES <= harm.HARM_CUES and harm.HARM_OUTCOMES <= set(harm.KEY_OUTCOMES)
    assert harm.HARM_SCOPES <= set(harm.KEY_OUTCOMES)
    assert set(numbers.CHECKED_NUMBER_WORDS) - {"dozen"} <= set(numbers.UNITS_W)
    assert {"km", "kg", "cm", "mm", "lb"} <= units.MEASURE_SYMBOLS and set(units.UNIT_NAMES) - {"MW", "kW", "%"} <= units.MEASURE_SYMBOLS
