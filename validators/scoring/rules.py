"""The journal scoring codes (JA7xx, JA8xx) are in ``validators/codes.toml``."""
