"""Shared analysis for the checkpoint rules (TFM201, TFM202): can a TF1 Session program run eagerly?

A ``tf.train.Saver`` only becomes a ``tf.train.Checkpoint`` when the whole module can be shown to mean the same
thing under eager execution: every TensorFlow call is one whose eager result equals what the Session would have
computed (variables, constants, initialisers, checkpoint I/O), every use of a session is an initialiser run, a
variable read or a save/restore, and no call reaches code this module cannot see. Anything else keeps graph mode
(``tf.compat.v1``), which the TF1 rules and TFM102 make run on TF2.

Facts this relies on, checked on TensorFlow 2.21 (see tests/test_checkpoint_programs.py):

* ``tf.train.Checkpoint(...).restore(path)`` on a checkpoint written by ``tf.compat.v1.train.Saver`` matches the
  checkpoint's keys against each attached variable's *graph name* (``variable.name`` without ``:0``), not the
  attribute name, so old checkpoints load when the eager variable has the name the graph variable had.
* Eager execution does not uniquify names (two unnamed ``tf.Variable`` are both ``Variable``), while a graph makes
  them ``Variable`` and ``Variable_1``: a restoring program is converted only when saved names are distinct.
* A dict ``var_list`` stores each variable under the dict key: such a program restores old checkpoints only when
  every key equals the variable's graph name.
"""

from __future__ import annotations

import functools
import json
import keyword
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.metadata import PositionProvider

from tfmigrate.cstfields import children, preorder
from tfmigrate.tables import load
from tfmigrate.transforms._checkpoint_state import save_function
from tfmigrate.transforms._numbered_saves import saver_class
from tfmigrate.transforms._tf1 import tf_binding, v1_path
from tfmigrate.transforms.base import Transform
from tfmigrate.transforms.contrib.names import replaced_path

SAVER = "train.Saver"
SESSIONS = frozenset({"Session", "InteractiveSession"})
GRAPH = "Graph"
# Runners that open a Session of their own (no tf.Session in the program): the eager rewrite does not read their
# programs (it starts from a Session), so they stay in graph mode and the follow-up names the runner's line.
RUNNERS = frozenset(
    {"train.MonitoredTrainingSession", "train.MonitoredSession", "train.SingularMonitoredSession", "train.Supervisor"}
)
INITIALIZERS = frozenset(
    {
        "global_variables_initializer",
        "initialize_all_variables",
        "local_variables_initializer",
        "initialize_local_variables",
        "variables_initializer",
        "initialize_variables",
    }
)
VARIABLE_MAKERS = frozenset({"Variable", "get_variable"})
PLACEHOLDER = "placeholder"
PLACEHOLDERS = frozenset({PLACEHOLDER, "placeholder_with_default", "sparse_placeholder"})
# Calls that exist only to build or drive a TF1 graph (placeholders, input queues and their runners, graph
# collections): the clearest evidence to name when a module stays in graph mode.
GRAPH_ONLY_CALLS = PLACEHOLDERS | frozenset(
    {
        "train.start_queue_runners",
        "train.QueueRunner",
        "train.add_queue_runner",
        "train.queue_runner.QueueRunner",
        "train.queue_runner.add_queue_runner",
        "train.queue_runner.start_queue_runners",
        "train.string_input_producer",
        "train.input_producer",
        "train.range_input_producer",
        "train.slice_input_producer",
        "train.batch",
        "train.shuffle_batch",
        "train.batch_join",
        "train.shuffle_batch_join",
        "train.maybe_batch",
        "train.maybe_shuffle_batch",
        "train.limit_epochs",
        "FIFOQueue",
        "RandomShuffleQueue",
        "PaddingFIFOQueue",
        "PriorityQueue",
        "queue.FIFOQueue",
        "queue.RandomShuffleQueue",
        "queue.PaddingFIFOQueue",
        "queue.PriorityQueue",
        "get_default_graph",
        "get_collection",
        "add_to_collection",
        "TFRecordReader",
        "TextLineReader",
        "WholeFileReader",
        "FixedLengthRecordReader",
    }
)
# TensorFlow-shipped dataset readers that are plain Python/numpy: weak evidence of graph mode.
DATA_HELPERS = ("examples.", "contrib.learn.datasets", "contrib.learn.python.learn.datasets")
SIMPLE_SAVE = "saved_model.simple_save"
# TF1 SavedModel calls that only work with a Session (``saved_model.load`` only in its v1 form, with a session).
EXPORT_SITES = frozenset(
    {
        SIMPLE_SAVE,
        "saved_model.builder.SavedModelBuilder",
        "saved_model.Builder",
        "saved_model.loader.load",
        "saved_model.load",
    }
)
SIGNATURE = "serving_default"
SCOPES = frozenset({"variable_scope", "name_scope"})
ALL_VARIABLES = frozenset({"global_variables", "all_variables", "trainable_variables"})
KERAS_MODELS = frozenset({"keras.Sequential", "keras.models.Sequential", "keras.Model", "keras.models.Model"})
MODEL_WEIGHTS = frozenset({"weights", "variables", "trainable_weights", "trainable_variables"})
KERAS3_NAMES = (
    "the Saver's checkpoints name this Keras model's weights '<layer>/<weight>' (TF1 Keras) but Keras 3 names "
    "them '<model>/<layer>/<weight>', so tf.train.Checkpoint cannot restore old checkpoints by name: migrate with "
    "--keras tf-keras (tf_keras keeps the TF1 names) or convert the old checkpoints once"
)

# TensorFlow calls whose eager result is what a Session would have computed from the same graph. The stateless
# tensor ops (``add``, ``matmul``, ``matrix_inverse``, ``scan`` ...) are read from tfmigrate/data/eager_ops.json,
# generated from the real TensorFlow by tools/gen_eager_ops.py; this list holds what the generator cannot derive,
# because it is not a stateless op yet has an eager equivalent that the program model checks case by case.
# Everything else (placeholders, optimizers, assign ops, summaries, queues, graph collections, ...) keeps the
# program in graph mode.
EAGER_SAFE = frozenset(
    {
        # variables and their scopes: stateful, modelled as eager variables (analysis.py, variables.py)
        "Variable",
        "get_variable",
        "variable_scope",
        "name_scope",
        # random draws: stateful, given TF1's op seeds by seeds.py (or accepted in unseeded programs only)
        "random_normal",
        "random_uniform",
        "truncated_normal",
        "set_random_seed",
        "reset_default_graph",
        # initializers are objects, not ops: run once where a variable is created
        "constant_initializer",
        "zeros_initializer",
        "ones_initializer",
        "random_normal_initializer",
        "random_uniform_initializer",
        "truncated_normal_initializer",
        "glorot_uniform_initializer",
        "glorot_normal_initializer",
        "orthogonal_initializer",
        "variance_scaling_initializer",
        # a stateful print op: prints once per run in both
        "print",
        # checkpoint-file helpers and configuration objects: host code, no graph value
        "train.latest_checkpoint",
        "train.get_checkpoint_state",
        "train.checkpoint_exists",
        "train.list_variables",
        "train.load_checkpoint",
        "train.load_variable",
        "train.Checkpoint",
        "train.CheckpointManager",
        "ConfigProto",
        "GPUOptions",
    }
)
# Whole modules judged by hand: the generator lists the functions its sample inputs can call (``nn.conv2d``), these
# prefixes also admit those it cannot (``nn.conv2d_transpose``, ``nn.xw_plus_b``: other argument shapes), and the
# host-side modules (``gfile``, ``logging``, ``app``) it does not look at. Random ops are told apart by is_random.
EAGER_SAFE_PREFIXES = (
    "math.",
    "nn.",
    "random.",
    "initializers.",
    "io.gfile.",
    "gfile.",
    "dtypes.",
    "logging.",
    "app.",
    "flags.",
    "debugging.",
    "linalg.",
    "strings.",
)
# Modules whose functions never build TensorFlow graphs: calls into anything else imported may hide graph code.
SAFE_MODULES = frozenset(
    {
        "os",
        "sys",
        "math",
        "time",
        "random",
        "argparse",
        "logging",
        "json",
        "pathlib",
        "shutil",
        "glob",
        "collections",
        "functools",
        "itertools",
        "tempfile",
        "datetime",
        "re",
        "pickle",
        "numpy",
        "pprint",
        "typing",
        "absl",
        "warnings",
        "csv",
        "io",
        "copy",
        "string",
        "textwrap",
        "platform",
        "subprocess",
        # ``from builtins import range`` (the ``future`` package's Python 2/3 idiom): on Python 3 the builtins
        "builtins",
        # Host data libraries (session/host_data.py): they never import TensorFlow, so never build graph ops.
        "pandas",
        "scipy",
        "sklearn",
        "matplotlib",
    }
)
# Variable methods and attributes that only exist as graph operations or change state outside a checkpoint.
GRAPH_ATTRIBUTES = frozenset(
    {
        "op",
        "graph",
        "initializer",
        "initialized_value",
        "initial_value",
        "assign",
        "assign_add",
        "assign_sub",
        "load",
        "scatter_update",
        "scatter_add",
        "scatter_sub",
        "scatter_nd_update",
        "reuse_variables",
        "run",
        "as_default",
        "finalize",
    }
)
# Attribute names a tf.train.Checkpoint already uses for itself.
CHECKPOINT_RESERVED = frozenset({"save", "restore", "write", "read", "save_counter", "sync"})
# What it means when one of the calls the conversion handles turns up anywhere else.
MISPLACED = {
    SAVER: "the Saver is not bound to a plain local name (stored on an object, returned or passed on)",
    "Session": "a Session is created outside `with tf.Session() as sess:` / `sess = tf.Session()`",
    "InteractiveSession": "an InteractiveSession is used as the default session",
    GRAPH: "a tf.Graph is used beyond `with tf.Graph().as_default():`",
    **{name: f"tf.{name}() is used as a value, not run once" for name in INITIALIZERS},
}
SAVER_KWARGS = frozenset(
    {"var_list", "max_to_keep", "keep_checkpoint_every_n_hours", "name", "sharded", "save_relative_paths"}
)
SAVE_KWARGS = frozenset({"sess", "save_path", "global_step", "write_meta_graph"})


# TF1 programs imported RNN cells and functions from the private modules TF1's public names re-exported
# (``from tensorflow.python.ops import rnn, rnn_cell``; ``rnn_cell.GRUCell`` is ``tf.nn.rnn_cell.GRUCell``). TF 2.21
# still imports them (TFM003 keeps the import: its ``rnn_cell`` classes are not the objects ``tf.compat.v1`` names),
# so the module -> public module pairs only tell the analysis what a call means.
PRIVATE_RNN_MODULES = {
    "tensorflow.python.ops.rnn": "nn",
    "tensorflow.python.ops.rnn_cell": "nn.rnn_cell",
    "tensorflow.python.ops.rnn_cell_impl": "nn.rnn_cell",
}
PRIVATE_RNN_NAMES = {
    "tensorflow.python.ops.rnn": frozenset(
        {"dynamic_rnn", "static_rnn", "bidirectional_dynamic_rnn", "static_bidirectional_rnn", "raw_rnn"}
    ),
    "tensorflow.python.ops.rnn_cell": frozenset(
        {
            "BasicLSTMCell",
            "BasicRNNCell",
            "DeviceWrapper",
            "DropoutWrapper",
            "GRUCell",
            "LSTMCell",
            "LSTMStateTuple",
            "MultiRNNCell",
            "RNNCell",
            "ResidualWrapper",
        }
    ),
}


def private_rnn_path(name: str) -> str | None:
    """``tensorflow.python.ops.rnn_cell.GRUCell`` -> ``nn.rnn_cell.GRUCell``; None for any other name."""
    module, _, attr = name.rpartition(".")
    public = PRIVATE_RNN_MODULES.get(module)
    names = PRIVATE_RNN_NAMES[module.removesuffix("_impl")] if public is not None else frozenset()
    return f"{public}.{attr}" if attr in names else None


def tf_path(qualified_names: set[str] | frozenset[str]) -> str | None:
    """``tensorflow.train.Saver`` / ``tensorflow.compat.v1.train.Saver`` -> ``train.Saver``; keras -> ``keras.X``."""
    return _tf_path(qualified_names if isinstance(qualified_names, frozenset) else frozenset(qualified_names))


@functools.lru_cache(maxsize=4096)
def _tf_path(qualified_names: frozenset[str]) -> str | None:
    """tf_path, once per set of names: the eager rewrite resolves every call of every version of a module, and the
    answer depends on the names alone (module constants, no tree)."""
    for name in sorted(qualified_names):
        path = v1_path(name) or private_rnn_path(name)
        if path is not None:
            return path
        if name == "keras" or name.startswith("keras."):
            return name
    return None


def eager_safe(path: str) -> bool:
    """A call eager TF2 computes as TF1's Session did; higher-order ops (``scan``) only with their functions checked
    (``callable_params``), so they are not eager-safe on their own."""
    if callable_params(path):
        return False
    return path in EAGER_SAFE or path in eager_ops() or path.startswith(EAGER_SAFE_PREFIXES)


def eager_ops() -> dict[str, dict[str, str]]:
    """The generated table: each TF1 stateless op (``matrix_inverse``) with its TF2 spelling (``linalg.inv``)."""
    return load("eager_ops.json")["ops"]


def callable_params(path: str) -> list[tuple[int, str]]:
    """Where a listed higher-order op (``scan``, ``map_fn``, ``while_loop``) takes Python functions: its value is
    eager-equal only when those functions are pure TensorFlow (the caller checks them)."""
    return [(index, name) for index, name in load("eager_ops.json")["callables"].get(path, [])]


def literal_string(node: cst.BaseExpression | None) -> str | None:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def argument(call: cst.Call, position: int | None, keyword_name: str) -> cst.Arg | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword_name:
            return arg
    if position is None:
        return None
    positional = [a for a in call.args if a.keyword is None and not a.star]
    return positional[position] if position < len(positional) else None


def attribute_name(name: str) -> bool:
    """A name usable as ``tf.train.Checkpoint(name=...)``."""
    return (
        name.isidentifier()
        and not keyword.iskeyword(name)
        and not name.startswith("_")
        and (name not in CHECKPOINT_RESERVED)
    )


@dataclass
class Variable:
    """A Python name bound once to ``tf.Variable``/``tf.get_variable``, with its graph name when static."""

    name: str
    graph_name: str | None
    scope: cst.CSTNode
    line: int
    trainable: bool = True


@dataclass
class Saver:
    """One ``NAME = tf.train.Saver(...)`` statement and what the TF2 form needs."""

    name: str
    statement: cst.SimpleStatementLine
    call: cst.Call
    scope: cst.CSTNode
    line: int
    entries: list[tuple[str, str]] = field(default_factory=list)  # (checkpoint attribute, python variable)
    keys: dict[str, str] = field(default_factory=dict)  # python variable -> checkpoint key written by the Saver
    saves: list[cst.Call] = field(default_factory=list)
    keras: bool = False  # saves one Keras model: tf.train.Checkpoint(model=model)
    restores: list[cst.Call] = field(default_factory=list)
    numbered_path: cst.BaseExpression | None = None
    implicit: str | None = None  # "all" / "trainable" for Saver() and Saver(tf.trainable_variables())


@dataclass
class Export:
    """One ``tf.saved_model.simple_save(sess, dir, inputs={...}, outputs={...})`` and its serving function."""

    statement: cst.SimpleStatementLine
    call: cst.Call
    scope: cst.CSTNode
    export_dir: cst.BaseExpression
    inputs: list[tuple[str, str]]  # (signature key, placeholder name)
    outputs: list[tuple[str, str]]  # (signature key, tensor name)
    moved: list[cst.SimpleStatementLine] = field(default_factory=list)
    variables: list[str] = field(default_factory=list)


class NotEager(Exception):
    """Why a module must stay in graph mode, with the line that shows it.

    ``indirect`` marks a reason that only *may* need graph mode: a call into another module, or into a
    TensorFlow data helper (``tf.examples.tutorials.mnist.input_data.read_data_sets`` is plain numpy). The
    report then names the module's first direct graph construct instead (placeholder, feed_dict, Session
    running ops, queue runner) when it has one.
    """

    def __init__(self, reason: str, line: int, indirect: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.indirect = indirect


Resolver = Callable[[cst.CSTNode], "str | None"]
LineOf = Callable[[cst.CSTNode], int]
SpanOf = Callable[[cst.CSTNode], "tuple[int, int]"]


def _stmt_scope(stack: list[cst.CSTNode]) -> cst.CSTNode:
    for node in reversed(stack):
        if isinstance(node, (cst.FunctionDef, cst.Module)):
            return node
    return stack[0]


class Analysis:
    """Walks a module once and either raises NotEager or leaves a plan of the edits that make it eager TF2.

    The plan is keyed by the identity of the original nodes: ``remove`` (statements), ``unwrap`` (``with``
    blocks whose body moves up a level), ``numpy`` (calls that read a variable), ``saver_calls`` (save/restore
    calls) and ``savers`` (the Saver statements to replace).
    """

    def __init__(
        self,
        module: cst.Module,
        resolve: Resolver,
        line_of: LineOf,
        span_of: SpanOf,
        keras: str = "3",
    ) -> None:
        self.module = module
        self.keras = keras
        self.models: dict[str, tuple[int, int]] = {}  # Keras model name -> lines of the statement building it
        self.span_of = span_of
        self.resolve = resolve
        self.line_of = line_of
        self.saver_sites: list[cst.Call] = []
        self.savers: dict[str, Saver] = {}
        self.sessions: set[str] = set()
        self.inits: set[str] = set()
        self.graphs: set[str] = set()
        self.variables: dict[str, Variable] = {}
        self.unsafe_imports: dict[str, str] = {}
        self.bindings: dict[str, list[tuple[cst.CSTNode, int]]] = {}
        self.names_used: set[str] = set()
        self.untracked_variables: list[int] = []
        self.keras_sites: list[int] = []
        self.remove: set[int] = set()
        self.unwrap: set[int] = set()
        self.numpy: dict[int, list[str] | str] = {}
        self.saver_calls: dict[int, tuple[Saver, str]] = {}
        self.allowed: set[int] = set()
        self.statement_calls: set[int] = set()  # calls that are a whole statement: their value is not read
        self.session_runs: list[tuple[cst.CSTNode, int, str, int]] = []  # (scope, session line, kind, line)
        self.export_sites: list[cst.Call] = []
        self.session_configs: list[cst.Call] = []
        self.latest_calls: list[tuple[cst.Call, cst.CSTNode, int]] = []  # tf.train.latest_checkpoint(dir)
        self.exports: list[Export] = []
        self.placeholders: dict[str, cst.SimpleStatementLine] = {}
        self.moved: set[int] = set()
        self._export_names: set[str] = set()
        self.tf_aliases: set[str] = set()
        self.star_import = ""
        self._keep: list[cst.CSTNode] = []

    # ----------------------------------------------------------------- pass 1: what each name is bound to
    def collect(self) -> None:
        self._collect(self.module, [self.module])

    def _bind(self, name: str, scope: cst.CSTNode, node: cst.CSTNode) -> None:
        self.bindings.setdefault(name, []).append((scope, self.line_of(node)))

    def _bind_target(self, target: cst.BaseExpression, scope: cst.CSTNode) -> None:
        if isinstance(target, cst.Name):
            self._bind(target.value, scope, target)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._bind_target(element.value, scope)
        elif isinstance(target, cst.StarredElement):
            self._bind_target(target.value, scope)

    def _collect(self, node: cst.CSTNode, stack: list[cst.CSTNode]) -> None:
        scope = _stmt_scope(stack)
        if isinstance(node, cst.Name):
            self.names_used.add(node.value)
        elif isinstance(node, cst.Call):
            path = self.resolve(node.func)
            if path == SAVER:
                self.saver_sites.append(node)
            elif path in EXPORT_SITES and (path != "saved_model.load" or _v1_load(node)):
                self.export_sites.append(node)
        elif isinstance(node, cst.Assign):
            for target in node.targets:
                self._bind_target(target.target, scope)
        elif isinstance(node, (cst.AnnAssign, cst.AugAssign)):
            self._bind_target(node.target, scope)
        elif isinstance(node, (cst.For, cst.CompFor)):
            self._bind_target(node.target, node if isinstance(node, cst.CompFor) else scope)
        elif isinstance(node, cst.WithItem) and node.asname is not None:
            self._bind_target(node.asname.name, scope)
        elif isinstance(node, cst.Param):
            self._bind(node.name.value, scope, node)
        elif isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            self._bind(node.name.value, scope, node)
        elif isinstance(node, (cst.Import, cst.ImportFrom)):
            self._collect_import(node, scope)
        for child in children(node):
            self._collect(child, [*stack, child] if isinstance(child, (cst.FunctionDef, cst.Lambda)) else stack)

    def _collect_import(self, node: cst.Import | cst.ImportFrom, scope: cst.CSTNode) -> None:
        if isinstance(node, cst.ImportFrom):
            if node.relative:
                root = "."
            else:
                root = (self.module.code_for_node(node.module) if node.module else "").split(".")[0]
            if isinstance(node.names, cst.ImportStar) and root not in SAFE_MODULES and root != "__future__":
                self.star_import = f"from {self.module.code_for_node(node.module) if node.module else '.'} import *"
            names = [] if isinstance(node.names, cst.ImportStar) else list(node.names)
            for alias in names:
                bound = alias.evaluated_alias or alias.evaluated_name
                self._bind(bound, scope, node)
                if root in ("tensorflow", "keras"):
                    self.tf_aliases.add(bound)
                if root not in SAFE_MODULES and root not in ("tensorflow", "keras", "__future__"):
                    self.unsafe_imports[bound] = root
            return
        for alias in node.names:
            full = alias.evaluated_name
            bound = alias.evaluated_alias or full.split(".")[0]
            self._bind(bound, scope, node)
            if full.split(".")[0] in ("tensorflow", "keras"):
                self.tf_aliases.add(bound)
            if full.split(".")[0] not in SAFE_MODULES and full.split(".")[0] not in ("tensorflow", "keras"):
                self.unsafe_imports[bound] = full

    def free_name(self, *candidates: str) -> str | None:
        for name in candidates:
            if name not in self.names_used and name not in self.bindings:
                return name
        return None

    # ----------------------------------------------------------------- pass 2: prove the module eager-safe
    def check(self) -> None:
        """Raise NotEager, or fill the plan; ``collect`` must have run."""
        if self.star_import:
            raise NotEager(f"`{self.star_import}` may bring in code that builds graphs", 0)
        self._classify_names(self.module)
        self._plan_exports()
        self._session_line: dict[str, int] = {}
        self._scopes_seen: set[str] = set()
        runner = self._runner()
        if runner is not None:
            raise runner
        try:
            self._walk(self.module, [self.module], 0, ())
        except NotEager as err:
            if not err.indirect:
                raise
            # "read_data_sets needs graph mode" (line 16) misleads when line 33 builds a tf.placeholder.
            raise self._graph_only_evidence() or err from None
        self._seeded_draws()
        self._finish()

    def _seeded_draws(self) -> None:
        """A seeded random draw keeps graph mode unless eager TF2 draws TF1's numbers for it. Under a graph seed TF1
        gave each op without a seed of its own the op seed of its place in the graph, eager TF2 another one; an op
        given a seed draws the same numbers only when it is drawn once (a straight-line module-level statement:
        initial values are drawn once, and each TF1 initialisation restarted the op's stream) and no other op has
        that seed (TF1 started the stream afresh for each op, eager TF2 continues one kernel's). Otherwise the
        variables would start from other numbers than TF1's, printed and saved; only the eager rewrite
        (session/seeds.py) gives each draw TF1's op seed. Without any seed, any draw is as good as TF1's."""
        from tfmigrate.transforms.session.seeds import DRAWING_INITIALIZERS, OPS, _draws_at_all

        graph_seed = False
        draws: list[tuple[cst.Call, str]] = []
        for node in _descendants(self.module):
            if not isinstance(node, cst.Call):
                continue
            path = self.resolve(node.func) or ""
            if path.endswith(("set_random_seed", "random.set_seed")):
                graph_seed = True
            elif path.startswith("keras.") or (
                _draws_at_all(path) and not (path == "get_variable" and argument(node, 3, "initializer"))
            ):
                draws.append((node, path))
        once = set(_straight_line_calls(self.module.body))
        seeds: dict[str, int] = {}
        for call, path in draws:
            given = argument(call, OPS.get(path, DRAWING_INITIALIZERS.get(path)), "seed")
            if given is None and not graph_seed:
                continue
            code = self.module.code_for_node(given.value) if given is not None else ""
            if given is None or call not in once or path.startswith("keras.") or code in seeds:
                raise self._deny(
                    f"tf.{path} draws from a seeded stream: eager TF2 would give it other numbers than TF1's graph",
                    call,
                )
            seeds[code] = self.line_of(call)

    def _deny(self, reason: str, node: cst.CSTNode, indirect: bool = False) -> NotEager:
        return NotEager(reason, self.line_of(node), indirect)

    def _runner(self) -> NotEager | None:
        """A module that runs its graph only through a Supervisor or a MonitoredSession (it opens no tf.Session):
        what keeps it in graph mode is the runner, wherever it is built, not the first placeholder it feeds."""
        runners: list[cst.Call] = []
        for node in _descendants(self.module):
            path = self.resolve(node.func) if isinstance(node, cst.Call) else None
            if path in SESSIONS:
                return None
            if path in RUNNERS:
                runners.append(node)
        return (
            self._deny(
                f"tf.{self.resolve(runners[0].func)} runs the graph (a Session tfmigrate does not rewrite)", runners[0]
            )
            if runners
            else None
        )

    def _graph_only_evidence(self) -> NotEager | None:
        """The module's first direct TF1 graph construct: a placeholder (not one a simple_save export turns
        into a signature argument), a feed_dict, a Session running anything but variables/initializers, or a
        queue. Used to explain a fallback whose first reason is only a call that may build graphs."""
        inputs = {name for export in self.exports for _, name in export.inputs}
        bound: dict[int, str] = {}
        found: list[NotEager] = []
        for node in _descendants(self.module):
            if isinstance(node, cst.Assign) and len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
                bound[id(node.value)] = node.targets[0].target.value
            if isinstance(node, cst.Arg) and node.keyword is not None and node.keyword.value == "feed_dict":
                found.append(self._deny("feeds placeholders through feed_dict", node))
            if not isinstance(node, cst.Call):
                continue
            path = self.resolve(node.func)
            if path in GRAPH_ONLY_CALLS and not (path in PLACEHOLDERS and bound.get(id(node)) in inputs):
                found.append(self._deny(f"tf.{path} needs graph mode", node))
            func = node.func
            if (
                isinstance(func, cst.Attribute)
                and isinstance(func.value, cst.Name)
                and func.value.value in self.sessions
                and func.attr.value == "run"
                and node.args
                and node.args[0].keyword is None
                and self._variable_fetch(node.args[0].value) is None
                and not self._initializer_fetch(node.args[0].value)
            ):
                found.append(self._deny(f"`{func.value.value}.run(...)` runs graph tensors or ops", node))
        return min(found, key=lambda err: err.line) if found else None

    def _classify_names(self, node: cst.CSTNode) -> None:
        for child in _descendants(node):
            if isinstance(child, cst.Assign) and len(child.targets) == 1 and isinstance(child.value, cst.Call):
                target = child.targets[0].target
                if not isinstance(target, cst.Name):
                    continue
                path = self.resolve(child.value.func)
                if path == SAVER:
                    self.savers.setdefault(target.value, None)  # type: ignore[arg-type]
                elif path in SESSIONS:
                    self.sessions.add(target.value)
                elif path in INITIALIZERS:
                    self.inits.add(target.value)
                elif path == GRAPH:
                    self.graphs.add(target.value)
            elif isinstance(child, cst.WithItem) and child.asname is not None:
                target = child.asname.name
                if isinstance(target, cst.Name) and isinstance(child.item, cst.Call):
                    if self.resolve(child.item.func) in SESSIONS:
                        self.sessions.add(target.value)
                    elif self._is_graph_default(child.item, allow_names=False):
                        self.graphs.add(target.value)
        self._restricted = set(self.savers) | self.sessions | self.inits | self.graphs

    # ----------------------------------------------------------------- SavedModel exports
    def _plan_exports(self) -> None:
        """Find each simple_save and the statements between its placeholders and its outputs.

        Those statements move into a ``tf.function`` with one TensorSpec per placeholder; they must be plain
        assignments whose values only flow into the export, so that nothing else sees them move.
        """
        lines = [n for n in _descendants(self.module) if isinstance(n, cst.SimpleStatementLine) and len(n.body) == 1]
        for line in lines:
            small = line.body[0]
            if (
                isinstance(small, cst.Assign)
                and len(small.targets) == 1
                and isinstance(small.targets[0].target, cst.Name)
                and isinstance(small.value, cst.Call)
                and self.resolve(small.value.func) == PLACEHOLDER
            ):
                self.placeholders[small.targets[0].target.value] = line
        for line in lines:
            small = line.body[0]
            if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
                if self.resolve(small.value.func) == SIMPLE_SAVE:
                    self.exports.append(self._export(line, small.value))
        self._restricted |= self._export_names

    def _export(self, line: cst.SimpleStatementLine, call: cst.Call) -> Export:
        deny = lambda reason: self._deny(reason, call)  # noqa: E731
        if (
            any(
                a.keyword is not None and a.keyword.value not in ("session", "export_dir", "inputs", "outputs")
                for a in call.args
            )
            or len(call.args) != 4
        ):
            raise deny("simple_save with arguments beyond session/export_dir/inputs/outputs")
        session, export_dir = argument(call, 0, "session"), argument(call, 1, "export_dir")
        inputs, outputs = argument(call, 2, "inputs"), argument(call, 3, "outputs")
        if session is None or export_dir is None or inputs is None or outputs is None:
            raise deny("simple_save without session/export_dir/inputs/outputs")
        input_pairs = _string_dict(inputs.value)
        output_pairs = _string_dict(outputs.value)
        if input_pairs is None or output_pairs is None:
            raise deny("simple_save inputs/outputs are not literal dicts of names")
        if not all(name in self.placeholders for _, name in input_pairs):
            raise deny("a simple_save input is not a placeholder of this module")
        if not all(attribute_name(key) or key.isidentifier() for key, _ in input_pairs):
            raise deny("a simple_save input key is not a valid signature argument name")
        scope = self._scope_of(line)
        export = Export(line, call, scope, export_dir.value, input_pairs, output_pairs)
        flowing = {name for _, name in input_pairs}
        export_line = self.line_of(line)
        for candidate in _statements_in(scope):
            if self.line_of(candidate) >= export_line:
                break
            small = candidate.body[0] if len(candidate.body) == 1 else None
            reads = set(_names_in(candidate)) - _targets(candidate)
            if not reads & flowing or candidate in (self.placeholders.get(n) for n in flowing):
                continue
            if not (
                isinstance(small, cst.Assign)
                and len(small.targets) == 1
                and isinstance(small.targets[0].target, cst.Name)
            ):
                raise self._deny("a placeholder flows into something other than a plain assignment", candidate)
            target = small.targets[0].target.value
            if len(self.bindings.get(target, [])) != 1:
                raise self._deny(f"`{target}` is rebound", candidate)
            flowing.add(target)
            export.moved.append(candidate)
            self.moved.add(id(candidate))
            self._keep.append(candidate)
        if not all(name in flowing and name not in self.placeholders for _, name in output_pairs):
            raise deny("a simple_save output does not depend on the inputs")
        self._export_names |= flowing
        return export

    def _scope_of(self, target: cst.CSTNode) -> cst.CSTNode:
        def search(node: cst.CSTNode, scope: cst.CSTNode) -> cst.CSTNode | None:
            if node is target:
                return scope
            inner = node if isinstance(node, cst.FunctionDef) else scope
            for child in children(node):
                found = search(child, inner)
                if found is not None:
                    return found
            return None

        return search(self.module, self.module) or self.module

    def _is_graph_default(self, node: cst.BaseExpression, allow_names: bool = True) -> bool:
        if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and not node.args):
            return False
        if node.func.attr.value != "as_default":
            return False
        owner = node.func.value
        if isinstance(owner, cst.Call) and self.resolve(owner.func) == GRAPH and not owner.args:
            return True
        return allow_names and isinstance(owner, cst.Name) and owner.value in self.graphs

    def _walk(self, node: cst.CSTNode, stack: list[cst.CSTNode], loop: int, prefix: tuple) -> None:
        if isinstance(node, cst.With):
            self._with(node, stack, loop, prefix)
            return
        if isinstance(node, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            self.statement_calls.update(id(s.value) for s in node.body if isinstance(s, cst.Expr))
        if isinstance(node, cst.SimpleStatementLine) and self._line(node, stack, loop, prefix):
            return
        if isinstance(node, cst.Call) and self._call(node, stack, loop, prefix):
            return
        if isinstance(node, cst.Attribute) and node.attr.value in GRAPH_ATTRIBUTES - {"assign", "run", "load"}:
            if self.resolve(node) is None:
                raise self._deny(f"`.{node.attr.value}` is a graph-only attribute", node)
        if isinstance(node, cst.Arg) and node.keyword is not None and node.keyword.value == "feed_dict":
            raise self._deny("feeds placeholders through feed_dict", node)
        if isinstance(node, cst.Name) and node.value in self._restricted and id(node) not in self.allowed:
            raise self._deny(f"`{node.value}` is used in a way that has no eager equivalent", node)
        if isinstance(node, (cst.Global, cst.Nonlocal)):
            raise self._deny("global/nonlocal state", node)
        if isinstance(node, (cst.For, cst.While, cst.CompFor)):
            loop += 1
        if isinstance(node, (cst.FunctionDef, cst.Lambda)):
            stack = [*stack, node]
        for child in children(node):
            self._walk(child, stack, loop, prefix)

    def _allow(self, *nodes: cst.CSTNode) -> None:
        for node in nodes:
            self.allowed.add(id(node))
            self._keep.append(node)

    def _with(self, node: cst.With, stack: list[cst.CSTNode], loop: int, prefix: tuple) -> None:
        kinds = []
        for item in node.items:
            call = item.item
            if isinstance(call, cst.Call) and self.resolve(call.func) in SESSIONS:
                kinds.append("session")
            elif self._is_graph_default(call):
                kinds.append("graph")
            elif isinstance(call, cst.Call) and self.resolve(call.func) in SCOPES:
                kinds.append("scope")
            else:
                kinds.append("other")
        if {"session", "graph"} & set(kinds):
            if not set(kinds) <= {"session", "graph"}:
                raise self._deny("a Session is entered together with another context manager", node)
            self.unwrap.add(id(node))
            self._keep.append(node)
            for item, kind in zip(node.items, kinds):
                self._allow(item.item)
                if item.asname is not None:
                    self._allow(item.asname.name)
                call = cst.ensure_type(item.item, cst.Call)  # both kinds are calls
                if kind == "session":
                    if item.asname is None or not isinstance(item.asname.name, cst.Name):
                        raise self._deny("a Session used as the default session", node)
                    self._session_line[item.asname.name.value] = self.line_of(node)
                    self._session_args(call)
                elif isinstance(call.func, cst.Attribute) and isinstance(call.func.value, cst.Name):
                    self._allow(call.func.value)
            self._walk(node.body, stack, loop, prefix)
            return
        for item, kind in zip(node.items, kinds):
            if kind == "scope":
                call = cst.ensure_type(item.item, cst.Call)
                prefix = self._enter_scope(call, prefix)
                for arg in call.args[1:]:
                    self._walk(arg, stack, loop, prefix)
            else:
                self._walk(item, stack, loop, prefix)
        self._walk(node.body, stack, loop, prefix)

    def _enter_scope(self, call: cst.Call, prefix: tuple) -> tuple:
        kind = self.resolve(call.func)
        keywords = {arg.keyword.value for arg in call.args if arg.keyword is not None}
        if keywords & {"reuse", "default_name", "values"}:
            raise self._deny("variable_scope reuse has no eager equivalent", call)
        first = argument(call, 0, "name_or_scope" if kind == "variable_scope" else "name")
        name = literal_string(first.value) if first is not None else None
        if name is None or name in self._scopes_seen:
            return (*prefix, (kind, None))
        self._scopes_seen.add(name)
        return (*prefix, (kind, name))

    def _session_args(self, call: cst.Call) -> None:
        for arg in call.args:
            if arg.keyword is None or arg.keyword.value not in ("graph", "config", "target"):
                raise self._deny("Session arguments other than graph/config", call)
            if arg.keyword.value == "config":
                self.session_configs.append(call)
            if isinstance(arg.value, cst.Name) and arg.value.value in self.graphs:
                self._allow(arg.value)

    def _line(self, line: cst.SimpleStatementLine, stack: list[cst.CSTNode], loop: int, prefix: tuple) -> bool:
        """Handle the statements the conversion removes or rewrites whole; False = walk it normally."""
        if len(line.body) != 1:
            return False
        small = line.body[0]
        scope = _stmt_scope(stack)
        if id(line) in self.moved:
            self._allow(*[n for n in _descendants(line) if isinstance(n, cst.Name)])
            self._moved_line(line, stack, loop, prefix)
            return True
        for export in self.exports:
            if export.statement is line:
                self._export_line(export)
                return True
        if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.value, cst.Call):
            target = small.targets[0].target
            call = small.value
            path = self.resolve(call.func)
            if not isinstance(target, cst.Name) or path is None:
                return False
            if path == SAVER:
                self._allow(target)
                self._saver(target.value, line, call, scope, loop)
                return True
            if path == PLACEHOLDER and target.value in self._export_names:
                if loop:
                    raise self._deny("a placeholder is built in a loop", line)
                self._allow(target)
                self._mark_removed(line)
                return True
            if path in SESSIONS:
                self._allow(target)
                self._session_args(call)
                self._session_line[target.value] = self.line_of(line)
                self._mark_removed(line)
                return True
            if path in INITIALIZERS or (path == GRAPH and not call.args):
                if len(self.bindings.get(target.value, [])) != 1:
                    raise self._deny(f"`{target.value}` is rebound", line)
                self._allow(target)
                self._mark_removed(line)
                return True
            if path in KERAS_MODELS and len(self.bindings.get(target.value, [])) == 1 and not loop:
                self.models[target.value] = self.span_of(line)
                return False
            if path in VARIABLE_MAKERS:
                self._variable(target, call, path, scope, loop, prefix)
                self._allow(call)
                self._walk(call, stack, loop, prefix)
                return True
            return False
        if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
            call = small.value
            func = call.func
            if (
                isinstance(func, cst.Attribute)
                and func.attr.value == "run"
                and not call.args
                and self._initializer_fetch(func.value)
            ):
                # ``init.run()`` / ``tf.global_variables_initializer().run()`` under a default session
                self.session_runs.append((scope, 0, "init", self.line_of(line)))
                self._mark_removed(line)
                return True
            owner = func.value if isinstance(func, cst.Attribute) else None
            if isinstance(func, cst.Attribute) and isinstance(owner, cst.Name) and owner.value in self.sessions:
                session = owner.value
                if func.attr.value == "close" and not call.args:
                    self._allow(func.value)
                    self._mark_removed(line)
                    return True
                if func.attr.value == "run" and len(call.args) == 1 and _fetch_only(call.args[0]):
                    if self._initializer_fetch(call.args[0].value):
                        self._allow(func.value)
                        started = self._session_line.get(session, 0)
                        self.session_runs.append((scope, started, "init", self.line_of(line)))
                        self._mark_removed(line)
                        return True
        return False

    def _moved_line(self, line: cst.SimpleStatementLine, stack: list[cst.CSTNode], loop: int, prefix: tuple) -> None:
        """A statement that moves into a serving function: it must be graph-traceable and capture only variables."""
        if loop:
            raise self._deny("the exported computation is built in a loop", line)
        for node in _descendants(line):
            if isinstance(node, cst.Call):
                path = self.resolve(node.func)
                if path is None or path in VARIABLE_MAKERS or not eager_safe(path):
                    what = f"tf.{path}" if path else self.module.code_for_node(node.func)
                    raise self._deny(f"the exported computation calls {what}, which tfmigrate cannot trace", node)
            elif isinstance(node, cst.Name) and node.value not in self._export_names:
                if node.value in self.variables or node.value in self.tf_aliases or self.resolve(node) is not None:
                    continue
                if node.value in self.bindings or node.value in self._restricted:
                    if not isinstance(line.body[0], cst.Assign) or node is not line.body[0].targets[0].target:
                        raise self._deny(f"the exported computation captures `{node.value}`", node)

    def _export_line(self, export: Export) -> None:
        session = argument(export.call, 0, "session")
        assert session is not None
        if not self._session_value(session.value):
            raise self._deny("simple_save without a Session of this module", export.call)
        self._allow(*[n for n in _descendants(export.call.args[2]) if isinstance(n, cst.Name)])
        self._allow(*[n for n in _descendants(export.call.args[3]) if isinstance(n, cst.Name)])
        for node in _descendants(export.export_dir):
            if isinstance(node, cst.Call):
                self._walk(node, [export.scope], 0, ())
        names: list[str] = []
        for line in export.moved:
            for node in _descendants(line):
                if isinstance(node, cst.Name) and node.value in self.variables and node.value not in names:
                    names.append(node.value)
        export.variables = names
        self._keep.append(export.statement)

    def _mark_removed(self, line: cst.SimpleStatementLine) -> None:
        self.remove.add(id(line))
        self._keep.append(line)

    def _initializer_fetch(self, fetch: cst.BaseExpression) -> bool:
        if isinstance(fetch, (cst.List, cst.Tuple)):
            return bool(fetch.elements) and all(self._initializer_fetch(e.value) for e in fetch.elements)
        if isinstance(fetch, cst.Name) and fetch.value in self.inits:
            self._allow(fetch)
            return True
        return isinstance(fetch, cst.Call) and self.resolve(fetch.func) in INITIALIZERS

    def _variable(
        self, target: cst.Name, call: cst.Call, path: str, scope: cst.CSTNode, loop: int, prefix: tuple
    ) -> None:
        if len(self.bindings.get(target.value, [])) != 1:
            self.untracked_variables.append(self.line_of(call))
            return
        if path == "Variable":
            arg = argument(call, None, "name")
            name = "Variable" if arg is None else literal_string(arg.value)
            scopes = [n for _, n in prefix]
        else:
            arg = argument(call, 0, "name")
            name = literal_string(arg.value) if arg is not None else None
            scopes = [n for kind, n in prefix if kind == "variable_scope"]
        graph_name = None if loop or name is None or None in scopes else "/".join([*scopes, name])
        if any(a.keyword is not None and a.keyword.value == "collections" for a in call.args):
            graph_name = None
        trainable = argument(call, None, "trainable")
        fixed = trainable is not None and isinstance(trainable.value, cst.Name) and trainable.value.value == "False"
        self.variables[target.value] = Variable(target.value, graph_name, scope, self.line_of(call), not fixed)

    def _call(self, call: cst.Call, stack: list[cst.CSTNode], loop: int, prefix: tuple) -> bool:
        """Check one call; True when its children were handled here."""
        if id(call) in self.allowed:
            return False
        func = call.func
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name):
            owner, method = func.value.value, func.attr.value
            if owner in self.sessions:
                if method == "run" and len(call.args) == 1 and _fetch_only(call.args[0]):
                    names = self._variable_fetch(call.args[0].value)
                    if names is not None:
                        self._allow(func.value)
                        self.numpy[id(call)] = names
                        self._keep.append(call)
                        return True
                raise self._deny(f"`{owner}.{method}(...)` runs graph tensors or ops", call)
            if owner in self.savers:
                saver = self.savers[owner]
                if saver is None:
                    raise self._deny(f"`{owner}` is used before its Saver is built", call)
                self._allow(func.value)
                if method == "save":
                    self._save(saver, call)
                elif method == "restore":
                    self._restore(saver, call, _stmt_scope(stack))
                else:
                    raise self._deny(f"`{owner}.{method}` has no tf.train.Checkpoint equivalent", call)
                for arg in call.args[1:]:
                    self._walk(arg, stack, loop, prefix)
                return True
            if method == "eval" and owner in self.variables:
                if all(self._session_arg(arg) for arg in call.args):
                    self.numpy[id(call)] = owner
                    self._keep.append(call)
                    return True
                raise self._deny(f"`{owner}.eval(...)` with a feed", call)
            if owner in self.unsafe_imports:
                raise self._deny(
                    f"calls into `{self.unsafe_imports[owner]}`, which may build graph code", call, indirect=True
                )
        if isinstance(func, cst.Name) and func.value in self.unsafe_imports:
            source = self.unsafe_imports[func.value]
            raise self._deny(f"calls `{func.value}` from `{source}`, which may build graph code", call, indirect=True)
        path = self.resolve(func)
        if path is None:
            if isinstance(func, cst.Attribute) and func.attr.value in GRAPH_ATTRIBUTES:
                raise self._deny(f"`.{func.attr.value}(...)` changes graph state outside a checkpoint", call)
            return False
        if path.startswith("keras.backend") or path.startswith("keras.estimator"):
            raise self._deny(f"tf.{path} reaches the TF1 Keras session", call)
        if path.startswith("keras."):
            self.keras_sites.append(self.line_of(call))
            return False
        if path in VARIABLE_MAKERS:
            self.untracked_variables.append(self.line_of(call))
            return False
        if path in MISPLACED:
            raise self._deny(MISPLACED[path], call)
        if path in ("train.latest_checkpoint", "train.get_checkpoint_state", "train.checkpoint_exists"):
            if path == "train.latest_checkpoint" and len(call.args) == 1 and call.args[0].keyword is None:
                self.latest_calls.append((call, _stmt_scope(stack), self.line_of(call)))
                self._keep.append(call)
        optimizer, _, method = path.partition("Optimizer.")
        if path.startswith("train.") and path.endswith("Optimizer"):
            raise self._optimizer_reason(call, path)
        if optimizer.startswith("train.") and _minimizes_a_tensor(method, call):
            raise self._deny(
                f"`tf.{optimizer}Optimizer(...).{method}(...)` is given a loss tensor, not a callable", call
            )
        if not eager_safe(replaced_path(path, call) or path):
            raise self._deny(f"tf.{path} needs graph mode", call, indirect=path.startswith(DATA_HELPERS))
        return False

    def _optimizer_reason(self, optimizer: cst.Call, path: str) -> NotEager:
        """A TF1 optimizer runs eagerly; what needs graph mode is minimizing a loss *tensor* with it."""
        names = {
            node.targets[0].target.value
            for node in _descendants(self.module)
            if isinstance(node, cst.Assign)
            and node.value is optimizer
            and len(node.targets) == 1
            and isinstance(node.targets[0].target, cst.Name)
        }
        for node in _descendants(self.module):
            if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)):
                continue
            owner, method = node.func.value, node.func.attr.value
            if not _minimizes_a_tensor(method, node):
                continue
            if owner is optimizer or (isinstance(owner, cst.Name) and owner.value in names):
                shown = owner.value if isinstance(owner, cst.Name) else f"tf.{path}(...)"
                return self._deny(f"`{shown}.{method}(...)` is given a loss tensor, not a callable", node)
        return self._deny(f"tf.{path} builds TF1 training ops", optimizer, indirect=True)

    def _session_arg(self, arg: cst.Arg) -> bool:
        if (
            isinstance(arg.value, cst.Name)
            and arg.value.value in self.sessions
            and (arg.keyword is None or arg.keyword.value == "session")
        ):
            self._allow(arg.value)
            return True
        return False

    def _session_value(self, value: cst.BaseExpression) -> bool:
        if isinstance(value, cst.Name) and value.value in self.sessions:
            self._allow(value)
            return True
        return False

    def _variable_fetch(self, fetch: cst.BaseExpression) -> list[str] | str | None:
        if isinstance(fetch, cst.Name) and fetch.value in self.variables:
            return fetch.value
        model = self._model_weights(fetch)
        if model is not None:
            return f"*{model}.{fetch.attr.value}"  # type: ignore[attr-defined]
        if isinstance(fetch, (cst.List, cst.Tuple)) and fetch.elements:
            names = [
                e.value.value
                for e in fetch.elements
                if isinstance(e.value, cst.Name) and not isinstance(e, cst.StarredElement)
            ]
            if len(names) == len(fetch.elements) and all(n in self.variables for n in names):
                return names
        return None

    def _saver(self, name: str, line: cst.SimpleStatementLine, call: cst.Call, scope: cst.CSTNode, loop: int) -> None:
        if len(self.bindings.get(name, [])) != 1 or loop:
            raise self._deny(f"`{name}` is bound more than once", line)
        positional = [a for a in call.args if a.keyword is None]
        if len(positional) > 1 or any(a.star for a in call.args):
            raise self._deny("Saver arguments other than var_list/max_to_keep", call)
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value not in SAVER_KWARGS:
                raise self._deny(f"Saver({arg.keyword.value}=...) has no CheckpointManager equivalent", call)
        saver = Saver(name, line, call, scope, self.line_of(line))
        self.savers[name] = saver
        self._keep.append(line)
        var_list = argument(call, 0, "var_list")
        if var_list is None or (
            isinstance(var_list.value, cst.Call)
            and self.resolve(var_list.value.func) in ALL_VARIABLES
            and not var_list.value.args
        ):
            trainable_only = (
                var_list is not None
                and self.resolve(cst.ensure_type(var_list.value, cst.Call).func) == "trainable_variables"
            )
            saver.implicit = "trainable" if trainable_only else "all"
            return
        value = var_list.value
        model = self._model_weights(value)
        if model is not None:
            saver.entries.append((model, model))
            saver.keras = True
            return
        if isinstance(value, (cst.List, cst.Tuple)):
            for element in value.elements:
                if not (isinstance(element.value, cst.Name) and element.value.value in self.variables):
                    raise self._deny("Saver var_list holds something other than variables built in this file", call)
                saver.entries.append((element.value.value, element.value.value))
            return
        if isinstance(value, cst.Dict):
            for entry in value.elements:
                key = literal_string(entry.key) if isinstance(entry, cst.DictElement) else None
                var = entry.value
                if key is None or not (isinstance(var, cst.Name) and var.value in self.variables):
                    raise self._deny("Saver var_list dict maps something other than string keys to variables", call)
                saver.entries.append((key if attribute_name(key) else var.value, var.value))
                saver.keys[var.value] = key
            return
        raise self._deny("Saver var_list is not a literal list/tuple/dict of variables", call)

    def _model_weights(self, node: cst.BaseExpression) -> str | None:
        """``model.weights`` (or variables/trainable_weights) of a Keras model built in this module."""
        if (
            isinstance(node, cst.Attribute)
            and node.attr.value in MODEL_WEIGHTS
            and isinstance(node.value, cst.Name)
            and node.value.value in self.models
        ):
            return node.value.value
        return None

    def _save(self, saver: Saver, call: cst.Call) -> None:
        positional = [a for a in call.args if a.keyword is None]
        keywords = {a.keyword.value for a in call.args if a.keyword is not None}
        if len(positional) > 3 or any(a.star for a in call.args) or not keywords <= SAVE_KWARGS:
            raise self._deny("Saver.save arguments beyond sess/save_path/global_step/write_meta_graph", call)
        session = argument(call, 0, "sess")
        path = argument(call, 1, "save_path")
        if session is None or path is None or not self._session_value(session.value):
            raise self._deny("Saver.save without a Session of this module", call)
        self._allow(session.value)
        step = argument(call, 2, "global_step")
        if step is not None:
            for keyword in ("keep_checkpoint_every_n_hours", "save_relative_paths"):
                if _keyword(saver.call, keyword) is not None:
                    raise self._deny(
                        f"a numbered save by a Saver given {keyword}= (the conversion's numbered saves, which keep "
                        "the checkpoints an earlier run wrote as TF1's Saver did, do not model it)",
                        call,
                    )
            code = self.module.code_for_node(path.value)
            if saver.numbered_path is not None and self.module.code_for_node(saver.numbered_path) != code:
                raise self._deny("numbered saves to several directories", call)
            saver.numbered_path = path.value
        saver.saves.append(call)
        self.saver_calls[id(call)] = (saver, "numbered" if step is not None else "write")
        self._keep.append(call)

    def _restore(self, saver: Saver, call: cst.Call, scope: cst.CSTNode) -> None:
        session = argument(call, 0, "sess")
        path = argument(call, 1, "save_path")
        if len(call.args) != 2 or session is None or path is None or not self._session_value(session.value):
            raise self._deny("Saver.restore without a Session of this module", call)
        if id(call) not in self.statement_calls:
            raise self._deny("the value of Saver.restore (None in TF1) is used", call)
        self._allow(session.value)
        saver.restores.append(call)
        self.saver_calls[id(call)] = (saver, "restore")
        self._keep.append(call)
        self.session_runs.append((scope, 0, "restore", self.line_of(call)))

    def _finish(self) -> None:
        for name, saver in self.savers.items():
            if saver is None:
                raise NotEager(f"the Saver bound to `{name}` is not a plain `name = tf.train.Saver(...)`", 0)
            self._finish_saver(saver)
        numbered = [saver for saver in self.savers.values() if saver is not None and saver.numbered_path is not None]
        body = getattr(numbered[0].scope, "body", None) if numbered else None
        body = getattr(body, "body", body)  # a function's IndentedBlock, the module's list
        if len(numbered) > 1 and not all(any(s is saver.statement for s in body or ()) for saver in numbered):
            raise NotEager(  # the numbered saves' class is written once, beside the first Saver
                f"Savers `{numbered[0].name}` and `{numbered[1].name}` both save numbered checkpoints, not in one block",
                numbered[1].line,
            )
        inits = [r for r in self.session_runs if r[2] == "init"]
        restores = [r for r in self.session_runs if r[2] == "restore"]
        for scope, session_line, _, line in inits:
            first = min(s for sc, s, kind, _ in inits if sc is scope)
            if session_line != first:
                raise NotEager("a later Session re-initialises the variables", line)
            earlier = [r_line for sc, _, _, r_line in restores if sc is scope and r_line < line]
            if any(not self._exclusive(r_line, line) for r_line in earlier):
                raise NotEager("variables are re-initialised after a restore", line)
            for other, _, _, r_line in restores:
                if self._in_one_loop(r_line, line):
                    raise NotEager("variables are re-initialised after a restore in a later pass of a loop", line)
                if other is not scope and not self._before(scope, line, other, r_line):
                    raise NotEager(
                        f"variables may be re-initialised after the restore on line {r_line} (another function)", line
                    )

    def _in_one_loop(self, first: int, second: int) -> bool:
        """Both lines in the body of one loop: each may run after the other."""
        for node in _descendants(self.module):
            if isinstance(node, (cst.For, cst.While)):
                start, end = self.span_of(node)
                if start <= min(first, second) and max(first, second) <= end:
                    return True
        return False

    def _before(self, first: cst.CSTNode, first_line: int, second: cst.CSTNode, second_line: int) -> bool:
        """Every run of ``first_line`` (in scope ``first``) comes before every run of ``second_line``: the eager
        program drops an initialisation, which TF1 ran after a restore only when one ran later than it."""
        before, after = self._moments(first), self._moments(second)
        if not before or not after:
            return False
        return max((*m, first_line) for m in before) < min((*m, second_line) for m in after)

    def _moments(self, scope: cst.CSTNode, depth: int = 0) -> list[tuple[int, ...]] | None:
        """When the scope's code runs, as the lines of the calls that lead to it from the module's own straight-line
        code (the module itself: once, ``()``); None where it cannot be told (a call in a loop, a function passed
        on, called from nowhere here or deeper than a few calls)."""
        if scope is self.module:
            return [()]
        if not isinstance(scope, cst.FunctionDef) or depth > 4 or len(self.bindings.get(scope.name.value, [])) != 1:
            return None
        name = scope.name.value
        sites = [
            n
            for n in _descendants(self.module)
            if isinstance(n, cst.Call) and isinstance(n.func, cst.Name) and n.func.value == name
        ]
        nodes = list(_descendants(self.module))
        attributes = {id(n.attr) for n in nodes if isinstance(n, cst.Attribute)}
        attributes |= {id(n.keyword) for n in nodes if isinstance(n, cst.Arg) and n.keyword is not None}
        references = [n for n in nodes if isinstance(n, cst.Name) and n.value == name and id(n) not in attributes]
        if not sites or len(references) != len(sites) + 1:
            return None
        moments: list[tuple[int, ...]] = []
        for site in sites:
            caller = self._scope_of(site)
            if isinstance(caller, cst.FunctionDef):
                if not isinstance(caller.body, cst.IndentedBlock):
                    return None
                body: Sequence[cst.BaseStatement] = caller.body.body
            else:
                body = self.module.body
            if site not in set(_straight_line_calls(body)):
                return None
            outer = self._moments(caller, depth + 1)
            if outer is None:
                return None
            moments += [(*m, self.line_of(site)) for m in outer]
        return moments

    def _exclusive(self, first: int, second: int) -> bool:
        """Lines in the two arms of one ``if``/``else`` never both run."""
        for node in _descendants(self.module):
            if isinstance(node, cst.If) and node.orelse is not None:
                body, orelse = self.span_of(node.body), self.span_of(node.orelse)
                if body[0] <= first <= body[1] and orelse[0] <= second <= orelse[1]:
                    return True
        return False

    def _finish_saver(self, saver: Saver) -> None:
        implicit = saver.implicit
        if implicit is not None and not self.variables and not self.untracked_variables and len(self.models) == 1:
            model, (first, last) = next(iter(self.models.items()))
            if all(first <= line <= last for line in self.keras_sites) and last < saver.line:
                saver.entries = [(model, model)]
                saver.keras = True
                implicit = None
        if implicit is not None:
            if self.untracked_variables or self.keras_sites:
                raise NotEager(
                    "Saver() saves every variable, but some are created where tfmigrate cannot name them",
                    (self.untracked_variables or self.keras_sites)[0],
                )
            chosen = [v for v in self.variables.values() if v.scope is saver.scope and v.line < saver.line]
            if len(chosen) != len(self.variables):
                raise NotEager("Saver() saves variables built in several functions", saver.line)
            if implicit == "trainable":
                chosen = [v for v in chosen if v.trainable]
            if not chosen:
                raise NotEager("Saver() with no variables built before it", saver.line)
            saver.entries = [(v.name, v.name) for v in chosen]
        attributes = [a for a, _ in saver.entries]
        if len(set(attributes)) != len(attributes) or not all(attribute_name(a) for a in attributes):
            raise NotEager("Saver entries cannot all become distinct tf.train.Checkpoint attributes", saver.line)
        if saver.keras:
            if saver.restores and self.keras != "tf-keras":
                raise NotEager(KERAS3_NAMES, self.line_of(saver.restores[0]))
        elif saver.restores:
            if self.untracked_variables or self.keras_sites:
                raise NotEager(
                    "some variables are created where tfmigrate cannot name them",
                    (self.untracked_variables or self.keras_sites)[0],
                )
            graph_names = [v.graph_name for v in self.variables.values()]
            for _, var in saver.entries:
                graph_name = self.variables[var].graph_name
                if graph_name is None or graph_names.count(graph_name) != 1:
                    raise NotEager(
                        f"the graph name of `{var}` is not known statically, so old checkpoints may not match",
                        self.variables[var].line,
                    )
                if saver.keys.get(var, graph_name) != graph_name:
                    raise NotEager(
                        f"the Saver stores `{var}` as {saver.keys[var]!r} but the variable is named {graph_name!r}: "
                        "tf.train.Checkpoint restores old checkpoints by variable name",
                        saver.line,
                    )
        if saver.numbered_path is not None:
            for name in _names_in(saver.numbered_path):
                if not self._bound_before(name, saver):
                    raise NotEager(
                        f"the checkpoint directory uses `{name}`, which is not set before the Saver is built",
                        saver.line,
                    )

    def _bound_before(self, name: str, saver: Saver) -> bool:
        sites = self.bindings.get(name, [])
        local = [line for scope, line in sites if scope is saver.scope]
        if local:
            return all(line < saver.line for line in local)
        if saver.scope is self.module:
            return False
        return any(scope is self.module for scope, _ in sites)


def _straight_line_calls(body: Sequence[cst.BaseStatement]):
    """The calls a module or function body makes at most once each time it runs: in its statements and the
    ``if``/``with``/``try`` blocks around them, not in a loop, function, class, lambda or comprehension."""

    def calls(node: cst.CSTNode):
        if isinstance(node, cst.Call):
            yield node
        for child in children(node):
            if not isinstance(child, (cst.Lambda, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)):
                yield from calls(child)

    def block(suite: cst.BaseSuite):
        if isinstance(suite, cst.SimpleStatementSuite):
            yield from calls(suite)
        else:
            yield from statements(cst.ensure_type(suite, cst.IndentedBlock).body)

    def statements(body: Sequence[cst.BaseStatement]):
        for statement in body:
            if isinstance(statement, cst.SimpleStatementLine):
                yield from calls(statement)
            elif isinstance(statement, cst.With):
                for item in statement.items:
                    yield from calls(item)
                yield from block(statement.body)
            elif isinstance(statement, cst.If):
                yield from calls(statement.test)
                yield from block(statement.body)
                if isinstance(statement.orelse, cst.If):
                    yield from statements([statement.orelse])
                elif statement.orelse is not None:
                    yield from block(statement.orelse.body)
            elif isinstance(statement, cst.Try):
                parts = [statement.body, *(h.body for h in statement.handlers)]
                parts += [p.body for p in (statement.orelse, statement.finalbody) if p is not None]
                for part in parts:
                    yield from block(part)

    yield from statements(body)


def _minimizes_a_tensor(method: str, call: cst.Call) -> bool:
    """``minimize(loss)`` / ``compute_gradients(loss)`` with a loss that is not a lambda (eager needs a callable)."""
    return (
        method in ("minimize", "compute_gradients")
        and bool(call.args)
        and not isinstance(call.args[0].value, cst.Lambda)
    )


def _descendants(node: cst.CSTNode):
    return iter(preorder(node))


def _v1_load(call: cst.Call) -> bool:
    """``tf.compat.v1.saved_model.load(sess, tags, export_dir)``, not TF2's ``tf.saved_model.load(export_dir)``."""
    positional = [a for a in call.args if a.keyword is None]
    return len(positional) >= 2 or any(a.keyword is not None and a.keyword.value == "sess" for a in call.args)


def _string_dict(node: cst.BaseExpression) -> list[tuple[str, str]] | None:
    if not isinstance(node, cst.Dict):
        return None
    pairs = []
    for element in node.elements:
        if not isinstance(element, cst.DictElement) or not isinstance(element.value, cst.Name):
            return None
        key = literal_string(element.key)
        if key is None:
            return None
        pairs.append((key, element.value.value))
    return pairs or None


def _statements_in(scope: cst.CSTNode):
    """Single-statement lines of a scope in source order, not descending into nested functions or classes."""

    def visit(node: cst.CSTNode):
        for child in children(node):
            if isinstance(child, (cst.FunctionDef, cst.ClassDef)):
                continue
            if isinstance(child, cst.SimpleStatementLine):
                yield child
            else:
                yield from visit(child)

    body = scope.body if isinstance(scope, cst.FunctionDef) else scope
    yield from visit(body)


def _targets(line: cst.SimpleStatementLine) -> set[str]:
    found: set[str] = set()
    for small in line.body:
        if isinstance(small, cst.Assign):
            for target in small.targets:
                if isinstance(target.target, cst.Name):
                    found.add(target.target.value)
    return found


def _names_in(node: cst.CSTNode) -> list[str]:
    """Free names an expression reads (the ``a`` of ``a.b``, not the ``b``)."""
    if isinstance(node, cst.Name):
        return [node.value]
    if isinstance(node, cst.Attribute):
        return _names_in(node.value)
    found: list[str] = []
    for child in children(node):
        found += _names_in(child)
    return found


# ===================================================================================== the shared rewrite
class EagerRewrite(Transform):
    """Applies an Analysis plan: TFM201 (Saver programs) and TFM202 (SavedModel exports) share it.

    Subclasses say whether a module is theirs to convert (``converts``) and how to report one that must stay
    in graph mode (``report_fallback``). The plan is computed once per module on the original tree; every
    edit is keyed by the identity of an original node.
    """

    CODE = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.plan: Analysis | None = None
        self.fallback: set[int] = set()
        self.fallback_reason = ""
        self.inserted_pass: set[int] = set()
        self.fillers: list[cst.SimpleStatementLine] = []
        self.markers: set[int] = set()
        self.checkpoint_names: dict[str, str] = {}
        self.manager_names: dict[str, str] = {}
        self.function_names: dict[int, str] = {}
        self.saver_class = ""  # TF1's numbered saves (_numbered_saves.py), written beside the first numbered Saver
        self.save_function = ""  # writes a checkpoint and TF1's state file (_checkpoint_state), for unnumbered saves
        self.tf = "tf"

    # ---------------------------------------------------------------------------------------- hooks
    def converts(self, analysis: Analysis) -> bool:
        raise NotImplementedError

    def report_fallback(self, analysis: Analysis, reason: str) -> None:
        raise NotImplementedError

    def fallback_sites(self, analysis: Analysis, sites: list[cst.Call], reason: str, advice: str) -> None:
        self.fallback_reason = reason
        for call in sites:
            self.fallback.add(id(call))
            self.follow_up(call, f"{advice}: {reason}")

    # ------------------------------------------------------------------------------------- analysis
    def _span(self, node: cst.CSTNode) -> tuple[int, int]:
        try:
            where = self.get_metadata(PositionProvider, node)
        except KeyError:
            return (0, 0)
        return (where.start.line, where.end.line)

    def _resolve(self, node: cst.CSTNode) -> str | None:
        return tf_path(self.qualified_names(node))

    def visit_Module(self, node: cst.Module) -> bool:
        self._plan_module(node)
        # Without a plan (and without fallback sites to annotate) every leave_ hook returns its node as it came:
        # the walk would rebuild the whole module to change nothing.
        return self.plan is not None or bool(self.options.annotate and self.fallback)

    def _plan_module(self, node: cst.Module) -> None:
        analysis = Analysis(node, self._resolve, self.line_of, self._span, self.options.keras)
        analysis.collect()
        if not analysis.saver_sites and not analysis.export_sites:
            return
        try:
            analysis.check()
        except NotEager as err:
            where = f" (line {err.line})" if err.line else ""
            self.report_fallback(analysis, f"{err.reason}{where}")
            return
        except Exception as err:  # noqa: BLE001 - a shape the analysis does not know stays in graph mode
            self.report_fallback(analysis, f"tfmigrate could not analyse this module ({type(err).__name__}: {err})")
            return
        if not self.converts(analysis):
            return
        self.plan = analysis
        self._drop_unused_imports(node)
        binding = tf_binding(node)
        if binding is None:
            AddImportsVisitor.add_needed_import(self.context, "tensorflow")
            binding = "tensorflow"
        self.tf = binding
        taken: set[str] = set()
        for saver in analysis.savers.values():
            checkpoint = _fresh(analysis, taken, saver.name.replace("saver", "checkpoint"), saver.name)
            self.checkpoint_names[saver.name] = checkpoint
            what = "tf.train.Checkpoint"
            if saver.numbered_path is not None:
                base = "manager" if checkpoint == "checkpoint" else f"{checkpoint}_manager"
                self.manager_names[saver.name] = _fresh(analysis, taken, base, f"{saver.name}_manager")
                if not self.saver_class:
                    self.saver_class = _fresh(analysis, taken, "NumberedSaves", "TF1NumberedSaves")
                what += f" + {self.saver_class} (TF1's numbered saves: it deletes only what it saved itself)"
            note = "old checkpoints still restore"
            if saver.keras and self.options.keras != "tf-keras":
                note = "TF1 checkpoints of this Keras model use other names than Keras 3"
            self.change(saver.statement, f"tf.train.Saver `{saver.name}` -> {what} (eager; {note})")
        if any(kind == "write" for _, kind in analysis.saver_calls.values()):
            self.save_function = _fresh(analysis, taken, "save_checkpoint", "save_tf1_checkpoint", "tfmigrate_save")
        for call in analysis.session_configs:
            self.follow_up(
                call,
                "the Session's config= no longer applies to eager code: set device and memory "
                "options with tf.config (e.g. tf.config.experimental.set_memory_growth)",
            )
        for index, export in enumerate(analysis.exports):
            name = _fresh(analysis, taken, SIGNATURE, f"{SIGNATURE}_{index + 1}", f"{SIGNATURE}_fn_{index + 1}")
            self.function_names[id(export)] = name
            self.change(export.statement, "simple_save -> tf.saved_model.save with a serving_default tf.function")

    def _drop_unused_imports(self, module: cst.Module) -> None:
        """``from tensorflow.compat.v1 import Session`` and the like lose their last use in the conversion."""
        for statement in module.body:
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                if not isinstance(small, cst.ImportFrom) or small.module is None:
                    continue
                if isinstance(small.names, cst.ImportStar):
                    continue
                source = module.code_for_node(small.module)
                for alias in small.names:
                    if tf_path({f"{source}.{alias.evaluated_name}"}) in CONVERTED:
                        RemoveImportsVisitor.remove_unused_import(
                            self.context, source, alias.evaluated_name, asname=alias.evaluated_alias
                        )

    # ------------------------------------------------------------------------------------ rewriting
    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.BaseStatement | cst.FlattenSentinel | cst.RemovalSentinel:
        plan = self.plan
        if plan is None:
            return self._annotate(original_node, updated_node)
        if id(original_node) in plan.remove or id(original_node) in plan.moved:
            return self._marker(updated_node.leading_lines)
        for saver in plan.savers.values():
            if saver.statement is original_node:
                return cst.FlattenSentinel(self._saver_statements(saver, updated_node))
        for export in plan.exports:
            if export.statement is original_node:
                return cst.FlattenSentinel(self._export_statements(export, updated_node))
        return updated_node

    def _annotate(self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine) -> cst.SimpleStatementLine:
        if not self.options.annotate or not self.fallback:
            return updated
        if not any(id(node) in self.fallback for node in _descendants(original)):
            return updated
        marker = f"# tfmigrate: {self.CODE}"
        if any(line.comment is not None and line.comment.value.startswith(marker) for line in updated.leading_lines):
            return updated
        comment = f"{marker} stays in graph mode (tf.compat.v1): {self.fallback_reason}".replace("\n", " ")
        return updated.with_changes(leading_lines=[*updated.leading_lines, cst.EmptyLine(comment=cst.Comment(comment))])

    def _saver_statements(self, saver: Saver, updated: cst.SimpleStatementLine) -> list[cst.BaseStatement]:
        plan = self.plan
        assert plan is not None
        checkpoint = self.checkpoint_names[saver.name]
        entries = ", ".join(f"{attribute}={variable}" for attribute, variable in saver.entries)
        lines = [f"{checkpoint} = {self.tf}.train.Checkpoint({entries})"]
        if saver.numbered_path is not None:
            if saver is next(s for s in plan.savers.values() if s is not None and s.numbered_path is not None):
                os_bound = len(plan.bindings.get("os", [])) == 1 and _imports_os(plan)
                lines.append(saver_class(self.saver_class, self.tf, os_bound))
            keep = _keyword(saver.call, "max_to_keep")
            max_to_keep = "" if keep is None else f", max_to_keep={plan.module.code_for_node(keep)}"
            lines.append(f"{self.manager_names[saver.name]} = {self.saver_class}({checkpoint}{max_to_keep})")
        statements: list[cst.BaseStatement] = [cst.parse_statement(line + "\n") for line in lines]
        for index, statement in enumerate(statements[:-1]):  # the numbered saves' class, set apart by blank lines
            if isinstance(statement, cst.ClassDef):
                for around in (index, index + 1):
                    statements[around] = statements[around].with_changes(leading_lines=[cst.EmptyLine(indent=False)])
        writes = [s for s, kind in plan.saver_calls.values() if kind == "write"]
        if writes and writes[0] is saver:  # the save function goes first, set apart by blank lines
            os_bound = len(plan.bindings.get("os", [])) == 1 and _imports_os(plan)
            function = cst.parse_statement(save_function(self.save_function, self.tf, os_bound))
            blank = cst.EmptyLine(indent=False)
            statements[0] = statements[0].with_changes(leading_lines=[blank])
            statements.insert(0, function)
        leading = list(updated.leading_lines)
        if len(statements) > len(lines) and not any(line.comment is None for line in leading):
            leading.insert(0, cst.EmptyLine(indent=False))
        statements[0] = statements[0].with_changes(leading_lines=leading)
        if updated.trailing_whitespace.comment is not None:
            statements[-1] = statements[-1].with_changes(trailing_whitespace=updated.trailing_whitespace)
        return statements

    def _export_statements(self, export: Export, updated: cst.SimpleStatementLine) -> list[cst.BaseStatement]:
        plan = self.plan
        assert plan is not None
        code = plan.module.code_for_node
        specs = []
        for key, name in export.inputs:
            assign = cst.ensure_type(plan.placeholders[name].body[0], cst.Assign)
            call = cst.ensure_type(assign.value, cst.Call)  # placeholders holds `x = tf.placeholder(...)` lines
            dtype = argument(call, 0, "dtype")
            shape = argument(call, 1, "shape")
            dtype_code = code(dtype.value) if dtype is not None else f"{self.tf}.float32"
            shape_code = code(shape.value) if shape is not None else "None"
            specs.append(f"{self.tf}.TensorSpec(shape={shape_code}, dtype={dtype_code}, name={json.dumps(key)})")
        function = self.function_names[id(export)]
        params = ", ".join(name for _, name in export.inputs)
        returned = ", ".join(f"{json.dumps(key)}: {name}" for key, name in export.outputs)
        definition = cst.parse_statement(
            f"@{self.tf}.function(input_signature=[{', '.join(specs)}])\n"
            f"def {function}({params}):\n    return {{{returned}}}\n"
        )
        moved = [
            statement.with_changes(leading_lines=[line for line in statement.leading_lines if line.comment is not None])
            for statement in export.moved
        ]
        assert isinstance(definition, cst.FunctionDef) and isinstance(definition.body, cst.IndentedBlock)
        definition = definition.with_changes(
            body=definition.body.with_changes(body=[*moved, *definition.body.body]),
            leading_lines=[cst.EmptyLine(indent=False), *updated.leading_lines],
        )
        entries = ", ".join(f"{name}={name}" for name in export.variables)
        save = cst.parse_statement(
            f"{self.tf}.saved_model.save({self.tf}.train.Checkpoint({entries}), {code(export.export_dir)}, "
            f"signatures={{{json.dumps(SIGNATURE)}: {function}}})\n"
        )
        return [definition, save.with_changes(leading_lines=[cst.EmptyLine(indent=False)])]

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        plan = self.plan
        if plan is None:
            return updated_node
        read = plan.numpy.get(id(original_node))
        if read is not None:
            if isinstance(read, str) and read.startswith("*"):
                return cst.parse_expression(f"[value.numpy() for value in {read[1:]}]")
            if isinstance(read, str):
                return _numpy(read)
            elements = [cst.Element(_numpy(name)) for name in read]
            if isinstance(original_node.args[0].value, cst.Tuple):
                return cst.Tuple(elements)
            return cst.List(elements)
        entry = plan.saver_calls.get(id(original_node))
        if entry is None:
            return updated_node
        saver, kind = entry
        path = argument(updated_node, 1, "save_path")
        assert path is not None
        if kind == "numbered":
            step = argument(updated_node, 2, "global_step")
            assert step is not None
            manager = cst.Name(self.manager_names[saver.name])
            code = f"{manager.value}.save(x, y)"
            call = cst.ensure_type(cst.parse_expression(code), cst.Call)
            saved = [path.value, step.value]
            args = [a.with_changes(value=v) for a, v in zip(call.args, saved)]
            return call.with_changes(args=args)
        checkpoint = cst.Name(self.checkpoint_names[saver.name])
        written = path.with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT, comma=cst.MaybeSentinel.DEFAULT)
        if kind == "write":
            first = cst.Arg(checkpoint, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
            return cst.Call(func=cst.Name(self.save_function), args=[first, written])
        # TF1's restore stopped on a variable the checkpoint lacks and on a None path (``latest_checkpoint`` over an
        # empty folder); ``restore(path)`` goes on with the initial values, the assert stops (TF 2.21). read():
        # restore() adds a save counter that what ``write`` saved lacks (session/savers.py restores the same way).
        status = cst.Call(func=cst.Attribute(checkpoint, cst.Name("read")), args=[written])
        return cst.Call(func=cst.Attribute(status, cst.Name("assert_existing_objects_matched")))

    def leave_With(
        self, original_node: cst.With, updated_node: cst.With
    ) -> cst.BaseStatement | cst.FlattenSentinel | cst.RemovalSentinel:
        plan = self.plan
        if plan is None or id(original_node) not in plan.unwrap:
            return updated_node
        body = updated_node.body
        if isinstance(body, cst.SimpleStatementSuite):
            statements: list[cst.BaseStatement] = [cst.SimpleStatementLine(body=body.body)]
        else:
            statements = [
                s
                for s in cst.ensure_type(body, cst.IndentedBlock).body
                if id(s) not in self.inserted_pass and not _is_pass(s)
            ]
        if not statements:
            return cst.RemoveFromParent()
        self.change(original_node, "Session/Graph `with` block unwrapped: its body runs eagerly")
        statements[0] = statements[0].with_changes(
            leading_lines=[*updated_node.leading_lines, *statements[0].leading_lines]  # type: ignore[attr-defined]  # libcst: every BaseStatement has leading_lines, its base class does not say so
        )
        return cst.FlattenSentinel(statements)

    def _marker(self, leading_lines) -> cst.SimpleStatementLine:
        """Stands in for a removed statement until its block hands the blank lines and comments on."""
        marker = cst.SimpleStatementLine(body=[cst.Pass()], leading_lines=leading_lines)
        self.markers.add(id(marker))
        self.fillers.append(marker)
        return marker

    def _settle(self, body) -> list[cst.BaseStatement]:
        settled: list[cst.BaseStatement] = []
        pending: list[cst.EmptyLine] = []
        for statement in body:
            if id(statement) in self.markers:
                pending += statement.leading_lines
                continue
            if pending:
                own = list(statement.leading_lines)
                if own and own[0].comment is None and all(line.comment is None for line in pending):
                    pending = []
                statement = statement.with_changes(leading_lines=[*pending, *own])
                pending = []
            settled.append(statement)
        return settled

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if self.plan is None:
            return updated_node
        return updated_node.with_changes(body=self._settle(updated_node.body))

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        if self.plan is None:
            return updated_node
        body = self._settle(updated_node.body)
        if body:
            return updated_node.with_changes(body=body)
        filler = cst.SimpleStatementLine(body=[cst.Pass()])
        self.inserted_pass.add(id(filler))
        self.fillers.append(filler)  # keeps the id unique while the transform runs
        return updated_node.with_changes(body=[filler])

    def leave_If(self, original_node: cst.If, updated_node: cst.If) -> cst.If:
        orelse = updated_node.orelse
        if (
            self.plan is not None
            and isinstance(orelse, cst.Else)
            and isinstance(orelse.body, cst.IndentedBlock)
            and all(id(s) in self.inserted_pass for s in orelse.body.body)
        ):
            return updated_node.with_changes(orelse=None)
        return updated_node


# Names whose imports lose their last use in the conversion (RemoveImportsVisitor keeps any still used).
CONVERTED = frozenset({SAVER, GRAPH, SIMPLE_SAVE, *SESSIONS, *INITIALIZERS})


def _fresh(analysis: Analysis, taken: set[str], *candidates: str) -> str:
    for name in candidates:
        if name not in taken and (name == candidates[-1] or analysis.free_name(name)):
            taken.add(name)
            return name
    return candidates[-1]


def _imports_os(analysis: Analysis) -> bool:
    """The module's one binding of ``os`` is a top-level ``import os``."""
    return any(
        isinstance(statement, cst.SimpleStatementLine)
        and any(
            isinstance(small, cst.Import)
            and any(alias.asname is None and alias.evaluated_name == "os" for alias in small.names)
            for small in statement.body
        )
        for statement in analysis.module.body
    )


def _is_pass(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(isinstance(s, cst.Pass) for s in statement.body)


def _quoted(like: cst.BaseExpression, value: str) -> str:
    """``value`` as a string literal with the quote style of ``like``."""
    quote = "'" if isinstance(like, cst.SimpleString) and like.quote == "'" else '"'
    return quote + value.replace("\\", "\\\\").replace(quote, "\\" + quote) + quote


def _numpy(name: str) -> cst.Call:
    return cst.Call(func=cst.Attribute(cst.Name(name), cst.Name("numpy")))


def _keyword(call: cst.Call, name: str) -> cst.BaseExpression | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg.value
    return None


def _fetch_only(arg: cst.Arg) -> bool:
    """A Session run's one argument is its fetch: positional, or ``fetches=`` as book programs write it."""
    return not arg.star and (arg.keyword is None or arg.keyword.value == "fetches")
