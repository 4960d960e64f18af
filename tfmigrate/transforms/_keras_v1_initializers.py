"""TF1 graph code keeps TF1's Keras initializers: ``tf.keras.initializers.he_normal`` ->
``tf.compat.v1.initializers.he_normal``, and ``tf.keras.initializers.get("he_normal")`` ->
``tf.compat.v1.initializers.he_normal()``.

Why: TF 1.x's ``tf.keras.initializers`` were v1 initializers drawing from the graph seed (``tf.set_random_seed``);
on TF 2.16+ the same spelling is Keras 3's (Keras 2's v2 ones under TF_USE_LEGACY_KERAS), which ignore it: a seeded
TF1 graph printed other numbers on every run (measured on TF 2.21), in a Session program and in a library module of
layer helpers it imports alike. ``tf.compat.v1.keras.initializers`` is Keras 3's too unless tf-keras is installed
and selected; TensorFlow's own v1 initializers need no Keras. Which names have such a twin (same parameters,
defaults and numbers) and which differ in numbers at all (``Zeros`` does not) is generated from the installed
TensorFlow and tf-keras (``tools/gen_keras_v1_initializers.py``); a name without a twin (``RandomNormal``: Keras'
stddev is 0.05) gets a follow-up instead. TFM101 decides which files are TF1 graph code and calls :func:`rewrite`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from tfmigrate.edits import Edit, apply
from tfmigrate.model import Chain, Model, of_text
from tfmigrate.tables import load

MEANINGS = ("tensorflow.keras.initializers.", "tensorflow.compat.v1.keras.initializers.")
NO_TWIN = (
    "tf.keras.initializers.{name} is Keras 3's initializer in TF2, which ignores the graph seed "
    "(tf.set_random_seed) that TF 1.x's drew from, and no tf.compat.v1.initializers name has its parameters and "
    "defaults: spell TF1's initializer by hand (tf.compat.v1.{hint}) to keep a seeded graph's numbers"
)
HINTS = {"normal": "random_normal_initializer(stddev=0.05)", "uniform": "random_uniform_initializer(-0.05, 0.05)"}
NOT_TF = (
    "tf.keras.initializers.{name} is Keras 3's initializer in TF2, which ignores the graph seed that TF 1.x's drew "
    "from: spell it tf.compat.v1.initializers.{twin} (this name is not reached through a tensorflow import)"
)


def twins() -> dict[str, str | None]:
    """TF1's ``tf.keras.initializers`` names -> the ``tf.compat.v1.initializers`` name with their numbers, or None."""
    return load("keras_v1_initializers.json")["names"]


def by_get() -> frozenset[str]:
    """The names whose ``get("name")`` was TF1's initializer with the twin's numbers."""
    return frozenset(load("keras_v1_initializers.json")["get"])


def rewrite(text: str) -> tuple[str, list[tuple[int, str]], list[tuple[int, str]]]:
    """``text`` (TF1 graph code, as TFM101 decides) with each TF1 Keras initializer spelled as TensorFlow's v1 twin;
    the changes and the follow-ups, by line."""
    model = of_text(text)
    edits: list[Edit] = []
    changes: list[tuple[int, str]] = []
    notes: list[tuple[int, str]] = []
    table = twins()
    for chain, index, meaning in _uses(model):
        name = meaning.rsplit(".", 1)[1]
        line = getattr(chain.nodes[index], "lineno", 0)
        if name == "get":
            found = _get_edit(model, chain, index, meaning)
            if found is not None:
                edits.append(found[0])
                changes.append((line, found[1]))
            continue
        if name not in table:
            continue
        twin = table[name]
        if twin is None:
            hint = HINTS["uniform" if "uniform" in name.lower() else "normal"]
            if name.lower().startswith("truncated"):
                hint = "truncated_normal_initializer(stddev=0.05)"
            notes.append((line, NO_TWIN.format(name=name, hint=hint)))
            continue
        root = ".".join(chain.parts[: index + 1])
        prefix = _tensorflow_prefix(model, chain, meaning)
        if prefix is None:
            notes.append((line, NOT_TF.format(name=name, twin=twin)))
            continue
        new = f"{prefix}.initializers.{twin}"
        start, end = model.span(chain.nodes[index])
        edits.append(Edit(start, end, new))
        changes.append(
            (line, f"{root} -> {new} (TF1's initializer, drawn from the graph seed; TF2's Keras one ignores it)")
        )
    return (apply(text, edits) if edits else text), changes, notes


def _get_edit(model: Model, chain: Chain, index: int, meaning: str) -> tuple[Edit, str] | None:
    """``tf.keras.initializers.get("he_normal")`` -> ``tf.compat.v1.initializers.he_normal()``, for a literal name
    whose TF1 ``get`` gave the twin's numbers; any other argument is left (its value is not known here)."""
    call = model.calls.get(chain.nodes[index])
    if call is None or call.keywords or len(call.args) != 1:
        return None
    arg = call.args[0]
    if not isinstance(arg, ast.Constant) or not isinstance(arg.value, str) or arg.value not in by_get():
        return None
    twin = twins()[arg.value]
    prefix = _tensorflow_prefix(model, chain, meaning)
    if twin is None or prefix is None:
        return None
    start, end = model.span(call)
    new = f"{prefix}.initializers.{twin}()"
    old = model.text[start:end]
    return Edit(start, end, new), f"{old} -> {new} (TF1's initializer, drawn from the graph seed; Keras 3's ignores it)"


def _uses(model: Model) -> Iterator[tuple[Chain, int, str]]:
    """Each chain prefix that means a Keras initializer name below tensorflow (or tensorflow.compat.v1)."""
    for chain in model.chains:
        for index in range(1, len(chain.nodes)):
            spelled = ".".join(chain.parts[: index + 1])
            meant = {
                name
                for binding in model.resolve(chain.parts[0], chain.scope)
                for name in model.qualified_names(binding, spelled)
            }
            if len(meant) == 1 and _below(meant_name := next(iter(meant))):
                yield chain, index, meant_name
                break


def _below(meaning: str) -> bool:
    """A name directly in a Keras initializers module of tensorflow."""
    return any(meaning.startswith(p) and "." not in meaning[len(p) :] for p in MEANINGS)


def _tensorflow_prefix(model: Model, chain: Chain, meaning: str) -> str | None:
    """How ``chain`` reaches ``tensorflow.compat.v1`` from its root: ``tf.compat.v1`` where the root means
    tensorflow, ``tf`` where it means tensorflow.compat.v1; None for a root bound below them."""
    root = chain.parts[0]
    bound = {name for binding in model.resolve(root, chain.scope) for name in model.qualified_names(binding, root)}
    if bound == {"tensorflow"}:
        return f"{root}.compat.v1"
    if bound == {"tensorflow.compat.v1"}:
        return root
    return None
