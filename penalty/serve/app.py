"""The ASGI application: the route table (which openapi.py describes), the officer's page, the limits.

    from penalty.serve.app import create_app
    app = create_app(["cn-env-food"])          # any ASGI server; `penalty serve` runs it on uvicorn
"""
from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from penalty.serve import api, register
from penalty.serve.limits import MAX_BODY_BYTES, Guard, problem_body

# (path, method, handler, query parameters): the one list both the router and the OpenAPI document are made of
ROUTES = (
    ("/v1/rulebooks", "GET", api.list_rulebooks, ("lang",)),
    ("/v1/rulebooks/{rulebook}/violations", "GET", api.list_violations, ("q", "lang")),
    ("/v1/rulebooks/{rulebook}/violations/{violation}/facts", "GET", api.violation_facts, ("lang",)),
    ("/v1/assess", "POST", api.assess_case, ("rulebook", "lang")),
    ("/v1/decide", "POST", api.decide, ("rulebook", "amount", "grade", "reason", "note", "measures", "history_reason", "lang")),
    ("/v1/memo", "POST", api.memo, ("rulebook", "lang")),
    ("/v1/explain", "POST", api.explain, ("rulebook", "lang")),
    ("/v1/check", "POST", api.check, ("name", "fail_on", "lang")),
    ("/v1/catalogue", "GET", api.catalogue, ("rulebook", "format", "lang")),
    ("/v1/messages", "GET", api.messages, ()),
    ("/v1/openapi.json", "GET", api.openapi, ()),
    # the decision register, when the server was given one (--register)
    ("/v1/register/entries", "GET", register.entries,
     ("since", "until", "officer", "unit", "violation", "case", "limit", "lang")),
    ("/v1/register/entries/{seq}", "GET", register.entry, ("lang",)),
    ("/v1/register/verify", "GET", register.verify, ("expect_head", "lang")),
)

# The page: three files shipped in the package, read once. No CDN, no fonts, no fetch outside this server:
# the Content-Security-Policy lets the browser load nothing from anywhere else.
PAGE_FILES = {"/": ("index.html", "text/html; charset=utf-8"),
              "/static/app.js": ("app.js", "text/javascript; charset=utf-8"),
              "/static/app.css": ("app.css", "text/css; charset=utf-8")}
PAGE_HEADERS = {
    "content-security-policy": "default-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; "
                               "form-action 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-cache",
}


def _page_route(path: str, filename: str, media: str) -> Route:
    from importlib.resources import files
    body = files("penalty.serve").joinpath("static", filename).read_bytes()

    async def page(request: Request) -> Response:
        return Response(body, media_type=media, headers=PAGE_HEADERS)
    return Route(path, page, methods=["GET"], name=filename)


def _problem(problem, status: int, lang: str | None = None):
    from penalty.i18n import default_lang
    return Response(problem_body([problem], lang or default_lang()), status, media_type=api.JSON)


async def _not_found(request: Request, exc):
    from penalty.errors import Problem
    return _problem(Problem("serve.not_found", None, {"path": request.url.path}), 404)


async def _method(request: Request, exc):
    from penalty.errors import Problem
    allowed = exc.headers.get("Allow", "") if getattr(exc, "headers", None) else ""
    return _problem(Problem("serve.method", None, {"method": request.method, "path": request.url.path,
                                                   "allowed": allowed}), 405)


def create_app(rulebooks=None, token: str | None = None, max_body: int = MAX_BODY_BYTES, register_path=None):
    """`rulebooks`: bundled names or paths (none: every bundled rulebook), loaded now; a bad one raises
    PenaltyError before the server listens. `token`: required on every /v1/ request when given.
    `register_path`: the decision register /v1/register/... reads (none: those answer 404)."""
    from penalty import canonical
    from penalty.rulebook.bundled import DEFAULT
    from penalty.serve.shelf import Shelf
    canonical.use_fast_encoder()  # the same bytes, faster (penalty/canonical.py says why only here)
    shelf = Shelf(rulebooks)
    routes = [Route(path, handler, methods=[method], name=handler.__name__) for path, method, handler, _ in ROUTES]
    routes += [_page_route(path, name, media) for path, (name, media) in PAGE_FILES.items()]
    app = Starlette(routes=routes, exception_handlers={404: _not_found, 405: _method})
    app.state.shelf = shelf
    app.state.max_body = max_body
    app.state.register = register_path
    app.state.default_rulebook = DEFAULT if DEFAULT in shelf.items else next(iter(shelf.items))
    return Guard(app, max_body=max_body, token=token)


def app_from_environment():
    """For `uvicorn --factory` with several workers: each worker process builds its app from the settings
    `penalty serve` put in the environment (PENALTY_SERVE_*)."""
    import json
    import os
    from penalty.serve.limits import read_token
    settings = json.loads(os.environ["PENALTY_SERVE_SETTINGS"])
    token = read_token(settings["token_file"]) if settings.get("token_file") else None
    return create_app(settings.get("rulebooks") or None, token=token, max_body=settings["max_body"],
                      register_path=settings.get("register"))
