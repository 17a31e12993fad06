"""A copy of the sample workspace in which part of one article is an unreviewed machine
draft: its English title and one paragraph, and (with ``german``) a German translation
whose title and one paragraph are machine drafts too. Written as the translation-file
format says (docs/translation-files.md): ``<!-- KEY machine CHECK -->``, where CHECK is the
fingerprint of the text as the tool wrote it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import REPO

from bulletin.content.segments import text_check
from bulletin.content.transfile import strip_prefix

MACHINE_ID = "2019-04-15-izmisleno-sdruzhenie-gradini-na-pokriva"
REVIEWED_ID = "2019-04-08-sofia-se-vklyuchi-v-evropeyskite-klasterni-sedmitsi"
PARAGRAPH = "9d7723df"  # "On 12 and 13 April 2019, …": a paragraph of MACHINE_ID
TITLE_KEY = "a637211a"  # the fingerprint of MACHINE_ID's Bulgarian title
EN_PARAGRAPH = "On 12 and 13 April 2019, the imaginary Rooftop Gardens association"
DE_TITLE = "Der erfundene Verein „Dachgärten“ sammelt Ideen für grüne Dächer in Sofia"
DE_PARAGRAPH = ("Am 12. und 13. April 2019 lud der erfundene Verein „Dachgärten“ Bewohner, "
                "Architekten und Eigentümer zu einem Frühlingsforum über grüne Dächer in "
                "Sofia ein.")

LABEL = {"en": "Machine translation, not yet reviewed by an editor",
         "de": "Maschinelle Übersetzung, noch nicht von der Redaktion geprüft",
         "bg": "Машинен превод, който още не е прегледан от редактор"}


def sample_workspace(root: Path) -> Path:
    root.mkdir(parents=True)
    shutil.copy(REPO / "bulletin.toml", root / "bulletin.toml")
    shutil.copytree(REPO / "articles", root / "articles")
    return root


def make_machine(root: Path, key: str = PARAGRAPH, title: bool = True,
                 kind: str = "paragraph") -> None:
    """Turn the reviewed English title and the block ``key`` (a ``kind``: paragraph, item,
    …) of MACHINE_ID into unedited machine drafts (the same words, marked as a machine's:
    the check is made from the text without its ``- `` or ``## ``, as the tool makes it)."""
    path = root / "articles" / MACHINE_ID / "en.md"
    text = path.read_text(encoding="utf-8")
    found = re.search(rf"<!-- {key} reviewed -->\n(.*?)\n\n", text, re.S)
    assert found, f"no reviewed paragraph {key} in {path}"
    text = text.replace(f"<!-- {key} reviewed -->",
                        f"<!-- {key} machine "
                        f"{text_check(strip_prefix(found.group(1), kind))} -->")
    if title:
        title_text = re.search(r"^title: (.*)$", text, re.M)
        assert title_text
        text = text.replace(f"  title: {TITLE_KEY} reviewed",
                            f"  title: {TITLE_KEY} machine {text_check(title_text.group(1))}")
    path.write_text(text, encoding="utf-8")


def add_german(root: Path) -> None:
    """German as a second target language; MACHINE_ID has a German machine draft of its
    title and one paragraph (the rest is missing), the other article no German at all."""
    toml = root / "bulletin.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        'languages = ["en"]', 'languages = ["en", "de"]'), encoding="utf-8")
    (root / "articles" / MACHINE_ID / "de.md").write_text(
        f"---\ntitle: {DE_TITLE}\ntranslation:\n  from: bg\n"
        f"  title: {TITLE_KEY} machine {text_check(DE_TITLE)}\n---\n\n"
        f"<!-- {PARAGRAPH} machine {text_check(DE_PARAGRAPH)} -->\n{DE_PARAGRAPH}\n",
        encoding="utf-8")


def set_export(root: Path, key: str, value: str) -> None:
    """Set ``[export] key = "value"`` in the workspace's bulletin.toml."""
    toml = root / "bulletin.toml"
    text = toml.read_text(encoding="utf-8")
    head, export = text.split("[export]\n", 1)
    line = f'{key} = "{value}"'
    export, found = re.subn(rf"^{key} = .*$", line, export, count=1, flags=re.M)
    toml.write_text(head + "[export]\n" + ("" if found else line + "\n") + export,
                    encoding="utf-8")
