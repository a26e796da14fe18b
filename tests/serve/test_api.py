"""The JSON API against a real server (uvicorn on a free loopback port), by an HTTP client.

Expected figures come from the published tables (Guangdong, water pollution law art. 81: refusing entry, once
before in the past year -> 130,000 - 150,000 yuan) or from the CLI's own output for the same input, byte for byte:
the API promises to answer exactly what `penalty calc --json` prints.
"""
from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
import yaml

from tests.serve.conftest import cli

EXAMPLES = Path(__file__).resolve().parents[2] / "rulebooks" / "examples"
CASES = sorted(p for p in EXAMPLES.glob("*.yaml"))
REFUSING = EXAMPLES / "gd-obstruct-refusing-entry.yaml"


def test_rulebooks_lists_every_bundled_one_with_its_versions(http):
    r = http.get("/v1/rulebooks")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    rows = {row["id"]: row for row in r.json()}
    assert {"cn-env-food", "cn-env-food.2025", "example-shapes", "ussg-2016"} <= set(rows)
    assert rows["cn-env-food"]["version"] == "2024.1"
    assert [v["version"] for v in rows["cn-env-food"]["versions"]] == ["2024.1", "2025.1"]
    assert rows["ussg-2016"]["unit"] == "duration"


@pytest.mark.parametrize("query, found", [
    ("阻挠", ["gd-water-81-obstruct"]),
    ("OBSTRUCTING inspection", ["gd-water-81-obstruct"]),  # any case, every word
    ("第八十一条", ["gd-water-81-obstruct"]),  # the penalty provision's words
    ("obstructing food", []),
])
def test_violation_search_by_words(http, query, found):
    r = http.get("/v1/rulebooks/cn-env-food/violations", params={"q": query})
    assert r.status_code == 200
    assert [row["id"] for row in r.json()] == found


def test_violations_without_words_are_the_cli_listing(http):
    r = http.get("/v1/rulebooks/cn-env-food/violations")
    run = cli("violations", "cn-env-food", "--json")
    assert run.returncode == 0
    assert r.content == run.stdout


def test_facts_extend_the_cli_listing(http):
    """Every field `penalty violations RULEBOOK VIOLATION --json` gives is there, with the same value where the
    page does not need more (labels, units and choices come in both languages)."""
    cli_rows = json.loads(cli("violations", "cn-env-food", "food-124-additives", "--json").stdout)["facts"]
    api_rows = http.get("/v1/rulebooks/cn-env-food/violations/food-124-additives/facts").json()["facts"]
    assert [r["name"] for r in api_rows] == [r["name"] for r in cli_rows]
    for ours, theirs in zip(api_rows, cli_rows):
        for key in ("type", "min", "max", "default", "required"):
            assert ours[key] == theirs[key], (ours["name"], key)


def test_facts_of_the_grid_violation(http):
    r = http.get("/v1/rulebooks/cn-env-food/violations/gd-water-81-obstruct/facts")
    assert r.status_code == 200
    facts = {f["name"]: f for f in r.json()["facts"]}
    ob = facts["obstruction"]
    # the five rows of the Guangdong grid, in the published order
    assert [c["id"] for c in ob["choices"]] == ["delaying", "falsifying", "refusing_entry", "blocking", "assault"]
    assert ob["label"] == {"zh": "阻挠检查的方式", "en": "How the inspection was obstructed"}
    assert ob["required"] is True and ob["read_by"] == [{"part": "model", "kind": "grid"}]
    prior = facts["prior_count_1y"]
    assert (prior["type"], prior["required"], prior["min"]) == ("integer", True, "0")  # as a case file writes it
    # the Administrative Penalty Law facts have defaults: optional in a form
    age = facts["party_age"]
    assert age["required"] is False and age["default"] == "adult_or_organisation"
    assert any(p["part"] == "adjustment" for p in age["read_by"])


def test_facts_say_which_statutory_branch_reads_the_base(http):
    """Food Safety Law art. 124: under 10,000 yuan of goods a fixed range, from 10,000 a multiple of the value."""
    facts = {f["name"]: f for f in http.get("/v1/rulebooks/cn-env-food/violations/food-124-additives/facts").json()["facts"]}
    gv = facts["goods_value"]
    assert gv["type"] == "money" and gv["unit"]["zh"]
    assert {"part": "statutory_switch", "condition": "goods_value < 10000"} in gv["read_by"]
    assert {"part": "statutory_base", "condition": "goods_value >= 10000"} in gv["read_by"]


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_assess_is_calc_json_byte_for_byte(http, case):
    """The case file posted as it is (YAML), and the same case as JSON in {"rulebook", "case"}."""
    run = cli("calc", str(case), "--json")
    assert run.returncode == 0, run.stderr
    posted = http.post("/v1/assess", content=case.read_bytes())
    assert posted.status_code == 200
    assert posted.content == run.stdout
    wrapped = {"rulebook": "cn-env-food", "case": yaml.safe_load(case.read_text(encoding="utf-8"))}
    as_json = http.post("/v1/assess", content=json.dumps(wrapped, default=str, ensure_ascii=False).encode("utf-8"),
                        headers={"content-type": "application/json"})
    assert as_json.content == run.stdout


def test_assess_gives_the_published_cell(http):
    data = http.post("/v1/assess", json={"rulebook": "cn-env-food", "case": {
        "violation": "gd-water-81-obstruct", "facts": {"obstruction": "refusing_entry", "prior_count_1y": 1}}}).json()
    act = data["acts"][0]
    assert (act["range"]["low"], act["range"]["high"]) == (130_000_00, 150_000_00)  # fen
    assert act["recommended"] == 140_000_00  # the middle of the cell, rounded to 100 yuan


def test_art37_chooses_the_lighter_version(http):
    """Act under 2024.1 (20,000-40,000 for delaying, none before), decided under 2025.1 (20,000-30,000)."""
    data = http.post("/v1/assess", content=(EXAMPLES / "time-straddle-lighter.yaml").read_bytes()).json()
    assert data["time"]["chosen"] == "decision"
    assert data["acts"][0]["range"]["high"] == 30_000_00


def test_memo_is_calc_format_md(http):
    run = cli("calc", str(REFUSING), "--format", "md", "--lang", "en")
    r = http.post("/v1/memo", params={"lang": "en"}, content=REFUSING.read_bytes())
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/markdown")
    assert r.content == run.stdout
    # Guangdong art. 23 (以下不含本数): the cell [130,000, 150,000) excludes its top, and the memo says so
    assert "**Range**: from 130,000 yuan up to but not including 150,000 yuan" in r.text


def test_a_bad_case_gets_the_cli_problems_as_422(http, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("violation: gd-water-81-obstruct\nfacts:\n  obstruction: refusin\n", encoding="utf-8")
    run = cli("calc", str(bad), "--json", "--lang", "en")
    assert run.returncode == 1
    r = http.post("/v1/assess", params={"lang": "en"}, content=bad.read_bytes())
    assert r.status_code == 422
    # the same problems, positions and all; only the name of the input differs (a file there, <request> here)
    assert r.content.replace(b'"<request>"', b'"bad.yaml"') == run.stdout
    problems = {p["code"]: p for p in r.json()["problems"]}
    assert (problems["case.bad_enum"]["line"], problems["case.bad_enum"]["column"]) == (3, 16)
    assert "refusing_entry" in problems["case.bad_enum"]["hint"]
    assert "case.missing_fact" in problems


def test_unreadable_case_is_400_with_line_and_column(http):
    r = http.post("/v1/assess", content=b'{"rulebook": "cn-env-food", "case": {"violation": "x",,}}')
    assert r.status_code == 400
    p = r.json()["problems"][0]
    assert p["code"] == "case.syntax" and (p["line"], p["column"]) == (1, 55)  # the second comma


@pytest.mark.parametrize("path, body, status, code", [
    ("/v1/assess", {"rulebook": "cn-env-foo", "case": {}}, 404, "serve.unknown_rulebook"),
    ("/v1/assess", {"rulebok": "cn-env-food", "case": {}}, 400, "serve.body_unknown_key"),
    ("/v1/assess", [1, 2], 400, "serve.body_not_mapping"),
])
def test_request_problems(http, path, body, status, code):
    r = http.post(path, json=body, params={"lang": "en"})
    assert r.status_code == status
    assert r.json()["problems"][0]["code"] == code
    assert r.json()["problems"][0]["message"]


def test_unknown_violation_and_address(http):
    r = http.get("/v1/rulebooks/cn-env-food/violations/gd-water-81-obstrct/facts", params={"lang": "en"})
    assert r.status_code == 404
    # the CLI's problem, as `penalty violations cn-env-food gd-water-81-obstrct --json` gives it
    run = cli("violations", "cn-env-food", "gd-water-81-obstrct", "--json", "--lang", "en")
    assert run.returncode == 1
    assert r.content == run.stdout
    assert r.json()["problems"][0]["hint"].startswith("did you mean 'gd-water-81-obstruct'?")
    assert http.get("/v2/nothing").json()["problems"][0]["code"] == "serve.not_found"
    r = http.delete("/v1/assess")
    assert r.status_code == 405 and r.json()["problems"][0]["code"] == "serve.method"
    r = http.get("/v1/rulebooks", params={"lang": "fr"})
    assert r.status_code == 400 and r.json()["problems"][0]["code"] == "serve.bad_param"


def test_a_declared_body_over_the_limit_is_refused_before_it_is_sent(server):
    """Only the headers go out: the 413 comes back although not one byte of the 2 MB body was sent."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as s:
        s.sendall(b"POST /v1/assess HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 2000000\r\n\r\n")
        answer = b""
        while chunk := s.recv(65536):  # the server answers, then closes the connection
            answer += chunk
        answer = answer.decode("utf-8", errors="replace")
    assert answer.startswith("HTTP/1.1 413")
    assert "serve.body_too_big" in answer


def test_a_streamed_body_over_the_limit_is_cut_off(http):
    sent = []

    def chunks():  # no Content-Length: the server counts as the body arrives
        for _ in range(40):
            sent.append(1)
            yield b" " * 65536
    r = http.post("/v1/assess", content=chunks())
    assert r.status_code == 413
    assert r.json()["problems"][0]["code"] == "serve.body_too_big"


def test_check_posted_text_gives_line_and_column(http):
    text = ("penalty_rulebook: 1\nid: x\ntitle: x\nversion: \"1\"\nunit: {kind: money, currency: CNY, minor_units: 100}\n"
            "boundaries: lower_inclusive\noverlaps: heaviest\nrounding: {step: 100, mode: half_up}\n"
            "grades: [{id: general}]\nviolations:\n  - id: a\n    titel: a\n")
    r = http.post("/v1/check", params={"lang": "en", "name": "mine.yaml"}, content=text.encode("utf-8"))
    assert r.status_code == 200
    out = r.json()
    assert out["ok"] is False
    unknown = [p for p in out["files"][0]["problems"] if p["code"] == "spec.unknown_key"]
    assert (unknown[0]["file"], unknown[0]["line"], unknown[0]["column"]) == ("mine.yaml", 12, 5)  # `titel:`


def test_check_of_a_bundled_rulebook_is_cli_check(http):
    path = EXAMPLES.parent / "example-shapes.yaml"
    run = cli("check", str(path), "--json")
    r = http.post("/v1/check", params={"name": str(path)}, content=path.read_bytes())
    assert r.content == run.stdout


def test_catalogue_is_the_cli_catalogue(http):
    run = cli("catalogue", "cn-env-food", "-f", "md")
    r = http.get("/v1/catalogue", params={"rulebook": "cn-env-food", "format": "md"})
    assert r.status_code == 200 and r.content == run.stdout
    assert r.text.startswith("# 生态环境与食品安全行政处罚裁量基准（汇编示例）\n")


def test_openapi_lists_every_route_and_nothing_else(http):
    from penalty.serve.app import create_app
    doc = http.get("/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    starlette_app = create_app(["cn-env-food"]).app
    served = {(r.path, m.lower()) for r in starlette_app.routes if r.path.startswith("/v1/")
              for m in r.methods if m != "HEAD"}
    documented = {(path, method) for path, ops in doc["paths"].items() for method in ops}
    assert served == documented
    for ops in doc["paths"].values():
        for op in ops.values():
            assert op["summary"] and "422" in op["responses"]


def test_explain_words_the_result_like_the_terminal(http):
    out = http.post("/v1/explain", params={"lang": "zh"}, content=REFUSING.read_bytes()).json()
    act = out["acts"][0]
    assert act["range"] == "130,000元以上、150,000元以下（不含150,000元）"
    assert act["recommended"] == "140,000元"
    assert "处罚依据：《中华人民共和国水污染防治法》第八十一条" in act["citations"]
    assert any("裁量表格单元：拒绝进入现场 × 一次及以上 → 130,000元以上、150,000元以下（不含150,000元）" in text for _, text in act["steps"])
    assert out["memo"].startswith("# 行政处罚裁量说明\n")


def test_explain_names_the_fact_of_each_problem(http):
    r = http.post("/v1/explain", json={"rulebook": "cn-env-food", "case": {
        "violation": "gd-water-81-obstruct", "facts": {"obstruction": "refusing_entry", "prior_count_1y": -1}}})
    assert r.status_code == 422
    assert [p["fact"] for p in r.json()["problems"]] == ["prior_count_1y"]


def test_check_takes_json_too_and_says_what_is_missing(http):
    text = (EXAMPLES.parent / "example-shapes.yaml").read_text(encoding="utf-8")
    r = http.post("/v1/check", json={"text": text, "name": "shapes.yaml"})
    assert r.status_code == 200 and r.json()["files"][0]["file"] == "shapes.yaml" and r.json()["ok"] is True
    for body, headers in ((b"", {}), (b"[1]", {"content-type": "application/json"}),
                          (b"{not json", {"content-type": "application/json"})):
        r = http.post("/v1/check", content=body, headers=headers)
        assert r.status_code == 400 and r.json()["problems"][0]["code"] == "serve.no_text"
    r = http.post("/v1/check", content=b"id: \xff\xfe", params={"lang": "en"})
    assert r.status_code == 400
    p = r.json()["problems"][0]
    assert p["code"] == "load.not_utf8" and "offset 4" in p["message"]


def test_catalogue_formats(http):
    html = http.get("/v1/catalogue", params={"rulebook": "cn-env-food"})
    assert html.headers["content-type"].startswith("text/html") and '<html lang="zh-CN">' in html.text
    csv = http.get("/v1/catalogue", params={"rulebook": "cn-env-food", "format": "csv"})
    assert csv.content.startswith("\ufeff".encode("utf-8"))  # a BOM, as `penalty catalogue -f csv -o` writes
    assert "gd-water-81-obstruct" in csv.text
    bad = http.get("/v1/catalogue", params={"format": "pdf", "lang": "en"})
    assert bad.status_code == 400 and "html, md, csv" in bad.json()["problems"][0]["message"]


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("[::1]", True),
                                            ("localhost", True), ("0.0.0.0", False), ("192.168.1.5", False),
                                            ("example.org", False)])
def test_which_addresses_are_loopback(host, loopback):
    from penalty.serve.limits import is_loopback
    assert is_loopback(host) is loopback
