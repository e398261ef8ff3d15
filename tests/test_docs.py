"""Docs stay honest: every command and every setting is documented and has help."""
from __future__ import annotations

import re
from pathlib import Path

import typer.main

from storylens.cli import app
from storylens.config import settings_table

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands() -> dict[str, object]:
    group = typer.main.get_command(app)
    return dict(group.commands)  # type: ignore[attr-defined]


def test_every_command_has_help_and_is_in_readme():
    cmds = _commands()
    assert {"analyze", "settings"} <= set(cmds)
    for name, cmd in cmds.items():
        assert (cmd.help or "").strip(), f"command {name} has no help"
        assert re.search(rf"storylens {name}\b", README), f"README does not show `storylens {name}`"
        for param in cmd.params:
            if param.param_type_name == "option" and param.name != "help":
                assert (param.help or "").strip(), f"{name} --{param.name} has no help"


def test_every_setting_is_in_readme():
    for name, default, help_text in settings_table():
        assert help_text
        assert f"`{name}`" in README, f"setting {name} is not documented in README"
