"""The quick looks of ``bulletin.translation.protect`` skip only what could not be there.

``_Builder.atoms`` runs the URL, address and brace pattern only over a text that holds
``http``, ``www.``, ``{`` or ``@``, and ``_Builder`` asks no glossary without terms. Here
the patterns run over made-up texts without those pieces and find nothing, and a glossary
without terms finds none, so protection with it is protection without one.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin.translation.glossary import Glossary
from bulletin.translation.protect import _ATOM, _ATOM_NO_AT, protect

# letters, digits, Markdown and the characters the patterns are made of
PIECES = st.sampled_from([
    "htt", "ttp", "http", "https", "://", "www", "ww.", "w.", ".", "{", "}", "@", " ", "\n",
    "3", "12,5", "1 500", "a", "б", "_", "*", "`", "[", "](", ")", "<", ">", "-", "+", "x.bg",
    "é", "„", "”", "\\", "&amp;",
])
TEXTS = st.lists(PIECES, max_size=30).map("".join)


@settings(max_examples=2000, deadline=None)
@given(TEXTS)
def test_no_atom_without_its_pieces(text: str) -> None:
    if "http" in text or "www." in text or "{" in text or "@" in text:
        return
    assert not list(_ATOM.finditer(text))
    assert not list(_ATOM_NO_AT.finditer(text))


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_empty_glossary_protects_as_none(text: str) -> None:
    assert Glossary().find(text, "en") == []
    options = {"source_locale": "bg_BG", "target_locale": "en_GB", "target_lang": "en"}
    assert protect(text, glossary=Glossary(), **options) == protect(text, **options)
