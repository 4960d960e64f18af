"""Run with ``python -c`` in the inspected interpreter: imports TensorFlow step by step and prints, after a
marker line, what worked and the traceback of what did not. A hard crash (SIGILL, SIGSEGV) prints nothing,
which the parent reads from the return code."""

import json
import sys
import time

MARK = "\n@@tfmigrate-doctor@@"
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
sys.stdout.flush()
sys.stdout.write(MARK + json.dumps(out) + "\n")
