"""The only place that knows the order of the stages.

    read_inputs -> clean_article -> mark_duplicates -> annotate_articles (with quotes, citations,
        claim mentions) -> infer_outlets -> group_stories -> infer_publication_windows
        -> build_timeline -> cross_check (quotes, claims, independence, coverage) -> outputs

``build`` runs them and returns a ``BuildResult``; ``write_outputs`` writes
``storyline.json``, ``storyline.db`` and ``report.html`` into a folder.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
from .link import group_stories, infer_publication_windows, story_id, story_title, term_weights
from .model import Annotation, Article, BuildResult, Rejected, Story
from .settings import Settings
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
    weights = term_weights(sentence.terms for a in annotations.values() for sentence in a.sentences)
    by_id = {article.id: article for article in articles}
    stories = []
    groups = [tuple(a.id for a in articles)] if settings.one_timeline and articles else \
        group_stories(articles, annotations, settings)
    for ids in groups:
        members, dated = infer_publication_windows([by_id[i] for i in ids], annotations, weights, settings)
        by_id.update((article.id, article) for article in members)
        annotations.update(dated)
        title, title_article_id = story_title(members, annotations)
        story = Story(id=story_id(ids), title=title, title_article_id=title_article_id, article_ids=ids,
                      timeline=build_timeline(members, annotations, weights, settings))
        stories.append(cross_check(story, members, annotations))
    return [by_id[article.id] for article in articles], annotations, stories


def build(inputs: Sequence[str], settings: Settings, *, url_lists: Sequence[str | Path] = (),
          stdin: BinaryIO | None = None, nlp: Language | None = None, progress: Progress | None = None) -> BuildResult:
    """Read, clean, annotate and link ``inputs`` into stories and timelines.

    ``inputs`` are files, folders, globs, URLs and ``-`` (``stdin``); ``url_lists``
    are files of URLs, one per line. Raises ``InputError`` when there is nothing at
    all to read; a document that cannot be used becomes a ``Rejected`` record instead.
    """
    started = perf_counter()
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
    if documents == 0 and all(r.reason in _NOTHING_THERE for r in rejected):
        raise InputError("nothing to read: " + "; ".join(f"{r.source}: {r.reason}" for r in rejected))
    articles = mark_duplicates(articles, settings)

    if nlp is None:
        nlp = load_pipeline(settings.model)
    annotations: dict[str, Annotation] = {}
    failed: set[str] = set()
    for done, annotated in enumerate(annotate_articles(articles, nlp, batch_size=settings.batch_size,
                                                       processes=settings.processes), start=1):
        if isinstance(annotated, Rejected):
            rejected.append(annotated)
            failed.add(articles[done - 1].id)
        else:
            annotations[annotated.article_id] = annotated
        if progress is not None:
            progress(done, len(articles))
    articles = [article for article in articles if article.id not in failed]

    articles, annotations, stories = _link(articles, annotations, settings)
    seconds = perf_counter() - started
    words = sum(article.words for article in articles)
    stats = {
        "documents": documents,
        "articles": len(articles),
        "rejected": len(rejected),
        "stories": len(stories),
        "duplicates": sum(article.duplicate_of is not None for article in articles),
        "words": words,
        "seconds": round(seconds, 3),
        "articles_per_second": round(len(articles) / seconds, 2) if seconds else 0.0,
        "words_per_second": round(words / seconds, 1) if seconds else 0.0,
    }
    return BuildResult(articles=tuple(articles), annotations=tuple(annotations[a.id] for a in articles),
                       rejected=tuple(rejected), stories=tuple(stories), stats=stats,
                       model=f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')} {nlp.meta.get('version', '')}")



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
