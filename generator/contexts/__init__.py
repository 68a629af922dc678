"""One pure context builder per form: ``build_context(record) -> <Form>Context`` (STYLE E9).

Every context is a frozen dataclass whose fields carry ``metadata={"help": ...}``; the
templates in ``templates/<form>/`` use exactly these fields (checked by tests/test_contexts.py).
"""
from __future__ import annotations

from dataclasses import field

from generator.paper import Attachments, Continuation, box_text, required


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


def nssf_project_header(project: dict, a: Attachments, capacity: int) -> dict:
    """The project rows the NSSF management forms share (结项审批书, 预算调整申请表): 批准号, 名称,
    项目负责人 and 责任单位. Long values continue on an 附页 in this order: 项目名称, 工作单位, 责任单位."""
    pi = get(project, "principal_investigator", default={})
    contact = "　".join(v for v in (pi.get("phone"), pi.get("email")) if v)
    return dict(
        approval_number=required(project.get("approval_number")),
        title=a.text("项目名称", project.get("title"), capacity),
        pi_name=required(pi.get("name")),
        pi_title=box_text(pi.get("title")),
        pi_unit=a.text("项目负责人工作单位", pi.get("unit"), capacity),
        pi_contact=required(contact),
        responsible_unit=a.text("责任单位", get(project, "responsible_unit", "name"), capacity),
        responsible_unit_credit_code=box_text(get(project, "responsible_unit", "credit_code")),
        province=required(project.get("province")),
    )
