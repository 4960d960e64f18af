"""``with tf.control_dependencies([step]): y = tf.identity(x)`` at module level: each op built in the block runs
after ``step`` in every run that evaluates it.

Eagerly there is no op to depend on: the function of each value built in the block calls the dependencies first,
then computes, which is the order TF1 kept (an op waits for its control inputs; a variable read by an op of the
block is read after them, TF1's reference variables as eager ones). The block goes (eager
``tf.control_dependencies`` would call the functions its list names once, at once). TF1 runs each dependency once
per run however many ops of the block the run evaluates, eagerly each function calls it: so a value built in the
block is fetched alone, and nothing reads it (no other value, no other fetch of the run). A name bound in the
block to a value built before it (``y = x``) builds no op and depends on nothing, as in TF1. A value built before
the block and read in it may have been computed before the dependencies ran (TF1 does not order it): refused where
it reads a variable they update.

Dependencies: assign ops and training ops of the module (by name), or an assign written in the list
(``tf.assign_add(w, 1.0)``) that reads no placeholder; or ``tf.get_collection(tf.GraphKeys.UPDATE_OPS)`` where
nothing can fill it (an empty list: the block is its body).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session import batch_norms
from tfmigrate.transforms.session.analysis import Node, Program, descendants, loaded_names

PATH = "control_dependencies"
DEPENDENT = frozenset({"tensor", "assign", "average_update"})
# What may put ops in the UPDATE_OPS collection: layer libraries, and any path naming a batch norm, a moving average
# or a collection write.
UPDATING = ("keras.", "contrib.", "compat.", "layers.BatchNormalization")
FILLING = ("batch_norm", "moving", "add_to_collection")


@dataclass
class Block:
    """One ``with tf.control_dependencies([...]):`` block: the code each dependent value runs first."""

    codes: list[str] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)  # the dependencies that are nodes, for their placeholders
    updated: set[str] = field(default_factory=set)  # the variables they write
    steps: list[Node] = field(default_factory=list)  # the training ops among them
    norms: list = field(default_factory=list)  # UPDATE_OPS of batch norms: the layers updated (batch_norms.py)


def enter(program: Program, statement: cst.With) -> Block | None:
    """The block ``statement`` opens, or None when it is not ``with tf.control_dependencies([...]):``."""
    if len(statement.items) != 1:
        return None
    item = statement.items[0]
    call = item.item
    if not (isinstance(call, cst.Call) and program.tf1_path(call.func) == PATH):
        return None
    listed = argument(call, 0, "control_inputs")
    if item.asname is not None or len(call.args) != 1 or listed is None:
        raise program.deny("tf.control_dependencies with arguments other than a list", call)
    norms = batch_norms.update_ops(program, listed.value)
    if norms is not None:
        program.layer_lists.add(listed.value)  # resolved (layers.finish): the batch norms' updates
        return Block(norms=norms)
    if _no_update_ops(program, listed.value):
        program.layer_lists.add(listed.value)  # a graph-wide list resolved (layers.finish): it holds no variable
        return Block()  # the collection is empty: TF1 built the block's ops with no control inputs
    if not isinstance(listed.value, (cst.List, cst.Tuple)):
        raise program.deny("tf.control_dependencies of something other than a literal list", call)
    block = Block()
    for element in listed.value.elements:
        _dependency(program, block, element.value)
    return block


def _no_update_ops(program: Program, value: cst.BaseExpression) -> bool:
    """``tf.get_collection(tf.GraphKeys.UPDATE_OPS)`` (the DCGAN idiom, kept when a model has no batch norm) in a
    module where nothing can add to that collection: no batch norm, no moving average, no ``add_to_collection``, no
    Keras or contrib layer. TF1 read an empty list there."""
    if not (isinstance(value, cst.Call) and program.tf1_path(value.func) == "get_collection" and value.args):
        return False
    if program.tf1_path(value.args[0].value) != "GraphKeys.UPDATE_OPS" or len(value.args) > 2:
        return False
    whole = getattr(program, "whole", None)  # a Session program inside ``def main():``: the module around it too
    for node in descendants(whole if isinstance(whole, cst.Module) else program.module):
        path = (program.tf1_path(node.func) or "") if isinstance(node, cst.Call) else ""
        if path.startswith(UPDATING) or any(word in path.lower() for word in FILLING):
            if node is not value:
                return False
    return True


def _dependency(program: Program, block: Block, value: cst.BaseExpression) -> None:
    if isinstance(value, cst.Name) and value.value in program.nodes:
        node = program.nodes[value.value]
        if node.kind not in ("assign", "train"):
            raise program.deny(f"tf.control_dependencies on `{node.name}` ({node.kind}), not modelled", value)
        if node.kind == "assign":
            block.codes.append(f"{node.func}({', '.join(node.params)})")
            block.updated.add(node.loss)
        else:
            loss = node.resolved.get(node.loss) or program.nodes[node.loss]
            block.codes.append(f"{node.name}({', '.join(loss.params)})")
            block.updated |= loss.variables | ({node.method} if node.method else set())
            block.steps.append(node)
            node = loss
        block.nodes.append(node)
        return
    if isinstance(value, cst.Call):
        node = Node("", "tensor", None, value, program.line_of(value))  # type: ignore[arg-type]
        if program.assign(node, value):
            program.close(node)
            if node.params or any(program.nodes[r].kind == "tensor" for r in node.reads):
                raise program.deny("an assign in tf.control_dependencies reads a placeholder or a tensor", value)
            new = program.module.code_for_node(node.value)
            block.codes.append(f"{node.loss}.{node.method}({new})")
            block.updated.add(node.loss)
            return
    raise program.deny("tf.control_dependencies on something other than an assign or a training op", value)


def attach(program: Program, node: Node, block: Block) -> None:
    """``node`` was built in ``block``: it runs the dependencies first."""
    if block.norms:
        if node.kind != "train" or node.applies:
            raise program.deny(
                f"a {node.kind} built under tf.control_dependencies of the batch norms' UPDATE_OPS", node.statement
            )
        program.batch_norm_updates[node.name] = block.norms
        return
    if (isinstance(node.value, cst.Name) and node.kind == "tensor") or not block.codes:
        return  # ``y = x``: no op built, no dependency (TF1); or an empty list: nothing to depend on
    if node.kind not in DEPENDENT:
        raise program.deny(f"a {node.kind} built under tf.control_dependencies, not modelled", node.statement)
    node.steps = [step.name for step in block.steps]
    if _stepped_loss(program, node, block):
        return
    for read in node.upstream.values() if node.upstream else (program.nodes[r] for r in node.reads):
        if read.kind == "tensor" and read.variables & block.updated:
            raise program.deny(
                f"`{node.name}` reads `{read.name}`, built before tf.control_dependencies, which TF1 may compute "
                "before the dependencies update the variables it reads",
                node.statement,
            )
    node.deps = list(block.codes)
    params = {*node.params, *(p for dep in block.nodes for p in dep.params)}
    order = {name: program.nodes[name].index for name in params if name in program.nodes}
    node.params = sorted(params, key=lambda name: order.get(name, 0))


def _stepped_loss(program: Program, node: Node, block: Block) -> bool:
    """``with tf.control_dependencies([train_op]): loss_after = tf.identity(loss)``: TF1 fetches the loss computed
    in the run that trained (before the update); eagerly the step returns that loss."""
    value = node.value
    if not (
        len(block.codes) == 1
        and len(block.steps) == 1
        and isinstance(value, cst.Call)
        and program.tf1_path(value.func) == "identity"
        and len(value.args) == 1
        and value.args[0].keyword is None
        and isinstance(value.args[0].value, cst.Name)
    ):
        return False
    step = block.steps[0]
    loss = step.resolved.get(step.loss) or program.nodes[step.loss]
    if value.args[0].value.value != step.loss or program.nodes.get(step.loss) is not loss or step.sign or step.applies:
        return False
    node.stepped = step.name
    node.params = list(loss.params)
    return True


def refuse_reads(program: Program, value: cst.CSTNode) -> None:
    """A value built under tf.control_dependencies is read by nothing else: TF1 ran its dependencies once per run."""
    for name in loaded_names(value):
        known = program.nodes.get(name.value)
        if known is not None and (known.deps or known.stepped):
            raise program.deny(
                f"`{name.value}` is built under tf.control_dependencies and read here (TF1 ran its dependencies once "
                "per run)",
                name,
            )
