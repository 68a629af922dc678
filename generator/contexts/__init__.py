"""One pure context builder per form: ``build_context(record) -> <Form>Context`` (STYLE E9).

Every context is a frozen dataclass whose fields carry ``metadata={"help": ...}``; the
templates in ``templates/<form>/`` use exactly these fields (checked by tests/test_contexts.py).
"""
from __future__ import annotations

from dataclasses import field

from generator.paper import Continuation


def h(text: str, **kw):
    """A context field with its help text."""
    return field(metadata={"help": text}, **kw)


def get(record, *keys, default=None):
    """record["a"]["b"]… or ``default`` when a level is missing (drafts may be incomplete)."""
    value = record
    for k in keys:
        if isinstance(value, dict):
            value = value.get(k)
        elif isinstance(value, list) and isinstance(k, int) and -len(value) <= k < len(value):
            value = value[k]
        else:
            return default
        if value is None:
            return default
    return value


class ContinuedOnAttachments:
    """A context whose long values continue on 附页 (its field ``continuations``)."""

    continuations: tuple[Continuation, ...]

    @property
    def overflow(self) -> tuple[str, ...]:
        """What was continued, as the CLI and the API report it."""
        return tuple(f"{c.title}：续见附页 {c.number}（{len(c.text)} 字）"
                     for c in self.continuations)
