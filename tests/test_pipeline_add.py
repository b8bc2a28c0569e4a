"""``storyline add``: adding articles to a store gives what one build of them all gives."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import pytest

from storyline.cli import main
from storyline.errors import StoreError
from storyline.pipeline import add, build, write_outputs
from storyline.settings import Settings
from storyline.store import load_store

from .conftest import EXAMPLES


@pytest.fixture()
def batches(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for path in sorted(EXAMPLES.glob("*.txt")):
        shutil.copy(path, (first if path.name < "003" else second) / path.name)
    return first, second


def test_add_in_batches_equals_one_build(batches, tmp_path, nlp, example_result) -> None:
    first, second = batches
    store = tmp_path / "store"
    write_outputs(build([str(first)], Settings(), nlp=nlp), store)
    added = add(load_store(store / "storyline.db"), [str(second)], Settings(), nlp=nlp)
    assert [a.id for a in added.articles] == [a.id for a in example_result.articles]
    assert [replace(a, source="") for a in added.articles] == [replace(a, source="") for a in example_result.articles]
    assert added.annotations == example_result.annotations
    assert added.stories == example_result.stories
    [story] = added.stories
    created, updated = added.story_times[story.id]
    assert created < updated or created == updated  # the story was built with the first batch
    assert {added.added[a] for a in ("003_08f5dd3932140497", "004_660aa0207cf8ca2e")} == {updated}


def test_add_rejects_what_the_store_has_and_renames_taken_ids(batches, tmp_path, nlp) -> None:
    first, _ = batches
    store = tmp_path / "store"
    write_outputs(build([str(first)], Settings(), nlp=nlp), store)
    again = tmp_path / "again"
    again.mkdir()
    shutil.copy(first / "000_9ed5ae25c76a98eb.txt", again)
    (again / "001_81ede3fef93b7c6c.txt").write_text("A different article that happens to have the same name. "
                                                    "The council met on Monday to discuss the budget.", encoding="utf-8")
    result = add(load_store(store / "storyline.db"), [str(again)], Settings(), nlp=nlp)
    ids = [a.id for a in result.articles]
    assert ids[:3] == ["000_9ed5ae25c76a98eb", "001_81ede3fef93b7c6c", "002_36824e98bd146f7f"]
    assert ids[3:] == ["001_81ede3fef93b7c6c~2"]
    [repeat] = [r for r in result.rejected if "already in the store" in r.reason]
    assert repeat.source.endswith("000_9ed5ae25c76a98eb.txt")


def test_add_needs_a_store(tmp_path) -> None:
    with pytest.raises(StoreError, match="storyline build"):
        load_store(tmp_path / "storyline.db")


def test_cli_add_and_show_since(batches, tmp_path, capsys) -> None:
    first, second = batches
    store = tmp_path / "store"
    with pytest.raises(SystemExit) as built:
        main(["build", str(first), "--out", str(store), "--quiet"])
    assert built.value.code == 0
    before = json.loads((store / "storyline.json").read_text(encoding="utf-8"))
    [old] = before["stories"]
    with pytest.raises(SystemExit) as added:
        main(["add", str(second), "--store", str(store), "--quiet"])
    assert added.value.code == 0
    after = json.loads((store / "storyline.json").read_text(encoding="utf-8"))
    [story] = after["stories"]
    assert story["id"] == old["id"] and story["created"] == old["created"]
    new = {a["id"] for a in after["articles"] if a["added"] > old["created"]}
    assert new <= {"003_08f5dd3932140497", "004_660aa0207cf8ca2e"}
    capsys.readouterr()
    with pytest.raises(SystemExit) as shown:
        main(["show", str(store), "--since", story["updated"]])
    assert shown.value.code == 0
    printed = capsys.readouterr().out
    assert "updated" in printed and "004_660aa0207cf8ca2e" in printed
    assert "000_9ed5ae25c76a98eb  (no title)" not in printed  # old articles are not listed again
    with pytest.raises(SystemExit) as nothing:
        main(["show", str(store), "--since", "2999-01-01"])
    assert nothing.value.code == 0 and "Nothing new since 2999-01-01" in capsys.readouterr().out
    with pytest.raises(SystemExit) as bad:
        main(["show", str(store), "--since", "yesterday"])
    assert bad.value.code == 2


def test_cli_add_to_nothing_says_what_to_do(tmp_path, capsys) -> None:
    with pytest.raises(SystemExit) as failed:
        main(["add", str(EXAMPLES), "--store", str(tmp_path / "nowhere"), "--quiet"])
    assert failed.value.code == 2
    assert "storyline build" in capsys.readouterr().err
