"""Which characters a form can print: the character maps of the form's fonts, read once.

Pango draws a character no font has as a box (☒) and says nothing, and the box overprints the
next character. So every value is checked against the fonts the PDF is drawn from
(``fonts.form_font_chain``: the form font, then HanaMinA and HanaMinB) before rendering, and
each character none of them has is S903, naming the field and the character: the pre-check
reports it, a final form is refused, and a draft prints 〓 in its place (``REPLACEMENT``).

The chain is checked, not whatever else fontconfig has: Pango would take a character the chain
lacks from any installed font (DejaVu Sans has 😀), which is not a form font; such characters
are S903 too. Emoji are S903 even where a form font has some of them (HanaMinA has 26 of the 80
emoticons, in black and white): an official form prints no pictographs, and a rule that took
some and refused others would only puzzle the submitter.

Reading the maps with fontTools takes about 1.5 s (three fonts, 60 MB); the merged ranges are
kept in the font cache (``fonts.cache_dir``) named after the files' sizes and times, so a
process reads a small JSON file instead.
"""
from __future__ import annotations

import bisect
import hashlib
import json
import os
import unicodedata
from functools import cache
from pathlib import Path

from generator.fonts import cache_dir, face_of, form_font_chain
from validators import catalogue
from validators.findings import Finding
from validators.kinds import KINDS
from validators.schema import pointer, title_for

#: Blocks of pictographs (emoji) never printed on a form: regional indicators (flags),
#: Miscellaneous Symbols and Pictographs, Emoticons, Transport and Map, Supplemental Symbols
#: and Pictographs, Symbols and Pictographs Extended-A. ★ ✓ □ (U+2600–27BF) stay: forms use them.
PICTOGRAPHS = ((0x1F1E6, 0x1F1FF), (0x1F300, 0x1F64F), (0x1F680, 0x1F6FF), (0x1F900, 0x1F9FF),
               (0x1FA70, 0x1FAFF))
#: What a draft prints for a character no form font has: 〓 (U+3013 GETA MARK), the typesetter's
#: mark for a missing character, in GB 2312 (A1FE). One character wide, so the draft is laid out
#: as the final form would be; its S903 findings name the character by code point.
REPLACEMENT = "〓"
CMAP_VERSION = "1"   # bumped when the cached ranges are made differently


def drawn_without_glyph(char: str) -> bool:
    """Characters a font need not have: tab and line breaks (other control characters are
    S901), format characters (zero-width joiners, bidi marks) and variation selectors, which
    HarfBuzz lays out without a glyph of their own."""
    code = ord(char)
    return (unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")
            or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF)


def merged(ranges) -> list[list[int]]:
    out: list[list[int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return out


def read_cmap_ranges(path: Path, index: int) -> list[list[int]]:
    from fontTools.ttLib import TTFont
    with TTFont(str(path), fontNumber=index, lazy=True) as font:
        return merged((c, c) for c in font.getBestCmap())


def cmap_ranges(path: Path, index: int) -> list[list[int]]:
    """The code points of one face, as merged ranges, from the cache or read now."""
    path = path.resolve()        # HanaMinA is also fonts-japanese-mincho.ttf (alternatives)
    st = path.stat()
    key = hashlib.sha256(f"{path}:{index}:{st.st_size}:{st.st_mtime_ns}:{CMAP_VERSION}"
                         .encode()).hexdigest()[:12]
    cached = cache_dir() / f"cmap-{path.stem}-{index}-{key}.json"
    try:
        return json.loads(cached.read_text("utf-8"))
    except (OSError, ValueError):
        pass
    ranges = read_cmap_ranges(path, index)
    partial = cached.with_suffix(f".{os.getpid()}.part")
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(ranges), "utf-8")
        os.replace(partial, cached)           # atomic: a concurrent reader never sees half
    except OSError:
        partial.unlink(missing_ok=True)       # a read-only cache: read the font every time
    return ranges


@cache
def printable_ranges(family: str) -> tuple[list[int], list[int]]:
    """(starts, ends) of the code points some font of ``family``'s chain has, less the
    pictographs. A family fontconfig does not have is skipped, as Pango skips it."""
    ranges = []
    for name in form_font_chain(family):
        face = face_of(name)
        if face is not None:
            ranges += cmap_ranges(*face)
    starts, ends = [], []
    for lo, hi in merged(ranges):
        for p_lo, p_hi in PICTOGRAPHS:
            if lo < p_lo <= hi:
                starts.append(lo)
                ends.append(p_lo - 1)
                lo = p_hi + 1
            elif p_lo <= lo <= p_hi:
                lo = p_hi + 1
        if lo <= hi:
            starts.append(lo)
            ends.append(hi)
    return starts, ends


def printable(char: str, family: str) -> bool:
    if drawn_without_glyph(char):
        return True
    starts, ends = printable_ranges(family)
    i = bisect.bisect_right(starts, ord(char)) - 1
    return i >= 0 and ord(char) <= ends[i]


def missing_chars(text: str, family: str) -> list[str]:
    """The distinct characters of ``text`` no form font has, in the order they first occur."""
    return [c for c in dict.fromkeys(text) if not printable(c, family)]


def missing_glyph_findings(record, family: str, prefix: str = "") -> list[Finding]:
    """S903 for each field of ``record`` and each character in it no form font has."""
    kind = record.get("kind") if isinstance(record, dict) else None
    out = []
    for parts, text in strings_of(record):
        for char in missing_chars(text, family):
            title = title_for(kind, tuple(parts)) if kind in KINDS else pointer(parts)
            out.append(catalogue.finding("S903", prefix + pointer(parts), title=title, char=char,
                                         codepoint=f"{ord(char):04X}"))
    return out


def strings_of(value, parts=()):
    """Every string value of ``value`` with its path (keys are the schema's, in ASCII)."""
    if isinstance(value, str):
        yield list(parts), value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings_of(v, (*parts, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from strings_of(v, (*parts, i))


def with_replacements(value, family: str):
    """A copy of ``value`` in which each character no form font has reads 〓 (a draft)."""
    if isinstance(value, str):
        for char in missing_chars(value, family):
            value = value.replace(char, REPLACEMENT)
        return value
    if isinstance(value, dict):
        return {k: with_replacements(v, family) for k, v in value.items()}
    if isinstance(value, list):
        return [with_replacements(v, family) for v in value]
    return value
