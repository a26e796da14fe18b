"""What a request may be: the body size limit (refused before it is read) and the token. Plain ASGI, no framework:
these run on every request, before any routing."""
from __future__ import annotations

import hmac

from penalty.errors import Problem
from penalty.serve.shelf import RequestError

MAX_BODY_BYTES = 1024 * 1024  # a case is a few hundred bytes; the bundled rulebooks are under 100 KB
TOKEN_MIN_CHARS = 16


def problem_body(problems, lang: str) -> bytes:
    """The CLI's `--json` error document ({"ok": false, "problems": [...]}), byte for byte."""
    from penalty import canonical
    return (canonical.dumps({"ok": False, "problems": [p.to_json(lang) for p in problems]}, pretty=True)
            + "\n").encode("utf-8")


def _lang(scope) -> str:
    from penalty.i18n import default_lang
    for part in scope.get("query_string", b"").decode("latin-1").split("&"):
        if part in ("lang=zh", "lang=en"):
            return part[5:]
    return default_lang()


async def send_problem(scope, send, problem: Problem, status: int, extra_headers=()) -> None:
    body = problem_body([problem], _lang(scope))
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               *extra_headers]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """Refuses, before the application sees it: a declared body over the limit (413, without reading a byte of
    it), and, when the server has a token, any /v1/ request that does not carry it (401). The page and its
    static files are public: they hold no data, and ask for the token themselves."""

    def __init__(self, app, max_body: int = MAX_BODY_BYTES, token: str | None = None):
        self.app = app
        self.max_body = max_body
        self.token = token.encode("utf-8") if token else None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = None
        auth = b""
        for key, value in scope["headers"]:
            if key == b"content-length":
                length = value
            elif key == b"authorization":
                auth = value
        if self.token is not None and scope["path"].startswith("/v1/"):
            scheme, _, given = auth.partition(b" ")
            if scheme.lower() != b"bearer" or not hmac.compare_digest(given.strip(), self.token):
                return await send_problem(scope, send, Problem("serve.unauthorized"), 401,
                                          [(b"www-authenticate", b'Bearer realm="penalty"')])
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            # the body is never read: uvicorn closes the connection instead of draining it
            return await send_problem(scope, send, Problem("serve.body_too_big", None, {"limit": self.max_body}), 413,
                                      [(b"connection", b"close")])
        return await self.app(scope, receive, send)


async def read_body(request, limit: int) -> bytes:
    """The body, refused as soon as it passes `limit` (a chunked body declares no length: count as it streams)."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RequestError([Problem("serve.body_too_big", None, {"limit": limit})], 413)
        chunks.append(chunk)
    return b"".join(chunks)


def read_token(path) -> str:
    """The token in a --token-file (its first line). Raises PenaltyError with a reason and a fix."""
    from pathlib import Path
    from penalty.errors import PenaltyError
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise PenaltyError([Problem("serve.token_unreadable", None, {"path": str(path), "reason": reason})]) from None
    token = (text.splitlines() or [""])[0].strip()
    if len(token) < TOKEN_MIN_CHARS:
        raise PenaltyError([Problem("serve.token_short", None, {"path": str(path), "min": TOKEN_MIN_CHARS})])
    return token


def is_loopback(host: str) -> bool:
    import ipaddress
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
