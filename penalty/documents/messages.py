"""Every string the documents layer shows (errors, labels of the publication and the packet), in Chinese and
English. The documents themselves are worded by their templates (penalty/documents/templates/*.yaml)."""

MESSAGES = {
    # --- errors ------------------------------------------------------------------------------------------------
    "document.no_decision": {
        "zh": "登记簿中没有“{target}”的处罚决定（按条目序号或案件编号查找）",
        "en": "the register holds no decision for \"{target}\" (looked up as an entry number or a case id)",
    },
    "document.no_decision.hint": {
        "zh": "先用 `penalty decide ... --record` 记录决定；`penalty audit list` 列出登记簿的条目",
        "en": "record the decision first with `penalty decide ... --record`; `penalty audit list` lists the register's entries",
    },
    "document.not_found": {"zh": "找不到模板文件“{path}”", "en": "there is no template file \"{path}\""},
    "document.unreadable": {"zh": "无法读取模板文件“{path}”：{reason}", "en": "cannot read the template file \"{path}\": {reason}"},
    "document.too_big": {"zh": "模板文件“{path}”超过 {limit} 字节", "en": "the template file \"{path}\" is larger than {limit} bytes"},
    "document.not_a_decision": {
        "zh": "登记簿第 {seq} 条是裁量结果，不是处罚决定",
        "en": "register entry {seq} is an assessment, not a decision",
    },
    "document.not_a_decision.hint": {
        "zh": "文书依据已记录的决定生成：用 `penalty decide ... --record` 记录决定，或给出决定条目的序号",
        "en": "documents are made from a recorded decision: record one with `penalty decide ... --record`, or give the decision entry's number",
    },
    "document.bad_out": {
        "zh": "不支持的输出文件“{path}”：文件名须以 {suffixes} 结尾",
        "en": "cannot write \"{path}\": the file name must end in {suffixes}",
    },
    "document.bad_out.hint": {
        "zh": "例如 --out 决定书.docx 或 --out 决定书.md",
        "en": "for example --out decision.docx or --out decision.md",
    },
    "document.unwritable": {
        "zh": "无法写入“{path}”：{reason}",
        "en": "cannot write \"{path}\": {reason}",
    },
    "document.unwritable.hint": {
        "zh": "请检查目录是否存在、是否有写入权限",
        "en": "check that the folder exists and can be written to",
    },
    "document.no_docx": {
        "zh": "生成 .docx 文书需要 python-docx，但未安装",
        "en": "writing a .docx document needs python-docx, which is not installed",
    },
    "document.no_docx.hint": {
        "zh": "安装文书扩展：pip install 'penalty[documents]'；或输出 Markdown（--out 文件.md）",
        "en": "install the documents extra: pip install 'penalty[documents]'; or write Markdown (--out FILE.md)",
    },
    "document.template_missing": {
        "zh": "模板目录“{dir}”中没有 {name}",
        "en": "the template folder \"{dir}\" has no {name}",
    },
    "document.template_missing.hint": {
        "zh": "复制内置模板目录（penalty/documents/templates/）后修改；各字段见 docs/documents.md",
        "en": "copy the bundled template folder (penalty/documents/templates/) and edit it; the fields are listed in docs/documents.md",
    },
    "document.template_bad": {
        "zh": "模板有误：{detail}",
        "en": "the template is wrong: {detail}",
    },
    "document.template_bad.hint": {
        "zh": "对照内置模板（penalty/documents/templates/）与 docs/documents.md 修改",
        "en": "compare with the bundled templates (penalty/documents/templates/) and docs/documents.md",
    },
    "document.unknown_field": {
        "zh": "模板使用了未知字段 {{{field}}}",
        "en": "the template uses an unknown field {{{field}}}",
    },
    "document.unknown_field.hint": {
        "zh": "可用字段：{fields}",
        "en": "the fields there are: {fields}",
    },
    "document.bad_date": {
        "zh": "日期“{value}”无效，应为 YYYY-MM-DD",
        "en": "\"{value}\" is not a date; write YYYY-MM-DD",
    },
    "document.bad_date.hint": {
        "zh": "例如 --since 2025-01-01",
        "en": "for example --since 2025-01-01",
    },
    "panel.bad_votes": {
        "zh": "表决票数“{value}”无效，应写作 同意-反对-弃权，例如 7-2-0",
        "en": "\"{value}\" is not a vote count; write for-against-abstain, e.g. 7-2-0",
    },
    "panel.bad_votes.hint": {
        "zh": "三个非负整数，以“-”分隔",
        "en": "three whole numbers of zero or more, separated by -",
    },
    "panel.bad_outcome": {
        "zh": "公议结果金额“{value}”无效",
        "en": "\"{value}\" is not an amount",
    },
    "panel.bad_outcome.hint": {
        "zh": "以裁量基准的单位（如元）填写，例如 --outcome 50000",
        "en": "give it in the rulebook's unit (e.g. yuan), for example --outcome 50000",
    },
    "panel.needs_officer": {
        "zh": "记入登记簿需要写明记录人（--officer）",
        "en": "recording in the register needs the officer who records it (--officer)",
    },
    "panel.needs_officer.hint": {
        "zh": "例如 --officer 0451",
        "en": "for example --officer 0451",
    },
    "panel.recorded": {
        "zh": "群众公议结果已记入登记簿，第 {seq} 条（拟处罚 {proposed}，公议意见 {outcome}）",
        "en": "the panel's outcome is recorded as register entry {seq} (proposed {proposed}, panel {outcome})",
    },
    "document.written": {
        "zh": "已写入 {path}",
        "en": "written to {path}",
    },
    "document.revoked": {
        "zh": "撤销已记入登记簿，第 {seq} 条（撤销第 {of} 条的决定）",
        "en": "the revocation is recorded as register entry {seq} (revoking the decision of entry {of})",
    },
    "publish.written": {
        "zh": "已写入 {path}：{records} 条公示记录，{withdrawals} 条撤回记录，{omitted} 条按规定不予公示",
        "en": "written to {path}: {records} publication records, {withdrawals} withdrawals, {omitted} left out by the rule",
    },
    "publish.count_by_hand": {
        "zh": "超出节假日数据范围，请按国务院节假日安排人工计算",
        "en": "past the holiday data: count by hand on the State Council's holiday notice",
    },
    "panel.outcome_line": {
        "zh": "拟处罚 {proposed}，群众公议意见 {outcome}（同意 {yes} 票、反对 {no} 票、弃权 {abstain} 票）：{opinion}",
        "en": "proposed {proposed}, the panel's outcome {outcome} ({yes} for, {no} against, {abstain} abstaining): {opinion}",
    },
    "panel.hidden": {"zh": "（公议材料不载明）", "en": "(not shown in the packet)"},
    "panel.no_similar": {"zh": "登记簿中暂无同一裁量事项的已决案件", "en": "the register holds no other decided case of this benchmark item"},
    # --- labels ------------------------------------------------------------------------------------------------
    "document.party.organisation": {"zh": "法人或者其他组织", "en": "organisation"},
    "document.party.citizen": {"zh": "公民", "en": "citizen"},
    "document.id.uscc": {"zh": "统一社会信用代码", "en": "unified social credit code"},
    "document.id.id_card": {"zh": "居民身份证号码", "en": "resident identity card number"},
    "document.id.none": {"zh": "证件号码", "en": "identity number"},
    "document.not_given": {"zh": "（未载明）", "en": "(not given)"},
    "document.none": {"zh": "无", "en": "none"},
    "document.fine": {"zh": "罚款 {amount}", "en": "a fine of {amount}"},
    "document.deviation": {
        "zh": "本案处罚金额在基准幅度之外，理由：{reason}（{note}）",
        "en": "the amount lies outside the benchmark band, for this reason: {reason} ({note})",
    },
    "document.withdrawal_reason_changed": {
        "zh": "该处罚决定已变更（登记簿第 {seq} 条）：{reason}",
        "en": "the decision was changed (register entry {seq}): {reason}",
    },
    "document.withdrawal_reason_revoked": {
        "zh": "该处罚决定已撤销（登记簿第 {seq} 条）：{reason}",
        "en": "the decision was revoked (register entry {seq}): {reason}",
    },
}

from penalty.errors import register_messages  # noqa: E402 - registered once the catalogue is complete

register_messages(("document", "panel", "publish"), MESSAGES)
