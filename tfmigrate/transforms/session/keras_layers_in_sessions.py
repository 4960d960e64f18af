"""Keras used as a layer library inside a Session program (the Keras blog's "Keras as a simplified interface to
TensorFlow" and its tutorials): ``K.set_session(sess)``, ``h = Dense(128, activation='relu')(x)`` on a placeholder,
``loss = tf.reduce_mean(categorical_crossentropy(labels, preds))``, a TF optimizer, and ``with sess.as_default():
train_step.run(feed_dict=...)``, read before the proof as the plain TF1 program it ran.

- ``set_session(sess)`` registers the Session with the Keras backend; it builds no op: dropped.
- ``K.get_session()`` after the one ``set_session(sess)`` is ``sess`` (the registered Session, or the default one,
  which ``as_default`` makes the same): read as the name. (Keras 2's also initialized its uninitialized variables;
  the eager layer's are initialized when built.)
- ``with sess.as_default():`` makes ``sess`` the Session that ``op.run(feed_dict=F)`` and ``t.eval(feed_dict=F)``
  run in: its block, read as ``sess.run(op, F)``, for a Session bound once at module level.
- ``Dense(...)(x)`` of Keras 2 (TF1's tf.keras) is the layer tf.layers.dense subclasses: the same arguments in the
  same order after the inputs, the same variables (``dense/kernel``, named in order at the root) and TF1's
  glorot_uniform kernel, read as ``tf.layers.dense(x, ...)`` (session/layers.py builds the Keras 3 layer once).
- ``Dropout(rate)(x)`` where the program never reads ``learning_phase()``: Keras 2's learning phase defaulted to 0,
  so it never dropped: ``tf.layers.dropout(x, rate)`` without ``training`` (an identity).
- ``K.learning_phase(): 1`` in a feed dict of a program without a Dropout: only Dropout (of the layers read here)
  reads the phase, so the entry feeds nothing that is computed: dropped. With Dropouts (module-level lines), the
  phase is what Keras 2 made it, ``keras_learning_phase = tf.placeholder_with_default(False, shape=())``, built
  before the first, fed where the program fed it and given to each as ``tf.layers.dropout(..., training=...)``.
- ``categorical_crossentropy(y, p)`` (probabilities) and ``categorical_accuracy(y, p)``: Keras 2's computations,
  written out in TF ops (its epsilon 1e-7; the Keras layer's output is never read as logits).

Only in an unseeded program (a seeded Keras draw is not counted) whose Keras calls are all of these forms; the
program is left as written otherwise, and the proof names the call it does not model.
"""

from __future__ import annotations

from collections import Counter

import libcst as cst

from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.renames import lone_assignment
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

NOTE = "Keras 2 layers on a placeholder read as the tf.layers they are (Keras 3 layers built once)"
SET_SESSION = frozenset({"keras.backend.set_session", "compat.v1.keras.backend.set_session"})
SESSIONS = frozenset({"Session", "compat.v1.Session"})
LAYERS = {"keras.layers.Dense": "layers.dense", "keras.layers.Dropout": "layers.dropout"}
CROSSENTROPY = frozenset({"keras.losses.categorical_crossentropy", "keras.metrics.categorical_crossentropy"})
PHASE = "keras.backend.learning_phase"
GET_SESSION = "keras.backend.get_session"
PHASE_NAME = "keras_learning_phase"  # Keras 2's own name for its phase placeholder
ACCURACY = frozenset({"keras.metrics.categorical_accuracy"})
SEEDS = frozenset(
    {"set_random_seed", "compat.v1.set_random_seed", "random.set_seed", "compat.v1.random.set_random_seed"}
)
# Keras 2 layer keywords tf.layers.dense/dropout do not take (``input_shape``, ``input_dim``): not read
DENSE_KEYWORDS = frozenset(
    {
        "units",
        "activation",
        "use_bias",
        "kernel_initializer",
        "bias_initializer",
        "kernel_constraint",
        "bias_constraint",
    }
)
DROPOUT_KEYWORDS = frozenset({"rate"})


def _path(resolve: Resolve, node: cst.CSTNode) -> str:
    return (resolve(node) or "").removeprefix("compat.v1.")


def _sessions(module: cst.Module, resolve: Resolve) -> set[str]:
    """Names bound once, at module level, to ``tf.Session(...)``, and nowhere else."""
    bound: dict[str, int] = {}
    for node in descendants(module):
        if isinstance(node, cst.AssignTarget) and isinstance(node.target, cst.Name):
            bound[node.target.value] = bound.get(node.target.value, 0) + 1
    found = set()
    for statement in module.body:
        assign = lone_assignment(statement)
        if assign is None or not isinstance(assign.value, cst.Call):
            continue
        target = assign.targets[0].target
        if isinstance(target, cst.Name) and (resolve(assign.value.func) or "") in SESSIONS:
            found.add(target.value)
    return {name for name in found if bound.get(name) == 1}


def _layer(call: cst.Call, resolve: Resolve) -> str | None:
    """``Dense(...)(x)``: the tf.layers path it reads as, where its arguments map."""
    inner = call.func
    if not (isinstance(inner, cst.Call) and len(call.args) == 1 and call.args[0].keyword is None):
        return None
    if call.args[0].star or any(a.star for a in inner.args):
        return None
    made = LAYERS.get(resolve(inner.func) or "")
    if made is None:
        return None
    if made == "layers.dropout" and sum(1 for a in inner.args if a.keyword is None) > 1:
        return None  # a noise shape or seed: not read
    allowed = DENSE_KEYWORDS if made == "layers.dense" else DROPOUT_KEYWORDS
    if any(a.keyword is not None and a.keyword.value not in allowed | {"name"} for a in inner.args):
        return None
    return made


def _pair(call: cst.Call) -> bool:
    return len(call.args) == 2 and all(a.keyword is None and not a.star for a in call.args)


def _unmodelled(
    module: cst.Module, resolve: Resolve, calls: list[cst.Call], paths: dict[int, str]
) -> tuple[str, cst.CSTNode | None] | None:
    """Why the module's Keras use is not read here, and the node that shows it (None: it is, or there is none)."""
    kerases = [c for c in calls if paths[id(c)].startswith("keras.")]
    if kerases and any(paths[id(c)] in SEEDS for c in calls):
        seed = next(c for c in calls if paths[id(c)] in SEEDS)
        return "the program sets a graph seed (the Keras 2 layers' seeded draws are not matched)", seed
    phases = {id(c) for c in calls if paths[id(c)] == PHASE}
    keyed = {id(e.key) for e in descendants(module) if isinstance(e, cst.DictElement)}
    if phases - keyed:
        return "K.learning_phase() is read other than as a feed_dict key", None
    dropout = next((c for c in calls if phases and paths[id(c)] == "keras.layers.Dropout"), None)
    if dropout is not None and (_first_dropout(module, resolve) is None or PHASE_NAME in _names(module)):
        return (
            "K.learning_phase() is fed to a Keras Dropout that is not a module-level statement's (its training "
            "flag from the fed phase is not modelled there)",
            dropout,
        )
    layered = {i for c in calls if _layer(c, resolve) is not None for i in (id(c), id(c.func))}
    registered = _registered(module, resolve, calls, paths)
    for call in kerases:
        path = paths[id(call)]
        if registered is not None and (path == GET_SESSION or path.startswith(GET_SESSION + ".")):
            continue  # the registered Session (read as its name)
        if id(call) in layered or (path in CROSSENTROPY | ACCURACY and _pair(call)) or id(call) in phases:
            continue
        if not (path == "keras.backend.set_session" and len(call.args) == 1):
            return f"tf.{path} (Keras 2 used on TF1 graph tensors) is not modelled here", call
    return None


def _names(module: cst.Module) -> set[str]:
    return {n.value for n in descendants(module) if isinstance(n, cst.Name)}


def _first_dropout(module: cst.Module, resolve: Resolve) -> cst.SimpleStatementLine | None:
    """The module-level line of the first Keras Dropout; None where one stands in no module-level line."""
    lines = [
        s
        for s in module.body
        if any(isinstance(c, cst.Call) and _layer(c, resolve) == "layers.dropout" for c in descendants(s))
    ]
    count = sum(1 for c in descendants(module) if isinstance(c, cst.Call) and _layer(c, resolve) == "layers.dropout")
    found = sum(
        1 for s in lines for c in descendants(s) if isinstance(c, cst.Call) and _layer(c, resolve) == "layers.dropout"
    )
    return lines[0] if lines and found == count and isinstance(lines[0], cst.SimpleStatementLine) else None


def _registered(module: cst.Module, resolve: Resolve, calls: list[cst.Call], paths: dict[int, str]) -> str | None:
    """The Session name of the program's one ``set_session(sess)``, what ``K.get_session()`` returns after it (the
    default Session under ``sess.as_default()`` is that one too)."""
    given = [c for c in calls if paths[id(c)] == "keras.backend.set_session"]
    if len(given) != 1 or len(given[0].args) != 1 or not isinstance(given[0].args[0].value, cst.Name):
        return None
    name = given[0].args[0].value.value
    return name if name in _sessions(module, resolve) else None


def refusal(module: cst.Module, resolve: Resolve) -> tuple[str, cst.CSTNode | None]:
    """The proof's reason at a ``set_session(sess)`` it meets (this reading did not drop it): the Keras construct
    behind it, not an op (set_session registers the Session with Keras and builds none)."""
    calls = [c for c in descendants(module) if isinstance(c, cst.Call)]
    why, node = _unmodelled(module, resolve, calls, {id(c): _path(resolve, c.func) for c in calls}) or ("", None)
    said = "tf.keras.backend.set_session registers the Session with Keras (no op), but "
    return said + (why or "the program around it is not read as its TF1 graph"), node


def read(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module read as the TF1 program it ran, and a note; None where it uses Keras in no such way."""
    calls = [c for c in descendants(module) if isinstance(c, cst.Call)]
    paths = {id(c): _path(resolve, c.func) for c in calls}
    if not any(p.startswith("keras.") for p in paths.values()) or _unmodelled(module, resolve, calls, paths):
        return None
    layered = {i for c in calls if _layer(c, resolve) is not None for i in (id(c), id(c.func))}
    rewrite = _Read(
        module, resolve, line_of, _sessions(module, resolve), _unused_imports(module, calls, layered, paths)
    )
    if PHASE in paths.values():
        rewrite.phase = _first_dropout(module, resolve)
    rewrite.registered = _registered(module, resolve, calls, paths)
    applied = rewrite.applied()
    return *applied, [(line, NOTE) for line in sorted(set(rewrite.lines))[:1]]


class _Read(TracedRewrite):
    def __init__(self, module, resolve, line_of, sessions: set[str], unused: set[int]) -> None:
        super().__init__(module, resolve, line_of)
        self.sessions = sessions
        self.unused = unused  # the Keras import aliases only the calls read here named
        self.default: list[str] = []  # the Session of the enclosing ``with sess.as_default():`` blocks
        self.lines: list[int] = []
        self.phase: cst.SimpleStatementLine | None = None  # the line a fed phase's placeholder is built before
        self.registered: str | None = None  # the Session ``set_session`` registered: ``K.get_session()``

    def _default_of(self, node: cst.With) -> str | None:
        if len(node.items) != 1 or node.items[0].asname is not None or node.asynchronous is not None:
            return None
        item = node.items[0].item
        if not (isinstance(item, cst.Call) and not item.args and isinstance(item.func, cst.Attribute)):
            return None
        owner = item.func.value
        if item.func.attr.value != "as_default" or not isinstance(owner, cst.Name):
            return None
        return owner.value if owner.value in self.sessions else None

    def visit_With(self, node: cst.With) -> bool:
        session = self._default_of(node)
        if session is not None:
            self.default.append(session)
        return True

    def leave_With(self, original_node: cst.With, updated_node: cst.With):
        if self._default_of(original_node) is None or not isinstance(updated_node.body, cst.IndentedBlock):
            return updated_node
        self.default.pop()
        return cst.FlattenSentinel(updated_node.body.body)

    def _imported(self, original_node, updated_node):
        names = updated_node.names
        if isinstance(names, cst.ImportStar):
            return updated_node
        kept = [a for a, o in zip(names, original_node.names) if id(o) not in self.unused]
        if not kept:
            return cst.RemovalSentinel.REMOVE
        if len(kept) == len(names):
            return updated_node
        return updated_node.with_changes(names=[*kept[:-1], kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)])

    def leave_Import(self, original_node: cst.Import, updated_node: cst.Import):
        return self._imported(original_node, updated_node)

    def leave_ImportFrom(self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom):
        return self._imported(original_node, updated_node)

    def leave_SimpleStatementLine(self, original_node, updated_node):
        if self.phase is not None and original_node is self.phase:
            made = cst.parse_statement(f"{PHASE_NAME} = tf.placeholder_with_default(False, shape=())")
            assert isinstance(made, cst.SimpleStatementLine)
            call = made.body[0].value  # type: ignore[attr-defined]
            self.forced[id(call.func)] = "placeholder_with_default"
            return cst.FlattenSentinel([self.traced(made, self.phase), updated_node])
        return cst.RemovalSentinel.REMOVE if not updated_node.body else updated_node

    def leave_DictElement(self, original_node: cst.DictElement, updated_node: cst.DictElement):
        key = original_node.key
        if isinstance(key, cst.Call) and _path(self.resolver, key.func) == PHASE:
            if self.phase is not None:
                return updated_node.with_changes(key=self.traced(cst.Name(PHASE_NAME), original_node))
            return cst.RemovalSentinel.REMOVE
        return updated_node

    def leave_Expr(self, original_node: cst.Expr, updated_node: cst.Expr):
        value = original_node.value
        if isinstance(value, cst.Call) and self.resolver(value.func) in SET_SESSION:
            return cst.RemovalSentinel.REMOVE
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        made = _layer(original_node, self.resolver)
        if made is not None:
            return self._layer(original_node, updated_node, made)
        path = _path(self.resolver, original_node.func)
        if path == GET_SESSION and self.registered is not None and not original_node.args:
            return self.traced(cst.Name(self.registered), original_node)
        if path in CROSSENTROPY and _pair(original_node):
            return self._crossentropy(original_node, updated_node)
        if path in ACCURACY and _pair(original_node):
            return self._accuracy(original_node, updated_node)
        return self._default_run(original_node, updated_node)

    def _tf(self, path: str, original: cst.CSTNode) -> cst.Attribute:
        func = cst.parse_expression(f"tf.{path}")
        assert isinstance(func, cst.Attribute)
        self.forced[id(func)] = path
        return self.traced(func, original)

    def _layer(self, original: cst.Call, updated: cst.Call, made: str) -> cst.Call:
        inner = updated.func
        assert isinstance(inner, cst.Call)
        self.lines.append(self.line_of(original))
        args = [updated.args[0].with_changes(comma=cst.MaybeSentinel.DEFAULT), *inner.args]
        if made == "layers.dropout" and self.phase is not None:  # Keras 2 read the fed phase as its training flag
            args.append(cst.Arg(self.traced(cst.Name(PHASE_NAME), original), keyword=cst.Name("training")))
        return self.traced(cst.Call(self._tf(made, original), args), original)

    def _crossentropy(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        """Keras 2's ``categorical_crossentropy(target, output)`` of probabilities: the output scaled to sum to 1,
        clipped to [1e-7, 1 - 1e-7], ``-sum(target * log(output), -1)``."""
        target, output = (a.value for a in updated.args)
        scaled = cst.BinaryOperation(
            output,
            cst.Divide(),
            cst.Call(self._tf("reduce_sum", original), [cst.Arg(output), cst.Arg(cst.parse_expression("-1")), _keep()]),
        )
        clipped = cst.Call(
            self._tf("clip_by_value", original),
            [cst.Arg(scaled), cst.Arg(cst.Float("1e-07")), cst.Arg(cst.parse_expression("1.0 - 1e-07"))],
        )
        logged = cst.Call(self._tf("log", original), [cst.Arg(clipped)])
        product = cst.BinaryOperation(target, cst.Multiply(), logged)
        summed = cst.Call(self._tf("reduce_sum", original), [cst.Arg(product), cst.Arg(cst.parse_expression("-1"))])
        return self.traced(cst.UnaryOperation(cst.Minus(), summed), original)

    def _accuracy(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        """Keras 2's ``categorical_accuracy``: 1.0 where the arg-maxes agree, as float32 (its floatx)."""
        target, output = (a.value for a in updated.args)
        ones = [
            cst.Call(self._tf("argmax", original), [cst.Arg(v), cst.Arg(cst.parse_expression("-1"))])
            for v in (target, output)
        ]
        equal = cst.Call(self._tf("equal", original), [cst.Arg(ones[0]), cst.Arg(ones[1])])
        dtype = cst.parse_expression("tf.float32")
        self.forced[id(dtype)] = "float32"
        self.traced(dtype, original)
        return self.traced(cst.Call(self._tf("cast", original), [cst.Arg(equal), cst.Arg(dtype)]), original)

    def _default_run(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        """``op.run(feed_dict=F)`` / ``t.eval(feed_dict=F)`` in a ``with sess.as_default():`` block."""
        func = original.func
        if not self.default or not isinstance(func, cst.Attribute) or not isinstance(func.value, cst.Name):
            return updated
        if func.attr.value not in ("run", "eval") or func.value.value in self.sessions:
            return updated
        args = original.args
        if len(args) > 1 or any(a.star for a in args):
            return updated
        if args and (args[0].keyword is not None and args[0].keyword.value != "feed_dict"):
            return updated
        run = cst.Attribute(cst.Name(self.default[-1]), cst.Name("run"))
        given = [cst.Arg(a.value) for a in updated.args]
        return self.traced(cst.Call(run, [cst.Arg(func.value), *given]), original)


def _unused_imports(module: cst.Module, calls: list[cst.Call], layered: set[int], paths: dict[int, str]) -> set[int]:
    """The import aliases (``from tensorflow.keras.layers import Dense``) whose names only the Keras calls read here
    load: the eager program has no use for them (``tensorflow.compat.v1.keras`` does not import on TF 2.21)."""
    read = [
        c.func
        for c in calls
        if id(c.func) in layered or paths[id(c)] in CROSSENTROPY | ACCURACY | SET_SESSION | {PHASE, GET_SESSION}
    ]
    inside = Counter(n.value for func in read for n in descendants(func) if isinstance(n, cst.Name))
    code = cst.Module([]).code_for_node
    imports = [i for i in descendants(module) if isinstance(i, (cst.Import, cst.ImportFrom))]
    aliases = [a for i in imports for a in descendants(i) if isinstance(a, cst.ImportAlias)]
    kerases = {
        id(a)
        for i in imports
        if not isinstance(i.names, cst.ImportStar)
        for a in i.names
        if "keras" in code(a.name) or (isinstance(i, cst.ImportFrom) and i.module and "keras" in code(i.module))
    }
    skipped = {id(n) for a in aliases for n in descendants(a)}
    loads = Counter(n.value for n in descendants(module) if isinstance(n, cst.Name) and id(n) not in skipped)
    unused = set()
    for alias in aliases:
        bound = alias.asname.name if alias.asname is not None else alias.name
        if not isinstance(bound, cst.Name) or id(alias) not in kerases:
            continue
        if loads[bound.value] and loads[bound.value] == inside[bound.value]:
            unused.add(id(alias))
    return unused


def _keep() -> cst.Arg:
    return cst.Arg(cst.Name("True"), keyword=cst.Name("keepdims"))
