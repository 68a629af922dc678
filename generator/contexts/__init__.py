"""One pure context builder per form: ``build_context(record) -> <Form>Context`` (STYLE E9).

Every context is a frozen dataclass whose fields carry ``metadata={"help": ...}``; the
templates in ``templates/<form>/`` use exactly these fields (checked by tests/test_contexts.py).
"""
from __future__ import annotations

from dataclasses import field

from generator.paper import Attachments, Continuation


def h(text: str, **kw):
    """A context field with its help text."""
    return field(metadata={"help": text}, **kw)


def get(record, *keys, default=None):
    """record["a"]["b"]… or ``default`` when a level is missing (drafts may be incomplete)."""
    value = record
    for k in keys:
        if isinstance(value, dict):
            value = value.get(k)
        elif isinstance(value, list) and isinstance(k, int) and -len(value) <= k < len(value):
            value = value[k]
        else:
            return default
        if value is None:
            return default
    return value


class ContinuedOnAttachments:
    """A context whose long values continue on 附页 (its field ``continuations``)."""

    continuations: tuple[Continuation, ...]

    @property
    def overflow(self) -> tuple[str, ...]:
        """What was continued, as the CLI and the API report it."""
        return tuple(f"{c.title}：续见附页 {c.number}（{len(c.text)} 字）"
                     for c in self.continuations)


def nssf_project_header(project: dict, a: Attachments, capacity: dict[str, int]) -> dict:
    """The project rows the NSSF management forms share (结项审批书, 预算调整申请表): 批准号, 名称,
    项目负责人 and 责任单位, each within its ``capacity`` (the form's FIELD_CAPACITY). Only the
    项目名称 is cut; the names, unit names and numbers go whole to an 附页 when too long."""
    pi = get(project, "principal_investigator", default={})
    contact = "　".join(v for v in (pi.get("phone"), pi.get("email")) if v)
    unit = get(project, "responsible_unit", default={})
    return dict(
        approval_number=a.name("项目批准号", project.get("approval_number"),
                               capacity["approval_number"], at="/project/approval_number"),
        title=a.text("项目名称", project.get("title"), capacity["title"], at="/project/title"),
        pi_name=a.name("项目负责人", pi.get("name"), capacity["pi_name"],
                       at="/project/principal_investigator/name"),
        pi_title=a.name("项目负责人专业职务", pi.get("title"), capacity["pi_title"], blank="",
                        at="/project/principal_investigator/title"),
        pi_unit=a.name("项目负责人工作单位", pi.get("unit"), capacity["pi_unit"],
                       at="/project/principal_investigator/unit"),
        pi_contact=a.name("项目负责人联系方式", contact, capacity["pi_contact"],
                          at="/project/principal_investigator"),
        responsible_unit=a.name("责任单位", unit.get("name"), capacity["responsible_unit"],
                                at="/project/responsible_unit/name"),
        responsible_unit_credit_code=a.name("责任单位统一社会信用代码", unit.get("credit_code"),
                                            capacity["responsible_unit_credit_code"], blank="",
                                            at="/project/responsible_unit/credit_code"),
        province=a.name("所在省（区、市）", project.get("province"), capacity["province"], at="/project/province"),
    )
