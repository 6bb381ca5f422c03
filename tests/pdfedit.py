"""Editing the text a PDF shows, as a forger would: one amount replaced by another of the same
length in the page's content stream (Chromium writes text as glyph ids, mapped back to
characters by each font's ToUnicode map)."""

import re

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream, NameObject

HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
PAIR = r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>"


def _to_unicode(font) -> dict[str, str]:
    """A font's glyph id (hex, 4 digits) -> character."""
    cmap = font.get("/ToUnicode")
    if cmap is None:
        return {}
    data = cmap.get_object().get_data().decode("latin-1")
    out = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for gid, uni in re.findall(PAIR, block):
            out[gid.upper().zfill(4)] = chr(int(uni[:4], 16))
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, uni in re.findall(PAIR + r"\s*<([0-9A-Fa-f]+)>", block):
            for k in range(int(lo, 16), int(hi, 16) + 1):
                out[f"{k:04X}"] = chr(int(uni[:4], 16) + k - int(lo, 16))
    return out


def replace_text(source, target, old: str, new: str) -> int:
    """Write ``source`` to ``target`` with the first shown ``old`` replaced by ``new`` (same
    length, every character of ``new`` present in the font); returns the page number edited."""
    assert len(old) == len(new)
    writer = PdfWriter(clone_from=PdfReader(source))
    for number, page in enumerate(writer.pages):
        fonts = page["/Resources"].get("/Font", {})
        maps = [_to_unicode(fonts[name].get_object()) for name in fonts]
        content = page.get_contents().get_data()
        for chars in maps:
            back = {c: g for g, c in chars.items()}
            if not all(c in back for c in old + new):
                continue
            want = "".join(back[c] for c in old).encode()
            for m in HEX.finditer(content):
                if want in m.group(1).upper():
                    put = "".join(back[c] for c in new).encode()
                    edited = m.group(1).upper().replace(want, put, 1)
                    content = content[: m.start(1)] + edited + content[m.end(1) :]
                    stream = ContentStream(None, writer)
                    stream.set_data(content)
                    page[NameObject("/Contents")] = writer._add_object(stream)
                    writer.write(target)
                    return number
    raise AssertionError(f"{old!r} is not shown in {source}")
