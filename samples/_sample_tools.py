"""Helpers shared by the sample-writing scripts: load a valid sample, patch it, write it."""
import argparse
import copy
import functools
import json
from pathlib import Path

RECORDS = Path(__file__).resolve().parent / "records"


def load(kind, name):
    return json.loads((RECORDS / kind / name).read_text("utf-8"))


def writer_from_command_line(description):
    """The script's ``write``: into samples/records/, or into the folder named on the command
    line, which is how tests/test_samples_current.py compares a fresh run with the committed files."""
    parser = argparse.ArgumentParser(description=description,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("records", nargs="?", type=Path, default=RECORDS, metavar="FOLDER",
                        help="folder that receives <kind>/invalid/ (default: samples/records)")
    return functools.partial(write, parser.parse_args().records)


def write(records, kind, code, record, context=None, against=None):
    out = records / kind / "invalid"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{code}.json").write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", "utf-8")
    if context:
        (out / f"{code}.context.json").write_text(json.dumps(context, ensure_ascii=False) + "\n", "utf-8")
    if against:
        folder = out / f"{code}.against"
        folder.mkdir(exist_ok=True)
        for i, other in enumerate(against):
            (folder / f"other-{i + 1}.json").write_text(
                json.dumps(other, ensure_ascii=False, indent=2) + "\n", "utf-8")


def patched(base, **changes):
    """changes: {"a/b/c": value}; value None deletes the key."""
    record = copy.deepcopy(base)
    for path, value in changes.items():
        keys = path.split("/")
        node = record
        for k in keys[:-1]:
            node = node[int(k)] if isinstance(node, list) else node.setdefault(k, {})
        if value is None:
            node.pop(keys[-1], None)
        elif isinstance(node, list):
            node[int(keys[-1])] = value
        else:
            node[keys[-1]] = value
    return record
