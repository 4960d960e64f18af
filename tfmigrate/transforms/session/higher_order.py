"""Higher-order ops of a graph expression: ``tf.scan(lambda a, x: a + x, elems)``, ``tf.map_fn``, ``tf.while_loop``.

TF1 traces the function once into the graph and runs it per element; eager TF2 calls it per element. The values are
the same when the function is pure TensorFlow: a lambda (its body is one expression, so it has no statements with
effects) whose calls are listed ops (checked with the rest of the expression), that draws no random numbers (TF1
draws from one op per run, eagerly every call is a new draw) and that reads no graph value of the program (the
rewrite turns graph values into calls; inside the function that would be a per-element recomputation) and no
parameter named like one. Which parameters take functions is generated with the op table (tools/gen_eager_ops.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms._checkpoint import callable_params
from tfmigrate.transforms.session.analysis import descendants, is_random, loaded_names

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Program


def is_higher_order(path: str) -> bool:
    return bool(callable_params(path))


def check(program: Program, call: cst.Call, path: str) -> None:
    """Raise Blocked unless every function ``tf.<path>`` takes is a pure lambda of TensorFlow ops."""
    params = callable_params(path)
    positional = [arg for arg in call.args if arg.keyword is None]
    if any(arg.star for arg in call.args):
        raise program.deny(f"tf.{path} with unpacked arguments", call)
    for index, name in params:
        given = [a for a in call.args if a.keyword is not None and a.keyword.value == name]
        if not given and index < len(positional):
            given = [positional[index]]
        for arg in given:
            _lambda(program, arg.value, path, name)


def _lambda(program: Program, function: cst.BaseExpression, path: str, name: str) -> None:
    if not isinstance(function, cst.Lambda):
        raise program.deny(f"tf.{path}({name}=...) is not a lambda (only a lambda's ops can be checked)", function)
    params = [p.name.value for p in _params(function.params)]
    for param in params:
        if param in program.nodes:
            raise program.deny(
                f"the lambda given to tf.{path} has a parameter named like the graph value `{param}`", function
            )
    for read in loaded_names(function.body):
        if read.value in program.nodes and read.value not in params:
            raise program.deny(f"the lambda given to tf.{path} reads the graph value `{read.value}`", read)
    for inner in descendants(function.body):
        if isinstance(inner, cst.Call):
            inner_path = program.tf_path(inner.func)
            if inner_path is not None and is_random(inner_path):
                raise program.deny(f"the lambda given to tf.{path} draws random numbers on every call", inner)


def _params(parameters: cst.Parameters) -> list[cst.Param]:
    found = [*parameters.posonly_params, *parameters.params, *parameters.kwonly_params]
    for star in (parameters.star_arg, parameters.star_kwarg):
        if isinstance(star, cst.Param):
            found.append(star)
    return found
