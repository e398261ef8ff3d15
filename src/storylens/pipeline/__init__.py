"""The pipeline: what the stages share (:mod:`.state`), how they declare themselves
(:mod:`.registry`) and the runner (:mod:`.run`), whose names are read from here when first
used, so that importing the registry or the state does not load the runner."""
from __future__ import annotations

import importlib
from typing import Any


def __getattr__(name: str) -> Any:
    run = importlib.import_module(".run", __name__)
    try:
        return getattr(run, name)
    except AttributeError:
        raise AttributeError(f"module 'storylens.pipeline' has no attribute {name!r}") from None
