"""The HTML bulletin in a real browser (headless Chromium): languages side by side on a
wide screen, stacked on a phone."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

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


def measure(folder: Path, width: int) -> dict[str, list[float]]:
    page = folder / f"measure-{width}.html"
    page.write_text(MEASURE.format(width=width), encoding="utf-8")
    result = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={folder / f'profile-{width}'}",
         "--allow-file-access-from-files", "--virtual-time-budget=10000", "--dump-dom",
         page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    found = re.search(r"data-layout=\"([^\"]+)\"", result.stdout)
    assert found, f"Chromium did not lay the page out: {result.stderr[-2000:]}"
    return json.loads(found.group(1).replace("&quot;", '"'))  # type: ignore[no-any-return]


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
