"""TFM201: a tf.train.Saver over a Session that could run eagerly becomes tf.train.Checkpoint."""

from __future__ import annotations

import re

import libcst as cst

from tfmigrate.cstfields import code as module_code
from tfmigrate.cstfields import nodes
from tfmigrate.facts import Facts
from tfmigrate.model import of_text
from tfmigrate.transforms import _legacy_keras as legacy_keras
from tfmigrate.transforms._checkpoint import (
    EXPORT_SITES,
    RUNNERS,
    SAVER,
    SESSIONS,
    Analysis,
    EagerRewrite,
)
from tfmigrate.transforms._tf1 import dotted, may_name, tf_binding
from tfmigrate.transforms._tf1_edits.module_aliases import MODULE_ALIAS, module_aliases
from tfmigrate.transforms.session import (
    EAGER_REWRITTEN,
    NEVER_RUN,
    Blocked,
    eager_rewrite,
    inert_optimizer_parameters,
    kept_branches,
    kept_sessions,
    own_switch,
    sibling_modules,
)
from tfmigrate.transforms.session.analysis import descendants
from tfmigrate.transforms.session.classes import graph_class
from tfmigrate.transforms.session.dead_code import FollowUp
from tfmigrate.transforms.session.functions import references
from tfmigrate.transforms.session.savers import SaverBlocked

SWITCHES = ("disable_eager_execution", "disable_v2_behavior")
# Skip the eager rewrite's analysis where it can only refuse and nothing the rule writes says why
# (``SaverToCheckpoint.unread_refusal``); off only to check that the output is the same (tests/test_engine_gates.py).
REFUSAL_GATE = True

ADVICE = (
    "tf.train.Saver kept in graph mode (tf.compat.v1.train.Saver); to move to TF2, make this code eager "
    "(tf.function / Keras) and save with tf.train.Checkpoint or tf.train.CheckpointManager, whose restore() "
    "still reads this Saver's checkpoints by variable name. Needs graph mode"
)
PROGRAM_ADVICE = (
    "tf.train.Saver kept in graph mode (tf.compat.v1.train.Saver) with its Session program; rewrite the part "
    "that needs graph mode by hand (tf.function, tf.GradientTape) and the rest can run eagerly, saving with "
    "tf.train.Checkpoint, whose restore() still reads this Saver's checkpoints by variable name. Needs graph mode"
)
# The reason of a refusal decided by ``unread_refusal``: nothing reads it (no follow-up names it).
UNREAD = "every Session opens inside a module-level class that builds no graph ops"
GRAPH_TIER = (
    "Session program kept in graph mode (tf.compat.v1 + disable_v2_behavior): {construct}{where}; rewrite "
    "that part by hand (tf.function, tf.GradientTape) and the rest can run eagerly"
)


class SaverToCheckpoint(EagerRewrite):
    """Rewrite TF1 Session programs as eager TF2 code; ``tf.train.Saver`` checkpointing as ``tf.train.Checkpoint``.

    What it does:
        By default, a program that builds its graph at module level and runs it through one Session becomes
        eager TF2 when the analysis of the module proves it computes the same values: ``tf.Variable`` stays,
        each tensor computed from placeholders/variables becomes a Python function of the placeholders it
        reads (each cast to its dtype, as a feed was), ``opt.minimize(loss)`` becomes a train step that
        computes the loss under ``tf.GradientTape`` and applies the gradients with a Keras optimizer stepping as
        TF1 did (``GradientDescentOptimizer`` -> ``SGD``; ``AdamOptimizer``, ``MomentumOptimizer``,
        ``RMSPropOptimizer``, ``AdagradOptimizer`` -> ``TF1Adam``, ``TF1Momentum``, ``TF1RMSProp``,
        ``TF1Adagrad``, generated ``tf.keras.optimizers.Optimizer`` subclasses, defined once per file, that run
        TF1's own kernels with TF1's defaults and slots; ``compute_gradients`` /
        ``apply_gradients`` -> a ``GradientTape`` function and a train step; a ``tf.function``
        when it runs in a loop; ``var_list`` and ``global_step`` kept), ``v.assign(...)`` ops become functions
        that assign, ``sess.run(t, feed_dict={x: a})`` / ``t.eval(...)`` / ``op.run(...)`` become calls read
        with ``.numpy()`` (an expression built inside a fetch, ``sess.run(tf.argmax(y, 1), feed_dict=...)``,
        becomes that expression over the tensors' functions with the same feed; a random op in it only in an
        unseeded program; ``x.shape`` / ``x.get_shape()`` of a placeholder becomes ``tf.TensorShape(<declared
        shape>)``, of a computed tensor the shape of its function traced on ``tf.TensorSpec``s of the
        placeholders), values a run fetched before its training op updated the variables are computed
        before the train step, ``tf.set_random_seed`` becomes ``tf.random.set_seed`` with each random op given
        the op seed TF1's graph gave it (a train step that draws runs eagerly), and the Session,
        placeholders and initializer runs go. A name bound more than once in straight-line code means, at
        each use, the binding it had there; Sessions one after another and one ``tf.Graph().as_default()``
        block run eagerly, and so do the blocks of one ``sess = tf.Session()`` entered again and again by ``with
        sess.as_default() as s:`` (one Session: its variables kept from block to block), a Session a method opens
        that only the constructor calls, and a Session-owning class used as ``with Agent(...) as agent:`` whose
        ``__exit__`` only closes that Session. A script split by module-level ``tf.reset_default_graph()`` calls into sections that
        each build a graph and run it is rewritten section by section, the resets dropped, when nothing but
        Python values (numbers, arrays, strings) crosses a reset. The program's own helper functions stay as written where the
        graph definitions call them: one that computes a tensor straight through (assignments and one
        ``return``) from its parameters and module-level variables (``def model(X, w_h, w_o)``,
        ``def encoder(x)`` over a ``weights`` dict) runs inside the eager functions, and a variable factory
        (``def weight_variable(shape): return tf.Variable(tf.truncated_normal(shape))``) makes one variable
        per call as before; a helper that reads module-level tensors or placeholders (``def vae_loss(x_rec,
        x_true)`` reading ``z_mean``) takes them as parameters, each call passing them computed from the same
        inputs; a seeded random op inside a helper called once draws with the op seed TF1 gave it there; a
        helper called once that builds variables or constants from host data and returns them (``X, y =
        get_dataset()``) stays as written, proved as if its body stood where it is called. A
        helper with a branch, loop or side effect, one that builds variables per call or runs the Session, a
        seeded random op inside a helper called more than once, or a value whose eager function would draw one
        random op along two paths (TF1 draws it once per run) keeps the graph tier. TF1 summaries keep
        their events: ``tf.summary.FileWriter`` becomes
        ``tf.summary.create_file_writer`` (the graph is no longer written), each ``merge_all()`` / ``merge([...])``
        / named summary op a function returning the same ``tf.compat.v1.summary`` protos (tags keep their name
        scopes and the ``_1`` suffixes TF1's graph gave them), computed before the train step of a run that
        fetched both, and ``writer.add_summary(s, step)`` ``tf.summary.experimental.write_raw_pb(s, step=step)``
        under ``writer.as_default()`` (no ``tensorboard`` package needed). ``tf.get_variable`` may take an
        initializer object bound earlier (``init = tf.constant_initializer(1)``), seeded where the variable is
        built, and module-level ``tf.variable_scope("name")`` blocks run eagerly; ``v.name`` reads become the name
        TF1 gave ``v``. A module-level loop over values written in the program that only builds the graph
        (``for i in range(3): W = tf.Variable(...); h = tf.matmul(h, W)``) is unrolled, each iteration's names
        fresh. Functional ``tf.layers`` calls (dense, conv, pooling, flatten, dropout) become Keras layers built
        once under the names TF1 gave them (``dense``, ``dense_1``: old checkpoints' names), a seeded kernel drawn
        with TF1's op seed, a dropout TF1 never applied ``tf.identity``; ``tf.layers.Dense`` objects become Keras
        layers. A ``tf.placeholder_with_default`` of a literal is a placeholder that a run not feeding it passes
        its default; a bool one (``training``) stays a Python bool, so ``tf.layers.dropout(training=training)``
        drops only in the runs that feed ``True``. Anything the proof does not model
        (queues, control dependencies, collections, feeding a non-placeholder, Sessions in several functions,
        calls into other modules that may build ops (one beside the program or on the path is read; an installed
        library is host code unless known to build ops or its distribution requires TensorFlow), a second Session while state an earlier one changed is live, RMSProp through
        compute_gradients, a variable summarised in the run that trains it,
        ``tf.summary.image`` with ``family``, hand-built ``tf.Summary`` protos, ...) keeps the program in graph mode (``tf.compat.v1`` +
        ``disable_v2_behavior`` by TFM102) with one follow-up naming the blocking line and construct.
        A Session program that sits whole in one module-level function (``def main(_):`` run by
        ``tf.app.run()`` / ``tf.app.run(main)`` / ``main()`` under ``if __name__ == "__main__":``, or
        ``def run_training():`` or ``def train(mnist):`` called from such a ``main``, which may read the MNIST
        tutorial's data first) is proved as its body alone and rewritten in place,
        the functions the rewrite generates nested in it, when the module runs it once, at its end, and none of its
        names shadows a module-level one; else the follow-up names the line inside the function that blocks it.
        ``--keep-graph-mode`` (config ``keep-graph-mode = true``) keeps every Session program in graph mode.

        Savers: when every Session in the module only initialises variables, reads variables, saves and
        restores, and every TensorFlow call in the module computes the same value eagerly, the Saver becomes a
        ``tf.train.Checkpoint`` over the saved variables (named after the Python names or the ``var_list`` dict
        keys), saves with ``global_step`` go through a generated ``NumberedSaves`` class that does what TF1's
        Saver did (``path-step`` files, ``max_to_keep`` counted over its own saves only, so a resumed run never
        deletes an earlier run's checkpoints as a ``tf.train.CheckpointManager`` would; a Saver keeping one every
        N hours keeps graph mode), other saves a generated ``save_checkpoint(checkpoint, path)`` that writes
        ``checkpoint.write(path)`` and the ``checkpoint`` state file TF1's Saver wrote beside it (which
        ``tf.train.latest_checkpoint`` reads, in this program's next run or another script), restores
        ``checkpoint.read(path).assert_existing_objects_matched()`` (it stops, as TF1's restore did, on a variable
        the checkpoint lacks or a None path); ``with tf.Session() as sess:`` / ``with tf.Graph().as_default():`` blocks
        are unwrapped, initialiser runs dropped and ``sess.run(v)`` / ``v.eval()`` become ``v.numpy()``. A
        Keras model saved through a Saver (``Saver(model.weights)``) becomes ``tf.train.Checkpoint(model=model)``;
        its old checkpoints only restore under ``--keras tf-keras``, whose variables keep the TF1 names.
        In a program the eager rewrite converts (one that trains, feeds placeholders, ...), the Saver becomes a
        ``tf.train.Checkpoint`` over the variables it saved (with ``optimizer=`` where the TF1 Saver saved the
        optimizer's slots) and the ``NumberedSaves`` class for numbered saves; ``tf.train.checkpoint_exists(p)``
        becomes a test for ``p + ".index"``; inside ``tf.name_scope`` blocks the graph is built as before. Where
        it restores, each variable whose TF1 graph name eager TF2 would not give it (``Variable_1``, ``W_1``)
        gets it as ``name=``, and ``restore(path).assert_existing_objects_matched()`` fails, as TF1's restore
        did, when a variable is missing. It keeps graph mode when the names cannot be promised (a name that is
        not a literal, a name scope entered twice, ``tf.get_variable``). Where the Saver saved a TF1 optimizer's
        slots (Adam, RMSProp, Momentum, Adagrad) and the program restores, a generated ``restore_checkpoint(path)``
        reads the program's own checkpoints as objects and a TF1 checkpoint by name, assigning each variable and
        slot to the Keras optimizer (Adam's step count recovered from ``beta2_power``, Momentum's accumulation
        scaled by ``-learning_rate``); two optimizers' slots in one Saver keep graph mode. A function the
        program passes its Session (``def run_epochs(sess, n)``) is proved at each call and loses the parameter;
        a second Session that starts by restoring every variable and slot goes on eagerly. A Saver program
        the rewrite cannot prove keeps the Saver in graph mode and gets one follow-up naming what blocked the
        eager rewrite and its line (the construct a Session program's follow-up names; a placeholder is no
        reason, the eager rewrite handles it); ``--annotate`` also marks the site in the code.

    Why:
        TF2 has no ``tf.train.Saver`` or ``tf.Session``; graph mode under ``tf.compat.v1`` runs, but is TF1 code
        inside TF2. Seeded random initial values differ from TF1's (TF1 derives each op's seed from its place in
        the graph), the distributions do not. ``tf.train.Checkpoint.restore`` still reads a Saver's
        name-based checkpoints, matching each variable by its graph name, so the converted program keeps
        loading the checkpoints the old one wrote. A program whose variables cannot be named statically (or
        whose dict keys differ from the variable names) is therefore left in graph mode.

    Example:
        import tensorflow as tf
        w = tf.Variable([1.0, 2.0], name="w")
        saver = tf.train.Saver([w])
        with tf.Session() as sess:
            saver.restore(sess, "/tmp/model.ckpt")
            print(sess.run(w))

    Use instead:
        import tensorflow as tf
        w = tf.Variable([1.0, 2.0], name="w")
        checkpoint = tf.train.Checkpoint(w=w)
        checkpoint.read("/tmp/model.ckpt").assert_existing_objects_matched()
        print(w.numpy())
    """

    CODE = "TFM201"
    NAME = "saver-to-checkpoint"
    SUMMARY = (
        "TF1 Session programs -> eager TF2 (tf.function, GradientTape, Keras optimizers); tf.train.Saver -> "
        "tf.train.Checkpoint / CheckpointManager when eager-safe."
    )
    SAFE = False
    PRIORITY = 30
    TRIGGERS = ("Saver", "Session", "Supervisor")
    BEFORE = (
        "import tensorflow as tf\n"
        'w = tf.Variable([1.0, 2.0], name="w")\n'
        "saver = tf.train.Saver([w])\n"
        "with tf.Session() as sess:\n"
        '    saver.restore(sess, "/tmp/model.ckpt")\n'
        "    print(sess.run(w))\n"
    )
    AFTER = (
        "import tensorflow as tf\n"
        'w = tf.Variable([1.0, 2.0], name="w")\n'
        "checkpoint = tf.train.Checkpoint(w=w)\n"
        'checkpoint.read("/tmp/model.ckpt").assert_existing_objects_matched()\n'
        "print(w.numpy())\n"
    )

    @classmethod
    def needs(cls, facts: Facts) -> bool:
        """Acts only on a module that calls ``tf.train.Saver`` (tf or tf.compat.v1): without a Saver site the
        shared analysis neither converts nor reports anything."""
        return may_name(facts, lambda path: path == SAVER or path in SESSIONS or path in RUNNERS)

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        """A Session program is first offered to the eager rewrite; what it cannot prove goes on to the
        checkpoint-only conversion (Saver programs) or stays in graph mode with one follow-up. The run's verdicts
        on the functions it imports from its tree hold meanwhile (session/sibling_modules.py)."""
        with sibling_modules.given(self.options.run_siblings, tree):
            return self._migrate(tree)

    def _migrate(self, tree: cst.Module) -> cst.Module:
        code = module_code(tree)
        self.module_aliases = module_aliases(of_text(code), packages=True) if MODULE_ALIAS.search(code) else {}
        opening = (
            []
            if self.options.keep_graph_mode
            else [
                (statement, node)
                for statement in tree.body  # the module's own walk (``descendants(tree)``), statement by statement
                for node in descendants(statement)
                if isinstance(node, cst.Call) and self._resolve(node.func) in SESSIONS
            ]
        )
        sessions = [node for _, node in opening]
        self.blocked: Blocked | None = None
        self._paths: tuple[cst.Module, list[str | None]] | None = None  # _call_paths: the tree, its calls' paths
        if not sessions:
            result = super().transform_module_impl(tree)
            self._report_runner(tree)
            return self._graph_keras(tree, result)
        switched = own_switch.read(tree, self._resolve, self.line_of)  # compat.v1 + its own switch: TF1
        try:
            if REFUSAL_GATE and self.unread_refusal(tree, [statement for statement, _ in opening]):
                raise Blocked(UNREAD, 0)
            migrated, changes, never_run = eager_rewrite(*(switched or (tree, self._resolve, self.line_of)))
            keras2 = legacy_keras.keras2(code, module_code(migrated), self.options.keras)
            if keras2 is not None:
                raise Blocked(*keras2)
        except Blocked as blocked:
            self.blocked = blocked
            result = super().transform_module_impl(tree)
            kept = kept_sessions.notes(tree, self._resolve, self.line_of, [statement for statement, _ in opening])
            if kept is not None:  # this rule's output read again: its Sessions all stand in code it never runs
                for line, message in kept:
                    self.follow_up(tree, message, line=line)
                return result
            if not self._checkpointing_or_switched(tree) or switched is not None and not self._checkpointing(tree):
                where = f" (line {blocked.line})" if blocked.line not in _lines_named(blocked.construct) else ""
                self.follow_up(
                    sessions[0], GRAPH_TIER.format(construct=blocked.construct, where=where), line=blocked.line or None
                )
            return result if switched is not None else self._graph_keras(tree, result)
        migrated = self._drop_unread_aliases(migrated)
        migrated, inert = inert_optimizer_parameters.drop(tree, migrated, tf_binding(tree) or "tf")
        for owner, name, message in inert:  # an optimizer class parameter the train step no longer reads
            param = inert_optimizer_parameters.parameter_of(tree, owner, name)
            changes.append((self.line_of(param) if param is not None else 0, message))
        migrated, aliases = inert_optimizer_parameters.drop_aliases(tree, migrated, tf_binding(tree) or "tf")
        for name, message in aliases:  # ``optimizer = tf.train.AdamOptimizer`` nothing calls any more
            bound = inert_optimizer_parameters.binding_of(tree, name)
            changes.append((self.line_of(bound) if bound is not None else 0, message))
        for line, message in changes:
            if isinstance(message, FollowUp):  # code the program never runs, kept as written (dead_code.py)
                self.follow_up(tree, message, line=line)
            else:
                self.change(tree, message, line=line)
        self.context.scratch[EAGER_REWRITTEN] = True
        branches = kept_branches.found(tree, changes, module_code(migrated))
        if branches:  # below the module level, found again by TFM102
            self.context.scratch[kept_branches.KEY] = branches
        if never_run:
            self.context.scratch[NEVER_RUN] = never_run
        return migrated

    def _graph_keras(self, tree: cst.Module, result: cst.Module) -> cst.Module:
        """A TF1 program kept in graph mode (it still opens a Session or runs a runner once this rule is done: the
        checkpoint conversion may have unwrapped it; and it does not switch itself) that builds layers through
        ``tf.keras`` runs them on Keras 2, as TF 1.x did (``_legacy_keras``)."""
        code = module_code(tree)
        if any(switch in code for switch in SWITCHES) or not legacy_keras.runs_graph(
            module_code(result), SESSIONS | RUNNERS
        ):
            return result
        result, line, note = legacy_keras.graph_tier(result, code, self.context.scratch)
        if line:
            self.follow_up(tree, note, line=line)
        return result

    def _report_runner(self, tree: cst.Module) -> None:
        """A program run by a MonitoredTrainingSession or a Supervisor (no tf.Session of its own) stays in graph
        mode: one follow-up at the first runner, unless the module checkpoints or switches itself (reported so)."""
        if self.options.keep_graph_mode or self._checkpointing_or_switched(tree):
            return
        for node in nodes(tree):
            if isinstance(node, cst.Call) and (path := self._resolve(node.func)) in RUNNERS:
                line = self.line_of(node)
                construct = f"tf.{path} runs the graph (a Session tfmigrate does not rewrite)"
                self.follow_up(node, GRAPH_TIER.format(construct=construct, where=f" (line {line})"), line=line)
                return

    def qualified_names(self, node: cst.CSTNode) -> set[str]:
        """libcst's answer, through module aliases too: ``rnn.BasicLSTMCell`` with ``rnn = tf.nn.rnn_cell`` means
        ``tensorflow.nn.rnn_cell.BasicLSTMCell`` (libcst says ``rnn.BasicLSTMCell``), as TFM101 reads it."""
        names = super().qualified_names(node)
        aliases = getattr(self, "module_aliases", None)
        if len(names) != 1 or not aliases or not isinstance(node, (cst.Name, cst.Attribute)):
            return names
        full = dotted(node)
        if full is None or names != {full}:
            return names
        root = full.split(".")[0]
        return {aliases[root] + full[len(root) :]} if root in aliases else names

    def _drop_unread_aliases(self, migrated: cst.Module) -> cst.Module:
        """``rnn = tf.nn.rnn_cell`` once the eager program reads nothing through it: TF 2 has no such namespace
        without Keras 2 (TFM101 would otherwise ask for tf-keras for a line nothing uses)."""
        aliases = getattr(self, "module_aliases", None)
        if not aliases:
            return migrated
        kept: list[cst.BaseStatement] = []
        dropped: cst.SimpleStatementLine | None = None
        for statement in migrated.body:
            if _unread_alias(statement, aliases, migrated):
                dropped = statement  # type: ignore[assignment]  # _unread_alias: a simple statement line
                continue
            if dropped is not None and not statement.leading_lines:  # the blank lines before it stay
                statement = statement.with_changes(leading_lines=dropped.leading_lines)
            dropped = None
            kept.append(statement)
        return migrated if len(kept) == len(migrated.body) else migrated.with_changes(body=kept)

    def unread_refusal(self, tree: cst.Module, holders: list[cst.CSTNode]) -> bool:
        """The eager rewrite can only refuse this module, and nothing the rule writes reads why.

        It can only refuse when every Session opens inside a module-level class (``holders``: the module-level
        statement of each) and no module-level class builds graph ops (``classes.graph_class``, the one way a
        class enters the rewrite): no module-level function opens a Session, so ``eager_rewrite`` goes on to its
        module-level proof, which refuses a class that uses TensorFlow (``Proof.foreign_code``). Library code
        (``TFLiteConverter.from_frozen_graph`` opening a Session) is the usual case, and there that analysis was
        the largest single cost of a run. The refusal's reason is read by the graph-tier follow-up (not written
        when the module checkpoints, exports or switches to graph mode itself) and by a Saver's fallback
        follow-up: without those, its reason changes nothing.
        """
        if not all(isinstance(statement, cst.ClassDef) for statement in holders):
            return False
        if SAVER in self._call_paths(tree) or not self._checkpointing_or_switched(tree):
            return False
        try:
            if graph_class(tree, self._resolve, self.line_of) is not None:
                return False
        except Blocked:
            return False  # eager_rewrite refuses at once, with this reason
        return True

    def _call_paths(self, tree: cst.Module) -> list[str | None]:
        """What every call of the module names (``self._resolve``), read once per tree, in no order."""
        if self._paths is None or self._paths[0] is not tree:
            self._paths = (tree, [self._resolve(node.func) for node in nodes(tree) if isinstance(node, cst.Call)])
        return self._paths[1]

    def _checkpointing_or_switched(self, tree: cst.Module) -> bool:
        """The module saves, restores or exports (its follow-ups come from the checkpoint analysis), or switches
        to graph mode itself: a Session program it keeps in graph mode gets no follow-up of its own, unless the
        switch is the one that makes it a TF1 program (own_switch.py): then it stays graph mode only because the
        rewrite refused, and the follow-up says why."""
        paths = self._call_paths(tree)
        switched = any((path or "").endswith(SWITCHES) for path in paths)
        return self._checkpointing(tree) or switched

    def _checkpointing(self, tree: cst.Module) -> bool:
        return any(path in EXPORT_SITES | {SAVER} for path in self._call_paths(tree))

    def converts(self, analysis: Analysis) -> bool:
        return bool(analysis.saver_sites)

    def _plan_module(self, node: cst.Module) -> None:
        """The checkpoint analysis only where a call names ``tf.train.Saver``: this rule converts nothing else, and
        its fallback follow-ups stand at Saver calls. A module with only export sites (TFM202's, in a library
        such as ``lite/python/lite.py``) was analysed whole to convert and report nothing. The calls' paths are
        the ones the analysis reads (``self._resolve`` on every call), read once for the rule's other gates."""
        if SAVER in self._call_paths(node):
            super()._plan_module(node)

    def report_fallback(self, analysis: Analysis, reason: str) -> None:
        """Where the eager rewrite was tried, what blocked it is the reason given: the checkpoint-only analysis
        would name a graph construct (a placeholder, a feed) that the eager rewrite handles, and the report would
        then disagree with itself."""
        blocked = self.blocked
        advice = ADVICE
        sites = analysis.saver_sites
        if blocked is not None:
            named = _lines_named(blocked.construct)
            reason = blocked.construct + (f" (line {blocked.line})" if blocked.line not in named else "")
            if not isinstance(blocked, SaverBlocked):
                advice = PROGRAM_ADVICE
            # a site the reason already names (``saver`` bound on lines 64 and 98) is not listed again as "1 more"
            sites = [s for s in sites if self.line_of(s) not in named] or sites[:1]
        self.fallback_sites(analysis, sites, reason, advice)


def _unread_alias(statement: cst.BaseStatement, aliases: dict[str, str], module: cst.Module) -> bool:
    """``rnn = tf.nn.rnn_cell`` for a module alias nothing else in ``module`` reads."""
    if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
        return False
    small = statement.body[0]
    if not (
        isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name)
    ):
        return False
    name = small.targets[0].target.value
    return name in aliases and isinstance(small.value, (cst.Attribute, cst.Name)) and len(references(module, name)) == 1


def _lines_named(text: str) -> set[int | None]:
    """The lines a reason names, ``(line 7)`` or ``(lines 64, 98)``; with None: no line to add."""
    found: set[int | None] = {None, 0}
    for match in re.finditer(r"\(lines? ([\d, ]+)\)", text):
        found.update(int(n) for n in re.findall(r"\d+", match.group(1)))
    return found
