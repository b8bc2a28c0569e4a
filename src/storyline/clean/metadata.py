"""Metadata found in the text itself: title and author.

News text often carries its metadata as lines of its own: a headline, a byline
(``By Jane Doe``) and an author bio at the end (dates: ``storyline.dating.stated``).
Each ``take_*`` function finds one of them, returns it as ``Taken.value`` and takes
its lines out of the body, with a ``Removal`` for each.
"""

from __future__ import annotations

import regex

from storyline.clean.boilerplate import Taken, line_rule
from storyline.dating.stated import TOP_LINES, parse_dateline
from storyline.model import Removal

#: An author bio is looked for in this many last paragraphs.
BIO_LINES = 4

# --- names: bylines and bios -------------------------------------------------------

_NAME_WORD = r"\p{Lu}[\p{L}'’.-]*"
_PARTICLE = r"(?:de|da|del|der|van|von|bin|al|el|la|le|di|du)"
_SUFFIX = r"(?:Jr\.?|Sr\.?|II|III|IV)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{1,3}}(?:,?\s+{_SUFFIX})?"
_PERSON = regex.compile(rf"^{_NAME}$")
_ROMAN = regex.compile(r"^(?:II|III|IV)$")
_BYLINE = regex.compile(r"^(?:written\s+)?by\s*:?\s+(\S.*)$", regex.IGNORECASE)
_MAX_BYLINE_WORDS = 14
#: A credit line naming no person: "By: BBC", "By Reuters Staff" (a label with a colon, or
#: "By" and at most three capitalised words).
_CREDIT_LINE = regex.compile(r"^(?:by\s*:\s*\S.{0,40}|by\s+\p{Lu}[\p{L}.&'’-]*(?:\s+\p{Lu}[\p{L}.&'’-]*){0,2})$",
                             regex.IGNORECASE)
_BYLINE_END = regex.compile(r"\s*(?:\||;|\s[-–—]\s)\s*")
_BYLINE_AND = regex.compile(r"\s+(?:and|&)\s+", regex.IGNORECASE)
_BIO_VERB = r"(?:is\s+an?|was\s+an?|has|covers|writes|reports)\b"
_LONE_BIO = regex.compile(
    rf"^({_NAME})\s+(?i:(?:is|was)\s+an?\b.*\b(?:reporter|writer|correspondent|editor|journalist"
    rf"|contributor|columnist|producer|author|freelancer?|photographer|analyst|intern)\b"
    rf"|covers\b|writes\s+(?:about|for|on)\b|reports\s+(?:on|for)\b)",
    regex.DOTALL,
)
_MAX_BIO_WORDS = 80

# --- titles ----------------------------------------------------------------------

_MIN_TITLE_WORDS = 3
_MAX_TITLE_WORDS = 25
#: Lines of at most this many words before the headline are a site's or section's name.
_MAX_LABEL_WORDS = 2
#: The headline is looked for in this many first paragraphs, after such labels.
_TITLE_LINES = 3
_MAX_TITLE_CHARS = 250
_CLOSING = "\"”’')»"
_TITLE_START = regex.compile(r"^[\p{Lu}\d\"“‘'«(]")
_ENDS_WITH_ABBREVIATION = regex.compile(r"(?:\b\p{Lu}\.){2,}$")


def _tidy_name(name: str) -> str:
    """A name as printed, in title case when it was printed in capitals."""
    parts = name.split()
    if not name.isupper():
        return " ".join(parts)
    return " ".join(part if _ROMAN.match(part) else part.title() for part in parts)


def parse_byline(line: str) -> str | None:
    """The author(s) of a byline (``By Jane Doe``, ``By Jane Doe and John Roe, Reuters``).

    Names are two to four capitalised words, listed with commas and a final
    ``and``/``&``; what follows the last name after a comma, ``|`` or dash (an
    outlet, a role) is dropped. ``None`` when the line is no byline.
    """
    match = _BYLINE.match(line)
    if not match or len(line.split()) > _MAX_BYLINE_WORDS:
        return None
    credit = _BYLINE_END.split(match[1].strip(" ."), maxsplit=1)[0]
    *listed, last = _BYLINE_AND.split(credit)
    parts = [part for chunk in listed for part in chunk.split(",")] + [last.split(",")[0]]
    names = [_tidy_name(part) for part in (part.strip() for part in parts)]
    if not names or not all(_PERSON.match(name) for name in names):
        return None
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def take_byline(lines: tuple[str, ...]) -> Taken[str]:
    """Take a byline among the first paragraphs out of the body.

    Needs: paragraphs (before boilerplate removal, which would take a byline in
    capitals for navigation). Adds: the author(s) as ``value``, ``Removal`` rule
    ``byline``. Looks at the first ``TOP_LINES + 3`` paragraphs, as page furniture
    may come first.
    """
    for index, line in enumerate(lines[: TOP_LINES + 3]):
        author = parse_byline(line)
        if author or is_credit_line(line):
            rest = lines[:index] + lines[index + 1:]
            return Taken(lines=rest, value=author, removed=(Removal(text=line, rule="byline"),))
    return Taken(lines=lines)


def is_credit_line(line: str) -> bool:
    """A byline that names no person (``By: BBC``, ``By Reuters Staff``): it leaves the
    body like a byline, without giving an author."""
    return bool(_CREDIT_LINE.match(line))


def _bio_pair_at(lines: tuple[str, ...], index: int) -> str | None:
    """The name when ``lines[index]`` is a name and the next line a bio starting with it."""
    if index + 1 >= len(lines) or not _PERSON.match(lines[index]):
        return None
    name = lines[index]
    bio = regex.match(rf"{regex.escape(name)}\s+{_BIO_VERB}", lines[index + 1])
    return _tidy_name(name) if bio else None


def take_author_bio(lines: tuple[str, ...]) -> Taken[str]:
    """Take an author bio at the end of the text out of the body.

    Two forms: a line that is a name followed by a line that starts with that name
    and goes on with ``is a``/``is an``/``has``/``covers`` (``James Morley III`` /
    ``James Morley III is a writer …``); or, as the last paragraph, a single line
    ``Jane Doe is a reporter for …`` (it must name a journalist's job, so a closing
    sentence about a person in the news stays). Adds: the name as ``value``,
    ``Removal`` rule ``author-bio`` for each line.
    """
    first = max(len(lines) - BIO_LINES, 1)
    for index in range(len(lines) - 2, first - 1, -1):
        name = _bio_pair_at(lines, index)
        if name:
            removed = tuple(Removal(text=line, rule="author-bio") for line in lines[index:index + 2])
            return Taken(lines=lines[:index] + lines[index + 2:], value=name, removed=removed)
    if len(lines) > 1:
        last = lines[-1]
        lone = _LONE_BIO.match(last)
        if lone and len(last.split()) <= _MAX_BIO_WORDS:
            removal = Removal(text=last, rule="author-bio")
            return Taken(lines=lines[:-1], value=_tidy_name(lone[1]), removed=(removal,))
    return Taken(lines=lines)


def looks_like_headline(line: str) -> bool:
    """Whether ``line`` reads as a headline rather than a sentence of the body.

    Short (3 to 25 words, at most 250 characters: a line of one or two words at the
    top of a page is a site's or section's name, "Newsfrom Japan", "World", far more
    often than a headline), starts with a capital, a digit or a quote, does not end
    like a sentence (a final ``.``, ``,``, ``;`` or ``:`` after any closing quotes; an
    abbreviation such as ``U.S.`` is fine), and is no boilerplate, byline or dateline.
    """
    count = len(line.split())
    if not _MIN_TITLE_WORDS <= count <= _MAX_TITLE_WORDS or len(line) > _MAX_TITLE_CHARS:
        return False
    if not _TITLE_START.match(line):
        return False
    ending = line.rstrip(_CLOSING)
    if ending.endswith((",", ";", ":")):
        return False
    if ending.endswith(".") and not _ENDS_WITH_ABBREVIATION.search(ending):
        return False
    return (line_rule(line) is None and parse_byline(line) is None and not is_credit_line(line)
            and parse_dateline(line) is None)


def _same_title(line: str, title: str) -> bool:
    return _norm(line) == _norm(title)


def _label(line: str) -> bool:
    """A line of one or two words without sentence punctuation: a site's or section's name."""
    return len(line.split()) <= _MAX_LABEL_WORDS and not line.rstrip(_CLOSING).endswith((".", "!", "?"))


def _norm(value: str) -> str:
    return " ".join(value.casefold().split()).strip(" .:\"'“”‘’")


def take_title(lines: tuple[str, ...], given: str | None) -> Taken[str]:
    """The title: ``given`` (from the container) or the headline at the top of the text.

    With ``given``, the first paragraph leaves the body only when it is that title.
    Without, the headline is the first paragraph that ``looks_like_headline``, after
    at most two site or section labels of one or two words ("World", "Newsfrom
    Japan"), when at least one paragraph follows it; the labels leave the body too
    (``navigation``). A crawl often repeats the headline: glued to the labels before
    it ("NewsWorldEarthquake death toll ...", then "Earthquake death toll ...") or on
    the next line; the headline is then the clean line and the repeats leave the
    body. Otherwise there is no title (``None``): one is never made up. Adds:
    ``Removal`` rule ``title`` for the lines taken out.
    """
    if given:
        if lines and _same_title(lines[0], given):
            return Taken(lines=lines[1:], value=given, removed=(Removal(text=lines[0], rule="title"),))
        return Taken(lines=lines, value=given)
    labels = 0
    while labels < min(_TITLE_LINES - 1, len(lines)) and _label(lines[labels]) and not looks_like_headline(lines[labels]):
        labels += 1
    rest = lines[labels:]
    removed = [Removal(text=line, rule="navigation") for line in lines[:labels]]
    if len(rest) >= 3 and looks_like_headline(rest[1]) and _norm(rest[1]) in _norm(rest[0]) \
            and len(rest[0]) <= _MAX_TITLE_CHARS and _norm(rest[1]) != _norm(rest[0]):
        removed.append(Removal(text=rest[0], rule="title"))  # the headline glued to labels, then alone
        rest = rest[1:]
    if len(rest) >= 2 and looks_like_headline(rest[0]):
        removed.append(Removal(text=rest[0], rule="title"))
        body = rest[1:]
        if len(body) >= 2 and _norm(body[0]) == _norm(rest[0]):
            removed.append(Removal(text=body[0], rule="title"))
            body = body[1:]
        return Taken(lines=body, value=rest[0], removed=tuple(removed))
    return Taken(lines=lines)
