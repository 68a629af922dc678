"""表6 法纪规范考核表 (20分, seed 004); 规范出版 and the two 倒扣 rows may go below 0."""
from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from validators.scoring.journal.column import ColumnRun
from validators.scoring.journal.items import JUDGEMENT, Scored, dec, item, judgement, reading, show

EDITORS_REQUIRED = {"季刊": 1, "双月刊": 3, "月刊": 5, "半月刊": 8, "旬刊": 10, "周刊": 15}
PUBLISHING_DEDUCTIONS = {1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 3, 7: 3, 8: 5, 9: 5}


@item("6.publishing", "表6", "规范出版", max=5, min=-5,
      rule="第1—5项不符合规定的，每项扣1分；第6—7项不符合规定的，每项扣3分；第8—9项不符合规定的，每项扣5分。"
      "此栏可倒扣，最多倒扣5分。",
      interpretation="每个不符合规定的项按其序号扣分，同一项只扣一次；本栏最低 −5 分。")
def publishing_compliance(violations) -> Scored:
    """表6 规范出版 (5分, down to −5).

    >>> publishing_compliance([2, 6]).score, publishing_compliance([8, 9]).score   # 5−4; 5−10 → −5
    (Decimal('1'), Decimal('-5'))
    """
    items = sorted(set(violations))
    deduction = sum(PUBLISHING_DEDUCTIONS[i] for i in items)
    raw = 5 - deduction
    score = max(raw, -5)
    listed = "、".join(f"第{i}项扣{PUBLISHING_DEDUCTIONS[i]}" for i in items) or "无不符合项"
    return Scored(Decimal(score), f"{listed}：5 − {deduction} = {raw}" + ("，最多倒扣5分，计 −5" if raw < -5 else ""))


@item("6.imprint", "表6", "版本记录", max=3,
      rule="缺一项扣0.5分；缺两项，扣1.5分；缺三项以上（含三项）扣3分。记录不规范或不符合规定的，每个问题扣0.3分，扣完为止。",
      interpretation="缺项扣分与不规范扣分相加，最低0分。")
def imprint(missing, irregularities: int) -> Scored:
    """表6 版本记录 (3分).

    >>> imprint(["定价"], 2).score   # 3 − 0.5 − 2×0.3
    Decimal('1.9')
    """
    m = len(set(missing))
    by_missing = {0: Decimal(0), 1: Decimal("0.5"), 2: Decimal("1.5")}.get(m, Decimal(3))
    by_irregular = Decimal("0.3") * irregularities
    raw = 3 - by_missing - by_irregular
    score = max(raw, Decimal(0))
    return Scored(score, f"缺 {m} 项扣 {show(by_missing)}，不规范 {irregularities} 个扣 {show(by_irregular)}："
                         f"3 − {show(by_missing)} − {show(by_irregular)} = {show(raw)}"
                  + ("，扣完为止，计 0" if raw < 0 else ""))


@item("6.institutions", "表6", "制度建设", max=3,
      rule="严格执行“三审三校”制度，有完整的出版管理、用稿、审校和事后审读制度。得3分。制度不健全，适当扣分，"
      "扣完为止（须提供已建立的制度文本材料，未提供材料的，视为未建立制度）。",
      interpretation="按专家评分计；未列出制度文本材料的视为未建立制度，计0分。")
def institutions(value) -> Scored:
    """表6 制度建设 (3分): the expert's score; no listed proof → 0 (handled by :func:`score`)."""
    return judgement(value, 3)


@item("6.team", "表6", "队伍建设", max=4,
      rule="有完备专业的采编力量，编辑人员政治素质和业务能力达到国家规定的标准。季刊专职编辑不得少于1人；双月刊3人；"
      "月刊5人；半月刊8人，旬刊10人，周刊15人。达到以上标准的，得4分。未达到标准的，适当扣分，扣完为止。",
      interpretation="按专家评分计（政治素质和业务能力只有专家能判断）；专职编辑人数取表1“编制内专职记者、编辑”，"
      "只封顶、不加分：达到人数标准的不封顶，未达到的最多得 4×实有人数÷标准人数（保留两位小数，舍去）；"
      "年刊、半年刊表中未规定人数标准，按专家评分计。")
def team(entered, full_time_editors: int, frequency: str) -> Scored:
    """表6 队伍建设 (4分): the expert's score, capped by the head count, never raised by it.

    The 4 points are for "以上标准": 政治素质和业务能力, which only the expert judges, and the head
    count. Meeting the count leaves the expert's score as it is; falling short caps it in
    proportion to the editors there are, down to 0 ("扣完为止").

    >>> team(2, 5, "月刊").score, team(4, 4, "月刊").score, team(2.5, 4, "月刊").score
    (Decimal('2'), Decimal('3.2'), Decimal('2.5'))
    """
    s = judgement(entered, 4)
    if frequency not in EDITORS_REQUIRED:
        # 表6 lists 季刊 … 周刊 only; extrapolating a number for 年刊/半年刊 would be ours, not the sheet's
        return Scored(s.score, f"表6 未规定{frequency}的专职编辑人数标准，{s.working}",
                      (reading("JA809", frequency=frequency, editors=full_time_editors),))
    required = EDITORS_REQUIRED[frequency]
    if full_time_editors >= required:
        return Scored(s.score, f"专职编辑 {full_time_editors} 人 ≥ {frequency}标准 {required} 人，不封顶：{s.working}")
    cap = (Decimal(4 * full_time_editors) / required).quantize(Decimal("0.01"), ROUND_DOWN).normalize()
    working = f"专职编辑 {full_time_editors} 人 < {frequency}标准 {required} 人，最多 4×{full_time_editors}÷{required}"
    if s.score <= cap:
        return Scored(s.score, f"{working} = {show(cap)}：{s.working}")
    return Scored(cap, f"{working} = {show(cap)}：{s.working}，按 {show(cap)} 计",
                  (reading("JA810", editors=full_time_editors, frequency=frequency, required=required,
                           entered=show(s.score), cap=show(cap)),))


@item("6.business_conduct", "表6", "经营规范", max=2,
      rule="遵守《出版管理条例》《期刊出版规定》《广告法》等……如有违反，酌情扣分。", interpretation=JUDGEMENT)
def business_conduct(value) -> Scored:
    """表6 经营规范 (2分): the expert's score."""
    return judgement(value, 2)


@item("6.business_penalty", "表6", "经营规范·严重违法倒扣", max=0, min=-5,
      rule="严重违法的，可在法纪规范考核总分中倒扣，最高扣5分。",
      interpretation="按填写的倒扣分计入C，0～5分。")
def business_penalty(penalty) -> Scored:
    """表6 经营规范 serious violation: −penalty from C, at most 5."""
    p = min(max(dec(penalty), Decimal(0)), Decimal(5))
    return Scored(-p if p else Decimal(0), f"倒扣 {show(p)}" if p else "无严重违法，不倒扣")


@item("6.copyright", "表6", "著作权", max=3,
      rule="达不到要求的，酌情扣分。严重违反《著作权法》，此项不得分……文字复制比超过50%的，经专家组认定为重度"
      "抄袭或整体剽窃的，本项得0分，且在法纪规范考核总分中倒扣5分；文字复制比超过30%的，本项得0分；文字复制比"
      "20%～30%，得1分。",
      interpretation="复制比取 SMLC 检测中本刊文章的最高值；“超过”不含本数：30% 得1分，50% 得0分但不倒扣；"
      "20%～30% 含两端，此时得分为专家评分与1分中较小者；低于20% 按专家评分；有严重违法倒扣的本项0分。")
def copyright_item(entered, max_copy_ratio, plagiarism_confirmed: bool, penalty) -> Scored:
    """表6 著作权 (3分).

    >>> [copyright_item(3, r, False, 0).score for r in (19.9, 20, 30, 30.1)]
    [Decimal('3'), Decimal('1'), Decimal('1'), Decimal('0')]
    """
    ratio = dec(max_copy_ratio)
    readings = (reading("JA808", ratio=show(ratio)),) if ratio in (20, 30, 50) else ()
    if dec(penalty) > 0:
        return Scored(Decimal(0), "严重违反《著作权法》，此项不得分", readings)
    if ratio > 50 and plagiarism_confirmed:
        return Scored(Decimal(0), f"复制比 {show(ratio)}% > 50% 且认定重度抄袭，本项0分", readings)
    if ratio > 30:
        return Scored(Decimal(0), f"复制比 {show(ratio)}% > 30%，本项0分", readings)
    s = judgement(entered, 3)
    if ratio >= 20:
        score = min(s.score, Decimal(1))
        return Scored(score, f"复制比 {show(ratio)}% 在20%～30%，得1分（{s.working}，取较小者 {show(score)}）", readings)
    return Scored(s.score, f"复制比 {show(ratio)}% < 20%，{s.working}", readings)


@item("6.copyright_penalty", "表6", "著作权·倒扣", max=0, min=-5,
      rule="严重违反《著作权法》……在法纪规范考核总分中倒扣，最高扣5分；复制比超过50%经专家组认定为重度抄袭或"
      "整体剽窃的……在法纪规范考核总分中倒扣5分。",
      interpretation="两种倒扣同属著作权一项，取较大者，不叠加，最多5分。")
def copyright_penalty(max_copy_ratio, plagiarism_confirmed: bool, penalty) -> Scored:
    """表6 著作权 deduction from C: the larger of the entered penalty and 5 for confirmed plagiarism.

    >>> copyright_penalty(55, True, 2).score, copyright_penalty(50, True, 0).score
    (Decimal('-5'), Decimal('0'))
    """
    plagiarism = 5 if dec(max_copy_ratio) > 50 and plagiarism_confirmed else 0
    p = min(max(dec(penalty), Decimal(plagiarism)), Decimal(5))
    return Scored(-p if p else Decimal(0), f"倒扣 max(填写 {show(dec(penalty))}, 重度抄袭 {plagiarism}) = {show(p)}" if p else "不倒扣")



def add_table(run: ColumnRun, record: dict) -> None:
    """表6 for one column."""
    basic, legal = record["basic_info"], record["legal"]
    imprint_cell = run.pick("legal", "imprint") or {}
    copyright_cells = legal["copyright"]
    penalty = run.pick("legal", "copyright", "penalty")
    plagiarism = run.pick("legal", "copyright", "plagiarism_confirmed")
    run.add("6.publishing", violations=run.pick("legal", "publishing_violations"))
    run.add("6.imprint", missing=imprint_cell.get("missing", []),
            irregularities=imprint_cell.get("irregularities", 0))
    run.add("6.institutions", proof=(legal["institutions"]["proof_materials"], "/legal/institutions/proof_materials"),
            value=run.pick("legal", "institutions", "score"))
    run.add("6.team", proof=(legal["team"]["proof_materials"], "/legal/team/proof_materials"),
            entered=run.pick("legal", "team", "score"), full_time_editors=basic["staff"]["full_time_editors"],
            frequency=basic["frequency"])
    run.add("6.business_conduct", value=run.pick("legal", "business_conduct", "score"))
    run.add("6.business_penalty", penalty=run.pick("legal", "business_conduct", "penalty"))
    run.add("6.copyright", entered=run.pick("legal", "copyright", "score"),
            max_copy_ratio=copyright_cells["max_copy_ratio"], plagiarism_confirmed=plagiarism, penalty=penalty)
    run.add("6.copyright_penalty", max_copy_ratio=copyright_cells["max_copy_ratio"],
            plagiarism_confirmed=plagiarism, penalty=penalty)
