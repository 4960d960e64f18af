"""A TF1 optimizer built as a constructor parameter's default: ``def __init__(self, n_input, n_hidden,
transfer_function=tf.nn.softplus, optimizer=tf.train.AdamOptimizer(), scale=0.1)`` (tensorflow/models'
research/autoencoder models), the one construction passing its own (``optimizer=tf.train.AdamOptimizer(0.001)``).

The default is built once, when the class is defined, and the program never uses it: TF1's optimizer object makes
no graph op until ``minimize``. The class proof (classes.py) reads the construction without it. After the rewrite
the class is TF2 code, where ``tf.train.AdamOptimizer`` does not exist: the default becomes the optimizer the rewrite
builds for TF1's (``TF1Adam()``, TF1's kernel and epsilon, tf1_optimizers.py; Keras SGD for plain gradient
descent), so a user taking the default gets TF1's update as before. Only literal hyperparameters are read; any other
default stays as written for TFM101.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import cast

import libcst as cst

from tfmigrate.transforms._tf1 import tf_binding
from tfmigrate.transforms.session import tf1_optimizers
from tfmigrate.transforms.session.analysis import (
    KERAS_KEYWORDS,
    OPTIMIZER_ARGS,
    OPTIMIZERS,
    TF1_DEFAULTS,
    Blocked,
    LineOf,
    Resolve,
    descendants,
)
from tfmigrate.transforms.session.class_sugar import rewritten_class


@dataclass
class Defaults:
    """Each parameter whose default is a TF1 optimizer: (its name, the Keras family, the Keras arguments)."""

    params: list[tuple[str, str, list[tuple[str, str]]]] = field(default_factory=list)


def _keras(call: cst.Call, path: str) -> list[tuple[str, str]] | None:
    """The Keras arguments of ``tf.train.AdamOptimizer(...)`` with literal hyperparameters (analysis._optimizer's
    reading); None for anything else."""
    names, given = OPTIMIZER_ARGS[path], {}
    for index, arg in enumerate(call.args):
        code = cst.Module([]).code_for_node(arg.value)
        try:
            ast.literal_eval(code)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            return None
        if arg.star or (arg.keyword is None and index >= len(names)):
            return None
        keyword = arg.keyword.value if arg.keyword is not None else names[index]
        if keyword not in names:
            return None
        given[keyword] = code
    if "learning_rate" not in given and path != "train.AdamOptimizer":
        return None
    keras = OPTIMIZERS[path]
    args = [(KERAS_KEYWORDS[k], v) for k, v in given.items() if k in KERAS_KEYWORDS]
    args += [(k, v) for k, v in TF1_DEFAULTS.get(keras, {}).items() if k not in dict(args)]
    return args


def _passed(module: cst.Module, name: str, param: str, index: int) -> bool:
    """The class is constructed, and each construction passes ``param`` itself."""
    calls = [
        n
        for n in descendants(module)
        if isinstance(n, cst.Call) and isinstance(n.func, cst.Name) and n.func.value == name
    ]
    return bool(calls) and all(
        any(a.keyword is not None and a.keyword.value == param for a in c.args)
        or len([a for a in c.args if a.keyword is None and not a.star]) > index
        for c in calls
    )


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef, Defaults] | None:
    """The module as it is, and the constructor's TF1 optimizer defaults that no construction takes; None when
    none."""
    if not isinstance(definition.body, cst.IndentedBlock):
        return None
    init = next(
        (s for s in definition.body.body if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"), None
    )
    if init is None:
        return None
    state = Defaults()
    for index, param in enumerate(init.params.params[1:]):
        default = param.default
        if not isinstance(default, cst.Call):
            continue
        path = (resolve(default.func) or "").removeprefix("compat.v1.")
        args = _keras(default, path) if path in OPTIMIZERS else None
        if args is not None and _passed(module, definition.name.value, param.name.value, index):
            state.params.append((param.name.value, OPTIMIZERS[path], args))
    return (module, resolve, line_of, definition, state) if state.params else None


def resugar(module: cst.Module, name: str, state: Defaults, line: int) -> cst.Module:
    """The rewritten constructor with each such default the rewrite's optimizer; a default the rewrite no longer
    holds as written, or a class name taken otherwise, leaves it as written."""
    tf = tf_binding(module)
    definition = rewritten_class(module, name, Blocked(f"class `{name}`", line))
    members = list(cast(cst.IndentedBlock, definition.body).body)
    init = next((m for m in members if isinstance(m, cst.FunctionDef) and m.name.value == "__init__"), None)
    if tf is None or init is None:
        return module
    names = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
    made = {param: (keras, args) for param, keras, args in state.params}
    moved: set[str] = set()
    params = []
    for param in init.params.params:
        held = made.get(param.name.value)
        if held is None or param.default is None:
            params.append(param)
            continue
        keras, args = held
        text = ", ".join(f"{k}={v}" for k, v in args)
        kind = tf1_optimizers.kind(keras, dict(args))
        if kind is None:
            value = f"{tf}.keras.optimizers.{keras}({text})"
        else:
            used = sorted(n for n in names if tf1_optimizers.generated_kind(n) == kind)
            if not used and f"TF1{kind}" in names:
                params.append(param)
                continue
            value = f"{used[0] if used else f'TF1{kind}'}({text})"
            moved.add(used[0] if used else f"TF1{kind}")
        params.append(param.with_changes(default=cst.parse_expression(value)))
    members[members.index(init)] = init.with_changes(params=init.params.with_changes(params=params))
    rebuilt = definition.with_changes(body=definition.body.with_changes(body=members))
    body = [rebuilt if s is definition else s for s in module.body]
    at = body.index(rebuilt)
    for statement in list(body[at:]):  # the optimizer's class, defined by the rewrite where the construction was
        if isinstance(statement, cst.ClassDef) and statement.name.value in moved:
            body.remove(statement)
            body.insert(at, statement.with_changes(leading_lines=rebuilt.leading_lines))
    return module.with_changes(body=body)
