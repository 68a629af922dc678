"""The code table (validators/codes.toml) against the code: one entry a code, every code raised
where its name is written, so that `grep -rn PDF103` lands on the table and on the raise site."""
import ast
import re
import sys
from pathlib import Path

from validators import catalogue
from validators.codes import CODES, read_table
from validators.kinds import KINDS

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(p for package in ("validators", "generator", "service")
                 for p in (ROOT / package).rglob("*.py"))
CODE_SHAPE = re.compile(r"^(?:NP|AR|CR|NC|BA|JA|PDF|S)\d{3}$")


def written_codes() -> dict[str, list[str]]:
    """Every call whose first argument is a code written out (``@rule("AR203")``,
    ``finding("PDF103", …)``, ``reading("JA801", …)``), by code, with its place."""
    found: dict[str, list[str]] = {}
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str) and CODE_SHAPE.match(node.args[0].value):
                found.setdefault(node.args[0].value, []).append(
                    f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_code_in_force_is_raised_where_its_name_is_written():
    found = written_codes()
    unraised = sorted(c for c, entry in CODES.items() if entry.status != "removed" and c not in found)
    assert not unraised, f"codes in codes.toml that no call names: {unraised}"


def test_no_code_is_raised_that_the_table_lacks():
    unknown = {c: places for c, places in written_codes().items() if c not in CODES}
    assert not unknown, f"codes raised but not in codes.toml: {unknown}"


def test_record_rules_have_one_function_and_other_codes_none():
    catalogue.load_all()
    for r in catalogue.RULES.values():
        if r.kind in KINDS:
            assert r.check is not None, f"{r.code} is a {r.kind} rule without a function"
        else:
            assert r.check is None, f"{r.code} ({r.kind}) is not a record rule but has a function"


def test_a_record_rule_is_written_as_its_decorator():
    """`grep -rn AR203 validators/rules` lands on the decorator of the function that checks it."""
    catalogue.load_all()
    for r in catalogue.RULES.values():
        if r.check is not None:
            source = Path(sys.modules[r.check.__module__].__file__).read_text("utf-8")
            assert f'@rule("{r.code}")\ndef {r.check.__name__}(' in source, r.code


def test_the_table_imports_nothing_of_the_project():
    tree = ast.parse((ROOT / "validators" / "codes.py").read_text("utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= sys.stdlib_module_names | {"__future__"}, imported


def test_a_malformed_entry_fails_when_the_table_is_read(tmp_path):
    table = tmp_path / "codes.toml"
    table.write_text('[X100]\nname = "n"\nkind = "k"\nseverity = "fatal"\nstatus = "stable"\n'
                     'source = "s"\nmessage = "m"\nmessage_en = "m"\nhint = "h"\n', "utf-8")
    try:
        read_table(table)
    except ValueError as e:
        assert "X100" in str(e) and "fatal" in str(e)
    else:
        raise AssertionError("a severity outside error/warning/info was accepted")
