"""PO files for human translators: export, msgfmt, translate, import, and every refusal."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import SAMPLE_ID, run_cli
from exchange_support import (
    EXCHANGE,
    SECOND_ID,
    assert_msgfmt_clean,
    english,
    translate_po,
    untranslated,
)

from bulletin.errors import ExitCode

PARAGRAPH = ("Столичната агенция за инвестиции също представи дейността си по време на "
             "Националната клъстерна конференция")


def status(root: Path) -> dict[str, dict[str, int]]:
    result = run_cli("status", "--json", cwd=root)
    assert result.code == 0, result.err
    return {row["article"]: row for row in json.loads(result.out)}


def export(root: Path, name: str, *args: str) -> Path:
    result = run_cli("exchange", "export", "-o", name, *args, cwd=root)
    assert result.code == 0, result.err
    return root / name


def msgids(path: Path) -> list[str]:
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return [str(m.id) for m in read_po(handle, abort_invalid=True) if m.id]


def test_po_export_has_header_context_and_passes_msgfmt(workspace: Path) -> None:
    root = untranslated(workspace)
    po = export(root, "todo.po", "--to", "en")
    assert_msgfmt_clean(po)
    text = po.read_text(encoding="utf-8")
    assert '"Language: en\\n"' in text
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in text
    assert '"Content-Type: text/plain; charset=UTF-8\\n"' in text
    assert f'msgctxt "{SAMPLE_ID}/title"' in text
    assert "#. article: София се включи в Европейските клъстерни седмици" in text
    assert f"#: articles/{SAMPLE_ID}/bg.md:" in text
    # quotes, backslashes, line breaks and 50% survive PO escaping
    ids = msgids(po)
    assert "Подзаглавие с „кавички“ и \"прави кавички\"" in ids
    assert "Цитат на два\nреда." in ids
    assert any("обратна наклонена черта \\\\ в текста" in i for i in ids)
    assert ids.count("Повторен параграф.") == 2  # one entry per segment, told apart by msgctxt
    assert len(ids) == sum(row["missing"] for row in status(root).values())


def test_po_export_of_chosen_articles(workspace: Path) -> None:
    root = untranslated(workspace)
    one = export(root, "one.po", SECOND_ID, "--format", "po")
    assert_msgfmt_clean(one)
    text = one.read_text(encoding="utf-8")
    assert f'msgctxt "{SECOND_ID}/title"' in text and f"{SAMPLE_ID}/" not in text


def test_po_export_of_a_reviewed_article_needs_all(workspace: Path) -> None:
    # the sample's English is all reviewed: nothing to do, unless --all
    nothing = export(workspace, "none.po")
    assert msgids(nothing) == []
    assert_msgfmt_clean(nothing)
    everything = export(workspace, "all.po", "--all")
    assert_msgfmt_clean(everything)
    assert len(msgids(everything)) == sum(r["reviewed"] for r in status(workspace).values())
    text = everything.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text and 'msgstr "Sofia Joins the European Cluster Weeks"' in text


def test_po_round_trip_leaves_nothing_to_do(workspace: Path) -> None:
    root = untranslated(workspace)
    po = export(root, "todo.po")
    filled = translate_po(po)
    assert filled > 20
    result = run_cli("exchange", "import", "todo.po", "--json", cwd=root)
    assert result.code == 0, result.err
    outcome = json.loads(result.out)
    assert outcome["stored"] == filled and outcome["files"][0]["skipped"] == 0
    assert sorted(outcome["articles"]) == sorted(status(root))
    assert {SAMPLE_ID, SECOND_ID} <= set(outcome["articles"])
    for row in status(root).values():
        assert row["reviewed"] == row["total"] and row["missing"] == 0
    en = (root / "articles" / SAMPLE_ID / "en.md").read_text(encoding="utf-8")
    assert "title: EN(София се включи в Европейските клъстерни седмици)" in en
    second = (root / "articles" / SECOND_ID / "en.md").read_text(encoding="utf-8")
    assert "## EN(Подзаглавие" in second and "- EN(Втора точка)" in second
    again = export(root, "again.po")
    assert msgids(again) == []
    assert_msgfmt_clean(again)
    # the memory learnt every segment as reviewed
    from bulletin.translation.memory import Memory, memory_path

    with Memory.open(memory_path(root)) as memory:
        entry = memory.lookup("Втора точка", "bg", "en")
    assert entry is not None and (entry.target, entry.origin) == ("EN(Втора точка)", "reviewed")
    # importing the same file again changes nothing
    repeat = run_cli("exchange", "import", "todo.po", "--json", cwd=root)
    assert json.loads(repeat.out)["files"][0]["unchanged"] == filled


def test_stale_segment_is_fuzzy_with_previous_msgid(workspace: Path) -> None:
    root = untranslated(workspace)
    translate_po(export(root, "first.po"))
    assert run_cli("exchange", "import", "first.po", cwd=root).code == 0
    source = root / "articles" / SAMPLE_ID / "bg.md"
    text = source.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith(PARAGRAPH))
    source.write_text(text.replace(old, old.replace("също представи", "представи")),
                      encoding="utf-8")
    assert status(root)[SAMPLE_ID]["stale"] == 1
    po = export(root, "stale.po")
    assert_msgfmt_clean(po)
    entry = po.read_text(encoding="utf-8").split("\n\n")[1]
    assert "#, fuzzy" in entry
    previous = "".join(re.findall(r'^#\| (?:msgid )?"(.*)"$', entry, re.MULTILINE))
    assert previous == old
    assert english(old)[:40] in entry.replace('"\n"', "")  # the outdated translation, to edit
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        (message,) = [m for m in read_po(handle) if m.id]
    assert message.fuzzy and message.string == english(old)
    # left fuzzy, the import stores nothing; once the translator clears it, it is reviewed
    kept = run_cli("exchange", "import", "stale.po", "--json", cwd=root)
    assert json.loads(kept.out)["stored"] == 0 and status(root)[SAMPLE_ID]["stale"] == 1
    translate_po(po, lambda s: "Updated: " + s)
    assert run_cli("exchange", "import", "stale.po", cwd=root).code == 0
    row = status(root)[SAMPLE_ID]
    assert row["stale"] == 0 and row["reviewed"] == row["total"]


def test_import_refuses_a_file_whose_source_changed(workspace: Path) -> None:
    root = untranslated(workspace)
    po = export(root, "todo.po")
    translate_po(po)
    source = root / "articles" / SAMPLE_ID / "bg.md"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "title: София се включи", "title: София отново се включи"), encoding="utf-8")
    result = run_cli("exchange", "import", "todo.po", cwd=root)
    assert result.code == ExitCode.INVALID
    assert re.search(r"todo\.po:\d+: error: the source text of segment 'title' of "
                     f"article {SAMPLE_ID} no longer matches", result.err), result.err
    assert "nothing was imported" in result.err
    assert not (root / "articles" / SAMPLE_ID / "en.md").exists()
    assert not (root / "articles" / SECOND_ID / "en.md").exists()


def test_import_is_all_or_nothing_across_files(workspace: Path) -> None:
    root = untranslated(workspace)
    good = export(root, "good.po", SECOND_ID)
    translate_po(good)
    bad = export(root, "bad.po", SAMPLE_ID)
    translate_po(bad)
    bad.write_text(bad.read_text(encoding="utf-8").replace(
        f"{SAMPLE_ID}/title", "2019-01-01-no-such-article/title"), encoding="utf-8")
    result = run_cli("exchange", "import", "good.po", "bad.po", cwd=root)
    assert result.code == ExitCode.INVALID
    assert "unknown article '2019-01-01-no-such-article'" in result.err
    assert not (root / "articles" / SECOND_ID / "en.md").exists()


def test_dry_run_writes_nothing(workspace: Path) -> None:
    root = untranslated(workspace)
    translate_po(export(root, "todo.po"))
    result = run_cli("exchange", "import", "todo.po", "--dry-run", cwd=root)
    assert result.code == 0, result.err
    assert f"would update {len(status(root))} translation(s)" in result.out
    assert not (root / "articles" / SAMPLE_ID / "en.md").exists()
    assert not (root / ".bulletin" / "memory.sqlite").exists()


def test_format_is_told_by_content_not_name(workspace: Path) -> None:
    root = untranslated(workspace)
    po = export(root, "todo.po")
    translate_po(po)
    renamed = po.rename(root / "from-translator.txt")
    result = run_cli("exchange", "import", str(renamed), "--json", cwd=root)
    assert result.code == 0, result.err
    assert json.loads(result.out)["files"][0]["format"] == "po"


@pytest.mark.parametrize(("content", "message"), [
    ((EXCHANGE / "broken.po").read_text(encoding="utf-8"), r"broken\.po:7: error: .*string"),
    ('msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "x"\nmsgstr "y"\nwhat is this\n',
     r"broken\.po:7: error: not PO syntax"),
    ('msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "Текст"\nmsgstr "Text"\n',
     r"broken\.po:5: error: an entry whose msgctxt does not name an article"),
    ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n',
     r"broken\.po:1: error: the PO header names no Language"),
    ("just some text\n", r"broken\.po:1: error: neither a PO file nor XLIFF"),
])
def test_malformed_po_is_a_clear_error(workspace: Path, content: str, message: str) -> None:
    (workspace / "broken.po").write_text(content, encoding="utf-8")
    result = run_cli("exchange", "import", "broken.po", cwd=workspace)
    assert result.code == ExitCode.INVALID, result.err
    assert re.search(message, result.err), result.err
    assert "Traceback" not in result.err


HEAD = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n'
ENTRY = f'msgctxt "{SAMPLE_ID}/title"\n'


@pytest.mark.parametrize(("content", "message"), [
    (HEAD + "\n" + ENTRY + 'msgid "a \\q"\nmsgstr "b"\n', r"broken\.po:6: error: a broken string"),
    (HEAD + '"Content-Type: text/plain; charset=KOI8-R\\n"\n',
     r"broken\.po:1: error: the PO file declares charset koi8-r"),
    (HEAD + "\n" + ENTRY + 'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "c"\n',
     r"broken\.po:6: error: a plural entry"),
    (HEAD + "\n" + ENTRY + 'msgid "a"\nmsgid "b"\nmsgstr "c"\n', r"broken\.po:\d+: error: "),
    (HEAD.replace('"Language', '"X-Source-Language: ru\\n"\n"Language'),
     r"broken\.po: error: the file translates from 'ru'"),
    (HEAD + '\nmsgctxt "2019-02-30-no-such-day/title"\nmsgid "a"\nmsgstr "b"\n',
     r"broken\.po:6: error: an entry whose msgctxt does not name an article"),
    (HEAD + '\nmsgctxt "2019-04-08--two-dashes/title"\nmsgid "a"\nmsgstr "b"\n',
     r"broken\.po:6: error: an entry whose msgctxt does not name an article"),
])
def test_what_babel_reads_and_what_it_would_miss_are_clear_errors(
        workspace: Path, content: str, message: str) -> None:
    (workspace / "broken.po").write_text(content, encoding="utf-8")
    result = run_cli("exchange", "import", "broken.po", cwd=workspace)
    assert result.code == ExitCode.INVALID, result.err
    assert re.search(message, result.err), result.err
    assert "Traceback" not in result.err


def test_export_usage_errors(workspace: Path) -> None:
    bad_lang = run_cli("exchange", "export", "--to", "de", "-o", "x.po", cwd=workspace)
    assert bad_lang.code == ExitCode.USAGE and "'de' is not a target language" in bad_lang.err
    no_format = run_cli("exchange", "export", "-o", "x.txt", cwd=workspace)
    assert no_format.code == ExitCode.USAGE and "--format" in no_format.err
    unknown = run_cli("exchange", "export", "2019-01-01-nope", "-o", "x.po", cwd=workspace)
    assert unknown.code == ExitCode.NOT_FOUND


def test_glossary_terms_become_notes(workspace: Path) -> None:
    root = untranslated(workspace)
    (root / "glossary.csv").write_text(
        "source,en,note\nСофия Тех Парк,Sofia Tech Park,the science park\n", encoding="utf-8")
    po = export(root, "todo.po")
    assert_msgfmt_clean(po)
    entries = po.read_text(encoding="utf-8").split("\n\n")
    place = next(e for e in entries if f"{SAMPLE_ID}/place" in e)
    assert "#. glossary: София Тех Парк = Sofia Tech Park; the science park" in place
    title = next(e for e in entries if f"{SAMPLE_ID}/title" in e)
    assert "glossary" not in title
