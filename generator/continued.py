"""The pre-check's notice of what will continue on an 附页 (S905).

``paperwork validate``, ``POST /api/v1/validate`` and the web 预检 build the context of every
one-record form of the record's kind, with the same capacity tables (``FIELD_CAPACITY`` beside
each context) and the same cut rule (:class:`generator.paper.Attachments`) as the rendered form,
and name each value that continues on an 附页: the pre-check and the form cannot disagree.
"""
from __future__ import annotations

from generator.forms import FORMS
from generator.render import record_to_context
from validators import catalogue
from validators.engine import Report
from validators.findings import Finding, sort_findings


def continuation_findings(record: dict) -> list[Finding]:
    """S905 for each 附页 the record's one-record forms would print; the evidence is the line
    the render reports (``RenderedForm.overflow``), prefixed with the form's title."""
    kind = record.get("kind")
    out = []
    for form in FORMS.values():
        if form.many or kind not in form.kinds:
            continue
        try:
            context = record_to_context(form, [record])
        except (AttributeError, TypeError, KeyError, IndexError, ValueError):
            continue    # fields of the wrong shape: the schema's findings say which (as render)
        for c in getattr(context, "continuations", ()):
            out.append(catalogue.finding(
                "S905", c.path, form=form.title, title=c.title, count=len(c.text), number=c.number,
                evidence=f"{form.title}：{c.title}：续见附页 {c.number}（{len(c.text)} 字）"))
    return out


def with_continuations(report: Report, record: dict) -> Report:
    """The pre-check's report with S905 for every value that continues on an 附页."""
    notices = continuation_findings(record)
    if not notices:
        return report
    return Report(report.kind, sort_findings([*report.findings, *notices]))
