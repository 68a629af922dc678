"""Structural rules for 期刊综合质量考核表（社科类） records (seed 004).

These check the sheet as filled in: no placeholder where the sheet wants “无”, the business table
that matches the category, K in a band, proof materials listed, parts not larger than their
whole, and the sums and products the sheet asks the editor to write down. Scoring itself is in
:mod:`validators.scoring.journal`; its own findings (kind ``journal-scoring``) are in the code
table, ``validators/codes.toml``.
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from validators.catalogue import Violation, rule
from validators.record import get
from validators.scoring.journal import BUSINESS_TABLES, EDITORS_REQUIRED, error_rate, has_proof, k_band

KIND = "journal-assessment"
PLACEHOLDERS = {"/", "-", "—", "——", "--", "N/A", "NA", "n/a", "null", "None", "空", "略", "暂缺", "\\"}
COLUMN_TITLES = {"self": "自评得分", "review": "评审打分"}


def _number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _strings(node, path=""):
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _strings(v, f"{path}/{i}")


@rule("JA101")
def placeholder_instead_of_wu(record, context):
    for path, value in _strings(record):
        if value.strip() in PLACEHOLDERS:
            yield Violation(path, value=value.strip())


@rule("JA102")
def business_table_mismatch(record, context):
    category = get(record, "basic_info", "category")
    business = get(record, "business")
    if category not in BUSINESS_TABLES or not isinstance(business, dict):
        return
    key, table = BUSINESS_TABLES[category]
    expected = f"{table}（business/{key}）"
    if key not in business:
        yield Violation(f"/business/{key}", category=category, expected=expected,
                        problem=f"未填写{table}", problem_en=f"{table} is missing")
    for other, (other_key, other_table) in BUSINESS_TABLES.items():
        if other_key != key and other_key in business:
            yield Violation(f"/business/{other_key}", category=category, expected=expected,
                            problem=f"不应填写{other_table}（{other}）", problem_en=f"{other_table} must not be filled")


@rule("JA103")
def k_outside_bands(record, context):
    for column, title in COLUMN_TITLES.items():
        k = get(record, "political", "k", column)
        if _number(k) and 0 <= k <= 1 and k_band(k) is None:
            yield Violation(f"/political/k/{column}", column=title, value=k)


@rule("JA104")
def falsified_data(record, context):
    if get(record, "verification", "falsified") is True:
        note = get(record, "verification", "note") or ""
        yield Violation("/verification/falsified", note=note.strip() or "未填写核查说明")


@rule("JA105")
def abstracting_table_missing(record, context):
    if get(record, "basic_info", "category") == "学术类" and "abstracting" not in record:
        yield Violation("/abstracting")


def _needs_proof(record) -> list[tuple[str, str]]:
    """(path of a proof list, what it proves) for every part of the sheet that needs proof."""
    category = get(record, "basic_info", "category")
    digital = get(record, "editing", "digital", default={}) or {}
    needs = [("/basic_info/proof_materials", "平均期印量、人员情况、经营情况及获奖（专项资助）情况（表1 注）"),
             ("/legal/institutions/proof_materials", "制度建设（表6 注，须提供制度文本）"),
             ("/legal/team/proof_materials", "队伍建设（表6 注）")]
    if "abstracting" in record:
        needs.append(("/abstracting/proof_materials", "被收摘情况和复合影响因子等学术指标（表2-1 注②③）"))
    if get(record, "awards", "entries"):
        needs.append(("/awards/proof_materials", "文章获奖（表2-2 注：获奖证书复印件）"))
    if category in BUSINESS_TABLES and BUSINESS_TABLES[category][0] != "gazette_yearbook":
        key, table = BUSINESS_TABLES[category]
        what = "数据库收录情况（表4-1 注）" if key == "academic" else f"“经济效益”“社会影响力”（{table} 注）"
        if key in (get(record, "business") or {}):
            needs.append((f"/business/{key}/proof_materials", what))
    if category in ("政治经济类", "文化教育类") or (get(record, "operations", "average_circulation_per_issue") or 0) >= 50000:
        needs.append(("/operations/proof_materials", "发行量（表4-2/4-3 经济效益、表7 经营）"))
    if any(digital.get(k) for k in ("full_time_staff", "central_kitchen", "platforms", "new_media",
                                    "own_platform", "total_users", "average_reads", "revenue")):
        needs.append(("/editing/digital/proof_materials", "数字出版（表5-1 注）"))
    if get(record, "bonus", "awards"):
        needs.append(("/bonus/proof_materials", "获奖资助（表7）"))
    return needs


@rule("JA201")
def proof_materials_missing(record, context):
    for path, what in _needs_proof(record):
        keys = path.strip("/").split("/")
        materials = get(record, *keys)
        if isinstance(materials, list) and not has_proof(materials):
            yield Violation(path, what=what)


def _parts_of_whole(record):
    staff = get(record, "basic_info", "staff") or {}
    for part, label in (("college_or_above", "大专以上学历"), ("associate_senior_or_above", "副高以上职称"),
                        ("full_time_editors", "编制内专职记者、编辑")):
        yield f"/basic_info/staff/{part}", label, staff.get(part), "单位人员总数", staff.get("total")
    ab = get(record, "abstracting") or {}
    yield "/abstracting/fund_articles", "基金论文数", ab.get("fund_articles"), "全年总发文量", ab.get("annual_articles")
    finances = get(record, "basic_info", "finances") or {}
    for year, label in (("previous_year", "上一年度"), ("assessed_year", "考核年度")):
        ad = get(finances, "ad_revenue", year)
        circ = get(finances, "circulation_revenue", year)
        if _number(ad) and _number(circ):
            yield (f"/basic_info/finances/ad_revenue/{year}", f"{label}广告收入与发行收入之和",
                   round(ad + circ, 2), f"{label}总收入", get(finances, "total_revenue", year))


@rule("JA401")
def part_exceeds_whole(record, context):
    for path, part, part_value, whole, whole_value in _parts_of_whole(record):
        if _number(part_value) and _number(whole_value) and part_value > whole_value:
            yield Violation(path, part=part, part_value=part_value, whole=whole, whole_value=whole_value)


@rule("JA402")
def circulation_exceeds_print_run(record, context):
    circulation = get(record, "operations", "average_circulation_per_issue")
    print_run = get(record, "basic_info", "print_run", "assessed_year")
    if _number(circulation) and _number(print_run) and circulation > print_run:
        yield Violation("/operations/average_circulation_per_issue", circulation=circulation, print_run=print_run)


@rule("JA403")
def abstract_total_mismatch(record, context):
    yield from _listed_total_mismatch(record, "abstracting")


def _listed_total_mismatch(record, section):
    """The total written under a list (表2-1, 表2-2) against the rows listed above it."""
    entries, given = get(record, section, "entries"), get(record, section, "total_count")
    if isinstance(entries, list) and _number(given) and given != len(entries):
        yield Violation(f"/{section}/total_count", given=given, counted=len(entries))


ERROR_ROWS = ("text", "words", "grammar_logic_knowledge", "punctuation", "numbers", "quantities_units",
              "formulas", "layout_format", "other")


@rule("JA404")
def error_total_mismatch(record, context):
    rows, given = get(record, "errors", "rows"), get(record, "errors", "total_errors")
    if not isinstance(rows, dict) or not _number(given):
        return
    counts = [get(rows, r, "counted") for r in ERROR_ROWS]
    if all(_number(c) for c in counts):
        counted = sum(Decimal(str(c)) for c in counts)
        if counted != Decimal(str(given)):
            yield Violation("/errors/total_errors", given=given, counted=format(counted.normalize(), "f"))


@rule("JA405")
def character_total_mismatch(record, context):
    e = get(record, "errors") or {}
    parts = [e.get("chars_per_line"), e.get("lines_per_page"), e.get("pages")]
    if all(_number(p) for p in parts) and _number(e.get("total_characters")):
        computed = parts[0] * parts[1] * parts[2]
        if computed != e["total_characters"]:
            yield Violation("/errors/total_characters", given=e["total_characters"], computed=computed)


@rule("JA406")
def error_rate_mismatch(record, context):
    e = get(record, "errors") or {}
    parts = [e.get("chars_per_line"), e.get("lines_per_page"), e.get("pages")]
    if not (all(_number(p) and p > 0 for p in parts) and _number(e.get("total_errors"))
            and _number(e.get("error_rate"))):
        return
    chars = parts[0] * parts[1] * parts[2]
    rate = error_rate(e["total_errors"], chars)
    # the sheet's cell holds two decimals; accept anything that rounds to the exact rate
    if abs(Fraction(str(e["error_rate"])) - rate) > Fraction(5, 1000):
        computed = f"{float(rate):.2f}"
        yield Violation("/errors/error_rate", given=e["error_rate"], errors=e["total_errors"], chars=chars,
                        computed=computed)


@rule("JA407")
def team_full_marks_below_headcount(record, context):
    editors = get(record, "basic_info", "staff", "full_time_editors")
    frequency = get(record, "basic_info", "frequency")
    if frequency not in EDITORS_REQUIRED:
        return  # 表6 sets no head count for 年刊/半年刊: the expert's 4 stands (JA809 at scoring)
    required = EDITORS_REQUIRED[frequency]
    if not _number(editors) or editors >= required:
        return
    for column, title in COLUMN_TITLES.items():
        if get(record, "legal", "team", "score", column) == 4:
            yield Violation(f"/legal/team/score/{column}", column=title, editors=editors,
                            frequency=frequency, required=required)


@rule("JA408")
def award_total_mismatch(record, context):
    yield from _listed_total_mismatch(record, "awards")


def _growth_rows(record):
    basic = get(record, "basic_info") or {}
    yield "/basic_info/print_run", "平均期印量", basic.get("print_run")
    for key, label in (("total_revenue", "总收入"), ("ad_revenue", "广告收入"),
                       ("circulation_revenue", "发行收入"), ("profit", "利润")):
        yield f"/basic_info/finances/{key}", label, get(basic, "finances", key)


@rule("JA409")
def growth_rate_mismatch(record, context):
    for path, label, row in _growth_rows(record):
        if not isinstance(row, dict):
            continue
        prev, cur, given = row.get("previous_year"), row.get("assessed_year"), row.get("growth_percent")
        if not (_number(prev) and _number(cur) and _number(given)) or prev <= 0:
            continue
        computed = (Fraction(str(cur)) - Fraction(str(prev))) * 100 / Fraction(str(prev))
        if abs(Fraction(str(given)) - computed) > Fraction(5, 1000):
            yield Violation(f"{path}/growth_percent", label=label, given=given, current=cur, previous=prev,
                            computed=f"{float(computed):.2f}")
