"""Generate tfmigrate/data/keras_v1_initializers.json: which TF1 ``tf.keras.initializers`` names keep their numbers
as a ``tf.compat.v1.initializers`` name of TensorFlow's own.

Why: TF 1.x's ``tf.keras.initializers.he_normal`` was a v1 initializer drawing from the graph seed
(``tf.set_random_seed``); on TF 2.16+ the same spelling is Keras 3's, which ignores it, so a seeded TF1 graph kept
in graph mode prints other numbers on every run. ``tf.compat.v1.keras.initializers`` is no way back without
tf-keras: under Keras 3 it is Keras 3's too. TensorFlow's core v1 initializers (init_ops) need no Keras at all.

What is compared: TF1's names are tf-keras's v1 API (``tf.compat.v1.keras.initializers`` with
TF_USE_LEGACY_KERAS=1, read in a child process: the variable must be set before TensorFlow is imported). A name
maps to the ``tf.compat.v1.initializers`` name spelled alike (``HeNormal`` -> ``he_normal``, ``Zeros`` ->
``zeros``) when both take the same parameters with the same defaults and, built with those defaults, fill the same
variables in a seeded graph, twice. A name with no such twin (``RandomNormal``: Keras' stddev is 0.05, TF's 1.0)
maps to null; names that build no initializer without arguments (``get``, ``Initializer``) are left out, and so
are names whose Keras 3 spelling fills the variable alike in the same seeded graph (``Zeros``, ``Constant``: nothing
random, so nothing to rewrite). ``get`` lists the names for which tf-keras's v1 ``get("name")`` fills the variable as
the twin does: ``tf.keras.initializers.get("he_normal")`` was TF1's initializer too (Keras 3's ``get`` gives its own).

Run: ``python tools/gen_keras_v1_initializers.py [--output PATH]`` (needs tensorflow and tf-keras installed).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[1] / "tfmigrate" / "data" / "keras_v1_initializers.json"

# Both children: a variable filled by ``obj()`` in a fresh graph seeded 0, in graph mode.
PRELUDE = r"""
import inspect, json, re, sys
import numpy as np
import tensorflow as tf
tf.compat.v1.disable_v2_behavior()
core = tf.compat.v1.initializers

def draw(obj):
    graph = tf.Graph()
    with graph.as_default():
        tf.compat.v1.set_random_seed(0)
        variable = tf.compat.v1.get_variable("v", shape=(4, 4), initializer=obj())
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            return session.run(variable)
"""

CHILD = (
    PRELUDE
    + r"""
keras_v1 = tf.compat.v1.keras.initializers
assert keras_v1.he_normal.__module__.startswith("tf_keras"), keras_v1.he_normal.__module__

def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()

def params(obj):
    target = obj.__init__ if inspect.isclass(obj) else obj
    try:
        found = inspect.signature(target).parameters.values()
    except (TypeError, ValueError):
        return None
    return [(p.name, repr(p.default)) for p in found if p.name != "self"]

table = {}
for name in sorted(dir(keras_v1)):
    obj = getattr(keras_v1, name)
    if name.startswith("_") or not callable(obj):
        continue
    try:
        mine = draw(obj)
    except Exception:
        continue  # get, serialize, Initializer: no initializer without arguments
    twin = getattr(core, snake(name), None)
    same = (
        twin is not None
        and (twin is obj or params(twin) == params(obj))
        and np.array_equal(draw(twin), mine)
        and np.array_equal(draw(obj), mine)
    )
    table[name] = snake(name) if same else None
got = [name for name, twin in table.items() if twin and np.array_equal(draw(lambda: keras_v1.get(name)), draw(getattr(core, twin)))]
print(json.dumps({"tensorflow": tf.__version__, "keras": __import__("tf_keras").__version__, "names": table, "get": got}))
"""
)

# Keras 3's spelling of each name in the same seeded graph: a name that fills the variable as its twin does (Zeros,
# Constant: nothing random) keeps TF1's numbers as written and is left out of the table.
KERAS3 = (
    PRELUDE
    + r"""
alike = []
for name, twin in json.loads(sys.argv[1]).items():
    try:
        mine = [draw(getattr(tf.keras.initializers, name)) for _ in range(2)]
    except Exception:
        continue  # no such Keras 3 name: the program stops
    if twin and all(np.array_equal(m, draw(getattr(core, twin))) for m in mine):
        alike.append(name)
print(json.dumps(alike))
"""
)


def generate() -> dict:
    env = dict(os.environ, TF_USE_LEGACY_KERAS="1", TF_CPP_MIN_LOG_LEVEL="3")
    out = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True).stdout
    data = json.loads(out.strip().splitlines()[-1])
    keras3 = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    keras3.pop("TF_USE_LEGACY_KERAS", None)
    names = json.dumps(data["names"])
    found = subprocess.run(
        [sys.executable, "-c", KERAS3, names], env=keras3, capture_output=True, text=True, check=True
    )
    alike = set(json.loads(found.stdout.strip().splitlines()[-1]))
    data["names"] = {name: twin for name, twin in data["names"].items() if name not in alike}
    data["get"] = [name for name in data["get"] if name in data["names"]]
    return {"generated_by": "tools/gen_keras_v1_initializers.py", **data}


def main(argv: list[str]) -> int:
    output = Path(argv[argv.index("--output") + 1]) if "--output" in argv else OUTPUT
    text = json.dumps(generate(), indent=1, sort_keys=True) + "\n"
    output.write_text(text, encoding="utf-8")
    print(re.sub(r"\s+", " ", text)[:2000])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
