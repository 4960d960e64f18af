"""``tf.contrib.layers.optimize_loss`` as ``optimizer.minimize``, where TF 1.15's code shows the two equal.

optimize_loss (tensorflow/contrib/layers/python/layers/optimizers.py) built ``OPTIMIZER_CLS_NAMES[name](
learning_rate=lr)``, took the gradients of ``loss`` over the trainable variables and applied them with
``global_step``: the update ``minimize`` makes (checked on TF 2.21's tf.compat.v1 with a port of it: the same
weights and step after three steps for Adam, SGD, Momentum and Adagrad). What differs is left to a person:
it ran the ``UPDATE_OPS`` collection (batch-norm moving averages) with the loss, added summaries that
``merge_all`` collects, created its variables under ``OptimizeLoss/`` (``OptimizeLoss/learning_rate``,
``OptimizeLoss/w/Adam``, ``OptimizeLoss/beta1_power``: checkpoints name them so), and returned the loss (after
the update) where ``minimize`` returns an op. Hence the rewrite needs a self-contained program: one that runs a
Session, saves no checkpoint, imports no module that could add update ops, and only runs the train op.
"""

from __future__ import annotations

import re

import libcst as cst

from tfmigrate.cstfields import code as module_code
from tfmigrate.transforms._checkpoint import SAFE_MODULES
from tfmigrate.transforms.contrib.args import literal_bool
from tfmigrate.transforms.session.analysis import descendants

PARAMS = ("loss", "global_step", "learning_rate", "optimizer")
# Keywords whose value either maps onto minimize or changes nothing it computes.
MAPPED = frozenset({*PARAMS, "variables", "increment_global_step", "summaries", "name"})
# OPTIMIZER_CLS_NAMES of TF 1.15: the tf.compat.v1.train class each name built, with the arguments it passed.
OPTIMIZERS = {
    "Adagrad": ("AdagradOptimizer", ""),
    "Adam": ("AdamOptimizer", ""),
    "Ftrl": ("FtrlOptimizer", ""),
    "Momentum": ("MomentumOptimizer", ", momentum=0.9"),
    "RMSProp": ("RMSPropOptimizer", ""),
    "SGD": ("GradientDescentOptimizer", ""),
}
SESSIONS = frozenset({"Session", "InteractiveSession"})
CHECKPOINTS = re.compile(r"save|restore|checkpoint|estimator|supervisor|monitoredtrainingsession", re.IGNORECASE)
UPDATES = re.compile(r"batch_?norm|update_ops", re.IGNORECASE)


def module_reason(module: cst.Module, tf_path) -> str | None:
    """Why no optimize_loss of ``module`` can become ``minimize`` (None: the module allows it)."""
    code = module_code(module)
    if not any(isinstance(n, cst.Call) and tf_path(n.func) in SESSIONS for n in descendants(module)):
        return "the train op may be run or checkpointed outside this file"
    if CHECKPOINTS.search(code):
        return "this file saves or restores checkpoints, in which the names of the optimizer's variables would change"
    if UPDATES.search(code):
        return "the file may fill the UPDATE_OPS collection (batch norm), which optimize_loss ran before each step"
    if "merge_all" in code or "SUMMARIES" in code:
        return "tf.summary.merge_all would collect the summaries optimize_loss added"
    for node in descendants(module):
        if isinstance(node, (cst.Import, cst.ImportFrom)):
            root = _import_root(module, node)
            if root not in SAFE_MODULES and root not in ("tensorflow", "__future__"):
                return f"`{root}` may fill the UPDATE_OPS collection, which optimize_loss ran before each step"
    return None


def rewrite(
    original: cst.Call, updated: cst.Call, module: cst.Module, parent, tf_path, prefix: str
) -> cst.BaseExpression | str:
    """``prefix.train.<Optimizer>(learning_rate=lr).minimize(loss, global_step=step)``, or why not. ``original``
    is the call as read (in ``module``), ``updated`` with its arguments rewritten; ``prefix`` names
    tf.compat.v1; ``parent(node)`` is the parent of an original node."""
    bound: dict[str, cst.BaseExpression] = {}
    written: dict[str, str] = {}
    keys: list[str] = []
    for index, (arg, new) in enumerate(zip(original.args, updated.args)):
        if arg.star:
            return "*args/**kwargs cannot be mapped"
        key = arg.keyword.value if arg.keyword is not None else PARAMS[index] if index < len(PARAMS) else "?"
        if key not in MAPPED:
            return f"{key}= is not mapped"
        bound[key] = arg.value
        keys.append(key)
        written[key] = cst.Module([]).code_for_node(new.value)
    missing = [p for p in PARAMS if p not in bound]
    if missing:
        return f"no {missing[0]} argument"
    rate = bound["learning_rate"]
    if _none(rate) or isinstance(rate, (cst.Integer, cst.UnaryOperation)):  # TF1 raised for ints and -0.1
        return "learning_rate must be a float or a tensor to be mapped"
    increment = literal_bool(bound["increment_global_step"]) if "increment_global_step" in bound else "True"
    if increment is None:
        return "increment_global_step= must be a literal True/False to be mapped"
    optimizer = _optimizer(bound["optimizer"], written, tf_path, prefix)
    if optimizer is None:
        return "optimizer= must be one of its names ('Adam', 'SGD', ...), a tf.train optimizer class or instance"
    why = _only_run(original, module, parent)
    if why:
        return why
    args: list[tuple[str | None, cst.BaseExpression, cst.Arg | None]] = [
        (None, updated.args[keys.index("loss")].value, updated.args[keys.index("loss")])
    ]
    if increment == "True":
        if _none(bound["global_step"]):
            step = cst.parse_expression(f"{prefix}.train.get_global_step()")
            args.append(("global_step", step, updated.args[keys.index("global_step")]))
        else:
            args.append(
                ("global_step", updated.args[keys.index("global_step")].value, updated.args[keys.index("global_step")])
            )
    if "variables" in bound and not _none(bound["variables"]):
        args.append(("var_list", updated.args[keys.index("variables")].value, updated.args[keys.index("variables")]))
    return updated.with_changes(
        func=cst.Attribute(value=cst.parse_expression(optimizer), attr=cst.Name("minimize")),
        args=_arguments(args, updated),
    )


def _arguments(args, call: cst.Call) -> list[cst.Arg]:
    """The new arguments, each keeping the comma (and the comments and line break after it) of the argument it
    came from; the last one keeps the call's trailing comma."""
    out = []
    equal = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
    for index, (keyword, value, source) in enumerate(args):
        last = index == len(args) - 1
        comma = source.comma if source is not None else cst.MaybeSentinel.DEFAULT
        if last:
            comma = call.args[-1].comma
        elif not isinstance(comma, cst.Comma):
            comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        out.append(
            cst.Arg(
                value=value,
                keyword=cst.Name(keyword) if keyword else None,
                equal=equal if keyword else cst.MaybeSentinel.DEFAULT,
                comma=comma,
            )
        )
    return out


def _optimizer(value: cst.BaseExpression, written: dict[str, str], tf_path, prefix: str) -> str | None:
    code = written["learning_rate"]
    if isinstance(value, cst.SimpleString) and value.evaluated_value in OPTIMIZERS:
        name, extra = OPTIMIZERS[value.evaluated_value]
        return f"{prefix}.train.{name}(learning_rate={code}{extra})"
    path = tf_path(value.func if isinstance(value, cst.Call) else value) or ""
    if not (path.startswith("train.") and path.endswith("Optimizer")):
        return None
    if isinstance(value, cst.Call):
        return written["optimizer"]  # an instance is used as it is (learning_rate is then unused)
    return f"{prefix}.{path}(learning_rate={code})"


def _only_run(call: cst.Call, module: cst.Module, parent) -> str | None:
    """The train op is bound to one name and only run with its value dropped (optimize_loss returned the loss,
    minimize returns an op: ``_, l = sess.run([train_op, loss])`` is the same, ``l = sess.run(train_op)`` is not)."""
    assign = parent(call)
    if not (
        isinstance(assign, cst.Assign) and len(assign.targets) == 1 and isinstance(assign.targets[0].target, cst.Name)
    ):
        return "its value (the loss) is not assigned to a name"
    name = assign.targets[0].target.value
    for node in descendants(module):
        if isinstance(node, cst.AssignTarget) and node is not assign.targets[0]:
            if any(isinstance(n, cst.Name) and n.value == name for n in descendants(node)):
                return f"`{name}` is bound more than once"
        if not (isinstance(node, cst.Name) and node.value == name) or node is assign.targets[0].target:
            continue
        if not _dropped(node, parent):
            return f"the value of `{name}` (the loss) is used"
    return None


def _dropped(name: cst.Name, parent) -> bool:
    """``x.run(name, ...)`` as a statement, or ``name`` in ``x.run([...])`` whose value at its place is dropped."""
    holder = parent(name)
    index = None
    if isinstance(holder, cst.Element):
        fetches = parent(holder)
        if not isinstance(fetches, (cst.List, cst.Tuple)):
            return False
        index = [e.value for e in fetches.elements].index(name)
        holder = parent(fetches)
    if not (isinstance(holder, cst.Arg) and holder.keyword is None):
        return False
    run = parent(holder)
    if not (
        isinstance(run, cst.Call)
        and isinstance(run.func, cst.Attribute)
        and run.func.attr.value == "run"
        and run.args[0] is holder
    ):
        return False
    statement = parent(run)
    if isinstance(statement, cst.Expr):
        return True
    if index is None or not (isinstance(statement, cst.Assign) and len(statement.targets) == 1):
        return False
    target = statement.targets[0].target
    if not isinstance(target, (cst.List, cst.Tuple)) or len(target.elements) != len(fetches.elements):
        return False
    slot = target.elements[index].value
    return isinstance(slot, cst.Name) and slot.value == "_"


def _none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def _import_root(module: cst.Module, node: cst.Import | cst.ImportFrom) -> str:
    if isinstance(node, cst.ImportFrom):
        if node.relative:
            return "."
        return module.code_for_node(node.module).split(".")[0] if node.module else "."
    roots = {module.code_for_node(a.name).split(".")[0] for a in node.names}
    unsafe = sorted(roots - SAFE_MODULES - {"tensorflow"})
    return unsafe[0] if unsafe else "tensorflow"
