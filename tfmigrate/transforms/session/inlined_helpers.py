"""Graph-building helpers whose every call site runs once, read as their body standing at each call site: the book
and course scaffold ``def inputs(): X = tf.placeholder(...); ...; return X, Y`` / ``def train(loss): return
tf.train.GradientDescentOptimizer(0.01).minimize(loss)`` called once inside the Session block, and the MNIST-CNN
tutorial's ``conv_layer(input, shape)`` / ``full_layer(input, size)`` calling a ``weight_variable(shape)`` factory,
each call a module-level statement.

TF1 runs a helper's body once per call, while the graph is built: its ops, placeholders, variables and ``minimize``
are created there, in the body's order, as if the body stood where it is called. When every call site is a statement
that runs once (at module level, or in ``with`` blocks there: not in a loop, a branch or another function), the
program with each call replaced by the body is the same TF1 program: the same graph, built in the same order (so the
same op seeds and variable names). helpers.py refuses such bodies (a placeholder or a ``minimize`` made on every call
would become a function inside the helper); the proof reads the inlined program instead, and the eager program is
that program, its placeholders, variables and train step module-level definitions under the names the calls bind.

The body is copied with its parameters bound to the call's arguments (a name passed for a parameter the body never
rebinds is read as that name; anything else is evaluated once, before the body, into a name of its own) and its
locals renamed where the module uses the name elsewhere (``conv1_W``, ``conv2_W``), so no binding of the program is
read or overwritten by another; the returned values are bound to the call's targets. A helper called any other way
(in a loop, as a value, from a function, with ``*args``), or whose body returns early, declares globals or defines
functions, is left to helpers.py, whose report line stands.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import cast

import libcst as cst

from tfmigrate.transforms._checkpoint import SESSIONS
from tfmigrate.transforms.session import (
    early_returns,
    inert_reuse,
    inlined_literals,
    inlined_rebinds,
    keyed_dicts,
    layer_scopes,
    literals,
    numbered_scopes,
    release_fallbacks,
    reuse_splits,
    shared_initializers,
    unread_calls,
    variable_sharing,
)
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants
from tfmigrate.transforms.session.dead_code import _tf_roots
from tfmigrate.transforms.session.fresh_names import numbered
from tfmigrate.transforms.session.functions import local_names, references
from tfmigrate.transforms.session.loops import Origins, unroll
from tfmigrate.transforms.session.runners import BUILDS_GIVEN

SCOPED = "`with tf.variable_scope` in a helper"  # helpers.py's refusal of a helper's variable scope
UNPROVEN_OP = "has no proven eager equivalent in a helper"  # helpers.py's refusal of an op in a helper
REUSED = ".reuse_variables()` runs for its side effect"  # helpers.py's refusal of a scope's reuse call
ROUNDS = 12  # helpers inlined one after another (each proof names the next helper that blocks)
# Names whose meaning depends on the scope they are read in: a body reading them is not the same at module level.
SCOPE_READERS = frozenset({"locals", "vars", "globals", "eval", "exec", "super", "__class__"})
UNINLINED = (
    cst.Return,
    cst.Yield,
    cst.Await,
    cst.Global,
    cst.Nonlocal,
    cst.FunctionDef,
    cst.ClassDef,
    cst.Lambda,
    cst.Try,
    cst.TryStar,
    cst.Del,
    cst.Import,
    cst.ImportFrom,
)
# What may stand around a call read at its statement: the call runs exactly once when the statement does.
ALONG = (
    cst.Call,
    cst.Arg,
    cst.BinaryOperation,
    cst.UnaryOperation,
    cst.Attribute,
    cst.Subscript,
    cst.SubscriptElement,
    cst.Index,
    cst.Tuple,
    cst.List,
    cst.Element,
)
Renames = dict[str, "str | cst.BaseExpression"]  # a local's new name, or the literal a parameter was passed
Prove = Callable[[cst.Module, Resolve, LineOf], object]
QUOTED = re.compile(r"`([A-Za-z_]\w*)`")  # a name a refusal quotes


def prove_inlined(
    module: cst.Module, resolve: Resolve, line_of: LineOf, blocked: Blocked, prove: Prove, holder: str | None = None
) -> tuple[cst.Module, Resolve, LineOf, object, list[tuple[int, str]]]:
    """``prove`` run on the module with the helper ``blocked`` falls in read at its call sites, then the next helper
    the proof stops in, and so on; returns the inlined module, its resolve/line_of and what ``prove`` returned.
    Raises what stands behind the helpers (the program's own code, or a helper that could not be inlined, with its
    own refusal); ``blocked``, the line the helper model refused first, where no helper could be inlined; where the
    proof stops inside an inlined body, the refusal that had that helper inlined (``train(loss)`` inlined and gone
    through, ``evaluate(sess, X, Y)`` inlined and stopping: the evaluate call's line).
    ``holder``: the function holding the Session program (``def main(): ...``), whose body runs once as well."""
    last = blocked
    inlined: list[tuple[range, Blocked]] = []  # each inlined helper's lines, and the refusal that inlined it
    notes: list[tuple[int, str]] = []
    spelled: dict[str, str] = {}  # the inlined locals' names at the call sites -> their names in the helpers
    for _ in range(ROUNDS):
        expanded = inline(module, resolve, line_of, last.line, holder)
        if expanded is None:
            break
        module, resolve, line_of, lines, said, names = expanded
        inlined.append((lines, last))
        spelled.update(names)
        notes += said
        module, resolve, line_of = unroll(module, resolve, line_of)  # a body's layer loop (scoped_loops.py)
        flagged = layer_scopes.reuse_flags(module, resolve, line_of)
        if flagged is not None:  # ``if reuse: scope.reuse_variables()`` read at the calls: the scope's reuse flag
            module, resolve, line_of, said = flagged
            notes += said
        splits = reuse_splits.split(module, resolve, line_of, holder)
        if splits is not None:  # ``tf.get_variable_scope().reuse_variables()``: the rest of its block reusing
            module, resolve, line_of, said = splits
            notes += said
        for where in (None, holder) if holder is not None else (None,):
            shared = variable_sharing.share(module, resolve, line_of, where)
            if shared is not None:  # the bodies read at a reusing scope's calls share the first call's variables
                module, resolve, line_of, reused = shared
                notes += reused
        dropped = inert_reuse.drop(module, resolve, line_of)
        if dropped is not None:  # ``reuse=False`` passed to the first call; reuse of tf.Variables, which ignore it
            module, resolve, line_of, said = dropped
            notes += said
        renamed = numbered_scopes.number(module, resolve, line_of, holder)
        if renamed is not None:  # a discriminator's tf.Variables built again: the name scope TF1 numbered
            module, resolve, line_of, said = renamed
            notes += said
        initialized = shared_initializers.inline(module, resolve, line_of)
        if initialized is not None:  # ``w_init`` given to each get_variable of the bodies: its constructor there
            module, resolve, line_of, said = initialized
            notes += said
        slotted = keyed_dicts.slots(module, resolve, line_of)
        if slotted is not None:  # ``all_weights['enc'] = {...}`` in a body, its result bound at the call: named slots
            module, resolve, line_of, said = slotted
            notes += said
        try:
            return module, resolve, line_of, prove(module, resolve, line_of), notes
        except Blocked as again:
            last = again
        try:  # ``weights`` bound in each of a body's scopes: its later bindings renamed (inlined_rebinds.py)
            module, resolve, line_of, result, said = inlined_rebinds.proved(module, resolve, line_of, last, prove)
            return module, resolve, line_of, result, notes + said
        except Blocked as again:
            last = again
    if inlined and _registers_summaries(blocked) and "summary" in last.construct:
        raise last from None  # the helper model refuses every summary: why its summaries, read at the calls, stop
    if not inlined:  # a helper returning from a branch is not read at its calls: the follow-up says so
        returned = early_returns.named(module, line_of, blocked)
        raise (unread_calls.named(module, line_of, blocked) if returned is blocked else returned) from None
    holding = [refused for lines, refused in inlined if last.line in lines]
    if holding:  # the proof stops in an inlined body: the line of the helper holding the stop stands,
        # (the first refusal again where its callers were read at their calls first: ``linear`` in ``generator``)
        first = (holding[0].construct, holding[0].line) == (blocked.construct, blocked.line)
        if not first and SCOPED not in holding[0].construct and REUSED not in holding[0].construct:
            raise holding[0] from None  # a helper inlined after the first: the first went through (``train(loss)``)
        blocked = holding[0]  # a later helper's variable scope: what stopped it read at its calls says why, below
        kept = reuse_splits.why_kept(module, resolve, line_of, holder) if REUSED in blocked.construct else None
        if kept is not None:  # the reuse call left as written: what its block's rest builds is why
            raise Blocked(f"{blocked.construct}: read at its calls, {kept}", blocked.line)
        if (UNPROVEN_OP in blocked.construct or REUSED in blocked.construct) and last.line != blocked.line:
            # ``tf.layers.dense`` in ``net`` (or its ``reuse_variables()``, reuse_splits.py): read at its calls it
            # goes through, and another line of the helper stops the proof: that line is why
            owner = blocked.construct.split(": ", 1)[0]
            construct = QUOTED.sub(lambda name: f"`{spelled.get(name[1], name[1])}`", last.construct)
            raise Blocked(f"{owner}, read at its calls: {construct}", last.line)
        given = BUILDS_GIVEN in blocked.construct  # a helper given the Session: read at its call, what stops it
        if last is blocked or not given and SCOPED not in blocked.construct:
            raise blocked from None
        # a helper's variable scope: what stopped it read at the calls says why, in the helper's own names
        where = "" if last.line == blocked.line else f" on line {last.line}"
        construct = QUOTED.sub(lambda name: f"`{spelled.get(name[1], name[1])}`", last.construct)
        raise Blocked(f"{blocked.construct}; read at its calls, it stops{where} at: {construct}", blocked.line)
    raise last from None


def _registers_summaries(blocked: Blocked) -> bool:
    """The helper model's refusal of a ``tf.summary`` op in a helper (``variable_summaries(var)``): such a helper is
    only ever proved read at its calls (summaries.py)."""
    return "runs for its side effect" in blocked.construct and "tf.summary." in blocked.construct


def inline(
    module: cst.Module, resolve: Resolve, line_of: LineOf, line: int, holder: str | None = None
) -> tuple[cst.Module, Resolve, LineOf, range, list[tuple[int, str]], dict[str, str]] | None:
    """The module with the module-level helper whose body holds (or whose call stands on) ``line`` read at each of
    its call sites, the helper's lines and a change line per call site; or None."""
    helpers = {s.name.value: s for s in module.body if isinstance(s, cst.FunctionDef) and s.name.value != holder}
    held = [h for h in helpers.values() if _holds(h, line_of, line)]
    if not held:  # the line calls a helper: ``evaluate(sess, X, Y)`` passing it graph values
        held = [
            helpers[n.func.value]
            for s in module.body
            if not isinstance(s, cst.FunctionDef) or s.name.value == holder
            for n in descendants(s)
            if isinstance(n, cst.Call)
            and isinstance(n.func, cst.Name)
            and n.func.value in helpers
            and line_of(n) == line
        ][:1]
    if not held:
        return None
    return _inline_helper(module, resolve, line_of, held[0], helpers, holder, set())


def _inline_helper(
    module: cst.Module,
    resolve: Resolve,
    line_of: LineOf,
    helper: cst.FunctionDef,
    helpers: dict[str, cst.FunctionDef],
    holder: str | None,
    seen: set[str],
    tries: bool = False,
) -> tuple[cst.Module, Resolve, LineOf, range, list[tuple[int, str]], dict[str, str]] | None:
    """``helper`` read at its call sites; where it is called from other helpers (the book's ``layer`` called by
    ``inference`` once per ``tf.variable_scope``), the first of those that can be read at its own call sites is
    inlined instead: the next round then finds ``helper``'s calls where that body now stands."""
    seen.add(helper.name.value)
    expanded = None
    if _inlinable(_read_body(module, helper, Origins()), _modules(module), tries):
        inliner = _Inliner(module, resolve, line_of, helper, holder)
        inliner.loops = tries
        expanded = inliner.run()
    if expanded is None:
        for caller in helpers.values():
            if caller.name.value in seen or not _calls(caller, helper.name.value):
                continue
            outer = _inline_helper(module, resolve, line_of, caller, helpers, holder, seen, tries)
            if outer is not None:
                return outer
        return None
    name = helper.name.value
    notes = [(line, f"function `{name}` read where it is called (each call runs once)") for line in inliner.lines]
    return (*expanded, range(line_of(helper), _last_line(helper, line_of) + 1), notes, inliner.spelled)


def inline_function(
    module: cst.Module, resolve: Resolve, line_of: LineOf, function: cst.FunctionDef, printed: bool = False
) -> tuple[cst.Module, Resolve, LineOf, list[int]] | None:
    """``function`` read at its one call, a module-level statement (session_helpers.py: the function that opens
    the Session); with the lines of the call, or None where it has another shape or call. ``printed``: the call
    may be inside an expression statement (``print(train(sess, model, X))``), its result bound first."""
    if not _inlinable(_read_body(module, function, Origins()), _modules(module)):
        return None
    inliner = _Inliner(module, resolve, line_of, function, None)
    inliner.printed = printed
    expanded = inliner.run()
    if expanded is None or inliner.sites != 1:
        return None
    return (*expanded, inliner.lines)


def _calls(function: cst.FunctionDef, name: str) -> bool:
    return any(isinstance(n, cst.Call) and _named(n, name) for n in descendants(function.body))


def _read_body(module: cst.Module, helper: cst.FunctionDef, origin: Origins) -> cst.FunctionDef:
    """The body read at each call: its release fallbacks as the path TF 2.21 runs (release_fallbacks.py), its final
    ``return`` inside ``with`` blocks as a result bound there."""
    return _returned_after_with(release_fallbacks.read(helper, _tf_roots(module), origin), origin)


def _returned_after_with(helper: cst.FunctionDef, origin: Origins) -> cst.FunctionDef:
    """``def discriminator(x, reuse=False): with tf.variable_scope("d", reuse=reuse): ...; return out`` read as the
    ``with`` binding ``discriminator_result = out`` and ``return discriminator_result`` after it: the value is built
    where it was (inside the scopes), and leaving the ``with`` by ``return`` or at its end runs the same exit."""
    body = _statements(helper)
    if not body or not isinstance(body[-1], cst.With):
        return helper
    result = f"{helper.name.value}_result"
    if any(isinstance(n, cst.Name) and n.value == result for n in descendants(helper)):
        return helper
    made = _bind_final_return(body[-1], result, origin)
    if made is None:
        return helper
    back = cst.SimpleStatementLine([cst.Return(cst.Name(result))])
    origin.add(back, _final(body[-1]))
    block = helper.body.with_changes(body=[*helper.body.body[: len(helper.body.body) - 1], made, back])
    origin.add(block, helper.body)
    new = helper.with_changes(body=block)
    origin.add(new, helper)
    return new


def _final(statement: cst.BaseStatement) -> cst.BaseStatement:
    while isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock) and statement.body.body:
        statement = statement.body.body[-1]
    return statement


def _bind_final_return(statement: cst.With, result: str, origin: Origins) -> cst.With | None:
    """The ``with`` (nested ones too) whose final ``return value`` binds ``result = value`` instead; None where
    that is not its only ``return``."""
    if not isinstance(statement.body, cst.IndentedBlock) or not statement.body.body:
        return None
    last = statement.body.body[-1]
    returns = [n for n in descendants(statement) if isinstance(n, cst.Return)]
    if isinstance(last, cst.With):
        inner = _bind_final_return(last, result, origin)
        if inner is None:
            return None
        made: cst.BaseStatement = inner
    else:
        value = _returned(last)
        if value is None or len(returns) != 1:
            return None
        small = cst.Assign([cst.AssignTarget(cst.Name(result))], value)
        made = cst.SimpleStatementLine([small])
        origin.add(small, last.body[0])  # type: ignore[attr-defined]
        origin.add(made, last)
    block = statement.body.with_changes(body=[*statement.body.body[:-1], made])
    origin.add(block, statement.body)
    new = statement.with_changes(body=block)
    origin.add(new, statement)
    return new


def _holds(helper: cst.FunctionDef, line_of: LineOf, line: int) -> bool:
    return line_of(helper) <= line <= _last_line(helper, line_of)


def _last_line(helper: cst.FunctionDef, line_of: LineOf) -> int:
    lines = [line_of(n) for n in descendants(helper.body) if isinstance(n, cst.SimpleStatementLine)]
    return max([n for n in lines if n], default=0)


def _inlinable(helper: cst.FunctionDef, modules: frozenset[str] = frozenset(), tries: bool = False) -> bool:
    """One body run straight through (to one final ``return value``, or with no ``return``), plain parameters, their
    defaults literals (or tuples of them, ``strides=(1, 1, 1, 1)``: immutable, the same value at every call) or a
    module's attributes (``act=tf.nn.relu``: the same function read at the call). With
    ``tries``, a ``try`` too (no ``return`` in it): its handlers catch at the call site what they caught in the
    body."""
    params = helper.params
    if helper.decorators or helper.asynchronous is not None or not isinstance(helper.body, cst.IndentedBlock):
        return False
    if params.posonly_params or params.kwonly_params or params.star_kwarg is not None:
        return False
    if not isinstance(params.star_arg, cst.MaybeSentinel):
        return False
    for param in params.params:
        default = param.default
        if default is not None and not (
            literals.written(default)
            or (isinstance(default, cst.Tuple) and all(literals.written(e.value) for e in default.elements))
            or _module_path(default, modules)
            or _indexed_constant(helper, param.name.value, default)
        ):
            return False  # evaluated when the ``def`` ran, not at the call
    body = _statements(helper)
    if not body:
        return False
    if _returned(body[-1]) is None:
        body = [*body, cst.SimpleStatementLine([cst.Pass()])]  # no ``return``: the call is a statement of its own
    for node in descendants(cst.IndentedBlock(body=body[:-1])):
        if isinstance(node, UNINLINED) and not (tries and isinstance(node, cst.Try)):
            return False
    for node in descendants(body[-1]):
        if isinstance(node, (cst.Yield, cst.Await, cst.Lambda, cst.NamedExpr)):
            return False
    return not any(_scope_reader(statement) for statement in body)


def _scope_reader(statement: cst.BaseStatement) -> bool:
    """``locals()``, ``eval(...)``...: a builtin that reads the function's scope (``tensor.eval()`` is an attribute,
    which reads none)."""
    attributes = {id(n.attr) for n in descendants(statement) if isinstance(n, cst.Attribute)}
    return any(
        isinstance(n, cst.Name) and n.value in SCOPE_READERS and id(n) not in attributes for n in descendants(statement)
    )


def _statements(helper: cst.FunctionDef) -> list[cst.BaseStatement]:
    """The body without a leading docstring."""
    body = list(helper.body.body) if isinstance(helper.body, cst.IndentedBlock) else []
    if body and isinstance(body[0], cst.SimpleStatementLine) and len(body[0].body) == 1:
        first = body[0].body[0]
        if isinstance(first, cst.Expr) and isinstance(first.value, (cst.SimpleString, cst.ConcatenatedString)):
            body = body[1:]
    return body


def _returned(statement: cst.BaseStatement) -> cst.BaseExpression | None:
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
        small = statement.body[0]
        if isinstance(small, cst.Return) and small.value is not None:
            return small.value
    return None


def _modules(module: cst.Module) -> frozenset[str]:
    """The names the module's top-level imports bind (``tf``, ``np``)."""
    return frozenset(
        alias.evaluated_alias or alias.evaluated_name.split(".")[0]
        for statement in module.body
        if isinstance(statement, cst.SimpleStatementLine)
        for small in statement.body
        if isinstance(small, cst.Import)
        for alias in small.names
    )


def _module_path(node: cst.BaseExpression, modules: frozenset[str]) -> bool:
    """``tf.nn.relu``: an attribute of an imported module, the same object wherever it is read."""
    if not isinstance(node, cst.Attribute):
        return False
    root: cst.BaseExpression = node
    while isinstance(root, cst.Attribute):
        root = root.value
    return isinstance(root, cst.Name) and root.value in modules


def _indexed_constant(helper: cst.FunctionDef, name: str, default: cst.BaseExpression) -> bool:
    """``def generator(Z, hsize=[16, 16], reuse=False)``: a list or tuple of literals the body only indexes
    (``hsize[0]``). The ``def`` made one list, shared by every call; one written at each call holds the same values,
    and nothing can tell them apart where nothing but an index reads it."""
    if not (isinstance(default, (cst.List, cst.Tuple)) and default.elements):
        return False
    if not all(isinstance(e, cst.Element) and literals.written(e.value) for e in default.elements):
        return False
    indexed = {id(n.value) for n in descendants(helper.body) if isinstance(n, cst.Subscript)}
    return all(id(n) in indexed for n in descendants(helper.body) if isinstance(n, cst.Name) and n.value == name)


def _renamed_whole(comprehension: cst.CSTNode, bound: set[str], rename: Renames) -> bool:
    """A comprehension binding names the body renames (``[[0.0] for _ in range(n)]`` in a helper that also binds
    ``_, value = reader.read(queue)``): every one of its names is renamed the same way, so each bound name must
    become a name (not an expression) that the comprehension does not already read for something else."""
    read = {n.value for n in descendants(comprehension) if isinstance(n, cst.Name)} - bound
    for name in bound & set(rename):
        new = rename[name]
        if new != name and (not isinstance(new, str) or new in read or new in bound):
            return False
    return True


class _Inliner:
    """Every call site of one helper, each replaced by the helper's body."""

    def __init__(
        self, module: cst.Module, resolve: Resolve, line_of: LineOf, helper: cst.FunctionDef, holder: str | None
    ) -> None:
        self.module = module
        self.holder = holder
        self.resolve = resolve
        self.line_of = line_of
        self.definition = helper  # the module's own statement
        self.origin = Origins()
        self.helper = _read_body(module, helper, self.origin)  # the body read at each call
        self.taken = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
        self.original = {id(n) for n in descendants(module)}
        self.kept: set[str] = set()  # locals an earlier call site kept under their own name
        self.spelled: dict[str, str] = {}  # a local's name at a call site -> its name in the helper
        self.sites = 0
        self.lines: list[int] = []
        # Call sites in a loop's body too: the body read there runs as often as the call did (dataset_helpers).
        self.loops = False
        self.printed = False  # a call inside an expression statement too (inline_function's ``printed``)

    def run(self) -> tuple[cst.Module, Resolve, LineOf] | None:
        name = self.helper.name.value
        uses: list[cst.Name] = []
        calls: dict[int, cst.Call] = {}
        for statement in self.module.body:
            if statement is self.definition:
                continue
            if (
                isinstance(statement, cst.FunctionDef)
                and statement.name.value != self.holder
                and name in local_names(statement)
            ):
                continue  # ``def training(loss, rate)``: its own ``loss``
            uses += references(statement, name)
            for node in descendants(statement):
                if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == name:
                    calls[id(node.func)] = node
        if not uses or any(id(use) not in calls for use in uses):
            return None  # used other than as a call (passed, rebound)
        self.sites = len(calls)
        self.lines = sorted({self.line_of(c) for c in calls.values()} - {0})
        body = self._block([s for s in self.module.body if s is not self.definition], set(calls), top=True)
        if body is None:
            return None
        origin = self.origin
        resolve, line_of = self.resolve, self.line_of

        def resolve_new(node: cst.CSTNode) -> str | None:
            return resolve(origin.of(node))

        def line_of_new(node: cst.CSTNode) -> int:
            return line_of(origin.of(node))

        return self.module.with_changes(body=body), resolve_new, line_of_new

    def _block(self, statements, calls: set[int], top: bool) -> list | None:
        """The statements with each call site inlined; None when a call is somewhere it may run other than once."""
        out: list = []
        for statement in statements:
            found = [n for n in descendants(statement) if isinstance(n, cst.Call) and id(n.func) in calls]
            if not found:
                out.append(statement)
                continue
            compound: cst.BaseCompoundStatement | None = None
            if (
                top
                and isinstance(statement, cst.FunctionDef)
                and statement.name.value == self.holder
                and isinstance(statement.body, cst.IndentedBlock)
            ):
                if self._shadowed(statement):
                    return None
                compound = statement
            elif isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock):
                if any(
                    isinstance(n, cst.Call) and id(n.func) in calls
                    for item in statement.items
                    for n in descendants(item)
                ):
                    return None
                compound = statement
            elif self.loops and isinstance(statement, (cst.For, cst.While)) and statement.orelse is None:
                header = statement.iter if isinstance(statement, cst.For) else statement.test
                if isinstance(statement.body, cst.IndentedBlock) and not any(
                    isinstance(n, cst.Call) and id(n.func) in calls for n in descendants(header)
                ):
                    compound = statement
            if compound is not None:
                inner = self._block(compound.body.body, calls, top=False)
                if inner is None:
                    return None
                new = compound.with_changes(body=compound.body.with_changes(body=inner))
                self.origin.add(new, compound)
                out.append(new)
                continue
            if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
                return None  # in a loop, a branch, a function
            innermost = [c for c in found if not any(d is not c and d in found for d in descendants(c))]
            if len(innermost) != 1:
                return None  # two calls side by side in one statement
            site = self._site(statement, innermost[0])
            if site is None:
                return None
            if len(found) > 1:  # ``fc(fc(x, 3, "fc1"), 1, "fc2")``: the inner body first, as TF1 ran it
                name = self.helper.name.value  # the rest's calls are the statement's, rebuilt around the result
                again = {id(n.func) for n in descendants(site[-1]) if isinstance(n, cst.Call) and _named(n, name)}
                rest = self._block(site[-1:], calls | again, top)
                if rest is None:
                    return None
                site = [*site[:-1], *rest]
            out.extend(site)
        return out

    def _shadowed(self, holder: cst.FunctionDef) -> bool:
        """A module-level name the helper reads that the holding function binds: read there, it would be the
        function's local."""
        own = set(local_names(self.helper))
        labels = {id(n.keyword) for n in descendants(self.helper.body) if isinstance(n, cst.Arg)}  # ``scope="d2"``
        labels |= {id(n.attr) for n in descendants(self.helper.body) if isinstance(n, cst.Attribute)}
        names = [n for n in descendants(self.helper.body) if isinstance(n, cst.Name) and id(n) not in labels]
        free = {n.value for n in names} - own
        return bool(free & (set(local_names(holder)) - {self.helper.name.value}))

    def _site(self, statement: cst.SimpleStatementLine, call: cst.Call) -> list | None:
        """The statements standing for ``statement``, which holds ``call`` once."""
        small = statement.body[0]
        if isinstance(small, cst.Expr) and small.value is call:  # ``evaluate(sess, X, Y)``
            return self._body(statement, call, [], self.helper.name.value)
        if isinstance(small, cst.Expr) and self.printed:  # ``print(train_linreg(sess, model, X, y))``
            target: cst.BaseExpression | None = None
        elif not isinstance(small, cst.Assign) or len(small.targets) != 1:
            return None
        elif any(isinstance(n, cst.Call) and n is not call for n in descendants(small.targets[0])):
            return None
        else:
            target = small.targets[0].target
        if target is not None and small.value is call:
            names = _names(target)
            if names is None or (len(names) == 1 and not isinstance(target, cst.Name)):
                return None
            rest = None
            prefix = names[0]
        else:
            if not _only_call_on_its_path(small.value, call):
                return None  # another call in the statement would run before the body in TF1
            outer = _names(target) if target is not None else None
            prefix = outer[0] if outer else self.helper.name.value
            name = self.helper.name.value
            result = self._fresh(f"{prefix}_{name}" if target is not None else f"{name}_result")
            names = [result]
            value = _replace(small.value, call, cst.Name(result), self.origin)
            rest = statement.with_changes(body=[small.with_changes(value=value)])
            self._made(rest, statement)
        inlined = self._body(statement, call, names, prefix)
        if inlined is None:
            return None
        return inlined if rest is None else [*inlined, rest]

    def _body(self, statement: cst.SimpleStatementLine, call: cst.Call, targets: list[str], prefix: str) -> list | None:
        helper = self.helper
        params = [p.name.value for p in helper.params.params]
        given = _arguments(helper.params.params, call)
        if given is None:
            return None
        statements = _statements(helper)
        returned = _returned(statements[-1])
        body = statements[:-1] if returned is not None else statements
        if returned is None and targets:
            return None  # binds the None it returns
        own = set(local_names(helper)) - set(params)
        rebound = _rebound_params(helper, set(params))
        if returned is None or not targets:
            values: list[cst.BaseExpression] | None = []
        else:
            values = _values(returned, len(targets), isinstance(returned, (cst.Tuple, cst.List)))
        if values is None:
            return None
        read = {n.value for n in descendants(cst.IndentedBlock(body=statements)) if isinstance(n, cst.Name)}
        loaded = _loaded(statements)  # ``tf.train.GradientDescentOptimizer`` reads no ``train``
        elsewhere = self._elsewhere() | self.kept
        rename: dict[str, str | cst.BaseExpression] = {}
        bindings: list[tuple[str, cst.BaseExpression]] = []
        for param in params:
            value = inlined_literals.folded(self.module, given[param])  # ``'fc%d' % 0``: the name TF1 formatted
            self.origin.add(value, given[param])
            if param not in read:
                if not _plain(value):
                    bindings.append((self._fresh(f"{prefix}_{param}"), value))
                continue
            if isinstance(value, cst.Name) and param not in rebound:
                rename[param] = value.value
                continue
            if (literals.written(value) or _module_path(value, _modules(self.module))) and param not in rebound:
                rename[param] = value  # an immutable literal or a module's function, read as itself
                continue
            if _indexed_constant(helper, param, value):
                rename[param] = value  # ``[16, 16][0]``: the same at every call (one build's layer arguments)
                continue
            local = rename[param] = self._local(param, prefix, elsewhere)
            bindings.append((local, value))
        direct: dict[str, str] = {}
        if len(values) == len(targets):
            returned_names = [v.value for v in values if isinstance(v, cst.Name)]
            for name, value in zip(targets, values, strict=True):
                if (
                    isinstance(value, cst.Name)
                    and value.value in own
                    and returned_names.count(value.value) == 1
                    and (name == value.value or name not in loaded)
                    and name not in [v for v in rename.values() if isinstance(v, str)]
                ):
                    direct[value.value] = name
        for local in sorted(own):
            rename[local] = direct[local] if local in direct else self._local(local, prefix, elsewhere)
        made = [self._assign(local, self._copy_expression(value, {}), statement) for local, value in bindings]
        copies = [self._copy(s, rename) for s in body]
        if any(c is None for c in copies):
            return None
        copied = inlined_literals.decided(  # ``if relu:`` passed True: the branch TF1 took
            [c for c in copies if c is not None],
            lambda node: self.resolve(self.origin.of(node)) is not None,
            self.origin,
        )
        copied = inlined_literals.folded_names(self.module, copied, self.origin)  # ``'{}_h'.format('en1')``
        if not targets:
            if returned is None or _plain(returned):
                return [*made, *copied]
            kept = cst.SimpleStatementLine([cst.Expr(self._copy_expression(returned, rename))])
            self._made(kept, statement)
            return [*made, *copied, kept]
        if len(values) != len(targets):
            tuple_target = cst.Tuple([cst.Element(cst.Name(t)) for t in targets], lpar=[], rpar=[])
            value = self._copy_expression(values[0], rename)
            assign = cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(tuple_target)], value)])
            self._made(assign, statement)
            return [*made, *copied, assign]
        finals = [
            (name, self._copy_expression(value, rename))
            for name, value in zip(targets, values, strict=True)
            if not (isinstance(value, cst.Name) and direct.get(value.value) == name)
        ]
        if len(finals) > 1 and any(
            isinstance(n, cst.Name) and n.value in targets for _, value in finals for n in descendants(value)
        ):
            return None  # a target is read by a value bound after it
        return [*made, *copied, *(self._assign(name, value, statement) for name, value in finals)]

    def _local(self, local: str, prefix: str, elsewhere: set[str]) -> str:
        """The name a local of the body takes at this call site: its own where the module uses it nowhere else
        (and the helper has this one call site), else one made from the call's first target."""
        if local not in elsewhere and self.sites == 1:
            self.kept.add(local)
            return local
        fresh = self._fresh(f"{prefix}_{local}")
        self.spelled[fresh] = local
        return fresh

    def _elsewhere(self) -> set[str]:
        """Names the module spells outside the helper's definition (the call sites included)."""
        names: set[str] = set()
        for other in self.module.body:
            if other is not self.definition:
                names |= {n.value for n in descendants(other) if isinstance(n, cst.Name)}
        return names

    def _fresh(self, base: str) -> str:
        return numbered(self.taken, base)

    def _copy(self, statement: cst.BaseStatement, rename: Renames) -> cst.BaseStatement | None:
        clone = statement.deep_clone()
        for copy, original in zip(descendants(clone), descendants(statement), strict=True):
            self.origin.add(copy, original)
        for node in descendants(clone):
            if isinstance(node, (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)):
                bound = {n.value for f in descendants(node.for_in) if isinstance(f, cst.CompFor) for n in _targets(f)}
                if not _renamed_whole(node, bound, rename):
                    return None
        result = clone.visit(Rename(rename, self.origin))
        assert isinstance(result, cst.BaseStatement)
        return result

    def _copy_expression(self, value: cst.BaseExpression, rename: Renames) -> cst.BaseExpression:
        clone = value.deep_clone()
        for copy, original in zip(descendants(clone), descendants(value), strict=True):
            self.origin.add(copy, original)
        result = clone.visit(Rename(rename, self.origin))
        assert isinstance(result, cst.BaseExpression)
        return result

    def _assign(self, target: str, value: cst.BaseExpression, site: cst.CSTNode) -> cst.SimpleStatementLine:
        statement = cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(target))], value)])
        self._made(statement, site)
        return statement

    def _made(self, statement: cst.CSTNode, site: cst.CSTNode) -> None:
        """Nodes made here read as the call site's statement (its line in reports); copies keep their originals."""
        for node in descendants(statement):
            if id(node) not in self.original and self.origin.of(node) is node:
                self.origin.add(node, site)


class Rename(cst.CSTTransformer):
    """Renames the names a copied body reads and binds (not attributes' or keywords' names)."""

    def __init__(self, rename: Renames, origin: Origins) -> None:
        self.rename = rename
        self.origin = origin
        self.labels: set[int] = set()
        self.passed: set[int] = set()  # copies of what a parameter was passed: they read as that (``tf.nn.relu``)

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        self.labels.add(id(node.attr))
        return True

    def visit_Arg(self, node: cst.Arg) -> bool:
        if node.keyword is not None:
            self.labels.add(id(node.keyword))
        return True

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        if id(original_node) in self.labels or original_node.value not in self.rename:
            return updated_node
        new = self.rename[original_node.value]
        if isinstance(new, str):
            return updated_node.with_changes(value=new)
        clone = new.deep_clone()
        for copy, original in zip(descendants(clone), descendants(new), strict=True):
            self.origin.add(copy, original)
        self.passed.add(id(clone))
        return clone

    def leave_Subscript(self, original_node: cst.Subscript, updated_node: cst.Subscript) -> cst.BaseExpression:
        """``[16, 16][0]`` (a list default read by index, :func:`_indexed_constant`): the element it reads."""
        listed, index = updated_node.value, updated_node.slice[0].slice if len(updated_node.slice) == 1 else None
        if not (isinstance(listed, (cst.List, cst.Tuple)) and id(listed) in self.passed):
            return updated_node
        if not (isinstance(index, cst.Index) and isinstance(index.value, cst.Integer)):
            return updated_node
        position = int(index.value.value)
        return listed.elements[position].value if position < len(listed.elements) else updated_node

    def leave_BooleanOperation(
        self, original_node: cst.BooleanOperation, updated_node: cst.BooleanOperation
    ) -> cst.BaseExpression:
        """``scope or "Linear"`` with ``scope`` passed a literal: the literal Python picks (``"d_h0_lin"``), so that
        a ``tf.variable_scope`` given it reads as the one literal name it is."""
        left, right = updated_node.left, updated_node.right
        if (
            updated_node is original_node
            or isinstance(left, cst.UnaryOperation)
            or not (literals.written(left) and literals.written(right))
        ):
            return updated_node
        truthy = bool(_literal_value(left))
        if isinstance(updated_node.operator, cst.Or):
            return left if truthy else right
        return right if truthy else left

    def leave_BinaryOperation(
        self, original_node: cst.BinaryOperation, updated_node: cst.BinaryOperation
    ) -> cst.BaseExpression:
        """``"mean/" + name`` with ``name`` passed a literal string: the one string Python makes, so that a summary
        named by it (rvinas' ``variable_summaries(var, name)``) reads as the literal tag it is."""
        left, right = updated_node.left, updated_node.right
        if updated_node is original_node or not isinstance(updated_node.operator, cst.Add):
            return updated_node
        if not (isinstance(left, cst.SimpleString) and isinstance(right, cst.SimpleString)):
            return updated_node
        joined = left.evaluated_value, right.evaluated_value
        if not all(isinstance(part, str) for part in joined):
            return updated_node
        return cst.SimpleString(repr("".join(cast(tuple[str, str], joined))))

    def leave_IfExp(self, original_node: cst.IfExp, updated_node: cst.IfExp) -> cst.BaseExpression:
        """``tf.nn.softmax(out) if not is_training else out`` with ``is_training`` passed a literal: the branch
        Python evaluates, alone (the other was never built; the proof would read both as paths of one value)."""
        test, negated = updated_node.test, False
        while isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
            test, negated = test.expression, not negated
        if updated_node.test is original_node.test or not literals.written(test):
            return updated_node
        return updated_node.body if bool(_literal_value(test)) != negated else updated_node.orelse

    def on_leave(self, original_node, updated_node):
        result = super().on_leave(original_node, updated_node)
        if isinstance(result, cst.CSTNode) and result is not original_node and id(result) not in self.passed:
            self.origin.add(result, original_node)
        return result


def _loaded(statements: list[cst.BaseStatement]) -> set[str]:
    """The names ``statements`` spell as names: not an attribute's (``tf.train``) or a keyword's (``name=``)."""
    block = cst.IndentedBlock(body=statements)
    labels = {id(n.keyword) for n in descendants(block) if isinstance(n, cst.Arg)}
    labels |= {id(n.attr) for n in descendants(block) if isinstance(n, cst.Attribute)}
    return {n.value for n in descendants(block) if isinstance(n, cst.Name) and id(n) not in labels}


def _literal_value(node: cst.BaseExpression) -> object:
    if isinstance(node, cst.Name):
        return {"True": True, "False": False, "None": None}[node.value]
    return node.evaluated_value  # type: ignore[attr-defined]


def _targets(comp_for: cst.CompFor) -> list[cst.Name]:
    return [n for n in descendants(comp_for.target) if isinstance(n, cst.Name)]


def _names(node: cst.BaseExpression) -> list[str] | None:
    """The names of a name or a flat tuple/list of names, else None."""
    if isinstance(node, cst.Name):
        return [node.value]
    if isinstance(node, (cst.Tuple, cst.List)) and all(
        isinstance(e, cst.Element) and isinstance(e.value, cst.Name) for e in node.elements
    ):
        names = [e.value.value for e in node.elements]  # type: ignore[attr-defined]
        return names if len(set(names)) == len(names) else None
    return None


def _values(returned: cst.BaseExpression, count: int, sequence: bool) -> list[cst.BaseExpression] | None:
    """What each target is bound to: the returned tuple's elements, or the value itself (one target, or unpacked
    whole when it is not a literal tuple)."""
    if count == 1:
        return [returned]
    if sequence:
        elements = returned.elements  # type: ignore[attr-defined]
        if len(elements) != count or any(not isinstance(e, cst.Element) for e in elements):
            return None
        return [e.value for e in elements]
    return [returned]


def _arguments(params, call: cst.Call) -> dict[str, cst.BaseExpression] | None:
    """Each parameter and the expression the call passes it (or its literal default)."""
    given: dict[str, cst.BaseExpression] = {}
    names = [p.name.value for p in params]
    keywords = False
    for position, arg in enumerate(call.args):
        if arg.star:
            return None
        if arg.keyword is None:
            if keywords or position >= len(names):
                return None
            given[names[position]] = arg.value
        elif arg.keyword.value in names and arg.keyword.value not in given:
            keywords = True
            given[arg.keyword.value] = arg.value
        else:
            return None
    for param in params:
        if param.name.value not in given:
            if param.default is None:
                return None
            given[param.name.value] = param.default
    return given


def _rebound_params(helper: cst.FunctionDef, params: set[str]) -> set[str]:
    """Parameters the body binds again (``x = tf.reshape(x, ...)``)."""
    rebound: set[str] = set()
    wrapper = helper.with_changes(params=cst.Parameters())
    rebound |= set(local_names(wrapper)) & params
    return rebound


def _plain(value: cst.BaseExpression) -> bool:
    """An argument whose evaluation does nothing (dropped when the body never reads its parameter)."""
    return all(not isinstance(n, (cst.Call, cst.Await, cst.Yield, cst.NamedExpr)) for n in descendants(value))


def _named(call: cst.Call, name: str) -> bool:
    return isinstance(call.func, cst.Name) and call.func.value == name


def _only_call_on_its_path(value: cst.BaseExpression, call: cst.Call) -> bool:
    """``tf.nn.relu(full_layer(x, 1024))``: the helper call is the only call in the expression but those around
    it, and they are given nothing else that calls (so nothing runs before the body that ran after it in TF1)."""
    path = _path(value, call)
    if path is None or not all(isinstance(n, ALONG) for n in path):
        return False  # ``a if c else helper()``, ``c and helper()``: TF1 may not have run it
    around = set(map(id, path))
    for node in descendants(value):
        if node is call or id(node) in around:
            continue
        if isinstance(node, (cst.Call, cst.Await, cst.Yield, cst.NamedExpr, cst.Lambda)) and not _inside(node, call):
            return False
    return True


def _path(node: cst.CSTNode, target: cst.CSTNode) -> list[cst.CSTNode] | None:
    if node is target:
        return []
    for child in node.children:
        below = _path(child, target)
        if below is not None:
            return [node, *below]
    return None


def _inside(node: cst.CSTNode, call: cst.Call) -> bool:
    return any(n is node for n in descendants(call))


def _replace(value: cst.BaseExpression, call: cst.Call, name: cst.Name, origin: Origins) -> cst.BaseExpression:
    class Swap(cst.CSTTransformer):
        def on_leave(self, original_node, updated_node):
            if original_node is call:
                return name
            if updated_node is not original_node:
                origin.add(updated_node, original_node)
            return updated_node

    result = value.visit(Swap())
    assert isinstance(result, cst.BaseExpression)
    return result


# What makes a helper part of a queue input pipeline (queues.py reads such a chain at module level only).
QUEUE_CALLS = ("train.string_input_producer", "TextLineReader", "train.batch", "train.shuffle_batch", "decode_csv")


def queue_helpers(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with every helper that builds part of a queue input pipeline (the reading-data guide's
    ``read_my_file_format(filename_queue)`` and ``input_pipeline(filenames, batch_size)``) read at its call sites,
    so that queues.py finds the chain at module level; None when there is none, or one is called other than once
    per module-level statement. Returns the module, its resolve/line_of and a change line per call site."""
    return _read_at_calls(module, resolve, line_of, _queue_builder, tries=False)


def _read_at_calls(
    module: cst.Module,
    resolve: Resolve,
    line_of: LineOf,
    chosen: Callable[[cst.FunctionDef, Resolve], bool],
    tries: bool,
):
    """Every module-level helper ``chosen`` picks read at its call sites, one after another; None when there is
    none, or one cannot be read so."""
    notes: list[tuple[int, str]] = []
    changed = False
    for _ in range(ROUNDS):
        helpers = {s.name.value: s for s in module.body if isinstance(s, cst.FunctionDef)}
        picked = [h for h in helpers.values() if chosen(h, resolve)]
        if not picked:
            break
        expanded = _inline_helper(module, resolve, line_of, picked[0], helpers, None, set(), tries)
        if expanded is None:
            return None
        module, resolve, line_of, _, said, _ = expanded
        notes += said
        changed = True
    if not changed or any(chosen(s, resolve) for s in module.body if isinstance(s, cst.FunctionDef)):
        return None
    return module, resolve, line_of, notes


# What makes a helper read a tf.data iterator (datasets.py reads iterators and their runs at module level only).
ITERATOR_ATTRIBUTES = frozenset(
    {"make_one_shot_iterator", "make_initializable_iterator", "get_next", "make_initializer"}
)


def dataset_helpers(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with every helper that builds or runs a tf.data iterator (``def show(ds): nxt =
    ds.make_one_shot_iterator().get_next(); try: while True: print(sess.run(nxt)) except
    tf.errors.OutOfRangeError: pass``, called for several datasets on the global Session) read at its call sites,
    so that datasets.py finds each iterator at module level; None when there is none, or one is called other than
    once per module-level statement (a loop's body too). Returns the module, its resolve/line_of and a change line
    per call site."""
    return _read_at_calls(module, resolve, line_of, _iterator_reader, tries=True)


def _iterator_reader(helper: cst.FunctionDef, resolve: Resolve) -> bool:
    """A helper that builds or runs an iterator on the Session of its caller (one that opens its own Session is a
    Session program, which session_helpers.py reads)."""
    paths = {(resolve(n.func) or "").removeprefix("compat.v1.") for n in descendants(helper) if isinstance(n, cst.Call)}
    if paths & SESSIONS:
        return False
    for node in descendants(helper.body):
        if isinstance(node, cst.Attribute) and node.attr.value in ITERATOR_ATTRIBUTES:
            return True
        if isinstance(node, cst.ExceptHandler) and node.type is not None:
            if (resolve(node.type) or "").removeprefix("compat.v1.") == "errors.OutOfRangeError":
                return True
    return False


def _queue_builder(helper: cst.FunctionDef, resolve: Resolve) -> bool:
    return any(
        isinstance(n, cst.Call) and (resolve(n.func) or "").removeprefix("compat.v1.") in QUEUE_CALLS
        for n in descendants(helper.body)
    )
