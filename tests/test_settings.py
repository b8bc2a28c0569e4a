"""Settings: defaults < config file < environment < CLI flags; bad values name the setting."""

from __future__ import annotations

import pytest

from storyline.errors import SettingsError
from storyline.settings import Settings, load_settings


def test_settings_precedence(tmp_path) -> None:
    config = tmp_path / "storyline.toml"
    config.write_text("[storyline]\nmodel = 'from_file'\nbatch_size = 8\nmin_words = 3\n", encoding="utf-8")
    settings = load_settings(config=config, env={"STORYLINE_BATCH_SIZE": "16", "STORYLINE_MIN_WORDS": "4"},
                             overrides={"min_words": 9, "model": None})
    assert (settings.model, settings.batch_size, settings.min_words) == ("from_file", 16, 9)
    assert settings.story_similarity == Settings().story_similarity


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"env": {"STORYLINE_BATCH_SIZE": "many"}}, "batch_size"),
     ({"overrides": {"attach_similarity": 1.5}}, "attach_similarity"),
     ({"overrides": {"min_words": -1}}, "min_words"),
     ({"overrides": {"colour": "red"}}, "colour"),
     ({"overrides": {"model": " "}}, "model")],
)
def test_settings_bad_value_names_the_setting(kwargs, name) -> None:
    with pytest.raises(SettingsError) as error:
        load_settings(**{"env": {}, **kwargs})
    assert error.value.setting == name and repr(name) in str(error.value)


def test_settings_unreadable_or_unknown_config(tmp_path) -> None:
    with pytest.raises(SettingsError, match="cannot read"):
        load_settings(config=tmp_path / "missing.toml", env={})
    config = tmp_path / "bad.toml"
    config.write_text("speed = 'fast'\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="unknown setting"):
        load_settings(config=config, env={})


@pytest.mark.parametrize(("text", "value"), [("1", True), ("true", True), ("Yes", True), ("0", False), ("off", False)])
def test_settings_booleans_from_the_environment(text: str, value: bool) -> None:
    assert load_settings(env={"STORYLINE_ONE_TIMELINE": text}).one_timeline is value


def test_settings_bad_boolean_names_the_setting() -> None:
    with pytest.raises(SettingsError, match="'one_timeline'"):
        load_settings(env={"STORYLINE_ONE_TIMELINE": "maybe"})
