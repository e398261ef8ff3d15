"""The fitted figure chooser on invented claims: its features, a report's figure among its
counts, the value among the reports', and the shipped model's consistency."""
from __future__ import annotations

from storylens.model import Claim
from storylens.stages import claims as C
from storylens.stages import claims_choice as CH


def claim(doc: str, sentence: str, text: str, value: float, scope: str | None = "killed", at: int = 0,
          **kw) -> Claim:
    s = sentence.index(text)
    return Claim(doc=doc, start=at + s, end=at + s + len(text), text=text, value=value, unit="person",
                 scope=scope, sentence=sentence, sentence_start=at, **kw)


def model(claim_weights: dict[str, float] | None = None, value_weights: dict[str, float] | None = None) -> dict:
    def part(w: dict[str, float]) -> dict:
        return {"features": list(w), "coef": list(w.values()), "intercept": 0.0,
                "mean": [0.0] * len(w), "scale": [1.0] * len(w)}
    out = {}
    if claim_weights:
        out["claim"] = part(claim_weights)
    if value_weights:
        out["value"] = part(value_weights)
    return out


def test_features_read_parts_others_and_negation():
    s = "Three of the victims died at the scene, one of five people hit was a boy, not six as said."
    part = claim("a", s, "Three", 3)
    five = claim("a", s, "five people", 5)
    six = claim("a", s, "six", 6)
    mine = [part, five, six]
    fp, f5, f6 = (CH.features(c, mine, {"b": {5.0}}) for c in mine)
    assert fp["of_after"] == 1 and f5["of_after"] == 0
    assert f5["of_before"] == 1 and fp["of_before"] == 0
    assert f6["negated"] == 1 and f5["negated"] == 0
    assert f5["support"] == 1 and fp["support"] == 0 and fp["alone"] == 1
    assert f6["largest"] == 1 and fp["largest"] == 0 and fp["smaller"] == 1


def test_a_report_s_figure_is_the_likeliest_count_not_the_largest(monkeypatch):
    s1 = "Four people were killed in the shooting in Varn on Monday."
    s2 = "Police said the gunman had killed 12 people in earlier attacks, not six."
    a = [claim("a", s1, "Four people", 4), claim("a", s2, "12 people", 12, at=len(s1) + 1)]
    b = [claim("b", "The shooting in Varn left four people dead.", "four people", 4)]
    monkeypatch.setattr(CH, "load_model", lambda path=None: None)
    figs = C.report_figures(a + b)[0]
    assert {c.value for c in figs if c.doc == "a"} == {12}  # no model: the largest count
    monkeypatch.setattr(CH, "load_model", lambda path=None: model({"support": 3.0, "pos": -1.0}))
    figs, parts, _ = C.report_figures(a + b)
    assert {c.value for c in figs if c.doc == "a"} == {4}
    assert any(c.value == 12 for c in parts)  # the other count stays, as a part beside the figure


def test_the_group_value_follows_the_value_model(monkeypatch):
    lead = "Two people were killed in Varn on Monday."
    late = "x" * 600 + " In all three people were killed, a neighbour said."
    g = [claim("a", lead, "Two people", 2), claim("b", lead, "Two people", 2),
         claim("c", late, "three people", 3), claim("d", late, "three people", 3), claim("e", late, "three people", 3)]
    monkeypatch.setattr(CH, "load_model", lambda path=None: None)
    assert C.toll_status(g)[2] == 3  # more reports
    monkeypatch.setattr(CH, "load_model", lambda path=None: model(value_weights={"lead": 4.0}))
    status, note, value = C.toll_status(g)
    assert status == "disagree" and value == 2 and "2 in a, b" in note


def test_the_shipped_model_reads_the_features_the_code_computes():
    m = CH.load_model()
    assert m is not None and "claim" in m
    s = "Five people were killed."
    c = claim("a", s, "Five people", 5)
    assert set(m["claim"]["features"]) == set(CH.features(c, [c], {}))
    if "value" in m:  # kept by the fit only when it helps on the held-out half
        assert set(m["value"]["features"]) == set(CH.value_features(5.0, {5.0: [c]}, {}, {}))
    for part in set(m) & {"claim", "value"}:
        assert len(m[part]["coef"]) == len(m[part]["features"]) == len(m[part]["mean"]) == len(m[part]["scale"])


def test_partitive_before_reads_every_number_word():
    s = "Twelve of the 42 people hit were treated; news of 30 hurt came later."
    for text, value, part in (("42 people", 42, 1), ("30 hurt", 30, 0)):
        c = claim("a", s, text, value, scope="injured")
        assert CH.features(c, [c], {})["of_before"] == part


def test_values_by_origin_leave_out_a_report_s_own_origin():
    g = [claim("a", "Two died.", "Two", 2), claim("b", "Three died.", "Three", 3),
         claim("c", "Two people died.", "Two people", 2)]
    values = CH.origin_values(g, {"c": "a"})
    assert values == {"a": {2.0}, "b": {3.0}}
    assert CH.other_values(values, "c", {"c": "a"}) == {"b": {3.0}}
    assert CH.other_values(values, "b") == {"a": {2.0}}
