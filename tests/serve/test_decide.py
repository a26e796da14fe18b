"""POST /v1/decide is `penalty decide CASE --amount X --json`, byte for byte, refusals included.

The bundled example (refusing entry, once before in the past year) falls in the cell [130,000, 150,000) yuan
(Guangdong art. 23: 以下不含本数); 140,000 lies inside it and is accepted; 150,000 is that cell's excluded top,
inside the statutory 20,000 - 200,000 only as a deviation, which needs a reason: refused without one.
"""
import json

from tests.serve.conftest import cli

from tests.serve.test_api import REFUSING


def test_an_amount_inside_the_band_is_decided_as_the_cli_decides_it(http):
    run = cli("decide", str(REFUSING), "--amount", "140000", "--json", "--lang", "en")
    assert run.returncode == 0, run.stderr
    r = http.post("/v1/decide", params={"amount": "140000", "lang": "en"}, content=REFUSING.read_bytes())
    assert r.status_code == 200 and r.content == run.stdout
    assert json.loads(r.content)["decision"]["amount"] == 14_000_000  # fen


def test_the_excluded_top_without_a_reason_is_refused_with_the_cli_reasons(http):
    run = cli("decide", str(REFUSING), "--amount", "150000", "--json", "--lang", "en")
    assert run.returncode == 1
    r = http.post("/v1/decide", params={"amount": "150000", "lang": "en"}, content=REFUSING.read_bytes())
    assert r.status_code == 422
    codes = [p["code"] for p in json.loads(r.content)["problems"]]
    cli_out = run.stdout or run.stderr  # the CLI writes a refusal's JSON where its errors go
    assert codes == [p["code"] for p in json.loads(cli_out)["problems"]] == ["decision.no_reasons"]


def test_no_amount_is_a_bad_request(http):
    r = http.post("/v1/decide", params={"lang": "en"}, content=REFUSING.read_bytes())
    assert r.status_code == 400 and json.loads(r.content)["problems"][0]["code"] == "serve.missing_param"
