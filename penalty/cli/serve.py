"""`penalty serve`: the JSON API (/v1) and the officer's page, on uvicorn. The server's modules are imported in
the command's body only, so that no other command pays for them at start-up."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from penalty.cli.common import JsonOption, LangOption, fail, lang_for


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        rulebook: Optional[List[str]] = typer.Option(None, "--rulebook", "-r", help="A rulebook file or bundled name to serve; repeat for several (default: every bundled rulebook)."),
        host: str = typer.Option("127.0.0.1", "--host", help="The address to listen on. Anything but loopback needs --token-file."),
        port: int = typer.Option(8700, "--port", help="The port (0: any free port; the URL printed says which)."),
        token_file: Optional[Path] = typer.Option(None, "--token-file", help="A file whose first line is the token every /v1/ request must send (Authorization: Bearer ...)."),
        max_body: int = typer.Option(1024 * 1024, "--max-body", min=1024, help="The largest request body in bytes; a larger one is refused before it is read (413)."),
        workers: int = typer.Option(1, "--workers", min=1, max=64, help="Worker processes sharing the port (one per core serves most)."),
        max_connections: int = typer.Option(1000, "--max-connections", min=1, help="Concurrent connections before new ones are answered 503."),
        access_log: bool = typer.Option(False, "--access-log", help="Log every request on standard error."),
        register: Optional[Path] = typer.Option(None, "--register", help="A decision register to serve read-only at /v1/register/... (list, show, verify)."),
        as_json: bool = JsonOption,
        lang: Optional[str] = LangOption,
    ):
        """Serve the JSON API and the officer's page (a form for the facts, the result and its memo)."""
        from penalty.errors import PenaltyError, Problem
        if lang not in (None, "zh", "en"):
            raise typer.BadParameter("use zh or en", param_hint="--lang")
        lg = lang_for(lang)
        try:
            import uvicorn  # noqa: F401 - the `serve` extra
            from penalty.serve.app import create_app
            from penalty.serve.limits import is_loopback, read_token
        except ImportError as exc:
            fail(PenaltyError([Problem("serve.extra_missing", None, {"missing": exc.name or str(exc)})]), lg, as_json)
        try:
            if token_file is None and not is_loopback(host):
                raise PenaltyError([Problem("serve.token_required", None, {"host": host})])
            token = read_token(token_file) if token_file is not None else None
            # loads every rulebook now: errors before listening
            app_ = create_app(rulebook, token=token, max_body=max_body, register_path=str(register) if register else None)
        except PenaltyError as exc:
            fail(exc, lg, as_json)
        _run(app_, host, port, workers, max_connections, access_log, lg, as_json,
             {"rulebooks": rulebook or [], "token_file": str(token_file) if token_file else None, "max_body": max_body,
              "register": str(register) if register else None})


def _run(app_, host, port, workers, max_connections, access_log, lang, as_json, settings) -> None:
    import json
    import os
    import uvicorn
    from penalty.errors import PenaltyError
    from penalty.serve.listen import listen, uvicorn_settings
    try:
        sock, url = listen(host, port)
    except PenaltyError as exc:
        fail(exc, lang, as_json)
    if as_json:
        from penalty import canonical
        sys.stdout.write(canonical.dumps({"url": url, "host": host, "port": sock.getsockname()[1],
                                          "workers": workers}) + "\n")
    else:
        from penalty.cli.common import console
        from penalty.i18n import fill
        from penalty.serve.messages import MESSAGES
        console().print(fill(MESSAGES, "serve.listening", lang, url=url), soft_wrap=True)
    sys.stdout.flush()
    common = uvicorn_settings(max_connections, access_log)
    if workers == 1:
        uvicorn.Server(uvicorn.Config(app_, **common)).run(sockets=[sock])
        return
    # Several processes on one socket: each worker builds its own app from these settings (uvicorn's factory).
    from uvicorn.supervisors import Multiprocess
    os.environ["PENALTY_SERVE_SETTINGS"] = json.dumps(settings)
    config = uvicorn.Config("penalty.serve.app:app_from_environment", factory=True, workers=workers, **common)
    Multiprocess(config, sockets=[sock]).run()
