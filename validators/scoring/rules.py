"""Findings the journal scoring engine emits (kind ``journal-scoring``, seed 004).

These rules have no record function: :func:`validators.scoring.journal.score` emits them.
JA7xx are about the record (claimed totals, missing proof); JA8xx make the ambiguous readings of
the sheet visible — in ``paperwork rules --kind journal-scoring`` and in every score report
where the reading decided a value.
"""
from validators.catalogue import INFO, WARNING, Rule, add

KIND = "journal-scoring"

for _rule in (
    Rule("JA701", "claimed-total-differs", KIND, WARNING,
         "表8“{column}”栏填写的{field}为 {claimed}，按计分规则计算为 {computed}",
         "claimed {field} {claimed} in table 8 differs from the computed {computed}",
         "004 表8、填表说明 五", "请核对表8，按计算结果 {computed} 填写。",
         why="总分 S=K×（A+B+C）+D，各项按表4～表7 的规则计算。"),
    Rule("JA702", "item-without-proof-scored-zero", KIND, WARNING,
         "{table}“{item}”未列出证明材料，该项计 0 分",
         "{table} '{item}' has no proof materials listed and scores 0", "004 填表说明 四",
         "在证明材料中列出该项的证明材料（大16开单独装订成册并编目次）。",
         why="对不按要求提供证明材料者，有关评审项目一律不得分。"),
    Rule("JA801", "partial-step-not-counted", KIND, INFO,
         "{table}“{item}”：{value} 按完整的 {step} 台阶计分，不足一个台阶的零头不计",
         "{table} '{item}': the part of {value} short of a whole step of {step} is not counted",
         "004 表4-1、表4-2、表5-1、表7；SPEC §6",
         "这是对“每增加/每减少……”的字面解读：只按完整台阶加减分。",
         why="“每增加0.02，加0.2分”等规则只计完整台阶，除非另有说明。"),
    Rule("JA802", "other-indexes-literal-three-points", KIND, INFO,
         "{table}“{item}”第2项：其他文摘索引收摘比例 {value}，按字面计 {points} 分（30%以上恒为3分，不足30%为0分）",
         "{table} '{item}' part 2: ratio {value} scores {points} (literal reading: 3 from 30%, 0 below)",
         "004 表4-1 转摘、索引情况 2",
         "“30%以上得3分，每增加5%加1分，不超过3分”：加分被封顶，30%以下表中未规定分值，计0分。",
         why="表中同时写有“每增加5%加1分”和“不超过3分”，且未规定30%以下的分值。"),
    Rule("JA803", "monthly-circulation-derived", KIND, INFO,
         "{table}“{item}”：月发行量按 平均期发行量 {per_issue} × 年出版期数 {issues} ÷ 12 = {monthly} 册计算",
         "{table} '{item}': monthly circulation = {per_issue} × {issues} ÷ 12 = {monthly}",
         "004 表4-2、表4-3 经济效益·发行",
         "表上以“册/月”计发行量，记录填写的是平均期发行量，按刊期折算为月发行量。",
         why="“2019年发行量1万册以上/月得满分5分”。"),
    Rule("JA804", "bonus-error-rate-inclusive", KIND, INFO,
         "{table}“{item}”：差错率恰为 {rate}/万，按表7“不超过”含本数计加分",
         "{table} '{item}': an error rate of exactly {rate} per 10,000 counts as 'not exceeding'",
         "004 表7 编校质量；表5-1 编校质量",
         "表5-1 写“低于1.5/万的可获加分”，表7 写“不超过1.5/万”，以计分的表7 为准。",
         why="两处措辞不一致（低于／不超过）。"),
    Rule("JA805", "editor-standard-unlisted-frequency", KIND, INFO,
         "{table}“{item}”：表中未列{frequency}的专职编辑人数标准，按最低的季刊标准 1 人",
         "{table} '{item}': no head-count standard for {frequency}; the quarterly minimum of 1 is used",
         "004 表6 队伍建设", "如主管部门另有标准，请评审专家在队伍建设得分中体现。",
         why="表6 只列季刊、双月刊、月刊、半月刊、旬刊、周刊。"),
    Rule("JA806", "zero-circulation-literal", KIND, INFO,
         "{table}“{item}”：发行量为 0，按字面仍计 {score} 分（表中未规定无发行不得分）",
         "{table} '{item}': zero circulation still scores {score} on the literal reading",
         "004 表4-2、表4-3 经济效益·发行",
         "“每少2000册扣0.5分”从5分扣起，最多少1万册即扣2.5分。",
         why="收入、利润两行写明“无收入不得分”“无利润或亏损得0分”，发行一行没有。"),
    Rule("JA807", "digital-revenue-at-threshold", KIND, INFO,
         "{table}“{item}”：数字出版收入恰为 {value} 万元，按“{limit}万元以上得2分”计2分",
         "{table} '{item}': revenue of exactly {value} counts as '{limit} and above'",
         "004 表5-1 数字出版·经济效益",
         "“以下得1分”与“以上得2分”都含本数时，边界值归入较高一档。",
         why="“……1万元以下得1分，1万元以上得2分”。"),
    Rule("JA808", "copy-ratio-boundary", KIND, INFO,
         "{table}“{item}”：文字复制比恰为 {ratio}%，“超过”不含本数",
         "{table} '{item}': a copy ratio of exactly {ratio}% is not 'over' it",
         "004 表6 著作权",
         "30% 得1分；50% 得0分但不倒扣5分；20% 属于“20%～30%”。",
         why="“超过50%……倒扣5分；超过30%的，本项得0分；20%～30%，得1分”。"),
):
    add(_rule)
