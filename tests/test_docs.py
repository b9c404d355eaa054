"""The README documents every command a user can run, and its API example works."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from pactwatch.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    names: list[str] = []
    for name, command in sorted(group.commands.items()):
        names.append(f"{prefix}{name}")
        if isinstance(command, click.Group):
            names += _commands(command, f"{prefix}{name} ")
    return names


@pytest.mark.parametrize("command", _commands(main))
def test_every_command_is_in_the_readme(command: str) -> None:
    assert re.search(rf"pactwatch {re.escape(command)}\b|\| {re.escape(command)}\b", README), (
        f"`pactwatch {command}` is not documented in README.md"
    )


def test_readme_first_screen_gives_the_two_commands() -> None:
    first_screen = "\n".join(README.splitlines()[:20])
    assert "make run" in first_screen and "make test" in first_screen
