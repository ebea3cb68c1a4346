"""Understand tests run the real spaCy pipeline and gazetteer; both are loaded once per session."""

from __future__ import annotations

import pytest

from newsbite.config import Settings
from newsbite.model import Analysis, Article, Section
from newsbite.understand import analyse


@pytest.fixture(scope="session")
def analyse_text():
    """Analyse a body of paragraphs (blank-line separated) as an English article."""

    def run(text: str, language: str = "en") -> Analysis:
        paragraphs = [part.strip() for part in text.strip().split("\n\n")]
        article = Article(id="t", origin="test", sections=[Section(None, paragraphs)], language=language)
        [analysed] = analyse([article], Settings())
        assert analysed.analysis is not None
        return analysed.analysis

    return run
