"""The declared table of official forms (SPEC "Official forms to render").

``paperwork forms`` prints this table and the HTTP service imports it, so a form exists in one
place only. ``many`` forms take several records and print one row per record (summary tables);
the others take exactly one record.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Form:
    name: str                   # stable id, used on the command line and in the QR payload
    title: str                  # the official Chinese title
    kinds: tuple[str, ...]      # record kinds accepted
    formats: tuple[str, ...]    # output formats
    many: bool = False          # several records → one summary table
    source: str = ""            # clause of the seed document that asks for the form

    @property
    def module(self) -> str:
        return f"generator.contexts.{self.name}"


FORMS: dict[str, Form] = {f.name: f for f in (
    Form("registration_form", "科技成果登记表", ("achievement-registration",), ("docx", "pdf"),
         source="003 二.3；002 四"),
    Form("registration_summary", "成果登记项目汇总表", ("achievement-registration",),
         ("xlsx", "pdf"), many=True, source="002 三"),
    Form("change_approval", "重要事项变更审批表", ("nssf-change-request",), ("docx", "pdf"),
         source="001 四"),
    Form("completion", "结项审批书", ("nssf-completion",), ("docx", "pdf"), source="001 五"),
    Form("budget_adjustment", "预算调整申请表", ("nssf-budget-adjustment",), ("docx", "pdf"),
         source="001 六"),
    Form("journal_assessment", "期刊综合质量考核表", ("journal-assessment",), ("docx", "pdf"),
         source="004"),
    Form("publication_mailing", "成果出版物报送清单", ("nssf-publication",), ("xlsx", "pdf"),
         many=True, source="000 二"),
)}

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
