"""What a timeline is about: keywords and names that a summary sentence must mention.

A query is a list of terms, each a word or a phrase ("bp, oil spill", or
["michael", "jackson"] as Timeline17's ``keywords.json`` gives them). A sentence
matches when it contains any of the terms, case-insensitively, starting at the
beginning of a word: "egypt" matches "Egyptian" and "Egypt 's", "oil" does not
match "turmoil". The words of a phrase may be separated by any spaces.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import SettingsError


@dataclass(frozen=True, slots=True)
class Query:
    """The terms of a query, lower-cased, and the pattern that finds any of them."""

    terms: tuple[str, ...]
    pattern: re.Pattern[str]

    def matches(self, text: str) -> bool:
        return self.pattern.search(text) is not None


def parse_query(query: str | Sequence[str] | Query | None) -> Query | None:
    """A ``Query`` from a comma-separated string or a list of terms; ``None`` for no query.

    An empty or blank string or list means no query. Raises ``SettingsError("query", ...)``
    when a term holds no word at all (such as ``"bp, -"``).
    """
    if query is None or isinstance(query, Query):
        return query
    parts = query.split(",") if isinstance(query, str) else list(query)
    terms = tuple(dict.fromkeys(" ".join(part.split()).lower() for part in parts if part.strip()))
    if not terms:
        return None
    if not all(re.search(r"\w", term) for term in terms):
        raise SettingsError("query", f"no keyword in {query!r}; give words or names separated by commas, "
                            "e.g. 'bp, oil spill'")
    alternatives = "|".join(r"\s+".join(re.escape(word) for word in term.split())
                            for term in sorted(terms, key=len, reverse=True))
    return Query(terms=terms, pattern=re.compile(rf"(?<!\w)(?:{alternatives})", re.IGNORECASE))
