"""A PDF checked before any parser sees it: a decompression bomb through any chain of stream filters, or
far more objects than a paper could hold, is refused (``PaperRefused``, which ``paper`` raises too). Runs in
the reader child, under its memory cap; only the standard library."""
from __future__ import annotations

import re
import zlib

MAX_PDF_OBJECTS = 200_000
MAX_STREAM_BYTES = 64 * 1024 * 1024   # one page's content unpacks to kilobytes; a bomb to gigabytes
MAX_STREAM_RATIO = 1_000


class PaperRefused(Exception):
    """The paper is not one a tracker can be read from; the message is the reason (see child._refusal)."""


_STREAM = re.compile(rb"stream\r?\n")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
# the filters that can make a stream larger, each decoded under the limit (abbreviations as PDF allows)
_DECODERS = {"FlateDecode": "flate", "Fl": "flate", "LZWDecode": "lzw", "LZW": "lzw",
             "ASCIIHexDecode": "hex", "AHx": "hex", "ASCII85Decode": "a85", "A85": "a85",
             "RunLengthDecode": "rl", "RL": "rl"}


class _TooBig(Exception):
    pass


def _flate(raw: bytes, limit: int) -> bytes:
    inflater = zlib.decompressobj()
    out = inflater.decompress(raw, limit)
    if len(out) >= limit:
        raise _TooBig
    return out


def _hex(raw: bytes, limit: int) -> bytes:          # two digits a byte: it never grows
    digits = re.sub(rb"[^0-9A-Fa-f]", b"", raw.split(b">", 1)[0])
    return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))


def _a85(raw: bytes, limit: int) -> bytes:
    import base64
    body = re.sub(rb"\s", b"", raw.split(b"~>", 1)[0])
    zeros = body.count(b"z")                     # each 'z' is four zero bytes; five other digits are four bytes
    if 4 * zeros + 4 * (len(body) - zeros) // 5 >= limit:
        raise _TooBig
    return base64.a85decode(body)


def _rl(raw: bytes, limit: int) -> bytes:
    out, i = bytearray(), 0
    while i < len(raw) and raw[i] != 128:
        n = raw[i]
        if n < 128:
            out += raw[i + 1:i + 2 + n]
            i += n + 2
        else:
            out += raw[i + 1:i + 2] * (257 - n)
            i += 2
        if len(out) >= limit:
            raise _TooBig
    return bytes(out)


def _lzw(raw: bytes, limit: int) -> bytes:
    """PDF's LZW (early change 1), stopping at ``limit`` bytes."""
    table = [bytes([i]) for i in range(256)] + [b"", b""]
    out, bits, value, width, previous = bytearray(), 0, 0, 9, None
    for byte in raw:
        value, bits = (value << 8) | byte, bits + 8
        while bits >= width:
            bits -= width
            code = (value >> bits) & ((1 << width) - 1)
            if code == 256:
                table, width, previous = table[:258], 9, None
                continue
            if code == 257:
                return bytes(out)
            entry = table[code] if code < len(table) else (previous + previous[:1] if previous else b"")
            out += entry
            if len(out) >= limit:
                raise _TooBig
            if previous is not None:
                table.append(previous + entry[:1])
            previous = entry
            if len(table) + 1 >= (1 << width) and width < 12:
                width += 1
    return bytes(out)


def _filters(dictionary: bytes) -> list[str]:
    found = _FILTER.search(dictionary)
    return [m.decode("ascii") for m in _NAME.findall(found.group(1))] if found else []


def decoded_size(raw: bytes, filters: list[str], limit: int = MAX_STREAM_BYTES) -> int | None:
    """The size of a stream once every filter of its chain is decoded, each step under ``limit`` bytes; None
    when a step cannot be decoded (damaged, or an image filter that does not grow it). Raises _TooBig."""
    data = raw
    for name in filters:
        kind = _DECODERS.get(name)
        if kind is None:                # an image filter (DCT, JPX, CCITT, JBIG2): its output is the last step
            return len(data)
        try:
            data = {"flate": _flate, "lzw": _lzw, "hex": _hex, "a85": _a85, "rl": _rl}[kind](data, limit)
        except (zlib.error, ValueError, IndexError):
            return None
        if len(data) >= limit:
            raise _TooBig
    return len(data)


def check_pdf(data: bytes) -> None:
    """Refuse a PDF whose streams would unpack past any real paper's (a decompression bomb, through any chain
    of filters: Flate, LZW, ASCIIHex, ASCII85, RunLength) or that declares far more objects than one could
    hold, before any parser sees it. Every step is decoded under the size limit, so the check itself never
    holds more than ``MAX_STREAM_BYTES`` of one stream."""
    if data.count(b" obj") > MAX_PDF_OBJECTS:
        raise PaperRefused("objects")
    for found in _STREAM.finditer(data):
        start = found.end()
        end = data.find(b"endstream", start)
        raw = data[start:end if end > 0 else len(data)]
        opened = data.rfind(b"obj", max(0, found.start() - 4096), found.start())
        filters = _filters(data[opened if opened >= 0 else max(0, found.start() - 4096):found.start()])
        if not filters and raw[:1] in (b"x", b"H"):      # no dictionary found, but a zlib stream's first byte
            filters = ["FlateDecode"]
        try:
            size = decoded_size(raw, filters)
        except _TooBig:
            raise PaperRefused("bomb") from None
        if size is not None and size > 1_000_000 and size > MAX_STREAM_RATIO * max(len(raw), 1):
            raise PaperRefused("bomb")


