"""The canonical JSON behind every form's QR code (docs/forms.md), worked by hand."""
from validators.fingerprint import canonical_json, fingerprint


def test_integral_floats_are_written_as_integers_keys_sorted_nothing_else_changed():
    # 120.0 → 120, 1e16 → 10000000000000000, -0.0 → 0; 120.5 and the string "1.0," kept;
    # keys sorted, no spaces, 成果 as UTF-8 (not \\u escapes)
    assert canonical_json({"b": 120.0, "a": [1e16, -0.0, 120.5, "1.0,", "成果"]}) == \
        '{"a":[10000000000000000,0,120.5,"1.0,","成果"],"b":120}'.encode()
    assert fingerprint({"x": 1.0}) == fingerprint({"x": 1})
    # sha256 of b'{"x":1}', computed with `printf '{"x":1}' | sha256sum`
    assert fingerprint({"x": 1}) == \
        "5041bf1f713df204784353e82f6a4a535931cb64f1f4b4a5aeaffcb720918b22"


def _walk(value):
    """The definition in docs/forms.md, applied value by value (slow, obviously right)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _walk(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_walk(v) for v in value]
    return value


def test_the_fast_writer_agrees_with_the_definition_on_every_sample_and_edge_case():
    import json
    from pathlib import Path
    samples = [json.loads(p.read_text("utf-8"))
               for p in sorted((Path(__file__).parent.parent / "samples/records").rglob("*.json"))]
    edge = [5.0, -0.0, 1.5e16, 1e-05, 2.5, [3.0], {"a": "x.0,"}, {"a": "1e+5"},
            {"k": [1, 2.0, {"m": 7.0}]}, "plain", 12, True, None, ("t", 4.0)]
    for value in samples + [samples] + edge:
        expected = json.dumps(_walk(value), sort_keys=True, separators=(",", ":"),
                              ensure_ascii=False).encode("utf-8")
        assert canonical_json(value) == expected, value
    assert canonical_json(5.0) == b"5" and canonical_json(1.5e16) == b"15000000000000000"
