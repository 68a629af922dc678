"""期刊综合质量考核表（社科类）— 第十一届重庆市期刊综合质量考核表 (seed 004).

One variant per 类别 (填表说明 二: 表4 only for the journal's own category): ``academic`` (表4-1),
``political_economic`` (表4-2), ``culture_education`` (表4-3), ``gazette_yearbook`` (表4-4).

Every score on the form comes from the scoring engine, :func:`validators.scoring.journal.score`,
run once for the 自评 column and once for the 评审 column; this module only formats its numbers
(items and A…D as the sheet prints them, e.g. ``6.6``; S with two decimals, 填表说明 五.5) and
lays out its workings in the 计分说明. A column that cannot be scored yet (评审打分 not entered, or
an incomplete draft) is left blank and the 计分说明 says why.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from generator.contexts import ContinuedOnAttachments, get, h
from generator.paper import NONE_TEXT, Attachments, Continuation, box_text, cn_date, money, required
from validators.scoring import journal

VARIANTS = {category: variant for category, (variant, _) in journal.BUSINESS_TABLES.items()}
CATEGORY_CHOICES = tuple(journal.BUSINESS_TABLES)
FINANCE_ROWS = (("total_revenue", "总收入"), ("ad_revenue", "广告收入"),
                ("circulation_revenue", "发行收入"), ("profit", "利润"))
ERROR_ROWS = (("text", "文　　字"), ("words", "词　　语"), ("grammar_logic_knowledge", "语法、逻辑、知识"),
              ("punctuation", "标点符号"), ("numbers", "数　　字"), ("quantities_units", "量和单位"),
              ("formulas", "公　　式"), ("layout_format", "版式、格式"), ("other", "其　　他"))

# 表1 类别 as the sheet prints it (004:53), its 序号 and all; the journal's own gets a √ before it.
CATEGORY_PRINTED = (("1 ", "学术类"), ("⒉", "政治经济类"), ("⒊", "文化教育类"), ("4.", "公报年鉴类"))

# How many characters of a value fit its cell (填表说明 三: “内容须填写在空格内，个别项目填写不下，
# 可另附页”); the rest continues on an 附页. Every value the record writes on the sheet has one:
# about (cell width − padding) / character width × the lines the row may take, at 10.5 pt
# (3.7 mm a character) or 9 pt in the small cells (3.2 mm). A name keeps three lines of its cell.
CAPACITY = {
    "name": 80, "sponsor": 80, "publisher": 80,            # cover, 80 mm: four lines
    "format_and_pages": 24, "language": 21, "ad_license": 34, "printer": 40,  # 表1
    "head_name": 15, "head_title": 15,
    "awards_and_funding": 240, "indexed_in": 240,          # the boxes of 表1, 表2-1
    "abstracts.date": 12, "abstracts.article": 80, "abstracts.detail": 80,   # 表2-1 rows
    "article_awards.date": 12, "article_awards.article": 80, "article_awards.award": 80,
    "political_opinion": 300,                              # 表3 评审意见, 50 mm beside 评审内容
    "fact": 200,                                           # a “本刊：…” line under a 评审内容
    "proof": 240,                                          # a 所附证明材料 line
    "error_records.page": 8, "error_records.problem": 80, "error_records.correction": 80,
    "verification_note": 240,
}
# The form asks for the title's first five characters (表5-2 “文章标题（前5字）”).
ARTICLE_PREFIX = 5
# 表5-2's 考核记录 has 24 ruled rows on its two pages (004:742-941): 4, then 20.
ERROR_RECORD_ROWS = 24

# Rows of the sheet that the engine scores as separate items: the sheet's cell shows their sum,
# the 计分说明 each item (表5-1 数字出版 004:632-643, 表6 经营规范/著作权 with the 倒扣 their
# text allows 004:984-996, 表7 经营 004:1028-1031).
SUBTOTALS = {
    "t5_1_digital": ("5-1.digital_staff", "5-1.digital_platforms", "5-1.digital_effect",
                     "5-1.digital_revenue"),
    "t6_business_conduct": ("6.business_conduct", "6.business_penalty"),
    "t6_copyright": ("6.copyright", "6.copyright_penalty"),
    "t7_operations": ("7.circulation", "7.profit"),
}

# What a column cannot be scored for, as the 计分说明 says it.
UNSCORED = "（未计分：{reason}）"


@dataclass(frozen=True)
class ScorePair:
    self_score: str = h("自评得分（自查得分），如 6.6；该栏未能计分时为空")
    review_score: str = h("评审打分（专家打分）；评审未录入时为空")


@dataclass(frozen=True)
class FinanceRow:
    item: str = h("项目：总收入 / 广告收入 / 发行收入 / 利润")
    previous: str = h("上一年度，如 42.00 万元")
    assessed: str = h("考核年度，如 45.50 万元")
    growth: str = h("增长率，如 8.33%；无可比数据时为“无”")


@dataclass(frozen=True)
class AbstractRow:
    date: str = h("被收摘时间，如 2019年3月")
    article: str = h("篇名及刊载期刊期序")
    detail: str = h("被收摘情况，如 《新华文摘》2019年第14期全文转载")


@dataclass(frozen=True)
class AwardRow:
    date: str = h("获奖时间")
    article: str = h("篇名及刊载时间")
    award: str = h("获何部门何种奖")


@dataclass(frozen=True)
class ErrorRow:
    label: str = h("栏目：文字、词语 …")
    serious: str = h("严重错误（处）")
    general: str = h("一般错误（处）")
    counted: str = h("记错（个）")


@dataclass(frozen=True)
class ErrorRecord:
    page: str = h("页序")
    article: str = h("文章标题（前5字）")
    column: str = h("栏数")
    line: str = h("行数")
    problem: str = h("发现的问题")
    correction: str = h("改正意见")
    count: str = h("错误个数")


@dataclass(frozen=True)
class CalculationRow:
    table: str = h("表，如 表4-1")
    item: str = h("项目名称")
    interpretation: str = h("计分程序对该项规则的解读")
    self_working: str = h("自评栏的计算过程")
    review_working: str = h("评审栏的计算过程")


@dataclass(frozen=True)
class JournalAssessmentContext(ContinuedOnAttachments):
    form_title: str = h("表名：期刊综合质量考核表（社科类）")
    cover_note: str = h("封面下方的小字：考核年度、类别、记录编号")
    name: str = h("刊名")
    sponsor: str = h("主办单位")
    publisher: str = h("出版单位")
    fill_date: str = h("填表日期，如 2020年6月28日")
    assessed_year: str = h("考核年度，如 2019")
    previous_year: str = h("考核年度的上一年，如 2018")
    frequency: str = h("刊期")
    format_and_pages: str = h("开本、页码")
    cn: str = h("刊号（CN），有 ISSN 时另起一行")
    language: str = h("文种")
    ad_license: str = h("广告经营许可证号；没有时为“无”")
    category_choice: str = h("类别勾选：所属类别序号前打“√”")
    print_previous: str = h("上一年度平均期印量，如 1500 册")
    print_assessed: str = h("考核年度平均期印量")
    print_growth: str = h("平均期印量增长率，如 6.67%")
    printer: str = h("承印单位")
    head_name: str = h("负责人（或者执行负责人）")
    head_title: str = h("负责人职称")
    head_training: str = h("有无岗位培训证：有 / 无")
    staff_total: str = h("单位人员总数")
    staff_college: str = h("大专以上学历人数")
    staff_senior: str = h("副高以上职称人数")
    staff_full_time: str = h("编制内专职记者、编辑人数")
    staff_part_time: str = h("兼职和外聘记者、编辑人数")
    finances: tuple = h("经营情况（FinanceRow）：总收入、广告收入、发行收入、利润")
    awards_and_funding: str = h("两年内期刊获何部门何种奖励、表彰或专项资助")
    basic_proof: str = h("表1 所附证明材料")
    abstracts: tuple = h("表2-1 收摘记录（AbstractRow）；非学术类未填时为一行“无”")
    abstract_totals: str = h("收摘篇数总量及占全年总发文量百分比")
    indexed_in: str = h("被何种重要核心期刊、来源期刊数据库收录")
    impact_factor: str = h("复合影响因子")
    total_citations: str = h("复合总被引频次")
    metrics_source: str = h("学术指标数据来源：中国知网 / 万方数据 / 维普资讯")
    other_citation_ratio: str = h("他引总引比，如 91.2%")
    fund_paper_ratio: str = h("基金论文比")
    web_download_rate: str = h("Web即年下载率")
    abstract_proof: str = h("表2-1 所附证明材料")
    article_awards: tuple = h("表2-2 获奖记录（AwardRow）；没有时为一行“无”")
    article_awards_total: str = h("获奖文章总篇数，如 1 篇")
    article_awards_proof: str = h("表2-2 所附证明材料")
    political_opinion: str = h("表3 评审意见")
    k_self: str = h("表3 自评得分：K=… 及其档次")
    k_review: str = h("表3 评审打分：K=… 及其档次")
    scores: dict = h("各项得分：键为 t<表号>_<项>（如 t4_1_databases、t5_1_editing_quality、t7_awards），"
                     "值为 ScorePair")
    totals: dict = h("表8：键 K、A、B、C、D、S、grade，值为 ScorePair；S 保留两位小数")
    databases_fact: str = h("表4-1 数据库收录情况：本刊收录情况")
    abstracting_fact: str = h("表4-1 转摘、索引情况：本刊收摘篇数")
    business_proof: str = h("表4 所附证明材料")
    circulation_fact: str = h("表4-2/4-3 发行：本刊平均期发行量")
    revenue_fact: str = h("表4-2/4-3 收入：本刊考核年度总收入")
    profit_fact: str = h("表4-2/4-3 利润：本刊考核年度利润")
    influence_fact: str = h("表4-2/4-3 社会影响力：被收摘篇次")
    standards_fact: str = h("表5-1 执行标准规范：自评、评审发现的缺项、不规范项数")
    printing_fact: str = h("表5-1 印刷装帧：自评、评审的检测等级")
    digital_staff_fact: str = h("表5-1 数字出版专职人员：有 / 无")
    digital_platforms_fact: str = h("表5-1 数字出版平台：中央厨房、平台、新媒体、自己开发平台")
    digital_effect_fact: str = h("表5-1 出版效果：总用户数、平均阅读量")
    digital_revenue_fact: str = h("表5-1 数字出版收入")
    error_rate_fact: str = h("差错率（表5-2），用于表5-1 编校质量和表7")
    digital_proof: str = h("表5-1 数字出版所附证明材料")
    error_rows: tuple = h("表5-2 九个栏目的严重错误、一般错误、记错（ErrorRow）")
    total_errors: str = h("差错总个数")
    characters_formula: str = h("每行字数 × 每面行数 × 考核面数 ＝ 总字数")
    error_rate: str = h("差错率（万分之），按填报值")
    error_records: tuple = h("期刊编校质量考核记录（ErrorRecord）；没有时为一行“无”")
    publishing_fact: str = h("表6 规范出版：自评、评审认定的不符合项")
    imprint_fact: str = h("表6 版本记录：自评、评审认定的缺项与不规范问题")
    institutions_proof: str = h("表6 制度建设：所附制度文本")
    team_fact: str = h("表6 队伍建设：刊期与专职编辑人数")
    copyright_fact: str = h("表6 著作权：SMLC 最高文字复制比")
    legal_proof: str = h("表6 所附证明材料（制度建设、队伍建设）")
    bonus_awards_fact: str = h("表7 获奖资助：本刊的奖励（资助）")
    bonus_circulation_fact: str = h("表7 发行：平均期发行量")
    bonus_profit_fact: str = h("表7 收入：考核年度利润")
    d_note: str = h("各项加分合计超过10分时的说明，否则为空")
    bonus_proof: str = h("表7 所附证明材料")
    verification_note: str = h("经查实数据虚假时的说明（考核结果为不合格），否则为空")
    proof_note: str = h("未列出证明材料、计0分的项目（填表说明 四），否则为空")
    calculation: tuple = h("计分说明（CalculationRow），按表中顺序")
    variant: str = h("模板：academic / political_economic / culture_education / gazette_yearbook")
    continuations: tuple[Continuation, ...] = h("附页：表内填写不下的内容")

    @property
    def template(self) -> str:
        return self.variant


# --- numbers -----------------------------------------------------------------------------------

def number(value) -> str:
    """A record's number as the sheet prints it: 0.467 → '0.467', 45.0 → '45'; '无' stays."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return str(value)
    return journal.show(value)


def counted(value, unit: str) -> str:
    """A count with its unit, '9 人'; a missing one is “无” like every empty box (填表说明 三)."""
    text = number(value)
    return f"{text} {unit}" if text else required(text)


def percent(value) -> str:
    """91.2 → '91.2%'; '无' stays '无'."""
    text = number(value)
    return f"{text}%" if text and isinstance(value, (int, float, Decimal)) else required(text)


def two_decimals(value: Decimal) -> str:
    """S as the sheet keeps it (填表说明 五.5): two decimals, e.g. 89.3 → '89.30'."""
    return str(Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP))


def _k_cell(k) -> str:
    if k is None:
        return "K="
    band = journal.k_band(k) if isinstance(k, (int, float)) and not isinstance(k, bool) else None
    return f"K={number(k)}" + (f"\n（{band}）" if band else "")


def _both(record, *keys, fmt=number) -> str:
    """A judgement the sheet asks of both columns: '自评 1 项；评审 2 项'."""
    node = get(record, *keys, default={})
    parts = [f"{title}{fmt(node[col])}" for col, title in (("self", "自评"), ("review", "评审"))
             if isinstance(node, dict) and col in node]
    return "；".join(parts) or "无"


def _items(values) -> str:
    return "、".join(str(v) for v in values) if values else "无"


# --- scoring -----------------------------------------------------------------------------------

def score_column(record: dict, column: str):
    """The engine's SheetScore for ``column``, or the reason it cannot be scored (a string)."""
    try:
        return journal.score(record, column)
    except journal.MissingColumn as e:
        return e.message
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, ZeroDivisionError):
        # A draft may be incomplete; the form is still printed, without this column's scores.
        return "记录不完整，无法按计分规则计算"


def _score_key(item_key: str) -> str:
    """'4-1.databases' → 't4_1_databases' (the name the templates use)."""
    return "t" + item_key.replace("-", "_").replace(".", "_")


def _scores(sheets: dict) -> tuple[dict, dict]:
    cells: dict[str, dict[str, str]] = {}
    for column, sheet in sheets.items():
        if isinstance(sheet, str):
            continue
        for i in sheet.items:
            cells.setdefault(_score_key(i.key), {})[column] = journal.show(i.score)
        for key, parts in SUBTOTALS.items():
            # the sheet's one 数字出版 (9分) / 经营 (7分) cell over the engine's separate items
            subtotal = sum((i.score for i in sheet.items if i.key in parts), Decimal(0))
            cells.setdefault(key, {})[column] = journal.show(subtotal)
    scores = {k: ScorePair(v.get("self", ""), v.get("review", "")) for k, v in cells.items()}

    def total(fmt):
        return ScorePair(*(fmt(s) if not isinstance(s, str) else "" for s in sheets.values()))

    totals = {k: total(lambda s, k=k: journal.show(getattr(s, k))) for k in ("K", "A", "B", "C", "D")}
    totals["S"] = total(lambda s: two_decimals(s.S))
    totals["grade"] = total(lambda s: s.grade)
    return scores, totals


def _calculation(sheets: dict) -> tuple[CalculationRow, ...]:
    scored = [s for s in sheets.values() if not isinstance(s, str)]
    if not scored:
        return (CalculationRow("", "", "", *(UNSCORED.format(reason=s) for s in sheets.values())),)
    workings = {col: ({i.key: i.working for i in s.items} if not isinstance(s, str) else s)
                for col, s in sheets.items()}

    def working(col, key):
        w = workings[col]
        return UNSCORED.format(reason=w) if isinstance(w, str) else w.get(key, "")

    def total(col):
        s = sheets[col]
        if isinstance(s, str):
            return UNSCORED.format(reason=s)
        show = journal.show
        return (f"S = {show(s.K)}×（{show(s.A)}+{show(s.B)}+{show(s.C)}）+{show(s.D)}，"
                f"保留两位小数为 {two_decimals(s.S)}；等级：{s.grade}（{s.grade_note}）")

    rows = [CalculationRow(i.table, i.item, i.interpretation, working("self", i.key),
                           working("review", i.key)) for i in scored[0].items]
    rows.append(CalculationRow("表8", "总分S、考核等级",
                               "S = K×（A+B+C）+D，A、B、C、D 为各表之和（D 不超过10分），仅 S 四舍五入"
                               "保留两位小数；等级按保留两位小数后的 S 划分。", total("self"), total("review")))
    return tuple(rows)


def _d_note(sheets: dict) -> str:
    notes = []
    for column, sheet in sheets.items():
        if isinstance(sheet, str):
            continue
        raw = sum((i.score for i in sheet.table("表7")), Decimal(0))
        if raw > sheet.D:
            notes.append(f"{journal.COLUMNS[column]}各项合计 {journal.show(raw)} 分，"
                         f"按 {journal.show(sheet.D)} 分计")
    return "（" + "；".join(notes) + "）" if notes else ""


# --- one builder per table: each returns its fields of the context ----------------------------

def _fit(a: Attachments, key: str, title: str, value) -> str:
    """``value`` as its cell takes it (CAPACITY[key] characters), the rest on an 附页."""
    return a.text(title, value, CAPACITY[key])


def _proof(a: Attachments, record: dict, title: str, *keys) -> str:
    return _fit(a, "proof", f"{title}所附证明材料", _items(get(record, *keys, default=[])))


def _cover(record: dict, a: Attachments) -> dict:
    journal_info = get(record, "journal", default={})
    year, category = get(record, "assessment_year"), get(record, "basic_info", "category")
    cover_bits = [f"考核年度：{year}年" if year else "", f"类别：{category}" if category else "",
                  f"记录编号：{record['id']}" if record.get("id") else ""]
    return dict(
        form_title="期刊综合质量考核表（社科类）",
        cover_note="　　".join(b for b in cover_bits if b),
        name=_fit(a, "name", "刊名", journal_info.get("name")),
        sponsor=_fit(a, "sponsor", "主办单位", journal_info.get("sponsor")),
        publisher=_fit(a, "publisher", "出版单位", journal_info.get("publisher")),
        fill_date=cn_date(journal_info.get("fill_date")) or "　　　　年　　月　　日",
    )


def _table_1(record: dict, a: Attachments) -> dict:
    """表1 基本情况."""
    basic = get(record, "basic_info", default={})
    year = get(record, "assessment_year")
    cn = required(basic.get("cn"))
    issn = basic.get("issn")
    if issn and issn != "无":
        cn += f"\nISSN {issn}"
    run = basic.get("print_run") or {}
    staff = basic.get("staff") or {}
    head = basic.get("head") or {}
    return dict(
        assessed_year=box_text(year),
        previous_year=str(year - 1) if isinstance(year, int) else "",
        frequency=required(basic.get("frequency")),
        format_and_pages=_fit(a, "format_and_pages", "开本、页码", basic.get("format_and_pages")),
        cn=cn,
        language=_fit(a, "language", "文种", basic.get("language")),
        ad_license=_fit(a, "ad_license", "广告经营许可证号", basic.get("ad_license")),
        category_choice="；".join(("√" if c == basic.get("category") else "") + n + c
                                 for n, c in CATEGORY_PRINTED) + "。",
        print_previous=counted(run.get("previous_year"), "册"),
        print_assessed=counted(run.get("assessed_year"), "册"),
        print_growth=percent(run.get("growth_percent")),
        printer=_fit(a, "printer", "承印单位", basic.get("printer")),
        head_name=_fit(a, "head_name", "负责人（或者执行负责人）", head.get("name")),
        head_title=_fit(a, "head_title", "负责人职称", head.get("title")),
        head_training=required(head.get("training_certificate")),
        staff_total=counted(staff.get("total"), "人"),
        staff_college=counted(staff.get("college_or_above"), "人"),
        staff_senior=counted(staff.get("associate_senior_or_above"), "人"),
        staff_full_time=counted(staff.get("full_time_editors"), "人"),
        staff_part_time=counted(staff.get("part_time_editors"), "人"),
        finances=tuple(
            FinanceRow(title, counted(money(get(basic, "finances", key, "previous_year")), "万元"),
                       counted(money(get(basic, "finances", key, "assessed_year")), "万元"),
                       percent(get(basic, "finances", key, "growth_percent")))
            for key, title in FINANCE_ROWS),
        awards_and_funding=_fit(a, "awards_and_funding", "期刊获奖励、表彰或专项资助",
                                basic.get("awards_and_funding")),
        basic_proof=_proof(a, record, "表1", "basic_info", "proof_materials"),
    )


def _abstract_rows(record: dict, a: Attachments) -> dict:
    """表2-1's rows and their totals."""
    ab = record.get("abstracting")
    if not ab:
        return dict(abstracts=(AbstractRow("无", "无", "无"),),
                    abstract_totals="无（非学术类期刊可不填此附表，见注①）")
    return dict(
        abstracts=tuple(
            AbstractRow(cn_date(e.get("date")) or required(e.get("date")),
                        _fit(a, "abstracts.article", f"表2-1 第{i}条 篇名", e.get("article")),
                        _fit(a, "abstracts.detail", f"表2-1 第{i}条 被收摘情况", e.get("detail")))
            for i, e in enumerate(ab.get("entries") or [], 1)) or (AbstractRow("无", "无", "无"),),
        abstract_totals=(f"总量：{number(ab.get('total_count'))} 篇；百分比：{percent(ab.get('percent'))}"
                         f"（全年总发文量 {number(ab.get('annual_articles'))} 篇）"),
    )


def _award_rows(record: dict, a: Attachments) -> dict:
    """表2-2's rows."""
    aw = record.get("awards") or {}
    return dict(article_awards=tuple(
        AwardRow(cn_date(e.get("date")) or required(e.get("date")),
                 _fit(a, "article_awards.article", f"表2-2 第{i}条 篇名", e.get("article")),
                 _fit(a, "article_awards.award", f"表2-2 第{i}条 奖项", e.get("award")))
        for i, e in enumerate(aw.get("entries") or [], 1)) or (AwardRow("无", "无", "无"),))


def _table_2(record: dict, a: Attachments) -> dict:
    """表2-1's cells under the rows (the CNKI metrics) and 表2-2's total."""
    ab = record.get("abstracting") or {}
    aw = record.get("awards") or {}
    return dict(
        indexed_in=_fit(a, "indexed_in", "被何种重要核心期刊、来源期刊数据库收录", ab.get("indexed_in")),
        impact_factor=required(number(ab.get("composite_impact_factor"))),
        total_citations=required(number(ab.get("composite_total_citations"))),
        metrics_source=required(ab.get("metrics_source")),
        other_citation_ratio=percent(ab.get("other_citation_ratio")),
        fund_paper_ratio=percent(ab.get("fund_paper_ratio")),
        web_download_rate=percent(ab.get("web_download_rate")),
        abstract_proof=_proof(a, record, "表2-1", "abstracting", "proof_materials"),
        article_awards_total=counted(aw.get("total_count") or 0, "篇"),
        article_awards_proof=_proof(a, record, "表2-2", "awards", "proof_materials"),
    )


def _table_3(record: dict, a: Attachments) -> dict:
    """表3 政治导向考核."""
    return dict(
        political_opinion=_fit(a, "political_opinion", "表3 评审意见", get(record, "political", "opinion")),
        k_self=_k_cell(get(record, "political", "k", "self")),
        k_review=_k_cell(get(record, "political", "k", "review")),
    )


def _abstracting_fact(ab: dict) -> str:
    forms = {}
    for e in ab.get("entries") or []:
        group = "四大文摘" if e.get("source") in journal.MAJOR_DIGESTS else "其他文摘、索引"
        kind = "辑录题目" if e.get("form") == "辑录题目" else "转载、摘编"
        forms[(group, kind)] = forms.get((group, kind), 0) + 1
    return ("；".join(f"{g}{k} {n} 篇" for (g, k), n in forms.items()) or "无") + \
        (f"；全年总发文量 {number(ab.get('annual_articles'))} 篇" if ab else "")


def _table_4(record: dict, a: Attachments) -> dict:
    """表4: the business table of the journal's own category (填表说明 二), i.e. the variant."""
    basic = get(record, "basic_info", default={})
    variant = VARIANTS.get(basic.get("category"), "academic")
    business = get(record, "business", variant, default={})
    databases_fact = (f"核心期刊目录 {_items(business.get('core_indexes'))}；影响因子年报分区 "
                      f"{required(business.get('impact_factor_quartile'))}；"
                      f"RCCSE {required(business.get('rccse'))}；"
                      f"其他数据库 {len(business.get('other_databases') or [])} 种："
                      f"{_items(business.get('other_databases'))}") if variant == "academic" else ""
    per_issue = get(record, "operations", "average_circulation_per_issue")
    return dict(
        variant=variant,
        databases_fact=_fit(a, "fact", "表4-1 数据库收录情况", databases_fact),
        abstracting_fact=_abstracting_fact(record.get("abstracting") or {}),
        business_proof=_proof(a, record, "表4", "business", variant, "proof_materials"),
        circulation_fact=f"平均期发行量 {number(per_issue)} 册，{required(basic.get('frequency'))}",
        revenue_fact=f"考核年度总收入 {money(get(basic, 'finances', 'total_revenue', 'assessed_year'))} 万元",
        profit_fact=f"考核年度利润 {money(get(basic, 'finances', 'profit', 'assessed_year'))} 万元",
        influence_fact=f"被收摘 {number(business.get('influence_count'))} 篇次",
    )


def _error_record_rows(record: dict, a: Attachments) -> dict:
    """The rows of 表5-2's 期刊编校质量考核记录."""
    errors = record.get("errors") or {}
    filled = tuple(
        ErrorRecord(_fit(a, "error_records.page", f"编校质量考核记录 第{i}条 页序", r.get("page")),
                    required(r.get("article"))[:ARTICLE_PREFIX],
                    required(number(r.get("column"))), required(number(r.get("line"))),
                    _fit(a, "error_records.problem", f"编校质量考核记录 第{i}条 发现的问题", r.get("problem")),
                    _fit(a, "error_records.correction", f"编校质量考核记录 第{i}条 改正意见",
                         r.get("correction")),
                    required(number(r.get("count"))))
        for i, r in enumerate(errors.get("records") or [], 1)) or (ErrorRecord(*("无",) * 7),)
    # ruled rows left for the hand; the layout adds the last one, always blank
    blank = ErrorRecord(*("",) * 7)
    return dict(error_records=filled + (blank,) * max(ERROR_RECORD_ROWS - 1 - len(filled), 0))


def _table_5(record: dict, a: Attachments) -> dict:
    """表5-1 编辑出版考核 and 表5-2's counts."""
    digital = get(record, "editing", "digital", default={})
    errors = record.get("errors") or {}
    return dict(
        standards_fact=_both(record, "editing", "standards_deficiencies", fmt=lambda v: f"发现 {v} 项"),
        printing_fact=_both(record, "editing", "printing_grade", fmt=lambda v: f"“{v}”"),
        digital_staff_fact="有专职人员" if digital.get("full_time_staff") else "无专职人员",
        digital_platforms_fact=_fit(a, "fact", "表5-1 数字出版平台", "；".join((
            f"中央厨房：{'有' if digital.get('central_kitchen') else '无'}",
            f"平台：{_items(digital.get('platforms'))}",
            f"其他新媒体：{_items(digital.get('new_media'))}",
            f"自己开发平台：{'有' if digital.get('own_platform') else '无'}"))),
        digital_effect_fact=(f"总用户数 {number(digital.get('total_users'))}，"
                             f"平均阅读量 {number(digital.get('average_reads'))}"),
        digital_revenue_fact=(f"数字出版收入 {number(digital.get('revenue'))} 万元"
                              f"（{required(get(record, 'basic_info', 'category'))}）"),
        error_rate_fact=f"差错率 {number(errors.get('error_rate'))}/万（见表5-2）",
        digital_proof=_proof(a, record, "表5-1", "editing", "digital", "proof_materials"),
        error_rows=tuple(
            ErrorRow(label, *(required(number(get(errors, "rows", key, f)))
                              for f in ("serious", "general", "counted")))
            for key, label in ERROR_ROWS),
        total_errors=required(number(errors.get("total_errors"))),
        characters_formula=(f"每行字数 {number(errors.get('chars_per_line'))} × 每面行数 "
                            f"{number(errors.get('lines_per_page'))} × 考核面数 {number(errors.get('pages'))}"
                            f" ＝ 总字数 {number(errors.get('total_characters'))}"),
        error_rate=required(number(errors.get("error_rate"))),
    )


def _violations(v) -> str:
    return "、".join(f"第{i}项" for i in v) + "不符合" if v else "无不符合项"


def _imprint(v) -> str:
    if not isinstance(v, dict):
        return "无"
    missing = v.get("missing") or []
    return (f"缺{_items(missing)}" if missing else "无缺项") + f"，不规范 {v.get('irregularities', 0)} 处"


def _plagiarism(v) -> str:
    return "认定重度抄袭" if v else "未认定重度抄袭"


def _table_6(record: dict, a: Attachments) -> dict:
    """表6 法纪规范考核."""
    legal = record.get("legal") or {}
    copyright_cells = legal.get("copyright") or {}
    copyright_fact = f"SMLC 检测最高文字复制比 {percent(copyright_cells.get('max_copy_ratio'))}"
    if isinstance(copyright_cells.get("plagiarism_confirmed"), dict) and any(
            copyright_cells["plagiarism_confirmed"].values()):
        copyright_fact += "；" + _both(record, "legal", "copyright", "plagiarism_confirmed",
                                      fmt=_plagiarism)
    return dict(
        publishing_fact=_both(record, "legal", "publishing_violations", fmt=_violations),
        imprint_fact=_fit(a, "fact", "表6 版本记录", _both(record, "legal", "imprint", fmt=_imprint)),
        institutions_proof=_proof(a, record, "表6 制度建设", "legal", "institutions", "proof_materials"),
        team_fact=(f"{required(get(record, 'basic_info', 'frequency'))}，编制内专职记者、编辑 "
                   f"{number(get(record, 'basic_info', 'staff', 'full_time_editors'))} 人"),
        copyright_fact=copyright_fact,
        legal_proof=_fit(a, "proof", "表6 证明材料",
                         f"制度建设：{_items(get(legal, 'institutions', 'proof_materials'))}；"
                         f"队伍建设：{_items(get(legal, 'team', 'proof_materials'))}"),
    )


def _table_7(record: dict, a: Attachments) -> dict:
    """表7 加分项目 (its total D and the note on the cap come with the scores)."""
    bonus_awards = [f"{box_text(w.get('name'))}（{cn_date(w.get('date'))}，{box_text(w.get('level'))}，"
                    f"{box_text(w.get('scope'))}）" for w in get(record, "bonus", "awards", default=[])]
    per_issue = get(record, "operations", "average_circulation_per_issue")
    profit_value = get(record, "basic_info", "finances", "profit", "assessed_year")
    return dict(
        bonus_awards_fact=_fit(a, "fact", "表7 获奖资助", "；".join(bonus_awards) or "无"),
        bonus_circulation_fact=f"平均期发行量 {number(per_issue)} 册",
        bonus_profit_fact=f"考核年度利润 {money(profit_value)} 万元",
        bonus_proof=_proof(a, record, "表7", "bonus", "proof_materials"),
    )


def _verification(record: dict, a: Attachments) -> dict:
    """The note under 表8 when the data were found false (填表说明 五.6)."""
    verification = record.get("verification") or {}
    note = ""
    if verification.get("falsified"):
        note = "经查实，填报的数据或材料虚假，考核结果为不合格（填表说明 五.6）。"
        if verification.get("note"):
            note += _fit(a, "verification_note", "核查说明", verification["note"])
    return dict(verification_note=note)


def _proof_note(sheets: dict) -> str:
    """The items scored 0 for want of proof (JA702), once each across the two columns."""
    zeroed = dict.fromkeys(f.message for s in sheets.values() if not isinstance(s, str)
                           for f in s.findings if f.code == "JA702")
    if not zeroed:
        return ""
    # the form prints the sheet's own words, never our rule codes (issue #14)
    return "对不按要求提供证明材料者，有关评审项目一律不得分（填表说明 四）：" + "；".join(zeroed) + "。"


def _scored(sheets: dict) -> dict:
    """Every score cell, 表8 and the 计分说明, from the engine's two columns."""
    scores, totals = _scores(sheets)
    return dict(scores=scores, totals=totals, d_note=_d_note(sheets), calculation=_calculation(sheets),
                proof_note=_proof_note(sheets))


# The 附页 are numbered in the order their cells are filled: the listings (表2-1, 表2-2, the
# 编校质量考核记录) and the 核查说明 have always come first, then the cells in the sheet's order.
BUILDERS = (_abstract_rows, _award_rows, _error_record_rows, _verification,
            _cover, _table_1, _table_2, _table_3, _table_4, _table_5, _table_6, _table_7)


def build_context(record: dict) -> JournalAssessmentContext:
    a = Attachments(blank=NONE_TEXT)   # 004 填表说明 三: no box left empty
    fields = {}
    for build in BUILDERS:
        fields.update(build(record, a))
    sheets = {"self": score_column(record, "self"), "review": score_column(record, "review")}
    return JournalAssessmentContext(**fields, **_scored(sheets), continuations=tuple(a.items))
