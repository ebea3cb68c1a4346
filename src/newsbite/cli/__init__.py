"""The `newsbite` command: each command parses its options, calls the library, prints.

One module per command group (articles, ingest, stories, batch, watch, serve, feeds, users), what they
share in common.py; this module assembles them in the order `newsbite --help` lists them. The
command modules import the library inside their commands, so `--help` and `--version` load
neither spaCy, nor the store, nor Dask.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import typer.completion
from typer.completion import Shells

from newsbite import __version__
from newsbite.cli import articles, batch, feeds, ingest, serve, stories, users, watch
from newsbite.cli.common import config_file as chosen_config_file

app = typer.Typer(
    help="NewsBite: clean, understood, bite-sized news from any input.",
    no_args_is_help=True,
    # The completion options are declared below, taking the shell by name: typer's own guess the
    # shell from the parent process, which fails under make's /bin/sh or with no shell at all.
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.command()(articles.bite)
app.command()(ingest.run)
app.command()(ingest.samples)
app.command()(ingest.ingest)
app.command()(stories.cluster)
app.command()(batch.batch)
app.command()(watch.watch)
app.command()(serve.serve)
app.command()(stories.stories)
app.command()(stories.story)
app.command("list")(articles.list_articles)
app.command()(articles.search)
app.add_typer(feeds.app, name="feeds")
app.add_typer(users.app, name="users")

# The completion script calls `newsbite` back with _NEWSBITE_COMPLETE=complete_bash (and so on);
# typer answers in its own formats once its completion classes are registered.
typer.completion.completion_init()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsbite {__version__}")
        raise typer.Exit()


def _show_completion(context: typer.Context, parameter: typer.CallbackParam, shell: Shells | None) -> None:
    if shell is not None and not context.resilient_parsing:
        typer.completion.show_callback(context, parameter, shell.value)


def _install_completion(context: typer.Context, parameter: typer.CallbackParam, shell: Shells | None) -> None:
    if shell is not None and not context.resilient_parsing:
        typer.completion.install_callback(context, parameter, shell.value)


@app.callback()
def _main(
    context: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    config_file: Annotated[
        Path | None,
        typer.Option(
            "--config",
            metavar="FILE",
            help="Read settings from FILE instead of newsbite.toml in your config directory "
            "(~/.config/newsbite/ on Linux); NEWSBITE_* variables and a command's options still win.",
        ),
    ] = None,
    install_completion: Annotated[
        Shells | None,
        typer.Option(
            "--install-completion",
            callback=_install_completion,
            expose_value=False,
            is_eager=True,
            case_sensitive=False,
            metavar="SHELL",
            help="Install tab completion for SHELL (bash, zsh, fish, powershell or pwsh).",
        ),
    ] = None,
    show_completion: Annotated[
        Shells | None,
        typer.Option(
            "--show-completion",
            callback=_show_completion,
            expose_value=False,
            is_eager=True,
            case_sensitive=False,
            metavar="SHELL",
            help="Print the completion script for SHELL, to install it yourself.",
        ),
    ] = None,
) -> None:
    """NewsBite: clean, understood, bite-sized news from any input."""
    chosen = chosen_config_file.set(config_file)
    context.call_on_close(lambda: chosen_config_file.reset(chosen))


def main() -> None:
    """Console entry point."""
    app()
