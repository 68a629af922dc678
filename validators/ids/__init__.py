"""Identifier modules. Each has the same small shape as a python-stdnum module (E1):
``compact`` (strip separators), ``validate`` (return the normal form or raise an
:class:`~validators.ids.errors.InvalidIdentifier`), ``is_valid`` (never raises) and
``format`` (display form)."""
