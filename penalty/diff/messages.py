"""Every message of the diff and the replay (`penalty diff`), in English and Chinese: the errors (codes
"diff.*", registered with penalty.errors) and the words of the tables penalty.diff.render lays out."""

MESSAGES = {
    # errors
    "diff.unwritable": {"en": "cannot write {path}: {reason}", "zh": "无法写入 {path}：{reason}"},
    "diff.unwritable.hint": {"en": "give --changes-out a file name in a folder that exists, e.g. moved.jsonl",
                             "zh": "请为 --changes-out 指定已有文件夹中的文件名，例如 moved.jsonl"},
    "diff.bad_cases": {"en": "cannot read the cases in {path}: {reason}", "zh": "无法读取 {path} 中的案件：{reason}"},
    "diff.bad_cases.hint": {"en": "give a .csv, .jsonl, a YAML list of cases (or `cases:`), or a folder of case files",
                            "zh": "请给出 .csv、.jsonl、案件列表 YAML（或 `cases:`），或案件文件所在文件夹"},
    # the tables (penalty.diff.render)
    "title": {"en": "What {new} changes against {old}", "zh": "{new} 相对 {old} 的修改"},
    "side": {"en": "version {version} ({file}, {period})", "zh": "版本 {version}（{file}，{period}）"},
    "from": {"en": "from {d}", "zh": "{d} 起施行"},
    "summary": {"en": "{added} added, {removed} removed, {renamed} renamed, {changed} changed violations; {bands} tiers, cells or bands changed; {top} rulebook-wide changes",
                "zh": "新增 {added} 项、删除 {removed} 项、更名 {renamed} 项、修改 {changed} 项违法行为；{bands} 处裁量档次、单元格或区间变化；{top} 处全局修改"},
    "other_rulebook": {"en": "note: these are different rulebooks ({a} and {b})", "zh": "注意：比较的是两个不同的裁量基准（{a} 与 {b}）"},
    "sec.rulebook": {"en": "Rulebook-wide changes", "zh": "全局修改"},
    "sec.added": {"en": "Violations added", "zh": "新增违法行为"},
    "sec.removed": {"en": "Violations removed", "zh": "删除的违法行为"},
    "sec.renamed": {"en": "Violations renamed", "zh": "更名的违法行为"},
    "sec.violation": {"en": "{title} [{id}]", "zh": "{title}〔{id}〕"},
    "sec.violation_renamed": {"en": "{title} [{old} → {id}]", "zh": "{title}〔{old} → {id}〕"},
    "sec.cases": {"en": "Cases that move ({shown} of {changed} shown; {cases} replayed)", "zh": "受影响的案件（显示 {shown} / {changed} 件；共重算 {cases} 件）"},
    "sec.totals": {"en": "Totals per violation", "zh": "按违法行为汇总"},
    "col.what": {"en": "What", "zh": "项目"}, "col.where": {"en": "Where", "zh": "位置"},
    "col.old": {"en": "Old", "zh": "修改前"}, "col.new": {"en": "New", "zh": "修改后"},
    "col.id": {"en": "Id", "zh": "编号"}, "col.title": {"en": "Title", "zh": "名称"},
    "col.statutory": {"en": "Statutory fine", "zh": "法定处罚幅度"}, "col.basis": {"en": "Penalty provision", "zh": "处罚依据"},
    "col.case": {"en": "Case", "zh": "案件"}, "col.violation": {"en": "Violation", "zh": "违法行为"},
    "col.changes": {"en": "Changes", "zh": "变化"}, "col.delta": {"en": "Δ recommended", "zh": "建议金额变化"},
    "col.cases": {"en": "Cases", "zh": "案件数"}, "col.changed": {"en": "Changed", "zh": "变化件数"},
    "col.gr": {"en": "Grade / range / amount", "zh": "阶次 / 幅度 / 金额"}, "col.updown": {"en": "Up / down", "zh": "上升 / 下降"},
    "col.errors": {"en": "Errors", "zh": "无法计算"},
    "kind.boundaries": {"en": "boundary words", "zh": "界限表述"},
    "ends_changed": {"en": " (which ends are included)", "zh": "（端点是否含本数）"},
    "kind.cell": {"en": "grid cell", "zh": "表格单元"}, "kind.situation": {"en": "situation", "zh": "情形"},
    "kind.level": {"en": "weight level", "zh": "权重档"}, "kind.statutory": {"en": "statutory fine", "zh": "法定处罚幅度"},
    "kind.tier": {"en": "tier", "zh": "档次"}, "kind.tier_condition": {"en": "tier condition", "zh": "档次条件"},
    "kind.situation_condition": {"en": "situation condition", "zh": "情形条件"},
    "kind.level_condition": {"en": "level condition", "zh": "权重档条件"}, "kind.adjustment": {"en": "adjustment", "zh": "调整规则"},
    "kind.split": {"en": "amount split", "zh": "金额拆分"}, "kind.measures": {"en": "measures", "zh": "其他措施"},
    "kind.model": {"en": "model", "zh": "裁量模型"}, "kind.fact": {"en": "fact", "zh": "事实"},
    "kind.limitation": {"en": "limitation periods", "zh": "追责时效"}, "kind.points": {"en": "points", "zh": "积分"},
    "same_meaning": {"en": " (rewritten, same meaning)", "zh": "（改写，含义不变）"},
    "form_warning": {"en": "or a warning", "zh": "或者警告"},
    "none": {"en": "—", "zh": "—"}, "not_listed": {"en": "not listed", "zh": "未列入"},
    "lim": {"en": "{p}; {s} with harm ({f})", "zh": "{p}；造成危害后果的 {s}（{f}）"},
}

from penalty.errors import register_messages  # noqa: E402 - registered once the catalogue is complete

register_messages(("diff",), MESSAGES)
