"""Records to JSON-ready data and back, for the store to keep annotations between runs.

``to_data`` turns a record of ``model.py`` into dicts, lists, strings and numbers;
``from_data`` rebuilds it from its type hints. It knows exactly the types the
records use: other records, ``tuple[X, ...]``, ``X | None``, ``Literal``, ``date``,
``str``, ``int``, ``float`` and ``bool``. A field missing from the data (a record
written by an older storyline) gets its default.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from functools import lru_cache
from typing import Any, TypeVar

from . import model

T = TypeVar("T")


def to_data(value: Any) -> Any:
    """``value`` as JSON-ready data: records become dicts of their fields."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [to_data(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def from_data(cls: type[T], data: dict[str, Any]) -> T:
    """The record of type ``cls`` that ``to_data`` gave ``data`` for."""
    hints = _hints(cls)
    values = {}
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        if field.name in data:
            values[field.name] = _convert(hints[field.name], data[field.name])
    return cls(**values)


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _convert(options[0], value) if len(options) == 1 else value
    if origin is tuple:
        inner = typing.get_args(hint)[0]
        return tuple(_convert(inner, item) for item in value)
    if origin is typing.Literal:
        return value
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return from_data(hint, value)
    if hint is date:
        return date.fromisoformat(value)
    if hint is float:
        return float(value)
    return value
