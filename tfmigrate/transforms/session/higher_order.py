"""Higher-order ops of a graph expression: ``tf.scan(lambda a, x: a + x, elems)``, ``tf.map_fn``, ``tf.while_loop``,
``tf.cond``.

TF1 traces the function once into the graph and runs it per element; eager TF2 calls it per element. The values are
the same when the function is pure TensorFlow: a lambda (its body is one expression, so it has no statements with
effects) whose calls are listed ops (checked with the rest of the expression), that draws no random numbers (TF1
draws from one op per run, eagerly every call is a new draw) and that reads no graph value of the program (the
rewrite turns graph values into calls; inside the function that would be a per-element recomputation; variables
and constants stay values, read as TF1's loop read them) and no parameter named like one. A module function given
by name is read as the lambda's body would be (traced_functions.py). Which parameters take functions is generated with the op table (tools/gen_eager_ops.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms._checkpoint import callable_params
from tfmigrate.transforms.session import traced_functions
from tfmigrate.transforms.session.analysis import descendants, is_random, loaded_names, module_value

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Program


# tf.while_loop, left out of the generated table: TF1's form unpacks a one-element ``loop_vars``, TF2's does not.
# Given a literal list or tuple of two or more loop variables (nested or not) both return that structure; unpacked
# into as many names (``n, (a, b) = tf.while_loop(...)``, tuples.py) each is one tensor, as TF1 fetched it, and the
# eager program keeps the call as written (run eagerly, or traced as a While op inside a tf.function).
WHILE_LOOP = "while_loop"
WHILE_PARAMS = [(0, "cond"), (1, "body")]
WHILE_KEYWORDS = frozenset({"cond", "body", "loop_vars", "parallel_iterations", "back_prop", "maximum_iterations"})


# tf.cond, left out of the generated table: TF1's form (strict=False) unpacks a branch's one-element list or tuple,
# TF2's does not. Its branches take no arguments and run once per evaluation, only the one ``pred`` picks, in TF1
# (a cond context inside the graph) as eagerly (a Python ``if`` on the value; an If op inside a tf.function), so a
# branch may read graph values: the rewrite's call of a tensor's function inside the branch computes what TF1's
# branch read, provided that value is pure (no draw, no assign: TF1 ran those outside the cond, whichever branch
# was taken). The batch norm of hand-written models: ``tf.cond(is_training, lambda: (m, v), lambda: (am, av))``.
COND = "cond"
COND_PARAMS = [(1, "true_fn"), (2, "false_fn")]
COND_KEYWORDS = frozenset({"pred", "true_fn", "false_fn", "name"})
PURE_READS = frozenset({"placeholder", "variable", "const", "tensor", "moving_average"})  # ``ema.average(v)``


def is_higher_order(path: str) -> bool:
    return bool(callable_params(path)) or path in (WHILE_LOOP, COND)


def passed_to(program: Program, name: str) -> str | None:
    """The higher-order op (``scan``) a module function ``name`` is given to as its function, if one is."""
    for call in descendants(program.module):
        path = program.tf1_path(call.func) if isinstance(call, cst.Call) else ""
        if not path or not is_higher_order(path):
            continue
        params = WHILE_PARAMS if path == WHILE_LOOP else COND_PARAMS if path == COND else callable_params(path)
        positional = [arg for arg in call.args if arg.keyword is None]
        for index, keyword in params:
            given = [a for a in call.args if a.keyword is not None and a.keyword.value == keyword]
            given += [positional[index]] if index < len(positional) else []
            if any(isinstance(a.value, cst.Name) and a.value.value == name for a in given):
                return path
    return None


def check(program: Program, call: cst.Call, path: str) -> None:
    """Raise Blocked unless every function ``tf.<path>`` takes is a pure lambda of TensorFlow ops."""
    params = WHILE_PARAMS if path == WHILE_LOOP else COND_PARAMS if path == COND else callable_params(path)
    positional = [arg for arg in call.args if arg.keyword is None]
    if any(arg.star for arg in call.args):
        raise program.deny(f"tf.{path} with unpacked arguments", call)
    if path == WHILE_LOOP:
        _loop_vars(program, call, positional)
    if path == COND:
        _cond_arguments(program, call, positional)
    for index, name in params:
        given = [a for a in call.args if a.keyword is not None and a.keyword.value == name]
        if not given and index < len(positional):
            given = [positional[index]]
        for arg in given:
            if path == COND:
                _branch(program, arg.value, name)
            elif traced_functions.named(program, arg.value) is not None:
                traced_functions.check(program, arg, path, name)
            else:
                _lambda(program, arg.value, path, name)


def _cond_arguments(program: Program, call: cst.Call, positional: list[cst.Arg]) -> None:
    other = [a.keyword.value for a in call.args if a.keyword is not None and a.keyword.value not in COND_KEYWORDS]
    if len(positional) > 3 or other:
        raise program.deny(f"tf.cond({(other or ['...'])[0]}=...) is not modelled", call)
    named = {a.keyword.value for a in call.args if a.keyword is not None}
    if len(positional) + len(named & {"pred", "true_fn", "false_fn"}) != 3:
        raise program.deny("tf.cond without both branches", call)


def _branch(program: Program, function: cst.BaseExpression, name: str) -> None:
    """A branch of tf.cond: a lambda without parameters whose value is one tensor or a tuple of two or more, that
    draws nothing and reads only pure graph values."""
    if isinstance(function, cst.Name):
        function = module_value(program, function.value) or function
    if not isinstance(function, cst.Lambda) or _params(function.params):
        raise program.deny(f"tf.cond({name}=...) is not a lambda without parameters", function)
    body = function.body
    if isinstance(body, (cst.List, cst.Tuple)) and len(body.elements) < 2:
        raise program.deny("a tf.cond branch returns a one-element list or tuple (TF1 unpacks it, TF2 does not)", body)
    for read in loaded_names(body):
        node = program.nodes.get(read.value)
        if node is None:
            continue
        if node.kind not in PURE_READS or node.random:
            raise program.deny(
                f"a tf.cond branch reads `{read.value}` ({'a random draw' if node.random else node.kind}), which "
                "TF1 computed outside the cond whichever branch was taken",
                read,
            )
    for inner in descendants(body):
        if isinstance(inner, cst.Call):
            inner_path = program.tf_path(inner.func)
            if inner_path is not None and is_random(inner_path):
                raise program.deny("a tf.cond branch draws random numbers", inner)


def _loop_vars(program: Program, call: cst.Call, positional: list[cst.Arg]) -> None:
    other = [a.keyword.value for a in call.args if a.keyword is not None and a.keyword.value not in WHILE_KEYWORDS]
    if len(positional) > 3 or other:
        raise program.deny(f"tf.while_loop({(other or ['...'])[0]}=...) is not modelled", call)
    given = [a for a in call.args if a.keyword is not None and a.keyword.value == "loop_vars"]
    loop_vars = given[0].value if given else positional[2].value if len(positional) > 2 else None
    if isinstance(loop_vars, cst.Name):  # ``ijk_0 = (tf.constant(0), (...))`` bound once at module level
        loop_vars = module_value(program, loop_vars.value) or loop_vars
    unpacked = any(
        isinstance(n, cst.Assign)
        and n.value is call
        and len(n.targets) == 1
        and isinstance(loop_vars, (cst.List, cst.Tuple))
        and len(loop_vars.elements) >= 2
        and _one_name_each(n.targets[0].target, loop_vars)
        for n in descendants(program.module)
    )
    if not unpacked:
        raise program.deny(
            "tf.while_loop whose result is not unpacked into one name per loop variable of a literal list or "
            "tuple of two or more (TF1 unpacks a single loop variable, TF2 does not; a structure is not one tensor)",
            call,
        )


def _one_name_each(target: cst.BaseExpression, value: cst.BaseExpression) -> bool:
    """Whether ``target`` unpacks ``value``'s literal structure down to single tensors: ``n, (a, b)`` for ``(0,
    (1, 2))``; ``n, ab`` binds a tuple, which the eager fetch would read as one tensor (``ab.numpy()``)."""
    if not isinstance(value, (cst.List, cst.Tuple)):
        return isinstance(target, cst.Name)
    return (
        isinstance(target, (cst.List, cst.Tuple))
        and len(target.elements) == len(value.elements)
        and all(_one_name_each(t.value, v.value) for t, v in zip(target.elements, value.elements))
    )


def _lambda(program: Program, function: cst.BaseExpression, path: str, name: str) -> None:
    if isinstance(function, cst.Name):  # ``c = lambda i, x: i < n`` bound once at module level
        function = module_value(program, function.value) or function
    if not isinstance(function, cst.Lambda):
        raise program.deny(f"tf.{path}({name}=...) is not a lambda (only a lambda's ops can be checked)", function)
    params = [p.name.value for p in _params(function.params)]
    for param in params:
        if param in program.nodes:
            raise program.deny(
                f"the lambda given to tf.{path} has a parameter named like the graph value `{param}`", function
            )
    for read in loaded_names(function.body):
        node = program.nodes.get(read.value)
        if node is not None and read.value not in params and node.kind not in traced_functions.VALUES:
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
