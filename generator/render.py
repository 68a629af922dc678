"""Rendering pipeline: ``record_to_context`` → ``context_to_docx`` / ``context_to_html`` →
``html_to_pdf`` / ``context_to_xlsx`` (STYLE E11).

``render(form, records, fmt)`` returns a :class:`RenderedForm` before anything is written, so
the CLI, the HTTP service and the tests can inspect it; ``write(rendered, path)`` is separate.

Speed: every template is read and compiled once per process (``functools.cache``); the
stylesheet and the font configuration of WeasyPrint are built once and reused. DOCX output
does not re-open the template package on every call: the XML parts are prepared by docxtpl
once (``patch_xml``), compiled by Jinja once, and each render writes the rendered parts and
the QR picture into a copy of the template's ZIP.
"""
from __future__ import annotations

import atexit
import base64
import hashlib
import importlib
import io
import logging
import os
import re
import zipfile
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

import segno
from markupsafe import Markup, escape

from generator.contexts.change_approval import sheet_is_final
from generator.forms import CONTENT_TYPES, FORMS, Form
from generator.glyphs import missing_chars, missing_glyph_findings, with_replacements
from generator.parallel import validate_all, validate_and_fingerprint
from validators import catalogue
from validators.catalogue import ERROR
from validators.engine import Report
from validators.findings import Finding, sort_findings
from validators.fingerprint import canonical_json, qr_payload, record_id

log = logging.getLogger("paperwork.render")

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

#: Render options, shared by the CLI flags and the HTTP query parameters.
OPTIONS = {
    #: Font family of every form. Noto Serif CJK SC (Debian fonts-noto-cjk) by default; a site
    #: with a licensed 宋体/仿宋 sets PAPERWORK_FORM_FONT, e.g. "FangSong".
    "font": os.environ.get("PAPERWORK_FORM_FONT", "Noto Serif CJK SC"),
    #: Text of the watermark on every page of a draft.
    "draft_watermark": "草稿",
}

#: Fields every HTML/DOCX template may use besides its context's own fields.
RENDER_FIELDS = {
    "qr_data_uri": "校验码（二维码）图片，SVG data URI；内容见 docs/forms.md",
    "verification_line": "二维码旁的校验说明（每份表格一行）",
    "watermark": "草稿水印文字（正式表格为空）",
    "page_class": "页面方向：portrait 或 landscape",
    "page_identity": "每页页脚的表名与编号（批准号、申请编号或记录编号）",
}

#: The one line a form prints beside its QR code; neutral, so it names neither program nor rule.
VERIFICATION_LINE = "校验码：扫描二维码可核对本表与登记记录是否一致"

TEMPLATE_FONT = "Noto Serif CJK SC"   # the font written into the DOCX templates

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# The same characters as they appear in canonical JSON (escaped by json.dumps, or raw UTF-8).
# A match may be a false alarm (a literal backslash before "u0007" or "b"); the walk decides.
_CONTROL_IN_JSON = re.compile(rb"\\u00(?:0[0-8bcef]|1[0-9a-f])|\\[bf]|\x7f|\xef\xbf[\xbe\xbf]")


class RenderRefused(Exception):
    """The record(s) cannot be rendered; ``findings`` say why (Chinese). ``even_draft``: the
    record is so far from its form (a field of the wrong type) that not even a draft can be
    laid out."""

    def __init__(self, findings: list[Finding], *, even_draft: bool = False):
        super().__init__("; ".join(f.message for f in findings))
        self.findings = findings
        self.even_draft = even_draft


class UnknownForm(ValueError):
    pass


@dataclass(frozen=True)
class RenderedForm:
    data: bytes
    content_type: str
    file_name: str
    pages: int | None            # PDF: exact; DOCX/XLSX: None (the reader paginates)
    overflow: tuple[str, ...] = field(default=())   # values continued on an 附页
    findings: tuple[Finding, ...] = field(default=())  # warnings, or all findings of a draft


def write(rendered: RenderedForm, path: str | Path) -> Path:
    p = Path(path)
    p.write_bytes(rendered.data)
    return p


# --- safety --------------------------------------------------------------------------------

def control_character_findings(value, path: str = "") -> list[Finding]:
    """Values are data: control characters (other than tab and newlines) are refused."""
    out = []
    if isinstance(value, str):
        m = _CONTROL.search(value)
        if m:
            out.append(catalogue.finding("S901", path, field=path or "/",
                                         codepoint=f"{ord(m.group()):04X}"))
    elif isinstance(value, dict):
        for k, v in value.items():
            out += control_character_findings(v, f"{path}/{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += control_character_findings(v, f"{path}/{i}")
    return out


def missing_glyphs(form: Form, records: list[dict], font: str,
                   canonical: bytes | None = None) -> list[Finding]:
    """S903 for every character of a value that no form font has (generator/glyphs.py).
    ``canonical`` (the records' canonical JSON) answers the common case in one pass."""
    if canonical is not None and not missing_chars(canonical.decode("utf-8"), font):
        return []
    out = []
    for i, record in enumerate(records):
        out += missing_glyph_findings(record, font, f"/{i}" if form.many else "")
    return out


def with_missing_glyphs(report: Report, record: dict, font: str | None = None) -> Report:
    """The pre-check's report (``paperwork validate``, ``POST /api/v1/validate``, 预检) with
    S903 for the characters the forms could not print: the submitter hears of them before a
    form is refused."""
    missing = missing_glyph_findings(record, font or OPTIONS["font"])
    if not missing:
        return report
    return Report(report.kind, sort_findings([*report.findings, *missing]))


# --- stages --------------------------------------------------------------------------------

def get_form(name: str) -> Form:
    try:
        return FORMS[name]
    except KeyError:
        raise UnknownForm(f"未知的表格“{name}”；可选：{'、'.join(FORMS)}") from None


@cache
def _builder(form: Form):
    return importlib.import_module(form.module).build_context


def record_to_context(form: Form, records: list[dict], **options):
    """Step 1 – shape the record(s) into the form's context (pure)."""
    log.debug("step 1 – record_to_context %s", form.name)
    build = _builder(form)
    return build(records, **options) if form.many else build(records[0], **options)


def context_values(form_context) -> dict:
    return {f.name: getattr(form_context, f.name) for f in fields(form_context)}


def _finalize_html(value):
    return "" if value is None else value


@cache
def _html_env():
    from jinja2 import ChainableUndefined, Environment, FileSystemLoader
    # ChainableUndefined: a draft's missing score cell ({{ cells.x.self }}) prints blank
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                       finalize=_finalize_html, auto_reload=False, undefined=ChainableUndefined)


@cache
def html_template(form_name: str, variant: str):
    return _html_env().get_template(f"{form_name}/{variant}.html")


#: QR mask pattern. segno evaluates all eight masks by default (≈ 20 ms of Python per form,
#: most of a DOCX render); every decoder reads the mask from the code's format information,
#: so a fixed mask costs nothing in readability for a code printed black on white
#: (tests decode it from every rendered form).
QR_MASK = 2


def _qr(form: Form, records, sha256: str | None = None, *, draft: bool = False):
    return segno.make(qr_payload(form.name, records if form.many else records[0], sha256, draft=draft),
                      error="m", micro=False, mask=QR_MASK)


#: a record id this long still fits the QR code with the rest of the payload (tested)
QR_ID_LIMIT = 200

_DARK_TO_BLACK = bytes([255, 0]) + bytes(254)     # segno's modules (0 light, 1 dark) → grey


def qr_png(qr, *, scale: int, border: int) -> bytes:
    """The code as a PNG, drawn by Pillow (C) rather than segno's pure-Python PNG writer:
    one grey byte per module, made 1-bit at that size, then scaled up (0.7 ms, was 1.4)."""
    from PIL import Image
    matrix = qr.matrix
    n = len(matrix)
    side = n + 2 * border
    pixels = bytearray(b"\xff" * side * side)
    for y, line in enumerate(matrix):
        start = (y + border) * side + border
        pixels[start:start + n] = bytes(line).translate(_DARK_TO_BLACK)
    image = (Image.frombytes("L", (side, side), bytes(pixels))
             .convert("1", dither=Image.Dither.NONE)
             .resize((side * scale, side * scale), Image.NEAREST))
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


#: an identifying number longer than this (only a draft's, unchecked) is shortened in the footer
IDENTITY_LIMIT = 40


def _shown(value) -> str:
    text = " ".join(str(value).split()) if value is not None else ""
    return text if len(text) <= IDENTITY_LIMIT else text[:IDENTITY_LIMIT] + "…"


def page_identity(form: Form, records: list[dict], form_context) -> str:
    """What every page's footer says the form is (issue #14): its title and the number a
    reader files it by — the project's 批准号 (and a change request's 申请编号), otherwise the
    record's id (a periodical's CN number and year). A page that comes loose from the rest, an
    approval chain alone on its page or an 附页, still says whose it is."""
    title = getattr(form_context, "form_title", form.title)
    if form.many:
        return f"{title}（{len(records)} 条记录）"
    record = records[0]
    project = record.get("project") if isinstance(record.get("project"), dict) else {}
    parts = [title]
    if project.get("approval_number"):
        parts.append(f"批准号：{_shown(project['approval_number'])}")
        if record.get("request_id"):
            parts.append(f"申请编号：{_shown(record['request_id'])}")
    elif record.get("id"):
        parts.append(f"记录编号：{_shown(record['id'])}")
    elif record_id(record):
        parts.append(_shown(record_id(record)))
    return "　".join(parts)


def context_to_html(form: Form, form_context, *, qr, watermark: str = "",
                    identity: str = "") -> str:
    """Step 2 – place the context into the form's HTML template."""
    log.debug("step 2 – context_to_html %s/%s", form.name, form_context.template)
    values = context_values(form_context)
    values.update(qr_data_uri=qr_png_data_uri(qr),
                  verification_line=VERIFICATION_LINE,
                  watermark=watermark,
                  page_identity=identity,
                  page_class="landscape" if getattr(form_context, "landscape", False) else "portrait")
    return html_template(form.name, form_context.template).render(values)


def _release_fonts() -> None:
    # WeasyPrint's FontConfiguration.__del__ calls into fontconfig; at interpreter shutdown that
    # library may already be gone ("Exception ignored … NoneType"), so let go of it first.
    _weasy.cache_clear()
    import gc
    gc.collect()


atexit.register(_release_fonts)


@cache
def _weasy(font: str):
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    from generator.fonts import font_faces, stylesheet_families
    font_config = FontConfiguration()
    faces, families = font_faces(font)[0], stylesheet_families(font)
    css_text = faces + (TEMPLATES / "form.css").read_text("utf-8").replace('"__FONT__"', families)
    return CSS(string=css_text, font_config=font_config), font_config


@cache
def form_html_class():
    """WeasyPrint's ``HTML`` made for our templates, with two shortcuts that change nothing in
    the layout (tests/test_forms_all.py lays every form out both ways and compares every
    character's position):

    - the forms' own user-agent stylesheet (templates/form_ua.css): the rules of the full HTML5
      sheet that our elements use. Every element is matched against every user-agent rule, and
      the forms use a dozen elements of the sheet's hundred: a fifth of the layout time;
    - our templates are XHTML, so the page is read by the C XML parser of the standard library
      instead of WeasyPrint's pure-Python HTML5 parser (4–8 % of a PDF). A page that is not
      well-formed XML (a template edited by hand) is read by the HTML parser, as before.

    Both use WeasyPrint's private hooks (``_ua_stylesheets``, the parsed tree of ``HTML``); a
    WeasyPrint without them gets the plain ``HTML`` class."""
    import cssselect2
    from weasyprint import CSS, HTML
    if not callable(getattr(HTML, "_ua_stylesheets", None)):
        return HTML
    user_agent_sheet = CSS(filename=str(TEMPLATES / "form_ua.css"))

    class FormHTML(HTML):
        def __init__(self, string: str, base_url: str):
            try:
                root = ElementTree.fromstring(string)
            except ElementTree.ParseError:
                super().__init__(string=string, base_url=base_url)
                return
            super().__init__(string="<html></html>", base_url=base_url)   # the other attributes
            self.wrapper_element = cssselect2.ElementWrapper.from_html_root(
                root, content_language=None)
            self.etree_element = self.wrapper_element.etree_element

        def _ua_stylesheets(self, forms=False):
            return [user_agent_sheet]

    return FormHTML


def html_to_pdf(html: str, *, font: str | None = None,
                full_user_agent_sheet: bool = False) -> tuple[bytes, int]:
    """Step 3 – lay the HTML out on A4 pages and write the PDF (fonts embedded, subset).

    ``full_user_agent_sheet`` takes WeasyPrint's plain way (HTML parser, full sheet), which
    the tests compare ours with."""
    from weasyprint import HTML
    log.debug("step 3 – html_to_pdf")
    css, font_config = _weasy(font or OPTIONS["font"])
    html_class = HTML if full_user_agent_sheet else form_html_class()
    document = html_class(string=html, base_url=str(TEMPLATES)).render(
        stylesheets=[css], font_config=font_config)
    return document.write_pdf(), len(document.pages)


# DOCX: the template's XML parts are patched by docxtpl and compiled by Jinja once.

_PARTS = re.compile(r"word/(document|header\d*|footer\d*)\.xml")


def _docx_finalize(value):
    """Values are data: escape them for XML and turn newlines into Word line breaks."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    text = str(escape(value))
    return Markup(text.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">'))


@cache
def _docx_env():
    from jinja2 import ChainableUndefined, Environment
    return Environment(autoescape=True, finalize=_docx_finalize, auto_reload=False,
                       undefined=ChainableUndefined)


@dataclass(frozen=True)
class DocxTemplateParts:
    static_zip: bytes        # every part that does not change, compressed once
    templates: dict          # part name → (ZipInfo, compiled Jinja template)
    qr_member: zipfile.ZipInfo  # the placeholder picture, replaced by the record's QR code


@cache
def docx_template(form_name: str, variant: str, font: str) -> DocxTemplateParts:
    """Parse, patch and compile the template once. The unchanging parts (styles.xml alone is
    350 kB) are compressed once into ``static_zip``; a render appends only its own parts."""
    from docxtpl import DocxTemplate
    path = TEMPLATES / form_name / f"{variant}.docx"
    tpl = DocxTemplate(str(path))
    templates, qr_member = {}, None
    static = io.BytesIO()
    with zipfile.ZipFile(path) as z, zipfile.ZipFile(static, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            data = z.read(info)
            if _PARTS.fullmatch(info.filename):
                xml = data.decode("utf-8")
                if font != TEMPLATE_FONT:
                    xml = xml.replace(TEMPLATE_FONT, font)
                xml = tpl.patch_xml(xml)
                xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
                templates[info.filename] = (info, _docx_env().from_string(xml))
                continue
            if info.filename.startswith("word/media/"):
                qr_member = info
                continue
            if info.filename == "word/styles.xml" and font != TEMPLATE_FONT:
                data = data.replace(TEMPLATE_FONT.encode(), font.encode())
            out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return DocxTemplateParts(static.getvalue(), templates, qr_member)


def context_to_docx(form: Form, form_context, *, qr, watermark: str = "", font: str | None = None,
                    identity: str = "") -> bytes:
    """Step 2 – place the context into the form's DOCX template."""
    log.debug("step 2 – context_to_docx %s/%s", form.name, form_context.template)
    parts = docx_template(form.name, form_context.template, font or OPTIONS["font"])
    values = context_values(form_context)
    values.update(watermark=watermark,
                  verification_line=VERIFICATION_LINE,
                  page_identity=identity,
                  page_class="landscape" if getattr(form_context, "landscape", False) else "portrait",
                  qr_data_uri="")
    out = io.BytesIO(parts.static_zip)
    out.seek(0, io.SEEK_END)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for info, template in parts.templates.values():
            xml = template.render(values).replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
            z.writestr(info, xml.encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)
        if parts.qr_member is not None:
            z.writestr(parts.qr_member, qr_png(qr, scale=6, border=2),
                       compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


def context_to_xlsx(form: Form, form_context, *, qr, watermark: str = "") -> bytes:
    """Step 2 – write a summary context as a worksheet."""
    from generator.xlsx import summary_to_xlsx
    log.debug("step 2 – context_to_xlsx %s", form.name)
    return summary_to_xlsx(form_context, qr_png=qr_png(qr, scale=3, border=2), watermark=watermark,
                           verification_line=VERIFICATION_LINE)


# --- the whole pipeline ---------------------------------------------------------------------

def check_shape(form: Form, records: list[dict]) -> None:
    """How many records, and of which kinds: refused before any other work."""
    from validators.loader import UnusableInput, kind_of
    from validators.schema import TYPE_ZH, json_type
    if not records:
        raise ValueError("没有记录：生成表格至少需要一条记录")
    if not form.many and len(records) != 1:
        raise ValueError(f"表格“{form.title}”每次只接受一条记录，收到 {len(records)} 条")
    for i, record in enumerate(records):
        if not isinstance(record, dict):
            where = f"第 {i + 1} 条记录" if form.many else "记录"
            raise ValueError(f"{where}应为 JSON 对象（{{…}}），收到{TYPE_ZH[json_type(record)]}")
        try:
            kind = kind_of(record)
        except UnusableInput as e:
            raise ValueError(e.message) from None
        if kind not in form.kinds:
            raise ValueError(f"表格“{form.title}”只接受 {'、'.join(form.kinds)} 类记录，"
                             f"收到 {kind}")


def check(form: Form, records: list[dict], *, draft: bool, validation_context=None,
          canonical: bytes | None = None, findings: list[Finding] | None = None,
          font: str | None = None) -> list[Finding]:
    """Refuse what cannot be rendered; return the findings to carry along. The records have
    passed :func:`check_shape`.

    ``canonical`` (the records' canonical JSON, already made for the QR code) lets the
    control-character and glyph checks scan one string instead of walking every value;
    ``findings``, when the records were validated already (a large summary, on two cores), are
    used as they are. A character no form font has (S903) refuses a final form; a draft
    carries the finding and prints a replacement (:func:`render`)."""
    if canonical is None or _CONTROL_IN_JSON.search(canonical) is not None:
        refused = []
        for i, record in enumerate(records):
            refused += control_character_findings(record, f"/{i}" if form.many else "")
        if refused:
            raise RenderRefused(refused)
    if findings is None:
        findings = validate_all(records, validation_context)
    missing = missing_glyphs(form, records, font or OPTIONS["font"], canonical)
    if missing:
        findings = sort_findings([*findings, *missing])
    errors = [f for f in findings if f.severity is ERROR]
    if errors and not draft:
        raise RenderRefused(errors)
    return findings


def render(form_name: str, records, fmt: str, draft: bool = False, *, font: str | None = None,
           validation_context=None, **options) -> RenderedForm:
    """Render ``records`` (one dict, or a list for summary forms) as ``fmt``.

    Raises :class:`RenderRefused` (with findings) for an invalid record unless ``draft``; a
    draft carries the 草稿 watermark on every page.
    """
    form = get_form(form_name)
    records = list(records) if isinstance(records, (list, tuple)) else [records]
    if fmt not in form.formats:
        raise ValueError(f"表格“{form.title}”可输出的格式为 {'、'.join(form.formats)}，"
                         f"不支持 {fmt}")
    check_shape(form, records)
    if form.many:       # a large summary is validated and fingerprinted on two cores
        findings, canonical = validate_and_fingerprint(records, validation_context)
    else:
        findings, canonical = None, canonical_json(records[0])
    findings = check(form, records, draft=draft, validation_context=validation_context, canonical=canonical,
                     findings=findings, font=font)
    # An approval sheet before its last approval is a draft whatever was asked: printed as a
    # final it would pass for a decision not yet taken (issue #14). Checked after ``check`` so
    # that an invalid record asked for as final is still refused.
    if form.name == "change_approval" and not sheet_is_final(records[0]):
        draft = True
    watermark = OPTIONS["draft_watermark"] if draft else ""
    printed = records
    if any(f.code == "S903" for f in findings):          # a draft: 〓, never a box
        printed = [with_replacements(r, font or OPTIONS["font"]) for r in records]
    try:
        form_context = record_to_context(form, printed, **options)
    except (AttributeError, TypeError, KeyError, IndexError, ValueError):
        # A draft of a record whose fields have the wrong shape (text where an object belongs):
        # its schema findings say which. A valid record that fails here is our bug: raise it.
        errors = [f for f in findings if f.severity is ERROR]
        if not draft or not errors:
            raise
        raise RenderRefused(errors, even_draft=True) from None
    try:
        qr = _qr(form, records, hashlib.sha256(canonical).hexdigest(), draft=draft)
    except segno.DataOverflowError:     # an id (a draft's, unchecked) too long for any QR version
        ident = record_id(records[0]) if not form.many else ""
        raise RenderRefused([catalogue.finding("S904", "/id", value=ident[:40] + "…", length=len(ident),
                                               limit=QR_ID_LIMIT)], even_draft=True) from None
    pages = None
    identity = page_identity(form, records, form_context)
    if fmt == "docx":
        data = context_to_docx(form, form_context, qr=qr, watermark=watermark, font=font,
                               identity=identity)
    elif fmt == "xlsx":
        data = context_to_xlsx(form, form_context, qr=qr, watermark=watermark)
    else:
        html = context_to_html(form, form_context, qr=qr, watermark=watermark, identity=identity)
        data, pages = html_to_pdf(html, font=font)
    return RenderedForm(data, CONTENT_TYPES[fmt], file_name(form, records, fmt, draft), pages,
                        tuple(getattr(form_context, "overflow", ())), tuple(findings))


def file_name(form: Form, records: list[dict], fmt: str, draft: bool) -> str:
    if form.many:
        stem = f"{form.title}-{len(records)}条"
    else:
        stem = f"{form.title}-{record_id(records[0])}"
    stem = re.sub(r'[\\/:*?"<>|\s]+', "_", stem)
    return f"{stem}{'-草稿' if draft else ''}.{fmt}"


def qr_png_data_uri(qr) -> str:
    return "data:image/png;base64," + base64.b64encode(qr_png(qr, scale=4, border=1)).decode()
