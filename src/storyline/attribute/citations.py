"""Which outlets an article cites: "according to Axios", "a U.S. official told Reuters",
"the NYT reported", "Iranian state news agency IRNA".

Citations of outlets follow a handful of fixed phrasings, so they are found with
patterns over each sentence rather than with the parse: a trigger ("according to",
"told", "reported", "citing") and a name next to it that names an outlet (see
``outlets.looks_like_outlet``). Whether a citation is the outlet's own reporting
(``Citation.original``) depends on who published the article, which the story stage
knows: see ``sources.py``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from ..model import Citation, CitationKind, Sentence
from .outlets import canonical_outlet, is_state_media, looks_like_outlet

#: A run of capitalised words that may be a name ("The New York Times", "Channel 12",
#: "Israel's Channel 12"), with an optional leading "the".
_NAME = r"(?:[Tt]he\s+)?[A-Z0-9][\w'’&.-]*(?:\s+(?:of\s+|&\s+)?[A-Z0-9][\w'’&.-]*){0,5}"
#: What may stand between "according to" and the name: "Iranian state news agency",
#: "the Israeli newspaper", "the news website".
_DESCRIPTOR = (r"(?:(?:the|an?)\s+)?(?:[A-Z][\w-]+\s+)?(?:(?:state|state-run|state-owned|semi-official|official)\s+)?"
               r"(?:news\s+agency|news\s+outlet|news\s+site|news\s+website|media|television|TV|broadcaster|"
               r"newspaper|daily|outlet|network|website|channel|wire\s+service|agency)\s+")
_STATE_DESCRIPTOR = re.compile(r"\b(?:state|state-run|state-owned|semi-official|official)\b", re.IGNORECASE)

_AFTER_TRIGGERS: dict[CitationKind, re.Pattern[str]] = {
    "according_to": re.compile(rf"\b[Aa]ccording\s+to\s+(?P<desc>{_DESCRIPTOR})?(?P<name>{_NAME})"),
    "told": re.compile(
        r"\b(?:told|said\s+to|spoke\s+to|spoke\s+with|speaking\s+to|speaking\s+with|confirmed\s+to|"
        r"(?:in\s+)?an?\s+interview\s+with|interviewed\s+by|in\s+a\s+statement\s+to|wrote\s+to)\s+"
        rf"(?P<desc>{_DESCRIPTOR})?(?P<name>{_NAME})"),
    "reported": re.compile(
        r"\b(?:(?:first\s+|initially\s+|previously\s+|earlier\s+)?(?:reported|published|revealed|cited|quoted)\s+by|"
        r"citing(?:\s+(?:a|an)\s+(?:report|story|article|interview)\s+(?:by|from|in|on))?|"
        r"(?:a|an)\s+(?:report|story|article|interview|investigation)\s+(?:by|from|in|on))\s+"
        rf"(?P<desc>{_DESCRIPTOR})?(?P<name>{_NAME})"),
}
#: A verb of reporting after the name: "Axios reported", "the Times first reported",
#: "Reuters has learned".
_REPORTING_VERB = re.compile(
    r"(?:'s?|’s?)?\s*(?:,\s*)?(?:\s(?:first|also|previously|earlier|later|initially|has|had|was\s+first\s+to|"
    r"exclusively))*\s(?:reported|reports|reporting|has\s+reported|revealed|reveals|has\s+learned|learned|"
    r"broke\s+the\s+news|said\s+in\s+a\s+report|published)\b")
_NAME_BEFORE = re.compile(rf"(?P<name>{_NAME})$")
_STATE_MEDIA = re.compile(
    r"\b(?:(?P<country>[A-Z][a-z]+)\s+)?(?:state|state-run|state-owned|semi-official)\s+"
    r"(?P<what>media|television|TV|news\s+agency|broadcaster|radio)\b")


def _outlet_in(name: str) -> tuple[str, int] | None:
    """The longest leading part of ``name`` that names an outlet, with its length in
    characters: "Axios." gives "Axios"; "Reuters news agency" gives "Reuters"."""
    words = name.split()
    for count in range(len(words), 0, -1):
        candidate = " ".join(words[:count]).rstrip(".,;:")
        candidate = re.sub(r"(?:'s|’s|'|’)$", "", candidate)
        if candidate and looks_like_outlet(candidate):
            return candidate, name.index(words[count - 1]) + len(words[count - 1].rstrip(".,;:"))
    return None


def _outlet_ending(name: str) -> tuple[str, int] | None:
    """The longest trailing part of ``name`` that names an outlet, with its offset in
    ``name``: "or Israel, Axios" gives "Axios"; "Israel's Channel 12" gives itself."""
    words = name.split()
    for count in range(len(words), 0, -1):
        candidate = " ".join(words[-count:])
        if looks_like_outlet(candidate):
            return candidate, len(name) - len(candidate)
    return None


def _kind(kind: CitationKind, cited: str, descriptor: str | None) -> CitationKind:
    if is_state_media(cited) or (descriptor and _STATE_DESCRIPTOR.search(descriptor)):
        return "state_media"
    return kind


def find_citations(text: str, sentences: Sequence[Sentence], article_id: str) -> tuple[Citation, ...]:
    """Every place where ``text`` cites an outlet, in order of position.

    ``sentences`` are the article's sentences (their offsets into ``text``): a
    citation never reaches across a sentence boundary. ``original`` is left false.
    """
    found: dict[tuple[int, int], Citation] = {}
    starts = [sentence.start for sentence in sentences]

    def add(kind: CitationKind, cited: str, start: int, end: int, descriptor: str | None = None) -> None:
        name = canonical_outlet(cited)
        if name is None or any(s <= start < e or start <= s < end for s, e in found):
            return
        index = sentences[max(bisect.bisect_right(starts, start) - 1, 0)].index if sentences else 0
        found[(start, end)] = Citation(article_id=article_id, cited=name, kind=_kind(kind, name, descriptor),
                                       start=start, end=end, text=text[start:end], sentence=index)

    for sentence in sentences:
        chunk = text[sentence.start:sentence.end]
        offset = sentence.start
        for kind, pattern in _AFTER_TRIGGERS.items():
            for match in pattern.finditer(chunk):
                outlet = _outlet_in(match.group("name"))
                if outlet is not None:
                    end = match.start("name") + outlet[1]
                    add(kind, outlet[0], offset + match.start(), offset + end, match.group("desc"))
        for match in _REPORTING_VERB.finditer(chunk):
            before = _NAME_BEFORE.search(chunk[:match.start()])
            if before is None:
                continue
            outlet = _outlet_ending(before.group("name"))
            if outlet is not None:
                start = before.start("name") + outlet[1]
                add("reported", outlet[0], offset + start, offset + match.end())
        for match in _STATE_MEDIA.finditer(chunk):
            # "state news agency IRNA" was taken above with its name; a nameless mention
            # ("Iranian state media reported") is cited as the country's state media.
            country = match.group("country")
            what = "state TV" if match.group("what") in ("television", "TV") else "state media"
            cited = f"{country} {what}" if country and country not in ("The", "the", "According") else what
            add("state_media", cited, offset + match.start(), offset + match.end())
    return tuple(found[key] for key in sorted(found))
