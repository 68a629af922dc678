"""The 期刊综合质量考核表 scored for a request, refused while the record has errors."""
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
        return journal.score(record, column).to_dict()
    except journal.MissingColumn as e:
        raise Problem(422, e.message, slug="missing-column") from None
    except (KeyError, TypeError, ValueError) as e:
        raise Problem(422, f"无法评分：{e}", slug="cannot-score") from None
