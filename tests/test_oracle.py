"""The differential oracle (issue 2 §4, §8): our compiled evaluator and durable-rules must match the same rules.

durable_rules is part of the `test` extra. Where it is missing on Python 3.11/3.12 the tests FAIL with an install
hint (a skip would hide a broken oracle). On Python 3.13+ it cannot be imported at all (documented in README and
in the extra's marker), so there the module checks exactly that, and that --cross-check says so.
"""
from __future__ import annotations

import dataclasses
import json
import sys
import textwrap

import pytest

from penalty.oracle.crosscheck import cross_check_case
from penalty.oracle.durable import unavailable_reason
from penalty.rulebook.bundled import bundled_dir

INSTALL_HINT = ("durable_rules is missing: pip install -e '.[test]' (or pip install durable_rules==2.0.28), "
                "Python 3.11 or 3.12")

if sys.version_info >= (3, 13):
    def test_durable_rules_is_documented_unavailable_on_313():
        with pytest.raises(Exception):  # noqa: B017 - a C extension that fails to load may raise anything
            import durable.engine  # noqa: F401  (its C extension does not build/import on 3.13+)
        assert "3.13" in unavailable_reason()

    def test_cross_check_says_unavailable_on_313(rulebooks):
        from penalty.engine.facts import load_case
        rb = rulebooks["cn-env-food"]
        case = load_case(bundled_dir() / "examples" / "gd-obstruct-refusing-entry.yaml", rb)
        out = cross_check_case(rb, case, None)
        assert out["available"] is False and "3.13" in out["reason"]
else:
    from decimal import Decimal

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from penalty.rulebook.bundled import bundled_names
    BUNDLED = bundled_names()
    from penalty.oracle.durable import DurableSession, NotEncodable, Unavailable, compile_rulebook
    from penalty.oracle.matches import matched_rules
    from penalty.oracle.sampling import random_cases
    from penalty.oracle.strategies import cases_for
    from penalty.rulebook.load import load_rulebook_text

    def test_durable_rules_is_installed():
        try:
            import durable.engine  # noqa: F401
        except ImportError as exc:
            pytest.fail(f"{INSTALL_HINT} ({exc})", pytrace=False)
        assert unavailable_reason() is None

    @pytest.fixture(scope="module")
    def sessions(rulebooks):
        """One durable-rules worker per bundled rulebook, shared by every example in this module."""
        if unavailable_reason():
            pytest.fail(f"{INSTALL_HINT} ({unavailable_reason()})", pytrace=False)
        opened = {}
        try:
            for name, rb in rulebooks.items():
                opened[name] = DurableSession(compile_rulebook(rb))
                opened[name].start()
            yield opened
        finally:
            for s in opened.values():
                s.close()

    def _disagreements(rb, session, cases):
        theirs = session.match(cases)
        ours = [matched_rules(rb, vid, facts) for vid, facts in cases]
        return [(vid, facts, sorted(o ^ t)) for (vid, facts), o, t in zip(cases, ours, theirs) if o != t]

    def test_the_chinese_rulebook_is_bundled():
        assert "cn-env-food" in BUNDLED

    @pytest.mark.parametrize("name", BUNDLED)
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(data=st.data())
    def test_same_matched_set_on_generated_facts(name, data, rulebooks, sessions):
        rb = rulebooks[name]
        cases = data.draw(st.lists(cases_for(rb), min_size=1, max_size=40), label="cases")
        assert _disagreements(rb, sessions[name], cases) == []

    @pytest.mark.parametrize("name", BUNDLED)
    def test_same_matched_set_on_a_seeded_sweep(name, rulebooks, sessions):
        """A wider deterministic sweep: boundary literals and their neighbours half the time, uniform otherwise."""
        rb = rulebooks[name]
        cases = random_cases(rb, 3000, seed=2024)
        assert _disagreements(rb, sessions[name], cases) == []
        assert set().union(*(matched_rules(rb, v, f) for v, f in cases))

    # ---------------------------------------------------------------- the compiler, on every condition form

    SINK = textwrap.dedent("""
    penalty_rulebook: 1
    id: oracle-sink
    title: {en: "Every condition form, for the oracle tests"}
    version: "1"
    unit: {kind: money, currency: CNY, minor_units: 100, label: {en: yuan}}
    boundaries: lower_inclusive
    overlaps: first
    rounding: {step: 1, mode: half_up}
    grades:
      - {id: low}
      - {id: high}
    default_grade: low
    facts:
      amount: {type: money, max: 1000000}
      owed: {type: money, max: 1000000}
      count: {type: integer, min: -5, max: 50}
      ratio: {type: number, min: 0, max: 10}
      share: {type: number, min: -3, max: 3}
      other_share: {type: number, min: -3, max: 3}
      zone: {type: enum, values: {a: {en: A}, b: {en: B}, "c1": {en: C}}}
      flag: {type: boolean}
      flag2: {type: boolean, default: false}
      since: {type: date}
      until: {type: date}
    violations:
      - id: sink
        title: {en: sink}
        statutory:
          switch:
            - {when: "amount < 10000.5", range: [1, 10]}
            - {when: "amount >= 10000.5", multiple: [1, 2], of: amount}
        model:
          situations:
            - {id: chain, when: "1 <= count < 5", grade: low}
            - {id: chain_neg, when: "not (1 <= count < 5)", grade: low}
            - {id: reversed, when: "10 > count", grade: low}
            - {id: in_list, when: "zone in ['a', 'c1']", grade: low}
            - {id: not_in, when: "zone not in ['a']", grade: low}
            - {id: not_not_in, when: "not zone not in ['b']", grade: low}
            - {id: demorgan, when: "not (flag or flag2) and count != 3", grade: low}
            - {id: nested, when: "(flag and not flag2) or (zone == 'b' and ratio > 0.25) or count == 0", grade: low}
            - {id: neg_nested, when: "not ((flag and not flag2) or (zone == 'b' and ratio > 0.25))", grade: low}
            - {id: decimals, when: "ratio >= 2.125 and ratio < 7.5", grade: low}
            - {id: negative, when: "share <= 0.5 or share > 1.75", grade: low}
            - {id: fact_vs_fact, when: "owed > amount", grade: low}
            - {id: fact_vs_fact_neg, when: "not (owed <= amount)", grade: low}
            - {id: number_pair, when: "share < other_share", grade: high}
            - {id: dates, when: "since >= '2021-07-15' and since < until", grade: high}
            - {id: bool_eq, when: "flag == true and flag2 != true", grade: high}
            - {id: literal_true, when: "true", grade: high}
            - {id: literal_false, when: "false", grade: high}
            - {id: constant_chain, when: "count < 5 < 7", grade: high}
            - {id: money_edge, when: "amount == 10000.01 or amount > 999999.99", grade: high}
        adjustments:
          - {id: adj, article: {en: art}, mode: may, when: "not flag", effect: {grade: low}}
    """)

    @pytest.fixture(scope="module")
    def sink():
        return load_rulebook_text(SINK, "sink.yaml")

    def test_every_condition_form_agrees(sink):
        cases = random_cases(sink, 4000, seed=7)
        program = compile_rulebook(sink)
        with DurableSession(program) as s:
            assert _disagreements(sink, s, cases) == []
        seen = set().union(*(matched_rules(sink, v, f) for v, f in cases))
        assert set(program.sites.values()) - seen == {"sink/situation/literal_false"}  # all else was exercised

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def test_every_condition_form_agrees_generated(sink, data):
        cases = data.draw(st.lists(cases_for(sink), min_size=1, max_size=60))
        with DurableSession(compile_rulebook(sink)) as s:
            assert _disagreements(sink, s, cases) == []

    def _patterns(program):
        return {program.sites[name]: rule["all"][0]["m"] for name, rule in program.rules.items()}

    def test_negation_is_pushed_down_not_dropped(sink):
        p = _patterns(compile_rulebook(sink))
        count = compile_rulebook(sink).fields["count"]
        assert p["sink/situation/chain_neg"]["$and"][2] == {"$or": [{"$lt": {count: 1}}, {"$gte": {count: 5}}]}
        assert p["sink/situation/chain"]["$and"][:2] == [{"g": 1}, {"v": 0}]  # the guard and the violation

    def test_strings_never_meet_numbers(sink):
        program = compile_rulebook(sink)
        enum_field = program.fields["zone"]

        def leaves(node):
            for k, v in node.items():
                if k in ("$and", "$or"):
                    for i in v:
                        yield from leaves(i)
                elif k.startswith("$"):
                    yield from leaves(v)
                else:
                    yield k, v
        for pattern in _patterns(program).values():
            for field, value in leaves(pattern):
                assert isinstance(value, dict) or isinstance(value, str) == (field == enum_field), (field, value)
        encoded = program.encode("sink", {"zone": "a", "flag": True, "count": 3})
        assert type(encoded[program.fields["flag"]]) is int

    def test_numbers_are_scaled_exactly(sink):
        program = compile_rulebook(sink)
        ratio = program.codecs["ratio"]
        assert ratio.places == 3
        assert ratio.value(Decimal("2.125")) == 4250
        assert ratio.value(Decimal("2.1251")) == 4251  # strictly between 2.125 and 2.126: the odd number
        with pytest.raises(NotEncodable, match="share"):
            program.encode("sink", {"share": Decimal("0.123456789")})  # compared with another fact: refused

    def test_values_beyond_2_62_are_refused(sink):
        with pytest.raises(NotEncodable, match="2\\^62"):
            compile_rulebook(sink).encode("sink", {"count": 2 ** 63})

    def test_the_oracle_catches_a_wrong_rule(rulebooks):
        """Not vacuous: a ruleset with one comparison off by one is caught, and only that rule differs."""
        rb = rulebooks["cn-env-food"]
        program = compile_rulebook(rb)
        site = "jm-water-82-monitoring/situation/more_times"
        rule = next(r for r, s in program.sites.items() if s == site)
        broken = dataclasses.replace(program, rules={
            **program.rules, rule: json.loads(json.dumps(program.rules[rule]).replace('"$gte"', '"$gt"'))})
        cases = [(v, dict(f, count_2y=4)) for v, f in random_cases(rb, 40, seed=1) if v == "jm-water-82-monitoring"]
        with DurableSession(broken) as s:
            bad = _disagreements(rb, s, cases)
        assert len(bad) == len(cases) and all(diff == [site] for _, _, diff in bad)

    # ---------------------------------------------------------------- the worker: failures are reported, not raised

    def test_a_worker_that_cannot_start_is_unavailable(rulebooks):
        with pytest.raises(Unavailable, match="could not start"):
            DurableSession(compile_rulebook(rulebooks["cn-env-food"]), python="/nonexistent/python").start()

    def _fake_python(tmp_path, script):
        fake = tmp_path / "python"
        fake.write_text("#!/bin/sh\n" + script + "\n")
        fake.chmod(0o755)
        return str(fake)

    def test_a_worker_that_hangs_is_killed(tmp_path, rulebooks):
        s = DurableSession(compile_rulebook(rulebooks["cn-env-food"]), timeout=0.5,
                           python=_fake_python(tmp_path, "exec sleep 30"))
        with pytest.raises(Unavailable, match="did not answer"):
            s.start()
        assert s.proc is None

    def test_a_worker_that_dies_is_unavailable(tmp_path, rulebooks):
        fake = _fake_python(tmp_path, "echo 'boom: no durable here' >&2; exit 3")
        with pytest.raises(Unavailable, match="boom"):
            DurableSession(compile_rulebook(rulebooks["cn-env-food"]), python=fake).start()

    # ---------------------------------------------------------------- penalty calc --cross-check

    def _example(rb):
        from penalty.engine.assess import assess
        from penalty.engine.facts import load_case
        case = load_case(bundled_dir() / "examples" / "gd-obstruct-refusing-entry.yaml", rb)
        return case, assess(rb, case)

    def test_cross_check_agrees_on_the_bundled_example(rulebooks):
        rb = rulebooks["cn-env-food"]
        out = cross_check_case(rb, *_example(rb))
        assert {k: v for k, v in out.items() if k != "matched"} == {
            "available": True, "ok": True, "only_ours": [], "only_theirs": []}
        assert out["matched"] >= 2  # a row and a column at least

    def test_cross_check_reports_a_disagreement(rulebooks, monkeypatch):
        rb = rulebooks["cn-env-food"]
        real = DurableSession.match
        monkeypatch.setattr(DurableSession, "match", lambda self, cases: [s - {min(s)} for s in real(self, cases)])
        out = cross_check_case(rb, *_example(rb))
        assert out["available"] and not out["ok"] and len(out["only_ours"]) == 1 and out["only_theirs"] == []

    def test_cross_check_without_durable_is_unavailable_not_an_error(rulebooks, monkeypatch):
        import penalty.oracle.crosscheck as cc
        rb = rulebooks["cn-env-food"]
        case, result = _example(rb)
        monkeypatch.setattr(cc, "unavailable_reason", lambda: "durable_rules is not installed")
        assert cross_check_case(rb, case, result) == {"available": False, "reason": "durable_rules is not installed"}
        monkeypatch.undo()
        monkeypatch.setattr(cc, "DurableSession", lambda *a, **k: DurableSession(*a, python="/nonexistent", **k))
        out = cross_check_case(rb, case, result)
        assert out["available"] is False and "could not start" in out["reason"]

    def test_calc_cross_check_from_the_cli():
        from typer.testing import CliRunner
        from penalty.cli.app import app
        path = str(bundled_dir() / "examples" / "gd-obstruct-refusing-entry.yaml")
        res = CliRunner().invoke(app, ["calc", path, "--cross-check", "--json"])
        assert res.exit_code == 0, res.output
        out = json.loads(res.stdout[res.stdout.index("{"):])
        assert out["cross_check"]["available"] is True and out["cross_check"]["ok"] is True
