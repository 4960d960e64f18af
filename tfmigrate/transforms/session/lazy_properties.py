"""Lazy properties of a graph class (Danijar Hafner's "Structuring Your TensorFlow Models", copied into many TF1
projects): ``@define_scope(initializer=...) def prediction(self): ... return logits``, where ``define_scope`` (or
``lazy_property``) makes a property caching the method's result on the instance under ``'_cache_' + name``, built
inside ``tf.variable_scope(scope or name, ...)``, and the constructor touches each one (``self.prediction``).

The decorator is recognised by its code (the published shape, names and the cache prefix free), not by its name. A
property built once, where a bare ``self.prediction`` statement of the constructor first touches it, is the builder
``def _build_prediction(self): with tf.variable_scope("prediction"): ...; self.prediction = logits`` called there:
each later read finds the cached value, as the attribute. The class proof (classes.py) then reads plain builders,
and TF1's variable names (``prediction/Variable``) and numbers stay. The scope's ``initializer=`` is dropped only
where nothing under it makes a variable that reads the scope's default initializer (``tf.Variable`` takes its
initial value); else it stays and the proof names it. The rewrite keeps the builders; the decorator, then unused,
goes.

Left as written (the class proof names the decorated method): a property first built other than by such a statement
of the constructor (at first use elsewhere, or by another property's body before its own touch, which TF1 nests in
the reader's scope), a body other than statements ending in its one ``return``, decorator arguments other than
keywords and one literal scope name, a cache attribute the module names itself.
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass, field
from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.class_sugar import attribute_of, body_of, self_name, unguarded_lookups
from tfmigrate.transforms.session.loops import Origins

_SCOPED = """
def D(function, scope=None, *args, **kwargs):
    attribute = PREFIX + function.__name__
    name = scope or function.__name__
    @property
    @WRAPS(function)
    def decorator(self):
        if not hasattr(self, attribute):
            with VARIABLE_SCOPE(name, *args, **kwargs):
                setattr(self, attribute, function(self))
        return getattr(self, attribute)
    return decorator
"""
_PLAIN = """
def D(function):
    attribute = PREFIX + function.__name__
    @property
    @WRAPS(function)
    def decorator(self):
        if not hasattr(self, attribute):
            setattr(self, attribute, function(self))
        return getattr(self, attribute)
    return decorator
"""
_NAMED = """
def D(function):
    attribute = PREFIX + function.__name__
    @property
    @WRAPS(function)
    def decorator(self):
        if not hasattr(self, attribute):
            with VARIABLE_SCOPE(function.__name__):
                setattr(self, attribute, function(self))
        return getattr(self, attribute)
    return decorator
"""
_DOUBLEWRAP = """
def W(function):
    @WRAPS(function)
    def decorator(*args, **kwargs):
        if len(args) == 1 and len(kwargs) == 0 and callable(args[0]):
            return function(args[0])
        else:
            return lambda wrapee: function(wrapee, *args, **kwargs)
    return decorator
"""
_FIXED = frozenset({"property", "hasattr", "setattr", "getattr", "len", "callable", "WRAPS", "VARIABLE_SCOPE"})
# TF1 APIs whose variables come from get_variable and so read an enclosing scope's default initializer.
_SCOPE_READERS = (
    "get_variable",
    "get_local_variable",
    "layers.",
    "contrib.",
    "keras.",
    "estimator.",
    "make_template",
    "variable_scope",
    "nn.rnn_cell.",
    "rnn_cell.",
    "nn.dynamic_rnn",
    "nn.static_rnn",
    "nn.bidirectional_dynamic_rnn",
    "nn.static_bidirectional_rnn",
    "nn.static_state_saving_rnn",
    "nn.raw_rnn",
    "train.",
    "metrics.",
    "feature_column.",
)
_TENSOR_METHODS = frozenset({"get_shape", "as_list"})


class _Normal(ast.NodeTransformer):
    """A function's code with its own names numbered in order of appearance, docstrings left out, the cache
    prefix's string and the spellings of ``functools.wraps`` and ``tf.variable_scope`` made placeholders."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.prefix: str | None = None

    def _name(self, name: str) -> str:
        if name in _FIXED:
            return name
        return self.names.setdefault(name, f"n{len(self.names)}")

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        node.name = self._name(node.name)
        first = node.body[0] if node.body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
            node.body = node.body[1:]
        return self.generic_visit(node)

    def visit_arg(self, node: ast.arg) -> ast.AST:
        node.arg = self._name(node.arg)
        return node

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        if node.attr == "variable_scope":
            return ast.Name("VARIABLE_SCOPE", ast.Load())
        if node.attr == "wraps" and isinstance(node.value, ast.Name) and node.value.id == "functools":
            return ast.Name("WRAPS", ast.Load())
        return self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id == "wraps":
            return ast.Name("WRAPS", node.ctx)
        return ast.Name(self._name(node.id), node.ctx)

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        if isinstance(node.left, ast.Constant) and isinstance(node.left.value, str) and self.prefix is None:
            self.prefix = node.left.value
            node.left = ast.Name("PREFIX", ast.Load())
        return self.generic_visit(node)


def _normal(code: str) -> tuple[str, str | None]:
    tree = ast.parse(code)
    normal = _Normal()
    tree = normal.visit(tree)
    return ast.dump(tree, annotate_fields=False), normal.prefix


_SHAPES = {_normal(_SCOPED)[0]: "scoped", _normal(_NAMED)[0]: "scoped", _normal(_PLAIN)[0]: "plain"}
_DOUBLEWRAPPED = _normal(_DOUBLEWRAP)[0]


@dataclass
class Lazy:
    """The decorator function: its kind (scoped or plain), its cache prefix, whether ``doublewrap`` lets it take
    arguments, and the module statements it and its wrapper are."""

    kind: str
    prefix: str
    wrapped: bool
    statements: list[cst.FunctionDef] = field(default_factory=list)


@dataclass
class Built:
    """What the stage changed, for the report: the class's properties read as builders, on the class's line."""

    notes: list[tuple[int, str]] = field(default_factory=list)


def _decorators(module: cst.Module, resolve: Resolve) -> dict[str, Lazy]:
    """Each module-level function of the lazy-property shape, by name."""
    found: dict[str, Lazy] = {}
    for name, lazy in _shaped(module).items():
        scopes = [n for n in descendants(lazy.statements[0]) if isinstance(n, cst.Call) and _is_scope(n, resolve)]
        if lazy.kind != "scoped" or len(scopes) == 1:
            found[name] = lazy
    return found


@functools.lru_cache(maxsize=4)
def _shaped(module: cst.Module) -> dict[str, Lazy]:
    """The module functions whose code has a lazy-property shape: normalised once per module, not once per class
    the proof reads."""
    functions = {s.name.value: s for s in module.body if isinstance(s, cst.FunctionDef)}
    found: dict[str, Lazy] = {}
    for name, function in functions.items():
        wrapper: cst.FunctionDef | None = None
        if function.decorators:
            if len(function.decorators) != 1 or not isinstance(function.decorators[0].decorator, cst.Name):
                continue
            wrapper = functions.get(function.decorators[0].decorator.value)
            if wrapper is None or wrapper.decorators or _normal(_code(wrapper))[0] != _DOUBLEWRAPPED:
                continue
        shape, prefix = _normal(_code(function.with_changes(decorators=())))
        kind = _SHAPES.get(shape)
        if kind is None or prefix is None or (kind == "plain" and wrapper is not None):
            continue
        found[name] = Lazy(kind, prefix, wrapper is not None, [function] + ([wrapper] if wrapper else []))
    return found


def _code(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node)


def _is_scope(call: cst.Call, resolve: Resolve) -> bool:
    return (resolve(call.func) or "").removeprefix("compat.v1.") == "variable_scope"


def _use(method: cst.FunctionDef, lazy: dict[str, Lazy]) -> tuple[str, Lazy, list[cst.Arg]] | None:
    """``@define_scope`` or ``@define_scope(args)`` on a plain one-parameter method: the decorator's name, its shape
    and the arguments given it."""
    if len(method.decorators) != 1 or method.asynchronous is not None or len(method.params.params) != 1:
        return None
    if method.params.star_arg not in (None, cst.MaybeSentinel.DEFAULT) or method.params.star_kwarg is not None:
        return None
    decorator = method.decorators[0].decorator
    if isinstance(decorator, cst.Name) and decorator.value in lazy:
        return decorator.value, lazy[decorator.value], []
    if isinstance(decorator, cst.Call) and isinstance(decorator.func, cst.Name) and decorator.func.value in lazy:
        found = lazy[decorator.func.value]
        return (decorator.func.value, found, list(decorator.args)) if found.wrapped else None
    return None


def _scope_call(
    method: cst.FunctionDef,
    arguments: list[cst.Arg],
    function: cst.FunctionDef,
    resolve: Resolve,
    functions: dict[str, cst.FunctionDef],
) -> tuple[cst.Call, bool] | None:
    """The ``variable_scope(name, **keywords)`` call the property is built in, and whether an ``initializer=`` was
    dropped; None for arguments other than one literal scope name and keywords."""
    name: cst.BaseExpression = cst.SimpleString(repr(method.name.value))
    keywords: list[cst.Arg] = []
    for position, argument in enumerate(arguments):
        keyword = argument.keyword.value if argument.keyword is not None else None
        if argument.star or (keyword is None and position != 0):
            return None
        if keyword in (None, "scope"):
            if not isinstance(argument.value, cst.SimpleString):
                return None
            name = argument.value
        else:
            keywords.append(argument.with_changes(comma=cst.MaybeSentinel.DEFAULT))
    dropped = False
    if any(k.keyword is not None and k.keyword.value == "initializer" for k in keywords) and not _reads_initializer(
        method, resolve, functions
    ):
        keywords = [k for k in keywords if k.keyword is None or k.keyword.value != "initializer"]
        dropped = True
    scope = next(n for n in descendants(function) if isinstance(n, cst.Call) and _is_scope(n, resolve))
    args = [cst.Arg(name), *keywords]
    args = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in args]
    return cst.Call(func=scope.func, args=args), dropped


def _reads_initializer(method: cst.FunctionDef, resolve: Resolve, module_functions: dict[str, cst.FunctionDef]) -> bool:
    """Whether the body, or a module function it calls (followed), may make a variable through ``get_variable``
    (which reads the scope's default initializer): a TF1 API that does, or a call not proved to make none."""
    seen: set[str] = set()
    todo: list[cst.CSTNode] = [method.body]
    while todo:
        node = todo.pop()
        for call in (n for n in descendants(node) if isinstance(n, cst.Call)):
            path = resolve(call.func)
            if path is not None:
                if path.removeprefix("compat.v1.").startswith(_SCOPE_READERS):
                    return True
                continue
            func = call.func
            if isinstance(func, cst.Name) and func.value in module_functions:
                if func.value not in seen:
                    seen.add(func.value)
                    todo.append(module_functions[func.value].body)
                continue
            if isinstance(func, cst.Name) and func.value in ("int", "float", "len", "range", "list", "tuple"):
                continue
            if isinstance(func, cst.Attribute) and func.attr.value in _TENSOR_METHODS:
                continue
            return True
    return False


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef, Built] | None:
    """The class with its lazy properties as builders the constructor calls, and the module without the decorator;
    None when the class has none or they are not built once by the constructor's own touches."""
    if not isinstance(definition.body, cst.IndentedBlock) or definition not in module.body:
        return None
    lazy = _decorators(module, resolve)
    if not lazy:
        return None
    members = list(definition.body.body)
    uses = {
        m.name.value: (m, use) for m in members if isinstance(m, cst.FunctionDef) and (use := _use(m, lazy)) is not None
    }
    if not uses:
        return None
    decorated = [m for m in members if isinstance(m, cst.FunctionDef) and m.decorators and m.name.value not in uses]
    if any(_names_decorator(m, lazy) for m in decorated):
        return None
    if _named_elsewhere(module, definition, lazy):
        return None
    init = next((m for m in members if isinstance(m, cst.FunctionDef) and m.name.value == "__init__"), None)
    if init is None or not isinstance(init.body, cst.IndentedBlock):
        return None
    owner = self_name(init)
    order: list[str] = []
    touches: dict[int, str] = {}
    for index, statement in enumerate(init.body.body):
        touched = _touch(statement, owner, uses)
        if touched is not None:
            touches[index] = touched
            if touched not in order:
                order.append(touched)
            continue
        reads = {n.attr.value for n in descendants(statement) if attribute_of(n, owner) and n.attr.value in uses}
        if not reads <= set(order):
            return None
    if set(order) != set(uses):
        return None  # one built at first use elsewhere: TF1 builds it under whatever scope that use stands in
    functions = {s.name.value: s for s in module.body if isinstance(s, cst.FunctionDef)}
    taken = {m.name.value for m in members if isinstance(m, cst.FunctionDef)}
    made = Origins()
    builders: dict[str, cst.FunctionDef] = {}
    dropped_any = False
    for position, prop in enumerate(order):
        method, (decorator, shape, arguments) = uses[prop]
        own = self_name(method)
        cache = shape.prefix + prop
        if cache in taken or any(
            (isinstance(n, cst.Attribute) and n.attr.value == cache)
            or (isinstance(n, cst.Name) and n.value == cache)
            or (isinstance(n, cst.SimpleString) and cache in n.value)  # getattr(self, "_cache_prediction")
            for n in descendants(module)
        ):
            return None
        read = {n.attr.value for n in descendants(method.body) if attribute_of(n, own) and n.attr.value in uses}
        if not read <= set(order[:position]):
            return None  # built inside this one's scope first: TF1 nests its names
        body = body_of(method)
        last = body[-1]
        returned = last.body[0] if isinstance(last, cst.SimpleStatementLine) and len(last.body) == 1 else None
        if (
            not isinstance(returned, cst.Return)
            or returned.value is None
            or not isinstance(method.body, cst.IndentedBlock)
        ):
            return None
        if any(isinstance(n, (cst.Return, cst.Yield, cst.Await)) for s in body[:-1] for n in descendants(s)):
            return None
        bind = cst.SimpleStatementLine(
            [cst.Assign([cst.AssignTarget(cst.Attribute(cst.Name(own or "self"), cst.Name(prop)))], returned.value)],
            leading_lines=cast(cst.SimpleStatementLine, last).leading_lines,
        )
        made.keep(bind, last)
        statements: list[cst.BaseStatement] = [*body[:-1], bind]
        if shape.kind == "scoped":
            scoped = _scope_call(method, arguments, shape.statements[0], resolve, functions)
            if scoped is None:
                return None
            call, dropped = scoped
            dropped_any = dropped_any or dropped
            made.keep(call, method.decorators[0].decorator)
            block = cst.With([cst.WithItem(call)], cst.IndentedBlock(statements))
            made.keep(block, method)
            statements = [block]
        name = f"_build_{prop}"
        if name in taken:
            return None
        builder = method.with_changes(
            decorators=(), name=cst.Name(name), body=method.body.with_changes(body=statements)
        )
        made.keep(builder, method)
        builders[prop] = builder
    new_init_body: list[cst.BaseStatement] = []
    built: set[str] = set()
    for index, statement in enumerate(init.body.body):
        touched = touches.get(index)
        if touched is None:
            new_init_body.append(statement)
        elif touched not in built:  # a later touch reads the cached value: nothing
            built.add(touched)
            builds = cst.SimpleStatementLine(
                [cst.Expr(cst.Call(cst.Attribute(cst.Name(owner or "self"), cst.Name(f"_build_{touched}"))))],
                leading_lines=cast(cst.SimpleStatementLine, statement).leading_lines,
            )
            made.keep(builds, statement)
            new_init_body.append(builds)
    new_init = init.with_changes(body=init.body.with_changes(body=new_init_body))
    made.keep(new_init, init)
    kept = [
        new_init if m is init else builders.get(m.name.value, m) if isinstance(m, cst.FunctionDef) else m
        for m in members
    ]
    new_class = definition.with_changes(body=definition.body.with_changes(body=kept))
    made.keep(new_class, definition)
    made.keep(new_class.body, definition.body)
    gone = {id(s) for use in uses.values() for s in use[1][1].statements}
    rebuilt = [new_class if s is definition else s for s in module.body if id(s) not in gone]
    resolve_made, line_of_made = unguarded_lookups(
        lambda node: resolve(made.of(node)), lambda node: line_of(made.of(node)), definition
    )
    decorators = sorted({use[1][0] for use in uses.values()})
    note = (
        f"class `{definition.name.value}`: lazy propert{'y' if len(order) == 1 else 'ies'} "
        + ", ".join(f"`{p}`" for p in order)
        + f" (`@{'`, `@'.join(decorators)}`) built by the constructor as builder methods"
        + (", in the variable scopes TF1 named" if any(u[1][1].kind == "scoped" for u in uses.values()) else "")
        + (" (the scope's `initializer=` reaches no variable here: dropped)" if dropped_any else "")
    )
    return (
        module.with_changes(body=rebuilt),
        resolve_made,
        line_of_made,
        new_class,
        Built([(line_of(definition), note)]),
    )


def _touch(statement: cst.BaseStatement, owner: str | None, uses: dict) -> str | None:
    """``self.prediction`` as a statement of its own: the property built there."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    only = statement.body[0]
    if isinstance(only, cst.Expr) and attribute_of(only.value, owner):
        name = cast(cst.Attribute, only.value).attr.value
        return name if name in uses else None
    return None


def _names_decorator(method: cst.FunctionDef, lazy: dict[str, Lazy]) -> bool:
    return any(isinstance(n, cst.Name) and n.value in lazy for d in method.decorators for n in descendants(d))


def _named_elsewhere(module: cst.Module, definition: cst.ClassDef, lazy: dict[str, Lazy]) -> bool:
    """A decorator (or its wrapper) named other than by its definitions and the class's decorators: it stays."""
    names = {n for n, found in lazy.items()} | {s.name.value for found in lazy.values() for s in found.statements}
    own = {id(s) for found in lazy.values() for s in found.statements}
    allowed = {
        id(n)
        for m in cast(cst.IndentedBlock, definition.body).body
        if isinstance(m, cst.FunctionDef)
        for d in m.decorators
        for n in descendants(d)
    }
    for statement in module.body:
        if id(statement) in own:
            continue
        for node in descendants(statement):
            if isinstance(node, cst.Name) and node.value in names and id(node) not in allowed:
                return True
    return False


def resugar(module: cst.Module, name: str, state: Built, line: int) -> cst.Module:
    """The builders stay: an eager class has no graph to build lazily."""
    return module
