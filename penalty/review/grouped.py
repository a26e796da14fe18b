"""The fast path for a batch: work once per distinct combination of cells, amounts per row.

Decided cases repeat themselves: millions of rows hold a few thousand distinct combinations of violation and
non-amount facts (enums, yes/no, counts). So:
1. each such column is read as a dictionary (Categorical); its codes are combined into one signature per row;
2. cells are typed and checked, and every condition is evaluated, once per distinct signature;
3. conditions on amounts (`goods_value < 10000`) are evaluated per row as bits ("atoms") and added to the
   signature, so every condition of a row is known from its signature;
4. the key code of each signature is gathered back to its rows, and `columnar.resolve` finishes: the reference
   engine once per constant key, exact integer arithmetic per row where an amount is a base.
Rows end exactly where the per-row path (`parse.parse_frame` + `columnar.evaluate`) puts them; the tests
compare the two.
"""
from __future__ import annotations

import numpy as np
import polars as pl

from penalty.review import columnar
from penalty.review.exprs import condition
from penalty.review.parse import nulls, parse_decision, parse_facts, parse_violation, reject_text, unreached_cleared
from penalty.rulebook.conditions import Compare, In, nodes

PER_ROW_TYPES = ("money", "number")


def _atoms(rb) -> list:
    """Comparisons that read an amount: evaluated per row."""
    amounts = {n for n, f in rb.facts.items() if f.type in PER_ROW_TYPES}
    found = {}

    for v in rb.violations:
        for c in columnar.conditions_of(v):
            for node in nodes(c.ast):
                if isinstance(node, (Compare, In)):
                    ops = node.operands if isinstance(node, Compare) else (node.operand,)
                    if any(getattr(o, "name", None) in amounts for o in ops):
                        found.setdefault(id(node), node)
    return list(found.values())


def _signatures(frame: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Rows -> (one row index per distinct combination of cells, the combination's number for every row).
    A multi-threaded hash group_by on the dictionary codes (null is a value of its own), packed several to a
    UInt64 key (as many as the largest code's bits allow): grouping 18 UInt32 columns row-encodes every row,
    4 packed keys halve the cost."""
    phys = frame.select(pl.col(c).to_physical() for c in frame.columns)
    if all(dt.is_integer() for dt in phys.dtypes):  # dictionary codes (text read from JSON etc. is grouped as is)
        top = phys.select(pl.max_horizontal(pl.all().max())).item() if phys.height else None
        null = 0 if top is None else int(top) + 1  # a code no cell has
        bits = max(null.bit_length(), 1)
        per = 64 // bits
        keys = []
        for i in range(0, phys.width, per):
            key = None
            for j, c in enumerate(phys.columns[i:i + per]):
                part = pl.col(c).cast(pl.UInt64).fill_null(null) * (1 << (bits * j))
                key = part if key is None else key + part
            keys.append(key.alias(f"_k{i}"))
        phys = phys.select(keys)
    cols = phys.columns
    grp = phys.with_row_index("_i").group_by(cols).agg(pl.col("_i"))
    ex = grp.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("_g"), "_i").explode("_i")
    inverse = np.empty(frame.height, dtype=np.int64)
    inverse[ex["_i"].to_numpy()] = ex["_g"].to_numpy()
    return grp["_i"].list.first().to_numpy(), inverse


def _unique(sig: np.ndarray):
    """Distinct values by hashing (first row of each, in row order) and the number of each row's value."""
    s = pl.Series(sig)
    first = pl.select(pl.arg_where(s.is_first_distinct())).to_series()
    inverse = s.replace_strict(s.gather(first), pl.int_range(len(first), dtype=pl.Int64, eager=True))
    return first.to_numpy(), inverse.to_numpy()


def prepare(rb, raw: pl.DataFrame, vocab=None):
    """-> (per-row frame: decision columns, amounts, violation, harm facts, `reject`; key codes; rows(idx)),
    or None when the amount conditions are too many to pack into 62 bits (then the per-row path is used)."""
    n = raw.height
    low = [f for f in rb.facts if rb.facts[f].type not in PER_ROW_TYPES]
    per_row = [f for f in rb.facts if rb.facts[f].type in PER_ROW_TYPES]
    atoms = _atoms(rb)
    if (1 << len(atoms)) * max(n, 1) >= 2 ** 62:
        return None
    cells = raw.select([c for c in ["violation", *low] if c in raw.columns])
    first, inverse = _signatures(cells)
    table_raw = cells[first]
    vcols, verrs = parse_violation(rb, table_raw, vocab)
    vcode_t = vcols["violation"].to_physical()
    fcols, ferrs = parse_facts(rb, table_raw, low, vcode_t, vocab)
    table = pl.DataFrame({k: s.alias(k) for k, s in {**vcols, **fcols}.items()})
    inv = pl.Series(inverse, dtype=pl.UInt32)

    # per row: the decision, the amounts, and the conditions on amounts
    vcode = vcode_t.gather(inv)
    acols, aerrs = parse_facts(rb, raw, per_row, vcode, vocab)
    dcols, derrs = parse_decision(rb, raw, vocab)
    rows = pl.DataFrame({k: s.alias(k) for k, s in {**dcols, **acols}.items()})
    names = {id(a): f"_atom{i}" for i, a in enumerate(atoms)}
    bits = np.zeros(n, dtype=np.int64)
    if atoms:  # every atom's bit in one pass over the amounts
        bits = rows.select(pl.sum_horizontal(condition(a).fill_null(False).cast(pl.Int64) * (1 << i)
                                             for i, a in enumerate(atoms))).to_series().to_numpy()
    sig2 = inverse.astype(np.int64) * (1 << len(atoms)) + bits
    first2, inverse2 = _unique(sig2)
    table2 = table[inverse[first2]].with_columns(
        pl.Series(names[id(a)], (bits[first2] >> i) & 1 == 1) for i, a in enumerate(atoms))
    inv2 = pl.Series(inverse2, dtype=pl.UInt32)
    kc = columnar.key_codes(rb, table2, names).gather(inv2)

    # reasons of the non-amount cells are worded once per signature and gathered as one column, then joined
    # with the per-row reasons (amounts, decision) in the same order as before: violation, facts, decision
    sig_reject = reject_text({**verrs, **ferrs}, table.height).gather(inv)
    row_reject = reject_text({**aerrs, **derrs}, n)
    idx = pl.select(pl.arg_where(sig_reject.is_not_null() | row_reject.is_not_null())).to_series()
    reject = nulls(n, pl.String)
    if len(idx):  # only the few rejected rows are worded
        both = pl.select(pl.concat_str([sig_reject.gather(idx), row_reject.gather(idx)], separator=";",
                                       ignore_nulls=True)).to_series()
        reject = reject.scatter(idx, both)
    amounts = rows.select(per_row)
    facts_low = table2.select(["violation", *low])

    def facts_of(idx: pl.Series) -> pl.DataFrame:
        low_part = facts_low[inv2.gather(idx)]
        if not per_row:  # a frame of no columns has no rows to gather (a rulebook without amounts, e.g. USSG)
            return low_part
        return pl.concat([low_part, amounts[idx]], how="horizontal")
    reject = unreached_cleared(rb, reject, facts_of)  # a fact the row's case does not reach may be empty
    kc = pl.select(pl.when(reject.is_null()).then(kc)).to_series()
    harm = [f for f in ("harm_caused",) if f in table.columns]
    rows = rows.with_columns(table["violation"].gather(inv).alias("violation"),
                             *(table[f].gather(inv).alias(f) for f in harm), reject.alias("reject"))
    return rows, kc, facts_of
