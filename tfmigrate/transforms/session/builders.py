"""Helpers with a body beyond assignments and one return: ``with tf.name_scope(...)`` blocks, ``if`` on a parameter
every call passes as a constant, and *layer helpers* that build variables and compute with them::

    def add_layer(inputs, in_size, out_size, activation_function=None):
        Weights = tf.Variable(tf.random_normal([in_size, out_size]))
        biases = tf.Variable(tf.zeros([1, out_size]) + 0.1)
        Wx_plus_b = tf.matmul(inputs, Weights) + biases
        if activation_function is None:
            outputs = Wx_plus_b
        else:
            outputs = activation_function(Wx_plus_b)
        return outputs

TF1 runs such a function once per call, where the module builds its graph: the variables are created there, once,
in call order, and the computation becomes graph ops run at every step. The eager program splits it: a creation
function (``add_layer_variables(in_size, out_size)``) holds the variable statements, with the ``name_scope`` blocks
around them so the variables keep their TF1 names, and is called where TF1 called the helper, binding the variables
at module level (``l1_Weights, l1_biases = ...``); the helper keeps the rest and takes the variables first, and the
tensor that called it calls it with them on every evaluation. This holds when every variable statement comes before
any branch or return (so each call creates them all, in this order), reads nothing computed from a tensor, and
each call passes Python values to the parameters the variables read; a branch must test parameters every call
passes as constants (None, a literal, a TensorFlow op), as TF1 decided it once, when the graph was built.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms._checkpoint import eager_safe
from tfmigrate.transforms.session import (
    helper_dimensions,
    helper_names,
    higher_order,
    host_tests,
    tuples,
    variable_listings,
)
from tfmigrate.transforms.session.analysis import (
    MORE_OPS,
    VARIABLE,
    VARIABLES,
    Node,
    Program,
    descendants,
    is_random,
    loaded_names,
)
from tfmigrate.transforms.session.class_sugar import sentinel_name
from tfmigrate.transforms.session.fresh_names import numbered

if TYPE_CHECKING:
    from tfmigrate.transforms.session.helpers import Helper

SCOPES = frozenset({"name_scope"})
CONSTANTS = frozenset({"None", "True", "False"})
COLLECTIONS = frozenset({"trainable_variables", "global_variables", "all_variables", "model_variables"})
# Nodes of a Python value a call may pass to a parameter the variables read (evaluated once, where TF1 built them).
PYTHON_VALUE = (
    cst.Name,
    cst.Attribute,
    cst.Subscript,
    cst.SubscriptElement,
    cst.Index,
    cst.Integer,
    cst.Float,
    cst.SimpleString,
    cst.BinaryOperation,
    cst.UnaryOperation,
    cst.List,
    cst.Tuple,
    cst.Element,
    cst.Comma,
    cst.LeftParen,
    cst.RightParen,
    cst.LeftSquareBracket,
    cst.RightSquareBracket,
    cst.Arg,
    cst.Dot,
    cst.BaseBinaryOp,
    cst.BaseUnaryOp,
    cst.MaybeSentinel,
)


@dataclass
class Creation:
    """One ``name = tf.Variable(...)`` statement of a layer helper."""

    local: str
    call: cst.Call
    statement: cst.SimpleStatementLine


@dataclass
class Split:
    """How a helper's body divides into variable creation and computation."""

    creations: list[Creation] = field(default_factory=list)
    creation_params: list[str] = field(default_factory=list)  # parameters only the variables read
    compute_params: list[str] = field(default_factory=list)
    constants: set[str] = field(default_factory=set)  # parameters every call must pass as constants
    called: set[str] = field(default_factory=set)  # parameters the body calls (``activation_function(x)``)
    draws: list[cst.Call] = field(default_factory=list)  # random ops among the variable statements, in order
    seed_params: dict[cst.Call, tuple[str, str]] = field(default_factory=dict)  # draw -> (parameter, template)
    scope_reads: set[str] = field(default_factory=set)  # names the name scopes around variables read
    function: str = ""  # the creation function's name
    sites: dict[cst.Call, Site] = field(default_factory=dict)
    prints: list[cst.SimpleStatementLine] = field(default_factory=list)  # run once per call (build_prints.py)
    statics: list[helper_dimensions.Static] = field(default_factory=list)  # dimensions sizing the variables
    dimensions: str = ""  # the function the call site traces for them (helper_dimensions.py)
    measured_params: list[str] = field(default_factory=list)  # its parameters
    compute_reads: set[str] = field(default_factory=set)  # names the computation reads
    name_params: dict[cst.Call, str] = field(default_factory=dict)  # variable/scope -> its name parameter
    name_defaults: dict[cst.Call, str] = field(default_factory=dict)  # ... and its default (helper_names.py)


@dataclass
class Site:
    """A module-level ``l1 = add_layer(xs, 1, 10, ...)``: the variables it creates, bound at module level."""

    call: cst.Call
    node: Node
    variables: list[str]
    args: dict[str, cst.Arg]  # parameter -> the argument passing it
    seeds: dict[str, str] = field(default_factory=dict)  # seed parameter -> op seed code
    names: dict[str, str] = field(default_factory=dict)  # name parameter -> TF1's name here (helper_names.py)


def needed(definition: cst.FunctionDef, body: list[cst.BaseStatement], resolve) -> bool:
    """The body is one this module models (compound statements, or variables built beside computation)."""
    if any(not isinstance(s, cst.SimpleStatementLine) for s in body):
        return True
    smalls = [s.body[0] for s in body[:-1] if isinstance(s, cst.SimpleStatementLine)]
    return any(
        isinstance(small, cst.Assign) and isinstance(small.value, cst.Call) and resolve(small.value.func) in VARIABLES
        for small in smalls
    )


def define(program: Program, helper: Helper, body: list[cst.BaseStatement], local: set[str], deny) -> Split:
    """Model the body; raises Blocked (through ``deny``) at the first statement it cannot prove."""
    params = [p.name.value for p in helper.definition.params.params]
    split = Split()
    walker = _Walker(program, helper, split, params, local, deny)
    walker.block(body)
    if walker.returns == 0:
        raise deny("no `return` (helpers are modelled as computing a value)", helper.definition)
    split.constants |= split.called
    creation_reads: set[str] = set()
    for creation in split.creations:
        creation_reads |= {n.value for n in loaded_names(creation.call)}
        for name in loaded_names(creation.call):
            if name.value in walker.computed:
                raise deny(f"the initial value of `{creation.local}` reads `{name.value}`, computed per call", name)
            if name.value in walker.created:
                raise deny(f"the initial value of `{creation.local}` reads the variable `{name.value}`", name)
    creation_reads |= walker.scope_reads
    split.statics = [s for s in split.statics if s.local in creation_reads]  # the others are computation
    helper_dimensions.check(split.statics, body, walker.compute_reads, deny)
    split.scope_reads = walker.scope_reads
    split.compute_reads = walker.compute_reads
    compute_reads = walker.compute_reads
    split.creation_params = [p for p in params if p in creation_reads and p not in compute_reads]
    split.compute_params = [p for p in params if p not in split.creation_params]
    for creation in split.creations:
        for call in _post_order(creation.call):
            if isinstance(call, cst.Call) and is_random(program.tf_path(call.func) or ""):
                split.draws.append(call)
    taken = set(params) | walker.assigned | {n.value for n in descendants(helper.definition) if isinstance(n, cst.Name)}
    for draw in split.draws:
        split.seed_params[draw] = (numbered(taken, "seed"), "seed={}")
    split.function = numbered(program.names, f"{helper.name}_variables")
    if split.statics:
        split.dimensions = numbered(program.names, f"{helper.name}_dimensions")
        measured = helper_dimensions.reads(split.statics, body)
        split.measured_params = [p for p in split.compute_params if p in measured]
    return split


class _Walker:
    """Walks a helper body in order, classifying statements as creation or computation."""

    def __init__(self, program: Program, helper: Helper, split: Split, params: list[str], local: set[str], deny):
        self.program = program
        self.helper = helper
        self.split = split
        self.params = params
        self.local = local
        self.deny = deny
        self.returns = 0
        self.branched = False  # a branch or return came before: a later variable would not be built every call
        self.created: set[str] = set()
        self.computed: set[str] = set()  # locals computed from tensors or with ops
        self.listed: dict[str, str] = {}  # ``model_vars = tf.trainable_variables()``: local -> the collection
        self.assigned: set[str] = set()
        self.compute_reads: set[str] = set()
        self.scope_reads: set[str] = set()
        self.compute: list[cst.CSTNode] = []  # statements checked as computation

    def block(self, statements) -> None:
        for statement in statements:
            if isinstance(statement, cst.SimpleStatementLine):
                self.simple(statement)
            elif isinstance(statement, cst.With):
                self.with_block(statement)
            elif isinstance(statement, cst.If):
                self.branch(statement)
            elif (collection := _collection_loop(self.program, statement, self.listed)) is not None:
                raise self.deny(
                    f"a `for` loop over tf.{collection}() (eager TF 2 keeps no variable collections: the loop would "
                    "need the model's variables listed in TF1's order, under TF1's names)",
                    statement,
                )
            else:
                raise self.deny(f"a `{type(statement).__name__}` statement (not modelled in a helper)", statement)

    def simple(self, statement: cst.SimpleStatementLine) -> None:
        if len(statement.body) != 1:
            raise self.deny("several statements on one line", statement)
        small = statement.body[0]
        if isinstance(small, cst.Pass) or (
            isinstance(small, cst.Expr) and isinstance(small.value, (cst.SimpleString, cst.ConcatenatedString))
        ):
            return  # a docstring, string comment or pass
        if sentinel_name(statement) is not None:
            self.compute.append(statement)  # where a branch that never runs stands (dead_code.py): kept in place
            return
        if isinstance(small, cst.Return):
            if small.value is None:
                raise self.deny("a `return` without a value", statement)
            self.returns += 1
            self.branched = True
            self.computation(statement, small.value)
            return
        if print_statement(self.program, statement):
            self.split.prints.append(statement)
            return
        if isinstance(small, cst.Expr):
            code = self.program.module.code_for_node(small.value)
            raise self.deny(f"`{code}` runs for its side effect", statement)
        unpacked = tuples.unpacked(small) if isinstance(small, cst.Assign) else None
        if isinstance(small, cst.Assign) and unpacked is not None:  # ``mean, variance = tf.nn.moments(h, [0])``
            for target in unpacked:
                if target in self.created:
                    raise self.deny(f"the variable `{target}` is rebound", statement)
            self.local.update(unpacked)
            self.assigned.update(unpacked)
            self.computed.update(unpacked)
            self.computation(statement, small.value)
            return
        if not (
            isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name)
        ):
            raise self.deny("a statement other than an assignment to one name (helpers are modelled so)", statement)
        target = small.targets[0].target.value
        self.local.add(target)
        self.assigned.add(target)
        value = small.value
        static = helper_dimensions.read(self.program, value)
        if static is not None and not (self.branched or self.split.creations or self.split.prints):
            bound = self.created | self.computed | set(self.params) | {s.local for s in self.split.statics}
            if static.subject not in self.created and target not in bound:
                self.split.statics.append(replace(static, local=target, statement=statement))
                self.computation(statement, value)  # computation unless variables read it (define)
                return
        if isinstance(value, cst.Call) and self.program.tf_path(value.func) in VARIABLES:
            if self.program.tf_path(value.func) != VARIABLE:
                traced = higher_order.passed_to(self.program, self.helper.name)
                if traced is not None:  # r12 of held-out 18: the step function of ``tf.scan(step, ...)``
                    raise self.deny(
                        f"tf.get_variable in the function given to tf.{traced} (TF1 traced it once and made one set "
                        "of variables; an eager call per element would make them again)",
                        value,
                    )
                raise self.deny("tf.get_variable in a helper (its name per call is not modelled)", value)
            if self.branched:
                raise self.deny(f"`{target}` is built after a branch or return (not built on every call)", statement)
            if target in self.created or target in self.computed or target in self.params:
                raise self.deny(f"`{target}` is bound twice", statement)
            self.created.add(target)
            self.split.creations.append(Creation(target, value, statement))
            return
        if target in self.created:
            raise self.deny(f"the variable `{target}` is rebound", statement)
        self.computed.add(target)
        self.listed.pop(target, None)
        if isinstance(value, cst.Call) and not value.args and (path := _collection(self.program, value)) is not None:
            self.listed[target] = path  # slim's ``model_vars = tf.trainable_variables()``, walked by a loop below
        self.computation(statement, value)

    def computation(self, statement: cst.CSTNode, value: cst.BaseExpression) -> None:
        for name in loaded_names(value):
            self.compute_reads.add(name.value)
        for call in descendants(value):
            if isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value in self.params:
                self.split.called.add(call.func.value)
        self.compute.append(statement)

    def with_block(self, statement: cst.With) -> None:
        if len(statement.items) != 1:
            raise self.deny("a `with` of several items or with `as`", statement)
        item = statement.items[0].item
        path = self.program.tf_path(item.func) if isinstance(item, cst.Call) else None
        if statement.items[0].asname is not None:  # an unread one is gone (unread_scope_names.py)
            raise self.deny("a `with` of several items or with `as`", statement)
        if path not in SCOPES or not isinstance(item, cst.Call) or len(item.args) != 1:
            what = f"tf.{path}" if path else self.program.module.code_for_node(item)
            raise self.deny(f"`with {what}` in a helper (only tf.name_scope(name) is modelled)", statement)
        scope = item.args[0].value
        for node in descendants(scope):
            if isinstance(node, cst.Call):
                raise self.deny("a name scope computed by a call", node)
        for name in loaded_names(scope):
            if name.value in self.computed or name.value in self.created:
                raise self.deny(f"a name scope read from `{name.value}`, computed per call", name)
            self.scope_reads.add(name.value)
            self.compute_reads.add(name.value)
        if not isinstance(statement.body, cst.IndentedBlock):
            raise self.deny("a one-line `with` block", statement)
        self.block(statement.body.body)

    def branch(self, statement: cst.If) -> None:
        test = statement.test
        host = host_tests.host_reads(self.program, test, self.params, self.assigned)  # decided alike per call
        for node in descendants(test):
            if isinstance(node, cst.Call) and id(node) not in host:
                raise self.deny("a branch whose test calls a function (TF1 decided it once)", node)
        for name in loaded_names(test):
            if name.value in CONSTANTS or id(name) in host:
                continue
            if name.value not in self.params or name.value in self.assigned:
                raise self.deny(
                    f"a branch on `{name.value}`, which is not a parameter every call passes as a constant", test
                )
            self.split.constants.add(name.value)
            self.compute_reads.add(name.value)
        self.compute.append(test)
        before, self.branched = self.branched, True
        self.block(statement.body.body)
        orelse = statement.orelse
        if isinstance(orelse, cst.If):
            self.branch(orelse)
        elif isinstance(orelse, cst.Else):
            self.block(orelse.body.body)
        if not any(isinstance(n, cst.Return) for n in descendants(statement)):
            self.branched = before  # every call goes on past the branch: later variables are built each call


def _collection_loop(program: Program, statement: cst.BaseStatement, listed: dict[str, str]) -> str | None:
    """``for v in tf.trainable_variables():`` or ``for idx, op in enumerate(tf.trainable_variables()):`` (DCGAN's
    and the GAN collections' ``show_all_variables``), or over a local bound to one (``model_vars``, slim's
    ``analyze_vars(model_vars)`` written as a loop): the collection the loop walks."""
    if not isinstance(statement, cst.For):
        return None
    walked = variable_listings.walked(statement.iter)
    if isinstance(walked, cst.Name):
        return listed.get(walked.value)
    return _collection(program, walked) if isinstance(walked, cst.Call) else None


def _collection(program: Program, call: cst.Call) -> str | None:
    path = (program.tf_path(call.func) or "").removeprefix("compat.v1.")
    return path if path in COLLECTIONS else None


def print_statement(program: Program, statement: cst.CSTNode) -> bool:
    """``print(...)`` as a statement of its own, ``print`` the builtin: in a helper called where the graph is built,
    TF1 ran it once per call, when it built the graph (build_prints.py tells what it printed)."""
    if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
        return False
    small = statement.body[0]
    return (
        isinstance(small, cst.Expr)
        and isinstance(small.value, cst.Call)
        and isinstance(small.value.func, cst.Name)
        and small.value.func.value == "print"
        and "print" not in program.binds
        and "print" not in program.imported
    )


def _post_order(node: cst.CSTNode):
    stack: list[tuple[cst.CSTNode, bool]] = [(node, False)]
    while stack:
        current, expanded = stack.pop()
        if expanded:
            yield current
            continue
        stack.append((current, True))
        stack.extend((child, False) for child in reversed(current.children))


# ------------------------------------------------------------------------------------------------ call sites
def bind(helper: Helper, call: cst.Call, deny) -> dict[str, cst.Arg]:
    """Each parameter the call passes, and the argument passing it (as Python binds them)."""
    params = helper.definition.params.params
    names = [p.name.value for p in params]
    bound: dict[str, cst.Arg] = {}
    for index, arg in enumerate(call.args):
        if arg.star:
            raise deny(f"`{helper.name}` called with *args or **kwargs", call)
        if arg.keyword is None:
            if index >= len(names) or any(a.keyword is not None for a in call.args[:index]):
                raise deny(f"`{helper.name}` called with arguments it does not take", call)
            bound[names[index]] = arg
        else:
            if arg.keyword.value not in names or arg.keyword.value in bound:
                raise deny(f"`{helper.name}` called with an argument it does not take", call)
            bound[arg.keyword.value] = arg
    for param in params:
        if param.name.value not in bound and param.default is None:
            raise deny(f"`{helper.name}` called without `{param.name.value}`", call)
    return bound


def check_constants(program: Program, helper: Helper, call: cst.Call, deny) -> dict[str, cst.Arg]:
    """The parameters a branch tests or the body calls get constants here: TF1 decided on them once."""
    bound = bind(helper, call, deny)
    split = helper.split
    assert split is not None
    for name in sorted(split.constants):
        arg = bound.get(name)
        if arg is None:
            continue  # the literal default
        if not _constant(program, arg.value, name in split.called):
            what = "a TensorFlow op" if name in split.called else "a constant"
            raise deny(
                f"`{helper.name}` branches on or calls `{name}`, passed something other than {what} here (TF1 "
                "decided once, when it built the graph)",
                arg,
            )
    return bound


def _constant(program: Program, value: cst.BaseExpression, callable_: bool) -> bool:
    if isinstance(value, cst.Name) and value.value == "None":
        return True
    if callable_:
        path = program.tf_path(value) if isinstance(value, (cst.Name, cst.Attribute)) else None
        return path is not None and (eager_safe(path) or path in MORE_OPS) and not is_random(path)
    if isinstance(value, cst.Name):
        return value.value in CONSTANTS
    if isinstance(value, cst.UnaryOperation):
        return _constant(program, value.expression, False)
    return isinstance(value, (cst.Integer, cst.Float, cst.SimpleString))


def site(program: Program, node: Node, call: cst.Call, helper: Helper) -> list[Node]:
    """``name = layer_helper(...)`` at module level: the variables it creates, as variable nodes (in creation
    order, before the tensor node), bound by the creation call the rewrite puts here."""
    split = helper.split
    assert split is not None
    deny = program.deny
    bound = check_constants(program, helper, call, deny)
    for name in sorted(_creation_inputs(split) & set(bound)):
        arg = bound.get(name)
        if arg is None:
            continue
        for part in descendants(arg.value):
            if isinstance(part, cst.Call) or not isinstance(part, PYTHON_VALUE):
                raise deny(
                    f"`{helper.name}` builds its variables from `{name}`, passed an expression tfmigrate does not "
                    "evaluate once",
                    arg,
                )
        for read in loaded_names(arg.value):
            if read.value in program.nodes:
                raise deny(f"`{helper.name}` builds its variables from `{name}`, a graph value here", arg)
    variables: list[Node] = []
    for creation in split.creations:
        name = numbered(program.names, f"{node.name}_{creation.local}")
        variable = Node(name, "variable", node.statement, creation.call, node.line)
        variables.append(variable)
    split.sites[call] = Site(call, node, [v.name for v in variables], bound)
    return variables


def site_of(program: Program, node: Node) -> tuple[Helper, Site] | None:
    call = node.value
    if not isinstance(call, cst.Call):
        return None
    for helper in program.helpers.values():
        if helper.split is not None and call in helper.split.sites:
            return helper, helper.split.sites[call]
    return None


def built(program: Program, name: str) -> Helper | None:
    """The helper whose creation call builds a module-level variable node (None: the module builds it)."""
    for helper in program.helpers.values():
        if helper.split is not None and any(name in s.variables for s in helper.split.sites.values()):
            return helper
    return None


def draws(program: Program, call: cst.Call) -> tuple[Helper, list[cst.Call]] | None:
    """A layer helper's call site and the random ops its creation function draws with, in TF1's order."""
    for helper in program.helpers.values():
        if helper.split is not None and call in helper.split.sites:
            return helper, helper.split.draws
    return None


def creation_draws(program: Program) -> set[cst.Call]:
    return {d for h in program.helpers.values() if h.split is not None for d in h.split.draws}


# ------------------------------------------------------------------------------------------------ rewrite
def render(program: Program, helper: Helper) -> list[cst.BaseStatement]:
    """The creation function, then the helper computing with the variables it is given."""
    split = helper.split
    assert split is not None
    definition = helper.definition
    creations = {c.statement for c in split.creations}
    seeded = {
        draw: split.seed_params[draw]
        for draw in split.draws
        if any(split.seed_params[draw][0] in s.seeds for s in split.sites.values())
    }
    create_body = _filter(definition.body.body, lambda s: s in creations, docstring=False)
    returned = ", ".join(c.local for c in split.creations)
    create_body.append(cst.parse_statement(f"return {returned}\n"))
    create_body = [s.visit(_Seed(seeded, helper_names.Named(helper))) for s in create_body]  # type: ignore[misc]
    inputs = _creation_inputs(split)
    params = [p for p in definition.params.params if p.name.value in inputs]
    params = [*(cst.Param(cst.Name(s.local)) for s in split.statics), *(_plain(p) for p in params)]
    for _, (name, _) in seeded.items():
        equal = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
        params.append(cst.Param(cst.Name(name), default=cst.Name("None"), equal=equal))
    params = _commas([*params, *helper_names.parameters(split)])
    creator = definition.with_changes(
        name=cst.Name(split.function),
        params=definition.params.with_changes(params=params),
        body=definition.body.with_changes(body=create_body),
        leading_lines=definition.leading_lines,
    )
    prints = set(helper.prints)
    respelled = helper_dimensions.computed(split.statics, split.compute_reads)
    dropped = creations | prints | {s.statement for s in split.statics if s.statement not in respelled}
    compute_body = _filter(definition.body.body, lambda s: s not in dropped, docstring=True)
    compute_body = [respelled.get(s, s) for s in compute_body]
    variables = [cst.Param(cst.Name(c.local)) for c in split.creations]
    kept = [_plain(p) for p in definition.params.params if p.name.value in split.compute_params]
    compute = definition.with_changes(
        params=definition.params.with_changes(params=_commas([*variables, *kept])),
        body=definition.body.with_changes(body=compute_body),
        leading_lines=[cst.EmptyLine(indent=False), cst.EmptyLine(indent=False)],
    )
    if not split.statics:
        return [creator, compute]
    subject = split.statics[0].subject
    measured = _filter(helper_dimensions.prefix(split.statics, definition.body.body), lambda s: True, docstring=False)
    dimensions = definition.with_changes(
        name=cst.Name(split.dimensions),
        params=definition.params.with_changes(
            params=_commas([p for p in kept if p.name.value in split.measured_params])
        ),
        body=definition.body.with_changes(body=[*measured, cst.parse_statement(f"return {subject}\n")]),
        leading_lines=[cst.EmptyLine(indent=False), cst.EmptyLine(indent=False)],
    )
    blank = [cst.EmptyLine(indent=False), cst.EmptyLine(indent=False)]
    return [
        dimensions.with_changes(leading_lines=definition.leading_lines),
        creator.with_changes(leading_lines=blank),
        compute,
    ]


def _creation_inputs(split: Split) -> set[str]:
    """Names the creation function reads: its variable statements' and the name scopes around them."""
    reads = set(split.scope_reads)
    for creation in split.creations:
        reads |= {n.value for n in loaded_names(creation.call)}
    return reads


def _plain(param: cst.Param) -> cst.Param:
    return param.with_changes(comma=cst.MaybeSentinel.DEFAULT)


def _commas(params: list[cst.Param]) -> list[cst.Param]:
    # Defaults last, as Python requires: the variables and required parameters come first in each function.
    required = [p for p in params if p.default is None]
    optional = [p for p in params if p.default is not None]
    ordered = [*required, *optional]
    return [
        p.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        if index < len(ordered) - 1
        else p.with_changes(comma=cst.MaybeSentinel.DEFAULT)
        for index, p in enumerate(ordered)
    ]


def _filter(statements, keep, docstring: bool) -> list[cst.BaseStatement]:
    """The statements ``keep`` keeps, with the ``with`` blocks around them; docstrings only when asked."""
    kept: list[cst.BaseStatement] = []
    for index, statement in enumerate(statements):
        if isinstance(statement, cst.With):
            inner = _filter(statement.body.body, keep, docstring=False)
            if inner:
                kept.append(statement.with_changes(body=statement.body.with_changes(body=inner)))
        elif isinstance(statement, cst.If):
            if keep(statement):
                kept.append(statement)
        elif isinstance(statement, cst.SimpleStatementLine):
            small = statement.body[0]
            is_doc = isinstance(small, cst.Expr) and isinstance(small.value, (cst.SimpleString, cst.ConcatenatedString))
            if is_doc:
                if docstring and index == 0:
                    kept.append(statement)
            elif keep(statement):
                kept.append(statement)
        elif keep(statement):
            kept.append(statement)
    return kept


class _Seed(cst.CSTTransformer):
    def __init__(self, seeded: dict[cst.Call, tuple[str, str]], names: helper_names.Named) -> None:
        self.seeded = seeded
        self.names = names

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        from tfmigrate.transforms.session.seeds import with_argument

        updated_node = self.names.renamed(original_node, updated_node)
        entry = self.seeded.get(original_node)
        if entry is None:
            return updated_node
        name, template = entry
        return with_argument(updated_node, template.format(name))


def creation_statement(program: Program, helper: Helper, site_: Site, dimensions: tuple[str, ...] = ()) -> str:
    """``l1_Weights, l1_biases = add_layer_variables(1, 10, seed=0)`` (after the static ``dimensions`` the
    variables read, helper_dimensions.py)."""
    split = helper.split
    assert split is not None
    code = program.module.code_for_node
    inputs = _creation_inputs(split)
    args = list(dimensions)
    positional = True
    for param in helper.definition.params.params:
        name = param.name.value
        if name not in inputs:
            continue
        arg = site_.args.get(name)
        if arg is None:
            positional = False
            continue
        positional = positional and arg.keyword is None
        args.append(code(arg.value) if positional else f"{name}={code(arg.value)}")
    args += [f"{param}={seed}" for param, seed in site_.seeds.items()]
    args += helper_names.arguments(site_)
    targets = ", ".join(site_.variables)
    return f"{targets} = {split.function}({', '.join(args)})"


def compute_call(program: Program, helper: Helper, site_: Site, substituted: cst.Call) -> str:
    """The helper call of the tensor's function, given the variables first, without the creation-only
    arguments (``substituted`` is the call with the tensors it reads already replaced by their functions)."""
    args = [*site_.variables, *compute_args(program, helper, substituted)]
    return f"{program.module.code_for_node(substituted.func)}({', '.join(args)})"


def compute_args(program: Program, helper: Helper, substituted: cst.Call, measured: bool = False) -> list[str]:
    """The arguments the call passes to the computation's parameters (or those of the function measuring the
    static dimensions), as it passes them."""
    split = helper.split
    assert split is not None
    wanted = split.measured_params if measured else split.compute_params
    code = program.module.code_for_node
    bound = bind(helper, substituted, program.deny)
    args: list[str] = []
    positional = True
    for param in helper.definition.params.params:
        name = param.name.value
        if name not in wanted:
            continue
        arg = bound.get(name)
        if arg is None:
            positional = False
            continue
        positional = positional and arg.keyword is None
        args.append(code(arg.value) if positional else f"{name}={code(arg.value)}")
    return args
