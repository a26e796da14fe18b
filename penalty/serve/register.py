"""/v1/register/...: the decision register's list, show and verify, when the server was given `--register`.

Each answers what `penalty audit list|show|verify --json` prints, errors included ({"ok": false, "problems": [...]},
as every endpoint and every command). The register is opened read-only per request (SQLite, in a worker thread), so a
`penalty calc --record` writing to it meanwhile is seen by the next request.
"""
from __future__ import annotations

import datetime as _dt

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from penalty.errors import Problem
from penalty.serve.api import _json, _param, endpoint
from penalty.serve.shelf import RequestError

_STATUS = {"register.not_found": 404, "register.missing": 503}


def _path(request: Request):
    path = request.app.state.register
    if path is None:
        raise RequestError([Problem("serve.no_register")], 404)
    return path


def _audit(request: Request, work):
    """Run `work(register)` in a thread with the request's language for the audit layer's messages."""
    from penalty.audit import messages
    from penalty.audit.errors import RegisterError
    from penalty.audit.register import Register
    lang = _param(request, "lang", ("zh", "en"))
    path = _path(request)

    def run():
        messages.use_lang(lang)
        try:
            with Register.open(path, create=False) as reg:
                return 200, work(reg)
        except RegisterError as err:  # worded by `endpoint`, as every error of the server
            raise RequestError(err.problems, _STATUS.get(err.code, 400)) from None
    return run_in_threadpool(run)


def _date(request: Request, name: str):
    value = request.query_params.get(name)
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise RequestError([Problem("serve.bad_param", None, {"name": name, "value": value,
                                                              "allowed": "YYYY-MM-DD"})], 400) from None


@endpoint
async def entries(request: Request) -> Response:
    """`penalty audit list --json`: recorded assessments, oldest first, filtered (header x-register-intact)."""
    q = request.query_params
    since, until = _date(request, "since"), _date(request, "until")
    limit = q.get("limit")
    if limit is not None and (not limit.isdigit() or int(limit) < 1):
        raise RequestError([Problem("serve.bad_param", None, {"name": "limit", "value": limit, "allowed": "1, 2, 3, …"})], 400)
    intact = []

    def work(reg):
        rows = reg.entries(since=since, until=until, officer=q.get("officer"), unit=q.get("unit"),
                           violation=q.get("violation"), case_id=q.get("case"), limit=int(limit) if limit else None)
        intact.append(reg.verify().ok)  # as the CLI warns: rows the hash chain says were altered are not vouched for
        return [{**e.summary(), "result": e.result} for e in rows]
    status, data = await _audit(request, work)
    response = _json(data, status)
    if intact:
        response.headers["x-register-intact"] = "true" if intact[0] else "false"
    return response


@endpoint
async def entry(request: Request) -> Response:
    """`penalty audit show ID --json`: one entry, with the explanation exactly as it was given at the time."""
    seq = request.path_params["seq"]
    if not seq.isdigit():
        raise RequestError([Problem("serve.bad_param", None, {"name": "seq", "value": seq, "allowed": "1, 2, 3, …"})], 400)
    status, data = await _audit(request, lambda reg: reg.get(int(seq)).to_json())
    return _json(data, status)


@endpoint
async def verify(request: Request) -> Response:
    """`penalty audit verify --json`: re-hash the whole register; ok is false and the first altered entry is named
    when it was tampered with (the check ran: 200 either way)."""
    head = request.query_params.get("expect_head")
    status, data = await _audit(request, lambda reg: reg.verify(expect_head=head).to_json())
    return _json(data, status)
