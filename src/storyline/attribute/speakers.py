"""Who a quote's source is: the fullest name the article gives, or the kind of anonymous source.

``Speakers(doc).resolve(source)`` takes the source as written ("he", "Blinken", "the
president", "a senior U.S. official") and returns the speaker and its type:

* a name is completed from the article's longest PERSON mention that ends with the same
  surname ("Blinken" -> "Antony Blinken"), whatever label the entity recogniser gave it;
* "he"/"she" is the nearest preceding person, preferring one that was the subject of
  its sentence; "who" is the noun the relative clause hangs on;
* "the president", "the spokesperson" is the previously named person carrying that title
  ("President Joe Biden"); "the official" is an earlier anonymous official;
* an unnamed person described by their role stays anonymous ("a senior U.S. official"),
  a plural one is a group ("three people who attended the meeting");
* an outlet ("Axios", "Reuters", "state news agency IRNA") or an organization ("the White
  House", "Iran") is typed so; what none of these rules reads is ``"unknown"``.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

#: News outlets and agencies, lower-cased, as their names appear in copy.
OUTLETS = frozenset({
    "abc", "abc news", "afp", "agence france-presse", "al jazeera", "al-monitor", "ap", "associated press",
    "the associated press", "axios", "bbc", "bloomberg", "breitbart", "buzzfeed", "cbs", "cbs news", "cnbc",
    "cnn", "fars", "fox", "fox news", "haaretz", "huffington post", "the huffington post", "irna", "isna",
    "mehr", "msnbc", "nbc", "nbc news", "npr", "politico", "press tv", "reuters", "sana", "tasnim", "the atlantic",
    "the guardian", "the hill", "the new york times", "the new yorker", "the times", "the wall street journal",
    "the washington post", "new york times", "wall street journal", "washington post", "times of israel",
    "the times of israel", "tass", "upi", "usa today", "vox", "wafa", "xinhua", "yonhap", "ynet", "politifact",
})
_OUTLET_WORDS = frozenset({"news", "times", "post", "journal", "agency", "newspaper", "tv", "television", "radio",
                           "magazine", "network", "channel", "broadcaster", "outlet", "daily", "tribune",
                           "herald", "gazette", "wire"})
#: Nouns naming a role a person holds: "a senior official", "the president", "a spokeswoman".
PERSON_ROLES = frozenset({
    "adviser", "advisor", "aide", "ambassador", "analyst", "attendee", "author", "candidate", "chair", "chairman",
    "chairwoman", "chief", "commander", "congressman", "congresswoman", "correspondent", "councilman", "delegate",
    "democrat", "diplomat", "director", "economist", "editor", "envoy", "executive", "expert", "general",
    "governor", "guard", "head", "insider", "investigator", "journalist", "judge", "lawmaker", "lawyer", "leader",
    "manager", "mayor", "member", "minister", "negotiator", "nominee", "observer", "officer", "official", "person",
    "pollster", "premier", "president", "professor", "prosecutor", "representative", "republican", "reporter",
    "researcher", "resident", "secretary", "senator", "source", "speaker", "spokesman", "spokesperson",
    "spokeswoman", "staffer", "strategist", "supporter", "voter", "witness", "woman", "man", "friend", "worker",
    "people", "someone", "one", "veteran", "activist", "critic", "operative", "surrogate", "donor", "ally",
})
#: Nouns naming an organisation: "the campaign said", "the ministry said".
ORGANIZATION_NOUNS = frozenset({
    "administration", "agency", "army", "board", "cabinet", "campaign", "commission", "committee", "company",
    "council", "court", "department", "embassy", "firm", "force", "forces", "government", "group", "military",
    "ministry", "office", "organization", "organisation", "party", "police", "regime", "team", "union", "white",
    "house", "pentagon", "kremlin", "navy", "parliament", "senate", "congress", "mission", "foundation",
    "institute", "center", "centre", "coalition", "movement", "corporation",
})
_PRONOUNS_PERSON = frozenset({"he", "she", "him", "her", "his"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_TITLE_PREFIX = re.compile(r"^(?:(?:mr|mrs|ms|dr|sen|gov|rep|gen|lt|col|maj|capt|adm|prof|rev|pres|sec)\.?\s+)+", re.I)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_NAME_LABELS = frozenset({"PERSON"})
_ORG_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})


def _clean_name(text: str) -> str:
    text = _POSSESSIVE.sub("", text.strip())
    return _TITLE_PREFIX.sub("", text).strip(" ,.")


class Speakers:
    """The people and organisations an article names, to resolve sources against."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        #: (token index of the mention's head, cleaned name, is a sentence subject)
        self.people: list[tuple[int, int, str, bool]] = []
        self.by_surname: dict[str, str] = {}
        self.entities = list(doc.ents)
        #: token index -> the entity it belongs to
        self.entity_of: dict[int, Span] = {i: e for e in self.entities for i in range(e.start, e.end)}
        for entity in self.entities:
            if entity.label_ not in _NAME_LABELS:
                continue
            name = _clean_name(entity.text)
            words = name.split()
            if not words or not any(w[:1].isupper() for w in words):
                continue
            subject = entity.root.dep_ in ("nsubj", "nsubjpass") or entity.root.head.dep_ in ("nsubj", "nsubjpass")
            self.people.append((entity.start, entity.end, name, subject))
            surname = words[-1].lower()
            if len(name) > len(self.by_surname.get(surname, "")):
                self.by_surname[surname] = name

    # -- helpers --------------------------------------------------------------------------

    def full_name(self, name: str) -> str:
        words = _clean_name(name).split()
        if not words:
            return name
        found = self.by_surname.get(words[-1].lower())
        if found and (len(words) == 1 or found.lower().startswith(words[0].lower()) or len(found) > len(name)):
            return found if len(found.split()) >= len(words) else _clean_name(name)
        return _clean_name(name)

    def person_before(self, position: int, prefer_subject: bool = True) -> str | None:
        """The nearest person named before token ``position``, preferring a sentence subject
        within the last few sentences."""
        before = [p for p in self.people if p[1] <= position]
        if not before:
            return None
        if prefer_subject:
            sentence_start = self.doc[position].sent.start
            window = [p for p in before if p[3] and p[0] >= _sentences_back(self.doc, sentence_start, 2)]
            if window:
                return self.full_name(window[-1][2])
        return self.full_name(before[-1][2])

    def titled_person(self, title: str, position: int) -> str | None:
        """A person named before ``position`` with the title ``title`` next to the name
        ("President Joe Biden", "Joe Biden, the president")."""
        doc = self.doc
        for start, end, name, _ in reversed([p for p in self.people if p[1] <= position]):
            window = doc[max(0, start - 4):min(len(doc), end + 4)]
            if any(t.lower_ == title for t in window):
                return self.full_name(name)
        return None

    # -- resolve --------------------------------------------------------------------------

    def resolve(self, source: Span) -> tuple[str | None, str]:
        """The speaker a source refers to and its type (see ``SpeakerType``)."""
        if not len(source):
            return None, "unknown"
        head = source.root
        lower = head.lower_
        words = source.text
        if lower in _RELATIVE and head.dep_ in ("nsubj", "nsubjpass") and head.head.dep_ in ("relcl", "acl"):
            antecedent = head.head.head
            return self.resolve(_noun_phrase(antecedent))
        if head.pos_ == "PRON" or lower in _PRONOUNS_PERSON:
            if lower in ("he", "she", "him", "her"):
                person = self.person_before(source.start)
                return (person, "person") if person else (None, "unknown")
            return None, "unknown"
        entity = self.entity_of.get(head.i)
        if entity is not None and not (source.start <= entity.start and entity.end <= source.end + 1):
            entity = None
        if head.text[:1].isupper() and lower in self.by_surname and (entity is None or entity.label_ != "PERSON"
                                                                     or lower == entity.text.lower()):
            if lower not in OUTLETS:
                return self.by_surname[lower], "person"
        if lower in OUTLETS or _clean_name(words).lower() in OUTLETS or (
                entity is not None and (entity.text.lower() in OUTLETS or _clean_name(entity.text).lower() in OUTLETS)):
            name = entity.text if entity is not None else words
            return _POSSESSIVE.sub("", name), "outlet"
        if entity is not None and entity.label_ in _NAME_LABELS:
            return self.full_name(entity.text), "person"
        if head.pos_ == "PROPN":
            surname = lower
            if surname in self.by_surname:
                return self.by_surname[surname], "person"
            if entity is not None and entity.label_ in _ORG_LABELS:
                if any(t.lower_ in _OUTLET_WORDS for t in entity):
                    return _POSSESSIVE.sub("", entity.text), "outlet"
                return _POSSESSIVE.sub("", entity.text), "organization"
            name = _name_around(source, head)
            if name and any(t.lower_ in _OUTLET_WORDS for t in source):
                return name, "outlet"
            return (self.full_name(name), "person") if name else (None, "unknown")
        # a common noun
        if entity is not None and entity.label_ in _ORG_LABELS and head.i >= entity.start and head.i < entity.end:
            return _POSSESSIVE.sub("", entity.text), "organization"
        people = [e for e in self.entities if e.label_ in _NAME_LABELS and source.start <= e.start
                  and e.end <= source.end]
        if people and lower in PERSON_ROLES:  # "Stein spokeswoman Melezia Figueroa" parsed with the role as head
            return self.full_name(people[-1].text), "person"
        determiner = next((c.lower_ for c in head.children if c.dep_ in ("det", "nummod", "poss")), "")
        plural = head.tag_ in ("NNS", "NNPS")
        if lower in PERSON_ROLES or head.lemma_.lower() in PERSON_ROLES:
            if determiner == "the" and not plural:
                person = self.titled_person(lower, source.start)
                if person:
                    return person, "person"
                return words, "anonymous"
            return words, "group" if plural else "anonymous"
        if lower in ORGANIZATION_NOUNS or head.lemma_.lower() in ORGANIZATION_NOUNS:
            return words, "organization"
        if plural:
            return words, "group"
        return None, "unknown"


def _sentences_back(doc: Doc, sentence_start: int, count: int) -> int:
    start = sentence_start
    for _ in range(count):
        if start == 0:
            break
        start = doc[start - 1].sent.start
    return start


def _name_around(source: Span, head: Token) -> str:
    """The proper nouns around the head ("Antony Blinken" in "Secretary Antony Blinken")."""
    start = head.i
    while start > source.start and source.doc[start - 1].pos_ == "PROPN" and source.doc[start - 1].dep_ == "compound":
        start -= 1
    return _clean_name(source.doc[start:head.i + 1].text)


def _noun_phrase(token: Token) -> Span:
    doc = token.doc
    start = token.i
    for child in token.lefts:
        start = min(start, child.left_edge.i)
    return doc[start:token.i + 1]
