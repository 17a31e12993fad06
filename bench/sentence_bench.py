"""What an edit of 5% of an archive's sentences costs, now that the memory works by sentence.

    .venv/bin/python bench/sentence_bench.py [--articles 1000] [--share 0.05] [--seed 2019]

Writes the benchmark corpus (``corpus.py``) without its English, starts the fake
LibreTranslate of ``tests/fakeserver.py`` on 127.0.0.1, and:

1. translates the whole archive (``bulletin translate --provider libre``, in-process): the
   characters billed are the reference;
2. edits ``share`` of all the Bulgarian sentences of the bodies (one word added to each,
   chosen with a seeded random generator), and translates again;
3. prints the characters billed by the second run against the first (target <= 6% for a
   5% edit), and, for comparison, the characters a memory by paragraph would have sent
   (every changed paragraph whole, as before the memory worked by sentence).

The characters are counted by the translation client as it sends them (after protection:
numbers and markup travel as placeholders), so the figures are what a service would bill.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests"), str(HERE.parent)]

import corpus  # noqa: E402
from fakeserver import FakeService  # noqa: E402

from bulletin.content.sentences import translation_units  # noqa: E402
from bulletin.content.workspace import open_workspace  # noqa: E402
from bulletin.translation.protect import protect  # noqa: E402
from bulletin.translation.translate import translate_workspace  # noqa: E402


def translate(root: Path) -> int:
    summary = translate_workspace(open_workspace(root), provider="libre")
    return summary.characters


def edit_sentences(root: Path, share: float, seed: int) -> tuple[int, int]:
    """Add a word to ``share`` of the body sentences; return (sentences edited, characters
    of the paragraphs that hold them, as a paragraph memory would send them)."""
    rng = random.Random(seed)
    ws = open_workspace(root)
    edited = paragraph_chars = 0
    for article in ws.articles.values():
        text = article.path.read_text(encoding="utf-8")
        for seg in article.segments:
            if seg.is_field:
                continue
            units = translation_units(seg.text)
            chosen = [i for i in range(len(units)) if rng.random() < share]
            if not chosen or seg.text not in text:
                continue
            for i in chosen:
                words = units[i].split(" ")
                words.insert(1, "днес")
                units[i] = " ".join(words)
            new = "".join(units)
            text = text.replace(seg.text, new, 1)
            edited += len(chosen)
            paragraph_chars += len(protect(new, source_locale="bg_BG", target_locale="en_GB",
                                           target_lang="en").text)
        article.path.write_text(text, encoding="utf-8")
    return edited, paragraph_chars


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--share", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=corpus.SEED)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="sentence-bench-"))
    try:
        root = folder / "ws"
        corpus.write_workspace(corpus.generate(args.articles, args.seed), root)
        for english in root.glob("articles/*/en.md"):
            english.unlink()
        total = sum(len(translation_units(s.text)) for a in open_workspace(root).articles.values()
                    for s in a.segments if not s.is_field)
        with FakeService() as service:
            os.environ["BULLETIN_LIBRE_URL"] = service.url
            first = translate(root)
            edited, paragraph_chars = edit_sentences(root, args.share, args.seed)
            second = translate(root)
        print(f"articles: {args.articles}; body sentences: {total}; "
              f"edited: {edited} ({edited / total:.1%})")
        print(f"first run:           {first:>10,} characters")
        print(f"after the edit:      {second:>10,} characters  ({second / first:.2%} of the "
              f"first run; target <= {args.share * 1.2:.0%})")
        print(f"by paragraph:        {paragraph_chars:>10,} characters  "
              f"({paragraph_chars / first:.2%}; what whole changed paragraphs would cost)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
