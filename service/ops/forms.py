"""Official forms rendered from records, a refusal answered as a problem with its findings."""
from __future__ import annotations

from generator.render import RenderedForm, RenderRefused, UnknownForm, get_form, render
from service.problems import Problem


def known_form(form: str) -> None:
    """404 for a form that does not exist, before a job is made for it."""
    try:
        get_form(form)
    except UnknownForm as e:
        raise Problem(404, str(e), slug="unknown-form") from None


def rendered_form(form: str, records: list, fmt: str, draft: bool) -> RenderedForm:
    try:
        return render(form, records, fmt, draft)
    except UnknownForm as e:
        raise Problem(404, str(e), slug="unknown-form") from None
    except RenderRefused as e:
        findings = [f.to_dict() for f in e.findings]
        if e.even_draft:
            raise Problem(422, f"记录有 {len(findings)} 个错误，其中有字段的类型不对，连草稿也无法排版；"
                               "请先按 findings 修正", title="记录结构有误，未生成草稿",
                          slug="render-refused", findings=findings) from None
        raise Problem(422, f"记录有 {len(findings)} 个错误，不能生成正式表格；可改为生成草稿（draft=true）",
                      title="记录有错误，未生成表格", slug="render-refused", findings=findings) from None
    except ValueError as e:
        raise Problem(422, str(e), slug="cannot-render") from None
