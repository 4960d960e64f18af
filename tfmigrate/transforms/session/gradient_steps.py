"""Hand-written gradient descent: several assign ops of one run, each computed from ``tf.gradients`` of one loss
(jcjohnson's ``tf_two_layer_net.py``, course code's ``dW, db = tf.gradients(cost, [W, b])``)::

    grad_w1, grad_w2 = tf.gradients(loss, [w1, w2])
    new_w1 = w1.assign(w1 - learning_rate * grad_w1)
    new_w2 = w2.assign(w2 - learning_rate * grad_w2)
    loss_value, _, _ = sess.run([loss, new_w1, new_w2], feed_dict=...)

TF1 gives one answer here only where every read of a variable the run writes happens before that write. Each
assign waits for its gradient, and the gradient for the forward pass, so the forward reads come first. With
resource variables that is all: the backward pass reads the forward pass's copies. With reference variables
(``tf.Variable`` in TF1) the backward pass reads the variable's buffer itself, which the assign overwrites in place:
``y_pred = tf.matmul(h_relu, w2)`` makes ``grad_w1`` read ``w2`` while ``new_w2`` may already have written it (TF
2.21's ``tf.compat.v1`` printed other numbers in 30 of 30 runs of the two-layer net). So, with reference variables,
each assigned variable may appear in the loss only where its gradient needs no other variable the run
differentiates: beside ``+``/``-``, or in a product or call whose other operands read none of them (``tf.matmul(x,
W)`` with ``x`` fed); a helper the loss calls is read where it returns, its parameters standing for the
arguments (``logistic_regression(x_data)``).

The eager run computes every fetched value and every new value first, then assigns them (an assign's value reads
no variable another assign writes), in one statement before the fetch. Where the gradients are ``tf.gradients`` of
the loss itself and what lies between them and the new values reads no placeholder, one function computes the run
as TF1's one run did: the loss on a tape, its gradients once, the tensors between, every new value (and the loss,
when fetched), before any assign::

    def new_w1_and_new_w2(x, y):
        with tf.GradientTape() as tape:
            loss_value = loss(x, y)
        grad_w1_grad_w2_value = tape.gradient(loss_value, [w1, w2])
        ...
        return loss_value, w1 - learning_rate * grad_w1_value, w2 - learning_rate * grad_w2_value

Each new value computed apart would take the loss and its gradients again (twice TF1's work for two assigns). One
assign fetched with the loss it differentiates (``[loss, update_op]``) is one step too, the loss computed once: the
assign waits for its gradient, which waits for every read of the run, so its variables need no check; where the
step cannot be made, the run is any assign's run, as before. The
assigns' own functions, and the tensors' only the step read, are then read by nothing: the rewrite drops them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms.session.analysis import Node, descendants, loaded_names, parents_of
from tfmigrate.transforms.session.fresh_names import numbered
from tfmigrate.transforms.session.joint_steps import direct_variable_reads, resource_variables_only, variable_reads

if TYPE_CHECKING:
    from tfmigrate.transforms.session.proof import Proof

LINEAR = frozenset({"add", "subtract", "nn.bias_add", "math.add", "math.subtract"})  # gradients read no operand
PRODUCTS = frozenset(
    {
        "matmul",
        "multiply",
        "linalg.matmul",
        "math.multiply",
        "nn.conv2d",
        "square",
        "nn.l2_loss",
        "reduce_sum",
        "reduce_mean",
        "math.square",
        "math.reduce_sum",
        "math.reduce_mean",
    }
)  # each writes a new buffer; its gradient for another operand reads the variable


def grouped(program, fetch: cst.BaseExpression):
    """``[[new_W, new_b], loss]``: a list or tuple holding lists or tuples of assign ops by name (the tcksand tutorial's
    ``train = [fixW, fixb]`` fetched beside the loss): its elements flattened, and the function that groups the
    codes of their values as TF1 returned them; None for other fetches."""
    if not isinstance(fetch, (cst.List, cst.Tuple)) or not any(
        isinstance(e.value, (cst.List, cst.Tuple)) for e in fetch.elements
    ):
        return None
    shape: list[int | None] = []  # per element: the size of a group, None for a single fetch
    flat: list[cst.BaseExpression] = []
    for element in fetch.elements:
        if isinstance(element, cst.StarredElement):
            return None
        value = element.value
        if isinstance(value, (cst.List, cst.Tuple)):
            inner = [e.value for e in value.elements]
            if any(isinstance(e, cst.StarredElement) for e in value.elements) or not all(
                isinstance(e, cst.Name) and getattr(program.nodes.get(e.value), "kind", "") == "assign" for e in inner
            ):
                return None
            shape.append(len(inner))
            flat.extend(inner)
        else:
            shape.append(None)
            flat.append(value)

    def regroup(codes: list[str]) -> str:
        parts, at = [], 0
        for element, size in zip(fetch.elements, shape):
            if size is None:
                parts.append(codes[at])
                at += 1
            else:
                bracket = "({})" if isinstance(element.value, cst.Tuple) else "[{}]"
                parts.append(
                    bracket.format(", ".join(codes[at : at + size]) + ("," if size == 1 and bracket[0] == "(" else ""))
                )
                at += size
        return ("({})" if isinstance(fetch, cst.Tuple) else "[{}]").format(", ".join(parts))

    return flat, regroup


def _stateful(nodes: list[Node | None]) -> list[Node]:
    """The run's training and assign ops, which ``single`` and ``applies`` tell apart."""
    return [n for n in nodes if n is not None and n.kind in ("train", "assign")]


def single(nodes: list[Node | None]) -> bool:
    """One assign of ``tf.gradients`` run with the loss it differentiates (``[loss, update_op]``): one step, the loss
    computed once, where the run can be one (else the run is modelled as any assign's)."""
    stateful = _stateful(nodes)
    if len(stateful) != 1 or stateful[0].kind != "assign":
        return False
    sources = [n for n in stateful[0].upstream.values() if n.kind == "gradients"]
    return any(node is source.resolved.get(source.loss) for source in sources for node in nodes)


def accumulates(nodes: list[Node | None]) -> bool:
    """Several assign ops, each adding gradients (``accum[i].assign_add(gvs[i][0])``): one step taking them once,
    as TF1's run did, rather than each assign taking them again."""
    stateful = _stateful(nodes)
    return applies(nodes) and all(any(n.kind == "gradients" for n in a.upstream.values()) for a in stateful)


def applies(nodes: list[Node | None]) -> bool:
    """Several assign ops and no training op: this module's run."""
    stateful = _stateful(nodes)
    return len(stateful) > 1 and all(n.kind == "assign" for n in stateful)


def fetch(proof: Proof, items, nodes: list[Node | None], feeds, call: cst.Call, loop: bool) -> tuple[str, list[str]]:
    """The statement computing the run's values and new values, and the codes of the fetch's elements. Raises
    Blocked with the reason."""
    program = proof.program
    assigns = [n for n in nodes if n is not None and n.kind == "assign"]
    targets = {a.loss for a in assigns}
    if len(targets) != len(assigns):
        raise proof.deny("one run assigns one variable twice", call)
    loss, differentiated = _loss(proof, assigns, call)
    for assign in assigns:
        if proof.random(assign):
            raise proof.deny(f"`{assign.name}`'s value draws random values beside its gradient", call)
        later = [n for n in assign.upstream.values() if n.kind == "tensor" and id(n) not in loss.upstream]
        # values computed after the gradients, so maybe after another assign: they may read only its variable
        for value in (assign, *(n for n in later if n is not loss)):
            other = {read.split("[")[0] for read in direct_variable_reads(program, value)} & (targets - {assign.loss})
            if other:
                raise proof.deny(
                    f"`{assign.name}`'s value reads `{sorted(other)[0]}`, which another assign of the run writes", call
                )
        if any(getattr(program.nodes.get(n.value), "kind", "") == "placeholder" for n in loaded_names(assign.value)):
            raise proof.deny(f"`{assign.name}`'s value reads a placeholder beside its gradient (not modelled)", call)
    for item, node in zip(items, nodes):
        if node is None:
            raise proof.deny("an expression is fetched with several assign ops", item)
        if node.kind == "variable" and node.name in targets:
            raise proof.deny(f"`{node.name}` is fetched with its assign (TF1 read it before or after the write)", item)
        if node.kind != "assign" and node is not loss and id(node) not in loss.upstream and node.variables & targets:
            raise proof.deny(f"`{node.name}` reads a variable the run assigns, without waiting for the assign", item)
        if node.kind != "assign" and proof.random(node):
            raise proof.deny("one run fetches several assign ops and a random value", item)
    if len(assigns) > 1 and not resource_variables_only(program):  # one assign waits for every read of the run
        _check_reference_reads(proof, loss, targets, differentiated, call)
    taken = set(program.names)
    names = [numbered(taken, f"value_{i}" if i else "value", 2) for i in range(len(items))]
    step = _step(proof, assigns, loss, nodes)
    if step is None and len(assigns) == 1:
        raise proof.deny("one assign of gradients that no one step computes", call)
    if step is not None:
        step.looped = step.looped or loop
        fused = _fused(proof, step, items, nodes, names, feeds, call)
        proof.plan.gradient_steps.setdefault(step.key, step)
        return fused
    values, shown = [], []
    for name, item, node in zip(names, items, nodes):
        assert node is not None
        if node.kind == "assign":
            values.append(_new_value(proof, node, feeds, call))
            shown.append(f"{node.loss}.{node.method}({name}).numpy()")
        else:
            values.append(proof.value_code(item, node, feeds, call))
            shown.append(name)
    return f"{', '.join(names)} = {', '.join(values)}", shown


def _loss(proof: Proof, assigns: list[Node], call: cst.Call) -> tuple[Node, set[str]]:
    """The one tensor every assign's gradients are taken of, and the variables they are taken for; refused for
    assigns of other values."""
    found: dict[int, Node] = {}
    differentiated: set[str] = set()
    for assign in assigns:
        sources = [n for n in assign.upstream.values() if n.kind == "gradients"]
        if not sources:
            raise proof.deny("one run fetches several training/assign ops", call)
        for source in sources:
            listed = variable_reads(proof.program, cst.parse_expression(source.var_list)) if source.var_list else set()
            if not listed:
                raise proof.deny("one run assigns gradients over variables tfmigrate cannot list", call)
            differentiated |= listed
            read = source.resolved.get(source.loss)
            while read is not None and read.kind == "gradients":
                read = read.resolved.get(read.loss)
            if read is None or read.kind != "tensor":
                raise proof.deny("one run assigns gradients of something other than a computed tensor", call)
            found[id(read)] = read
    if len(found) != 1:
        raise proof.deny("one run assigns gradients of several losses", call)
    loss = next(iter(found.values()))
    if proof.random(loss):
        raise proof.deny(f"one run assigns gradients of `{loss.name}`, which draws random values", call)
    return loss, differentiated


def _check_reference_reads(
    proof: Proof, loss: Node, targets: set[str], differentiated: set[str], call: cst.Call
) -> None:
    """Reference variables: every assigned variable read by the loss where no other gradient reads its buffer."""
    program = proof.program
    for node in [loss, *loss.upstream.values()]:
        if node.kind != "tensor":
            continue
        trees = _trees(program, node.value, {}, 0)
        if trees is None:
            inside = set().union(*(variable_reads(program, h) for h in _helper_trees(program, node)))
            if inside & targets:
                raise proof.deny(f"`{node.name}` reads an assigned variable through a helper (not modelled)", call)
            trees = [(node.value, {})]
        for tree, env in trees:
            parents = parents_of(tree)
            for name in loaded_names(tree):
                if (
                    name.value in targets
                    and name.value not in env
                    and not _safe(program, name, parents, differentiated, env)
                ):
                    raise proof.deny(
                        f"`{node.name}` reads `{name.value}` where another gradient of the run reads it too: with "
                        "reference variables the assign overwrites it in place while that gradient may still read it "
                        "(TF1's numbers change from run to run)",
                        call,
                    )


Env = dict[str, tuple[cst.BaseExpression, dict]]  # a helper's parameter -> the argument, and its caller's Env


def _trees(program, tree: cst.BaseExpression, env: Env, depth: int) -> list[tuple[cst.BaseExpression, Env]] | None:
    """``tree`` and the expression each helper it calls returns, with the arguments its parameters stand for
    (``logistic_regression(x_data)``: ``tf.sigmoid(tf.matmul(x, w) + b)`` with ``x`` -> ``x_data``), so the check
    sees where the helper reads each variable; None where a helper is not one ``return`` of positional parameters."""
    from tfmigrate.transforms.session import helpers

    found = [(tree, env)]
    for call in descendants(tree):
        if not isinstance(call, cst.Call) or helpers.helper_of(program, call) is None:
            continue
        definition = program.helpers[call.func.value].definition  # type: ignore[attr-defined]
        body = [s for s in definition.body.body if not _docstring(s)]
        small = body[0].body[0] if len(body) == 1 and isinstance(body[0], cst.SimpleStatementLine) else None
        params = definition.params
        if not (
            depth < 3
            and isinstance(small, cst.Return)
            and small.value is not None
            and not (isinstance(params.star_arg, cst.Param) or params.kwonly_params or params.posonly_params)
            and params.star_kwarg is None
            and all(p.default is None for p in params.params)
            and len(call.args) == len(params.params)
            and all(a.keyword is None and not a.star for a in call.args)
        ):
            return None
        inner = _trees(
            program, small.value, {p.name.value: (a.value, env) for p, a in zip(params.params, call.args)}, depth + 1
        )
        if inner is None:
            return None
        found += inner
    return found


def _docstring(statement: cst.CSTNode) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, cst.SimpleString)
    )


def _helper_trees(program, node: Node) -> list[cst.CSTNode]:
    from tfmigrate.transforms.session import helpers

    found = [helpers.helper_of(program, c) for c in descendants(node.value)]
    return [program.helpers[h.name].definition for h in found if h is not None]


def _safe(program, name: cst.Name, parents: dict[cst.CSTNode, cst.CSTNode], differentiated: set[str], env: Env) -> bool:
    """``name`` is an operand whose gradients for the other operands do not read it, or whose other operands are
    not differentiated."""
    parent = parents.get(name)
    if isinstance(parent, cst.Arg):
        call = parents.get(parent)
        if not isinstance(call, cst.Call) or parent.keyword is not None:
            return False
        path = program.tf1_path(call.func)
        others = [a.value for a in call.args if a is not parent]
        return path in LINEAR or (
            path in PRODUCTS and not any(_reads_any(program, o, differentiated, env) for o in others)
        )
    if isinstance(parent, cst.BinaryOperation):
        if isinstance(parent.operator, (cst.Add, cst.Subtract)):
            return True
        other = parent.right if parent.left is name else parent.left
        return not _reads_any(program, other, differentiated, env)
    return False


def _reads_any(program, tree: cst.CSTNode, variables: set[str], env: Env) -> bool:
    """``tree`` reads one of ``variables``, directly, through a graph value, a helper's parameter (its argument) or
    a helper (conservative)."""
    from tfmigrate.transforms.session import helpers

    if any(helpers.helper_of(program, c) is not None for c in descendants(tree) if isinstance(c, cst.Call)):
        return True
    for name in loaded_names(tree):
        if name.value in env:
            if _reads_any(program, env[name.value][0], variables, env[name.value][1]):
                return True
            continue
        node = program.nodes.get(name.value)
        if node is None or node.kind in ("placeholder", "const"):
            continue
        if node.kind == "variable":
            if name.value in variables:
                return True
        elif node.kind != "tensor" or node.variables & variables:
            return True
    return False


def _new_value(proof: Proof, assign: Node, feeds, call: cst.Call) -> str:
    """The value an assign writes, computed before any assign of the run."""
    from tfmigrate.transforms.session.proof import substitute

    replacements = {
        name: proof.call(assign.resolved[name.value], feeds, call)
        for name in loaded_names(assign.value)
        if name.value in assign.resolved and assign.resolved[name.value].kind == "tensor"
    }
    return proof.code(substitute(assign.value, replacements))


# ------------------------------------------------------------------------------------------- one step
@dataclass
class GradientStep:
    """The function computing one run's new values: the loss on a tape, its gradients once, the tensors between."""

    name: str
    assigns: list[Node]  # in the fetch's order: the step returns their new values so
    loss: Node
    sources: list[Node]  # the tf.gradients lists, each taken once
    between: list[Node]  # tensors computed from the gradients that the new values read, in graph order
    params: list[str]
    returns_loss: bool = False
    looped: bool = False  # run in a loop: a tf.function, as a train step is (rewrite.py)
    key: tuple[str, ...] = ()  # the assigns' names, and "loss" where it returns the loss
    removable: set[str] = field(default_factory=set)  # functions only the step read (dropped where nothing calls)


def _step(proof: Proof, assigns: list[Node], loss: Node, nodes: list[Node | None]) -> GradientStep | None:
    """The run as one step, or None where its gradients are clipped, taken of another list or read beside a
    placeholder (each new value then computed apart, as before)."""
    program = proof.program
    sources: dict[int, Node] = {}
    for assign in assigns:
        for read in assign.upstream.values():
            if read.kind == "gradients":
                if read.clip or read.resolved.get(read.loss) is not loss:
                    return None
                sources[id(read)] = read
    between = {
        id(n): n
        for assign in assigns
        for n in assign.upstream.values()
        if n.kind == "tensor" and any(id(s) in n.upstream for s in sources.values())
    }
    for node in [*between.values(), *assigns]:
        for loaded in loaded_names(node.value):
            found = node.resolved.get(loaded.value)
            if found is not None and found.kind not in ("tensor", "gradients", "variable", "const"):
                return None
            if found is not None and found.kind == "tensor" and id(found) not in between and found.random:
                return None
    plan = proof.plan
    returns_loss = any(n is loss for n in nodes)
    key = (*(a.name for a in assigns), "loss" if returns_loss else "")
    known = plan.gradient_steps.get(key)
    if known is not None:
        return known
    taken = set(program.names) | {s.name for s in plan.gradient_steps.values()}
    names = [a.name for a in assigns]
    step_name = numbered(taken, "_and_".join(names) if 1 < len(names) < 4 else f"{names[0]}_step", 2)
    params = list(dict.fromkeys(p for a in assigns for p in proof.needs(a)))
    step = GradientStep(
        step_name,
        assigns,
        loss,
        sorted(sources.values(), key=lambda n: n.index),
        sorted(between.values(), key=lambda n: n.index),
        params,
        returns_loss,
    )
    step.removable = {n.name for n in [*assigns, *step.between, *step.sources]}
    step.key = key
    return step


def _fused(proof: Proof, step: GradientStep, items, nodes, names: list[str], feeds, call) -> tuple[str, list[str]]:
    """The run's statement: the values fetched beside the step first, then the step's call."""
    apart = [i for i, node in enumerate(nodes) if node is not None and node.kind != "assign" and node is not step.loss]
    losses = [i for i, node in enumerate(nodes) if node is step.loss][:1]
    order = [*apart, *losses, *(nodes.index(a) for a in step.assigns)]
    codes = [proof.value_code(items[i], nodes[i], feeds, call) for i in apart]
    called = f"{step.name}({proof.arguments(step.params, feeds, call, step.looped)})"
    slot = {index: names[k] for k, index in enumerate(order)}  # the prelude's names in the order it binds them
    prelude = f"{', '.join(slot[i] for i in order)} = {', '.join([*codes, '*' + called] if codes else [called])}"
    shown = []
    for index, node in enumerate(nodes):
        if node is not None and node.kind == "assign":
            shown.append(f"{node.loss}.{node.method}({slot[index]}).numpy()")
        elif node is step.loss:
            shown.append(f"{slot[losses[0]]}.numpy()")
        else:
            shown.append(slot[index])
    return prelude, shown


def definition(step: GradientStep, rewrite) -> str:
    """The step's code: the loss on one tape, each gradient list once, the tensors between, then the new values."""
    tf, program = rewrite.tf, rewrite.program
    tape, loss = rewrite.locals[:2]
    taken = set(program.names) | rewrite.taken
    persistent = "persistent=True" if len(step.sources) > 1 else ""
    body = [
        f"with {tf}.GradientTape({persistent}) as {tape}:",
        f"    {loss} = {step.loss.func}({', '.join(step.loss.params)})",
    ]
    local: dict[str, str] = {}
    for source in step.sources:
        local[source.name] = numbered(taken, f"{source.name}_value", 2)
        taken_grads = f"{tape}.gradient({loss}, {source.var_list})"
        if not source.bare:  # compute_gradients' pairs (gradient, variable), read as ``gvs[i][0]``
            taken_grads = f"list(zip({taken_grads}, {source.var_list}))"
        body.append(f"{local[source.name]} = {taken_grads}")
    for node in step.between:
        value = rewrite._expression(node, node.value, local)
        local[node.name] = numbered(taken, f"{node.name}_value", 2)
        body.append(f"{local[node.name]} = {value}")
    returned = [loss] if step.returns_loss else []
    returned += [rewrite._expression(a, a.value, local) for a in step.assigns]
    body.append("return " + ", ".join(returned))
    decorator = f"@{tf}.function\n" if step.looped else ""
    return decorator + f"def {step.name}({', '.join(step.params)}):\n" + "".join(f"    {b}\n" for b in body)
