"""A deterministic generator of synthetic decided cases, for the benchmark, the tests and the bundled sample.

Seeded (numpy PCG64): the same (n, seed, rulebook) gives byte-identical files. Facts are drawn from each fact's
declared domain; the lawful outcome of every case is computed with the columnar engine (proved equal to the
per-case engine by tests/review/test_differential.py); clean cases are then decided in the middle of their band
(position 0.35-0.65), with the computed grade and measures, within the limitation period. About `planted` of the
cases are made inconsistent in one known way each (column `planted` of the truth file names it), two officers
drift high on all their cases, and a few rows are malformed on purpose (truth column `bad`).
Headers are the Chinese ones of rulebooks/examples/review-mapping.yml.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

import numpy as np
import polars as pl

from penalty.engine.facts import facts_read_by
from penalty.i18n import pick
from penalty.review.columnar import evaluate, fact_dtype

HEADERS = {"case_id": "案件编号", "violation": "违法行为", "fine": "罚款金额", "grade": "裁量阶次",
           "measures": "其他处罚措施", "officer": "承办人", "unit": "承办单位", "act_date": "违法行为发生日期",
           "discovery_date": "立案日期", "decision_date": "决定日期", "mitigation_reason": "减轻理由"}
PLANTED_KINDS = ("above_range", "below_range", "grade_differs", "fined_no_penalty", "missing_measures",
                 "limitation", "peer_outlier")
DRIFT_OFFICERS = ("执法员0001", "执法员0002")
N_OFFICERS, N_UNITS = 400, 40
GENERATOR = 2  # bumped whenever the same seed would write different cases (benchmarks cache their files by it)
_EPOCH = _dt.date(2022, 1, 1)  # dates of a rulebook without an effective date
CHUNK = 250_000


def fact_header(fact) -> str:
    return pick(fact.label, "zh") or fact.name


def generate(rb, n: int, seed: int = 20240601, planted: float = 0.02, bad: float = 0.001,
             officers: int = N_OFFICERS, units: int = N_UNITS, first: int = 0):
    """-> (cases frame with Chinese headers, all String; truth frame: case_id, planted, bad, officer).
    `first`: number of the first case (chunks of a large file each get their own seed and numbers)."""
    rng = np.random.default_rng([seed, first])
    vio = rng.integers(0, len(rb.violations), n)
    vids = np.array([v.id for v in rb.violations])[vio]
    cols: dict = {"_row": np.arange(n), "violation": vids}
    for name, fact in rb.facts.items():
        readers = np.array([name in facts_read_by(v) for v in rb.violations])[vio]
        cols[name] = _draw(rng, fact, n, readers)
    typed = pl.DataFrame({"_row": cols.pop("_row"), "violation": cols.pop("violation")})
    typed = typed.with_columns(
        pl.when(pl.lit(pl.Series(readers))).then(pl.lit(pl.Series(k, values, dtype=fact_dtype(rb.facts[k]))))
        .otherwise(None).alias(k) for k, (values, readers) in cols.items())
    res = evaluate(rb, typed)
    low = res["low"].cast(pl.Int64, strict=False).fill_null(0).to_numpy()
    # an open maximum (no statutory cap): decided amounts drawn as if the band ended at twice its low end
    high_s = res["high"].cast(pl.Int64, strict=False)
    high = np.where(high_s.is_null().to_numpy(), low * 2 + 10_000, high_s.fill_null(0).to_numpy())
    kind = res["grade_kind"].to_numpy()
    width = np.maximum(high - low, 0)

    # the decision: clean cases in the middle of their band; drifting officers higher
    officer_no = rng.integers(0, officers, n)
    drift = officer_no < len(DRIFT_OFFICERS)
    pos_bp = np.where(drift, rng.integers(6200, 7000, n), rng.integers(3500, 6500, n))  # basis points of the band
    fine = low + width * pos_bp // 10000 // 100 * 100
    fine = np.where(kind == "no_penalty", 0, fine)
    grade_label = {g.id: pick(g.label, "zh") for g in rb.grades}
    grade = res["grade"].replace_strict(grade_label).to_numpy().astype(object)
    measure_label = {m: pick(d["label"], "zh") for m, d in rb.measures.items()}
    measures = res["measures"].replace_strict(
        {s: "；".join(measure_label[x] for x in s.split(",") if x) for s in res["measures"].unique().to_list()
         if s is not None}, default=None, return_dtype=pl.String).to_numpy().astype(object)
    # acts within a year of the rulebook's start, decided within 180 days (so inside its own version, before a
    # revision 18 months on); only the planted limitation cases are decided years later
    act = rng.integers(0, 366, n)
    discovery = act + rng.integers(1, 120, n)
    decision = discovery + rng.integers(10, 60, n)
    epoch = rb.effective_from or _EPOCH
    reason = np.full(n, None, dtype=object)

    # planted inconsistencies, one kind each, on rows where that kind can be seen
    label = np.full(n, "", dtype=object)
    draw = rng.random(n)
    which = rng.integers(0, len(PLANTED_KINDS), n)
    chosen = (draw < planted) & ~drift
    safety = np.array([v.touches_safety for v in rb.violations])[vio]
    for k, name in enumerate(PLANTED_KINDS):
        m = chosen & (which == k)
        if name == "above_range":
            m &= (kind != "no_penalty") & (high < 10 ** 15)
            fine = np.where(m, high + width // 5 + 100_00, fine)
        elif name == "below_range":
            m &= (kind != "no_penalty") & (low >= 200)
            fine = np.where(m, low - np.maximum(low // 10, 100) // 100 * 100, fine)
        elif name == "grade_differs":
            m &= (kind == "within_range") & (len(grade_label) > 1)  # one grade only (USSG): nothing to differ
            other = {g: next((x for x in grade_label.values() if x != lab), lab) for g, lab in grade_label.items()}
            grade = np.where(m, res["grade"].replace_strict(other).to_numpy().astype(object), grade)
        elif name == "fined_no_penalty":
            m &= kind == "no_penalty"
            fine = np.where(m, 1000_00, fine)
        elif name == "missing_measures":
            m &= measures != ""
            measures = np.where(m, "", measures)
        elif name == "limitation":
            discovery = np.where(m, act + np.where(safety, 5 * 366 + 30, 2 * 366 + 30), discovery)
            decision = np.where(m, discovery + 20, decision)
        elif name == "peer_outlier":
            # only where the case has enough peers for its distance to be unambiguous (a small group of 50 with
            # several other planted cases has an inflated MAD, and a borderline planted case proves nothing)
            group = res.with_columns(typed["violation"]).select(pl.len().over("violation", "model_key", "grade")) \
                .to_series().to_numpy()
            m &= (kind == "within_range") & (width >= 100_000) & (group >= 200)
            p = np.where(rng.random(n) < 0.5, rng.integers(0, 300, n), rng.integers(9700, 9900, n))
            fine = np.where(m, low + width * p // 10000 // 100 * 100, fine)
        label = np.where(m, name, label)

    out = {
        HEADERS["case_id"]: [f"合成〔2024〕{i:07d}号" for i in range(first, first + n)],
        HEADERS["violation"]: vids,
        **{fact_header(rb.facts[k]): _text(rb.facts[k], typed[k], rb) for k in rb.facts},
        HEADERS["fine"]: _yuan(fine, rb.unit.minor_units),
        HEADERS["grade"]: grade,
        HEADERS["measures"]: measures,
        HEADERS["officer"]: np.array([f"执法员{i + 1:04d}" for i in range(officers)])[officer_no],
        HEADERS["unit"]: np.array([f"第{i + 1:02d}执法大队" for i in range(units)])[officer_no % units],
        HEADERS["act_date"]: _dates(act, epoch),
        HEADERS["discovery_date"]: _dates(discovery, epoch),
        HEADERS["decision_date"]: _dates(decision, epoch),
        HEADERS["mitigation_reason"]: reason,
    }
    frame = pl.DataFrame({k: pl.Series(k, list(v), dtype=pl.String) for k, v in out.items()})
    frame, bad_mask = _messy(frame, rng, bad, label)
    truth = pl.DataFrame({"case_id": out[HEADERS["case_id"]], "planted": label.astype(str), "bad": bad_mask,
                          "officer": out[HEADERS["officer"]]})
    return frame, truth


def _draw(rng, fact, n, readers):
    """Values in the engine domain; rows of violations that do not read the fact stay empty."""
    t = fact.type
    if t == "enum":
        values = list(fact.values)
        if fact.default is not None:
            others = [v for v in values if v != fact.default] or values
            v = np.where(rng.random(n) < 0.97, fact.default, np.array(others)[rng.integers(0, len(others), n)])
        else:
            v = np.array(values)[rng.integers(0, len(values), n)]
        return (v.astype(object), readers)
    if t == "boolean":
        p = 0.01 if fact.default is False else 0.5
        return (rng.random(n) < p, readers)
    if t in ("integer", "money"):
        lo = fact.min if fact.min is not None else 0
        hi = fact.max if fact.max is not None else (10 ** 12 if t == "money" else lo + 100)
        if t == "integer":
            v = lo + rng.geometric(0.5, n) - 1
        else:  # goods values: whole yuan, log-uniform between 100 yuan and 1,000,000 yuan
            v = (np.exp(rng.uniform(np.log(100), np.log(1_000_000), n)).astype(np.int64)) * 100
        return (np.clip(v, lo, hi), readers)
    if t == "date":
        return (np.array([_EPOCH + _dt.timedelta(days=int(d)) for d in rng.integers(0, 900, n)]), readers)
    return (rng.integers(0, 100, n), readers)


def _text(fact, col: pl.Series, rb) -> np.ndarray:
    """Cells as a register would hold them: labels, 是/否, yuan; empty where the fact does not apply or
    where it has its default (as officers leave 否 columns blank)."""
    t = fact.type
    if fact.default is not None:
        col = pl.select(pl.when(col == fact.default).then(None).otherwise(col)).to_series()
    if t == "enum":
        labels = {k: pick(v, "zh") for k, v in fact.values.items()}
        return col.replace_strict(labels, default=None).to_numpy().astype(object)
    if t == "boolean":
        return col.replace_strict({True: "是", False: "否"}, default=None, return_dtype=pl.String) \
            .to_numpy().astype(object)
    if t == "money":
        return np.array([None if x == "" else x for x in _yuan_or_empty(col.to_list(), rb.unit.minor_units)],
                        dtype=object)
    return col.cast(pl.String).to_numpy().astype(object)


def _yuan_or_empty(values, minor):
    out = []
    for v in values:
        if v is None:
            out.append("")
        elif v % minor:
            out.append(f"{v // minor}.{v % minor:0{len(str(minor)) - 1}d}")
        else:
            out.append(str(v // minor))
    return out


def _yuan(minor_units: np.ndarray, minor: int = 100) -> np.ndarray:
    return np.array(_yuan_or_empty(minor_units.tolist(), minor), dtype=object)


def _dates(days: np.ndarray, epoch: _dt.date) -> np.ndarray:
    base = np.datetime64(epoch.isoformat())
    return np.datetime_as_string(base + days.astype("timedelta64[D]"), unit="D").astype(object)


def _messy(frame: pl.DataFrame, rng, bad: float, label):
    """Real-world spellings on 1% of clean rows (still valid) and a few malformed rows (must be rejected)."""
    n = frame.height
    fine_h, date_h, vio_h = HEADERS["fine"], HEADERS["decision_date"], HEADERS["violation"]
    clean = label == ""
    r = rng.random(n)
    fine = frame[fine_h].to_numpy().astype(object)
    date = frame[date_h].to_numpy().astype(object)
    vio = frame[vio_h].to_numpy().astype(object)
    idx = np.nonzero(clean & (r < 0.01))[0]
    for j, i in enumerate(idx):
        form = j % 5
        if form == 0 and len(fine[i]) > 3 and "." not in fine[i]:
            fine[i] = f"{int(fine[i]):,}"
        elif form == 1:
            fine[i] = fine[i].translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
        elif form == 2:
            y, m, d = date[i].split("-")
            date[i] = f"{y}年{int(m)}月{int(d)}日"
        elif form == 3:
            y, m, d = date[i].split("-")
            date[i] = f"{y}/{int(m)}/{int(d)}"
        else:
            date[i] = date[i].replace("-", "")
    bad_mask = clean & (r >= 0.01) & (r < 0.01 + bad)
    for j, i in enumerate(np.nonzero(bad_mask)[0]):
        form = j % 5
        if form == 0:
            vio[i] = "no-such-violation"
        elif form == 1:
            fine[i] = "壹万元"
        elif form == 2:
            fine[i] = ""
        elif form == 3:
            date[i] = "31/02/2024"
        else:
            fine[i] = "1,00,000"
    frame = frame.with_columns(pl.Series(fine_h, fine, dtype=pl.String), pl.Series(date_h, date, dtype=pl.String),
                               pl.Series(vio_h, vio, dtype=pl.String))
    return frame, bad_mask


def write(rb, path: Path, n: int, seed: int = 20240601, planted: float = 0.02, bad: float = 0.001,
          officers: int = N_OFFICERS, units: int = N_UNITS) -> Path:
    """Write the cases CSV and `<stem>.truth.csv` beside it; returns the truth file's path."""
    path = Path(path)
    truth_path = path.with_name(path.stem + ".truth.csv")
    with path.open("wb") as out, truth_path.open("wb") as tout:
        for i, first in enumerate(range(0, n, CHUNK)):  # chunks keep the generator's memory small
            frame, truth = generate(rb, min(CHUNK, n - first), seed, planted, bad, officers, units, first)
            frame.write_csv(out, include_header=i == 0)
            truth.write_csv(tout, include_header=i == 0)
    return truth_path
