"""`penalty calc` shows the procedure the law attaches to a decision at the recommended amount (issue 15): the
officer sees the hearing right, legal review and collective discussion before deciding; `--json` is unchanged
(the API's assess stays byte-identical to it; `penalty decide --json` carries the procedure)."""
import json

from typer.testing import CliRunner

from penalty.cli.app import app

runner = CliRunner(env={"COLUMNS": "250"})
CASE = """\
violation: gd-water-81-obstruct
party_type: organisation
facts: {obstruction: refusing_entry, prior_count_1y: 1}
"""


def calc(tmp_path, text, *args):
    p = tmp_path / "case.yaml"
    p.write_text(text, encoding="utf-8")
    return runner.invoke(app, ["calc", str(p), "--lang", "en", *args], catch_exceptions=False)


def test_the_procedure_at_the_recommended_amount_is_shown(tmp_path):
    # the bundled example: refusing entry, once in the past year -> recommended 140,000 yuan (README). For an
    # organisation the national hearing threshold is 100,000 yuan (art. 63 较大数额, default profile): 140,000 is
    # above it, so the hearing right applies; art. 51's on-the-spot limit for an organisation is 3,000 yuan
    out = calc(tmp_path, CASE).stdout
    section = out.split("Procedure at the recommended amount", 1)[1]
    assert "■ Hearing right: a fine of 140,000 yuan reaches 100,000 yuan" in section and "art. 63" in section
    assert "140,000 yuan is over 3,000 yuan for an organisation" in section  # art. 51


def test_a_citizen_is_measured_against_the_citizens_thresholds(tmp_path):
    # art. 51: on the spot at most 200 yuan for a citizen; art. 63: 较大数额 for a citizen 10,000 yuan by default
    out = calc(tmp_path, CASE.replace("organisation", "citizen")).stdout
    assert "reaches 10,000 yuan, the 较大数额 for a citizen" in out and "over 200 yuan for a citizen" in out


def test_the_md_memo_holds_the_procedure(tmp_path):
    md = calc(tmp_path, CASE, "--format", "md").stdout
    assert "### Procedure at the recommended amount" in md and "- ■ Hearing right" in md


def test_json_is_the_assessment_alone(tmp_path):
    data = json.loads(calc(tmp_path, CASE, "--json").stdout)
    assert "procedure" not in data and data["acts"][0]["recommended"] == 14000000
