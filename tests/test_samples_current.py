"""The committed invalid samples (samples/records/*/invalid/) are exactly what the sample
scripts write: no file edited by hand, none left over from an older script, none missing.
Fix a difference in the script and rerun it, never in the sample (issue #11, item 10)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SCRIPTS = ("make_invalid_samples.py", "make_nssf_management_samples.py")


def invalid_samples(records: Path) -> dict[str, bytes]:
    """Every file under <kind>/invalid/ (the .against/ folders included), by relative path."""
    return {p.relative_to(records).as_posix(): p.read_bytes()
            for p in sorted(records.glob("*/invalid/**/*")) if p.is_file()}


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    records = tmp_path_factory.mktemp("records")
    for script in SCRIPTS:
        subprocess.run([sys.executable, str(SAMPLES / script), str(records)], check=True,
                       capture_output=True, text=True)
    return records


def test_the_scripts_write_nothing_but_invalid_samples(written):
    assert sorted(p.relative_to(written).as_posix() for p in written.rglob("*")
                  if p.is_file() and "invalid" not in p.relative_to(written).parts) == []


def test_every_committed_invalid_sample_is_written_by_a_script_and_none_is_missing(written):
    committed, fresh = invalid_samples(SAMPLES / "records"), invalid_samples(written)
    assert {"not written by any script": sorted(committed.keys() - fresh.keys()),
            "written but not committed": sorted(fresh.keys() - committed.keys())} == {
        "not written by any script": [], "written but not committed": []}


def test_every_committed_invalid_sample_is_byte_identical_to_a_fresh_run(written):
    committed, fresh = invalid_samples(SAMPLES / "records"), invalid_samples(written)
    assert len(fresh) > 100
    assert [name for name in sorted(committed.keys() & fresh.keys())
            if committed[name] != fresh[name]] == []
