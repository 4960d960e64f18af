"""Names spelled like a class's Session method that cannot reach it: ``def feed_dict(train):`` (the parameter of
TensorFlow's ``mnist_with_summaries.py`` helper) and ``dataset.train.next_batch(100)`` (the tutorial reader's
``DataSets.train``) beside ``def train(self):`` of the trainer class.

A method is reached only as an attribute (``model.train``) or, in its class body, by its bare name. So a bare name
elsewhere is some variable, and ``x.train`` is another object's attribute where ``x`` is known not to hold the
instance: a name every binding of which, anywhere in the module, calls an imported function or another class of the module
(``dataset = DataSets()``, ``mnist = input_data.read_data_sets(...)``), the first parameter of a method of another
class (``self.train = DataSet(...)`` in ``DataSets.__init__``), or TensorFlow's own (``tf.train``). Another class counts only where neither it nor the
trainer class has a base (no inheritance can make one the other). And ``self.train_step.run(feed_dict=...)`` in a
method of the class beside its own ``def run(self)`` (the Q-network solvers) is the op's ``run``: ``self.train_step``
is an attribute the constructor binds once, to what a TensorFlow call returns (``tf.train.AdamOptimizer(lr).minimize(
err)``), stored nowhere else, so it holds a graph value and never the instance."""

from __future__ import annotations

import re

import libcst as cst

from tfmigrate.transforms.session.analysis import Resolve, descendants, parents_of
from tfmigrate.transforms.session.functions import own_body
from tfmigrate.transforms.session.settled_attributes import stores_and_changes

_COPY = re.compile(r"__\d+$")  # instance_copies.JOIN and the construction's number


def unreachable(module: cst.Module, resolve: Resolve, definition: cst.ClassDef, names: list[cst.Name]) -> set[cst.Name]:
    """Those of ``names`` (each spelled like a method of ``definition``) that cannot name the method."""
    parents = parents_of(module)
    in_body = _class_scope(definition)
    others = _unrelated_classes(module, definition)
    foreign = _foreign_names(module, resolve, set(others))
    graph = _graph_attributes(module, resolve, definition)
    foreign |= _graph_names(module, resolve)
    found: set[cst.Name] = set()
    for name in names:
        parent = parents.get(name)
        if isinstance(parent, cst.Attribute) and parent.attr is name:
            owner = parent.value
            if isinstance(owner, cst.Name) and (owner.value in foreign or _self_of_other(owner, parents, others)):
                found.add(name)
            if resolve(parent) is not None:
                found.add(name)  # ``tf.train``: TensorFlow's module, never the instance
            if (
                isinstance(owner, cst.Attribute)
                and owner.attr.value in graph
                and isinstance(owner.value, cst.Name)
                and _self_of_other(owner.value, parents, {definition.name.value: definition})
            ):
                found.add(name)  # ``self.train_step.run``: an attribute of a graph value
        elif name not in in_body:
            found.add(name)
    return found


def _graph_attributes(module: cst.Module, resolve: Resolve, definition: cst.ClassDef) -> set[str]:
    """The attributes the class's constructor binds, by one statement ``self.attr = <call>`` stored nowhere else in
    the module, to what a TensorFlow call returns: the call itself or a method of its result
    (``tf.train.AdamOptimizer(lr).minimize(err)``)."""
    body = definition.body.body if isinstance(definition.body, cst.IndentedBlock) else ()
    init = next((m for m in body if isinstance(m, cst.FunctionDef) and m.name.value == "__init__"), None)
    if init is None or not init.params.params or init.decorators:
        return set()
    owner = init.params.params[0].name.value
    stores, _ = stores_and_changes(module, None)
    found: set[str] = set()
    for statement in own_body(init.body):
        if not (isinstance(statement, cst.Assign) and len(statement.targets) == 1):
            continue
        target = statement.targets[0].target
        if (
            isinstance(target, cst.Attribute)
            and isinstance(target.value, cst.Name)
            and target.value.value == owner
            and stores.get(target.attr.value) == 1
            and _tensorflow_result(statement.value, resolve)
        ):
            found.add(target.attr.value)
    return found


def _graph_names(module: cst.Module, resolve: Resolve) -> set[str]:
    """Names every binding of which, anywhere in the module, is ``with tf.Session() as sess`` or ``name = <what a
    TensorFlow call returns>``: ``sess.run(init)`` in the method named ``run`` is the Session's."""
    bound: dict[str, int] = {}
    for node in descendants(module):
        value: cst.BaseExpression | None = None
        target: cst.BaseExpression | None = None
        if isinstance(node, cst.WithItem) and node.asname is not None:
            value, target = node.item, node.asname.name
        elif isinstance(node, cst.Assign) and len(node.targets) == 1:
            value, target = node.value, node.targets[0].target
        if isinstance(target, cst.Name) and value is not None and _tensorflow_result(value, resolve):
            bound[target.value] = bound.get(target.value, 0) + 1
    counts = _binding_counts(module)
    return {name for name, count in bound.items() if counts.get(name) == count}


def _tensorflow_result(value: cst.BaseExpression, resolve: Resolve) -> bool:
    while isinstance(value, cst.Call):
        if resolve(value.func) is not None:
            return True
        if not isinstance(value.func, cst.Attribute):
            return False
        value = value.func.value
    return False


def _class_scope(definition: cst.ClassDef) -> set[cst.CSTNode]:
    """The nodes of the class body outside its methods and nested classes: where a bare name is a class member."""
    return set(own_body(definition.body))


def _unrelated_classes(module: cst.Module, definition: cst.ClassDef) -> dict[str, cst.ClassDef]:
    """The module's other classes with no base, but for the copies of the one class instance_copies.py reads per
    construction (``LinearModel`` and ``LinearModel__2``): an instance of either is an instance of the program's
    one class."""
    if _has_base(definition):
        return {}
    own = _COPY.sub("", definition.name.value)
    return {
        c.name.value: c
        for c in module.body
        if isinstance(c, cst.ClassDef)
        and c is not definition
        and not _has_base(c)
        and _COPY.sub("", c.name.value) != own
    }


def _has_base(definition: cst.ClassDef) -> bool:
    return any(not (isinstance(a.value, cst.Name) and a.value.value == "object") for a in definition.bases)


def _foreign_names(module: cst.Module, resolve: Resolve, classes: set[str]) -> set[str]:
    """Names bound only by ``name = call(...)`` statements, each calling an imported function or one of
    ``classes``: at module level, or in a block anywhere (``a = A()`` under the main guard, the temporary
    ``A().run()`` read so), as every binding of the name in the module is one of them."""
    values: dict[str, list[cst.BaseExpression]] = {}
    for statement in descendants(module):
        small = (
            statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
        )
        if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
            values.setdefault(small.targets[0].target.value, []).append(small.value)
    counts = _binding_counts(module)
    return {
        name
        for name, found in values.items()
        if counts.get(name, 0) == len(found)
        and all(
            isinstance(v, cst.Call)
            and ((isinstance(v.func, cst.Name) and v.func.value in classes) or resolve(v.func) is not None)
            for v in found
        )
    }


def _binding_counts(root: cst.CSTNode) -> dict[str, int]:
    """Each name -> how many times anything below ``root`` binds it (assignment, loop, with, import, def, class,
    parameter, ``global``, ``nonlocal``, ``del``)."""
    counts: dict[str, int] = {}

    def add(target: cst.CSTNode) -> None:
        if isinstance(target, cst.Name):
            counts[target.value] = counts.get(target.value, 0) + 1
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                add(element.value)
        elif isinstance(target, cst.StarredElement):
            add(target.value)

    for node in descendants(root):
        if isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For, cst.CompFor, cst.NamedExpr)):
            add(node.target)
        elif isinstance(node, cst.AsName):
            add(node.name)
        elif isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Param)):
            add(node.name)
        elif isinstance(node, (cst.Global, cst.Nonlocal)):
            for item in node.names:
                add(item.name)
        elif isinstance(node, cst.Del):
            add(node.target)
    return counts


def _self_of_other(owner: cst.Name, parents: dict, others: dict[str, cst.ClassDef]) -> bool:
    """``owner`` is the first parameter of a plain method of one of ``others``, read in that method's own scope
    and never bound again there."""
    node: cst.CSTNode | None = parents.get(owner)
    while node is not None and not isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
        node = parents.get(node)
    method = node
    holder = parents.get(parents.get(method)) if isinstance(method, cst.FunctionDef) else None
    return (
        isinstance(method, cst.FunctionDef)
        and isinstance(holder, cst.ClassDef)
        and others.get(holder.name.value) is holder
        and not method.decorators
        and bool(method.params.params)
        and method.params.params[0].name.value == owner.value
        and _binding_counts(method).get(owner.value) == 1
    )
