"""A replay accounts for every case: unreadable files and unknown violations are errors, never 'unchanged'."""
from penalty.diff.cases import read_cases
from penalty.diff.replay import Replayer
from penalty.rulebook.bundled import bundled_rulebook


def test_bad_files_and_unknown_violations_are_errors(tmp_path):
    (tmp_path / "a.yaml").write_text("violation: jm-water-82-monitoring\nfacts: {count_2y: 2}\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("violation: gd-water-81-obstrut\nfacts: {}\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text("violation: x\nfacts: {a: [1,\n", encoding="utf-8")
    (tmp_path / "d.yaml").write_bytes(b"\xd0\xff\xfe")
    rp = Replayer(bundled_rulebook("cn-env-food"), bundled_rulebook("cn-env-food.2025"))
    records = {r["case_id"]: r for r in rp.run(read_cases(tmp_path))}
    totals = rp.summary()["totals"]
    assert totals["cases"] == 4 and totals["errors"] == 3
    assert records["b"]["old"] == {"error": ["case.unknown_violation"]}
    assert set(records) == {"b", "c.yaml", "d.yaml"}
