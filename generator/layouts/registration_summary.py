"""成果登记项目汇总表 (A4 landscape; columns from generator/contexts/registration_summary.py)."""
from __future__ import annotations

from generator.contexts.registration_summary import COLUMNS, TITLE
from generator.layout import Cell, S
from generator.layouts._summary import summary_layout

_KEYS = [c.key for c in COLUMNS]
_BENEFIT = _KEYS.index("benefit")

LAYOUTS = {
    "summary": summary_layout("summary", TITLE, COLUMNS, (
        S("合计"),
        Cell("{{ s.total_text }}", _BENEFIT - 1, "value small"),
        S("{{ s.benefit_total }}"),
        Cell("", len(COLUMNS) - _BENEFIT - 1),
    )),
}
