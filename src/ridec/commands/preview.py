"""`ridec preview FILE`: a local page that follows a workout or plan as it is edited."""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer

from ridec.commands.common import EXIT_INPUT, RidecCommand, print_diagnostics

if TYPE_CHECKING:
    from ridec.preview.render import View
    from ridec.preview.server import Preview, PreviewServer

DEFAULT_PORT = 8383
"""The port tried first when none is given; any free one is taken when it is busy."""
PREVIEWED = (".ride", ".plan", ".zwo", ".erg", ".mrc", ".fit")


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("preview", cls=RidecCommand, epilog=EXAMPLE)(preview)


EXAMPLE = "Example: ridec preview workouts/standing.ride --port 8383"


def preview(
    file: Annotated[
        Path,
        typer.Argument(
            help="A .ride or .plan file (or .zwo, .erg, .mrc, .fit).", metavar="FILE"
        ),
    ],
    port: Annotated[
        int | None,
        typer.Option(
            "--port",
            min=0,
            max=65535,
            metavar="N",
            help=f"Port on 127.0.0.1 (default {DEFAULT_PORT}, or any free one).",
        ),
    ] = None,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Do not open the page in a browser.")
    ] = False,
) -> None:
    """Serve a live page of FILE on 127.0.0.1: chart, stats, steps and fidelity, or its errors."""
    from ridec.diagnostics import error
    from ridec.preview.server import Preview

    if file.suffix.lower() not in PREVIEWED or not file.is_file():
        reason = "no such file" if not file.exists() else "not a workout or plan file"
        hint = f"ridec preview follows {', '.join(PREVIEWED)} files"
        print_diagnostics([error(f"cannot preview {file}: {reason}", hint=hint)])
        raise typer.Exit(EXIT_INPUT)
    followed = Preview(file)
    server = _listen(followed, port)
    _serve(followed, server, open_browser=not no_browser)


def _listen(followed: Preview, port: int | None) -> PreviewServer:
    """A server on the port asked for, or on the default (any free port if it is busy)."""
    from ridec.diagnostics import error
    from ridec.preview.server import HOST, PreviewServer

    tries = [port] if port is not None else [DEFAULT_PORT, 0]
    for attempt in tries:
        try:
            return PreviewServer(followed, attempt)
        except OSError as exc:
            if attempt != tries[-1]:
                continue
            reason = (exc.strerror or type(exc).__name__).lower()
            hint = "choose another port with --port, or --port 0 for any free one"
            print_diagnostics([error(f"cannot listen on {HOST}:{attempt}: {reason}", hint=hint)])
            raise typer.Exit(EXIT_INPUT) from None
    raise AssertionError("unreachable")


def _serve(followed: Preview, server: PreviewServer, *, open_browser: bool) -> None:
    """Serve and watch until Ctrl+C (or SIGTERM), then stop cleanly."""
    from ridec.preview.watch import Watcher

    stop = threading.Event()
    signal.signal(signal.SIGTERM, _raise_interrupt)
    threading.Thread(target=server.serve_forever, name="ridec-preview-http", daemon=True).start()
    watcher = Watcher(followed, stop, _report)
    watcher.start()
    typer.echo(server.url)
    typer.echo(f"ridec preview: following {followed.path}; Ctrl+C stops", err=True)
    _report(followed.view)
    if open_browser:
        import webbrowser

        webbrowser.open(server.url)
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        typer.echo("ridec preview: stopped", err=True)
    finally:
        stop.set()
        followed.close()
        server.shutdown()
        server.server_close()
        watcher.join(timeout=5)


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _report(view: View) -> None:
    """One line on the terminal for each version of the file."""
    import time

    state = "ok" if view.ok else "has errors (shown on the page)"
    print(f"{time.strftime('%H:%M:%S')} {view.title}: {state}", file=sys.stderr, flush=True)
