"""Run the app in one process or several, each built from the Settings the caller hands over.

The caller (`newsbite serve`) has built the settings and opened the store once, which migrated
it; each process here builds its app from those same settings (pickled to spawned workers),
never from the environment again, and opens the store without migrating.

uvicorn's own `--workers` shares one listening socket, and the first worker to wake accepts a
whole burst of connections; with keep-alive clients one worker then serves them all while the
others idle (measured: 16 clients, two workers, one busy). With a socket each and SO_REUSEPORT,
the kernel spreads connections across the workers. Where there is no SO_REUSEPORT, the workers
share one socket that this process opens, as uvicorn's would.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import signal
import socket
from types import FrameType

import uvicorn

from newsbite.config import Settings
from newsbite.serve.app import check_server_settings, create_app

BACKLOG = 2048
# Python's collector runs a full collection after every tenth middle one by default: with the
# story pages a server keeps (store.STORIES_KEPT, big stories of thousands of entries each), a
# full collection paused a worker for 200 ms a few times a minute of load. Collections of the
# young generation go on as usual; the older ones run a tenth as often (measured in-process on
# bench/serve.py's store: no pause over 50 ms in 800 signed-in story pages, against 225 ms).
COLLECTOR_THRESHOLDS = (700, 50, 100)


def run_server(settings: Settings, host: str, port: int, workers: int = 1) -> None:
    """Serve until interrupted (Ctrl+C or SIGTERM), in `workers` processes, the store already opened.
    Raises ConfigError, before starting any, for a server setting that cannot be used."""
    check_server_settings(settings)
    if workers <= 1:
        gc.set_threshold(*COLLECTOR_THRESHOLDS)
        uvicorn.run(create_app(settings, bind_host=host), host=host, port=port, log_level="warning")
        return
    shared = None if hasattr(socket, "SO_REUSEPORT") else _listening(_new_socket(host), host, port)
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=_worker, args=(settings, host, port, shared), daemon=True)
        for _ in range(workers)
    ]
    for process in processes:
        process.start()

    def stop(_signal: int, _frame: FrameType | None) -> None:
        for process in processes:
            process.terminate()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        for process in processes:
            process.join()
    except KeyboardInterrupt:  # uvicorn shuts down gracefully on SIGTERM as on Ctrl+C
        stop(signal.SIGTERM, None)
        for process in processes:
            process.join(timeout=10)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _worker(settings: Settings, host: str, port: int, shared: socket.socket | None) -> None:
    """One server process, on the `shared` socket if given, else on a socket of its own."""
    listener = shared or _listening(_reusing_port(_new_socket(host)), host, port)
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    config = uvicorn.Config(create_app(settings, bind_host=host), log_level="warning")
    with contextlib.suppress(KeyboardInterrupt):  # the parent's Ctrl+C reaches us too
        uvicorn.Server(config).run(sockets=[listener])


def _new_socket(host: str) -> socket.socket:
    # IPPROTO_TCP named, not left 0: asyncio turns Nagle's algorithm off (TCP_NODELAY) only on
    # sockets whose protocol says TCP, and accepted ones take the listener's. Left 0, every small
    # answer waited 40 ms for the client's delayed ACK (bench/serve.py: p50 44 ms for a 1 ms page
    # with a single client, 1.5 ms in one process, whose socket uvicorn opens itself).
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    return listener


def _reusing_port(listener: socket.socket) -> socket.socket:
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    return listener


def _listening(listener: socket.socket, host: str, port: int) -> socket.socket:
    listener.bind((host, port))
    listener.listen(BACKLOG)
    return listener
