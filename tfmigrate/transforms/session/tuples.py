"""Graph values unpacked from a tuple: ``y_pred, logits = build_CNN_classifier(x)`` at module level.

TF1 evaluates the right-hand side once, where the graph is built, and each name holds one tensor of its result.
The eager program models the call as one hidden tensor (``y_pred_logits``, a function returning the tuple; a helper
that builds variables builds them once there, as builders.py does for ``l1 = add_layer(...)``) and each name as a
tensor indexing it (``y_pred`` returns ``y_pred_logits(x)[0]``), so both names share the same variables. A tuple of
``tf.gradients(loss, [w1, w2])`` is its list of gradients (the hidden node is the gradients function, each name
one gradient). Targets other than plain names (starred, attributes, nested tuples) and other values that are not
tensors keep the graph tier.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms.session.fresh_names import underscored

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Node, Program


def define(program: Program, line: cst.SimpleStatementLine, target: cst.BaseExpression, value) -> bool:
    """Model ``a, b = <graph value>`` as a hidden tensor and one tensor per name; raises Blocked otherwise. A nested
    target (``(output_fw, output_bw), (state_fw, state_bw) = tf.nn.bidirectional_dynamic_rnn(...)``) gets a hidden
    tensor per inner tuple, indexing the outer one."""
    from tfmigrate.transforms.session.analysis import Node, is_read

    code = program.module.code_for_node
    if not isinstance(target, (cst.Tuple, cst.List)):
        blocked = program.deny(
            f"a graph value is stored into `{code(target)}`, which is not a plain name (only names are modelled)",
            line,
        )
        blocked.renamed_away = isinstance(target, cst.Subscript)  # a dict's keyed slot: keyed_dicts.py names it
        raise blocked
    names = _names(target, nested=True)
    if names is None or not _distinct(names) or (names.count("_") > 1 and is_read(program.module, "_")):
        raise program.deny(
            f"graph values are unpacked from a tuple into `{code(target)}` (only distinct plain names are modelled)",
            line,
        )
    hidden = _fresh(program, "_".join(names))
    whole = Node(hidden, "tensor", line, value, program.line_of(line), func=hidden)
    whole.index = len(program.order)
    program._classify(whole, value)
    if whole.kind not in ("tensor", "const") and not (whole.kind == "gradients" and whole.bare):
        raise program.deny(
            f"graph values are unpacked from a tuple of `{code(value)}` ({whole.kind}), which is not modelled", line
        )
    whole.resolved = {read: program.nodes[read] for read in program._reads(value)}
    _register(program, whole)
    defined = [whole]
    _unpack(program, line, target, whole, defined)
    program.tuples[line] = defined
    return True


def _unpack(program: Program, line: cst.SimpleStatementLine, target, whole: Node, defined: list[Node]) -> None:
    """A node per name of ``target`` indexing ``whole`` (a hidden node per inner tuple), appended to ``defined``."""
    from tfmigrate.transforms.session.analysis import Node, is_read

    for index, item in enumerate(e.value for e in target.elements):
        element = cst.Subscript(
            value=cst.Name(whole.name), slice=[cst.SubscriptElement(slice=cst.Index(value=cst.Integer(str(index))))]
        )
        inner = _names(item, nested=True) if isinstance(item, (cst.Tuple, cst.List)) else None
        if inner is not None:
            name = _fresh(program, "_".join(inner))
            func = name
        else:
            name = item.value
            if name == "_" and not is_read(program.module, name):
                continue  # ``outputs, _ = tf.nn.dynamic_rnn(...)``: discarded, free to be rebound by ``_, l = ...``
            func = program.version_name(name, line)
        node = Node(name, "tensor", line, element, program.line_of(line), func=func)
        node.index = len(program.order)
        program._classify(node, element)
        program._one_variable(node)
        node.resolved = {whole.name: whole}
        _register(program, node)
        defined.append(node)
        if inner is not None:
            _unpack(program, line, item, node, defined)


def nodes_of(program: Program, node: Node) -> list[Node]:
    """The nodes a statement defines: the hidden tensor and each unpacked name for a tuple, else the node."""
    return program.tuples.get(node.statement, [node])


def unpacked(assign: cst.Assign) -> list[str] | None:
    """The names ``a, b = value`` binds, when it has one target of distinct plain names."""
    if len(assign.targets) != 1:
        return None
    names = _names(assign.targets[0].target)
    return names if names is not None and _distinct(names) else None


def _distinct(names: list[str]) -> bool:
    """Distinct names, but for ``_`` given more than once (``outputs, _, _ = tf.nn.static_bidirectional_rnn(...)``:
    each discarded)."""
    named = [name for name in names if name != "_"]
    return len(set(named)) == len(named)


def _names(target: cst.BaseExpression, nested: bool = False) -> list[str] | None:
    """The names a tuple target binds, in order (``nested``: inner tuples of names too), or None."""
    if not isinstance(target, (cst.Tuple, cst.List)):
        return None
    names: list[str] = []
    for element in target.elements:
        if not isinstance(element, cst.Element):
            return None
        if isinstance(element.value, cst.Name):
            names.append(element.value.value)
            continue
        inner = _names(element.value, nested) if nested else None
        if inner is None:
            return None
        names += inner
    return names if len(target.elements) > 1 else None


def _fresh(program: Program, base: str) -> str:
    name = underscored(program.names | set(program.nodes), base)
    program.names.add(name)
    return name


def _register(program: Program, node: Node) -> None:
    program.versions.setdefault(node.name, []).append(node)
    program.nodes[node.name] = node
    program.order.append(node.name)
