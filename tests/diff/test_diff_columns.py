"""The replay through the column engine (penalty.diff.columns) gives the per-case engine's output byte for byte:
the same moved cases, error codes, totals and cache figures, on seeded files of every format and on small random
ones (Hypothesis). The per-case engine is the reference here; its own results are held to hand-worked amounts in
test_diff_replay.py."""
import csv
import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from penalty import canonical
from penalty.cli.app import app
from penalty.diff.cases import read_cases
from penalty.diff.columns import ColumnReplay
from penalty.diff.replay import Replayer
from penalty.engine.facts import facts_read_by
from penalty.rulebook.bundled import bundled_dir, bundled_rulebook

runner = CliRunner()
WIDE = {"COLUMNS": "240"}
# cells a person may write for each kind of fact, good and bad (the per-case engine decides which are which)
BOOLEANS = ["是", "否", "true", "false", "yes", "no", "1", "0", "也许"]
MONEY = ["0", "1", "12,000", "12000元", "¥3.5", "1.005", "-1", "1e3", "1000000000000000", "abc"]
INTEGERS = ["0", "1", "３", "2.5", "-1", "1000", "1001", "x"]
NUMBERS = ["0", "0.5", "2.5", "10", "100.25", "-1", "n"]
DATES = ["2024-05-01", "2024/5/1", "2025-13-01", "yesterday"]


@pytest.fixture(scope="module")
def pair():
    return bundled_rulebook("cn-env-food"), bundled_rulebook("cn-env-food.2025")


@pytest.fixture
def without_eia(make_rb):
    """A new version that no longer lists gd-eia-31-3-registration: its cases get no penalty under it."""
    start = "  - id: gd-eia-31-3-registration"
    text = (bundled_dir() / "cn-env-food.yaml").read_text(encoding="utf-8")
    block = text[text.index(start):]
    block = block[:block.index("\n  - id: ", 1) + 1]
    return bundled_rulebook("cn-env-food"), make_rb([(block, "")])


def cell(rnd: random.Random, fact) -> str:
    """A cell as written: one in twenty from the list of odd spellings and bad values."""
    odd = rnd.random() < 0.05
    if fact.type == "enum":  # an id, or its label as a register writes it (拖延执法人员)
        labels = [label[lang] for label in fact.values.values() if isinstance(label, dict) for lang in label]
        return rnd.choice([*labels, "flying"] if odd else list(fact.values))
    if fact.type == "boolean":
        return rnd.choice(BOOLEANS if odd else BOOLEANS[:4])
    if fact.type == "money":
        return rnd.choice(MONEY) if odd else f"{rnd.randint(0, 10 ** 7)}.{rnd.randint(0, 99):02d}"
    if fact.type == "integer":
        return rnd.choice(INTEGERS) if odd else str(rnd.randint(0, 20))
    return rnd.choice(NUMBERS) if odd else f"{rnd.randint(0, 600) / 10:.1f}"


def past_cases(rbs, n: int, seed: int) -> list:
    """n seeded past cases as flat rows of text cells: mostly lawful cases of either version's violations, and
    the rest what real files hold (a bad value, a fact missing, one the violation does not read, an unknown or
    empty violation, a bad date, a party id)."""
    rnd = random.Random(seed)
    facts = {}
    for rb in rbs:
        facts.update(rb.facts)
    ids = sorted({v.id for rb in rbs for v in rb.violations})
    reads = {v.id: facts_read_by(v) for rb in rbs for v in rb.violations}
    rows = []
    for i in range(n):
        vid = rnd.choice(ids)
        row = {"case_id": f"C{i:05d}", "violation": vid}
        for name in reads[vid]:
            if rnd.random() < 0.9 and (facts[name].default is None or rnd.random() < 0.3):
                row[name] = cell(rnd, facts[name])
        k = rnd.random()
        if k < 0.04:
            row["violation"] = rnd.choice(["", "no-such-violation", " " + vid])
        elif k < 0.08:
            other = rnd.choice(sorted(facts))
            row[other] = cell(rnd, facts[other])
        elif k < 0.11:
            row["act_date"] = rnd.choice(DATES)
        elif k < 0.12:
            row["party_id"] = "91440300MA5DXXXX1X"
        elif k < 0.15 and len(row) > 2:
            row.pop(rnd.choice(sorted(row)[:-2]))
        rows.append(row)
    return rows


def write(rows: list, path, fmt: str) -> None:
    columns = list(dict.fromkeys(k for r in rows for k in r))
    if fmt == "csv":
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(columns)
            w.writerows([r.get(c, "") for c in columns] for r in rows)
    elif fmt == "jsonl":  # flat lines, case-file lines and typed values: what a JSON export holds
        with open(path, "w", encoding="utf-8") as f:
            for i, r in enumerate(rows):
                r = {k: (int(v) if v.isdigit() and v.isascii() and k != "case_id" and i % 3 else v)
                     for k, v in r.items() if v != ""}
                if i % 5 == 0:
                    r = {"case_id": r.pop("case_id", None), "violation": r.pop("violation", None), "facts": r}
                elif i % 17 == 0:
                    r = {"case_id": r.pop("case_id", None), "acts": [{"violation": r.pop("violation", None), "facts": r}]}
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt == "parquet":
        import polars as pl
        pl.DataFrame({c: [r.get(c) or None for r in rows] for c in columns},
                     schema={c: pl.String for c in columns}).write_parquet(path)
    else:
        import openpyxl
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(columns)
        for r in rows:
            ws.append([r.get(c) or None for c in columns])
        wb.save(path)


def both(rbs, path, batch_rows=97, cache=True) -> tuple:
    """(per-case records and summary, column records and summary, outcomes the columns decided)."""
    ref = Replayer(*rbs, cache=cache)
    expected = [*ref.run(read_cases(path))], ref.summary()
    cols = ColumnReplay(Replayer(*rbs, cache=cache), batch_rows=batch_rows)
    got = [*cols.run(read_cases(path))], cols.r.summary()
    return expected, got, cols.decided


def dumps(result) -> bytes:
    return canonical.dumps(result).encode("utf-8")


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet", "xlsx"])
def test_every_format_replays_as_the_per_case_engine(pair, tmp_path, fmt):
    p = tmp_path / f"past.{fmt}"
    write(past_cases(pair, 1500, seed=17), p, fmt)
    expected, got, decided = both(pair, p)
    assert dumps(got) == dumps(expected)
    assert expected[1]["totals"]["changed"] > 0 and expected[1]["totals"]["errors"] > 0
    assert decided > expected[1]["cache"]["misses"]  # most outcomes came from the columns, not the fallback


def test_a_violation_the_new_version_drops_is_no_penalty_under_it(without_eia, tmp_path):
    p = tmp_path / "past.csv"
    write(past_cases(without_eia, 1200, seed=5), p, "csv")
    expected, got, decided = both(without_eia, p, batch_rows=500, cache=False)
    assert dumps(got) == dumps(expected) and decided
    moved = [m for m in expected[0] if m["violation"] == "gd-eia-31-3-registration" and "error" not in m["old"]]
    assert moved and all(m["new"] == {"violation": "gd-eia-31-3-registration", "grade": None, "low": 0,
                                      "high": 0, "recommended": 0} for m in moved)


@pytest.mark.parametrize("args", [["--json"], ["--format", "md", "--lang", "en"], ["--lang", "zh", "--show", "400"]])
def test_the_command_prints_the_same_bytes_either_way(pair, tmp_path, args):
    """`penalty diff --cases` on a seeded generated file of 4,000 cases: stdout and --changes-out identical."""
    p = tmp_path / "past.csv"
    write(past_cases(pair, 4000, seed=2026), p, "csv")
    outs = []
    for engine in ("per-case", "columns"):
        moved = tmp_path / f"moved-{engine}.jsonl"
        r = runner.invoke(app, ["diff", "cn-env-food", "cn-env-food.2025", "--cases", str(p), "--engine", engine,
                                "--changes-out", str(moved), *args], env=WIDE)
        assert r.exit_code == 0, r.output
        outs.append((r.stdout_bytes, moved.read_bytes()))
    assert outs[0] == outs[1] and outs[0][1].count(b"\n") > 100


def test_the_bundled_examples_replay_the_same_either_way(tmp_path):
    """The bundled example cases (a folder, read by the per-case engine) and the same cases as JSON Lines."""
    p = tmp_path / "examples.jsonl"
    p.write_text("".join(json.dumps(data, ensure_ascii=False, default=str) + "\n"
                         for _, data in read_cases(bundled_dir() / "examples")), encoding="utf-8")
    for path in (bundled_dir() / "examples", p):
        outs = [runner.invoke(app, ["diff", "cn-env-food", "cn-env-food.2025", "--cases", str(path), "--json",
                                    "--engine", engine]).stdout_bytes for engine in ("per-case", "columns")]
        assert outs[0] == outs[1] and b'"changed"' in outs[0]




@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10 ** 9), n=st.integers(1, 60), fmt=st.sampled_from(["csv", "jsonl"]),
       batch_rows=st.integers(1, 40), cache=st.booleans())
def test_small_files_replay_as_the_per_case_engine(pair, tmp_path_factory, seed, n, fmt, batch_rows, cache):
    p = tmp_path_factory.mktemp("small") / f"past.{fmt}"
    rows = past_cases(pair, n, seed)
    rows += rows[: n // 3]  # cases that repeat: the cache's hits, across batches
    write(rows, p, fmt)
    expected, got, _ = both(pair, p, batch_rows=batch_rows, cache=cache)
    assert dumps(got) == dumps(expected)


@pytest.mark.parametrize("suffix", [".parquet", ".xlsx"])
def test_a_damaged_parquet_or_xlsx_file_is_a_clear_error(tmp_path, suffix):
    from penalty.errors import CaseError
    p = tmp_path / f"past{suffix}"
    p.write_bytes(b"these bytes are no table")
    with pytest.raises(CaseError) as exc:
        list(read_cases(p))
    assert [q.code for q in exc.value.problems] == ["diff.bad_cases"]
    assert exc.value.problems[0].args["path"] == str(p) and exc.value.problems[0].args["reason"]
