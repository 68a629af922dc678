"""表5-1 编辑出版考核表 (30分) and the 差错率 of 表5-2 (seed 004)."""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from validators.scoring.journal.column import ColumnRun
from validators.scoring.journal.items import Scored, dec, fraction, item, partial_step, reading, show, whole_steps


@item("5-1.standards", "表5-1", "执行标准规范", max=4,
      rule="封面标识、目次、正文、图表、辅文5方面；缺项、不规范或不符合规定的，每项扣除0.5分，扣完为止。",
      interpretation="每发现一处缺项、不规范或不符合规定计一项，扣0.5分，最低0分。")
def standards_compliance(deficiencies: int) -> Scored:
    """表5-1 执行标准规范 (4分): 4 − 0.5 per deficiency, not below 0.

    >>> standards_compliance(3).score, standards_compliance(9).score
    (Decimal('2.5'), Decimal('0'))
    """
    raw = Decimal(4) - Decimal("0.5") * deficiencies
    return Scored(max(raw, Decimal(0)), f"{deficiencies} 项 × 0.5：4 − {show(Decimal('0.5') * deficiencies)} = "
                                        f"{show(raw)}" + ("，扣完为止，计 0" if raw < 0 else ""))


PRINTING_POINTS = {"优秀": 7, "良好": 5, "合格": 3, "不合格": 0}


@item("5-1.printing", "表5-1", "印刷装帧", max=7, rule="经检测，优秀7分，良好5分，合格3分，不合格0分。",
      interpretation="按检测等级计分。")
def printing(grade: str) -> Scored:
    """表5-1 印刷装帧 (7分): 优秀 7, 良好 5, 合格 3, 不合格 0.

    >>> printing("良好").score
    Decimal('5')
    """
    return Scored(Decimal(PRINTING_POINTS[grade]), f"检测等级“{grade}” → {PRINTING_POINTS[grade]}")


@item("5-1.digital_staff", "表5-1", "数字出版·专职人员", max=1, rule="有数字出版专职人员得1分。",
      interpretation="有即得1分。")
def digital_staff(has_staff: bool) -> Scored:
    """表5-1 数字出版专职人员 (1分)."""
    return Scored(Decimal(1 if has_staff else 0), "有数字出版专职人员 → 1" if has_staff else "无专职人员 → 0")


@item("5-1.digital_platforms", "表5-1", "数字出版·平台", max=4,
      rule="有中央厨房可得2分；微信、微博、APP、网站、数字互动平台、网络教育平台、知网万方维普等数据库收录，"
      "有一种得1分；有头条、抖音、快手……网络审稿系统等为加分项，无论多少种，只要有即可得1分；自己开发平台加2分。"
      "以上各项得分可累计，但最高不超过4分。",
      interpretation="各项相加，最多4分；头条、抖音等新媒体账号不论多少种只计1分。")
def digital_platforms(central_kitchen: bool, platforms, new_media, own_platform: bool) -> Scored:
    """表5-1 数字出版平台 (4分): 中央厨房 2 + 1 per listed platform + 1 for any new media + own 2, ≤ 4.

    >>> digital_platforms(False, ["微信", "网站"], ["抖音号", "头条号"], False).score   # 2 + 1
    Decimal('3')
    """
    parts = [("中央厨房", 2 if central_kitchen else 0), (f"平台 {len(set(platforms))} 种", len(set(platforms))),
             ("其他新媒体", 1 if new_media else 0), ("自己开发平台", 2 if own_platform else 0)]
    raw = sum(p for _, p in parts)
    score = min(raw, 4)
    return Scored(Decimal(score), " + ".join(f"{n} {p}" for n, p in parts) + f" = {raw}"
                  + (f"，最高4分，计 {score}" if raw > 4 else ""))


@item("5-1.digital_effect", "表5-1", "数字出版·出版效果", max=2,
      rule="所有平台总用户数5000以上、平均阅读量100以上，每项得1分，达不到标准的不得分。",
      interpretation="“以上”含本数：总用户数 ≥ 5000 得1分，平均阅读量 ≥ 100 得1分。")
def digital_effect(total_users: int, average_reads: int) -> Scored:
    """表5-1 数字出版出版效果 (2分).

    >>> digital_effect(5000, 99).score
    Decimal('1')
    """
    a, b = int(total_users >= 5000), int(average_reads >= 100)
    return Scored(Decimal(a + b), f"总用户数 {total_users}（≥5000 得1）→ {a}；平均阅读量 {average_reads}（≥100 得1）→ {b}")


@item("5-1.digital_revenue", "表5-1", "数字出版·经济效益", max=2,
      rule="非学术期刊收入5万元以下得1分，5万元以上得2分；学术期刊收入1万元以下得1分，1万元以上得2分。无收入不得分。",
      interpretation="“以上”含本数：学术类 ≥ 1 万元、其他类别 ≥ 5 万元得2分；收入为0不得分。")
def digital_revenue(value, academic: bool) -> Scored:
    """表5-1 数字出版经济效益 (2分); the threshold is 1万元 for 学术类, 5万元 otherwise.

    >>> digital_revenue(1, True).score, digital_revenue(4.99, False).score, digital_revenue(0, True).score
    (Decimal('2'), Decimal('1'), Decimal('0'))
    """
    r, limit = dec(value), Decimal(1 if academic else 5)
    kind = "学术期刊" if academic else "非学术期刊"
    if r <= 0:
        return Scored(Decimal(0), "数字出版无收入，不得分")
    score = 2 if r >= limit else 1
    readings = (reading("JA807", value=show(r), limit=show(limit)),) if r == limit else ()
    return Scored(Decimal(score), f"{kind}数字出版收入 {show(r)} 万元，{'≥' if score == 2 else '<'} {show(limit)} 万元 → {score}",
                  readings)


def error_rate(total_errors, total_characters: int) -> Fraction:
    """差错率（万分之）= 差错总个数 ÷ 总字数 × 10000, exact (表5-2).

    >>> error_rate(Decimal("6.5"), 34 * 36 * 100)   # 6.5 × 10000 ÷ 122400 = 65000/122400
    Fraction(325, 612)
    """
    return Fraction(fraction(total_errors) * 10000, total_characters)


@item("5-1.editing_quality", "表5-1", "编校质量", max=10, min=-10,
      rule="差错率的标准为2/万，2/万以下者满分，超过2/万，每增加0.1/万扣1分。本项10分扣完后，在编辑出版考核"
      "总得分中倒扣分（最多倒扣10分）。",
      interpretation="差错率 = 差错总个数 ÷（每行字数×每面行数×考核面数）× 10000，不舍入；≤ 2/万 得10分；"
      "超过部分只计完整的0.1/万台阶；扣完10分后继续扣，本项最低 −10 分（计入B）。")
def editing_quality(rate) -> Scored:
    """表5-1 编校质量 (10分, down to −10 into B).

    >>> editing_quality(Fraction(215, 100)).score   # 0.15 over: 1 whole step, 10 − 1
    Decimal('9')
    >>> editing_quality(Fraction(45, 10)).score     # 25 steps → 10 − 25 = −15, floor −10
    Decimal('-10')
    """
    r = fraction(rate)
    if r <= 2:
        return Scored(Decimal(10), f"差错率 {show(r)}/万 ≤ 2/万，得满分10")
    n = whole_steps(r - 2, Fraction(1, 10))
    raw = Decimal(10 - n)
    score = max(raw, Decimal(-10))
    readings = (reading("JA801", value=f"{show(r)}/万", step="0.1/万"),) if (
        score == raw and partial_step(r, 2, Fraction(1, 10))) else ()
    return Scored(score, f"差错率 {show(r)}/万，超过2/万 {show(r - 2)}，含 {n} 个完整的0.1/万：10 − {n} = {show(raw)}"
                  + ("，最多倒扣10分，计 −10" if raw < score else ""), readings)



def add_table(run: ColumnRun, record: dict) -> Fraction:
    """表5-1 for one column; returns the 表5-2 差错率 it scored, which 表7 scores too.

    The rate is computed from the counts (差错总个数 ÷ 总字数), not taken from the rate the record states.
    """
    editing, category = record["editing"], record["basic_info"]["category"]
    digital = editing["digital"]
    digital_proof = (digital["proof_materials"], "/editing/digital/proof_materials")
    errors = record["errors"]
    chars = errors["chars_per_line"] * errors["lines_per_page"] * errors["pages"]
    rate = error_rate(errors["total_errors"], chars)
    run.add("5-1.standards", deficiencies=run.pick("editing", "standards_deficiencies"))
    run.add("5-1.printing", grade=run.pick("editing", "printing_grade"))
    run.add("5-1.digital_staff", proof=digital_proof, has_staff=digital["full_time_staff"])
    run.add("5-1.digital_platforms", proof=digital_proof, central_kitchen=digital["central_kitchen"],
            platforms=digital["platforms"], new_media=digital["new_media"], own_platform=digital["own_platform"])
    run.add("5-1.digital_effect", proof=digital_proof, total_users=digital["total_users"],
            average_reads=digital["average_reads"])
    run.add("5-1.digital_revenue", proof=digital_proof, value=digital["revenue"], academic=category == "学术类")
    run.add("5-1.editing_quality", rate=rate)
    return rate
