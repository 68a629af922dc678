"""The ``paperwork`` command line: a thin layer over validators/ and generator/.

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 input unusable.
"""
from __future__ import annotations

# Imported for their commands, in the order ``paperwork --help`` lists them.
from service import cli_keys, cli_pdf, cli_render, cli_score, cli_serve, cli_validate, cli_worker  # noqa: F401
from service.cli_app import app

__all__ = ["app", "main"]


def main() -> None:
    app()


if __name__ == "__main__":
    main()
