"""The planreview benchmark: start-up, keystrokes, saves, imports and memory against the budgets of issue 7.

    python bench/run.py                      # sizes 1000,10000,50000, 5 fresh processes each
    python bench/run.py --quick              # a smoke run: smaller sizes, 3 runs
    python bench/run.py --actions 10000 --runs 7 --json

Every app figure comes from a fresh process in a pseudo-terminal: keys are written to the terminal as
bytes and the clock stops when the expected text has been painted (see bench/pty_term.py), never through
Pilot. Generated databases are cached in the temp folder (bench/generate.py makes them).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402
from app_script import AppScript, NotAvailable, expectations, probe_saves  # noqa: E402
from meeting_script import meeting_expectations, sort_and_meeting  # noqa: E402
from pty_term import Term, TermTimeout  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
FLOOR = ROOT / "bench" / "floor_app.py"
EXTERNAL = {"merge": ROOT / "bench" / "merge_timings.py", "export": ROOT / "bench" / "export_timings.py"}
APP_COMMAND = [sys.executable, "-m", "planreview"]
COLS, ROWS = 160, 50  # wide enough for the table's 6-cell ref column, like a maximised laptop terminal


@dataclass
class Metric:
    """One measured quantity at one size: its samples and its budget."""

    group: str
    name: str
    size: int | None
    unit: str = "ms"
    samples: list[float] = field(default_factory=list)
    budget: float | None = None
    note: str = ""
    error: str = ""

    def stats(self) -> dict:
        """min/median/max of the samples (None when nothing was measured)."""
        if not self.samples:
            return {"min": None, "median": None, "max": None}
        return {"min": min(self.samples), "median": statistics.median(self.samples), "max": max(self.samples)}

    def verdict(self) -> str:
        """'ok', 'OVER', or '' when there is no budget or no figure."""
        median = self.stats()["median"]
        if self.budget is None or median is None:
            return ""
        return "ok" if median <= self.budget else "OVER"


class Results:
    """Every metric of one benchmark run, keyed by (group, name, size)."""

    def __init__(self) -> None:
        self.metrics: dict[tuple, Metric] = {}

    def get(self, group: str, name: str, size: int | None, **kw) -> Metric:
        """The metric with this key (made on first use)."""
        key = (group, name, size)
        if key not in self.metrics:
            self.metrics[key] = Metric(group, name, size, **kw)
        return self.metrics[key]

    def add(self, group: str, name: str, size: int | None, value: float, **kw) -> None:
        """Record one sample."""
        self.get(group, name, size, **kw).samples.append(value)


def bench_env(workdir: Path) -> dict[str, str]:
    """The environment every spawned process gets: a fixed day, its own config, a capable terminal."""
    config = workdir / "config.toml"
    config.write_text('author = "Benchmark"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL_") and k != "NO_COLOR"}
    env.update(TERM="xterm-256color", COLORTERM="truecolor", PLANREVIEW_TODAY=generate.TODAY,
               PLANREVIEW_CONFIG=str(config), PYTHONPATH=str(ROOT), LANG=env.get("LANG", "C.UTF-8"))
    return env


def cached_db(cache: Path, size: int) -> Path:
    """The generated database of this size (made once per generator version), at this planreview's schema.

    Each schema version has its own copy (made from an older one by migrating it), so that runs of two
    branches with different schemas never migrate a file the other still reads.
    """
    from planreview.store.schema import SCHEMA_VERSION

    base = cache / f"plan-{size}-v{generate.GENERATOR_VERSION}.db"
    path = cache / f"plan-{size}-v{generate.GENERATOR_VERSION}-s{SCHEMA_VERSION}.db"
    if not path.exists() and base.exists():
        older = [cache / f"plan-{size}-v{generate.GENERATOR_VERSION}-s{v}.db" for v in range(SCHEMA_VERSION - 1, 0, -1)]
        shutil.copyfile(next((p for p in older if p.exists()), base), path)
    if not path.exists():
        _say(f"generating a {size}-action database (once; cached in {cache}) ...")
        started = time.perf_counter()
        # in a child process, so that this process stays small (children forked from it start at its size)
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--actions", str(size), "--out",
                        str(path)], check=True, stdout=subprocess.DEVNULL)
        _say(f"  done in {time.perf_counter() - started:.1f} s")
    # a database cached by an older planreview is brought to the current schema once, here, so that no timed
    # run pays for a migration (each run starts on a fresh copy of this file)
    subprocess.run([sys.executable, "-c", f"from planreview.store.db import connect; connect({str(path)!r}).close()"],
                   cwd=ROOT, check=True)
    return path


def cached_xlsx(cache: Path, rows: int) -> Path:
    """The generated tracker workbook of this many rows."""
    path = cache / f"tracker-{rows}-v{generate.GENERATOR_VERSION}.xlsx"
    if not path.exists():
        _say(f"generating a {rows}-row xlsx ...")
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--xlsx", str(rows), "--out",
                        str(path)], check=True, stdout=subprocess.DEVNULL)
    return path


def _exit_on_term(_signum, _frame) -> None:
    raise SystemExit(143)


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _fresh_copy(db: Path, workdir: Path) -> Path:
    target = workdir / "run.db"
    for old in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        old.unlink(missing_ok=True)
    shutil.copyfile(db, target)
    return target


# --- the floor and the app -------------------------------------------------------------------------------


def floor_run(env: dict[str, str], results: Results, size: int) -> None:
    """One fresh bare Textual app: cold start to its rows painted, and a cursor key to the next frame."""
    from floor_app import LAST_ROW

    term = Term([sys.executable, str(FLOOR)], env, cols=COLS, rows=ROWS).start()
    try:
        painted = term.wait_text(0, LAST_ROW, timeout=30)
        results.add("floor", "cold start (bare Textual)", size, (painted - term.started) * 1000)
        term.settle(0.2)
        for key in ("down", "up"):
            mark = term.mark()
            sent = term.send(key)
            results.add("floor", "cursor key -> frame (bare Textual)", size, (term.wait_frame(mark) - sent) * 1000)
            term.settle(0.1)
    finally:
        term.stop()
    results.add("floor", "peak RSS (bare Textual)", size, term.peak_rss_mb(), unit="MB")


def app_run(db: Path, env: dict[str, str], results: Results, size: int, script: AppScript, run: int) -> None:
    """One fresh app process on a fresh copy of the database: every app figure once or twice."""
    term = Term([*APP_COMMAND, str(db)], env, cols=COLS, rows=ROWS).start()
    try:
        painted = term.wait_text(0, *script.first_rows, timeout=120)
        results.add("app", "cold start to rows painted", size, (painted - term.started) * 1000)
        counted = term.wait_text(0, f"Actions ({script.expect.total})", timeout=120)
        results.add("app", "cold start to rows and counts shown", size, (counted - term.started) * 1000)
        term.settle(0.3)
        for name, value in script.interact(term, run):
            results.add("app", name, size, value)
    except (TermTimeout, NotAvailable) as exc:
        results.get("app", "errors", size).error = str(exc)[:2000]
        _say(f"  app run failed at {size}: {str(exc)[:300]}")
    finally:
        term.stop()
    if term.peak_rss_mb() is not None:
        results.add("app", "peak RSS", size, term.peak_rss_mb(), unit="MB")


def meeting_run(db: Path, env: dict[str, str], results: Results, size: int, script: AppScript, expect) -> None:
    """A fresh app process (bench/meeting_script.py): every sort order, then a meeting started, walked, left idle
    and its agenda listed."""
    term = Term([*APP_COMMAND, str(db)], env, cols=COLS, rows=ROWS).start()
    try:
        term.wait_text(0, *script.first_rows, timeout=120)
        term.wait_text(0, f"Actions ({script.expect.total})", timeout=120)
        term.settle(0.4)
        for name, value in sort_and_meeting(term, expect):
            results.add("meeting" if "meeting" in name or "agenda" in name else "app", name, size, value,
                        unit="%" if name.endswith("CPU") else "ms")
    except TermTimeout as exc:
        results.get("meeting", "errors", size).error = str(exc)[:2000]
        _say(f"  meeting run failed at {size}: {str(exc)[:300]}")
    finally:
        term.stop(quit_key="ctrl+q")
    if term.peak_rss_mb() is not None:
        results.add("meeting", "peak RSS (sorts and a meeting)", size, term.peak_rss_mb(), unit="MB")


def external_figures(args, results: Results, env: dict[str, str], cache: Path, skip: set[str]) -> None:
    """bench/merge_timings.py and bench/export_timings.py, when they are there: each prints JSON on stdout, either
    {"metrics": [{"name", "size", "unit", "samples", "budget"}, ...]} or {name: [samples in ms], ...}."""
    for group, script in EXTERNAL.items():
        if group in skip:
            continue
        if not script.exists():
            results.get(group, f"{script.name} (not written yet)", None).error = f"{script.name} is not in bench/"
            continue
        _say(f"{group} timings ({script.name}) ...")
        proc = subprocess.run([sys.executable, str(script), "--cache", str(cache), "--runs", str(args.runs)],
                              env=env, capture_output=True, text=True)
        if proc.returncode:
            results.get(group, "errors", None).error = (proc.stderr or proc.stdout)[-2000:] or "failed"
            continue
        try:
            data = json.loads(proc.stdout)
        except ValueError:
            results.get(group, "errors", None).error = f"{script.name} printed no JSON: {proc.stdout[-300:]}"
            continue
        rows = data.get("metrics") if isinstance(data, dict) and "metrics" in data else [
            {"name": name, "samples": samples} for name, samples in data.items()]
        for row in rows:
            metric = results.get(group, str(row["name"]), row.get("size"), unit=row.get("unit", "ms"))
            metric.samples.extend(float(v) for v in row.get("samples", []))
            if row.get("budget") is not None:
                metric.budget = float(row["budget"])


def probe_run(db: Path, env: dict[str, str], results: Results, size: int, script: AppScript) -> None:
    """A second fresh process (bench/save_probe.py): saves made by f9 exactly as the editor's ctrl+s makes them."""
    term = Term([sys.executable, str(ROOT / "bench" / "save_probe.py"), str(db)], env, cols=COLS, rows=ROWS).start()
    try:
        term.wait_text(0, *script.first_rows, timeout=120)
        term.settle(0.4)
        for name, value in probe_saves(term):
            results.add("app", name, size, value)
    except TermTimeout as exc:
        results.get("app", "probe errors", size).error = str(exc)[:2000]
        _say(f"  probe run failed at {size}: {str(exc)[:300]}")
    finally:
        term.stop()


# --- imports and the store ---------------------------------------------------------------------------------


def import_run(files: list[Path], workdir: Path, env: dict[str, str]) -> tuple[float, float, str]:
    """`planreview import FILES` into a fresh empty database in a fresh process: (ms, peak RSS MB, error)."""
    from planreview.store.db import connect

    db = workdir / "import.db"
    for old in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        old.unlink(missing_ok=True)
    connect(db).close()
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "planreview", "import", *map(str, files), "--db", str(db)],
                                env=env, stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = (time.perf_counter() - started) * 1000
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        message = err.read().decode(errors="replace").strip() if proc.returncode else ""
    return elapsed, usage.ru_maxrss / 1024, message


def import_figures(args, workdir: Path, env: dict[str, str], results: Results, cache: Path) -> None:
    """The four seeds together, and a 10,000-row xlsx, each in fresh processes."""
    seeds = sorted(Path(args.seeds).glob("*.txt")) if Path(args.seeds).is_dir() else []
    if seeds:
        for _ in range(args.runs):
            ms, rss, error = import_run(seeds, workdir, env)
            metric = results.get("import", f"{len(seeds)} seeds together", None, budget=1000.0)
            if error:
                metric.error = error
                break
            metric.samples.append(ms)
            results.add("import", f"{len(seeds)} seeds: peak RSS", None, rss, unit="MB")
    else:
        results.get("import", "seeds", None).error = f"no seeds found in {args.seeds}"
    xlsx = cached_xlsx(cache, args.xlsx_rows)
    for _ in range(args.xlsx_runs):
        ms, rss, error = import_run([xlsx], workdir, env)
        metric = results.get("import", f"{args.xlsx_rows}-row xlsx", None, budget=10000.0)
        if error:
            metric.error = error
            break
        metric.samples.append(ms)
        results.add("import", f"{args.xlsx_rows}-row xlsx: peak RSS", None, rss, unit="MB")


def store_figures(db: Path, workdir: Path, env: dict[str, str], results: Results, size: int, runs: int) -> None:
    """Store-level timings (no screen) in a fresh process on a fresh copy: the floor under every keystroke."""
    copy = _fresh_copy(db, workdir)
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "store_timings.py"), str(copy), "--repeat",
                           str(runs), "--search", generate.SEARCH_WORD], env=env, capture_output=True, text=True)
    if proc.returncode:
        results.get("store", "errors", size).error = proc.stderr[-2000:]
        return
    for name, samples in json.loads(proc.stdout).items():
        results.get("store", name, size).samples.extend(samples)


# --- report ------------------------------------------------------------------------------------------------

BUDGETS = {
    ("app", "band filter key -> rows updated"): 100.0,
    ("app", "band filter key -> screen settled"): 100.0,
    ("app", "search keystroke -> rows updated"): 100.0,
    ("app", "search keystroke -> screen settled"): 100.0,
    ("app", "cursor key -> frame"): 16.0,
    ("app", "note save -> row, header, history updated"): 50.0,
    ("app", "note save probe (f9) -> screen settled"): 50.0,
    # the store's share of meeting mode (issue 16): the screen adds its repaint on top
    ("store", "meeting: agenda (m)"): 300.0,
    ("store", "meeting: next item"): 30.0,
    ("store", "meeting: clock tick"): 1.0,
    ("app", "sort -> screen settled"): 150.0,
    ("meeting", "meeting next item -> shown"): 30.0,
    ("meeting", "idle meeting CPU"): 1.0,
    ("meeting", "m -> first meeting item (less the dialog)"): 300.0,
    ("meeting", "agenda list -> shown"): 100.0,
    ("meeting", "peak RSS (sorts and a meeting)"): 150.0,
}
RATIOS = (("cold start to rows painted", "cold start / bare Textual (ratio of medians)"),
          ("cold start to rows and counts shown", "cold start to counts / bare Textual (ratio)"))


def apply_budgets(results: Results, sizes: list[int]) -> None:
    """Attach budgets, and add the cold-start ratio (app median / bare Textual median, same run)."""
    for (group, name, _size), metric in results.metrics.items():
        if (group, name) in BUDGETS:
            metric.budget = BUDGETS[(group, name)]
        if group == "app" and name == "peak RSS":
            metric.budget = 150.0  # in every mode, at every size
    for size in sizes:
        floor = results.metrics.get(("floor", "cold start (bare Textual)", size))
        for figure, ratio_name in RATIOS:
            app = results.metrics.get(("app", figure, size))
            if not (app and floor and app.samples and floor.samples):
                continue
            ratio = results.get("app", ratio_name, size, unit="x", budget=1.3)
            ratio.samples = [statistics.median(app.samples) / statistics.median(floor.samples)]
            ratio.note = "min/max: per-run ratios" if len(app.samples) == len(floor.samples) else ""
            if len(app.samples) == len(floor.samples):
                per_run = [a / f for a, f in zip(app.samples, floor.samples, strict=True)]
                ratio.samples = [min(per_run), ratio.samples[0], max(per_run)]


def print_table(results: Results, header: dict) -> None:
    """The human table: one line per metric and size."""
    print(f"planreview benchmark  {header['when']}  python {header['python']}  {header['cpus']} cpus  "
          f"runs={header['runs']}  terminal {header['terminal']}")
    print(f"{'group':7} {'metric':44} {'size':>6} {'min':>9} {'median':>9} {'max':>9} {'n':>3} "
          f"{'budget':>9} verdict")
    for m in results.metrics.values():
        if m.error:
            print(f"{m.group:7} {m.name:44} {m.size or '':>6} ERROR: {m.error.splitlines()[0][:120]}")
            continue
        s = m.stats()
        if s["median"] is None:
            continue
        fmt = (lambda v: f"{v:9.2f}") if m.unit == "x" else (lambda v: f"{v:9.1f}")
        budget = f"{m.budget:g} {m.unit}" if m.budget is not None else ""
        print(f"{m.group:7} {m.name:44} {m.size or '':>6} {fmt(s['min'])} {fmt(s['median'])} {fmt(s['max'])} "
              f"{len(m.samples):3} {budget:>9} {m.verdict()}  ({m.unit})")


def print_budgets(results: Results) -> None:
    """One line per budgeted figure: the medians by size against the budget."""
    rows: dict[tuple[str, str], list[Metric]] = {}
    for m in results.metrics.values():
        if m.budget is not None and m.samples:
            rows.setdefault((m.group, m.name), []).append(m)
    if not rows:
        return
    print("\nbudgets (medians):")
    for (group, name), metrics in rows.items():
        figures = "  ".join(f"{m.size or 'all'}: {m.stats()['median']:.{2 if m.unit == 'x' else 0}f}" for m in metrics)
        verdict = "OVER" if any(m.verdict() == "OVER" for m in metrics) else "ok"
        print(f"  {verdict:4} {group} {name:44} {figures}   (budget {metrics[0].budget:g} {metrics[0].unit})")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", default="1000,10000,50000", help="comma-separated plan sizes")
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per figure (default 5)")
    parser.add_argument("--xlsx-rows", type=int, default=10000)
    parser.add_argument("--xlsx-runs", type=int, default=None, help="xlsx import runs (default: --runs)")
    parser.add_argument("--seeds", default=str(SEEDS), help="folder of seed documents to import")
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "planreview-bench"))
    parser.add_argument("--quick", action="store_true", help="smoke run: sizes 1000,10000, 3 runs, 1 xlsx run")
    parser.add_argument("--skip", default="",
                        help="comma-separated parts to skip: app,meeting,store,imports,merge,export")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _exit_on_term)  # so that every spawned app is stopped on the way out
    if args.quick:
        args.actions, args.runs = "1000,10000", 3
        args.xlsx_runs = args.xlsx_runs or 1
    args.xlsx_runs = args.xlsx_runs or args.runs
    sizes = [int(s) for s in args.actions.split(",") if s.strip()]
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    results = Results()
    with tempfile.TemporaryDirectory(prefix="planreview-bench-") as tmp:
        workdir = Path(tmp)
        env = bench_env(workdir)
        for size in sizes:
            db = cached_db(cache, size)
            if "store" not in skip:
                _say(f"store timings at {size} ...")
                store_figures(db, workdir, env, results, size, args.runs)
            script = AppScript(expectations(db))
            meeting = meeting_expectations(db, generate.TODAY) if "meeting" not in skip else None
            for run in range(args.runs if {"app", "meeting"} - skip else 0):
                _say(f"app at {size}: run {run + 1}/{args.runs}")
                floor_run(env, results, size)
                if "app" not in skip:
                    app_run(_fresh_copy(db, workdir), env, results, size, script, run)
                    probe_run(_fresh_copy(db, workdir), env, results, size, script)
                if meeting is not None:
                    meeting_run(_fresh_copy(db, workdir), env, results, size, script, meeting)
        if "imports" not in skip:
            _say("imports ...")
            import_figures(args, workdir, env, results, cache)
        if not {"merge", "export"} <= skip:
            external_figures(args, results, env, cache, skip)
    apply_budgets(results, sizes)
    header = {"when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "python": platform.python_version(),
              "cpus": os.cpu_count(), "runs": args.runs, "terminal": f"{COLS}x{ROWS}", "sizes": sizes}
    if args.json:
        out = []
        for m in results.metrics.values():
            row = asdict(m)
            row.update(m.stats(), verdict=m.verdict())
            out.append(row)
        print(json.dumps({"header": header, "metrics": out}, indent=1))
    else:
        print_table(results, header)
        print_budgets(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
