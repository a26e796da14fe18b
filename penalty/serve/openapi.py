"""The OpenAPI 3.1 document of /v1, made from the same route table the router is made of (app.ROUTES), so that
it cannot list a route that is not there or miss one that is (a test compares both)."""
from __future__ import annotations

from penalty.version import __version__

PARAMETERS: dict[str, dict] = {
    "rulebook": {"in": "query", "description": "A rulebook id from GET /v1/rulebooks (default: cn-env-food, or the first served). In a JSON body, \"rulebook\" takes precedence."},
    "lang": {"in": "query", "description": "zh or en: the language of labels, words and messages (default: as the CLI, the rulebook's first language).",
             "schema": {"type": "string", "enum": ["zh", "en"]}},
    "q": {"in": "query", "description": "Words that must all appear in the violation's id, title or articles (any case, full- or half-width)."},
    "name": {"in": "query", "description": "The file name problems are reported in (default <posted>.yaml)."},
    "fail_on": {"in": "query", "description": "ok is false on errors only, or on errors and warnings (default), as `penalty check --fail-on`.",
                "schema": {"type": "string", "enum": ["error", "warning"]}},
    "since": {"in": "query", "description": "Entries recorded on or after this date (YYYY-MM-DD), as `penalty audit list --since`."},
    "until": {"in": "query", "description": "Entries recorded on or before this date (YYYY-MM-DD)."},
    "officer": {"in": "query", "description": "Only this officer's entries."},
    "unit": {"in": "query", "description": "Only this unit's entries."},
    "violation": {"in": "query", "description": "Only entries of this violation id."},
    "case": {"in": "query", "description": "Only entries of this case id."},
    "limit": {"in": "query", "description": "At most this many entries."},
    "expect_head": {"in": "query", "description": "The head hash kept from an earlier verify: a register cut back to before it fails."},
    "amount": {"in": "query", "description": "The decided fine in the rulebook's unit (e.g. yuan), as `penalty decide --amount` (required on /v1/decide)."},
    "grade": {"in": "query", "description": "The grade the officer decides under, as `penalty decide --grade`."},
    "reason": {"in": "query", "description": "A deviation reason code from the rulebook's `deviation_reasons`, as `penalty decide --reason`."},
    "note": {"in": "query", "description": "Why the reason applies (needed with a deviation), as `penalty decide --note`."},
    "measures": {"in": "query", "description": "Measure ids, comma-separated (default: the result's), as `penalty decide --measures`."},
    "history_reason": {"in": "query", "description": "FACT=TEXT, repeatable: keep the case's own value of a fact the register's record of the party gives differently, for this reason, as `penalty decide --history-reason` (with the server's --register).",
                       "schema": {"type": "array", "items": {"type": "string"}}, "style": "form", "explode": True},
    "format": {"in": "query", "description": "html (default), md or csv, as `penalty catalogue -f`.",
               "schema": {"type": "string", "enum": ["html", "md", "csv"]}},
}

PROBLEM = {
    "type": "object", "required": ["ok", "problems"],
    "properties": {
        "ok": {"const": False},
        "problems": {"type": "array", "items": {
            "type": "object", "required": ["code", "severity", "message", "hint"],
            "properties": {"code": {"type": "string"}, "severity": {"type": "string"}, "message": {"type": "string"},
                           "hint": {"type": "string"}, "file": {"type": "string"}, "line": {"type": "integer"},
                           "column": {"type": "integer"},
                           "fact": {"type": ["string", "null"], "description": "/v1/explain only: the fact a problem is about"}}}},
    },
    "description": "The problems as `--json` prints them: the same codes, messages and hints as the CLI.",
}

CASE_BODY = {
    "description": "Either {\"rulebook\": ID, \"case\": CASE} (JSON), or a case file as it is (YAML or JSON; then ?rulebook=). "
                   "CASE is what a case file holds: violation and facts, or acts; case_id; dates (act_date, decision_date, ...).",
    "required": True,
    "content": {"application/json": {"schema": {"type": "object", "properties": {
        "rulebook": {"type": "string"}, "case": {"type": "object"}}}},
        "application/yaml": {"schema": {"type": "string"}}},
}

BODIES = {
    "/v1/assess": CASE_BODY, "/v1/memo": CASE_BODY, "/v1/explain": CASE_BODY,
    "/v1/check": {"description": "The rulebook's YAML text, or {\"text\": YAML, \"name\": FILE} as JSON.", "required": True,
                  "content": {"application/yaml": {"schema": {"type": "string"}},
                              "application/json": {"schema": {"type": "object", "required": ["text"], "properties": {
                                  "text": {"type": "string"}, "name": {"type": "string"}}}}}},
}

MEDIA = {"/v1/memo": "text/markdown", "/v1/catalogue": "text/html"}

ERRORS = {
    "400": "the request cannot be read (not JSON/YAML, wrong shape, a bad parameter)",
    "401": "the server has a token and the request did not carry it (Authorization: Bearer ...)",
    "404": "no such rulebook, violation or register entry; or the server has no register",
    "409": "the catalogue of a rulebook with errors is not published",
    "413": "the body is larger than the server's limit (refused before it is read)",
    "422": "the case does not fit the rulebook (missing or wrong facts), every problem with line:column",
}


def _operation(path: str, method: str, handler, query: tuple) -> dict:
    doc = (handler.__doc__ or "").strip()
    summary, _, rest = doc.partition("\n")
    params = [{"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
              for p in ("rulebook", "violation", "seq") if "{" + p + "}" in path]
    params += [{"name": q, "required": False, "schema": {"type": "string"}, **PARAMETERS[q]} for q in query]
    media = MEDIA.get(path, "application/json")
    op = {"operationId": handler.__name__, "summary": summary, "parameters": params,
          "responses": {"200": {"description": "as the CLI's output for the same input",
                                "content": {media: {"schema": {"type": "string"} if media != "application/json" else {}}}},
                        **{code: {"description": text, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problems"}}}}
                           for code, text in ERRORS.items()}}}
    if rest.strip():
        op["description"] = " ".join(rest.split())
    if path in BODIES:
        op["requestBody"] = BODIES[path]
    return {method.lower(): op}


def document(shelf=None) -> dict:
    from penalty.serve.app import ROUTES
    paths: dict = {}
    for path, method, handler, query in ROUTES:
        paths.setdefault(path, {}).update(_operation(path, method, handler, query))
    info: dict = {"title": "penalty", "version": __version__,
            "description": "Discretionary administrative penalties (行政处罚裁量) from YAML rulebooks. "
                           "Every answer is what the `penalty` command prints for the same input."}
    doc = {"openapi": "3.1.0", "info": info, "paths": paths,
           "components": {"schemas": {"Problems": PROBLEM},
                          "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}},
           "security": [{}, {"token": []}]}
    if shelf is not None:
        info["x-rulebooks"] = list(shelf.items)
    return doc
