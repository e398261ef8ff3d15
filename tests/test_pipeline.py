"""The model round-trips through JSON; the pipeline checks stage order and records failures."""
from __future__ import annotations

import pytest

from storylens.config import Settings, load_settings, settings_table
from storylens.errors import ConfigError, NothingToAnalyse, StageError
from storylens.model import (Claim, ClaimGroup, Document, Entity, Framing, Mention, Quote, QuoteGroup,
                             RawDocument, Report, Skipped)
from storylens.pipeline import EVENT_STAGES, Stage, analyze_raw, check_stages, run_event


def _doc(i="d1", text="Body."):
    return Document(id=i, title=None, outlet=None, origin=None, published=None, dateline=None, text=text)


def test_report_round_trip():
    r = Report(
        documents=[_doc()],
        entities=[Entity("e1", "Port Alder", "GPE", [Mention("d1", 0, 4, "Body")])],
        claim_groups=[ClaimGroup("g1", "people hurt", "single", 12, "person", None,
                                 [Claim("d1", 0, 4, "Body", 12, "person", "at least")], 1, "one source")],
        quote_groups=[QuoteGroup("q1", "A Speaker", [Quote("d1", 0, 4, "Body", "A Speaker", via="Radio")])],
        framing=[Framing("Port Alder", {"d1": {"Port Alder": 2}})],
        skipped=[Skipped("x.jsonl", "malformed JSON", line=3)],
    )
    again = Report.from_json(r.to_json())
    assert again == r
    assert list(r.to_dict())[0] == "schema"


def test_stage_order_is_checked():
    check_stages(EVENT_STAGES)
    bad = (Stage("b", "x:y", ("documents", "nothing_provides_this"), ("b",)),)
    with pytest.raises(ValueError, match="requires"):
        check_stages(bad)


def _boom(state):
    raise RuntimeError("kaboom")


def test_stage_error_is_recorded_or_raised(monkeypatch):
    import storylens.stages.brief as brief

    monkeypatch.setattr(brief, "run", _boom)
    rep = run_event([_doc()], Settings(embeddings=False))
    assert rep.stage_errors == [{"stage": "brief", "error": "RuntimeError: kaboom"}]
    assert rep.brief == []
    with pytest.raises(StageError):
        run_event([_doc()], Settings(embeddings=False, strict=True))


def test_duplicate_ids_stay_unique_and_limit_is_kept():
    raws = [RawDocument(id="same", source=f"s{i}", text=f"Text number {i}.") for i in range(3)]
    rep = analyze_raw(raws, [], Settings(embeddings=False, max_documents=2))
    assert [d.id for d in rep.documents] == ["same", "same~2"]
    assert len(rep.skipped) == 1 and "max_documents" in rep.skipped[0].reason


def test_nothing_to_analyse():
    with pytest.raises(NothingToAnalyse):
        analyze_raw([], [Skipped("a.txt", "empty file")], Settings())


def test_settings_layers(tmp_path):
    f = tmp_path / "s.toml"
    f.write_text("[storylens]\nmax_file_bytes = 10\nembeddings = false\n")
    s = load_settings(f, env={"STORYLENS_MAX_FILE_BYTES": "20"}, strict=True)
    assert (s.max_file_bytes, s.embeddings, s.strict) == (20, False, True)
    with pytest.raises(ConfigError):
        load_settings(f, env={"STORYLENS_EMBEDDINGS": "maybe"})
    f.write_text("no_such_setting = 1\n")
    with pytest.raises(ConfigError, match="unknown setting"):
        load_settings(f, env={})
    assert all(help_text for _, _, help_text in settings_table())
