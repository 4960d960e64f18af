"""Whether a module function the program runs once can be read where it is called (class_sugar.unwrap), and if not,
the one condition that fails, with the node it fails at: the refusal names that condition and its line, not the
list of every condition a reader would have to check by hand.

Read there: a function without decorator, ``yield``, ``global`` or ``nonlocal``, whose only ``return <name>`` (if
any) is its last statement, called by one statement of the module program after its ``def`` (``train(...)``,
``checkpoint_dir = train(...)``, ``tf.app.run()``; program_calls.py binds its parameters), named nowhere else,
whose locals no statement after the call reads and no other function or lambda reads as a global (at module level
each would read the body's binding)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import libcst as cst

from tfmigrate.transforms.session import program_calls
from tfmigrate.transforms.session.analysis import Resolve, descendants
from tfmigrate.transforms.session.functions import bound_names, global_reads, local_names, own_body, references_to
from tfmigrate.transforms.session.graph_resets import Resets


@dataclass
class Call:
    """The one statement running the function, the bindings of its parameters, and ``target = <returned name>``."""

    statement: cst.SimpleStatementLine
    given: list[cst.SimpleStatementLine]
    target: str | None  # ``checkpoint_dir`` of ``checkpoint_dir = train(...)``
    returned: str | None  # the name the function's last statement returns


@dataclass
class Refusal:
    reason: str
    node: cst.CSTNode


def read(module: cst.Module, function: cst.FunctionDef, resolve: Resolve | None) -> Call | Refusal:
    name = function.name.value
    if function.decorators:
        return Refusal(f"function `{name}` is decorated", function.decorators[0])
    shape = _shape(function)
    if shape is not None:
        return Refusal(f"function `{name}` {shape}", function)
    if program_calls.parameters(function) is None:
        return Refusal(f"a parameter of function `{name}` has a computed default (evaluated at the `def`)", function)
    for node in own_body(function):
        if isinstance(node, (cst.Yield, cst.Await, cst.Global, cst.Nonlocal)):
            return Refusal(f"function `{name}` uses `{type(node).__name__.lower()}`", node)
    returned = _returned(function)
    stops = [n for n in own_body(function) if isinstance(n, cst.Return)]
    if len(stops) > (returned is not None):
        return Refusal(f"function `{name}` returns other than by one `return <name>` as its last statement", stops[0])
    body = list(module.body)
    found = [(s, b) for s in body if (b := program_calls.bindings(s, function, module, resolve, returned)) is not None]
    methods = {  # a method named like the function (``def train(self)``) binds no module-level name
        id(m.name)
        for c in module.body
        if isinstance(c, cst.ClassDef) and isinstance(c.body, cst.IndentedBlock)
        for m in c.body.body
        if isinstance(m, cst.FunctionDef)
    }
    named = [n for n in references_to(module, {name}) if id(n) not in methods and n is not function.name]
    if len(found) > 1:
        reset = Resets.of(module, resolve) if resolve is not None else None
        at = [body.index(s) for s, _ in found]
        fresh = (
            reset is not None
            and all(  # a ``tf.reset_default_graph()`` between each run and the next
                any(reset.is_reset(s) for s in body[before + 1 : after]) for before, after in zip(at, at[1:])
            )
        )
        why = "each run builds its own graph" if fresh else "each run builds its ops again"
        return Refusal(f"function `{name}` is run by more than one statement ({why})", found[1][0])
    if not found:
        return _not_called(module, function, named, returned, resolve)
    statement, given = found[0]
    inside = {id(n) for n in descendants(statement)}
    other = [n for n in named if id(n) not in inside]
    if other:
        return Refusal(f"function `{name}` is named other than by its `def` and its one call", other[0])
    if body.index(statement) < body.index(function):
        return Refusal(f"function `{name}` is called before its `def`", statement)
    target = program_calls.assigned_target(statement)
    if returned is not None and "," in returned and target != returned:  # the body binds the names it returns
        return Refusal(f"function `{name}` returns `{returned}` and its call binds other names", statement)
    own = set(local_names(function)) - set(program_calls.names_of(target)) - _passed_through(function, given)
    for later in body[body.index(statement) + 1 :]:
        read_later = references_to(later, own)
        if read_later:
            local = read_later[0].value
            return Refusal(f"`{local}`, a local of function `{name}`, is also read after its call", read_later[0])
    reader = global_reader([s for s in body if s is not function and not _lifted_method(module, s)], own)
    if reader is not None:
        return Refusal(
            f"`{reader[0].value}`, a local of function `{name}`, is read as a global by {reader[1]}", reader[0]
        )
    return Call(statement, given, target, returned)  # type: ignore[arg-type]


def _passed_through(function: cst.FunctionDef, given: list[cst.SimpleStatementLine]) -> set[str]:
    """The parameters the call passes the module's name of their own spelling (``build(x, y)`` into ``def
    build(x, y)``: no binding made) and the body never binds again: at module level the body reads the module's
    ``x`` and leaves it as it was, so reading ``x`` after the call reads what it read before."""
    bound = {n for s in given for n in bound_names([s])}
    params = {p.name.value for p in function.params.params} - bound
    return params - bound_names(list(cast(cst.IndentedBlock, function.body).body))


def _lifted_method(module: cst.Module, statement: cst.BaseStatement) -> bool:
    """``Model__inference``: a method of a module class read as a function (class_helper_methods.py), its
    ``self.X`` spelled with the instance's name, ``model.X``; the method reads ``self``, no global of that name."""
    if not isinstance(statement, cst.FunctionDef):
        return False
    owner, joined, method = statement.name.value.partition("__")  # class_helper_methods.JOIN (it imports this)
    return bool(joined and method) and any(isinstance(c, cst.ClassDef) and c.name.value == owner for c in module.body)


def _returned(function: cst.FunctionDef) -> str | None:
    body = function.body.body if isinstance(function.body, cst.IndentedBlock) else ()
    last = body[-1] if body else None
    if (
        isinstance(last, cst.SimpleStatementLine)
        and len(last.body) == 1
        and isinstance(stop := last.body[0], cst.Return)
    ):
        return program_calls.spelled_names(stop.value)  # ``return cost, error``: ``cost, error``
    return None


def _shape(function: cst.FunctionDef) -> str | None:
    params = function.params
    if function.asynchronous is not None:
        return "is async"
    if not isinstance(function.body, cst.IndentedBlock):
        return "is written on its `def` line"
    if isinstance(params.star_arg, cst.Param):
        return f"takes `*{params.star_arg.name.value}`"
    if params.star_arg not in (None, cst.MaybeSentinel.DEFAULT):
        return "takes keyword-only parameters"
    if params.star_kwarg is not None:
        return f"takes `**{params.star_kwarg.name.value}`"
    if params.posonly_params:
        return "takes positional-only parameters"
    return None


def _not_called(
    module: cst.Module, function: cst.FunctionDef, named: list[cst.Name], returned: str | None, resolve: Resolve | None
) -> Refusal:
    name = function.name.value
    if len(named) > 1:
        return Refusal(
            f"function `{name}` is called or named more than once (each call builds its own graph)", named[1]
        )
    top = {id(n) for s in module.body if not isinstance(s, (cst.FunctionDef, cst.ClassDef)) for n in descendants(s)}
    if named and id(named[0]) not in top:
        return Refusal(f"function `{name}` is called from inside another function or class", named[0])
    runs = [s for s in module.body if program_calls.runs_main(s, module, resolve)]
    params = program_calls.parameters(function) or []
    if not named and runs and name == "main":
        if len(params) > 1:
            return Refusal(f"`tf.app.run()` passes function `{name}` one argument and it takes {len(params)}", runs[0])
        return Refusal(
            f"function `{name}` reads the `argv` that `tf.app.run()` passes it, and the module imports no `sys` to "
            "bind it from",
            runs[0],
        )
    if not named:
        return Refusal(f"function `{name}` is not called by a statement of the module program", function)
    if returned is None and any(isinstance(n, cst.Return) for n in own_body(function)):
        return Refusal(f"function `{name}` returns a value", named[0])
    return Refusal(
        f"the call of function `{name}` is not a statement of its own (`{name}(...)`, or `x = {name}(...)` when it "
        "returns a name) binding each parameter to an argument that reads no other parameter, or a literal default",
        named[0],
    )


def global_reader(statements: list[cst.BaseStatement], names: set[str]) -> tuple[cst.Name, str] | None:
    """The first name of ``names`` that a function or lambda among ``statements`` reads as a global
    (functions.global_reads), and which one reads it (``function `noise```, ``a lambda``)."""
    for name, around in global_reads(statements, names):
        inner = around[-1]
        return name, f"function `{inner.name.value}`" if isinstance(inner, cst.FunctionDef) else "a lambda"
    return None


def passed_to_class(module: cst.Module, instance: str) -> tuple[str, cst.Call] | None:
    """The first module class constructed with the instance's bare name as an argument (``ExampleTrainer(sess,
    model, data, config)``), and that construction: the class would hold the instance, so the instance is read
    other than through its attributes, which is the condition that fails (not the constructor's parameter that
    happens to share the instance's name)."""
    classes = {s.name.value for s in module.body if isinstance(s, cst.ClassDef)}
    for node in descendants(module):
        if (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Name)
            and node.func.value in classes
            and any(isinstance(a.value, cst.Name) and a.value.value == instance for a in node.args)
        ):
            return node.func.value, node
    return None
