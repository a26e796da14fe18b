"""Reading an input file within a size limit, and saying in a sentence why a file cannot be read.

Every file a person names (rulebook, include block, case, mapping, example cases, review file) is read here or
checked here first: a regular file is measured before it is read, so a 1 GiB file costs nothing; what is not a
regular file (a device such as /dev/zero, a socket, a folder) is refused, except a pipe, which is read at most up to
the limit; nothing is read until memory runs out. An OSError becomes a Problem of the caller's layer
(`<prefix>.not_found` or `<prefix>.unreadable` with a reason in the user's language), never raw OS text.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from penalty.errors import Problem

# Why a file cannot be read, as labels ({zh, en}): the layer's message fills its {reason} in its own language.
REASONS = {
    "folder": {"en": "it is a folder, not a file", "zh": "这是文件夹，不是文件"},
    "device": {"en": "it is a device or a socket, not a regular file", "zh": "这是设备或套接字，不是普通文件"},
    "denied": {"en": "permission denied", "zh": "没有读取权限"},
    "not_folder": {"en": "a part of the path is a file, not a folder", "zh": "路径中的某一部分是文件，不是文件夹"},
    "name_too_long": {"en": "the name is too long", "zh": "文件名过长"},
    "loop": {"en": "the path has a loop of symbolic links", "zh": "路径中的符号链接形成了循环"},
    "busy": {"en": "too many files are open", "zh": "打开的文件过多"},
    "io": {"en": "the disk reported a read error", "zh": "磁盘读取出错"},
    "full": {"en": "the disk is full", "zh": "磁盘已满"},
    "read_only": {"en": "the disk is read-only", "zh": "磁盘为只读"},
    "exists": {"en": "a file of that name is already there", "zh": "已有同名文件"},
    "no_folder": {"en": "the folder it goes in does not exist", "zh": "所在的文件夹不存在"},
    "missing": {"en": "there is no such file", "zh": "没有这个文件"},
    "too_big": {"en": "it is larger than {limit} bytes", "zh": "文件超过 {limit} 字节"},
    "not_utf8": {"en": "it is not UTF-8 text", "zh": "不是 UTF-8 编码的文本"},
    "other": {"en": "the system refused it ({code})", "zh": "系统拒绝了该操作（{code}）"},
}
_BY_ERRNO = {errno.EISDIR: "folder", errno.EEXIST: "exists", errno.EACCES: "denied", errno.EPERM: "denied", errno.ENOTDIR: "not_folder",
             errno.ENAMETOOLONG: "name_too_long", errno.ELOOP: "loop", errno.EMFILE: "busy", errno.ENFILE: "busy",
             errno.EIO: "io", errno.ENOSPC: "full", errno.EROFS: "read_only", errno.ENXIO: "device"}


def reason(exc: OSError) -> dict:
    """An OSError as a label {zh, en}: a sentence, not `[Errno 21] Is a directory`."""
    key = _BY_ERRNO.get(exc.errno or 0, "other")
    label = REASONS[key]
    if key == "other":
        code = errno.errorcode.get(exc.errno or 0, str(exc.errno))
        return {lang: text.format(code=code) for lang, text in label.items()}
    return dict(label)


def os_problem(exc: OSError, prefix: str, path, pos=None) -> Problem:
    """The one translation of an OSError into a Problem: `<prefix>.not_found` {path}, or `<prefix>.unreadable`
    {path, reason}. Every layer's catalogue has both codes."""
    if isinstance(exc, FileNotFoundError):
        return Problem(f"{prefix}.not_found", pos, {"path": str(path)})
    return Problem(f"{prefix}.unreadable", pos, {"path": str(path), "reason": reason(exc)})


class Refused(Exception):
    """The `error` to give this module's readers in a layer whose errors are not Problems (the audit layer's
    receipts and keys): catch it and put `why(problems[0])` in the layer's own message."""

    def __init__(self, problems: list):
        super().__init__(problems[0].code)
        self.problems = problems


def why(problem: Problem) -> dict:
    """The reason of a refusal by this module as a label {zh, en}, for a layer whose errors are not Problems
    (the audit layer's receipts and keys) to put in its own message."""
    kind = problem.code.rsplit(".", 1)[-1]
    if kind == "not_found":
        return dict(REASONS["missing"])
    if kind == "too_big":
        return {lang: text.format(limit=problem.args["limit"]) for lang, text in REASONS["too_big"].items()}
    return dict(problem.args["reason"])


def check_readable(path, error: type, prefix: str) -> os.stat_result:
    """Stat `path` and refuse what is not a file to read (folder, device, socket) with a sentence; pipes pass."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise error([os_problem(exc, prefix, path)]) from None
    if stat.S_ISDIR(st.st_mode):
        raise error([Problem(f"{prefix}.unreadable", None, {"path": str(path), "reason": REASONS["folder"]})])
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
        raise error([Problem(f"{prefix}.unreadable", None, {"path": str(path), "reason": REASONS["device"]})])
    return st


def check_size(path, limit: int, error: type, prefix: str, too_big: dict | None = None) -> os.stat_result:
    """`check_readable`, then refuse a regular file larger than `limit` bytes with `error([<prefix>.too_big])`
    {path, limit} (and `too_big`'s own arguments; its `pos` becomes the Problem's position), before a byte is read.
    For readers that stream the file themselves (a review's CSV)."""
    st = check_readable(path, error, prefix)
    if stat.S_ISREG(st.st_mode) and st.st_size > limit:
        raise error([_too_big(path, limit, prefix, too_big)])
    return st


def _too_big(path, limit: int, prefix: str, extra: dict | None) -> Problem:
    args = {"path": str(path), "limit": limit, **(extra or {})}
    return Problem(f"{prefix}.too_big", args.pop("pos", None), args)


def read_limited(path, limit: int, error: type, prefix: str, too_big: dict | None = None) -> bytes:
    """The bytes of `path`, at most `limit` of them (checked as in `check_size`). A regular file is measured
    first; a pipe is read up to limit + 1 bytes and no further."""
    check_size(path, limit, error, prefix, too_big)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        raise error([os_problem(exc, prefix, path)]) from None
    if len(raw) > limit:  # grew since it was measured, or a pipe that does not end
        raise error([_too_big(path, limit, prefix, too_big)])
    return raw


def read_stream_limited(stream, limit: int, error: type, prefix: str, shown: str) -> bytes:
    """Standard input (or another binary stream) read up to `limit` bytes, the same limit as a file."""
    raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise error([_too_big(shown, limit, prefix, None)])
    return raw


def output_problem(exc: OSError, prefix: str, path) -> Problem:
    """A file that cannot be written: `<prefix>.unwritable` {path, reason}."""
    why = REASONS["no_folder"] if isinstance(exc, FileNotFoundError) else reason(exc)
    return Problem(f"{prefix}.unwritable", None, {"path": str(Path(path)), "reason": dict(why)})
