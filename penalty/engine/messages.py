"""Every message about a case that the engine layer shows a person, in English and Chinese."""

MESSAGES = {
    "case.not_found": {"en": "no case file at {path}", "zh": "找不到案件文件 {path}"},
    "case.not_found.hint": {"en": "give a YAML or JSON file, or - to read standard input", "zh": "请给出 YAML 或 JSON 文件，或用 - 从标准输入读取"},
    "case.unreadable": {"en": "cannot read {path}: {reason}", "zh": "无法读取 {path}：{reason}"},
    "case.too_big": {"en": "{path} is larger than {limit} bytes", "zh": "{path} 超过 {limit} 字节"},
    "case.not_utf8": {"en": "{path} is not UTF-8 text", "zh": "{path} 不是 UTF-8 文本"},
    "case.syntax": {"en": "the case file is not valid YAML/JSON: {problem}", "zh": "案件文件不是合法的 YAML/JSON：{problem}"},
    "case.duplicate_key": {"en": "the key '{key}' is written twice (first at {first})", "zh": "键“{key}”出现两次（第一次在 {first}）"},
    "case.duplicate_key.hint": {"en": "keep one of them", "zh": "只保留其中一个"},
    "case.non_finite": {"en": "'{text}' is not a finite number", "zh": "“{text}”不是有限数值"},
    "case.not_mapping": {"en": "a case must be a mapping with `violation:` and `facts:`", "zh": "案件必须是包含 `violation:` 和 `facts:` 的映射"},
    "case.complex_key": {"en": "a key must be a plain word", "zh": "键必须是简单词语"},
    "case.unknown_key": {"en": "unknown key '{key}' in the case", "zh": "案件中有未知的键“{key}”"},
    "case.unknown_key.hint": {"en": "[[did you mean '{suggestion}'? ]]allowed: {allowed}", "zh": "[[是否想写“{suggestion}”？]]允许：{allowed}"},
    "case.acts_and_violation": {"en": "a case gives either `violation:` + `facts:` or `acts:`, not both", "zh": "案件只能二选一：`violation:` + `facts:`，或 `acts:`"},
    "case.acts_list": {"en": "`acts:` must be a non-empty list", "zh": "`acts:` 必须是非空列表"},
    "case.too_many_acts": {"en": "more than {limit} acts in one case", "zh": "一个案件超过 {limit} 个违法行为"},
    "case.bad_relation": {"en": "relation '{value}' must be same_act or separate", "zh": "relation“{value}”必须是 same_act 或 separate"},
    "case.bad_relation.hint": {"en": "same_act: one act breaking several provisions (art. 29, the higher fine applies); separate: assessed separately",
                               "zh": "same_act：同一违法行为违反多个规定（第二十九条，按罚款数额高的处罚）；separate：分别裁量"},
    "case.act_not_mapping": {"en": "each act must be a mapping with `violation:` and `facts:`", "zh": "每个违法行为须为包含 `violation:` 和 `facts:` 的映射"},
    "case.no_violation": {"en": "the case does not say which violation (`violation:`)", "zh": "案件未指明违法行为（`violation:`）"},
    "case.no_violation.hint": {"en": "violations in this rulebook: {known}", "zh": "本裁量基准的违法行为：{known}"},
    "case.unknown_violation": {"en": "the rulebook {rulebook} has no violation '{name}'", "zh": "裁量基准 {rulebook} 中没有违法行为“{name}”"},
    "case.unknown_violation.hint": {"en": "[[did you mean '{suggestion}'? ]]`penalty violations` lists them", "zh": "[[是否想写“{suggestion}”？]]`penalty violations` 可列出全部"},
    "case.facts_not_mapping": {"en": "`facts:` must be a mapping of fact: value", "zh": "`facts:` 必须是“事实: 值”的映射"},
    "case.unknown_fact": {"en": "the rulebook declares no fact '{name}'", "zh": "裁量基准未声明事实“{name}”"},
    "case.unknown_fact.hint": {"en": "[[did you mean '{suggestion}'?]]", "zh": "[[是否想写“{suggestion}”？]]"},
    "case.missing_fact": {"en": "the fact '{fact}' ({type}) is needed for violation '{violation}' but not given", "zh": "违法行为“{violation}”需要事实“{fact}”（{type}），但未提供"},
    "case.missing_fact.hint": {"en": "add `{fact}: …` under `facts:`{choices}", "zh": "请在 `facts:` 下添加 `{fact}: …`{choices}"},
    "case.expects_boolean": {"en": "'{fact}' must be true or false, not '{value}'", "zh": "“{fact}”应为 true 或 false，而非“{value}”"},
    "case.expects_boolean.hint": {"en": "write true/false (是/否 is accepted too)", "zh": "请写 true/false（也可写 是/否）"},
    "case.bad_enum": {"en": "'{value}' is not a value of '{fact}'", "zh": "“{value}”不是“{fact}”的取值"},
    "case.bad_enum.hint": {"en": "[[did you mean '{suggestion}'? ]]one of: {values} (the labels are accepted too)", "zh": "[[是否想写“{suggestion}”？]]可选：{values}（也可填写其中文名称）"},
    "case.expects_date": {"en": "'{fact}' must be a date YYYY-MM-DD, not '{value}'", "zh": "“{fact}”应为日期 YYYY-MM-DD，而非“{value}”"},
    "case.float": {"en": "'{fact}' = {value} was read as a binary fraction", "zh": "“{fact}” = {value} 被读作二进制小数"},
    "case.float.hint": {"en": "write the number as text, e.g. \"12000.50\", or use a YAML file", "zh": "请以文字形式书写，例如 \"12000.50\""},
    "case.negative": {"en": "'{fact}' is an amount of money and cannot be negative ({value})", "zh": "“{fact}”是金额，不能为负数（{value}）"},
    "case.too_precise": {"en": "'{fact}' = {value} is more precise than the currency allows", "zh": "“{fact}” = {value} 的精度超过货币最小单位"},
    "case.expects_integer": {"en": "'{fact}' must be a whole number, not {value}", "zh": "“{fact}”应为整数，而非 {value}"},
    "number.unit_suffix": {"en": "'{fact}': '{value}' carries a unit; write the number only", "zh": "“{fact}”：“{value}”带有单位，请只填写数字"},
    "number.unit_suffix.hint": {"en": "amounts are in the rulebook's unit (yuan): 12000, not 12000元; 万 is not read either", "zh": "金额以裁量基准的单位（元）计：填写 12000，而不是 12000元；“万”字也不识别"},
    "case.below_min": {"en": "'{fact}' = {value} is below the allowed minimum {min}", "zh": "“{fact}” = {value} 低于允许的最小值 {min}"},
    "case.above_max": {"en": "'{fact}' = {value} is above the allowed maximum {max}", "zh": "“{fact}” = {value} 高于允许的最大值 {max}"},
    "number.not_number": {"en": "'{fact}': '{value}' is not a number", "zh": "“{fact}”：“{value}”不是数字"},
    "number.not_number.hint": {"en": "digits with an optional decimal point; full-width digits and 12,000-style separators are accepted",
                               "zh": "数字，可带小数点；可用全角数字和 12,000 式千位分隔符"},
    "number.bad_separators": {"en": "'{fact}': '{value}' has misplaced thousands separators", "zh": "“{fact}”：“{value}”的千位分隔符位置不对"},
    "number.bad_separators.hint": {"en": "commas only between groups of three digits: 12,000", "zh": "逗号只能分隔三位一组：12,000"},
    "number.not_finite": {"en": "'{fact}': '{value}' is not a finite number", "zh": "“{fact}”：“{value}”不是有限数值"},
    "number.too_big": {"en": "'{fact}': {value} is larger than the limit of 10^15", "zh": "“{fact}”：{value} 超过上限 10^15"},
    "number.too_big.hint": {"en": "check for extra digits", "zh": "请检查是否多输了数字"},
    # engine
    "engine.no_branch": {"en": "no branch of the statutory fine of '{violation}' applies to {values}", "zh": "“{violation}”的法定罚款没有适用于 {values} 的分支"},
    "engine.no_branch.hint": {"en": "the rulebook has a gap here; `penalty check` shows it", "zh": "裁量基准在此有漏洞；`penalty check` 可显示"},
    "engine.no_situation": {"en": "no situation of '{violation}' matches {values}", "zh": "“{violation}”没有与 {values} 相符的情形"},
    "engine.no_situation.hint": {"en": "check the facts; if they are right, the rulebook has a gap", "zh": "请核对事实；若无误，则裁量基准有漏洞"},
    "engine.no_tier": {"en": "no {axis} tier of '{violation}' matches {values}", "zh": "“{violation}”没有与 {values} 相符的{axis}档次"},
    "engine.no_tier.hint": {"en": "check the facts; if they are right, the rulebook has a gap", "zh": "请核对事实；若无误，则裁量基准有漏洞"},
    "engine.points_unbounded": {"en": "'{violation}' weighs points against a statutory maximum, but the law sets none", "zh": "“{violation}”按法定最高额计算权重，但法律未设上限"},
    "engine.no_level": {"en": "no level of factor '{factor}' matched; it adds 0%", "zh": "因素“{factor}”没有匹配的档次，按 0% 计"},
    "engine.mitigated_zero_min": {"en": "the statutory minimum is 0, so 减轻 cannot go lower in money: consider a lighter kind of penalty", "zh": "法定最低额为 0，减轻处罚无法再降低罚款数额，可考虑较轻的处罚种类"},
    "engine.no_split": {"en": "the rulebook has no amount split, so the grade spans the whole statutory range", "zh": "裁量基准未设金额拆分，该阶次覆盖全部法定幅度"},
    "engine.no_open_share": {"en": "the law sets no maximum and the rulebook gives no multiples for grade '{grade}'", "zh": "法律未设上限，裁量基准也未给出阶次“{grade}”的倍数"},
    "engine.no_share": {"en": "the split gives no share for grade '{grade}'; the whole statutory range is used", "zh": "金额拆分未给出阶次“{grade}”的比例，使用全部法定幅度"},
    "engine.geometric": {"en": "the range is split geometrically (by multiples)", "zh": "按倍数（几何）拆分幅度"},
    "engine.clamped": {"en": "amounts were brought inside the statutory range", "zh": "金额已调整至法定幅度内"},
}

MESSAGES.update({
    "case.fullwidth_colon": {"en": "a full-width colon '：' is used where YAML needs ':'", "zh": "此处使用了全角冒号“：”，YAML 需要半角冒号“:”"},
    "case.fullwidth_colon.hint": {"en": "write `key: value` with an ASCII colon and a space (switch the input method to half-width)", "zh": "请写成 `键: 值`（半角冒号后加空格；可将输入法切换为半角）"},
    "case.tab": {"en": "a tab is used for indentation; YAML indents with spaces only", "zh": "使用了制表符缩进；YAML 只能用空格缩进"},
    "case.tab.hint": {"en": "replace the tab with spaces (two per level)", "zh": "请将制表符替换为空格（每级两个）"},
})

MESSAGES.update({
    "case.too_deep": {"en": "the case nests deeper than {limit} levels (or an alias refers to itself)",
                      "zh": "案件文件嵌套超过 {limit} 层（或锚点别名引用了自身）"},
    "case.too_many_nodes": {"en": "the case expands to more than {limit} values", "zh": "案件文件展开后超过 {limit} 个值"},
})

MESSAGES.update({
    "engine.range_below_unit": {"en": "with this '{base}', the statutory range is smaller than one minor unit of money",
                                "zh": "按此“{base}”计算，法定幅度小于最小货币单位"},
    "engine.range_below_unit.hint": {"en": "check the value of '{base}' (it is in yuan, not in 10,000 yuan)",
                                     "zh": "请核对“{base}”的数值（单位为元，而非万元）"},
})

MESSAGES.update({
    "type.money": {"zh": "金额", "en": "an amount of money"}, "type.number": {"zh": "数值", "en": "a number"},
    "type.integer": {"zh": "整数", "en": "a whole number"}, "type.boolean": {"zh": "是/否", "en": "yes/no"},
    "type.enum": {"zh": "选项", "en": "one of a list"}, "type.date": {"zh": "日期", "en": "a date"},
    "case.choices": {"zh": "（可选：{ids}）", "en": " (one of: {ids})"},
})

MESSAGES.update({
    "case.same_act_conflict": {"en": "'{fact}' is stated differently here than for '{first}', but `relation: same_act` says both are one act",
                               "zh": "“{fact}”在此处的取值与“{first}”处不同，但 `relation: same_act` 表示二者是同一违法行为"},
    "case.same_act_conflict.hint": {"en": "give the act's facts once, the same for every provision it breaks, or use `relation: separate`",
                                    "zh": "同一违法行为的事实应一致；如确为数个违法行为，请使用 `relation: separate`"},
})
