"""Gradient accumulation, the TF1 recipe real trainers copy: one non-trainable variable per trainable one, made by a
list comprehension over ``tf.trainable_variables()`` (or appended in a loop); ops that zero them and that ``assign_add`` each gradient of
``compute_gradients`` to them, built by comprehensions too; ``apply_gradients`` of the pairs (accumulator,
variable); run as ``sess.run(zero_ops)``, ``sess.run(accum_ops, feed)`` per mini-batch, ``sess.run(train_step)``.

The recipe's module-level statements are written out per variable before the proof (accumulator_lists.py), which
then reads an ``assign_add`` of ``gvs[i][0]``, several of them run together as one step taking the gradients once
(gradient_steps.py), and ``apply_gradients`` of the (accumulator, variable) pairs (``applies_accumulators``), whose
Adam slots restore by TF1's names. Anywhere else (inside a function, other spellings) the reason names the recipe
and its eager form instead of the first comprehension met ("a `ListComp` ... is not modelled") or, for the zero
ops, WGAN's weight clipping, so that the follow-up is one a reader can act on.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import Node, Program, argument, descendants

MAKERS = frozenset({"Variable", "get_variable"})


def reason(module: cst.Module) -> str | None:
    """The refusal of a module (or the helper it holds) that accumulates gradients so; None elsewhere."""
    made = _accumulators(module)
    if not made:
        return None
    applied = [
        call
        for call in descendants(module)
        if isinstance(call, cst.Call)
        and isinstance(call.func, cst.Attribute)
        and call.func.attr.value == "apply_gradients"
        and call.args
        and _reads(call.args[0].value, made)
    ]
    added = any(
        isinstance(call, cst.Call)
        and isinstance(call.func, cst.Attribute)
        and call.func.attr.value == "assign_add"
        and (_reads(call.func.value, made) or _iterated(module, call, made))
        for call in descendants(module)
    )
    if not applied or not added:
        return None
    name = next(name for name in made if _reads(applied[0].args[0].value, {name}))
    return (
        f"gradient accumulation (`{name}`: a variable per trainable variable made in a list comprehension or loop, the "
        "gradients added to them by assign_add ops, then `apply_gradients` of them) is modelled only as the "
        "published recipe's module-level statements (`tf.Variable(tf.zeros_like(tv), trainable=False)` accumulators "
        "over `tf.trainable_variables()`, zero and `assign_add(gv[0])` ops, `apply_gradients` of the (accumulator, "
        "variable) pairs), not as written here; eagerly, keep "
        "the accumulators as variables (`tf.Variable(tf.zeros_like(v), trainable=False)`), add each "
        "`tape.gradient` to them per mini-batch and apply them with `optimizer.apply_gradients(zip(accumulators, "
        "variables))`"
    )


def _accumulators(module: cst.Module) -> set[str]:
    """Names bound to a list comprehension whose element makes a variable (``tf.Variable`` / ``tf.get_variable``),
    or filled so by ``accum.append(...)`` in a loop."""
    names = set()
    for node in descendants(module):
        if isinstance(node, cst.For):
            for call in descendants(node.body):
                if (
                    isinstance(call, cst.Call)
                    and isinstance(call.func, cst.Attribute)
                    and call.func.attr.value == "append"
                    and call.args
                    and _makes_variable(call.args[0].value)
                ):
                    names.add(_spelled(call.func.value))
        if not (
            isinstance(node, cst.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0].target, (cst.Name, cst.Attribute))
            and isinstance(node.value, cst.ListComp)
        ):
            continue
        if _makes_variable(node.value.elt):
            names.add(_spelled(node.targets[0].target))
    return names


def _makes_variable(value: cst.CSTNode) -> bool:
    return any(isinstance(call, cst.Call) and _called(call.func) in MAKERS for call in [value, *descendants(value)])


def _reads(value: cst.CSTNode, names: set[str]) -> bool:
    """``value`` reads one of ``names`` (``accum[i]``, ``self.accum``, a comprehension or ``zip`` over it)."""
    return any(
        isinstance(node, (cst.Name, cst.Attribute)) and _spelled(node) in names for node in [value, *descendants(value)]
    )


def _iterated(module: cst.Module, call: cst.Call, names: set[str]) -> bool:
    """``call`` is the element of a comprehension over one of ``names`` (``[a.assign_add(g) for a in accum]``)."""
    return any(
        isinstance(node, cst.ListComp) and _reads(node.for_in.iter, names) and call in descendants(node.elt)
        for node in descendants(module)
    )


def _called(func: cst.BaseExpression) -> str:
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return func.value if isinstance(func, cst.Name) else ""


def _spelled(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node)


def applies_accumulators(program: Program, read: Node) -> bool:
    """``read`` is a literal list of pairs (accumulator, variable): variables of this module, each accumulator made
    with ``trainable=False`` and paired once, as TF1's ``apply_gradients`` of accumulated gradients takes them."""
    if read.kind != "tensor" or not isinstance(read.value, (cst.List, cst.Tuple)) or not read.value.elements:
        return False
    pairs = [_pair(program, element.value) for element in read.value.elements]
    if any(pair is None for pair in pairs):
        return False
    accumulators = [pair[0] for pair in pairs if pair is not None]
    return len(set(accumulators)) == len(accumulators)


def _pair(program: Program, value: cst.BaseExpression) -> tuple[str, str] | None:
    if not (isinstance(value, cst.Tuple) and len(value.elements) == 2):
        return None
    names = [element.value for element in value.elements]
    if not all(isinstance(name, cst.Name) for name in names):
        return None
    accumulator, variable = (program.nodes.get(name.value) for name in names)  # type: ignore[attr-defined]
    if accumulator is None or variable is None or accumulator.kind != "variable" or variable.kind != "variable":
        return None
    if accumulator.container or variable.container or _trainable(accumulator) or not _trainable(variable):
        return None
    return accumulator.name, variable.name


def _trainable(node: Node) -> bool:
    flag = argument(node.value, None, "trainable") if isinstance(node.value, cst.Call) else None
    return flag is None or not (isinstance(flag.value, cst.Name) and flag.value.value == "False")


def indexed_gradient(program: Program, value: cst.BaseExpression, name: str) -> bool:
    """``value`` is ``gvs[i][0]``, one gradient of the ``compute_gradients`` pairs ``name`` (what an accumulator's
    ``assign_add`` adds), and reads them nowhere else."""
    if program.nodes[name].kind != "gradients" or program.nodes[name].bare:
        return False
    return (
        isinstance(value, cst.Subscript)
        and _index(value) == 0
        and isinstance(value.value, cst.Subscript)
        and _index(value.value) is not None
        and isinstance(value.value.value, cst.Name)
        and value.value.value.value == name
    )


def _index(subscript: cst.Subscript) -> int | None:
    if len(subscript.slice) != 1 or not isinstance(subscript.slice[0].slice, cst.Index):
        return None
    index = subscript.slice[0].slice.value
    return int(index.value) if isinstance(index, cst.Integer) else None


def applied_variables(program: Program, train: Node) -> list[str] | None:
    """The variables an apply of accumulated gradients steps, in its pairs' order (the order TF1 made their
    optimizer slots in, and Keras builds them in); None for another train op."""
    if train.kind != "train" or not train.applies:
        return None
    read = train.resolved.get(train.loss) or program.nodes.get(train.loss)
    if read is None or not applies_accumulators(program, read):
        return None
    return [pair[1] for pair in (_pair(program, element.value) for element in read.value.elements) if pair]  # type: ignore[attr-defined]
