"""Branch-only facts (issue 12): a fact is required only where a rule the case reaches reads it. An exceedance
multiple is needed where the exceedance is a multiple, not for pH; the base of a multiple only on the branch
that multiplies it. A fact that IS read on the reached branch is still refused by name."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from penalty.authoring.check import check_text
from penalty.cli.app import app
from penalty.engine.assess import assess
from penalty.engine.facts import parse_case, unstated_reached
from penalty.errors import CaseError
from penalty.rulebook.load import load_rulebook_text

RULEBOOK = """\
penalty_rulebook: 1
id: branches
title: branch-only facts
version: "1"
unit: {kind: money, currency: CNY, minor_units: 100, label: {zh: 元, en: yuan}}
boundaries: lower_inclusive
rounding: {step: 1, mode: half_up}
grades:
  - {id: lighter, label: {zh: 从轻, en: lighter}}
  - {id: heavier, label: {zh: 从重, en: heavier}}
split: {shares: {lighter: [0, 50], heavier: [50, 100]}}
facts:
  pollutant:
    type: enum
    label: {zh: 超标因子, en: Pollutant over the limit}
    values: {ph: {zh: pH值, en: pH}, cod: {zh: 化学需氧量, en: COD}}
  exceed_multiple: {type: number, min: 0, label: {zh: 超标倍数, en: Times over the limit}}
  kind: {type: enum, values: {fixed: 固定, value: 按货值}, label: {zh: 情形, en: Kind}}
  goods_value: {type: money, min: 1, label: {zh: 货值金额, en: Value of the goods}}
violations:
  - id: discharge
    title: discharge
    violated: x
    penalty_basis: y
    statutory: {range: [100000, 1000000]}
    model:
      situations:
        - {id: ph, when: "pollutant == 'ph'", band: [100000, 200000]}
        - {id: low, when: "pollutant != 'ph' and exceed_multiple < 1", band: [200000, 500000]}
        - {id: high, when: "pollutant != 'ph' and exceed_multiple >= 1", band: [500000, 1000000]}
  - id: goods
    title: goods
    violated: x
    penalty_basis: y
    statutory:
      switch:
        - {when: "kind == 'fixed'", range: [50000, 100000]}
        - {when: "kind == 'value'", multiple: [10, 20], of: goods_value}
"""


@pytest.fixture(scope="module")
def rb():
    return load_rulebook_text(RULEBOOK, "branches.yaml")


def case(rb, vid, facts):
    return parse_case({"violation": vid, "facts": facts}, rb)


def missing(rb, vid, facts):
    with pytest.raises(CaseError) as e:
        case(rb, vid, facts)
    return [(p.code, p.args.get("fact")) for p in e.value.problems]


def test_ph_needs_no_exceedance_multiple(rb):
    r = assess(rb, case(rb, "discharge", {"pollutant": "ph"})).acts[0]
    assert (r["range"]["low"], r["range"]["high"]) == (10000000, 20000000)  # 10万元以上20万元以下, as written


def test_a_multiple_needs_it_and_is_refused_naming_it(rb):
    assert missing(rb, "discharge", {"pollutant": "cod"}) == [("case.missing_fact", "exceed_multiple")]
    r = assess(rb, case(rb, "discharge", {"pollutant": "cod", "exceed_multiple": 2})).acts[0]
    assert (r["range"]["low"], r["range"]["high"]) == (50000000, 100000000)


def test_the_base_of_a_multiple_is_needed_only_on_its_branch(rb):
    r = assess(rb, case(rb, "goods", {"kind": "fixed"})).acts[0]
    assert (r["statutory"]["low"], r["statutory"]["high"]) == (5000000, 10000000)
    assert missing(rb, "goods", {"kind": "value"}) == [("case.missing_fact", "goods_value")]
    # which branch applies is not known without `kind`: it is asked for, and the base only after it
    assert missing(rb, "goods", {}) == [("case.missing_fact", "kind")]


def test_unstated_reached_follows_the_rules_in_order(rb):
    v = rb.violation("discharge")
    assert unstated_reached(v, {}) == ["pollutant"]
    assert unstated_reached(v, {"pollutant": "ph"}) == []
    assert unstated_reached(v, {"pollutant": "cod"}) == ["exceed_multiple"]


def test_the_checker_still_proves_every_branch():
    gap = RULEBOOK.replace('''when: "pollutant != 'ph' and exceed_multiple >= 1"''',
                           '''when: "pollutant != 'ph' and exceed_multiple >= 2"''')
    codes = [p.code for p in check_text(gap, "branches.yaml").problems]
    assert "check.gap_situation" in codes  # 1 <= exceed_multiple < 2 of a COD case lands nowhere


def test_interactive_asks_only_the_reached_facts(tmp_path):
    path = tmp_path / "branches.yaml"
    path.write_text(RULEBOOK, encoding="utf-8")
    runner = CliRunner(env={"COLUMNS": "200"})
    r = runner.invoke(app, ["calc", "-r", str(path), "--interactive", "--lang", "en"], input="1\n1\n",
                      catch_exceptions=False)
    assert r.exit_code == 0, r.stdout
    assert "Pollutant over the limit" in r.stdout and "Times over the limit" not in r.stdout
    r = runner.invoke(app, ["calc", "-r", str(path), "--interactive", "--lang", "en"], input="1\n2\n1.5\n",
                      catch_exceptions=False)
    assert r.exit_code == 0, r.stdout
    assert "Times over the limit" in r.stdout and "500,000 yuan" in r.stdout
