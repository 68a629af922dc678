"""schemathesis against the OpenAPI document (a bounded number of examples per operation):
nothing a client sends, however odd, gets a 5xx other than 503, and every answer of the
service's own making is JSON or a file. Rendering and PDF checking are included: random
bodies there are refusals (422, 404, 413) or a structured "not a PDF" report; their meaningful
cases are in tests/test_api*.py and tests/test_forms_all.py."""
from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from pg import ADMIN_KEY, make_service, sample
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

_tmp = Path(tempfile.mkdtemp(prefix="paperwork-schemathesis-"))
_svc = make_service(f"sqlite:///{_tmp / 'paperwork.db'}", _tmp / "data",
                    rate_limit_per_minute=1_000_000, lookup_failures_before_lock=1_000_000)
_svc.build_world()
_svc.call("POST", "/api/v1/submissions", "admin",
          json=sample("achievement-registration/ar-2025-applied-shanxi"))

schema = schemathesis.openapi.from_asgi("/openapi.json", _svc.app)
AUTH = {"Authorization": f"Bearer {ADMIN_KEY}"}


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_makes_the_service_fail(case):
    # every answer is documented: its status, its content type and the shape of its body
    response = case.call_and_validate(headers=AUTH, checks=[
        not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance])
    if response.status_code >= 400:
        content_type = response.headers.get("content-type", [""])
        content_type = content_type[0] if isinstance(content_type, list) else content_type
        assert content_type.startswith("application/problem+json"), (response.status_code, content_type)
