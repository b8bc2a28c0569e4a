"""The only place that knows the order of the stages.

    read_inputs -> clean_article (stated dates) -> mark_duplicates -> annotate_articles (with quotes,
        citations, claim mentions) -> infer_outlets -> date_article (the text checks its stated date)
        -> group_stories -> infer_publication_windows (dates from the story)
        -> build_timeline, link_events -> cross_check (quotes, claims, independence, coverage)
        -> outputs

``add`` starts from the articles and annotations of an earlier build (``store.load_store``)
and runs the same stages on the new inputs, then links old and new together.

``build`` runs them and returns a ``BuildResult``; ``write_outputs`` writes
``storyline.json``, ``storyline.db`` and ``report.html`` into a folder.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, replace
from datetime import datetime, timezone
from pathlib import Path
from time import perf_counter
from typing import BinaryIO

from spacy.language import Language

from .annotate import annotate_articles, load_pipeline
from .attribute.sources import infer_outlets
from .attribute.story import cross_check
from .clean import clean_article, mark_duplicates
from .errors import InputError, StoreError
from .ingest import read_inputs
from .dating import date_article, infer_publication_windows
from .link import group_stories, link_events, relate_stories, story_id, story_title, term_weights
from .model import Annotation, Article, BuildResult, Rejected, Story
from .settings import Settings
from .store import StoredBuild, load_store
from .timeline import build_timeline

Progress = Callable[[int, int], None]

#: Rejection reasons that mean an INPUT argument named nothing at all.
_NOTHING_THERE = {"no such file or folder", "the pattern matched no files"}
#: The files ``write_outputs`` writes, by role.
OUTPUT_FILES = {"json": "storyline.json", "store": "storyline.db", "report": "report.html"}


def _link(articles: list[Article], annotations: dict[str, Annotation],
          settings: Settings) -> tuple[list[Article], dict[str, Annotation], list[Story]]:
    annotations = dict(annotations)
    articles = infer_outlets(articles, annotations)
    checked = []
    for article in articles:
        article, annotations[article.id] = date_article(article, annotations[article.id])
        checked.append(article)
    articles = checked
    weights = term_weights(sentence.terms for a in annotations.values() for sentence in a.sentences)
    by_id = {article.id: article for article in articles}
    stories = []
    groups = [tuple(a.id for a in articles)] if settings.one_timeline and articles else \
        group_stories(articles, annotations, settings)
    related = relate_stories(groups, articles, annotations, settings) if not settings.one_timeline else {}
    for ids in groups:
        members, dated = infer_publication_windows([by_id[i] for i in ids], annotations, weights, settings)
        by_id.update((article.id, article) for article in members)
        annotations.update(dated)
        title, title_article_id = story_title(members, annotations)
        story = Story(id=story_id(ids), title=title, title_article_id=title_article_id, article_ids=ids,
                      timeline=build_timeline(members, annotations, weights, settings),
                      events=link_events(members, annotations, weights), related=related.get(story_id(ids), ()))
        stories.append(cross_check(story, members, annotations))
    return [by_id[article.id] for article in articles], annotations, stories


def _read(inputs: Sequence[str], settings: Settings, url_lists: Sequence[str | Path],
          stdin: BinaryIO | None) -> tuple[list[Article], list[Rejected], int]:
    """Read and clean ``inputs``, with the number of documents read; raises ``InputError``
    when they name nothing at all."""
    if not inputs and not url_lists:
        raise InputError("no INPUT given: name files, folders, glob patterns, URLs or - (standard input) to read")
    articles: list[Article] = []
    rejected: list[Rejected] = []
    documents = 0
    for item in read_inputs(list(inputs), settings, url_lists=url_lists, stdin=stdin):
        if isinstance(item, Rejected):
            rejected.append(item)
            continue
        documents += 1
        cleaned = clean_article(item, settings)
        (rejected if isinstance(cleaned, Rejected) else articles).append(cleaned)
    require_input(documents, rejected)
    return articles, rejected, documents


def require_input(documents: int, rejected: Sequence[Rejected]) -> None:
    """Raise ``InputError`` when the inputs named nothing at all: no document was read and
    every rejection says that nothing was there."""
    if documents == 0 and all(r.reason in _NOTHING_THERE for r in rejected):
        raise InputError("nothing to read: " + "; ".join(f"{r.source}: {r.reason}" for r in rejected))


def _annotate(articles: list[Article], settings: Settings, nlp: Language,
              progress: Progress | None) -> tuple[dict[str, Annotation], list[Rejected]]:
    """Annotations of ``articles`` by id; an article the annotator fails on is rejected alone."""
    annotations: dict[str, Annotation] = {}
    rejected: list[Rejected] = []
    for done, annotated in enumerate(annotate_articles(articles, nlp, batch_size=settings.batch_size,
                                                       processes=settings.processes), start=1):
        if isinstance(annotated, Rejected):
            rejected.append(annotated)
        else:
            annotations[annotated.article_id] = annotated
        if progress is not None:
            progress(done, len(articles))
    return annotations, rejected


def model_name(nlp: Language) -> str:
    """The pipeline's language, name and version as a build records them (``BuildResult.model``)."""
    return f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')} {nlp.meta.get('version', '')}"


def finish_build(articles: list[Article], annotations: dict[str, Annotation], rejected: list[Rejected],
                 settings: Settings, *, model: str, started: float, documents: int) -> BuildResult:
    """The cross-article stages of ``build`` on articles read, cleaned, deduplicated
    (``mark_duplicates``) and annotated elsewhere (``storyline.distributed``): link them into
    stories and put the result together as ``build`` does. ``model`` is ``model_name`` of the
    pipeline that annotated them, ``started`` the ``perf_counter`` time the build began."""
    return _finish(articles, annotations, rejected, settings, model, started, documents=documents,
                   added={}, history={}, now=_now())


def _finish(articles: list[Article], annotations: dict[str, Annotation], rejected: list[Rejected],
            settings: Settings, model: str, started: float, *, documents: int,
            added: dict[str, str], history: dict[str, tuple[str, str]], now: str) -> BuildResult:
    """Link the annotated ``articles`` into stories and put the result together.

    ``added`` says when each article came into the store (new ones: ``now``);
    ``history`` the (created, updated) times of the stories of an earlier run, kept
    for a story whose articles did not change."""
    articles = [article for article in articles if article.id in annotations]
    linked, linked_annotations, stories = _link(articles, annotations, settings)
    base = {a.id: (a, annotations[a.id]) for a, after in zip(articles, linked)
            if a != after or annotations[a.id] is not linked_annotations[a.id]}
    seconds = perf_counter() - started
    words = sum(article.words for article in linked)
    stats = {
        "documents": documents,
        "articles": len(linked),
        "rejected": len(rejected),
        "stories": len(stories),
        "duplicates": sum(article.duplicate_of is not None for article in linked),
        "words": words,
        "seconds": round(seconds, 3),
        "articles_per_second": round(len(linked) / seconds, 2) if seconds else 0.0,
        "words_per_second": round(words / seconds, 1) if seconds else 0.0,
    }
    times = {}
    for story in stories:
        created, updated = history.get(story.id, (now, now))
        if any(added.get(article_id, now) == now for article_id in story.article_ids):
            updated = now
        times[story.id] = (created, updated)
    return BuildResult(articles=tuple(linked), annotations=tuple(linked_annotations[a.id] for a in linked),
                       rejected=tuple(rejected), stories=tuple(stories), stats=stats,
                       model=model,
                       base=base, added={a.id: added.get(a.id, now) for a in linked}, story_times=times,
                       settings=asdict(settings))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def build(inputs: Sequence[str], settings: Settings, *, url_lists: Sequence[str | Path] = (),
          stdin: BinaryIO | None = None, nlp: Language | None = None, progress: Progress | None = None) -> BuildResult:
    """Read, clean, annotate and link ``inputs`` into stories and timelines.

    ``inputs`` are files, folders, globs, URLs and ``-`` (``stdin``); ``url_lists``
    are files of URLs, one per line. Raises ``InputError`` when there is nothing at
    all to read; a document that cannot be used becomes a ``Rejected`` record instead.
    """
    started = perf_counter()
    articles, rejected, documents = _read(inputs, settings, url_lists, stdin)
    articles = mark_duplicates(articles, settings)
    if nlp is None:
        nlp = load_pipeline(settings.model)
    annotations, failed = _annotate(articles, settings, nlp, progress)
    return _finish(articles, annotations, rejected + failed, settings, model_name(nlp), started, documents=documents,
                   added={}, history={}, now=_now())


def add(store: Path | StoredBuild, inputs: Sequence[str], settings: Settings, *, url_lists: Sequence[str | Path] = (),
        stdin: BinaryIO | None = None, nlp: Language | None = None, progress: Progress | None = None) -> BuildResult:
    """Add ``inputs`` to an earlier build and link everything again.

    ``store`` is the folder the build was written to, or its ``StoredBuild`` already
    read (``store.load_store``). Articles already there keep their ids, annotations
    (they are not parsed again) and the time they were added; a story keeps its id as
    long as its first article stays first, so adding newer articles in batches gives
    the same stories as one build of them all. An input whose text, URL and outlet
    are already in the store is rejected as such; an id taken by an earlier article
    gets a ``~N`` suffix.
    """
    started = perf_counter()
    previous = store if isinstance(store, StoredBuild) else load_store(Path(store) / OUTPUT_FILES["store"])
    new, rejected, documents = _read(inputs, settings, url_lists, stdin)
    known = {_identity(a): a.id for a in previous.articles}
    taken = {a.id for a in previous.articles}
    fresh = []
    for article in new:
        if _identity(article) in known:
            rejected.append(Rejected(source=article.source, stage="ingest", reason=(
                f"already in the store as article {known[_identity(article)]} (same text, URL and outlet); "
                "nothing to add")))
            continue
        fresh.append(replace(article, id=_free_id(article.id, taken)))
    articles = mark_duplicates([*previous.articles, *fresh], settings)
    if nlp is None:
        nlp = load_pipeline(settings.model)
    by_id = {a.id: a for a in articles}
    annotations, failed = _annotate([by_id[a.id] for a in fresh], settings, nlp, progress)
    annotations.update(previous.annotations)
    return _finish(articles, annotations, [*previous.rejected, *rejected, *failed], settings, model_name(nlp), started,
                   documents=documents, added=previous.added, history=previous.story_times, now=_now())


def _identity(article: Article) -> tuple[str, str | None, str | None]:
    """What makes two inputs the same article: the same text from the same URL and outlet (a
    copy from another outlet is a report of its own, which deduplication links)."""
    return article.text, article.url, article.outlet


def _free_id(article_id: str, taken: set[str]) -> str:
    """``article_id``, or with the first ``~N`` suffix no article has taken; reserves it."""
    candidate, n = article_id, 1
    while candidate in taken:
        n += 1
        candidate = f"{article_id}~{n}"
    taken.add(candidate)
    return candidate


def write_outputs(result: BuildResult, out_dir: Path) -> dict[str, Path]:
    """Write ``storyline.json``, ``storyline.db`` and ``report.html`` into ``out_dir``."""
    from .output import write_json, write_report
    from .store import write_store

    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise StoreError(str(out_dir), "exists and is not a folder; choose another --out")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(str(out_dir), f"cannot create the output folder: {error.strerror or error}") from None
    paths = {role: out_dir / name for role, name in OUTPUT_FILES.items()}
    write_json(result, paths["json"])
    write_store(result, paths["store"])
    write_report(result, paths["report"])
    return paths
