"""Session programs that build their graph in a class: ``class Model: def __init__(self, sess, name): ...
self.X = tf.placeholder(...); self.logits = ...; self.optimizer = tf.train.AdamOptimizer(lr).minimize(self.cost)``,
trained through ``m1.train(x, y)`` (a method wrapping ``self.sess.run``) or ``sess.run(m1.cost, {m1.X: x})``.

TF1 builds the graph when the module constructs the instance, so the class is proved one level down, as a module
program: the constructor's body (with the building methods it calls once, ``self._build_net()``) stands where the
module constructs the instance, each ``self.attr`` (and the module's ``m1.attr``) a module-level name, each method
that runs the Session a module-level function passed the Session (runners.py), and the module-level proof
(proof.py) decides, as for any module program. Its rewrite is then put back in the class: the constructor builds the
variables as TF1 did (same order, names and op seeds), each attribute that was a tensor of the fed values is bound
to a function of them (``self.logits(X)``), the train op to a train step under ``tf.GradientTape``, the Session
parameter and attribute go, and each Session-running method computes eagerly. The instance keeps its class, its
name and its methods; the module calls them as before.

A holder class that constructs the graph class and opens the Session in its constructor (geektutu's ``class Train:
self.net = Network(); self.sess = tf.Session()``) is proved the same way first, the graph class then in its program;
the ``if __name__ == "__main__":`` guard that constructs the instance is proved as module code and put back.

Several graph classes, each constructed once, are proved one after the other (each class's program holds the
next); a constructor's locals that share a module-level name get names of their own there; a method returning one
expression, called once by the module (``cost = model.cost(y)``), is proved where the module asks for it; an
``@property`` returning an attribute reads the attribute; a construction first in a ``with tf.Session()`` block is
proved just before it.

Refused with the line (the graph tier keeps the program): a base class or a decorator, more than one instance other
than at module-level assignments (instance_copies.py; a class owning its graph: instance_graphs.py), an instance or class used other than by ``m1.attr`` reads and method calls,
the instance's name bound again, a local whose name the rewrite's fed value of the same name would capture, a
builder method called other than once as a statement of the constructor (or of a builder it calls), a method that
neither builds, runs the Session, returns an expression asked for once nor is host code (host_methods.py), a Session opened other than once in the
constructor.
"""

from __future__ import annotations

import builtins
import re
from typing import cast

import libcst as cst

from tfmigrate.cstfields import code as module_code
from tfmigrate.transforms._checkpoint import SESSIONS, argument
from tfmigrate.transforms._tf1 import is_docstring
from tfmigrate.transforms.session import (
    class_helper_methods,
    class_locals,
    class_session_methods,
    class_sessions,
    constructing_functions,
    graph_blocks,
    helper_built_classes,
    host_builtins,
    host_state,
    instance_lists,
    instance_params,
    metaclasses,
    method_closures,
    method_variables,
    name_scope_blocks,
    run_phase_methods,
    session_callers,
    session_method_branches,
    shared_locals,
    sibling_modules,
    static_methods,
    unconstructed_subclasses,
)
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants, loaded_names, stored_names
from tfmigrate.transforms.session.builder_arguments import passed_names, passes_own_names
from tfmigrate.transforms.session.called_functions import passed_to_class
from tfmigrate.transforms.session.class_sugar import (
    Desugar,
    Rename,
    Resugar,
    Shape,
    attribute_of,
    body_of,
    constructed_where,
    parameters_of,
    read_names,
    reguard,
    rewrap_chain,
    self_name,
    sentinel,
    sentinel_name,
    unguard,
    unwrap_chain,
)
from tfmigrate.transforms.session.constructor_arguments import rebound_argument
from tfmigrate.transforms.session.dead_code import respelled
from tfmigrate.transforms.session.functions import bound_names, global_reads, local_names, module_names, own_body
from tfmigrate.transforms.session.host_attributes import HostAttributes
from tfmigrate.transforms.session.host_methods import is_host_method
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.renames import lone_assignment
from tfmigrate.transforms.session.run_calls import session_run
from tfmigrate.transforms.session.runner_host_state import unread_host_state
from tfmigrate.transforms.session.sentinels import BEGIN, CLASS, END

KEYED = frozenset({"sorted", "min", "max"})  # builtins taking a ``key=`` function
GRAPH_BUILDERS = ("placeholder", "Variable", "get_variable", "compat.v1.placeholder", "layers.", "train.")
# TF1's RNN cell base classes (``tf.nn.rnn_cell.RNNCell``, ``tf.contrib.rnn.LayerRNNCell``), as resolve spells them.
RNN_CELLS = ("rnn_cell.RNNCell", "rnn.RNNCell", "rnn_cell.LayerRNNCell", "rnn.LayerRNNCell")


def graph_class(module: cst.Module, resolve: Resolve, line_of: LineOf) -> cst.ClassDef | None:
    """The module-level class whose methods bind ``self.attr`` to a placeholder, variable or train op; None when no
    class does. Raises Blocked when several do."""
    found = [s for s in module.body if isinstance(s, cst.ClassDef) and _builds(s, resolve)]
    if not found:  # ``self.d_loss, self.g_loss = model_loss(...)``: built through the module's functions
        functions = helper_built_classes.graph_functions(module, resolve, lambda path: path.startswith(GRAPH_BUILDERS))
        found = [
            s
            for s in module.body
            if isinstance(s, cst.ClassDef) and helper_built_classes.builds_through_functions(s, functions)
        ]
    return found[0] if found else None


def owns_graph(definition: cst.ClassDef, resolve: Resolve) -> bool:
    """The class makes a ``tf.Graph()`` of its own (``self.graph = tf.Graph()``): each instance's variables live in
    their own graph."""
    return any(
        isinstance(n, cst.Call) and (resolve(n.func) or "").removeprefix("compat.v1.") == "Graph"
        for n in descendants(definition)
    )


def holder_of(module: cst.Module, resolve: Resolve, line_of: LineOf, graph: cst.ClassDef) -> cst.ClassDef | None:
    """The module-level class that constructs the graph class or opens a Session in its methods (geektutu's
    ``class Train: def __init__(self): self.net = Network(); self.sess = tf.Session()``): proved first, so that the
    graph class is then constructed where the holder's constructor stood."""
    found = [
        s
        for s in module.body
        if isinstance(s, cst.ClassDef)
        and s is not graph
        and any(
            isinstance(n, cst.Call)
            and (resolve(n.func) in SESSIONS or (isinstance(n.func, cst.Name) and n.func.value == graph.name.value))
            for n in descendants(s)
        )
    ]
    if len(found) > 1:
        raise Blocked(
            f"classes `{found[0].name.value}` and `{found[1].name.value}` both hold graph code", line_of(found[1])
        )
    return found[0] if found else None


def _builds(definition: cst.ClassDef, resolve: Resolve) -> bool:
    for node in descendants(definition):
        if isinstance(node, cst.Call):
            path = (resolve(node.func) or "").removeprefix("compat.v1.")
            if path.startswith(GRAPH_BUILDERS):
                return True
    return False


def _own_calls(function: cst.FunctionDef, self_name: str) -> list[tuple[cst.SimpleStatementLine, str]]:
    """``self.method()`` statements of the function body, at its own level or in its ``with`` blocks (``with
    tf.variable_scope("in_hidden"): self.add_input_layer()``), with the method called."""
    found = []

    def walk(statements) -> None:
        for statement in statements:
            if isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock):
                walk(statement.body.body)
            elif (
                isinstance(statement, cst.SimpleStatementLine)
                and len(statement.body) == 1
                and isinstance(statement.body[0], cst.Expr)
                and isinstance(call := statement.body[0].value, cst.Call)
                and all(isinstance(a.value, cst.Name) and not a.star for a in call.args)  # ``sampling=sampling``
                and isinstance(call.func, cst.Attribute)
                and isinstance(call.func.value, cst.Name)
                and call.func.value.value == self_name
            ):
                found.append((statement, call.func.attr.value))

    walk(function.body.body if isinstance(function.body, cst.IndentedBlock) else ())
    return found


class ClassProgram:
    """Desugars the class program into a module program, and puts the proved rewrite back into the class."""

    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef) -> None:
        self.module, self.guard = unguard(module)
        inner = constructing_functions.constructor_of(self.module, definition.name.value)
        self.module, self.unwrapped = unwrap_chain(self.module, inner or definition.name.value, resolve)
        self.module, self.inlined = constructing_functions.unwrap(self.module, definition.name.value)
        self.module = graph_blocks.flattened(self.module, definition.name.value, resolve)
        self.module = name_scope_blocks.flattened(self.module, definition.name.value, resolve)
        self.resolve: Resolve = lambda node: self.paths[id(node)] if id(node) in self.paths else resolve(node)
        self.line_of = line_of
        self.definition = definition
        self.origins = Origins()
        self.rebound: set[str] = (
            set()
        )  # constructor arguments passed as the rewrite rebound them (constructor_arguments.py)
        self.paths: dict[int, str] = {}  # made nodes' qualified names (class_sessions.py)
        self.module = self.hoisted(self.module)

    def hoisted(self, module: cst.Module) -> cst.Module:
        """``with tf.Session() as sess: model = Model(2)`` first in the block: TF1 builds the same graph before
        the block (a Session of the default graph makes no other default graph), so the module program constructs
        the instance just before the ``with``, where the eager program needs it. Not when the arguments read the
        Session's name, the Session is given a graph or target, or the class asks for a default Session."""
        name = self.definition.name.value
        defaults = any(  # the class asks for the default Session: the construction is not moved before the ``with``
            isinstance(n, cst.Attribute) and n.attr.value in ("get_default_session", "eval")
            for n in descendants(self.definition)
        )
        body: list[cst.BaseStatement] = []
        for index, statement in enumerate(module.body):
            given = class_sessions.opened(statement, list(module.body[index + 1 :]), self.definition, self.resolve)
            if given is not None:  # ``with tf.Session(config=c) as sess: gan = GAN(sess, ...)``
                class_sessions.mark(self.origins, given[0], cast(cst.With, statement))
                self.paths.update(given[2])
                body.extend([given[0], *given[1]])
                continue
            block = statement.body if isinstance(statement, cst.With) else None
            lead = constructing_functions.prefix(list(block.body)) if isinstance(block, cst.IndentedBlock) else 0
            first = block.body[0] if isinstance(block, cst.IndentedBlock) and len(block.body) > max(lead, 1) else None
            if lead:  # the body of ``result = test_fn()``, which constructs the instance: its construction
                first = next((s for s in cast(cst.IndentedBlock, block).body[:lead] if _constructs(s, name)), None)
            only = first.body[0] if isinstance(first, cst.SimpleStatementLine) and len(first.body) == 1 else None
            item = statement.items[0] if isinstance(statement, cst.With) else None
            if (
                not defaults
                and isinstance(only, cst.Assign)
                and len(only.targets) == 1
                and isinstance(only.targets[0].target, cst.Name)
                and isinstance(only.value, cst.Call)
                and isinstance(only.value.func, cst.Name)
                and only.value.func.value == name
                and item is not None
                and len(cast(cst.With, statement).items) == 1
                and isinstance(item.item, cst.Call)
                and self.resolve(item.item.func) in SESSIONS
                and not item.item.args
                and (
                    item.asname is None
                    or not any(n.value == cast(cst.Name, item.asname.name).value for n in loaded_names(only.value))
                )
            ):
                with_block = cast(cst.IndentedBlock, block)
                moved = list(with_block.body[: max(lead, 1)])
                session = cast(cst.Name, item.asname.name).value if item.asname is not None else None
                if lead and any(_reads_session(s, session) for s in moved):
                    body.append(statement)
                    continue
                rest = with_block.with_changes(body=with_block.body[len(moved) :])
                rebuilt = cast(cst.With, statement).with_changes(body=rest)
                self.origins.add(rebuilt, statement)
                self.origins.add(rest, with_block)
                moved[0] = moved[0].with_changes(leading_lines=[])
                body.extend([*moved, rebuilt])
                continue
            body.append(statement)
        return module.with_changes(body=body)

    def deny(self, construct: str, node: cst.CSTNode) -> Blocked:
        return Blocked(construct, self.line_of(node))

    # --------------------------------------------------------------------------------------- shape
    def shape(self) -> Shape:
        definition = self.definition
        name = definition.name.value
        if definition.bases or definition.keywords:
            bases = [b for b in definition.bases if not metaclasses.inert_base(self.module, b.value)]
            cell = next((b for b in bases if (self.resolve(b.value) or "").endswith(RNN_CELLS)), None)
            if cell is not None:
                raise self.deny(
                    f"class `{name}` is an RNN cell of the program's own (a subclass of "
                    f"`{cst.Module([]).code_for_node(cell.value)}`): TF1 built its variables where tf.nn.dynamic_rnn "
                    "or static_rnn first called it, under the run's scope, with the graph's op seeds there; no eager "
                    "cell of a program's own is modelled",
                    definition,
                )
            if bases or (definition.keywords and not metaclasses.inert_keywords(self.module, definition)):
                raise self.deny(
                    f"class `{name}` builds graph ops and has a base class (not modelled)"
                    + _bases_named(self.module, bases),
                    definition,
                )
        if definition.decorators:
            raise self.deny(f"class `{name}` builds graph ops and is decorated", definition)
        methods: dict[str, cst.FunctionDef] = {}
        properties: dict[str, str] = {}
        body = definition.body.body if isinstance(definition.body, cst.IndentedBlock) else ()
        for statement in body:
            if isinstance(statement, cst.FunctionDef) and not statement.decorators and not statement.asynchronous:
                if self_name(statement) is None or statement.name.value in methods:
                    raise self.deny(f"method `{statement.name.value}` of class `{name}`", statement)
                methods[statement.name.value] = statement
                continue
            if isinstance(statement, cst.FunctionDef) and (held := _property_of(statement)) is not None:
                properties[statement.name.value] = held
                continue
            if is_docstring(statement):  # a comment written as a string, between methods: a no-op
                continue
            raise self.deny(_unmodelled_member(name, statement), statement)
        init = methods.get("__init__")
        if init is None:
            builds = next(
                (
                    (method, found)
                    for method, function in methods.items()
                    if (found := method_variables.made_variable(self.module, definition, function, self.resolve))
                ),
                None,
            )
            if builds is not None:  # ``logit`` making get_variable weights where the module calls it
                raise self.deny(
                    f"class `{name}` builds graph ops outside a constructor: method `{builds[0]}`"
                    + self.variables_made(builds[1]),
                    definition,
                )
            raise self.deny(f"class `{name}` builds graph ops outside a constructor", definition)
        sites = self.instances(name)
        instance, site, call = sites[0]
        shape = Shape(definition, instance, site, call, init, properties=properties)
        pending = [init]
        while pending:  # ``__init__`` -> ``self.build()`` -> ``self.add_placeholders()``: each built once, in order
            caller = pending.pop(0)
            for statement, method in _own_calls(caller, self_name(caller) or ""):
                call = cast(cst.Call, cast(cst.Expr, statement.body[0]).value)
                if call.args and (method not in methods or not passes_own_names(call, methods[method])):
                    continue  # ``self.build(n_hidden * 2)``: not a builder, named below as a method call
                if method in methods and method != "__init__" and method not in shape.builders:
                    shape.builders[method] = methods[method]
                    pending.append(methods[method])
        for method, function in methods.items():
            if method == "__init__" or method in shape.builders:
                continue
            shape.runners[method] = function
        self.bind(shape)
        for caller in (init, *shape.builders.values()):
            owner = self_name(caller)
            for node in descendants(caller.body):
                if attribute_of(node, owner) and cast(cst.Attribute, node).attr.value in shape.runners:
                    method = cast(cst.Attribute, node).attr.value
                    if (counted := class_helper_methods.changing_call(definition, method, self.line_of)) is not None:
                        raise self.deny(
                            f"class `{name}` calls helper `{method}` while building the graph: {counted}", node
                        )
                    raise self.deny(
                        f"class `{name}` calls method `{cast(cst.Attribute, node).attr.value}` while building the "
                        "graph, in an expression or a block other than `with` (only `self.method()` statements of the "
                        "constructor and of the builders it calls are followed, or `self.method(a, b)` passing each "
                        "parameter a name of its own spelling the method never binds again, or a helper taking "
                        "arguments that reads `self` only as `self.attr` loads, named nowhere outside the class, or a method "
                        "ending in its one `return`, named nowhere but by its one call, which a statement of the "
                        "constructor or of a builder it calls evaluates first, as in `self.q = tf.identity(self.m(x))`)",
                        node,
                    )
        hosts = HostAttributes(self.module, self.resolve, self.line_of, name, init)
        reading = {  # the runners reading the Session through ``self``, and those calling them (session_callers)
            method
            for method, function in shape.runners.items()
            if any(
                attribute_of(n, self_name(function)) and cast(cst.Attribute, n).attr.value in shape.session_attrs
                for n in descendants(function.body)
            )
        }
        reading |= session_callers.callers(shape.runners, reading)
        for method, function in shape.runners.items():
            if method in reading:
                shape.injected.add(method)
            elif (asked := self.returned_once(shape, function)) is not None:
                shape.returners[method] = (function, asked)
            elif not (
                _runs_with_param(function)
                or is_host_method(function, hosts)
                or run_phase_methods.is_run_phase_method(function, hosts)
            ):
                if (
                    why := class_session_methods.setter_refusal(self.definition, self.resolve, self.module)
                ) is not None:
                    raise self.deny(why.reason, why.node)  # ``set_session`` is host code: what is not read is named
                made = method_variables.made_variable(self.module, self.definition, function, self.resolve)
                if (several := instance_lists.several_calls(self.module, self.resolve, name, function)) is not None:
                    raise self.deny(several + self.variables_made(made), function)  # ``h1.forward(X)``, ...
                if made is not None:
                    raise self.deny(
                        f"method `{method}` of class `{name}` is called by the module" + self.variables_made(made),
                        function,
                    )
                raise self.deny(
                    f"method `{method}` of class `{name}` neither builds the graph (called once by the constructor) "
                    "nor runs it in a Session",
                    function,
                )
        for method in shape.returners:
            del shape.runners[method]
        return shape

    def variables_made(self, made: cst.Call | None) -> str:
        """The words naming the variable a method the module calls makes, and the reuse sharing it; empty for none."""
        if made is None:
            return ""
        shared = method_variables.sharing(self.module, self.resolve, self.line_of)
        return (
            f"; it makes variables (`{self.module.code_for_node(made.func)}`, line {self.line_of(made)}) at its call"
            + (f", shared between calls by {shared}" if shared else "")
            + ": the class proof reads variables where the constructor makes them (a method building variables "
            "where the module calls it, each call under a reusing scope given the first call's, is not modelled: "
            "eagerly each call would make new ones)"
        )

    def returned_once(self, shape: Shape, function: cst.FunctionDef) -> cst.SimpleStatementLine | None:
        """The module's one ``cost = model.cost(y)`` of a method that returns one expression of its parameters (a
        further graph definition, after the constructor's), each passed a module-level name: the statement, else
        None. The module program reads it as ``cost = <the expression>``, the parameters the names passed."""
        if method_variables.made_variable(self.module, self.definition, function, self.resolve) is not None:
            return None  # made at each call eagerly: the variables are not read as the constructor's
        body = [s for i, s in enumerate(body_of(function)) if not (i == 0 and is_docstring(s))]
        smalls = [s.body[0] for s in body if isinstance(s, cst.SimpleStatementLine) and len(s.body) == 1]
        only = smalls[-1] if smalls and len(smalls) == len(body) else None  # a body of only a docstring: none
        params = function.params
        if (
            not isinstance(only, cst.Return)
            or not all(  # ``correct = tf.equal(...)``: locals bound once before the return
                isinstance(a, cst.Assign) and len(a.targets) == 1 and isinstance(a.targets[0].target, cst.Name)
                for a in smalls[:-1]
            )
            or len({cast(cst.Name, cast(cst.Assign, a).targets[0].target).value for a in smalls[:-1]})
            != len(smalls) - 1
            or only.value is None
            or params.star_arg not in (None, cst.MaybeSentinel.DEFAULT)
            or params.star_kwarg is not None
            or params.kwonly_params
            or params.posonly_params
        ):
            return None
        name = function.name.value
        uses = [
            n
            for n in descendants(self.module)
            if isinstance(n, cst.Attribute) and n.attr.value == name and isinstance(n.value, cst.Name)
        ]
        sites = [
            statement
            for statement in self.module.body
            if isinstance(statement, cst.SimpleStatementLine)
            and len(statement.body) == 1
            and isinstance(assign := statement.body[0], cst.Assign)
            and len(assign.targets) == 1
            and isinstance(assign.targets[0].target, cst.Name)
            and isinstance(call := assign.value, cst.Call)
            and isinstance(call.func, cst.Attribute)
            and call.func.attr.value == name
            and isinstance(call.func.value, cst.Name)
            and call.func.value.value == shape.instance
        ]
        if len(uses) != 1 or len(sites) != 1 or self.module.body.index(sites[0]) < self.module.body.index(shape.site):
            return None
        call = cast(cst.Call, cast(cst.Assign, sites[0].body[0]).value)
        names = [p.name.value for p in params.params[1:]]
        if len(call.args) != len(names) or any(a.star or not isinstance(a.value, cst.Name) for a in call.args):
            return None
        passed = {a.keyword.value if a.keyword else names[i]: a.value for i, a in enumerate(call.args)}
        if set(passed) != set(names):
            return None
        for assign in smalls[:-1]:  # each local its own name in the module program, back in the method
            local = cast(cst.Name, cast(cst.Assign, assign).targets[0].target).value
            renamed = f"{local}__{name}_local"
            while any(isinstance(n, cst.Name) and n.value == renamed for n in descendants(self.module)):
                renamed += "_"
            if local in names or any(local in local_names(f) for f in (shape.init, *shape.builders.values())):
                return None  # one module name for two locals: not the program's meaning
            shape.renames[local] = renamed
        return sites[0]

    def instances(self, name: str) -> list[tuple[str, cst.SimpleStatementLine, cst.Call]]:
        sites = [
            (target, statement, call)
            for target, statement, call in _assigned_calls(self.module)
            if isinstance(call.func, cst.Name) and call.func.value == name
        ]
        uses = [
            n
            for n in descendants(self.module)
            if isinstance(n, cst.Name) and n.value == name and n is not self.definition.name
        ]
        constructed = {id(c.func) for _, _, c in sites}
        other = [n for n in uses if id(n) not in constructed]
        bases = {  # ``class Model(BaseModel):``, the project template's model hierarchy
            id(n): c.name.value
            for c in descendants(self.module)
            if isinstance(c, cst.ClassDef)
            for arg in c.bases
            for n in [arg.value, *descendants(arg.value)]
        }
        if other and id(other[0]) in bases:
            used = unconstructed_subclasses.named(self.module, name)
            classes = list(dict.fromkeys(n for n, _ in used))
            several = (
                f", and the program names {len(classes)} classes of this hierarchy ("
                + ", ".join(f"`{n}` line {self.line_of(next(at for c, at in used if c == n))}" for n in classes)
                + ")"
                if len(classes) > 1
                else ""
            )
            raise self.deny(
                f"class `{bases[id(other[0])]}` derives from class `{name}`, which builds graph ops{several} (a "
                "hierarchy is modelled only where the program constructs one class of it, the others named nowhere, "
                "as one derived class of this base, whose constructor calls `super().__init__` passing each base "
                "parameter its own parameter of that name, its methods plain, "
                "`@property` or `@abstractmethod` ones the derived class defines, `super()` called only as a "
                "statement of a method calling the base's method it overrides, no metaclass but `ABCMeta`)",
                next((at for c, at in used if c == classes[1]), other[0]) if len(classes) > 1 else other[0],
            )
        if other:
            where, at = constructed_where(self.module, other[0], self.resolve)
            raise self.deny(
                f"class `{name}` builds graph ops and is used here other than by one module-level `x = {name}(...)`"
                + where,
                at,
            )
        if not sites:
            raise self.deny(
                f"class `{name}` builds graph ops and the module constructs no instance of it", self.definition
            )
        if len(sites) > 1 and owns_graph(self.definition, self.resolve):
            raise self.deny(
                f"class `{name}` is constructed more than once, each instance building its variables in a `tf.Graph` "
                "of its own (TF1 gives them the same names in each graph): such instances are read only when each is "
                "a module-level `x = Class(...)` statement whose statements up to the next construction are a "
                "program of their own (instance_graphs.py)",
                sites[1][1],
            )
        if len(sites) > 1:
            raise self.deny(
                f"class `{name}` is constructed more than once (each instance's variables took their own TF1 names, "
                "`W` then `W_1`: several instances are read only when each is a module-level `x = Class(...)` "
                "statement, proved as its own copy of the class)",
                sites[1][1],
            )
        return sites

    def bind(self, shape: Shape) -> None:
        """The constructor's parameters bound to the call's arguments; the one a Session is passed to noted."""
        init, call = shape.init, shape.call
        params = init.params
        if params.star_arg not in (None, cst.MaybeSentinel.DEFAULT) or params.star_kwarg is not None:
            raise self.deny("the constructor takes *args or **kwargs", init)
        if params.kwonly_params or params.posonly_params or any(a.star for a in call.args):
            raise self.deny("the constructor's parameters are not plain positional ones", init)
        names = [p.name.value for p in params.params[1:]]
        sessions = self.sessions()
        for index, param in enumerate(params.params[1:]):
            arg = argument(call, index, param.name.value)
            value = arg.value if arg is not None else param.default
            if value is None:
                raise self.deny(f"constructor parameter `{param.name.value}` is not passed", call)
            if isinstance(value, cst.Name) and value.value in sessions:
                shape.session, shape.session_param = value.value, param.name.value
                continue
            shape.bindings.append((param.name.value, value))
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value not in names:
                raise self.deny(f"constructor keyword `{arg.keyword.value}`", call)
        if shape.session:
            own = self_name(init)
            for node in descendants(init.body):
                if isinstance(node, cst.SimpleStatementLine) and len(node.body) == 1:
                    small = node.body[0]
                    if (
                        isinstance(small, cst.Assign)
                        and len(small.targets) == 1
                        and attribute_of(small.targets[0].target, own)
                        and isinstance(small.value, cst.Name)
                        and small.value.value == shape.session_param
                    ):
                        shape.session_attrs.add(small.targets[0].target.attr.value)  # type: ignore[attr-defined]
                        shape.session_statements.add(node)
        opened: set[int] = set()
        for statement in body_of(init):  # ``self.sess = tf.Session()`` in the constructor: a holder class
            only = (
                statement.body[0]
                if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1
                else None
            )
            if (
                isinstance(only, cst.Assign)
                and len(only.targets) == 1
                and attribute_of(only.targets[0].target, self_name(init))
                and isinstance(only.value, cst.Call)
                and self.resolve(only.value.func) in SESSIONS
            ):
                if shape.session:
                    raise self.deny("the class holds more than one Session", statement)
                attr = cast(cst.Attribute, only.targets[0].target).attr.value
                shape.session = f"{shape.instance}__{attr}"
                shape.session_attrs.add(attr)
                opened.add(id(only.value))
        for node in descendants(self.definition):
            if isinstance(node, cst.Call) and self.resolve(node.func) in SESSIONS and id(node) not in opened:
                why = class_session_methods.refusal(self.module, self.resolve, self.definition)
                other = why.other if why is not None else None
                placed = (
                    session_method_branches.placed(self.module, self.line_of, why.node, other.name.value)
                    if why is not None and other is not None
                    else ""
                )
                reason = why.reason if why is not None else ""
                if placed:  # each branch calls one: neither call's own shape is what stops the pair
                    opening = class_session_methods.openers(self.definition, self.resolve)
                    reason = (
                        f"methods {' and '.join(f'`{m}`' for m in opening)} each open one, and two such methods are "
                        "read only as a pair, each called once by a statement of one block"
                    )
                raise self.deny(
                    "the class opens a Session other than once as a constructor's attribute or in one method read at its call"
                    + (f": {reason}" if reason else "")
                    + (
                        f" (method `{other.name.value}`, line {self.line_of(other)}, opens a second Session{placed})"
                        if other is not None
                        else ""
                    ),
                    why.node if why is not None else node,
                )

    def run(self) -> tuple[cst.Module, list[tuple[int, str]]]:
        from tfmigrate.transforms.session import eager_program  # the module program's own path, one level down

        shape = self.shape()
        self.checks(shape)
        synthetic = self.desugar(shape)
        origins = self.origins
        fallback = self.line_of(self.definition)

        def resolve_new(node: cst.CSTNode) -> str | None:
            try:
                return self.resolve(origins.of(node))
            except KeyError:
                return None

        def line_of_new(node: cst.CSTNode) -> int:
            try:
                return self.line_of(origins.of(node))
            except KeyError:
                return fallback

        attribute = re.compile(rf"\b{re.escape(shape.instance)}__(\w+)")
        try:
            out, changes = eager_program(synthetic, resolve_new, line_of_new)
        except Blocked as blocked:  # its reason names ``self.attr`` and the locals as the program wrote them
            raise Blocked(self.spelled(shape, attribute.sub(r"self.\1", blocked.construct)), blocked.line) from None
        changes = [
            (line, respelled(message, self.spelled(shape, attribute.sub(r"self.\1", message))))
            for line, message in changes
        ]
        self.read_elsewhere(shape, synthetic, out)
        resugared = constructing_functions.rewrap(self.resugar(shape, out), self.inlined, fallback)
        migrated = reguard(rewrap_chain(resugared, self.unwrapped, fallback), self.guard)
        name = self.definition.name.value
        changes.append(
            (
                fallback,
                f"class `{name}`'s graph runs eagerly: its tensors are functions of the fed values, its train op a train step",
            )
        )
        return migrated, sorted(changes)

    def read_elsewhere(self, shape: Shape, synthetic: cst.Module, out: cst.Module) -> None:
        """An attribute whose later value the rewrite names apart (``self.gain`` bound again: ``self.gain_1``,
        later_rebinds.py) that a module beside the program importing it reads (``model.gain``): that module would
        read the earlier value, so the rewrite refuses (the run's facts, siblings.Reader.readers)."""
        prefix = f"{shape.instance}__"

        def attributes(module: cst.Module) -> set[str]:
            return {
                n.value[len(prefix) :]
                for n in descendants(module)
                if isinstance(n, cst.Name) and n.value.startswith(prefix)
            }

        before = attributes(synthetic)
        for new in sorted(attributes(out) - before):
            base = re.sub(r"_\d+$", "", new)
            reader = sibling_modules.read_elsewhere(base) if base in before else None
            if reader is not None:
                stores = [
                    n
                    for n in descendants(self.definition)
                    if isinstance(n, cst.AssignTarget)
                    and isinstance(n.target, cst.Attribute)
                    and n.target.attr.value == base
                ]
                raise self.deny(
                    f"`self.{base}` of class `{self.definition.name.value}` is bound again, its later value named "
                    f"`self.{new}` by the rewrite, and module `{reader}`, which imports this one, reads `.{base}` "
                    "(it would read the earlier value)",
                    stores[-1] if stores else self.definition,
                )

    @staticmethod
    def spelled(shape: Shape, message: str) -> str:
        for name, renamed in shape.renames.items():
            message = re.sub(rf"\b{re.escape(renamed)}\b", name, message)
        return message

    # --------------------------------------------------------------------------------------- desugar
    def checks(self, shape: Shape) -> None:
        """What would make the class mean something else as a module program."""
        prefix = f"{shape.instance}__"
        clash = next(
            (n for n in descendants(self.module) if isinstance(n, cst.Name) and n.value.startswith(prefix)), None
        )
        if clash is not None:
            raise self.deny(
                f"`{clash.value}` is spelled like the names tfmigrate gives the instance's attributes", clash
            )
        if shape.injected and not shape.session:
            first = shape.runners[sorted(shape.injected)[0]]
            raise self.deny(f"method `{first.name.value}` of a class not passed a Session of the module", first)
        outside = module_names(self.module, cast(cst.FunctionDef, self.definition))
        own: dict[str, cst.CSTNode] = {}
        for function in (shape.init, *shape.builders.values()):
            for name, site in local_names(function).items():
                if name not in (self_name(function), shape.session_param):
                    own.setdefault(name, site)
        for name, value in shape.bindings:
            if isinstance(value, cst.Name) and value.value == name:
                own.pop(name, None)  # ``Model(lr)`` into ``def __init__(self, lr)``: the same value either way
        taken = {n.value for n in descendants(self.module) if isinstance(n, cst.Name)}
        # a Session method's own local of the same name (``action = [d[1] for d in batch]``) reads its own value,
        # but the proof would meet it as a later binding of the module-level name
        runner_locals = {n for f in shape.runners.values() for n in local_names(f)}
        for name in own:  # proved where the module constructs the instance: a local of its own name there
            if name in outside or name in runner_locals:
                renamed = f"{name}__{self.definition.name.value}_local"
                while renamed in taken:
                    renamed += "_"
                shape.renames[name] = renamed
        pairs: list[tuple[str, cst.FunctionDef]] = [*shape.builders.items(), ("__init__", shape.init)]
        for method, built in pairs:
            owner = self_name(built)
            params = built.params
            if (
                method != "__init__"
                and (len(params.params) != 1 or params.star_arg not in (None, cst.MaybeSentinel.DEFAULT))
                and not self.passed_own_names(shape, method)
            ):
                raise self.deny(f"method `{method}` builds the graph and takes arguments", built)
            for node in _own_nodes(built.body):
                if isinstance(node, (cst.Return, cst.Yield, cst.Global, cst.Nonlocal)):
                    raise self.deny(
                        f"a `{type(node).__name__.lower()}` in method `{method}`, which builds the graph", node
                    )
            self.bare_uses(built, owner, closures=True)
        constructed = {
            t.attr.value
            for f in (shape.init, *shape.builders.values())
            for n in descendants(f.body)
            if isinstance(n, (cst.AssignTarget, cst.AugAssign))
            for t in [n.target]
            if attribute_of(t, self_name(f)) and isinstance(t, cst.Attribute)
        }
        if shape.runners:  # ``self.epsilon -= decay``: host state no graph op read (runner_host_state.py)
            hosts = HostAttributes(self.module, self.resolve, self.line_of, self.definition.name.value, shape.init)
            constructed -= unread_host_state([shape.init, *shape.builders.values()], hosts)
        for function in shape.runners.values():
            self.bare_uses(function, self_name(function))
            for node in descendants(function.body):  # a runner rebinding what the constructor built
                target = node.target if isinstance(node, (cst.AssignTarget, cst.AugAssign)) else None
                if isinstance(target, cst.Attribute) and attribute_of(target, self_name(function)):
                    if target.attr.value in constructed:
                        raise self.deny(
                            f"method `{function.name.value}` rebinds `self.{target.attr.value}`, which the "
                            "constructor built",
                            node,
                        )
        owners = {self_name(f) for f in (shape.init, *shape.builders.values(), *shape.runners.values())}
        own_calls = [
            (s, m) for f in (shape.init, *shape.builders.values()) for s, m in _own_calls(f, self_name(f) or "")
        ]
        for method in shape.builders:
            sites = [s for s, m in own_calls if m == method]
            if len(sites) > 1:
                raise self.deny(f"method `{method}` builds the graph and is called more than once", sites[1])
        builder_calls = {id(cast(cst.Expr, s.body[0]).value) for s, _ in own_calls}
        others = {  # another class's ``self.build()`` (instance_copies.py's copy for a second construction) is its own
            id(n)
            for c in descendants(self.module)
            if isinstance(c, cst.ClassDef) and c is not self.definition
            for n in descendants(c)
        }
        for node in descendants(self.module):
            if isinstance(node, cst.Call) and id(node) in builder_calls:
                continue
            if (
                isinstance(node, cst.Attribute)
                and node.attr.value in shape.builders
                and isinstance(node.value, cst.Name)
                and (node.value.value == shape.instance or (node.value.value in owners and id(node) not in others))
                and not any(
                    c.func is node
                    for c in descendants(self.module)
                    if isinstance(c, cst.Call) and id(c) in builder_calls
                )
            ):
                raise self.deny(
                    f"method `{node.attr.value}` builds the graph and is used other than called once by the constructor",
                    node,
                )
        holder = passed_to_class(self.module, shape.instance)
        if holder is not None:  # the project template's ``ExampleTrainer(sess, model, data, config)``
            raise self.deny(
                f"instance `{shape.instance}` is passed to class `{holder[0]}`, which would hold it (a class holding "
                "the instance and running the Session on its attributes is not modelled)",
                holder[1],
            )
        site_target = cast(cst.Assign, shape.site.body[0]).targets[0]
        passed = instance_params.passed_instance(self.module, shape.instance)  # ``def train(sess, model)``
        state = host_state.state_attributes(self.module, self.resolve, self.definition, shape.instance)
        for node in descendants(self.module):  # the name means the instance everywhere it is read
            target = None
            if isinstance(node, (cst.AssignTarget, cst.For, cst.CompFor, cst.AugAssign, cst.AnnAssign)):
                target = node.target if node is not site_target and not host_state.stores(node, state) else None
            elif isinstance(node, cst.Param) and id(node) not in passed:
                target = node.name
            elif isinstance(node, cst.WithItem) and node.asname is not None:
                target = node.asname.name
            elif isinstance(node, (cst.FunctionDef, cst.ClassDef)):
                target = node.name
            if target is not None and any(n.value == shape.instance for n in stored_names(target)):
                through = _stored_through(target, shape.instance)
                if through is not None:  # ``model.k = 9.0``: the instance changed, not rebound
                    raise self.deny(
                        f"`{self.module.code_for_node(through)}` is stored (the program changes the instance of "
                        f"class `{self.definition.name.value}` after its construction, which the rewrite does not "
                        "model)",
                        node,
                    )
                raise self.deny(
                    f"`{shape.instance}` is bound again (it holds the instance of class `{self.definition.name.value}`)",
                    node,
                )
        held = {id(a.value) for a in descendants(self.module) if isinstance(a, cst.Attribute)}
        target = shape.site.body[0].targets[0].target  # type: ignore[attr-defined]
        for node in descendants(self.module):
            if (
                isinstance(node, cst.Name)
                and node.value == shape.instance
                and node is not target
                and id(node) not in held
            ):
                raise self.deny(f"instance `{shape.instance}` is used other than through its attributes", node)

    @staticmethod
    def passed_own_names(shape: Shape, method: str) -> bool:
        """Every call of the builder passes its parameters their own names (builder_arguments.py)."""
        calls = [
            cast(cst.Call, cast(cst.Expr, s.body[0]).value)
            for f in (shape.init, *shape.builders.values())
            for s, m in _own_calls(f, self_name(f) or "")
            if m == method
        ]
        return bool(calls) and all(passes_own_names(c, shape.builders[method]) for c in calls)

    def bare_uses(self, function: cst.FunctionDef, owner: str | None, closures: bool = False) -> None:
        """``closures``: a builder's plain nested ``def`` (a cell factory) is read where the builder's body is
        (method_closures.py)."""
        values = {id(a.value) for a in descendants(function.body) if isinstance(a, cst.Attribute)}
        for node in descendants(function.body):
            if isinstance(node, cst.Name) and node.value == owner and id(node) not in values:
                raise self.deny(f"`{owner}` is used other than through its attributes", node)
        keys = {  # ``sorted(vs, key=lambda v: v.name)``: a host sort key reading its own parameter only
            id(a.value)
            for c in descendants(function.body)
            if isinstance(c, cst.Call) and host_builtins.builtin_of(self.module, c.func, KEYED)
            for a in c.args
            if a.keyword is not None and a.keyword.value == "key" and isinstance(a.value, cst.Lambda)
        }
        for node in descendants(function.body):
            if isinstance(node, cst.Lambda) and id(node) in keys:
                params = {p.name.value for p in node.params.params}
                if {n.value for n in loaded_names(node.body)} <= params and not isinstance(
                    node.params.star_arg, cst.Param
                ):
                    continue
            if closures and isinstance(node, cst.FunctionDef) and method_closures.plain(node):
                continue
            if isinstance(node, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
                raise self.deny(f"a nested `{type(node).__name__}` in method `{function.name.value}`", node)

    def literals(self, shape: Shape) -> dict[str, str]:
        """Attributes bound once to a parameter given a string literal (``self.name = name``, ``Model(sess, "m1")``),
        spelled in the module program as that literal (``tf.variable_scope(self.name)`` needs its value), in a
        spelling the module does not use, so that the class gets the attribute back."""
        given = {p: v for p, v in shape.bindings if isinstance(v, cst.SimpleString)}
        bound: dict[str, list[cst.BaseExpression]] = {}
        for node in descendants(self.definition):
            if isinstance(node, cst.AssignTarget) and isinstance(node.target, cst.Attribute):
                bound.setdefault(node.target.attr.value, []).append(node.target)
            if (
                isinstance(node, cst.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0].target, cst.Attribute)
            ):
                bound.setdefault(node.targets[0].target.attr.value, []).append(node.value)
            if isinstance(node, cst.AugAssign) and isinstance(node.target, cst.Attribute):
                bound.setdefault(node.target.attr.value, []).extend([node.value, node.value])
        code = module_code(self.module)
        found = {}
        for attr, values in bound.items():
            if len(values) == 2 and isinstance(values[0], cst.Name) and values[0].value in given:
                text = given[values[0].value].evaluated_value
                if not isinstance(text, str) or "'" in text or '"' in text or "\\" in text:
                    continue
                spelling = next((q + text + q for q in ("'''", '"""') if q + text + q not in code), None)
                if spelling is not None and spelling not in found:
                    found[attr] = spelling
        return found

    def desugar(self, shape: Shape) -> cst.Module:
        tag = self.definition.name.value
        origins = self.origins
        literals = self.literals(shape)
        self.markers = {v: k for k, v in literals.items()}
        prefix = f"{shape.instance}__"
        at_module = Desugar(shape, shape.instance, origins, {})
        body: list[cst.BaseStatement] = []

        def mark(name: str, original: cst.CSTNode) -> cst.SimpleStatementLine:
            statement = sentinel(name)
            for node in descendants(statement):
                origins.add(node, original)
            return statement

        def method(function: cst.FunctionDef) -> list[cst.BaseStatement]:
            """The body, each builder it calls expanded in place between its sentinels."""
            owner = self_name(function) or ""
            calls = {id(s): m for s, m in _own_calls(function, owner) if m in shape.builders}
            sugar = Desugar(shape, owner, origins, literals, shape.renames)

            def expand(statements) -> list[cst.BaseStatement]:
                expanded: list[cst.BaseStatement] = []
                for inner in statements:
                    if inner in shape.session_statements:
                        continue
                    built = calls.get(id(inner))
                    if built is not None:
                        expanded.append(mark(BEGIN.format(tag, built), inner))
                        expanded.extend(method(shape.builders[built]))
                        expanded.append(mark(END.format(tag, built), inner))
                    elif isinstance(inner, cst.With) and any(id(n) in calls for n in descendants(inner.body)):
                        items = [cast(cst.WithItem, item.visit(sugar)) for item in inner.items]
                        block = cast(cst.IndentedBlock, inner.body)
                        rebuilt = inner.with_changes(items=items, body=block.with_changes(body=expand(block.body)))
                        origins.add(rebuilt, inner)
                        origins.add(rebuilt.body, inner.body)
                        expanded.append(rebuilt)
                    else:
                        expanded.append(cast(cst.BaseStatement, inner.visit(sugar)))
                return expanded

            return expand(body_of(function))

        for statement in self.module.body:
            if statement is self.definition:
                body.append(mark(CLASS.format(tag), statement))
                for name, function in shape.runners.items():
                    sugar = Desugar(shape, self_name(function) or "", origins, literals)
                    converted = cast(cst.FunctionDef, function.visit(sugar))
                    params = list(converted.params.params[1:])
                    if name in shape.injected:
                        first = cst.Param(cst.Name(shape.session))
                        origins.add(first, function.params.params[0])
                        origins.add(first.name, function.params.params[0])
                        params.insert(0, first)
                    converted = converted.with_changes(
                        name=cst.Name(prefix + name), params=converted.params.with_changes(params=params)
                    )
                    origins.add(converted, function)
                    origins.add(converted.name, function.name)
                    body.append(converted)
                continue
            returned = next((m for m, (_, s) in shape.returners.items() if s is statement), None)
            if returned is not None:  # ``cost = model.cost(y)``: ``cost = <its expression of y>``
                returner, asked = shape.returners[returned]
                call = cast(cst.Call, cast(cst.Assign, asked.body[0]).value)
                names = [p.name.value for p in returner.params.params[1:]]
                passed = {
                    a.keyword.value if a.keyword else names[i]: cast(cst.Name, a.value).value
                    for i, a in enumerate(call.args)
                }
                sugar = Desugar(shape, self_name(returner) or "", origins, literals, {**shape.renames, **passed})
                *local, last = [s for i, s in enumerate(body_of(returner)) if not (i == 0 and is_docstring(s))]
                value = cast(cst.Return, cast(cst.SimpleStatementLine, last).body[0]).value
                expression = cast(cst.BaseExpression, cast(cst.BaseExpression, value).visit(sugar))
                line = asked.with_changes(body=[cast(cst.Assign, asked.body[0]).with_changes(value=expression)])
                origins.add(line, asked)
                origins.add(line.body[0], asked.body[0])
                body.append(mark(BEGIN.format(tag, f"return_{returned}"), statement))
                body.extend(cast(cst.BaseStatement, s.visit(sugar)) for s in local)
                body.append(line)
                body.append(mark(END.format(tag, f"return_{returned}"), statement))
                continue
            if statement is shape.site:
                body.append(mark(BEGIN.format(tag, "site"), statement))
                for name, value in shape.bindings:
                    if isinstance(value, cst.Name) and value.value == name and name not in shape.renames:
                        continue
                    target = cst.Name(shape.renames.get(name, name))
                    binding = cst.SimpleStatementLine(
                        body=[cst.Assign(targets=[cst.AssignTarget(target)], value=value)]
                    )
                    param = next(p for p in shape.init.params.params if p.name.value == name)
                    for node in descendants(binding):  # at the constructor's line, before its body
                        if node is not value and not any(node is d for d in descendants(value)):
                            origins.add(node, param)
                    body.append(binding)
                body.append(mark(BEGIN.format(tag, "__init__"), statement))
                body.extend(method(shape.init))
                body.append(mark(END.format(tag, "__init__"), statement))
                continue
            body.append(statement.visit(at_module))  # type: ignore[arg-type]
        return self.module.with_changes(body=body)

    # --------------------------------------------------------------------------------------- resugar
    def resugar(self, shape: Shape, out: cst.Module) -> cst.Module:
        tag = self.definition.name.value
        prefix = f"{shape.instance}__"
        labels = {id(n.attr) for n in descendants(out) if isinstance(n, cst.Attribute)} | {
            id(n.keyword) for n in descendants(out) if isinstance(n, cst.Arg) and n.keyword is not None
        }
        taken = {n.value for n in descendants(out) if isinstance(n, cst.Name) and id(n) not in labels}
        spelling: tuple[dict[str, set[str]], dict[str, str]] = (parameters_of(out, prefix), {})  # spelled once
        runners: dict[str, cst.FunctionDef] = {}
        module_part: list = []
        raw: list = []  # the constructor's part, builder sentinels still in it
        site_part: list = []
        returned: dict[str, list] = {}  # a returning method -> what the rewrite made of its module statement
        returning = ""
        inside = outside_site = False
        site_at = class_at = -1
        for statement in out.body:
            sentinel = sentinel_name(statement)
            if sentinel == CLASS.format(tag):
                class_at = len(module_part)
                module_part.append(statement)
            elif sentinel == BEGIN.format(tag, "site"):
                site_at = len(module_part)
                module_part.append(statement)
                outside_site = True
            elif sentinel is not None and sentinel.startswith(BEGIN.format(tag, "return_")):
                returning = sentinel.removeprefix(BEGIN.format(tag, "return_"))
                returned[returning] = []
            elif sentinel is not None and sentinel.startswith(END.format(tag, "return_")):
                module_part.append(self.returned(shape, returning, returned[returning]))
                returning = ""
            elif returning:
                returned[returning].append(statement)
            elif sentinel == BEGIN.format(tag, "__init__"):
                inside = True
            elif sentinel == END.format(tag, "__init__"):
                inside = outside_site = False
            elif inside:
                raw.append(statement)
            elif outside_site:
                site_part.append(statement)  # the constructor's arguments bound to its parameters
            elif isinstance(statement, cst.FunctionDef) and statement.name.value.startswith(prefix):
                runners[statement.name.value.removeprefix(prefix)] = statement
            else:
                module_part.append(statement)
        inlined = run_phase_methods.inlined(set(shape.runners) - set(runners), prefix, taken)
        if (
            site_at < 0
            or class_at < 0
            or set(runners) | inlined != set(shape.runners)
            or set(returned) != set(shape.returners)
        ):
            raise self.deny(
                f"the rewrite of class `{self.definition.name.value}` could not be put back", self.definition
            )
        calls = {m: s for f in (shape.init, *shape.builders.values()) for s, m in _own_calls(f, self_name(f) or "")}
        regions: dict[str, list] = {}

        def split(statements: list, name: str) -> list:
            """The statements of one method's part, each builder's part cut out and its call put back."""
            kept: list = []
            index = 0
            while index < len(statements):
                statement = statements[index]
                sentinel = sentinel_name(statement) or ""
                if sentinel.startswith(BEGIN.format(tag, "")):
                    built = sentinel.removeprefix(BEGIN.format(tag, ""))
                    end = [sentinel_name(s) for s in statements].index(END.format(tag, built), index)
                    regions[built] = split(statements[index + 1 : end], built)
                    kept.append(calls[built])
                    index = end + 1
                    continue
                if isinstance(statement, cst.With) and any(
                    (sentinel_name(n) or "").startswith(BEGIN.format(tag, "")) for n in descendants(statement.body)
                ):
                    block = cast(cst.IndentedBlock, statement.body)
                    statement = statement.with_changes(body=block.with_changes(body=split(list(block.body), name)))
                kept.append(statement)
                index += 1
            return kept

        regions["__init__"] = split(raw, "__init__")
        bodies: dict[str, list] = {}
        for name, statements in regions.items():
            function = shape.init if name == "__init__" else shape.builders[name]
            owner = self_name(function) or "self"
            sugar = Resugar(prefix, owner, self.markers, taken, True, *spelling)
            converted: list = []
            for item in statements:
                result = item.visit(sugar)
                if isinstance(result, cst.FlattenSentinel):
                    converted.extend(result.nodes)
                else:
                    converted.append(result)
            bodies[name] = converted
        owners = {n: self_name(shape.init if n == "__init__" else shape.builders[n]) or "self" for n in bodies}
        bodies, module_part = class_locals.expose(
            bodies, owners, module_part, site_at, prefix, self.definition, taken, set(shape.renames.values())
        )
        hoisted = _module_functions(bodies, module_part)
        module_bound = bound_names([s for s in module_part if sentinel_name(s) is None])
        functions = {n: shape.init if n == "__init__" else shape.builders[n] for n in bodies}
        bodies = shared_locals.share(bodies, owners, functions, module_bound, self.definition, taken, prefix)
        self.locality(shape, bodies, module_part, runners)
        for name, body in bodies.items():  # a local's name back where the rewrite's own use of it would capture it
            read = read_names(list(body))
            clash = next((local for local, renamed in shape.renames.items() if renamed in read and local in read), None)
            if clash is not None:
                function = shape.init if name == "__init__" else shape.builders[name]
                raise self.deny(
                    f"`{clash}` in class `{self.definition.name.value}` shares its name with a module-level graph "
                    "value the rewrite feeds to the same method",
                    function,
                )
        back = Rename({v: k for k, v in shape.renames.items()})
        bodies = {name: [cast(cst.BaseStatement, s.visit(back)) for s in body] for name, body in bodies.items()}
        methods = {}
        for name, function in runners.items():
            original = shape.runners[name]
            owner = self_name(original) or "self"
            sugar = Resugar(prefix, owner, self.markers, taken, False, *spelling)
            rewritten = cast(cst.FunctionDef, function.visit(sugar))
            methods[name] = original.with_changes(
                params=rewritten.params.with_changes(params=_with_self(original, rewritten)),
                body=rewritten.body,
            )
        for name, statements in returned.items():  # ``def cost(x, y)`` -> ``def cost(self, x, y)``
            original, function = shape.returners[name][0], cast(cst.FunctionDef, statements[-1])
            owner = self_name(original) or "self"
            sugar = Resugar(prefix, owner, self.markers, taken, False, *spelling)
            rewritten = cast(cst.FunctionDef, function.visit(sugar))
            inner = [cast(cst.BaseStatement, s.visit(sugar)) for s in statements[:-1]]
            read = read_names([*inner, rewritten])
            clash = next((k for k, v in shape.renames.items() if v in read and k in read), None)
            if clash is not None:
                raise self.deny(
                    f"`{clash}` in method `{name}` shares its name with a graph value the rewrite feeds to it", original
                )
            body = [*inner, *cast(cst.IndentedBlock, rewritten.body).body]
            body[0] = body[0].with_changes(leading_lines=[])
            if is_docstring(body_of(original)[0]):
                body.insert(0, body_of(original)[0])
            methods[name] = original.with_changes(
                params=rewritten.params.with_changes(params=_with_self(original, rewritten)),
                body=rewritten.body.with_changes(body=[cast(cst.BaseStatement, s.visit(back)) for s in body]),
            )
        still = bound_names([s for s in module_part if sentinel_name(s) is None]) | set(dir(builtins))
        dropped = {  # ``Model(x)`` into ``def __init__(self, x)``, ``x`` a placeholder the rewrite now feeds to each
            # function of it: the parameter is read nowhere else, so it and its argument go
            p
            for p, value in shape.bindings
            if isinstance(value, cst.Name)
            and value.value == p
            and p not in shape.renames
            and p not in still
            and not any(_free_read(s, p) for body in bodies.values() for s in body)
        }
        for name, body in bodies.items():  # ``self.build(n_hidden, h0)``: each name passed still bound by its caller
            caller = shape.init if name == "__init__" else shape.builders[name]
            held = {p.name.value for p in caller.params.params[1:]} - {shape.session_param} - dropped
            unbound = passed_names(body, self_name(caller) or "", set(shape.builders)) - held - bound_names(body)
            if unbound:
                raise self.deny(
                    f"`{sorted(unbound)[0]}`, which method `{name}` passes to a builder, is no value of its own in "
                    "the rewrite",
                    caller,
                )
        members: list[cst.CSTNode] = []
        for member in cast(cst.IndentedBlock, self.definition.body).body:
            kept: cst.BaseStatement = member
            if isinstance(kept, cst.FunctionDef):
                name = kept.name.value
                if name in inlined:  # read at each of its calls by the module proof: no method of the rewrite
                    continue
                if name in bodies:
                    kept = kept.with_changes(
                        body=kept.body.with_changes(body=bodies[name] or [cst.SimpleStatementLine([cst.Pass()])])
                    )
                    if name == "__init__" and (shape.session_param or dropped):
                        gone = {shape.session_param, *dropped}
                        params = [p for p in kept.params.params if p.name.value not in gone]
                        params[-1] = params[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
                        kept = kept.with_changes(params=kept.params.with_changes(params=params))
                elif name in methods:
                    kept = methods[name]
            members.append(kept)
        definition = self.definition.with_changes(body=self.definition.body.with_changes(body=members))
        call = shape.call
        if shape.session_param:
            index = [p.name.value for p in shape.init.params.params[1:]].index(shape.session_param)
            session_arg = argument(call, index, shape.session_param)
            args = [a for a in call.args if a is not session_arg]
            if args:
                args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            call = call.with_changes(args=args)
        if dropped:
            params_ = [p.name.value for p in shape.init.params.params[1:]]
            gone_args = [argument(call, params_.index(p), p) for p in dropped]
            args = [a for a in call.args if not any(a is g for g in gone_args)]
            if args:
                args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            call = call.with_changes(args=args)
        call, passed = self.arguments(shape, call, site_part, taken)
        leaked = sorted(read_names([s for s in module_part if sentinel_name(s) is None]) & self.rebound)
        if leaked:  # ``tf.train.Checkpoint(..., optimizer=optimizer)``: the argument is no module name once passed
            raise self.deny(
                f"the rewrite reads `{self.spelled(shape, leaked[0])}`, an argument of class "
                f"`{self.definition.name.value}`'s construction, outside it",
                shape.call,
            )
        for node in (n for a in call.args for n in loaded_names(a.value)):  # what the module still binds
            if node.value not in still and node.value not in {cast(cst.FunctionDef, f).name.value for f in passed}:
                raise self.deny(
                    f"the constructor of class `{self.definition.name.value}` is passed `{node.value}`, which the "
                    "rewrite feeds (a graph value of the module, not modelled as a constructor argument)",
                    shape.call,
                )
        site = shape.site.with_changes(body=[cast(cst.Assign, shape.site.body[0]).with_changes(value=call)])
        sugar = Resugar(prefix, shape.instance, {}, taken, False, *spelling)
        properties = _Properties(shape, self.module)
        final: list[cst.CSTNode] = []
        for index, statement in enumerate(module_part):
            if index == class_at:
                final.extend(hoisted)
                final.append(
                    definition.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()]) if hoisted else definition
                )
            elif index == site_at:
                if final and isinstance(final[-1], (cst.ClassDef, cst.FunctionDef)) and not site.leading_lines:
                    site = site.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()])
                blank = [cst.EmptyLine(), cst.EmptyLine()]
                final.extend(f.with_changes(leading_lines=blank) for f in passed)
                final.append(site.with_changes(leading_lines=blank) if passed else site)
            else:
                final.append(statement.visit(sugar).visit(properties))
        return out.with_changes(body=final)

    def returned(self, shape: Shape, method: str, statements: list) -> cst.SimpleStatementLine:
        """``cost = model.cost(y)`` rewritten as one function of the fed values, ``def cost(x, y)``: the method
        becomes that function (``def cost(self, x, y)``) and the module binds the name to it, ``cost =
        model.cost``; anything else refuses."""
        site = shape.returners[method][1]
        target = cast(cst.Name, cast(cst.Assign, site.body[0]).targets[0].target).value
        locals_ = set(shape.renames.values())
        if not (
            statements
            and isinstance(statements[-1], cst.FunctionDef)
            and statements[-1].name.value == target
            and not statements[-1].decorators
            and bound_names(statements[:-1]) <= locals_
            and all(isinstance(s, (cst.FunctionDef, cst.SimpleStatementLine)) for s in statements[:-1])
        ):
            raise self.deny(
                f"method `{method}` of class `{self.definition.name.value}` returns a graph value the rewrite does "
                "not make one function of the fed values",
                site,
            )
        bound = cst.Attribute(value=cst.Name(shape.instance), attr=cst.Name(method))
        return site.with_changes(body=[cast(cst.Assign, site.body[0]).with_changes(value=bound)])

    def arguments(
        self, shape: Shape, call: cst.Call, site_part: list, taken: set[str]
    ) -> tuple[cst.Call, list[cst.BaseStatement]]:
        """The constructor's arguments as the rewrite left their bindings: a binding kept as written keeps its
        argument; one the rewrite made a function of the fed values (``inpt = x`` with ``x`` a placeholder, ``inpt
        = h.output``) passes that function, by its name when it only calls one (``h.output``), else defined before
        the construction (``def h_inpt(x): ...``). Anything else in the bindings' place refuses."""
        names = {shape.renames.get(p, p): p for p, _ in shape.bindings}
        given = dict(shape.bindings)
        replaced: dict[str, cst.BaseExpression] = {}
        passed: list[cst.BaseStatement] = []
        for statement in site_part:
            if sentinel_name(statement) is not None:
                continue
            small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) else None
            if (
                isinstance(small, cst.Assign)
                and len(small.targets) == 1
                and isinstance(small.targets[0].target, cst.Name)
                and small.targets[0].target.value in names
                and small.value.deep_equals(given[names[small.targets[0].target.value]])
            ):
                continue
            if (
                held := rebound_argument(small, names, call, [p.name.value for p in shape.init.params.params[1:]])
            ) is not None:  # ``optimizer = TF1Adam(...)``
                replaced[held[0]] = held[1]
                self.rebound.add(cast(cst.Name, cast(cst.Assign, small).targets[0].target).value)
                continue
            if isinstance(statement, cst.FunctionDef) and statement.name.value in names:
                param = names[statement.name.value]
                index = [p.name.value for p in shape.init.params.params[1:]].index(param)
                if argument(call, index, param) is None:
                    raise self.deny(f"constructor parameter `{param}` takes a tensor by its default", shape.call)
                body = body_of(statement)
                only = body[0].body[0] if len(body) == 1 and isinstance(body[0], cst.SimpleStatementLine) else None
                params = [p.name.value for p in statement.params.params]
                if (
                    isinstance(only, cst.Return)
                    and isinstance(only.value, cst.Call)
                    and not statement.decorators
                    and [
                        a.value.value if isinstance(a.value, cst.Name) and not a.keyword and not a.star else None
                        for a in only.value.args
                    ]
                    == params
                    and not any(n.value in params for n in loaded_names(only.value.func))
                ):
                    replaced[param] = only.value.func  # ``def inpt(x): return h__output(x)``: ``h.output`` itself
                    continue
                fresh = f"{shape.instance}_{param}"
                while fresh in taken:
                    fresh += "_"
                taken.add(fresh)
                passed.append(statement.with_changes(name=cst.Name(fresh)))
                replaced[param] = cst.Name(fresh)
                continue
            raise self.deny(
                f"the rewrite of class `{self.definition.name.value}`'s constructor arguments could not be put back",
                shape.call,
            )
        if not replaced:
            return call, passed
        params = [p.name.value for p in shape.init.params.params[1:]]
        args = []
        for arg in call.args:
            param = arg.keyword.value if arg.keyword is not None else params[call.args.index(arg)]
            args.append(arg.with_changes(value=replaced[param]) if param in replaced else arg)
        return call.with_changes(args=args), passed

    def locality(self, shape: Shape, bodies: dict[str, list], module_part: list, runners: dict) -> None:
        """Each statement the rewrite generated for the class reads only what its method binds, the instance's
        attributes and module-level names: a name bound in the constructor's part and read elsewhere refuses."""
        module_bound = bound_names([s for s in module_part if sentinel_name(s) is None])
        parts = {name: bound_names(list(body)) for name, body in bodies.items()}
        params = {  # ``def build(self, n_hidden)`` passed the caller's own name: its own to read
            name: {p.name.value for p in builder.params.params[1:]} for name, builder in shape.builders.items()
        }
        for name, body in bodies.items():
            bound = parts[name] | params.get(name, set())
            others = set().union(*(b for n, b in parts.items() if n != name)) - bound - module_bound
            read = read_names(list(body)) & others
            if read:
                raise self.deny(
                    f"`{self.spelled(shape, sorted(read)[0])}`, which the rewrite binds in one method of class "
                    f"`{self.definition.name.value}`, is read in another",
                    shape.init if name == "__init__" else shape.builders[name],
                )
        inner = set().union(*parts.values()) - module_bound
        for label, statements in (("the module", module_part), *((f"method `{n}`", [f]) for n, f in runners.items())):
            if label == "the module":  # a local of another class's method is that method's, not the module's
                definitions = [s for s in statements if isinstance(s, (cst.FunctionDef, cst.ClassDef))]
                read = read_names([s for s in statements if not isinstance(s, (cst.FunctionDef, cst.ClassDef))])
                read = read & inner | {n.value for n, _ in global_reads(definitions, inner, classes=True)}
            else:
                read = read_names(statements) & inner - set(local_names(statements[0]))  # the method's own locals
            if read:
                raise self.deny(
                    f"`{self.spelled(shape, sorted(read)[0])}`, which the rewrite binds inside class "
                    f"`{self.definition.name.value}`, "
                    f"is read by {label}",
                    self.definition,
                )

    def sessions(self) -> set[str]:
        return {target for target, _, call in _assigned_calls(self.module) if self.resolve(call.func) in SESSIONS}


def _stored_through(target: cst.CSTNode, name: str) -> cst.CSTNode | None:
    """The attribute or item store of ``target`` whose root is ``name`` (``model.k``, ``model.w[0]``); None where
    ``target`` binds ``name`` itself."""
    parts, stores = [target], []
    for part in parts:  # grows as it goes: the elements of a tuple target
        if isinstance(part, cst.Name) and part.value == name:
            return None
        if isinstance(part, (cst.Tuple, cst.List)):
            parts.extend(element.value for element in part.elements)
        elif isinstance(part, cst.StarredElement):
            parts.append(part.value)
        elif isinstance(part, (cst.Attribute, cst.Subscript)) and any(n.value == name for n in stored_names(part)):
            stores.append(part)
    return stores[0] if stores else None


def _constructs(statement: cst.BaseStatement, name: str) -> bool:
    assigned = lone_assignment(statement)
    call = assigned.value if assigned is not None else None
    return isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value == name


def _reads_session(statement: cst.BaseStatement, session: str | None) -> bool:
    """Whether a statement moved out of the Session's block reads it: by name, or as the default Session."""
    return any(
        isinstance(n, cst.Name)
        and n.value in ({session} if session else set()) | {"get_default_session", "eval", "run", "InteractiveSession"}
        for n in descendants(statement)
    )


def _assigned_calls(module: cst.Module) -> list[tuple[str, cst.SimpleStatementLine, cst.Call]]:
    """The module's ``name = f(...)`` statements (one target, one statement on the line): instances and Sessions."""
    found = []
    for statement in module.body:
        if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
            small = statement.body[0]
            if (
                isinstance(small, cst.Assign)
                and len(small.targets) == 1
                and isinstance(small.targets[0].target, cst.Name)
                and isinstance(small.value, cst.Call)
            ):
                found.append((small.targets[0].target.value, statement, small.value))
    return found


def _module_functions(bodies: dict[str, list], module_part: list) -> list[cst.FunctionDef]:
    """The functions the rewrite defined in the constructor's part that read only their own names and the
    module's (the Saver's ``def save_checkpoint(checkpoint, save_path)``), taken out of it: the class's methods
    call them, so they stand at module level before the class. Not one the constructor reads itself (``self.loss =
    loss_``), and the class's own methods hold no nested function (``bare_uses`` refuses one)."""
    module_bound = bound_names([s for s in module_part if sentinel_name(s) is None]) | set(dir(builtins))
    hoisted: list[cst.FunctionDef] = []
    for name, body in bodies.items():
        kept = []
        for statement in body:
            if (
                isinstance(statement, cst.FunctionDef)
                and not statement.decorators
                and read_names([statement]) - set(local_names(statement)) - {statement.name.value} <= module_bound
                and statement.name.value not in module_bound
                and sum(statement.name.value in bound_names([s]) for s in body) == 1
                and statement.name.value not in read_names([s for s in body if s is not statement])
            ):
                hoisted.append(statement.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()]))
                continue
            kept.append(statement)
        bodies[name] = kept
    return hoisted


def _own_nodes(body: cst.CSTNode):
    yield from own_body(body)


def _with_self(original: cst.FunctionDef, rewritten: cst.FunctionDef) -> list[cst.Param]:
    """The method's own first parameter before the rewritten function's (``def weights(self)``, not ``def
    weights(self, )`` when the Session was its only other parameter)."""
    first = original.params.params[0]
    if not rewritten.params.params:
        first = first.with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return [first, *rewritten.params.params]


def _runs_with_param(function: cst.FunctionDef) -> bool:
    """``def train_on_batch(self, sess, x, y): ... sess.run(...)``: a method passed the Session."""
    params = {p.name.value for p in function.params.params[1:]}
    return any(session_run(n, params) for n in descendants(function.body))


def _unmodelled_member(name: str, statement: cst.BaseStatement) -> str:
    """What a member of a graph class the proof does not model is: a class attribute (``model_name = "GAN"``), a
    property computing more than one attribute (``return "{}_{}".format(self.model_name, self.batch_size)``), a
    decorated method, or another statement."""
    assigned = lone_assignment(statement)
    if assigned is not None and isinstance(assigned.targets[0].target, cst.Name):
        return f"class `{name}` builds graph ops and holds class attribute `{assigned.targets[0].target.value}`"
    if assigned is not None and isinstance(target := assigned.targets[0].target, (cst.Tuple, cst.List)):
        return (
            f"class `{name}` builds graph ops and holds class attributes `{cst.Module([]).code_for_node(target)}` "
            "bound by one tuple unpacking of other than as many literals (class constants are read as `NAME = literal` "
            "or `A, B = literal, literal`)"
        )
    if isinstance(statement, cst.FunctionDef) and statement.decorators:
        decorator = statement.decorators[0].decorator
        if isinstance(decorator, cst.Name) and decorator.value == "property":
            return (
                f"class `{name}` builds graph ops and its @property `{statement.name.value}` returns other than "
                "one attribute (`return self.attr`)"
            )
        if isinstance(decorator, cst.Name) and decorator.value in ("staticmethod", "classmethod"):
            kind = "static method" if decorator.value == "staticmethod" else "class method"
            alternative = static_methods.constructs(statement, name)
            if alternative is not None:  # ``def load(path): return TFLogistic(...)``: a second construction
                return (
                    f"class `{name}` builds graph ops and its {kind} `{statement.name.value}` constructs it "
                    f"(`{alternative}`, an alternative constructor: a construction other than one module-level "
                    f"`x = {name}(...)`)"
                )
            return (
                f"class `{name}` builds graph ops and its {kind} `{statement.name.value}` is not read as host code "
                f"(read so: a static method holding no TensorFlow, called only as `{name}.{statement.name.value}(...)`"
                " or `self." + statement.name.value + "(...)`, static_methods.py)"
            )
        return f"class `{name}` builds graph ops and its method `{statement.name.value}` is decorated"
    bare = statement.with_changes(leading_lines=()) if hasattr(statement, "leading_lines") else statement
    first = cst.Module([]).code_for_node(bare).strip().splitlines()[0]
    return f"class `{name}` builds graph ops and holds `{first}`, a member other than a method or a class constant"


def _bases_named(module: cst.Module, bases: list[cst.Arg]) -> str:
    """``: `data_tool` (not a class of this module) and `RNNModel``` for more than one base or one defined elsewhere:
    the class proof reads a hierarchy only as one base class of the module's own (class_hierarchy.py)."""
    own = {s.name.value for s in module.body if isinstance(s, cst.ClassDef)}
    names = [
        f"`{spelled}`" + ("" if spelled in own else " (not a class of this module)")
        for spelled in (cst.Module([]).code_for_node(b.value) for b in bases)
    ]
    if len(names) < 2 and all(n.endswith("`") for n in names):
        return ""
    return ": " + " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def _property_of(function: cst.FunctionDef) -> str | None:
    """``@property def prediction(self): return self._prediction``: the attribute it returns, else None. The module
    program reads the attribute; the module's reads come back as the property's."""
    body = body_of(function)
    only = body[-1].body[0] if isinstance(body[-1], cst.SimpleStatementLine) and len(body[-1].body) == 1 else None
    owner = self_name(function)
    if (
        len(function.decorators) == 1
        and isinstance(function.decorators[0].decorator, cst.Name)
        and function.decorators[0].decorator.value == "property"
        and len(function.params.params) == 1
        and not function.asynchronous
        and all(i == 0 and is_docstring(s) for i, s in enumerate(body[:-1]))
        and isinstance(only, cst.Return)
        and only.value is not None
        and attribute_of(only.value, owner)
    ):
        return cast(cst.Attribute, only.value).attr.value
    return None


class _Properties(cst.CSTTransformer):
    """The module's ``m1._prediction`` (what the module program read for ``m1.prediction``) as the property again,
    where the module itself never reads the attribute under its own name."""

    def __init__(self, shape: Shape, module: cst.Module) -> None:
        self.instance = shape.instance
        read = {cast(cst.Attribute, n).attr.value for n in descendants(module) if attribute_of(n, shape.instance)}
        self.back = {held: prop for prop, held in shape.properties.items() if held not in read}

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        prop = self.back.get(updated_node.attr.value)
        if prop is not None and attribute_of(updated_node, self.instance):
            return updated_node.with_changes(attr=cst.Name(prop))
        return updated_node


def _free_read(node: cst.CSTNode, name: str) -> bool:
    """Whether ``node`` reads ``name`` other than as a parameter of a function or lambda inside it (the rewrite's
    ``def _prediction(x)`` reads its own ``x``)."""
    if isinstance(node, (cst.FunctionDef, cst.Lambda)):
        if any(isinstance(p, cst.Param) and p.name.value == name for p in descendants(node.params)):
            return False
        return _free_read(node.body, name)
    if isinstance(node, cst.Attribute):
        return _free_read(node.value, name)
    if isinstance(node, cst.Arg):
        return _free_read(node.value, name)
    if isinstance(node, cst.Name):
        return node.value == name
    return any(_free_read(child, name) for child in node.children)
