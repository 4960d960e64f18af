"""The sklearn-style course model: ``class ANN: def __init__(self, hidden_layer_sizes): self.hidden_layer_sizes =
hidden_layer_sizes``, whose ``fit(self, X, Y)`` builds the graph on the instance (``self.W = tf.Variable(...)``,
``self.tfX = tf.placeholder(...)``, ``self.predict_op = tf.argmax(logits, 1)``), opens the Session (or runs the one
``set_session`` stored) and trains, and whose ``predict(X)`` / ``score(X, Y)`` run ``self.predict_op`` again after
it; the module ``model = ANN([500, 300])`` ... ``model.fit(Xtrain, Ytrain)`` ... ``model.score(Xtest, Ytest)``.

The constructor only keeps its arguments (host values, no call), so TF1 built the graph and opened the Session at
the one ``model.fit(...)`` statement, as a constructor running the host lines and then ``fit``'s body there would:
``model = ANN([500, 300], X=Xtrain, Y=Ytrain)``, the class's ``__init__`` its own lines, ``self.session = session``
of the setter, then ``fit``'s body. That is the constructor the class proof (classes.py) reads: the graph built in
the constructor, ``predict`` a method running the constructor's Session. The rewrite is put back as written: the
constructor's own lines, ``fit`` holding the rest (its tensors functions of the fed values kept on the instance,
``self.predict_op = predict_op``), the construction, the setter's call and the method call where they stood.

Only when nothing between the construction and the call names the instance (but the setter's call right before
``fit``) or rebinds what the construction's arguments read, the class is constructed once and ``fit`` is called
once by a statement, ``fit`` has no ``return`` and shares no name with the constructor's parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import libcst as cst

from tfmigrate.transforms._checkpoint import SESSIONS
from tfmigrate.transforms.session import other_owners, session_callers
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants, loaded_names
from tfmigrate.transforms.session.class_constants import constructor_of
from tfmigrate.transforms.session.class_sugar import attribute_of, body_of, sentinel, sentinel_name
from tfmigrate.transforms.session.functions import bound_names, local_names, references_to
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.method_calls import blocks, lookups, member_before, put_back, replaced_block
from tfmigrate.transforms.session.renames import lone_assignment
from tfmigrate.transforms.session.run_calls import run_receiver

SITE, FIT = "__tfmigrate_fit_site_{}__", "__tfmigrate_fit_body_{}__"
LITERALS = (cst.Integer, cst.Float, cst.SimpleString, cst.ConcatenatedString)


@dataclass
class Fitted:
    """What the desugaring moved, as written, to be put back."""

    init: cst.FunctionDef
    fit: cst.FunctionDef
    fit_before: str | None  # the member ``fit`` followed in the class
    setter: cst.FunctionDef | None
    setter_before: str | None
    instance: str
    construction: cst.BaseStatement  # ``model = ANN([8, 6])``
    setter_call: cst.BaseStatement | None  # ``model.set_session(session)``
    call: cst.BaseStatement  # ``model.fit(X, Y)``
    session: str | None  # the name the setter's call passes
    arguments: list[str]  # the merged construction's arguments other than the Session, as code
    opened: list[cst.BaseStatement]  # ``self.session = tf.InteractiveSession()`` of the constructor


def _host_value(node: cst.BaseExpression, params: set[str]) -> bool:
    """A literal, a parameter, or a list / tuple of them: the constructor keeps host values only."""
    if isinstance(node, LITERALS):
        return True
    if isinstance(node, cst.Name):
        return node.value in params or node.value in ("True", "False", "None")
    if isinstance(node, cst.UnaryOperation) and isinstance(node.expression, (cst.Integer, cst.Float)):
        return True
    if isinstance(node, (cst.List, cst.Tuple)):
        return all(not isinstance(e, cst.StarredElement) and _host_value(e.value, params) for e in node.elements)
    return False


def _plain(function: cst.FunctionDef) -> bool:
    params = function.params
    return (
        not function.decorators
        and function.asynchronous is None
        and isinstance(function.body, cst.IndentedBlock)
        and bool(params.params)
        and not params.kwonly_params
        and not params.posonly_params
        and params.star_kwarg is None
        and params.star_arg in (None, cst.MaybeSentinel.DEFAULT)
    )


Refused = tuple[str, cst.CSTNode]  # the one condition that fails, and where


def _opened(statement: cst.BaseStatement, owner: str, resolve: Resolve) -> str | None:
    """``self.session = tf.InteractiveSession()`` (no argument): the attribute, else None."""
    assigned = lone_assignment(statement)
    if (
        assigned is not None
        and attribute_of(assigned.targets[0].target, owner)
        and isinstance(assigned.value, cst.Call)
        and not assigned.value.args
        and resolve(assigned.value.func) in SESSIONS
    ):
        return cast(cst.Attribute, assigned.targets[0].target).attr.value
    return None


def _constructor_line(init: cst.FunctionDef, resolve: Resolve) -> cst.BaseStatement | None:
    """The first line of ``__init__`` other than ``self.attr = <a parameter or literal>`` or a Session opened on the
    default graph (None when all are): such a constructor can run later, at ``fit``, and change nothing."""
    owner = init.params.params[0].name.value
    params = {p.name.value for p in init.params.params[1:]}
    for statement in body_of(init):
        assigned = lone_assignment(statement)
        if _opened(statement, owner, resolve) is None and (
            assigned is None
            or not attribute_of(assigned.targets[0].target, owner)
            or not _host_value(assigned.value, params)
        ):
            return statement
    return None


def _setter(members: list[cst.FunctionDef]) -> tuple[cst.FunctionDef, str] | None:
    """``def set_session(self, session): self.session = session``: the method and the attribute."""
    for member in members:
        params = member.params.params
        body = body_of(member)
        assigned = lone_assignment(body[0]) if len(body) == 1 else None
        if (
            _plain(member)
            and len(params) == 2
            and params[1].default is None
            and not member.name.value.startswith("__")
            and assigned is not None
            and attribute_of(assigned.targets[0].target, params[0].name.value)
            and isinstance(assigned.value, cst.Name)
            and assigned.value.value == params[1].name.value
        ):
            return member, cast(cst.Attribute, assigned.targets[0].target).attr.value
    return None


def _fit(members: list[cst.FunctionDef], resolve: Resolve, attr: str | None) -> cst.FunctionDef | None:
    """The one method opening a Session (or running ``tf.global_variables_initializer()`` in the setter's
    ``self.session``) that stores on the instance: the course ``fit``."""
    running = []
    for member in members:
        if member.name.value.startswith("__") or not member.params.params:
            continue
        owner = member.params.params[0].name.value
        opens = any(isinstance(n, cst.Call) and resolve(n.func) in SESSIONS for n in descendants(member))
        runs = attr is not None and any(
            isinstance(n, cst.Call)
            and isinstance(receiver := run_receiver(n), cst.Attribute)
            and attribute_of(receiver, owner)
            and receiver.attr.value == attr
            and n.args
            and "global_variables_initializer" in cst.Module([]).code_for_node(n.args[0].value)
            for n in descendants(member)
        )
        if opens or runs:
            running.append(member)
    if len(running) != 1:
        return None
    owner = running[0].params.params[0].name.value
    stores = any(isinstance(n, cst.AssignTarget) and attribute_of(n.target, owner) for n in descendants(running[0]))
    return running[0] if stores else None


def _fit_refusal(fit: cst.FunctionDef, owner: str, resolve: Resolve) -> Refused | None:
    """Why ``fit``'s body cannot end the constructor: decorated or of other than positional parameters, a
    ``return`` (a constructor returns nothing), ``yield``, ``global``, ``self`` read bare; a Saver (the checkpoint
    the constructor's reading writes is not shown to hold TF1's names)."""
    name = fit.name.value
    saver = next(
        (n for n in descendants(fit.body) if isinstance(n, cst.Call) and resolve(n.func) == "train.Saver"), None
    )
    if saver is not None:
        return (
            f"method `{name}` makes a Saver (its checkpoint, read as the constructor's, is not proved to keep TF1's names)",
            saver,
        )
    if not _plain(fit):
        return f"method `{name}` is decorated, async or takes other than plain positional parameters", fit
    if fit.params.params[0].name.value != owner:
        return f"method `{name}` spells its instance other than the constructor does", fit.params.params[0]
    held = {id(a.value) for a in descendants(fit.body) if isinstance(a, cst.Attribute)}
    for node in descendants(fit.body):
        if isinstance(node, (cst.Return, cst.Yield, cst.Await, cst.Global, cst.Nonlocal)):
            word = type(node).__name__.lower()
            return f"method `{name}` holds `{word}` (a constructor returns nothing)", node
        if isinstance(node, cst.Name) and node.value == owner and id(node) not in held:
            return f"method `{name}` reads `{owner}` bare (passed or stored)", node
    return None


def _runs_again(methods: list[cst.FunctionDef], fit: cst.FunctionDef) -> Refused | None:
    """``p = self.predict(Xvalid)`` in ``fit``'s loop: a method running the Session called while ``fit`` trains,
    which read as the constructor's would run the graph while it is built (not modelled)."""
    others = {m.name.value: m for m in methods if m is not fit and m.params.params}
    running = {
        name
        for name, member in others.items()
        if any(
            isinstance(receiver := run_receiver(n), cst.Attribute)
            and attribute_of(receiver, member.params.params[0].name.value)
            for n in descendants(member.body)
        )
    }
    running |= session_callers.callers(others, running)
    owner = fit.params.params[0].name.value
    for node in descendants(fit.body):
        if isinstance(node, cst.Call) and attribute_of(node.func, owner):
            name = cast(cst.Attribute, node.func).attr.value
            if name in running:
                return (
                    f"method `{fit.name.value}` calls `{owner}.{name}`, which runs the Session, while it trains",
                    node,
                )
    return None


def _call_of(statement: cst.BaseStatement, method: str) -> cst.Call | None:
    """``model.fit(...)`` as the whole statement."""
    small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
    call = small.value if isinstance(small, cst.Expr) else None
    if (
        isinstance(call, cst.Call)
        and isinstance(call.func, cst.Attribute)
        and isinstance(call.func.value, cst.Name)
        and call.func.attr.value == method
    ):
        return call
    return None


def _keyword(name: str, value: cst.BaseExpression) -> cst.Arg:
    tight = cst.SimpleWhitespace("")
    return cst.Arg(
        value, keyword=cst.Name(name), equal=cst.AssignEqual(whitespace_before=tight, whitespace_after=tight)
    )


def _keywords(function: cst.FunctionDef, call: cst.Call) -> list[cst.Arg] | None:
    """The call's arguments passed by the parameters' names (None for ``*args`` or an unknown name)."""
    names = [p.name.value for p in function.params.params[1:]]
    given: list[cst.Arg] = []
    for index, arg in enumerate(call.args):
        key = arg.keyword.value if arg.keyword is not None else (names[index] if index < len(names) else None)
        if arg.star or key is None or key not in names or any(g.keyword.value == key for g in given if g.keyword):
            return None
        given.append(_keyword(key, arg.value))
    passed = {cast(cst.Name, g.keyword).value for g in given}
    if any(p.default is None and p.name.value not in passed for p in function.params.params[1:]):
        return None
    return given


@dataclass
class _Site:
    """The block holding ``model = ANN(...)`` and, after it, the one ``model.fit(...)`` (the setter's call right
    before it): the construction's and the call's positions, the Session the setter is passed, the call's
    arguments by keyword."""

    statements: list[cst.BaseStatement]
    start: int
    index: int
    session: str | None
    kept: list[cst.Arg]  # the construction's arguments, by keyword
    passed: list[cst.Arg]  # the call's


def _site(
    module: cst.Module,
    definition: cst.ClassDef,
    fit: cst.FunctionDef,
    setter: cst.FunctionDef | None,
    resolve: Resolve,
    opens: bool,
) -> _Site | Refused:
    """The site, or the one condition of it that fails; ``opens``: the constructor opens a Session, which the
    statements before ``fit``'s call must not need (no TensorFlow call among them)."""
    name, method = definition.name.value, fit.name.value
    sites = [
        (statements, index, call)
        for statements in blocks(module)
        for index, statement in enumerate(statements)
        if (call := _call_of(statement, method)) is not None
    ]
    spelled = [n for n in descendants(module) if isinstance(n, cst.Name) and n.value == method and n is not fit.name]
    foreign = other_owners.unreachable(module, resolve, definition, spelled)  # ``mnist.train``: another object's
    named = [n for n in spelled if n not in foreign]
    constructions = [
        n
        for n in descendants(module)
        if isinstance(n, cst.Call) and isinstance(n.func, cst.Name) and n.func.value == name
    ]
    if len(constructions) != 1:
        return f"class `{name}` is constructed other than once", constructions[1] if constructions else definition
    if len(sites) != 1:
        return f"method `{method}` is called other than once by a statement `model.{method}(...)`", fit
    statements, index, call = sites[0]
    if len(named) != 1:
        return f"method `{method}` is named other than by its `def` and its one call", named[-1]
    instance = cast(cst.Name, cast(cst.Attribute, call.func).value).value
    built = [i for i, s in enumerate(statements[:index]) if _constructs(s, instance, name)]
    if len(built) != 1:
        return f"`{instance}` is bound other than once by `{instance} = {name}(...)` before `{method}`'s call", call
    start, session = built[0], None
    between = statements[start + 1 : index]
    if setter is not None:
        given = _call_of(statements[index - 1], setter.name.value) if index - 1 > start else None
        if (
            given is None
            or len(given.args) != 1
            or given.args[0].keyword is not None
            or not isinstance(given.args[0].value, cst.Name)
            or cast(cst.Name, cast(cst.Attribute, given.func).value).value != instance
        ):
            return (
                f"the setter `{setter.name.value}` is called other than right before `{instance}.{method}(...)`",
                call,
            )
        session, between = given.args[0].value.value, between[:-1]
    read = next((n for s in between for n in descendants(s) if isinstance(n, cst.Name) and n.value == instance), None)
    if read is not None:
        return f"`{instance}` is named between its construction and `{instance}.{method}(...)`", read
    graph_call = next((n for s in between for n in descendants(s) if isinstance(n, cst.Call) and resolve(n.func)), None)
    if opens and graph_call is not None:
        return f"the constructor opens a Session and TensorFlow is called before `{instance}.{method}(...)`", graph_call
    arguments = cast(cst.Call, cast(cst.Assign, lone_assignment(statements[start])).value).args
    made = next((n for a in arguments for n in descendants(a) if isinstance(n, cst.Call)), None)
    if made is not None:
        return f"the construction of `{instance}` passes a call's value (it would be made at `{method}`'s call)", made
    passes = {n.value for a in arguments for n in loaded_names(a.value)}
    rebinding = next((s for s in between if passes & bound_names([s])), None)
    if rebinding is not None:
        again = sorted(passes & bound_names([rebinding]))[0]
        return (
            f"`{again}`, which the construction of `{instance}` passes, is bound again before `{method}`'s call",
            rebinding,
        )
    passed = _keywords(fit, call)
    if passed is None:
        return f"the call of method `{method}` passes other than its parameters", call
    init = next(m for m in cast(cst.IndentedBlock, definition.body).body if _named(m, "__init__"))
    kept = _keywords(
        cast(cst.FunctionDef, init), cast(cst.Call, cast(cst.Assign, lone_assignment(statements[start])).value)
    )
    if kept is None:
        return f"the construction of `{instance}` passes other than the constructor's parameters", statements[start]
    return _Site(statements, start, index, session, kept, passed)


def _named(member: cst.CSTNode, name: str) -> bool:
    return isinstance(member, cst.FunctionDef) and member.name.value == name


def _parameters(
    init: cst.FunctionDef, fit: cst.FunctionDef, setter: cst.FunctionDef | None
) -> list[cst.Param] | Refused:
    """The merged constructor's parameters: its own, the setter's, ``fit``'s; refused when two share a name, a name
    of ``fit`` is a constructor's parameter (it would read that instead)."""
    own, extra = list(init.params.params), [*([setter.params.params[1]] if setter else []), *fit.params.params[1:]]
    fit_names = set(local_names(fit)) | {n.value for n in loaded_names(fit.body)}
    for param in own[1:]:
        if param.name.value in fit_names:
            return (
                f"`{param.name.value}`, a parameter of the constructor, is named in method `{fit.name.value}` too",
                param,
            )
    if setter is not None and setter.params.params[1].name.value in fit_names:
        return (
            f"`{setter.params.params[1].name.value}`, the setter's parameter, is named in method `{fit.name.value}`",
            fit,
        )
    merged = [*own[1:], *extra]  # passed by keyword: those with a default last, as Python asks
    return [own[0], *[p for p in merged if p.default is None], *[p for p in merged if p.default is not None]]


def _read(
    module: cst.Module, resolve: Resolve, definition: cst.ClassDef
) -> tuple[cst.FunctionDef, cst.FunctionDef, cst.FunctionDef | None, _Site, list[cst.Param]] | Refused | None:
    """The course shape, read once: its parts, the one condition that fails, or None for another shape."""
    if not isinstance(definition.body, cst.IndentedBlock) or definition not in module.body:
        return None
    methods = [m for m in definition.body.body if isinstance(m, cst.FunctionDef)]
    init = next((m for m in methods if m.name.value == "__init__"), None)
    if init is None or not _plain(init):
        return None
    owner = init.params.params[0].name.value
    opened = [a for s in body_of(init) if (a := _opened(s, owner, resolve)) is not None]
    setter, attr = _setter(methods) or (None, opened[0] if len(opened) == 1 else None)
    fit = _fit(methods, resolve, attr)
    if fit is None or (setter is not None and opened):
        return None
    if any(
        isinstance(n, cst.Call) and resolve(n.func) and resolve(n.func) not in SESSIONS for n in descendants(init.body)
    ):
        return None  # the constructor builds graph ops: the class proof's own shape
    if _builds_through_methods(init, methods, owner, resolve):
        return None  # ``self.build_graph()`` in the constructor builds them: not this shape either
    why = f"method `{fit.name.value}` builds the graph on the instance, read as the constructor's at its call, and "
    line = _constructor_line(init, resolve)
    if line is not None:
        return why + "the constructor does more than keep its arguments (its lines would run at the call)", line
    found = _fit_refusal(fit, init.params.params[0].name.value, resolve) or _runs_again(methods, fit)
    site = _site(module, definition, fit, setter, resolve, bool(opened)) if found is None else found
    params = _parameters(init, fit, setter) if isinstance(site, _Site) else site
    if not isinstance(params, list):
        return why + params[0], params[1]
    return init, fit, setter, cast(_Site, site), params


def _builds_through_methods(
    init: cst.FunctionDef, methods: list[cst.FunctionDef], owner: str, resolve: Resolve
) -> bool:
    """The constructor calls ``self.m()`` of a method that makes a TensorFlow call other than a Session."""
    called = {
        n.func.attr.value
        for n in descendants(init.body)
        if isinstance(n, cst.Call)
        and isinstance(n.func, cst.Attribute)
        and isinstance(n.func.value, cst.Name)
        and n.func.value.value == owner
    }
    return any(
        isinstance(n, cst.Call) and resolve(n.func) and resolve(n.func) not in SESSIONS
        for m in methods
        if m.name.value in called
        for n in descendants(m.body)
    )


def refusal(module: cst.Module, resolve: Resolve, definition: cst.ClassDef) -> Refused | None:
    """Why the course ``fit`` is not read as the constructor's; None when it is, or the class is another shape."""
    found = _read(module, resolve, definition)
    return found if isinstance(found, tuple) and isinstance(found[0], str) else None


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef, Fitted] | None:
    """The module with ``fit``'s body at the end of the constructor and the construction at ``fit``'s call; None
    when the program is not this shape."""
    found = _read(module, resolve, definition)
    if found is None or isinstance(found[0], str):
        return None
    init, fit, setter, site, params = cast(tuple, found)
    statements, start, index, session = site.statements, site.start, site.index, site.session
    members = list(cast(cst.IndentedBlock, definition.body).body)
    origins = Origins()
    name = definition.name.value
    setting = [body_of(setter)[0]] if setter is not None else []
    merged = init.with_changes(
        params=init.params.with_changes(params=[p.with_changes(comma=cst.MaybeSentinel.DEFAULT) for p in params]),
        body=cast(cst.IndentedBlock, init.body).with_changes(
            body=[*body_of(init), *setting, sentinel(FIT.format(name)), *body_of(fit)]
        ),
    )
    for new, old in zip(merged.params.params, params):
        origins.keep(new, old)
    origins.keep(merged, init)
    kept = [merged if m is init else m for m in members if m is not fit and m is not setter]
    new_class = definition.with_changes(body=definition.body.with_changes(body=kept))
    origins.keep(new_class, definition)
    construction = cast(cst.Call, cast(cst.Assign, lone_assignment(statements[start])).value)
    arguments = list(site.kept)
    if session is not None and setter is not None:
        arguments.append(_keyword(setter.params.params[1].name.value, cst.Name(session)))
    new_call = construction.with_changes(args=[*arguments, *site.passed])
    origins.keep(new_call, construction)
    called = cast(cst.SimpleStatementLine, statements[index])
    call = cast(cst.Call, _call_of(called, fit.name.value))
    instance = cast(cst.Name, cast(cst.Attribute, call.func).value).value
    target = cst.AssignTarget(cst.Name(instance))
    statement = cst.SimpleStatementLine([cst.Assign([target], new_call)], leading_lines=called.leading_lines)
    for node in (statement.body[0], target, target.target):
        origins.keep(node, call)
    origins.keep(statement, called)
    before_call = index - (1 if session is not None else 0)
    replaced = [*statements[:start], sentinel(SITE.format(name)), *statements[start + 1 : before_call]]
    replaced.extend([statement, *statements[index + 1 :]])
    code = cst.Module([]).code_for_node
    fitted = Fitted(
        init,
        fit,
        member_before(members, fit),
        setter,
        member_before(members, setter) if setter is not None else None,
        instance,
        statements[start],
        statements[index - 1] if session is not None else None,
        called,
        session,
        [code(a) for a in [*site.kept, *site.passed]],
        [s for s in body_of(init) if _opened(s, init.params.params[0].name.value, resolve) is not None],
    )
    new_module = replaced_block(module, definition, new_class, statements, replaced, origins)
    return new_module, *lookups(resolve, line_of, origins, line_of(called)), new_class, fitted


def resugar(module: cst.Module, name: str, fitted: Fitted, line: int) -> cst.Module:
    """The constructor's own lines back in it, the rest in ``fit``; the construction, the setter's call and the
    call of ``fit`` where they stood."""
    method = fitted.fit.name.value
    refused = Blocked(
        f"class `{name}`: the graph its method `{method}` builds, read as the constructor's, put back", line
    )
    definition, members, init = constructor_of(module, name, refused)
    body = list(cast(cst.IndentedBlock, init.body).body)
    marks = [i for i, s in enumerate(body) if sentinel_name(s) == FIT.format(name)]
    if len(marks) != 1:
        raise refused
    head, tail = body[: marks[0]], body[marks[0] + 1 :]
    code = cst.Module([]).code_for_node
    own = [code(s).strip() for s in body_of(fitted.init)]
    setting = [code(body_of(fitted.setter)[0]).strip()] if fitted.setter is not None else []
    written = [code(s).strip() for s in head]
    kept_session = bool(setting) and written == [*own, *setting]
    opened = [code(s).strip() for s in body_of(fitted.init) if s in fitted.opened]
    if written != own and not kept_session and written != [line for line in own if line not in opened]:
        raise refused  # the rewrite changed the constructor's own lines (it may drop the Session it opened)
    init_out = fitted.init
    if written != own and not kept_session:  # the Session the constructor opened went with the graph
        kept_lines = [s for s in body_of(fitted.init) if s not in fitted.opened] or [
            cst.SimpleStatementLine([cst.Pass()])
        ]
        init_out = fitted.init.with_changes(
            body=cast(cst.IndentedBlock, fitted.init.body).with_changes(body=kept_lines)
        )
    only_constructor = {p.name.value for p in fitted.init.params.params[1:]}
    if fitted.setter is not None and not kept_session:
        only_constructor.add(fitted.setter.params.params[1].name.value)
    if any(references_to(s, only_constructor - set(local_names(fitted.fit))) for s in tail):
        raise refused  # the rewrite's ``fit`` reads a parameter only the constructor has
    original = cast(cst.IndentedBlock, fitted.fit.body)
    tail = tail or [cst.SimpleStatementLine([cst.Pass()])]
    tail[0] = tail[0].with_changes(leading_lines=getattr(original.body[0], "leading_lines", ()))
    restored = fitted.fit.with_changes(body=original.with_changes(body=tail))
    members = [init_out if m is init else m for m in members]
    puts = [(restored, fitted.fit_before)]
    if fitted.setter is not None:  # the setter back too, the one defined first first
        setter = (fitted.setter, fitted.setter_before)
        puts = [setter, *puts] if fitted.setter.name.value == fitted.fit_before else [*puts, setter]
    put_back(members, puts)
    new_class = definition.with_changes(body=definition.body.with_changes(body=members))
    for statements in blocks(module):
        names = [sentinel_name(s) for s in statements]
        if SITE.format(name) in names:
            break
    else:
        raise refused
    at = names.index(SITE.format(name))
    merged = [i for i, s in enumerate(statements) if i > at and _constructs(s, fitted.instance, name)]
    if len(merged) != 1:
        raise refused
    call = cast(cst.Call, cast(cst.Assign, lone_assignment(statements[merged[0]])).value)
    session = fitted.setter.params.params[1].name.value if fitted.setter is not None else None
    given = [a for a in call.args if a.keyword is None or a.keyword.value != session]
    if [code(a.with_changes(comma=cst.MaybeSentinel.DEFAULT)) for a in given] != fitted.arguments:
        raise refused  # the rewrite changed what the construction passes
    rest = [*statements[:at], *statements[at + 1 : merged[0]], *statements[merged[0] + 1 :]]
    calls = [fitted.call]
    if fitted.setter_call is not None and (kept_session or fitted.session in bound_names(rest)):
        calls = [fitted.setter_call, *calls]  # the rewrite kept the Session: stored again
    replaced = [*statements[:at], fitted.construction, *statements[at + 1 : merged[0]], *calls]
    replaced.extend(statements[merged[0] + 1 :])
    return replaced_block(module, definition, new_class, statements, replaced)


def _constructs(statement: cst.BaseStatement, instance: str, name: str) -> bool:
    """``model = ANN(...)``."""
    assigned = lone_assignment(statement)
    return (
        assigned is not None
        and isinstance(assigned.targets[0].target, cst.Name)
        and assigned.targets[0].target.value == instance
        and isinstance(assigned.value, cst.Call)
        and isinstance(assigned.value.func, cst.Name)
        and assigned.value.func.value == name
    )
