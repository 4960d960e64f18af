"""TFM102's library-module case (no entry point: a follow-up, no edit) decided on the ast model.

Why: on a long module that only defines graph-building functions for others (``parallel_for/pfor.py``, 5k
lines), the libcst rule parsed the file and computed scope and qualified-name metadata to end with one
follow-up. The plan here makes the rule's decision (``tfm102_graph_mode.GraphMode.leave_Module``) from
:mod:`tfmigrate.model` where the facts it reads are exactly the rule's, and gives the same follow-up on the
same line; a module where it finds no graph site, or that switches to graph mode itself, is left as it is, as
the rule leaves it (whatever else it holds: most of TensorFlow's own modules mention a switch or ``__main__`` in
prose or call TensorFlow at module level, and have no site), and so is a Session-less module whose graph reads
(the rule's weaker sites) all sit inside functions of a module without an entry point (``tpu/tensor_tracer.py``:
the rule leaves them to the program that imports it), or whose graph reads cannot count (it names a Session,
Keras or an Estimator, an eager idiom or a graph of its own: a library module formatting its error messages). A
module with a site and anything else (a switch to insert, a ``__main__`` guard, module-level TensorFlow calls,
calls of own functions at module level, tensor-name fetches, fetches beside updates) declines, as does one whose
names the model could resolve other than libcst does: :func:`plan` returns None and the libcst rule runs
(tests/test_engine_edits.py checks output and reports are the same either way).
"""

from __future__ import annotations

import ast

from tfmigrate.model import Model
from tfmigrate.transforms._edit_support import Decline, expression_line
from tfmigrate.transforms._graph_semantics import EAGER_OR_OWN_GRAPH
from tfmigrate.transforms._tf1 import COMPAT_V2, is_private, short_v1_path
from tfmigrate.transforms.tfm102_graph_mode import (
    FOLLOW_UP,
    GRAPH_MODE_NAMES,
    MODE_FREE,
    PRINTERS,
    SEMANTIC_ATTRIBUTES,
    SWITCHES,
    TENSOR_NAME,
    UPDATES,
    GraphMode,
    _optimizer,
    _runner,
    compat_only,
)

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_DEFINITIONS = (*_FUNCTIONS, ast.ClassDef)


def plan(rule: GraphMode, model: Model) -> str | None:
    """The file's text (unchanged) with the rule's follow-up reported, or None when the libcst rule must run."""
    try:
        return _Planner(rule, model).run()
    except (Decline, RecursionError):
        return None


def _full_name(node: ast.AST) -> str | None:
    """libcst's ``get_full_name_for_node``: calls and subscripts stand for their callee and value."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_full_name(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return _full_name(node.func)
    if isinstance(node, ast.Subscript):
        return _full_name(node.value)
    return None


def _children(node: ast.AST) -> list[ast.AST]:
    """The children libcst visits, in its (source) order; position-less helper nodes are looked through."""
    out: list[ast.AST] = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)):
            continue
        if getattr(child, "lineno", None) is None:
            out.extend(_children(child))
        else:
            out.append(child)
    return sorted(out, key=lambda c: (c.lineno, c.col_offset))  # type: ignore[attr-defined]  # positioned


class _Planner:
    def __init__(self, rule: GraphMode, model: Model) -> None:
        self.rule = rule
        self.m = model
        self.tf_names: dict[str, list[ast.Import | ast.ImportFrom]] = {}
        self.sites: list[tuple[ast.AST, str, str | None]] = []  # node, reason, enclosing function
        self.optimizers: set[str] = set()
        self.updates: set[str] = set()  # names bound anywhere to an op that writes variables
        self.switched = False  # a load of disable_eager_execution / disable_v2_behavior (GraphMode._note)
        self.unmodelled: list[str] = []  # what the plan cannot decide, should the module have a graph site
        self.semantic_reads = False  # an attribute or ``reuse=`` of a Session-less lesson's graph reads
        self.module_reads = False  # one of them outside every function and lambda (a class body is not one)
        self.tf1_only = False  # a name TF2 only has under tf.compat.v1 (with the above: GraphMode's weaker sites)
        # what makes the rule's weaker sites count for nothing (GraphMode._graph_reads_count), each set only where
        # libcst's rule sets it too: a runner named, an eager idiom or a graph of its own, ``.numpy()``
        self.runs_graph = False
        self.eager_or_own_graph = False
        self.eager_only = False

    def run(self) -> str | None:
        m = self.m
        text = m.text
        if "\r" in text:
            raise Decline("line ends the plan does not model")
        self.check_bindings()
        body = m.tree.body
        own = {s.name for s in body if isinstance(s, _DEFINITIONS)}
        # Any call in a module-level statement may be an entry point (GraphMode._module_level_calls), lambdas'
        # too here: the plan then declines more modules than the rule switches, never fewer.
        for stmt in body:
            calls = [] if isinstance(stmt, _DEFINITIONS) else [n for n in ast.walk(stmt) if isinstance(n, ast.Call)]
            for value in calls:
                func = value.func
                if isinstance(func, ast.Name) and func.id in own:
                    self.unmodelled.append("module-level calls of own functions")
                if (
                    isinstance(func, ast.Attribute)
                    and func.attr == "run"
                    and (
                        (isinstance(func.value, ast.Name) and func.value.id == "app")
                        or (isinstance(func.value, ast.Attribute) and func.value.attr == "app")
                    )
                ):
                    self.unmodelled.append("app.run")
        self.updates = {
            t.id
            for node in m.assignments
            if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Attribute)
            and node.value.func.attr in UPDATES
            for t in node.targets
            if isinstance(t, ast.Name)
        }
        self.walk(m.tree, [], [])
        if not self.sites and self.semantic_reads and self.tf1_only and not self.switched and self.reads_count():
            # GraphMode's weaker sites (_graph_semantics: ``.name`` of an op's result, a reusing scope) decide
            # a Session-less TF1 script's switch, which the plan does not model. They switch only a module that
            # reads one at module level or has an entry point (leave_Module's ``module_level`` or guard); in a
            # library, reads inside functions are left to the program that imports it, as the rule leaves them.
            if self.module_reads or self.unmodelled:
                raise Decline("graph reads of a Session-less TF1 program")
            return text
        if not self.sites or self.switched:
            # The rule's leave_Module leaves a module without a graph site, or one that switches to graph mode
            # itself, as it is, reporting nothing: on library code that only reaches TensorFlow through private
            # modules (its own sources) that was a libcst parse and scope analysis to change nothing. What the
            # plan does not model only matters past this point.
            return text
        if self.unmodelled:
            raise Decline(self.unmodelled[0])
        first, reason, function = self.sites[0]
        where = f"{function}()" if function else "this module"
        self.rule.follow_up(None, FOLLOW_UP.format(where=where, reason=reason), line=expression_line(m, first))  # type: ignore[arg-type]  # the line is given
        return text

    def reads_count(self) -> bool:
        """Whether the weaker sites may count (GraphMode._graph_reads_count): where one of its conditions is known
        false they count for nothing, and a module without a graph site is left as it is, as the rule leaves it
        (a library module that reaches Keras or a Session and formats its error messages)."""
        from tfmigrate.transforms.session import EAGER_REWRITTEN

        return not (
            self.rule.context.scratch.get(EAGER_REWRITTEN)
            or self.runs_graph
            or self.eager_or_own_graph
            or self.eager_only
        )

    # ---- names ---------------------------------------------------------------------------------------
    def check_bindings(self) -> None:
        """Names bound by a tensorflow import: each bound once, by a module-level import, and written nowhere
        else (so a load of one means that import wherever it is, for the model as for libcst). Imports of private
        modules (``from tensorflow.python.keras import models`` inside a function, a star import of a generated
        ops module) are passed over wherever they stand: nothing reached through them has a TF1 path."""
        m = self.m
        for stmt, scope in m.imports:
            if isinstance(stmt, ast.ImportFrom):
                tf = (stmt.module or "").startswith("tensorflow") and not stmt.level
            else:
                tf = any(a.name.startswith("tensorflow") for a in stmt.names)
            if not tf:
                continue
            for alias in stmt.names:
                if alias.name == "*" and isinstance(stmt, ast.ImportFrom) and is_private(stmt.module or ""):
                    continue  # libcst binds nothing through a star import; its names would all be private
                if alias.name == "*" or (isinstance(stmt, ast.Import) and "." in alias.name and not alias.asname):
                    raise Decline("a star or dotted tensorflow import")
                real = f"{stmt.module}.{alias.name}" if isinstance(stmt, ast.ImportFrom) else alias.name
                if real != COMPAT_V2 and is_private(real):
                    # every name reached through it is private: no TF1 path, however it resolves, in whatever
                    # scope it binds (a name a tensorflow import binds elsewhere too declines below)
                    continue
                if scope is not m.module:
                    raise Decline("a tensorflow import inside a function or class")
                name = alias.asname or alias.name
                self.tf_names.setdefault(name, []).append(stmt)
        attribute_parts = {part for chain in m.chains for part in chain.parts[1:]}
        for name, statements in self.tf_names.items():
            bindings = m.bindings_of(name)
            if len(statements) != 1 or len(bindings) != 1 or bindings[0].scope is not m.module:
                raise Decline(f"{name} is bound more than once")
            if (name in m.other_names or name in attribute_parts) and self.marks(statements[0], name):
                raise Decline(f"{name} is also written as a keyword, parameter or attribute")
        for chain in m.chains:
            root = chain.nodes[0]
            if (
                root.id in self.tf_names  # type: ignore[attr-defined]  # a chain's root is a Name
                and chain.scope is m.module
                and root.lineno <= self.tf_names[root.id][0].end_lineno  # type: ignore[attr-defined]  # positioned
            ):
                raise Decline("a tensorflow name loaded before its import")

    def marks(self, statement: ast.Import | ast.ImportFrom, name: str) -> bool:
        """Whether ``name`` written as a keyword or an attribute (``tf.load_library`` beside ``from tensorflow import
        load_library``) could make a graph site or a switch: libcst names such a Name node through the import that
        binds it (``GraphMode._note`` visits it), which the walk here does not visit."""
        paths = {short_v1_path(q) for q in self.m.import_names(statement, name)} - {None}
        return any(p in GRAPH_MODE_NAMES or p.rsplit(".", 1)[-1] in SWITCHES for p in paths)  # type: ignore[union-attr]  # None removed

    def paths(self, node: ast.AST) -> set[str]:
        """GraphMode._tf_paths: the TF1 paths libcst's qualified names give ``node``."""
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            return set()
        full = _full_name(node)
        if full is None:
            return set()
        statements = self.tf_names.get(full.split(".")[0])
        if not statements:
            return set()
        if isinstance(node, ast.Name):
            full = node.id
        out = set()
        for stmt in statements:
            for name in self.m.import_names(stmt, full):
                path = short_v1_path(name)
                if path is not None:
                    out.add(path)
        return out

    # ---- the walk ------------------------------------------------------------------------------------
    def walk(self, node: ast.AST, functions: list[str | None], traced: list[bool]) -> None:
        """libcst's visit order; ``functions`` holds each enclosing def's name (None for a lambda)."""
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            return
        if isinstance(node, ast.Constant) and node.value == "__main__":
            self.unmodelled.append("a __main__ guard")  # wider than GraphMode's guard (one at module level)
        if isinstance(node, ast.JoinedStr) and any(
            (isinstance(n, ast.Name) and n.id in self.tf_names)
            or (isinstance(n, ast.keyword) and n.arg == "feed_dict")
            or (isinstance(n, ast.Attribute) and n.attr == "minimize")
            for n in ast.walk(node)
        ):
            self.unmodelled.append("a possible graph site inside an f-string (ast positions there are not libcst's)")
        if isinstance(node, _FUNCTIONS):
            functions = [*functions, node.name]
            callees = [d.func if isinstance(d, ast.Call) else d for d in node.decorator_list]
            traced = [*traced, any("function" in self.paths(c) for c in callees)]
        elif isinstance(node, ast.Lambda):
            functions = [*functions, None]
        elif isinstance(node, ast.Assign):
            self.assign(node)
        elif isinstance(node, ast.Call):
            self.call(node, functions)
        if (isinstance(node, ast.Attribute) and node.attr in SEMANTIC_ATTRIBUTES) or (
            isinstance(node, ast.keyword) and node.arg == "reuse"
        ):
            self.semantic_reads = True
            self.module_reads = self.module_reads or not functions
        if isinstance(node, ast.Attribute) and node.attr == "as_default":
            self.eager_or_own_graph = True
        if isinstance(node, (ast.Name, ast.Attribute)):
            self.note(node, functions, traced)
        for child in _children(node):
            self.walk(child, functions, traced)

    def site(self, node: ast.AST, reason: str, functions: list[str | None]) -> None:
        if not functions:
            raise Decline("a graph site at module level")
        named = [f for f in functions if f is not None]
        self.sites.append((node, reason, named[-1] if named else None))

    def note(self, node: ast.AST, functions: list[str | None], traced: list[bool]) -> None:
        paths = self.paths(node)
        if not paths:
            return
        if any(compat_only(p) for p in paths):
            self.tf1_only = True
        if isinstance(node.ctx, ast.Load) and any(_runner(p) for p in paths):  # type: ignore[attr-defined]  # a Name or Attribute
            self.runs_graph = True
        if {p.rsplit(".", 1)[-1] for p in paths} & EAGER_OR_OWN_GRAPH:
            self.eager_or_own_graph = True
        graph = sorted(paths & GRAPH_MODE_NAMES)
        if graph == ["gradients"] and any(traced):
            graph = []
        if graph:
            self.site(node, f"tf.{graph[0]}", functions)
        if {p.rsplit(".", 1)[-1] for p in paths} & SWITCHES:
            self.switched = True

    def assign(self, node: ast.Assign) -> None:
        if not isinstance(node.value, ast.Call):
            return
        if any(_optimizer(p) for p in self.paths(node.value.func)):
            self.optimizers.update(t.id for t in node.targets if isinstance(t, ast.Name))

    def call(self, node: ast.Call, functions: list[str | None]) -> None:
        func = node.func
        if (isinstance(func, ast.Name) and func.id in PRINTERS) or (
            isinstance(func, ast.Attribute) and func.attr == "format"
        ):
            # a printed value may be a graph tensor (GraphMode._note_printed), which the plan does not model
            self.semantic_reads = True
            self.module_reads = self.module_reads or not functions
        if isinstance(func, ast.Attribute) and func.attr == "numpy" and not node.args and not node.keywords:
            self.eager_only = True
        if any(k.arg == "feed_dict" for k in node.keywords):
            self.site(node, "feed_dict", functions)
        if not functions:
            paths = self.paths(func)
            if paths and not any(p.startswith(MODE_FREE) for p in paths):
                self.unmodelled.append("a module-level TensorFlow call")
        if not isinstance(func, ast.Attribute):
            return
        method = func.attr
        if (
            method == "minimize"
            and (node.args or node.keywords)
            and not _first_is_lambda(node)
            and (
                (isinstance(func.value, ast.Name) and func.value.id in self.optimizers)
                or (isinstance(func.value, ast.Call) and any(_optimizer(p) for p in self.paths(func.value.func)))
            )
        ):
            self.site(node, "minimize() of a loss tensor", functions)
        if method in ("run", "get_tensor_by_name"):
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and TENSOR_NAME.fullmatch(arg.value):
                    self.unmodelled.append("a fetch by tensor name")
        fetches = node.args[0] if method == "run" and node.args else None
        if isinstance(fetches, ast.Starred) or (
            isinstance(fetches, (ast.List, ast.Tuple))
            and any(isinstance(e, ast.Name) and e.id in self.updates for e in fetches.elts)
        ):
            self.unmodelled.append("a run that may fetch a variable beside its update")


def _first_is_lambda(node: ast.Call) -> bool:
    """libcst's ``node.args[0]`` is the first argument in source order, keyword or not."""
    arguments: list[ast.expr | ast.keyword] = [*node.args, *node.keywords]
    first = min(arguments, key=lambda a: (a.lineno, a.col_offset))
    if isinstance(first, (ast.keyword, ast.Starred)):
        raise Decline("minimize with a keyword or starred first argument")
    return isinstance(first, ast.Lambda)
