"""重要事项变更审批表 (国家社会科学基金项目), printed once a change request is finally approved.

Before that the sheet is a draft (:func:`sheet_is_final`): :func:`generator.render.render` prints
it with the 草稿 watermark and ``st=draft`` in its QR code even when a final form is asked for.

Source: ``001 四`` (申请项目变更). The sheet shows the project as it stands before the change,
the nine change types as a tick list (one request changes one thing, 四.1), the change's own
values before and after, the 变更理由, and one box per level of the approval chain
(责任单位 → 省级社科管理部门 → 全国社科工作办) with room to sign and stamp. Which levels a
type goes through is not restated here: it comes from the change-request rules
(``validators.kinds.change_request``: 四.5, three types take effect at the unit's approval).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from generator.contexts import ContinuedOnAttachments, get, h
from generator.paper import Attachments, Continuation, box_text, checkbox, cn_date
from validators.kinds.change_request import CHAIN, TYPE_FIELDS, final_level, is_open
from validators.record import same_name

# The nine types in the order of 001 四 ("可申请的变更事项有：延期、变更项目责任人、…、撤项"),
# three to a line of the tick list.
CHANGE_TYPES = tuple(TYPE_FIELDS)
TYPES_PER_LINE = 3

#: How many characters of each printed field fit its box on the sheet (for a table: how many
#: rows; for a row's field: "RowClass.field"). A text longer than its box is cut at a clause and
#: continues on an 附页; a name, unit name or number is never cut: its box grows a line, and
#: one longer than its capacity goes whole to an 附页 (generator.paper.Attachments).
FIELD_CAPACITY = {
    "form_title": 20, "request_id": 40, "submitted_on": 12, "status": 12,
    "project_title": 120,          # across the full width, three lines
    "approval_number": 20, "category": 12, "discipline": 30, "province": 12,
    "pi_name": 30, "pi_title": 20,
    "pi_unit": 60, "pi_contact": 60, "unit_name": 60, "unit_credit_code": 24,  # half width
    "outcome_form": 60, "planned_end_date": 12,
    "members": 120,                # the current 课题组成员 line
    "change_type": 12, "type_lines": 3, "effect_note": 60, "change_header": 1,
    "unit_transfer": 1, "new_pi_signature": 1,   # one box each: names at unit_name / pi_name
    "changes": 3, "ChangeRow.item": 12, "ChangeRow.before": 120, "ChangeRow.after": 120,
    "adjustments": 1, "TextRow.text": 130,   # 调整内容说明 (研究内容有重大调整)
    "reason": 200,                 # 变更理由: about five lines of its box
    # an approval box is a third of the width: the opinion has three lines, a signer's name
    # two lines of its own
    "ApprovalBox.note": 30, "ApprovalBox.decision": 12, "ApprovalBox.opinion": 40,
    "unit": 1, "province_office": 1, "national": 1,
    "ApprovalBox.signer": 30, "ApprovalBox.date": 12,
}
CAP = FIELD_CAPACITY

BLANK_DATE = "　　　年　　月　　日"
NOT_APPLICABLE = "／"         # a box of a level the change does not pass through

# Statuses a project reaches by these two types (schema: project.status 终止 / 撤项).
ENDING_STATUS = {"自行终止项目": "终止", "撤项": "撤项"}


def sheet_is_final(record: dict) -> bool:
    """The sheet records a decision only once the last level of the type's chain has decided
    (全国社科工作办审批通过 / 不通过, or 责任单位审核通过 for a type that takes effect at the unit,
    001 四.5); until then the levels still to sign would find a "final" sheet already printed.

    >>> sheet_is_final({"status": "省级审核通过", "change_items": [{"type": "延期"}]})
    False
    >>> sheet_is_final({"status": "责任单位审核通过", "change_items": [{"type": "撤项"}]})
    True
    """
    return not is_open(record)


def effect_note(change_type: str | None) -> str:
    """Where the change takes effect (001 四.5), printed under the tick list.

    >>> effect_note("撤项")
    '本项变更经责任单位审核同意后即生效'
    >>> effect_note("延期")
    '本项变更须报全国社科工作办审批，经最终审批通过后生效'
    """
    if change_type not in TYPE_FIELDS:
        return ""
    if final_level(change_type) == CHAIN[0]:
        return "本项变更经责任单位审核同意后即生效"
    return "本项变更须报全国社科工作办审批，经最终审批通过后生效"


def level_role(change_type: str | None, level: str) -> str:
    """What ``level`` decides for this type of change, printed at the top of its box.

    >>> level_role("变更课题组成员", "省级社科管理部门")
    '（本项变更无需省级社科管理部门审核）'
    >>> level_role("改变项目名称", "省级社科管理部门")
    '（审核同意后报全国社科工作办审批）'
    """
    if change_type not in TYPE_FIELDS:
        return ""
    last = CHAIN.index(final_level(change_type))
    i = CHAIN.index(level)
    if i > last:
        return f"（本项变更无需{level}{'审批' if level == CHAIN[-1] else '审核'}）"
    if i == last:
        return ("（审核同意后本项变更即生效）" if i == 0
                else "（最终审批，审批通过后本项变更生效）")
    return f"（审核同意后报{CHAIN[i + 1]}{'审批' if i + 1 == last else '审核'}）"


def level_needed(change_type: str | None, level: str) -> bool:
    return change_type not in TYPE_FIELDS or \
        CHAIN.index(level) <= CHAIN.index(final_level(change_type))


@dataclass(frozen=True)
class ChangeRow:
    item: str = h("变更的栏目，如 项目名称、计划完成时间")
    before: str = h("变更前")
    after: str = h("变更后")


@dataclass(frozen=True)
class TextRow:
    text: str = h("说明文字")


@dataclass(frozen=True)
class ApprovalBox:
    note: str = h("本级在该类变更中的职责，如（审核同意后报全国社科工作办审批）")
    decision: str = h("审核结论勾选：■通过 □不通过；未审核时两格皆空；本级无需审核时为 ／")
    opinion: str = h("审核意见；未审核时为空，留待手写")
    signer: str = h("签字人；未审核时为空")
    date: str = h("审核日期，如 2022年3月14日；未审核时为空白日期")


@dataclass(frozen=True)
class ChangeApprovalContext(ContinuedOnAttachments):
    form_title: str = h("表名：国家社会科学基金项目重要事项变更审批表")
    request_id: str = h("变更申请编号")
    submitted_on: str = h("提交日期")
    status: str = h("申请状态")
    project_title: str = h("项目名称（变更前）")
    approval_number: str = h("批准号")
    category: str = h("项目类别")
    discipline: str = h("学科分类")
    province: str = h("所在省（区、市）")
    pi_name: str = h("项目负责人姓名")
    pi_title: str = h("项目负责人职称")
    pi_unit: str = h("项目负责人工作单位")
    pi_contact: str = h("项目负责人联系电话、电子邮箱")
    unit_name: str = h("责任单位")
    unit_credit_code: str = h("责任单位统一社会信用代码")
    outcome_form: str = h("成果形式（变更前）")
    planned_end_date: str = h("计划完成时间（变更前）")
    members: str = h("课题组成员（变更前，不含项目负责人）")
    change_type: str = h("变更类型")
    type_lines: tuple = h("变更事项勾选，三行，每行三项，如 ■延期　□变更项目责任人　□变更责任单位")
    effect_note: str = h("生效方式：经责任单位审核同意后即生效，或须报全国社科工作办审批")
    change_header: tuple = h("变更前后对照表的表头：有对照行时为一项（True），否则为空")
    unit_transfer: tuple = h("变更责任单位：原责任单位与接收单位的名称（一项），否则为空")
    new_pi_signature: tuple = h("变更项目负责人：新项目负责人的姓名（一项，签字栏），否则为空")
    changes: tuple = h("变更内容（ChangeRow）：栏目、变更前、变更后")
    adjustments: tuple = h("调整内容说明（TextRow），仅“研究内容有重大调整”有一行")
    reason: str = h("变更理由；超出表格容量的部分见附页")
    unit: ApprovalBox = h("责任单位意见")
    province_office: ApprovalBox = h("省级社科管理部门意见")
    national: ApprovalBox = h("全国社科工作办审批意见")
    continuations: tuple[Continuation, ...] = h("附页：表内填写不下的内容")

    @property
    def template(self) -> str:
        return "change_approval"


def person_text(p: dict | None) -> str:
    """'吴雪梅（女，讲师，西南民族大学社会学与心理学学院）'."""
    if not isinstance(p, dict):
        return ""
    details = [box_text(p.get("gender")), cn_date(p.get("birth_month")) and
               f"{cn_date(p.get('birth_month'))}生", box_text(p.get("title")),
               box_text(p.get("unit"))]
    details = [d for d in details if d]
    name = box_text(p.get("name"))
    return f"{name}（{'，'.join(details)}）" if details else name


def contact_text(p: dict | None) -> str:
    p = p if isinstance(p, dict) else {}
    return "；".join(x for x in (box_text(p.get("phone")), box_text(p.get("email"))) if x)


def people_text(people) -> str:
    return "\n".join(person_text(p) for p in people or [])


def names(people) -> str:
    return "、".join(box_text(p.get("name")) for p in people or [] if isinstance(p, dict))


def unit_text(u: dict | None) -> str:
    u = u if isinstance(u, dict) else {}
    code = box_text(u.get("credit_code"))
    return box_text(u.get("name")) + (f"\n统一社会信用代码：{code}" if code else "")


def members_after(current: list, item: dict) -> list:
    """The 课题组成员 once the change is made: the removed ones out, the added ones in."""
    removed = [p.get("name") for p in item.get("members_removed") or []]
    kept = [p for p in current if not any(same_name(p.get("name"), r) for r in removed)]
    return kept + list(item.get("members_added") or [])


def change_rows(project: dict, item: dict) -> list[tuple[str, str, str, str, str]]:
    """(栏目, 变更前, 变更后, and the pointers of the fields each comes from: under /project and
    under the change item, /change_items/0) for the item's type, from the fields the schema
    gives it."""
    return [(label, before, after, f"/project/{old}" if old else "", f"/change_items/0/{new}")
            for label, before, after, old, new in _change_rows(project, item)]


def _change_rows(project: dict, item: dict) -> list[tuple[str, str, str, str, str]]:
    t = item.get("type")
    if t == "延期":
        return [("计划完成时间", cn_date(project.get("planned_end_date")),
                 cn_date(item.get("new_end_date")), "planned_end_date", "new_end_date")]
    if t == "变更项目责任人":
        old, new = project.get("principal_investigator"), item.get("new_principal_investigator")
        return [("项目负责人", "\n".join(x for x in (person_text(old), contact_text(old)) if x),
                 "\n".join(x for x in (person_text(new), contact_text(new)) if x),
                 "principal_investigator", "new_principal_investigator")]
    if t == "变更责任单位":
        return [("责任单位", unit_text(project.get("responsible_unit")),
                 unit_text(item.get("new_responsible_unit")), "responsible_unit", "new_responsible_unit")]
    if t == "改变成果形式":
        return [("成果形式", box_text(project.get("outcome_form")),
                 box_text(item.get("new_outcome_form")), "outcome_form", "new_outcome_form")]
    if t == "改变项目名称":
        return [("项目名称", box_text(project.get("title")), box_text(item.get("new_title")),
                 "title", "new_title")]
    if t == "变更课题组成员":
        rows = []
        if item.get("members_removed"):
            rows.append(("退出的成员", people_text(item["members_removed"]), "—", "",
                         "members_removed"))
        if item.get("members_added"):
            rows.append(("增加的成员", "—", people_text(item["members_added"]), "",
                         "members_added"))
        if "members" in project:
            rows.append(("课题组成员", names(project["members"]),
                         names(members_after(project["members"], item)), "members",
                         "members_added" if item.get("members_added") else "members_removed"))
        return rows
    if t in ENDING_STATUS:
        return [("项目状态", box_text(project.get("status")), ENDING_STATUS[t], "status", "type")]
    return []   # 研究内容有重大调整: the 调整内容说明 box below


#: A third of the sheet's width holds 14 characters of 10.5 pt in a line (56.33 mm less padding,
#: 3.7 mm a character); the seal and date lines below are indented by SIGNER_INDENT.
SIGNER_LINE = 14
SIGNER_INDENT = "　" * 3
NAME_BREAKS = "·・ "


def _width(text: str) -> float:
    """Width in full-width characters: Latin letters and digits count half."""
    return sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def signer_line(name: str) -> str:
    """The signer's line of an approval box: indented like the seal and date when it fits the
    line; else flush left; a name longer than a line is broken after the last ·, ・ or space
    that keeps the first line within it (阿卜杜热合曼·买买提依明· / 艾合买提), never inside a part.

    >>> signer_line("刘文杰"), signer_line("全国哲学社会科学工作办公室")
    ('　　　刘文杰', '全国哲学社会科学工作办公室')
    >>> signer_line("阿卜杜热合曼·买买提依明·艾合买提")
    '阿卜杜热合曼·买买提依明·\\n艾合买提'
    """
    if not name or _width(SIGNER_INDENT + name) <= SIGNER_LINE:
        return SIGNER_INDENT + name if name else name
    if _width(name) <= SIGNER_LINE:
        return name
    breaks = [i + 1 for i, c in enumerate(name) if c in NAME_BREAKS and _width(name[:i + 1]) <= SIGNER_LINE]
    return f"{name[:breaks[-1]].rstrip()}\n{name[breaks[-1]:]}" if breaks else name


def approval_box(a: Attachments, change_type, level: str, approval: dict | None,
                 at: str = "") -> ApprovalBox:
    """The level's box from its approval (``at``: the approval's pointer in the record)."""
    role = level_role(change_type, level)
    if approval is None:
        decided = not level_needed(change_type, level)
        return ApprovalBox(role, NOT_APPLICABLE if decided else checkbox(("通过", "不通过"), None),
                           NOT_APPLICABLE if decided else "", "", BLANK_DATE)
    return ApprovalBox(
        role, checkbox(("通过", "不通过"), approval.get("decision")),
        a.text(f"{level}审核意见", approval.get("opinion"), CAP["ApprovalBox.opinion"],
               at=f"{at}/opinion")
        if box_text(approval.get("opinion")).strip() else "",
        signer_line(a.name(f"{level}签字人", approval.get("signer"), CAP["ApprovalBox.signer"],
                           at=f"{at}/signer"))
        if box_text(approval.get("signer")).strip() else "",
        cn_date(approval.get("date")) or BLANK_DATE)


def _approval_boxes(a: Attachments, change_type, latest: dict) -> dict:
    """The boxes of the three levels, in the order of the chain (the order of their 附页)."""
    unit, province, national = (approval_box(a, change_type, level, *latest.get(level, (None, "")))
                                for level in CHAIN)
    return dict(unit=unit, province_office=province, national=national)


def build_context(record: dict) -> ChangeApprovalContext:
    a = Attachments()
    project = get(record, "project", default={})
    items = get(record, "change_items", default=[])
    item = items[0] if items else {}
    change_type = item.get("type")
    pi = project.get("principal_investigator") or {}
    # The last record of each level is the one that stands (a level may be asked again after
    # the request is withdrawn and resubmitted).
    latest = {ap.get("level"): (ap, f"/approvals/{i}")
              for i, ap in enumerate(get(record, "approvals", default=[])) if isinstance(ap, dict)}

    note = effect_note(change_type)
    if len(items) > 1:   # a draft only: CR101 refuses a final sheet with several items
        note += f"（另有 {len(items) - 1} 项变更内容，须另行申请）"

    changes = tuple(
        ChangeRow(label, a.text(f"{label}（变更前）", before, CAP["ChangeRow.before"], at=old),
                  a.text(f"{label}（变更后）", after, CAP["ChangeRow.after"], at=new))
        for label, before, after, old, new in change_rows(project, item))
    adjustments = (
        (TextRow(a.text("调整内容说明", item.get("adjustment_description"),
                        CAP["TextRow.text"], at="/change_items/0/adjustment_description")),)
        if change_type == "研究内容有重大调整" else ())

    lines = tuple(checkbox(CHANGE_TYPES[i:i + TYPES_PER_LINE], change_type)
                  for i in range(0, len(CHANGE_TYPES), TYPES_PER_LINE))
    return ChangeApprovalContext(
        form_title="国家社会科学基金项目重要事项变更审批表",
        request_id=a.name("申请编号", record.get("request_id"), CAP["request_id"], at="/request_id"),
        submitted_on=cn_date(record.get("submitted_on")) or BLANK_DATE,
        status=box_text(record.get("status")),
        project_title=a.text("项目名称", project.get("title"), CAP["project_title"],
                             at="/project/title"),
        approval_number=a.name("批准号", project.get("approval_number"), CAP["approval_number"],
                               at="/project/approval_number"),
        category=a.name("项目类别", project.get("category"), CAP["category"], at="/project/category"),
        discipline=a.name("学科分类", project.get("discipline"), CAP["discipline"],
                          at="/project/discipline"),
        province=a.name("所在省（区、市）", project.get("province"), CAP["province"],
                        at="/project/province"),
        pi_name=a.name("项目负责人", pi.get("name"), CAP["pi_name"],
                       at="/project/principal_investigator/name"),
        pi_title=a.name("项目负责人职称", pi.get("title"), CAP["pi_title"],
                        at="/project/principal_investigator/title"),
        pi_unit=a.name("项目负责人工作单位", pi.get("unit"), CAP["pi_unit"],
                       at="/project/principal_investigator/unit"),
        pi_contact=a.name("项目负责人联系方式", contact_text(pi), CAP["pi_contact"],
                          at="/project/principal_investigator"),
        unit_name=a.name("责任单位", get(project, "responsible_unit", "name"), CAP["unit_name"],
                         at="/project/responsible_unit/name"),
        unit_credit_code=a.name("责任单位统一社会信用代码",
                                get(project, "responsible_unit", "credit_code"),
                                CAP["unit_credit_code"], blank="",
                                at="/project/responsible_unit/credit_code"),
        outcome_form=a.text("成果形式", project.get("outcome_form"), CAP["outcome_form"],
                            at="/project/outcome_form"),
        planned_end_date=cn_date(project.get("planned_end_date")),
        members=a.text("课题组成员", names(project.get("members")), CAP["members"],
                       at="/project/members"),
        change_type=box_text(change_type),
        type_lines=lines,
        effect_note=note,
        change_header=(True,) if changes else (),
        # the paper form has the old and the receiving unit agree, and the new PI sign (001 四)
        unit_transfer=((a.name("原责任单位", get(project, "responsible_unit", "name"), CAP["unit_name"],
                               at="/project/responsible_unit/name"),
                        a.name("接收单位", get(item, "new_responsible_unit", "name"), CAP["unit_name"],
                               at="/change_items/0/new_responsible_unit/name")),)
        if change_type == "变更责任单位" else (),
        new_pi_signature=(a.name("新项目负责人", get(item, "new_principal_investigator", "name"),
                                 CAP["pi_name"], at="/change_items/0/new_principal_investigator/name"),)
        if change_type == "变更项目责任人" else (),
        changes=changes,
        adjustments=adjustments,
        reason=a.text("变更理由", item.get("reason"), CAP["reason"], at="/change_items/0/reason"),
        **_approval_boxes(a, change_type, latest),
        continuations=tuple(a.items),
    )
