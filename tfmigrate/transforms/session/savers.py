"""``tf.train.Saver`` in a program the eager rewrite converts: ``tf.train.Checkpoint`` (+ numbered saves' class).

A TF1 Saver writes each variable under its graph name; ``tf.train.Checkpoint.restore`` reads such a checkpoint by
matching the eager variables' names (checked on TF 2.21). Eager TF2 does not number names (every unnamed variable
is ``Variable``), so where the program restores, each variable whose TF1 graph name differs from its eager name gets
that name as ``name=``, computed the way a TF1 graph numbers names (``Variable``, ``Variable_1``, case-insensitive,
under each ``tf.name_scope``), and the restore asserts that every variable was found (TF1's restore failed loudly
too). Where the Saver also saved a TF1 optimizer's slots, a generated function (optimizers.py) restores instead: each
variable and slot assigned the tensor saved under its TF1 name, so variables built by helper functions need no
``name=``. What cannot be promised keeps the graph tier: a name that is not a literal, a scope entered twice, the
slots of two optimizers in one Saver. Numbered saves go through the class _numbered_saves.py writes into the
program, which does what TF1's Saver did at each save: a ``tf.train.CheckpointManager`` would read the ``checkpoint``
state file an earlier run wrote and delete that run's checkpoints, which a new TF1 Saver never did (it deletes only
what it saved itself), and would write timestamps TF1's state file has not.
"""

from __future__ import annotations

from functools import cached_property

import libcst as cst

from tfmigrate.transforms._checkpoint import CHECKPOINT_RESERVED, argument, literal_string
from tfmigrate.transforms._checkpoint_state import save_function
from tfmigrate.transforms._numbered_saves import saver_class
from tfmigrate.transforms.session import (
    execution_order,
    helper_names,
    helpers,
    in_place,
    layer_checkpoints,
    layers,
    moving_averages,
    partial_restores,
    restore_attempts,
    rnn,
    scope_numbering,
    stateless_scopes,
    variable_scopes,
)
from tfmigrate.transforms.session.analysis import LOOKUPS, VARIABLES, Blocked, Node, Program, descendants, loaded_names
from tfmigrate.transforms.session.fresh_names import fresh
from tfmigrate.transforms.session.optimizers import SlotRestore, plan_slots
from tfmigrate.transforms.session.run_calls import session_run

SAVER_KEYWORDS = frozenset({"var_list", "max_to_keep", "keep_checkpoint_every_n_hours", "name"})
SAVE_KEYWORDS = ("sess", "save_path", "global_step", "write_meta_graph")
ALL = frozenset({"global_variables", "all_variables"})
TRAINABLE = "trainable_variables"
SCOPES = frozenset({"name_scope"})


# TensorFlow namespaces whose calls may build variables and draw their initial values.
BUILDS_WEIGHTS = ("layers.", "contrib.", "keras.", "nn.rnn_cell.", "nn.dropout", "estimator.")


def named_list(program: Program, value: cst.BaseExpression | None) -> cst.List | cst.Tuple | None:
    """``param_list = [w, b]; tf.train.Saver(param_list)``: the literal a name is bound to once, in straight-line
    module code, and never changed in place (in_place.py: ``param_list.append(v)``, ``param_list[0] = v``, ``+=``,
    an alias's): the list TF1's Saver read, whatever comes after."""
    node = bound_once(program, value)
    return node.value if node is not None and isinstance(node.value, (cst.List, cst.Tuple)) else None


def bound_once(program: Program, value: cst.BaseExpression | None) -> Node | None:
    """The node of a name bound once, in straight-line module code, and never changed in place."""
    if not isinstance(value, cst.Name):
        return None
    name = value.value
    node = program.nodes.get(name)
    once = len(program.scope.sites.get(name, [])) == 1 and name not in program.scope.loose
    if node is None or not once or next(in_place.changes(program, {name}), None) is not None:
        return None
    return node


class SaverBlocked(Blocked):
    """A blocker only the Saver conversion knows: the graph-tier report names it rather than the checkpoint
    analysis' first graph construct."""


class SaverState:
    """One ``saver = tf.train.Saver(...)``: what it saves and the names of its TF2 objects."""

    def __init__(self, node: Node) -> None:
        self.node = node
        self.entries: list[str] = []  # Python names of the saved variables (or containers)
        self.slots: list[Node] = []  # training ops whose optimizer state the Saver saved
        self.checkpoint = ""
        self.manager = ""
        self.numbered = False
        self.written = False
        self.slot_restore: SlotRestore | None = None  # restores TF1 optimizer slots by name
        self.shadows: list[tuple[str, str]] = []  # moving averages' shadows it saved: attribute, expression
        self.layers: list[layers.Layer] = []  # tf.layers layers whose variables it saved (layer_checkpoints.py)
        self.name_restore = ""  # the generated restore by TF1 names (layer_checkpoints.restore_code): layers, averages
        self.whole_restore = ""  # the all-or-nothing restore a ``try`` tries (restore_attempts.py)
        self.averages: dict[str, str] = {}  # Saver(ema.variables_to_restore()): entry -> its shadow's name suffix
        self.keys: dict[str, str] = {}  # ``Saver({"weights": W})``: variable -> the name it is saved under


class Savers:
    """The Saver part of the proof: definitions, save/restore sites, checkpoint lookups, variable names."""

    def __init__(self, proof) -> None:
        self.proof = proof
        self.program: Program = proof.program
        self.savers: dict[str, SaverState] = {}
        self.restores: dict[cst.Call, tuple[SaverState, str]] = {}  # saver.restore call -> its Saver, path code
        self.lookups: list[cst.Call] = []
        self.exclusive: set[cst.CSTNode] = set()  # statements in the `else:` of an `if ...: saver.restore(...)`
        self.tf1_names: dict[cst.CSTNode, str] = {}  # variable-building call -> the name TF1 gave the variable
        self.repeats: set[cst.SimpleStatementLine] = set()  # ``saver = tf.train.Saver()`` once more, unchanged
        self.save_function = ""  # writes a checkpoint and TF1's state file (_checkpoint_state), for unnumbered saves
        self.saver_class = ""  # TF1's numbered saves to a path known at run time (_numbered_saves)
        self.attempts: set[cst.Call] = set()  # restores a ``try`` tries (restore_attempts.py)
        for node in descendants(self.program.module):
            if isinstance(node, cst.If) and isinstance(node.orelse, cst.Else) and _restores(node.body):
                self.exclusive.update(n for n in descendants(node.orelse) if isinstance(n, cst.SimpleStatementLine))
            if isinstance(node, cst.Try) and _restores(node.body):
                self.exclusive.update(restore_attempts.handled_lines(node))

    def deny(self, construct: str, node: cst.CSTNode) -> Blocked:
        return SaverBlocked(construct, self.program.line_of(node))

    @cached_property
    def scoped(self) -> dict[cst.Call, list[str]]:
        """``variable_scopes.variable_paths``: read once, by the slots check and the variables' names."""
        return variable_scopes.variable_paths(self.program)

    # ------------------------------------------------------------------------------------------ definition
    def define(self, node: Node) -> None:
        program = self.program
        call = node.value
        assert isinstance(call, cst.Call)
        if any(a.star for a in call.args) or len([a for a in call.args if a.keyword is None]) > 1:
            raise self.deny("Saver arguments other than var_list/max_to_keep", call)
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value not in SAVER_KEYWORDS:
                raise self.deny(f"Saver({arg.keyword.value}=...) has no CheckpointManager equivalent", call)
        if not isinstance(call.func, cst.Attribute):
            raise self.deny("tf.train.Saver imported by name (the checkpoint conversion drops that import)", call)
        saver = SaverState(node)
        lost = [
            v
            for versions in program.versions.values()
            for v in versions
            if v.kind == "variable" and v.index < node.index and program.nodes.get(v.name) is not v
        ]
        if lost:
            raise self.deny(f"the Saver saves variable `{lost[0].name}`, whose name holds another value by then", call)
        earlier = built_before(program, node)
        variables = [n for n in earlier if program.nodes[n].kind == "variable"]
        var_list = argument(call, 0, "var_list")
        value = var_list.value if var_list is not None else None
        value = named_list(program, value) or value
        path = program.tf_path(value.func) if isinstance(value, cst.Call) and not value.args else None
        only: list[layers.Layer] | None = None  # a var_list filtered from the layers' variables: its layers
        if value is None or path in ALL:
            saver.entries = variables
            saver.slots = [program.nodes[n] for n in earlier if keeps_slots(program, program.nodes[n])]
        elif path == TRAINABLE:
            saver.entries = [n for n in variables if trainable(program.nodes[n].value, program)]
        elif moving_averages.restore_list(program, value) is not None:
            saver.entries = variables
            saver.averages = moving_averages.restored_averages(program, node, variables)
        elif isinstance(value, (cst.List, cst.Tuple)):
            for element in value.elements:
                name = element.value.value if isinstance(element.value, cst.Name) else None
                if name not in variables or program.nodes[name].container:
                    raise self.deny("Saver var_list holds something other than variables built before it", call)
                saver.entries.append(name)
        elif isinstance(value, cst.Dict):
            saver.keys = self._keyed(value, variables, call)
            saver.entries = list(saver.keys)
        elif layers.layered(program) and (only := layer_checkpoints.listed(program, value)) is not None:
            pass  # ``Saver(var_list=g_vars)``, g_vars filtered from the layers' variables: those layers
        elif layers.layered(program):
            listed = program.module.code_for_node(var_list.value) if var_list is not None else ""
            raise self.deny(layer_checkpoints.own_list(program, listed, value), call)
        else:
            raise self.deny("Saver var_list is not a literal list of variables (or global/trainable_variables())", call)
        cells = []
        if value is None or path in ALL or path == TRAINABLE:
            cells = rnn.saved_cells(program, node.line)  # the cells' variables, under TF1's names
            saver.entries += cells
        if value is None or path in ALL:
            saver.shadows = moving_averages.saved_shadows(program, node)
        if layers.layered(program) and (value is None or path in ALL or path == TRAINABLE or only is not None):
            others = bool(cells or saver.shadows)
            saver.layers = layer_checkpoints.saved(program, node, bool(saver.slots), others, only)
        elif layers.layered(program):
            raise layers.unlisted(program, call)
        if not saver.entries and not saver.layers:
            raise self.deny("a Saver with no variables built before it", call)
        reserved = [n for n in saver.entries if n in CHECKPOINT_RESERVED]
        if reserved:
            raise self.deny(f"`{reserved[0]}` cannot be a tf.train.Checkpoint attribute", call)
        renamed = node.name.replace("saver", "checkpoint")  # else the Saver's own name: every use of it is replaced
        saver.checkpoint = renamed if renamed not in program.names else node.name
        program.names.add(saver.checkpoint)
        self.savers[node.name] = saver

    def _keyed(self, value: cst.Dict, variables: list[str], call: cst.Call) -> dict[str, str]:
        """``Saver({"weights": W})`` saves ``W`` under the key: each key a literal name without a scope, each value a
        variable built before the Saver, whose ``.name`` the program never reads (eagerly the variable is given the
        key as its name, so that a TF1 checkpoint and the migrated one hold it under the same name)."""
        keys: dict[str, str] = {}
        for element in value.elements:
            key = literal_string(element.key) if isinstance(element, cst.DictElement) else None
            name = element.value.value if isinstance(element.value, cst.Name) else None
            if key is None or not key or "/" in key or name not in variables or self.program.nodes[name].container:
                raise self.deny("Saver var_list is a dict other than {literal name: variable built before it}", call)
            if name in keys or key in keys.values():
                raise self.deny("Saver var_list names a variable twice", call)
            keys[name] = key
        read = [
            n.value.value
            for n in descendants(self.program.module)
            if isinstance(n, cst.Attribute) and n.attr.value == "name" and isinstance(n.value, cst.Name)
        ]
        if set(read) & set(keys):
            raise self.deny(
                f"the Saver saves `{(set(read) & set(keys)).pop()}` under a key and its .name is read", call
            )
        return keys

    def _keyed_names(self) -> None:
        """A variable a dict Saver saves under a key is named so eagerly: checkpoints hold it under that name both
        ways (TF1's Saver wrote the key; the migrated Checkpoint's object graph records the variable's name)."""
        keyed = [saver for saver in self.savers.values() if saver.keys]
        if not keyed:
            return
        if len(self.savers) > 1:
            raise self.deny("a Saver with a dict var_list beside another Saver", keyed[0].node.value)
        for name, key in keyed[0].keys.items():
            call = self.program.nodes[name].value
            prefix = [p for c, p in graph_calls(self.program) if c is call]
            if not prefix or prefix[0]:
                raise self.deny(f"`{name}`, saved under the key {key!r}, is built inside a scope", keyed[0].node.value)
            self.tf1_names[call] = key
            given = argument(call, None, "name") if isinstance(call, cst.Call) else None
            if isinstance(call, cst.Call) and self.program.tf1_path(call.func) == "get_variable":
                given = argument(call, 0, "name")
                if given is None or literal_string(given.value) != key:  # its name is its first argument
                    raise self.deny(f"`{name}` is saved under the key {key!r}, not its get_variable name", call)
            if given is None or literal_string(given.value) != key:
                self.proof.plan.variable_names[call] = key

    def repeat(self, line: cst.SimpleStatementLine) -> bool:
        """``saver = tf.train.Saver(...)`` written again, as the first binding wrote it, with no graph value built
        since (or of a var_list bound once: ``Saver(var_list=g_vars)``, the Udacity GAN's sampling cell): TF1 builds
        a second Saver of the same variables under the same name, which saves and restores what the first does, so
        the eager program keeps the first's checkpoint and drops the statement."""
        small = line.body[0] if len(line.body) == 1 else None
        if not (isinstance(small, cst.Assign) and len(small.targets) == 1):
            return False
        target = small.targets[0].target
        name = target.value if isinstance(target, cst.Name) else ""
        saver = self.savers.get(name)
        if saver is None or self.program.nodes.get(name) is not saver.node or saver.numbered:
            return False  # numbered saves: a new TF1 Saver forgets which checkpoints max_to_keep deletes, a manager not
        if not small.value.deep_equals(saver.node.value):
            return False
        listed = argument(saver.node.value, 0, "var_list")  # type: ignore[arg-type]
        once = bound_once(self.program, listed.value) if listed is not None else None
        if len(self.program.order) != saver.node.index + 1 and once is None:
            return False  # a Saver of all variables lists those built by then; one of a list bound once, that list
        self.repeats.add(line)
        if saver.layers:  # its calls list the layers' variables as the first's did (layers.finish lets them be)
            self.program.layer_lists.update(n for n in descendants(small.value) if isinstance(n, cst.Call))
        return True

    # ------------------------------------------------------------------------------------------ run phase
    def owns(self, call: cst.Call) -> bool:
        func = call.func
        return (
            isinstance(func, cst.Attribute)
            and isinstance(func.value, cst.Name)
            and func.value.value in self.savers
            and func.attr.value in ("save", "restore")
        )

    def site(self, call: cst.Call, statement: bool) -> bool:
        """``saver.save(sess, path[, global_step])`` / ``saver.restore(sess, path)``; False for other calls."""
        if not self.owns(call):
            return False
        func = call.func
        saver = self.savers[func.value.value]  # type: ignore[attr-defined]
        method = func.attr.value  # type: ignore[attr-defined]
        session = argument(call, 0, "sess")
        path = argument(call, 1, "save_path")
        keywords = {a.keyword.value for a in call.args if a.keyword is not None}
        allowed = SAVE_KEYWORDS if method == "save" else SAVE_KEYWORDS[:2]
        if any(a.star for a in call.args) or len(call.args) > len(allowed) or not keywords <= set(allowed):
            raise self.deny(f"Saver.{method} arguments beyond {'/'.join(allowed)}", call)
        if session is None or path is None:
            raise self.deny(f"Saver.{method} without a session and a path", call)
        if not (isinstance(session.value, cst.Name) and session.value.value in self.proof.sessions):
            raise self.deny(f"Saver.{method} with a Session this module does not model", call)
        self.proof.names(path.value)
        code = self.program.module.code_for_node
        if method == "restore":
            if not statement:
                raise self.deny("the value of Saver.restore (None in TF1) is used", call)
            self.restores[call] = (saver, code(path.value))  # written in finish(): read()
            return True
        if saver.averages:
            raise self.deny(
                "a save through a Saver of ema.variables_to_restore() (TF1 wrote each variable under its "
                "shadow's name, which a tf.train.Checkpoint does not)",
                call,
            )
        if saver.layers and not self._layers_run_before(call):
            raise self.deny(
                "tf.train.Saver in a program with tf.layers: it saves before the program first runs its layers (Keras "
                "builds a layer's variables at its first call, so the migrated checkpoint would hold none of the "
                "values TF1 saved)",
                call,
            )
        step = argument(call, 2, "global_step")
        if step is None:
            saver.written = True
            if not self.save_function:
                self.save_function = fresh(self.program, self.program.names, "save_checkpoint")
            self.proof.plan.replace[call] = f"{self.save_function}({saver.checkpoint}, {code(path.value)})"
            return True
        if not _variable(self.program, step.value):
            self.proof.names(step.value)
        if argument(saver.node.value, None, "keep_checkpoint_every_n_hours") is not None:  # type: ignore[arg-type]
            raise self.deny(
                "a numbered save by a Saver keeping one checkpoint every N hours (the numbered saves' class does "
                "not model the hours; a CheckpointManager would delete the checkpoints an earlier run wrote)",
                call,
            )
        saver.numbered = True
        if not saver.manager:
            base = "manager" if saver.checkpoint == "checkpoint" else f"{saver.checkpoint}_manager"
            saver.manager = fresh(self.program, self.program.names, base)
        self.saver_class = self.saver_class or fresh(self.program, self.program.names, "NumberedSaves")
        self.proof.plan.replace[call] = f"{saver.manager}.save({code(path.value)}, {code(step.value)})"
        return True

    def lookup(self, call: cst.Call) -> bool:
        """``tf.train.get_checkpoint_state`` / ``latest_checkpoint`` read the state file the numbered saves' class
        and the save function (_checkpoint_state.py) also write; ``checkpoint_exists(p)`` (TF1 only) becomes a test for the index file every V2 checkpoint has."""
        path = self.program.tf_path(call.func)
        if path not in LOOKUPS:
            return False
        self.lookups.append(call)
        if path == "train.checkpoint_exists":
            prefix = argument(call, 0, "checkpoint_prefix")
            if prefix is None or len(call.args) != 1:
                raise self.deny("tf.train.checkpoint_exists arguments", call)
            code = self.program.module.code_for_node(prefix.value)
            self.proof.plan.replace[call] = f'{self.proof.tf}.io.gfile.exists({code} + ".index")'
        return True

    def restart(self, where: cst.CSTNode) -> bool:
        """``with tf.Session() as sess:`` that starts by restoring every variable and optimizer slot the graph holds
        (after an optional initializer run), or some of them (partial_restores.py), continues with the values it
        restores, as the eager program does; unless seeds make TF1's random streams restart with the Session and
        something draws from them after it."""
        program = self.program
        if not isinstance(where, cst.With) or ((program.seeds or has_op_seeds(program)) and not _draws_once(program)):
            return False
        session = where.items[0].asname.name.value  # type: ignore[union-attr]
        for at, statement in enumerate(where.body.body):
            names = {n.value for n in descendants(statement) if isinstance(n, cst.Name)}
            if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
                return False
            small = statement.body[0]
            call = small.value if isinstance(small, cst.Expr) else None
            if isinstance(call, cst.Call) and self.owns(call) and call.func.attr.value == "restore":  # type: ignore[attr-defined]
                return self.restores_everything(call, session) or (
                    at == 0 and partial_restores.restores_what_runs_read(self.proof, where, call, session)
                )
            if _initializer(self.proof, call):
                continue
            if names & (set(program.nodes) | self.proof.sessions | {session}):
                return False
        return False

    def restores_everything(self, call: cst.Call, session: str) -> bool:
        """``saver.restore(session, path)`` (a call ``owns``) of a Saver over every variable and optimizer slot."""
        program = self.program
        saver = self.savers[call.func.value.value]  # type: ignore[attr-defined]
        first = argument(call, 0, "sess")
        variables = {n.name for vs in program.versions.values() for n in vs if n.kind == "variable"}
        trains = {n.name for vs in program.versions.values() for n in vs if keeps_slots(program, n)}
        return (
            first is not None
            and isinstance(first.value, cst.Name)
            and first.value.value == session
            and variables <= set(saver.entries)
            and trains <= {t.name for t in saver.slots}
        )

    def restore_or_initialise(self, statement: cst.If) -> bool:
        """``if ckpt: saver.restore(sess, path) else: sess.run(init); train; saver.save(...)``: the `else:` runs
        instead of the restore, so its initialiser is the variables' first."""
        return isinstance(statement.orelse, cst.Else) and _restores(statement.body) and not _restores(statement.orelse)

    def attempt(self, statement: cst.Try) -> bool:
        """``try: saver.restore(sess, path) ... except ...: ...`` (restore_attempts.py): its restore is tried."""
        call = restore_attempts.tried_restore(statement, self.owns)
        refusal = restore_attempts.refusal(statement, self.owns)
        if refusal is not None:
            raise self.deny(refusal, statement)
        if call is not None:
            self.attempts.add(call)
        return call is not None

    def initialised(self, line: cst.SimpleStatementLine) -> None:
        if self.restores and line not in self.exclusive:
            raise self.deny("the variables are initialised after a restore", line)

    # ------------------------------------------------------------------------------------------ finish
    def finish(self) -> None:
        if not self.savers:
            if self.lookups:
                raise self.deny("a checkpoint lookup without a Saver of this module", self.lookups[0])
            return
        numbered = [saver for saver in self.savers.values() if saver.numbered]
        if len(numbered) > 1:  # the class is written once, beside the first: another method may not see it
            raise SaverBlocked(
                f"Savers `{numbered[0].node.name}` and `{numbered[1].node.name}` both save numbered checkpoints",
                numbered[1].node.line,
            )
        for saver in self.savers.values():
            if saver.slots and self.restores:
                self._slots(saver)
            if (saver.layers or saver.averages) and self.restores:
                saver.name_restore = fresh(self.program, self.program.names, restore_name(saver.checkpoint))
        for call, (saver, path) in self.restores.items():
            # restore() adds a save counter that Checkpoint.write never saves, so restoring what write wrote (here
            # or in another migrated program) fails the assert; read() reads what write(), save() and a TF1 Saver
            # wrote (checked on TF 2.21).
            if call in self.attempts:
                self._tried(saver, call)
                self.proof.plan.replace[call] = f"{saver.whole_restore}({path})"
                continue
            if saver.slot_restore is not None:
                self.proof.plan.replace[call] = f"{saver.slot_restore.function}({path})"
                continue
            if saver.name_restore:
                self.proof.plan.replace[call] = f"{saver.name_restore}({path})"
                continue
            self.proof.plan.replace[call] = f"{saver.checkpoint}.read({path}).assert_existing_objects_matched()"
        if any(saver.entries for saver, _ in self.restores.values()):  # a Saver of the layers only reads theirs
            self._names()
        self._keyed_names()
        for saver in self.savers.values():
            if saver.slot_restore is not None and saver.shadows:
                raise SaverBlocked(
                    f"the Saver saves the TF1 optimizer state and the moving average `{saver.shadows[0][0]}`, which "
                    "the generated restore does not read",
                    saver.node.line,
                )
            if saver.slot_restore is not None or saver.name_restore:
                unnamed = [
                    e
                    for e in saver.entries
                    if rnn.named_variables(self.program, e) is None
                    and not all(self._named_call(c) for c in self._calls(e))
                ]
                if unnamed:
                    raise SaverBlocked(f"the TF1 name of `{unnamed[0]}` is not known", saver.node.line)

    def _layers_run_before(self, save: cst.Call) -> bool:
        """A Session run of a value reading variables (a train step, a fetch) comes before ``save`` each time the
        program reaches it, in execution order (execution_order.py): by then the migrated program has called its
        layers, which built them."""
        program = self.program

        def reads_variables(call: cst.Call) -> bool:
            func = call.func
            if session_run(call, self.proof.sessions) and call.args:
                fetched = loaded_names(call.args[0].value)
            elif isinstance(func, cst.Attribute) and func.attr.value == "eval" and isinstance(func.value, cst.Name):
                fetched = [func.value]  # ``accuracy.eval(feed_dict=...)``: a run on the default Session
            else:
                return False
            return any(program.nodes[n.value].variables for n in fetched if n.value in program.nodes)

        def saves(call: cst.Call) -> bool:
            return self.owns(call) and call.func.attr.value == "save"  # type: ignore[attr-defined]

        return save in execution_order.saves_after_runs(program, saves, reads_variables)

    def _tried(self, saver: SaverState, call: cst.Call) -> None:
        """The all-or-nothing restore of a Saver of variables (restore_attempts.py), named once."""
        cells = [e for e in saver.entries if rnn.checkpointed(self.program, e) != e]
        if saver.slot_restore is not None or saver.name_restore or saver.shadows or cells:
            raise self.deny(
                "a restore tried by a `try` from a Saver of more than variables (a Keras optimizer's slots, layers, "
                "cells or moving averages, which the generated restores assign one by one)",
                call,
            )
        if not saver.whole_restore:
            saver.whole_restore = fresh(self.program, self.program.names, restore_name(saver.checkpoint) + "_whole")

    def _slots(self, saver: SaverState) -> None:
        """The TF1 optimizer state the Saver saved is read into the Keras optimizer by a generated function."""
        if len(saver.slots) > 1:
            raise SaverBlocked(
                f"the Saver saves the TF1 optimizer state of `{saver.slots[0].name}` and `{saver.slots[1].name}`, "
                "whose non-slot variables TF1 numbered by graph order",
                saver.node.line,
            )
        scopes = variable_scopes.around(self.scoped, saver.slots[0].statement)
        if scopes:  # TF1 named the slots ``mlp_model/mlp_model/hidden_1/W/Adam``: under the scope minimize() ran in
            raise SaverBlocked(
                f"the Saver saves the TF1 optimizer state of `{saver.slots[0].name}`, built under "
                f"tf.variable_scope({scopes[0]!r}), whose slot names are not modelled",
                saver.node.line,
            )
        function = fresh(self.program, self.program.names, restore_name(saver.checkpoint))
        saver.slot_restore = plan_slots(self.program, saver.slots[0], saver.entries, function, saver.node.line)

    def _by_name(self) -> bool:
        """Every restore reads a TF1 checkpoint through a generated function that assigns each variable the tensor
        saved under its TF1 name, whatever name eager TF2 gives the variable."""
        return all(saver.slot_restore is not None or saver.layers for saver, _ in self.restores.values())

    def _names(self) -> None:
        """Give each variable its TF1 graph name where eager TF2 would name it otherwise."""
        program = self.program
        used: dict[str, int] = {}
        numbered: dict[tuple[str, ...], tuple[cst.Call, list[str]]] = {}
        for call, written in graph_calls(program):
            path = program.tf_path(call.func)
            prefix, renumbered = numbered_prefix(written, numbered)
            if renumbered is not None and (path in VARIABLES or helpers.helper_of(program, call) is not None):
                scope = literal_string(renumbered.args[0].value)
                full = next("/".join(names) for entry, names in numbered.values() if entry is renumbered)
                why = scope_numbering.renumbered(full, scope_numbering.NAME_SCOPE)
                raise self.deny(f"tf.name_scope({scope!r}) is entered twice ({why})", renumbered)
            if helpers.helper_of(program, call) is not None:
                self._helper_names(call, prefix, used)
                continue
            if path in SCOPES or program.tf1_path(call.func) == variable_scopes.VARIABLE_SCOPE:
                scope = literal_string(call.args[0].value)
                full = unique_name(used, "/".join([*prefix, scope]))  # type: ignore[list-item]
                if (
                    full != "/".join([*prefix, scope])  # type: ignore[list-item]
                    and path not in SCOPES
                    and not stateless_scopes.stateless_after_first(program, scope)  # its ops alone numbered
                ):
                    why = scope_numbering.renumbered(full, scope_numbering.VARIABLE_SCOPE)
                    raise self.deny(f"tf.{path}({scope!r}) is entered twice ({why})", call)
                if full != "/".join([*prefix, scope]):  # type: ignore[list-item]
                    numbered[tuple([*written, scope])] = (call, full.split("/"))  # type: ignore[list-item]
                continue
            name = argument(call, None, "name")
            given = literal_string(name.value) if name is not None else None
            if program.tf1_path(call.func) == "get_variable":
                self.tf1_names[call] = variable_scopes.get_variable_name(program, call, self.scoped, used, self.deny)
                written = argument(call, 0, "name")
                assert written is not None  # get_variable_name read its literal name
                if not self.scoped.get(call) and self.tf1_names[call] != literal_string(written.value):
                    self.proof.plan.variable_names[call] = self.tf1_names[call]  # numbered outside variable scopes
                continue
            if path in VARIABLES:
                if name is not None and given is None:
                    raise self.deny(
                        "a variable name that is not a string literal, so old checkpoints may not match", call
                    )
                base = given or "Variable"
                full = unique_name(used, "/".join([*prefix, base]))
                self.tf1_names[call] = full
                if full != "/".join([*prefix, base]):
                    self.proof.plan.variable_names[call] = full.rsplit("/", 1)[-1]
            elif given is not None:
                unique_name(used, "/".join([*prefix, given]))

    def _helper_names(self, call: cst.Call, prefix: list[str], used: dict[str, int]) -> None:
        """A helper's ops take their names when it is called; a factory's variable must get from TF1 the name
        eager TF2 gives it, as the call cannot pass another one."""
        program = self.program
        helper = helpers.helper_of(program, call)
        assert helper is not None
        if helper.kind == helpers.LAYER:  # the creation function is passed TF1's names where eager's differ
            assert helper.split is not None
            helper_names.site_names(program, helper, helper.split.sites[call], prefix, used, unique_name)
            return
        if helper.kind == helpers.FACTORY:
            base = helpers.factory_name(program, call) or "Variable"
            full = unique_name(used, "/".join([*prefix, base]))
            self.tf1_names[call] = full
            if full != "/".join([*prefix, base]) and not self._by_name():
                raise self.deny(
                    f"`{helper.name}` builds the variable TF1 named `{full}` here, a name eager TF2 cannot give it "
                    "inside the function, so old checkpoints would not restore",
                    call,
                )
            return
        for inner in descendants(helper.definition.body):
            if not isinstance(inner, cst.Call):
                continue
            if helpers.helper_of(program, inner) is not None:
                self._helper_names(inner, prefix, used)
                continue
            name = argument(inner, None, "name") if program.tf_path(inner.func) is not None else None
            if name is not None:
                given = literal_string(name.value)
                if given is None:
                    raise self.deny("an op name in a helper that is not a string literal", inner)
                unique_name(used, "/".join([*prefix, given]))

    # ------------------------------------------------------------------------------------------ rewrite
    def _calls(self, entry: str) -> list[cst.BaseExpression]:
        value = self.program.nodes[entry].value
        if isinstance(value, (cst.Dict, cst.List, cst.Tuple)):
            return [e.value for e in value.elements]
        return [value]

    def _named_call(self, call: cst.BaseExpression) -> bool:
        return call in self.tf1_names

    def named(self, entry: str) -> list[tuple[str, str]]:
        """(code, TF1 name) of each variable a saved name holds: a container's elements one by one, an RNN
        cell's variables (rnn.named_variables)."""
        cell = rnn.named_variables(self.program, entry)
        if cell is not None:
            return cell
        value = self.program.nodes[entry].value
        calls = self._calls(entry)
        if isinstance(value, cst.Dict):
            code = self.program.module.code_for_node
            keys = [f"{entry}[{code(e.key)}]" for e in value.elements if isinstance(e, cst.DictElement)]
        elif isinstance(value, (cst.List, cst.Tuple)):
            keys = [f"{entry}[{i}]" for i in range(len(calls))]
        else:
            keys = [entry]
        return [(key, self.tf1_names[call]) for key, call in zip(keys, calls)]

    def message(self, node: Node) -> str:
        saver = self.savers[node.name]
        what = "tf.train.Checkpoint"
        if saver.numbered:
            what += f" + {self.saver_class} (TF1's numbered saves: it deletes only what it saved itself)"
        note = "; restores TF1 checkpoints by variable name" if self.restores else ""
        if saver.slot_restore is not None:
            note += f"; {saver.slot_restore.message()}"
        return f"tf.train.Saver `{node.name}` -> {what}{note}"

    def _os_bound(self) -> bool:
        return self.program.imported.get("os") == "os" and self.program.binds.get("os") == 1

    def statements(self, node: Node, optimizers: dict[str, str], tf: str) -> list[str]:
        saver = self.savers[node.name]
        # Saver(ema.variables_to_restore()): each variable under the attribute its shadow had in the saving program
        keys = {name: f"{name}_{saver.averages[name]}" if name in saver.averages else name for name in saver.entries}
        entries = [f"{keys[name]}={rnn.checkpointed(self.program, name)}" for name in saver.entries]
        entries += [f"{key}={shadow}" for key, shadow in saver.shadows]
        entries += [f"{layer.variable}={layer.variable}" for layer in saver.layers]
        for train in saver.slots:  # two (a GAN's d_optim, g_optim): each under its training op's name
            key = "optimizer" if len(saver.slots) == 1 else f"{train.name}_optimizer"
            entries.append(f"{key}={optimizers.get(train.name, train.optimizer)}")
        lines = rnn.build_lines(self.program, saver.entries, tf)
        lines.append(f"{saver.checkpoint} = {tf}.train.Checkpoint({', '.join(entries)})")
        if saver.numbered:
            keep = argument(node.value, None, "max_to_keep")  # type: ignore[arg-type]
            max_to_keep = "" if keep is None else f", max_to_keep={self.program.module.code_for_node(keep.value)}"
            if saver is next(s for s in self.savers.values() if s.numbered):
                lines.append(saver_class(self.saver_class, tf, self._os_bound()))
            lines.append(f"{saver.manager} = {self.saver_class}({saver.checkpoint}{max_to_keep})")
        if saver.written and saver is next(s for s in self.savers.values() if s.written):
            lines.append(save_function(self.save_function, tf, self._os_bound()))
        if saver.name_restore:
            saved = [
                (code, f"{name}/{saver.averages[entry]}" if entry in saver.averages else name)
                for entry in saver.entries
                for code, name in self.named(entry)
            ]
            lines.append(
                layer_checkpoints.restore_code(
                    self.program, saver.name_restore, tf, saver.checkpoint, saver.layers, saved
                )
            )
        if saver.whole_restore:
            saved = [(keys[name], rnn.checkpointed(self.program, name)) for name in saver.entries]
            lines.append(restore_attempts.function_code(saver.whole_restore, tf, saved))
        restore = saver.slot_restore
        if restore is not None:
            optimizer = optimizers.get(restore.train.name, restore.train.optimizer)
            saved = [pair for entry in saver.entries for pair in self.named(entry)]
            trained = [pair for entry in restore.variables for pair in self.named(entry)]
            lines.append(restore.function_code(tf, optimizer, saver.checkpoint, trained, saved))
        return lines


def _restores(block: cst.CSTNode) -> bool:
    return any(
        isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value == "restore"
        for n in descendants(block)
    )


def _initializer(proof, call: cst.BaseExpression | None) -> bool:
    """``sess.run(init)`` / ``init.run()`` / ``sess.run(tf.global_variables_initializer())``."""
    return (
        isinstance(call, cst.Call)
        and isinstance(call.func, cst.Attribute)
        and isinstance(call.func.value, cst.Name)
        and proof.initializer_run(call)
    )


def _draws_once(program: Program) -> bool:
    """Every draw of the program is a module-level variable's initial value, drawn once: a restarted Session's
    restore overwrites what its initializer drew again, and no random op runs after it, so the seeded streams TF1
    restarted are never read (the first Session's numbers are the eager program's, seeds.py)."""
    from tfmigrate.transforms.session.seeds import _draws_at_all, _initial_value_draws

    once = _initial_value_draws(program)
    for call in descendants(program.module):
        if not isinstance(call, cst.Call) or call in once:
            continue
        if call in program.layers and program.layers[call].mode != "dropout":
            continue  # its kernel drawn once, where the layer is built (layers.py); a dropout draws each run
        path = program.tf1_path(call.func)
        if _draws_at_all(path) or path.startswith(BUILDS_WEIGHTS) or call in program.layers:
            return False
    return True


def has_op_seeds(program: Program) -> bool:
    """A TensorFlow call given ``seed=``: its random stream restarts with each Session."""
    return any(
        isinstance(n, cst.Call) and program.tf_path(n.func) is not None and argument(n, None, "seed") is not None
        for n in descendants(program.module)
    )


def built_before(program: Program, node: Node) -> list[str]:
    """The names of the graph values built before ``node``, each once, in the order they were first built (what TF1's
    collections held when ``node`` was built)."""
    return list(dict.fromkeys(n for n in program.order[: node.index] if n in program.nodes))


def keeps_slots(program: Program, node: Node) -> bool:
    """A training op whose TF1 optimizer keeps slots (everything but plain gradient descent)."""
    if node.kind != "train":
        return False
    keras, args = node.keras, node.keras_args
    if node.optimizer:
        holder = program.nodes[node.optimizer]
        keras, args = holder.keras, holder.keras_args
    return keras != "SGD" or "momentum" in dict(args)


def trainable(value: cst.BaseExpression, program: Program | None = None) -> bool:
    factory = helpers.helper_of(program, value, helpers.FACTORY) if program is not None else None
    if factory is not None and factory.variable is not None:
        value = factory.variable
    for call in descendants(value):
        if isinstance(call, cst.Call):
            flag = argument(call, None, "trainable")
            if flag is not None and isinstance(flag.value, cst.Name) and flag.value.value == "False":
                return False
    return True


def _variable(program: Program, value: cst.BaseExpression) -> bool:
    return (
        isinstance(value, cst.Name)
        and program.nodes.get(value.value, None) is not None
        and (program.nodes[value.value].kind == "variable")
    )


def scope_name(program: Program, statement: cst.With) -> str | None:
    """The literal name of ``with tf.name_scope("x"):``; None for any other with."""
    if len(statement.items) != 1 or not isinstance(statement.items[0].item, cst.Call):
        return None
    call = statement.items[0].item
    if program.tf_path(call.func) not in SCOPES:
        return None
    first = argument(call, 0, "name")
    return literal_string(first.value) if first is not None and len(call.args) == 1 else None


def graph_calls(program: Program):
    """Every TensorFlow call at module level, in the order TF1 built them, with its name-scope prefix."""

    def walk(statements, prefix):
        for statement in statements:
            if isinstance(statement, cst.With):
                scope = scope_name(program, statement) or variable_scopes.literal_scope(program, statement)
                if scope:
                    yield statement.items[0].item, prefix
                yield from walk(statement.body.body, [*prefix, scope] if scope else prefix)
            elif isinstance(statement, cst.SimpleStatementLine):
                for call in descendants(statement):
                    if isinstance(call, cst.Call) and (
                        program.tf_path(call.func) is not None or helpers.helper_of(program, call) is not None
                    ):
                        yield call, prefix

    yield from walk(program.module.body, [])


def numbered_prefix(
    written: list[str], numbered: dict[tuple[str, ...], tuple[cst.Call, list[str]]]
) -> tuple[list[str], cst.Call | None]:
    """The name-scope prefix TF1 gave a call written under ``written``, where a ``tf.name_scope`` it sits in was
    numbered (``with tf.name_scope("embedding"):`` after a variable ``Embedding``: its ops are ``embedding_1/...``),
    and the numbered scope's call (None where none was). Ops' names there are what TF1 gave; a variable made there
    would be named by eager TF2 without the number, so ``_names`` refuses it."""
    for length in range(len(written), 0, -1):
        found = numbered.get(tuple(written[:length]))
        if found is not None:
            return [*found[1], *written[length:]], found[0]
    return written, None


def unique_name(used: dict[str, int], name: str) -> str:
    """``tf.Graph.unique_name``: the first use keeps the name, later ones get ``_1``, ``_2``... (case-insensitive)."""
    key = name.lower()
    index = used.get(key, 0)
    used[key] = index + 1
    if index == 0:
        return name
    while f"{key}_{index}" in used:
        index += 1
    used[f"{key}_{index}"] = 1
    return f"{name}_{index}"


def named_call(call: cst.Call, name: str) -> cst.Call:
    """``call`` given ``name=name``: its ``name=`` argument replaced, or one added."""
    existing = next((a for a in call.args if a.keyword is not None and a.keyword.value == "name"), None)
    value = cst.SimpleString(f'"{name}"')
    if existing is not None:
        return call.with_changes(args=[a.with_changes(value=value) if a is existing else a for a in call.args])
    args = list(call.args)
    if args and not isinstance(args[-1].comma, cst.Comma):
        args[-1] = args[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    equal = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
    args.append(cst.Arg(value=value, keyword=cst.Name("name"), equal=equal))
    return call.with_changes(args=args)


def restore_name(checkpoint: str) -> str:
    """``restore_checkpoint``; for an instance's checkpoint read flat (``model__checkpoint``), ``model__restore_...``:
    the class rewrite makes it the instance's attribute, which a function after the constructor may read."""
    instance, joined, attribute = checkpoint.rpartition("__")
    return f"{instance}__restore_{attribute}" if joined and instance else f"restore_{checkpoint}"
