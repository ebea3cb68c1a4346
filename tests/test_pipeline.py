"""The pipeline: registered stages, order checked when built, per-document failures."""

from __future__ import annotations

import pytest

from newsbite import pipeline
from newsbite.config import Settings
from newsbite.errors import EmptyInput, NewsBiteError
from newsbite.model import Article, Document, DocumentKind
from newsbite.pipeline import Pipeline, PipelineOrderError, StageFailed, register_stage, registered_stages


@pytest.fixture(autouse=True)
def private_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stages registered by a test are forgotten after it, leaving the real registry as it was."""
    monkeypatch.setattr(pipeline, "_REGISTRY", dict(pipeline.registered_stages()))


GOOD = Document("good.txt", DocumentKind.TEXT, "Headline here\n\nThe body says something. Then more.\n")


def test_builtin_stages_are_registered() -> None:
    stages = registered_stages()
    assert set(stages) >= {"bite"}
    assert stages["bite"].sets == {"sentences", "bite"}


def test_default_pipeline_bites_every_article() -> None:
    (article,) = list(Pipeline(Settings()).run([GOOD]))
    assert isinstance(article, Article)
    assert article.bite is not None
    assert article.bite.sentences == ["The body says something.", "Then more."]


def test_stage_needing_what_nobody_sets_is_refused() -> None:
    @register_stage("test-needs-entities", needs={"entities"}, sets={"bite"})
    def needs_entities(article: Article, settings: Settings) -> Article:
        return article

    with pytest.raises(PipelineOrderError, match="entities"):
        Pipeline(Settings(), ["test-needs-entities"])


def test_unknown_stage_is_refused() -> None:
    with pytest.raises(PipelineOrderError, match="no-such-stage"):
        Pipeline(Settings(), ["no-such-stage"])


def test_a_crashing_stage_fails_one_document_and_the_run_goes_on() -> None:
    @register_stage("test-explodes-on-bad", needs=set(), sets=set())
    def explodes(article: Article, settings: Settings) -> Article:
        if article.origin == "bad.txt":
            raise RuntimeError("boom")
        return article

    bad = Document("bad.txt", DocumentKind.TEXT, GOOD.content)
    outcomes = list(
        Pipeline(Settings(), ["test-explodes-on-bad", "bite"]).run([bad, EmptyInput("e", "empty"), GOOD])
    )
    assert isinstance(outcomes[0], StageFailed)
    assert "test-explodes-on-bad" in str(outcomes[0])
    assert isinstance(outcomes[1], NewsBiteError)
    assert isinstance(outcomes[2], Article)


def test_worker_processes_give_what_one_process_gives_in_the_same_order() -> None:
    from newsbite.cli.ingest import sample_inputs
    from newsbite.ingest import read_inputs
    from newsbite.render import article_to_dict

    settings = Settings(nlp_batch_size=4)
    documents = [
        *read_inputs([str(path) for path in sample_inputs()], settings),
        EmptyInput("empty.txt", "the input is empty"),
    ]
    alone = list(Pipeline(settings).run(documents))
    shared = list(Pipeline(settings).run(documents, workers=2))
    assert len(alone) == len(shared) == 28

    def comparable(outcome: Article | NewsBiteError) -> object:
        return article_to_dict(outcome) if isinstance(outcome, Article) else (type(outcome), str(outcome))

    assert [comparable(o) for o in shared] == [comparable(o) for o in alone]
    assert isinstance(shared[-1], EmptyInput) and shared[-1].origin == "empty.txt"
