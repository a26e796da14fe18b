"""Loading: YAML text -> validated, bound, immutable Rulebook. Every problem is collected, then raised together.

Order: parse (positions, duplicate keys) -> validate shape (spec.py) -> resolve includes -> build the model,
binding every condition to the declared facts. Only this module and yamlsource.py know about YAML.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from penalty import canonical
from penalty.errors import Problem, RulebookError
from penalty.money import UNBOUNDED, Rounding, to_minor
from penalty.record import replace
from penalty.rulebook import conditions as C
from penalty.rulebook import model as M
from penalty.rulebook.boundaries import KEYWORDS, parse as parse_boundaries
from penalty.rulebook.spec import BLOCK, RULEBOOK, did_you_mean, validate
from penalty.rulebook.yamlsource import Map, Pos, YamlProblem, parse_yaml, position_of
from penalty.values import layer_code, read_date, read_value

MAX_FILE_BYTES = 5 * 1024 * 1024  # an explicit limit: a rulebook is text a person edits
DEFAULT_GRADES_KIND = "within_range"
# Above this many characters a rulebook's lists are counted from the YAML events before it is built (_count_first);
# below it, building costs less than a second and validation says the same.
COUNT_FIRST_FROM = 256 * 1024


def load_rulebook(path) -> M.Rulebook:
    """Load a rulebook file. Raises RulebookError listing every problem with file:line:column.

    A book built before from the same bytes (its own and every included file's) comes from the compiled-rulebook
    cache (penalty.rulebook.cache), which never changes a result."""
    from penalty.rulebook import cache
    p = Path(path)
    text = read_source(p, p.name)
    rulebook = cache.lookup(p, text)
    if rulebook is None:
        rulebook = load_rulebook_text(text, p.name, base_dir=p.parent)
        cache.store(p, text, rulebook)
    return rulebook


def load_rulebook_text(text: str, name: str, base_dir: Path | None = None,
                       include_texts: dict | None = None) -> M.Rulebook:
    """Load from text. `include_texts` ({ref: text}) supplies included blocks without touching the disk."""
    data = _parse(text, name)
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise RulebookError([Problem("load.not_mapping", Pos(name, 1, 1))])
    if "penalty_block" in data and "penalty_rulebook" not in data:
        raise RulebookError([Problem("load.is_block", data.pos)])
    validate(data, RULEBOOK, data.pos, "rulebook", problems)
    if problems:
        raise RulebookError(problems)
    sources: dict = {}
    blocks = _includes(data, base_dir, problems, include_texts or {}, sources)
    if problems:
        raise RulebookError(problems)
    plain = canonical.to_plain({"rulebook": data, "includes": [b for b in blocks]})
    fingerprint = canonical.sha256(plain)
    rulebook = _Builder(data, blocks, name, problems).build(text, fingerprint, plain)
    rulebook = replace(rulebook, include_texts=tuple(sorted(sources.items())))
    if problems:
        raise RulebookError(sorted(problems, key=_problem_order))
    return rulebook


def _problem_order(p: Problem):
    pos = p.pos
    return (pos.file, pos.line, pos.column) if pos else ("", 0, 0)


def read_source(p: Path, name: str) -> str:
    """The text of a rulebook-layer file (rulebook, block, example cases), measured before it is read."""
    from penalty.inputs import read_limited  # measured before it is read; /dev/zero and folders are refused
    raw = read_limited(p, MAX_FILE_BYTES, RulebookError, "load", {"pos": Pos(name, 1, 1)})
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RulebookError([Problem("load.not_utf8", Pos(name, 1, 1), {"offset": exc.start})]) from None


def _parse(text: str, name: str, root: str = "rulebook"):
    try:
        if len(text) > COUNT_FIRST_FROM:
            _count_first(text, name, root)
        data = parse_yaml(text, name)
    except YamlProblem as exc:
        raise RulebookError([Problem(exc.code, exc.pos, {k: str(v) for k, v in exc.args_.items()})]) from None
    if data is None:
        raise RulebookError([Problem("load.empty", Pos(name, 1, 1))])
    return data


def bundle_text(rulebook: M.Rulebook, versions=()) -> str:
    """The rulebook's exact source with the text of every block it includes, as one JSON document: what an audit
    register and a receipt store so that a decision can be recomputed after the files have changed or gone.
    `versions`: the other versions the decision weighed (art. 37), stored the same way."""
    def one(rb):
        return {"name": rb.file, "text": rb.source_text, "includes": dict(rb.include_texts)}
    out = {"penalty_bundle": 1, **one(rulebook)}
    others = [one(v) for v in versions if v.fingerprint != rulebook.fingerprint]
    if others:
        out["versions"] = others
    return canonical.dumps(out)


def load_bundle(text: str, name: str = "<bundle>") -> M.Rulebook:
    """Inverse of bundle_text: the main rulebook. Plain rulebook YAML is accepted too."""
    return load_bundle_versions(text, name)[0]


def load_bundle_versions(text: str, name: str = "<bundle>") -> tuple:
    """(the main rulebook, [the other versions stored with it])."""
    import json
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict) and data.get("penalty_bundle") == 1:
        main = load_rulebook_text(data["text"], data["name"], include_texts=data.get("includes") or {})
        others = [load_rulebook_text(v["text"], v["name"], include_texts=v.get("includes") or {})
                  for v in data.get("versions") or ()]
        return main, others
    return load_rulebook_text(text, name), []


def _count_first(text: str, name: str, root: str) -> None:
    """Refuse a list longer than spec's limit (10,000 violations, say) from the YAML event stream, before the
    document is composed: composing and building are ~10x the cost of the events, and the answer is the same
    `spec.too_many` at the same position that validation gives. A syntax error is left to parse_yaml to name."""
    import yaml
    from penalty.rulebook.spec import LIMITS
    from penalty.rulebook.yamlsource import _Base
    limit = LIMITS["list_items"]
    stack: list = []  # [is a sequence, items so far, where, start mark, key awaited (mappings), last key]
    try:
        for ev in yaml.parse(text, Loader=_Base):
            starts = isinstance(ev, (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent))
            where = root
            if starts and stack:
                top = stack[-1]
                if top[0]:
                    top[1] += 1
                    if top[1] > limit:
                        raise RulebookError([Problem("spec.too_many", Pos(name, top[3].line + 1, top[3].column + 1),
                                                     {"where": top[2], "max": limit})])
                    where = f"{top[2]}[{top[1]}]"
                elif top[4]:  # this node is a key
                    top[4], top[5] = False, getattr(ev, "value", "")
                    starts = isinstance(ev, yaml.CollectionStartEvent)  # a complex key: walked, not counted
                else:
                    top[4] = True
                    where = f"{top[2]}.{top[5]}"
            if isinstance(ev, yaml.SequenceStartEvent):
                stack.append([True, 0, where, ev.start_mark, False, None])
            elif isinstance(ev, yaml.MappingStartEvent):
                stack.append([False, 0, where, ev.start_mark, True, None])
            elif isinstance(ev, yaml.CollectionEndEvent):
                stack.pop()
    except yaml.YAMLError:
        return


def item_numbers(rb) -> dict:
    """violation id -> the document's own item number as written (`number: "2.7.1"`), for the catalogue's
    headings and the search by number; the engine never reads it. Worked out once per rulebook."""
    def numbers() -> dict:
        return {vd.get("id"): vd.get("number") for vd in written_violations(rb.plain)} if rb.plain else {}
    return rb.cached("item numbers", numbers)


def written_violations(plain: dict) -> list:
    """The violations as written (plain data): the rulebook's own, then those of its included blocks (a chapter per
    file), in the order the loader builds them."""
    return [*plain["rulebook"]["violations"], *(v for b in plain.get("includes") or [] for v in b.get("violations") or [])]


def _includes(data: Map, base_dir: Path | None, problems: list, supplied: dict, sources: dict) -> list:
    from penalty.rulebook.bundled import block_names
    blocks = []
    for i, ref in enumerate(data.get("include", [])):
        pos = position_of(data["include"], i)
        if ref in supplied:
            try:
                block = _parse(supplied[ref], ref, "block")
            except RulebookError as exc:
                problems.extend(exc.problems)
                continue
            validate(block, BLOCK, block.pos, "block", problems)
            sources[ref] = supplied[ref]
            blocks.append(block)
            continue
        path = include_path(ref, base_dir)
        if path is None and not inside_folder(base_dir, ref):  # a rulebook names blocks beside it, never /etc/... or ../
            problems.append(Problem("load.include_outside", pos, {"name": ref}))
            continue
        if path is None:
            problems.append(Problem("load.unknown_include", pos, {"name": ref, "known": ", ".join(block_names()),
                                                                   "suggestion": did_you_mean(ref, block_names())}))
            continue
        try:
            block_text = read_source(path, path.name)
            block = _parse(block_text, path.name, "block")
        except RulebookError as exc:
            problems.extend(exc.problems)
            continue
        sources[ref] = block_text
        if not isinstance(block, dict):
            problems.append(Problem("load.not_mapping", pos))
            continue
        validate(block, BLOCK, block.pos, "block", problems)
        blocks.append(block)
    return blocks


def include_path(ref, base_dir: Path | None) -> Path | None:
    """The file an `include:` entry names: a bundled block by name, else a file in the rulebook's folder or
    below it; None when there is none (or the name leaves the folder)."""
    from penalty.rulebook.bundled import block_path
    path = block_path(ref)
    if path is None and inside_folder(base_dir, ref) and base_dir is not None and (base_dir / ref).is_file():
        path = base_dir / ref
    return path


def inside_folder(base_dir: Path | None, ref) -> bool:
    """Whether the include path `ref` names a file in the rulebook's folder or below it (symbolic links
    followed): absolute paths and `..` that leave the folder are refused."""
    ref = str(ref)
    if Path(ref).is_absolute() or Path(ref).drive or "\0" in ref:
        return False
    if base_dir is None:  # text without a folder (standard input): only `..`-free relative names can be bundled
        return ".." not in Path(ref).parts
    base = base_dir.resolve()
    try:
        return (base / ref).resolve().is_relative_to(base)
    except (OSError, RuntimeError, ValueError):  # a link loop, a NUL in the name
        return False


class _Builder:
    def __init__(self, data: Map, blocks: list, name: str, problems: list):
        self.d, self.blocks, self.name, self.problems = data, blocks, name, problems

    def err(self, code, pos, **args):
        self.problems.append(Problem(code, pos, args))

    # ------------------------------------------------------------ top level
    def build(self, text: str, fingerprint: str, plain: dict) -> M.Rulebook:
        d = self.d
        unit_d = d["unit"]
        kind = unit_d["kind"]
        self.minor = unit_d.get("minor_units", 100 if kind == "money" else 1)
        unb = unit_d.get("unbounded") or {}
        self.unit = M.Unit(kind, unit_d.get("currency"), self.minor, unit_d.get("label"), unb.get("id"), unb.get("label"))
        step = self.amount(d["rounding"]["step"], position_of(d["rounding"], "step"), allow_unbounded=False)
        if step == 0:
            self.err("load.zero_step", position_of(d["rounding"], "step"))
            step = 1
        rounding = Rounding(step if isinstance(step, int) else 1, d["rounding"]["mode"])

        self.grades = self.build_grades()
        self.grade_ids = [g.id for g in self.grades]
        default_grade = d.get("default_grade")
        if default_grade is not None:
            self.grade_ref(default_grade, position_of(d, "default_grade"))
            self.no_warning_ref(default_grade, position_of(d, "default_grade"), "default_grade")
        elif not any(g.kind == "within_range" for g in self.grades):
            self.err("load.no_within_grade", position_of(d, "grades"))  # no grade to give when the model names none

        self.facts = {}
        for src in [*self.blocks, d]:
            for fname, fd in (src.get("facts") or {}).items():
                pos = src["facts"].key_pos.get(fname)
                if fname in self.facts:
                    self.err("load.fact_twice", pos, name=fname, first=str(self.facts[fname].pos))
                    continue
                self.facts[fname] = self.build_fact(fname, fd, pos)
        self.measures = {}
        for src in [*self.blocks, d]:
            for mid, md in (src.get("measures") or {}).items():
                if mid in self.measures:
                    self.err("load.measure_twice", src["measures"].key_pos.get(mid), name=mid)
                    continue
                self.measures[mid] = {"label": md.get("label"), "description": md.get("description")}
                if md.get("correction"):
                    self.measures[mid]["correction"] = True
        for gid in self.warning_grades:  # a warning grade is also the measure 警告 its result lists (law_measures)
            if gid not in self.measures:
                self.measures[gid] = {"label": self.grade(gid).label, "description": None}
        # art. 28: the article that keeps orders to correct where no penalty is given (the rulebook's, else a block's)
        self.corrections = next((src["corrections"]["article"] for src in [d, *self.blocks] if src.get("corrections")),
                                None)

        self.rb_ends = self.ends(d, KEYWORDS["lower_inclusive"])
        self.split = self.build_split(d.get("split"), None) if d.get("split") is not None else None
        shared_adj = []
        for b in self.blocks:
            shared_adj += [self.build_adjustment(a, position_of(b["adjustments"], i), f"block {b['id']}")
                           for i, a in enumerate(b.get("adjustments") or [])]
        shared_adj += [self.build_adjustment(a, position_of(d["adjustments"], i), "rulebook")
                       for i, a in enumerate(d.get("adjustments") or [])]
        self.check_unique([a for a in shared_adj if a], "adjustment")

        violations = []
        seen = {}
        written = [(d["violations"], i) for i in range(len(d["violations"]))]
        written += [(b["violations"], i) for b in self.blocks for i in range(len(b.get("violations") or []))]
        for where, i in written:
            vd, pos = where[i], position_of(where, i)
            v = self.build_violation(vd, pos, shared_adj)
            if v.id in seen:
                self.err("load.violation_twice", pos, name=v.id, first=str(seen[v.id]))
            seen[v.id] = pos
            violations.append(v)
        for a in shared_adj:
            if a:
                for vid in a.violations:
                    if vid not in seen:
                        self.err("load.unknown_violation_ref", a.pos, name=vid, suggestion=did_you_mean(vid, seen))

        eff = d.get("effective") or {}
        if eff.get("to") and eff.get("from") and eff["to"] < eff["from"]:
            self.err("load.effective_order", position_of(eff, "to"))
        return M.Rulebook(
            id=d["id"], title=d["title"], authority=d.get("authority"), document=d.get("document"),
            version=str(d["version"]), effective_from=eff.get("from"), effective_to=eff.get("to"),
            languages=tuple(d.get("languages") or ()), unit=self.unit, boundaries=d["boundaries"],
            overlaps=d.get("overlaps", "first"), rounding=rounding, grades=tuple(self.grades),
            default_grade=default_grade, facts=self.facts, measures=self.measures, violations=tuple(violations),
            file=self.name, fingerprint=fingerprint, source_text=text, plain=plain,
            limitation=self.build_limitation(d.get("limitation"), seen), ends=self.rb_ends,
            corrections=self.corrections)

    def build_limitation(self, ld, violation_ids, vid=None):
        if ld is None:
            return None
        months = {k: ld[k].get("years", 0) * 12 + ld[k].get("months", 0) for k in ("period", "safety_period") if k in ld}
        for k, n in months.items():
            if n == 0:
                self.err("time.zero_period", position_of(ld, k))
        harm = ld.get("harm_fact")
        if vid is None and harm is not None and (harm not in self.facts or self.facts[harm].type != "boolean"):
            self.err("time.harm_fact", position_of(ld, "harm_fact"), name=harm,
                     suggestion=did_you_mean(harm, [n for n, f in self.facts.items() if f.type == "boolean"]))
        if "safety_period" in ld and harm is None and vid is None:
            self.err("time.safety_without_harm_fact", position_of(ld, "safety_period"))
        own = {}
        for v, vd in (ld.get("violations") or {}).items():
            if v not in violation_ids:
                self.err("load.unknown_violation_ref", ld["violations"].key_pos.get(v), name=v,
                         suggestion=did_you_mean(v, violation_ids))
            own[v] = self.build_limitation({"article": ld["article"], "harm_fact": harm, **vd}, violation_ids, v)
        return M.Limitation(ld["article"], months.get("period", 0), months.get("safety_period"), harm, own,
                            getattr(ld, "pos", None))

    def check_unique(self, items, what):
        seen = {}
        for it in items:
            if it.id in seen:
                self.err("load.id_twice", it.pos, what=what, name=it.id, first=str(seen[it.id]))
            seen.setdefault(it.id, it.pos)

    # ------------------------------------------------------------ pieces
    def amount(self, value, pos, allow_unbounded=True):
        """A rulebook amount (major units, or the unit's unbounded word) -> int minor units / UNBOUNDED."""
        if isinstance(value, str):
            if allow_unbounded and self.unit.unbounded_id and value == self.unit.unbounded_id:
                return UNBOUNDED
            self.err("load.bad_amount", pos, value=value, word=self.unit.unbounded_id or "-")
            return 0
        try:
            return to_minor(Decimal(value), self.minor)
        except ValueError:
            self.err("load.too_precise", pos, value=value, minor=self.minor)
            return 0

    def grade_ref(self, gid, pos):
        if gid not in self.grade_ids:
            self.err("load.unknown_grade", pos, name=gid, known=", ".join(self.grade_ids),
                     suggestion=did_you_mean(gid, self.grade_ids))
            return False
        return True

    def grade(self, gid):
        return next(g for g in self.grades if g.id == gid)

    def no_warning_ref(self, gid, pos, where):
        """A warning grade only where a violation's statute offers it: never a rulebook-wide default or an
        adjustment (which would turn fines of other violations into a warning the law does not allow)."""
        if gid in self.warning_grades:
            self.err("load.warning_not_here", pos, name=gid, where=where)

    def warning_refs(self, v_id, forms, grades_used):
        """Every warning grade a violation's table or measures name, allowed only when each statutory form of
        the violation says `warning: true` (给予警告或者处…罚款)."""
        if all(f.warning for f in forms):
            return
        for gid, pos in grades_used:
            if gid in self.warning_grades:
                self.err("load.warning_not_allowed", pos, name=gid, violation=v_id)

    def measure_refs(self, ids, container):
        for i, mid in enumerate(ids or ()):
            if mid not in self.measures:
                self.err("load.unknown_measure", position_of(container, i), name=mid,
                         known=", ".join(self.measures), suggestion=did_you_mean(mid, self.measures))
        return tuple(ids or ())

    def build_grades(self):
        out, seen = [], {}
        for i, gd in enumerate(self.d["grades"]):
            pos = position_of(self.d["grades"], i)
            if gd["id"] in seen:
                self.err("load.id_twice", pos, what="grade", name=gd["id"], first=str(seen[gd["id"]]))
            seen[gd["id"]] = pos
            out.append(M.Grade(gd["id"], gd.get("label"), gd.get("kind", DEFAULT_GRADES_KIND), i, pos))
        # a warning (警告) is lighter than every fine and heavier than no penalty: ranked so, `at_most` and `grade:`
        # adjustments keep their meaning (Administrative Penalty Law art. 9 lists 警告 first, then 罚款)
        for g in out:
            if g.kind == "warning" and any(h.kind in ("below_minimum", "within_range") for h in out[: g.rank]) \
                    or g.kind == "no_penalty" and any(h.kind == "warning" for h in out[: g.rank]):
                self.err("load.warning_rank", g.pos, name=g.id)
        self.warning_grades = tuple(g.id for g in out if g.kind == "warning")
        return out

    def build_fact(self, name, fd, pos):
        ftype = fd["type"]
        values = dict(fd.get("values") or {})
        if ftype == "enum" and not values:
            self.err("load.enum_without_values", pos, name=name)
        if ftype != "enum" and values:
            self.err("load.values_not_enum", position_of(fd, "values"), name=name)
        stub = M.FactDef(name, ftype, fd.get("label"), fd.get("unit"), None, None, values, True, None, pos)
        lo = hi = None
        for key in ("min", "max"):
            if key in fd:
                if ftype not in ("money", "number", "integer"):
                    self.err("load.bound_not_numeric", position_of(fd, key), name=name, key=key)
                    continue
                try:
                    val = fact_literal(stub, Decimal(fd[key]), self.minor)
                except ValueError:
                    self.err("load.bad_bound", position_of(fd, key), name=name, key=key, value=fd[key], type=ftype)
                    continue
                lo, hi = (val, hi) if key == "min" else (lo, val)
        default = None
        if "default" in fd:
            try:  # a default is read as a case's value is (penalty.values)
                default = read_value(ftype, fd["default"], self.minor, values, self.unit.currency)
            except ValueError as exc:
                self.err("load.bad_default", position_of(fd, "default"), name=name, reason=layer_code(str(exc), "case"),
                         type=ftype)
        required = fd.get("required", "default" not in fd)
        if ftype == "money" and lo is None:
            lo = 0  # money is never negative
        return M.FactDef(name, ftype, fd.get("label"), fd.get("unit"), lo, hi, values, required, default, pos,
                         fd.get("description"))

    def condition(self, container, key) -> M.Condition | None:
        text = container[key]
        pos = position_of(container, key)
        try:
            ast = C.bind(C.parse(text), self.facts, lambda f, v: fact_literal(f, v, self.minor))
        except (C.ConditionSyntaxError, C.ConditionTypeError) as exc:
            args = dict(exc.args_)
            if exc.code == "cond.unknown_fact":
                args["suggestion"] = did_you_mean(args["name"], args.pop("known"))
            args["caret"] = _caret(text, exc.offset)
            quoted = key in getattr(container, "quoted", ())
            self.problems.append(Problem(exc.code, _shift(pos, exc.offset + quoted, text), args))
            return None
        return M.Condition(text, ast, pos, tuple(C.names(ast)), C.compile_predicate(ast))

    def build_split(self, sd, pos):
        if sd is None:
            return None
        shares = {}
        for gid, pair in (sd.get("shares") or {}).items():
            kpos = sd["shares"].key_pos.get(gid)
            self.grade_ref(gid, kpos)
            lo, hi = Decimal(pair[0]), Decimal(pair[1])
            if not (0 <= lo <= hi <= 100):
                self.err("load.bad_share", kpos, grade=gid, low=lo, high=hi)
            shares[gid] = (lo, hi)
        open_max = {}
        for gid, pair in (sd.get("open_maximum") or {}).items():
            kpos = sd["open_maximum"].key_pos.get(gid)
            self.grade_ref(gid, kpos)
            hi = pair[1]
            if isinstance(hi, str):
                if hi != "none":
                    self.err("load.bad_open_max", kpos, grade=gid)
                hi = None
            lo = pair[0] if not isinstance(pair[0], str) else Decimal(1)
            open_max[gid] = (Decimal(lo), None if hi is None else Decimal(hi))
        bm = sd.get("below_minimum", [0, 100])
        rec = sd.get("recommend", "midpoint")
        if isinstance(rec, Decimal | int) and not 0 <= rec <= 100:
            self.err("load.bad_recommend", position_of(sd, "recommend"))
        return M.Split(sd.get("method", "linear"), sd.get("geometric_from_ratio"), shares,
                       (Decimal(bm[0]), Decimal(bm[1])), open_max,
                       Decimal(rec) if not isinstance(rec, str) else rec, sd.pos)

    def merged_split(self, vd):
        own = vd.get("split")
        if own is None:
            return self.split
        if self.d.get("split") is None:
            return self.build_split(own, own.pos)
        merged = Map(self.d["split"])
        merged.pos, merged.key_pos, merged.value_pos = own.pos, dict(self.d["split"].key_pos), dict(self.d["split"].value_pos)
        for k, v in own.items():
            merged[k] = v
            merged.key_pos[k], merged.value_pos[k] = own.key_pos[k], own.value_pos[k]
        return self.build_split(merged, own.pos)

    def build_form(self, fd, pos, when):
        kind = next(k for k in ("range", "max", "min", "multiple", "percent") if k in fd)
        of = fd.get("of")
        if kind in ("multiple", "percent"):
            self.base_ref(fd, kind, pos)
            lo, hi = Decimal(fd[kind][0]), Decimal(fd[kind][1])
            if lo > hi:
                self.err("load.range_order", position_of(fd, kind))
        else:
            if of is not None:
                self.err("load.of_without_multiple", position_of(fd, "of"))
            if kind == "range":
                seen = len(self.problems)  # a bad amount reads as 0: do not add a follow-on order error
                lo = self.amount(fd["range"][0], position_of(fd["range"], 0))
                hi = self.amount(fd["range"][1], position_of(fd["range"], 1))
                if lo > hi and len(self.problems) == seen:
                    self.err("load.range_order", position_of(fd, "range"))
            elif kind == "max":
                lo, hi = 0, self.amount(fd["max"], position_of(fd, "max"))
            else:
                lo, hi = self.amount(fd["min"], position_of(fd, "min")), UNBOUNDED
        return M.FineForm(kind, lo, hi, of, fd.get("label"), when, pos, bool(fd.get("warning", False)))

    def ends(self, container, inherited):
        """The boundaries.Ends that `container`'s `boundaries` key says, else the inherited ones."""
        if container.get("boundaries") is None:
            return inherited
        ends = parse_boundaries(container["boundaries"])
        if ends is None:
            self.err("load.bad_boundaries", position_of(container, "boundaries"), value=str(container["boundaries"]))
            return inherited
        return ends

    def base_ref(self, fd, kind, pos):
        """The base fact of a multiple or percentage (`of`): declared, and money when the unit is money."""
        of = fd.get("of")
        if of is None:
            self.err("load.base_missing", pos, kind=kind)
        elif of not in self.facts:
            self.err("load.unknown_base", position_of(fd, "of"), name=of, suggestion=did_you_mean(of, self.facts))
        elif self.facts[of].type != "money" and self.unit.kind == "money":
            self.err("load.base_not_money", position_of(fd, "of"), name=of)

    def relative(self, value, pos):
        """{multiple: [3.5, 4], of: fees_received} (or one factor, or percent) -> model.Relative."""
        kind = "multiple" if "multiple" in value else "percent"
        if "multiple" in value and "percent" in value:
            self.err("load.band_two_kinds", pos)
        self.base_ref(value, kind, pos)
        factors = value[kind]
        lo, hi = (Decimal(factors[0]), Decimal(factors[1])) if isinstance(factors, list) else (Decimal(factors),) * 2
        if lo > hi:
            self.err("load.band_order", position_of(value, kind))
        return M.Relative(kind, lo, hi, value.get("of") or "")

    def band(self, value, pos):
        if isinstance(value, dict):
            return self.relative(value, pos)
        if isinstance(value, list):
            seen = len(self.problems)  # a bad amount reads as 0: do not add a follow-on order error
            lo = self.amount(value[0], position_of(value, 0))
            hi = self.amount(value[1], position_of(value, 1))
            if lo > hi and len(self.problems) == seen:
                self.err("load.band_order", pos)
            return M.Band(lo, hi)
        amt = self.amount(value, pos)
        return M.Band(amt, amt)

    def tiers(self, axis_d, where):
        out = []
        for i, td in enumerate(axis_d["tiers"]):
            pos = position_of(axis_d["tiers"], i)
            out.append(M.Tier(td["id"], td.get("label"), self.condition(td, "when"), i, pos))
        self.check_unique(out, where)
        return M.Axis(axis_d.get("label"), tuple(out))

    def build_model(self, md, pos, v_ends):
        if md is None:
            return None
        table_ends = self.ends(md, v_ends)
        if "grid" in md:
            gd = md["grid"]
            rows, cols = self.tiers(gd["rows"], "row tier"), self.tiers(gd["columns"], "column tier")
            row_ids, col_ids = [t.id for t in rows.tiers], [t.id for t in cols.tiers]
            cells = {}
            for rid, cl in gd["cells"].items():
                rpos = gd["cells"].key_pos.get(rid)
                if rid not in row_ids:
                    self.err("load.unknown_row", rpos, name=rid, suggestion=did_you_mean(rid, row_ids))
                    continue
                if len(cl) != len(col_ids):
                    self.err("load.cell_count", rpos, row=rid, found=len(cl), expected=len(col_ids))
                for j, cd in enumerate(cl[: len(col_ids)]):
                    cpos = position_of(cl, j)
                    cells[(rid, col_ids[j])] = self.cell(cd, cpos, rid, col_ids[j], table_ends)
            for rid in row_ids:
                if rid not in gd["cells"]:
                    self.err("load.missing_row", gd["cells"].pos, row=rid)
            return M.Grid(rows, cols, cells, pos, "grid", table_ends)
        if "situations" in md:
            items = []
            for i, sd in enumerate(md["situations"]):
                spos = position_of(md["situations"], i)
                grade = sd.get("grade")
                if grade is not None:
                    self.grade_ref(grade, position_of(sd, "grade"))
                band = self.band(sd["band"], position_of(sd, "band")) if "band" in sd else None
                if grade is None and band is None:
                    self.err("load.situation_empty", spos, name=sd["id"])
                items.append(M.Situation(sd["id"], sd.get("label"), self.condition(sd, "when"), grade, band,
                                         self.measure_refs(sd.get("measures"), sd.get("measures")), i, spos,
                                         self.ends(sd, table_ends)))
            self.check_unique(items, "situation")
            return M.Situations(tuple(items), pos, "situations", table_ends)
        pd = md["points"]
        factors = []
        for i, fd in enumerate(pd["factors"]):
            fpos = position_of(pd["factors"], i)
            levels = tuple(M.Level(ld.get("id", f"{fd['id']}.{j + 1}"), ld.get("label"), self.condition(ld, "when"),
                                   Decimal(ld["weight"]), j, position_of(fd["levels"], j))
                           for j, ld in enumerate(fd["levels"]))
            factors.append(M.Factor(fd["id"], fd.get("label"), levels, fpos))
        self.check_unique(factors, "factor")
        of = pd.get("of", "statutory_max")
        if of != "statutory_max" and of not in self.facts:
            self.err("load.unknown_base", position_of(pd, "of"), name=of,
                     suggestion=did_you_mean(of, [*self.facts, "statutory_max"]))
        elif of != "statutory_max" and self.facts[of].type != "money" and self.unit.kind == "money":
            self.err("load.base_not_money", position_of(pd, "of"), name=of)
        cap = Decimal(pd.get("cap", 100))
        floor = Decimal(pd["floor"]) if "floor" in pd else None
        if floor is not None and floor > cap:
            self.err("load.points_floor_above_cap", position_of(pd, "floor"), floor=pd["floor"], cap=cap)
        around = tuple(Decimal(x) for x in pd["around"]) if "around" in pd else None
        return M.Points(Decimal(pd.get("start", 0)), cap, of, tuple(factors), pos, floor, around)

    def cell(self, cd, pos, rid, cid, table_ends):
        if isinstance(cd, str):
            if self.unit.unbounded_id and cd == self.unit.unbounded_id:
                return M.Cell(rid, cid, None, M.Band(UNBOUNDED, UNBOUNDED), (), None, pos, table_ends)
            self.grade_ref(cd, pos)
            return M.Cell(rid, cid, cd, None, (), None, pos, table_ends)
        if isinstance(cd, dict):
            grade = cd.get("grade")
            if grade is not None:
                self.grade_ref(grade, position_of(cd, "grade"))
            band = self.band(cd["band"], position_of(cd, "band")) if "band" in cd else None
            if "multiple" in cd or "percent" in cd:  # {multiple: [3.5, 4], of: fees_received, measures: [...]}
                if band is not None:
                    self.err("load.band_two_kinds", pos)
                band = self.relative(cd, pos)
            elif "of" in cd:
                self.err("load.of_without_multiple", position_of(cd, "of"))
            if grade is None and band is None:
                self.err("load.cell_empty", pos, row=rid, column=cid)
            return M.Cell(rid, cid, grade, band, self.measure_refs(cd.get("measures"), cd.get("measures")),
                          cd.get("label"), pos, self.ends(cd, table_ends))
        return M.Cell(rid, cid, None, self.band(cd, pos), (), None, pos, table_ends)

    def build_adjustment(self, ad, pos, source):
        eff = ad["effect"]
        kind = next(k for k in ("grade", "at_most", "at_least", "step", "recommend", "tier", "within", "scale")
                    if k in eff)
        value = eff[kind]
        if kind in ("grade", "at_most", "at_least"):
            self.grade_ref(value, position_of(eff, kind))
            self.no_warning_ref(value, position_of(eff, kind), "adjustments")
        elif kind in ("within", "scale"):
            value = tuple(Decimal(x) for x in value)
            if value[0] > value[1] or (kind == "within" and value[1] > 100):
                self.err("load.bad_part", position_of(eff, kind), kind=kind, low=value[0], high=value[1])
        elif kind == "tier" and ad["mode"] != "shall":
            # an alternative is computed on the model already chosen: a "may" tier move would not be shown
            self.err("load.tier_may", position_of(eff, kind), name=ad["id"])
        when = self.condition(ad, "when")
        return M.Adjustment(ad["id"], ad.get("label"), ad["article"], ad["mode"], when, kind, value,
                            tuple(ad.get("violations") or ()), source, pos,
                            self.measure_refs(ad.get("measures"), ad.get("measures")))

    def build_violation(self, vd, pos, shared_adj):
        forms = []
        st = vd["statutory"]
        if "switch" in st:
            for i, bd in enumerate(st["switch"]):
                forms.append(self.build_form(bd, position_of(st["switch"], i), self.condition(bd, "when")))
        else:
            forms.append(self.build_form(st, position_of(vd, "statutory"), None))
        split = self.merged_split(vd)
        v_ends = self.ends(vd, self.rb_ends)
        model = self.build_model(vd.get("model"), position_of(vd, "model"), v_ends)
        if model is None and split is None:
            self.err("load.no_way_to_grade", pos, name=vd["id"])
        md = vd.get("measures") or {}
        always = self.measure_refs(md.get("always"), md.get("always"))
        by_grade = {}
        for gid, ids in (md.get("by_grade") or {}).items():
            self.grade_ref(gid, md["by_grade"].key_pos.get(gid))
            by_grade[gid] = self.measure_refs(ids, ids)
        self.warning_refs(vd["id"], forms, [*_table_grades(model),
                                            *((gid, md["by_grade"].key_pos.get(gid)) for gid in by_grade)])
        when = tuple((self.condition(c, "if"), self.measure_refs(c["add"], c["add"])) for c in md.get("when") or ())
        follow_up = tuple((c["if"], self.measure_refs(c["add"], c["add"])) for c in md.get("follow_up") or ())
        own = [self.build_adjustment(a, position_of(vd["adjustments"], i), "violation")
               for i, a in enumerate(vd.get("adjustments") or [])]
        applicable = [a for a in shared_adj if a and (not a.violations or vd["id"] in a.violations)]
        self.check_unique(own + applicable, "adjustment")
        return M.Violation(vd["id"], vd["title"], vd.get("violated"), vd.get("penalty_basis"), tuple(forms), split,
                           model, always, by_grade, tuple(own + applicable), bool(vd.get("touches_safety", False)),
                           vd.get("notes"), pos, v_ends, when, follow_up)


def _table_grades(model) -> list:
    """[(grade id, position)] the cells or situations of a table give."""
    if model is None or model.kind == "points":
        return []
    items = model.cells.values() if model.kind == "grid" else model.items
    return [(it.grade, it.pos) for it in items if it.grade is not None]


def fact_literal(fact: M.FactDef, value, minor_units: int):
    """A literal written in a condition or a bound -> the fact's exact domain. Raises ValueError(code)."""
    t = fact.type
    if t == "boolean":
        if not isinstance(value, bool):
            raise ValueError("cond.expects_boolean")
        return value
    if t == "enum":
        if not isinstance(value, str) or value not in fact.values:
            raise ValueError("cond.bad_enum_value")
        return value
    if t == "date":
        try:
            return read_date(value) if isinstance(value, str) else _bad()
        except ValueError:
            raise ValueError("cond.expects_date") from None
    if isinstance(value, (str, bool)):
        raise ValueError("cond.expects_number")
    if t == "money":
        try:
            return to_minor(Decimal(value), minor_units)
        except ValueError:
            raise ValueError("cond.too_precise") from None
    if t == "integer":
        if Decimal(value) != Decimal(value).to_integral_value():
            raise ValueError("cond.expects_integer")
        return int(value)
    return Decimal(value)


def _bad():
    raise ValueError("cond.expects_date")


def _caret(text: str, offset: int) -> str:
    return f"{text}\n  {' ' * offset}^"  # under the text, which the message indents by two


def _shift(pos, offset, text):
    if pos is None:
        return None
    # The condition usually sits on one line after the key; point at the offending character.
    if "\n" in text[:offset]:
        return pos
    return Pos(pos.file, pos.line, pos.column + offset)
