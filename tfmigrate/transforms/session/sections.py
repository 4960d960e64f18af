"""Programs in sections: ``tf.reset_default_graph()`` between independent parts of one script.

Tutorial scripts (nfmcclure's cookbook, Morvan's saver lesson) build a graph, run it in a Session, reset the default
graph and build the next one. After the reset nothing of the old graph can be run any more: the new graph starts with
no variables, its op seeds and variable names restart (``Variable``, ``weights``), and a Session opened on it starts
from nothing. When nothing but Python values (numbers, arrays, lists, strings) crosses a reset, each section is
therefore a program of its own and is proved and rewritten alone, with the same machinery as a one-graph module; the
reset itself has nothing left to do in eager code and goes. Checked on TF 2.21: ``tf.random.set_seed`` restarts the
eager op streams as a new graph restarts TF1's, and eager variables may share a name, so a checkpoint saved in one
section restores in the next. A graph value, Session, Saver or function of an earlier section used after the reset
keeps the graph tier with that name and its lines.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session import host_data, inlined_helpers
from tfmigrate.transforms.session.analysis import Bindings, Blocked, LineOf, Program, Resolve, descendants, loaded_names
from tfmigrate.transforms.session.functions import module_references
from tfmigrate.transforms.session.graph_resets import Resets
from tfmigrate.transforms.session.proof import RUN_PHASE_CALLS, Proof
from tfmigrate.transforms.session.rewrite import Rewrite

Statement = cst.SimpleStatementLine | cst.BaseCompoundStatement


def resets(module: cst.Module, resolve: Resolve) -> list[int]:
    """Indices of the module-level statements that are a bare ``tf.reset_default_graph()`` call."""
    reset = Resets.of(module, resolve)
    return [index for index, statement in enumerate(module.body) if reset.is_reset(statement)]


def _builds(module: cst.Module, path: str | None) -> bool:
    """A TensorFlow call that builds graph: not a run-phase call (logging, flags) nor host data read (the MNIST
    tutorial's ``input_data.read_data_sets(...)`` that TFM308 replaces: numpy arrays, in TF1 as eagerly)."""
    if path is None or path.removeprefix("compat.v1.").startswith(RUN_PHASE_CALLS):
        return False
    return not host_data.is_reader(module, path)


def _built_nothing(module: cst.Module, statements, resolve: Resolve) -> bool:
    """Imports, definitions and Python values only: the helpers a tutorial defines before its reset
    (``variable_summaries``, a numpy ``prep_data``) build nothing until called, and nothing here calls them."""
    defined: set[str] = set()
    for statement in statements:
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            if statement.decorators:
                return False
            defined.add(statement.name.value)
            continue
        for node in descendants(statement):
            if not isinstance(node, cst.Call):
                continue
            if _builds(module, resolve(node.func)):
                return False
            root = node.func
            while isinstance(root, (cst.Attribute, cst.Call, cst.Subscript)):
                root = root.func if isinstance(root, cst.Call) else root.value
            if isinstance(root, cst.Name) and root.value in defined:
                return False
    return True


class SectionProgram(Program):
    """One section's program; the module's imports (all at its top level) are in scope in every section, and fresh
    names avoid every name of the module, so a name a section generates never hides a value a later one reads."""

    def __init__(self, section: cst.Module, whole: Program, resolve: Resolve, line_of: LineOf) -> None:
        super().__init__(section, resolve, line_of)
        self.whole = whole
        self.file = whole.module  # ``mnist = input_data.read_data_sets(...)`` read again after a reset: host data

    def count_bindings(self) -> None:
        super().count_bindings()
        for name, source in self.whole.imported.items():
            if name not in self.imported:
                self.imported[name] = source
                self.binds[name] = self.binds.get(name, 0) + self.whole.binds.get(name, 0)
        self.names |= self.whole.names


def _targets(statement: cst.CSTNode) -> tuple[set[int], set[str]]:
    """The Name nodes a statement binds (by identity) and the names local to its functions, lambdas and
    comprehensions."""
    bound: set[int] = set()
    local: set[str] = set()

    def bind(target: cst.CSTNode) -> None:
        for node in descendants(target):
            if isinstance(node, cst.Name):
                bound.add(id(node))
            if isinstance(node, (cst.Attribute, cst.Subscript)):
                return  # ``a.b = ...`` / ``a[i] = ...`` read ``a``

    for node in descendants(statement):
        if isinstance(node, cst.Assign):
            for target in node.targets:
                if isinstance(target.target, (cst.Name, cst.Tuple, cst.List)):
                    bind(target.target)
        elif isinstance(node, (cst.AnnAssign, cst.For)) and isinstance(node.target, (cst.Name, cst.Tuple, cst.List)):
            bind(node.target)
        elif isinstance(node, cst.WithItem) and node.asname is not None:
            bind(node.asname.name)
        elif isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            bound.add(id(node.name))
            if isinstance(node, cst.FunctionDef):
                for inner in descendants(node):
                    if isinstance(inner, cst.Param):
                        local.add(inner.name.value)
                    elif isinstance(inner, cst.Assign):
                        local.update(n.value for t in inner.targets for n in loaded_names(t.target))
        elif isinstance(node, cst.Lambda):
            local.update(p.name.value for p in node.params.params)
        elif isinstance(node, cst.CompFor):
            local.update(n.value for n in loaded_names(node.target))
    return bound, local


def _reads(statement: cst.CSTNode) -> dict[str, cst.Name]:
    """The module-level names a statement reads (a first Name node for each)."""
    bound, local = _targets(statement)
    reads: dict[str, cst.Name] = {}
    for name in loaded_names(statement):
        if id(name) not in bound and name.value not in local:
            reads.setdefault(name.value, name)
    return reads


def _heads(statement: cst.CSTNode) -> set[str]:
    """Names a ``with ... as name`` or ``for name in`` binds before the block it heads runs."""
    heads: set[str] = set()
    for node in descendants(statement):
        if isinstance(node, cst.WithItem) and node.asname is not None:
            heads.update(n.value for n in loaded_names(node.asname.name))
        elif isinstance(node, cst.For):
            heads.update(n.value for n in loaded_names(node.target))
    return heads


def _binds(statement: Statement) -> set[str]:
    return set(Bindings(cst.Module(body=[statement])).sites)


class Sections:
    """Proves and rewrites each section of a module split at its ``reset_default_graph()`` calls."""

    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf, tf: str) -> None:
        self.module = module
        self.resolve = resolve
        self.line_of = line_of
        self.tf = tf
        self.whole = Program(module, resolve, line_of)
        self.whole.count_bindings()
        self.graph_names: dict[str, int] = {}  # name -> line: what an ended section left bound to its graph
        self.seeded = False  # an earlier section set a graph seed (eager TF2 keeps it)

    def run(self, cuts: list[int]) -> tuple[cst.Module, list[tuple[int, str]]]:
        body: list[Statement] = list(self.module.body)
        changes: list[tuple[int, str]] = []
        if cuts and cuts[0] + 1 < len(body) and self.helpers_only(body[: cuts[0]]):
            # a reset before anything was built (a tutorial's helpers above it) cuts nothing: the first section
            # starts at the top, its helpers in view of the proof
            reset = body.pop(cuts[0])
            following = body[cuts[0]]
            body[cuts[0]] = following.with_changes(leading_lines=[*reset.leading_lines, *following.leading_lines])
            changes.append((self.line_of(reset), "tf.reset_default_graph() dropped: nothing was built before it"))
            cuts = [cut - 1 for cut in cuts[1:]]
        bounds = [-1, *cuts, len(body)]
        out: list[Statement] = []
        carry: list[cst.EmptyLine] = []  # a dropped reset's comments and blank lines go to the next statement
        for start, end in zip(bounds, bounds[1:]):
            if start >= 0:
                reset = body[start]
                carry.extend(reset.leading_lines)
                changes.append(
                    (self.line_of(reset), "tf.reset_default_graph() dropped: each section it started runs eagerly")
                )
            statements = body[start + 1 : end]
            if not statements:
                continue
            self.crossing(statements, body[start] if start >= 0 else None)
            rewritten, changed = self.section(statements, body[start] if start >= 0 else None)
            changes.extend(changed)
            if carry and rewritten:
                first = rewritten[0]
                lines: list[cst.EmptyLine] = []
                for line in [*carry, *first.leading_lines]:
                    if not (line.comment is None and lines and lines[-1].comment is None):
                        lines.append(line)  # one blank line where the reset and its own stood
                rewritten[0] = first.with_changes(leading_lines=lines)
                carry = []
            out.extend(rewritten)
        if not out:
            raise Blocked("the module only resets the default graph", 0)
        return self.module.with_changes(body=out, footer=[*carry, *self.module.footer]), changes

    def graphy(self, site: cst.CSTNode) -> bool:
        """A binding that may hold part of the graph: a function or class (the next section's proof would not
        see it), a Session, or a value computed by a TensorFlow call other than a data reader's (host_data.is_reader)."""
        if isinstance(site, (cst.FunctionDef, cst.ClassDef)):
            return True
        if isinstance(site, cst.With):
            parts: list[cst.CSTNode] = [item.item for item in site.items]
        elif isinstance(site, cst.For):
            parts = [site.iter]
        else:
            parts = [site]
        return any(
            isinstance(node, cst.Call)
            and (path := self.resolve(node.func)) is not None
            and not host_data.is_reader(self.module, path)  # the tutorial DataSets: numpy arrays, no graph
            for part in parts
            for node in descendants(part)
        )

    def helpers_only(self, statements: list[Statement]) -> bool:
        """Statements that build nothing: imports, Python values, the functions they define (a course script's
        first line ``tf.reset_default_graph()`` right below its imports resets an empty graph; the imports stay in
        view of the proof, which reads the tutorial's ``input_data`` import there)."""
        return _built_nothing(self.module, statements, self.resolve)

    def host(self, statement: cst.FunctionDef | cst.ClassDef, graph: set[str]) -> bool:
        """A function of Python values only (a numpy ``prep_data``): no TensorFlow call, no graph value read, no
        decorator. It belongs to no graph, so a later section may call it."""
        if not isinstance(statement, cst.FunctionDef) or statement.decorators:
            return False
        if any(isinstance(n, cst.Call) and self.resolve(n.func) is not None for n in descendants(statement)):
            return False
        return not any(n.value in graph or n.value in self.graph_names for n in loaded_names(statement))

    def seeds(self, program: Program, seeds: dict, reset: cst.CSTNode | None) -> None:
        """TF1 draws an op given ``seed=`` in a graph without a graph seed under its default graph seed; eager
        TF2 under the global seed an earlier section set, which a reset does not clear."""
        if program.seeds:
            self.seeded = True
        elif self.seeded and seeds and reset is not None:
            first = min(seeds, key=self.line_of)
            raise Blocked(
                f"a random op given seed= after tf.reset_default_graph() (line {self.line_of(reset)}) without "
                "tf.set_random_seed: TF1 drew it under its default graph seed, eager TF2 would draw it under the "
                "seed an earlier section set",
                self.line_of(first),
            )

    def section(self, statements: list[Statement], reset: cst.CSTNode | None) -> tuple[list[Statement], list]:
        """The section's eager form; a section without TensorFlow calls stays as written."""
        section = self.module.with_changes(body=statements)
        for statement in statements:
            for name in _binds(statement):
                self.graph_names.pop(name, None)
        paths = [
            path
            for statement in statements
            for node in descendants(statement)
            if isinstance(node, cst.Call) and (path := self.resolve(node.func)) is not None
        ]
        if all(path.removeprefix("compat.v1.").startswith(RUN_PHASE_CALLS) for path in paths):  # no graph: kept
            for statement in statements:
                if isinstance(statement, (cst.FunctionDef, cst.ClassDef)) and not self.host(statement, set()):
                    self.graph_names[statement.name.value] = self.line_of(statement)
            return statements, []

        def prove(source: cst.Module, resolve: Resolve = self.resolve, line_of: LineOf = self.line_of):
            proof = Proof(SectionProgram(source, self.whole, resolve, line_of))
            proof.tf = self.tf
            return proof, proof.run()

        inlined: list[tuple[int, str]] = []
        try:
            proof, plan = prove(section)
        except Blocked as blocked:  # helpers read at each call site, as in a program proved whole
            section, _, _, proved, inlined = inlined_helpers.prove_inlined(
                section, self.resolve, self.line_of, blocked, prove
            )
            proof, plan = proved  # type: ignore[misc]
            self.uninlined_calls(statements, section)
        rewrite = Rewrite(plan, self.tf)
        migrated = section.visit(rewrite)
        program = proof.program
        self.seeds(program, plan.seeds, reset)
        graph = set(program.nodes) | proof.sessions | set(program.helpers) | set(program.functions)
        values = set(program.nodes) | proof.sessions | set(self.graph_names)
        host = {s.name.value for s in statements if isinstance(s, cst.FunctionDef) and self.host(s, values)}
        for name, sites in Bindings(section).sites.items():
            if name in host and len(sites) == 1:
                self.graph_names.pop(name, None)
            elif name in graph or any(self.graphy(site) for site in sites):
                self.graph_names[name] = self.line_of(sites[-1])
            else:
                self.graph_names.pop(name, None)
        for name in list(self.graph_names):
            if name in self.whole.imported:
                del self.graph_names[name]
        return list(migrated.body), sorted([*rewrite.changes, *inlined])

    def uninlined_calls(self, statements: list[Statement], inlined: cst.Module) -> None:
        """Refuse a helper this section read at its calls (its ``def`` gone from the rewrite) that the module calls
        elsewhere too (``results = [train(3)]``, reset, ``results.append(train(4))``): that call would find no
        function, and in TF1 it builds a graph of its own, which this section's proof did not read."""
        kept = set(Bindings(inlined).sites)
        others = [s for s in self.module.body if not any(s is t for t in statements)]
        for statement in statements:
            if not isinstance(statement, cst.FunctionDef) or statement.name.value in kept:
                continue
            name = statement.name.value
            for node in [n for other in others for n in module_references(other, name)][:1]:
                raise Blocked(
                    f"function `{name}` (line {self.line_of(statement)}) is read at its calls before "
                    "tf.reset_default_graph() and called again in another section: each call there builds a "
                    "graph of its own, which that reading does not cover",
                    self.line_of(node),
                )

    def crossing(self, statements: list[Statement], reset: cst.CSTNode | None) -> None:
        """Refuse a section that reads what an earlier section bound to its graph (a tensor, variable, Session,
        Saver, or a function, which the section's proof would not see)."""
        if reset is None:
            return
        bound: set[str] = set()
        for statement in statements:
            heads = _heads(statement)
            for name, node in _reads(statement).items():
                if name in bound or name in heads or name not in self.graph_names:
                    continue
                raise Blocked(
                    f"`{name}` (line {self.graph_names[name]}) belongs to the graph before "
                    f"tf.reset_default_graph() (line {self.line_of(reset)}) and is used after it",
                    self.line_of(node),
                )
            bound |= _binds(statement)
