"""Every user-facing string of the audit layer (register, receipts, their CLI), in one place for translation.

Same shape as the other layers' catalogues: {code: {"zh": template, "en": template}}; a code ending in ".hint"
holds the fix-it hint for the code before it. Templates use str.format fields. The language follows the one
rule of the project (penalty.i18n): --lang, else $PENALTY_LANG, else Chinese.
"""
from __future__ import annotations

from contextvars import ContextVar

MESSAGES: dict[str, dict[str, str]] = {
    # --- opening a register -------------------------------------------------------------------------------
    "register.missing": {
        "zh": "登记簿不存在：{path}",
        "en": "no register at {path}",
    },
    "register.missing.hint": {
        "zh": "用 --register 指定登记簿路径，或设置环境变量 PENALTY_REGISTER；计算时加 --record 会创建登记簿。",
        "en": "pass --register PATH or set PENALTY_REGISTER; `penalty calc ... --record` creates the register.",
    },
    "register.is_directory": {
        "zh": "登记簿路径是一个目录：{path}",
        "en": "the register path is a directory: {path}",
    },
    "register.is_directory.hint": {
        "zh": "请给出文件路径，例如 {path}/penalty-register.sqlite。",
        "en": "give a file path, e.g. {path}/penalty-register.sqlite.",
    },
    "register.no_parent": {
        "zh": "无法创建登记簿：目录 {parent} 不存在",
        "en": "cannot create the register: folder {parent} does not exist",
    },
    "register.no_parent.hint": {
        "zh": "先创建该目录，或换一个路径。",
        "en": "create the folder first, or choose another path.",
    },
    "register.not_sqlite": {
        "zh": "{path} 不是登记簿（不是 SQLite 数据库文件）",
        "en": "{path} is not a register (not an SQLite database file)",
    },
    "register.not_sqlite.hint": {
        "zh": "检查路径是否写错；该文件未被修改。",
        "en": "check the path; the file was left untouched.",
    },
    "register.foreign": {
        "zh": "{path} 是另一个程序的 SQLite 数据库，不是处罚裁量登记簿",
        "en": "{path} is an SQLite database of another program, not a penalty register",
    },
    "register.foreign.hint": {
        "zh": "检查路径是否写错；该文件未被修改。",
        "en": "check the path; the file was left untouched.",
    },
    "register.empty": {
        "zh": "{path} 是空数据库，还不是登记簿",
        "en": "{path} is an empty database, not yet a register",
    },
    "register.empty.hint": {
        "zh": "先用 `penalty calc ... --record` 记录一次裁量。",
        "en": "record an assessment first with `penalty calc ... --record`.",
    },
    "register.newer": {
        "zh": "登记簿 {path} 的结构版本为 {found}，本程序只支持到 {supported}",
        "en": "register {path} has schema version {found}; this program supports up to {supported}",
    },
    "register.newer.hint": {
        "zh": "升级 penalty 后再打开；该文件未被修改。",
        "en": "upgrade penalty to open it; the file was left untouched.",
    },
    "register.schema_altered": {
        "zh": "登记簿 {path} 的数据库结构被改动过（含有登记簿未创建、被修改或被删除的对象：{objects}），拒绝使用",
        "en": "register {path} has been edited behind its back: its schema holds objects the register did not "
              "create, or changed or removed ones ({objects}); refused",
    },
    "register.schema_altered.hint": {
        "zh": "此类对象（如触发器）可以让登记丢失或被改写；不要在该文件上继续记录，用 `penalty audit backup` "
              "做的备份恢复，并查明是谁改动了该文件。",
        "en": "such objects (a trigger, say) can drop or rewrite entries; do not record into this file, restore it "
              "from a `penalty audit backup` copy and find out who edited it.",
    },
    "register.write_lost": {
        "zh": "第 {seq} 条记录写入后读回与写入的内容不同，未予确认（已撤销本次写入）：{path}",
        "en": "entry {seq} did not read back as written, so it was not acknowledged (the write was undone): {path}",
    },
    "register.write_lost.hint": {
        "zh": "登记簿文件可能被改动过；运行 `penalty audit verify` 并检查该文件。",
        "en": "the register file may have been tampered with; run `penalty audit verify` and inspect the file.",
    },
    "backup.exists": {
        "zh": "备份目标 {path} 已存在，未覆盖",
        "en": "the backup target {path} already exists; it was not overwritten",
    },
    "backup.exists.hint": {
        "zh": "换一个文件名，例如带上日期：register-2024-03-01.sqlite。",
        "en": "choose another file name, e.g. with the date: register-2024-03-01.sqlite.",
    },
    "backup.failed": {
        "zh": "无法写出备份 {path}：{detail}",
        "en": "cannot write the backup {path}: {detail}",
    },
    "backup.failed.hint": {
        "zh": "检查目标目录是否可写、磁盘空间是否足够；未留下不完整的备份。",
        "en": "check that the folder is writable and the disk has room; no partial backup was left behind.",
    },
    "backup.written": {
        "zh": "备份已写出并核验：{path}，{count} 条记录，链头第 {seq} 条 {head}",
        "en": "backup written and verified: {path}, {count} {count|entry|entries}, head entry {seq} {head}",
    },
    "verify.seen": {
        "zh": "读到 {count} 条记录；链头记录：第 {seq} 条 {head}",
        "en": "read {count} {count|entry|entries}; the chain head record: entry {seq} {head}",
    },
    "cli.cmd.backup": {
        "zh": "用 SQLite 备份接口把登记簿复制到 DEST（含 -wal 中已提交的记录）并核验副本；不要直接复制文件。",
        "en": "copy the register to DEST with SQLite's backup API (entries committed only in -wal included) and "
              "verify the copy; do not copy the file by hand.",
    },
    "cli.arg.backup_dest": {
        "zh": "备份文件路径（不得已存在）",
        "en": "the backup file (must not exist yet)",
    },
    "register.damaged": {
        "zh": "登记簿 {path} 已损坏，无法读取：{detail}",
        "en": "register {path} is damaged and cannot be read: {detail}",
    },
    "register.damaged.hint": {
        "zh": "用备份恢复；不要在该文件上继续记录。",
        "en": "restore it from a backup; do not record into this file.",
    },
    "register.cannot_open": {
        "zh": "无法打开登记簿 {path}：{detail}",
        "en": "cannot open register {path}: {detail}",
    },
    "register.cannot_open.hint": {
        "zh": "检查文件权限与磁盘空间。",
        "en": "check the file's permissions and the free disk space.",
    },
    "register.busy": {
        "zh": "登记簿 {path} 正被其他进程占用，等待 {seconds} 秒后仍未释放",
        "en": "register {path} stayed locked by another process for {seconds} s",
    },
    "register.busy.hint": {
        "zh": "稍后重试；如果持续出现，检查是否有卡住的 penalty 进程。",
        "en": "try again; if it persists, look for a stuck penalty process.",
    },
    "register.write_failed": {
        "zh": "写入登记簿 {path} 失败：{detail}（本次记录未写入）",
        "en": "writing to register {path} failed: {detail} (nothing was recorded)",
    },
    "register.write_failed.hint": {
        "zh": "检查磁盘空间与文件权限后重试。",
        "en": "check the free disk space and the file's permissions, then try again.",
    },
    "register.head_missing": {
        "zh": "登记簿 {path} 的链头记录缺失，拒绝继续追加",
        "en": "register {path} has lost its chain head record; refusing to append",
    },
    "register.head_missing.hint": {
        "zh": "运行 `penalty audit verify` 查看登记簿是否被改动。",
        "en": "run `penalty audit verify` to see whether the register was tampered with.",
    },
    "record.no_case_id": {
        "zh": "不能记录：案件没有案件编号（case_id），登记簿中的每条记录都要有案件编号",
        "en": "cannot record: the case has no case number (case_id), and every entry of the register needs one",
    },
    "record.no_case_id.hint": {
        "zh": "在案件文件中写上 case_id（例如 case_id: 粤环罚〔2024〕001号）后再用 --record；计算本身不需要它。",
        "en": "add a case_id to the case file (e.g. case_id: 粤环罚〔2024〕001号), then use --record again; the "
              "calculation itself does not need it.",
    },
    "register.bad_value": {
        "zh": "不能记录：{field} {detail}",
        "en": "cannot record: {field} {detail}",
    },
    "register.bad_value.hint": {
        "zh": "这是调用方的错误，请报告此问题。",
        "en": "this is a bug in the caller; please report it.",
    },
    "register.not_found": {
        "zh": "登记簿中没有第 {seq} 条记录（共 {count} 条）",
        "en": "the register has no entry {seq} (it holds {count})",
    },
    "register.not_found.hint": {
        "zh": "用 `penalty audit list` 查看记录编号。",
        "en": "see the entry numbers with `penalty audit list`.",
    },
    "register.rulebook_missing": {
        "zh": "登记簿中没有指纹为 {fingerprint} 的裁量基准原文",
        "en": "the register holds no rulebook text with fingerprint {fingerprint}",
    },
    "register.rulebook_missing.hint": {
        "zh": "运行 `penalty audit verify`。",
        "en": "run `penalty audit verify`.",
    },
    # --- verify findings (named by kind) ----------------------------------------------------------------
    "verify.ok": {
        "zh": "登记簿完好：{count} 条记录，哈希链完整。链头 {head}",
        "en": "register intact: {count} {count|entry|entries}, hash chain valid. head {head}",
    },
    "verify.ok_empty": {
        "zh": "登记簿完好：尚无记录。",
        "en": "register intact: no entries yet.",
    },
    "verify.anchor_hint": {
        "zh": "请把链头哈希另行保存（例如写入案卷或发给上级）；以后用 --expect-head 核对，可发现末尾记录被删除。",
        "en": "keep the head hash somewhere else (case file, e-mail to a supervisor); "
              "checking it later with --expect-head detects entries removed from the end.",
    },
    "verify.altered": {
        "zh": "第 {seq} 条记录被改动：内容与其哈希不符",
        "en": "entry {seq} was altered: its content no longer matches its hash",
    },
    "verify.rehashed": {
        "zh": "第 {seq} 条记录被改动（其哈希也被重算）：第 {next} 条记录保存的前一条哈希与之不符",
        "en": "entry {seq} was altered and its hash recomputed: entry {next} recorded a different hash for it",
    },
    "verify.deleted": {
        "zh": "第 {seq} 条记录被删除（编号从 {before} 直接跳到 {after}）",
        "en": "entry {seq} was deleted (numbering jumps from {before} to {after})",
    },
    "verify.deleted_first": {
        "zh": "第 {seq} 条记录被删除（登记簿从第 {after} 条开始）",
        "en": "entry {seq} was deleted (the register starts at entry {after})",
    },
    "verify.truncated": {
        "zh": "末尾的第 {seq} 至 {last} 条记录被删除（链头记录为第 {last} 条）",
        "en": "entries {seq} to {last} were deleted from the end (the chain head says {last})",
    },
    "verify.reordered": {
        "zh": "记录顺序被改动：第 {seq} 个位置上是原第 {original} 条记录",
        "en": "entries were reordered: position {seq} holds what was entry {original}",
    },
    "verify.head_altered": {
        "zh": "链头记录被改动：与第 {seq} 条记录不符",
        "en": "the chain head record was altered: it does not match entry {seq}",
    },
    "verify.head_missing": {
        "zh": "链头记录被删除（最后一条为第 {seq} 条）",
        "en": "the chain head record was deleted (the last entry is {seq})",
    },
    "verify.unlinked": {
        "zh": "第 {seq} 条记录之后另有未链接的记录（链头记录为第 {head} 条）",
        "en": "there are entries after {seq} that the chain head (entry {head}) does not cover",
    },
    "verify.rulebook_altered": {
        "zh": "第 {seq} 条记录所用裁量基准（指纹 {fingerprint}）的原文被改动",
        "en": "the stored rulebook text used by entry {seq} (fingerprint {fingerprint}) was altered",
    },
    "verify.rulebook_missing": {
        "zh": "第 {seq} 条记录所用裁量基准（指纹 {fingerprint}）的原文被删除",
        "en": "the stored rulebook text used by entry {seq} (fingerprint {fingerprint}) was deleted",
    },
    "verify.anchor_missing": {
        "zh": "登记簿中找不到锚定的链头 {anchor}：记录被截断或整体重写",
        "en": "the anchored head {anchor} is not in the register: entries were cut off or the chain was rewritten",
    },
    "verify.anchor_found": {
        "zh": "锚定的链头 {anchor} 是第 {seq} 条记录，之前的记录完好。",
        "en": "the anchored head {anchor} is entry {seq}; everything up to it is intact.",
    },
    "verify.time_back": {
        "zh": "第 {seq} 条记录的时间 {timestamp} 早于前一条（{previous}）：时间不能倒退，这是补记的倒签记录或时钟被调回",
        "en": "entry {seq} is dated {timestamp}, before the entry preceding it ({previous}): times never go back, "
              "so it was appended backdated or with the clock set back",
    },
    "verify.bad_signature": {
        "zh": "第 {seq} 条记录的签名不是机关密钥 {key_id} 的有效签名：记录被改写或签名被伪造",
        "en": "the signature of entry {seq} is not a valid signature by the office key {key_id}: the chain was "
              "rewritten or the signature forged",
    },
    "verify.unsigned_tail": {
        "zh": "第 {seq} 至 {last} 条记录没有机关密钥 {key_id} 的签名覆盖：可能是无密钥者追加或改写的记录",
        "en": "entries {seq} to {last} are not covered by a signature of the office key {key_id}: they may have "
              "been appended or rewritten by someone without the key",
    },
    "verify.anchor_bad_signature": {
        "zh": "锚点文件（第 {seq} 条，{anchor}）的签名不是给定机关密钥的有效签名",
        "en": "the anchor file (entry {seq}, {anchor}) is not validly signed by the office key given",
    },
    "verify.signed": {
        "zh": "机关密钥 {key_id}：第 1 至 {upto} 条记录由其签名担保；其中 {unsigned} 条记录本身未签名"
              "（如启用签名前所记），由其后的签名覆盖",
        "en": "office key {key_id}: entries 1 to {upto} are vouched for by its signatures; {unsigned} of them "
              "{unsigned|carries|carry} no signature of its own (recorded unsigned, e.g. before signing began) "
              "and {unsigned|is|are} covered by a later one",
    },
    "verify.signatures_unchecked": {
        "zh": "{count} 条记录带有签名，但未核验（加 --public-key 机关公钥.pem 才能证明登记簿出自本机关）。",
        "en": "{count} {count|entry carries|entries carry} a signature, not checked: pass --public-key OFFICE.pem "
              "to prove the register is the office's.",
    },
    "verify.signed_all": {
        "zh": "机关密钥 {key_id}：第 1 至 {upto} 条记录均有其有效签名",
        "en": "office key {key_id}: every entry, 1 to {upto}, carries its valid signature",
    },
    "verify.anchor_signed": {
        "zh": "锚点文件的签名是该机关密钥的有效签名。",
        "en": "the anchor file is validly signed by the office key.",
    },
    "verify.signed_empty": {
        "zh": "机关密钥 {key_id}：登记簿尚无记录",
        "en": "office key {key_id}: the register has no entries yet",
    },
    "register.clock_back": {
        "zh": "不能记录：时间 {timestamp} 早于登记簿最后一条记录（第 {seq} 条，{last}）；登记簿中的时间不能倒退：{path}",
        "en": "cannot record: the time {timestamp} is before the register's last entry ({seq}, {last}); times in "
              "the register never go back: {path}",
    },
    "register.clock_back.hint": {
        "zh": "检查本机时钟（时区、是否被调回）后重试；多台机器共用登记簿时请同步时钟（NTP）。",
        "en": "check this machine's clock (time zone, set back?) and try again; machines sharing a register need "
              "synchronised clocks (NTP).",
    },
    "anchor.bad": {
        "zh": "锚点文件 {path} 无法使用：{detail}",
        "en": "cannot use the anchor file {path}: {detail}",
    },
    "anchor.bad.hint": {
        "zh": "锚点文件应是 `penalty audit anchor` 输出的 JSON。",
        "en": "an anchor file is the JSON printed by `penalty audit anchor`.",
    },
    "anchor.not_intact": {
        "zh": "登记簿 {path} 未通过核验，不能作为锚点发布：{problem}",
        "en": "register {path} does not verify, so its head is not published as an anchor: {problem}",
    },
    "anchor.not_intact.hint": {
        "zh": "先运行 `penalty audit verify` 查明问题。",
        "en": "run `penalty audit verify` first to see what is wrong.",
    },
    "anchor.empty": {
        "zh": "登记簿尚无记录，没有可发布的链头。",
        "en": "the register has no entries yet: there is no head to publish.",
    },
    "anchor.unsigned": {
        "zh": "注意：该链头未签名（未给出 --key，且该条记录写入时未签名）；发布后只能当作 --expect-head 使用。",
        "en": "note: this head is not signed (no --key given, and the entry was recorded unsigned); published, it "
              "only works as --expect-head does.",
    },
    "verify.anchor_unchecked": {
        "zh": "锚点文件的签名未核验（未给出 --public-key），只核对了链头哈希的位置。",
        "en": "the anchor file's signature was not checked (no --public-key): only its head hash and position were.",
    },
    "cli.cmd.anchor": {
        "zh": "输出当前链头（带机关密钥签名）供另行发布；以后用 verify --anchor 文件 核对。",
        "en": "print the current head (signed with the office key) to publish elsewhere; check it later with "
              "verify --anchor FILE.",
    },
    "cli.opt.key": {
        "zh": "机关的 Ed25519 私钥（PEM），用于签名链头；默认取环境变量 PENALTY_REGISTER_KEY",
        "en": "the office's Ed25519 private key (PEM) that signs heads; default: $PENALTY_REGISTER_KEY",
    },
    "cli.opt.verify_public_key": {
        "zh": "机关的可信公钥：核验每个签名，并要求最后一条记录有签名覆盖",
        "en": "the office's trusted public key: check every signature and require the last entry to be covered",
    },
    "cli.opt.anchor": {
        "zh": "`penalty audit anchor` 输出的锚点文件：该链头必须仍在原位置，之前的记录未被改写",
        "en": "an anchor file printed by `penalty audit anchor`: that head must still be at its position, so "
              "nothing before it was rewritten",
    },
    "verify.failed.hint": {
        "zh": "从备份恢复登记簿，并向监察部门报告；不要在该文件上继续记录。",
        "en": "restore the register from a backup and report it to the supervisors; do not record into this file.",
    },
    # --- replay ---------------------------------------------------------------------------------------------
    "replay.ok": {
        "zh": "全部 {count} 条记录重算结果一致。",
        "en": "all {count} {count|entry|entries} reproduced.",
    },
    "replay.summary": {
        "zh": "{count} 条记录中：{same} 条一致，{differ} 条不一致，{failed} 条无法重算。",
        "en": "of {count} {count|entry|entries}: {same} reproduced, {differ} differ, {failed} could not be recomputed.",
    },
    "replay.differs": {
        "zh": "第 {seq} 条（案件 {case_id}，当时引擎 {engine}）重算结果不同：{paths}",
        "en": "entry {seq} (case {case_id}, recorded by {engine}) gives a different result now: {paths}",
    },
    "replay.failed": {
        "zh": "第 {seq} 条（案件 {case_id}）无法重算：{error}",
        "en": "entry {seq} (case {case_id}) could not be recomputed: {error}",
    },
    "replay.hint": {
        "zh": "若引擎版本已变，请逐条核对差异；否则运行 `penalty audit verify` 检查登记簿是否被改动。",
        "en": "if the engine changed, review each difference; otherwise run `penalty audit verify`.",
    },
    "replay.engine_missing": {
        "zh": "无法加载计算引擎：{detail}",
        "en": "cannot load the penalty engine: {detail}",
    },
    "replay.engine_missing.hint": {
        "zh": "重新安装 penalty。",
        "en": "reinstall penalty.",
    },
    # --- receipts --------------------------------------------------------------------------------------------
    "receipt.unreadable": {
        "zh": "无法读取回执 {path}：{detail}",
        "en": "cannot read receipt {path}: {detail}",
    },
    "receipt.unreadable.hint": {
        "zh": "回执应是 `penalty calc --receipt` 写出的 JSON 文件。",
        "en": "a receipt is the JSON file written by `penalty calc --receipt`.",
    },
    "receipt.bad_format": {
        "zh": "不是处罚裁量回执：{detail}",
        "en": "not a penalty receipt: {detail}",
    },
    "receipt.bad_format.hint": {
        "zh": "回执应是 `penalty calc --receipt` 写出的 JSON 文件。",
        "en": "a receipt is the JSON file written by `penalty calc --receipt`.",
    },
    "receipt.unwritable": {
        "zh": "无法写入回执 {path}：{reason}",
        "en": "cannot write the receipt {path}: {reason}",
    },
    "receipt.unwritable.hint": {
        "zh": "请为 --receipt 指定已有且可写入的文件夹中的文件名。",
        "en": "give --receipt a file name in a folder that exists and that you may write to.",
    },
    "receipt.not_canonical": {
        "zh": "回执 {path} 不是签发时写出的原样字节（第 {line} 行起不同：键重复、顺序、空白或数字写法被改过），拒绝核验",
        "en": "receipt {path} is not byte for byte as issued (it differs from line {line}: a duplicate key, or "
              "reordered keys, spacing or number spelling); refused",
    },
    "receipt.not_canonical.hint": {
        "zh": "请使用签发机关给出的原始回执文件，不要用编辑器或其他程序重新保存。",
        "en": "use the receipt file exactly as the issuing office gave it; do not re-save it with an editor or "
              "another program.",
    },
    "receipt.check.explanation.ok": {
        "zh": "重算的裁量说明与回执所载一致",
        "en": "recomputed: the explanation matches the receipt",
    },
    "receipt.check.explanation.fail": {
        "zh": "回执所载的裁量说明不是该结果所生成的说明：说明被改动过",
        "en": "the explanation in the receipt is not the one the result gives: it was altered",
    },
    "receipt.check.explanation.unchecked": {
        "zh": "未能重算裁量说明，不能确认回执所载的说明",
        "en": "the explanation could not be recomputed, so the one shown in the receipt is not confirmed",
    },
    "receipt.check.hash.ok": {
        "zh": "内容哈希一致，回执未被改动",
        "en": "content hash matches: the receipt was not altered",
    },
    "receipt.check.hash.fail": {
        "zh": "内容哈希不符：回执在签发后被改动",
        "en": "content hash does not match: the receipt was altered after it was issued",
    },
    "receipt.check.rulebook.ok": {
        "zh": "裁量基准指纹一致（{fingerprint}）",
        "en": "rulebook fingerprint matches ({fingerprint})",
    },
    "receipt.check.rulebook.fail": {
        "zh": "裁量基准不是签发时所用的版本：回执为 {expected}，给出的文件为 {actual}",
        "en": "not the rulebook the receipt was issued with: receipt says {expected}, the file given is {actual}",
    },
    "receipt.check.rulebook.skip": {
        "zh": "未核对裁量基准指纹",
        "en": "rulebook fingerprint not checked",
    },
    "receipt.check.result.ok": {
        "zh": "离线重算结果与回执一致",
        "en": "recomputed offline: the result matches the receipt",
    },
    "receipt.check.result.fail": {
        "zh": "离线重算结果与回执不同：{paths}",
        "en": "recomputed offline: the result differs from the receipt: {paths}",
    },
    "receipt.check.result.error": {
        "zh": "无法重算：{error}",
        "en": "could not recompute: {error}",
    },
    "receipt.check.engine.ok": {
        "zh": "引擎版本相同（{engine}）",
        "en": "same engine version ({engine})",
    },
    "receipt.check.engine.warn": {
        "zh": "回执由 {issued} 签发，当前为 {current}",
        "en": "the receipt was issued by {issued}; this is {current}",
    },
    "receipt.check.signature.ok": {
        "zh": "Ed25519 签名有效，签发密钥 {key_id}",
        "en": "Ed25519 signature valid, issuing key {key_id}",
    },
    "receipt.check.signature.untrusted": {
        "zh": "签名与回执内附的公钥 {key_id} 相符，但未用可信公钥核对（请加 --public-key）；按 --allow-unsigned "
              "仅作较弱的核验，不能证明回执由谁签发",
        "en": "signature matches the key {key_id} carried in the receipt, "
              "but no trusted key was given to check it against (use --public-key); --allow-unsigned: "
              "only the weaker check was made, which does not prove who issued it",
    },
    "receipt.check.signature.fail": {
        "zh": "签名无效：回执被改动或签名被伪造",
        "en": "signature invalid: the receipt was altered or the signature forged",
    },
    "receipt.check.signature.wrong_key": {
        "zh": "回执由密钥 {key_id} 签发，不是给定的可信公钥 {trusted_id}",
        "en": "the receipt was signed by key {key_id}, not by the trusted key {trusted_id}",
    },
    "receipt.check.signature.missing": {
        "zh": "要求签名，但回执未签名",
        "en": "a signature was required but the receipt is not signed",
    },
    "receipt.check.signature.no_key": {
        "zh": "未给出签发机关的可信公钥，签名未核验：回执可能被人改写后重新签名或去掉签名",
        "en": "no trusted key of the issuer was given, so the signature was not verified: the receipt may have "
              "been rewritten and re-signed, or stripped of its signature",
    },
    "receipt.check.signature.no_key.hint": {
        "zh": "加 --public-key 签发机关公钥.pem；只想核对哈希与重算结果时加 --allow-unsigned（较弱的核验）。",
        "en": "pass --public-key ISSUER.pem; for the weaker check (hash and recomputation only) pass "
              "--allow-unsigned.",
    },
    "receipt.check.signature.weaker": {
        "zh": "回执未签名；按 --allow-unsigned 仅作较弱的核验（哈希与重算），不能证明回执由谁签发",
        "en": "the receipt is not signed; --allow-unsigned: only the weaker check was made (hash and "
              "recomputation), which does not prove who issued it",
    },
    "receipt.ok": {
        "zh": "回执核验通过。",
        "en": "receipt verified.",
    },
    "receipt.ok_weaker": {
        "zh": "回执通过较弱的核验（哈希与重算）；未用可信公钥核验签名，不能证明由谁签发。",
        "en": "receipt passed the weaker check (hash and recomputation); no trusted key verified a signature, "
              "so who issued it is not proven.",
    },
    "receipt.failed": {
        "zh": "回执核验未通过。",
        "en": "receipt verification FAILED.",
    },
    "receipt.failed.hint": {
        "zh": "确认使用的是签发时的裁量基准文件；如结果不同且引擎版本已变，请向法制机构核对。",
        "en": "make sure you gave the rulebook file the receipt was issued with; "
              "if only the engine version differs, ask the legal office.",
    },
    "receipt.rulebook_invalid": {
        "zh": "无法读取用于核对回执的裁量基准 {file}（见上）",
        "en": "the rulebook {file} given to check the receipt cannot be read (see above)",
    },
    "receipt.rulebook_invalid.hint": {
        "zh": "--rulebook 须为签发回执时使用的裁量基准文件或内置名称（其他版本放在同一文件夹中）。",
        "en": "--rulebook takes the rulebook file (or bundled name) the receipt was issued with; keep its other "
              "versions in the same folder.",
    },
    "cli.not_intact": {
        "zh": "警告：登记簿未通过完整性核验，以下内容可能已被改动；请运行 `penalty audit verify` 查看。",
        "en": "warning: the register fails its integrity check, so what follows may have been altered; run `penalty audit verify`.",
    },
    "sign.no_crypto": {
        "zh": "签名功能需要 cryptography 软件包，但未安装",
        "en": "signing needs the `cryptography` package, which is not installed",
    },
    "sign.no_crypto.hint": {
        "zh": "运行 pip install 'penalty[sign]'（或 pip install cryptography）。",
        "en": "run pip install 'penalty[sign]' (or pip install cryptography).",
    },
    "sign.bad_key": {
        "zh": "无法读取密钥 {path}：{detail}",
        "en": "cannot read key {path}: {detail}",
    },
    "sign.bad_key.hint": {
        "zh": "密钥应是 `penalty receipt keygen` 生成的 PEM 文件（Ed25519）。",
        "en": "a key is a PEM file (Ed25519) as written by `penalty receipt keygen`.",
    },
    "sign.exists": {
        "zh": "{path} 已存在，不覆盖",
        "en": "{path} already exists; not overwriting it",
    },
    "sign.exists.hint": {
        "zh": "换一个路径，或先手动移走旧密钥（旧密钥签发的回执仍需旧公钥核验）。",
        "en": "choose another path, or move the old key away yourself "
              "(receipts it signed still need its public key to verify).",
    },
    "sign.written": {
        "zh": "私钥已写入 {private}（仅本人可读），公钥已写入 {public}。密钥编号 {key_id}",
        "en": "private key written to {private} (readable by you only), public key to {public}. key id {key_id}",
    },
    # --- CLI labels and help ------------------------------------------------------------------------------
    "cli.hint": {"zh": "提示", "en": "hint"},
    "cli.no_entries": {"zh": "没有符合条件的记录。", "en": "no matching entries."},
    "cli.bad_date": {
        "zh": "日期应为 YYYY-MM-DD 格式：{value}",
        "en": "a date must look like YYYY-MM-DD: {value}",
    },
    "cli.col.seq": {"zh": "编号", "en": "#"},
    "cli.col.time": {"zh": "时间 (UTC)", "en": "time (UTC)"},
    "cli.col.case": {"zh": "案件", "en": "case"},
    "cli.col.officer": {"zh": "执法人员", "en": "officer"},
    "cli.col.unit": {"zh": "单位", "en": "unit"},
    "cli.col.violation": {"zh": "违法行为", "en": "violation"},
    "cli.col.check": {"zh": "核验项", "en": "check"},
    "cli.col.status": {"zh": "结果", "en": "status"},
    "cli.col.detail": {"zh": "说明", "en": "detail"},
    "cli.audit.help": {
        "zh": "裁量登记簿（全程留痕）：核验、重算、查询。",
        "en": "The decision register (全程留痕): verify, replay, list, show.",
    },
    "cli.receipt.help": {
        "zh": "裁量回执：离线核验、生成签名密钥。",
        "en": "Assessment receipts: verify offline, make a signing key.",
    },
    "cli.opt.register": {
        "zh": "登记簿文件（默认取环境变量 PENALTY_REGISTER，否则 ./penalty-register.sqlite）",
        "en": "register file (default: $PENALTY_REGISTER, else ./penalty-register.sqlite)",
    },
    "cli.opt.json": {"zh": "输出 JSON", "en": "print JSON"},
    "cli.opt.expect_head": {
        "zh": "之前保存的链头哈希：若它已不在链中则失败（可发现末尾记录被删）",
        "en": "a head hash kept from earlier: fail unless it is still in the chain (detects cut-off entries)",
    },
    "cli.opt.since": {"zh": "自该日（UTC，含）起", "en": "from this day (UTC), included"},
    "cli.opt.until": {"zh": "至该日（UTC，含）止", "en": "up to this day (UTC), included"},
    "cli.opt.officer": {"zh": "执法人员编号", "en": "officer id"},
    "cli.opt.unit": {"zh": "执法单位", "en": "enforcement unit"},
    "cli.opt.violation": {"zh": "违法行为编号", "en": "violation id"},
    "cli.opt.case": {"zh": "案件编号", "en": "case id"},
    "cli.opt.limit": {"zh": "最多列出条数", "en": "at most this many entries"},
    "cli.arg.id": {"zh": "记录编号（见 `penalty audit list`）", "en": "entry number, as in `penalty audit list`"},
    "cli.arg.receipt": {"zh": "要核验的回执（JSON）", "en": "the receipt (JSON) to check"},
    "cli.opt.rulebook": {"zh": "回执所称的裁量基准文件", "en": "the rulebook file the receipt says it was issued with"},
    "cli.opt.public_key": {
        "zh": "签发者的可信公钥：要求有其有效签名",
        "en": "the issuer's trusted public key: require a valid signature by it",
    },
    "cli.opt.allow_unsigned": {
        "zh": "无可信公钥时仍作较弱的核验（哈希与重算），不能证明签发者；输出会注明",
        "en": "without a trusted key, make the weaker check (hash and recomputation), which does not prove the "
              "issuer; the output says so",
    },
    "cli.opt.out_key": {
        "zh": "私钥（PEM）写入的路径；公钥写入 PATH.pub",
        "en": "where to write the private key (PEM); the public key goes to PATH.pub",
    },
    "cli.cmd.verify": {
        "zh": "重算整个登记簿的哈希，指出第一条被改动、删除或调换顺序的记录。",
        "en": "Re-hash the whole register; name the first entry altered, deleted or reordered.",
    },
    "cli.cmd.replay": {
        "zh": "用保存的裁量基准重算每条记录，列出结果不同的记录。",
        "en": "Recompute every entry with its stored rulebook; list those whose result differs now.",
    },
    "cli.cmd.list": {
        "zh": "列出已记录的裁量（按时间先后），可筛选。",
        "en": "List recorded assessments, oldest first, filtered.",
    },
    "cli.cmd.show": {
        "zh": "原样输出当时的裁量说明（记录信息输出到 stderr）。",
        "en": "Print the stored explanation exactly as it was given at the time (entry details go to stderr).",
    },
    "cli.cmd.receipt_verify": {
        "zh": "用给定的裁量基准离线重算回执，判断是否一致。",
        "en": "Recompute a receipt offline with the given rulebook and say whether it matches.",
    },
    "cli.cmd.keygen": {
        "zh": "生成用于签署回执的 Ed25519 密钥对；从不覆盖已有文件。",
        "en": "Make an Ed25519 key pair for signing receipts. Never overwrites an existing file.",
    },
}


_CHOSEN: ContextVar = ContextVar("penalty_audit_lang", default=None)


def use_lang(language: str | None):
    """The language a command was given (--lang) for this layer's messages, which are worded where they are
    made; None: the project's rule. A context variable, not $PENALTY_LANG: nothing leaks past the command.
    Returns the token for `restore_lang`, for a caller that uses this layer for a while inside another command."""
    return _CHOSEN.set(language)


def restore_lang(token) -> None:
    _CHOSEN.reset(token)


def lang() -> str:
    from penalty.i18n import default_lang  # one rule for every layer: --lang, else $PENALTY_LANG, else Chinese
    return _CHOSEN.get() or default_lang()


def text(code: str, language: str | None = None, /, **args) -> str:
    """The message for `code` in the chosen language, filled with `args` (penalty.i18n.fill, as every layer)."""
    from penalty.i18n import fill
    return fill(MESSAGES, code, language or lang(), **args)


def hint(code: str, language: str | None = None, /, **args) -> str:
    key = code + ".hint"
    return text(key, language, **args) if key in MESSAGES else ""


from penalty.errors import register_messages  # noqa: E402 - registered once the catalogue is complete

# Every prefix but "cli" (the audit commands' own labels and help, never a Problem's code; the CLI layer's
# catalogue has codes of its own).
register_messages(tuple(sorted({code.split(".", 1)[0] for code in MESSAGES} - {"cli"})), MESSAGES)
