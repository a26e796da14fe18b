"""The `penalty` command. Each subcommand lives in its own module and registers itself here."""
from __future__ import annotations

import sys

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


# command name -> (module, how it attaches). Only the module of the command being run is imported, so that
# `penalty calc` does not pay for the register, the reviewer or the catalogue (start-up time is a feature).
COMMANDS = {
    "calc": ("calc", "register"),
    "rulebooks": ("listing", "register"),
    "violations": ("listing", "register"),
    "audit": ("audit", "group"),
    "receipt": ("receipt", "group"),
    "diff": ("diff", "register"),
    "versions": ("versions", "register"),
    "check": ("check", "register"),  # issue 3: authoring
    "test": ("test", "register"),
    "schema": ("schema", "register"),
    "catalogue": ("catalogue", "register"),
    "review": ("review", "register"),  # issue 5: consistency review
}


def _register(argv) -> None:
    import importlib
    wanted = argv[1] if len(argv) > 1 else None
    names = [wanted] if wanted in COMMANDS else list(COMMANDS)
    done = set()
    for name in names:
        module_name, how = COMMANDS[name]
        if module_name in done:
            continue
        done.add(module_name)
        module = importlib.import_module(f"penalty.cli.{module_name}")
        if how == "group":
            app.add_typer(module.app, name=name)
        else:
            module.register(app)


_register(sys.argv)


def main():
    app()


if __name__ == "__main__":
    main()
