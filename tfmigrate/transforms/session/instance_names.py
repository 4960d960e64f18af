"""TF1 graph names for the variables of a layer class the module constructs more than once (``h1 =
HiddenLayer(x, 784, 256); h2 = HiddenLayer(h1.output, 256, 10)``, or one construction in a loop over layer sizes).

TF1 numbered every op name in the graph in creation order (``tf.Graph.unique_name``: ``W``, ``W_1``, ``W_2``,
counted case-insensitively, any op of that name counting), so each instance's ``tf.Variable(..., name="W")`` was
saved by a Saver under a name of its own, and ``tf.train.Checkpoint`` reads a TF1 checkpoint by those names. One
class body cannot spell two literal names; the eager class instead asks a generated module-level helper
(``HELPER``: ``savers.unique_name`` over one module-level count) for ``_tf1_unique("W")`` where the variable is
created, so each instance gets TF1's name in creation order. The helper counts only its own calls, so it gives TF1's
names exactly when no other op took one of them: ``computed_at_run_time`` compares its names with the ones the
module proof computed over the whole graph, and only then may the calls stand for them.

Checked on TF 2.21 (tests/test_instance_names.py): the helper's names equal a TF1 graph's for variables alone, and
a seeded TF1 program building a HiddenLayer class three times in a loop, migrated by hand with the helper, prints
the TF1 numbers and resumes from the TF1 Saver's checkpoint. instance_copies.py writes it for constructions at
module-level assignments; a construction in a loop is still refused (class_sugar.constructed_where).
"""

from __future__ import annotations

from tfmigrate.transforms.session.savers import unique_name

HELPER = '''
{counts} = {{}}


def {name}(name):
    """The name TF1's graph gave this variable (``W``, ``W_1``, ``W_2`` in creation order, counted
    case-insensitively), under which tf.train.Checkpoint reads it from a TF1 Saver's checkpoint."""
    key = name.lower()
    index = {counts}.get(key, 0)
    {counts}[key] = index + 1
    if index == 0:
        return name
    while f"{{key}}_{{index}}" in {counts}:
        index += 1
    {counts}[f"{{key}}_{{index}}"] = 1
    return f"{{name}}_{{index}}"
'''


def helper(name: str = "_tf1_unique", counts: str = "_tf1_name_counts") -> str:
    """The helper's source, named ``name``, its count the module-level dict ``counts``."""
    return HELPER.format(name=name, counts=counts)


def computed_at_run_time(bases: list[str], written: list[str]) -> bool:
    """Whether the helper, called once per variable in creation order with the name the program gave it (``W``,
    ``Variable`` for an unnamed one), returns exactly the names the module proof computed over the whole TF1 graph
    (``written``): false where another op took one of them (``tf.matmul(..., name="W_2")`` makes the third ``W``
    ``W_3``), which the helper cannot see."""
    used: dict[str, int] = {}
    return len(bases) == len(written) and all(unique_name(used, b) == w for b, w in zip(bases, written, strict=True))
