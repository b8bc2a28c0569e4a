"""Boilerplate: the lines of a page that are not the article.

Every rule works on one paragraph (one non-empty line) at a time, or on a caption
and the line before it, and every line it takes out is kept as a ``Removal`` with
the rule's name, so nothing disappears silently. The rules are general: page
furniture (navigation in capitals, breadcrumb trails, calls to action and prompts to
the reader), tag lists, copyright notices, photo captions and credits, and "related
story" teasers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

import regex

from storyline.model import Removal

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Taken(Generic[T]):
    """Paragraphs after a cleaning step, what the step found, and what it took out."""

    lines: tuple[str, ...]
    value: T | None = None
    removed: tuple[Removal, ...] = ()


#: Lines that are only a call to action or a page-furniture label, compared in
#: lower case after trimming arrows, bullets and trailing colons. Exact lines
#: only: a sentence that merely contains "read more" is never removed. Add new
#: ones here, and nowhere else.
CALLS_TO_ACTION = frozenset({
    # reading on
    "go deeper", "dig deeper", "read more", "read full article", "read the full story",
    "read the full article", "continue reading", "keep reading", "see more", "show more",
    "load more", "more", "view more", "full story",
    # comments
    "comments", "comment", "leave a comment", "leave a reply", "post a comment",
    "add a comment", "view comments", "show comments", "join the conversation",
    # sharing
    "share", "share this", "share this article", "share this story", "share article",
    "share on facebook", "share on twitter", "share on x", "share via email", "tweet",
    "email", "print", "copy link", "link copied", "save", "save article",
    # subscriptions and accounts
    "subscribe", "subscribe now", "sign up", "sign up now", "sign up for our newsletter",
    "sign up for our newsletters", "newsletter", "log in", "login", "sign in", "register",
    # recirculation
    "related", "related articles", "related stories", "related content", "related coverage",
    "related news", "recommended", "recommended for you", "recommended stories",
    "you may also like", "you might also like", "more from this author", "most read",
    "most popular", "trending", "trending now", "top stories", "latest news", "more stories",
    "more on this story", "editor's picks", "editors' picks",
    # advertising
    "advertisement", "advertising", "ad", "sponsored", "sponsored content", "story continues below",
    "story continues below advertisement", "article continues below advertisement",
    # page furniture
    "skip to content", "skip to main content", "back to top", "menu", "search", "home",
    "close", "click here", "listen to this article", "watch live", "watch now",
    "follow us", "accept cookies", "cookie settings", "privacy policy", "terms of use",
})

_CTA_TRIM = " \t:.…»«›‹→←>|•·-–—"
_WORD = regex.compile(r"\w+")
_SPACES = regex.compile(r"[ \t]+")
_BULLET = regex.compile(r"^([•◦▪●‣])\s*")
_SENTENCE_PUNCTUATION = regex.compile(r"[.!?]")

_TAG_LINE = regex.compile(
    r"^(?:tags?|topics?|filed under|categories|category|keywords|related topics)\s*:",
    regex.IGNORECASE,
)

#: A photographer's name in a credit: capitalised words, with name particles.
_CREDIT_NAME = (
    r"\p{Lu}[\p{L}.'’-]*"
    r"(?:\s+(?:\p{Lu}[\p{L}.'’-]*|(?:al|el|de|da|del|van|von|bin|ben)(?:-\p{Lu}[\p{L}'’-]*)?)){0,4}"
)
#: A photo credit at the end of a line (or making up the whole line).
_CREDIT = regex.compile(
    rf"""(?:
        (?:^|(?<=[\s.(\[]))
        (?:Photo|PHOTO|Photos|Photograph|Image|IMAGE|Images|Picture|Illustration|Graphic
           |Credit|CREDIT|Photo\ credit|Image\ credit|Photo\ illustration)
        \s*(?:by\s*)?:\s*[^:!?\n]{{2,120}}
      | \(\s*(?:Photo|Image|Picture|Illustration)s?\s+(?:by|credit|courtesy)\b[^()\n]{{1,120}}\)
      | \(\s*(?i:courtesy|credit)\b[^()\n]{{1,120}}\)
      | \(\s*[^()\n]{{1,60}}\bvia\s+(?:AP|AFP|Reuters|REUTERS|Getty\ Images)\s*\)
      | (?:^|\(|/|\bvia\s+)Getty\ Images
      | \b(?:REUTERS|Reuters|AFP|AP\ Photo|AP|EPA(?:-EFE)?|Xinhua|Anadolu|dpa|IDF|UPI)/
          \s*{_CREDIT_NAME}(?:/File(?:\ Photo)?)?(?:,\s*File)?
      | (?:^|(?<=[\s(]))File\ (?:photo|Photo|PHOTO)
    )[)\].\s]*$""",
    regex.VERBOSE,
)
#: A caption that starts with a credit label: "FILE PHOTO: ...", "Photo: ...".
_CREDIT_LEAD = regex.compile(
    r"^(?:FILE PHOTO|File photo|PHOTO|Photo|IMAGE|Image)\s*:\s*\S"
    # the agencies' caption: "FILE - In this April 14, 2018 file photo, ..."
    r"|^(?:FILE\s*[-–—]\s*)?In\s+this\s+(?:[\w,.'’]+\s+){0,6}?(?:file\s+)?(?:photo|image|picture|photograph)"
    r"(?:\s+(?:taken|released|provided|made))?\b")
_MAX_CAPTION_WORDS = 80
#: The line before a caption repeats it (alt text) when this share of the longer
#: one's distinct words are in both.
_ALT_TEXT_OVERLAP = 0.7

#: A copyright line: "© 2024 Blaze Media LLC. All rights reserved.", "Copyright 2023 The AP".
_COPYRIGHT = regex.compile(r"^(?:©|\(c\)|copyright\b)|\ball rights reserved\b", regex.IGNORECASE)
_MAX_FURNITURE_WORDS = 25
#: A breadcrumb trail: "Home > Big Impact > News", "Current:Home > Markets".
_BREADCRUMB = regex.compile(r"^(?:[\w ]{0,20}:\s*)?home\s*[>»›/|]|^(?:[^>»›\n]{1,30}\s[>»›]\s){2}", regex.IGNORECASE)
#: A short prompt of the page to its reader, in the second person or imperative: "Connect
#: with us", "Watch more News on iWantTFC", "X wants to start sending you push
#: notifications. Click allow to subscribe", "Download our app", "Follow us on X".
_PROMPT_VERB = (r"(?:watch|listen|play|connect|contact|follow|subscribe|sign\s+up|download|get|read|click|tap|join|like|install"
                r"|turn\s+on|allow|enable|stay\s+(?:connected|informed|updated)|never\s+miss|don't\s+miss|check\s+out)")
_PROMPT = regex.compile(
    rf"""^{_PROMPT_VERB}\b.{{0,60}}?\b(?:us|our|news|app|apps|newsletters?|live|channel|podcasts?|videos?|updates
          |alerts|notifications|stories|here|now|more|whatsapp|telegram|youtube|facebook|instagram|twitter|x)\b
       |\bpush\s+notifications\b|\bclick\s+(?:allow|here|to\s+(?:subscribe|read|watch))\b
       |\bwants\s+to\s+(?:start\s+)?send(?:ing)?\s+you\b""",
    regex.IGNORECASE | regex.VERBOSE,
)
_MAX_PROMPT_WORDS = 16

_TEASER_KEYWORDS = r"(?:RELATED|READ\ MORE|READ\ ALSO|ALSO\ READ|SEE\ ALSO|MORE|WATCH)"
_INLINE_TEASER = regex.compile(
    rf"""\s*(?:\(\s*{_TEASER_KEYWORDS}\s*:(?:[^()\n]|\([^()\n]*\))*\)
           |\[\s*{_TEASER_KEYWORDS}\s*:(?:[^\[\]\n]|\[[^\[\]\n]*\])*\])""",
    regex.VERBOSE | regex.IGNORECASE,
)
_TEASER_LINE = regex.compile(
    r"^(?:RELATED|READ MORE|READ ALSO|ALSO READ|SEE ALSO)\s*:\s*\S", regex.IGNORECASE
)
_SPACE_BEFORE_PUNCTUATION = regex.compile(r"\s+([,.;:!?])")


def split_paragraphs(text: str) -> tuple[str, ...]:
    """The non-empty lines of ``text``, trimmed, runs of spaces collapsed, bullets tidied.

    ``"  •  text"`` becomes ``"• text"``: the bullet is kept, its indentation is not.
    """
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return tuple(_BULLET.sub(r"\1 ", line) for line in lines if line)


def words(line: str) -> list[str]:
    """The lower-case word tokens of ``line``."""
    return _WORD.findall(line.lower())


def is_navigation(line: str) -> bool:
    """A short line (at most six words) in capitals without sentence punctuation.

    ``WATCH TV LIVE``, ``SKIP TO CONTENT``, ``MOST READ``. Needs at least two
    capital letters and no lower-case ones, so scripts without case never match.
    """
    if len(line.split()) > 6 or _SENTENCE_PUNCTUATION.search(line):
        return False
    capitals = sum(1 for character in line if character.isupper())
    return capitals >= 2 and not any(character.islower() for character in line)


def is_call_to_action(line: str) -> bool:
    """A line that is exactly one of ``CALLS_TO_ACTION`` (``Go deeper``, ``Leave a Comment``)."""
    return line.strip(_CTA_TRIM).lower() in CALLS_TO_ACTION


def is_copyright(line: str) -> bool:
    """A copyright notice: a short line that starts with ``©``, ``(c)`` or ``Copyright``, or
    says "All rights reserved"."""
    return len(line.split()) <= _MAX_FURNITURE_WORDS and bool(_COPYRIGHT.search(line))


def is_breadcrumb(line: str) -> bool:
    """A breadcrumb trail of the site's sections: ``Home > Big Impact > News ...``,
    ``Current:Home > Markets...``, in a line of at most 25 words (whatever is glued after
    the trail goes with it: a crawl that joins the trail to the headline repeats the
    headline on its own line). A longer line holds body text after the trail and stays."""
    return len(line.split()) <= _MAX_FURNITURE_WORDS and bool(_BREADCRUMB.search(line))


def is_prompt(line: str) -> bool:
    """A short prompt of the page to its reader (see ``_PROMPT``): an imperative or
    second-person line of at most 16 words about the site, its apps or its feeds."""
    return len(line.split()) <= _MAX_PROMPT_WORDS and bool(_PROMPT.search(line))


def is_tag_line(line: str) -> bool:
    """A ``Tags:``, ``Topics:``, ``Filed under:``, ``Categories:`` or ``Keywords:`` line."""
    return bool(_TAG_LINE.match(line)) and len(line.split()) <= 40


def caption_credit_start(line: str) -> int | None:
    """Where the photo credit of a caption line starts, or ``None`` when it is no caption.

    A caption ends with (or is) a credit: ``Photo: Name/Agency via Getty Images``,
    ``(Photo by X/AFP via Getty Images)``, ``Credit: …``, ``REUTERS/Name``,
    ``AP Photo/Name``, ``File photo``; or starts with ``FILE PHOTO:``/``Photo:``.
    Lines longer than a caption (80 words) are body text that happens to say so.
    """
    if len(line.split()) > _MAX_CAPTION_WORDS:
        return None
    match = _CREDIT.search(line)
    if match:
        return match.start()
    if _CREDIT_LEAD.match(line):
        return 0
    return None


def is_caption(line: str) -> bool:
    """Whether ``line`` is a photo caption or credit (see ``caption_credit_start``)."""
    return caption_credit_start(line) is not None


def repeats_caption(line: str, caption: str) -> bool:
    """Whether ``line`` is the caption's text again (an image's alt text before it).

    True when at least 70% of the distinct words of the longer of the two (the
    caption without its credit) are in both.
    """
    start = caption_credit_start(caption)
    caption_words = set(words(caption[:start] if start else caption))
    line_words = set(words(line))
    if not caption_words or not line_words:
        return False
    shared = len(caption_words & line_words)
    return shared / max(len(caption_words), len(line_words)) >= _ALT_TEXT_OVERLAP


def strip_inline_teasers(line: str) -> tuple[str, tuple[str, ...]]:
    """``line`` without ``(RELATED: …)``, ``(READ MORE: …)``, ``[Related: …]`` teasers.

    Returns the tidied line and the teasers taken out.
    """
    teasers = tuple(match.group().strip() for match in _INLINE_TEASER.finditer(line))
    if not teasers:
        return line, ()
    tidied = _INLINE_TEASER.sub("", line)
    tidied = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", _SPACES.sub(" ", tidied)).strip()
    return tidied, teasers


def line_rule(line: str) -> str | None:
    """The name of the boilerplate rule ``line`` falls under, or ``None`` for body text."""
    if is_call_to_action(line):
        return "call-to-action"
    if is_navigation(line):
        return "navigation"
    if is_tag_line(line):
        return "tags"
    if is_copyright(line):
        return "copyright"
    if is_breadcrumb(line):
        return "navigation"
    if _TEASER_LINE.match(line):
        return "teaser"
    if is_caption(line):
        return "caption"
    if is_prompt(line):
        return "call-to-action"
    return None


def remove_boilerplate(lines: tuple[str, ...]) -> Taken[None]:
    """Take navigation, calls to action, tag lists, captions and teasers out of the body.

    Needs: paragraphs from ``split_paragraphs``. Adds: a ``Removal`` for each line
    or inline teaser taken out, named by rule (``navigation``, ``call-to-action``,
    ``tags``, ``teaser``, ``caption``). A line just before a caption that repeats it
    (``repeats_caption``) is a caption too.
    """
    kept: list[str] = []
    removed: list[Removal] = []
    for line in lines:
        rule = line_rule(line)
        if rule == "caption" and kept and repeats_caption(kept[-1], line):
            removed.append(Removal(text=kept.pop(), rule="caption"))
        if rule:
            removed.append(Removal(text=line, rule=rule))
            continue
        tidied, teasers = strip_inline_teasers(line)
        removed.extend(Removal(text=teaser, rule="teaser") for teaser in teasers)
        if tidied:
            kept.append(tidied)
    return Taken(lines=tuple(kept), removed=tuple(removed))
