"""The /v1 endpoints: HTTP in, a views.py call, HTTP out. Errors are the library's problems as the CLI's JSON."""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from penalty import canonical
from penalty.errors import CaseError, PenaltyError, Problem
from penalty.serve import views
from penalty.serve.limits import problem_body, read_body
from penalty.serve.shelf import RequestError, assess

JSON = "application/json"
# A case that is not a readable document is a bad request; a readable case that does not fit the rulebook is
# unprocessable (the CLI exits 1 for both).
_UNREADABLE = {"case.syntax", "case.not_utf8", "case.tab", "case.fullwidth_colon", "case.duplicate_key",
               "case.complex_key", "case.non_finite", "case.too_deep", "case.too_many_nodes"}
BODY_KEYS = ("rulebook", "case")


def _json(data, status: int = 200) -> Response:
    """`--json` output exactly: canonical, pretty, one newline."""
    return Response((canonical.dumps(data, pretty=True) + "\n").encode("utf-8"), status, media_type=JSON)


def _status(exc: PenaltyError) -> int:
    if isinstance(exc, RequestError):
        return exc.status
    codes = {p.code for p in exc.problems}
    if any(c.endswith(".too_big") for c in codes):
        return 413
    if isinstance(exc, CaseError):
        return 400 if codes & _UNREADABLE else 422
    return 422


def _param(request: Request, name: str, allowed: tuple, default=None):
    value = request.query_params.get(name, default)
    if value is not None and value not in allowed:
        raise RequestError([Problem("serve.bad_param", None, {"name": name, "value": value,
                                                              "allowed": ", ".join(allowed)})], 400)
    return value


def _lang(request: Request, rb=None) -> str:
    """?lang=, else as the CLI: $PENALTY_LANG, the rulebook's first language, Chinese. Kept for the errors."""
    from penalty.i18n import lang_for
    lang = lang_for(_param(request, "lang", ("zh", "en")), rb)
    request.state.lang = lang
    return lang


def endpoint(fn):
    """Every PenaltyError becomes its problems as JSON with a 4xx status, in the request's language."""
    async def handler(request: Request) -> Response:
        try:
            return await fn(request)
        except PenaltyError as exc:
            # the language chosen once the rulebook was known (as `calc` does), else ?lang= or the default
            lang = getattr(request.state, "lang", None)
            if lang is None:
                from penalty.i18n import default_lang
                lang = request.query_params.get("lang")
                lang = lang if lang in ("zh", "en") else default_lang()
            return Response(problem_body(exc.problems, lang), _status(exc), media_type=JSON)
    handler.__name__ = fn.__name__
    handler.__doc__ = fn.__doc__
    return handler


def _shelf(request: Request):
    return request.app.state.shelf


async def _case_request(request: Request):
    """(served rulebook, case data): the body is either {"rulebook": ID, "case": {...}} or a case file as it is
    (YAML or JSON) with ?rulebook=ID. Parsed by the same function as a case file, with positions in <request>."""
    from penalty.engine.facts import case_data_from_bytes
    raw = await read_body(request, request.app.state.max_body)
    _lang(request)
    data = case_data_from_bytes(raw, "<request>", "<request>")
    rid = request.query_params.get("rulebook")
    if isinstance(data, dict) and "case" in data:
        from penalty.rulebook.spec import did_you_mean
        from penalty.rulebook.yamlsource import position_of
        unknown = [k for k in data if k not in BODY_KEYS]
        if unknown:
            raise RequestError([Problem("serve.body_unknown_key", position_of(data, unknown[0]), {
                "key": str(unknown[0]), "allowed": ", ".join(BODY_KEYS),
                "suggestion": did_you_mean(str(unknown[0]), BODY_KEYS)})], 400)
        rid = data.get("rulebook", rid)
        data = data["case"]
    elif not isinstance(data, dict):
        raise RequestError([Problem("serve.body_not_mapping", getattr(data, "pos", None))], 400)
    served = _shelf(request).get(rid if rid is not None else request.app.state.default_rulebook)
    _lang(request, served.rulebook)
    return served, data


async def _outcome(request: Request):
    served, data = await _case_request(request)
    return assess(served, data), request.state.lang


@endpoint
async def list_rulebooks(request: Request) -> Response:
    """The rulebooks this server serves (`penalty rulebooks`), with their versions."""
    _lang(request)  # labels come in both languages; a bad ?lang= is still refused, as everywhere
    return _json(views.rulebooks(_shelf(request)))


@endpoint
async def list_violations(request: Request) -> Response:
    """A rulebook's violations (`penalty violations`); ?q= keeps those whose id, title or articles contain every word."""
    served = _shelf(request).get(request.path_params["rulebook"])
    return _json(views.violations(served, request.query_params.get("q", ""), _lang(request, served.rulebook)))


@endpoint
async def violation_facts(request: Request) -> Response:
    """The facts a violation needs: type, labels zh/en, choices, unit, bounds, default, where the rules read it."""
    served, v = _shelf(request).violation(request.path_params["rulebook"], request.path_params["violation"])
    return _json(views.facts(served, v, _lang(request, served.rulebook)))


@endpoint
async def assess_case(request: Request) -> Response:
    """`penalty calc CASE --json`: the canonical result, byte for byte."""
    outcome, _ = await _outcome(request)
    return _json(outcome.assessment.to_json())


@endpoint
async def decide(request: Request) -> Response:
    """`penalty decide CASE --amount X [--grade G --reason R --note N --measures a,b] --json`: the officer's
    decision checked against the result, with the procedure the law attaches to it; a refusal is 422 with its
    reasons. With the server's `--register`, as `penalty decide --register REG`: the party's record fills the
    history facts (`history_reason=FACT=TEXT` keeps the case's own value, as `--history-reason`), the case's
    notice caps the amount, similar decided cases are listed. Nothing is recorded (`penalty decide --record`)."""
    from penalty.decision.case import decide_on_register
    served, data = await _case_request(request)
    q = request.query_params
    if not q.get("amount"):
        raise RequestError([Problem("serve.missing_param", None, {"name": "amount"})], 400)
    measures = q.get("measures")
    register = request.app.state.register
    out, _ = await run_in_threadpool(  # SQLite reads off the event loop, as the register endpoints
        decide_on_register, served.rulebook, served.versions, data, "<request>", q["amount"],
        register=register if register is not None else False, history_reason=q.getlist("history_reason") or None,
        grade=q.get("grade"), reason=q.get("reason"), note=q.get("note"),
        measures=None if measures is None else [m.strip() for m in measures.split(",") if m.strip()])
    return _json(out)


@endpoint
async def memo(request: Request) -> Response:
    """`penalty calc CASE --format md`: the memo for the case file (裁量说明), Markdown."""
    outcome, lang = await _outcome(request)
    return Response(views.memo(outcome, lang).encode("utf-8"), media_type="text/markdown; charset=utf-8")


@endpoint
async def explain(request: Request) -> Response:
    """For the officer's page: the result in words (the terminal's lines), the memo, and the canonical result.
    A case that does not fit answers 422 with the problems, each also naming its fact (to mark the form field)."""
    served, data = await _case_request(request)
    lang = request.state.lang
    try:
        outcome = assess(served, data)
    except CaseError as exc:
        problems = [{**p.to_json(lang), "fact": (p.args or {}).get("fact") or (p.args or {}).get("name")}
                    for p in exc.problems]
        return _json({"ok": False, "problems": problems}, _status(exc))
    return _json(views.explained(outcome, lang))


@endpoint
async def check(request: Request) -> Response:
    """`penalty check --json` on a rulebook posted as YAML text (or {"text": ..., "name": ...} in JSON)."""
    raw = await read_body(request, request.app.state.max_body)
    fail_on = _param(request, "fail_on", ("error", "warning"), "warning")
    lang = _lang(request)
    name = request.query_params.get("name", "<posted>.yaml")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        from penalty.rulebook.yamlsource import Pos
        raise RequestError([Problem("load.not_utf8", Pos(name, 1, 1), {"offset": exc.start})], 400) from None
    if request.headers.get("content-type", "").startswith(JSON):
        import json
        try:
            body = json.loads(text)
        except ValueError:
            body = None
        if not isinstance(body, dict) or not isinstance(body.get("text"), str):
            raise RequestError([Problem("serve.no_text")], 400)
        text, name = body["text"], str(body.get("name") or name)
    if not text.strip():
        raise RequestError([Problem("serve.no_text")], 400)
    return _json(await run_in_threadpool(views.check, text, name, lang, fail_on))


@endpoint
async def catalogue(request: Request) -> Response:
    """`penalty catalogue ID -f md|html|csv` (refused, 409, when the rulebook has errors)."""
    shelf = _shelf(request)
    served = shelf.get(request.query_params.get("rulebook", request.app.state.default_rulebook))
    fmt = _param(request, "format", ("html", "md", "csv"), "html")
    text, media = await run_in_threadpool(views.catalogue, served, fmt, _lang(request, served.rulebook))
    return Response(text.encode("utf-8"), media_type=media)


@endpoint
async def messages(request: Request) -> Response:
    """The officer's page's own words (ui.*) in both languages, from the server's message catalogue."""
    from penalty.serve.messages import MESSAGES
    return _json({code: text for code, text in MESSAGES.items() if code.startswith("ui.")})


@endpoint
async def openapi(request: Request) -> Response:
    """This API, described (OpenAPI 3.1)."""
    from penalty.serve.openapi import document
    return _json(document(request.app.state.shelf))
