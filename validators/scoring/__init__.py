"""Scoring engines for assessment sheets.

``validators.scoring.journal`` scores the 期刊综合质量考核表 (seed 004); its findings
(kind ``journal-scoring``) are in the code table, ``validators/codes.toml``.
"""
