"""The command line: build, show, and one-line errors with a non-zero exit code."""

from __future__ import annotations

import json
import shutil

import pytest

from storyline.cli import main

from .conftest import EXAMPLES


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    captured = capsys.readouterr()
    return done.value.code or 0, captured.out, captured.err


def test_cli_build_writes_outputs_and_a_summary_line(capsys, tmp_path) -> None:
    code, _, err = run(capsys, "build", str(EXAMPLES), "--out", str(tmp_path), "--quiet")
    assert code == 0
    assert {p.name for p in tmp_path.iterdir()} >= {"storyline.json", "storyline.db", "report.html"}
    summary = err.strip().splitlines()[-1]
    for part in ("5 articles", "0 rejected", "1 story", "articles/s", "words/s", "report.html"):
        assert part in summary


def test_cli_show_prints_the_timeline(capsys, tmp_path) -> None:
    run(capsys, "build", str(EXAMPLES), "--out", str(tmp_path), "--quiet")
    code, out, _ = run(capsys, "show", str(tmp_path), "--sources")
    assert code == 0
    assert "2024-04-01" in out and "2023-10-07" in out and "background" in out
    assert "Blinken" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build"], "no INPUT given"),
        (["build", "/no/such/folder"], "nothing to read"),
        (["build", str(EXAMPLES), "--frobnicate"], "No such option"),
        (["show", "/no/such/folder"], "not found"),
        (["frobnicate"], "No such command"),
    ],
)
def test_cli_unusable_arguments_exit_non_zero_with_one_line(capsys, args, message) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("storyline: ") and message in lines[0]


def test_cli_bad_setting_names_it(capsys, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("STORYLINE_BATCH_SIZE", "lots")
    code, _, err = run(capsys, "build", str(EXAMPLES), "--out", str(tmp_path))
    assert code == 2 and "'batch_size'" in err


def test_cli_all_inputs_rejected_exits_non_zero(capsys, tmp_path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    code, _, err = run(capsys, "build", str(tmp_path / "empty.txt"), "--out", str(tmp_path / "out"), "--quiet")
    assert code == 1 and "every input was rejected" in err
    data = json.loads((tmp_path / "out" / "storyline.json").read_text(encoding="utf-8"))
    assert data["rejected"][0]["source"] == str(tmp_path / "empty.txt")


def test_cli_show_one_story(capsys, tmp_path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "in")
    run(capsys, "build", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--quiet")
    story = json.loads((tmp_path / "out" / "storyline.json").read_text(encoding="utf-8"))["stories"][0]["id"]
    code, out, _ = run(capsys, "show", str(tmp_path / "out"), "--story", story)
    assert code == 0 and story in out
    code, _, err = run(capsys, "show", str(tmp_path / "out"), "--story", "story-nope")
    assert code == 2 and "no story" in err
