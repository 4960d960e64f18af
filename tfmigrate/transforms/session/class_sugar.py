"""The class program as a module program and back (classes.py): sentinel statements marking where each part of the
class stood, the ``self.attr`` -> ``m1__attr`` renaming (each new node remembering its original, so the proof's lines
and qualified names stay the program's), and the renaming back, where each function the rewrite generated for an
attribute becomes a local function of the method bound to ``self.attr``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

import libcst as cst

from tfmigrate.cstfields import remember
from tfmigrate.transforms.session import (
    called_functions,
    graph_blocks,
    name_scope_blocks,
    passed_names,
    program_calls,
)
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants, loaded_names
from tfmigrate.transforms.session.functions import bound_names, final_guard, own_body, references_to
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.sentinels import sentinel, sentinel_name

GUARD, UNGUARD = "__tfmigrate_guard__", "__tfmigrate_unguard__"
FUNCTION, CALLED, RETURNED = "__tfmigrate_function__", "__tfmigrate_called__", "__tfmigrate_returned__"


def unguard(module: cst.Module) -> tuple[cst.Module, cst.If | None]:
    """``if __name__ == "__main__":`` as the module's last statement: its body is what the program runs, proved as
    module-level code between two sentinels and put back under the guard."""
    last = final_guard(module)
    if last is None:
        return module, None
    return module.with_changes(body=[*module.body[:-1], sentinel(GUARD), *last.body.body, sentinel(UNGUARD)]), last


def lifted_beside(
    module: cst.Module,
    definition: cst.ClassDef,
    functions: list[cst.BaseStatement],
    kept: list[cst.BaseStatement],
    made: Origins,
    resolve: Resolve,
    line_of: LineOf,
    other: Callable[[cst.BaseStatement], cst.BaseStatement] = lambda statement: statement,
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef]:
    """The module with ``definition`` rebuilt over ``kept`` and the methods lifted out of it (``functions``) just
    above it, every other statement through ``other``; lookups answer for each copy as for the original it was
    made from. Shared by the stages that read methods as module functions (class_helper_methods.py,
    static_methods.py)."""
    rebuilt = definition.with_changes(body=definition.body.with_changes(body=kept))
    made.add(rebuilt, definition)
    made.add(rebuilt.body, definition.body)
    body: list[cst.BaseStatement] = []
    for statement in module.body:
        body.extend([*functions, rebuilt] if statement is definition else [other(statement)])
    resolve_made, line_of_made = unguarded_lookups(
        lambda node: resolve(made.of(node)), lambda node: line_of(made.of(node)), None
    )
    return module.with_changes(body=body), resolve_made, line_of_made, rebuilt


def unguarded_lookups(resolve: Resolve, line_of: LineOf, guard: cst.CSTNode | None) -> tuple[Resolve, LineOf]:
    """``resolve`` and ``line_of`` for the module ``unguard`` made: its sentinel statements are none of the module's
    nodes, so they mean nothing and stand on the guard's line (or the node's given in its place; line 0 without)."""
    fallback = line_of(guard) if guard is not None else 0

    def resolve_unguarded(node: cst.CSTNode) -> str | None:
        try:
            return resolve(node)
        except KeyError:
            return None

    def line_of_unguarded(node: cst.CSTNode) -> int:
        try:
            return line_of(node)
        except KeyError:
            return fallback

    return resolve_unguarded, line_of_unguarded


def reguard(module: cst.Module, guard: cst.If | None) -> cst.Module:
    if guard is None:
        return module
    body = list(module.body)
    names = [sentinel_name(s) for s in body]
    start, end = names.index(GUARD), names.index(UNGUARD)
    inner = body[start + 1 : end] or [cst.SimpleStatementLine([cst.Pass()])]
    wrapped = guard.with_changes(body=guard.body.with_changes(body=inner))
    return module.with_changes(body=[*body[:start], wrapped, *body[end + 1 :]])


# the function holding the program, its call, and the statements binding its parameters there
Unwrapped = tuple[cst.FunctionDef, cst.SimpleStatementLine, list[cst.SimpleStatementLine]]


def plain_function(function: cst.FunctionDef) -> bool:
    """A function without parameters, decorator, ``yield``, ``await``, ``global`` or ``nonlocal``: its body, run
    once where it is called, is the same program as the statements standing there."""
    params = function.params
    return not (
        function.decorators
        or function.asynchronous is not None
        or not isinstance(function.body, cst.IndentedBlock)
        or params.params
        or params.kwonly_params
        or params.posonly_params
        or params.star_arg not in (None, cst.MaybeSentinel.DEFAULT)
        or params.star_kwarg is not None
        or any(isinstance(n, (cst.Yield, cst.Await, cst.Global, cst.Nonlocal)) for n in own_body(function))
    )


def unwrap_chain(module: cst.Module, name: str, resolve: Resolve | None) -> tuple[cst.Module, list[Unwrapped]]:
    """``unwrap`` of the function constructing ``name``, and where its one call stands in another function the
    module runs once (``def train(args)`` called by ``main(args)``, run by ``tf.app.run()``), of that one first."""
    module, unwrapped = unwrap(module, name, resolve)
    if unwrapped is not None:
        return module, [unwrapped]
    holders = [s for s in module.body if isinstance(s, cst.FunctionDef) and _mentions(s, name)]
    if len(holders) != 1:
        return module, []
    outer, chain = unwrap(module, holders[0].name.value, resolve)
    if chain is None:
        return module, []
    inner, unwrapped = unwrap(outer, name, resolve)
    return (inner, [chain, unwrapped]) if unwrapped is not None else (module, [])


def _mentions(function: cst.FunctionDef, name: str) -> bool:
    """The function reads ``name`` (``train(...)``; not the attribute of ``tf.train.Saver``)."""
    return function.name.value != name and bool(references_to(function, {name}))


def unwrap(module: cst.Module, name: str, resolve: Resolve | None = None) -> tuple[cst.Module, Unwrapped | None]:
    """``def train(): model = TextCNN(...); with tf.Session() as sess: ...`` and ``train()`` a statement of the
    module after the ``def`` (under the guard ``unguard`` opened, or not; ``print("ended")`` may follow it): the
    body runs once, where the call stands, so it is the module program there, between sentinels, and is put back in
    the function (``rewrap``). A function with parameters has them bound first, from the call (program_calls.py:
    ``main(args)``, ``tf.app.run()``); one returning a name by its last statement, called ``target = train(...)``,
    has ``target = <name>`` bound after. What it must be to be read there is called_functions.py's (otherwise None,
    and the class proof refuses the construction with the condition ``constructed_where`` names)."""
    # ``name``: the class, or the function that constructs it (constructing_functions.py)
    holders = [s for s in module.body if isinstance(s, cst.FunctionDef) and _mentions(s, name)]
    if len(holders) != 1:
        return module, None
    function = holders[0]
    found = called_functions.read(module, function, resolve)
    if isinstance(found, called_functions.Refusal):
        return module, None
    body: list[cst.BaseStatement] = list(module.body)
    inner = body_of(function)
    if found.returned is not None:  # ``checkpoint_dir = train(...)``: the target bound to what the body returns
        inner = inner[:-1]
        if found.target != found.returned:
            inner.append(_result(found.target or "", found.returned))
    at, called, marks = body.index(function), body.index(found.statement), _marks(function)
    body[called : called + 1] = [sentinel(marks[1]), *found.given, *inner, sentinel(marks[2])]
    body[at] = sentinel(marks[0])
    return module.with_changes(body=body), (function, found.statement, found.given)


def _unreturned(
    inner: list[cst.BaseStatement], call: cst.SimpleStatementLine, stop: cst.BaseStatement
) -> list[cst.BaseStatement] | None:
    """The body ``unwrap`` read with ``target = <returned>`` taken off its end and ``return <returned>`` put back;
    None when the rewrite changed that binding."""
    target = program_calls.assigned_target(call)
    returned = program_calls.spelled_names(cast(cst.Return, cast(cst.SimpleStatementLine, stop).body[0]).value) or ""
    if target is not None and target != returned:
        empty = cst.Module(body=[])
        if not inner or empty.code_for_node(inner[-1]) != empty.code_for_node(_result(target, returned)):
            return None
        inner = inner[:-1]
    elif not set(program_calls.names_of(returned)) <= bound_names(inner):  # the rewrite renamed what it returns
        return None
    return [*inner, stop]


def _result(target: str, returned: str) -> cst.SimpleStatementLine:
    return cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(target))], cst.Name(returned))])


def _marks(function: cst.FunctionDef) -> tuple[str, str, str]:
    """The sentinels of one function: a chain (``main`` calling ``train``) unwraps two."""
    return FUNCTION + function.name.value, CALLED + function.name.value, RETURNED + function.name.value


def constructed_where(module: cst.Module, name: cst.Name, resolve: Resolve | None = None) -> tuple[str, cst.CSTNode]:
    """Why a construction ``Model(...)`` inside a module-level function or block is not read where it stands, for
    the refusal's words, and the node that says so (the refusal's line): the one condition the function fails
    (called_functions.py: ``trainer(4, 20)`` called twice, a local read after the call, ...), read inside the
    function calling it where that one is read (``main`` -> ``train``); the block is a loop (an instance per pass)
    or a ``with`` other than a Session's first statement."""
    for statement in module.body:
        if not any(n is name for n in descendants(statement)):
            continue
        if isinstance(statement, cst.FunctionDef):
            return _function_refusal(module, statement, resolve)
        elif isinstance(statement, (cst.For, cst.While)):
            return (
                " (it is constructed in a loop: each pass builds an instance whose variables take their own TF1 names, "
                "`W` then `W_1`; the class proof models one instance, or one per pass of the module's one loop whose "
                "passes each begin a graph of their own, tf.reset_default_graph() first in the pass or in the class's "
                "constructor)"
            ), name
        elif isinstance(statement, cst.With):
            kept = graph_blocks.kept(module, name.value, resolve) if resolve is not None else None
            kept = kept or (name_scope_blocks.kept(module, name.value, resolve) if resolve is not None else None)
            if kept is not None:  # the program's graph or name-scope block, and what keeps it
                return kept
            return (
                " (it is constructed inside a `with` block: only as the first statement of a Session's is it moved out)"
            ), name
        return "", name
    return "", name


def _function_refusal(
    module: cst.Module, function: cst.FunctionDef, resolve: Resolve | None
) -> tuple[str, cst.CSTNode]:
    found = _why_not_read(module, function, resolve, 3)
    if found is None:
        return f" (it is constructed in function `{function.name.value}`)", function
    why = f"which is not read where it is called: {found.reason}"
    return f" (it is constructed in function `{function.name.value}`, {why})", found.node


def _why_not_read(
    module: cst.Module, function: cst.FunctionDef, resolve: Resolve | None, depth: int
) -> called_functions.Refusal | None:
    """The condition ``function`` fails where it is called; called by one other function (``main`` -> ``train``),
    read inside that one where it is read where it is called, else that one's condition."""
    found = called_functions.read(module, function, resolve)
    if not isinstance(found, called_functions.Refusal):
        return None
    callers = [s for s in module.body if isinstance(s, cst.FunctionDef) and _mentions(s, function.name.value)]
    if len(callers) != 1 or callers[0] is function or depth == 0:
        return found
    outer, chain = unwrap(module, function.name.value, resolve)
    if chain is None:
        caller = _why_not_read(module, callers[0], resolve, depth - 1)
        if caller is None:
            return found
        where = f"it is called in function `{callers[0].name.value}`, which is not read where it is called: "
        return called_functions.Refusal(where + caller.reason, caller.node)
    inner = [s for s in outer.body if isinstance(s, cst.FunctionDef) and s.name.value == function.name.value]
    return called_functions.read(outer, inner[0], resolve) if len(inner) == 1 else found  # type: ignore[return-value]


def rewrap_chain(module: cst.Module, chain: list[Unwrapped], line: int) -> cst.Module:
    for unwrapped in reversed(chain):
        module = rewrap(module, unwrapped, line)
    return module


def rewrap(module: cst.Module, unwrapped: Unwrapped | None, line: int = 0) -> cst.Module:
    """The module ``unwrap`` made, its program back in the function and the call back where it stood."""
    if unwrapped is None:
        return module
    function, call, bound = unwrapped
    body = list(module.body)
    names = [sentinel_name(s) for s in body]
    marks = _marks(function)
    at, start, end = names.index(marks[0]), names.index(marks[1]), names.index(marks[2])
    inner = program_calls.strip(body[start + 1 : end], bound)
    stop = body_of(function)[-1]
    if inner is not None and any(isinstance(n, cst.Return) for n in own_body(function)):
        inner = _unreturned(inner, call, stop)
    if inner is None:
        raise Blocked(f"the parameters of function `{function.name.value}` could not be put back", line)
    inner = _flush(inner) or [cst.SimpleStatementLine([cst.Pass()])]
    body[start : end + 1] = [call]
    body[at] = function.with_changes(body=function.body.with_changes(body=inner))
    held = bound_names([s for i, s in enumerate(body) if i != at])
    body[at], called = passed_names.unfed(cast(cst.FunctionDef, body[at]), call, held)
    if start and isinstance(body[start - 1], cst.FunctionDef) and not called.leading_lines:
        called = called.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()])
    body[start] = called
    return module.with_changes(body=body)


def _flush(inner: list[cst.BaseStatement]) -> list[cst.BaseStatement]:
    """The module-level statements as a function body: blank lines without indentation, none before the first."""
    flushed: list[cst.SimpleStatementLine] = []
    for statement in cast(list[cst.SimpleStatementLine], inner):  # two blank lines around a ``def``: one in a body
        lines = [e.with_changes(indent=False) if e.comment is None else e for e in statement.leading_lines]
        blank = [i for i, e in enumerate(lines) if e.comment is None]
        flushed.append(statement.with_changes(leading_lines=[e for i, e in enumerate(lines) if i not in blank[1:]]))
    if flushed:
        flushed[0] = flushed[0].with_changes(leading_lines=[e for e in flushed[0].leading_lines if e.comment])
    return list(flushed)


@dataclass
class Shape:
    """What the class and its one instance are, read from the code."""

    definition: cst.ClassDef
    instance: str  # the module-level name bound to the one instance
    site: cst.SimpleStatementLine  # ``m1 = Model(sess, "m1")``
    call: cst.Call
    init: cst.FunctionDef
    builders: dict[str, cst.FunctionDef] = field(default_factory=dict)  # methods __init__ calls once to build
    runners: dict[str, cst.FunctionDef] = field(default_factory=dict)  # methods that run the Session
    bindings: list[tuple[str, cst.BaseExpression]] = field(default_factory=list)  # parameter -> argument
    session: str = ""  # the module's Session passed to the constructor
    session_param: str = ""
    session_attrs: set[str] = field(default_factory=set)  # ``self.sess = sess``
    injected: set[str] = field(default_factory=set)  # runners reading the Session through ``self``: passed it
    session_statements: set[cst.CSTNode] = field(default_factory=set)
    renames: dict[str, str] = field(default_factory=dict)  # the builders' locals a module-level name would shadow
    # methods returning one expression, called once by the module (``cost = model.cost(y)``) -> that statement
    returners: dict[str, tuple[cst.FunctionDef, cst.SimpleStatementLine]] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)  # ``@property def out(self): return self._out``


def with_members(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef, members: list, made: Origins
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef]:
    """The module with the class's members ``members`` (a stage's desugar), each made node read through ``made``
    as its original, on its line."""
    new_class = definition.with_changes(body=definition.body.with_changes(body=members))
    made.keep(new_class, definition)
    made.keep(new_class.body, definition.body)
    resolve_made, line_of_made = unguarded_lookups(
        lambda node: resolve(made.of(node)), lambda node: line_of(made.of(node)), definition
    )
    rebuilt = [new_class if s is definition else s for s in module.body]
    return module.with_changes(body=rebuilt), resolve_made, line_of_made, new_class


def rewritten_class(module: cst.Module, name: str, refused: Blocked) -> cst.ClassDef:
    """The rewritten module's one class ``name`` with an indented body, for a stage putting its shape back;
    ``refused`` raised without it."""
    found = [s for s in module.body if isinstance(s, cst.ClassDef) and s.name.value == name]
    if len(found) != 1 or not isinstance(found[0].body, cst.IndentedBlock):
        raise refused
    return found[0]


def self_name(method: cst.FunctionDef) -> str | None:
    """The name a method's first parameter gives the instance (``self``), if it has one."""
    return method.params.params[0].name.value if method.params.params else None


def attribute_of(node: cst.CSTNode, owner: str | None) -> bool:
    return isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == owner


def body_of(function: cst.FunctionDef) -> list[cst.BaseStatement]:
    body = function.body
    if isinstance(body, cst.IndentedBlock):
        return list(body.body)
    return [cst.SimpleStatementLine(body=body.body)]  # type: ignore[arg-type]


class Rename(cst.CSTTransformer):
    """Names renamed (not attribute names or keywords): a builder's locals that a module-level name would shadow
    get names of their own in the module program (``Shape.renames``) and their names back in the method."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        renamed = self.names.get(original_node.value)
        return updated_node if renamed is None else updated_node.with_changes(value=renamed)

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        return updated_node.with_changes(attr=original_node.attr)  # an attribute's name is no name of the scope

    def leave_Arg(self, original_node: cst.Arg, updated_node: cst.Arg) -> cst.Arg:
        return updated_node.with_changes(keyword=original_node.keyword)  # nor a keyword


class Desugar(Rename):
    """``self.attr`` (in a method) or ``m1.attr`` (at module level) -> the module-level name ``m1__attr``; a call of
    a Session-running method -> its module-level function passed the Session. Each new node remembers its original,
    so the proof's lines and qualified names are the program's own."""

    def __init__(
        self,
        shape: Shape,
        owner: str,
        origins: Origins,
        literals: dict[str, str],
        renames: dict[str, str] | None = None,
    ) -> None:
        self.shape = shape
        self.owner = owner
        self.origins = origins
        self.literals = literals
        self.prefix = f"{shape.instance}__"
        super().__init__(renames or {})  # a builder's locals a module-level name would shadow: their own names

    def on_leave(self, original_node, updated_node):
        result = super().on_leave(original_node, updated_node)
        if isinstance(result, cst.CSTNode):
            self.origins.add(result, original_node)
        return result

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        if not attribute_of(original_node, self.owner):
            return super().leave_Attribute(original_node, updated_node)
        attr = original_node.attr.value
        if attr in self.shape.session_attrs and not self.shape.session.startswith(self.prefix):
            return cst.Name(self.shape.session)
        if attr in self.literals:
            return cst.SimpleString(self.literals[attr])
        return cst.Name(self.prefix + self.shape.properties.get(attr, attr))

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = original_node.func
        if attribute_of(func, self.owner) and cast(cst.Attribute, func).attr.value in self.shape.injected:
            return updated_node.with_changes(args=[cst.Arg(cst.Name(self.shape.session)), *updated_node.args])
        return updated_node


def parameters_of(module: cst.Module, prefix: str) -> dict[str, set[str]]:
    """Each function of the program with its parameters spelled ``m1__X`` (a tensor the rewrite passes it)."""
    found: dict[str, set[str]] = {}
    for function in descendants(module):
        if isinstance(function, cst.FunctionDef):
            params = {p.name.value for p in descendants(function.params) if isinstance(p, cst.Param)}
            if held := {p for p in params if p.startswith(prefix)}:
                found[function.name.value] = held
    return found


class Resugar(cst.CSTTransformer):
    """The proved rewrite put back in class terms: ``m1__attr`` -> ``self.attr`` (``m1.attr`` at module level); a
    generated function ``m1__attr`` -> a local function bound to ``self.attr``; its parameter ``m1__X`` -> ``X``, and
    so the keyword passing it (``Model__inference(True, m1__X=m1__X)``, a helper given the tensors it reads) in a call
    of a function of the program (``functions``: name -> its parameters). ``parameters`` is shared by the regions of
    one class, so that a definition and its calls spell each parameter alike."""

    def __init__(
        self,
        prefix: str,
        owner: str,
        markers: dict[str, str],
        taken: set[str],
        local: bool,
        functions: dict[str, set[str]] | None = None,
        parameters: dict[str, str] | None = None,
    ) -> None:
        self.prefix = prefix
        self.owner = owner
        self.markers = markers  # literal spelling -> attribute
        self.taken = taken
        self.local = local  # a constructor or builder body: generated functions become attributes
        self.params: list[dict[str, str]] = []
        self.definitions: set[int] = set()  # ids of function-name nodes: renamed by leave_FunctionDef
        self.keywords: set[int] = set()  # ids of keyword names (``Checkpoint(m1__W=...)``): names, not attributes
        self.functions = functions or {}
        self.parameters = parameters if parameters is not None else {}
        self.passed: dict[int, str] = {}  # ids of keywords naming a parameter of the program's function called

    def bare(self, name: str, parameter: bool = False) -> str:
        if parameter and name in self.parameters:
            return self.parameters[name]
        spelled = self._bare(name, parameter)
        if parameter:
            self.parameters[name] = spelled
        return spelled

    def _bare(self, name: str, parameter: bool) -> str:
        base = name.removeprefix(self.prefix)
        if parameter:  # ``self.input_placeholder`` fed -> parameter ``input_value``: it holds the fed value now
            base = base.replace("placeholder", "value")
        candidate = base
        while candidate in self.taken:
            candidate += "_"
        return candidate

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        names = {}
        for param in descendants(node.params):
            if isinstance(param, cst.Param) and param.name.value.startswith(self.prefix):
                names[param.name.value] = self.bare(param.name.value, parameter=True)
        self.params.append(names)
        self.definitions.add(id(node.name))
        return True

    def visit_Arg(self, node: cst.Arg) -> bool:
        if node.keyword is not None:
            self.keywords.add(id(node.keyword))
        return True

    def visit_Call(self, node: cst.Call) -> bool:
        called = self.functions.get(node.func.value, set()) if isinstance(node.func, cst.Name) else set()
        for arg in node.args:
            if arg.keyword is not None and arg.keyword.value in called:
                self.passed[id(arg.keyword)] = self.bare(arg.keyword.value, parameter=True)
        return True

    def leave_FunctionDef(self, original_node, updated_node):
        self.params.pop()
        name = original_node.name.value
        if self.local and name.startswith(self.prefix):
            local = self.bare(name)
            self.taken.add(local)
            attr = name.removeprefix(self.prefix)
            bound = cst.parse_statement(f"{self.owner}.{attr} = {local}")
            return cst.FlattenSentinel([updated_node.with_changes(name=cst.Name(local)), bound])
        return updated_node

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        value = original_node.value
        if id(original_node) in self.passed:
            return updated_node.with_changes(value=self.passed[id(original_node)])
        if not value.startswith(self.prefix) or id(original_node) in self.definitions | self.keywords:
            return updated_node
        for names in reversed(self.params):
            if value in names:
                return cst.Name(names[value])
        return cst.Attribute(value=cst.Name(self.owner), attr=cst.Name(value.removeprefix(self.prefix)))

    def leave_SimpleString(self, original_node, updated_node):
        attr = self.markers.get(original_node.value)
        return cst.Attribute(value=cst.Name(self.owner), attr=cst.Name(attr)) if attr is not None else updated_node


_READ_NAMES: dict[int, tuple[cst.CSTNode, frozenset[str]]] = {}


def read_names(statements: list) -> set[str]:
    """Names the statements read or bind (not attribute names or keywords): each statement's read once per node
    until the engine forgets the file's memos, as the class passes ask it of the same bodies again."""
    found: set[str] = set()
    for statement in statements:
        known = _READ_NAMES.get(id(statement))
        if known is None or known[0] is not statement:
            known = (statement, frozenset(n.value for n in loaded_names(statement)))
            remember(_READ_NAMES, statement, known[1])
        found |= known[1]
    return found
