"""Variables a class makes in a method the module calls (``train_logit = model.logit(data)``, ``logit`` reaching
``tf.get_variable`` through ``self.fc`` and ``self.get_weights_var``), and the ``reuse_variables()`` that shares them
between two such calls (a train and an eval tower, held-out set 25's cv_house_price_train).

TF1 made such variables once, at the first call, and a call under a reusing variable scope returned them; the class
proof reads variables where the constructor makes them, and a method the module asks for only as an expression of
its arguments: eagerly such a method would make new variables at each call (the migrated program stopped at a
checkpoint naming a local the method had bound). So the proof refuses it and names the variable and the sharing."""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms.session import class_sugar
from tfmigrate.transforms.session.analysis import VARIABLES, LineOf, Resolve, descendants

MAKERS = ("layers.", "keras.layers.", "nn.rnn_cell.")


def made_variable(
    module: cst.Module, definition: cst.ClassDef, function: cst.FunctionDef, resolve: Resolve
) -> cst.Call | None:
    """The first call making a variable (tf.get_variable, tf.Variable, a layer) in ``function``, in a method of
    ``definition`` it calls through ``self`` or in a module-level function it calls (a static helper the class proof
    took out of the class, ``Model__get_weights_var``), transitively; None when it makes none."""
    methods = {s.name.value: s for s in cast(cst.IndentedBlock, definition.body).body if isinstance(s, cst.FunctionDef)}
    functions = {s.name.value: s for s in module.body if isinstance(s, cst.FunctionDef)}
    seen: set[int] = set()

    def first(method: cst.FunctionDef) -> cst.Call | None:
        """In the order the calls run: a method's variables before those of the rest of its caller."""
        seen.add(id(method))
        owner = class_sugar.self_name(method) if method in methods.values() else None
        for node in descendants(method.body):
            if not isinstance(node, cst.Call):
                continue
            path = (resolve(node.func) or "").removeprefix("compat.v1.")
            if path in VARIABLES or path.startswith(MAKERS):
                return node
            func, called = node.func, None
            if class_sugar.attribute_of(func, owner):
                called = methods.get(cast(cst.Attribute, func).attr.value)
            elif isinstance(func, cst.Name):
                called = functions.get(func.value)
            if called is not None and id(called) not in seen and (found := first(called)) is not None:
                return found
        return None

    return first(function)


def sharing(module: cst.Module, resolve: Resolve, line_of: LineOf) -> str:
    """The calls that turn on variable reuse (``tf.get_variable_scope().reuse_variables()``,
    ``tf.variable_scope(..., reuse=True)``), as words naming their lines; empty when there are none."""
    lines = []
    for node in descendants(module):
        if not isinstance(node, cst.Call):
            continue
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "reuse_variables" and not node.args:
            lines.append(f"`{module.code_for_node(node)}` (line {line_of(node)})")
        elif (resolve(func) or "").removeprefix("compat.v1.") == "variable_scope" and any(
            a.keyword is not None and a.keyword.value == "reuse" for a in node.args
        ):
            lines.append(f"`{module.code_for_node(node)}` (line {line_of(node)})")
    return ", ".join(lines)
