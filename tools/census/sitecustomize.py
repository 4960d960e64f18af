"""Program census (issue 15): with ``TFMIGRATE_CENSUS=<folder>`` set, every Python process of a test run started with
this folder on PYTHONPATH records each program it runs (a ``compile(source, file, "exec")`` of text, a ``python
file.py``, a ``python -c``) to ``<folder>/<pid>.jsonl``: the text's hash, TensorFlow's mode at that moment, the
working directory and the worker. ``python tools/pytest_cost.py --census <folder>`` counts the texts run more than
once per mode: the duplicate program runs of a suite run.

    PYTHONPATH=$PWD:$PWD/tests:$PWD/tools/census TFMIGRATE_CENSUS=/tmp/census pytest ...
"""

import os
import sys

_FOLDER = os.environ.get("TFMIGRATE_CENSUS")


def _install(folder: str) -> None:
    import hashlib
    import json
    import re
    import time

    imports = re.compile(
        r"^import tensorflow\.compat\.v1 as tf\n(?:tf\.(?:compat\.v1\.)?disable_v2_behavior\(\)\n)?", re.M
    )
    # the interpreter's packages, TensorFlow's generated code, tfmigrate and the test modules: no program
    own = re.compile(r"site-packages|__autograph|/tfmigrate/|/tests/[^/]+\.py$|/tools/")
    out = open(os.path.join(folder, f"{os.getpid()}.jsonl"), "a", buffering=1)

    def mode() -> str:
        tf = sys.modules.get("tensorflow")
        if tf is None or not hasattr(tf, "executing_eagerly"):
            return "-"
        try:
            return "eager" if tf.executing_eagerly() else "graph"
        except Exception:
            return "?"

    def record(kind: str, text: str, name: str) -> None:
        # the same program as the TF1 baseline runners spell it (compat.v1 import, v2 behaviour off) or as written
        plain = imports.sub("import tensorflow as tf\n", text)
        out.write(
            json.dumps(
                {
                    "kind": kind,
                    "sha": hashlib.sha256(text.encode()).hexdigest()[:16],
                    "plain": hashlib.sha256(plain.encode()).hexdigest()[:16],
                    "mode": mode(),
                    "file": name,
                    "cwd": os.getcwd(),
                    "worker": os.environ.get("PYTEST_XDIST_WORKER", "main"),
                    "argv": sys.argv[1:],
                    "time": time.time(),
                    "pid": os.getpid(),
                    "lines": text.count("\n"),
                }
            )
            + "\n"
        )

    def hook(event: str, args: tuple) -> None:
        try:
            if event == "compile":
                source, name = args
                if isinstance(source, bytes):
                    source = source.decode("utf-8", "replace")
                name = str(name)
                if isinstance(source, str) and name not in ("<string>", "<stdin>") and "tensorflow" in source:
                    if not own.search(name):
                        record("exec", source, name)
            elif event == "cpython.run_file":
                with open(args[0], encoding="utf-8", errors="replace") as handle:
                    text = handle.read()
                if "tensorflow" in text:
                    record("file", text, str(args[0]))
            elif event == "cpython.run_command":
                if "tensorflow" in args[0]:
                    record("command", args[0], "-c")
        except Exception:
            pass

    sys.addaudithook(hook)


if _FOLDER:
    os.makedirs(_FOLDER, exist_ok=True)
    _install(_FOLDER)
