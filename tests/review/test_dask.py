"""The review on a Dask cluster (a LocalCluster of 2 worker processes) gives the single-machine review's result:
the same cases and flags, peer groups, officer / unit tables, and byte-identical flagged list and report."""
import hashlib

import polars as pl
import pytest

distributed = pytest.importorskip("distributed")

from penalty.review import review  # noqa: E402
from penalty.review.distributed import review_on_dask  # noqa: E402
from penalty.review.output import write_outputs  # noqa: E402


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=50)
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    from penalty.review.synthetic import write
    from penalty.rulebook.bundled import bundled_rulebook
    path = tmp_path_factory.mktemp("dask") / "cases.csv"
    write(bundled_rulebook("cn-env-food"), path, 6000, seed=11)
    return path


def digest(folder) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_the_cluster_gives_the_single_machine_review(client, cases, tmp_path, monkeypatch):
    import penalty.review.read as read
    monkeypatch.setattr(read, "BATCH_ROWS", 1000)  # six partitions, spread over both workers
    alone = review(cases, "cn-env-food")
    spread = review_on_dask(cases, "cn-env-food", client)
    assert spread.counts() == alone.counts()
    assert spread.cases.height == alone.cases.height > 5000
    assert spread.cases.select(pl.all().cast(pl.String)).equals(alone.cases.select(pl.all().cast(pl.String)))
    assert spread.rejected.equals(alone.rejected)
    for table in ("peer_groups", "officers", "units", "by_violation", "by_unit", "by_officer"):
        a, b = getattr(alone, table), getattr(spread, table)
        assert b.select(pl.all().cast(pl.String)).equals(a.select(pl.all().cast(pl.String))), table
    one, two = tmp_path / "alone", tmp_path / "spread"
    write_outputs(alone, one, "zh")
    write_outputs(spread, two, "zh")
    assert digest(two) == digest(one)


def test_parquet_partitions_read_by_the_workers_give_the_same_review(client, cases, tmp_path):
    """A folder of Parquet files on storage every worker reads (a real cluster's layout): each worker reads
    its own file; the rows keep their numbers across files, so the rejected list names the same rows."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq
    table = pacsv.read_csv(cases, convert_options=pacsv.ConvertOptions(
        column_types={n: __import__("pyarrow").string() for n in pacsv.read_csv(cases).column_names}))
    folder = tmp_path / "parts"
    folder.mkdir()
    for i, start in enumerate(range(0, table.num_rows, 2000)):
        pq.write_table(table.slice(start, 2000), folder / f"part-{i:03d}.parquet")
    whole = tmp_path / "whole.parquet"
    pq.write_table(table, whole)
    alone = review(whole, "cn-env-food")
    spread = review_on_dask(sorted(str(p) for p in folder.glob("*.parquet")), "cn-env-food", client)
    assert spread.counts() == alone.counts()
    assert spread.rejected.equals(alone.rejected)
    one, two = tmp_path / "alone", tmp_path / "spread"
    write_outputs(alone, one, "en")
    write_outputs(spread, two, "en")
    assert digest(two) == digest(one)


def test_the_command_runs_on_a_local_cluster_and_names_a_missing_scheduler(cases, tmp_path):
    import json
    import subprocess
    import sys
    cmd = [sys.executable, "-m", "penalty.cli.app", "review", str(cases), "-r", "cn-env-food", "--json"]
    one = subprocess.run([*cmd, "-o", str(tmp_path / "a")], capture_output=True, text=True, timeout=300)
    two = subprocess.run([*cmd, "-o", str(tmp_path / "b"), "--dask", "local", "--workers", "2"],
                         capture_output=True, text=True, timeout=300)
    assert one.returncode == 0 and two.returncode == 0, two.stderr[-2000:]
    a, b = json.loads(one.stdout), json.loads(two.stdout)
    assert {k: v for k, v in a.items() if k != "written"} == {k: v for k, v in b.items() if k != "written"}
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    gone = subprocess.run([*cmd, "-o", str(tmp_path / "c"), "--dask", "tcp://127.0.0.1:9", "--lang", "en"],
                          capture_output=True, text=True, timeout=120)
    assert gone.returncode == 1 and "no Dask scheduler answered" in gone.stdout + gone.stderr
    assert "Traceback" not in gone.stdout + gone.stderr
