"""A deterministic corpus of bilingual news articles for the export benchmark.

    python bench/corpus.py N DIR [--seed 2019] [--hugo HUGO_DIR]

writes a bulletin workspace of N Bulgarian articles in DIR (``bulletin.toml`` and
``articles/<id>/bg.md``) with their English translations, every segment reviewed, written
by the tool's own code (``open_workspace`` + ``save_translation``). With ``--hugo`` it also
writes the same articles as a bilingual Hugo site (see ``hugo_site.py``). The same N and
seed give byte-identical files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import words as W

Pair = tuple[str, str]  # (bulgarian, english)
SEED = 2019
FIRST_DAY = dt.date(2016, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)

CONFIG = """\
# A generated benchmark workspace (bench/corpus.py): fictional articles.
source = "bg"
languages = ["en"]

[locales]
bg = "bg_BG"
en = "en_GB"

[export]
format = "html"
layout = "parallel"
fallback = "placeholder"
"""


@dataclass
class Block:
    """One Markdown block of the body; a list holds one text per item."""

    kind: str  # "paragraph", "heading", "list", "quote"
    bg: list[str]
    en: list[str]


@dataclass
class Story:
    """One generated article in both languages."""

    id: str
    date: dt.date
    title: Pair
    summary: Pair | None = None
    tags: list[Pair] = field(default_factory=list)
    event: tuple[dt.date, dt.date | None, Pair] | None = None
    related: list[Pair] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)


def _on_date(day: dt.date) -> Pair:
    return (f"на {day.day} {W.MONTHS_BG[day.month - 1]} {day.year} г.",
            f"on {day.day} {W.MONTHS_EN[day.month - 1]} {day.year}")


def _lower_en(subject: str) -> str:
    return subject if subject.startswith("Sofia") else subject[0].lower() + subject[1:]


def sentence(rng: random.Random, day: dt.date, emphasis: bool = True) -> Pair:
    """One news sentence: [connector] subject verb object [amount] [where] [when]."""
    subj_bg, subj_en, plural = rng.choice(W.SUBJECTS)
    verb_sg, verb_pl, verb_en = rng.choice(W.VERBS)
    obj_bg, obj_en = rng.choice(W.OBJECTS)
    if emphasis and rng.random() < 0.12:
        mark = rng.choice(("*", "**"))
        obj_bg, obj_en = f"{mark}{obj_bg}{mark}", f"{mark}{obj_en}{mark}"
    bg = [subj_bg, verb_pl if plural else verb_sg, obj_bg]
    en = [subj_en, verb_en, obj_en]
    if rng.random() < 0.3:
        amount = rng.choice(W.AMOUNTS)
        bg.append(amount[0])
        en.append(amount[1])
    for adverbial in rng.sample(W.ADVERBIALS, rng.randint(0, 2)):
        bg.append(adverbial[0])
        en.append(adverbial[1])
    if rng.random() < 0.25:
        when = _on_date(day - dt.timedelta(days=rng.randint(0, 40)))
        bg.append(when[0])
        en.append(when[1])
    if rng.random() < 0.3:
        opener_bg, opener_en = rng.choice(W.CONNECTORS)
        if bg[0] in W.COMMON_BG:
            bg[0] = bg[0][0].lower() + bg[0][1:]
        bg.insert(0, opener_bg)
        en[0] = _lower_en(en[0])
        en.insert(0, opener_en)
    return _end(" ".join(bg)), _end(" ".join(en))


def _end(text: str) -> str:
    """Close a sentence; an abbreviation's full stop (``г.``) closes it already."""
    return text if text.endswith(".") else text + "."


def _link_sentence(rng: random.Random) -> Pair:
    text_bg, text_en, url = rng.choice(W.LINKS)
    return (f"Подробности са публикувани на [{text_bg}]({url}).",
            f"Details are published on [{text_en}]({url}).")


def paragraph(rng: random.Random, day: dt.date) -> Pair:
    """Sentences until the Bulgarian text reaches 40 to 120 words."""
    target = rng.randint(40, 120)
    bg: list[str] = []
    en: list[str] = []
    count = 0
    while count < target:
        pair = _link_sentence(rng) if bg and rng.random() < 0.08 else sentence(rng, day)
        bg.append(pair[0])
        en.append(pair[1])
        count += len(pair[0].split())
    return " ".join(bg), " ".join(en)


def _quote(rng: random.Random) -> Pair:
    said_bg, said_en = rng.choice(W.QUOTES)
    name_bg, name_en, role = rng.choice(W.PEOPLE)
    role_bg, role_en = W.ROLES[int(role)]
    return (f"„{said_bg}“, каза {name_bg}, {role_bg}.",
            f"“{said_en}”, said {name_en}, {role_en}.")


def _list_items(rng: random.Random) -> list[Pair]:
    items = []
    for obj_bg, obj_en in rng.sample(W.OBJECTS, rng.randint(3, 5)):
        adv_bg, adv_en = rng.choice(W.ADVERBIALS)
        items.append((f"{obj_bg} {adv_bg};", f"{obj_en} {adv_en};"))
    return items


def body(rng: random.Random, day: dt.date) -> list[Block]:
    """4 to 12 paragraphs, with some headings, maybe a list and a quote."""
    blocks: list[Block] = []
    headings = rng.sample(W.HEADINGS, len(W.HEADINGS))
    paragraphs = rng.randint(4, 12)
    list_after = rng.randrange(paragraphs) if rng.random() < 0.35 else -1
    quote_after = rng.randrange(paragraphs) if rng.random() < 0.45 else -1
    for number in range(paragraphs):
        if number and headings and rng.random() < 0.25:
            bg, en = headings.pop()
            blocks.append(Block("heading", [bg], [en]))
        bg, en = paragraph(rng, day)
        blocks.append(Block("paragraph", [bg], [en]))
        if number == list_after:
            items = _list_items(rng)
            blocks.append(Block("list", [i[0] for i in items], [i[1] for i in items]))
        if number == quote_after:
            bg, en = _quote(rng)
            blocks.append(Block("quote", [bg], [en]))
    return blocks


def headline(rng: random.Random) -> Pair:
    subj_bg, subj_en, plural = rng.choice(W.SUBJECTS)
    verb_sg, verb_pl, verb_en = rng.choice(W.VERBS)
    obj_bg, obj_en = rng.choice(W.OBJECTS)
    bg = f"{subj_bg} {verb_pl if plural else verb_sg} {obj_bg}"
    en = f"{subj_en} {verb_en} {obj_en}"
    if rng.random() < 0.5:
        adv_bg, adv_en = rng.choice(W.ADVERBIALS)
        bg, en = f"{bg} {adv_bg}", f"{en} {adv_en}"
    return bg, en


def slug(title: str, words: int = 6) -> str:
    latin = "".join(W.LATIN.get(ch, ch) for ch in title.lower())
    parts = [p for p in re.split(r"[^a-z0-9]+", latin) if p]
    return "-".join(parts[:words])


def generate(count: int, seed: int = SEED) -> list[Story]:
    """``count`` stories, oldest first; the same arguments give the same stories."""
    rng = random.Random(seed)
    span = (LAST_DAY - FIRST_DAY).days
    stories: list[Story] = []
    ids: set[str] = set()
    titles: set[tuple[dt.date, str]] = set()
    for _ in range(count):
        day = FIRST_DAY + dt.timedelta(days=rng.randint(0, span))
        title = headline(rng)
        while (day, title[0]) in titles:
            title = headline(rng)
        titles.add((day, title[0]))
        base = f"{day.isoformat()}-{slug(title[0])}"
        article_id, repeat = base, 1
        while article_id in ids:
            repeat += 1
            article_id = f"{base}-{repeat}"
        ids.add(article_id)
        story = Story(article_id, day, title)
        if rng.random() < 0.4:
            story.summary = sentence(rng, day, emphasis=False)
        story.tags = rng.sample(W.TAGS, rng.randint(1, 3))
        if rng.random() < 0.2:
            start = day - dt.timedelta(days=rng.randint(1, 20))
            length = rng.randint(0, 2)
            end = start + dt.timedelta(days=length) if length else None
            story.event = (start, end, rng.choice(W.PLACES))
        if rng.random() < 0.3:
            story.related = [headline(rng) for _ in range(rng.randint(1, 2))]
        story.blocks = body(rng, day)
        stories.append(story)
    return sorted(stories, key=lambda s: (s.date, s.id))


def markdown(blocks: list[Block], lang: int) -> str:
    """The body in one language (0 = Bulgarian, 1 = English) as CommonMark."""
    out: list[str] = []
    for block in blocks:
        texts = block.bg if lang == 0 else block.en
        if block.kind == "heading":
            out.append("## " + texts[0])
        elif block.kind == "list":
            out.append("\n".join("- " + t for t in texts))
        elif block.kind == "quote":
            out.append("> " + texts[0])
        else:
            out.append(texts[0])
    return "\n\n".join(out) + "\n"


def source_meta(story: Story) -> dict[str, object]:
    meta: dict[str, object] = {"title": story.title[0], "date": story.date}
    if story.summary:
        meta["summary"] = story.summary[0]
    meta["tags"] = [t[0] for t in story.tags]
    if story.event:
        start, end, place = story.event
        event: dict[str, object] = {"start": start}
        if end:
            event["end"] = end
        event["place"] = place[0]
        meta["event"] = event
    if story.related:
        meta["related"] = [{"title": r[0], "date": story.date} for r in story.related]
    return meta


def english_texts(story: Story) -> dict[str, str]:
    """English text per segment key: field names, and body fingerprints of the Bulgarian."""
    from bulletin.content.segments import fingerprint

    texts = {"title": story.title[1], "tags": ", ".join(t[1] for t in story.tags)}
    if story.summary:
        texts["summary"] = story.summary[1]
    if story.event:
        texts["place"] = story.event[2][1]
    for index, related in enumerate(story.related):
        texts[f"related.{index}"] = related[1]
    for block in story.blocks:
        for bg, en in zip(block.bg, block.en, strict=True):
            texts[fingerprint(bg)] = en
    return texts


def write_workspace(stories: list[Story], root: Path) -> None:
    """A workspace with every story in Bulgarian and its reviewed English translation."""
    from bulletin.content import frontmatter
    from bulletin.content.model import Aligned, ArticleTranslation, State
    from bulletin.content.store import save_translation
    from bulletin.content.workspace import open_workspace
    from bulletin.fsio import write_text

    root.mkdir(parents=True, exist_ok=True)
    write_text(root / "bulletin.toml", CONFIG)
    for story in stories:
        folder = root / "articles" / story.id
        folder.mkdir(parents=True, exist_ok=True)
        text = frontmatter.dump(source_meta(story), markdown(story.blocks, 0))
        write_text(folder / "bg.md", text)
    ws = open_workspace(root)
    if ws.report.problems:
        raise SystemExit("the generated articles have problems:\n" +
                         "\n".join(p.render(root) for p in ws.report.problems[:10]))
    for story in stories:
        article = ws.articles[story.id]
        english = english_texts(story)
        aligned = []
        for seg in article.segments:
            key = seg.key if seg.is_field else seg.fingerprint
            if key not in english:
                raise SystemExit(f"{story.id}: no English for segment {seg.key}: {seg.text[:60]}")
            aligned.append(Aligned(seg, State.REVIEWED, english[key]))
        save_translation(ws, ArticleTranslation(article, "en", aligned, exists=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Example: python bench/corpus.py 1000 /tmp/ws")
    parser.add_argument("count", type=int, help="how many articles")
    parser.add_argument("folder", type=Path, help="the workspace to write (must not exist)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--hugo", type=Path, help="also write the same articles as a Hugo site")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("count must be at least 1")
    if args.folder.exists() and any(args.folder.iterdir()):
        parser.error(f"{args.folder} is not empty: give a new folder")
    stories = generate(args.count, args.seed)
    write_workspace(stories, args.folder)
    print(f"{len(stories)} articles in {args.folder}")
    if args.hugo:
        from hugo_site import write_site

        write_site(stories, args.hugo)
        print(f"Hugo site in {args.hugo}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
