"""storyline's exceptions.

Library code raises these; only ``cli.py`` turns them into messages and exit codes.
A problem with one input document is not an exception: it becomes a
``model.Rejected`` record and the build goes on.

    StorylineError
    ├── SettingsError   a setting has an unusable value (names the setting)
    ├── InputError      the inputs as a whole are unusable (nothing to read, bad --out)
    ├── ModelError      the spaCy pipeline cannot be loaded
    └── StoreError      an output directory or store cannot be written or read
"""

from __future__ import annotations


class StorylineError(Exception):
    """Base class: ``str(error)`` is a one-line message saying what failed, where, and what to try."""


class SettingsError(StorylineError):
    def __init__(self, setting: str, message: str) -> None:
        self.setting = setting
        super().__init__(f"setting {setting!r}: {message}")


class InputError(StorylineError):
    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.path = path
        super().__init__(message)


class ModelError(StorylineError):
    def __init__(self, model: str, message: str) -> None:
        self.model = model
        super().__init__(f"cannot load spaCy pipeline {model!r}: {message}")


class StoreError(StorylineError):
    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")
