"""Renderers: a ``BuildResult`` in, files out. No pipeline logic here."""

from .html import write_report
from .json import result_dict, write_json

__all__ = ["result_dict", "write_json", "write_report"]
