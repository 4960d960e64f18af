"""An RNN cell called by hand (in a Python loop over the time steps, or once), read as the ``tf.nn.static_rnn`` it is:

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

Two more shapes are the same run: a loop that keeps no list, only its last step's output (``output`` read after
the loop is ``static_rnn``'s last output: ``output = output_steps[-1]``), and one call of the cell,
``output, state1 = cell(x, state0)`` (thegreedychoice's basic_lstm.py, a GRU step on two variables), which is the
one-step ``static_rnn`` (``output = output_steps[0]``): TF1 built the cell's variables at that call as the run does.

Only these shapes fold: a ``with tf.variable_scope("<literal>")`` holding nothing but the loop or the call (the reuse
it sets ends with the block), or a loop or call at module level outside any scope that sets no reuse (the root
scope's reuse would reach everything built after it) in a program without a Saver (static_rnn would name the
variables ``rnn/...``); the loop over ``range(n)`` holds the cell call on ``(input, state)``, at most the append of
its output to a list bound to ``[]`` just for it, and reuse calls; the loop variable (and the step's output, where
a list keeps them) is read nowhere else in its scope (the folded program does not bind it). A step's output whose
static shape or name is read (``print(output.shape)``) is not folded (what TF1 printed for it is not modelled).
Anything else stays as written, and the proof names the line it refuses (analysis.py: an RNN cell called by hand).
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.cstfields import code as module_code
from tfmigrate.transforms._checkpoint import SAVER
from tfmigrate.transforms._tf1 import tf_binding
from tfmigrate.transforms.session import host_builtins
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.fresh_names import numbered
from tfmigrate.transforms.session.inert_reuse import reuse_owner
from tfmigrate.transforms.session.renames import lone_assignment
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

SAVERS = (SAVER, f"compat.v1.{SAVER}")
RANGE = frozenset({"range"})
CELLS = ("nn.rnn_cell.", "contrib.rnn.", "compat.v1.nn.rnn_cell.")


def fold(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each hand-unrolled RNN loop read as its static_rnn, and a note for each; None if none."""
    if "rnn" not in module_code(module):  # no TF1 cell (tf.nn.rnn_cell, tf.contrib.rnn) is built
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
        self.made_names: set[str] = set()  # names this pass bound (the list of a run's step outputs)
        self.scopes: list[cst.CSTNode] = [module]  # the function (or module) whose names a loop's are

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.scopes.append(node)

    def leave_FunctionDef(self, original_node, updated_node):
        self.scopes.pop()
        return updated_node

    def leave_IndentedBlock(self, original_node, updated_node):
        body = self._block(list(original_node.body), list(updated_node.body), top=False)
        return updated_node if body is None else updated_node.with_changes(body=body)

    def leave_Module(self, original_node, updated_node):
        body = self._block(list(original_node.body), list(updated_node.body), top=True)
        return updated_node if body is None else updated_node.with_changes(body=body)

    def _block(self, originals: list, body: list, top: bool) -> list | None:
        dropped: set[int] = set()  # the ``outputs = []`` of each folded loop (static_rnn binds the list)
        made: dict[int, list] = {}  # index -> the statements that replace it
        for index, statement in enumerate(originals):
            if index >= len(body) or body[index] is not statement:
                continue  # rebuilt below (a nested block changed): left as it is
            found = self._loop(originals, index, top)
            if found is None:
                continue
            made[index], emptied = found
            if emptied is not None:
                dropped.add(emptied)
        if not made:
            return None
        return [s for index, old in enumerate(body) if index not in dropped for s in made.get(index, [old])]

    def _loop(self, block: list, index: int, top: bool) -> tuple[list, int | None] | None:
        """The statements a loop in the shape (or one call of the cell) folds into, and the index of the list it
        emptied; None where the statement is not in the shape."""
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
        elif not top:
            return None  # a lone call or loop outside a scope: at module level only (no scope around it reuses)
        if scope is None and self.saving:
            return None
        if isinstance(loop, cst.SimpleStatementLine):
            return self._single(statement, loop, scope, alias)
        if not isinstance(loop, cst.For) or loop.orelse is not None or loop.asynchronous is not None:
            return None
        parts = self._parts(loop, alias, reuse_allowed=scope is not None)
        if parts is None:
            return None
        step, cell, inputs, output, state, outputs = parts
        emptied = None
        if outputs is not None:
            emptied = self._fresh_list(block, index, outputs)
            if emptied is None:
                return None
        inside = {id(n) for n in descendants(statement)}
        for name in (step, *((output,) if outputs is not None else ()), *((alias,) if alias else ())):
            if any(id(n) not in inside for n in _uses(self.scopes[-1], name)):
                return None
        if outputs is not None:
            return [self._static_rnn(loop, scope, cell, inputs, state, outputs)], emptied
        if _static_read(self.module, (output,)):
            return None  # its static shape or name: what TF1 printed for the step's tensor is not modelled
        steps = self._fresh(f"{output}_steps")
        run = self._static_rnn(loop, scope, cell, inputs, state, steps)
        return [run, self._last(output, steps, "-1", run)], None

    def _single(self, statement, line: cst.SimpleStatementLine, scope, alias: str | None):
        """``output, state = cell(x, state0)`` called once (alone in its ``with tf.variable_scope``, or at module
        level): the one-step static_rnn ``[output], state = static_rnn(cell, [x], initial_state=state0)``."""
        found = self._call(line)
        if found is None:
            return None
        assign, output, state, cell, inputs, initial = found
        inside = {id(n) for n in descendants(statement)}
        if alias and any(id(n) not in inside for n in _uses(self.scopes[-1], alias)):
            return None
        if any(isinstance(n, cst.Name) and n.value in (output, state) for n in descendants(initial)):
            return None
        if _static_read(self.module, (output, state)):
            return None  # its static shape or name: what TF1 printed for the step's tensor is not modelled
        steps = self._fresh(f"{output}_steps")
        made, new_assign, run = self._run(steps, state, "[INPUT]", "STATE", scope)
        listed = run.args[1].value
        assert isinstance(listed, cst.List)
        args = [
            run.args[0].with_changes(value=cell),
            run.args[1].with_changes(
                value=listed.with_changes(elements=[listed.elements[0].with_changes(value=inputs)])
            ),
            run.args[2].with_changes(value=initial),
            *run.args[3:],
        ]
        run = run.with_changes(args=args)
        new_assign = new_assign.with_changes(value=run)
        made = made.with_changes(body=[new_assign], leading_lines=statement.leading_lines)
        self._trace(made, new_assign, run, line, assign)
        self.notes.append(
            (
                self.line_of(line),
                "an RNN cell called once on (input, state): read as the one-step tf.nn.static_rnn it computes "
                "(the same variables and draws)",
            )
        )
        return [made, self._last(output, steps, "0", made)], None

    def _run(self, outputs: str, state: str, steps: str, initial: str, scope):
        """``outputs, state = tf.nn.static_rnn(CELL, steps, initial_state=initial[, scope=...])``, its assignment and
        call (placeholders in capitals for the parts filled in)."""
        keywords = f"initial_state={initial}{', scope=' + scope.value if scope is not None else ''}"
        made = cst.parse_statement(f"{outputs}, {state} = {self.tf}.nn.static_rnn(CELL, {steps}, {keywords})\n")
        assert isinstance(made, cst.SimpleStatementLine)
        assign = made.body[0]
        assert isinstance(assign, cst.Assign) and isinstance(assign.value, cst.Call)
        return made, assign, assign.value

    def _call(self, line: cst.CSTNode):
        """(assign, output, state, cell, input, state given) of ``output, state = cell(input, state0)``."""
        assign = lone_assignment(line)
        if assign is None:
            return None
        target = assign.targets[0].target
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
        ):
            return None
        return assign, output.value, state.value, call.func, call.args[0].value, call.args[1].value

    def _fresh(self, wanted: str) -> str:
        taken = {n.value for n in descendants(self.module) if isinstance(n, cst.Name)} | self.made_names
        name = numbered(taken, wanted)
        self.made_names.add(name)
        return name

    def _last(self, output: str, steps: str, index: str, origin: cst.SimpleStatementLine) -> cst.SimpleStatementLine:
        """``output = steps[index]``: the step's output the program read, on the run's line."""
        made = cst.parse_statement(f"{output} = {steps}[{index}]\n")
        assert isinstance(made, cst.SimpleStatementLine)
        for new in (made, *descendants(made)):
            self.origins[id(new)] = (new, self.origin(origin))
        return made

    def _trace(self, made, new_assign, run, line, assign) -> None:
        self.forced[id(run.func)] = "nn.static_rnn"
        for new, original in ((made, line), (new_assign, assign), (run, assign.value)):
            self.origins[id(new)] = (new, original)
        for new in descendants(made):  # the rest made here (the list of steps, the names bound): the call's line
            if id(new) not in self.module_ids and id(new) not in self.origins:
                self.origins[id(new)] = (new, line)

    def _parts(self, loop: cst.For, alias: str | None, reuse_allowed: bool):
        """(step, cell call, its inputs, output, state, outputs list) of a loop in the shape, else None."""
        if not isinstance(loop.target, cst.Name) or not isinstance(loop.body, cst.IndentedBlock):
            return None
        step = loop.target.value
        iterated = loop.iter
        if not (
            isinstance(iterated, cst.Call)
            and host_builtins.builtin_of(self.module, iterated.func, RANGE)
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
        if len(calls) != 1 or len(appends) > 1:
            return None
        line = next(s for s in loop.body.body if isinstance(s, cst.SimpleStatementLine) and s.body[0] is calls[0])
        found = self._call(line)
        if found is None:
            return None
        _, output, state, cell, inputs, given = found
        if not (isinstance(given, cst.Name) and given.value == state):
            return None
        outputs = None
        if appends:
            append = appends[0]
            if not (
                isinstance(append, cst.Call)
                and isinstance(append.func, cst.Attribute)
                and isinstance(append.func.value, cst.Name)
                and append.func.attr.value == "append"
                and len(append.args) == 1
                and isinstance(append.args[0].value, cst.Name)
                and append.args[0].value.value == output
            ):
                return None
            outputs = append.func.value.value
        loop_names = {output, state, cell.value, *((outputs,) if outputs else ())}
        if any(isinstance(n, cst.Name) and n.value in loop_names for n in descendants(inputs)):
            return None
        if any(isinstance(n, cst.Name) and n.value in {step, *loop_names} for n in descendants(iterated)):
            return None
        if step in loop_names:
            return None
        return step, cell, inputs, output, state, outputs

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
        made, assign, run = self._run(outputs, state, "[INPUT for STEP in RANGE]", state, scope)
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
        call_line = next(
            s for s in loop.body.body if isinstance(s, cst.SimpleStatementLine) and isinstance(s.body[0], cst.Assign)
        )
        original_assign = call_line.body[0]
        assert isinstance(original_assign, cst.Assign)
        self._trace(made, new_assign, run, call_line, original_assign)
        self.notes.append(
            (
                self.line_of(loop),
                "an RNN cell called in a Python loop over the time steps: read as the tf.nn.static_rnn it computes "
                "(the same variables, draws and steps)",
            )
        )
        return made


STATIC = frozenset({"shape", "get_shape", "dtype", "name", "op", "graph"})


def _static_read(module: cst.Module, names: tuple[str, ...]) -> bool:
    """``output.shape``, ``state.get_shape()``: a static fact of one of the names, read somewhere."""
    return any(
        isinstance(n, cst.Attribute)
        and n.attr.value in STATIC
        and isinstance(n.value, cst.Name)
        and n.value.value in names
        for n in descendants(module)
    )


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
