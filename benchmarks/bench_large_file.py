"""How long do one large TF1 file and the command line's start take? Prints figures; asserts nothing.

    python benchmarks/bench_large_file.py                    # a 20,000-line TF1 file, then --version/--help
    python benchmarks/bench_large_file.py --lines 5000       # a smaller one (the cost should be linear)
    python benchmarks/bench_large_file.py --write big.py     # only write the file, to profile it yourself
    python benchmarks/bench_large_file.py --cprofile out.prof  # also profile one in-process migration
    python benchmarks/bench_large_file.py --startup-only     # only the --version/--help start times

The file is the project's TF1 programs (tests/programs) and TF1 rule fixtures (tests/fixtures/TFM1*, TFM2*),
concatenated until it has the wanted number of lines; every copy renames the functions and classes it defines
at module level (``main`` -> ``main_c3``) so that the file stays a valid program of distinct definitions, the
way a large hand-written module is. ``tfmigrate --diff --no-cache`` runs on it in a child process: wall and CPU
seconds and the peak resident memory of that process. Start-up is the median of 10 runs of ``tfmigrate
--version`` and of ``tfmigrate --help``.
"""

from __future__ import annotations

import argparse
import ast
import cProfile
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tokenize
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import CHILD_ENV, REPO, TFMIGRATE, measure  # noqa: E402


def sources() -> list[tuple[str, str]]:
    """(name, text) of every TF1 program and TF1 fixture input that parses and can be concatenated."""
    paths = sorted((REPO / "tests" / "programs").glob("*.py"))
    for pattern in ("TFM1*/*.before.py", "TFM2*/*.before.py"):
        paths += sorted((REPO / "tests" / "fixtures").glob(pattern))
    out = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(text)
        except SyntaxError:
            continue
        if "tfmigrate:" in text or any(isinstance(n, ast.ImportFrom) and n.module == "__future__" for n in tree.body):
            continue  # suppression comments would change what the rest of the file gets; __future__ must lead
        out.append((path.name, text))
    return out


def renamed(text: str, suffix: str) -> str:
    """``text`` with every module-level function and class name (definitions and uses, not attributes) suffixed."""
    tree = ast.parse(text)
    defined = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    if not defined:
        return text
    tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    out = []
    previous = None
    for tok in tokens:
        if tok.type == tokenize.NAME and tok.string in defined and not (previous and previous.string == "."):
            tok = tok._replace(string=tok.string + suffix)
        out.append(tok)
        if tok.type not in (tokenize.NL, tokenize.COMMENT):
            previous = tok
    return tokenize.untokenize(out)


def hoisted(text: str, imports: dict[str, None], bound: dict[str, str]) -> str | None:
    """``text`` without its module-level imports, which are added to ``imports`` (in order, once each); None
    when one of them binds a name that an earlier copy's import bound to something else (``tf`` as
    ``tensorflow.compat.v1`` here, ``tensorflow`` there): that copy is left out."""
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    drop: set[int] = set()
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            span = range(node.lineno - 1, node.end_lineno or node.lineno)
            statement = "".join(lines[i] for i in span).rstrip() + "\n"
            if any(";" in lines[i] for i in span):
                return None
            for alias in node.names:
                name = alias.asname or alias.name.split(".")[0]
                if bound.get(name, statement) != statement or found.get(name, statement) != statement:
                    return None
                found[name] = statement
            drop.update(span)
    bound.update(found)
    imports.update(dict.fromkeys(found.values()))
    return "".join(line for i, line in enumerate(lines) if i not in drop)


def large_file(lines: int, hoist: bool = True) -> str:
    """About ``lines`` lines of TF1 code. With ``hoist``, every copy's module-level imports are written once
    at the top, as in a large hand-written module; without, each copy keeps its own (800 ``import tensorflow
    as tf`` in one module: libcst's scope analysis is quadratic in the bindings of one name)."""
    parts, count, copy = [], 0, 0
    pool = sources()
    imports: dict[str, None] = {}
    bound: dict[str, str] = {}
    while count < lines:
        for name, text in pool:
            body: str | None = renamed(text, f"_c{copy}")
            if hoist:
                body = hoisted(body, imports, bound)
                if body is None:
                    continue
            piece = f"# ---- {name} (copy {copy})\n" + body
            if not piece.endswith("\n"):
                piece += "\n"
            parts.append(piece)
            count += piece.count("\n")
            if count >= lines:
                break
        copy += 1
    return "".join(imports) + "".join(parts)


def startup(args: list[str], env: dict[str, str], runs: int = 10) -> tuple[float, float, float]:
    """Median and best wall seconds, and median CPU seconds, of ``tfmigrate <args>`` over ``runs`` runs.

    Run as the console script runs it (``from tfmigrate.cli import main``), not as ``python -m tfmigrate``."""
    times, cpus = [], []
    for _ in range(runs):
        before = _children_cpu()
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", _CONSOLE_SCRIPT, *args],
            capture_output=True,
            env=env,
            check=True,
            cwd=tempfile.gettempdir(),
        )
        times.append(time.perf_counter() - start)
        cpus.append(_children_cpu() - before)
    return statistics.median(times), min(times), statistics.median(cpus)


# What pip's generated ``tfmigrate`` console script runs.
_CONSOLE_SCRIPT = "import sys; from tfmigrate.cli import main; sys.argv[0] = 'tfmigrate'; sys.exit(main())"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--write", type=Path, help="write the file here and stop")
    parser.add_argument("--cprofile", type=Path, help="also profile one in-process migration, dump for pstats")
    parser.add_argument("--startup-only", action="store_true")
    parser.add_argument("--no-startup", action="store_true")
    parser.add_argument("--no-hoist", action="store_true", help="keep each copy's imports where they are")
    parser.add_argument(
        "--tfmigrate-path",
        type=Path,
        help="measure the tfmigrate in this source tree (put first on PYTHONPATH), e.g. an older checkout",
    )
    args = parser.parse_args()
    env = {**os.environ, **CHILD_ENV}
    if args.tfmigrate_path:
        env["PYTHONPATH"] = os.pathsep.join([str(args.tfmigrate_path.resolve()), env.get("PYTHONPATH", "")])

    if not args.startup_only:
        text = large_file(args.lines, hoist=not args.no_hoist)
        ast.parse(text)  # the benchmark input must be valid Python
        if args.write:
            args.write.write_text(text, encoding="utf-8")
            print(f"wrote {args.write}: {text.count(chr(10)):,} lines, {len(text.encode()):,} bytes")
            return 0
        with tempfile.TemporaryDirectory(prefix="tfmigrate-bigfile-") as tmp:
            path = Path(tmp) / "large_tf1.py"
            path.write_text(text, encoding="utf-8")
            cmd = [*TFMIGRATE, "--diff", "--no-cache", "--no-config", "-j", "1", "--color", "never", str(path)]
            m = measure(cmd, Path(tmp) / "out.diff", env=env, cwd=Path(tmp))  # not the checkout: it would come first
            print(
                f"one TF1 file, {text.count(chr(10)):,} lines, {len(text.encode()) / 1e6:.2f} MB: "
                f"{m.seconds:.1f} s wall {m.cpu:.1f} s cpu, peak {m.peak_mib:.0f} MiB/process, "
                f"diff {m.output_bytes:,} bytes, exit {m.code}",
                flush=True,
            )
            if m.code not in (0, 1):
                print(m.stderr[-2000:])
            if args.cprofile:
                profile(text, args.cprofile)
    if not args.no_startup:
        for what in (["--version"], ["--help"]):
            median, best, cpu = startup(what, env)
            print(
                f"tfmigrate {what[0]:<10} median {median:.2f} s wall (best {best:.2f} s), median {cpu:.2f} s cpu"
                " (10 runs)",
                flush=True,
            )
        times, cpus = [], []
        for _ in range(10):
            before, start = _children_cpu(), time.perf_counter()
            subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)
            times.append(time.perf_counter() - start)
            cpus.append(_children_cpu() - before)
        print(
            f"python -c pass (the floor)  median {statistics.median(times):.2f} s wall, "
            f"median {statistics.median(cpus):.2f} s cpu (10 runs)"
        )
    return 0


def profile(text: str, out: Path) -> None:
    from tfmigrate import engine
    from tfmigrate.ftypes import Options

    profiler = cProfile.Profile()
    start = time.process_time()
    profiler.enable()
    engine.migrate_text(text, Options(), "large_tf1.py")
    profiler.disable()
    profiler.dump_stats(out)
    print(f"in-process migration under cProfile: {time.process_time() - start:.1f} cpu-s; profile in {out}")


if __name__ == "__main__":
    raise SystemExit(main())
