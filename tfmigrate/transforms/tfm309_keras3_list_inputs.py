"""TFM309: plain Python lists of numbers given to a Keras model's fit/predict/evaluate -> np.asarray(...)."""

from __future__ import annotations

import re

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor

from tfmigrate.facts import Facts
from tfmigrate.transforms import _keras3 as k3

# method -> the data arguments (name, position) Keras 3 hands to its data adapters
DATA_ARGUMENTS = {
    "fit": (("x", 0), ("y", 1)),
    "evaluate": (("x", 0), ("y", 1)),
    "predict": (("x", 0),),
    "train_on_batch": (("x", 0), ("y", 1)),
    "test_on_batch": (("x", 0), ("y", 1)),
    "predict_on_batch": (("x", 0),),
}
WANTS = re.compile(r"\.(?:" + "|".join(DATA_ARGUMENTS) + r")\(")


def numeric_list(node: cst.BaseExpression) -> bool:
    """A list literal of numbers or of such lists: ``[1, 2]``, ``[[1, 2], [3, -4.5]]``. A list of anything
    else may be a multi-input model's list of arrays, which Keras 3 still accepts and np.asarray would stack."""
    if not isinstance(node, cst.List) or not node.elements:
        return False
    return all(
        not isinstance(e, cst.StarredElement) and (_number(e.value) or numeric_list(e.value)) for e in node.elements
    )


def _number(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        node = node.expression
    return isinstance(node, (cst.Integer, cst.Float))


class KerasListInputs(k3.ScopedRule):
    """Give Keras 3's ``fit``/``predict``/``evaluate`` arrays where the code passes lists of numbers.

    What it does:
        In a call of ``fit``, ``evaluate``, ``predict``, ``train_on_batch``, ``test_on_batch`` or
        ``predict_on_batch`` on a Keras model built in the same file, ``x``/``y`` (and the items of ``fit``'s
        ``validation_data`` tuple) given as a list literal of numbers (``[1, 2, 3]``, ``[[1, 2], [3, 4]]``), or as a name the module binds only to such literals, are
        wrapped in ``np.asarray(...)`` (the file's own numpy alias, or a new ``import numpy as np``). Lists of
        anything else are left alone: a multi-input model takes a list of arrays.

    Why:
        Keras 2 converted such lists with ``np.asarray`` itself; Keras 3 raises ``ValueError: Unrecognized data
        type: x=[1, 2, 3, 4] (of type <class 'list'>)``.

    Example:
        model.fit([1, 2, 3, 4], [0, -1, -2, -3], epochs=200)

    Use instead:
        model.fit(np.asarray([1, 2, 3, 4]), np.asarray([0, -1, -2, -3]), epochs=200)
    """

    CODE = "TFM309"
    NAME = "keras3-list-inputs"
    SUMMARY = "Lists of numbers given to fit/predict/evaluate -> np.asarray(...) (Keras 3 rejects lists)"
    SAFE = True
    PRIORITY = 40
    TRIGGERS = tuple(f".{method}(" for method in DATA_ARGUMENTS)
    BEFORE = (
        "import keras\nmodel = keras.Sequential([keras.layers.Dense(1)])\nmodel.compile(loss='mse')\n"
        "model.fit([[1], [2]], [0, -1], epochs=2)\n"
    )
    AFTER = (
        "import keras\nimport numpy as np\n\nmodel = keras.Sequential([keras.layers.Dense(1)])\n"
        "model.compile(loss='mse')\nmodel.fit(np.asarray([[1], [2]]), np.asarray([0, -1]), epochs=2)\n"
    )

    @classmethod
    def wants(cls, source: str) -> bool:
        return "keras" in source and WANTS.search(source) is not None

    @classmethod
    def needs(cls, facts: Facts) -> bool:
        """A data method called in a file that builds a Keras model."""
        return not facts.attrs.isdisjoint(DATA_ARGUMENTS) and any(k3.model_constructor(n) for n in k3.named(facts))

    def edits(self, model) -> str | None:
        """A module without a data method given a list is left as it is, decided on the ast model
        (_keras3_call_sites)."""
        from tfmigrate.transforms._keras3_call_sites import list_inputs

        return list_inputs(model, DATA_ARGUMENTS)

    def visit_Module(self, node: cst.Module) -> None:
        self.facts = k3.collect_facts(node, self.qualified_names, self._scope_of)
        self.numpy = k3.numpy_alias(node)
        if self.numpy is None and k3.binds_name(node, "np"):
            self.numpy = "numpy"  # np is something else here
        finder = _ListAssignments()
        node.visit(finder)
        self.list_targets = finder.targets

    def _list_valued(self, node: cst.BaseExpression) -> bool:
        if numeric_list(node):
            return True
        if not isinstance(node, cst.Name):
            return False
        scope = self._scope_of(node)
        if scope is None or not isinstance(scope, cst.metadata.GlobalScope):
            return False
        assignments = list(scope[node.value])
        return bool(assignments) and all(getattr(a, "node", None) in self.list_targets for a in assignments)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        func = original_node.func
        if not isinstance(func, cst.Attribute) or func.attr.value not in DATA_ARGUMENTS:
            return updated_node
        if self.facts.model(func.value) is None:
            return updated_node
        args = list(updated_node.args)
        wrapped = []
        for name, position in DATA_ARGUMENTS[func.attr.value]:
            index = _find(original_node.args, name, position)
            if index is None or not self._list_valued(original_node.args[index].value):
                continue
            numpy = self.numpy or "np"
            value = args[index].value
            args[index] = args[index].with_changes(value=cst.Call(k3.dotted(f"{numpy}.asarray"), [cst.Arg(value)]))
            wrapped.append(name)
        if func.attr.value == "fit":
            index = _find(original_node.args, "validation_data", 7)
            pair = original_node.args[index].value if index is not None else None  # metadata is on the originals
            lists = [isinstance(pair, cst.Tuple) and self._list_valued(e.value) for e in getattr(pair, "elements", ())]
            if index is not None and any(lists):
                numpy = self.numpy or "np"
                value = args[index].value
                assert isinstance(value, cst.Tuple)
                elements = [
                    e.with_changes(value=cst.Call(k3.dotted(f"{numpy}.asarray"), [cst.Arg(e.value)])) if wrap else e
                    for e, wrap in zip(value.elements, lists, strict=True)
                ]
                args[index] = args[index].with_changes(value=value.with_changes(elements=elements))
                wrapped.append("validation_data")
        if not wrapped:
            return updated_node
        if self.numpy is None:
            AddImportsVisitor.add_needed_import(self.context, "numpy", asname="np")
        self.change(
            original_node,
            f"{func.attr.value}(): {', '.join(wrapped)} given as a list -> np.asarray(...) "
            "(Keras 3 rejects plain lists; Keras 2 converted them the same way)",
        )
        return updated_node.with_changes(args=args)


def _find(args, keyword: str, position: int) -> int | None:
    for index, arg in enumerate(args):
        if arg.star:
            return None
        if arg.keyword is not None and arg.keyword.value == keyword:
            return index
        if arg.keyword is None and index == position:
            return index
    return None


class _ListAssignments(cst.CSTVisitor):
    """The target names of ``name = [numbers]`` statements: the only binding that keeps a name such a list."""

    def __init__(self) -> None:
        self.targets: set[cst.Name] = set()

    def visit_Assign(self, node: cst.Assign) -> None:
        if numeric_list(node.value):
            self.targets.update(t.target for t in node.targets if isinstance(t.target, cst.Name))
