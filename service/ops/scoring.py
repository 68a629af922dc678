"""The 期刊综合质量考核表 scored for a request, refused while the record has errors.

Missing proof materials are not an error (JA201 warns): 004 填表说明 四 says what follows from
them, "有关评审项目一律不得分", so the sheet is scored with those items at 0 (JA702) and the
record's warnings come back beside the score as ``validation_findings``.
"""
from __future__ import annotations

from service.ops.checking import Checker
from service.problems import Problem
from validators.scoring import journal


def journal_score(checker: Checker, record: dict, column: str) -> dict:
    if record.get("kind") != "journal-assessment":
        raise Problem(422, f"评分只适用于期刊综合质量考核表（journal-assessment），收到 {record.get('kind')}",
                      slug="wrong-kind")
    # the scorer expects a valid record ("validate it first")
    report = checker.report(record)
    if not report.valid:
        raise Problem(422, "记录有错误，不能评分；请先按校验结果修改", title="记录有错误，未评分",
                      slug="score-refused", findings=[f.to_dict() for f in report.findings])
    try:
        sheet = journal.score(record, column)
    except journal.MissingColumn as e:
        raise Problem(422, e.message, slug="missing-column") from None
    except (KeyError, TypeError, ValueError) as e:
        raise Problem(422, f"无法评分：{e}", slug="cannot-score") from None
    return {**sheet.to_dict(), "validation_findings": [f.to_dict() for f in report.findings]}
