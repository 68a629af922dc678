"""The verification code docs/notifications.md gives portals (issue #17), run as written: the
Python function and the Java class (JDK javax.crypto only, compiled with javac 17), against the
Standard Webhooks reference vector (the specification's own test, not our output) and against a
delivery signed by our code."""
from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from service.ops import notify_webhook

DOC = (Path(__file__).resolve().parent.parent / "docs" / "notifications.md").read_text("utf-8")
# standard-webhooks/standard-webhooks, libraries' shared test: the secret, id, timestamp, payload and
# signature of the specification's example
VECTOR = {"secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
          "timestamp": "1614265330", "body": '{"test": 2432232314}',
          "signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="}


def snippet(language: str) -> str:
    [code] = [c for c in re.findall(rf"```{language}\n(.*?)```", DOC, re.S) if "verify" in c]
    return code


def python_verify():
    scope: dict = {}
    exec(snippet("python"), scope)      # noqa: S102 — the documentation's own code, as a portal copies it
    return scope["verify"]


@pytest.fixture(scope="module")
def java(tmp_path_factory):
    folder = tmp_path_factory.mktemp("java")
    (folder / "WebhookVerify.java").write_text(snippet("java"), "utf-8")
    subprocess.run(["javac", "WebhookVerify.java"], cwd=folder, check=True, capture_output=True, timeout=120)

    def run(*args: str) -> str:
        done = subprocess.run(["java", "-cp", str(folder), "WebhookVerify", *args], check=True,
                              capture_output=True, text=True, timeout=60)
        return done.stdout.strip()
    return run


def headers_of(v: dict) -> dict:
    return {"webhook-id": v["id"], "webhook-timestamp": v["timestamp"], "webhook-signature": v["signature"]}


def test_our_signature_is_the_reference_vectors():
    at = datetime.fromtimestamp(int(VECTOR["timestamp"]), UTC)
    signed = notify_webhook.headers_for(VECTOR["secret"], VECTOR["id"], VECTOR["body"], at)
    assert signed["webhook-signature"] == VECTOR["signature"]
    assert signed["webhook-timestamp"] == VECTOR["timestamp"]


def test_the_python_snippet_accepts_the_reference_vector_and_refuses_changes():
    verify = python_verify()
    now = int(VECTOR["timestamp"]) + 10
    assert verify(VECTOR["secret"], headers_of(VECTOR), VECTOR["body"].encode(), now)
    assert not verify(VECTOR["secret"], headers_of(VECTOR), b'{"test": 2432232315}', now)
    assert not verify(VECTOR["secret"], headers_of(VECTOR), VECTOR["body"].encode(), now + 600)   # stale
    other = {**headers_of(VECTOR), "webhook-signature": "v2,abc v1,AAAA " + VECTOR["signature"]}
    assert verify(VECTOR["secret"], other, VECTOR["body"].encode(), now)     # one of several signatures


def test_the_java_snippet_accepts_the_reference_vector_and_refuses_changes(java):
    v, now = VECTOR, str(int(VECTOR["timestamp"]) + 10)
    assert java(v["secret"], v["id"], v["timestamp"], v["body"], v["signature"], now) == "ok"
    assert java(v["secret"], v["id"], v["timestamp"], '{"test": 2432232315}', v["signature"], now) == "bad"
    assert java(v["secret"], "msg_other", v["timestamp"], v["body"], v["signature"], now) == "bad"
    assert java(v["secret"], v["id"], v["timestamp"], v["body"], v["signature"], str(int(now) + 600)) == "bad"
    assert java(v["secret"], v["id"], v["timestamp"], v["body"], "v1,!!notbase64 " + v["signature"], now) == "ok"


def test_both_snippets_accept_a_delivery_we_signed_with_chinese_text(java):
    secret = notify_webhook.new_secret()
    body = notify_webhook.body_of({"type": "review.returned", "data": {"comment": "请补充用户报告“盖章”"}})
    headers = notify_webhook.headers_for(secret, "msg_0123456789abcdef", body)
    assert python_verify()(secret, headers, body.encode("utf-8"))
    assert java(secret, headers["webhook-id"], headers["webhook-timestamp"], body, headers["webhook-signature"]) == "ok"
