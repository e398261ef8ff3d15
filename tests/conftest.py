"""Shared fixtures: paths, the shared gold clusters (skipped when ../shared is absent)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLE = ROOT / "examples" / "harbour-fire"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "gold").is_dir() or not (SHARED / "corpus").is_dir():
        pytest.skip("../shared (gold clusters) is not present next to the checkout")
    return SHARED


@pytest.fixture(scope="session")
def example_dir() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline, loaded once per test session."""
    from storylens.nlp import get_nlp

    return get_nlp()
