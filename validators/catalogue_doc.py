"""docs/rules.md, generated from the catalogue (STYLE E5): 做什么 / 为什么（条款）/ 如何修改.

Regenerate with ``paperwork rules --format markdown > docs/rules.md``; a test fails when the
page and the catalogue differ.
"""
from __future__ import annotations

from validators import catalogue
from validators.kinds import KINDS

KIND_TITLES = {
    **{k: v.title for k, v in KINDS.items()},
    "schema": "表格格式（JSON Schema）",
    "attachment": "附件 PDF",
    "journal-scoring": "期刊考核评分",
    "procedure": "登记流程期限（服务端按提交的状态计算）",
}


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def catalogue_markdown() -> str:
    rules = catalogue.rules_for()
    lines = ["# 规则目录 Rule catalogue", "",
             "由 `paperwork rules --format markdown` 生成，请勿手工编辑。"
             f"共 {len(rules)} 条规则。级别：error 错误（阻止登记/提交），warning 警告，info 提示。", ""]
    kinds = sorted({r.kind for r in rules}, key=lambda k: (k not in KINDS, k))
    for kind in kinds:
        lines += [f"## {KIND_TITLES.get(kind, kind)} (`{kind}`)", "",
                  "| 代码 | 名称 | 级别 | 做什么 | 为什么（条款） | 如何修改 |",
                  "|---|---|---|---|---|---|"]
        for r in (r for r in rules if r.kind == kind):
            why = r.source + (f"：{r.why}" if r.why else "")
            lines.append(f"| {r.code} | `{r.name}` | {r.severity.value} | {_cell(r.message)} | "
                         f"{_cell(why)} | {_cell(r.hint)} |")
        lines.append("")
    return "\n".join(lines)
