"""The program's own graph-building functions: ``def model(X, w_h, w_o): ...`` and ``def init_weights(shape):
return tf.Variable(...)``, called where the module builds its graph.

TF1 runs such a function once per call, when the graph is built; the eager program runs a *graph helper* every
time the tensor it returned is computed, and a *variable factory* once per call, where the graph was built. The
two agree when a graph helper computes its result straight through (assignments and one ``return``) from its
parameters and module-level variables and Python values bound once, with ops whose eager value is the Session's,
and when a factory builds one ``tf.Variable`` from Python values and initial-value ops. Such a function stays as
written. A body with ``with tf.name_scope`` blocks or branches on constant arguments, or one that builds variables
and computes with them (Morvan's ``add_layer``), is modelled by builders.py. Anything else (a loop, a side effect,
a variable or placeholder built per call, a Session, another module's code, a use other than a call where the
graph is built) keeps the graph tier with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.cstfields import code as module_code
from tfmigrate.transforms._checkpoint import SESSIONS, eager_safe
from tfmigrate.transforms._tf1 import is_docstring
from tfmigrate.transforms.contrib.names import named
from tfmigrate.transforms.session import (
    builders,
    cond_branches,
    gradient_accumulation,
    helper_imports,
    helper_tensors,
    host_builtins,
    host_data,
    host_numpy,
    later_helpers,
    layers,
    literals,
    local_functions,
    passed_through,
    release_fallbacks,
    rnn,
    tuples,
)
from tfmigrate.transforms.session.analysis import (
    MORE_OPS,
    PLACEHOLDER,
    RNN,
    VARIABLE,
    VARIABLES,
    Blocked,
    Program,
    descendants,
    is_random,
    loaded_names,
    padded_constant,
)

if TYPE_CHECKING:
    from tfmigrate.transforms.session.builders import Split

RUNS = frozenset({"run", "eval"})
# Expressions with names or evaluation of their own, which the straight-line model does not follow.
SCOPED = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp, cst.Lambda, cst.NamedExpr, cst.Yield, cst.Await)
GRAPH = "graph"
FACTORY = "factory"
LAYER = "layer"  # builds variables and computes with them (builders.py splits it)
BUILTINS = host_builtins.ARITHMETIC | {"isinstance"}
# Methods a helper may call on a tensor or variable: the static shape, which a working TF1 graph knew.
SHAPE_METHODS = frozenset({"get_shape", "as_list"})
NOT_OPS = frozenset({"variable_scope", "name_scope", "set_random_seed", "random.set_random_seed"})
INITIALIZER_PREFIXES = (
    "initializers.",
    "keras.initializers.",
    "contrib.layers.xavier",
    "contrib.layers.variance_scaling",
)


# Queue machinery no helper models: queues.py reads the chain once the helper is read at its call (inlined_helpers).
QUEUE_BUILDERS = frozenset({"train.string_input_producer", "TextLineReader", "train.batch", "train.shuffle_batch"})
MODELLED = " (helpers are modelled as assignments and one return)"


@dataclass
class Helper:
    """One module-level function the graph definitions call."""

    name: str
    definition: cst.FunctionDef
    kind: str  # GRAPH (returns a tensor computed per call), FACTORY (returns a new tf.Variable) or LAYER
    line: int
    free: set[str] = field(default_factory=set)  # module-level names the body reads (not TensorFlow, not helpers)
    helpers: set[str] = field(default_factory=set)  # graph helpers it calls
    random: bool = False
    variable: cst.Call | None = None  # FACTORY: the tf.Variable call it returns
    name_param: str = ""  # FACTORY: the parameter passed as tf.Variable(name=...)
    name_computed: cst.CSTNode | None = None  # FACTORY: a name computed per call (``"W_" + name``)
    split: Split | None = None  # a body of blocks and branches, or a LAYER's (builders.py)
    allowed: set[cst.Call] = field(default_factory=set)  # calls modelled by builders.py (variables, name scopes)
    prints: list[cst.SimpleStatementLine] = field(default_factory=list)  # run once per call (build_prints.py)
    local_functions: dict[str, cst.FunctionDef] = field(default_factory=dict)  # its own ``def``s (local_functions.py)


def uses_graph(program: Program, definition: cst.CSTNode, sessions: set[str]) -> bool:
    """A function that touches TensorFlow, the graph, a Session or a helper (else plain Python), and is not a
    Session program of its own (a ``main()``, reported as such)."""
    if any(
        isinstance(call, cst.Call) and program.tf_path(call.func) in (*SESSIONS, PLACEHOLDER)
        for call in descendants(definition)
    ):
        return False
    host = host_data.host_names(program, definition)  # ``tf.keras.datasets.mnist.load_data``: numpy arrays
    for node in descendants(definition):
        if isinstance(node, cst.Name) and (
            node.value in program.nodes or node.value in sessions or node.value in program.helpers
        ):
            return True
        if isinstance(node, (cst.Name, cst.Attribute)) and node not in host and program.tf_path(node) is not None:
            return True
    return False


def never_called(program: Program, definition: cst.FunctionDef) -> bool:
    """A module-level function whose name the module never spells outside its own ``def`` (not in code, strings or
    comments): a helper left over from a book's earlier chapter (``def variable_summaries(var): ...``, ``def
    conv(x, w): with tf.variable_scope('conv'): ...``) runs nothing, so neither its graph ops nor a Session it might
    open are the program's; its own body naming it (a scope string, a recursive call) runs only once something else
    calls it. Kept as written. Not a decorated function (a decorator may register it) nor one ``tf.app.run()`` may
    call. Both the proof's module and the file it comes from are read (a function's Session program is proved
    without the statements that call that function, which may call this one too)."""
    name = definition.name.value
    if definition.decorators or name == "main":  # registered
        return False
    spelled = re.compile(rf"(?<![\w.]){re.escape(name)}\b")
    own = len(spelled.findall(program.module.code_for_node(definition)))
    for module in {id(m): m for m in (program.module, program.file, getattr(program, "whole", None)) if m}.values():
        code = module_code(module)
        inside = own if any(s is definition for s in module.body) else 0  # a module without it: every spelling
        if "app.run" in code or len(spelled.findall(code)) > inside:  # ``tf.app.run()`` runs main
            return False
    return True


def define(program: Program, definition: cst.FunctionDef, sessions: set[str]) -> Helper:
    """Model a module-level function that uses TensorFlow as a helper; raises Blocked with the line that
    prevents it."""
    name = definition.name.value

    def deny(construct: str, node: cst.CSTNode) -> Blocked:
        return program.deny(f"function `{name}`: {construct}", node)

    later_helpers.define_first(program, definition, sessions, uses_graph, define)  # ``def``s below it it calls
    for call in descendants(definition.body):
        if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.func.attr.value in RUNS:
            raise deny(f"it runs the graph (`{program.module.code_for_node(call.func)}`)", call)
    for call in descendants(definition.body):  # before its host code: what stops the helper is the queue
        path = program.tf_path(call.func) if isinstance(call, cst.Call) else None
        if (path or "").removeprefix("compat.v1.") in QUEUE_BUILDERS:
            raise deny(
                f"it builds a queue input pipeline (`{program.module.code_for_node(call.func)}`), read as a tf.data "
                "pipeline only where the module builds one, by one call of the helper in straight-line code",
                call,
            )
    steps = {
        arg.value
        for call in descendants(definition.body)
        if isinstance(call, cst.Call) and program.tf1_path(call.func) == "nn.static_rnn"
        for arg in call.args[1:2]
    }
    steps |= cond_branches.branches(program, definition.body)  # ``tf.cond(p, lambda: a, lambda: b)``
    for node in descendants(definition.body):
        if isinstance(node, SCOPED) and node not in steps:  # but static_rnn's steps (rnn_unrolled.py's fold)
            accumulated = gradient_accumulation.reason(program.module)
            raise deny(accumulated or f"a `{type(node).__name__}` in its body is not modelled", node)
    if definition.decorators or definition.asynchronous is not None:
        raise deny("a decorated or async function is not modelled", definition)
    if program.binds.get(name, 0) != 1:
        raise deny("the name is bound more than once", definition)
    params = definition.params
    handed_on = passed_through.empty(program, definition) or set()  # ``*args, **kwargs`` every call leaves empty
    if params.posonly_params or params.kwonly_params or not isinstance(params.star_arg, cst.MaybeSentinel | cst.Param):
        raise deny("*args, keyword-only or positional-only parameters", definition)
    if isinstance(params.star_arg, cst.Param) and params.star_arg.name.value not in handed_on:
        raise deny("*args, keyword-only or positional-only parameters", definition)
    if params.star_kwarg is not None and params.star_kwarg.name.value not in handed_on:
        raise deny("**kwargs", definition)
    local = {p.name.value for p in params.params} | handed_on
    defaults: set[str] = set()
    for param in params.params:
        if param.default is not None and not (literals.written(param.default) or _tf_constant(program, param.default)):
            defaults.add(module_default(program, definition, param, deny))
    body = list(definition.body.body) if isinstance(definition.body, cst.IndentedBlock) else []
    body = [statement for statement in body if not is_docstring(statement)]  # a string anywhere is a comment
    body = helper_imports.strip(program, body, deny)  # ``import numpy as np`` as the module imports it: kept as written
    if any(isinstance(statement, cst.Try) for statement in body):  # ``except AttributeError: tf.nn.deconv2d(...)``
        from tfmigrate.transforms.session.dead_code import _tf_roots  # dead_code imports what imports this module

        body = release_fallbacks.tried(body, _tf_roots(program.module))
    prints = [s for s in body if isinstance(s, cst.SimpleStatementLine) and builders.print_statement(program, s)]
    body = [statement for statement in body if statement not in prints]  # build_prints.py tells their text
    body, nested = local_functions.split(body, deny)  # ``def shifted(): return row - tf.reduce_max(row)``
    local |= set(nested)
    if not body:
        raise deny("an empty body", definition)
    named_variable = _named_variable(program, body)
    if named_variable is None and builders.needed(definition, body, program.tf_path):
        if nested:
            raise deny(f"local function `{next(iter(nested))}` beside blocks, branches or variables", definition)
        split = _define_split(program, definition, body, local, sessions, deny)
        split.free |= defaults
        split.prints = [*prints, *(split.split.prints if split.split is not None else [])]
        return split
    returned: cst.BaseExpression | None = None
    for index, statement in enumerate(body):
        small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) else None
        if small is None or len(statement.body) != 1:  # type: ignore[attr-defined]
            raise deny(_statement(small or statement), statement)
        if isinstance(small, cst.Return) and small.value is not None and index == len(body) - 1:
            returned = small.value
        elif (
            isinstance(small, cst.Assign)
            and len(small.targets) == 1
            and isinstance(small.targets[0].target, cst.Name)
            and index < len(body) - 1
        ):
            local.add(small.targets[0].target.value)
        elif isinstance(small, cst.Assign) and index < len(body) - 1 and tuples.unpacked(small) is not None:
            local.update(tuples.unpacked(small) or ())  # ``mean, var = tf.nn.moments(t, [0])``: run per call as written
        elif isinstance(small, cst.Expr):
            raise deny(f"`{program.module.code_for_node(small.value)}` runs for its side effect", statement)
        else:
            raise deny(_statement(small), statement)
    assert returned is not None
    variable = returned if isinstance(returned, cst.Call) and program.tf_path(returned.func) in VARIABLES else None
    variable = variable or named_variable
    helper = Helper(name, definition, FACTORY if variable is not None else GRAPH, program.line_of(definition))
    if variable is not None:
        if program.tf_path(variable.func) != VARIABLE:
            raise deny("tf.get_variable in a helper (each call's variable name is not modelled)", variable)
        helper.variable = variable
        _name_param(helper, variable, local, deny)
    helper.local_functions = nested
    for statement in body:
        _names(program, helper, statement, local, sessions, deny)
        _calls(program, helper, statement, deny)
    for function in nested.values():  # its statements read as the helper's own, its names its own
        for statement in local_functions.statements(function):
            _names(program, helper, statement, local | local_functions.names(function), sessions, deny)
            _calls(program, helper, statement, deny)
    helper.free |= defaults
    helper.prints = prints
    program.helpers[name] = helper
    return helper


def _named_variable(program: Program, body: list[cst.BaseStatement]) -> cst.Call | None:
    """``W = tf.Variable(W_init, name=...)`` then ``return W`` ending a body of assignments (a factory that names
    its variable before returning it, as dazzul94's ``weight_variable`` does): the ``tf.Variable`` call, else None.
    The variable is read nowhere but the ``return``, so the function is a factory as ``return tf.Variable(...)`` is."""
    if len(body) < 2 or not all(isinstance(s, cst.SimpleStatementLine) and len(s.body) == 1 for s in body):
        return None
    smalls = [s.body[0] for s in body]  # type: ignore[attr-defined]
    assign, returned = smalls[-2], smalls[-1]
    if not (
        isinstance(assign, cst.Assign)
        and len(assign.targets) == 1
        and isinstance(assign.targets[0].target, cst.Name)
        and isinstance(assign.value, cst.Call)
        and program.tf_path(assign.value.func) == VARIABLE
        and isinstance(returned, cst.Return)
        and isinstance(returned.value, cst.Name)
        and returned.value.value == assign.targets[0].target.value
    ):
        return None
    name = returned.value.value
    for small in smalls[:-2]:
        if not isinstance(small, cst.Assign):
            return None
        if any(isinstance(n, cst.Name) and n.value == name for n in descendants(small)):
            return None
        if isinstance(small.value, cst.Call) and program.tf_path(small.value.func) in VARIABLES:
            return None
    return assign.value


def _define_split(program: Program, definition: cst.FunctionDef, body: list, local: set[str], sessions, deny):
    """A helper with ``with tf.name_scope`` blocks, constant branches, or variables built beside computation."""
    name = definition.name.value
    helper = Helper(name, definition, GRAPH, program.line_of(definition))
    split = helper.split = builders.define(program, helper, body, local, deny)
    if split.creations:
        helper.kind = LAYER
    creations = {c.statement for c in split.creations}
    helper.allowed = {c.call for c in split.creations} | {
        s.items[0].item
        for s in descendants(definition.body)
        if isinstance(s, cst.With) and isinstance(s.items[0].item, cst.Call)
    }
    for statement in body:
        _names(program, helper, statement, local, sessions, deny)
    for statement in creations:
        _calls(program, helper, statement, deny)
    helper.random = False  # the variables' initial values are drawn once, where TF1 built them
    for node in descendants(definition.body):
        if (
            isinstance(node, cst.SimpleStatementLine)
            and node not in creations
            and not builders.print_statement(program, node)
        ):
            _calls(program, helper, node, deny)
        elif isinstance(node, (cst.If, cst.With)):
            _calls(program, helper, node.test if isinstance(node, cst.If) else node.items[0], deny)
    program.helpers[name] = helper
    return helper


def _statement(node: cst.CSTNode) -> str:
    """The statement a helper's model stops at, named as what it is, with what the model reads instead."""
    if isinstance(node, cst.Assign) and not all(isinstance(t.target, cst.Name) for t in node.targets):
        targets = " = ".join(cst.Module([]).code_for_node(t.target) for t in node.targets)
        target = next(t.target for t in node.targets if not isinstance(t.target, cst.Name))
        if isinstance(target, (cst.Subscript, cst.Attribute)):  # ``weights['w'] = {...}``: a result built in place
            kind = "an item" if isinstance(target, cst.Subscript) else "an attribute"
            return f"{kind} assignment `{targets} = ...` (helpers are modelled as assignments to names and one return)"
        return f"a tuple unpacking `{targets} = ...`{MODELLED}"
    keyword = type(node).__name__.lower().removesuffix("statementline")
    return f"{'an' if keyword[:1] in 'aeiou' else 'a'} `{keyword or 'compound'}` statement{MODELLED}"


def module_default(program: Program, definition: cst.FunctionDef, param: cst.Param, deny) -> str:
    """``def G(z, w=g_weights)``: a default naming module-level variables (a dict of them, nlintz's GAN), bound
    once before the ``def``. Python binds the default when the ``def`` runs, the same variables in TF1 as eagerly,
    so the body reads them as it would read ``g_weights`` itself: a module read of the helper."""
    default = param.default
    node = program.nodes.get(default.value) if isinstance(default, cst.Name) else None
    if (
        node is None
        or node.kind != "variable"
        or len(program.versions.get(node.name, [])) != 1
        or program.binds.get(node.name, 0) != 1
        or node.line >= program.line_of(definition)
    ):
        raise deny("a parameter default that is neither a literal nor module-level variables", param)
    return node.name


def _tf_constant(program: Program, node: cst.BaseExpression) -> bool:
    """``dtype=tf.float32``, ``act=tf.nn.relu``: an attribute of the TensorFlow module, the same object when the
    ``def`` binds it in TF1 and eagerly, and no op (a call is not an attribute)."""
    return isinstance(node, cst.Attribute) and program.tf_path(node) is not None


def _name_param(helper: Helper, variable: cst.Call, local: set[str], deny) -> None:
    for arg in variable.args:
        if arg.keyword is not None and arg.keyword.value == "name":
            if isinstance(arg.value, cst.Name) and arg.value.value in local:
                helper.name_param = arg.value.value
            elif not isinstance(arg.value, cst.SimpleString):
                helper.name_computed = arg  # the same name eagerly; only a checkpoint needs it known (factory_name)


def _names(program: Program, helper: Helper, statement, local: set[str], sessions: set[str], deny) -> None:
    for name in loaded_names(statement):
        value = name.value
        if value in local or host_builtins.builtin(program, name, BUILTINS) or program.tf_path(name) is not None:
            continue
        if value in sessions:
            raise deny(f"it uses the Session `{value}` (a function that runs the graph is not modelled)", name)
        if value in program.imported:
            if program.foreign(value):
                raise deny(f"it calls `{value}` from another module, which may build graph code", name)
            continue
        if value in program.helpers:
            continue
        node = program.nodes.get(value)
        if (
            node is not None
            and node.kind not in ("variable", "const", "tensor", "placeholder")
            and not rnn.cell(program, value)
        ):
            raise deny(f"it uses `{value}` ({node.kind}): a function that runs the graph is not modelled", name)
        if value == helper.name:
            raise deny("it calls itself", name)
        helper.free.add(value)


def _str_of_literal_argument(program: Program, helper: Helper, call: cst.Call) -> bool:
    """``str(n)`` of a parameter every call of the helper passes a number or string literal (``'l' + str(n)``,
    ``cnn_block(x, 1)``): a host string, the same in TF1 and eagerly. A tensor's ``str`` differs (its graph name
    against its value), so any other argument, or the helper used other than called by name, is refused."""
    if not (
        isinstance(call.func, cst.Name)
        and call.func.value == "str"
        and "str" not in program.binds
        and len(call.args) == 1
        and call.args[0].keyword is None
        and not call.args[0].star
        and isinstance(call.args[0].value, cst.Name)
    ):
        return False
    params = helper.definition.params
    names = [p.name.value for p in [*params.posonly_params, *params.params]]
    param = call.args[0].value.value
    if param not in names or any(p.name.value == param for p in params.kwonly_params):
        return False
    index = names.index(param)
    uses = [n for n in descendants(program.module) if isinstance(n, cst.Name) and n.value == helper.name]
    calls = [c for c in descendants(program.module) if isinstance(c, cst.Call) and c.func in uses]
    if not calls or len(uses) != len(calls) + 1:  # its ``def`` and its calls, nothing else
        return False
    for site in calls:
        given = [a.value for a in site.args if a.keyword is not None and a.keyword.value == param]
        positional = [a for a in site.args if a.keyword is None]
        if any(a.star for a in site.args):
            return False
        if not given and index < len(positional):
            given = [positional[index].value]
        if len(given) != 1 or not isinstance(given[0], (cst.Integer, cst.SimpleString)):
            return False
    return True


def _calls(program: Program, helper: Helper, statement, deny) -> None:
    code = program.module.code_for_node
    for call in descendants(statement):
        if not isinstance(call, cst.Call):
            continue
        if call in helper.allowed or rnn.in_helper(program, call):
            continue
        path = program.tf_path(call.func)
        if path is None and helper.split is not None and isinstance(call.func, cst.Name):
            if call.func.value in helper.split.called:
                continue  # a parameter every call passes a TensorFlow op (builders.check_constants)
        if path is None and isinstance(call.func, cst.Name) and call.func.value in helper.local_functions:
            continue  # its body is checked as the helper's (local_functions.py)
        if path is None:
            inner = called(program, call)
            if inner is not None and inner.kind == GRAPH and helper.kind in (GRAPH, LAYER):
                helper.helpers.add(inner.name)
                helper.random = helper.random or inner.random
                program.helper_calls.add(call)
                continue
            if inner is not None:
                what = "variable factory" if inner.kind == FACTORY else "helper that builds variables"
                raise deny(f"it calls the {what} `{inner.name}` (variables built per call)", call)
            if host_builtins.builtin(program, call.func, BUILTINS):
                continue
            if isinstance(call.func, cst.Attribute) and call.func.attr.value in SHAPE_METHODS and not call.args:
                continue
            if host_numpy.pure_math(program, call) or _str_of_literal_argument(program, helper, call):
                continue
            raise deny(f"it calls `{code(call.func)}`, which tfmigrate cannot prove free of side effects", call)
        if call is helper.variable:
            continue
        if program.tf1_path(call.func) == cond_branches.COND:  # its branches' calls are the helper's (cond_branches)
            cond_branches.check(program, call, deny, helper.local_functions)
            continue
        if path in (*VARIABLES, PLACEHOLDER):
            what = "a placeholder" if path == PLACEHOLDER else "a variable"
            raise deny(f"tf.{path} builds {what} on every call", call)
        if path.startswith(RNN):
            raise deny(f"tf.{path} makes a new RNN cell (variables of its own at its first run) on every call", call)
        initial = helper.kind in (FACTORY, LAYER) and (
            path.endswith("_initializer") or path.startswith(INITIALIZER_PREFIXES)
        )
        if path in NOT_OPS or not (initial or eager_safe(path) or path in MORE_OPS):
            why = layers.UNMODELLED.get(path.removeprefix("compat.v1.").removeprefix("layers."))
            raise deny(
                f"{named(path, call)}: {why}"
                if why
                else f"{named(path, call)} has no proven eager equivalent in a helper",
                call,
            )
        padded_constant(deny, path, call)
        helper.random = helper.random or is_random(path)


def called(program: Program, call: cst.Call) -> Helper | None:
    """The helper a graph expression calls; a module-level function that uses no TensorFlow itself
    (``def scale(x): return x * 2``, or one defined before the variables it reads) is modelled here."""
    if isinstance(call.func, cst.Name) and call.func.value in program.functions:
        define(program, program.functions.pop(call.func.value), set())
    helper = helper_of(program, call)
    if helper is not None and helper.kind == GRAPH and helper.split is not None and helper.split.constants:
        builders.check_constants(program, helper, call, program.deny)
    return helper


def helper_of(program: Program, call: cst.CSTNode, kind: str | None = None) -> Helper | None:
    """The helper a call calls (of ``kind`` when given)."""
    if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Name)):
        return None
    helper = program.helpers.get(call.func.value)
    if helper is None or (kind is not None and helper.kind != kind):
        return None
    return helper


def free_names(program: Program, helper: Helper, seen: set[str] | None = None) -> set[str]:
    """Every module-level name a helper reads when called, through the helpers it calls."""
    seen = seen if seen is not None else set()
    if helper.name in seen:
        return set()
    seen.add(helper.name)
    names = set(helper.free)
    for inner in helper.helpers:
        names |= free_names(program, program.helpers[inner], seen)
    return names


def graph_reads(program: Program, value: cst.CSTNode) -> list[str]:
    """The module-level graph values the helpers called in ``value`` read; a graph helper may read variables and
    constants (they stay values in the eager program), not tensors or placeholders (they become functions)."""
    reads: list[str] = []
    for call in descendants(value):
        helper = helper_of(program, call)
        if helper is None:
            continue
        for name in sorted(free_names(program, helper)):
            node = program.nodes.get(name)
            if node is None:
                continue
            if (
                node.kind not in ("variable", "const")
                and not rnn.cell(program, name)
                and not helper_tensors.passes(program, helper, name, node, call)
            ):
                raise program.deny(
                    f"function `{helper.name}` reads `{name}` ({node.kind}) from the module: pass it as an argument",
                    call,
                )
            if name not in reads:
                reads.append(name)
    return reads


def check_uses(program: Program) -> None:
    """Each helper is only called where the graph is built (its calls there were modelled), never used as a value,
    called while the graph runs, or rebound. A function's own local of the same name (``length = tf.cast(length,
    tf.int32)`` inside ``def length(sequence)``) is not the helper."""
    from tfmigrate.transforms.session.functions import local_names

    local: set[int] = set()
    for function in descendants(program.module):
        if isinstance(function, cst.FunctionDef) and program.helpers:
            shadowed = set(local_names(function)) & set(program.helpers)
            local.update(id(n) for n in descendants(function.body) if isinstance(n, cst.Name) and n.value in shadowed)
    for function in program.module.body:  # ops.py's ``conv_cond_concat`` calling ``concat``, never called: kept as is
        if isinstance(function, cst.FunctionDef) and program.helpers and never_called(program, function):
            local.update(id(n) for n in descendants(function.body) if isinstance(n, cst.Name))
    for node in descendants(program.module):
        if isinstance(node, cst.FunctionDef):
            continue
        if (isinstance(node, cst.Call) and node in program.helper_calls) or node in program.traced_helpers:
            continue
        for name in _direct_names(node):
            if name.value in program.helpers and id(name) not in local:
                raise program.deny(
                    f"function `{name.value}` builds graph ops and is used here other than where the graph is built",
                    name,
                )


def _direct_names(node: cst.CSTNode) -> list[cst.Name]:
    """Names that are this node's own reference: a bare name, or the function a call calls."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name):
        return [node.func]
    if isinstance(node, cst.Arg) and isinstance(node.value, cst.Name):
        return [node.value]
    if isinstance(node, (cst.Assign, cst.Return, cst.Expr)) and isinstance(node.value, cst.Name):
        return [node.value]
    if isinstance(node, (cst.Element, cst.DictElement)) and isinstance(node.value, cst.Name):
        return [node.value]
    return []


def factory_name(program: Program, call: cst.Call) -> str | None:
    """The literal name a factory call gives its variable (``None``: tf.Variable's default)."""
    helper = helper_of(program, call, FACTORY)
    assert helper is not None and helper.variable is not None
    if helper.name_computed is not None:
        raise program.deny(
            f"`{helper.name}` names its variable with a computed string, so old checkpoints may not match", call
        )
    for arg in helper.variable.args:
        if arg.keyword is not None and arg.keyword.value == "name" and isinstance(arg.value, cst.SimpleString):
            value = arg.value.evaluated_value
            return value if isinstance(value, str) else None
    if not helper.name_param:
        return None
    params = [p.name.value for p in helper.definition.params.params]
    index = params.index(helper.name_param)
    for position, arg in enumerate(call.args):
        keyword = arg.keyword.value if arg.keyword is not None else None
        if keyword == helper.name_param or (keyword is None and position == index):
            if isinstance(arg.value, cst.SimpleString) and isinstance(arg.value.evaluated_value, str):
                return arg.value.evaluated_value
            raise program.deny("a variable name that is not a string literal, so old checkpoints may not match", arg)
    default = helper.definition.params.params[index].default
    if isinstance(default, cst.SimpleString) and isinstance(default.evaluated_value, str):
        return default.evaluated_value
    return None


def built(program: Program, name: str) -> Helper | None:
    """The helper whose call built the module-level variable node ``name`` (builders.py), if any."""
    return builders.built(program, name)
