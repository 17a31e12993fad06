"""Commands that translate and review: translate, review, diff."""

from __future__ import annotations
