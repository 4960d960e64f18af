"""A graph class constructed where the class proof cannot read one instance: in a loop by another class's method,
``class ANN: def __init__(self, sizes): for M2 in sizes: h = HiddenLayer(M1, M2, tf.nn.relu);
self.layers.append(h)`` (the course MLPs and stacked autoencoders,
held-out 20's lp_autoencoder_dnn), each instance one set of variables (TF1 names ``Variable``, ``Variable_1``, ... in
construction order) that the model's ``forward`` then loops over.

The class proof (classes.py) reads one instance of a class; such a list of sub-model instances is an object graph it
does not model (eagerly: one ``tf.Module`` per instance, the list an attribute of the model). Without this check the
refusal named whatever the holder class failed first (its Session method, ``self`` passed on); this names the
construction in the loop, the construct the rewrite would need.

Or constructed under ``with tf.variable_scope("model", reuse=True):`` (the PTB trainers' ``mtest = PTBModel(False)``
after ``m = PTBModel(True)``): a second instance over the first's variables, shared by name through
``tf.get_variable``. The proof reads each instance as its own variables; the reason says so (before this it named
the ``with`` block the construction stands in). Or constructed in two module functions, ``def train(...): m =
Model(True)`` and ``def test(...): m = Model(False)`` (held-out 20's ai_ptb_lstm, each run in one branch of the
module's ``if``): two instances, each run by its own function's Session; the reason names both (before this it named a
condition of reading ``train`` at its call).
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session import instance_lists
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants, parents_of
from tfmigrate.transforms.session.graph_resets import Resets

LOOPS = (cst.For, cst.While, cst.ListComp, cst.GeneratorExp, cst.DictComp, cst.SetComp)


def refuse(module: cst.Module, resolve: Resolve, line_of: LineOf) -> None:
    """Raises Blocked at the first construction of a graph-building class inside a loop in a method of another
    module-level class, or inside a variable scope that reuses variables."""
    from tfmigrate.transforms.session.classes import _builds  # one reading of "builds graph ops"

    classes = {s.name.value: s for s in module.body if isinstance(s, cst.ClassDef) and _builds(s, resolve)}
    names = set(classes)
    _reused(module, resolve, line_of, names)
    _in_two_functions(module, line_of, names)
    for holder in module.body:
        if not isinstance(holder, cst.ClassDef):
            continue
        for method in descendants(holder):
            if not isinstance(method, cst.FunctionDef):
                continue
            for loop in descendants(method.body):
                if not isinstance(loop, LOOPS):
                    continue
                for call in descendants(loop):
                    if (
                        isinstance(call, cst.Call)
                        and isinstance(call.func, cst.Name)
                        and call.func.value in names
                        and call.func.value != holder.name.value
                    ):
                        raise Blocked(
                            instance_lists.reason(
                                classes[call.func.value], resolve, line_of, holder.name.value, method.name.value, loop
                            ),
                            line_of(call),
                        )


def _reused(module: cst.Module, resolve: Resolve, line_of: LineOf, names: set[str]) -> None:
    for block in descendants(module):
        if not isinstance(block, cst.With):
            continue
        scope = next((i.item for i in block.items if isinstance(i.item, cst.Call) and _reuses(i.item, resolve)), None)
        if scope is None or _fresh(module, block, scope, resolve, names):
            continue
        for call in descendants(block.body):
            if isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value in names:
                raise Blocked(
                    f"class `{call.func.value}` builds graph ops and is constructed under a variable scope that reuses "
                    f"variables (line {line_of(block)}): this instance shares another's variables by name "
                    "(tf.get_variable); two instances over one set of variables are not modelled (the class proof "
                    "reads each instance as its own variables)",
                    line_of(call),
                )


def _fresh(module: cst.Module, block: cst.With, scope: cst.Call, resolve: Resolve, names: set[str]) -> bool:
    """``tf.reset_default_graph()`` then ``with tf.variable_scope(name, reuse=tf.AUTO_REUSE): model = Model()``
    (hc_stock_lstm_config's predict, restoring the checkpoint train() wrote): in the fresh graph there is nothing to
    share, so the one construction makes its own variables. Only with no TensorFlow call between the reset and the
    ``with`` and one construction in it; ``reuse=True`` would fail in that graph, and is left to its reason."""
    if not any((resolve(a.value) or "").endswith("AUTO_REUSE") for a in scope.args if a.keyword is not None):
        return False
    holder = parents_of(module).get(block)
    body = list(holder.body) if isinstance(holder, (cst.IndentedBlock, cst.Module)) else []
    if block not in body:
        return False
    before = body[: body.index(block)]
    reader = Resets.of(module, resolve)
    resets = [i for i, s in enumerate(before) if reader.is_reset(s)]
    if not resets:
        return False
    between = [n for s in before[resets[-1] + 1 :] for n in descendants(s) if isinstance(n, cst.Call)]
    built = [n for n in descendants(block.body) if isinstance(n, cst.Call) and _constructs(n, names)]
    return len(built) == 1 and not any(resolve(n.func) is not None or _constructs(n, names) for n in between)


def _constructs(call: cst.Call, names: set[str]) -> bool:
    return isinstance(call.func, cst.Name) and call.func.value in names


def _reuses(call: cst.Call, resolve: Resolve) -> bool:
    """``tf.variable_scope(name, reuse=True)`` (or ``reuse=tf.AUTO_REUSE``)."""
    if (resolve(call.func) or "").removeprefix("compat.v1.") != "variable_scope":
        return False
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "reuse":
            value = arg.value
            return (isinstance(value, cst.Name) and value.value == "True") or (
                (resolve(value) or "").endswith("AUTO_REUSE")
            )
    return False


def _in_two_functions(module: cst.Module, line_of: LineOf, names: set[str]) -> None:
    first: dict[str, tuple[str, cst.Call]] = {}
    for function in module.body:
        if not isinstance(function, cst.FunctionDef):
            continue
        for call in descendants(function.body):
            if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value in names):
                continue
            name = call.func.value
            if name not in first:
                first[name] = (function.name.value, call)
            elif first[name][0] != function.name.value:
                other, at = first[name]
                raise Blocked(
                    f"class `{name}` builds graph ops and is constructed in function `{other}` (line {line_of(at)}) "
                    f"and again in function `{function.name.value}`: two instances, each run by its own function's Session, "
                    "the functions run neither one after the other as bare calls, each later one first resetting the "
                    "graph, nor each as the one bare call of a branch of a mode's `if`/`elif` chain (one per process) "
                    "(the class proof reads one construction of a class per program)",
                    line_of(call),
                )
