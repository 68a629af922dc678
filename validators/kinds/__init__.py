"""The record kinds paperwork knows, each with its schema file and its source document."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SCHEMA_DIR = ROOT / "schemas"
SAMPLES_DIR = ROOT / "samples"


@dataclass(frozen=True)
class Kind:
    name: str
    title: str      # the official Chinese name
    source: str     # seed documents
    prefix: str     # rule-code prefix

    @property
    def schema_path(self) -> Path:
        return SCHEMA_DIR / f"{self.name}.schema.json"


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("nssf-publication", "国家社科基金项目成果出版情况", "000", "NP"),
    Kind("achievement-registration", "科技成果登记", "002, 003", "AR"),
    Kind("nssf-change-request", "国家社科基金项目重要事项变更", "001 四", "CR"),
    Kind("nssf-completion", "国家社科基金项目结项申请", "001 五", "NC"),
    Kind("nssf-budget-adjustment", "国家社科基金项目预算调整", "001 六", "BA"),
    Kind("journal-assessment", "期刊综合质量考核表（社科类）", "004", "JA"),
)}
