"""Facts of 科技成果登记 (achievement-registration; seeds 002, 003): the materials each type of
achievement must bring (002 四.1–3), read by its rules and by the PDF check of attachments; and
the registration procedure (002 三, 003 方式二), read by service/store/registration_workflow.py."""
from __future__ import annotations

from dataclasses import dataclass

from validators.record import attachment_types, get

# What the registering body or this system sets, never the submitter (issue #12): the number and
# its date and body come with issuing (002 二), the paper date with the archive's receipt (003).
SERVER_OWNED = ("/registration/number", "/registration/issued_on", "/registration/approving_body",
                "/registration/paper_received_on")

REGISTRATION_FORM = ("《科技成果登记表》", frozenset({"科技成果登记表"}))


# 002 四.1 评价性材料 (1)–(4)
EVALUATION_MATERIALS = frozenset({
    "评价证书", "评价报告", "鉴定证书", "验收报告", "验收意见", "绩效评价意见", "行业准入证明", "新产品证书",
    "标准", "施工工法", "品种审定证书", "新药证书",
    "专利证书", "植物新品种权证书", "软件著作权登记证书", "集成电路布图设计登记证书",
})


# type → [(requirement, document types that satisfy it)], 002 四.1–3
REQUIRED_MATERIALS: dict[str, list[tuple[str, frozenset[str]]]] = {
    "应用技术": [
        REGISTRATION_FORM,
        ("研制报告", frozenset({"研制报告"})),
        ("评价性材料（评价证明、标准、品种或新药证书、知识产权证明之一）", EVALUATION_MATERIALS),
        ("用户报告", frozenset({"用户报告", "应用证明"})),
    ],
    "基础理论": [
        REGISTRATION_FORM,
        ("学术论文全文或学术专著（封面、目录、版权页）", frozenset({"学术论文", "学术专著"})),
        # 四.2 lists 验收报告、意见、通知 only; unlike 四.1 and 四.3 it does not add 绩效评价意见
        ("科技计划项目验收报告、意见或通知", frozenset({"验收报告", "验收意见"})),
        ("本单位学术部门的评价意见或同行评价意见", frozenset({"学术评价意见", "同行评价意见"})),
        ("学术影响证明", frozenset({"学术影响证明"})),
    ],
    "软科学": [
        REGISTRATION_FORM,
        ("研究报告", frozenset({"研究报告"})),
        ("相关证明（评审证书、验收报告或意见、绩效评价意见、决策部门采纳意见和批示）",
         frozenset({"软科学成果评审证书", "验收报告", "验收意见", "绩效评价意见", "采纳意见", "领导批示"})),
    ],
}


# 003 方式三 2: registering offline brings these as originals (原件)
OFFLINE_CHANNEL = "线下登记"
OFFLINE_ORIGINALS: list[tuple[str, frozenset[str]]] = [
    ("《科技成果登记表》1份原件", REGISTRATION_FORM[1]),
    # (3) 成果评价证明：评价报告、验收报告、行业准入证明、新产品证书、发明专利证书、植物品种权证书、
    # 软件登记证书、论文、论著发表后被他人引用证明等
    ("成果评价证明1份原件", EVALUATION_MATERIALS | {"学术论文", "学术专著", "学术影响证明"}),
]


def missing_originals(record: dict) -> list[str]:
    """The originals an offline registration needs that no attachment marked 原件 provides."""
    have = {a.get("document_type") for a in record.get("attachments") or []
            if isinstance(a, dict) and a.get("original") is True}
    return [label for label, accepted in OFFLINE_ORIGINALS if not have & accepted]


def has_file(record: dict, file_name: str) -> bool:
    """Whether an attachment is the file ``file_name`` (compared without case, any folder)."""
    wanted = file_name.casefold()
    return any(isinstance(a, dict) and isinstance(a.get("file_name"), str)
               and a["file_name"].replace("\\", "/").rsplit("/", 1)[-1].casefold() == wanted
               for a in record.get("attachments") or [])


def missing_materials(record: dict) -> list[str]:
    """The requirements of the record's type that no attachment satisfies (002 四)."""
    kind = get(record, "achievement", "type")
    have = attachment_types(record)
    return [label for label, accepted in REQUIRED_MATERIALS.get(kind, [])
            if not have & accepted]


# ---- the registration procedure (002 三; 003 方式二) ------------------------------------------
# 002 三.2–4: 完成人提交 → 组织管理部门审查（真实性、完整性、规范性）并推荐 → 省科技厅审核，上报国家.
# 003 方式二 3–4: the provincial archive's 形式审查 within 30 days (a failed one returns with
# 修改意见 and is resubmitted), the number, the paper within 10 working days, its review within
# 10 working days. Sichuan's PI uploads straight to the province, so the province may also review
# what no 组织管理部门 has recommended.

@dataclass(frozen=True)
class Step:
    decision: str                  # what the actor sends (POST …/decisions, or the named route)
    label: str
    who: str
    levels: tuple[int, ...]        # body levels that act; () for the submitter
    to: str
    clause: str


PROVINCE = "省科技厅"
ORGANISATION = "组织管理部门"
SUBMITTER = "成果完成人（填报人）"
ACTORS = {3: ORGANISATION, 2: PROVINCE}     # who a body of each level is in this procedure

PROCEDURE: dict[str, tuple[Step, ...]] = {
    "submitted": (
        Step("recommend", "审查通过并推荐", ORGANISATION, (3,), "recommended", "002 三.3"),
        Step("return", "退回修改", f"{ORGANISATION}或{PROVINCE}", (2, 3), "returned", "002 三.3；003 方式二 3.(1)"),
        Step("issue", "形式审查通过，发放成果登记号", PROVINCE, (2,), "registered", "003 方式二 3.(2)"),
    ),
    "recommended": (
        Step("issue", "审核通过，发放成果登记号", PROVINCE, (2,), "registered", "002 三.4"),
        Step("return", "退回修改", PROVINCE, (2,), "returned", "002 三.4；003 方式二 3.(1)"),
    ),
    "returned": (
        Step("resubmit", "按修改意见修改后重新提交（提交新版本）", SUBMITTER, (), "submitted", "003 方式二 3.(1)"),
    ),
    "registered": (
        Step("receive", "登记纸质材料接收", PROVINCE, (2,), "paper-received", "003 方式二 4.(1)"),
    ),
    "paper-received": (
        Step("accept", "纸质材料审核通过", PROVINCE, (2,), "paper-accepted", "003 方式二 4.(2)②"),
        Step("return", "纸质材料退回补充", PROVINCE, (2,), "paper-returned", "003 方式二 4.(2)①"),
    ),
    "paper-returned": (
        Step("resubmit", "按修改意见补充完善后重新提交（提交新版本）", SUBMITTER, (), "paper-received",
             "003 方式二 4.(2)①"),
    ),
    "paper-accepted": (
        Step("report", "上报国家科技成果网", PROVINCE, (2,), "reported", "002 三.4"),
    ),
    "reported": (),
}

# decisions sent to POST …/decisions; "issue", "receive" and "resubmit" have their own routes
DECISIONS = {"recommend": "推荐", "return": "退回", "accept": "纸质材料审核通过", "report": "上报国家"}
STEP_LABELS = {**DECISIONS, "issue": "发放成果登记号", "receive": "纸质材料接收", "resubmit": "重新提交"}
# a return must say what to change: "根据修改意见进行修改" (003 方式二 3.(1), 4.(2)①)
NEEDS_OPINION = frozenset({"return"})

FORMAL_REVIEW_DAYS = 30                  # 003 方式二 3 "在30日内完成网上形式审查"
FORMAL_REVIEW_STATES = frozenset({"submitted", "recommended"})
PAPER_REVIEW_WORKING_DAYS = 10           # 003 方式二 4.(2) "在10个工作日内完成审查"
PAPER_REVIEW_STATES = frozenset({"paper-received"})
