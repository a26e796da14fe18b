"""Several processes opening one new register at the same moment: every one of them gets the register.

Found under load: the application id and the tables were read one by one, and a process could read the id
before another created the register and the tables after, taking a new register for another program's file
(about 3% of openings with 6 processes). The reads are now one snapshot, and a busy moment is waited out.
"""
import multiprocessing as mp

from penalty.audit import Register


def _open(path, results):
    try:
        with Register.open(path):
            pass
        results.put("ok")
    except Exception as exc:  # reported to the test, which names it
        results.put(f"{type(exc).__name__}: {exc}")


def test_six_processes_create_one_register_together(tmp_path):
    ctx = mp.get_context("fork")  # Linux, as the register; spawn would re-import penalty in every process
    outcomes = []
    for round_ in range(12):
        path = str(tmp_path / f"r{round_}.sqlite")
        results = ctx.Queue()
        procs = [ctx.Process(target=_open, args=(path, results)) for _ in range(6)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        outcomes += [results.get(timeout=5) for _ in procs]
        with Register.open(path, create=False) as reg:
            assert reg.verify().ok
    assert [o for o in outcomes if o != "ok"] == []
