"""Two training ops in one run: ``sess.run([train_gen, train_disc, gen_loss, disc_loss], feed_dict)`` (a GAN that
trains its generator and its discriminator in the same step: aymericdamien's ``gan.py`` and ``dcgan.py``, Morvan's
``406_GAN.py``, finch's ``mlp_gan.py``).

TF1 fixes no order between the two ops' gradient reads and updates. With resource variables
(``tf.enable_resource_variables()``, ``use_resource=True``) each read is a copy taken when the op reading it runs,
and an update runs after everything its loss reads, so TF1 computes every value of the run, both gradients among
them, on the values the variables held when the run started, then applies both updates. With reference variables
(``tf.Variable``, ``get_variable`` and ``tf.layers`` in TF1, and under ``disable_v2_behavior``) each update writes
its buffer in place while the other op's gradients may still read it: that schedule (every read before the updates
that wait on the gradients) is one TF1 allows and the one its executor normally takes, but not the only one (a
one-thread Session has printed the other on TF 2.21, and two runs of a seeded GAN differ in the 3rd digit). The
lead's decision (issue 16, held-out 26): the eager program takes that schedule, where it is well defined: the two
``var_list`` s share no variable (each update writes only its own), and every value the run computes reads a
variable one op updates only where it feeds that op's loss (``_check_reads``). The eager program does it in one
train step: both losses under one persistent ``tf.GradientTape``, both gradients taken, then both optimizers
applied, the losses returned as the Session returned them (resource variables: measured equal to TF1's numbers on
TF 2.21; reference variables: the same numbers where TF1 reproduces itself, tests/programs/morvan_406_gan.py, the same
shape and a falling loss where it does not, finch_gan_inlined_module.py)::

    def train_gen_and_train_disc(gen_input, disc_input):
        with tf.GradientTape(persistent=True) as tape:
            loss_value = gen_loss(gen_input)
            loss_value_2 = disc_loss(disc_input, gen_input)
        ...
        return loss_value, loss_value_2

Two sequential calls of the separate steps would not do: the second would differentiate through the variables the
first had already updated. What else the run fetches is computed before the step, as TF1 computed it before the
updates. Refused with the line: a read of an updated variable that does not feed the loss of the op updating it,
anything random in the run (one draw in TF1, one per evaluation eagerly), var_lists that are not given or share a
variable, a ``global_step``, an optimizer whose slots TF1 starts at one, a variable fetched, an expression written
in the fetch list after the ops (``sess.run([d_train, g_train, a * 1.0 + loss2])``). A named graph value fetched
after the ops (``real_accuracy``) is accepted where its reads pass the same check: the joint step computes it with
the losses, before either update, and returns it after them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms.session import fed_value_reasons, fetch_order, fetches, forward_fetches, loss_order
from tfmigrate.transforms.session.analysis import Node, descendants
from tfmigrate.transforms.session.fresh_names import numbered

if TYPE_CHECKING:
    from tfmigrate.transforms.session.proof import Proof


@dataclass
class JointStep:
    """The train step that runs two minimize() ops of one ``sess.run`` together."""

    name: str
    trains: tuple[Node, Node]
    params: list[str]
    values: list[Node] = field(default_factory=list)  # forward values it returns after the two losses


def fetch(proof: Proof, items, nodes: list[Node | None], feeds, call: cst.Call, loop: bool) -> tuple[str, list[str]]:
    """A run fetching two training ops: the statement computing its values (the fetches before the ops, then the
    joint step's call) and the codes of the fetch's elements, which read them. Raises Blocked with the reason."""
    stateful = [i for i, node in enumerate(nodes) if node is not None and node.kind in ("train", "assign")]
    trains = [nodes[i] for i in stateful]
    if len(trains) != 2 or any(t is None or t.kind != "train" for t in trains):
        raise proof.deny("one run fetches several training/assign ops", call)
    first, second = cast_pair(trains)
    _check_pair(proof, first, second, call)
    losses = {id(proof.loss(first)): 0, id(proof.loss(second)): 1}
    point = stateful[0]
    for i, (item, node) in enumerate(zip(items, nodes)):
        if node is None and i > point:
            raise proof.deny("a value is fetched after the training ops that update the variables it reads", item)
        if node is not None and node.kind == "variable":
            raise proof.deny(
                f"`{node.name}` is fetched with two training ops (TF1 read its buffer after the updates)", item
            )
        if proof.random(node) or (node is None and fetches.random_reads(proof.program, item)):
            raise proof.deny("one run fetches two training ops and a random value", item)
    _check_reads(proof, [n for n in nodes if n is not None and n.kind != "train"], (first, second), call)
    joint = _joint(proof, first, second)
    for i, (item, node) in enumerate(zip(items, nodes)):
        if i > point and i not in stateful and id(node) not in losses:
            if not _returnable(node, joint):
                raise proof.deny("a value is fetched after the training ops that update the variables it reads", item)
            if node not in joint.values:
                joint.values.append(node)  # type: ignore[arg-type]
            losses[id(node)] = 2 + joint.values.index(node)  # type: ignore[arg-type]
    step = f"{joint.name}({proof.arguments(joint.params, feeds, call, traced=loop)})"
    _check_feeds(proof, items, nodes, feeds, point, joint)
    if loop:
        proof.plan.looped.add(joint.name)
    before = [proof.value_code(item, node, feeds, call) for item, node in zip(items[:point], nodes[:point])]
    taken = set(proof.program.names)
    values = [numbered(taken, f"value_{i}" if i else "value", 2) for i in range(len(before))]
    result = numbered(taken, "losses", 2)
    shown: list[str] = list(values)
    for node in nodes[point:]:
        assert node is not None
        shown.append("None" if node.kind == "train" else f"{result}[{losses[id(node)]}].numpy()")
    return f"{', '.join([*values, result])} = {', '.join([*before, step])}", shown


def _returnable(node: Node | None, joint: JointStep) -> bool:
    """A value fetched after both ops that the joint step can return: a deterministic tensor of the step's
    placeholders. ``_check_reads`` has shown that every value of the run reads the variables as the run found
    them, so the step computes it with the losses, before either update, as TF1 did."""
    return node is not None and forward_fetches.plain_tensor(node) and set(node.params) <= set(joint.params)


def cast_pair(trains: list[Node | None]) -> tuple[Node, Node]:
    first, second = trains
    assert first is not None and second is not None
    return first, second


def _check_pair(proof: Proof, first: Node, second: Node, call: cst.Call) -> None:
    for train in (first, second):
        if train.applies:
            raise proof.deny("one run fetches two apply_gradients() ops", call)
        if train.method:
            raise proof.deny(f"`{train.name}` counts a global_step, run with another training op", call)
        if proof.program.batch_norm_updates.get(train.name):  # TF1 ran the UPDATE_OPS once for the two
            raise proof.deny(f"`{train.name}` runs the batch norms' updates, run with another training op", call)
        if not train.var_list:
            raise proof.deny(
                f"`{train.name}` has no var_list: run with another training op, both update every variable", call
            )
    if first.name == second.name:
        raise proof.deny("one run fetches the same training op twice", call)
    shared = _overlap(first.var_list, second.var_list)
    if shared:
        raise proof.deny(f"both training ops of the run update `{shared}` (TF1 applied them in no fixed order)", call)


def resource_variables_only(program) -> bool:
    """Every variable of the program is a resource variable: ``tf.enable_resource_variables()`` (or
    ``enable_v2_behavior``) is called, or each variable is built with ``use_resource=True``."""
    calls = [n for n in descendants(program.module) if isinstance(n, cst.Call)]
    if any(program.tf_path(c.func) in fetch_order.RESOURCE for c in calls):
        return True
    variables = [n for n in program.nodes.values() if n.kind == "variable"]
    if program.layers or any(n.container for n in variables) or not variables:
        return False
    return all(
        isinstance(n.value, cst.Call)
        and any(a.keyword is not None and a.keyword.value == "use_resource" and _is_true(a.value) for a in n.value.args)
        for n in variables
    )


def _is_true(value: cst.BaseExpression) -> bool:
    return isinstance(value, cst.Name) and value.value == "True"


def _check_reads(proof: Proof, fetched: list[Node], trains: tuple[Node, Node], call: cst.Call) -> None:
    """Every graph value the run computes reads a variable one of the ops updates only where it feeds that op's
    loss: TF1 ran such a read before the update (the update waits for the loss's gradients)."""
    program = proof.program
    feeding = {}
    for train in trains:
        loss = proof.loss(train)
        feeding[train.name] = {id(loss), *loss.upstream}
    computed: dict[int, Node] = {}
    for node in [*fetched, *(proof.loss(t) for t in trains)]:
        computed[id(node)] = node
        computed.update(node.upstream)
    for train in trains:
        updated = _updated(program, train)
        for key, node in computed.items():
            if node.kind not in ("tensor", "const") or key in feeding[train.name]:
                continue
            read = _conflicts(direct_variable_reads(program, node), updated)
            if read:
                raise proof.deny(
                    f"`{node.name}` reads `{sorted(read)[0]}`, which `{train.name}` updates in the same run without "
                    "waiting for it (TF1 read it before or after the update)",
                    call,
                )


def _updated(program, train: Node) -> set[str]:
    """The variables a train op's var_list holds: a variable's name, or a container's entry (``weights['out']``)."""
    return variable_reads(program, cst.parse_expression(train.var_list))


def direct_variable_reads(program, node: Node) -> set[str]:
    """The variables a graph value's own expression reads, through the helpers it calls; what it reads through
    other graph values is theirs."""
    from tfmigrate.transforms.session import helpers

    found = variable_reads(program, node.value)
    pending = [h.name for h in (helpers.helper_of(program, c) for c in descendants(node.value)) if h is not None]
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            found |= variable_reads(program, program.helpers[name].definition)
            pending.extend(program.helpers[name].helpers)
    return found


def variable_reads(program, tree: cst.CSTNode) -> set[str]:
    """``name`` for a variable read whole, ``name[key]`` for a container's entry read by a literal key."""
    entries = {}
    for node in descendants(tree):
        if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name) and len(node.slice) == 1:
            index = node.slice[0].slice
            key = index.value if isinstance(index, cst.Index) else None
            if isinstance(key, (cst.SimpleString, cst.Integer)):
                entries[id(node.value)] = f"{node.value.value}[{key.evaluated_value!r}]"
    found = set()
    for node in descendants(tree):
        if isinstance(node, cst.Name) and getattr(program.nodes.get(node.value), "kind", "") == "variable":
            found.add(entries.get(id(node), node.value))
    return found


def _conflicts(reads: set[str], updated: set[str]) -> set[str]:
    """The reads that may be an updated variable: the same one, or a container and one of its entries."""
    roots = {code.split("[", 1)[0] for code in updated}
    return {r for r in reads if r in updated or r in roots or (r.split("[", 1)[0] in updated)}


def _identities(code: str) -> tuple[set[str], set[str]]:
    """A var_list's variables as element codes (``weights['gen_out']``, ``G_W1``), and the names they read."""
    expression = cst.parse_expression(code)
    module = cst.Module([])
    elements = (
        [e.value for e in expression.elements]
        if isinstance(expression, (cst.List, cst.Tuple))
        and not any(isinstance(e, cst.StarredElement) for e in expression.elements)
        else [expression]
    )
    exact = {module.code_for_node(e) for e in elements if isinstance(e, (cst.Name, cst.Subscript, cst.Attribute))}
    whole = {module.code_for_node(e) for e in elements if not isinstance(e, (cst.Name, cst.Subscript, cst.Attribute))}
    return exact, whole


def _overlap(left: str, right: str) -> str:
    """A variable both lists may hold ("" when none can be): the same element, or a name one reads whole."""
    left_exact, left_whole = _identities(left)
    right_exact, right_whole = _identities(right)
    same = left_exact & right_exact
    if same:
        return sorted(same)[0]
    for whole, other in ((left_whole, right_exact | right_whole), (right_whole, left_exact | left_whole)):
        for code in whole:
            read = {n.value for n in descendants(cst.parse_expression(code)) if isinstance(n, cst.Name)}
            for element in other:
                if read & {n.value for n in descendants(cst.parse_expression(element)) if isinstance(n, cst.Name)}:
                    return code
    for element in left_exact:
        for right_element in right_exact:
            root = _root(element)
            if root == _root(right_element) and root in (element, right_element):
                return root
    return ""


def _root(code: str) -> str:
    expression = cst.parse_expression(code)
    while isinstance(expression, (cst.Subscript, cst.Attribute)):
        expression = expression.value
    return cst.Module([]).code_for_node(expression)


def _check_feeds(proof: Proof, items, nodes: list[Node | None], feeds, point: int, joint: JointStep) -> None:
    """A fed value that computes (``sample_Z(mb_size, Z_dim)``) is evaluated once, as TF1 evaluated the feed dict."""
    from tfmigrate.transforms.session.proof import pure

    for name, value in feeds.items():
        uses = sum(proof.needs_count(n, name) for n in nodes[:point]) + (1 if name in joint.params else 0)
        uses += sum(fetches.feed_uses(proof, i).get(name, 0) for i, n in zip(items[:point], nodes[:point]) if n is None)
        if uses > 1 and not pure(value):
            raise proof.deny(fed_value_reasons.reason(name, value), value)


def _joint(proof: Proof, first: Node, second: Node) -> JointStep:
    plan = proof.plan
    key = (first.name, second.name)
    known = plan.joint.get(key)
    if known is not None:
        return known
    params = list(dict.fromkeys([*proof.needs(first), *proof.needs(second)]))
    taken = set(proof.program.names) | {j.name for j in plan.joint.values()}
    joint = JointStep(numbered(taken, f"{first.name}_and_{second.name}", 2), (first, second), params)
    plan.joint[key] = joint
    return joint


def definition(joint: JointStep, rewrite, looped: bool) -> str:
    """The joint step's code: both losses on one tape, both gradients, then both updates."""
    tf, program = rewrite.tf, rewrite.program
    tape, loss, variables, gradients = rewrite.locals
    taken = set(program.names) | rewrite.taken
    second = [numbered(taken, f"{name}_2", 2) for name in (loss, variables, gradients)]
    body = [f"with {tf}.GradientTape(persistent=True) as {tape}:"]
    locals_ = ((loss, variables, gradients), tuple(second))
    for train, (l_, _, _) in zip(joint.trains, locals_):
        target = train.resolved.get(train.loss) or program.nodes[train.loss]
        body.append(f"    {l_} = {train.sign}{target.func}({', '.join(target.params)})")
    for train, (_, v_, _) in zip(joint.trains, locals_):
        body.append(f"{v_} = {train.var_list}")
    for _train, (l_, v_, g_) in zip(joint.trains, locals_):
        body.append(f"{g_} = {tape}.gradient({l_}, {v_})")
    values = [(numbered(taken, f"{value.name}_value", 2), value) for value in joint.values]
    body += [f"{name} = {value.func}({', '.join(value.params)})" for name, value in values]  # before the updates
    applies = [
        f"{rewrite.optimizers.get(train.name, train.optimizer)}.apply_gradients(zip({g_}, {v_}))"
        for train, (_, v_, g_) in zip(joint.trains, locals_)
    ]
    body += loss_order.applied(tf, [l_ for l_, _, _ in locals_], applies)
    returned = [f"{t.sign}{l_}" for t, (l_, _, _) in zip(joint.trains, locals_)]
    body.append("return " + ", ".join([*returned, *(name for name, _ in values)]))
    decorator = f"@{tf}.function\n" if looped else ""
    return decorator + f"def {joint.name}({', '.join(joint.params)}):\n" + "".join(f"    {b}\n" for b in body)
