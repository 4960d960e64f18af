"""A TF1 graph kept in graph mode keeps TF1's Keras initializers: ``tf.keras.initializers.he_normal`` ->
``tf.compat.v1.initializers.he_normal``.

Why: TF 1.x's ``tf.keras.initializers`` were v1 initializers drawing from the graph seed (``tf.set_random_seed``);
on TF 2.16+ the same spelling is Keras 3's (Keras 2's v2 ones under TF_USE_LEGACY_KERAS), which ignore it: a seeded
TF1 graph printed other numbers on every run (measured on TF 2.21). ``tf.compat.v1.keras.initializers`` is Keras 3's
too unless tf-keras is installed and selected; TensorFlow's own v1 initializers need no Keras. Which names have such
a twin, same parameters, defaults and numbers, is generated from the installed TensorFlow and tf-keras
(``tools/gen_keras_v1_initializers.py``); a name without one (``RandomNormal``: Keras' stddev is 0.05) gets a
follow-up instead.
"""

from __future__ import annotations

from collections.abc import Iterator

from tfmigrate.edits import Edit, apply
from tfmigrate.model import Chain, Model, of_text
from tfmigrate.tables import load
from tfmigrate.transforms._tf1 import COMPAT_V1, DIFFERENT, SAME, TF, UNUSABLE, fate

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


def rewrite(text: str) -> tuple[str, list[tuple[int, str]], list[tuple[int, str]]]:
    """``text`` with each TF1 Keras initializer spelled as TensorFlow's v1 twin; the changes and the follow-ups, by
    line."""
    model = of_text(text)
    if not tf1_code(model):
        return text, [], []
    edits: list[Edit] = []
    changes: list[tuple[int, str]] = []
    notes: list[tuple[int, str]] = []
    table = twins()
    for chain, index, meaning in _uses(model):
        name = meaning.rsplit(".", 1)[1]
        if name not in table:
            continue
        line = getattr(chain.nodes[index], "lineno", 0)
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


def tf1_code(model: Model) -> bool:
    """TFM101's TF1 evidence: a name only TF1 has (``tf.Session``, ``tf.set_random_seed``) or a tensorflow.compat.v1
    import. TF2 code that opens a ``tf.compat.v1.Session`` meant Keras 3's initializers and is left as written."""
    for chain in model.chains:
        for binding in model.resolve(chain.parts[0], chain.scope):
            for index in range(len(chain.parts)):
                for name in model.qualified_names(binding, ".".join(chain.parts[: index + 1])):
                    if name == COMPAT_V1 and index == 0:  # ``import tensorflow.compat.v1 as tf``
                        return True
                    if name.startswith(TF + ".") and not name.startswith(COMPAT_V1 + "."):
                        found = fate(name[len(TF) + 1 :])
                        if found is not None and found not in (SAME, DIFFERENT, UNUSABLE):
                            return True
    return False


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
