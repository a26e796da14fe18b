"""/v1/register/...: `penalty audit list|show|verify --json`, byte for byte, for a register `penalty calc --record`
wrote; and what the hash chain finds after an entry was altered behind its back."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.serve.conftest import InProcess, cli

EXAMPLE = Path(__file__).resolve().parents[2] / "rulebooks" / "examples" / "gd-obstruct-refusing-entry.yaml"


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    reg = tmp_path_factory.mktemp("register") / "reg.sqlite"
    for officer, unit in (("0451", "一大队"), ("0452", "二大队")):
        run = cli("calc", str(EXAMPLE), "--record", "--register", str(reg), "--officer", officer, "--unit", unit)
        assert run.returncode == 0, run.stderr
    s = InProcess(rulebooks=["cn-env-food"], register_path=str(reg))
    yield s, reg
    s.stop()


def test_list_show_verify_are_the_audit_commands(recorded):
    server, reg = recorded
    with server.client() as c:
        r = c.get("/v1/register/entries", params={"officer": "0452"})
        assert r.status_code == 200 and r.headers["x-register-intact"] == "true"
        assert r.content == cli("audit", "list", "--register", str(reg), "--officer", "0452", "--json").stdout
        assert [e["seq"] for e in r.json()] == [2]
        r = c.get("/v1/register/entries/1")
        assert r.content == cli("audit", "show", "1", "--register", str(reg), "--json").stdout
        assert "130,000元以上、150,000元以下（不含150,000元）" in r.json()["explanation"]
        r = c.get("/v1/register/verify")
        assert r.content == cli("audit", "verify", "--register", str(reg), "--json").stdout
        assert r.json()["ok"] is True


def test_errors_are_shaped_as_every_endpoints_and_as_the_cli_prints_them(recorded):
    server, reg = recorded
    with server.client() as c:
        r = c.get("/v1/register/entries/9", params={"lang": "en"})
        assert r.status_code == 404
        assert [p["code"] for p in r.json()["problems"]] == ["register.not_found"]
        assert r.content == cli("audit", "show", "9", "--register", str(reg), "--json", "--lang", "en").stdout
        r = c.get("/v1/register/entries", params={"since": "2024-13-01"})
        assert r.status_code == 400 and r.json()["problems"][0]["code"] == "serve.bad_param"


def test_an_altered_entry_is_found(recorded, tmp_path):
    # on a copy of the register, with its own server: the other tests of this module read the intact one, in
    # whatever order (and on whichever worker) they run
    _, intact = recorded
    reg = tmp_path / "reg.sqlite"
    copied = cli("audit", "backup", str(reg), "--register", str(intact))  # WAL: a file copy could miss entries
    assert copied.returncode == 0, copied.stderr
    with sqlite3.connect(reg) as db:
        db.execute("UPDATE entries SET officer = '9999' WHERE seq = 2")
    server = InProcess(rulebooks=["cn-env-food"], register_path=str(reg))
    try:
        with server.client() as c:
            r = c.get("/v1/register/verify", params={"lang": "en"})
            assert r.status_code == 200 and r.json()["ok"] is False
            assert r.content == cli("audit", "verify", "--register", str(reg), "--json", "--lang", "en").stdout
            assert c.get("/v1/register/entries").headers["x-register-intact"] == "false"
    finally:
        server.stop()


def test_without_a_register(http):
    r = http.get("/v1/register/entries", params={"lang": "en"})
    assert r.status_code == 404
    assert r.json()["problems"][0]["code"] == "serve.no_register"
