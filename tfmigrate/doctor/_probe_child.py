"""Run with ``python -c`` in the inspected interpreter: imports TensorFlow step by step and prints, after a
marker line, what worked and the traceback of what did not. A hard crash (SIGILL, SIGSEGV) prints nothing,
which the parent reads from the return code.

When TensorFlow imported, the same process then answers the code checks: each line on stdin is a JSON list of
statements (an import, or an attribute chain after the import that binds its root), each tried once, and the
answer, after the marker, says which ones fail and with what error; failures never stop the others. The child
ends when stdin closes. One TensorFlow start serves the probe and every batch of statements."""

import json
import sys
import time
import types

MARK = "\n@@tfmigrate-doctor@@"


def try_import(text):
    exec(compile(text, "<tfmigrate-doctor>", "exec"), {})


def try_chain(setup, chain):
    namespace = {}  # type: dict[str, object]
    exec(compile(setup, "<tfmigrate-doctor>", "exec"), namespace)
    parts = chain.split(".")
    value = namespace[parts[0]]
    walked = parts[0]
    for part in parts[1:]:
        # Past a module or class the chain reaches runtime objects (FLAGS.batch_size): not an API question.
        if not isinstance(value, (types.ModuleType, type)):
            return walked
        value = getattr(value, part)
        walked += "." + part
    return walked


def check(item):
    result = {"key": item["key"], "ok": True}
    try:
        if item["kind"] == "import":
            try_import(item["text"])
        else:
            result["checked"] = try_chain(item["setup"], item["text"])
    except BaseException as err:  # noqa: BLE001 - SystemExit and friends from broken packages too
        result.update(ok=False, error_type=type(err).__name__, message=str(err).splitlines()[0] if str(err) else "")
    return result


def answer(value):
    sys.stdout.flush()
    sys.stdout.write(MARK + json.dumps(value) + "\n")
    sys.stdout.flush()


out = {"ok": False, "stage": "import tensorflow"}
try:
    start = time.time()
    import tensorflow as tf

    out["import_seconds"] = round(time.time() - start, 2)
    out["version"] = str(getattr(tf, "__version__", "?"))
    out["file"] = str(getattr(tf, "__file__", None))
    if getattr(tf, "__file__", None) is None:  # a namespace package: tensorflow/ without its __init__.py
        out["namespace"] = [str(p) for p in getattr(tf, "__path__", [])]
    out["stage"] = "tf.sysconfig.get_build_info()"
    try:
        out["build_info"] = {
            str(k): v if isinstance(v, (bool, int, float)) else str(v)
            for k, v in dict(tf.sysconfig.get_build_info()).items()
        }
    except Exception as err:  # noqa: BLE001 - optional detail
        out["build_info"] = {"error": repr(err)}
    out["stage"] = "tf.config.list_physical_devices('GPU')"
    out["gpus"] = [d.name for d in tf.config.list_physical_devices("GPU")]
    out["stage"] = "tf.keras.layers"
    dense = tf.keras.layers.Dense
    package = dense.__module__.split(".")[0]
    out["keras_package"] = package
    out["keras_version"] = str(getattr(sys.modules.get(package), "__version__", "?"))
    out["stage"] = "done"
    out["ok"] = True
except BaseException as err:  # noqa: BLE001 - everything, including SystemExit from a broken package
    import traceback

    out["error_type"] = type(err).__name__
    out["error_message"] = str(err)
    out["traceback"] = traceback.format_exc()
answer(out)
if out["ok"]:
    for line in sys.stdin:
        answer([check(item) for item in json.loads(line)])
