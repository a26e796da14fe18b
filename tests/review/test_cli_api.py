"""`penalty review` from the command line, the library API on Arrow batches, and the HTML in a real browser."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import polars as pl
import pytest
import pyarrow as pa
from typer.testing import CliRunner

from penalty.cli.app import app
from penalty.review import review, review_batch
from penalty.review.read import ReviewError

runner = CliRunner()


def test_cli_on_the_bundled_sample(tmp_path):
    out = tmp_path / "out"
    res = runner.invoke(app, ["review", "review-cases.csv", "--mapping", "review-mapping.yml", "--out", str(out),
                              "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert re.search(r"read 600 = reviewed \d+ \+ rejected \d+", res.output)
    assert "执法员0001" in res.output  # a drifting officer of the sample
    flagged = pl.read_csv(out / "flagged.csv")
    assert flagged.height > 0 and {"flags", "reasons", "articles"} <= set(flagged.columns)
    assert "review.rejected" in flagged["flags"].to_list()  # rejected rows are listed, never dropped
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<svg" in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    # amounts in major units, as the case file writes the fine; the report spells them with the unit
    first = flagged.filter(pl.col("case_id") == "合成〔2024〕0000000号").row(0, named=True)
    assert (first["fine"], first["low"], first["high"]) == (18000, 20000, 40000)
    assert "18,000 yuan" in first["reasons"] and "18,000 yuan" in html and "from 20,000 yuan up to but not including 40,000 yuan" in html


def test_cli_json_and_jsonl(tmp_path):
    res = runner.invoke(app, ["review", "review-cases.csv", "--out", str(tmp_path), "--json", "--flagged-format",
                              "jsonl", "--no-html", "--threshold", "5"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["ok"] and data["read"] == data["reviewed"] + data["rejected"] == 600
    assert data["written"]["report"] is None
    lines = (tmp_path / "flagged.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == data["flagged"] + data["rejected"]


def test_cli_errors_are_for_people(tmp_path):
    res = runner.invoke(app, ["review", str(tmp_path / "missing.csv")])
    assert res.exit_code == 1 and "Traceback" not in res.output
    (tmp_path / "taken").write_text("a file, not a folder")
    res = runner.invoke(app, ["review", "review-cases.csv", "--out", str(tmp_path / "taken"), "--json"])
    assert res.exit_code == 1 and json.loads(res.output)["problems"][0]["code"] == "review.out_folder"
    (tmp_path / "o" / "flagged.csv").mkdir(parents=True)  # a result file that cannot be written
    res = runner.invoke(app, ["review", "review-cases.csv", "--out", str(tmp_path / "o"), "--json"])
    assert res.exit_code == 1 and json.loads(res.output)["problems"][0]["code"] == "review.out_folder"
    res = runner.invoke(app, ["review", str(tmp_path / "missing.csv"), "--json"])
    assert res.exit_code == 1 and json.loads(res.output)["problems"][0]["code"] == "review.not_found"
    res = runner.invoke(app, ["review", "review-cases.csv", "--threshold", "abc"])
    assert res.exit_code == 2


def test_arrow_batches_match_the_whole_file(cn):
    from penalty.rulebook.bundled import bundled_dir
    path = bundled_dir() / "examples" / "review-cases.csv"
    whole = review(path, cn)
    table = pl.read_csv(path, infer_schema=False).to_arrow()
    parts = [pl.from_arrow(review_batch(b, cn)) for b in table.to_batches(max_chunksize=128)]
    assert len(parts) > 2
    got = pl.concat(parts, how="diagonal_relaxed")
    reviewed = got.filter(pl.col("reject").is_null())
    assert reviewed.height == whole.cases.height
    assert reviewed["recommended"].to_list() == whole.cases["recommended"].cast(pl.String).to_list()
    assert reviewed["f_above_range"].to_list() == whole.cases["f_above_range"].to_list()
    assert isinstance(review_batch(table.to_batches()[0], cn), pa.Table)


def test_library_errors_are_data(cn, tmp_path):
    try:
        review(tmp_path / "none.parquet", cn)
    except ReviewError as exc:
        assert exc.problems[0].to_json("zh")["message"].startswith("找不到案件文件")
    else:
        raise AssertionError("expected a ReviewError")


def test_report_renders_in_headless_chromium(tmp_path):
    """The report must render in a real browser with its charts. No skip: without chromium this fails."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "headless Chromium is needed for this test: apt-get update && apt-get install -y chromium"
    out = tmp_path / "out"
    res = runner.invoke(app, ["review", "review-cases.csv", "--out", str(out), "--lang", "zh"])
    assert res.exit_code == 0, res.output
    report = out / "report.html"
    args = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*args, "--dump-dom", report.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    page = dom.stdout
    for section in ("distribution", "heatmap", "comparison", "flagged", "rejected", "read-line"):
        assert f'id="{section}"' in page, section
    assert page.count("<svg") >= 6 and page.count('class="bar"') > 40 and 'class="cell"' in page
    assert 'class="dot"' in page and "读取 600 = 已复核" in page
    shot = tmp_path / "shot.png"
    snap = subprocess.run([*args, "--window-size=1280,2000", f"--screenshot={shot}", report.as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert snap.returncode == 0 and shot.stat().st_size > 20_000, snap.stderr[-2000:]


@pytest.mark.parametrize("name", ["cn-env-food", "cn-env-food.2025", "ussg-2016", "example-shapes"])
def test_review_runs_on_every_bundled_rulebook(tmp_path, name):
    """The whole pipeline (not only the column engine) on cases generated for each bundled rulebook."""
    from penalty.review.synthetic import generate
    from penalty.rulebook.bundled import bundled_rulebook
    rb = bundled_rulebook(name)
    frame, truth = generate(rb, 400, seed=7)
    p = tmp_path / "cases.csv"
    frame.write_csv(p)
    r = review(p, rb)
    assert r.read == 400 and r.cases.height > 300
    assert r.rejected.height == int(truth["bad"].sum())


def test_many_batches_two_at_a_time_give_the_one_batch_result(monkeypatch):
    """Batches run two at a time on threads; the cases come back in file order and every count is the same as
    reading the file in one batch (the sample's 600 rows in batches of 37)."""
    from penalty.review.read import BATCH_ROWS
    import penalty.review.read as read
    from penalty.rulebook.bundled import bundled_dir
    ex = bundled_dir() / "examples"
    args = (ex / "review-cases.csv", "cn-env-food")
    whole = review(*args, mapping=ex / "review-mapping.yml")
    monkeypatch.setattr(read, "BATCH_ROWS", 37)
    parts = review(*args, mapping=ex / "review-mapping.yml")
    assert BATCH_ROWS > 600 and parts.counts() == whole.counts()  # (engine counts keys per batch)
    assert parts.cases.with_columns(pl.col(pl.Categorical).cast(pl.String)).equals(
        whole.cases.with_columns(pl.col(pl.Categorical).cast(pl.String)))
    assert parts.rejected.equals(whole.rejected) and parts.flagged("zh").equals(whole.flagged("zh"))


def test_cli_sets_the_allocator_before_polars_and_numpy_load(tmp_path):
    """The allocator and OpenBLAS settings are read when the libraries load: an import of polars or numpy
    before `penalty review` sets them would switch them off without a sign."""
    import os
    import sys
    spy = (
        "import os, sys\n"
        "seen = {}\n"
        "class Spy:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name in ('polars', 'numpy') and name not in seen:\n"
        "            seen[name] = (os.environ.get('_RJEM_MALLOC_CONF'), os.environ.get('OPENBLAS_NUM_THREADS'))\n"
        "sys.meta_path.insert(0, Spy())\n"
        f"sys.argv = ['penalty', 'review', 'review-cases.csv', '--out', {str(tmp_path / 'o')!r}, '--json']\n"
        "from penalty.cli.app import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "import json\n"
        "print(json.dumps(seen), file=sys.stderr)\n")
    env = {k: v for k, v in os.environ.items() if k not in ("_RJEM_MALLOC_CONF", "OPENBLAS_NUM_THREADS")}
    proc = subprocess.run([sys.executable, "-c", spy], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    seen = json.loads(proc.stderr.strip().splitlines()[-1])
    assert "dirty_decay_ms:1000" in seen["polars"][0] and seen["numpy"][1] == "1", seen
    assert json.loads(proc.stdout)["read"] == 600


@pytest.mark.parametrize("absent, code, extra", [("distributed", "review.needs_dask", "penalty[dask]"),
                                                 ("polars", "review.needs_extra", "penalty[review]")])
def test_a_missing_extra_is_named_alone(monkeypatch, tmp_path, absent, code, extra):
    """Only Dask missing: the hint names the dask extra first, not the review extra that is already there."""
    import importlib.util
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == absent else real(name, *a))
    r = runner.invoke(app, ["review", "review-cases.csv", "--dask", "local", "--out", str(tmp_path), "--json",
                            "--lang", "en"])
    assert r.exit_code == 1
    [problem] = json.loads(r.stdout or r.stderr)["problems"]
    assert problem["code"] == code and problem["hint"].startswith(f"pip install '{extra}'")
