"""The pipeline: registered stages, order checked when built, per-document failures."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from newsbite import registry
from newsbite.config import Settings
from newsbite.errors import EmptyInput, NewsBiteError, StageFailed
from newsbite.model import Article, Document, DocumentKind
from newsbite.pipeline import Pipeline
from newsbite.registry import PipelineOrderError, StageNotPortable, register_stage, registered_stages


@pytest.fixture(autouse=True)
def private_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stages registered by a test are forgotten after it, leaving the real registry as it was."""
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry.registered_stages()))


GOOD = Document("good.txt", DocumentKind.TEXT, "Headline here\n\nThe body says something. Then more.\n")

# The built-in stages as a plugin author or a pinned pipeline config sees them: a rename or a
# change of what a stage reads or writes must show up here (as spaCy pins its factories).
BUILTIN_STAGES = {
    "clean": ({"document"}, registry.CLEANED_FIELDS, False),
    "understand": ({"sections", "language", "source_text"}, {"analysis"}, True),
    "bite": ({"sections", "language"}, {"sentences", "bite"}, False),
}


def test_builtin_stages_are_registered_under_their_pinned_names() -> None:
    stages = registered_stages()
    assert {
        name: (stage.needs, stage.sets, stage.batched) for name, stage in stages.items()
    } == BUILTIN_STAGES


def test_builtin_stages_are_found_through_the_entry_point_group() -> None:
    from importlib.metadata import entry_points

    modules = {entry_point.module for entry_point in entry_points(group=registry.ENTRY_POINT_GROUP)}
    assert {stage.module for stage in registered_stages().values()} <= modules


def test_a_stage_reading_documents_must_come_first() -> None:
    with pytest.raises(PipelineOrderError, match="'clean' reads raw documents"):
        Pipeline(Settings(), ["clean", "clean"])


def test_a_pipeline_without_clean_is_refused_for_what_its_stages_need() -> None:
    with pytest.raises(PipelineOrderError, match="'bite' needs language, sections"):
        Pipeline(Settings(), ["bite"])


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
        Pipeline(Settings(), ["clean", "test-needs-entities"])


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
        Pipeline(Settings(), ["clean", "test-explodes-on-bad", "bite"]).run(
            [bad, EmptyInput("e", "empty"), GOOD]
        )
    )
    assert isinstance(outcomes[0], StageFailed)
    assert "test-explodes-on-bad" in str(outcomes[0])
    assert isinstance(outcomes[1], NewsBiteError)
    assert isinstance(outcomes[2], Article)


@pytest.mark.slow
def test_worker_processes_give_what_one_process_gives_in_the_same_order() -> None:
    from newsbite.cli.ingest import sample_inputs
    from newsbite.ingest import read_inputs
    from newsbite.schema import article_to_dict

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


def test_a_stage_registered_only_at_run_time_is_refused_for_worker_processes() -> None:
    @register_stage("test-run-time-only", needs=set(), sets=set())
    def run_time_only(article: Article, settings: Settings) -> Article:
        return article

    pipeline = Pipeline(Settings(), ["clean", "test-run-time-only"])
    with pytest.raises(StageNotPortable) as refused:
        list(pipeline.run([GOOD], workers=2))
    message = str(refused.value)
    assert "\n" not in message
    assert "'test-run-time-only'" in message and "'newsbite.stages' entry point" in message


SHOUTING_STAGE = """
    import os
    from dataclasses import replace

    from newsbite.registry import register_stage

    if os.environ.get("SHOUTING_STAGE_BROKEN"):
        raise RuntimeError("the shouting stage cannot start here")


    @register_stage("shout", needs={"headline"}, sets={"headline"})
    def shout(article, settings):
        return replace(article, headline=(article.headline or "").upper())
"""


def install_shouting_plugin(folder: Path) -> None:
    """A tiny installed distribution in `folder` whose entry point registers the stage "shout"."""
    (folder / "shouting_stage.py").write_text(textwrap.dedent(SHOUTING_STAGE))
    info = folder / "shouting_stage-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: shouting-stage\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[newsbite.stages]\nshout = shouting_stage\n")


@pytest.fixture
def shouting_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    install_shouting_plugin(tmp_path)
    # Imported by an earlier test, its registration would not run again into this test's registry.
    monkeypatch.delitem(sys.modules, "shouting_stage", raising=False)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    return tmp_path


@pytest.mark.slow
def test_a_stage_registered_by_entry_point_runs_in_worker_processes(shouting_plugin: Path) -> None:
    documents = [GOOD, Document("second.txt", DocumentKind.TEXT, "Second headline\n\nA body. More.\n")]
    outcomes = list(Pipeline(Settings(), ["clean", "shout"]).run(documents, workers=2))
    assert [outcome.headline for outcome in outcomes] == ["HEADLINE HERE", "SECOND HEADLINE"]


@pytest.mark.slow
def test_a_worker_that_cannot_build_the_pipeline_reports_why(
    shouting_plugin: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipeline = Pipeline(Settings(), ["clean", "shout"])
    monkeypatch.setenv("SHOUTING_STAGE_BROKEN", "1")  # the plugin loads here, not in the workers
    (outcome,) = pipeline.run([GOOD], workers=2)
    assert isinstance(outcome, StageFailed)
    assert "could not build the pipeline" in str(outcome)
    assert "RuntimeError: the shouting stage cannot start here" in str(outcome)
