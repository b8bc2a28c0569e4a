"""Name claims: the title or role an article gives a named person.

Needs a parsed ``Doc`` of the cleaned article text (entities and a dependency parse);
adds ``ClaimMention`` records of kind ``name``: "Brig. Gen. Mohammad Reza Zahedi",
"Mohammad Reza Zahedi, a senior commander of the elite Quds Force", "the prime
minister, Benjamin Netanyahu". ``about`` is ``title of <person>``, the person's
fullest name in the article (a later "Zahedi" is "Mohammad Reza Zahedi" when the
article names him so); ``value`` the title as a reader compares it: lower case,
without its article, abbreviations spelled out ("Brig. Gen." is "brigadier general").

A title is read from three places: words before the name inside its noun phrase
("Defense Minister Yoav Gallant", "Secretary of State Antony Blinken"), an appositive
after it ("Zahedi, a top Iranian Quds Force general") and a title with the name as its
appositive ("the prime minister, Benjamin Netanyahu"). Only phrases headed by a word
of ``TITLE_WORDS`` count, so that "Israeli officials' ally Zahedi" or "his U.S.
counterpart" are not read as titles. Whether two titles disagree (a colonel is not a
general; a defense minister is not a foreign minister) is ``align``'s business; most
differing titles are two descriptions of one person and are only ``compatible``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from ..attribute.speakers import Speakers
from ..model import ClaimMention

#: Head words of a title or role.
TITLE_WORDS = frozenset({
    "president", "minister", "secretary", "general", "gen.", "commander", "adviser", "advisor", "spokesperson",
    "spokesman", "spokeswoman", "ambassador", "chief", "director", "senator", "sen.", "representative", "rep.",
    "governor", "gov.", "mayor", "colonel", "col.", "lieutenant", "lt.", "major", "maj.", "captain", "capt.",
    "admiral", "adm.", "sergeant", "sgt.", "king", "queen", "prince", "princess", "leader", "head", "chairman",
    "chairwoman", "chair", "ceo", "judge", "justice", "speaker", "premier", "chancellor", "envoy", "officer",
    "deputy", "founder", "editor", "correspondent", "prosecutor", "attorney", "sheriff", "commissioner",
    "ayatollah", "cleric", "emir", "sheikh", "monarch", "pope", "bishop", "cardinal", "coordinator",
    "negotiator", "diplomat", "official", "mp", "lawmaker", "congressman", "congresswoman",
})
#: Abbreviations spelled out in ``value``.
ABBREVIATIONS = {
    "brig.": "brigadier", "gen.": "general", "lt.": "lieutenant", "col.": "colonel", "maj.": "major",
    "capt.": "captain", "adm.": "admiral", "sgt.": "sergeant", "sen.": "senator", "rep.": "representative",
    "gov.": "governor", "pres.": "president", "amb.": "ambassador", "cmdr.": "commander", "supt.": "superintendent",
    "u.s.": "us", "u.n.": "un", "u.k.": "uk", "advisor": "adviser", "defence": "defense",
}
#: Words a title is written without at its start: "the", "his", "that country's".
_ARTICLES = frozenset({"a", "an", "the", "his", "her", "its", "their", "our", "my", "your", "that", "this",
                       "these", "those", "'s"})
#: Words that end an appositive title before what follows it: "a general who ...".
_STOP_DEPS = frozenset({"relcl", "acl", "punct", "cc", "conj", "appos", "advcl"})


def find_name_mentions(doc: Doc, article_id: str, sentence_of: Sequence[int]) -> list[ClaimMention]:
    """The name (title) claims of one article (see the module docstring), in text order."""
    people = [entity for entity in doc.ents if entity.label_ == "PERSON" and len(entity.text) > 2]
    speakers = Speakers(doc)
    mentions = []
    seen: set[tuple[int, int]] = set()
    said: set[tuple[str, str]] = set()  # an article's title for a person counts once
    for entity in people:
        for tokens in (_prefix_title(entity), _appositive_title(entity), _title_with_name(entity)):
            if not tokens:
                continue
            value = normal_title("".join(t.text_with_ws for t in tokens))
            if not value or value in _ARTICLES:
                continue
            first, last = min(tokens[0].i, entity.start), max(tokens[-1].i, entity.end - 1)
            start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
            if (start, end) in seen:
                continue
            seen.add((start, end))
            name = speakers.full_name(entity.text)
            if (name, value) in said:
                continue
            said.add((name, value))
            mentions.append(ClaimMention(
                article_id=article_id, kind="name", about=f"title of {name}", start=start, end=end,
                text=doc.text[start:end], sentence=sentence_of[entity.root.i], value=value))
    return mentions


def normal_title(text: str) -> str:
    """A title as compared: lower case, abbreviations spelled out, without its article."""
    words = [ABBREVIATIONS.get(word, word) for word in text.lower().replace("’", "'").split()]
    while words and (words[0] in _ARTICLES or words[0].endswith("'s") and len(words) > 1 and words[0] != "'s"
                     and words[0][:-2] in _ARTICLES):
        words.pop(0)
    return re.sub(r"\s+([,.])", r"\1", " ".join(w.rstrip(".") if w.endswith(".") and w.count(".") == 1 else w
                                                 for w in words)).strip(" ,")


def _is_title(token: Token) -> bool:
    return token.lower_ in TITLE_WORDS or token.lemma_.lower() in TITLE_WORDS


def _prefix_title(entity: Span) -> list[Token]:
    """"Defense Minister" of "Israel Defense Minister Yoav Gallant": the words before the
    name that hang on it, when their head is a title word."""
    root = entity.root
    heads = [c for c in root.children if c.dep_ in ("compound", "nmod") and c.i < entity.start and _is_title(c)]
    if not heads:
        return []
    first = min(t.i for head in heads for t in head.subtree)
    tokens = [t for t in entity.doc[first:entity.start] if t.ent_type_ != "PERSON"]
    # a title is a run of words: start after a bracket, dash or comma ("ET) President Obama")
    cut = max((n + 1 for n, t in enumerate(tokens)
               if not t.text[0].isalnum() and t.text not in (".", "-", "'s", "’s")), default=0)
    return tokens[cut:]


def _appositive_title(entity: Span) -> list[Token]:
    """"a senior commander of the elite Quds Force" after "Zahedi,"."""
    for child in entity.root.children:
        if child.dep_ == "appos" and child.i >= entity.end and child.pos_ == "NOUN" and _is_title(child):
            return _phrase(child)
    return []


def _title_with_name(entity: Span) -> list[Token]:
    """"the prime minister" of "the prime minister, Benjamin Netanyahu"."""
    root = entity.root
    head = root.head
    if root.dep_ == "appos" and head.i < entity.start and head.pos_ == "NOUN" and _is_title(head) \
            and head.ent_type_ != "PERSON":
        return [t for t in _phrase(head) if t.i < entity.start]
    return []


def _in_title(token: Token) -> bool:
    return token.dep_ not in _STOP_DEPS and (token.dep_ != "prep" or token.lower_ == "of")


def _phrase(head: Token) -> list[Token]:
    """A title's words: the head, what modifies it, its "of ..." phrase; not a relative
    clause, another prepositional phrase ("in charge of ...", "on April 1": the parser
    often hangs the rest of the sentence there) or what follows a comma."""
    keep = {head.i}
    stack = [c for c in head.children if _in_title(c)]
    while stack:
        token = stack.pop()
        keep.add(token.i)
        stack.extend(c for c in token.children if _in_title(c))
    first, last = min(keep), max(keep)
    return [t for t in head.doc[first:last + 1] if t.i in keep]
