"""`penalty schema`: the JSON Schema of the rulebook format, for editors (YAML language server) and CI."""
from __future__ import annotations

import sys
from enum import Enum

import typer


class Kind(str, Enum):
    rulebook = "rulebook"
    block = "block"
    cases = "cases"


def register(app: typer.Typer) -> None:
    @app.command("schema")
    def schema(
        kind: Kind = typer.Option(Kind.rulebook, "--for", help="rulebook, block (an include block) or cases (a <rulebook>.cases.yaml file)."),
        path: bool = typer.Option(False, "--path", help="Print where the installed schema file is, instead of its text."),
    ):
        """Print the JSON Schema of the rulebook format (or of blocks, or of cases files)."""
        from penalty.authoring import schema as S
        if path:
            sys.stdout.write(str(S.shipped_path(kind.value)) + "\n")
        else:
            sys.stdout.write(S.text(kind.value))
