"""Graph values a variable's initial value reads: ``W_init = tf.random_uniform([784, 500], -r, r)`` then
``W = tf.Variable(W_init)`` (nlintz's autoencoder), and ``w2 = tf.Variable(w1.initialized_value() * 2)``.

TF1 evaluates an initial value once, when the initializer runs; a tensor read nowhere else is drawn in that run
only. The eager program evaluates the tensor's statement once, where it is built, and the variable takes that
value: the same numbers (the same op seed in a seeded graph), because the tensor reads no placeholder, variable or
layer, so when it is evaluated does not matter. Such a tensor stays a value (it is not made a function) and may not
be read anywhere else: a fetch of it would draw again in TF1. A constant (one value however often it is read) may
be read anywhere.

``v.initialized_value()`` is ``v``'s initial value, made sure to be computed first; eagerly ``v`` holds that value
from its creation until the Session program runs, and module-level graph code changes no variable before that, so
``v.read_value()`` reads the same numbers where ``initialized_value()`` stood.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import Node, Program, descendants, loaded_names
from tfmigrate.transforms.session.run_calls import run_receiver

INITIALIZED = "initialized_value"
# What a tensor evaluated once may be built from: nothing that a run changes or feeds.
STILL = frozenset({"const", "tensor"})


def allowed(program: Program, value: cst.BaseExpression) -> set[str]:
    """The graph names ``value`` (a variable's definition) may read: each constant, each tensor evaluated once for
    it alone (made a value here), each variable read only as ``v.initialized_value()``."""
    names: set[str] = set()
    direct = [n.value for n in loaded_names(value)]
    for name in dict.fromkeys(direct):
        node = program.nodes.get(name)
        if node is None:
            continue
        if node.kind == "const" and len(program.versions.get(name, [])) == 1:
            names.add(name)
        elif _once(program, node, value):
            node.kind = "const"  # evaluated where it is built, as a constant is: it is read once, right here
            names.add(name)
        elif node.kind == "variable" and not node.container and _initialized_only(value, name):
            names.add(name)
    return names


def refusal(program: Program, value: cst.BaseExpression, allowed: set[str]) -> str:
    """Why a variable's initial value keeps the graph tier: the first graph name it reads that is not allowed."""
    for name in program._reads(value):
        node = program.nodes.get(name)
        if name in allowed or node is None:
            continue
        if node.kind == "tensor" and not (node.params or node.variables):
            return (
                f"a variable's initial value reads `{name}`, which is also read elsewhere (TF1 evaluates it again "
                "at each run there, the initial value once)"
            )
        if node.kind == "variable":
            return f"a variable's initial value reads the variable `{name}` other than as `{name}.initialized_value()`"
        return f"a variable's initial value reads `{name}` ({node.kind}), which depends on a placeholder or variable"
    return "a variable's initial value reads another graph value"


def _once(program: Program, node: Node, value: cst.BaseExpression) -> bool:
    """A tensor built from constants and random ops only, bound once, and read by this initial value alone."""
    if node.kind != "tensor" or node.params or node.variables or len(program.versions.get(node.name, [])) != 1:
        return False
    if any(n.kind not in STILL for n in node.upstream.values()):
        return False
    here = sum(1 for n in loaded_names(value) if n.value == node.name)
    everywhere = sum(1 for n in descendants(program.module) if isinstance(n, cst.Name) and n.value == node.name)
    return here == 1 and program.binds.get(node.name) == 1 and everywhere == 2  # its binding and this read


def _initialized_only(value: cst.BaseExpression, name: str) -> bool:
    """Every read of ``name`` in ``value`` is ``name.initialized_value()``."""
    reads = [n for n in loaded_names(value) if n.value == name]
    calls = [c for c in descendants(value) if _initialized_call(c) is not None and _initialized_call(c) == name]
    return bool(reads) and len(reads) == len(calls)


def _initialized_call(node: cst.CSTNode) -> str | None:
    if (
        isinstance(node, cst.Call)
        and not node.args
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == INITIALIZED
        and isinstance(node.func.value, cst.Name)
    ):
        return node.func.value.value
    return None


def replacements(program: Program) -> dict[cst.CSTNode, str]:
    """``v.initialized_value()`` in the variables' definitions -> ``v.read_value()``."""
    edits: dict[cst.CSTNode, str] = {}
    for node in program.nodes.values():
        if node.kind != "variable":
            continue
        for call in descendants(node.value):
            owner = _initialized_call(call)
            if owner is not None and getattr(program.nodes.get(owner), "kind", None) == "variable":
                edits[call] = f"{owner}.read_value()"
    return edits


def variable_initializer(program: Program, call: cst.BaseExpression, sessions) -> str | None:
    """``v.initializer.run()`` or ``sess.run(v.initializer)`` (TF's variables guide, ezenTensor's ``tf_op2``): the
    variable ``v`` whose initializer the line runs, else None. TF1 sets ``v`` to its initial value there; eagerly
    ``v`` holds that value from its creation until something assigns it, so before any run the line is a no-op."""
    owner = run_receiver(call)
    if not isinstance(call, cst.Call) or owner is None:
        return None
    if not call.args:
        target = owner
    elif (
        isinstance(owner, cst.Name) and owner.value in sessions and len(call.args) == 1 and call.args[0].keyword is None
    ):
        target = call.args[0].value
    else:
        return None
    if not (
        isinstance(target, cst.Attribute)
        and target.attr.value == "initializer"
        and isinstance(target.value, cst.Name)
        and getattr(program.nodes.get(target.value.value), "kind", None) == "variable"
        and len(program.versions.get(target.value.value, [])) == 1
    ):
        return None
    return target.value.value


def late_initializer(program: Program, name: str, reached: set[str]) -> str | None:
    """``X = tf.Variable(tf.eye(10)); X.initializer.run()`` after earlier runs of the graph (the Packt cookbook's
    InteractiveSession recipes): why TF1's value at the initializer could differ from the eager variable's value at
    its creation, else None (the line is dropped). TF1 computes the initial value where the initializer runs; the
    eager variable computes it where it is created. Both give the same numbers when the initial value reads no
    variable (variables.check_variable allows only constants, tensors drawn for it alone, and
    ``v.initialized_value()``, whose value a run may have changed) and no earlier run reached the variable (an
    assign would have set it first). A random initial value keeps its op's own stream (seeds.py), so other runs'
    draws do not move it. ``reached``: the variables earlier runs read or changed, ``*`` for all (a train step, a
    restore)."""
    node = program.nodes[name]
    for read in dict.fromkeys(n.value for n in loaded_names(node.value)):
        other = program.nodes.get(read)
        if other is not None and other is not node and other.kind == "variable":
            return (
                f"`{name}`'s initializer runs after the graph ran, and its initial value reads the variable "
                f"`{read}`, which a run may have changed"
            )
    if name in reached or "*" in reached:
        return f"`{name}`'s initializer runs after a run or restore that reached `{name}` (it may have set it first)"
    return None


def initialised_again(program: Program, name: str, initialised_upto: int) -> str | None:
    """``sess.run(init)`` then ``v.initializer.run()``: TF1 initialises ``v`` a second time (a random initial value
    draws its op's next numbers), the eager variable holds its one initial value. ``initialised_upto``: the
    definitions made before the latest run of an initializer of many variables (-1: none ran)."""
    if program.nodes[name].index < initialised_upto:
        return f"`{name}`'s initializer runs after an initializer of many variables initialised it"
    return None


def reached(program: Program, call: cst.Call) -> set[str]:
    """The variables a run of ``call`` reads or changes: named in it, or upstream of what it names; ``*`` when it
    runs a train step (which changes every trainable variable), and the train step's name (its optimizer state)."""
    found: set[str] = set()
    for read in loaded_names(call):
        node = program.nodes.get(read.value)
        if node is None:
            continue
        nodes = [node, *node.upstream.values()]
        if any(n.kind == "train" for n in nodes):
            found.add("*")
        found.update(n.name for n in nodes if n.kind in ("variable", "train"))  # a train: its optimizer state
        found.update(n.loss for n in nodes if n.kind == "assign" and n.loss)  # ``up = tf.assign_add(a, d)``
    return found
