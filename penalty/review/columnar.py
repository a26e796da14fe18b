"""The compiled rulebook over columns: the engine's result for every row of a typed polars frame.

How it stays identical to the per-case engine (`penalty.engine.assess.assess_act`, the reference):
1. Every condition of a violation (switch branches, tiers, situations, levels, "shall" adjustments) is the same
   bound AST, evaluated as a polars expression (`exprs.condition`). From them each row gets a discrete *key*:
   the statutory branch, the tier / situation / level chosen on every axis (first or heaviest, as the rulebook's
   `overlaps` says) and the set of "shall" adjustments that hold. Given its key, the engine's control flow for a
   row is fixed; only money bases (e.g. goods_value) can still vary within a key.
2. Keys whose result does not depend on a per-row amount (a fixed statutory range, a table band, weights of the
   statutory maximum) are evaluated by running the reference engine ONCE on one representative row, and the
   result is joined back to every row of that key. This is exact by construction and is most of the work saved.
3. Keys whose amounts vary per row (a multiple or percent of a base, weighted points of a fact) are computed in
   columns with exact integer arithmetic (`exprs.Lin`, Int128): inward-rounded statutory limits, `grade_at`
   inference, adjustment precedence (`apply_adjustments`, per distinct model grade), split shares, recommended
   point, `Rounding`, the statutory clamp and the exclusive-high nudge, mirroring `assess._money` line by line.
4. What has no exact integer form (a geometric split on a varying range, a `number`-typed base) goes row by row
   through the reference engine; the count is reported (`fallback_rows`) and is zero for linear rulebooks.
The differential test (tests/review/test_differential.py) checks 1-4 against `assess_act` on random facts.
"""
from __future__ import annotations

import datetime as _dt
import functools
import operator
from dataclasses import dataclass, fields
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

import polars as pl

from penalty.engine import fines
from penalty.engine.adjust import BAND_EFFECTS, apply_adjustments, moves_grade
from penalty.engine.assess import assess_act
from penalty.engine.facts import facts_read_by
from penalty.errors import CaseError
from penalty.money import UNBOUNDED
from penalty.review.exprs import I128, UNB, UNB64, Lin, clamp, condition, round_div, rounded, sign_eq, sign_ge
from penalty.review.peers import model_key as model_key_of

RESULT_SCHEMA = {
    "error": pl.String,  # engine problem code when the facts reach no branch / tier / situation
    "stat_form": pl.String, "stat_low": I128, "stat_high": I128,
    "model_key": pl.String,  # grid cell "row×column", situation id, "points:<capped %>", or "" (no model)
    "grade_before": pl.String, "grade": pl.String, "grade_kind": pl.String,
    "low": I128, "high": I128, "low_inclusive": pl.Boolean, "high_inclusive": pl.Boolean, "recommended": I128,
    "before_clamp": I128,  # the recommended amount before the statutory clamp moved it; null when it did not
    "measures": pl.String,  # measure ids, comma-separated, in the engine's order
    "adjustments": pl.String,  # applied "shall" adjustment ids
    "path": pl.String,  # key | columnar | fallback: how the row was computed (for the benchmark and tests)
}
OUT_COLS = list(RESULT_SCHEMA)
AMOUNTS = [k for k, t in RESULT_SCHEMA.items() if t == I128]


def _unb(v):
    return UNB if v is UNBOUNDED else v


@dataclass
class ViolationPlan:
    violation: object
    keys: list  # (column name, expression) of the discrete key
    facts: list  # fact names the violation reads


def plan_violation(rb, v, atoms: dict | None = None) -> ViolationPlan:
    keys = [("_k_branch", _first([f.when for f in v.statutory], atoms))]
    m = v.model
    if m is not None and m.kind == "situations":
        keys.append(("_k_m0", _pick([s.when for s in m.items], rb.overlaps, atoms)))
    elif m is not None and m.kind == "grid":
        keys.append(("_k_m0", _pick([t.when for t in m.rows.tiers], rb.overlaps, atoms)))
        keys.append(("_k_m1", _pick([t.when for t in m.columns.tiers], rb.overlaps, atoms)))
    elif m is not None:
        for i, f in enumerate(m.factors):
            keys.append((f"_k_f{i}", _pick([lv.when for lv in f.levels], rb.overlaps, atoms)))
    mask = pl.lit(0, dtype=pl.Int64)
    for i, a in enumerate(a for a in v.adjustments if a.mode == "shall"):
        mask = mask + pl.when(condition(a.when.ast, atoms)).then(1 << i).otherwise(0)
    keys.append(("_k_adj", mask))
    return ViolationPlan(v, keys, facts_read_by(v))


def conditions_of(v) -> list:
    """Every condition a violation's rules test: switch branches, adjustments, tiers / situations / levels."""
    conds = [f.when for f in v.statutory if f.when] + [a.when for a in v.adjustments]
    m = v.model
    if m is not None and m.kind == "grid":
        conds += [t.when for t in (*m.rows.tiers, *m.columns.tiers)]
    elif m is not None and m.kind == "situations":
        conds += [s.when for s in m.items]
    elif m is not None:
        conds += [lv.when for f in m.factors for lv in f.levels]
    return conds


def _first(conds, atoms=None) -> pl.Expr:
    """Index of the first condition that holds (None = always holds); -1 when none does."""
    expr = None
    for i, c in enumerate(conds):
        test = pl.lit(True) if c is None else condition(c.ast, atoms)
        expr = pl.when(test).then(i) if expr is None else expr.when(test).then(i)
    return expr.otherwise(-1).cast(pl.Int32)


def _pick(conds, overlaps, atoms=None) -> pl.Expr:
    """`assess._pick`: the first matching tier, or the last (heaviest) one when overlaps: heaviest."""
    order = list(enumerate(conds))
    if overlaps == "heaviest":
        order.reverse()
    expr = None
    for i, c in order:
        test = condition(c.ast, atoms)
        expr = pl.when(test).then(i) if expr is None else expr.when(test).then(i)
    return expr.otherwise(-1).cast(pl.Int32) if expr is not None else pl.lit(-1, dtype=pl.Int32)


# ---------------------------------------------------------------- values between polars and the engine

def engine_facts(rb, names, row: dict) -> dict:
    """A representative row (polars values) -> the engine's normalised facts dict."""
    out = {}
    for n in names:
        v = row.get(n)
        if v is None:
            continue
        t = rb.facts[n].type
        if t in ("money", "integer"):
            v = int(v)
        elif t == "number":
            v = Decimal(v)
        elif t == "date" and isinstance(v, _dt.datetime):
            v = v.date()
        out[n] = v
    return dict(sorted(out.items()))


def result_row(data: dict) -> dict:
    """The reference engine's act result -> one row of RESULT_SCHEMA."""
    model_key = model_key_of(data)
    return {
        "error": None, "stat_form": data["statutory"]["form"],
        "stat_low": _unb(data["statutory"]["low"]), "stat_high": _unb(data["statutory"]["high"]),
        "model_key": model_key, "grade_before": data["grade_before_adjustments"], "grade": data["grade"],
        "grade_kind": data["grade_kind"], "low": _unb(data["range"]["low"]), "high": _unb(data["range"]["high"]),
        "low_inclusive": data["range"]["low_inclusive"], "high_inclusive": data["range"]["high_inclusive"],
        "recommended": _unb(data["recommended"]), "before_clamp": _before_clamp(data),
        "measures": ",".join(m["id"] for m in data["measures"]),
        "adjustments": ",".join(a["id"] for a in data["adjustments"] if a["outcome"] == "applied"),
    }


def _before_clamp(data: dict):
    clamp = next((s["data"] for s in data["trace"] if s["step"] == "clamp"), None)
    if clamp is None or clamp["before"][2] == clamp["after"][2]:
        return None
    return _unb(clamp["before"][2])


def error_row(code: str) -> dict:
    out = {k: None for k in OUT_COLS if k != "path"}
    out["error"] = code
    return out


def reference_row(rb, v, facts: dict) -> dict:
    try:
        return result_row(assess_act(rb, v.id, facts).data)
    except CaseError as exc:
        return error_row(exc.problems[0].code)


# ---------------------------------------------------------------- evaluation

@dataclass
class Stats:
    keys: int = 0
    key_rows: int = 0
    columnar_rows: int = 0
    fallback_rows: int = 0
    two_versions: int = 0  # rows recomputed under two versions (art. 37: act time and decision date)

    def add(self, other: "Stats") -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


def evaluate(rb, df: pl.DataFrame, stats: Stats | None = None, cache: dict | None = None,
             valid: pl.Series | None = None, dictionary: bool = False,
             columns: list | None = None, grade_ids: list | None = None) -> pl.DataFrame:
    """Typed frame (column `violation` + one column per fact, in the engine's domains) -> a frame of
    RESULT_SCHEMA columns aligned row for row with it. Rows whose violation is null or unknown get nulls; rows
    outside `valid` (rejected while reading) get nulls too."""
    kc = key_codes(rb, df)
    if valid is not None:  # rows rejected while reading: no key, no result
        kc = pl.select(pl.when(valid).then(kc)).to_series()
    return resolve(rb, kc, lambda idx: df[idx], stats, cache, dictionary, columns, grade_ids=grade_ids)


def key_codes(rb, df: pl.DataFrame, atoms: dict | None = None) -> pl.Series:
    """One Int64 per row naming its discrete key (violation, branch, tiers/situation/levels, "shall"
    adjustments), mixed radix; null for an unknown violation. `atoms`: conditions precomputed as columns."""
    vids = [v.id for v in rb.violations]
    nv = len(vids)
    vi = pl.col("violation").cast(pl.String).replace_strict(vids, list(range(nv)), default=None,
                                                            return_dtype=pl.Int64)
    code = None
    for i, v in enumerate(rb.violations):
        plan, rad = plan_violation(rb, v, atoms), _radices(rb, v)
        c = pl.lit(0, dtype=pl.Int64)
        for (name, expr), r in zip(plan.keys, rad):
            c = c * r + (expr.cast(pl.Int64) if name == "_k_adj" else expr.cast(pl.Int64) + 1)
        c = c * nv + i
        code = pl.when(vi == i).then(c) if code is None else code.when(vi == i).then(c)
    return df.select(code.otherwise(None).alias("_kc")).to_series()


def dictionary_schema(rb, grade_ids: list | None = None) -> dict:
    """RESULT_SCHEMA with the text columns as dictionaries (grades as the rulebook's Enum, or one over
    `grade_ids`): a few distinct values over millions of rows, so gathering and keeping them costs 4 bytes a
    row instead of a string."""
    grades = pl.Enum(grade_ids or [g.id for g in rb.grades])
    return {k: grades if k in ("grade", "grade_before") else pl.Categorical if t == pl.String else t
            for k, t in RESULT_SCHEMA.items()}


def resolve(rb, kc: pl.Series, rows, stats: Stats | None = None, cache: dict | None = None,
            dictionary: bool = False, columns: list | None = None, int64: bool = False,
            grade_ids: list | None = None) -> pl.DataFrame:
    """Key codes -> results. Constant keys: the reference engine once per key (cached across batches), gathered
    to every row. Varying keys: `_varying` in columns on their rows. rows(indices) -> typed facts of those rows.
    dictionary: text columns as Categorical / Enum (`dictionary_schema`) instead of String. columns: only these
    result columns are gathered to the rows (None: all of RESULT_SCHEMA). int64: amounts as Int64 with UNBOUNDED
    spelt UNB64 (only when `fits_int64(rb)`): half the bytes to gather and keep."""
    stats = stats if stats is not None else Stats()
    plans = [plan_violation(rb, v) for v in rb.violations]
    radices = [_radices(rb, v) for v in rb.violations]
    nv = len(rb.violations)
    first_idx = pl.select(pl.arg_where(kc.is_first_distinct() & kc.is_not_null())).to_series()
    first_codes = kc.gather(first_idx).to_list()
    stats.keys += len(first_codes)
    table_rows, varying, todo = [], {}, []
    cache = cache if cache is not None else {}  # key code -> result: valid across batches of one rulebook
    for k, c in enumerate(first_codes):
        i, key = _decode(c, nv, radices)
        if _varies(rb.violations[i], key):
            varying[k] = (i, key)
        elif c not in cache:
            todo.append(k)
    if todo:
        reps = rows(first_idx.gather(todo))
        for k, row in zip(todo, reps.iter_rows(named=True)):
            i, _ = _decode(first_codes[k], nv, radices)
            v, plan = rb.violations[i], plans[i]
            cache[first_codes[k]] = {**reference_row(rb, v, engine_facts(rb, plan.facts, row)), "path": "key"}
    for k, c in enumerate(first_codes):
        table_rows.append({} if k in varying else cache[c])
    table = pl.DataFrame(table_rows, schema=RESULT_SCHEMA, orient="row") if table_rows else \
        pl.DataFrame(schema=RESULT_SCHEMA)
    schema = dictionary_schema(rb, grade_ids) if dictionary else RESULT_SCHEMA
    table = table.cast(schema)
    dense = kc.replace_strict(first_codes, list(range(len(first_codes))), default=None, return_dtype=pl.UInt32) \
        if first_codes else pl.repeat(None, len(kc), dtype=pl.UInt32, eager=True)
    if varying:
        # keys that differ only in their "shall" adjustments go through `_varying` together (one pass per
        # violation, statutory branch and model position): the adjustments are a column there, not a key
        groups, group_of = {}, {}
        for k, (i, key) in varying.items():
            group_of[k] = groups.setdefault((i, key[:-1]), len(groups))
        ks = list(varying)
        idx = pl.select(pl.arg_where(dense.is_in(ks))).to_series()
        d = dense.gather(idx)
        sub = rows(idx).with_columns(
            idx.cast(pl.UInt32).alias("_i"),
            d.replace_strict(ks, [group_of[k] for k in ks], return_dtype=pl.UInt32).alias("_g"),
            d.replace_strict(ks, [varying[k][1][-1] for k in ks], return_dtype=pl.Int64).alias("_m"))
        parts = []
        group_keys = list(groups)
        for (g,), part in sub.partition_by(["_g"], as_dict=True, maintain_order=True).items():
            i, key = group_keys[g]
            parts.append(_varying(rb, rb.violations[i], plans[i], key, part, stats).select(["_i", *OUT_COLS]))
        done = pl.concat(parts, how="vertical")
        # the per-row results are appended below the key table and each row points at its own line, so every
        # result column is built by one gather (scattering into gathered columns was twice the work)
        table = pl.concat([table, done.select(pl.col(c).cast(t) for c, t in schema.items())])
        dense = dense.scatter(done["_i"], pl.int_range(len(first_codes), table.height, dtype=pl.UInt32, eager=True))
    stats.key_rows += int((table["path"] == "key").gather(dense).sum())
    if int64:  # on the small table, before the gather
        table = amounts_as_int64(table)
    return table.select(pl.col(columns or list(schema)).gather(dense))


def _radices(rb, v) -> list:
    plan_len = [len(v.statutory) + 1]
    m = v.model
    if m is not None and m.kind == "situations":
        plan_len.append(len(m.items) + 1)
    elif m is not None and m.kind == "grid":
        plan_len += [len(m.rows.tiers) + 1, len(m.columns.tiers) + 1]
    elif m is not None:
        plan_len += [len(f.levels) + 1 for f in m.factors]
    plan_len.append(1 << sum(1 for a in v.adjustments if a.mode == "shall"))
    total = len(rb.violations)
    for r in plan_len:
        total *= r
    if total >= 2 ** 62:
        from penalty.errors import Problem, RulebookError
        raise RulebookError([Problem("review.key_too_wide", None, {"violation": v.id})])
    return plan_len


def _decode(code: int, nv: int, radices) -> tuple:
    i = code % nv
    rest = code // nv
    parts = []
    for r in reversed(radices[i]):
        parts.append(rest % r)
        rest //= r
    parts.reverse()
    key = tuple(p - 1 for p in parts[:-1]) + (parts[-1],)
    return i, key


def _varies(v, key) -> bool:
    b = key[0]
    if b < 0 or any(k < 0 for k in key[1:-1] if v.model is None or v.model.kind != "points"):
        return False  # an engine error: constant
    form = v.statutory[b]
    if form.kind in ("multiple", "percent") or v.measures_when:
        return True
    return v.model is not None and v.model.kind == "points" and v.model.of != "statutory_max"


# ---------------------------------------------------------------- the varying path: assess._money in columns

def _varying(rb, v, plan, key, part: pl.DataFrame, stats: Stats) -> pl.DataFrame:
    """The rows of one violation, statutory branch and model position (`key`, without the adjustments); `_m`
    holds each row's "shall" adjustments as a bit mask (bit j: the violation's j-th "shall" adjustment)."""
    form = v.statutory[key[0]]
    m = v.model
    base_fact = form.of if form.kind in ("multiple", "percent") else None
    points_fact = m.of if m is not None and m.kind == "points" and m.of != "statutory_max" else None
    if v.measures_when:  # conditional measures read facts the key does not hold: the reference engine decides
        return _fallback(rb, v, plan, part, stats)
    for name in (base_fact, points_fact):
        if name and rb.facts[name].type not in ("money", "integer"):
            return _fallback(rb, v, plan, part, stats)
    if _tier_or_band_effects(v, part):
        return _fallback(rb, v, plan, part, stats)
    if (base_fact and not _exact_factors(form)) or _geometric_possible(v.split, form):
        return _fallback(rb, v, plan, part, stats)
    # 1. the statutory range: constants, or the base times the factors rounded inwards (fines.statutory_range)
    if base_fact:
        factor = Fraction(1) if form.kind == "multiple" else Fraction(1, 100)
        lo = Lin.of(base_fact).scale(Fraction(form.low) * factor)
        hi = Lin.of(base_fact).scale(Fraction(form.high) * factor)
        part = _with(part, rounded(lo, 1, "ceiling").alias("_L"), rounded(hi, 1, "floor").alias("_H"))
        bad = pl.col("_L") > pl.col("_H")  # a base too small for one minor unit: the engine refuses the case
        if part.select(bad.any()).item():
            good = part.filter(~bad).drop("_L", "_H")
            err = part.filter(bad).with_columns(*_const_cols(error_row("engine.range_below_unit")),
                                                pl.lit("columnar").alias("path"))
            done = [err.select(["_i", *OUT_COLS])]
            if good.height:
                done.insert(0, _varying(rb, v, plan, key, good, stats).select(["_i", *OUT_COLS]))
            return pl.concat(done, how="vertical")
    else:
        part = part.with_columns(pl.lit(_unb(form.low), dtype=I128).alias("_L"),
                                 pl.lit(_unb(form.high), dtype=I128).alias("_H"))
    high_unbounded = form.kind not in ("multiple", "percent") and form.high is UNBOUNDED
    split = v.split

    # 2. the model: a constant grade / band, or points of a base
    band, grade_const, extra, model_key, amount, chosen = None, None, (), "", None, None
    if m is not None and m.kind == "situations":
        s = chosen = m.items[key[1]]
        band, grade_const, extra, model_key = s.band, s.grade, s.measures, s.id
    elif m is not None and m.kind == "grid":
        row, col = m.rows.tiers[key[1]], m.columns.tiers[key[2]]
        cell = chosen = m.cells[(row.id, col.id)]
        band, grade_const, extra, model_key = cell.band, cell.grade, cell.measures, f"{row.id}×{col.id}"
    elif m is not None:
        total = m.start
        for i, f in enumerate(m.factors):
            if key[1 + i] >= 0:
                total += f.levels[key[1 + i]].weight
        percent = m.percent(total)
        model_key = f"points:{percent}"
        if m.of == "statutory_max" and high_unbounded:
            return part.with_columns(*_const_cols(error_row("engine.points_unbounded"))).with_columns(
                pl.lit("columnar").alias("path"))
        base = "_H" if m.of == "statutory_max" else m.of

        def share(pct):  # assess: rb.rounding.apply(base × pct / 100)
            return rounded(Lin.of(base).scale(Fraction(pct) / 100), rb.rounding.step, rb.rounding.mode)
        band_pct = m.band_percents(total)
        if band_pct is None:
            part = _with(part, share(percent).alias("_P"))
            amount = ("_P", "_P", "_P")
        else:
            part = _with(part, share(percent).alias("_P"), share(band_pct[0]).alias("_PL"),
                         share(band_pct[1]).alias("_PH"))
            amount = ("_P", "_PL", "_PH")
    if band is not None and (band.low is UNBOUNDED or band.high is UNBOUNDED):
        return _fallback(rb, v, plan, part.drop("_L", "_H", strict=False), stats)

    # 3. the model grade: constant, or inferred from where an amount sits in the varying range (fines.grade_at)
    if m is not None and m.kind != "points" and band is not None and grade_const is None:
        mid = (Fraction(band.low) + Fraction(band.high)) / 2
        grade_expr = _grade_at(rb, split, Lin.of(mid), high_unbounded)
    elif m is not None and m.kind == "points":
        part = _with(part, clamp(pl.col("_P"), pl.col("_L"), pl.col("_H")).alias("_C"))
        grade_expr = _grade_at(rb, split, Lin.of("_C"), high_unbounded)
    else:
        grade_expr = pl.lit(grade_const)
    default = rb.default_grade or next(g.id for g in rb.grades if g.kind == "within_range")
    part = _with(part, grade_expr.fill_null(default).alias("grade_before"))

    # 4. the adjustments (reference function) once per distinct mask and model grade; then the money once per
    # distinct outcome: many masks lead to the same grade and recommendation
    shall_all = [a for a in v.adjustments if a.mode == "shall"]
    outcome_of, lines = {}, []
    for mask, mg in part.select("_m", "grade_before").unique().sort("_m", "grade_before").iter_rows():
        grade_id, rec_override, outcomes = apply_adjustments(
            mg, [a for j, a in enumerate(shall_all) if mask >> j & 1], rb.grades)
        moved = moves_grade(outcomes)
        o = outcome_of.setdefault((grade_id, grade_id == mg, rec_override, moved), len(outcome_of))
        lines.append((mask, mg, o, grade_id, ",".join(a.id for a, oc in outcomes if oc == "applied")))
    part = part.join(pl.DataFrame(lines, orient="row", schema={
        "_m": pl.Int64, "grade_before": pl.String, "_o": pl.UInt32, "grade": pl.String, "adjustments": pl.String}),
        on=["_m", "grade_before"], how="left")
    pieces = []
    money_keys = list(outcome_of)
    for (o,), piece in part.partition_by(["_o"], as_dict=True, maintain_order=True).items():
        grade_id, same_as_model, rec_override, moved = money_keys[o]
        grade = rb.grade(grade_id)
        piece = _money(rb, v, split, grade, same_as_model, band, amount, rec_override, piece, high_unbounded, moved,
                       chosen)
        if piece is None:
            return _fallback(rb, v, plan, part.drop("_L", "_H", "_P", "_PL", "_PH", "_C", "grade_before", "_o",
                                                    "grade", "adjustments", strict=False), stats)
        pieces.append(piece.with_columns(pl.lit(grade.kind).alias("grade_kind"),
                                         pl.lit(_measures(rb, v, grade_id, extra)).alias("measures")))
    out = pl.concat(pieces, how="vertical").with_columns(
        pl.lit(None, dtype=pl.String).alias("error"), pl.lit(form.kind).alias("stat_form"),
        pl.col("_L").alias("stat_low"), pl.col("_H").alias("stat_high"), pl.lit(model_key).alias("model_key"),
        pl.lit("columnar").alias("path"))
    stats.columnar_rows += out.height
    return out


def _tier_or_band_effects(v, part: pl.DataFrame) -> bool:
    """Whether a row's "shall" adjustments move the tier or a band's amounts (`tier`, `within`, `scale`): rare
    (local rules), so those rows go through the reference engine rather than a second copy of its arithmetic."""
    shall = [a for a in v.adjustments if a.mode == "shall"]
    bits = sum(1 << j for j, a in enumerate(shall) if a.effect in ("tier", *BAND_EFFECTS))
    return bool(bits) and part.select((pl.col("_m") & bits != 0).any()).item()


def _with(df: pl.DataFrame, *exprs) -> pl.DataFrame:
    """with_columns through the lazy engine: the rounding and clamping expressions repeat their operands
    (q, r, the band ends), and only a lazy query eliminates the common subexpressions (eager with_columns
    evaluates every copy: 2-3x the time on these columns)."""
    return df.lazy().with_columns(*exprs).collect()


def _const_cols(row: dict):
    return [pl.lit(row[k], dtype=t).alias(k) for k, t in RESULT_SCHEMA.items() if k != "path"]


def _exact_factors(form) -> bool:
    """The engine multiplies base × factor in Decimal's default 28-digit context: exact while the digits fit."""
    digits = max(len(Decimal(form.low).as_tuple().digits), len(Decimal(form.high).as_tuple().digits))
    return 18 + digits + 2 <= 28


def _geometric_possible(split, form) -> bool:
    """Whether the split can be geometric for this form (then the row-by-row engine is used: logarithms)."""
    if split is None:
        return False
    if split.method == "geometric":
        return True
    if split.geometric_from_ratio is None:
        return False
    if form.kind in ("multiple", "percent"):
        return True
    return fines.uses_geometric(split, form.low, form.high)


def _grade_at(rb, split, amount: Lin, high_unbounded: bool) -> pl.Expr:
    """fines.grade_at for a linear split, as exact comparisons of pct = (amount − L)·100 / (H − L)."""
    if split is None or not split.shares or high_unbounded:
        return pl.lit(None, dtype=pl.String)
    L, H = Lin.of("_L"), Lin.of("_H")
    num, den = (amount - L).scale(100), H - L  # pct = num / den; den < 0 when inward rounding crossed L and H
    den_pos = sign_ge(den, Lin.of(0))

    def ge(p):  # pct >= p, exactly, whatever the sign of den
        return pl.when(den_pos).then(sign_ge(num, den.scale(p))).otherwise(sign_ge(den.scale(p), num))

    def eq(p):
        return sign_eq(num, den.scale(p))
    best = pl.lit(None, dtype=pl.String)
    for g in rb.grades:
        share = split.shares.get(g.id)
        if share is None:
            continue
        lo, hi = Fraction(share[0]), Fraction(share[1])
        inside = (ge(lo) & ~ge(hi)) | (eq(hi) & pl.lit(hi == 100)) | (ge(Fraction(100)) & pl.lit(hi == 100))
        best = pl.when(inside).then(pl.lit(g.id)).when(eq(hi) & best.is_null()).then(pl.lit(g.id)).otherwise(best)
    amount_unb = pl.lit(False)
    if amount.coef.get("_C"):
        amount_unb = pl.col("_C") == UNB
    return pl.when((pl.col("_H") == pl.col("_L")) | amount_unb).then(pl.lit(None, dtype=pl.String)).otherwise(best)


def _measures(rb, v, grade_id, extra) -> str:
    """assess_act step 4, for a constant grade."""
    ids = []
    for mid in (*v.measures_always, *v.measures_by_grade.get(grade_id, ()), *extra):
        if mid not in ids:
            ids.append(mid)
    if rb.grade(grade_id).kind == "no_penalty":
        ids = [x for x in ids if x in v.measures_by_grade.get(grade_id, ())]
    return ",".join(ids)


def _point_between(how, low: pl.Expr, high: pl.Expr, step: int, mode: str) -> pl.Expr:
    """fines.recommend_point then Rounding.apply, on band ends that are columns."""
    if how == "low":
        return round_div(low, step, mode) * step
    if how == "high":
        return round_div(high, step, mode) * step
    if how == "midpoint":
        return round_div(low + high, 2 * step, mode) * step
    f = Fraction(how)
    return round_div(low * (100 * f.denominator) + (high - low) * f.numerator, 100 * f.denominator * step,
                     mode) * step


def _money(rb, v, split, grade, same_as_model, band, amount, rec_override, part, high_unbounded, moved=False,
           chosen=None):
    """assess._money in columns; None when this combination needs the reference engine row by row.
    `amount`: the points model's (amount, band low, band high) columns, or None."""
    how = rec_override or (split.recommend if split else "midpoint")
    step, mode = rb.rounding.step, rb.rounding.mode
    L, H = Lin.of("_L"), Lin.of("_H")
    table = band is not None and (same_as_model or grade.kind == "within_range")
    from_table = True  # the band is the table's (the engine's sources "table_in_grade" and "table")
    points = same_as_model and amount is not None
    if points:  # the one final amount of the points, or the band declared around it (assess._money)
        from_table = False
        low, high = pl.col(amount[1]), pl.col(amount[2])
        rec = pl.col(amount[0]) if rec_override is None else _point_between(how, low, high, step, mode)
    elif table and (moved or not same_as_model) and grade.kind == "within_range" and split is not None \
            and grade.id in split.shares and not high_unbounded:
        # a table band moved by an adjustment is kept inside the new grade's share (the engine's
        # "table_in_grade"): clamp the band's ends into the rounded share, then the point between them
        a, b = split.shares[grade.id]
        # the engine's _band_ends: a share's end at 0% / 100% is the statutory limit itself
        g_low = pl.col("_L") if a == 0 else rounded(L + (H - L).scale(Fraction(a) / 100), step, mode)
        g_high = pl.col("_H") if b == 100 else rounded(L + (H - L).scale(Fraction(b) / 100), step, mode)
        low = clamp(pl.lit(band.low, dtype=I128), g_low, g_high)
        high = clamp(pl.lit(band.high, dtype=I128), g_low, g_high)
        if not fines.declared_ends(rb, v).high:  # the engine's _top_included: never collapse onto an excluded top
            onto_top = (low == high) & (high == g_high) & (g_high != pl.col("_H")) & (g_high > g_low)
            g_top = pl.max_horizontal(g_low, g_high - step)
            low = pl.when(onto_top).then(g_top).otherwise(low)
            high = pl.when(onto_top).then(g_top).otherwise(high)
        rec = _point_between(how, low, high, step, mode)
    elif same_as_model and band is not None:
        lo_c, hi_c = band.low, band.high
        rec_raw = fines.recommend_point(how, lo_c, hi_c)
        low, high = pl.lit(lo_c, dtype=I128), pl.lit(hi_c, dtype=I128)
        rec = pl.lit(rb.rounding.apply(rec_raw), dtype=I128)
    else:
        from_table = False
        exact_low = exact_high = None  # band ends that are the statutory limits themselves (engine: _band_ends)
        inward = False
        if grade.kind == "no_penalty":
            lo_l, hi_l = Lin.of(0), Lin.of(0)
        elif grade.kind == "below_minimum":
            lo_p, hi_p = split.below_minimum if split else (Decimal(0), Decimal(100))
            lo_l, hi_l = L.scale(Fraction(lo_p) / 100), L.scale(Fraction(hi_p) / 100)
            inward = True
            if hi_p == 100:
                exact_high = pl.col("_L")
        elif split is None or (not high_unbounded and split.shares.get(grade.id) is None):
            if high_unbounded:
                return None
            lo_l, hi_l = L, H
        elif high_unbounded:
            return None  # open-maximum multiples with a row-varying base: rare, left to the engine
        else:
            a, b = split.shares[grade.id]
            lo_l = L + (H - L).scale(Fraction(a) / 100)
            hi_l = L + (H - L).scale(Fraction(b) / 100)
            exact_low = pl.col("_L") if a == 0 else None
            exact_high = pl.col("_H") if b == 100 else None
        if how == "low":
            rec_l = lo_l
        elif how == "high":
            rec_l = hi_l
        elif how == "midpoint":
            rec_l = (lo_l + hi_l).scale(Fraction(1, 2))
        else:
            rec_l = lo_l + (hi_l - lo_l).scale(Fraction(how) / 100)
        if inward:
            low, high = rounded(lo_l, step, "ceiling"), rounded(hi_l, step, "floor")
        else:
            low, high = rounded(lo_l, step, mode), rounded(hi_l, step, mode)
        low = exact_low if exact_low is not None else low
        high = exact_high if exact_high is not None else high
        rec = rounded(rec_l, step, mode)
    # the statutory clamp
    if grade.kind == "no_penalty":
        b_lo, b_hi = pl.lit(0, dtype=I128), pl.lit(0, dtype=I128)
    elif grade.kind == "below_minimum":
        b_lo, b_hi = pl.lit(0, dtype=I128), pl.col("_L")
    else:
        b_lo, b_hi = pl.col("_L"), pl.col("_H")
    # each step materialised as a column: the clamps repeat their operands, and a tree that nests them all is
    # mostly planning time (13-20 ms a call however few the rows)
    lo_, hi_, rc_, blo, bhi = (pl.col(c) for c in ("_lo", "_hi", "_rc", "_blo", "_bh"))
    part = part.lazy().with_columns(low.alias("_lo"), high.alias("_hi"), rec.alias("_rc"), b_lo.alias("_blo"),
                                    b_hi.alias("_bh")) \
        .with_columns(clamp(rc_, lo_, hi_).alias("_rc")) \
        .with_columns(clamp(lo_, blo, bhi).alias("low"), clamp(hi_, blo, bhi).alias("high"),
                      clamp(rc_, blo, bhi).alias("recommended")) \
        .with_columns(pl.when(pl.col("recommended") != rc_).then(rc_).otherwise(None).alias("before_clamp")) \
        .drop("_lo", "_hi", "_rc")
    lo_c, hi_c, rc_c = pl.col("low"), pl.col("high"), pl.col("recommended")
    if grade.kind == "below_minimum":
        low_incl, incl = pl.lit(True), lo_c == hi_c  # the minimum itself is not 减轻
    elif grade.kind == "no_penalty" or points:  # a band declared around a points sum holds both its ends
        low_incl = incl = pl.lit(True)
    else:  # the engine's own rule (fines.included_ends), run on columns
        low_incl, incl = fines.included_ends(fines.declared_ends(rb, v, chosen if from_table else None), lo_c, hi_c,
                                             (blo, bhi), fines.other_cells(rb, v, chosen), POLARS_ENDS)
    # fines.inside_ends: the recommendation moved off an excluded end
    bounded = (rc_c != UNB) & (lo_c != UNB) & (hi_c != UNB) & (hi_c > lo_c)
    part = part.with_columns(low_incl.alias("low_inclusive"), incl.alias("high_inclusive")).drop("_blo")
    rc_c = pl.when(bounded & ~pl.col("high_inclusive") & (rc_c >= hi_c)).then(
        pl.max_horizontal(lo_c, hi_c - step)).otherwise(rc_c)
    rc_c = pl.when(bounded & ~pl.col("low_inclusive") & (rc_c <= lo_c)).then(
        pl.min_horizontal(hi_c, lo_c + step)).otherwise(rc_c)
    return part.with_columns(rc_c.alias("recommended")).collect()


def _reduce(items, op, empty: bool) -> pl.Expr:
    exprs = [item() if callable(item) else item for item in items]
    return functools.reduce(op, exprs) if exprs else pl.lit(empty)


# penalty.rulebook.boundaries' operations as polars expressions (its rules on band ends run on columns)
POLARS_ENDS = SimpleNamespace(any_=lambda *xs: _reduce(xs, operator.or_, False),
                              all_=lambda *xs: _reduce(xs, operator.and_, True), not_=operator.invert,
                              eq=operator.eq, lt=operator.lt, gt=operator.gt, lit=pl.lit,
                              is_unbounded=lambda x: x == UNB)


def _fallback(rb, v, plan, part: pl.DataFrame, stats: Stats) -> pl.DataFrame:
    """Row by row through the reference engine (what has no exact integer form)."""
    rows = [reference_row(rb, v, engine_facts(rb, plan.facts, r)) for r in part.iter_rows(named=True)]
    res = pl.DataFrame(rows, schema={k: t for k, t in RESULT_SCHEMA.items() if k != "path"}, orient="row")
    stats.fallback_rows += part.height
    base = part.drop([c for c in OUT_COLS if c in part.columns])
    return pl.concat([base, res], how="horizontal").with_columns(pl.lit("fallback").alias("path"))


# ---------------------------------------------------------------- typed frames

def fact_dtype(fact) -> pl.DataType:
    """The column type of a fact's engine domain (money: int minor units)."""
    return {"money": pl.Int64, "integer": pl.Int64, "number": pl.Decimal(38, NUMBER_SCALE), "boolean": pl.Boolean,
            "enum": pl.String, "date": pl.Date}[fact.type]


NUMBER_SCALE = 12  # decimal places kept for `number` facts in columns (more is rejected when reading)


def frame_from_facts(rb, items) -> pl.DataFrame:
    """[(violation id, engine facts dict)] -> a typed frame for `evaluate` (tests, the generator, notebooks)."""
    cols = {"_row": list(range(len(items))), "violation": [v for v, _ in items]}
    schema = {"_row": pl.Int64, "violation": pl.String}
    for name, fact in rb.facts.items():
        cols[name] = [f.get(name) for _, f in items]
        schema[name] = fact_dtype(fact)
    return pl.DataFrame(cols, schema=schema)


def amounts_as_int64(frame: pl.DataFrame) -> pl.DataFrame:
    """The result amounts of `frame` as Int64, UNBOUNDED spelt UNB64 (for rulebooks where `fits_int64`)."""
    return frame.with_columns(pl.when(pl.col(c) == UNB).then(pl.lit(UNB64, dtype=I128)).otherwise(pl.col(c))
                              .cast(pl.Int64).alias(c) for c in AMOUNTS if c in frame.columns)


def fits_int64(rb) -> bool:
    """Whether every amount this rulebook can produce stays below 2^62 minor units, so results can be kept as
    Int64 (UNBOUNDED spelt UNB64) instead of Int128: bounds from the facts' declared maxima (or 10^15 major)."""
    from penalty.money import MAX_MAJOR
    limit = 2 ** 62
    default_max = int(MAX_MAJOR) * rb.unit.minor_units

    def fact_max(name):
        f = rb.facts[name]
        return int(f.max) if f.max is not None else default_max
    top = 0
    for v in rb.violations:
        for f in v.statutory:
            if f.kind in ("multiple", "percent"):
                factor = Fraction(f.high) / (1 if f.kind == "multiple" else 100)
                top = max(top, int(fact_max(f.of) * factor) + 1)
            else:
                top = max(top, *(x for x in (f.low, f.high) if x is not UNBOUNDED), 0)
        m = v.model
        if m is not None and m.kind == "points" and m.of != "statutory_max":
            top = max(top, int(fact_max(m.of) * Fraction(m.cap) / 100) + 1)
    return top < limit
