"""The page of a summary form (A4 landscape): title, meta line, one bordered table whose header
row repeats on every page, a totals row, notes, an optional parcel label and the signature line.

The columns and their widths come from the context module's ``COLUMNS`` (the same table the
XLSX writer uses), so the PDF and the spreadsheet show the same columns in the same order.
"""
from __future__ import annotations

from generator.contexts._summary import TEXT
from generator.layout import A4_LANDSCAPE_WIDTH_MM, Cell, Each, Grid, Heading, Layout, Para, Repeat, S, T, row


def data_cell(column) -> Cell:
    text = f"{{{{ r.{column.key} }}}}"
    return Cell(text, 1, "value small") if column.type == TEXT else S(text)


def summary_layout(name: str, title: str, columns, totals: tuple[Cell, ...],
                   after: tuple = ()) -> Layout:
    widths = tuple(c.width_mm for c in columns)
    if sum(widths) > A4_LANDSCAPE_WIDTH_MM:
        raise ValueError(f"{name}: columns are {sum(widths)} mm wide, the page {A4_LANDSCAPE_WIDTH_MM}")
    # one section per sealing body (``sheets``), each from a new page (issue #14 item 11)
    return Layout(name, title, (Each("s", "sheets", (
        Heading("{{ form_title }}"),
        Para("{{ subtitle }}", "center"),
        Para("{{ s.meta }}", "left"),
        Grid(widths, (
            row(*(S(c.header) for c in columns)),
            Repeat("r", "s.rows", tuple(data_cell(c) for c in columns)),
            row(*totals),
        ), header_rows=1),
        Para("{% for n in notes %}{{ n }}{% if not loop.last %}\n{% endif %}{% endfor %}",
             "left", "small"),
        *after,
        Grid((sum(widths),), (row(T("{{ s.signatures }}", height_mm=24)),), borders=False),
    )),), landscape=True)
