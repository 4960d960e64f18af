"""Where does a run's time go? Per rule: how often it ran, how often it acted, and its CPU seconds.

    python benchmarks/profile_rules.py                    # a seeded 3% of the large-tree corpus
    python benchmarks/profile_rules.py --fraction 0.1
    python benchmarks/profile_rules.py path/to/tree       # any tree of your own
    python benchmarks/profile_rules.py --cprofile out.prof path/to/tree   # and a cProfile dump for pstats

In one process, without the cache, each file under the run's collector settings (``tfmigrate.api``: rarer
passes, the objects from before the run frozen), with the collector's own CPU printed apart: under Python's
default settings its passes landed in whatever phase was allocating (most often Python's parse). A rule that runs often and acts rarely is a gate (``Transform.needs``) to
sharpen; one that acts on most files it runs on is real work. Also the share of the run spent resolving libcst
metadata (``MetadataWrapper.resolve_many``; of it, the calls asking for ScopeProvider, which qualified names are
read from), paid by the first libcst rule on a file, and each rule's share of the run; and how many files reach
libcst at all (their share of the files, lines and CPU), with the rule that parsed each first: a file whose
rules all decide on Python's ``ast`` model is never parsed by libcst. Then the engine's own phases outside the
rules (Python's parse, the gates' facts, the model, the gate text) and the idle libcst runs: a rule that went to
libcst and neither changed nor reported anything, with the files where that cost most (the next ones to decide
on the ast model). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from libcst.metadata import MetadataWrapper, ScopeProvider

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import build_corpus  # noqa: E402

from tfmigrate import api, engine, facts, model  # noqa: E402
from tfmigrate.ftypes import Options, SourceError  # noqa: E402
from tfmigrate.transforms.base import CHANGES_KEY, FOLLOWUPS_KEY  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tree", nargs="?", type=Path)
    parser.add_argument("--fraction", type=float, default=0.03)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--cprofile", type=Path, help="also write a cProfile dump here")
    parser.add_argument("--show", type=int, default=8, help="idle libcst runs to list")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="tfmigrate-profile-") as tmp:
        root = args.tree or build_corpus(Path(tmp) / "corpus", args.fraction, args.seed).root
        files = sorted(p for p in root.rglob("*.py") if p.is_file())
        texts = [(str(p), p.read_text(encoding="utf-8", errors="replace")) for p in files]
        stats: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0.0])
        run_rule = engine._run

        parsed_by: dict[str, str] = {}  # file -> the rule that first parsed it with libcst
        idle: list[tuple[float, str, str]] = []  # (cpu, rule, file) of a libcst run that changed and reported nothing
        phases: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])  # engine phase -> [calls, cpu]
        patched = [(engine, "check_parses"), (facts, "read"), (model, "build"), (engine, "code_text")]
        originals = [getattr(owner, name) for owner, name in patched]
        for (owner, name), function in zip(patched, originals):
            setattr(owner, name, _timed(function, phases[f"{owner.__name__.rsplit('.', 1)[-1]}.{name}"]))

        def timed(rule, tree, context, options):
            before = sum(len(context.scratch.get(k, [])) for k in (CHANGES_KEY, FOLLOWUPS_KEY))
            unparsed = tree._module is None
            ran_libcst = context.scratch.get(engine._LIBCST_RAN_KEY)
            context.scratch[engine._LIBCST_RAN_KEY] = False
            start = time.process_time()
            out = run_rule(rule, tree, context, options)
            spent = time.process_time() - start
            if unparsed and tree._module is not None:
                parsed_by.setdefault(context.filename, rule.CODE)
            row = stats[rule.CODE]
            row[0] += 1
            acted = (
                out is not tree or sum(len(context.scratch.get(k, [])) for k in (CHANGES_KEY, FOLLOWUPS_KEY)) > before
            )
            row[1] += acted
            row[2] += spent
            if context.scratch[engine._LIBCST_RAN_KEY] and not acted:
                idle.append((spent, rule.CODE, context.filename))
            context.scratch[engine._LIBCST_RAN_KEY] = ran_libcst or context.scratch[engine._LIBCST_RAN_KEY]
            return out

        engine._run = timed
        metadata = {"all": 0.0, "scope": 0.0}  # resolve_many's CPU; of it, the calls that ask for scopes
        resolve_many = MetadataWrapper.resolve_many

        def timed_resolve(wrapper, providers):
            start = time.process_time()
            try:
                return resolve_many(wrapper, providers)
            finally:
                spent = time.process_time() - start
                metadata["all"] += spent
                metadata["scope"] += spent if ScopeProvider in providers else 0.0

        MetadataWrapper.resolve_many = timed_resolve  # type: ignore[method-assign]
        collector = [0.0, 0.0]  # the start of the pass under way, the CPU of all passes

        def timed_collection(phase: str, info: dict) -> None:
            if phase == "start":
                collector[0] = time.process_time()
            else:
                collector[1] += time.process_time() - collector[0]

        gc.callbacks.append(timed_collection)
        profiler = cProfile.Profile() if args.cprofile else None
        start = time.process_time()
        failed = 0
        if profiler:
            profiler.enable()
        cpu: dict[str, float] = {}
        with api._earlier_objects_frozen():
            for name, text in texts:
                began = time.process_time()
                try:
                    with api._fewer_collections():
                        engine.migrate_text(text, Options(), name)
                except SourceError:
                    failed += 1
                cpu[name] = time.process_time() - began
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.cprofile)
        total = time.process_time() - start
        gc.callbacks.remove(timed_collection)
        engine._run = run_rule
        MetadataWrapper.resolve_many = resolve_many  # type: ignore[method-assign]
        for (owner, name), function in zip(patched, originals):
            setattr(owner, name, function)

    lines = sum(text.count("\n") for _, text in texts)
    in_rules = sum(row[2] for row in stats.values())
    print(
        f"{len(texts):,} files, {lines:,} lines, {failed} failed: {total:.1f} cpu-s "
        f"({total / max(lines, 1) * 1000:.2f} ms per line); {in_rules:.1f} s inside rules, "
        f"{total - in_rules:.1f} s reading, gating and parsing"
    )
    print(
        f"libcst metadata resolution: {metadata['all']:.1f} cpu-s, {metadata['all'] / total:.0%} of the run; "
        f"scopes (ScopeProvider and what it needs) {metadata['scope']:.1f} s, {metadata['scope'] / total:.0%} "
        "(inside the rules that asked for them)"
    )
    print(
        f"cyclic garbage collector: {collector[1]:.1f} cpu-s, {collector[1] / total:.0%} of the run (in the figures below)"
    )
    lines_of = {name: text.count("\n") for name, text in texts}
    first = Counter(parsed_by.values())
    print(
        f"files reaching libcst: {len(parsed_by)} of {len(texts)} ({len(parsed_by) / max(len(texts), 1):.0%}), "
        f"{sum(lines_of[n] for n in parsed_by) / max(lines, 1):.0%} of the lines, "
        f"{sum(cpu[n] for n in parsed_by) / total:.0%} of the CPU; parsed first by "
        + ", ".join(f"{code} {count}" for code, count in first.most_common())
    )
    print(f"{'rule':<8} {'ran':>6} {'acted':>6} {'cpu-s':>8} {'share':>6}")
    for code, (ran, acted, cpu) in sorted(stats.items(), key=lambda kv: -kv[1][2]):
        print(f"{code:<8} {ran:6.0f} {acted:6.0f} {cpu:8.1f} {cpu / total:6.0%}")
    print("engine phases outside the rules (a rule's model and parse counted here too, where it asked first):")
    for name, (calls, cpu) in sorted(phases.items(), key=lambda kv: -kv[1][1]):
        print(f"  {name:<22} {calls:6.0f} calls {cpu:8.2f} cpu-s {cpu / total:6.0%}")
    by_rule: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    for cpu, code, _ in idle:
        by_rule[code][0] += 1
        by_rule[code][1] += cpu
    print(
        f"idle libcst runs (parsed or walked by libcst, nothing changed or reported): {len(idle)}, "
        f"{sum(cpu for cpu, _, _ in idle):.2f} cpu-s; "
        + ", ".join(
            f"{code} {n:.0f} ({cpu:.2f} s)" for code, (n, cpu) in sorted(by_rule.items(), key=lambda kv: -kv[1][1])
        )
    )
    for cpu, code, name in sorted(idle, reverse=True)[: args.show]:
        shown = Path(name).relative_to(root) if Path(name).is_relative_to(root) else name
        print(f"  {cpu:6.2f} s  {code}  {shown}")
    return 0


def _timed(function, row: list[float]):
    def timed(*args, **kwargs):
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            row[0] += 1
            row[1] += time.process_time() - start

    return timed


if __name__ == "__main__":
    raise SystemExit(main())
