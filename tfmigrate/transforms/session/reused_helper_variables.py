"""A helper that reads the module's variables through a reusing scope (the R2RT tutorial's hand-written RNN cell,
copied into many learners' programs)::

    with tf.variable_scope('rnn_cell'):
        W = tf.get_variable('W', [num_classes + state_size, state_size])
        b = tf.get_variable('b', [state_size], initializer=tf.constant_initializer(0.0))

    def rnn_cell(rnn_input, state):
        with tf.variable_scope('rnn_cell', reuse=True):
            W = tf.get_variable('W', [num_classes + state_size, state_size])
            b = tf.get_variable('b', [state_size], initializer=tf.constant_initializer(0.0))
        return tf.tanh(tf.matmul(tf.concat([rnn_input, state], 1), W) + b)

In TF1 each call's ``get_variable`` in the reusing scope builds nothing: it returns the variable the module made
under that full name (``rnn_cell/W``), the same Python object. So the helper reads the module's variable: the
``with`` block goes and the body reads the module-level name, which helpers.py then models as any helper reading
module variables. The variables keep their TF1 names (their creation is untouched), so old checkpoints restore.
Where the module binds that name again later (the tutorial's softmax ``W``, ``b``), the first binding takes a name
of its own (``rnn_cell_W``) up to the next one, so the helper, run eagerly after the whole module, still reads it.

Only when the helper is called from top-level module code (no enclosing scope, which would prefix the name) after
the module made the variables, at the top level of the module in ``with tf.variable_scope("<literal>"):``; the
reusing block holds nothing but ``name = tf.get_variable("<literal>", ...)`` lines whose arguments make no op
(initializer objects only: a tensor initializer would be an op TF1 built on every call, moving the op-seed counter);
and no other function reads the renamed name. Anything else stays as written and the proof says what it refuses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from tfmigrate.cstfields import code as module_code
from tfmigrate.transforms.session.analysis import Bindings, LineOf, Resolve, descendants, loaded_names
from tfmigrate.transforms.session.fresh_names import underscored
from tfmigrate.transforms.session.renames import Renamer, lone_assignment

SCOPE = "variable_scope"
GET = "get_variable"
INITIALIZER_PREFIXES = ("initializers.", "keras.initializers.")
COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


@dataclass
class _Made:
    """A variable the module made at top level: its Python name, the statement's index, the target node."""

    name: str
    index: int
    target: cst.Name


@dataclass
class _Plan:
    removed: set[cst.With] = field(default_factory=set)  # the helpers' reusing blocks
    renames: dict[cst.Name, str] = field(default_factory=dict)  # name node -> the name it reads
    notes: list[tuple[int, str]] = field(default_factory=list)


def read_module_variables(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each helper's reusing ``get_variable`` read as the module's variable, and the notes; None
    where no helper does so (or its shape is not this one)."""
    if "reuse" not in module_code(module) or GET not in module_code(module):
        return None
    plan = _Planner(module, resolve, line_of).plan()
    if plan is None:
        return None
    rewrite = _Rewrite(module, resolve, line_of, plan)
    done = module.visit(rewrite)
    resolve_new, line_of_new = rewrite.remapped()
    return done, resolve_new, line_of_new, plan.notes


def _literal(node: cst.BaseExpression | None) -> str | None:
    if isinstance(node, cst.SimpleString) and node.prefix == "":
        return node.evaluated_value if isinstance(node.evaluated_value, str) else None
    return None


class _Planner:
    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf) -> None:
        self.module = module
        self.resolve = resolve
        self.line_of = line_of
        self.body = list(module.body)
        self.taken = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
        self.sites = Bindings(module).sites

    def path(self, node: cst.CSTNode) -> str:
        return (self.resolve(node) or "").removeprefix("compat.v1.")

    def scope(self, statement: cst.CSTNode, reusing: bool) -> str | None:
        """``with tf.variable_scope("<literal>"):`` (with ``reuse=True`` when ``reusing``): the scope's name."""
        if not (isinstance(statement, cst.With) and len(statement.items) == 1 and statement.items[0].asname is None):
            return None
        call = statement.items[0].item
        if not isinstance(call, cst.Call) or self.path(call.func) != SCOPE or not call.args:
            return None
        first, rest = call.args[0], call.args[1:]
        if first.keyword is not None or first.star:
            return None
        flags = [(a.keyword.value if a.keyword else None, a.value) for a in rest]
        if reusing:
            if not (len(flags) == 1 and flags[0][0] == "reuse" and isinstance(flags[0][1], cst.Name)):
                return None
            if flags[0][1].value != "True":
                return None
        elif flags:
            return None
        return _literal(first.value)

    def gets(self, statement: cst.With) -> list[tuple[str, str, cst.Name, cst.SimpleStatementLine]] | None:
        """``name = tf.get_variable("<literal>", ...)`` lines, all of the block: (Python name, variable, target)."""
        if not isinstance(statement.body, cst.IndentedBlock):
            return None
        found = []
        for line in statement.body.body:
            assign = lone_assignment(line)
            call = assign.value if assign is not None else None
            target = assign.targets[0].target if assign is not None else None
            if not (isinstance(target, cst.Name) and isinstance(call, cst.Call) and self.path(call.func) == GET):
                return None
            first = call.args[0] if call.args else None
            variable = _literal(first.value) if first is not None and first.keyword is None and not first.star else None
            if variable is None:
                return None
            assert isinstance(line, cst.SimpleStatementLine)
            found.append((target.value, variable, target, line))
        return found or None

    def made(self) -> dict[str, _Made]:
        made: dict[str, _Made] = {}
        for index, statement in enumerate(self.body):
            scope = self.scope(statement, reusing=False)
            gets = self.gets(statement) if scope is not None else None  # type: ignore[arg-type]
            for name, variable, target, _ in gets or ():
                made.setdefault(f"{scope}/{variable}", _Made(name, index, target))
        return made

    def plan(self) -> _Plan | None:
        made = self.made()
        if not made:
            return None
        plan = _Plan()
        fresh_of: dict[str, str] = {}  # full variable name -> the module name the helpers read
        for definition in self.body:
            if not isinstance(definition, cst.FunctionDef) or not isinstance(definition.body, cst.IndentedBlock):
                continue
            helper = self.helper(definition, made)
            if helper is None:
                continue
            blocks, locals_ = helper
            first_call = self.calls_after(definition.name.value)
            if first_call is None:
                continue
            reads: dict[str, str] = {}
            ok = True
            for local, full in locals_.items():
                source = made[full]
                if first_call <= source.index:
                    ok = False
                    break
                name = fresh_of.get(full) or self.module_name(full, source, definition, plan)
                if name is None:
                    ok = False
                    break
                fresh_of[full] = name
                reads[local] = name
            if not ok:
                continue
            for node in _loads(definition.body):
                if node.value in reads:
                    plan.renames[node] = reads[node.value]
            for block in blocks:
                plan.removed.add(block)
                for name, variable, _, line in self.gets(block) or ():
                    plan.notes.append(
                        (
                            self.line_of(line),
                            f"tf.get_variable({variable!r}) in the reusing scope of helper "
                            f"`{definition.name.value}`: the module's variable `{reads[name]}`",
                        )
                    )
        return plan if plan.removed else None

    def helper(self, definition: cst.FunctionDef, made: dict[str, _Made]):
        """The reusing blocks of a helper and the full variable name each local they bind reads, or None."""
        statements = list(definition.body.body)
        blocks: list[cst.With] = []
        locals_: dict[str, str] = {}
        params = {p.name.value for p in definition.params.params}
        for position, statement in enumerate(statements):
            scope = self.scope(statement, reusing=True)
            if scope is None:
                continue
            assert isinstance(statement, cst.With)
            gets = self.gets(statement)
            if gets is None:
                return None
            before = statements[:position]
            for name, variable, _, line in gets:
                full = f"{scope}/{variable}"
                if full not in made or name in params or name in locals_:
                    return None
                if any(n.value == name for s in before for n in _loads(s)):
                    return None  # read before the block binds it
                for call in descendants(line.body[0].value):  # type: ignore[attr-defined]
                    if isinstance(call, cst.Call) and call is not line.body[0].value:  # type: ignore[attr-defined]
                        path = self.path(call.func)
                        if not (path.endswith("_initializer") or path.startswith(INITIALIZER_PREFIXES)):
                            return None  # a tensor built on every call (an op; a random one moves the seeds)
                locals_[name] = full
            blocks.append(statement)
        if not blocks:
            return None
        inside_blocks = {id(n) for b in blocks for n in descendants(b)}
        for node in descendants(definition.body):
            if id(node) in inside_blocks:
                continue
            if isinstance(node, (cst.Global, cst.Nonlocal)):
                return None
            bound = _bound_names(node)
            if bound & set(locals_):
                return None  # bound again in the helper
        return blocks, locals_

    def calls_after(self, name: str) -> int | None:
        """The index of the first top-level statement calling helper ``name``, when every use of the name is a call
        in top-level code outside any ``with`` block (the reusing scope's name is then the module's) and outside
        functions; None otherwise."""
        first: int | None = None
        for index, statement in enumerate(self.body):
            uses = [n for n in descendants(statement) if isinstance(n, cst.Name) and n.value == name]
            if isinstance(statement, cst.FunctionDef) and statement.name.value == name:
                uses = [n for n in uses if n is not statement.name]
            if not uses:
                continue
            if isinstance(statement, (cst.With, cst.FunctionDef, cst.ClassDef)):
                return None
            nested = {
                id(n)
                for d in descendants(statement)
                if isinstance(d, (cst.FunctionDef, cst.Lambda))
                for n in descendants(d)
            }
            calls = {id(c.func) for c in descendants(statement) if isinstance(c, cst.Call)}
            if any(id(n) in nested or id(n) not in calls for n in uses):
                return None
            first = index if first is None else first
        return first

    def module_name(self, full: str, source: _Made, helper: cst.FunctionDef, plan: _Plan) -> str | None:
        """The name the helper reads for the variable: its own when the module binds it once, else a fresh one
        for its first binding, read up to the next."""
        name = source.name
        if any(isinstance(n, (cst.Global, cst.ImportStar)) for n in descendants(self.module)):
            return None
        if len(self.sites.get(name, ())) == 1:
            return name
        for node in descendants(self.module):
            if isinstance(node, (cst.FunctionDef, cst.Lambda)) and node is not helper:
                if any(n.value == name for n in _loads(node)):
                    return None  # a function reads it: which binding it sees is not told by the code
        end = len(self.body)
        for index in range(source.index + 1, len(self.body)):
            if name in _all_bound(self.body[index]):
                end = index
                break
        if end < len(self.body) and any(n.value == name for n in _loads(self.body[end])):
            return None  # read where it is bound again
        fresh = underscored(self.taken, f"{full.split('/')[0]}_{name}")
        plan.renames[source.target] = fresh
        for statement in self.body[source.index + 1 : end]:
            for node in _loads(statement):
                if node.value == name:
                    plan.renames[node] = fresh
        return fresh


def _loads(node: cst.CSTNode) -> list[cst.Name]:
    """The names ``node`` reads (``loaded_names``, less any that a binding in it targets)."""
    targets = {id(n) for d in descendants(node) for t in _target_nodes(d) for n in descendants(t)}
    return [n for n in loaded_names(node) if id(n) not in targets]


def _target_nodes(node: cst.CSTNode) -> list[cst.CSTNode]:
    if isinstance(node, cst.AssignTarget):
        return [node.target]
    if isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.For, cst.NamedExpr, cst.CompFor)):
        return [node.target]
    if isinstance(node, cst.WithItem) and node.asname is not None:
        return [node.asname.name]
    return []


def _bound_names(node: cst.CSTNode) -> set[str]:
    if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
        return {node.name.value}
    if isinstance(node, cst.ImportAlias):
        bound = node.asname.name if node.asname is not None else node.name
        return {(cst.helpers.get_full_name_for_node(bound) or "").split(".")[0]}
    return {n.value for t in _target_nodes(node) for n in descendants(t) if isinstance(n, cst.Name)}


def _all_bound(statement: cst.CSTNode) -> set[str]:
    """The module-level names a top-level statement binds (not those of the scopes it defines)."""
    found: set[str] = set()
    stack = [statement]
    while stack:
        node = stack.pop()
        found |= _bound_names(node)
        if not isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda, *COMPREHENSIONS)):
            stack.extend(node.children)
    return found


class _Rewrite(Renamer):
    """renames.py's rewrite of the planned names, and the helpers' reusing blocks removed."""

    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf, plan: _Plan) -> None:
        super().__init__(module, resolve, line_of, {id(node): fresh for node, fresh in plan.renames.items()})
        self.plan = plan

    def leave_With(self, original_node: cst.With, updated_node: cst.With):
        if original_node in self.plan.removed:
            return cst.RemoveFromParent()
        return updated_node
