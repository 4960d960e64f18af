"""Writes the committed stores of TF1 baselines the tests read instead of running them on every run:
tests/data/tf1_baselines/eager_rewrite.json (tests/test_eager_rewrite.py's fixture programs, run by its runner as the
test runs them: all in one call, in the harness's shared graph child) and session_programs.json (tests/programs'
programs, each run as tests/session_harness.py runs a baseline). Run it after changing a program, the runner or
harness child, a data file or the TensorFlow stack; tests/test_tf1_baselines.py says when the stores are stale.

    nice python tools/gen_tf1_baselines.py                    # both stores
    nice python tools/gen_tf1_baselines.py eager_rewrite      # one of them
    nice python tools/gen_tf1_baselines.py session_programs NAME ...  # only these programs of tests/programs

Naming programs reruns only theirs (a program added or changed) and keeps the store's other records, when the store
was written on this machine kind and stack; else the whole store is to be written.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1] / "tests"


def _write(path: Path, store: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(store, indent=1, sort_keys=True) + "\n")


def eager_rewrite(root: Path) -> dict:
    """Every fixture program's output; a program that failed or printed its folder's path is run live."""
    import tf1_baselines

    keys = {path: tf1_baselines.key(path) for path in tf1_baselines.EAGER_PROGRAMS}  # of the files as they ran
    printed = tf1_baselines.run_programs("tf1", tf1_baselines.EAGER_PROGRAMS, root / "tf1")
    store: dict = {"baselines": {}, "live": {}}
    for path, key in keys.items():
        text = printed[str(path)]
        why = "it failed" if "FAILED" in text else "it printed its folder" if str(root) in text else ""
        if why:
            store["live"][key] = {"name": path.name, "why": why}
        else:
            store["baselines"][key] = {"name": path.name, "printed": text}
    return store


def session_programs(root: Path, only: list[str] | None = None) -> dict:
    """Every program's baseline Run (``only``: these programs', the store's other records kept); one that resumes,
    failed, left files or printed its folder is run live."""
    import session_harness

    programs = session_harness.load_programs(only or None)
    keys = {p.name: session_harness.stored_key(p) for p in programs}  # of the files as they ran
    ran = session_harness.run_baselines_live([p for p in programs if p.checkpoint != "resume"], root)
    store: dict = {"baselines": {}, "live": {}}
    if only:
        held = session_harness.stored_records(session_harness.TF1_STORE)
        if held.get("environment") != session_harness.environment_fingerprint():
            raise SystemExit("the store was written on another machine kind or stack: write it whole")
        for kind in ("baselines", "live"):
            store[kind] = {k: r for k, r in held[kind].items() if r["name"] not in only}
    for p in programs:
        key = keys[p.name]
        run, unchanged = ran.get(p.name, (None, False))
        why = (
            "it resumes from its checkpoint"
            if run is None
            else "it failed"
            if not run.ok
            else "it left files"
            if not unchanged
            else "it printed its folder"
            if str(root) in run.stdout + run.stderr
            else ""
        )
        if why:
            store["live"][key] = {"name": p.name, "why": why}
        else:
            store["baselines"][key] = {"name": p.name, "run": vars(run)}
    return store


def main(args: list[str]) -> int:
    sys.path[:0] = [str(TESTS.parent), str(TESTS)]
    os.environ["TFMIGRATE_RUN_STORE"] = "off"
    os.environ.pop("TFMIGRATE_CHILD_CHECK", None)
    import session_harness
    import tf1_baselines

    names = [a for a in args if a in ("eager_rewrite", "session_programs")]
    only = [a for a in args if a not in names]
    if only and names != ["session_programs"]:
        raise SystemExit("programs are named after session_programs alone")
    with tempfile.TemporaryDirectory(prefix="tf1-baselines-") as tmp:
        root = Path(tmp)
        for path, make in ((tf1_baselines.STORE, eager_rewrite), (session_harness.TF1_STORE, session_programs)):
            if names and path.stem not in names:
                continue
            store = session_programs(root / path.stem, only) if only else make(root / path.stem)
            store["environment"] = session_harness.environment_fingerprint()
            _write(path, store)
            print(f"{path.relative_to(TESTS.parent)}: {len(store['baselines'])} stored, {len(store['live'])} live")
    session_harness.close_children()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
