"""``bulletin import``: existing pages into articles.

``encoding`` decodes the bytes, one reader per shape (``textdump``, ``htmlpage`` with
``htmltree`` and ``htmlmarkdown``, ``markdown``) makes a ``draft.Draft``, and ``run``
gives it its id, validates it and writes it.
"""
