"""The docs cover what the code offers: every command, option, setting, JSON field and table."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import fields

import pytest
import typer

from storyline.cli import app
from storyline.output.json import result_dict
from storyline.settings import Settings
from storyline.store import SCHEMA

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
OUTPUT_DOC = (ROOT / "docs" / "output.md").read_text(encoding="utf-8")


def test_docs_readme_gives_the_two_setup_commands() -> None:
    assert "make demo" in README and "make test" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _options() -> list[tuple[str, str]]:
    command = typer.main.get_command(app)
    found = []
    for name, sub in command.commands.items():
        found.append((name, f"storyline {name}"))
        for parameter in sub.params:
            for option in parameter.opts:
                if option.startswith("--") and option != "--help":
                    found.append((name, option))
    return found


@pytest.mark.parametrize(("command", "text"), _options())
def test_docs_readme_shows_every_command_and_option(command: str, text: str) -> None:
    assert text in README, f"{command}: {text} is not in README.md"


@pytest.mark.parametrize("name", [f.name for f in fields(Settings)])
def test_docs_readme_lists_every_setting(name: str) -> None:
    assert f"`{name}`" in README


def _keys(value, prefix: str = "") -> set[str]:
    keys = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            keys.add(key)
            keys |= _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            keys |= _keys(inner)
    return keys


def test_docs_output_describes_every_json_field(example_result) -> None:
    missing = {key for key in _keys(result_dict(example_result)) if f'"{key}"' not in OUTPUT_DOC}
    assert not missing, f"docs/output.md does not mention: {sorted(missing)}"


def test_docs_output_describes_every_table_and_column() -> None:
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        row = re.search(rf"^\| `{table}` \| (.*?) \|", OUTPUT_DOC, re.MULTILINE)
        assert row, f"table {table} is not in docs/output.md"
        for column in db.execute(f"PRAGMA table_info({table})"):
            assert f"`{column[1]}`" in row.group(1), f"{table}.{column[1]} is not in docs/output.md"
