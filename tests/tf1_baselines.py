"""The TF1 baselines of tests/test_eager_rewrite.py's fixture programs (tests/fixtures/TFM201/eager_*.before.py),
run by one runner script in the harness's shared graph child, and the committed store of their output that
tools/gen_tf1_baselines.py writes (tests/session_harness.py keeps the store of tests/programs' baselines).

An unchanged program's baseline under the same runner, child and stack prints the same numbers on every run: the
store keeps each program's output under a hash of all of these, a test reads it when the key matches and runs the
program live when it does not, so a changed program is never compared with an old output. tests/test_tf1_baselines.py
fails when the store is stale and reruns a sample live against it."""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
from pathlib import Path

import session_harness
from program_checks import run_script_in_a_shared_child

FIXTURES = Path(__file__).parent / "fixtures" / "TFM201"
EAGER_PROGRAMS = sorted(FIXTURES.glob("eager_*.before.py"))
STORE = Path(__file__).parent / "data" / "tf1_baselines" / "eager_rewrite.json"
# The tool that writes both stores.
TOOL = "python tools/gen_tf1_baselines.py"

# The code both of tests/test_eager_rewrite.py's runner scripts start with: ``as_main`` runs a program as the
# ``__main__`` module (``tf.app.run()`` calls ``__main__.main``, then ``sys.exit``), its stdout written to ``out``.
AS_MAIN = r"""
import contextlib, io, json, os, shutil, sys, traceback, types
def as_main(source, path, out):
    module, own_main = types.ModuleType("__main__"), sys.modules["__main__"]
    sys.modules["__main__"] = module
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(source, path, "exec"), module.__dict__)
    finally:
        sys.modules["__main__"] = own_main
"""
RUNNER = (
    AS_MAIN
    + r"""
mode, paths = sys.argv[1], sys.argv[2:]
import tensorflow as tf
if mode == "tf1":
    tf.compat.v1.disable_v2_behavior()
printed = {}
for path in paths:
    source = open(path).read()
    if mode == "tf1":
        source = source.replace("import tensorflow as tf\n", "import tensorflow.compat.v1 as tf\n", 1)
        tf.compat.v1.reset_default_graph()
    else:  # as a fresh process: no global seed left by the program before (TF1's reset graph has none either)
        tf.random.set_seed(None)
    out = io.StringIO()
    try:
        as_main(source, path, out)
    except SystemExit as end:  # exit 0 is a clean end
        if end.code not in (None, 0):
            out.write(f"\nFAILED SystemExit: {end.code}")
    except Exception as err:
        out.write(f"\nFAILED {type(err).__name__}: {err}")
    printed[path] = out.getvalue()
print(json.dumps(printed))
"""
)


def run_programs(mode: str, paths: list[Path], cwd: Path) -> dict[str, str]:
    """Runs the programs in ``cwd`` (what they write, logs and checkpoints, stays out of the checkout), in the
    harness's shared child of the mode (TF1: graph; TF2: eager): path -> what it printed."""
    out = run_script_in_a_shared_child(RUNNER, cwd, graph=mode == "tf1", argv=[mode, *map(str, paths)])
    return json.loads(out.strip().splitlines()[-1])


@functools.cache
def _fingerprint() -> str:
    """What every stored output depends on in the repository besides its program: the runner, the wrapper and
    child that run it (session_harness.stored_fingerprint; the machine and stack are the store's own)."""
    parts = (session_harness.stored_fingerprint(), RUNNER, inspect.getsource(run_script_in_a_shared_child))
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def key(path: Path) -> str:
    """The store's key of the program at ``path``: its file name and text, with _fingerprint."""
    text = "\0".join((_fingerprint(), path.name, path.read_text()))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def load() -> dict[str, dict]:
    """The store (session_harness.stored_records)."""
    return session_harness.stored_records(STORE)


def baselines(paths: list[Path], cwd: Path) -> dict[str, str]:
    """run_programs("tf1", paths, cwd), each output read from the store when it applies here
    (session_harness.store_applies) and the program's key is in it; the others run live, in one call."""
    store = load()
    stored = store["baselines"] if session_harness.store_applies(store) else {}
    found: dict[str, str] = {}
    for path in paths:
        record = stored.get(key(path))
        if record is not None and record["name"] == path.name:
            found[str(path)] = record["printed"]
    missing = [path for path in paths if str(path) not in found]
    return {**found, **(run_programs("tf1", missing, cwd) if missing else {})}
