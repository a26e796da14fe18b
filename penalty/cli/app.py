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
    _warn_unknown_lang()


def _warn_unknown_lang() -> None:
    """$PENALTY_LANG set to a language we do not have is ignored: said once, on stderr, in both languages (we
    cannot know which one the person reads), with the languages there are."""
    from penalty.i18n import LANGS, unknown_env_lang
    value = unknown_env_lang()
    if value is not None:
        from penalty.cli.common import console
        from penalty.cli.explain import t
        text = " / ".join(f"{t('warning', lg)}{colon}{t('lang.unknown', lg, value=value, langs=', '.join(LANGS))}"
                          for lg, colon in (("en", ": "), ("zh", "：")))
        console(stderr=True).print(text, markup=False)


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
    "decide": ("decide", "register"),  # issue 15: from assessment to decision
    "notify": ("notify", "register"),  # issue 15: the notice of the intended penalty (art. 44)
    "serve": ("serve", "register"),  # issue 18: JSON API and the officer's page
    "document": ("document", "register"),  # issue 16: 告知书 and 决定书
    "publish": ("publish", "register"),  # issue 16: the publication record (art. 48)
    "panel": ("panel", "register"),  # issue 16: the public-review packet and the panel's outcome (群众公议)
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
        if how == "group":
            _group_lang(argv)
        module = importlib.import_module(f"penalty.cli.{module_name}")
        if how == "group":
            if wanted == name:
                app.add_typer(module.app, name=name)
            else:  # the root listing: one line per command, all worded in English (with the Chinese term)
                from penalty.audit.messages import text
                app.add_typer(module.app, name=name, help=text(f"cli.{name}.help", "en"))
        else:
            module.register(app)


def _group_lang(argv) -> None:
    """The audit and receipt groups word their --help when imported, in the language of their messages: a
    `--lang` on the command line is read here first, so that `penalty audit verify --lang en --help` is in
    English (the option itself is still parsed and checked by the command)."""
    from penalty.i18n import LANGS
    for i, arg in enumerate(argv):
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg[7:] if arg.startswith("--lang=") else None
        if value is not None and value.strip().lower() in LANGS:
            from penalty.audit.messages import use_lang
            use_lang(value.strip().lower())


_register(sys.argv)


def main():
    app()


if __name__ == "__main__":
    main()
