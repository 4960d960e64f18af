"""A reusing call of a graph-building helper made inside the Session block: the Udacity GAN notebook's sampler,
``gen_samples = sess.run(generator(input_z, input_size, reuse=True), feed_dict={input_z: sample_z})`` in every epoch
of the training loop, read as ``generator_out, generator_logits = generator(input_z, input_size, reuse=True)`` on the
line before the ``with tf.Session()`` block and ``sess.run((generator_out, generator_logits), feed_dict=...)``.

With ``reuse=True`` every variable the helper asks for is the one its first call made (TF1 refuses a name it never
built), so each pass built the same ops over the same variables: what the run computes is what one build before
the block computes, and the module's graph-building helpers are then all called where the graph is built, which is
where inlined_helpers.py reads them. TF1's extra ops were never run or read by name; they are only seen where they
move the op-seed counter for a random op built after them, so the helper (with the module functions it calls) may
build no random op and no ``tf.Variable``, and the call's arguments are names, attributes and literals that the
block never binds (each pass read the values bound before it). The returned values take free names
(``generator_out``, from the helper's ``return out, logits``); a helper returning other than one expression or one
tuple of the same length on every ``return`` is left as written, and the proof says what it refuses there.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import SESSIONS, argument
from tfmigrate.transforms.session import helper_built_classes
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants, is_random, stored_names
from tfmigrate.transforms.session.classes import GRAPH_BUILDERS
from tfmigrate.transforms.session.fresh_names import numbered
from tfmigrate.transforms.session.run_calls import session_run
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

REUSE = "reuse"


def hoist(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each reusing helper call of a module-level Session block's runs bound before the block, and
    a note for each; None where there is none."""
    functions = _pure_builders(module, resolve)
    if not functions:
        return None
    taken = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
    hoisted: dict[int, list[tuple[cst.Call, list[str]]]] = {}  # id of the Session block -> its calls and names
    for statement in module.body:
        if not _session_block(statement, resolve):
            continue
        assert isinstance(statement, cst.With)
        bound = _bound(statement.body)
        named: dict[str, list[str]] = {}  # the call's code -> its names: the same call made twice is built once
        for run in descendants(statement.body):
            for call in _fetched_calls(run, statement):
                helper = functions.get(call.func.value) if isinstance(call.func, cst.Name) else None
                if helper is None or not _reusing(call, helper) or not _plain_arguments(call, bound):
                    continue
                if _free_names(helper, module) & bound:  # each pass built with the global's value then
                    continue
                code = module.code_for_node(call)
                if code not in named:
                    named[code] = [numbered(taken, f"{helper.name.value}_{n}") for n in _returned(helper)]
                    hoisted.setdefault(id(statement), []).append((call, named[code]))
                else:
                    hoisted[id(statement)].append((call, named[code]))
    if not hoisted:
        return None
    rewrite = _Hoist(module, resolve, line_of, hoisted)
    done = module.visit(rewrite)
    notes = []
    seen: set[str] = set()
    for calls in hoisted.values():
        for call, names in calls:
            if names[0] not in seen:
                seen.add(names[0])
                notes.append(
                    (
                        line_of(call),
                        f"`{module.code_for_node(call)}` in the Session block reuses the helper's variables: built "
                        f"once before the block as `{', '.join(names)}`, as each pass built the same ops",
                    )
                )
    return (done, *rewrite.remapped(), notes)


def _pure_builders(module: cst.Module, resolve: Resolve) -> dict[str, cst.FunctionDef]:
    """The module-level graph-building functions that return their values and build no random op and no
    ``tf.Variable`` (themselves or through the module functions they call)."""
    builds = helper_built_classes.graph_functions(module, resolve, lambda path: path.startswith(GRAPH_BUILDERS))
    unfit = helper_built_classes.graph_functions(module, resolve, _draws_or_makes)
    return {
        s.name.value: s
        for s in module.body
        if isinstance(s, cst.FunctionDef) and s.name.value in builds - unfit and _returned(s)
    }


def _draws_or_makes(path: str) -> bool:
    """A random op or a new variable; an initializer object makes no op (and a reusing call calls none)."""
    if path.endswith("_initializer"):
        return False
    return is_random(path) or "dropout" in path or path in ("Variable", "random.set_seed", "set_random_seed")


def _returned(function: cst.FunctionDef) -> list[str]:
    """The names for what every ``return`` of the function gives (one per tuple element, from the returned names
    where they are names); empty where the returns differ in shape or there is none."""
    returns = [n for n in descendants(function.body) if isinstance(n, cst.Return)]
    if not returns or any(r.value is None for r in returns):
        return []
    shapes = {len(r.value.elements) if isinstance(r.value, cst.Tuple) else 0 for r in returns}
    if len(shapes) != 1:
        return []
    value = returns[-1].value
    if not isinstance(value, cst.Tuple):
        return [value.value if isinstance(value, cst.Name) else "result"]
    return [e.value.value if isinstance(e.value, cst.Name) else f"result_{i}" for i, e in enumerate(value.elements)]


def _session_block(statement: cst.BaseStatement, resolve: Resolve) -> bool:
    """``with tf.Session() as sess:`` at module level."""
    return (
        isinstance(statement, cst.With)
        and len(statement.items) == 1
        and isinstance(call := statement.items[0].item, cst.Call)
        and resolve(call.func) in SESSIONS
        and statement.items[0].asname is not None
        and isinstance(statement.items[0].asname.name, cst.Name)
    )


def _fetched_calls(node: cst.CSTNode, block: cst.With) -> list[cst.Call]:
    """The calls ``node`` fetches when it is ``sess.run(fetches, ...)`` of the block's Session: the fetches
    themselves, or the elements of a list or tuple of them."""
    asname = block.items[0].asname
    assert asname is not None and isinstance(asname.name, cst.Name)
    if not session_run(node, {asname.name.value}):
        return []
    fetches = argument(node, 0, "fetches")
    value = fetches.value if fetches is not None else None
    elements = [e.value for e in value.elements] if isinstance(value, (cst.List, cst.Tuple)) else [value]
    return [e for e in elements if isinstance(e, cst.Call)]


def _reusing(call: cst.Call, helper: cst.FunctionDef) -> bool:
    """The call passes ``True`` for the helper's ``reuse`` parameter, by keyword or by position."""
    params = [p.name.value for p in helper.params.params]
    passed = argument(call, params.index(REUSE) if REUSE in params else -1, REUSE) if REUSE in params else None
    return passed is not None and isinstance(passed.value, cst.Name) and passed.value.value == "True"


def _bound(block: cst.BaseSuite) -> set[str]:
    """The names a statement of the block binds: assignment, loop and ``with`` targets."""
    targets: list[cst.CSTNode] = []
    for node in descendants(block):
        if isinstance(node, cst.AssignTarget):
            targets.append(node.target)
        elif isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.For, cst.NamedExpr)):
            targets.append(node.target)
        elif isinstance(node, cst.AsName):
            targets.append(node.name)
    return {name.value for target in targets for name in stored_names(target)}


def _plain_arguments(call: cst.Call, bound: set[str]) -> bool:
    """Names, attributes, literals and operators on them (no call, no star), none bound in the block."""
    for arg in call.args:
        if arg.star:
            return False
        for node in descendants(arg.value):
            if isinstance(node, (cst.Call, cst.Lambda, cst.BaseComp, cst.NamedExpr, cst.Await, cst.Yield)):
                return False
            if isinstance(node, cst.Name) and node.value in bound:
                return False
    return True


def _free_names(helper: cst.FunctionDef, module: cst.Module) -> set[str]:
    """The names the helper, and the module functions it calls, read but do not bind: a global the block rebinds
    (``scale = 1.0 + step``) or changes (``cfg.temp = ...``) was read anew by each pass's build, not by one before."""
    functions = {s.name.value: s for s in module.body if isinstance(s, cst.FunctionDef)}
    found: set[str] = set()
    waiting, seen = [helper], {helper.name.value}
    while waiting:
        function = waiting.pop()
        params = {p.name.value for p in descendants(function.params) if isinstance(p, cst.Param)}
        stored = {
            name.value
            for node in descendants(function.body)
            if isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For, cst.NamedExpr, cst.AsName))
            for name in stored_names(node.target if not isinstance(node, cst.AsName) else node.name)
        }
        labels = {id(n.attr) for n in descendants(function.body) if isinstance(n, cst.Attribute)}
        labels |= {id(n.keyword) for n in descendants(function.body) if isinstance(n, cst.Arg) and n.keyword}
        for node in descendants(function.body):
            if isinstance(node, cst.Name) and id(node) not in labels and node.value not in params | stored:
                if node.value in functions and node.value not in seen:
                    seen.add(node.value)
                    waiting.append(functions[node.value])
                found.add(node.value)
    return found


def _values(names: list[str]) -> cst.Name | cst.Tuple:
    """The hoisted call's value at the run: its one name, or the tuple of its names (``sess.run`` of a tuple
    returns a tuple, as the helper's ``return out, logits`` did)."""
    if len(names) == 1:
        return cst.Name(names[0])
    return cst.Tuple([cst.Element(cst.Name(n)) for n in names])


class _Hoist(TracedRewrite):
    """Each Session block's hoisted calls bound on the lines before it, each call in its runs read as its names."""

    def __init__(
        self,
        module: cst.Module,
        resolve: Resolve,
        line_of: LineOf,
        hoisted: dict[int, list[tuple[cst.Call, list[str]]]],
    ) -> None:
        super().__init__(module, resolve, line_of)
        self.hoisted = hoisted

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        for calls in self.hoisted.values():
            for call, names in calls:
                if call is original_node:
                    return self.traced(_values(names), original_node)
        return updated_node

    def leave_With(
        self, original_node: cst.With, updated_node: cst.With
    ) -> cst.With | cst.FlattenSentinel[cst.BaseStatement]:
        if id(original_node) not in self.hoisted:
            return updated_node
        lines: list[cst.BaseStatement] = []
        firsts = {names[0]: (call, names) for call, names in reversed(self.hoisted[id(original_node)])}
        for call, names in reversed(firsts.values()):  # each name bound once, by its first call
            target = _values(names)
            if isinstance(target, cst.Tuple):  # ``generator_out, generator_logits = generator(...)``
                target = target.with_changes(lpar=[], rpar=[])
            bound = cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(target)], call)])
            lines.append(self.traced(bound, call))
        first = lines[0]
        assert isinstance(first, cst.SimpleStatementLine)
        lines[0] = first.with_changes(leading_lines=updated_node.leading_lines)
        return cst.FlattenSentinel([*lines, updated_node.with_changes(leading_lines=[])])
