"""The quick front-matter reader must give what PyYAML's safe loader gives, or step aside.

Differential: whatever ``plainyaml.load`` accepts is also loaded by PyYAML (the C safe
loader that ``frontmatter`` falls back to) and compared, types included; where PyYAML
fails, the quick reader must decline. Inputs: every front matter of a generated corpus,
the repository's articles and fixtures, hand-picked tricky cases, and thousands of
generated front matters made of lines that look almost plain.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bulletin import plainyaml
from tests.conftest import FIXTURES, REPO

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as Loader  # type: ignore[assignment]


def typed(value: Any) -> Any:
    """``value`` with every scalar's type spelled out (so True, 1 and "1" differ)."""
    if isinstance(value, dict):
        return [(typed(k), typed(v)) for k, v in value.items()]
    if isinstance(value, list):
        return ["list", *map(typed, value)]
    return (type(value).__name__, value)


def check(raw: str) -> bool:
    """Compare the quick reader with PyYAML on ``raw``; True if the quick reader took it."""
    fast = plainyaml.load(raw)
    try:
        expected = yaml.load(raw, Loader=Loader)  # noqa: S506 - a safe loader
    except (yaml.YAMLError, ValueError):
        assert fast is None, f"PyYAML refuses {raw!r} but the quick reader read {fast!r}"
        return False
    if fast is None:
        return False
    assert typed(fast) == typed(expected), f"readings differ for {raw!r}"
    return True


def front_matter(path: Path) -> str | None:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---", 3)
    return text[4:end + 1] if end > 0 else None


@pytest.fixture(scope="session")
def corpus(bench_corpus: Path) -> Path:
    return bench_corpus


def test_every_corpus_front_matter_is_read_quickly_and_alike(corpus: Path) -> None:
    paths = sorted(corpus.glob("articles/*/*.md"))
    assert len(paths) == 600
    taken = [check(raw) for path in paths if (raw := front_matter(path)) is not None]
    assert len(taken) == 600
    assert all(taken), "the generated corpus is exactly the shape the quick reader is for"


def test_repository_and_fixture_files_agree() -> None:
    paths = sorted((REPO / "articles").glob("*/*.md")) + sorted(FIXTURES.rglob("*.md"))
    raws = [raw for path in paths if (raw := front_matter(path)) is not None]
    assert raws
    for raw in raws:
        check(raw)


TAKEN = [
    "title: Sofia\n",
    "title: 'Sofia: the capital'\n",
    "title: 'It''s here'\n",
    "title: ''\n",
    "title: a [b] {c}, d\n",
    "title: C# and F#\n",
    "title: Цена: 5 лв.\n".replace(": 5", ":5"),
    "title: http://example.org/a?b=c\n",
    "title: 100% sure\n",
    "title: don't\n",
    "title: a  b\n",
    "title: a\xa0\n",
    "draft: yes\nother: No\nthird: on\nfourth: OFF\nfifth: true\n",
    "nothing: ~\nalso: null\nempty:\nlast: x\n",
    "date: 2019-04-08\n",
    "date: 2019-4-8\n",
    "tags:\n- a\n- b\n",
    "tags:\n  - a\n  - 'b: c'\nnext: 1x\n",
    "translation:\n  from: bg\n  title: 4ec49537 reviewed\n",
    "related:\n- title: A\n  date: 2016-01-02\n- title: B\n  url: http://x.example/\n",
    "related:\n  - title: A\n    date: 2016-01-02\n  - title: B\n",
    "a: 1x\n\n\nb: 2y\n",
    "key-with-dash: v\n",
    "translation:\n  related.0: 8a95b863 reviewed\n",
]


@pytest.mark.parametrize("raw", TAKEN)
def test_tricky_but_plain_inputs_are_taken_and_agree(raw: str) -> None:
    assert check(raw), f"the quick reader should take {raw!r}"


def test_typed_values() -> None:
    data = plainyaml.load("a: yes\nb: ~\nc: 2019-04-08\nd: 'no'\ne: no\n")
    assert data == {"a": True, "b": None, "c": dt.date(2019, 4, 8), "d": "no", "e": False}


DECLINED = [
    "",
    "# a comment\ntitle: x\n",
    "title: x # comment\n",
    "title: \"double\"\n",
    "title: 'open\n",
    "title: 'a' b\n",
    "title: a: b\n",
    "title: a:\n",
    "title: |\n  block\n",
    "title: >\n  folded\n",
    "title: first\n  continued\n",
    "title:\n  on the next line\n",
    "tags: [a, b]\n",
    "event: {start: 2019-03-26}\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "count: 12\n",
    "ratio: 1.5\n",
    "date: 2019-02-30\n",
    "when: 2019-04-08 10:00:00\n",
    "title: a\ntitle: b\n",
    "yes: x\n",
    "- a\n- b\n",
    "title:\ttab\n",
    "title: x\r\n",
    "tags:\n- a\n  - b\n",
    "tags:\n  - a\n - b\n",
    "tags:\n -\n",
    "related:\n- title: A\n   date: 2016-01-02\n",
    "related:\n- title:\n  date: 2016-01-02\n",
    "translation:\n  from: bg\n    title: x\n",
    "title: a\x85b\n",
    "title: a\u2028b\n",
    "? complex\n: key\n",
    "title: @x\n",
    "title: `x`\n",
    "%YAML 1.1\n---\ntitle: x\n",
]


@pytest.mark.parametrize("raw", DECLINED)
def test_unusual_inputs_are_left_to_pyyaml(raw: str) -> None:
    assert plainyaml.load(raw) is None
    check(raw)


# ---------------------------------------------------------------- generated front matters

WORDS = ["title", "date", "tags", "from", "yes", "No", "on", "null", "~", "a", "b c",
         "2019-04-08", "2019-02-30", "2019-4-8", "12", "1.5", "0x1F", "1_000", "-1", "+1",
         ".inf", "'q'", "'it''s'", "'x", '"d"', "#", "a #b", "a#b", "a: b", "a:b", "a:",
         "[a, b]", "{a: b}", "&x", "*x", "!t", "|", ">", "- x", "-", "?", "%", "@", "`",
         "Цена", "лв.", "\xa0", "   ", "12:30", "1:2:3", "true", "FALSE", "Off", "=", "<<"]


def fragment() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(WORDS), min_size=0, max_size=3).map(" ".join)


def line() -> st.SearchStrategy[str]:
    indent = st.sampled_from(["", "", "", " ", "  ", "   ", "    "])
    shape = st.sampled_from(["{k}: {v}", "{k}:", "- {v}", "- {k}: {v}", "{v}", "{k}:{v}",
                             "-   {k}: {v}", ""])
    return st.builds(lambda i, s, k, v: i + s.format(k=k, v=v), indent, shape,
                     st.sampled_from(["title", "date", "tags", "related", "yes", "on", "x-y",
                                      "a b", "from", "title"]), fragment())


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line(), min_size=1, max_size=8))
def test_generated_front_matters_agree(lines: list[str]) -> None:
    check("\n".join(lines) + "\n")


PLAIN = ["Sofia", "Цена", "лв.", "a b", "it's", "C#", "2019-04-08", "yes", "~", "100%",
         "a [b]", "'q'", "'it''s'", "http://x.example/a", "Off", "null", "x,y", "a-b"]


def document(rng: random.Random) -> str:
    """A front matter of the shapes the quick reader knows, with values drawn from WORDS,
    and now and then a line knocked out of place."""
    keys = ["title", "date", "tags", "related", "translation", "yes", "x-y", "related.0"]

    def value() -> str:
        words = PLAIN if rng.random() < 0.9 else WORDS
        return " ".join(rng.choice(words) for _ in range(rng.choice([1, 1, 1, 2])))

    lines: list[str] = []
    for key in rng.sample(keys, rng.randint(1, 5)):
        shape = rng.choice(["scalar", "scalar", "list", "mapping", "records", "empty"])
        if shape == "scalar":
            lines.append(f"{key}: {value()}")
            continue
        lines.append(f"{key}:")
        pad = rng.choice(["", "  "]) if shape != "mapping" else rng.choice([" ", "  ", "    "])
        for _ in range(rng.randint(1, 3) if shape != "empty" else 0):
            if shape == "list":
                lines.append(f"{pad}- {value()}")
            elif shape == "mapping":
                lines.append(f"{pad}{rng.choice(keys)}: {value()}")
            else:
                lines.append(f"{pad}- title: {value()}")
                lines += [f"{pad}  {k}: {value()}" for k in rng.sample(["date", "url"],
                                                                       rng.randint(0, 2))]
    if rng.random() < 0.2:  # a line out of place
        at = rng.randrange(len(lines))
        lines[at] = rng.choice(["", " ", "   ", "- "]) + lines[at]
    return "\n".join(lines) + "\n"


@settings(max_examples=2000, deadline=None)
@given(st.randoms(use_true_random=False))
def test_generated_documents_agree(rng: random.Random) -> None:
    check(document(rng))


def test_generated_documents_exercise_both_paths() -> None:
    """The generators above are worth something only if the quick reader takes a good
    share of such documents, and leaves a good share to PyYAML."""
    rng = random.Random(7)
    taken = sum(check(document(rng)) for _ in range(3000))
    assert 600 < taken < 2400, taken
