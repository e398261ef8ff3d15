"""One exception tree for storylens. Every message says what to do about it.

    StorylensError                 base; ``exit_code`` is what the CLI exits with
    ├── UsageError                 bad arguments or settings (exit 2)
    │   ├── InputNotFound          a path given on the command line does not exist
    │   ├── OutputError            the output location cannot be written
    │   └── ConfigError            a settings file or value is wrong
    ├── InputError                 one input cannot be read; recorded in ``skipped``
    ├── NothingToAnalyse           every input was skipped (exit 2)
    ├── StageError                 a pipeline stage failed (exit 1)
    └── EmbeddingsUnavailable      (storylens.embeddings) the MiniLM weights are not installed
"""
from __future__ import annotations


class StorylensError(Exception):
    exit_code = 1


class UsageError(StorylensError):
    exit_code = 2


class InputNotFound(UsageError):
    def __init__(self, path: str):
        super().__init__(f"no such file or directory: {path} (check the path; use '-' for stdin)")
        self.path = path


class OutputError(UsageError):
    def __init__(self, path: str, why: str, option: str = "-o"):
        super().__init__(f"cannot write {path}: {why} (choose a writable location with {option})")
        self.path = path


class ConfigError(UsageError):
    pass


class InputError(StorylensError):
    """An input that cannot be analysed; the run records it in ``skipped`` and goes on."""

    def __init__(self, reason: str, line: int | None = None, stage: str | None = None,
                 language: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.stage = stage  # the step that dropped the input (set by the runner when not given)
        self.language = language  # of a report dropped for its language


class NothingToAnalyse(StorylensError):
    exit_code = 2


class StageError(StorylensError):
    def __init__(self, stage: str, cause: BaseException):
        super().__init__(f"stage {stage!r} failed: {cause!r} (rerun with --strict off to keep going)")
        self.stage = stage
        self.cause = cause
