"""Page descriptions of the forms, one module per form; see generator/layout.py.

Each module defines ``LAYOUTS``: the variants of its form (template file stem → Layout).
"""
