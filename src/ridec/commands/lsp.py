"""`ridec lsp`: the language server for `.ride` and `.plan` files, over stdin and stdout."""

from __future__ import annotations

from typing import Annotated

import typer

from ridec.commands.common import RidecCommand

EXAMPLE = "Example: ridec lsp   (an editor starts it; see editors/README.md)"


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("lsp", cls=RidecCommand, epilog=EXAMPLE)(lsp)


def lsp(
    stdio: Annotated[
        bool,
        typer.Option("--stdio", help="Talk over stdin/stdout (the default and only transport)."),
    ] = True,
) -> None:
    """Run the language server an editor starts: diagnostics, fixes, hover, completion."""
    from ridec.lsp.start import run  # pygls loads only here, beside the answer to initialize

    run()
