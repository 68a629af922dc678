"""Record rules, one module per kind. Every module here is imported by ``catalogue.load_all``."""
