"""表4-4 公报年鉴类业务考核表 (50分, seed 004): five rows, each an expert's judgement."""
from __future__ import annotations

from validators.scoring.journal.column import ColumnRun
from validators.scoring.journal.items import judged

GAZETTE_JUDGED = {
    "positioning": judged("4-4.positioning", "表4-4", "定位", 10, "正确宣传党的基本理论和路线……体现全局性。达不到要求的酌情扣分。"),
    "content": judged("4-4.content", "表4-4", "内容", 10, "深入贯彻中央行政体制改革的精神……体现真实性、权威性。达不到要求的酌情扣分。"),
    "style": judged("4-4.style", "表4-4", "格调", 10, "内容健康，风格清新大气……体现思想性、知识性和可读性。达不到要求的酌情扣分。"),
    "effect": judged("4-4.effect", "表4-4", "效果", 10, "认真贯彻党的群众路线……体现人民性。达不到要求的酌情扣分。"),
    "expert_score": judged("4-4.expert", "表4-4", "专家定性评价", 10,
                           "从期刊获奖励、获资助以及期刊的科学性、规范性、编辑水平、社会声誉等方面综合评分。"),
}


def add_table(run: ColumnRun) -> None:
    """表4-4 for one column: five expert-judgement rows."""
    for field_name, fn in GAZETTE_JUDGED.items():
        run.add(fn.spec.key, fn, value=run.pick("business", "gazette_yearbook", field_name))
