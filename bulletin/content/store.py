"""Saving a translation: the one way any command writes ``articles/<id>/<lang>.md``."""

from __future__ import annotations

from pathlib import Path

from bulletin.content.model import ArticleTranslation
from bulletin.content.transfile import render_translation
from bulletin.content.workspace import Workspace
from bulletin.fsio import confined, write_text


def save_translation(ws: Workspace, at: ArticleTranslation) -> Path:
    """Write ``at`` atomically in the translation-file format; a person's text that fits no
    segment is kept as ``unplaced`` blocks (see ``bulletin.content.transfile``).

    Front-matter keys the tool does not own (an editor's own notes) are kept.
    Callers that change several files hold ``bulletin.fsio.workspace_lock``.
    """
    stored = ws.translations.get((at.article.id, at.lang))
    extra = dict(stored.extra) if stored else {}
    path = ws.translation_path(at.article, at.lang)
    write_text(confined(ws.root, path), render_translation(at, ws.config.source, extra))
    return path
