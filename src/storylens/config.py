"""Settings: one dataclass, one table of defaults and help.

Layers, later wins: built-in defaults -> a TOML file (``storylens.toml`` in the working
directory, or ``--config FILE``) -> environment variables ``STORYLENS_<NAME>`` -> explicit
overrides (CLI flags). The CLI's help text for settings comes from the same table.
"""
from __future__ import annotations

import dataclasses
import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._version import __version__
from .errors import ConfigError


def _s(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    max_file_bytes: int = _s(5_000_000, "inputs larger than this many bytes are skipped")
    max_documents: int = _s(1000, "at most this many documents are analysed in one event")
    embeddings: bool = _s(True, "use MiniLM sentence vectors (onnxruntime) to align sentences; off = rules only")
    embedding_threads: int = _s(2, "onnxruntime intra-op threads for sentence embeddings")
    embedding_precision: str = _s("int8", "the sentence encoder's linear layers: int8 (7-bit weights, integer "
                                          "products exact on every CPU; about half the CPU time of float) or float")
    strict: bool = _s(False, "stop on the first stage error instead of recording it and going on")
    reuse_min_words: int = _s(8, "shortest copied passage, in words, that counts as reuse")
    alias_file: str = _s("", "extra alias file (TOML) of alternative names, added to the built-in one")
    brief_words: int = _s(120, "length of the brief in words (at least three sentences are kept)")
    quiet: bool = _s(False, "no progress output on stderr")
    languages: tuple[str, ...] = _s(("en",), "languages analysed (ISO 639-1 codes); a report in another language is "
                                            "skipped; one other than en needs its spaCy model installed")
    user_agent: str = _s(f"storylens/{__version__}", "User-Agent sent with every web request")
    fetch_timeout: float = _s(20.0, "seconds to wait for a web server before a fetch fails")
    fetch_retries: int = _s(2, "retries of a fetch that timed out or got HTTP 429/5xx, with doubling waits")
    fetch_backoff: float = _s(1.0, "seconds before the first retry of a fetch (doubled for each next one)")
    fetch_delay: float = _s(1.0, "politeness: seconds between two requests to the same host")
    fetch_workers: int = _s(4, "web requests in flight at once (to different hosts, or spaced by fetch_delay)")
    robots: bool = _s(True, "honour robots.txt: pages it disallows for our User-Agent are skipped")
    private_addresses: bool = _s(False, "allow fetching from local and private network addresses")
    cache_dir: str = _s("", "folder for raw fetched pages; a page found there is not fetched again")

    def replace(self, **changes: Any) -> "Settings":
        return dataclasses.replace(self, **changes)


def settings_table() -> list[tuple[str, Any, str]]:
    """(name, default, help) for every setting: the single source for docs and --help."""
    return [(f.name, f.default, f.metadata.get("help", "")) for f in dataclasses.fields(Settings)]


TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


def _coerce(name: str, raw: Any, default: Any) -> Any:
    if isinstance(default, bool):
        if isinstance(raw, bool):
            return raw
        s = str(raw).strip().lower()
        if s in TRUE_WORDS:
            return True
        if s in FALSE_WORDS:
            return False
        raise ConfigError(f"setting {name}: expected true/false, got {raw!r}")
    if isinstance(default, int):
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise ConfigError(f"setting {name}: expected a whole number, got {raw!r}") from None
    if isinstance(default, float):
        try:
            return float(raw)
        except (TypeError, ValueError):
            raise ConfigError(f"setting {name}: expected a number, got {raw!r}") from None
    if isinstance(default, tuple):  # a TOML list, or "a, b" in an environment variable
        items = raw if isinstance(raw, (list, tuple)) else str(raw).split(",")
        out = tuple(str(x).strip().lower() for x in items if str(x).strip())
        if not out:
            raise ConfigError(f"setting {name}: expected a list, got {raw!r}")
        return out
    return str(raw)


def toml_value(v: Any) -> str:
    """A setting's value written as TOML."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return json.dumps(str(v), ensure_ascii=False)  # a JSON string is a TOML basic string


def load_settings(config_file: str | Path | None = None, env: dict[str, str] | None = None,
                  **overrides: Any) -> Settings:
    return load_settings_with_sources(config_file, env, **overrides)[0]


def load_settings_with_sources(config_file: str | Path | None = None, env: dict[str, str] | None = None,
                               **overrides: Any) -> tuple[Settings, dict[str, str]]:
    """The settings in effect and, for each, where its value came from: ``default``, ``file PATH``,
    ``env STORYLENS_NAME`` or ``command line``."""
    env = os.environ if env is None else env
    defaults = {name: default for name, default, _ in settings_table()}
    values: dict[str, Any] = {}
    sources = {k: "default" for k in defaults}
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
            sources[k] = f"file {path}"
    for k, d in defaults.items():
        ev = env.get(f"STORYLENS_{k.upper()}")
        if ev is not None:
            values[k] = _coerce(k, ev, d)
            sources[k] = f"env STORYLENS_{k.upper()}"
    for k, v in overrides.items():
        if v is None:
            continue
        if k not in defaults:
            raise ConfigError(f"unknown setting {k!r}")
        values[k] = _coerce(k, v, defaults[k])
        sources[k] = "command line"
    if "embedding_precision" in values:
        from .embeddings import check_precision

        try:
            values["embedding_precision"] = check_precision(values["embedding_precision"])
        except ValueError as exc:
            raise ConfigError(f"setting embedding_precision ({sources['embedding_precision']}): {exc}") from None
    return Settings(**values), sources


def settings_toml(settings: Settings, sources: dict[str, str]) -> str:
    """The settings as a TOML file (a ``[storylens]`` table), each with its meaning and source."""
    lines = ["# storylens settings in effect; each value's source is at the end of its line", "[storylens]"]
    for name, _, help_text in settings_table():
        lines.append(f"# {help_text}")
        lines.append(f"{name} = {toml_value(getattr(settings, name))}  # {sources.get(name, 'default')}")
    return "\n".join(lines) + "\n"
