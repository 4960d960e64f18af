"""The session program model: what each module-level name of a TF1 program is in its graph.

A tutorial-shaped TF1 program builds a graph at module level (variables, placeholders, tensors computed from
them, an optimizer's training op, assign ops) and then runs it through one Session. ``Program`` records each
such name as a ``Node`` with the names it reads; anything the model does not know raises ``Blocked`` with the
line and construct, and the program keeps the graph tier.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

import libcst as cst

from tfmigrate.transforms._checkpoint import (
    DATA_HELPERS,
    INITIALIZERS,
    SAFE_MODULES,
    SESSIONS,
    argument,
    eager_safe,
)

if TYPE_CHECKING:
    from tfmigrate.transforms.session.helpers import Helper

PLACEHOLDER = "placeholder"
VARIABLE = "Variable"
VARIABLES = frozenset({VARIABLE, "get_variable"})
OPTIMIZERS = {
    "train.GradientDescentOptimizer": "SGD",
    "train.AdamOptimizer": "Adam",
    "train.MomentumOptimizer": "SGD",
    "train.AdagradOptimizer": "Adagrad",
}
# TF1 positional parameters of each optimizer, and the Keras keyword each becomes (None: dropped).
OPTIMIZER_ARGS = {
    "train.GradientDescentOptimizer": ("learning_rate", "use_locking", "name"),
    "train.AdamOptimizer": ("learning_rate", "beta1", "beta2", "epsilon", "use_locking", "name"),
    "train.MomentumOptimizer": ("learning_rate", "momentum", "use_locking", "name", "use_nesterov"),
    "train.AdagradOptimizer": ("learning_rate", "initial_accumulator_value", "use_locking", "name"),
}
# TF1 optimizers whose Keras namesake updates differently (checked on TF 2.21 against tf.compat.v1).
UNEQUAL = {
    "train.RMSPropOptimizer": "TF1 RMSProp starts its mean square at 1, Keras RMSprop at 0",
    "train.AdadeltaOptimizer": "TF1 Adadelta's epsilon and learning rate defaults differ from Keras'",
    "train.FtrlOptimizer": "Keras Ftrl's update is not checked against TF1's",
    "train.ProximalGradientDescentOptimizer": "Keras has no proximal gradient descent",
    "train.ProximalAdagradOptimizer": "Keras has no proximal Adagrad",
}
KERAS_KEYWORDS = {
    "learning_rate": "learning_rate",
    "beta1": "beta_1",
    "beta2": "beta_2",
    "epsilon": "epsilon",
    "momentum": "momentum",
    "initial_accumulator_value": "initial_accumulator_value",
}
# Keras defaults that differ from TF1's: passed explicitly so the update rule stays the same.
TF1_DEFAULTS = {"Adam": {"epsilon": "1e-08"}, "Adagrad": {"initial_accumulator_value": "0.1", "epsilon": "1e-07"}}
ASSIGNS = {"assign": "assign", "assign_add": "assign_add", "assign_sub": "assign_sub"}
SEEDS = frozenset({"set_random_seed", "random.set_random_seed"})
SAVER = "train.Saver"  # modelled by savers.py, like the checkpoint lookups the run phase may make
LOOKUPS = frozenset({"train.get_checkpoint_state", "train.latest_checkpoint", "train.checkpoint_exists"})
RANDOM = ("random", "truncated_normal", "multinomial", "nn.dropout", "dropout")
# Ops a tensor may be built from beyond _checkpoint.EAGER_SAFE: their eager value is the Session's.
MORE_OPS = frozenset(
    {
        "arg_max",
        "arg_min",
        "log",
        "div",
        "truediv",
        "floordiv",
        "floor",
        "ceil",
        "round",
        "sign",
        "negative",
        "reciprocal",
        "rsqrt",
        "log1p",
        "softplus",
        "relu",
        "logical_and",
        "logical_or",
        "logical_not",
        "greater",
        "greater_equal",
        "less",
        "less_equal",
        "not_equal",
        "reduce_any",
        "reduce_all",
        "reduce_logsumexp",
        "sin",
        "cos",
        "to_float",
        "to_int32",
        "squared_difference",
        "mod",
        "boolean_mask",
        "count_nonzero",
        "cumsum",
        "size",
        "rank",
        "slice",
        "pad",
        "diag",
        "trace",
        "matrix_inverse",
        "losses.mean_squared_error",
        "nn.softmax_cross_entropy_with_logits_v2",
    }
)


class Blocked(Exception):
    """Why a program keeps the graph tier: the construct and the line that shows it."""

    def __init__(self, construct: str, line: int) -> None:
        super().__init__(construct)
        self.construct = construct
        self.line = line


@dataclass
class Node:
    """A module-level name bound once to part of the graph."""

    name: str
    kind: str  # placeholder, variable, const, tensor, optimizer, train, assign, session, init
    statement: cst.SimpleStatementLine
    value: cst.BaseExpression
    line: int
    reads: list[str] = field(default_factory=list)  # graph names the value reads directly
    params: list[str] = field(default_factory=list)  # placeholders it needs, in definition order
    variables: set[str] = field(default_factory=set)  # variables it reads, directly or not
    ancestors: set[str] = field(default_factory=set)  # every graph name it depends on
    random: bool = False
    dtype: str = ""  # placeholders: the dtype code
    optimizer: str = ""  # train: the optimizer node's name ("" = built inline)
    keras: str = ""  # optimizer: the Keras class
    keras_args: list[tuple[str, str]] = field(default_factory=list)
    loss: str = ""  # train: the minimized tensor; assign: the variable
    method: str = ""  # assign: assign / assign_add / assign_sub; train: optional global_step name
    var_list: str = ""  # train: the var_list code, when given
    inline: cst.Call | None = None  # train built as tf.train.X(...).minimize(...): the optimizer call
    code: str = ""  # an assign written inside a fetch: its eager code
    container: bool = False  # variable: a literal dict/list of variables
    func: str = ""  # the function's name: ``name``, or ``name_1``... for a tensor name rebound later
    resolved: dict[str, Node] = field(default_factory=dict)  # each read as it was bound at this definition


Resolve = Callable[[cst.CSTNode], "str | None"]
LineOf = Callable[[cst.CSTNode], int]


def descendants(node: cst.CSTNode):
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def loaded_names(node: cst.CSTNode) -> list[cst.Name]:
    """The Name nodes an expression reads: not attribute names, keywords, or lambda/comprehension parameters."""
    found: list[cst.Name] = []

    def visit(current: cst.CSTNode) -> None:
        if isinstance(current, cst.Name):
            found.append(current)
            return
        if isinstance(current, cst.Attribute):
            visit(current.value)
            return
        if isinstance(current, cst.Arg):
            visit(current.value)
            return
        for child in current.children:
            visit(child)

    visit(node)
    return found


def _function_locals(module: cst.Module) -> set[cst.CSTNode]:
    """Nodes inside function definitions: their bindings are the function's own, not the module's."""
    local: set[cst.CSTNode] = set()
    for node in descendants(module):
        if isinstance(node, cst.FunctionDef) and node not in local:
            for part in (node.params, node.body):
                local.update(descendants(part))
    return local - {n for n in local if isinstance(n, (cst.Global, cst.Nonlocal, cst.Import, cst.ImportFrom))}


def is_random(path: str) -> bool:
    return path.startswith(RANDOM) or path in ("random_normal", "random_uniform", "random_shuffle", "random_crop")


class Program:
    """Builds the model of one module; ``build`` raises Blocked on anything it does not model."""

    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf) -> None:
        self.module = module
        self.resolve = resolve
        self.line_of = line_of
        self.nodes: dict[str, Node] = {}
        self.order: list[str] = []
        self.binds: dict[str, int] = {}
        self.names: set[str] = set()
        self.imported: dict[str, str] = {}  # bound name -> module it comes from
        self.seeds: list[cst.Call] = []
        self.versions: dict[str, list[Node]] = {}
        self.helpers: dict[str, Helper] = {}  # module-level functions that build graph values (helpers.py)
        self.helper_calls: set[cst.Call] = set()  # their calls that were modelled
        self.functions: dict[
            str, cst.FunctionDef
        ] = {}  # other module-level functions, modelled when the graph calls them

    def settle_versions(self) -> None:
        """A tensor name bound several times (``L1 = ...; L1 = tf.nn.dropout(L1, p)``): every binding must be a
        graph definition; the earlier ones become functions ``L1_1``, ``L1_2``..., the last keeps the name."""
        for name, versions in self.versions.items():
            if len(versions) == 1 and self.binds.get(name, 0) == 1:
                continue
            if len(versions) != self.binds.get(name, 0) or any(v.kind != "tensor" for v in versions):
                raise Blocked(f"`{name}` is bound more than once", versions[-1].line)
            taken = set(self.names)
            for index, version in enumerate(versions[:-1], start=1):
                candidate = f"{name}_{index}"
                while candidate in taken:
                    candidate += "_"
                taken.add(candidate)
                version.func = candidate

    def tf_path(self, node: cst.CSTNode) -> str | None:
        return self.resolve(node)

    def deny(self, construct: str, node: cst.CSTNode) -> Blocked:
        return Blocked(construct, self.line_of(node))

    # --------------------------------------------------------------------------------------- bindings
    def count_bindings(self) -> None:
        def bind(target: cst.CSTNode) -> None:
            if isinstance(target, cst.Name):
                self.binds[target.value] = self.binds.get(target.value, 0) + 1
            elif isinstance(target, (cst.Tuple, cst.List)):
                for element in target.elements:
                    bind(element.value)
            elif isinstance(target, cst.StarredElement):
                bind(target.value)

        local = _function_locals(self.module)
        for node in descendants(self.module):
            if isinstance(node, cst.Name):
                self.names.add(node.value)
            if node in local:
                continue
            if isinstance(node, cst.Assign):
                for target in node.targets:
                    bind(target.target)
            elif isinstance(node, (cst.AnnAssign, cst.AugAssign, cst.For, cst.CompFor)):
                bind(node.target)
            elif isinstance(node, cst.WithItem) and node.asname is not None:
                bind(node.asname.name)
            elif isinstance(node, (cst.Param, cst.FunctionDef, cst.ClassDef)):
                bind(node.name)
            elif isinstance(node, (cst.Global, cst.Nonlocal)):
                raise self.deny("global/nonlocal state", node)
            elif isinstance(node, cst.ImportFrom):
                if isinstance(node.names, cst.ImportStar):
                    raise self.deny("a star import may bring in graph code", node)
                source = "." if node.relative else self.module.code_for_node(node.module) if node.module else ""
                for alias in node.names:
                    name = alias.evaluated_alias or alias.evaluated_name
                    self.imported[name] = f"{source}.{alias.evaluated_name}"
                    self.binds[name] = self.binds.get(name, 0) + 1
            elif isinstance(node, cst.Import):
                for alias in node.names:
                    name = alias.evaluated_alias or alias.evaluated_name.split(".")[0]
                    self.imported[name] = alias.evaluated_name
                    self.binds[name] = self.binds.get(name, 0) + 1

    def foreign(self, name: str) -> bool:
        """An imported name whose calls may build graph code (not TensorFlow, not a plain Python library)."""
        source = self.imported.get(name)
        if source is None:
            return False
        root = source.split(".")[0]
        if root in SAFE_MODULES or root in ("tensorflow", "keras", "__future__"):
            return False
        return not source.replace("tensorflow.", "", 1).startswith(DATA_HELPERS)

    # --------------------------------------------------------------------------------------- nodes
    def define(self, line: cst.SimpleStatementLine) -> bool:
        """Model ``name = <graph value>``; False when the statement is plain Python."""
        if len(line.body) != 1:
            return False
        small = line.body[0]
        if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
            if self.tf_path(small.value.func) in SEEDS:
                self.seeds.append(small.value)
                return True
            return False
        if not (isinstance(small, cst.Assign) and len(small.targets) == 1):
            return False
        target = small.targets[0].target
        value = small.value
        graph_reads = [n.value for n in loaded_names(value) if n.value in self.nodes]
        tf_calls = [
            c
            for c in descendants(value)
            if isinstance(c, cst.Call)
            and (self.tf_path(c.func) not in (None, *LOOKUPS) or helpers.helper_of(self, c) is not None)
        ]
        if not isinstance(target, cst.Name):
            if graph_reads or tf_calls:
                raise self.deny("graph values are unpacked from a tuple", line)
            return False
        name = target.value
        if not graph_reads and not tf_calls and not self._inline_minimize(value):
            return False
        earlier = self.nodes.get(name)
        if earlier is not None and earlier.kind != "tensor":
            raise self.deny(f"`{name}` is bound more than once", line)
        node = Node(name, "tensor", line, value, self.line_of(line), func=name)
        self._classify(node, value)
        if self.binds.get(name, 0) != 1 and node.kind != "tensor":
            raise self.deny(f"`{name}` is bound more than once", line)
        node.resolved = {read: self.nodes[read] for read in self._reads(value)}
        self.versions.setdefault(name, []).append(node)
        self.nodes[name] = node
        self.order.append(name)
        return True

    def _classify(self, node: Node, value: cst.BaseExpression) -> None:
        path = self.tf_path(value.func) if isinstance(value, cst.Call) else None
        if path in UNEQUAL:
            raise self.deny(f"tf.{path}: {UNEQUAL[path]}", value)
        if path in (PLACEHOLDER,) and isinstance(value, cst.Call):
            self._placeholder(node, value)
        elif path in VARIABLES or self._container(value) or helpers.helper_of(self, value, helpers.FACTORY):
            self._no_graph_reads(value, "a variable's initial value reads another graph value")
            self._initial_values(value)
            node.kind = "variable"
            node.container = path not in VARIABLES and helpers.helper_of(self, value) is None
            self.helper_calls.update(c for c in descendants(value) if helpers.helper_of(self, c, helpers.FACTORY))
        elif path in OPTIMIZERS and isinstance(value, cst.Call):
            self._optimizer(node, value, path)
        elif path in SESSIONS and isinstance(value, cst.Call):
            if any(a.keyword is None or a.keyword.value not in ("config", "graph") for a in value.args):
                raise self.deny("Session arguments other than config", value)
            node.kind = "session"
        elif path in INITIALIZERS:
            node.kind = "init"
        elif path == SAVER:
            node.kind = "saver"
        elif self._minimize(node, value) or self._assign(node, value):
            pass
        else:
            self._ops(value, allow_random=True)
            node.reads = self._reads(value)
            for read in node.reads:
                if self.nodes[read].kind not in ("placeholder", "variable", "const", "tensor"):
                    raise self.deny(f"`{read}` ({self.nodes[read].kind}) is used as a tensor", value)
            node.random = any(
                is_random(self.tf_path(c.func) or "") or getattr(helpers.helper_of(self, c), "random", False)
                for c in descendants(value)
                if isinstance(c, cst.Call)
            ) or any(self.nodes[r].random for r in node.reads)
            node.kind = "tensor" if node.reads or node.random else "const"
        self._close(node)

    def _container(self, value: cst.BaseExpression) -> bool:
        """A literal dict/list/tuple of ``tf.Variable(...)``: a container of variables (``weights['h1']``)."""
        if isinstance(value, cst.Dict):
            values = [e.value for e in value.elements if isinstance(e, cst.DictElement)]
            if len(values) != len(value.elements):
                return False
        elif isinstance(value, (cst.List, cst.Tuple)):
            values = [e.value for e in value.elements if not isinstance(e, cst.StarredElement)]
        else:
            return False
        return bool(values) and all(
            isinstance(v, cst.Call)
            and (self.tf_path(v.func) in VARIABLES or helpers.helper_of(self, v, helpers.FACTORY) is not None)
            for v in values
        )

    def _initial_values(self, value: cst.BaseExpression) -> None:
        """Initial values are computed once, where the variable is built, in TF1 as eagerly: Python calls
        (``rng.randn()``) are fine; TensorFlow calls must be ops or initializers."""
        for call in descendants(value):
            if not isinstance(call, cst.Call):
                continue
            path = self.tf_path(call.func)
            if (
                path is None
                or path in VARIABLES
                or path.endswith("_initializer")
                or path.startswith(
                    ("initializers.", "keras.initializers.", "contrib.layers.xavier", "contrib.layers.variance_scaling")
                )
            ):
                continue
            if not (eager_safe(path) or path in MORE_OPS) or path in ("variable_scope", "name_scope"):
                raise self.deny(f"tf.{path} has no proven eager equivalent in an initial value", call)
            if isinstance(call.func, cst.Name) and self.foreign(call.func.value):
                raise self.deny(f"calls `{call.func.value}` from another module", call)

    def _close(self, node: Node) -> None:
        ancestors: set[str] = set()
        for read in node.reads:
            ancestors |= {read} | self.nodes[read].ancestors
        node.ancestors = ancestors
        node.variables = {n for n in ancestors if self.nodes[n].kind == "variable"}
        node.params = [n for n in self.order if n in ancestors and self.nodes[n].kind == "placeholder"]

    def _reads(self, value: cst.CSTNode) -> list[str]:
        """The graph names a value reads, with those the helpers it calls read from the module."""
        reads: list[str] = []
        for name in loaded_names(value):
            if name.value in self.nodes and name.value not in reads:
                reads.append(name.value)
        if self.helpers:
            reads += [name for name in helpers.graph_reads(self, value) if name not in reads]
        return reads

    def _no_graph_reads(self, value: cst.CSTNode, construct: str) -> None:
        if self._reads(value):
            raise self.deny(construct, value)

    def _ops(self, value: cst.CSTNode, allow_random: bool) -> None:
        """Every call in a graph expression must be a TensorFlow op whose eager value is the Session's."""
        for call in descendants(value):
            if not isinstance(call, cst.Call):
                continue
            path = self.tf_path(call.func)
            if path is None:
                what = self.module.code_for_node(call.func)
                if isinstance(call.func, cst.Name) and call.func.value in ("float", "int", "len", "range", "list"):
                    continue
                helper = helpers.called(self, call)
                if helper is not None:
                    if helper.kind == helpers.FACTORY:
                        raise self.deny(f"the variable factory `{what}` is called inside an expression", call)
                    if helper.random and not allow_random:
                        raise self.deny(f"`{what}` draws random numbers here", call)
                    self.helper_calls.add(call)
                    continue
                raise self.deny(f"the graph calls `{what}`, which tfmigrate cannot prove eager-safe", call)
            if path in (*VARIABLES, PLACEHOLDER):
                raise self.deny(f"tf.{path} is built inside an expression", call)
            if not (eager_safe(path) or path in MORE_OPS) or (is_random(path) and not allow_random):
                raise self.deny(f"tf.{path} has no proven eager equivalent here", call)
            if path in ("Variable", "get_variable", "variable_scope", "name_scope", "set_random_seed"):
                raise self.deny(f"tf.{path} inside a graph expression", call)

    def _placeholder(self, node: Node, call: cst.Call) -> None:
        self._no_graph_reads(call, "a placeholder's arguments read graph values")
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value not in ("dtype", "shape", "name"):
                raise self.deny(f"placeholder({arg.keyword.value}=...)", call)
        dtype = argument(call, 0, "dtype")
        if dtype is None:
            raise self.deny("a placeholder without a dtype", call)
        node.kind = "placeholder"
        node.dtype = self.module.code_for_node(dtype.value)

    def _optimizer(self, node: Node, call: cst.Call, path: str) -> None:
        self._no_graph_reads(call, "the optimizer's hyperparameters are graph values (a schedule)")
        for sub in descendants(call):
            if sub is not call and isinstance(sub, cst.Call):
                raise self.deny("the optimizer's hyperparameters are computed by calls", sub)
        names = OPTIMIZER_ARGS[path]
        given: dict[str, str] = {}
        for index, arg in enumerate(a for a in call.args if a.keyword is None):
            if arg.star or index >= len(names):
                raise self.deny(f"tf.{path} arguments", call)
            given[names[index]] = self.module.code_for_node(arg.value)
        for arg in call.args:
            if arg.keyword is not None:
                if arg.keyword.value not in names:
                    raise self.deny(f"tf.{path}({arg.keyword.value}=...)", call)
                given[arg.keyword.value] = self.module.code_for_node(arg.value)
        if given.get("use_nesterov", "False") != "False":
            raise self.deny("Nesterov momentum (Keras SGD(nesterov=True) updates differently)", call)
        if "learning_rate" not in given:
            if path != "train.AdamOptimizer":
                raise self.deny(f"tf.{path} without a learning rate", call)
        keras = OPTIMIZERS[path]
        args = [(KERAS_KEYWORDS[k], v) for k, v in given.items() if k in KERAS_KEYWORDS]
        for keyword, default in TF1_DEFAULTS.get(keras, {}).items():
            if keyword not in dict(args):
                args.append((keyword, default))
        node.kind = "optimizer"
        node.keras = keras
        node.keras_args = args

    def _inline_minimize(self, value: cst.BaseExpression) -> bool:
        return (
            isinstance(value, cst.Call)
            and isinstance(value.func, cst.Attribute)
            and value.func.attr.value == "minimize"
            and isinstance(value.func.value, cst.Call)
            and self.tf_path(value.func.value.func) in OPTIMIZERS
        )

    def _minimize(self, node: Node, value: cst.BaseExpression) -> bool:
        if not (
            isinstance(value, cst.Call)
            and isinstance(value.func, cst.Attribute)
            and value.func.attr.value == "minimize"
        ):
            return False
        owner = value.func.value
        if isinstance(owner, cst.Name) and owner.value in self.nodes and self.nodes[owner.value].kind == "optimizer":
            node.optimizer = owner.value
        elif isinstance(owner, cst.Call) and self._inline_minimize(value):
            holder = Node("", "optimizer", node.statement, owner, node.line)
            self._optimizer(holder, owner, cast(str, self.tf_path(owner.func)))  # an optimizer's path: checked
            node.inline = owner
            node.keras, node.keras_args = holder.keras, holder.keras_args
        else:
            path = self.tf_path(owner.func) if isinstance(owner, cst.Call) else None
            if path in UNEQUAL:
                raise self.deny(f"tf.{path}: {UNEQUAL[path]}", value)
            raise self.deny("minimize() of an optimizer tfmigrate does not model", value)
        loss = argument(value, 0, "loss")
        if loss is None or not isinstance(loss.value, cst.Name) or loss.value.value not in self.nodes:
            raise self.deny("minimize() of something other than a named tensor", value)
        if self.nodes[loss.value.value].kind != "tensor":
            raise self.deny("minimize() of something other than a computed tensor", value)
        for arg in value.args[1:]:
            keyword = arg.keyword.value if arg.keyword is not None else None
            if (
                keyword == "var_list"
                and isinstance(arg.value, (cst.List, cst.Tuple))
                and all(
                    isinstance(e.value, cst.Name)
                    and self.nodes.get(e.value.value, node).kind == "variable"
                    and not self.nodes[e.value.value].container
                    for e in arg.value.elements
                )
            ):
                node.var_list = self.module.code_for_node(arg.value)
            elif (
                keyword == "global_step"
                and isinstance(arg.value, cst.Name)
                and (
                    self.nodes.get(arg.value.value, node).kind == "variable"
                    and not self.nodes[arg.value.value].container
                )
            ):
                node.method = arg.value.value
            else:
                raise self.deny(f"minimize({keyword or 'positional'}=...) is not modelled", value)
        node.kind = "train"
        node.loss = loss.value.value
        node.reads = [loss.value.value]
        return True

    def _assign(self, node: Node, value: cst.BaseExpression) -> bool:
        if not isinstance(value, cst.Call):
            return False
        func = value.func
        path = self.tf_path(func)
        if path in ASSIGNS and len(value.args) == 2 and all(a.keyword is None for a in value.args):
            variable, new = value.args[0].value, value.args[1].value
            method = path
        elif isinstance(func, cst.Attribute) and func.attr.value in ASSIGNS and path is None:
            variable = func.value
            if len(value.args) != 1 or value.args[0].keyword is not None:
                raise self.deny(f".{func.attr.value}() with arguments beyond the value", value)
            new = value.args[0].value
            method = func.attr.value
        else:
            return False
        if not (
            isinstance(variable, cst.Name)
            and self.nodes.get(variable.value, node).kind == "variable"
            and not self.nodes[variable.value].container
        ):
            raise self.deny("an assign to something other than a variable of this module", value)
        self._ops(new, allow_random=False)
        node.kind = "assign"
        node.loss = variable.value
        node.method = method
        node.value = new
        node.reads = self._reads(new)
        node.ancestors = set()
        for read in node.reads:
            if self.nodes[read].kind not in ("placeholder", "variable", "const", "tensor"):
                raise self.deny(f"`{read}` ({self.nodes[read].kind}) is assigned to a variable", value)
        return True


from tfmigrate.transforms.session import helpers  # noqa: E402 (helpers reads this module's names)
