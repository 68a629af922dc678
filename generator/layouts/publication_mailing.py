"""成果出版物报送清单 (A4 landscape; columns from generator/contexts/publication_mailing.py), with
the parcel label 社科基金成果样书 and the address of 000 二（二）3 in a box below the list."""
from __future__ import annotations

from generator.contexts.publication_mailing import COLUMNS, TITLE
from generator.layout import Cell, Grid, S, row
from generator.layouts._summary import summary_layout

_KEYS = [c.key for c in COLUMNS]
_REQUIRED = _KEYS.index("copies_required")
assert _KEYS[_REQUIRED + 2] == "copies_submitted"

LAYOUTS = {
    "mailing": summary_layout("mailing", TITLE, COLUMNS, (
        S("合计"),
        Cell("{{ s.total_text }}", _REQUIRED - 1, "value small"),
        S("{{ s.copies_required_total }}"),
        Cell(""),
        S("{{ s.copies_submitted_total }}"),
    ), after=(
        Grid((80, 177), (
            row(Cell("{{ label_title }}", 1, "parcel", height_mm=30),
                Cell("{% for l in s.label_lines %}{{ l }}{% if not loop.last %}\n{% endif %}"
                     "{% endfor %}", 1, "value")),
        )),
    )),
}
