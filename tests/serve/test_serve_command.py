"""`penalty serve` itself: loopback unless a token is given, the token on every /v1/ request, and no cost to the
other commands' start-up."""
from __future__ import annotations

import json
import subprocess
import sys

from tests.serve.conftest import Server

TOKEN = "a-long-random-token-for-the-test-0123456789"


def _serve(*args):
    from typer.testing import CliRunner
    from penalty.cli.app import app
    return CliRunner().invoke(app, ["serve", "--json", *args])


def test_another_address_needs_a_token():
    run = _serve("--host", "0.0.0.0", "--port", "0", "--lang", "en")
    assert run.exit_code == 1
    problem = json.loads(run.stdout)["problems"][0]
    assert problem["code"] == "serve.token_required"
    assert "--token-file" in problem["hint"]


def test_a_short_or_missing_token_file_is_refused(tmp_path):
    (tmp_path / "token").write_text("short\n", encoding="utf-8")
    run = _serve("--port", "0", "--token-file", str(tmp_path / "token"))
    assert run.exit_code == 1
    assert json.loads(run.stdout)["problems"][0]["code"] == "serve.token_short"
    run = _serve("--port", "0", "--token-file", str(tmp_path / "nothing"), "--lang", "en")
    assert run.exit_code == 1
    p = json.loads(run.stdout)["problems"][0]
    assert p["code"] == "serve.token_unreadable" and "nothing" in p["message"]


def test_a_bad_rulebook_stops_the_server_before_it_listens(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("penalty_rulebook: 1\nid: [\n", encoding="utf-8")
    run = _serve("--port", "0", "--rulebook", str(bad))
    assert run.exit_code == 1
    p = json.loads(run.stdout)["problems"][0]
    assert p["file"] == "bad.yaml" and p["line"] >= 2


def test_two_rulebooks_with_one_id_are_refused(tmp_path):
    from penalty.rulebook.bundled import resolve
    (tmp_path / "cn-env-food.yaml").write_bytes(resolve("cn-env-food").read_bytes())
    run = _serve("--port", "0", "--rulebook", "cn-env-food", "--rulebook", str(tmp_path / "cn-env-food.yaml"))
    assert run.exit_code == 1
    assert json.loads(run.stdout)["problems"][0]["code"] == "serve.duplicate_id"


def test_a_port_in_use_is_said_in_words(server):
    run = _serve("--port", str(server.port), "--lang", "en")
    assert run.exit_code == 1
    p = json.loads(run.stdout)["problems"][0]
    assert p["code"] == "serve.cannot_listen" and str(server.port) in p["message"]


def test_with_a_token_every_api_request_must_carry_it(tmp_path):
    (tmp_path / "token").write_text(TOKEN + "\n", encoding="utf-8")
    s = Server("--token-file", str(tmp_path / "token"), "--rulebook", "cn-env-food")
    try:
        with s.client() as c:
            r = c.get("/v1/rulebooks", params={"lang": "en"})
            assert r.status_code == 401 and r.json()["problems"][0]["code"] == "serve.unauthorized"
            assert r.headers["www-authenticate"].startswith("Bearer")
            assert c.get("/v1/rulebooks", headers={"authorization": "Bearer wrong"}).status_code == 401
            ok = c.get("/v1/rulebooks", headers={"authorization": f"Bearer {TOKEN}"})
            assert ok.status_code == 200 and [row["id"] for row in ok.json()] == ["cn-env-food"]
            assert c.get("/").status_code == 200  # the page holds no data; it asks for the token itself
    finally:
        s.stop()


def test_the_server_is_not_imported_by_other_commands():
    """`penalty calc` and even `penalty --help` (which registers every command) never import the server stack."""
    for argv in (["penalty", "calc", "--help"], ["penalty", "--help"], ["penalty", "serve", "--help"]):
        code = (f"import sys; sys.argv = {argv!r}; import penalty.cli.app; "
                "print(sorted(m for m in ('starlette', 'uvicorn', 'penalty.serve.app') if m in sys.modules))")
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
        assert run.stdout.strip() == "[]", (argv, run.stdout)
