"""The code table (``codes.toml``) read once: the bottom of the house, importing only the standard
library.

Every finding paperwork reports has an entry here: its name, kind, severity, status, clause,
messages and hint. Nothing above this module registers or redefines a code; record rules attach
their function to an entry (:func:`validators.catalogue.rule`), and every other check raises its
code by name (:func:`validators.catalogue.finding`).
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

TABLE = Path(__file__).with_name("codes.toml")
SEVERITIES = ("error", "warning", "info")
STATUSES = ("stable", "preview", "deprecated", "removed")


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    kind: str            # record kind, or "schema" / "render" / "attachment" / "journal-scoring"
    severity: str        # one of SEVERITIES
    status: str          # one of STATUSES; a removed code is never reused
    source: str          # clause of the seed document
    message: str         # Chinese template, ``{placeholders}`` filled from the finding's values
    message_en: str
    hint: str
    why: str = ""        # 为什么: the clause's own words


def read_table(path: Path = TABLE) -> dict[str, Code]:
    """Every entry of the table, checked for shape so a typo fails at import, not in a finding."""
    with path.open("rb") as f:
        raw = tomllib.load(f)
    table = {}
    for code, entry in raw.items():
        entry = dict(entry)
        if entry.get("severity") not in SEVERITIES:
            raise ValueError(f"{path.name}: {code} has severity {entry.get('severity')!r}")
        if entry.get("status") not in STATUSES:
            raise ValueError(f"{path.name}: {code} has status {entry.get('status')!r}")
        table[code] = Code(code=code, **entry)
    return table


CODES: dict[str, Code] = read_table()
