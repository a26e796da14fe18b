"""The `penalty` command. Each subcommand lives in its own module and registers itself here."""
from __future__ import annotations

import typer

app = typer.Typer(
    name="penalty",
    help="Compute discretionary administrative penalties (行政处罚裁量) from YAML rulebooks, and explain every result.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool):
    if value:
        from penalty.version import ENGINE
        typer.echo(ENGINE)
        raise typer.Exit(0)


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the engine version and exit.")):
    """Compute discretionary administrative penalties (行政处罚裁量) from YAML rulebooks, and explain every result."""


def _register():
    from penalty.cli import calc, listing
    calc.register(app)
    listing.register(app)
    from penalty.cli import review
    review.register(app)


_register()


def main():
    app()


if __name__ == "__main__":
    main()
