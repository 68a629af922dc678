"""Scoring engines for assessment sheets.

``validators.scoring.journal`` scores the 期刊综合质量考核表 (seed 004); its findings are
registered in ``validators.scoring.rules`` (kind ``journal-scoring``).
"""
