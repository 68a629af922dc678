"""A reduced copy of the form font, made once, so that every PDF subsets a small font.

WeasyPrint subsets the font of every PDF it writes (HarfBuzz). Noto Serif CJK SC has 65,535
glyphs, and subsetting it costs about 100 ms per weight per PDF — more than the layout of a
one-page form. A copy reduced to GB 2312 (6,763 汉字 and its symbols), ASCII, Latin-1, CJK and
full-width punctuation has about 7,700 glyphs and subsets in a fraction of that (measured on
the 重要事项变更审批表: PDF writing 253 ms → 105 ms, file 326 kB → 129 kB).

Nothing is lost: the stylesheet names the reduced copy first and the full font second, so a
character outside GB 2312 (a rare 汉字 in a name, e.g. 堃) is drawn from the full font, glyph by
glyph (Pango's fallback), and that PDF simply embeds both. After them come the fonts of the CJK
extensions (``EXTENSION_FAMILIES``: 𠀀 U+20000 and the other Ext-B..F characters Noto lacks).

The copies are made by ``hb-subset`` (Debian ``libharfbuzz-bin``; half a second per weight)
into ``PAPERWORK_FONT_CACHE`` (default ``.cache/fonts`` in the project), named after the source
file's size and time so an upgraded font is reduced again. ``make setup`` makes them
(``python -m generator.fonts``); if they cannot be made, forms use the full font, as before.
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

log = logging.getLogger("paperwork.fonts")

ROOT = Path(__file__).resolve().parent.parent
FULL_FAMILY = "Noto Serif CJK SC"
REDUCED_FAMILY = "Paperwork Serif SC"          # our name for the reduced copy
WEIGHTS = {"normal": "Regular", "bold": "Bold"}
#: After the form font, for the 汉字 it lacks (Debian fonts-hanazono, see docs/forms.md): HanaMinA
#: has the BMP and part of Ext-B, HanaMinB all of Ext-B to Ext-F — the rare characters of names.
#: Both are Mincho (明朝, i.e. 宋体) style like Noto Serif, in one weight; bold is synthesised.
EXTENSION_FAMILIES = ("HanaMinA", "HanaMinB")

#: How the copy is made, besides the character set. WeasyPrint subsets once more per PDF, and
#: what that costs depends on the copy (hb-subset, 300 glyphs, this machine):
#: - GSUB is dropped: Noto's substitution tables (locl forms for JP/KR/TC, vertical forms, aalt)
#:   are 2.3 MB, every per-PDF subset walks them for its glyph closure (11 ms → 3 ms per weight),
#:   and WeasyPrint drops GSUB from the embedded font anyway. Horizontal Simplified Chinese uses
#:   none of them: every character of every sample form sits where it did before (pdfplumber
#:   coordinates), and the pages differ from before only by anti-aliasing (pdftoppm, 80 dpi).
#: - charstrings are desubroutinized once here, as WeasyPrint asks of every per-PDF subset.
REDUCE_OPTIONS = ("--drop-tables+=GSUB", "--desubroutinize")
CHARSET_VERSION = "gb2312-3"   # bumped when the copy is made differently


def cache_dir() -> Path:
    return Path(os.environ.get("PAPERWORK_FONT_CACHE", ROOT / ".cache" / "fonts"))


def charset() -> str:
    """GB 2312 (every character it encodes), printable ASCII and Latin-1, and the symbol blocks
    forms print (punctuation, −, ≤, ℃, ①, ■□ of tick boxes, full-width forms)."""
    chars = {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0xA0, 0x100)}
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for lo, hi in ((0x2000, 0x206F),    # general punctuation: — … ‰ ※
                   (0x2100, 0x218F),    # letterlike and number forms: ℃ № Ⅰ–Ⅻ
                   (0x2190, 0x22FF),    # arrows, mathematical operators: → ≤ ≥ − ×
                   (0x2460, 0x24FF),    # enclosed numbers: ①–⑳
                   (0x25A0, 0x25FF),    # geometric shapes: ■ □ ○ ● △
                   (0x2600, 0x27BF),    # symbols, dingbats: ★ ✓
                   (0x3000, 0x303F),    # CJK symbols and punctuation
                   (0xFF00, 0xFF65)):   # full-width forms
        chars |= {chr(c) for c in range(lo, hi + 1)}
    return "".join(sorted(chars))


def face_of(family: str, style: str = "Regular") -> tuple[Path, int] | None:
    """File and face index of ``family`` in ``style`` (Regular/Bold), as fontconfig finds it;
    None when fontconfig would substitute another family (the font is not installed)."""
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}\t%{index}\t%{family}",
                              f"{family}:style={style}"],
                             capture_output=True, text=True, timeout=20, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    file, index, found = (out.split("\t") + ["", "", ""])[:3]
    if family not in found.split(",") or not file:
        return None                                  # fontconfig substituted another font
    return Path(file), int(index or 0)


def source_face(style: str) -> tuple[Path, int] | None:
    """File and face index of the full font in ``style`` (Regular/Bold)."""
    return face_of(FULL_FAMILY, style)


def reduced_path(source: Path, index: int, style: str) -> Path:
    st = source.stat()
    key = hashlib.sha256(f"{source}:{index}:{st.st_size}:{st.st_mtime_ns}:{CHARSET_VERSION}"
                         .encode()).hexdigest()[:12]
    return cache_dir() / f"{REDUCED_FAMILY.replace(' ', '')}-{style}-{key}.otf"


def make_reduced(style: str) -> Path | None:
    """The reduced copy of one weight, made now if it is not there yet."""
    face = source_face(style)
    if face is None or shutil.which("hb-subset") is None:
        return None
    source, index = face
    target = reduced_path(source, index, style)
    if target.exists():
        return target
    text = target.with_suffix(".chars.txt")
    partial = target.with_suffix(f".{os.getpid()}.part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)   # may be read-only: then full font
        text.write_text(charset(), "utf-8")
        subprocess.run(["hb-subset", f"--face-index={index}", f"--text-file={text}",
                        *REDUCE_OPTIONS, f"--output-file={partial}", str(source)],
                       capture_output=True, timeout=120, check=True)
        os.replace(partial, target)                  # atomic: a concurrent reader never sees half
        for stale in target.parent.glob(f"{REDUCED_FAMILY.replace(' ', '')}-{style}-*"):
            if stale.suffix in (".otf", ".txt") and not stale.name.startswith(target.stem):
                stale.unlink(missing_ok=True)        # made from an older font or charset
    except (OSError, subprocess.SubprocessError) as e:
        log.warning("could not reduce %s (%s): forms use the full font", source, e)
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass
        return None
    return target


@cache
def font_faces(family: str) -> tuple[str, str]:
    """``(@font-face rules, CSS font-family list)`` for the forms' stylesheet.

    For the default family, the reduced copies first and the full font as fallback; for a
    site's own font (PAPERWORK_FORM_FONT), that font alone. :func:`stylesheet_families` adds
    the extension fonts.
    """
    if family != FULL_FAMILY:
        return "", f'"{family}"'
    rules = []
    for weight, style in WEIGHTS.items():
        path = make_reduced(style)
        if path is None:
            return "", f'"{family}"'
        rules.append(f'@font-face {{ font-family: "{REDUCED_FAMILY}"; font-weight: {weight}; '
                     f'src: url("{path.as_uri()}"); }}')
    return "\n".join(rules) + "\n", f'"{REDUCED_FAMILY}", "{family}"'


def stylesheet_families(family: str) -> str:
    """The CSS font-family list of the forms: the form font (:func:`font_faces`), then the
    fonts of the CJK extensions."""
    return ", ".join([font_faces(family)[1], *(f'"{name}"' for name in EXTENSION_FAMILIES)])


def form_font_chain(family: str) -> tuple[str, ...]:
    """The installed families a form's text is drawn from, in the stylesheet's order (the
    reduced copy is a part of ``family`` and needs no place of its own): generator/glyphs.py
    reads their character maps."""
    return (family, *EXTENSION_FAMILIES)


def main() -> None:
    for style in WEIGHTS.values():
        path = make_reduced(style)
        print(path or f"{style}: not reduced (hb-subset or {FULL_FAMILY} missing); "
                      "forms use the full font", file=sys.stdout)


if __name__ == "__main__":
    main()
