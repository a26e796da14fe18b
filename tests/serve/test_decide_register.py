"""POST /v1/decide with the server's `--register` is `penalty decide CASE --register REG --json`, byte for byte:
the party's record fills its prior count, the case's notice caps the amount, similar decided cases are listed.

The walkthrough of docs/decision.md, worked by hand from the Guangdong grid (DOMAIN.md): two decisions for the
company 91350100M000100Y43 (entries 1 and 2), then a third case refusing entry: two priors in the year before its
act, so the cell is refusing entry × one or more, [130,000, 150,000); 160,000 lies outside it and inside the
statutory 20,000 - 200,000, a deviation that the rulebook's reason `social_impact` allows. After a notice of
160,000 (entry 3), 170,000 is heavier than the notice (art. 45 para. 2): refused.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.serve.conftest import InProcess, cli

ROOT = Path(__file__).resolve().parents[2]
PARTY = "91350100M000100Y43"
REASON = ["--reason", "social_impact", "--note", "reported in the provincial press"]


def _case(path: Path, case_id: str, act: str, decided: str, obstruction: str, extra: str = "") -> Path:
    path.write_text(f"case_id: {case_id}\nviolation: gd-water-81-obstruct\nparty_id: {PARTY}\nact_date: {act}\n"
                    f"{extra}decision_date: {decided}\nfacts: {{obstruction: {obstruction}}}\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("office")
    book = tmp / "my-rulebook.yaml"
    book.write_text((ROOT / "rulebooks" / "cn-env-food.yaml").read_text(encoding="utf-8")
                    + "deviation_reasons:\n  social_impact: {zh: 社会影响, en: social impact}\n"
                    + "history:\n  facts:\n    prior_count_1y: {of: same_violation, within: {years: 1}}\n",
                    encoding="utf-8")
    reg = tmp / "decisions.sqlite"
    first = _case(tmp / "first.yaml", "粤环罚〔2025〕011号", "2025-01-06", "2025-02-20", "delaying")
    second = _case(tmp / "second.yaml", "粤环罚〔2025〕042号", "2025-04-14", "2025-05-30", "falsifying")
    third = _case(tmp / "third.yaml", "粤环罚〔2025〕097号", "2025-09-08", "2025-11-14", "refusing_entry",
                  "filing_date: 2025-09-10\nnotice_date: 2025-10-20\n")
    for case, amount in ((first, "30000"), (second, "90000")):
        run = cli("decide", str(case), "-r", str(book), "--register", str(reg), "--amount", amount,
                  "--record", "--officer", "0451")
        assert run.returncode == 0, run.stderr
    server = InProcess(rulebooks=[str(book)], register_path=str(reg))
    yield server, book, reg, third
    server.stop()


def _both(server, book, reg, case, amount, *more):
    query = {"amount": amount, "lang": "en"}
    for flag, value in zip(more[::2], more[1::2]):
        query[flag.lstrip("-")] = value
    run = cli("decide", str(case), "-r", str(book), "--register", str(reg), "--amount", amount, *more,
              "--json", "--lang", "en")
    with server.client() as c:
        r = c.post("/v1/decide", params=query, content=case.read_bytes())
    return run, r


def test_priors_and_similar_cases_come_from_the_register_as_in_the_cli(office):
    server, book, reg, third = office
    run, r = _both(server, book, reg, third, "160000", *REASON)
    assert run.returncode == 0, run.stderr
    assert r.status_code == 200 and r.content == run.stdout
    out = json.loads(r.content)
    [prior] = out["history"]["facts"]
    assert (prior["fact"], prior["value"], prior["status"]) == ("prior_count_1y", 2, "filled")
    assert [e["seq"] for e in prior["entries"]] == [1, 2]
    act = out["assessment"]["acts"][out["decision"]["act"]]
    assert (act["range"]["low"], act["range"]["high"]) == (13_000_000, 15_000_000)  # fen
    assert (out["decision"]["status"], out["decision"]["reason"]) == ("deviation", "social_impact")
    assert out["similar"] and "notice" not in out


def test_the_notice_in_the_register_caps_the_decision(office):
    server, book, reg, third = office
    run = cli("notify", str(third), "-r", str(book), "--register", str(reg), "--amount", "160000", *REASON,
              "--officer", "0451")
    assert run.returncode == 0, run.stderr
    run, r = _both(server, book, reg, third, "170000", *REASON)
    assert run.returncode == 1 and r.status_code == 422
    codes = [p["code"] for p in json.loads(r.content)["problems"]]
    assert codes == [p["code"] for p in json.loads(run.stdout or run.stderr)["problems"]] == ["decision.above_notified"]
