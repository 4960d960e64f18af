"""TF1's checkpoint names for the eager RNN cells, where the program saves or restores with ``tf.train.Saver``.

A TF1 Saver wrote an RNN cell's variables as ``rnn/basic_lstm_cell/kernel`` (``<variable scopes>/rnn/<cell>/kernel``,
``rnn/multi_rnn_cell/cell_0/gru_cell/gates/kernel``...). Keras 3 refuses ``/`` in a weight's name, so where the
program has a Saver the emitted cells create their variables as ``tf.Variable`` under that absolute name scope (in
``tf.init_scope``, as Keras creates weights: the first call may be inside a ``tf.function``) instead of
``add_weight``, and each cell is given its TF1 scope after it is built. ``tf.train.Checkpoint(..., cell=cell)`` then
reads a TF1 checkpoint by those names (also before the cell's first call: the restore is deferred until the
variables are created; checked on TF 2.21) and writes and reads its own checkpoints by attribute, as for any object.
What the cell's variables cannot be shown to be saved as keeps the graph tier: a run inside a helper or after the
Saver, a variable list other than the Saver's ``tf.global_variables()`` / ``tf.trainable_variables()``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms._checkpoint import argument, literal_string
from tfmigrate.transforms.session.analysis import descendants

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Program

SAVER = "train.Saver"
LISTS = frozenset({"global_variables", "trainable_variables", "all_variables"})
OTHER_LISTS = frozenset({*LISTS, "get_collection", "model_variables", "variables_initializer"})
HELPER = '''
def {name}(layer, shape, initializer, name):
    """A cell variable under TF1's checkpoint name (``rnn/basic_lstm_cell/kernel``, ``rnn/gru_cell/gates/kernel``
    for ``gates_kernel``), which a Keras 3 weight cannot hold: tf.train.Checkpoint reads the TF1 Saver's checkpoint
    by it."""
    with {tf}.init_scope(), {tf}.name_scope(layer.tf1_scope + "/"):
        value = {tf}.keras.initializers.get(initializer)(shape, dtype={tf}.float32)
        return {tf}.Variable(value, name=name.replace("_", "/"))
'''


def saves(program: Program) -> bool:
    return any(isinstance(c, cst.Call) and program.tf1_path(c.func) == SAVER for c in descendants(program.module))


def check_lists(program: Program) -> None:
    """``tf.global_variables()`` and the like list the cells' variables in TF1 only: allowed as a Saver's var_list
    (the Checkpoint then holds the cells), refused elsewhere."""
    given = set()
    for call in descendants(program.module):
        if isinstance(call, cst.Call) and program.tf1_path(call.func) == SAVER and call.args:
            given.add(call.args[0].value)
    for node in descendants(program.module):
        if isinstance(node, cst.Call) and program.tf1_path(node.func) in OTHER_LISTS and node not in given:
            raise program.deny(
                f"tf.{program.tf1_path(node.func)} in a program with an RNN cell (the eager cell's variables are not "
                "in the program's list of variables)",
                node,
            )


def scopes(program: Program) -> dict[cst.CSTNode, str]:
    """Each top-level statement -> the variable scope TF1 built it in (``"recurrent/"``, ``""`` at module level)."""
    found: dict[cst.CSTNode, str] = {}

    def walk(statements, prefix: str) -> None:
        for statement in statements:
            found[statement] = prefix
            if isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock):
                inner = prefix
                for item in statement.items:
                    call = item.item
                    if isinstance(call, cst.Call) and program.tf1_path(call.func) == "variable_scope" and call.args:
                        inner += f"{literal_string(call.args[0].value)}/"
                walk(statement.body.body, inner)

    walk(program.module.body, "")
    return found


def depth(program: Program, inputs: cst.BaseExpression, static: bool) -> str | None:
    """The code of the run's input depth, when the inputs are placeholders declared with a literal last dimension:
    ``x`` ([None, T, D]) for dynamic_rnn, ``[x0, x1]`` ([None, D] each) or ``tf.unstack(x, T, 1)`` for static_rnn."""
    if static and isinstance(inputs, (cst.List, cst.Tuple)) and inputs.elements:
        return _last(program, inputs.elements[0].value, 2)
    if static and isinstance(inputs, cst.ListComp) and isinstance(inputs.elt, cst.Subscript):
        return _step_of(program, inputs)
    if static and isinstance(inputs, cst.Name) and inputs.value in program.nodes:
        inputs = program.nodes[inputs.value].value
    if static and isinstance(inputs, cst.Call) and program.tf1_path(inputs.func) in ("unstack", "unpack"):
        axis = argument(inputs, 2, "axis")
        if axis is None or not isinstance(axis.value, cst.Integer) or axis.value.value != "1" or not inputs.args:
            return None
        return _last(program, inputs.args[0].value, 3)
    return None if static else _last(program, inputs, 3)


def _step_of(program: Program, inputs: cst.ListComp) -> str | None:
    """``[x[:, t, :] for t in range(T)]`` (or ``x[:, t]``; rnn_unrolled.py's steps): the depth of ``x``."""
    element = inputs.elt
    assert isinstance(element, cst.Subscript)
    step = inputs.for_in.target
    slices = [s.slice for s in element.slice]
    if not isinstance(step, cst.Name) or len(slices) not in (2, 3) or inputs.for_in.inner_for_in is not None:
        return None
    whole = [s for i, s in enumerate(slices) if i != 1]
    if not all(isinstance(s, cst.Slice) and s.lower is s.upper is s.step is None for s in whole):
        return None
    index = slices[1]
    if not (isinstance(index, cst.Index) and isinstance(index.value, cst.Name) and index.value.value == step.value):
        return None
    return _last(program, element.value, 3)


def _last(program: Program, name: cst.BaseExpression, rank: int) -> str | None:
    node = program.nodes.get(name.value) if isinstance(name, cst.Name) else None
    if node is None or node.kind != "placeholder" or not isinstance(node.value, cst.Call):
        return None
    shape = argument(node.value, 1, "shape")
    value = shape.value if shape is not None else None
    if not isinstance(value, (cst.List, cst.Tuple)) or len(value.elements) != rank:
        return None
    last = value.elements[-1].value
    if isinstance(last, cst.Integer) or (
        isinstance(last, cst.Name) and last.value not in program.nodes and program.binds.get(last.value, 0) == 1
    ):
        return program.module.code_for_node(last)
    return None


def build_statement(target: str, depth: str, tf: str, fed: Sequence[str] = ()) -> str:
    """The cell called once on zeros where the Checkpoint is built: its variables exist, under TF1's names, before
    a restore reads them (a name-based restore does not wait for variables created later). A DropoutWrapper's fed
    keep probabilities are given 1.0 there (each run feeds its own before it computes)."""
    called = target
    if fed:
        called = f"{target}.feed({{{', '.join(f'{name!r}: 1.0' for name in fed)}}})".replace("'", '"')
    return f"{called}({tf}.zeros([1, {depth}]), state={target}.zero_state(1, {tf}.float32))"


def scope_statements(target: str, scope: str, multi: bool, loop: tuple[str, str], wrapped: bool) -> list[str]:
    """What follows ``cell = BasicLSTMCell(...)`` in a saving program: the cell's TF1 scope (each inner cell's, for a
    MultiRNNCell, which TF1 numbered ``cell_0``, ``cell_1``...; ``loop`` names the loop's free variables). A
    DropoutWrapper opens no scope in TF1: the scope is its cell's (``wrapped``: some cell is in one)."""
    if not multi:
        return [f'{target}{".cell" if wrapped else ""}.tf1_scope = "{scope}"\n']
    index, inner = loop
    own = f"getattr({inner}, 'cell', {inner})" if wrapped else inner
    return [
        f'{target}.tf1_scope = "{scope}"\n',
        f"for {index}, {inner} in enumerate({target}.cells):\n"
        f'    {own}.tf1_scope = f"{scope}/cell_{{{index}}}/{{{own}.name}}"\n',
    ]
