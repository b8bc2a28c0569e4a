"""Shared fixtures: the spaCy pipeline is loaded once per test session, and the bundled
example corpus is built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.annotate import load_pipeline
from storyline.model import BuildResult
from storyline.pipeline import build
from storyline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "iran-israel-2024"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline(Settings().model)


@pytest.fixture(scope="session")
def example_result(nlp) -> BuildResult:
    return build([str(EXAMPLES)], Settings(), nlp=nlp)


@pytest.fixture(scope="session")
def example_articles(example_result) -> dict:
    return {article.id: article for article in example_result.articles}
