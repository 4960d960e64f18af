"""A computed tensor fed: ``sess.run(decoded, feed_dict={code: z})`` where ``code = tf.nn.sigmoid(tf.matmul(x, W1) +
b1)`` is an autoencoder's middle layer (the learners' "decode a point of the code space", a VAE's ``z``).

TF1 feeds any tensor: the run reads the fed value in its place and never computes what lies above it; runs that do
not feed it compute it as usual. So the runs that feed it compute the fetched values from a placeholder standing for
it: before the proof, the module gets ``code_fed = tf.placeholder(<code's dtype>, <its static shape>)`` after
``code`` and, after each value such a run fetches that reads ``code`` (``decoded``, and what lies between), a copy
reading the ``_fed`` names (``decoded_fed = tf.nn.sigmoid(tf.matmul(code_fed, W2) + b2)``); those runs feed
``code_fed`` and fetch the copies. Nothing else changes: the runs that do not feed it, the train step, the
variables (a copy builds none and reads the same ones, so checkpoints and seeds stay TF1's). TF1 converted the fed
value to the tensor's dtype and checked it against its static shape, as the placeholder does.

Only where each copied value is a module-level tensor bound once by a line of its own that builds no variable,
draws nothing and runs no training (a graph helper it calls is read as the value reads it), and the fed tensor's
dtype is known (graph_shapes.py). Anything else keeps the proof's reason. Read for the module-level program and for
one held by a function called once (the proofs the trials run are the rewrite's, so a program proved is proved once).
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms._tf1 import tf_binding
from tfmigrate.transforms.session.analysis import (
    Blocked,
    LineOf,
    Program,
    Resolve,
    descendants,
    is_random,
    loaded_names,
)
from tfmigrate.transforms.session.fed_tensors import RUNS, fed_names
from tfmigrate.transforms.session.fresh_names import underscored
from tfmigrate.transforms.session.graph_shapes import DTYPES, FILLS, Shapes, Static, Unmodelled
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

COPIED = frozenset({"tensor", "const"})
# What a copied value may not call: what builds variables or layers (a copy would build another).
BUILDERS = ("layers.", "keras.", "contrib.", "nn.rnn_cell.", "get_variable", "Variable", "make_template")


class FedTensor(Blocked):
    """The proof met a run feeding ``name``, a tensor that is not a placeholder: cut() may read it as one."""

    def __init__(self, construct: str, line: int, name: str, program: Program) -> None:
        super().__init__(construct, line)
        self.name = name
        self.program = program


def computed_feeds(module: cst.Module, resolve: Resolve, fed: set[str]) -> bool:
    """Whether a feed_dict literal feeds (``fed``) a name the module binds to something other than a placeholder:
    the cheap test before a trial proof."""
    for node in descendants(module):
        if isinstance(node, cst.Assign) and len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            if node.targets[0].target.value in fed:
                path = resolve(node.value.func) if isinstance(node.value, cst.Call) else None
                if not (path or "").endswith(("placeholder", "placeholder_with_default")):
                    return True
    return False


def cut_all(module: cst.Module, resolve: Resolve, line_of: LineOf, trial):
    """The module with every fed computed tensor the trial proofs meet read as a placeholder in the runs feeding
    it, and the notes; the module as given (no notes) where there is none or one is not in the shape. ``trial``
    proves a module (raising Blocked), so the caller may keep the proof of the module returned."""
    notes: list[tuple[int, str]] = []
    fed = fed_names(module)
    if not fed or not computed_feeds(module, resolve, fed):
        return module, resolve, line_of, notes
    for _ in range(len(fed)):  # each cut reads one fed tensor; the next trial meets the next
        try:
            trial(module, resolve, line_of)
            break
        except FedTensor as met:
            done = cut(module, resolve, line_of, met)
        except Blocked:
            break
        if done is None:
            break
        module, resolve, line_of, said = done
        notes.extend(said)
    return module, resolve, line_of, notes


def _runs(module: cst.Module, name: str) -> list[tuple[cst.Call, cst.BaseExpression, cst.DictElement]]:
    """Each ``.run(fetches, feed_dict={..., name: v})`` / ``t.eval(feed_dict=...)`` feeding ``name``: the call, what
    it fetches, the feed's element."""
    found = []
    for call in descendants(module):
        if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.func.attr.value in RUNS):
            continue
        method = call.func.attr.value
        for index, arg in enumerate(call.args):
            feeding = arg.keyword is not None and arg.keyword.value == "feed_dict"
            if not (feeding or (arg.keyword is None and index == (1 if method == "run" else 0))):
                continue
            if not isinstance(arg.value, cst.Dict):
                continue
            for element in arg.value.elements:
                if isinstance(element, cst.DictElement) and isinstance(element.key, cst.Name):
                    if element.key.value == name:
                        fetched = call.func.value if method == "eval" else call.args[0].value
                        found.append((call, fetched, element))
    return found


def cut(module: cst.Module, resolve: Resolve, line_of: LineOf, fed: FedTensor):
    program = fed.program
    name = fed.name
    node = program.nodes.get(name)
    if node is None or node.kind not in COPIED or program.binds.get(name) != 1:
        return None
    if node.statement not in module.body:
        return None
    runs = _runs(module, name)
    if not runs:
        return None
    copied: set[str] = set()
    for call, fetched, _ in runs:
        if call.args and call.args[0].keyword is not None and fetched is call.args[0].value:
            return None  # ``sess.run(fetches=...)``: read positionally before the proof (run_keywords.py)
        for read in loaded_names(fetched):
            known = program.nodes.get(read.value)
            if known is None:
                if read.value in program.binds:
                    return None  # a graph name the proof has not reached
                continue
            if read.value == name or name in known.ancestors:
                copied.add(read.value)
                copied |= {a for a in known.ancestors if a in program.nodes and name in program.nodes[a].ancestors}
    copied.discard(name)
    for each in copied:
        known = program.nodes[each]
        if known.kind not in COPIED or _draws(program, known, {name, *copied}) or program.binds.get(each) != 1:
            return None
        if known.statement not in module.body or len(known.statement.body) != 1:
            return None
        for call in descendants(known.value):
            path = (program.tf_path(call.func) or "") if isinstance(call, cst.Call) else ""
            if any(part in path for part in BUILDERS):
                return None
    static = _static(program, node)
    tf = tf_binding(program.module)
    if static is None or tf is None:
        return None
    dtype, shape = static
    taken = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
    renames = {each: underscored(taken, f"{each}_fed") for each in sorted([name, *copied])}
    rewrite = _Cut(module, resolve, line_of, program, name, renames, runs, dtype, shape, tf)
    done = module.visit(rewrite)
    resolve_new, line_of_new = rewrite.remapped()
    fetched_copies = ", ".join(f"`{renames[c]}`" for c in sorted(copied)) or "none"
    notes = [
        (
            line_of(call),
            f"fed tensor `{name}` -> the placeholder `{renames[name]}` and the values computed from it "
            f"({fetched_copies}) in the runs that feed it",
        )
        for call, _, _ in runs
    ]
    return done, resolve_new, line_of_new, notes


def _draws(program: Program, known, cut: set[str]) -> bool:
    """Whether a copy draws random numbers: a random op of its own, or a random value it reads other than through
    the fed tensor (a VAE's ``z = mu + sigma * eps``, fed, draws nothing in the runs that feed it)."""
    if any(isinstance(c, cst.Call) and is_random(program.tf_path(c.func) or "") for c in descendants(known.value)):
        return True
    return any(program.nodes[r].random for r in known.reads if r not in cut and r in program.nodes)


def _static(program: Program, node) -> tuple[str, str] | None:
    """The fed tensor's dtype and static shape (as placeholder arguments), where graph_shapes.py knows them; the
    shape left open where one above it is not written as a literal."""
    static = None
    for reading in (Shapes, _Dtypes):
        try:
            static = reading(program).tensor(node.value)
            break
        except Unmodelled:
            continue
    if static is None or static.dtype not in DTYPES:
        return None
    if static.shape is None:
        return static.dtype, "None"
    return static.dtype, "[" + ", ".join("None" if d is None else str(d) for d in static.shape) + "]"


class _Dtypes(Shapes):
    """graph_shapes.py's reading where a placeholder or a filled tensor whose shape is not written as a literal
    (``[None, n_input]`` from a tuple of numbers, ``tf.random_normal(tf.shape(z_mu))``) has an unknown rank: the cut's
    placeholder needs the dtype, which that shape does not change."""

    def name(self, name: cst.Name) -> Static:
        try:
            return super().name(name)
        except Unmodelled:
            node = self.program.nodes.get(name.value)
            value = node.value if node is not None else None
            if node is None or node.kind != "placeholder" or node.default or not isinstance(value, cst.Call):
                raise
            static = Static(None, self.dtype(argument(value, 0, "dtype"), value))
            self.cache[name.value] = static
            return static

    def call(self, call: cst.Call) -> Static:
        try:
            return super().call(call)
        except Unmodelled:
            path = self.program.tf1_path(call.func) or ""
            if path not in FILLS:
                raise
            given = argument(call, 1 if path in ("zeros", "ones") else 3, "dtype")
            return Static(None, self.dtype(given, call) if given is not None else "float32")


class _Cut(TracedRewrite):
    def __init__(self, module, resolve, line_of, program, name, renames, runs, dtype, shape, tf) -> None:
        super().__init__(module, resolve, line_of)
        self.program = program
        self.name = name
        self.renames = renames
        self.keys = {id(element.key) for _, _, element in runs}
        self.fetched = {id(n) for _, fetched, _ in runs for n in loaded_names(fetched) if n.value in renames}
        self.dtype = dtype
        self.shape = shape
        self.tf = tf
        self.statements = {id(program.nodes[n].statement): n for n in renames}

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        if id(original_node) in self.keys or id(original_node) in self.fetched:
            return updated_node.with_changes(value=self.renames[original_node.value])
        return updated_node

    def leave_SimpleStatementLine(self, original_node, updated_node):
        name = self.statements.get(id(original_node))
        if name is None:
            return updated_node
        fresh = self.renames[name]
        if name == self.name:
            call = cst.parse_expression(f"{self.tf}.placeholder({self.tf}.{self.dtype}, {self.shape})")
            assert isinstance(call, cst.Call)
            added = cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(fresh))], call)])
            for made in _walk(added):
                self.origins[id(made)] = (made, original_node)
            self.forced[id(call.func)] = "placeholder"
            self.forced[id(call.args[0].value)] = self.dtype
        else:
            assign = original_node.body[0]
            loads = {id(n) for n in loaded_names(assign.value)}
            value = assign.value.visit(_Renamer(self.renames, loads))
            target = assign.targets[0].with_changes(target=cst.Name(fresh))
            copy = original_node.with_changes(body=[assign.with_changes(targets=[target], value=value)])
            added = copy.with_changes(leading_lines=[]).deep_clone()
            self._trace(added, original_node)
        return cst.FlattenSentinel([updated_node, added])

    def _trace(self, copy: cst.CSTNode, original: cst.CSTNode) -> None:
        """A copied line's nodes answer for the original's (its calls resolve as TF1's did)."""
        for a, b in zip(_walk(copy), _walk(original)):
            if type(a) is type(b):
                self.origins[id(a)] = (a, b)
                path = self.resolver(b)
                if path is not None:
                    self.forced[id(a)] = path


class _Renamer(cst.CSTTransformer):
    def __init__(self, renames: dict[str, str], loads: set[int]) -> None:
        self.renames = renames
        self.loads = loads  # the loaded names of the value (not attribute names or keywords)

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        fresh = self.renames.get(original_node.value) if id(original_node) in self.loads else None
        return updated_node if fresh is None else updated_node.with_changes(value=fresh)


def _walk(node: cst.CSTNode):
    yield node
    for child in node.children:
        yield from _walk(child)
