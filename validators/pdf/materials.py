"""Which materials a record needs, and which the uploaded PDFs hold (``002 四``, ``003`` 方式二
4.(1), ``001 五``).

The requirements of an achievement registration are the lead's table
``validators.kinds.achievement_registration.REQUIRED_MATERIALS`` (type → [(requirement,
document types that satisfy it)]); this module only matches recognised documents against it.
An ``nssf-completion`` record needs the 经费明细账 (``001 五.1``); an ``nssf-publication``
record needs the copyright page (``000 二``).

Readings (also shown in the report):

* a copyright page (版权页) is taken as the 学术专著 material: ``002 四.2`` asks for the
  monograph's cover, table of contents and copyright page, and the copyright page is the one of
  the three that can be recognised with certainty;
* the Sichuan bound acceptance set (``003`` 方式二 4.(1)②) must follow the order 项目验收报告 →
  审核验收或专家验收评价资料 → 科技厅签署版项目任务书 → 财务资料 → 技术支撑资料; the list ends
  with "等", so documents of other types are allowed anywhere and only the five groups' order is
  checked. The check applies to records whose registering or approving body is in Sichuan, or
  when asked for (``bound_set=True``).
"""
from __future__ import annotations

from validators.kinds.achievement_registration import REQUIRED_MATERIALS

#: document types that also satisfy a requirement naming another type (see the module docstring)
ALSO_SATISFIES = {"版权页": frozenset({"学术专著", "成果出版物"})}

LEDGER = ("经费明细账", frozenset({"经费明细账"}))
COPYRIGHT_PAGE = ("图书版权页（CIP 数据页）", frozenset({"版权页"}))

#: 003 方式二 4.(1)②, in the required order
BOUND_SET_ORDER: tuple[tuple[str, frozenset[str]], ...] = (
    ("项目验收报告", frozenset({"验收报告"})),
    ("审核验收或专家验收评价资料", frozenset({"验收意见", "评价报告", "评价证书", "鉴定证书",
                                             "绩效评价意见"})),
    ("科技厅签署版项目任务书", frozenset({"任务书", "合同书"})),
    ("财务资料", frozenset({"财务资料", "经费明细账"})),
    ("技术支撑资料", frozenset({"技术资料", "研制报告", "专利证书", "软件著作权登记证书",
                               "用户报告", "应用证明", "标准", "新产品证书"})),
)


def section(record, key: str) -> dict:
    """``record[key]`` when it is an object, else ``{}``: the PDF checks run on records the
    schema may reject, and must not trip over a malformed one (the schema findings say why)."""
    value = record.get(key) if isinstance(record, dict) else None
    return value if isinstance(value, dict) else {}


def requirements_for(record: dict) -> list[tuple[str, frozenset[str]]]:
    kind = record.get("kind")
    if kind == "achievement-registration":
        kind_of_achievement = section(record, "achievement").get("type")
        return list(REQUIRED_MATERIALS.get(kind_of_achievement, [])) \
            if isinstance(kind_of_achievement, str) else []
    if kind == "nssf-completion":
        return [LEDGER]
    if kind == "nssf-publication":
        return [COPYRIGHT_PAGE]
    return []


def _satisfied_types(doc_type: str) -> frozenset[str]:
    return frozenset({doc_type}) | ALSO_SATISFIES.get(doc_type, frozenset())


def check_materials(record: dict, files: list[dict]) -> dict:
    """``files``: ``[{file, documents: [{type, pages}]}]`` → present / missing / unrecognised.

    >>> r = {"kind": "nssf-completion"}
    >>> check_materials(r, [{"file": "a.pdf", "documents": [{"type": "经费明细账", "pages": [2, 3]}]}])["required"][0]["status"]
    'present'
    """
    required = []
    for label, accepted in requirements_for(record):
        found = [{"file": f["file"], "type": d["type"], "pages": d["pages"]}
                 for f in files for d in f.get("documents", [])
                 if _satisfied_types(d["type"]) & accepted]
        required.append({"requirement": label, "accepts": sorted(accepted),
                         "status": "present" if found else "missing", "found": found})
    unrecognised = [{"file": f["file"], "pages": d["pages"]}
                    for f in files for d in f.get("documents", []) if d["type"] == "unknown"]
    return {"kind": record.get("kind"), "required": required, "unrecognised": unrecognised}


def is_sichuan(record: dict | None) -> bool:
    if not record or record.get("kind") != "achievement-registration":
        return False
    names = [section(record, "registering_body").get("name"),
             section(record, "registration").get("approving_body")]
    return any(isinstance(n, str) and "四川" in n for n in names)


def group_of(doc_type: str) -> int | None:
    for i, (_, types) in enumerate(BOUND_SET_ORDER):
        if doc_type in types:
            return i
    return None


def check_bound_set(documents: list[dict]) -> dict:
    """Order of the five groups in one bound file (003 方式二 4.(1)②).

    >>> docs = [{"type": "任务书", "pages": [1, 4]}, {"type": "验收报告", "pages": [5, 9]}]
    >>> r = check_bound_set(docs)
    >>> r["in_order"], r["out_of_order"][0]["page"], r["out_of_order"][0]["should_precede"]
    (False, 5, '科技厅签署版项目任务书')
    """
    sequence, out_of_order = [], []
    highest = None
    for d in documents:
        g = group_of(d["type"])
        if g is None:
            continue
        label = BOUND_SET_ORDER[g][0]
        sequence.append({"group": label, "type": d["type"], "pages": d["pages"]})
        if highest is not None and g < highest[0]:
            out_of_order.append({"group": label, "page": d["pages"][0],
                                 "should_precede": BOUND_SET_ORDER[highest[0]][0],
                                 "that_starts_on": highest[1]})
        if highest is None or g > highest[0]:
            highest = (g, d["pages"][0])
    present = {s["group"] for s in sequence}
    missing = [label for label, _ in BOUND_SET_ORDER if label not in present]
    return {"order": [label for label, _ in BOUND_SET_ORDER], "sequence": sequence,
            "in_order": not out_of_order, "out_of_order": out_of_order, "missing": missing}
