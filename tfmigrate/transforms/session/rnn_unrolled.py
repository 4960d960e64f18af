"""An RNN cell called by hand in a Python loop over the time steps, read as the ``tf.nn.static_rnn`` it is:

    outputs = []                                             outputs = []
    with tf.variable_scope("RNN"):                           outputs, state = tf.nn.static_rnn(
        for t in range(maxlen):                                  cell, [x[:, t, :] for t in range(maxlen)],
            if t > 0:                                 ->         initial_state=state, scope="RNN")
                tf.get_variable_scope().reuse_variables()
            (cell_output, state) = cell(x[:, t, :], state)
            outputs.append(cell_output)

(the book "詳解 ディープラーニング"'s chapter 5 and many courses write their RNNs so). TF1's ``static_rnn`` does
exactly this: under ``variable_scope(scope or "rnn")`` it calls the cell on each input with the state it returned,
reusing the scope after the first step, and returns the list of outputs and the last state; the cell builds its
variables at its first call, as ``RNN/basic_rnn_cell/kernel`` in both, drawing its kernel from the same op seed
(nothing else in the loop draws). The inputs are computed per step by the same expression. So the proof reads the
run rnn.py models, and the eager program runs it.

Only that shape folds: a ``with tf.variable_scope("<literal>")`` holding nothing but the loop (the reuse it sets ends
with the block), or a loop outside any scope that sets no reuse (the root scope's reuse would reach everything
built after it) in a program without a Saver (static_rnn would name the variables ``rnn/...``); the loop over
``range(n)`` holds the cell call on ``(input, state)``, the append of its output to a list bound to ``[]`` just for
it, and reuse calls; the loop variable and the step's output are read nowhere else in their scope (the folded
program does not bind them). Anything else stays as written, and the proof names the line it refuses.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import SAVER
from tfmigrate.transforms._tf1 import tf_binding
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.fresh_names import numbered
from tfmigrate.transforms.session.inert_reuse import reuse_owner
from tfmigrate.transforms.session.renames import lone_assignment
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

SAVERS = (SAVER, f"compat.v1.{SAVER}")
CELLS = ("nn.rnn_cell.", "contrib.rnn.", "compat.v1.nn.rnn_cell.")


def fold(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each hand-unrolled RNN loop read as its static_rnn, and a note for each; None if none."""
    if "reuse_variables" not in module.code and ".append(" not in module.code:
        return None
    tf = tf_binding(module)
    if tf is None:
        return None
    saving = any(isinstance(c, cst.Call) and resolve(c.func) in SAVERS for c in descendants(module))
    cells = {
        n.targets[0].target.value
        for n in descendants(module)
        if isinstance(n, cst.Assign)
        and len(n.targets) == 1
        and isinstance(n.targets[0].target, cst.Name)
        and isinstance(n.value, cst.Call)
        and (resolve(n.value.func) or "").startswith(CELLS)
    }
    if not cells:
        return None
    rewrite = _Fold(module, resolve, line_of, tf, saving, cells)
    folded = module.visit(rewrite)
    if not rewrite.notes:
        return None
    resolve_new, line_of_new = rewrite.remapped()
    return folded, resolve_new, line_of_new, sorted(rewrite.notes)


class _Fold(TracedRewrite):
    def __init__(
        self, module: cst.Module, resolve: Resolve, line_of: LineOf, tf: str, saving: bool, cells: set[str]
    ) -> None:
        super().__init__(module, resolve, line_of)
        self.tf = tf
        self.saving = saving
        self.cells = cells  # names the module binds to a TF1 RNN cell
        self.notes: list[tuple[int, str]] = []
        self.scopes: list[cst.CSTNode] = [module]  # the function (or module) whose names a loop's are

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.scopes.append(node)

    def leave_FunctionDef(self, original_node, updated_node):
        self.scopes.pop()
        return updated_node

    def leave_IndentedBlock(self, original_node, updated_node):
        body = self._block(list(original_node.body), list(updated_node.body))
        return updated_node if body is None else updated_node.with_changes(body=body)

    def leave_Module(self, original_node, updated_node):
        body = self._block(list(original_node.body), list(updated_node.body))
        return updated_node if body is None else updated_node.with_changes(body=body)

    def _block(self, originals: list, body: list) -> list | None:
        dropped: set[int] = set()  # the ``outputs = []`` of each folded loop (static_rnn binds the list)
        for index, statement in enumerate(originals):
            if index >= len(body) or body[index] is not statement:
                continue  # rebuilt below (a nested block changed): left as it is
            found = self._loop(originals, index)
            if found is None:
                continue
            body[index], emptied = found
            dropped.add(emptied)
        if not dropped:
            return None
        return [s for index, s in enumerate(body) if index not in dropped]

    def _loop(self, block: list, index: int) -> tuple[cst.SimpleStatementLine, int] | None:
        statement = block[index]
        scope: cst.SimpleString | None = None
        alias = None
        loop = statement
        if isinstance(statement, cst.With):
            if len(statement.items) != 1 or not isinstance(statement.body, cst.IndentedBlock):
                return None
            item = statement.items[0]
            call = item.item
            if (
                not isinstance(call, cst.Call)
                or self.resolver(call.func) not in ("variable_scope", "compat.v1.variable_scope")
                or len(call.args) != 1
                or call.args[0].keyword is not None
                or not isinstance(call.args[0].value, cst.SimpleString)
                or len(statement.body.body) != 1
            ):
                return None
            if item.asname is not None:
                if not isinstance(item.asname.name, cst.Name):
                    return None
                alias = item.asname.name.value
            scope = call.args[0].value
            loop = statement.body.body[0]
        if not isinstance(loop, cst.For) or loop.orelse is not None or loop.asynchronous is not None:
            return None
        parts = self._parts(loop, alias, reuse_allowed=scope is not None)
        if parts is None or (scope is None and self.saving):
            return None
        step, cell, inputs, output, state, outputs = parts
        emptied = self._fresh_list(block, index, outputs)
        if emptied is None:
            return None
        inside = {id(n) for n in descendants(statement)}
        for name in (step, output, *((alias,) if alias else ())):
            if any(id(n) not in inside for n in _uses(self.scopes[-1], name)):
                return None
        return self._static_rnn(loop, scope, cell, inputs, state, outputs), emptied

    def _parts(self, loop: cst.For, alias: str | None, reuse_allowed: bool):
        """(step, cell call, its inputs, output, state, outputs list) of a loop in the shape, else None."""
        if not isinstance(loop.target, cst.Name) or not isinstance(loop.body, cst.IndentedBlock):
            return None
        step = loop.target.value
        iterated = loop.iter
        if not (
            isinstance(iterated, cst.Call)
            and isinstance(iterated.func, cst.Name)
            and iterated.func.value == "range"
            and len(iterated.args) == 1
            and iterated.args[0].keyword is None
            and iterated.args[0].star == ""
        ):
            return None
        calls: list[cst.Assign] = []
        appends: list[cst.BaseExpression] = []
        for line in loop.body.body:
            if self._reuse(line, alias):
                if not reuse_allowed:
                    return None
                continue
            if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
                return None
            small = line.body[0]
            if isinstance(small, cst.Assign):
                calls.append(small)
            elif isinstance(small, cst.Expr) and calls:  # an append after the call
                appends.append(small.value)
            else:
                return None
        if len(calls) != 1 or len(appends) != 1:
            return None
        assign = calls[0]
        target = assign.targets[0].target if len(assign.targets) == 1 else None
        if not isinstance(target, (cst.Tuple, cst.List)) or len(target.elements) != 2:
            return None
        output, state = (e.value for e in target.elements)
        call = assign.value
        if not (
            isinstance(output, cst.Name)
            and isinstance(state, cst.Name)
            and output.value != state.value
            and isinstance(call, cst.Call)
            and isinstance(call.func, cst.Name)
            and call.func.value in self.cells
            and len(call.args) == 2
            and all(a.keyword is None and a.star == "" for a in call.args)
            and isinstance(call.args[1].value, cst.Name)
            and call.args[1].value.value == state.value
        ):
            return None
        append = appends[0]
        if not (
            isinstance(append, cst.Call)
            and isinstance(append.func, cst.Attribute)
            and isinstance(append.func.value, cst.Name)
            and append.func.attr.value == "append"
            and len(append.args) == 1
            and isinstance(append.args[0].value, cst.Name)
            and append.args[0].value.value == output.value
        ):
            return None
        outputs = append.func.value.value
        cell = call.func
        inputs = call.args[0].value
        loop_names = {output.value, state.value, outputs, cell.value}
        if any(isinstance(n, cst.Name) and n.value in loop_names for n in descendants(inputs)):
            return None
        if any(isinstance(n, cst.Name) and n.value in {step, *loop_names} for n in descendants(iterated)):
            return None
        if step in (output.value, state.value, outputs, cell.value):
            return None
        return step, cell, inputs, output.value, state.value, outputs

    def _reuse(self, line: cst.CSTNode, alias: str | None) -> bool:
        """``tf.get_variable_scope().reuse_variables()`` (or ``scope.reuse_variables()`` of the block's ``as``),
        alone or as the only statement of an ``if`` without ``else``."""
        if isinstance(line, cst.If):
            body = line.body.body if isinstance(line.body, cst.IndentedBlock) else ()
            return line.orelse is None and len(body) == 1 and self._reuse(body[0], alias)
        owner = reuse_owner(line) if isinstance(line, cst.SimpleStatementLine) else None
        if owner is None:
            return False
        if isinstance(owner, cst.Name):
            return owner.value == alias
        return (
            isinstance(owner, cst.Call)
            and not owner.args
            and self.resolver(owner.func) in ("get_variable_scope", "compat.v1.get_variable_scope")
        )

    def _fresh_list(self, block: list, index: int, outputs: str) -> int | None:
        """The index of ``outputs = []`` earlier in the block, the name not read or bound between it and the loop."""
        for at in range(index - 1, -1, -1):
            statement = block[at]
            if any(isinstance(n, cst.Name) and n.value == outputs for n in descendants(statement)):
                assign = lone_assignment(statement)
                fresh = (
                    assign is not None
                    and isinstance(assign.targets[0].target, cst.Name)
                    and assign.targets[0].target.value == outputs
                    and isinstance(assign.value, cst.List)
                    and not assign.value.elements
                )
                return at if fresh else None
        return None

    def _static_rnn(self, loop: cst.For, scope, cell, inputs, state: str, outputs: str) -> cst.SimpleStatementLine:
        keywords = f"initial_state={state}{', scope=' + scope.value if scope is not None else ''}"
        made = cst.parse_statement(
            f"{outputs}, {state} = {self.tf}.nn.static_rnn(CELL, [INPUT for STEP in RANGE], {keywords})\n"
        )
        assert isinstance(made, cst.SimpleStatementLine)
        assign = made.body[0]
        assert isinstance(assign, cst.Assign) and isinstance(assign.value, cst.Call)
        run = assign.value
        listed = run.args[1].value
        assert isinstance(listed, cst.ListComp)
        target = loop.target
        assert isinstance(target, cst.Name)
        spelled = [n for n in descendants(self.module) if isinstance(n, cst.Name) and n.value == target.value]
        if len(spelled) > len(_uses(loop, target.value)):  # the name means more (a placeholder ``t``): a fresh one
            fresh = numbered({n.value for n in descendants(self.module) if isinstance(n, cst.Name)}, target.value)
            inputs = inputs.visit(_Rename(target.value, fresh))
            target = cst.Name(fresh)
        comprehension = listed.for_in.with_changes(target=target, iter=loop.iter)
        listed = listed.with_changes(elt=inputs, for_in=comprehension)
        args = [run.args[0].with_changes(value=cell), run.args[1].with_changes(value=listed), *run.args[2:]]
        if scope is not None:
            args[3] = args[3].with_changes(value=scope)
        run = run.with_changes(args=args)
        new_assign = assign.with_changes(value=run)
        made = made.with_changes(body=[new_assign], leading_lines=())
        self.forced[id(run.func)] = "nn.static_rnn"
        call_line = next(
            s for s in loop.body.body if isinstance(s, cst.SimpleStatementLine) and isinstance(s.body[0], cst.Assign)
        )
        original_assign = call_line.body[0]
        assert isinstance(original_assign, cst.Assign)
        for new, original in ((made, call_line), (new_assign, original_assign), (run, original_assign.value)):
            self.origins[id(new)] = (new, original)
        for new in descendants(made):  # the rest made here (the list of steps, the names bound): the call's line
            if id(new) not in self.module_ids and id(new) not in self.origins:
                self.origins[id(new)] = (new, call_line)
        self.notes.append(
            (
                self.line_of(loop),
                "an RNN cell called in a Python loop over the time steps: read as the tf.nn.static_rnn it computes "
                "(the same variables, draws and steps)",
            )
        )
        return made


def _uses(scope: cst.CSTNode, name: str) -> list[cst.Name]:
    """The ``Name`` nodes spelling ``name`` in the scope, but for those of nested functions that take it as a
    parameter (their own local)."""
    found: list[cst.Name] = []

    def walk(node: cst.CSTNode) -> None:
        if node is not scope and isinstance(node, cst.FunctionDef):
            params = node.params
            every = [*params.posonly_params, *params.params, *params.kwonly_params]
            every += [p for p in (params.star_arg, params.star_kwarg) if isinstance(p, cst.Param)]
            if any(p.name.value == name for p in every):
                return
        if isinstance(node, cst.Name) and node.value == name:
            found.append(node)
        for child in node.children:
            walk(child)

    walk(scope)
    return found


class _Rename(cst.CSTTransformer):
    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        return updated_node.with_changes(value=self.new) if original_node.value == self.old else updated_node
