"""The `newsbite` command: each command parses its options, calls the library, prints."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from enum import StrEnum
from importlib.resources import files
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from newsbite import __version__
from newsbite.config import Settings
from newsbite.errors import NewsBiteError
from newsbite.ingest import read_inputs
from newsbite.model import Article
from newsbite.pipeline import Pipeline
from newsbite.render import WRITERS

app = typer.Typer(
    help="NewsBite: clean, understood, bite-sized news from any input.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
errors = Console(stderr=True, highlight=False)

EXIT_DOCUMENT_FAILED = 1
EXIT_USAGE = 2


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    JSONL = "jsonl"
    MARKDOWN = "markdown"


def samples_path() -> Path:
    """The folder of sample news bundled with the package."""
    return Path(str(files("newsbite") / "samples"))


def sample_inputs() -> list[Path]:
    """The bundled samples in each input format: text dumps, HTML pages, JSONL records."""
    folder = samples_path()
    return [folder / "text", folder / "html", folder / "records.jsonl"]


@app.command()
def bite(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Files, directories, http(s) URLs, or - for standard input.", metavar="INPUT..."),
    ],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="How to print each article and its bite.")
    ] = OutputFormat.TEXT,
    words: Annotated[
        int | None,
        typer.Option("--words", min=1, help="The bite's word budget [default: 60, or NEWSBITE_BITE_WORDS]."),
    ] = None,
    embeddings: Annotated[
        bool | None,
        typer.Option(
            "--embeddings/--no-embeddings",
            help="Rank sentences with sentence embeddings too (needs newsbite[embeddings]; much slower).",
        ),
    ] = None,
) -> None:
    """Clean each input document and print it with its bite.

    A document that fails is named on stderr with the reason; the others are still printed, and
    the exit status is 1.
    """
    raise typer.Exit(_bite(inputs, output_format, _bite_options(words, embeddings)))


@app.command()
def run(
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="How to print each article and its bite.")
    ] = OutputFormat.TEXT,
) -> None:
    """The main job on the embedded default: the bundled sample news, cleaned and bitten."""
    raise typer.Exit(_bite([str(path) for path in sample_inputs()], output_format))


@app.command()
def samples() -> None:
    """Print the folder of bundled sample news (to feed to `newsbite bite`)."""
    typer.echo(samples_path())


def _bite_options(words: int | None, embeddings: bool | None) -> dict[str, object]:
    """The bite settings given on the command line, which override the environment's."""
    options: dict[str, object] = {}
    if words is not None:
        options["bite_words"] = words
    if embeddings is not None:
        options["bite_embeddings"] = embeddings
    return options


def _bite(inputs: list[str], output_format: OutputFormat, overrides: dict[str, object] | None = None) -> int:
    settings = replace(_settings(), **(overrides or {}))
    if settings.bite_embeddings:
        _check_embeddings()
    if settings.llm_url and not settings.llm_model:
        errors.print(
            "[red]error:[/red] NEWSBITE_LLM_URL is set but NEWSBITE_LLM_MODEL is not: name the model to ask"
        )
        raise typer.Exit(EXIT_USAGE)
    writer = WRITERS[output_format.value](sys.stdout)
    failed = 0
    try:
        for outcome in _with_progress(Pipeline(settings).run(read_inputs(inputs, settings))):
            if isinstance(outcome, NewsBiteError):
                failed += 1
                errors.print(f"[red]error:[/red] {outcome}", markup=True, soft_wrap=True)
            else:
                writer.write(outcome)
        writer.close()
    except BrokenPipeError:
        # The reader went away (`newsbite bite ... | head`): stop quietly, as Unix tools do.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        errors.print("interrupted")
        return 130
    return EXIT_DOCUMENT_FAILED if failed else 0


def _with_progress(outcomes: Iterable[Article | NewsBiteError]) -> Iterator[Article | NewsBiteError]:
    """The outcomes, counted on a progress line on stderr when it is a terminal."""
    if not errors.is_terminal:
        yield from outcomes
        return
    columns = (
        SpinnerColumn(),
        TextColumn("processing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=errors, transient=True) as progress:
        task = progress.add_task("documents", total=None)
        for outcome in outcomes:
            progress.advance(task)
            yield outcome


def _check_embeddings() -> None:
    """Stop before any work when the embedding path is asked for but not installed."""
    from newsbite.bite.embeddings import EmbeddingsUnavailable, load_model

    try:
        load_model()
    except EmbeddingsUnavailable as error:
        errors.print(f"[red]error:[/red] {error}")
        raise typer.Exit(EXIT_USAGE) from None


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except ValueError as error:
        errors.print(f"[red]error:[/red] {error}")
        raise typer.Exit(EXIT_USAGE) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsbite {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """NewsBite: clean, understood, bite-sized news from any input."""


def main() -> None:
    """Console entry point."""
    app()
