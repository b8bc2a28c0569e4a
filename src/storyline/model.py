"""Every record that passes between storyline's stages.

Records are frozen dataclasses with keyword-only constructors: a stage builds new
records, it never mutates the ones it was given. Character offsets (``start``,
``end``) always index into ``Article.text``, the cleaned article text, so that
``article.text[start:end]`` is exactly the cited span.

Dates that may be partial (a year, a month or a day) are carried as ISO strings:
``"2024"``, ``"2024-04"`` or ``"2024-04-01"``; ``granularity_of`` tells which.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Granularity = Literal["day", "month", "year"]
InputKind = Literal["text", "html", "jsonl"]


def granularity_of(value: str) -> Granularity:
    """The granularity of an ISO date string: ``"2024"``, ``"2024-04"`` or ``"2024-04-01"``."""
    return {4: "year", 7: "month", 10: "day"}[len(value)]


@dataclass(frozen=True, slots=True, kw_only=True)
class Rejected:
    """An input that could not go on, with the stage that stopped it and why."""

    source: str
    stage: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RawDocument:
    """One input document as read from disk or the network, decoded to text.

    ``content`` is plain text for ``kind="text"`` and ``"jsonl"``, and the whole HTML
    page for ``kind="html"``. The metadata fields hold what the container said
    (a JSONL record's fields); cleaning adds what it finds in the text itself.
    """

    id: str
    source: str
    kind: InputKind
    content: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Removal:
    """A piece of the raw text that cleaning took out of the body, and the rule that did it."""

    text: str
    rule: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DateWindow:
    """A span of days: when an undated article was probably published, or when the happenings
    an article reports took place; ``basis`` says what it rests on."""

    start: date
    end: date
    basis: str


#: Where a statement of an article's publication date was found: the input's own metadata
#: (a JSONL record's or a feed's field), the HTML page's markup, a date in the page's URL,
#: a crawler's leading ``date YYYY-MM-DD`` prefix, a dateline of the text ("Tokyo, Jan. 1
#: (Jiji Press)--", "Apr 1, 2024 - World"), or a stated update time ("Update: 2023-10-07").
DateSource = Literal["metadata", "html", "url", "prefix", "dateline", "updated"]
#: What the dating made of a statement: the publication date rests on it (``used``), it says
#: the same day or the day next to it (``agrees``), it cannot be right (``contradicted``, with
#: the reason), or it was not needed (``unused``).
EvidenceStatus = Literal["used", "agrees", "contradicted", "unused"]


@dataclass(frozen=True, slots=True, kw_only=True)
class DateEvidence:
    """One statement of when an article was published, and what the dating made of it.

    ``text`` is the statement as found ("Date:2025-04-18 14:24:39", "TOKYO, Jan 04 ( News
    On Japan ) -", a URL); ``value`` the day it names, ISO ``YYYY-MM-DD``, or ``--MM-DD``
    for a dateline without a year whose year nothing decided. ``reason`` says why a
    statement is ``contradicted`` or how its year was chosen.
    """

    source: DateSource
    text: str
    value: str
    status: EvidenceStatus = "unused"
    reason: str | None = None

    @property
    def day(self) -> date | None:
        """The day ``value`` names, or ``None`` for a yearless ``--MM-DD``."""
        return None if self.value.startswith("--") else date.fromisoformat(self.value)


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """A cleaned article: body text without boilerplate, plus its metadata.

    ``published`` is the publication date the input states (container metadata, the
    HTML, the URL, a ``date`` prefix, a dateline, an update time), as the dating
    stage (``storyline.dating``) decided it among them; ``published_source`` says
    which; ``date_evidence`` lists them all, with what became of each: a statement
    the text or the story shows impossible is ``contradicted`` and leaves
    ``published``. ``inferred`` is filled in later, from the story, for articles whose
    publication date is unknown. ``extractor`` names what took the text out of an
    HTML page; ``language`` is an ISO 639-1 code when known. ``duplicate_of`` is the
    id of the earlier article this one is a (near-)copy of, such as a syndicated wire
    story, with their estimated similarity; later stages count the two as one report.
    ``outlet_source`` says where ``outlet`` came from: ``"input"`` (the input or the
    page's metadata) or, for an article that names no outlet, ``"citation"`` (it
    reports as one outlet: "a U.S. official told Axios", set by the attribution stage).
    """

    id: str
    source: str
    text: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    published_source: str | None = None
    inferred: DateWindow | None = None
    removed: tuple[Removal, ...] = ()
    repairs: tuple[str, ...] = ()
    language: str | None = None
    extractor: str | None = None
    duplicate_of: str | None = None
    duplicate_similarity: float | None = None
    outlet_source: str | None = None
    #: Every statement of the publication date found in the input, with what the dating
    #: made of each (``dating``): ``published`` rests on the one ``used``.
    date_evidence: tuple[DateEvidence, ...] = ()
    #: When the happenings the article reports took place, as far as its own dates tell
    #: (``dating.content_time``); ``None`` when it dates none.
    content_time: DateWindow | None = None

    @property
    def canonical_id(self) -> str:
        """The article this one counts as: itself, or the original it duplicates."""
        return self.duplicate_of or self.id

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence:
    """A sentence of an article, with the content lemmas used to compare sentences."""

    index: int
    start: int
    end: int
    terms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    start: int
    end: int
    text: str
    label: str
    sentence: int


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeExpression:
    """A temporal expression and, when it could be resolved, the date it refers to.

    ``value`` is an ISO date string of the expression's own granularity, or ``None``
    when it could not be resolved (a duration, a vague phrase, or a relative phrase
    in an article whose publication date is unknown). ``relative`` is true when the
    value depends on the publication date ("on Monday", "April 1", "overnight").
    ``anchor`` says what the value was resolved against: ``"absolute"`` (needs
    nothing), ``"published"`` (the article's publication date), ``"inferred"`` (both
    ends of an inferred publication window agree) or ``"story"`` (the same event
    dated by another article of the story). ``clause_terms`` are the content lemmas
    of the clause the expression modifies: what happened at that time.

    ``timex_type`` and ``timex`` are the expression's TimeML TIMEX3 type (``"DATE"``,
    ``"TIME"``, ``"DURATION"`` or ``"SET"``) and value, as TempEval-3 annotates them:
    besides calendar dates, weeks (``"2024-W16"``), quarters (``"2024-Q1"``), seasons
    (``"2024-SU"``), decades (``"199"``), times (``"2024-04-16T14:00"``, ``"2024-04-16TMO"``),
    durations (``"P3D"``, ``"PXY"``), references (``"PRESENT_REF"``) and a set's period
    (``"P1W"``). Both are ``None`` for what TimeML does not count as a time expression
    ("a seven-year-old") or what no rule could read.
    """

    start: int
    end: int
    text: str
    sentence: int
    value: str | None
    relative: bool
    anchor: str | None = None
    kind: str = "date"
    clause_terms: tuple[str, ...] = ()
    timex_type: str | None = None
    timex: str | None = None
    #: The tense of the clause it modifies: ``"past"`` ("struck on Monday"), ``"future"``
    #: ("will meet on Monday") or ``None`` (present or unknown).
    tense: Literal["past", "future"] | None = None

    @property
    def granularity(self) -> Granularity | None:
        return granularity_of(self.value) if self.value else None


@dataclass(frozen=True, slots=True, kw_only=True)
class TextSpan:
    """A piece of an article's text: ``article.text[start:end] == text``."""

    start: int
    end: int
    text: str


#: What kind of speaker a quote's source is: a named person, a named organization (a
#: government, a party, a company), a news outlet, an anonymous but described source
#: ("a senior U.S. official"), a group of people ("three people who attended"), or
#: ``"unknown"`` (a pronoun or phrase that could not be resolved).
SpeakerType = Literal["person", "organization", "outlet", "anonymous", "group", "unknown"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    """An attribution in one article: who (``source``) said (``cue``) what (``content``).

    ``kind`` is ``"direct"`` (the content is inside quote marks), ``"reported"``
    (indirect speech: "X said that ...", "according to X, ...") or ``"mixed"`` (a
    paraphrase holding a quoted fragment). ``content`` has several segments when the
    attribution interrupts it ("'We will respond,' Raisi said, 'more fiercely'").
    ``source`` is the words naming the speaker in this sentence ("he", "Blinken", "a
    senior U.S. official"), ``None`` when none is expressed ("it was reported that");
    ``speaker`` is the fullest name in the article it refers to ("Antony Blinken"), or
    the source's own words for an anonymous or group source, ``None`` when unresolved.
    ``sentence`` is the index of the sentence where the content starts.
    """

    kind: Literal["direct", "reported", "mixed"]
    content: tuple[TextSpan, ...]
    cue: TextSpan | None
    source: TextSpan | None
    speaker: str | None
    speaker_type: SpeakerType
    sentence: int

    @property
    def text(self) -> str:
        """The content, its segments joined by one space."""
        return " ".join(segment.text for segment in self.content)


CitationKind = Literal["according_to", "reported", "told", "state_media", "syndicated"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Citation:
    """An article naming another outlet as the source of what it reports.

    ``start``/``end``/``text`` are the citing words ("according to Axios", "told
    Reuters", "Axios reported"); ``cited`` is the outlet's name as storyline writes it
    everywhere ("Axios", "IRNA"). ``original`` is true when the citing article is the
    cited outlet's own reporting ("a U.S. official told Axios" in Axios's article):
    it is then the original source, not a repeat. ``kind`` is ``"syndicated"`` for a
    near-duplicate copy of another article (no words cite it; the span is empty).
    """

    article_id: str
    cited: str
    kind: CitationKind
    start: int
    end: int
    text: str
    sentence: int
    original: bool = False


ClaimKind = Literal["quantity", "casualties", "place", "target", "date", "duration", "name"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimMention:
    """A checkable detail as one article states it: "over 300 drones and missiles".

    ``about`` says what the detail is about, normalised so that mentions from other
    articles can be aligned ("drones and missiles launched", "the target in
    Damascus"); ``value`` is the detail as a normalised, readable value ("> 300",
    "12-99", "embassy"); ``low``/``high`` bound a numeric value (``None`` for open
    ends and for non-numeric details); ``qualifier`` is the hedge as written
    ("over", "about", "dozens"), ``None`` for an exact figure.
    """

    article_id: str
    kind: ClaimKind
    about: str
    start: int
    end: int
    text: str
    sentence: int
    value: str
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Annotation:
    """What the annotation stage knows about one article."""

    article_id: str
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    times: tuple[TimeExpression, ...]
    quotes: tuple[Quote, ...] = ()
    citations: tuple[Citation, ...] = ()
    claims: tuple[ClaimMention, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceSpan:
    """A sentence that supports a statement: ``article.text[start:end] == text``."""

    article_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineEntry:
    """One dated line of a timeline.

    ``summary`` is one of the supporting sentences, verbatim (``summary_source``
    says which); ``summary_sources`` are all the sentences chosen to sum the date
    up (``timeline_sentences`` of them), best first, ``summary_sources[0] ==
    summary_source``; ``sources`` are every sentence, from every article, that
    reports what happened on ``date``. ``independent_reports`` counts the articles behind
    them, a duplicated (syndicated) article and its original counting once.
    """

    date: str
    background: bool
    summary: str
    summary_source: SourceSpan
    sources: tuple[SourceSpan, ...]
    independent_reports: int = 0
    summary_sources: tuple[SourceSpan, ...] = ()

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.article_id for s in self.sources))


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryQuote:
    """One quote with every article that reports it (exactly, or near-exactly with
    ellipses and brackets). ``text`` is the longest version; ``sources`` are the content
    segments in each article; ``independent_sources`` counts the origins behind them
    (see ``Claim``); ``cue`` is how the longest version attributes it."""

    speaker: str | None
    speaker_type: SpeakerType
    text: str
    kind: Literal["direct", "reported", "mixed"]
    sources: tuple[SourceSpan, ...]
    #: The attributing words of the longest version, as written ("said", "told reporters",
    #: "according to", "wants"): what the speaker did, which a reader needs beside the text.
    cue: str | None = None
    independent_sources: int = 0

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.article_id for s in self.sources))


ClaimStatus = Literal["agree", "compatible", "conflict"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """Mentions from several articles about the same thing, and whether they agree.

    ``status`` is ``"agree"`` (the same value), ``"compatible"`` (different words that
    can all be true: "over 300" and "more than 200") or ``"conflict"`` (they cannot all
    be true). ``independent_sources`` counts the origins of the mentions: an article
    that attributes the detail to another outlet ("according to Axios") counts as
    that outlet, a syndicated copy as its original.
    """

    about: str
    kind: ClaimKind
    status: ClaimStatus
    mentions: tuple[ClaimMention, ...]
    independent_sources: int = 0

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.article_id for m in self.mentions))


@dataclass(frozen=True, slots=True, kw_only=True)
class Coverage:
    """What one outlet reports of a story: its articles, and the indexes of the
    story's timeline entries and claims they support."""

    outlet: str
    article_ids: tuple[str, ...]
    entries: tuple[int, ...]
    claims: tuple[int, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """One happening, as the articles of a story report it: "the strike in Damascus on April 1".

    ``mentions`` are the sentences that report it, from every article that does (several
    from one article when it comes back to it); ``summary_source`` is the one that
    says it best. ``date`` is when it happened (an ISO date of its granularity) when the
    mentions date it, ``places`` and ``participants`` the names they give it. Two
    happenings on different days or in different places are different events, however
    alike their words. ``id`` is stable: derived from the first mention's article and
    offset, so adding articles later keeps it.
    """

    id: str
    date: str | None
    places: tuple[str, ...]
    participants: tuple[str, ...]
    summary_source: SourceSpan
    mentions: tuple[SourceSpan, ...]
    independent_sources: int = 0

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.article_id for m in self.mentions))


@dataclass(frozen=True, slots=True, kw_only=True)
class Story:
    """Articles that report on the same developing story, and their timeline.

    ``title`` is the title of one of its articles (``title_article_id``), or
    ``None`` when none of them has one.
    """

    id: str
    title: str | None
    title_article_id: str | None
    article_ids: tuple[str, ...]
    timeline: tuple[TimelineEntry, ...] = ()
    quotes: tuple[StoryQuote, ...] = ()
    citations: tuple[Citation, ...] = ()
    claims: tuple[Claim, ...] = ()
    coverage: tuple[Coverage, ...] = ()
    events: tuple[Event, ...] = ()
    #: Ids of look-alike stories: about the same kind of happening (two bombings of
    #: shelters, two earthquakes) but kept apart because they differ in place, time or
    #: the people involved.
    related: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildResult:
    """Everything one build produced, in the order the outputs write it."""

    articles: tuple[Article, ...]
    annotations: tuple[Annotation, ...]
    rejected: tuple[Rejected, ...]
    stories: tuple[Story, ...]
    stats: dict[str, float] = field(default_factory=dict)
    #: The spaCy pipeline that annotated the articles, as ``"en_core_web_sm 3.8.0"``.
    model: str = ""
    #: The articles and annotations, by id, as they were before linking changed them (an
    #: inferred publication window or outlet): what the store keeps to link again later.
    base: dict[str, tuple[Article, Annotation]] = field(default_factory=dict)
    #: When each article came into the build or store (ISO date and time, UTC).
    added: dict[str, str] = field(default_factory=dict)
    #: When each story was first built and last given new articles (ISO date and time, UTC).
    story_times: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: The settings the build ran with (``Settings`` as a dict), kept so that adding to
    #: it later links the same way.
    settings: dict[str, object] = field(default_factory=dict)
