"""``ema = tf.train.ExponentialMovingAverage(0.99, step)``, ``maintain = ema.apply([v])``, ``ema.average(v)``: the
moving averages of a TF1 program, kept as the same object in the eager one.

TF 2.21's ExponentialMovingAverage is the class TF1 used; eagerly ``apply`` creates each shadow variable on its
first call (named ``v/ExponentialMovingAverage``, as TF1 named it, so checkpoints match) and updates it at once:
``shadow -= (shadow - v) * (1 - decay)``, decay ``min(decay, (1 + n) / (10 + n))`` with ``num_updates`` n, as TF1.
TF1 creates the shadow with the graph and gives it ``v``'s initial value at the initializer run; the eager program
calls ``ema.apply`` once where the graph defined the update, before any run, where ``v`` holds its initial value:
the shadow takes it, and that first update moves it by ``(v - v) * (1 - decay)``, exactly nothing. Each run of the
update is then a call of ``ema.apply`` again.

Proved only where that holds: the update is defined before any Session, over a literal list of this module's
variables, each averaged once; the program initialises the variables once (a second initializer run resets the
shadows too, which the eager reset does not model); the update is run alone for its effect (TF1's run returns
None), and ``ema.average(v)`` is read of a variable already averaged. ``ema.variables_to_restore()`` lists TF1's
global variables, which eager code has no collection of: refused (the graph tier, with the line). A Saver of all
variables saved the shadows under their TF1 names: the Checkpoint holds them too (``saved_shadows``).

The moving averages of *tensors* (the hand-written batch norm: ``ema.apply([batch_mean, batch_var])`` in a
``mean_var_with_update()`` run by ``tf.cond(is_training, ...)``) keep the graph tier, named at the ``apply`` before
any other reason (``tensor_averages``): TF 2.21's ExponentialMovingAverage refuses tensors eagerly and inside a
tf.function. A rewrite would need, per tensor, a shadow ``tf.Variable`` of zeros (TF1's ``create_zeros_slot``)
named as TF1 named it, after the tensor's op under the graph's scopes (``bn/moments/Squeeze/ExponentialMovingAverage``:
the op names, ``_1`` counts and scopes of the whole graph replayed, which nothing here models yet, so that a Saver
checkpoint restores by name), updated ``shadow -= (shadow - value) * (1 - decay)`` (with TF1's ``num_updates``
decay and ``zero_debias``) only on runs that take the updating branch, and ``ema.average(t)`` read as that shadow.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session.analysis import VARIABLES, Node, Program, descendants
from tfmigrate.transforms.session.fresh_names import underscored

AVERAGE = "moving_average"  # the ExponentialMovingAverage object
UPDATE = "average_update"  # ``ema.apply([...])``
PATH = "train.ExponentialMovingAverage"
READS = frozenset({"average"})
KEYWORDS = ("decay", "num_updates", "zero_debias", "name")


def tensor_averages(program: Program) -> None:
    """Refuse, at the call, an ``apply`` of a moving average (built anywhere in the module) over a list holding a
    tensor: a name its scope (the enclosing function, or the module) binds only to the result of a TensorFlow op
    that is not a variable (``batch_mean, batch_var = tf.nn.moments(x, [0])``)."""
    averages = {
        target.value
        for assign in descendants(program.module)
        if isinstance(assign, cst.Assign) and constructs(program, assign.value)
        for target in (t.target for t in assign.targets)
        if isinstance(target, cst.Name)
    }
    if not averages:
        return
    chains: list[tuple[cst.CSTNode, ...]] = [(program.module,)]
    for chain in chains:  # each function with the functions around it, innermost first, then the module
        chains += [(f, *chain) for f in _own(chain[0]) if isinstance(f, cst.FunctionDef)]
        for call in _own(chain[0]):
            if not (
                isinstance(call, cst.Call)
                and isinstance(call.func, cst.Attribute)
                and call.func.attr.value == "apply"
                and isinstance(call.func.value, cst.Name)
                and call.func.value.value in averages
            ):
                continue
            listed = argument(call, 0, "var_list")
            if listed is None or not isinstance(listed.value, (cst.List, cst.Tuple)):
                continue
            tensors = [
                e.value.value
                for e in listed.value.elements
                if isinstance(e.value, cst.Name) and _op_result(program, chain, e.value.value)
            ]
            if tensors:
                raise program.deny(
                    f"`{call.func.value.value}.apply` of the tensors {', '.join(f'`{t}`' for t in tensors)} (TF 2.21's "
                    "ExponentialMovingAverage averages only variables, eagerly and in a tf.function; TF1 named each "
                    "tensor's shadow variable after its op, the name a checkpoint restores by)",
                    call,
                )


def _own(scope: cst.CSTNode) -> list[cst.CSTNode]:
    """The nodes of a function (or the module) outside the functions and classes nested in it; those functions
    themselves included."""
    found: list[cst.CSTNode] = []
    pending = list(scope.children)
    while pending:
        node = pending.pop()
        found.append(node)
        if not isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            pending.extend(node.children)
    return found


def _op_result(program: Program, scopes: tuple[cst.CSTNode, ...], name: str) -> bool:
    """Every binding of ``name`` in the first scope that binds it (the function, else the module) assigns it
    (alone or unpacked) the result of a TensorFlow call that builds no variable; a parameter, loop, ``with`` or
    augmented target is not judged."""
    for scope in scopes:
        values, other = [], False
        for node in [scope, *_own(scope)]:
            if isinstance(node, cst.Assign):
                targets = [n for t in node.targets for n in descendants(t.target)]
                if any(isinstance(n, cst.Name) and n.value == name for n in targets):
                    values.append(node.value)
                continue
            bound = (
                [p.name for p in node.params.params]
                if isinstance(node, cst.FunctionDef) and node is scope
                else [node.target]
                if isinstance(node, (cst.For, cst.AugAssign, cst.AnnAssign))
                else [node.asname.name]
                if isinstance(node, cst.WithItem) and node.asname is not None
                else []
            )
            other = other or any(isinstance(n, cst.Name) and n.value == name for t in bound for n in descendants(t))
        if other:
            return False
        if values:
            paths = [program.tf_path(v.func) if isinstance(v, cst.Call) else None for v in values]
            return all(p is not None and p not in VARIABLES for p in paths)
    return False


def constructs(program: Program, value: cst.BaseExpression) -> bool:
    return isinstance(value, cst.Call) and program.tf1_path(value.func) == PATH


def define(program: Program, node: Node, call: cst.Call) -> None:
    """``tf.train.ExponentialMovingAverage(decay, num_updates)``: decay a host value, num_updates a variable."""
    positional = [a for a in call.args if a.keyword is None]
    if any(a.star for a in call.args) or len(positional) > 2:
        raise program.deny("tf.train.ExponentialMovingAverage arguments", call)
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value not in KEYWORDS:
            raise program.deny(f"tf.train.ExponentialMovingAverage({arg.keyword.value}=...)", call)
    debias = argument(call, 2, "zero_debias")
    if debias is not None and not (isinstance(debias.value, cst.Name) and debias.value.value == "False"):
        raise program.deny("tf.train.ExponentialMovingAverage(zero_debias=...) is not modelled", call)
    decay = argument(call, 0, "decay")
    if decay is None or program._reads(decay.value):
        raise program.deny("the moving average's decay is a graph value", call)
    steps = argument(call, 1, "num_updates")
    reads = []
    if steps is not None and not (isinstance(steps.value, cst.Name) and steps.value.value == "None"):
        known = program.nodes.get(steps.value.value) if isinstance(steps.value, cst.Name) else None
        if known is None or known.kind != "variable" or known.container:
            raise program.deny("the moving average's num_updates is not a variable of this module", call)
        reads = [known.name]
    node.kind = AVERAGE
    node.reads = reads
    node.averaged = set()


def updates(program: Program, value: cst.BaseExpression) -> bool:
    return (
        isinstance(value, cst.Call)
        and isinstance(value.func, cst.Attribute)
        and value.func.attr.value == "apply"
        and _average(program, value.func.value) is not None
    )


def define_update(program: Program, node: Node, call: cst.Call) -> None:
    """``ema.apply([v, w])``: a literal list of this module's variables, each averaged once."""
    assert isinstance(call.func, cst.Attribute)  # ``updates`` chose the call
    average = _average(program, call.func.value)
    assert average is not None
    listed = argument(call, 0, "var_list")
    if len(call.args) == 1 and listed is not None and _all_trainable(program, listed.value):
        names = trainable_variables(program, node, call)
        average.averaged.update(names)
        _update(node, average, names)
        return
    if len(call.args) != 1 or listed is None or not isinstance(listed.value, (cst.List, cst.Tuple)):
        raise program.deny(f"`{average.name}.apply` of something other than a literal list of variables", call)
    names = []
    for element in listed.value.elements:
        known = program.nodes.get(element.value.value) if isinstance(element.value, cst.Name) else None
        if known is None or known.kind != "variable" or known.container or isinstance(element, cst.StarredElement):
            raise program.deny(f"`{average.name}.apply` of something other than a variable of this module", element)
        if known.name in average.averaged or known.name in names:
            raise program.deny(f"`{known.name}` is averaged twice (TF1 raises, TF2 reuses the shadow)", element)
        names.append(known.name)
    average.averaged.update(names)
    _update(node, average, names)


def _update(node: Node, average: Node, names: list[str]) -> None:
    node.kind = UPDATE
    node.loss = average.name
    node.reads = [average.name, *names]
    node.ancestors = set(node.reads)


def _all_trainable(program: Program, value: cst.BaseExpression) -> bool:
    return isinstance(value, cst.Call) and not value.args and program.tf1_path(value.func) == "trainable_variables"


def trainable_variables(program: Program, node: Node, call: cst.Call) -> list[str]:
    """``ema.apply(tf.trainable_variables())`` (the TF1 CIFAR-10 tutorial's ``variable_averages.apply``): TF1's
    collection of the trainable variables built before it, in the order they were built, which the eager update
    lists by name. Only where every variable the graph holds by then is one of this module's, bound to a name
    (no tf.layers, RNN cells or containers, whose variables the analysis does not list one by one)."""
    from tfmigrate.transforms.session import layers, rnn, savers

    if layers.layered(program) or rnn.saved_cells(program, node.line):
        raise program.deny("tf.trainable_variables() averaged in a program with tf.layers or RNN cells", call)
    earlier = savers.built_before(program, node)
    variables = [program.nodes[n] for n in earlier if program.nodes[n].kind == "variable"]
    if any(v.container for v in variables):
        raise program.deny("tf.trainable_variables() averaged where a container holds variables", call)
    names = [v.name for v in variables if savers.trainable(v.value, program)]
    if not names:
        raise program.deny("tf.trainable_variables() averaged before any trainable variable is built", call)
    return names


def reads_average(program: Program, call: cst.Call) -> bool:
    """``ema.average(v)`` of a variable an earlier ``ema.apply`` averages."""
    if not (isinstance(call.func, cst.Attribute) and call.func.attr.value in READS):
        return False
    average = _average(program, call.func.value)
    if average is None:
        return False
    given = argument(call, 0, "var")
    if len(call.args) != 1 or given is None or not isinstance(given.value, cst.Name):
        raise program.deny(f"`{average.name}.{call.func.attr.value}` of something other than a variable", call)
    if given.value.value not in average.averaged:
        raise program.deny(
            f"`{average.name}.{call.func.attr.value}({given.value.value})` before an apply averages it (None in TF1)",
            call,
        )
    return True


def refuse_restore_list(program: Program, call: cst.Call) -> None:
    """``ema.variables_to_restore()`` anywhere but as the var_list of a Saver (``restore_list``)."""
    if isinstance(call.func, cst.Attribute) and call.func.attr.value == "variables_to_restore":
        average = _average(program, call.func.value)
        if average is not None and restore_list(program, call) is None:
            raise program.deny(
                f"`{average.name}.variables_to_restore()` lists TF1's global variables (eager code has no "
                "collection of them) other than as the var_list of a tf.train.Saver",
                call,
            )


def restore_list(program: Program, value: cst.BaseExpression) -> str | None:
    """``ema.variables_to_restore()`` without arguments given alone to ``tf.train.Saver``: the suffix of its shadow
    names (``ExponentialMovingAverage``, or the literal ``name=`` of the average); None for anything else."""
    if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and not value.args):
        return None
    average = _average(program, value.func.value) if value.func.attr.value == "variables_to_restore" else None
    if average is None:
        return None
    if program.saver_calls is None:
        program.saver_calls = _saver_calls(program)
    savers = [
        c for c in program.saver_calls if len(c.args) == 1 and c.args[0].value is value and c.args[0].keyword in (None,)
    ]
    if not savers:
        return None
    named = argument(average.value, 3, "name") if isinstance(average.value, cst.Call) else None
    if named is None:
        return "ExponentialMovingAverage"
    return named.value.evaluated_value if isinstance(named.value, cst.SimpleString) else None  # type: ignore[return-value]


def _saver_calls(program: Program) -> list[cst.Call]:
    from tfmigrate.transforms.session.analysis import descendants

    return [
        c for c in descendants(program.module) if isinstance(c, cst.Call) and program.tf1_path(c.func) == "train.Saver"
    ]


def restored_averages(program: Program, saver: Node, entries: list[str]) -> dict[str, str]:
    """What ``tf.train.Saver(ema.variables_to_restore())`` reads into each variable built before it: TF1 maps every
    trainable variable (and every averaged one) to its shadow's name, ``v/ExponentialMovingAverage``, and the
    others to their own; the entries it maps to a shadow, with the suffix. Refused where the variables are not all
    this module's, bound to names (tf.layers, RNN cells, containers), or where an averaged variable is not
    trainable (TF1's moving-average collection, not modelled)."""
    from tfmigrate.transforms.session import layers, rnn, savers

    call = saver.value
    assert isinstance(call, cst.Call)
    suffix = restore_list(program, call.args[0].value)
    if suffix is None:
        raise program.deny("ema.variables_to_restore() of an average with a name that is not a literal", call)
    if layers.layered(program) or rnn.saved_cells(program, saver.line):
        raise program.deny("ema.variables_to_restore() in a program with tf.layers or RNN cells", call)
    averaged = set().union(*(n.averaged for n in program.nodes.values() if n.kind == AVERAGE))
    restored = {}
    for name in entries:
        node = program.nodes[name]
        if node.container:
            raise program.deny(f"ema.variables_to_restore() where `{name}` holds several variables", call)
        if savers.trainable(node.value, program):
            restored[name] = suffix
        elif name in averaged:
            raise program.deny(f"ema.variables_to_restore() of the averaged variable `{name}`, not trainable", call)
    return restored


def saved_shadows(program: Program, saver: Node) -> list[tuple[str, str]]:
    """The shadows a ``tf.train.Saver()`` of all global variables saved (those built before it), as Checkpoint
    entries: a fresh attribute and ``ema.average(v)``. Eagerly the shadow is named ``v/ExponentialMovingAverage``
    as in TF1, so reading a TF1 checkpoint by name finds it; TF1's Saver of a listed or trainable var_list saved
    no shadow."""
    entries = []
    for node in program.nodes.values():
        if node.kind != UPDATE or node.index > saver.index:
            continue
        for name in node.reads[1:]:
            key = underscored(program.names, f"{name}_ExponentialMovingAverage")
            entries.append((key, f"{node.loss}.average({name})"))
    return entries


def with_step_loss(program: Program, nodes: list[Node | None], alone: list[Node]) -> tuple[Node, int] | None:
    """``sess.run([train_ema, loss])`` where ``train_ema`` updates after the one training op of its
    tf.control_dependencies block and ``loss`` is what that op minimizes: the update and the place of the loss (TF1
    fetched the loss of the run's forward pass, which the train step returns)."""
    if len(nodes) != 2 or len(alone) != 1 or alone[0].kind != UPDATE or len(alone[0].deps) != 1:
        return None
    update = alone[0]
    if len(update.steps) != 1:
        return None
    step = program.nodes.get(update.steps[0])
    if step is None or step.kind != "train" or step.sign or step.applies:
        return None
    loss = step.resolved.get(step.loss) or program.nodes.get(step.loss)
    other = [i for i, node in enumerate(nodes) if node is not update]
    if len(other) != 1 or nodes[other[0]] is not loss or loss is None:
        return None
    return update, other[0]


def definition(node: Node, returns: str = "", first: bool = False) -> str:
    """The eager code of an update: the shadows made where TF1 built them, then a function that updates (after the
    dependencies of its tf.control_dependencies block, control_dependencies.py); ``returns``: a local that keeps
    the loss of the one train step among them, returned (``with_step_loss``); ``first``: the step returns more than
    its loss (forward_fetches.py), the loss first."""
    listed = ", ".join(r for r in node.reads if r != node.loss)
    update = f"{node.loss}.apply([{listed}])"
    lines = [*node.deps, update]
    if returns:
        lines = [f"{returns} = {node.deps[0]}{'[0]' if first else ''}", update, f"return {returns}"]
    body = "".join(f"    {line}\n" for line in lines)
    return f"{update}\n\ndef {node.func}({', '.join(node.params)}):\n{body}"


def _average(program: Program, owner: cst.BaseExpression) -> Node | None:
    known = program.nodes.get(owner.value) if isinstance(owner, cst.Name) else None
    return known if known is not None and known.kind == AVERAGE else None
