"""Commands that bring content in: new, import, exchange, memory."""

from __future__ import annotations
