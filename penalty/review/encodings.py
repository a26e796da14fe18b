"""Which text encoding a case file is in, and reading it strictly: never a byte turned into U+FFFD.

Read (docs/review.md, "Encodings"): UTF-8 with or without a BOM, GB18030 (and so GBK and GB2312, which it
contains: what Excel on Chinese Windows saves as "CSV") and UTF-16 (Excel's "Unicode text", little or big
endian). The cascade, strict at every step:

1. a BOM names the encoding (UTF-8, UTF-16LE, UTF-16BE; a UTF-32 BOM is refused by name);
2. NUL bytes, which no CSV or JSON text holds, mean UTF-16 without a BOM (on which byte of a pair they fall
   says the byte order);
3. else the first 64 KiB that hold a byte above 0x7F decide: UTF-8 if they are UTF-8, else GB18030 if they are
   GB18030, else the file is refused with the offset of the first byte that is not UTF-8 or, when it reads further as
   GB18030, of the first that is not GB18030. A file of ASCII
   only is UTF-8.

Whatever the guess (or the encoding `--encoding` forces), the WHOLE file is then decoded strictly: UTF-8 by
polars' own strict reader (no second pass; the bad byte is located only when it fails), every other
encoding by `decoded_chunks` here, which transcodes to UTF-8 for polars. A byte that does not decode stops the
run with its offset and line, in words (`review.bad_bytes`).
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from penalty.errors import Problem

HEAD = 1 << 16
CHUNK = 1 << 24  # decoded 16 MiB at a time: memory stays bounded on a 4 GiB file

# what --encoding accepts (Python's codec names and their usual aliases), each -> the codec used
FORCED = {"utf-8": "utf-8", "gb18030": "gb18030", "gbk": "gbk", "gb2312": "gb2312", "utf-16": "utf-16",
          "utf-16-le": "utf-16-le", "utf-16-be": "utf-16-be"}
_SHOWN = {"utf-8": "UTF-8", "gb18030": "GB18030", "gbk": "GBK", "gb2312": "GB2312", "utf-16-le": "UTF-16LE",
          "utf-16-be": "UTF-16BE"}
_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


@dataclass(frozen=True)
class Encoding:
    """How a text file is read: the codec, how many BOM bytes to skip, and its name as the summary shows it."""
    codec: str
    bom: int = 0

    @property
    def name(self) -> str:
        return _SHOWN[self.codec] + (" (BOM)" if self.bom and self.codec == "utf-8" else "")

    @property
    def is_utf8(self) -> bool:
        return self.codec == "utf-8"


class BadBytes(Exception):
    """A byte that does not decode: where it is (0-based byte offset, 1-based line) and in which encoding;
    `also`: the other encoding the file was tried in, which failed earlier (detection only)."""

    def __init__(self, offset: int, line: int, encoding: Encoding, also: str = ""):
        super().__init__(offset, line, encoding)
        self.offset, self.line, self.encoding, self.also = offset, line, encoding, also

    def problem(self, path) -> Problem:
        return Problem("review.bad_bytes", None, {"path": str(path), "offset": self.offset, "line": self.line,
                                                 "encoding": self.encoding.name, "suggestion": self.also})


class UnsupportedEncoding(Exception):
    """A file whose BOM names an encoding the review does not read (UTF-32)."""


def codec_name(text: str) -> str | None:
    """--encoding's value -> the codec FORCED names (UTF8, utf_8, GBK, UTF-16LE ... as Python spells them), or
    None when the review does not read it."""
    try:
        name = codecs.lookup(text.strip()).name
    except LookupError:
        return None
    return FORCED.get(name)


def detect(p: Path, forced: str | None = None) -> Encoding:
    """The encoding to read `p` in (see the module docstring). forced: a codec of FORCED: its BOM, when the file
    starts with one, is skipped; the guess is not made. Raises BadBytes, or UnsupportedEncoding for UTF-32."""
    with p.open("rb") as fh:
        head = fh.read(HEAD)
        if forced is not None:
            return _forced(forced, head)
        for bom, codec in _BOMS:
            if head.startswith(bom):
                if codec == "UTF-32":
                    raise UnsupportedEncoding(codec)
                return Encoding(codec, len(bom))
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if max(even, odd) >= 16 and max(even, odd) >= 4 * min(even, odd):
            # UTF-16 without a BOM: ASCII characters (commas, digits, line ends) put their zero byte first (BE) or
            # last (LE); a stray NUL in a UTF-8 file does not fall on one side of the pairs only
            return Encoding("utf-16-be" if even > odd else "utf-16-le")
        start, window = 0, head
        while window.isascii():  # the first part with a byte above 0x7F decides; ASCII is UTF-8
            start += len(window)
            window = fh.read(HEAD)
            if not window:
                return Encoding("utf-8")
    # every byte before `start` is ASCII: the window starts on a character of any of these encodings
    utf8, gb = first_bad(window, "utf-8"), first_bad(window, "gb18030")
    if utf8 is None:
        return Encoding("utf-8")
    if gb is None:
        return Encoding("gb18030")
    # neither: the bad byte of the one that reads further (a GB18030 file with one damaged byte is told where)
    enc, other, at = (Encoding("gb18030"), "UTF-8", gb) if gb > utf8 else (Encoding("utf-8"), "GB18030", utf8)
    raise BadBytes(start + at, line_at(p, enc, start + at), enc, other)


def _forced(codec: str, head: bytes) -> Encoding:
    if codec == "utf-16":  # no byte order given: the BOM says it, else little endian (what Windows writes)
        return Encoding("utf-16-be", 2) if head.startswith(codecs.BOM_UTF16_BE) else \
            Encoding("utf-16-le", 2 if head.startswith(codecs.BOM_UTF16_LE) else 0)
    bom = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(codec)
    return Encoding(codec, len(bom) if bom and head.startswith(bom) else 0)


def first_bad(window: bytes, codec: str) -> int | None:
    """Offset of the first byte of `window` that is not `codec`, None when it all decodes (a character cut by
    the window's end included)."""
    try:
        window.decode(codec)
        return None
    except UnicodeDecodeError as exc:
        if exc.end == len(window) and exc.start >= len(window) - 3:  # a character the window's end cut
            return None
        return exc.start


def decoded_chunks(p: Path, enc: Encoding, size: int = CHUNK):
    """The text of `p` in chunks of about `size` bytes, decoded strictly; raises BadBytes at the first byte that
    does not decode. A chunk is cut after a line end (the encoded "\\n", aligned to the code unit) so that no
    character is split; a chunk with no line end is decoded up to the last whole character."""
    newline = "\n".encode(enc.codec)
    unit = len(newline)
    lines = Lines()
    with p.open("rb") as fh:
        fh.seek(enc.bom)
        offset, rest = enc.bom, b""  # offset: of `rest`'s first byte in the file
        while True:
            more = fh.read(size)
            data, final = rest + more, not more
            if not data:
                return
            cut = len(data) if final else _cut(data, newline, unit)
            try:
                text = data[:cut].decode(enc.codec)
            except UnicodeDecodeError as exc:
                if final or exc.end < cut or exc.start < cut - 4:
                    raise BadBytes(offset + exc.start, lines.at(data[:exc.start].decode(enc.codec)), enc) from None
                cut = exc.start  # a character this chunk's end cut (no line end in it): the rest goes on
                text = data[:cut].decode(enc.codec)
            lines.add(text)
            yield text
            offset, rest = offset + cut, data[cut:]
            if final:
                return


def _cut(data: bytes, newline: bytes, unit: int) -> int:
    """Just after the last encoded line end of `data` on a code unit boundary (the whole of `data` when none)."""
    end = len(data)
    while True:
        i = data.rfind(newline, 0, end)
        if i < 0:
            return len(data) - len(data) % unit
        if i % unit == 0:
            return i + unit
        end = i + unit - 1


class Lines:
    """Counts lines over consecutive pieces of text: LF, CRLF and CR alone each end a line."""

    def __init__(self):
        self.ends, self.cr_last = 0, False

    def add(self, text: str) -> None:
        if not text:
            return
        crlf = text.count("\r\n") + (self.cr_last and text[0] == "\n")  # a CRLF split between two pieces
        self.ends += text.count("\n") + text.count("\r") - crlf
        self.cr_last = text[-1] == "\r"

    def at(self, text: str) -> int:
        """The 1-based line on which a byte right after `text` (the rest of the piece before it) stands."""
        before = Lines()
        before.ends, before.cr_last = self.ends, self.cr_last
        before.add(text)
        return before.ends + 1


def line_at(p: Path, enc: Encoding, offset: int) -> int:
    """The line of the byte at `offset` (the bytes before it decode: they came before the first bad one)."""
    lines = Lines()
    with p.open("rb") as fh:
        fh.seek(enc.bom)
        left = offset - enc.bom
        decoder = codecs.getincrementaldecoder(enc.codec)()
        while left > 0:
            data = fh.read(min(CHUNK, left))
            if not data:
                break
            left -= len(data)
            lines.add(decoder.decode(data, final=left <= 0))
    return lines.ends + 1


def locate(p: Path, enc: Encoding) -> BadBytes | None:
    """The first byte of `p` that is not `enc` (e.g. after polars' strict reader failed), None if all decode."""
    try:
        for _ in decoded_chunks(p, enc):
            pass
    except BadBytes as bad:
        return bad
    return None


def transcode(p: Path, enc: Encoding, out: Path) -> None:
    """`p` decoded strictly from `enc` (raises BadBytes) and written to `out` as UTF-8."""
    with out.open("wb") as fh:
        for text in decoded_chunks(p, enc):
            fh.write(text.encode("utf-8"))
