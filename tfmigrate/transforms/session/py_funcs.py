"""``tf.py_func(f, [x], tf.float32)`` in a graph definition: in the eager program ``tf.numpy_function(f, [x],
tf.float32)``, TF2's name for it.

In TF 2.21 both names build the same PyFunc op (``script_ops._internal_py_func`` with ``use_eager_py_func=False``):
``f`` gets numpy arrays, its result is converted to ``Tout`` (a dtype gives one tensor, a list of dtypes a list),
the output shape is unknown, and the call runs when the op does: at each ``sess.run`` in TF1, at each call of the
tensor's function eagerly (inside a tf.function too). TF1 runs an op once per run however many fetches read it,
eagerly each function that reads the tensor calls ``f`` again, so ``f`` must be a host function whose only effect is
its value: a module-level ``def``, a lambda or a numpy function that prints nothing, reads no graph value and
changes nothing it did not make (``calls[0] += 1`` on a module-level list; a ``global`` statement is refused for
the whole module already).
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import Program, descendants, loaded_names, module_binding

NAMES = frozenset({"py_func", "numpy_function"})
PARAMETERS = ("func", "inp", "Tout", "stateful", "name")


def is_py_func(path: str) -> bool:
    return path in NAMES


def check(program: Program, call: cst.Call, path: str) -> None:
    """Raise Blocked unless ``call`` is a py_func of a host function whose only effect is its value."""
    if any(a.star for a in call.args):
        raise program.deny(f"tf.{path} with unpacked arguments", call)
    positional = [a for a in call.args if a.keyword is None]
    keywords = [a.keyword.value for a in call.args if a.keyword is not None]
    if len(positional) > len(PARAMETERS) or any(k not in PARAMETERS for k in keywords):
        raise program.deny(f"tf.{path} arguments", call)
    given = [a for a in call.args if a.keyword is not None and a.keyword.value == "func"] or positional[:1]
    if not given:
        raise program.deny(f"tf.{path} without its function", call)
    if _numpy_function(program, given[0].value):
        return
    function = _function(program, given[0].value)
    if function is None:
        raise program.deny(f"tf.{path}(func=...) is not a module-level function or lambda of this module", call)
    body = function.body
    params = {p.name.value for p in (*function.params.params, *function.params.posonly_params)}
    for inner in descendants(body):
        if isinstance(inner, cst.Call) and isinstance(inner.func, cst.Name) and inner.func.value == "print":
            raise program.deny(f"the function tf.{path} calls prints (TF1 ran it once per run)", inner)
        if isinstance(inner, (cst.Yield, cst.Await)):
            raise program.deny(f"the function tf.{path} calls is a generator", inner)
    changed = _changed_outside(body, params)
    if changed is not None:
        raise program.deny(
            f"the function tf.{path} calls changes `{changed.value}` outside it (TF1 ran it once per run)", changed
        )
    for read in loaded_names(body):
        if read.value in program.nodes and read.value not in params:
            raise program.deny(f"the function tf.{path} calls reads the graph value `{read.value}`", read)


MUTATORS = frozenset({"append", "extend", "insert", "pop", "remove", "clear", "update", "add", "setdefault"})


def _changed_outside(body: cst.CSTNode, params: set[str]) -> cst.Name | None:
    """The first name the body changes in place that it did not bind itself (``calls[0] += 1``, ``seen.append(x)``
    on a module-level list): the function has an effect beyond its value, and the eager program calls it once per
    function reading the tensor where TF1 called it once per run."""
    own = set(params)
    changes: list[cst.CSTNode] = []
    for node in descendants(body):
        targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else []
        if isinstance(node, (cst.AugAssign, cst.AnnAssign)):
            targets = [node.target]
        for target in targets:
            if isinstance(target, cst.Name) and not isinstance(node, cst.AugAssign):
                own.add(target.value)
            elif isinstance(target, (cst.Attribute, cst.Subscript)) or isinstance(node, cst.AugAssign):
                changes.append(target)
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in MUTATORS:
            changes.append(node.func.value)
    for change in changes:
        root = change
        while isinstance(root, (cst.Attribute, cst.Subscript)):
            root = root.value
        if isinstance(root, cst.Name) and root.value not in own:
            return root
    return None


def host_calls(program: Program, value: cst.CSTNode) -> set[cst.Call]:
    """The calls inside the lambdas ``value`` passes to py_func: host code, run on numpy values (checked here)."""
    hosted: set[cst.Call] = set()
    for call in descendants(value):
        if isinstance(call, cst.Call) and program.tf1_path(call.func) in NAMES:
            for arg in call.args:
                if isinstance(arg.value, cst.Lambda) and (arg.keyword is None or arg.keyword.value == "func"):
                    hosted.update(c for c in descendants(arg.value.body) if isinstance(c, cst.Call))
    return hosted


def _numpy_function(program: Program, value: cst.BaseExpression) -> bool:
    """``np.searchsorted``: a numpy function, whose only effect is its value."""
    return (
        isinstance(value, cst.Attribute)
        and isinstance(value.value, cst.Name)
        and program.imported.get(value.value.value) == "numpy"
        and program.binds.get(value.value.value, 0) == 1
    )


def _function(program: Program, value: cst.BaseExpression) -> cst.FunctionDef | cst.Lambda | None:
    if isinstance(value, cst.Lambda):
        return value
    bound = module_binding(program, value.value) if isinstance(value, cst.Name) else None
    return bound if isinstance(bound, cst.FunctionDef) else None


def respelled(program: Program, tf: str, original: cst.Call, updated: cst.Call) -> cst.Call | None:
    """``updated`` (a py_func call) as its tf.numpy_function call (the same parameters); None for other calls."""
    if program.tf1_path(original.func) != "py_func":
        return None
    return updated.with_changes(func=cst.parse_expression(f"{tf}.numpy_function"))
