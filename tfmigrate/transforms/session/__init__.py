"""Eager rewrite of TF1 Session programs (TFM201): the program model, the proof, the libcst rewrite."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from tfmigrate.transforms._tf1 import tf_binding
from tfmigrate.transforms.session import (
    accumulator_lists,
    augmented,
    batch_norms,
    builder_lambdas,
    call_counters,
    called_once,
    class_session_methods,
    class_stages,
    classes,
    datasets,
    dead_code,
    dead_helpers,
    default_sessions,
    dimension_values,
    fed_cuts,
    fed_rates,
    fed_values,
    feed_calls,
    fetched_rebinds,
    function_parts,
    global_steps,
    graph_identity_branches,
    graph_loops,
    indexed_gradients,
    inert_reuse,
    initializer_classes,
    inlined_helpers,
    instance_copies,
    instance_functions,
    instance_graphs,
    joined_lines,
    keras_layers_in_sessions,
    keyed_dicts,
    late_definitions,
    later_rebinds,
    library,
    listed_tensors,
    loop_branches,
    loop_built_ops,
    loop_rebinds,
    main_guard,
    module_tensor_names,
    namespace_classes,
    nested_functions,
    nested_runs,
    op_lists,
    optimizer_classes,
    queues,
    rebound_functions,
    reused_helper_variables,
    rnn,
    rnn_unrolled,
    run_keywords,
    saver_calls,
    schedules,
    scope_constants,
    scope_objects,
    session_builds,
    session_helpers,
    session_method_results,
    step_functions,
    sub_models,
    summary_lists,
    summary_loops,
    temporary_instances,
    tensor_names,
    tf1_optimizers,
    unread_scope_names,
    variable_comprehensions,
    variable_hoist,
    variable_sharing,
)
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Program, Resolve
from tfmigrate.transforms.session.functions import FunctionBody, Unrun, has_session, holder
from tfmigrate.transforms.session.loops import unroll
from tfmigrate.transforms.session.proof import Plan, Proof
from tfmigrate.transforms.session.rewrite import Rewrite
from tfmigrate.transforms.session.sections import Sections, resets

__all__ = [
    "EAGER_REWRITTEN",
    "NEVER_RUN",
    "Blocked",
    "eager_program",
    "eager_rewrite",
    "never_run_lines",
    "never_run_spans",
]

# Context scratch key set once the eager rewrite converted the module: the TensorFlow calls it kept were proved
# under their TF1 meaning, so TFM101 keeps reading their positional arguments as TF1's (``tf.nn.dropout(x, keep)``)
# although the output now holds TF2 idioms (tf.function, GradientTape, ``.numpy()``).
EAGER_REWRITTEN = "tfmigrate.session.eager_rewritten"
# Context scratch key: the text of each branch on a module constant that never runs, kept as written by the eager
# rewrite (dead_code.py); TFM101 leaves it as written too, so the kept branch is the user's own text.
NEVER_RUN = "tfmigrate.session.never_run"


def never_run_spans(text: str, scratch: dict) -> list[tuple[int, int]]:
    """The character spans of ``text`` holding a branch the eager rewrite kept because it never runs (NEVER_RUN),
    each where its text is found once: what TFM101 and TFM102 leave as written and read as no code of theirs."""
    spans = []
    for kept in scratch.get(NEVER_RUN, ()):
        start = text.find(kept)
        if start >= 0 and text.find(kept, start + 1) < 0:
            spans.append((start, start + len(kept)))
    return spans


def never_run_lines(text: str, scratch: dict) -> set[int]:
    """The lines of never_run_spans (1-based; a span's closing newline ends its last line)."""
    return {
        text.count("\n", 0, start) + 1 + offset
        for start, end in never_run_spans(text, scratch)
        for offset in range(text.count("\n", start, end - 1) + 1)
    }


def eager_program(module: cst.Module, resolve: Resolve, line_of: LineOf) -> tuple[cst.Module, list[tuple[int, str]]]:
    """The eager TF2 form of a module-level Session program and what changed; raises Blocked. What a program read
    one level down (a class's, the guard's body, the live code beside the dead) keeps as written because it never
    runs is not passed up (``eager_rewrite``)."""
    migrated, changes, _ = _eager_rewrite(module, resolve, line_of)
    return migrated, changes


def eager_rewrite(
    module: cst.Module, resolve: Resolve, line_of: LineOf
) -> tuple[cst.Module, list[tuple[int, str]], list[str]]:
    """``eager_program``, and the text of each branch kept as written because it never runs (dead_code.py), for the
    rules after TFM201 to leave as written too (NEVER_RUN); a value the passes bound to a name of their own put
    back where it was read, once every body read at its call is back in its method."""
    migrated, changes, kept = _eager_rewrite(module, resolve, line_of)
    return session_method_results.resugar(migrated), changes, kept


def _eager_rewrite(
    module: cst.Module, resolve: Resolve, line_of: LineOf
) -> tuple[cst.Module, list[tuple[int, str]], list[str]]:
    try:
        return *_prepared(module, resolve, line_of), []
    except Blocked as blocked:
        for renamed in _renamings(module, resolve, line_of):
            # the fetched values and the later bindings of a name take free names from there on, tried only for a
            # program refused as written so that the programs proved without it keep their rewrite
            try:
                migrated, changes = _prepared(*renamed[:3])
            except Blocked as again:
                if blocked.renamed_away:  # the loop's name renamed, what stops the program next is the reason
                    blocked = again
                continue
            return migrated, sorted([*changes, *renamed[3]]), []
        late = late_definitions.read(module, resolve)
        if late is not None:  # ``def clone(...)`` below ``if __name__ == "__main__": train()``, read above it
            try:  # read so, the program's own reason stands
                migrated, changes, kept = _eager_rewrite(late[0], resolve, line_of)
            except Blocked as read_above:
                raise read_above from None
            return late_definitions.restore(migrated, late[1]), changes, kept
        reading = dead_code.read(module, resolve, line_of)
        if reading is None:
            raise blocked from None
        try:  # the code it never runs left out (dead_code.py): the live program's own reason stands
            migrated, changes = eager_program(reading.module, reading.resolve, reading.line_of)
        except Blocked as live:
            raise live from None
        for helper, node in reading.unrunnable:  # the live program is proved: a dead helper kept as written cannot run
            name = helper.name.value
            raise Blocked(dead_helpers.refusal(name, dead_helpers.callers(module, name)), line_of(node)) from None
        tf = tf_binding(module)
        assert tf is not None  # the program was read, so it binds tensorflow
        try:
            restored, kept = dead_code.restore(migrated, reading, tf)
        except Blocked as moved:
            raise (moved if moved.line else blocked) from None
        return restored, sorted([*changes, *reading.notes]), kept


def _renamings(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """Readings of the module with names it rebinds or slots it fills under names of their own, each adding to
    the last: ``W, b = sess.run([W, b])``'s fetched values, the later bindings of a straight-line name
    (later_rebinds.py), the keyed slots of a dict (keyed_dicts.py), a name a loop takes over (loop_rebinds.py), a
    call fed in a run bound on the line before (fed_values.py)."""
    plain = augmented.read(module, resolve, line_of)
    if plain is not None:  # ``l2_loss += tf.nn.l2_loss(W)`` as ``l2_loss = l2_loss + ...``: a later binding too
        module, resolve, line_of = plain[:3]
    fetched = fetched_rebinds.rename(module, resolve, line_of)
    if fetched is not None:
        yield fetched
        module, resolve, line_of = fetched[:3]
    notes = list(fetched[3]) if fetched is not None else []
    # last, a call in a feed dict bound on the line before (fed_values.py)
    for rename in (later_rebinds.rename, keyed_dicts.slots, loop_rebinds.rename, fed_values.hoist):
        done = rename(module, resolve, line_of)
        if done is not None:
            module, resolve, line_of = done[:3]
            notes.extend(done[3])
            yield (module, resolve, line_of, list(notes))


def _prepared(module: cst.Module, resolve: Resolve, line_of: LineOf) -> tuple[cst.Module, list[tuple[int, str]]]:
    """The module read as TF1 ran it before the proof: keyword runs as positional ones, and the passes that make
    a construct TF1 ran one way read as its plain form, each with the note it leaves in the report."""
    tf = tf_binding(module)
    if tf is None:
        raise Blocked("the module does not bind `tensorflow` itself (e.g. `import tensorflow as tf`)", 0)
    original = module
    keywords = run_keywords.positional(module, resolve, line_of)
    if keywords is not None:  # ``sess.run(fetches=init)`` read as ``sess.run(init)``
        module, resolve, line_of = keywords
    # ``init_val = lambda x, y: tf.truncated_normal(...)`` read as the one-expression helper it is
    module, resolve, line_of, lambdas = builder_lambdas.as_functions(module, resolve, line_of)
    notes: list[tuple[int, str]] = []
    for read in (
        joined_lines.split,  # ``a = tf.zeros(..); b = tf.ones(..)`` read one statement per line
        unread_scope_names.read,  # ``with tf.name_scope(name) as scope:`` nothing reads ``scope``: without it
        call_counters.read,  # ``name=self.get_kernel_name()`` counting the constructor's calls: each call's name
        dimension_values.read,  # ``tf.zeros((x.get_shape()[1].value, 3))``: ``int(x.get_shape()[1])``, as TF2 spells it
        scope_constants.read,  # ``tf.variable_scope(GENERATOR)`` of ``GENERATOR = 'generator'``: the literal
        initializer_classes.read,  # ``initializer=tf.truncated_normal_initializer``: the class called, as TF1 did
        optimizer_classes.read,  # ``optimizer = tf.train.AdamOptimizer`` then ``optimizer(lr)``: the class called
        augmented.read,  # ``out_layer += bias`` of a graph value read as ``out_layer = out_layer + bias``
        graph_identity_branches.read,  # ``if self.keep_prob is not None:`` over a placeholder: its taken branch
        keras_layers_in_sessions.read,  # ``K.set_session(sess)``, ``Dense(10)(x)``, ``with sess.as_default():``
        default_sessions.read,  # ``sess = tf.Session(...)`` + ``with sess.as_default():`` as ``with ... as sess:``
        step_functions.inline,  # ``train_step(x_batch, y_batch)`` running the Session: its body at the call
        global_steps.read,  # ``tf.train.global_step(sess, global_step)`` as ``int(sess.run(global_step))``
        reused_helper_variables.read_module_variables,  # a helper's reusing get_variable: the module's variable
        rnn_unrolled.fold,  # an RNN cell called in a loop over the time steps read as its static_rnn
        nested_functions.hoist,  # ``def weight_variable(shape):`` inside ``def inference(...)``, at module level
        nested_runs.fuse,  # ``tf.argmax(sess.run(y_hat, feed), 1).eval()`` read as one run
        inert_reuse.drop,  # variable-scope reuse that no tf.get_variable after it reads
        fed_rates.assign_fed,  # a placeholder learning rate as a variable assigned before each run
        feed_calls.hoist,  # ``sess.run(train, feed_dict=feed_dict(True))``: the feed dict bound the line before
        session_builds.hoist,  # ``sess.run(generator(z, reuse=True), ...)`` in a loop: built before the block
        loop_built_ops.hoist,  # ``accuracy = tf.reduce_mean(...)`` built anew at every 10th step: before the loop
        saver_calls.hoist,  # ``tf.train.Saver().save(sess, path)``: the Saver bound the line before
        indexed_gradients.name,  # ``g = tf.gradients(loss, w)[0]``: the list bound to a name, then indexed
        accumulator_lists.unroll,  # gradient accumulation's comprehensions over tf.trainable_variables(), written out
        op_lists.inline,  # ``train = [fixW, fixb]`` run by name: the literal list run
        listed_tensors.read,  # ``for t in ts: sess.run(t)`` over positions, ``sess.run([t for t in ts])`` as ``ts``
        schedules.desugar,  # tf.train.exponential_decay(..., global_step, ...) as its computation
        tensor_names.read,  # ``sess.run('cost:0', feed_dict={'tf_x:0': X})`` in a graph class: the named ops
        module_tensor_names.read,  # the same by the module body: the names bound to the named ops
        session_method_results.read,  # a Session method's ``return <expr>``, ``print(model.predict(X))``
    ):
        done = read(module, resolve, line_of)
        if done is not None:
            module, resolve, line_of, said = done
            notes.extend(said)
    migrated, changes = _eager_program(module, resolve, line_of, tf)
    migrated = builder_lambdas.resugar(migrated, lambdas)
    migrated = batch_norms.define(migrated, tf)  # before the optimizers: its class reads no optimizer
    return tf1_optimizers.define(original, migrated, tf), sorted([*changes, *notes])


def _class_program(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef
) -> tuple[cst.Module, list[tuple[int, str]]]:
    """The graph class's program, read through the shapes ``class_stages`` desugars and put back after; a class
    without a constructor the stages left building nothing (``def train(self)`` built and ran the whole graph, now
    read at its call) is a host class of the module program."""

    def run(flat: cst.Module, resolve: Resolve, line_of: LineOf, read: cst.ClassDef) -> tuple[cst.Module, list]:
        members = read.body.body if isinstance(read.body, cst.IndentedBlock) else ()
        constructor = any(isinstance(m, cst.FunctionDef) and m.name.value == "__init__" for m in members)
        if not constructor and classes.graph_class(flat, resolve, line_of) is None and not has_session(read, resolve):
            return eager_program(flat, resolve, line_of)
        return classes.ClassProgram(flat, resolve, line_of, read).run()

    return class_stages.prove(module, resolve, line_of, definition, run)


def _eager_pass(
    flat: cst.Module, resolve: Resolve, line_of: LineOf, tf: str
) -> tuple[cst.Module, list[tuple[int, str]]]:
    """A pass of a reset loop (graph_loops.py); a Session function it calls once with the instance
    (``train_model(model, 30)``) read where it is called when the pass is not proved as written. Where that reading
    is refused too, its reason is the one given: the first refusal is often only the call itself (the function's
    parameter holding the instance), which the reading at the call has removed."""
    try:
        return _eager_program(flat, resolve, line_of, tf)
    except Blocked:
        function = holder(flat, resolve)
        held = session_helpers.read_at_call(flat, resolve, line_of, function) if function is not None else None
        if held is None:
            raise
        migrated, changes = _eager_program(*held[:3], tf)
        return migrated, sorted([*changes, *held[3]])


def _eager_program(
    module: cst.Module, resolve: Resolve, line_of: LineOf, tf: str
) -> tuple[cst.Module, list[tuple[int, str]]]:
    temporaries = temporary_instances.desugar(module, resolve, line_of)
    if temporaries is not None:  # ``ModelManager().train()``: read as a bound instance used once
        flat, resolve_flat, line_of_flat, names = temporaries
        rewritten, said = _eager_program(flat, resolve_flat, line_of_flat, tf)
        return temporary_instances.resugar(rewritten, names), said
    passes = graph_loops.desugar(module, resolve, line_of)
    if passes is not None:  # ``for init in inits: tf.reset_default_graph(); model = Model(init); ...``: one pass
        flat, resolve_flat, line_of_flat, loop = passes
        rewritten, said = _eager_pass(flat, resolve_flat, line_of_flat, tf)
        reset = graph_loops.note(loop, line_of)  # the reset dropped, or the class resetting in its constructor
        return graph_loops.resugar(rewritten, module, loop, line_of(loop)), sorted([*said, reset])
    namespaces = namespace_classes.desugar(module, resolve, line_of)
    if namespaces is not None:  # ``class lenet: def inference(x, training): ...`` read as module functions
        flat, resolve_flat, line_of_flat, held = namespaces
        try:
            rewritten, said = _eager_program(flat, resolve_flat, line_of_flat, tf)
        except Blocked as blocked:  # its reason names ``lenet.inference`` as the program spells it
            raise Blocked(
                namespace_classes.spelled(held, blocked.construct), blocked.line, blocked.renamed_away
            ) from None
        said = [
            (line, dead_code.respelled(message, namespace_classes.spelled(held, message))) for line, message in said
        ]
        return namespace_classes.resugar(rewritten, held, line_of(held[0].definition)), said
    parts = function_parts.split(module, resolve, line_of)
    if parts is not None:  # ``def train(): model = VAE(); ...`` then ``def generate(): tf.reset_default_graph(); ...``
        return function_parts.join(parts, [_eager_program(*program, tf) for program in parts.programs], line_of)
    graphs = instance_graphs.prove(
        module, resolve, line_of, lambda part, look, lines: _eager_program(part, look, lines, tf)
    )
    if graphs is not None:  # ``rnn = CharRNN(...)`` trains and saves, ``rnn = CharRNN(sampling=True)`` restores
        return graphs
    copied = instance_copies.desugar(module, resolve, line_of)
    if copied is not None:  # ``h1 = HiddenLayer(x, 4, 3); h2 = HiddenLayer(h1.output, 3, 1)``: a copy each
        flat, resolve_flat, line_of_flat, copies = copied
        try:
            rewritten, said = _eager_program(flat, resolve_flat, line_of_flat, tf)
        except Blocked as blocked:
            raise Blocked(
                instance_copies.spelled(copies, blocked.construct), blocked.line, blocked.renamed_away
            ) from None
        merged = instance_copies.resugar(rewritten, copies, line_of(copies.definition))
        return merged, [
            (line, dead_code.respelled(message, instance_copies.spelled(copies, message))) for line, message in said
        ]
    definition = classes.graph_class(module, resolve, line_of)
    if definition is not None:  # ``class Model: def __init__(self, ...): self.X = tf.placeholder(...)``
        sub_models.refuse(module, resolve, line_of)  # ``for M2 in sizes: HiddenLayer(M1, M2)`` in a constructor
        outer = classes.holder_of(module, resolve, line_of, definition)  # a class holding it and the Session
        if outer is None:
            try:
                return _class_program(module, resolve, line_of, definition)
            except Blocked as blocked:  # ``train_linreg(sess, model, X, y)``: read where it is called
                given = instance_functions.read_at_calls(module, resolve, line_of, definition)
                if given is None:
                    raise
                try:
                    proved = _eager_program(*given[:3], tf)
                except Blocked as behind:
                    raise instance_functions.truer(behind, blocked, given[3]) from None
                return proved[0], sorted([*proved[1], *given[3]])
        read = class_session_methods.desugar(module, resolve, line_of, outer)
        if read is not None:  # ``def fit(self, X, Y): h = HiddenLayer(...); with tf.Session() ...``: at its call
            flat, resolve_flat, line_of_flat, _, fit = read
            rewritten, said = _eager_program(flat, resolve_flat, line_of_flat, tf)
            return class_session_methods.resugar(rewritten, outer.name.value, fit, line_of(outer)), said
        return _class_program(module, resolve, line_of, outer)  # its stages too: a ``def train(self)`` Session
    function = holder(module, resolve)
    if function is not None:  # ``def main(): ... with tf.Session() ...`` called once by the module
        module, resolve, line_of, function, cut = _function_cuts(module, resolve, line_of, tf, function)
        try:
            if cut.refused is not None:  # the trial's refusal of this very module, not proved again
                raise cut.refused
            done = cut.proved or FunctionBody(module, resolve, line_of, tf).run(function)
            return done[0], sorted([*done[1], *cut.notes])
        except Unrun:
            pass
        except Blocked as blocked:  # helpers it calls read at each call site (inlined_helpers.py)
            name = function.name.value

            def attempt(source: cst.Module, resolve: Resolve, line_of: LineOf) -> tuple[cst.Module, list]:
                inner = next(s for s in source.body if isinstance(s, cst.FunctionDef) and s.name.value == name)
                return FunctionBody(source, resolve, line_of, tf).run(inner)

            try:
                *_, result, inlined = inlined_helpers.prove_inlined(
                    module, resolve, line_of, blocked, attempt, holder=name
                )
            except Blocked as stopped:  # ``generate_data(feature_batch, label_batch)``: read at its call
                return _session_function_at_call(module, resolve, line_of, tf, function, stopped)
            migrated: cst.Module = result[0]  # type: ignore[index]
            changes: list[tuple[int, str]] = result[1]  # type: ignore[index]
            return migrated, sorted([*changes, *inlined])
    if main_guard.guarded_session(module, resolve) is not None:  # the program under ``if __name__ == "__main__":``
        return main_guard.migrate_unguarded(module, resolve, line_of, eager_program)
    functions = library.holders(module, resolve)
    if functions:  # ``def test1(): ...`` and ``def test2(): ...``, each with its own Session
        return library.rewrite(module, resolve, line_of, tf, functions)
    notes: list[tuple[int, str]] = []
    renamed = rebound_functions.rename(module, resolve, line_of)
    if renamed is not None:  # ``loss = loss(y, out)``: the function takes a free name, the value keeps ``loss``
        module, resolve, line_of, renames = renamed
        notes.extend(renames)
    indexed = summary_lists.split(module, resolve, line_of)
    if indexed is not None:  # ``result = sess.run([merged, loss])`` read as ``result[0]``, ``result[1]``
        module, resolve, line_of = indexed
    looped = summary_loops.unroll(module, resolve, line_of)
    if looped is not None:  # ``for v in [x, w, loss]: tf.summary.scalar(v.op.name, v)`` read one summary at a time
        module, resolve, line_of = looped
    queued = queues.desugar(module, resolve, line_of)
    if queued is None:  # a pipeline built by helpers, read where they are called (inlined_helpers.py)
        queued = _queue_helpers(module, resolve, line_of, notes)
    unseeded: frozenset[str] = frozenset()
    if queued is not None:  # a queue pipeline read as a tf.data one, its threads dropped
        module, resolve, line_of, pipeline = queued
        notes.extend(pipeline.notes)
        unseeded = pipeline.unseeded()
    helped = inlined_helpers.dataset_helpers(module, resolve, line_of) if queued is None else None
    if helped is not None:  # helpers that build or run tf.data iterators, read where they are called
        module, resolve, line_of, said = helped
        notes.extend(said)
    iterated = datasets.desugar(module, resolve, line_of, unseeded)
    if iterated is not None:
        module, resolve, line_of, iterators = iterated
        iterators.notes.extend(notes)
        module, resolve, line_of = unroll(module, resolve, line_of)
        try:
            return _whole(module, resolve, line_of, tf, iterators)
        except Blocked as blocked:
            raise datasets.renamed(blocked, iterators) from None
    decided = loop_branches.decide(module, resolve, line_of)
    if decided is not None:  # ``for i in range(3): if i == 2: ... else: ...`` written out pass by pass
        module, resolve, line_of = decided
    scoped = scope_objects.desugar(module, resolve, line_of)
    if scoped is not None:  # ``with a, tf.variable_scope(...)`` nested; ``tf.variable_scope(scope, reuse=True)``
        module, resolve, line_of = scoped
    module, resolve, line_of = unroll(module, resolve, line_of)
    cuts = resets(module, resolve)
    if cuts:
        try:
            return Sections(module, resolve, line_of, tf).run(cuts)
        except Blocked as blocked:
            try:  # a program proved whole, its resets run as they were, keeps that rewrite
                return _whole(module, resolve, line_of, tf, notes=notes)
            except Blocked:
                raise blocked from None
    return _whole(module, resolve, line_of, tf, notes=notes)


@dataclass
class _FunctionCuts:
    notes: list[tuple[int, str]]
    proved: tuple[cst.Module, list[tuple[int, str]]] | None  # the trial's rewrite of the module returned
    refused: Blocked | None = None  # or why the trial of the module returned failed (Unrun: not run at all)


def _function_cuts(module: cst.Module, resolve: Resolve, line_of: LineOf, tf: str, function: cst.FunctionDef):
    """The Session function's module with its fed computed tensors read as placeholders where fed (fed_cuts.py),
    the function in it, and what the trials proved of it (or why they could not)."""
    name = function.name.value
    tried: list[tuple[cst.Module, tuple[cst.Module, list[tuple[int, str]]] | Blocked]] = []

    def trial(source: cst.Module, resolve: Resolve, line_of: LineOf) -> None:
        tried.clear()
        inner = next(s for s in source.body if isinstance(s, cst.FunctionDef) and s.name.value == name)
        try:
            tried.append((source, FunctionBody(source, resolve, line_of, tf).run(inner)))
        except Unrun as unrun:
            tried.append((source, unrun))
            raise Blocked("the function is not run as a Session program", 0) from None
        except Blocked as refused:  # kept too: the module returned may be this one, not to be proved again
            tried.append((source, refused))
            raise

    module, resolve, line_of, notes = fed_cuts.cut_all(module, resolve, line_of, trial)
    function = next(s for s in module.body if isinstance(s, cst.FunctionDef) and s.name.value == name)
    known = tried[0][1] if tried and tried[0][0] is module else None
    if isinstance(known, Blocked):
        return module, resolve, line_of, function, _FunctionCuts(notes, None, known)
    return module, resolve, line_of, function, _FunctionCuts(notes, known)


def _session_function_at_call(
    module: cst.Module, resolve: Resolve, line_of: LineOf, tf: str, function: cst.FunctionDef, stopped: Blocked
) -> tuple[cst.Module, list[tuple[int, str]]]:
    """The Session function proved with its body at its one call (session_helpers.py); ``stopped``, why it could
    not be proved as a function, stands where it is not called that way. Where the program read so stops too, its
    own line is the truer reason (a seeded ``shuffle_batch`` rather than the function's first unmodelled line)."""
    held = session_helpers.read_at_call(module, resolve, line_of, function)
    if held is None:
        raise stopped
    try:
        migrated, changes = _eager_program(*held[:3], tf)
    except Blocked as behind:
        raise (behind if behind.line else stopped) from None
    return migrated, sorted([*changes, *held[3]])


def _queue_helpers(module: cst.Module, resolve: Resolve, line_of: LineOf, notes: list[tuple[int, str]]):
    inlined = inlined_helpers.queue_helpers(module, resolve, line_of)
    if inlined is None:
        return None
    queued = queues.desugar(*inlined[:3])  # a refusal names the pipeline's line: what stops the helpers' program
    if queued is not None:
        notes.extend(inlined[3])
    return queued


def _whole(
    module: cst.Module,
    resolve: Resolve,
    line_of: LineOf,
    tf: str,
    iterators: datasets.Desugar | None = None,
    notes: list[tuple[int, str]] | None = None,
) -> tuple[cst.Module, list[tuple[int, str]]]:
    module, resolve, line_of = rnn.hoist(module, resolve, line_of)
    module, resolve, line_of, listed = variable_comprehensions.unroll(module, resolve, line_of)
    module, resolve, line_of = variable_hoist.hoist(module, resolve, line_of)
    shared = variable_sharing.share(module, resolve, line_of)
    if shared is not None:  # reusing variable scopes read as the variables they return (variable_sharing.py)
        module, resolve, line_of, reused = shared
        notes = [*(notes or []), *reused]

    tried: list[tuple[cst.Module, tuple[Program, Plan] | Blocked]] = []

    def trial(source: cst.Module, resolve: Resolve, line_of: LineOf) -> None:
        tried.clear()
        try:
            tried.append((source, _proved(source, resolve, line_of, tf, iterators)))
        except Blocked as refused:  # kept too: the module returned may be this one, not to be proved again
            tried.append((source, refused))
            raise

    # a computed tensor fed, read as a placeholder in the runs that feed it (fed_cuts.py)
    module, resolve, line_of, cuts = fed_cuts.cut_all(module, resolve, line_of, trial)
    notes = [*(notes or []), *cuts]

    def prove(source: cst.Module, resolve: Resolve = resolve, line_of: LineOf = line_of) -> tuple[Program, Plan]:
        return _proved(source, resolve, line_of, tf, iterators)

    inlined_changes: list[tuple[int, str]] = []
    try:
        known = tried[0][1] if tried and tried[0][0] is module else None  # a trial proved (or refused) it
        if isinstance(known, Blocked):
            raise known
        program, plan = known if known is not None else prove(module)
    except Blocked as blocked:
        try:  # a helper called once, kept as written and read where it is called (called_once.py)
            program, plan = _called_once(module, resolve, line_of, blocked, prove)
        except Blocked:  # helpers read at each call site in the eager program too (inlined_helpers.py)
            module, resolve, line_of, proved, inlined_changes = inlined_helpers.prove_inlined(
                module, resolve, line_of, blocked, prove
            )
            program, plan = proved  # type: ignore[misc]
    if iterators is not None:
        datasets.check(iterators, program, plan.replace)
        plan.notes.extend(iterators.notes)
    plan.notes.extend(notes or [])
    rewrite = Rewrite(plan, tf)
    migrated = variable_comprehensions.resugar(module.visit(rewrite), listed)
    return migrated, sorted([*rewrite.changes, *inlined_changes])


def _proved(
    source: cst.Module, resolve: Resolve, line_of: LineOf, tf: str, iterators: datasets.Desugar | None
) -> tuple[Program, Plan]:
    program = Program(source, resolve, line_of)
    program.consumed = iterators.consumed if iterators is not None else set()
    proof = Proof(program)
    proof.tf = tf
    return program, proof.run()


def _called_once(
    module: cst.Module, resolve: Resolve, line_of: LineOf, blocked: Blocked, prove
) -> tuple[Program, Plan]:
    inlined, found = called_once.inline(module, module, resolve, line_of, blocked)
    if not found:
        raise blocked
    try:
        program, plan = prove(inlined)
    except Blocked:  # not the helper alone: its own line stands
        raise blocked from None
    called_once.check(plan, found)
    return program, plan
