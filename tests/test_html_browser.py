"""The HTML bulletin in a real browser (headless Chromium): languages side by side on a
wide screen, stacked on a phone; the machine-translation label shows in each language."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import require_tool, run_cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

MEASURE = """<!DOCTYPE html>
<html><body>
<iframe id="page" src="bulletin.html" style="width: {width}px; height: 3000px; border: 0">
</iframe>
<script>
document.getElementById("page").addEventListener("load", () => {{
  const doc = document.getElementById("page").contentDocument;
  const row = doc.querySelector("article div.row");
  const box = (lang) => row.querySelector(`[lang="${{lang}}"]`).getBoundingClientRect();
  const bg = box("bg"), en = box("en");
  document.body.setAttribute("data-layout", JSON.stringify({{
    bg: [bg.left, bg.top, bg.right, bg.bottom], en: [en.left, en.top, en.right, en.bottom],
    scroll: doc.documentElement.scrollWidth}}));
}});
</script>
</body></html>
"""


def laid_out(folder: Path, name: str, script: str) -> Any:
    """What ``script`` (a page that sets ``data-layout`` on its body) found, as JSON,
    after Chromium has laid the page out."""
    page = folder / f"{name}.html"
    page.write_text(script, encoding="utf-8")
    result = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={folder / f'profile-{name}'}",
         "--allow-file-access-from-files", "--virtual-time-budget=10000", "--dump-dom",
         page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    found = re.search(r"data-layout=\"([^\"]+)\"", result.stdout)
    assert found, f"Chromium did not lay the page out: {result.stderr[-2000:]}"
    return json.loads(html.unescape(found.group(1)))


def measure(folder: Path, width: int) -> dict[str, list[float]]:
    found: dict[str, list[float]] = laid_out(folder, f"measure-{width}",
                                             MEASURE.format(width=width))
    return found


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_tool("chromium", CHROMIUM is not None,
                 "Debian's chromium package renders the bulletin (apt-get install chromium)")
    from conftest import REPO

    root = tmp_path_factory.mktemp("browser") / "ws"
    root.mkdir()
    shutil.copy(REPO / "bulletin.toml", root / "bulletin.toml")
    shutil.copytree(REPO / "articles", root / "articles")
    result = run_cli("export", "-o", str(root.parent / "bulletin.html"), cwd=root)
    assert result.code == 0, result.err
    return root.parent


def test_wide_screen_puts_the_languages_side_by_side(exported: Path) -> None:
    layout = measure(exported, 1280)
    bg, en = layout["bg"], layout["en"]
    assert en[0] >= bg[2], "English starts right of the Bulgarian column"
    assert abs(en[1] - bg[1]) < 2, "both columns start at the same height"
    assert layout["scroll"] <= 1280


def test_phone_stacks_the_languages(exported: Path) -> None:
    layout = measure(exported, 400)
    bg, en = layout["bg"], layout["en"]
    assert en[1] >= bg[3], "English comes below the Bulgarian"
    assert abs(en[0] - bg[0]) < 2, "both start at the left margin"
    assert layout["scroll"] <= 400, "nothing wider than the phone's screen"


# A page of the bulletin in a frame of the width given; ``body`` is the script that
# measures it once it has loaded, and leaves its JSON in the frame page's data-layout.
FRAME = """<!DOCTYPE html>
<html><body>
<iframe id="page" src="{page}" style="width: {width}px; height: 4000px; border: 0">
</iframe>
<script>
document.getElementById("page").addEventListener("load", () => {{
  const doc = document.getElementById("page").contentDocument;
  const view = doc.defaultView;
  {body}
}});
</script>
</body></html>
"""

# What the machine label and the machine text look like, for FRAME.
LABELS = """
  const shown = (node) => {
    const box = node.getBoundingClientRect(), style = view.getComputedStyle(node);
    return {lang: node.closest("[lang]").getAttribute("lang"),
      article: node.closest("article") ? node.closest("article").id : "",
      text: node.textContent.trim(), width: box.width, height: box.height,
      left: box.left, right: box.right, display: style.display,
      visibility: style.visibility, opacity: style.opacity, color: style.color,
      background: style.backgroundColor};
  };
  document.body.setAttribute("data-layout", JSON.stringify({
    labels: [...doc.querySelectorAll(".machine-note")].map(shown),
    machine: [...doc.querySelectorAll("[data-machine]")].map(shown),
    scroll: doc.documentElement.scrollWidth}));
"""


@pytest.fixture(scope="module")
def machine_bulletins(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample bulletin with English and German machine drafts in one article."""
    require_tool("chromium", CHROMIUM is not None,
                 "Debian's chromium package renders the bulletin (apt-get install chromium)")
    from machine_support import add_german, make_machine, sample_workspace

    folder = tmp_path_factory.mktemp("machine")
    root = sample_workspace(folder / "ws")
    make_machine(root)
    add_german(root)
    for layout in ("parallel", "sequential"):
        result = run_cli("export", "--layout", layout, "-o", str(folder / f"{layout}.html"),
                         cwd=root)
        assert result.code == 0, result.err
    return folder


@pytest.mark.parametrize(("layout", "width"), [("parallel", 1280), ("parallel", 400),
                                               ("sequential", 1280)])
def test_the_machine_label_shows_in_each_language_with_machine_text(
        machine_bulletins: Path, layout: str, width: int) -> None:
    from machine_support import LABEL, MACHINE_ID

    found = laid_out(machine_bulletins, f"labels-{layout}-{width}",
                     FRAME.format(page=f"{layout}.html", width=width, body=LABELS))
    labels = found["labels"]
    assert sorted((x["lang"], x["article"], x["text"]) for x in labels) == [
        ("de", MACHINE_ID, LABEL["de"]), ("en", MACHINE_ID, LABEL["en"])], \
        "English and German hold machine text, each labelled in its own words; the " \
        "Bulgarian source none"
    for label in labels:
        assert label["width"] > 0 and label["height"] > 0, label
        assert label["display"] != "none" and label["visibility"] == "visible", label
        assert float(label["opacity"]) == 1, label
        assert label["color"] != label["background"], label
        assert label["left"] >= 0 and label["right"] <= width, "on the screen, not cut off"
    assert found["scroll"] <= width
    segments = [x for x in found["machine"] if x["article"] == MACHINE_ID]
    assert sorted(x["lang"] for x in segments) == ["de", "de", "en", "en"]
    assert all(x["width"] > 0 and x["height"] > 0 for x in segments), segments
