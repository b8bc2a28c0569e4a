"""Text repair: broken encodings and odd whitespace, done first on the whole text.

Two kinds of broken encoding reach us:

* classic mojibake (``â€™`` for ``’``), where every byte survived; ftfy repairs it;
* *lossy* mojibake, where UTF-8 punctuation was decoded as Latin-1 and the C1
  control characters it produced were then dropped, so of ``’`` (bytes E2 80 99)
  only ``â`` is left: ``Iranâs``. ftfy cannot undo that, the bytes are gone, so
  each ``â`` is replaced by the punctuation its position implies (apostrophe,
  dash, opening or closing quote). These context rules run only on documents
  that show the pattern (``has_lost_punctuation``), so correct text with a real
  ``â`` (``château``, ``câmara``, ``Lâm``) is never touched.
"""

from __future__ import annotations

import ftfy
import regex

#: What is left of ``…`` (E2 80 A6) and ``€`` (E2 82 AC) once the C1 control
#: byte is lost: ``â`` and the last byte, read as Latin-1. (``â¢`` is ``•`` or
#: ``™``, which depends on its position; see ``_replacement``.)
_LOST_TRIPLES = {"¦": "…", "¬": "€"}

#: Characters that continue an *intact* mojibake sequence (``â€™``, ``â\x80\x99``):
#: the cp1252 and Latin-1 readings of bytes 0x80-0xBF, except the ones handled
#: here (``¦ ¢ ¬`` and the no-break space, which is a plain space in this text).
_INTACT_CONTINUATION = (
    "\x80-\x9f\xa1\xa3-\xa5\xa7-\xab\xad-\xbf"
    "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
)

#: An ``â`` that cannot be a letter of a correct word: before a space, punctuation,
#: the end of a line, or ``¦ ¢ ¬``; or where an apostrophe goes (``Iranâs``,
#: ``donât``, ``Iâm``, ``theyâre``, ``weâll``, ``Iâve``, ``sheâd``).
_LOST_MARKER = regex.compile(
    r"â(?=[\s¦¢¬,.;:!?)\]]|$)"
    r"|(?<=\p{L})â(?=s\b)"
    r"|(?<=n)â(?=t\b)"
    r"|(?<=\bI)â(?=m\b)"
    r"|(?<=\p{L})â(?=(?:re|ll|ve|d)\b)",
    regex.MULTILINE,
)
#: An ``â`` between two letters: a real letter (``château``) unless it is one of
#: the apostrophe positions above.
_LETTER_A_LETTER = regex.compile(r"(?<=\p{L})â(?=\p{L})")
_LOST_A = regex.compile(rf"â(?![{_INTACT_CONTINUATION}])([¦¢¬])?")
_CONTRACTION = regex.compile(r"(?:s|t|re|ll|ve|d|m)\b")
_OPENING_CONTEXT = frozenset("([{—–-/\"'“‘«")

_NO_BREAK_SPACES = regex.compile("[\u00a0\u202f\u2007]")
_TRAILING_SPACE = regex.compile(r"[ \t]+$", regex.MULTILINE)


#: ftfy's defaults, but keeping curly quotes (its default ``uncurl_quotes=True``
#: would turn “ ” ’ into straight ones) and normalising to NFC.
_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, normalization="NFC", explain=True)


def has_lost_punctuation(text: str) -> bool:
    """Whether ``text`` shows lossy mojibake: bare ``â`` where punctuation should be.

    The document-level gate for ``restore_lost_punctuation``: there must be at
    least one ``â`` that no correct word has (before a space or punctuation, or in
    an apostrophe position), and at least as many of those as ``â`` between
    letters, which is what French, Portuguese, Romanian or Vietnamese text has.
    """
    if "â" not in text:
        return False
    markers = {match.start() for match in _LOST_MARKER.finditer(text)}
    if not markers:
        return False
    letters = {match.start() for match in _LETTER_A_LETTER.finditer(text)}
    return len(markers) >= len(letters - markers)


def _replacement(line: str, index: int, trailer: str | None, open_quotes: int) -> tuple[str, int]:
    """The character a lost ``â`` at ``line[index]`` stood for, and the new quote depth."""
    if trailer == "¢":
        before = line[index - 1] if index else ""
        return ("™" if before.isalnum() else "•"), open_quotes
    if trailer:
        return _LOST_TRIPLES[trailer], open_quotes
    before = line[index - 1] if index else ""
    after = line[index + 1] if index + 1 < len(line) else ""
    before_space = not before or before.isspace()
    after_space = not after or after.isspace()
    if before_space and after_space:
        return "—", open_quotes
    if before.isdigit() and after.isdigit():
        return "–", open_quotes
    if before.isalpha() and _CONTRACTION.match(line, index + 1):
        return "’", open_quotes
    if before.isalpha() and after.isalpha():
        return "’", open_quotes
    if before_space or before in _OPENING_CONTEXT:
        return "“", open_quotes + 1
    if open_quotes == 0 and before == "s":
        return "’", open_quotes  # plural possessive: the Israelisâ plans
    return "”", max(open_quotes - 1, 0)


def _restore_line(line: str) -> tuple[str, int]:
    """One line with its lost ``â`` replaced, and how many were replaced."""
    parts: list[str] = []
    position = 0
    open_quotes = 0
    count = 0
    for match in _LOST_A.finditer(line):
        character, open_quotes = _replacement(line, match.start(), match.group(1), open_quotes)
        parts.append(line[position:match.start()])
        parts.append(character)
        position = match.end()
        count += 1
    parts.append(line[position:])
    return "".join(parts), count


def restore_lost_punctuation(text: str) -> tuple[str, int]:
    """Replace each bare ``â`` left by lossy mojibake with the punctuation it stood for.

    Needs a text for which ``has_lost_punctuation`` is true (the caller's gate).
    By position: between a letter and ``s/t/re/ll/ve/d/m`` an apostrophe, between
    spaces a dash (between digits an en dash), after a space or an opening bracket
    an opening quote, elsewhere a closing quote (or an apostrophe after a plural
    ``s`` when no quote is open); ``â¦`` is ``…``, ``â¢`` ``•``, ``â¬`` ``€``.
    Returns the text and the number of characters replaced.
    """
    lines = []
    total = 0
    for line in text.split("\n"):
        restored, count = _restore_line(line)
        lines.append(restored)
        total += count
    return "\n".join(lines), total


def _describe_ftfy(explanation: list[tuple[str, str]] | None) -> str:
    steps = ", ".join(f"{action} {parameter}" for action, parameter in explanation or ())
    return f"encoding: repaired by ftfy ({steps})" if steps else "encoding: repaired by ftfy"


def normalize_line_breaks(text: str) -> str:
    """``\\r\\n`` and ``\\r`` to ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def normalize_whitespace(text: str) -> tuple[str, int]:
    """Line breaks to ``\\n``, no-break spaces to spaces, no trailing spaces.

    Returns the text and the number of no-break spaces replaced.
    """
    text, spaces = _NO_BREAK_SPACES.subn(" ", normalize_line_breaks(text))
    return _TRAILING_SPACE.sub("", text), spaces


def repair_text(text: str) -> tuple[str, tuple[str, ...]]:
    """Repair broken encoding and normalise whitespace; the first cleaning step.

    Needs: the decoded text of a document (or of an HTML page's extracted body).
    Adds: lossy mojibake restored (gated, see ``has_lost_punctuation``), then
    ftfy's fixes (curly quotes kept, NFC), then ``normalize_whitespace``.
    Returns the repaired text and short notes of what was repaired.
    """
    notes: list[str] = []
    text = normalize_line_breaks(text)
    if has_lost_punctuation(text):
        text, count = restore_lost_punctuation(text)
        if count:
            notes.append(f"mojibake: {count} character{'s' if count != 1 else ''} repaired")
    fixed = ftfy.fix_and_explain(text, _FTFY_CONFIG)
    if fixed.text != text:
        notes.append(_describe_ftfy(fixed.explanation))
    text, spaces = normalize_whitespace(fixed.text)
    if spaces:
        notes.append(f"no-break spaces: {spaces} replaced with space{'s' if spaces != 1 else ''}")
    return text, tuple(notes)
