"""PDF rule codes (kind ``attachment``), registered with ``catalogue.add``: they have no record
function; :mod:`validators.pdf.check` emits them with ``catalogue.finding``.

Hundreds as in the catalogue: 1xx whether the file can be read at all, 2xx required
materials, seal and order, 4xx identifiers printed in the file, 5xx the file against the record.
"""
from __future__ import annotations

from validators.catalogue import ERROR, INFO, WARNING, Rule, add

KIND = "attachment"
OCR_NOTE = "（由 OCR 识别，可能有误，请人工核对）"


def _add(code, name, severity, message, message_en, source, hint, why=""):
    add(Rule(code, name, KIND, severity, message, message_en, source, hint, why))


# --- 1xx: can the file be read -------------------------------------------------------------
_add("PDF101", "no-text-layer", WARNING,
     "第 {at} 页没有文字层（{what}）{ocr}",
     "page {at} has no text layer (a scan or an image){ocr_en}",
     "SPEC 上传的 PDF", "请上传由电子文档直接导出的 PDF；纸质材料扫描件须清晰，审核时以人工核对为准。",
     "扫描件没有文字层，无法自动识别内容；不得当作空白页处理。")
# one code per UnreadablePdf reason; the message is the reason's own Chinese wording
UNREADABLE_CODES = {
    "encrypted": ("PDF102", "encrypted-pdf", "请在 PDF 软件中取消密码保护（另存为未加密的 PDF）后重新上传。"),
    "damaged": ("PDF103", "damaged-pdf", "请用原软件重新导出 PDF，或重新扫描后上传。"),
    "not-pdf": ("PDF104", "not-a-pdf", "请上传 PDF 格式的文件（Word、图片请先转换为 PDF）。"),
    "too-large": ("PDF105", "pdf-too-large", "请压缩图片分辨率或拆分文件后重新上传。"),
    "too-many-pages": ("PDF106", "pdf-too-many-pages", "请拆分文件后重新上传。"),
    "timeout": ("PDF107", "pdf-parse-timeout", "请重新导出（如“打印为 PDF”）后上传；仍超时请联系管理员。"),
    "empty": ("PDF108", "empty-file", "上传可能中断，请重新上传。"),
}
for _code, _name, _hint in UNREADABLE_CODES.values():
    _add(_code, _name, ERROR, "无法读取该 PDF：{message}", "unreadable PDF: {message_en}",
         "issue #5 恶意与损坏的输入", _hint)
_add("PDF109", "pdf-without-pages", ERROR, "PDF 文件没有任何页面", "the PDF has no pages",
     "issue #5 恶意与损坏的输入", "请重新导出 PDF 后上传。")
_add("PDF110", "pdf-read-in-part", WARNING, "PDF 部分损坏：{note}", "the PDF is damaged and was read in part or repaired",
     "issue #5 恶意与损坏的输入", "请核对识别结果；建议用原软件重新导出 PDF 后上传。")
_add("PDF111", "encrypted-but-readable", INFO,
     "PDF 设有权限密码（无需密码即可打开），已读取",
     "the PDF is encrypted with an owner password only and was read",
     "issue #5 恶意与损坏的输入", "无需处理；如需归档，建议上传未加密的版本。")

# --- 2xx: materials, seal, order -----------------------------------------------------------
_add("PDF201", "missing-material", ERROR,
     "缺少所需材料：{requirement}（上传的 PDF 中未识别到{accepts}）",
     "required material missing: {requirement}",
     "002 四、001 五.1、000 二", "请补充上传该材料；如已上传但未被识别，请确认文件标题页清晰可读。")
_add("PDF202", "unrecognised-pages", INFO,
     "第 {pages} 页未识别出材料类型",
     "pages {pages}: document type not recognised",
     "SPEC 上传的 PDF", "请确认这些页面属于所需材料；材料首页应印有标题（如“验收报告”）。")
_add("PDF203", "bound-set-out-of-order", ERROR,
     "装订顺序不符：第 {at} 页起的“{group}”应排在第 {that_starts_on} 页起的“{should_precede}”之前",
     "bound set out of order: '{group}' (page {at}) must come before '{should_precede}' (page {that_starts_on})",
     "003 方式二 4.(1)②",
     "请按 项目验收报告 → 审核验收或专家验收评价资料 → 科技厅签署版项目任务书 → 财务资料 → 技术支撑资料 的顺序重新装订。",
     "全部最终验收材料1套，按顺序胶装成册并加盖鲜章。包含项目验收报告、审核验收或专家验收评价资料、科技厅签署版项目任务书、财务资料、技术支撑资料等。")
_add("PDF204", "bound-set-part-missing", WARNING,
     "装订成册的验收材料中未识别到“{group}”",
     "bound acceptance set: '{group}' not found",
     "003 方式二 4.(1)②", "请确认该部分已装订在内，且首页标题清晰。")
_add("PDF205", "form-not-stamped", WARNING,
     "《科技成果登记表》（第 {at} 页）上未检测到红色公章",
     "no red seal detected on the registration form (page {at})",
     "002 四.1、003 方式二 4.(1)①",
     "登记表须加盖单位公章（四川：打印后加盖第一完成单位鲜章）。本检测按颜色和形状判断，如确已盖章请人工核对。",
     "《科技成果登记表》一份(加盖单位公章)")
_add("PDF206", "declared-type-not-found", WARNING,
     "附件“{file}”登记的材料类型为“{declared}”，但文件中识别到的是：{found}",
     "attachment '{file}' is declared as '{declared}' but contains: {found}",
     "SPEC 上传的 PDF", "请核对附件的材料类型，或上传正确的文件。")

# --- 4xx: identifiers printed in the file ---------------------------------------------------
_add("PDF401", "malformed-cip-on-page", WARNING,
     "第 {at} 页的 CIP核准号“{printed}”无法识别：{reason}",
     "page {at}: CIP number '{printed}' is malformed: {reason}",
     "000 附件 手册 三.4", "请核对版权页上的 CIP 数据核字号。")
_add("PDF402", "invalid-isbn-on-page", WARNING,
     "第 {at} 页的 ISBN“{printed}”无效：{reason}{ocr}",
     "page {at}: ISBN '{printed}' is invalid: {reason}",
     "000 二", "请核对版权页上的 ISBN。")
_add("PDF403", "copyright-page-without-cip", WARNING,
     "第 {at} 页是版权页，但未找到 CIP核准号{ocr}",
     "page {at} is a copyright page but no CIP number was found",
     "000 附件 手册 三.4", "图书 CIP核准号一般在版权页可查到；请上传含 CIP 数据的版权页。")

# --- 5xx: the file against the record -------------------------------------------------------
_DISAGREE_HINT = "请以版权页为准修改记录，或上传正确图书的版权页。"
for code, name, field, en in (
        ("PDF501", "cip-disagrees-with-record", "CIP核准号", "CIP number"),
        ("PDF502", "isbn-disagrees-with-record", "ISBN", "ISBN"),
        ("PDF503", "title-disagrees-with-record", "成果名称（书名）", "title"),
        ("PDF504", "author-disagrees-with-record", "作者", "authors"),
        ("PDF505", "publisher-disagrees-with-record", "出版社", "publisher"),
        ("PDF506", "publication-date-disagrees-with-record", "出版日期", "publication date"),
        ("PDF507", "word-count-disagrees-with-record", "字数（千字）", "word count"),
        ("PDF508", "edition-disagrees-with-record", "版次", "edition")):
    severity = ERROR if code in ("PDF501", "PDF502", "PDF503") else WARNING
    _add(code, name, severity,
         f"版权页（第 {{at}} 页）的{field}为“{{found}}”，与记录中的“{{recorded}}”不一致{{ocr}}",
         f"copyright page (page {{at}}): {en} '{{found}}' differs from the record's '{{recorded}}'",
         "000 附件 手册 三.2", _DISAGREE_HINT,
         "填写 CIP核准号之后，系统将后台自动检索…ISBN号、成果名称、第一作者、其他作者、出版社、出版日期、字数（千字）等信息带出")
_add("PDF509", "printed-form-differs-from-record", ERROR,
     "第 {at} 页校验二维码中的记录指纹与所给记录不一致：纸质表格打印后记录已被修改，或不是这条记录的表格",
     "page {at}: the QR fingerprint differs from the record's: the record changed after printing, or the form belongs to another record",
     "SPEC 科技成果登记表（纸质表格与电子记录须一致）",
     "请用当前记录重新生成并打印表格；如记录被误改，请恢复为登记时的内容。",
     "the printed paper form and the electronic record must be identical")
_add("PDF510", "printed-form-without-qr", WARNING,
     "未在 PDF 中找到 paperwork 表格的校验二维码，无法核对纸质表格与记录是否一致",
     "no paperwork verification QR code found; the paper cannot be checked against the record",
     "SPEC 科技成果登记表（纸质表格与电子记录须一致）",
     "请上传由本系统生成并打印的表格扫描件，二维码须完整清晰。")
_add("PDF511", "registration-number-not-on-form", ERROR,
     "《科技成果登记表》（第 {at} 页起）上未印有记录中的成果登记号 {number}{ocr}",
     "the registration form (from page {at}) does not carry the record's registration number {number}",
     "003 方式二 4.(1)①",
     "请在“国家科技成果登记系统”填入成果登记号后重新打印登记表并加盖鲜章。",
     "再次进入“国家科技成果登记系统”，填入取得的成果登记号后打印并加盖第一完成单位鲜章")
