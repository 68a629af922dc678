"""The canonical JSON behind every form's QR code (docs/forms.md), worked by hand."""
from generator.fingerprint import canonical_json, fingerprint


def test_integral_floats_are_written_as_integers_keys_sorted_nothing_else_changed():
    # 120.0 → 120, 1e16 → 10000000000000000, -0.0 → 0; 120.5 and the string "1.0," kept;
    # keys sorted, no spaces, 成果 as UTF-8 (not \\u escapes)
    assert canonical_json({"b": 120.0, "a": [1e16, -0.0, 120.5, "1.0,", "成果"]}) == \
        '{"a":[10000000000000000,0,120.5,"1.0,","成果"],"b":120}'.encode("utf-8")
    assert fingerprint({"x": 1.0}) == fingerprint({"x": 1})
    # sha256 of b'{"x":1}', computed with `printf '{"x":1}' | sha256sum`
    assert fingerprint({"x": 1}) == \
        "5041bf1f713df204784353e82f6a4a535931cb64f1f4b4a5aeaffcb720918b22"
