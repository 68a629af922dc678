"""What a request does, beneath the HTTP API (``service/api*.py``) and the web pages
(``service/web.py``), as Datasette's views share its ``Datasette`` object.

Both front ends parse their input, call a function here and serialise its answer; neither
imports the other. Only this layer and :mod:`service.store` touch the store's tables.
"""
