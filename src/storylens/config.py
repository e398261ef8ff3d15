"""Settings: one dataclass, one table of defaults and help.

Layers, later wins: built-in defaults -> a TOML file (``storylens.toml`` in the working
directory, or ``--config FILE``) -> environment variables ``STORYLENS_<NAME>`` -> explicit
overrides (CLI flags). The CLI's help text for settings comes from the same table.
"""
from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError


def _s(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    max_file_bytes: int = _s(5_000_000, "inputs larger than this many bytes are skipped")
    max_documents: int = _s(1000, "at most this many documents are analysed in one event")
    embeddings: bool = _s(True, "use MiniLM sentence vectors (onnxruntime) to align sentences; off = rules only")
    embedding_threads: int = _s(2, "onnxruntime intra-op threads for sentence embeddings")
    strict: bool = _s(False, "stop on the first stage error instead of recording it and going on")
    reuse_min_words: int = _s(8, "shortest copied passage, in words, that counts as reuse")
    alias_file: str = _s("", "extra alias file (TOML) of alternative names, added to the built-in one")
    quiet: bool = _s(False, "no progress output on stderr")

    def replace(self, **changes: Any) -> "Settings":
        return dataclasses.replace(self, **changes)


def settings_table() -> list[tuple[str, Any, str]]:
    """(name, default, help) for every setting: the single source for docs and --help."""
    return [(f.name, f.default, f.metadata.get("help", "")) for f in dataclasses.fields(Settings)]


def _coerce(name: str, raw: Any, default: Any) -> Any:
    if isinstance(default, bool):
        if isinstance(raw, bool):
            return raw
        s = str(raw).strip().lower()
        if s in ("1", "true", "yes", "on"):
            return True
        if s in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"setting {name}: expected true/false, got {raw!r}")
    if isinstance(default, int):
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise ConfigError(f"setting {name}: expected a whole number, got {raw!r}") from None
    return str(raw)


def load_settings(config_file: str | Path | None = None, env: dict[str, str] | None = None,
                  **overrides: Any) -> Settings:
    env = os.environ if env is None else env
    defaults = {name: default for name, default, _ in settings_table()}
    values: dict[str, Any] = {}
    path = Path(config_file) if config_file else Path("storylens.toml")
    if config_file and not path.is_file():
        raise ConfigError(f"settings file not found: {path}")
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read settings file {path}: {exc}") from None
        data = data.get("storylens", data)
        for k, v in data.items():
            if k == "corpus":  # corpus-mode parameters: storylens.corpus.run.corpus_settings reads them
                continue
            if k not in defaults:
                raise ConfigError(f"unknown setting {k!r} in {path}; known: {', '.join(defaults)}")
            values[k] = _coerce(k, v, defaults[k])
    for k, d in defaults.items():
        ev = env.get(f"STORYLENS_{k.upper()}")
        if ev is not None:
            values[k] = _coerce(k, ev, d)
    for k, v in overrides.items():
        if v is None:
            continue
        if k not in defaults:
            raise ConfigError(f"unknown setting {k!r}")
        values[k] = _coerce(k, v, defaults[k])
    return Settings(**values)
