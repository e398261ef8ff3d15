"""The accuracy harness: floors that fail, and the peers on invented texts."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import eval as harness  # noqa: E402
import peers  # noqa: E402


def results(**metrics):
    return {"fast": True, "sets": {"quotes": {"rows": [{"system": "storylens", "metrics": metrics}]}}}


def test_a_score_below_its_floor_breaks_the_check(tmp_path):
    floors = tmp_path / "floors.toml"
    floors.write_text('[fast.floors]\n"quotes.f1" = 0.80\n"quotes.speaker" = 0.5\n'
                      '[fast.ceilings]\n"quotes.misses" = 3\n')
    assert harness.check(results(f1=0.85, speaker=0.6, misses=3), floors) == []
    broken = harness.check(results(f1=0.79, speaker=0.6, misses=4), floors)
    assert len(broken) == 2 and "quotes.f1" in broken[0] and "quotes.misses" in broken[1]
    assert "not measured" in harness.check(results(f1=0.9, misses=0), floors)[0]


def test_the_committed_floors_file_reads_and_names_measured_sets():
    cfg = harness.tomllib.loads((harness.OUT / "floors.toml").read_text())
    for kind in ("fast", "full"):
        keys = list(cfg[kind]["floors"]) + list(cfg[kind].get("ceilings", {}))
        assert keys and all(k.split(".")[0] in ("figures", "brief_facts", "people", "quotes", "duc",
                                                "ecb-file", "ecb-shuffled")
                            or k.startswith("stream-") for k in keys)


def test_naive_figures_takes_the_most_frequent_number_near_a_cue():
    arts = [{"title": "Two dead in Lowmoor crash", "text": "Two people were killed. Police said 2 died at the scene "
                                                           "and three were injured."}]
    groups = {g["topic"]: g["value"] for g in peers.naive_figures(arts)["claim_groups"]}
    assert groups["people killed"] == 2 and groups["people injured"] in (2, 3)


def test_naive_quotes_take_the_nearest_capitalised_name():
    text = 'The mayor, Ines Darrow, spoke first. "We will rebuild the bridge," Darrow said on Monday.'
    (q,) = peers.naive_quotes("d1", text)
    assert q["text"] == "We will rebuild the bridge," and q["speaker"] == "Darrow"


def test_lead_is_the_earliest_reports_first_sentences():
    arts = [{"id": "b", "published": "2031-05-02", "text": "Later news. More."},
            {"id": "a", "published": "2031-05-01", "text": "First line here. Second line. Third. Fourth."}]
    brief = peers.lead_brief(arts)["brief"]
    assert [b["text"] for b in brief] == ["First line here.", "Second line.", "Third."]
    assert peers.lead_words(arts, 3) == "First line here."


def test_lexrank_returns_central_sentences_within_the_budget():
    pytest.importorskip("sumy")
    texts = ["The storm hit the coast of Kell on Friday. Roofs were torn off in Kell.",
             "A storm struck Kell on Friday, tearing off roofs. Schools stayed shut.",
             "Kell was hit by a storm on Friday. A cat was rescued."]
    out = peers.lexrank(texts, words=12).splitlines()
    assert out and "storm" in out[0].lower() and sum(len(s.split()) for s in out[:-1]) < 12


def test_reports_of_another_encoder_precision_are_cached_apart(monkeypatch):
    monkeypatch.setattr(harness, "code_key", lambda: ("c" * 40, "cccccccccccc"))
    monkeypatch.delenv("STORYLENS_EMBEDDING_PRECISION", raising=False)
    default = harness.Eval(True, 1, harness.Log(True))
    monkeypatch.setenv("STORYLENS_EMBEDDING_PRECISION", "int8" if default.precision == "float" else "float")
    other = harness.Eval(True, 1, harness.Log(True))
    assert default.key == "cccccccccccc" and default.cache.name == default.key
    assert other.key == f"cccccccccccc-{other.precision}" and other.cache != default.cache
