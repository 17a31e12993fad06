"""An API key never shows: not in output, files, the memory (its bytes), or exports."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from conftest import SAMPLE_ID
from fakeserver import FakeService
from translate_support import bulletin_env, keep_only_sample, run_bulletin

pytestmark = pytest.mark.slow


def leaks(marker: str, root: Path, *outputs: str) -> list[str]:
    """Where ``marker`` appears: in the outputs, or in any file under ``root``."""
    found = [f"output #{i}" for i, text in enumerate(outputs) if marker in text]
    needle = marker.encode("utf-8")
    for path in root.rglob("*"):
        if path.is_file() and needle in path.read_bytes():
            found.append(str(path.relative_to(root)))
    return found


@pytest.mark.parametrize("accepted", [True, False], ids=["success", "refused"])
def test_the_deepl_key_never_leaks(workspace: Path, accepted: bool) -> None:
    marker = f"key-{uuid.uuid4().hex}:fx"
    keep_only_sample(workspace, SAMPLE_ID)
    (workspace / "articles" / SAMPLE_ID / "en.md").unlink()
    (workspace / "glossary.csv").write_text("source,en,note\nСофия Тех Парк,Sofia Tech Park,\n",
                                            encoding="utf-8")
    with FakeService(deepl_keys=(marker,) if accepted else ("another-key",)) as service:
        env = bulletin_env(service, BULLETIN_DEEPL_API_KEY=marker, BULLETIN_DEEPL_URL=service.url,
                           BULLETIN_TRACEBACK="")
        result = run_bulletin(workspace, "translate", "--provider", "deepl", env=env)
        outputs = [result.stdout, result.stderr]
        if accepted:
            assert result.returncode == 0, result.stderr
            assert any(r.path == "/v2/glossaries" for r in service.requests)
            assert "Sofia Tech Park" in (workspace / "articles" / SAMPLE_ID / "en.md"
                                         ).read_text(encoding="utf-8")
            for args in (["translate", "--provider", "deepl", "--json"], ["status", "--json"],
                         ["check"], ["review", SAMPLE_ID], ["diff", SAMPLE_ID], ["build"]):
                again = run_bulletin(workspace, *args, env=env)
                outputs += [again.stdout, again.stderr]
            assert any((workspace / "dist").rglob("*")), outputs[-1]
        else:
            assert result.returncode == 7 and "refused the key" in result.stderr
        # the service did get the key, in the header where it belongs
        assert any(r.headers.get("Authorization") == f"DeepL-Auth-Key {marker}"
                   for r in service.requests)
    assert (workspace / ".bulletin" / "memory.sqlite").is_file()
    assert leaks(marker, workspace, *outputs) == []
