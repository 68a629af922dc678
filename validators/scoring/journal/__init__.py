"""期刊综合质量考核表（社科类）计分 — seed 004, 第十一届重庆市期刊综合质量考核表.

One small function per item of the sheet, each citing its table and row, each returning a
:class:`Scored` (the points and the arithmetic that produced them). :func:`score` runs the items
of one column of one record and adds them up.

One module per table of the sheet: ``political`` (表3), ``academic`` (表4-1), ``general`` (表4-2
and 表4-3, which share their rows), ``gazette`` (表4-4), ``editing`` (表5-1, 表5-2), ``legal``
(表6), ``bonus`` (表7) and ``overall`` (表8 and :func:`score`); ``items`` holds what they share
and ``column`` what one column of a record collects.

Public interface (stable; the CLI and the DOCX/PDF renderer call it)::

    score(record, column="self") -> SheetScore

``SheetScore``: ``column`` ("self" 自评 | "review" 评审), ``column_title``, ``category``
(学术类 …), ``business_table`` ("表4-1" …), ``items`` (tuple of :class:`ItemScore` in the sheet's
order), ``K``, ``A``, ``B``, ``C``, ``D``, ``S`` (``Decimal``), ``k_band`` (the 表3 band),
``grade`` ("一级" | "二级" | "三级" | "四级（不合格）" | "不合格"), ``grade_note``, ``findings``
(``journal-scoring`` findings: JA7xx about the record, JA8xx the ambiguous readings that decided a
value), and ``to_dict()`` (JSON-ready, numbers as floats).

``ItemScore``: ``key`` (stable id such as ``"4-1.impact_factor"``), ``table`` ("表4-1"), ``item``
(the row's label), ``max`` and ``min`` (``Decimal``; ``min`` < 0 only where the sheet says 倒扣),
``input`` (dict of the values used), ``score`` (``Decimal``), ``rule`` (the sheet's wording),
``interpretation`` (how we read that wording), ``working`` (the arithmetic for this record).

Readings applied everywhere unless an item says otherwise (docs/scoring.md lists every item):

- "每增加/每减少 X …" counts whole steps of X only (SPEC §6): a value between two steps scores
  as the lower step; JA801 says so in the output whenever it decides a value.
- "…以上" includes the number itself (“500万元以上” means ≥ 500); where a number is both
  "以上" of one band and "以下" of the next, it belongs to the higher band.
- An item never goes below 0 unless the sheet says 倒扣, and never above its 分值.
- Items are exact decimals and are not rounded; only S is rounded, half up, to two decimals
  (填表说明 五.5 “总得分(保留小数点后两位)”), and the grade is read from the rounded S.
- 填表说明 四: an item whose proof materials (证明材料) are not listed scores 0 (JA702); the sheet is
  still scored (the record's JA201 is a warning: the sheet itself says what missing proof costs).
- The record's facts (表1, 表2, 表5-2, counts and money) are the same for both columns; rows where
  the sheet has a 自评 and a 评审 cell carry ``{"self": …, "review": …}``.
"""
from __future__ import annotations

# The table modules register their items on import; importing them in the sheet's order keeps
# ITEMS (and so docs/scoring.md's checks) in that order.
from validators.scoring.journal import academic, bonus, editing, gazette, general, legal, political  # noqa: I001
from validators.scoring.journal.academic import (
    MAJOR_DIGESTS,
    abstracting,
    composite_impact_factor,
    composite_total_citations,
    database_inclusion,
    effective_articles,
    expert_4_1,
    fund_paper_ratio,
    other_citation_ratio,
    web_download_rate,
)
from validators.scoring.journal.bonus import (
    AWARD_POINTS,
    awards_funding,
    circulation_bonus,
    editing_bonus,
    profit_bonus,
)
from validators.scoring.journal.column import COLUMNS, ColumnRun, ItemScore, MissingColumn, has_proof
from validators.scoring.journal.editing import (
    PRINTING_POINTS,
    digital_effect,
    digital_platforms,
    digital_revenue,
    digital_staff,
    editing_quality,
    error_rate,
    printing,
    standards_compliance,
)
from validators.scoring.journal.gazette import GAZETTE_JUDGED
from validators.scoring.journal.general import (
    GENERAL_JUDGED,
    ISSUES_PER_YEAR,
    circulation,
    profit,
    revenue,
    social_influence,
)
from validators.scoring.journal.items import (
    ITEMS,
    JUDGEMENT,
    NONE_VALUE,
    WHOLE_STEPS,
    ItemSpec,
    Reading,
    Scored,
    baseline_steps,
    dec,
    judgement,
    reading,
    show,
    whole_steps,
)
from validators.scoring.journal.legal import (
    EDITORS_REQUIRED,
    PUBLISHING_DEDUCTIONS,
    business_conduct,
    business_penalty,
    copyright_item,
    copyright_penalty,
    imprint,
    institutions,
    publishing_compliance,
    team,
)
from validators.scoring.journal.overall import BUSINESS_TABLES, SheetScore, grade, round_s, score
from validators.scoring.journal.political import K_BANDS, k_band, political_k

__all__ = [
    "AWARD_POINTS", "BUSINESS_TABLES", "COLUMNS", "EDITORS_REQUIRED", "GAZETTE_JUDGED", "GENERAL_JUDGED",
    "ISSUES_PER_YEAR", "ITEMS", "JUDGEMENT", "K_BANDS", "MAJOR_DIGESTS", "NONE_VALUE", "PRINTING_POINTS",
    "PUBLISHING_DEDUCTIONS", "WHOLE_STEPS", "ColumnRun", "ItemScore", "ItemSpec", "MissingColumn",
    "Reading", "Scored", "SheetScore", "abstracting", "academic", "awards_funding", "baseline_steps",
    "bonus", "business_conduct", "business_penalty", "circulation", "circulation_bonus",
    "composite_impact_factor", "composite_total_citations", "copyright_item", "copyright_penalty",
    "database_inclusion", "dec", "digital_effect", "digital_platforms", "digital_revenue",
    "digital_staff", "editing", "editing_bonus", "editing_quality", "effective_articles", "error_rate",
    "expert_4_1", "fund_paper_ratio", "gazette", "general", "grade", "has_proof", "imprint",
    "institutions", "judgement", "k_band", "legal", "other_citation_ratio", "political", "political_k",
    "printing", "profit", "profit_bonus", "publishing_compliance", "reading", "revenue", "round_s",
    "score", "show", "social_influence", "standards_compliance", "team", "web_download_rate",
    "whole_steps",
]
