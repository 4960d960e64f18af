"""Whether a file gets the ``TF_USE_LEGACY_KERAS`` line: decided once here for TFM101, TFM103 and TFM104.

The line turns ``tf.keras`` into Keras 2 (tf_keras) for the whole file. A file TFM201 rewrote session-free holds
code written for Keras 3: its TF1 optimizers subclass Keras 3's ``Optimizer`` (tf_keras's takes no
``learning_rate``: ``TypeError: learning_rate is not a valid argument``, measured on TF 2.21 with tf-keras 2.21)
and read ``tf.keras.Variable`` (tf_keras has none). So such a file never gets the line. Nothing it runs needs Keras
2: TFM201 proved every statement the program runs, and a cell, ``tf.layers`` call or ``tf.contrib`` layer it cannot
rewrite keeps the whole file on the graph tier. The Keras-2 names left (kept as ``tf.compat.v1.nn.rnn_cell``,
``tf.compat.v1.layers``) sit in code the program does not run, a helper nothing calls; one follow-up names the
first.

A Session program kept in graph mode that builds Keras layers or models through ``tf.keras`` gets the line too
(``graph_keras_line``): TF 1.x's ``tf.keras`` was Keras 2, and Keras 3's layers do not run on v1 graph tensors
(``BatchNormalization`` given a placeholder as ``training`` raises "as_list() is not defined on an unknown
TensorShape", measured on TF 2.21), so Keras 2 is what the TF1 program ran. ``tf.keras.datasets`` and other host
helpers alone do not ask for it.

The variable leaves the ``keras`` package itself Keras 3, and a layer or model of one Keras does not go into the
other (``tf.keras.Sequential([keras.layers.Dense(4)])``: "TypeError: The added layer must be an instance of class
Layer", measured on TF 2.21 with tf-keras 2.21; the same file runs with both on Keras 3). A file that builds with the
``keras`` package (``keras3_line``) therefore does not get the line for its graph ``tf.keras`` layers: it keeps
running as it does today, with a follow-up at that line; where its ``tf.compat.v1.layers`` need the line (they raise
under Keras 3), it gets it, and its follow-up names that line too.

The other way round, a file that will run on Keras 2 anyway (it sets ``TF_USE_LEGACY_KERAS`` itself, or
``--keras tf-keras`` has TFM306 ask for the variable) keeps the graph tier when the eager rewrite would bring in
Keras (``keras2``: the eager form uses a Keras name more often than the file did): the rewrite's TF1 optimizers,
layers and cells stop under tf_keras.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Callable

import libcst as cst

from tfmigrate.cstfields import code as module_code
from tfmigrate.model import build, of_text
from tfmigrate.transforms._tf1 import LEGACY_KERAS_ENV, add_legacy_keras, legacy_keras_message

KERAS_MODULES = frozenset({"keras", "tf_keras"})
_NOTED = "tfmigrate.legacy_keras.unrun_noted"  # context scratch: the one follow-up of an eager file was given

# What builds Keras layers on the graph, below ``tensorflow.keras`` (or ``tensorflow.compat.v1.keras``).
GRAPH_KERAS = ("layers", "Sequential", "Model", "models")
GRAPH_KERAS_NEEDS = (
    "tf.keras layers built in a Session program kept in graph mode (TF 1.x's tf.keras was Keras 2; Keras 3's "
    "layers do not run on TF1 graph tensors) only work"
)

# What the ``keras`` package offers that holds no layer, model or variable: a file reading only these mixes no Keras.
HOST_KERAS = frozenset({"datasets", "utils", "preprocessing", "__version__"})
MIXED_GRAPH = (
    "this line builds with the `keras` package, which stays Keras 3 whatever TF_USE_LEGACY_KERAS says, beside "
    "tf.keras layers built in a Session program kept in graph mode (line {graph}), which TF 1.x ran on Keras 2: "
    "setting the variable would make a layer or model of one go into the other and stop (TypeError), so it is not "
    "set and both stay Keras 3, whose layers may not run on TF1 graph tensors (BatchNormalization given a "
    "placeholder `training`); use one Keras: `import tf_keras as keras` with TF_USE_LEGACY_KERAS=1, or port the "
    "graph code to TF2"
)
MIXED_NOTE = (
    "; line {line} builds with the `keras` package, which stays Keras 3 under the variable: a layer or model of it "
    "does not go into one of tf.keras (Keras 2 now) or the other way round (TypeError); `import tf_keras as keras` "
    "there makes them one Keras"
)

UNRUN = (
    "tf.compat.v1.nn.rnn_cell / tf.compat.v1.layers need Keras 2 (tf-keras with TF_USE_LEGACY_KERAS=1), which would "
    "also turn the eager code TFM201 wrote for Keras 3 (its optimizers, layers and cells) into Keras 2, where it "
    "stops; the migrated program does not run this line, so the variable is not set: port this code to "
    "tf.keras.layers, or delete it if nothing calls it"
)


def wanted(scratch: dict) -> bool:
    """Whether a file whose code needs Keras 2 may get the env line: not once TFM201 rewrote it session-free."""
    from tfmigrate.transforms.session import EAGER_REWRITTEN  # the session package imports TFM103's helpers

    return not scratch.get(EAGER_REWRITTEN)


def unrun_note(scratch: dict) -> str | None:
    """The follow-up for the first Keras-2 name of a file that does not get the line; None once a rule gave it."""
    if scratch.get(_NOTED):
        return None
    scratch[_NOTED] = True
    return UNRUN


def settle(module: cst.Module, scratch: dict) -> tuple[cst.Module, str | None]:
    """For a libcst rule that kept a Keras-2 name: the module with the env line where the file may have it, and the
    follow-up to give at that name (None: none, another rule gave it)."""
    if not wanted(scratch):
        return module, unrun_note(scratch)
    text = module_code(module)
    module, inserted = add_legacy_keras(module)
    return module, _noted(legacy_keras_message(), text) if inserted else None


def settle_text(text: str, scratch: dict) -> tuple[str, str | None]:
    """``settle`` for TFM101's range-edit plan: the text with the env line where the file may have it (raises
    Decline where it cannot be placed), and the follow-up to give at the first Keras-2 name."""
    from tfmigrate.transforms._tf1_edits.imports import with_legacy_keras  # that package imports this module

    if not wanted(scratch):
        return text, unrun_note(scratch)
    return with_legacy_keras(text), _noted(legacy_keras_message(), text)


def _noted(message: str, text: str) -> str:
    """``message`` for a file given the env line, with the line that builds with the ``keras`` package (if any)."""
    line = keras3_line(text)
    return message + MIXED_NOTE.format(line=line) if line else message


def keras2(before: str, after: str, keras_option: str) -> tuple[str, int] | None:
    """Why the eager form ``after`` of ``before`` would stop, and the line that shows it (0: none): the file runs on
    Keras 2 and the rewrite added Keras to it (its ``TF1Adam`` subclasses Keras 3's ``Optimizer``, whose
    ``learning_rate`` tf_keras's refuses). None when nothing the rewrite wrote depends on which Keras runs."""
    index = before.find(LEGACY_KERAS_ENV)
    if index >= 0:
        why, line = f"the file sets {LEGACY_KERAS_ENV} (Keras 2)", before.count("\n", 0, index) + 1
    elif keras_option == "tf-keras":
        why, line = f"--keras tf-keras runs the file on Keras 2 ({LEGACY_KERAS_ENV}=1)", 0
    else:
        return None
    made = keras_names(after)
    # Keras layers the eager program builds, also where the Session program already spelled them
    # (keras_layers_in_sessions.py reads ``Dense(4)(x)`` on a placeholder): the graph tier this option keeps for
    # ``tf.layers.dense`` writes exactly that, so reading it again must keep it too (idempotence)
    if not made - keras_names(before) and not any(name.startswith("tensorflow.keras.layers.") for name in made):
        return None
    return f"{why}, where the eager rewrite's Keras 3 optimizers, layers and cells stop", line


def keras_names(text: str) -> Counter[str]:
    """Each use of a Keras name in ``text``, by what it means (``tf.keras.Variable`` through ``import tensorflow as
    tf``: ``tensorflow.keras.Variable``). Names, not text: a comment the rewrite drops or a ``keras_input`` it
    repeats in each function it writes says nothing about the Keras it runs."""
    model = build(text, ast.parse(text))
    uses: Counter[str] = Counter()
    for chain in model.chains:
        spelled = ".".join(chain.parts)
        meant = {name for b in model.resolve(chain.parts[0], chain.scope) for name in model.qualified_names(b, spelled)}
        for name in sorted(meant or {spelled}):
            if KERAS_MODULES & set(name.split(".")):
                uses[name] += 1
                break
    return uses


def graph_keras_line(text: str) -> int:
    """The first line of ``text`` that names a Keras layer or model through ``tf.keras`` (0: none), by what the name
    means: ``Dense`` imported from ``tensorflow.keras.layers`` counts, a ``keras`` package of the user's does not."""
    return _first_line(text, _builds_with_tf_keras)


def _builds_with_tf_keras(parts: list[str]) -> bool:
    below = ".".join(parts).removeprefix("tensorflow.").removeprefix("compat.v1.").split(".")
    return parts[0] == "tensorflow" and below[0] == "keras" and below[1:2] != [] and below[1] in GRAPH_KERAS


def keras3_line(text: str) -> int:
    """The first line of ``text`` that builds with the ``keras`` package itself (0: none): Keras 3 on TF 2.16+ even
    under TF_USE_LEGACY_KERAS. Its data sets and utilities hold nothing that meets a tf.keras object."""
    return _first_line(text, lambda parts: parts[0] == "keras" and parts[1:2] != [] and parts[1] not in HOST_KERAS)


def _first_line(text: str, accepts: Callable[[list[str]], bool]) -> int:
    """The first line of a name whose meaning (dotted, split) ``accepts`` takes (0: none)."""
    model = of_text(text)
    lines = []
    for chain in model.chains:
        spelled = ".".join(chain.parts)
        for binding in model.resolve(chain.parts[0], chain.scope):
            for name in model.qualified_names(binding, spelled):
                if accepts(name.split(".")):
                    lines.append(getattr(chain.nodes[0], "lineno", 0))
    return min(lines, default=0)


def runs_graph(text: str, runners: frozenset[str]) -> bool:
    """Whether ``text`` calls one of ``runners`` (paths below tf or tf.compat.v1: ``Session``, ...)."""
    model = of_text(text)
    for chain in model.chains:
        spelled = ".".join(chain.parts)
        for binding in model.resolve(chain.parts[0], chain.scope):
            for name in model.qualified_names(binding, spelled):
                path = name.removeprefix("tensorflow.").removeprefix("compat.v1.")
                if name.startswith("tensorflow.") and path in runners:
                    return True
    return False


def graph_tier(module: cst.Module, text: str, scratch: dict) -> tuple[cst.Module, int, str]:
    """``module`` (a Session program kept in graph mode, ``text`` its code as read) with the env line where it
    builds Keras layers through ``tf.keras``, the line to give a follow-up at (0: none: no such layer, the eager
    rewrite took the file, or the line is already there) and that follow-up. A file that builds with the ``keras``
    package too keeps Keras 3 for both, the follow-up at that package's line."""
    line = graph_keras_line(text) if wanted(scratch) else 0
    if not line or LEGACY_KERAS_ENV in text:
        return module, 0, ""
    mixed = keras3_line(text)
    if mixed:
        return module, mixed, MIXED_GRAPH.format(graph=line)
    module, inserted = add_legacy_keras(module)
    return module, line if inserted else 0, legacy_keras_message(GRAPH_KERAS_NEEDS)
