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
   columns: adjustment precedence (`apply_adjustments`) once per distinct mask and model grade, then the
   engine's own money path (`penalty.engine.money_path`: statutory range, points, `grade_at`, shares, band ends,
   recommended point, rounding, clamps, band-end inclusion) run on columns by `exprs.ColumnOps` (exact integer
   arithmetic in Int128, never float).
4. What has no exact integer form (a geometric split on a varying range, a `number`-typed base) goes row by row
   through the reference engine; the count is reported (`fallback_rows`) and is zero for linear rulebooks.
The differential test (tests/review/test_differential.py) checks 1-4 against `assess_act` on random facts.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, fields
from decimal import Decimal
from fractions import Fraction

import polars as pl

from penalty.engine import fines, money_path
from penalty.engine.adjust import BAND_EFFECTS, apply_adjustments, moves_grade
from penalty.engine.assess import assess_act
from penalty.engine.facts import facts_read_by
from penalty.errors import CaseError
from penalty.money import UNBOUNDED
from penalty.review.exprs import I128, UNB, UNB64, ColumnOps, condition, to_expr
from penalty.peers import model_key as model_key_of

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
    if form.kind in ("multiple", "percent") or v.measures_when or getattr(v.model, "relative", False):
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
    if v.measures_when or getattr(m, "relative", False):
        # conditional measures, and table bands that are multiples of a fact, read facts the key does not hold:
        # the reference engine decides
        return _fallback(rb, v, plan, part, stats)
    for name in (base_fact, points_fact):
        if name and rb.facts[name].type not in ("money", "integer"):
            return _fallback(rb, v, plan, part, stats)
    if _tier_or_band_effects(v, part):
        return _fallback(rb, v, plan, part, stats)
    if (base_fact and not _exact_factors(form)) or _geometric_possible(v.split, form):
        return _fallback(rb, v, plan, part, stats)
    # 1. the statutory range: constants, or the base times the factors rounded inwards (money_path.statutory_range)
    if base_fact:
        part = _let(part, ("_L", "_H"), lambda o: money_path.statutory_range(o, form, o.col(base_fact)))
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
        band_pct = m.band_percents(total)
        amount = ("_P", "_P", "_P") if band_pct is None else ("_P", "_PL", "_PH")
        part = _let(part, amount[:1 if band_pct is None else 3], lambda o: [money_path.share_of(o, o.col(base), pct, rb.rounding)
                                                          for pct in (percent, *(band_pct or ()))])
    if band is not None and (band.low is UNBOUNDED or band.high is UNBOUNDED):
        return _fallback(rb, v, plan, part.drop("_L", "_H", strict=False), stats)

    # 3. the model grade: constant, or inferred from where an amount sits in the varying range (money_path.grade_at)
    o = ColumnOps(part.lazy(), ["_H"] if high_unbounded else [])
    L, H = o.col("_L"), o.col("_H")
    if m is not None and m.kind != "points" and band is not None and grade_const is None:
        mid = money_path.recommend_point(o, "midpoint", band.low, band.high)
        grade = money_path.grade_at(o, split, rb.grades, L, H, mid, high_unbounded)
    elif m is not None and m.kind == "points":
        grade = money_path.grade_at(o, split, rb.grades, L, H, o.let(("_C",), o.clamp(o.col("_P"), L, H))[0],
                                    high_unbounded)
    else:
        grade = grade_const
    default = rb.default_grade or next(g.id for g in rb.grades if g.kind == "within_range")
    part = o.frame.with_columns(to_expr(grade).cast(pl.String).fill_null(default).alias("grade_before")).collect()

    # 4. the adjustments (reference function) once per distinct mask and model grade; then the money once per
    # distinct outcome: many masks lead to the same grade and recommendation
    shall_all = [a for a in v.adjustments if a.mode == "shall"]
    outcome_of, lines = {}, []
    for mask, mg in part.select("_m", "grade_before").unique().sort("_m", "grade_before").iter_rows():
        grade_id, rec_override, outcomes = apply_adjustments(
            mg, [a for j, a in enumerate(shall_all) if mask >> j & 1], rb.grades)
        moved = moves_grade(outcomes)
        law = tuple(j for j, a in enumerate(shall_all) if mask >> j & 1 and a.measures)  # their measures (art. 30)
        o = outcome_of.setdefault((grade_id, grade_id == mg, rec_override, moved, law), len(outcome_of))
        lines.append((mask, mg, o, grade_id, ",".join(a.id for a, oc in outcomes if oc == "applied")))
    part = part.join(pl.DataFrame(lines, orient="row", schema={
        "_m": pl.Int64, "grade_before": pl.String, "_o": pl.UInt32, "grade": pl.String, "adjustments": pl.String}),
        on=["_m", "grade_before"], how="left")
    pieces = []
    money_keys = list(outcome_of)
    for (o,), piece in part.partition_by(["_o"], as_dict=True, maintain_order=True).items():
        grade_id, same_as_model, rec_override, moved, law_at = money_keys[o]
        law_adj = [shall_all[j] for j in law_at]
        grade = rb.grade(grade_id)
        piece = _money(rb, v, grade, same_as_model, band, amount, rec_override, piece, high_unbounded, moved, chosen)
        if piece is None:
            return _fallback(rb, v, plan, part.drop("_L", "_H", "_P", "_PL", "_PH", "_C", "grade_before", "_o",
                                                    "grade", "adjustments", strict=False), stats)
        pieces.append(piece.with_columns(pl.lit(grade.kind).alias("grade_kind"),
                                         pl.lit(",".join(_measure_ids(rb, v, grade_id, grade.kind, extra, law_adj))).alias("measures")))
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


_MONEY_COLUMNS = ("low", "high", "recommended", "before_clamp", "low_inclusive", "high_inclusive")


def _money(rb, v, grade, same_as_model, band, amount, rec_override, part, high_unbounded, moved=False, chosen=None):
    """The money path (penalty.engine.money_path.money, the engine's own definition) on the columns of one
    outcome; None when this combination needs the reference engine row by row. `amount`: the points model's
    (amount, band low, band high) column names, or None."""
    source = money_path.source_of(grade, same_as_model, band, amount, moved, v.split, high_unbounded)
    if source == "split" and high_unbounded and grade.kind == "within_range":
        return None  # a grade's band on a range with no maximum: UNBOUNDED has no arithmetic in Int128
    o = ColumnOps(part.lazy(), ["_H"] if high_unbounded else [])
    r = money_path.money(o, rb, v, grade, same_as_model=same_as_model, band=band,
                         points=None if amount is None else tuple(o.col(c) for c in amount),
                         rec_override=rec_override, moved=moved, parts=(), chosen=chosen, stat_low=o.col("_L"),
                         stat_high=o.col("_H"), open_high=high_unbounded)
    values = (r.range_low, r.range_high, r.recommended, r.before_clamp, r.low_inclusive, r.high_inclusive)
    return o.frame.select(*part.columns, *(to_expr(x).cast(RESULT_SCHEMA[c]).alias(c)
                                           for c, x in zip(_MONEY_COLUMNS, values))).collect()


def _let(part: pl.DataFrame, names, values) -> pl.DataFrame:
    """`part` with the columns `names` computed by values(ops) (the money path's operations on columns)."""
    o = ColumnOps(part.lazy())
    got = o.let(names, *values(o))
    # `let` names only what it computes: a value that is a fact's column as it stands (1 x gains, the lower end of
    # 一倍以上三倍以下) is given its name here, since the caller reads the columns by name
    have = set(o.frame.collect_schema().names())
    plain = [to_expr(x).alias(n) for n, x in zip(names, got) if n not in have]
    return (o.frame.with_columns(plain) if plain else o.frame).collect()


def _measure_ids(rb, v, grade_id, grade_kind, extra, law) -> list:
    """The measures of one outcome, as the engine lists them (money_path.measures, then law_measures)."""
    ids = [mid for mid, _ in money_path.measures(v, grade_id, grade_kind, extra)]
    return ids + [mid for mid, _ in money_path.law_measures(rb, v, grade_id, grade_kind, extra, law, ids)]


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
