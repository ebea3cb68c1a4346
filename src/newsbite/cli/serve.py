"""`newsbite serve`: the web reader, the JSON API and the feeds over the store."""

from __future__ import annotations

import contextlib
import socket
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from newsbite.cli.common import EXIT_USAGE, errors, load_settings, open_configured_store, store_call

if TYPE_CHECKING:
    from newsbite.config import Settings

HostOption = Annotated[str, typer.Option(help="The address to listen on.")]
PortOption = Annotated[int, typer.Option(min=1, max=65535, help="The port to listen on.")]


def serve(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Server processes (more use more cores).")] = 1,
) -> None:
    """Serve the web reader, the JSON API (/api/v1, docs at /docs) and feeds (/feeds) over the store."""
    settings = load_settings()
    open_configured_store(settings).close()  # migrate once, and fail here with a clear line, before serving
    serve_reader(settings, host, port, workers)


def serve_reader(settings: Settings, host: str, port: int, workers: int) -> None:
    """Serve until Ctrl+C; a server setting that cannot be used, or a port already taken, ends the
    command with one line."""
    from newsbite.errors import ConfigError
    from newsbite.serve.app import check_server_settings
    from newsbite.serve.workers import run_server

    try:
        check_server_settings(settings)
    except ConfigError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from None
    _refuse_others_without_users(settings, host)
    _check_port_free(host, port)
    errors.print(f"NewsBite reader on [bold]http://{host}:{port}/[/bold] [dim](Ctrl+C to stop)[/dim]")
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C is how a reader server is meant to stop
        run_server(settings, host, port, workers)


def _refuse_others_without_users(settings: Settings, host: str) -> None:
    """With no users, the server answers everyone as its one local reader: it may listen on this
    machine's loopback alone."""
    from newsbite.serve.hosts import is_loopback

    if is_loopback(host):
        return
    store = open_configured_store(settings)
    try:
        has_users = store_call(store.readers.has_users)
    finally:
        store.close()
    if not has_users:
        errors.print(
            f"[red]error:[/red] not serving on {escape(host)} with no users: anyone who reached it would "
            "read as the local reader; add one first (`newsbite users add NAME`), or serve on 127.0.0.1",
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_USAGE)


def _check_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            errors.print(f"[red]error:[/red] cannot listen on {host}:{port} ({error.strerror}); try --port")
            raise typer.Exit(EXIT_USAGE) from None
