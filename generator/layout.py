"""A small description of a paper form, from which both of its templates are written.

Each form's page is described once (``generator/layouts/<form>.py``: headings, bordered grids
of cells, repeated rows) and ``python -m generator.build_templates`` writes the two templates
from it: ``templates/<form>/<variant>.html`` (Jinja, for the PDF) and
``templates/<form>/<variant>.docx`` (docxtpl, for staff who adapt a province's variant in Word).
The templates are committed; a site may edit them by hand afterwards. Cell text holds only
placeholders (``{{ name }}``) and literal labels: every value is shaped in
``generator/contexts`` (STYLE E10).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from html import escape

A4_PORTRAIT_WIDTH_MM = 170   # 210 mm minus 20 mm margins
A4_LANDSCAPE_WIDTH_MM = 257  # 297 mm minus 20 mm margins


@dataclass(frozen=True)
class Cell:
    text: str = ""
    span: int = 1
    style: str = "value"      # label | value | center | box | sign | long, plus "small"
    height_mm: float | None = None
    rows: int = 1             # rows it spans downwards (a 项目 label over its items); the rows
                              # below leave its columns out


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    height_mm: float | None = None


@dataclass(frozen=True)
class Repeat:
    """One table row per item: ``Repeat("c", "completers", cells)``."""
    var: str
    items: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Grid:
    widths_mm: tuple[float, ...]
    rows: tuple[Row | Repeat, ...]
    header_rows: int = 0      # repeated at the top of every page
    borders: bool = True
    keep: bool = False        # the whole table on one page (an approval block with its identity rows)
    #: False: the DOCX prints the header rows once (every row w:cantSplit, the first too)
    docx_repeats_header: bool = True


@dataclass(frozen=True)
class Heading:
    text: str
    size: str = "title"       # title | subtitle | section


@dataclass(frozen=True)
class Para:
    text: str
    align: str = "left"       # left | center | right
    size: str = "normal"      # normal | small | large
    under_table: bool = False  # a table's note (注：…): kept on the page of the table's last row


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Each:
    """The same blocks once per item, each item from a new page (HTML only): a summary's one
    section per sealing body, ``Each("s", "sheets", blocks)``."""
    var: str
    items: str
    blocks: tuple


@dataclass(frozen=True)
class Part:
    """The blocks in which a form's variants differ, in a page they otherwise share.

    The variants' HTML is written once: ``templates/<form>/form.html`` holds the shared page with
    an empty Jinja block where each part stands, and ``<variant>.html`` extends it and fills only
    its parts. A variant's DOCX still holds every block: a docxtpl package cannot extend another
    one, and staff adapt each variant's DOCX on its own in Word."""
    name: str                 # the Jinja block's name, e.g. "business"
    blocks: tuple


@dataclass(frozen=True)
class Layout:
    name: str                 # template file stem, e.g. "applied"
    title: str                # 表名, shown in the document properties
    blocks: tuple = field(default_factory=tuple)
    landscape: bool = False


def L(text: str, span: int = 1, **kw) -> Cell:
    return Cell(text, span, "label", **kw)


def V(text: str, span: int = 1, **kw) -> Cell:
    return Cell(text, span, "value", **kw)


def C(text: str, span: int = 1, **kw) -> Cell:
    return Cell(text, span, "center", **kw)


def S(text: str, span: int = 1, **kw) -> Cell:
    """A centred cell in small type (dense tables)."""
    return Cell(text, span, "center small", **kw)


def T(text: str, span: int = 1, **kw) -> Cell:
    """A long text box: top-aligned, justified."""
    return Cell(text, span, "long", **kw)


#: the signature lines of an approval box; ideographic spaces push the date towards the right
SIGNATURE_LINES = "负责人（签字）：　　　　　　单位（盖章）\n" + "　" * 12 + "年　　月　　日"
PI_SIGNATURE = "　" * 6 + "项目负责人（签字）：\n" + "　" * 12 + "年　　月　　日"


def opinion(title: str, span: int = 1, *, height_mm: float, blank_lines: int = 4,
            signature: str = SIGNATURE_LINES) -> Cell:
    """An opinion box as the paper forms have it: its title at the top left, room to write,
    then who signs and the date (a top-aligned box: the title reads from the left)."""
    return Cell(f"{title}\n" + "\n" * blank_lines + signature, span, "long", height_mm)


def row(*cells: Cell, height_mm: float | None = None) -> Row:
    return Row(tuple(cells), height_mm)


# --- HTML -----------------------------------------------------------------------------------

_JINJA = re.compile(r"({{.*?}}|{%.*?%})", re.S)


def _html_text(text: str, newline: str = "<br/>") -> str:
    """Escape the literal parts of a text, keep its Jinja tags, turn newlines into ``newline``."""
    parts = _JINJA.split(text)
    return "".join(p if _JINJA.fullmatch(p) else escape(p, quote=False).replace("\n", newline)
                   for p in parts)


def _html_cell(c: Cell) -> str:
    attrs = (f' colspan="{c.span}"' if c.span > 1 else "") + (f' rowspan="{c.rows}"' if c.rows > 1 else "")
    style = f' style="height:{c.height_mm}mm"' if c.height_mm else ""
    # cells keep their newlines (form.css: white-space: pre-wrap); a <br> costs WeasyPrint an
    # element, a style and a ::before box each (30 of them were 18 % of the change sheet's PDF)
    text = _html_text(c.text, newline="\n")
    return f'<td class="{c.style}"{attrs}{style}>{text}</td>'


def _html_row(r: Row | Repeat) -> str:
    if isinstance(r, Repeat):
        cells = "".join(_html_cell(c) for c in r.cells)
        return f"{{% for {r.var} in {r.items} %}}<tr>{cells}</tr>{{% endfor %}}"
    style = f' style="height:{r.height_mm}mm"' if r.height_mm else ""
    return f"<tr{style}>" + "".join(_html_cell(c) for c in r.cells) + "</tr>"


def _html_block(b) -> str:
    if isinstance(b, Heading):
        tag = {"title": "h1", "subtitle": "h2", "section": "h3"}[b.size]
        return f"<{tag}>{_html_text(b.text)}</{tag}>"
    if isinstance(b, Para):
        note = " note" if b.under_table else ""
        return f'<p class="{b.align} {b.size}{note}">{_html_text(b.text)}</p>'
    if isinstance(b, PageBreak):
        return '<div class="page-break"></div>'
    if isinstance(b, Each):
        return (f"{{% for {b.var} in {b.items} %}}{{% if not loop.first %}}"
                f'<div class="page-break"></div>{{% endif %}}\n{_html_blocks(b.blocks)}\n{{% endfor %}}')
    if isinstance(b, Grid):
        cls = ("grid" if b.borders else "grid plain") + (" keep" if b.keep else "")
        cols = "".join(f'<col style="width:{w}mm"/>' for w in b.widths_mm)
        head = "".join(_html_row(r) for r in b.rows[:b.header_rows])
        body = "".join(_html_row(r) for r in b.rows[b.header_rows:])
        thead = f"<thead>{head}</thead>" if head else ""
        return f'<table class="{cls}"><colgroup>{cols}</colgroup>{thead}<tbody>{body}</tbody></table>'
    raise TypeError(f"unknown block {b!r}")


def _html_blocks(blocks: tuple) -> str:
    return "\n".join(_html_part(b) if isinstance(b, Part) else _html_block(b) for b in blocks)


def _html_part(part: Part) -> str:
    # no newline inside the block tags: a filled block renders to the very markup its blocks
    # would be without the part
    return f"{{% block {part.name} %}}{_html_blocks(part.blocks)}{{% endblock %}}"


def layout_to_html(layout: Layout) -> str:
    """The Jinja source of the form's HTML template (it extends ``base.html``).

    The markup is XHTML (``<br/>``, ``<col/>``), still valid HTML: generator/render.py reads it
    with a C XML parser rather than WeasyPrint's pure-Python HTML parser."""
    return ('{% extends "base.html" %}\n{% block body %}\n' + _html_blocks(layout.blocks)
            + "\n{% endblock %}\n")


SHARED_PAGE = "form"   # templates/<form>/form.html: the page the variants with parts share


def html_templates(form_name: str, layouts: dict[str, Layout]) -> dict[str, str]:
    """File stem → Jinja source of every HTML template of a form.

    Layouts without a :class:`Part` give one whole template each (:func:`layout_to_html`). With
    parts, the page outside them is written once as ``form.html``, and each variant's template
    extends it with its own parts; the variants must then agree on everything outside them."""
    if not any(isinstance(b, Part) for layout in layouts.values() for b in layout.blocks):
        return {variant: layout_to_html(layout) for variant, layout in layouts.items()}
    if SHARED_PAGE in layouts:
        raise ValueError(f"{form_name}: a variant may not be named {SHARED_PAGE!r}")
    shared = {variant: layout_to_html(replace(layout, blocks=tuple(
        Part(b.name, ()) if isinstance(b, Part) else b for b in layout.blocks)))
        for variant, layout in layouts.items()}
    if len(set(shared.values())) != 1:
        raise ValueError(f"{form_name}: the variants {sorted(shared)} differ outside their parts")
    templates = {SHARED_PAGE: next(iter(shared.values()))}
    for variant, layout in layouts.items():
        parts = "".join(_html_part(b) + "\n" for b in layout.blocks if isinstance(b, Part))
        templates[variant] = f'{{% extends "{form_name}/{SHARED_PAGE}.html" %}}\n{parts}'
    return templates


# --- DOCX -----------------------------------------------------------------------------------

def layout_to_docx(layout: Layout, path, *, font: str, qr_placeholder_png: bytes) -> None:
    """Write the docxtpl template of ``layout`` to ``path``.

    The header holds ``{{ watermark }}`` (草稿 on drafts) and the QR code (a placeholder picture
    whose bytes the renderer replaces); the footer holds the form's title and number
    (``{{ page_identity }}``) and 第 X 页 共 Y 页 as PAGE/NUMPAGES fields;
    the 附页 loop closes the document.
    """
    import io

    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    doc.core_properties.title = layout.title
    doc.core_properties.author = "paperwork"
    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(10.5)
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), font)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)

    sec = doc.sections[0]
    if layout.landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Mm(297), Mm(210)
    else:
        sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin = sec.right_margin = Mm(20)
    sec.top_margin, sec.bottom_margin = Mm(24), Mm(20)
    sec.header_distance, sec.footer_distance = Mm(6), Mm(8)

    header = sec.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # a draft's 草稿 as Word's own 水印 is: a text shape anchored in the header, centred on the
    # page and behind the text, so it stands on every page
    header.add_run("{%r if watermark %}")
    header._p.append(parse_xml(WATERMARK_RUN.replace("__FONT__", font)))
    header.add_run("{%r endif %}")
    header.add_run("{{ verification_line }}").font.size = Pt(7.5)
    header.add_run(" ")
    header.add_run().add_picture(io.BytesIO(qr_placeholder_png), width=Mm(15))

    footer = sec.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # every page says which form and which record it is, as the PDF's page footer does
    footer.add_run("{{ page_identity }}　　第 ")
    _field(footer.add_run(), "PAGE", OxmlElement, qn)
    footer.add_run(" 页 共 ")
    _field(footer.add_run(), "NUMPAGES", OxmlElement, qn)
    footer.add_run(" 页")
    for run in footer.runs:
        run.font.size = Pt(9)

    sizes = {"title": Pt(18), "subtitle": Pt(14), "section": Pt(12),
             "large": Pt(14), "normal": Pt(10.5), "small": Pt(9)}
    aligns = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
              "right": WD_ALIGN_PARAGRAPH.RIGHT}
    first = True

    def paragraph(text, size, align, bold=False):
        nonlocal first
        p = doc.paragraphs[0] if first and doc.paragraphs else doc.add_paragraph()
        first = False
        p.alignment = align
        for i, line in enumerate(text.split("\n")):
            run = p.add_run(line)
            run.font.size = size
            run.font.bold = bold
            if i < len(text.split("\n")) - 1:
                run.add_break()
        return p

    blocks = tuple(inner for b in layout.blocks
                   for inner in (b.blocks if isinstance(b, Part) else (b,)))
    for i, b in enumerate(blocks):
        # a heading, or a line that introduces a table, never stays alone at a page's foot
        keep_with_next = isinstance(b, Heading) or (
            i + 1 < len(blocks) and isinstance(blocks[i + 1], Grid))
        if isinstance(b, Heading):
            p = paragraph(b.text, sizes[b.size], WD_ALIGN_PARAGRAPH.CENTER, bold=True)
            p.paragraph_format.space_after = Pt(6)
            p.paragraph_format.keep_with_next = keep_with_next
        elif isinstance(b, Para):
            p = paragraph(b.text, sizes[b.size], aligns[b.align])
            p.paragraph_format.space_after = Pt(3)
            p.paragraph_format.keep_with_next = keep_with_next
        elif isinstance(b, PageBreak):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(b, Grid):
            table = _docx_grid(doc, b, Mm, Pt, qn, OxmlElement, WD_TABLE_ALIGNMENT,
                               WD_CELL_VERTICAL_ALIGNMENT, WD_ALIGN_PARAGRAPH)
            if i + 1 < len(blocks) and getattr(blocks[i + 1], "under_table", False):
                # the note follows the table at once; a fixed last row keeps with it
                # (w:keepNext on its paragraphs, as Word keeps a table with what follows)
                if not isinstance(b.rows[-1], Repeat):
                    for cell in table.rows[-1].cells:
                        for p in cell.paragraphs:
                            p.paragraph_format.keep_with_next = True
            else:
                doc.add_paragraph()

    # The 附页: one page per continuation, after the form itself.
    doc.add_paragraph("{%p for a in continuations %}")
    doc.add_paragraph("{%p if loop.first %}")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("{%p endif %}")
    p = paragraph("附页 {{ a.number }}：{{ a.title }}（续）", sizes["subtitle"],
                  WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    p.paragraph_format.space_after = Pt(6)
    doc.add_paragraph("{{ a.text }}")
    doc.add_paragraph("{%p endfor %}")
    doc.save(path)


#: Word's text watermark (设计 › 水印 writes this VML): WordArt shape type 136, rotated 315°,
#: centred on the margins, z-index below the text; LibreOffice reads it as its own watermark.
WATERMARK_RUN = """<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"><w:rPr><w:noProof/></w:rPr>
<w:pict><v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
 path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/>
<v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/>
<v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/>
<v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>
<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"
 o:connectangles="270,180,90,0"/><v:textpath on="t" fitshape="t"/>
<v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>
<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>
<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s1025" type="#_x0000_t136" o:allowincell="f"
 style="position:absolute;margin-left:0;margin-top:0;width:360pt;height:180pt;rotation:315;z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin"
 fillcolor="#c80000" stroked="f"><v:fill opacity="0.16"/>
<v:textpath style="font-family:&quot;__FONT__&quot;;font-size:1pt" string="{{ watermark }}"/></v:shape></w:pict></w:r>"""


def _field(run, instr, OxmlElement, qn):
    """A Word field (PAGE / NUMPAGES) inside ``run``."""
    for tag, attr in (("w:fldChar", "begin"), ("w:instrText", None), ("w:fldChar", "separate"),
                      ("w:t", None), ("w:fldChar", "end")):
        el = OxmlElement(tag)
        if tag == "w:fldChar":
            el.set(qn("w:fldCharType"), attr)
        elif tag == "w:instrText":
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instr} "
        else:
            el.text = "1"
        run._r.append(el)


def _docx_grid(doc, grid: Grid, Mm, Pt, qn, OxmlElement, WD_TABLE_ALIGNMENT,
               WD_CELL_VERTICAL_ALIGNMENT, WD_ALIGN_PARAGRAPH):
    ncols = len(grid.widths_mm)
    header_rows = grid.header_rows if grid.docx_repeats_header else 0
    rows: list[tuple[str, Row | Repeat]] = []
    for i, r in enumerate(grid.rows):
        if isinstance(r, Repeat):
            rows.append(("open", r))
            rows.append(("cells", r))
            rows.append(("close", r))
        else:
            rows.append(("header" if i < header_rows else "cells", r))
    table = doc.add_table(rows=len(rows), cols=ncols)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    if grid.borders:
        table.style = doc.styles["Table Grid"]
    tblpr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    look = tblpr.find(qn("w:tblLook"))      # schema order: … tblLayout, tblCellMar, tblLook
    (look.addprevious if look is not None else tblpr.append)(layout)
    for ci, w in enumerate(grid.widths_mm):
        table.columns[ci].width = Mm(w)
    covered: dict[int, set[int]] = {}   # row index → columns a cell from above spans into
    first_row = next((ri for ri, (what, _) in enumerate(rows) if what == "cells"), -1) \
        if header_rows else -1      # the first row below repeated heading rows
    for ri, (what, r) in enumerate(rows):
        trow = table.rows[ri]
        if what == "header":
            trpr = trow._tr.get_or_add_trPr()
            h = OxmlElement("w:tblHeader")
            h.set(qn("w:val"), "true")
            trpr.append(h)
        if what in ("open", "close"):
            tag = f"{{%tr for {r.var} in {r.items} %}}" if what == "open" else "{%tr endfor %}"
            trow.cells[0].paragraphs[0].add_run(tag)
            continue
        # a row stays on one page, as in the PDF (tr { break-inside: avoid }); what is too long
        # for a cell goes to an 附页, so no row is taller than a page. All but one: the first
        # row below repeated heading rows may break (docs/forms.md, "Rows in LibreOffice").
        # LibreOffice 7.4 drops every later row of a table whose part on a page would be its
        # headings and one w:cantSplit row (附件材料 stopped after row 1); with that row free to
        # break it moves the headings and the row to the next page together, and the heading
        # rows are never left alone at a page's foot.
        first_below = ri == first_row
        # a kept table: every row but the last keeps with the next (Word and LibreOffice move
        # the whole table to the next page rather than part it)
        keep_next = grid.keep and ri < len(rows) - 1
        keep = OxmlElement("w:cantSplit")
        # a Repeat's row is the template of all its items: only the first item may break
        keep.set(qn("w:val"), ("{{ 'false' if loop.first else 'true' }}" if what == "cells"
                               and isinstance(r, Repeat) else "false") if first_below else "true")
        trow._tr.get_or_add_trPr().append(keep)
        height = getattr(r, "height_mm", None) or max(
            (c.height_mm or 0 for c in r.cells), default=0)
        if height:
            trow.height = Mm(height)
        col = 0
        for c in r.cells:
            while col in covered.get(ri, ()):
                col += 1
            cell = trow.cells[col]
            for k in range(col, col + c.span):
                table.rows[ri].cells[k].width = Mm(grid.widths_mm[k])
            if c.span > 1:
                cell = cell.merge(trow.cells[col + c.span - 1])
            if c.rows > 1:
                cell = cell.merge(table.rows[ri + c.rows - 1].cells[col + c.span - 1])
                for below in range(ri + 1, ri + c.rows):
                    covered.setdefault(below, set()).update(range(col, col + c.span))
            kind, small = c.style.split()[0], "small" in c.style.split()
            cell.vertical_alignment = {"sign": WD_CELL_VERTICAL_ALIGNMENT.BOTTOM,
                                       "long": WD_CELL_VERTICAL_ALIGNMENT.TOP,
                                       }.get(kind, WD_CELL_VERTICAL_ALIGNMENT.CENTER)
            if not grid.borders and kind in ("box", "value"):
                _cell_borders(cell, ("top", "left", "bottom", "right") if kind == "box"
                              else ("bottom",), OxmlElement, qn)
            lines = c.text.split("\n")
            p = cell.paragraphs[0]
            p.paragraph_format.keep_with_next = keep_next or None
            p.alignment = {"label": WD_ALIGN_PARAGRAPH.CENTER, "center": WD_ALIGN_PARAGRAPH.CENTER,
                           "box": WD_ALIGN_PARAGRAPH.CENTER, "sign": WD_ALIGN_PARAGRAPH.RIGHT,
                           }.get(kind, WD_ALIGN_PARAGRAPH.LEFT)
            for li, line in enumerate(lines):
                run = p.add_run(line)
                run.font.size = Pt(9 if small else 10.5)
                # labels, and the column headings of repeated header rows, as the PDF's thead
                run.font.bold = kind == "label" or (what == "header" and kind != "value")
                if li < len(lines) - 1:
                    run.add_break()
            col += c.span
        while col in covered.get(ri, ()):
            col += 1
        if col != ncols:
            raise ValueError(f"row spans {col} of {ncols} columns: {[c.text for c in r.cells]}")
    return table


def _cell_borders(cell, sides, OxmlElement, qn):
    """Borders on one cell of a borderless grid: the □ boxes and the underlined blanks."""
    tcpr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side in sides:
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "6")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    tcpr.append(borders)
