"""TFM308's direct form: a tutorial program that only reads ``mnist.<split>.images/labels/num_examples`` gets the
arrays from ``tf.keras.datasets.mnist.load_data()`` in a few lines instead of the input_data stand-in.

What stays the same, from TF 1.15's ``read_data_sets`` / ``DataSet`` (the same MNIST files, in the same order):
images are uint8 made float32 and multiplied by ``1.0 / 255.0`` (``numpy.multiply`` in TF1: the same float32
values), flattened to (N, 784) or, with ``reshape=False``, (N, 28, 28, 1); labels are uint8, or with
``one_hot=True`` float64 rows of ``numpy.eye(10)`` (TF1's ``dense_to_one_hot``); the first ``validation_size``
(5000) training images are the validation split, the rest (55000) train; ``num_examples`` is ``len()`` of the
split. What is dropped: the shuffling (only ``next_batch`` used it, and such programs keep the stand-in) and TF1's
reseeding of numpy's global generator by each DataSet, hence the program may not use ``numpy.random``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import libcst as cst

from tfmigrate.cstfields import code as module_code
from tfmigrate.transforms._tf1 import tf_binding

SPLITS = ("train", "validation", "test")
FIELDS = ("images", "labels", "num_examples")
KEYWORDS = frozenset({"train_dir", "one_hot", "reshape", "validation_size", "seed", "source_url", "fake_data"})
TRAIN, TEST = 60000, 10000


@dataclass
class Arrays:
    """The plan for one program: what replaces the read line and each ``mnist.<split>.<field>``."""

    read: cst.SimpleStatementLine
    imports: list[cst.SimpleStatementLine]
    uses: dict[cst.Attribute, str] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    numpy_import: bool = False
    note: str = ""


def plan(module: cst.Module, imports: dict[cst.SimpleStatementLine, tuple[str, bool]], names: set[str]) -> Arrays | str:
    """The direct form, or why the program keeps the stand-in. ``imports`` maps each tutorial import line to the
    name it binds and whether that name is the read_data_sets function itself."""
    if len(imports) != 1:
        return "the tutorial module is imported more than once"
    [(line, (bound, function))] = imports.items()
    if line not in module.body:
        return "the tutorial module is imported inside a block"
    reads = [
        s
        for s in module.body
        if isinstance(s, cst.SimpleStatementLine)
        and len(s.body) == 1
        and isinstance(s.body[0], cst.Assign)
        and isinstance(s.body[0].value, cst.Call)
        and _names(s.body[0].value.func, bound, function)
    ]
    if len(reads) != 1:
        return "read_data_sets is not called once at module level"
    read = reads[0]
    if module.body.index(line) > module.body.index(read):
        return "read_data_sets is called before the import"
    assign = read.body[0]
    assert isinstance(assign, cst.Assign) and isinstance(assign.value, cst.Call)
    if len(assign.targets) != 1 or not isinstance(assign.targets[0].target, cst.Name):
        return "the data sets are not bound to one name"
    options = _options(assign.value)
    if isinstance(options, str):
        return options
    one_hot, reshape, validation = options
    tf, numpy = tf_binding(module), _numpy(module)
    if tf is None:
        return "the module does not import tensorflow itself"
    code = module_code(module)
    if re.search(r"\bnumpy\.random\b|from\s+numpy\s+import[^\n]*\brandom\b", code) or (
        numpy and re.search(rf"\b{numpy}\.random\b", code)
    ):
        return "the program uses numpy.random, which TF1's DataSet reseeded"
    data = assign.targets[0].target.value
    arrays = Arrays(read, [line])
    used: set[tuple[str, str]] = set()
    count = 0
    for node in walk(module, {line, read}):
        if isinstance(node, cst.Name) and node.value == bound:
            return f"`{bound}` is used beyond one read_data_sets call"
        if isinstance(node, cst.Name) and node.value == data:
            count += 1
        if isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.Del)):
            target = node.target
            if any(isinstance(n, cst.Name) and n.value == data for n in walk(target, set())):
                return f"`{data}` is assigned to"
        found = _chain(node, data) if isinstance(node, cst.Attribute) else None
        if found is None:
            continue
        split, what = found
        if what == "num_examples":  # counted, not TF1's count of the real files: the same on any MNIST arrays
            arrays.uses[node] = f"len({data}_{split}_images)"
            used.add((split, "images"))
        else:
            arrays.uses[node] = f"{data}_{split}_{what}"
            used.add((split, what))
    if count != len(arrays.uses):
        return f"`{data}` is used other than as {data}.<split>.images/labels/num_examples (next_batch, ...)"
    if not arrays.uses:
        return f"`{data}` is not read"
    taken = {f"{data}_{split}_{what}" for split in SPLITS for what in FIELDS[:2]} & names
    if taken:
        return f"`{sorted(taken)[0]}` is already a name in the file"
    if numpy is None:
        if "np" in names:
            return "numpy is not imported and `np` is taken"
        numpy, arrays.numpy_import = "np", True
    arrays.note = (
        f"TF1's read_data_sets split ({TRAIN - validation} train, {validation} validation, {TEST} test), "
        "images scaled to [0, 1]"
    )
    arrays.lines = _lines(data, tf, numpy, used, one_hot, reshape, validation)
    return arrays


def _lines(data: str, tf: str, np: str, used: set, one_hot: bool, reshape: bool, validation: int) -> list[str]:
    name = lambda split, what: f"{data}_{split}_{what}"  # noqa: E731
    lines = [
        f"({name('train', 'images')}, {name('train', 'labels')}), ({name('test', 'images')}, "
        f"{name('test', 'labels')}) = {tf}.keras.datasets.mnist.load_data()"
    ]
    if any(split == "validation" for split, _ in used):
        lines.append(
            f"{name('validation', 'images')}, {name('validation', 'labels')} = "
            f"{name('train', 'images')}[:{validation}], {name('train', 'labels')}[:{validation}]"
        )
    if any(split == "train" for split, _ in used) and validation:
        lines.append(
            f"{name('train', 'images')}, {name('train', 'labels')} = "
            f"{name('train', 'images')}[{validation}:], {name('train', 'labels')}[{validation}:]"
        )
    shape = "-1, 784" if reshape else "-1, 28, 28, 1"
    for split in SPLITS:
        if (split, "images") in used:
            images = name(split, "images")
            lines.append(f"{images} = {images}.reshape({shape}).astype({np}.float32) * (1.0 / 255.0)")
        if (split, "labels") in used and one_hot:
            labels = name(split, "labels")
            lines.append(f"{labels} = {np}.eye(10)[{labels}]")
    return lines


def _options(call: cst.Call) -> tuple[bool, bool, int] | str:
    values = {"one_hot": False, "reshape": True, "validation_size": 5000}
    for index, arg in enumerate(call.args):
        if arg.star or (arg.keyword is None and index > 0):
            return "read_data_sets arguments other than train_dir are passed by position"
        key = arg.keyword.value if arg.keyword is not None else "train_dir"
        if key not in KEYWORDS:
            return f"read_data_sets({key}=...)"
        value = arg.value
        if key in ("one_hot", "reshape", "fake_data"):
            if not (isinstance(value, cst.Name) and value.value in ("True", "False")):
                return f"{key}= is not a literal True/False"
            if key == "fake_data" and value.value == "True":
                return "fake_data=True"
            values[key] = value.value == "True"
        elif key == "validation_size":
            if not isinstance(value, cst.Integer) or not 0 <= int(value.value) <= TRAIN:
                return "validation_size= is not a literal count"
            values[key] = int(value.value)
    return bool(values["one_hot"]), bool(values["reshape"]), int(values["validation_size"])


def _names(func: cst.BaseExpression, bound: str, function: bool) -> bool:
    if function:
        return isinstance(func, cst.Name) and func.value == bound
    return (
        isinstance(func, cst.Attribute)
        and func.attr.value == "read_data_sets"
        and isinstance(func.value, cst.Name)
        and func.value.value == bound
    )


def _chain(node: cst.Attribute, data: str) -> tuple[str, str] | None:
    inner = node.value
    if (
        node.attr.value in FIELDS
        and isinstance(inner, cst.Attribute)
        and inner.attr.value in SPLITS
        and isinstance(inner.value, cst.Name)
        and inner.value.value == data
    ):
        return inner.attr.value, node.attr.value
    return None


def _numpy(module: cst.Module) -> str | None:
    """The module-level name ``import numpy [as X]`` binds, preferring ``np``."""
    names = [
        cst.ensure_type(alias.asname.name, cst.Name).value if alias.asname else "numpy"
        for line in module.body
        if isinstance(line, cst.SimpleStatementLine)
        for small in line.body
        if isinstance(small, cst.Import)
        for alias in small.names
        if module.code_for_node(alias.name) == "numpy"
    ]
    return "np" if "np" in names else names[0] if names else None


def walk(node: cst.CSTNode, skip: set):
    """Every node under ``node``, not entering those in ``skip``."""
    stack = [node]
    while stack:
        current = stack.pop()
        if current in skip:
            continue
        yield current
        stack.extend(reversed(current.children))
