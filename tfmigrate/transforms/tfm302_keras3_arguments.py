"""TFM302: keyword arguments Keras 3 renamed or removed (optimizer lr/decay, Keras 1 input/output/nb_epoch)."""

from __future__ import annotations

import re
from typing import cast

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor

from tfmigrate.cstfields import code as module_code
from tfmigrate.cstfields import nodes
from tfmigrate.facts import Facts
from tfmigrate.transforms import _keras3 as k3
from tfmigrate.transforms._arglayout import drop_args
from tfmigrate.transforms._tf1 import dotted

KERNEL_WORDS = ("nb_row", "nb_col", "kernel_dim1", "kernel_dim2", "kernel_dim3")
# Keyword names only Keras 1 code passes: their presence anywhere in a file marks it as Keras 1 code.
KERAS1_WORDS = (
    "nb_epoch",
    "border_mode",
    "subsample",
    "init",
    "W_regularizer",
    "b_regularizer",
    "dim_ordering",
    "nb_filter",
    "output_dim",
    "inner_init",
    "dropout_W",
    "dropout_U",
    "nb_row",
    "nb_col",
    "samples_per_epoch",
)
PARALLELISM = ("workers", "use_multiprocessing", "max_queue_size")
DISTINCTIVE = (
    *PARALLELISM,
    "save_format",
    "by_name",
    "reset_metrics",
    "pss_evaluation_shards",
    "time_major",
    "robust_masking",
    "softmax_robust_masking",
    "sparse",
)
METHOD_ARGUMENT_NOTES = {
    "workers": "pass it to the keras.utils.PyDataset the data comes from",
    "use_multiprocessing": "pass it to the keras.utils.PyDataset the data comes from",
    "max_queue_size": "pass it to the keras.utils.PyDataset the data comes from",
    "save_format": "Keras 3 picks the format from the file name (.keras, or .h5 for HDF5); use "
    "model.export(dir) for a TF SavedModel",
    "by_name": "Keras 3 loads weights by layer order; for a partial load use skip_mismatch=True or "
    "layer.set_weights(other_model.get_layer(name).get_weights())",
    "reset_metrics": "Keras 3 keeps metrics across train_on_batch/test_on_batch calls; call "
    "model.reset_metrics() yourself where Keras 2 reset them (the default was reset_metrics=True)",
    "options": "Keras 3 save/load take no tf.train.CheckpointOptions; drop it",
}
WANTS = re.compile(
    r"\b(?:lr|decay|input|output|nb_epoch|nb_words|p|bias|stride|atrous_rate|pool_length|filter_length|"
    r"subsample_length|beta_init|gamma_init|U_regularizer|W_constraint|U_constraint|b_constraint|kernel_dim1|"
    + "|".join(KERAS1_WORDS)
    + "|"
    + "|".join(DISTINCTIVE)
    + r")\s*=|optimizer\.lr\b|Convolution|optimizers\.(?:sgd|rmsprop|adagrad|adadelta|adam|adamax|nadam)\b"
    r"|[Aa]dadelta|[Aa]dagrad|[Aa]damax|[Nn]adam"
)
STANDALONE_IMPORT = re.compile(r"^\s*(?:from\s+keras\b|import\s+keras\b)", re.M)
_EQUAL = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
_COMMA = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


def _literal(node: cst.BaseExpression) -> tuple[bool, object]:
    """(True, value) for a literal True/False/None, number or string; (False, None) otherwise."""
    if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
        return True, {"True": True, "False": False, "None": None}[node.value]
    if isinstance(node, (cst.Integer, cst.Float, cst.SimpleString)):
        return True, node.evaluated_value
    return False, None


def _plain(node: cst.BaseExpression) -> bool:
    """A number, a name or arithmetic on them: moving it into a schedule's arguments cannot change what it means."""
    if isinstance(node, (cst.Integer, cst.Float, cst.Name)):
        return True
    if isinstance(node, cst.Attribute):
        return dotted(node) is not None
    if isinstance(node, cst.UnaryOperation):
        return _plain(node.expression)
    if isinstance(node, cst.BinaryOperation):
        return _plain(node.left) and _plain(node.right)
    return False


def _tuple(values: list[cst.BaseExpression]) -> cst.Tuple:
    elements = [
        cst.Element(v, comma=_COMMA if i < len(values) - 1 else cst.MaybeSentinel.DEFAULT) for i, v in enumerate(values)
    ]
    return cst.Tuple(elements)


def _needed_for(qualified: str, keywords: frozenset[str]) -> bool:
    """Whether a call of ``qualified`` with some of these keyword names could be rewritten or reported: the
    tables ``_layer_name``, ``_optimizer`` and ``_rules_for`` read, looked up the same way."""
    found = k3.keras_root(qualified) or (
        ("tf_keras", qualified[len("tf_keras.") :]) if qualified.startswith("tf_keras.") else None
    )
    if not found:
        return False
    table = k3.table()
    root, rel = found
    name = qualified.rsplit(".", 1)[-1]
    if k3.is_keras_layer(qualified):
        spec = table["keras1_layer_arguments"]["layers"]
        removed, ignored = table["layer_arguments_removed"], table["keras1_ignored_layer_arguments"]
        if name in spec or name in removed or name in ignored:
            if "Convolution" in name:  # Convolution2D(32, 3, 3): Keras 1's kernel size, positional
                return True
            if keywords & {*spec.get(name, ()), *removed.get(name, ()), *ignored.get(name, ()), *KERNEL_WORDS}:
                return True
    if rel.startswith("optimizers."):
        aliases = table["optimizer_aliases"]
        if (
            root == "keras"
            and rel.count(".") == 1
            and (name in aliases or aliases.get(name, name) in table["changed_default_learning_rates"])
        ):
            return True  # keras.optimizers.rmsprop -> RMSprop; Adadelta() without a rate
        entry = table["optimizers"].get(aliases.get(name, name) if root == "keras" else name)
        if entry and keywords & {*entry["renamed"], *entry["removed"]}:
            return True
    if k3.model_constructor(qualified) == "Model" and keywords.intersection(table["keras1_arguments"]["Model"]):
        return True
    return rel in table["keras1_arguments"] and bool(keywords.intersection(table["keras1_arguments"][rel]))


LR_ATTRS = ("lr", "learning_rate")
LR_CALLBACKS = ("ReduceLROnPlateau", "LearningRateScheduler")


class _LearningRateSetters(cst.CSTVisitor):
    """Code that sets an optimizer's learning rate: Keras 3 refuses that on an optimizer built with a schedule
    ("learning rate is not settable"), so ``decay=`` cannot become ``InverseTimeDecay`` in such a module."""

    def __init__(self) -> None:
        self.found: str | None = None

    def _note(self, what: str) -> None:
        self.found = self.found or what

    def visit_Name(self, node: cst.Name) -> None:
        if node.value in LR_CALLBACKS:
            self._note(node.value)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if node.attr.value in LR_CALLBACKS:
            self._note(node.attr.value)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
        if name == "set_value" and node.args and _lr_attribute(node.args[0].value):
            self._note("set_value(optimizer.lr, ...)")
        if name == "assign" and isinstance(func, cst.Attribute) and _lr_attribute(func.value):
            self._note("optimizer.learning_rate.assign(...)")

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        if _lr_attribute(node.target):
            self._note("optimizer.learning_rate = ...")

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if _lr_attribute(node.target):
            self._note("optimizer.learning_rate = ...")


def _lr_attribute(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Attribute) and node.attr.value in LR_ATTRS


def _keywords(module: cst.Module) -> set[str]:
    """Every keyword argument's name in the module, read from the nodes' fields (a set: no order to keep), not by
    a libcst visit, which rebuilds every node of the module."""
    return {node.keyword.value for node in nodes(module) if isinstance(node, cst.Arg) and node.keyword is not None}


class KerasArguments(k3.ScopedRule):
    """Rename keyword arguments that Keras 3 no longer accepts under their old names.

    What it does:
        ``SGD(lr=0.1)`` -> ``SGD(learning_rate=0.1)`` for every optimizer whose Keras 2 ``lr`` was an alias of
        ``learning_rate``; ``Model(input=a, output=b)`` -> ``Model(inputs=a, outputs=b)``;
        ``model.optimizer.lr`` -> ``model.optimizer.learning_rate``; ``imdb/reuters.load_data(nb_words=)`` ->
        ``num_words=`` (Keras 3's imdb silently ignores the old name and loads every word);
        ``model.fit(x, y, nb_epoch=3)`` -> ``model.fit(x, y, epochs=3)`` when ``model`` is a Sequential/Model
        built in the same file (otherwise a follow-up). ``SGD(lr=l, decay=d)`` -> ``SGD(learning_rate=
        keras.optimizers.schedules.InverseTimeDecay(l, decay_steps=1, decay_rate=d))``, Keras 2's exact
        ``lr / (1 + decay * iterations)`` (reported when the rate is missing or not a plain expression);
        ``keras.optimizers.rmsprop(...)`` (Keras 2.0-2.2's lowercase aliases) -> ``keras.optimizers.RMSprop(...)``;
        Keras 1 ``Embedding(..., dropout=p)`` loses the argument Keras 2 ignored (a follow-up suggests
        ``SpatialDropout1D(p)``); ``Adadelta()``/``optimizer="adadelta"`` (and Adagrad/Adamax/Nadam) without a
        rate in standalone-keras files get a follow-up, since their Keras 2.0-2.3 default learning rate was
        higher. ``workers``/``use_multiprocessing``/``max_queue_size`` of
        ``fit``/``evaluate``/``predict`` on such a model are dropped (they never changed results); other Model
        method arguments Keras 3 lacks (``save_format``, ``by_name``, ``reset_metrics``) are reported.

    Why:
        Keras 3 raises ``ValueError: Argument(s) not recognized: {'lr': 0.1}`` and ``TypeError`` for the
        Keras 1 names, and silently ignores ``decay=`` (only a warning). The renames are generated by calling
        the real tf-keras and keras 3 optimizers and reading the real signatures (``tools/gen_keras3_map.py``).

    Example:
        opt = keras.optimizers.Adam(lr=0.001)

    Use instead:
        opt = keras.optimizers.Adam(learning_rate=0.001)
    """

    CODE = "TFM302"
    NAME = "keras3-arguments"
    SUMMARY = "Renamed/removed Keras arguments: lr=, decay= -> InverseTimeDecay, optimizers.rmsprop, Model(input=)"
    SAFE = True
    PRIORITY = 40
    TRIGGERS = (
        "lr",
        "decay",
        "input",
        "output",
        "nb_epoch",
        *KERAS1_WORDS,
        "Conv",
        "Dropout",
        "p=",
        "optimizers",
        "dadelta",
        "dagrad",
        "damax",
        "adam",
        "nb_words",
    )
    BEFORE = "import keras\nopt = keras.optimizers.Adam(lr=0.001)\n"
    AFTER = "import keras\nopt = keras.optimizers.Adam(learning_rate=0.001)\n"

    @classmethod
    def wants(cls, source: str) -> bool:
        return "keras" in source and WANTS.search(source) is not None

    @classmethod
    def needs(cls, facts: Facts) -> bool:
        """A keyword Keras 3 renamed or dropped passed where the rule looks (Keras layers, optimizers, Model,
        datasets, model methods), ``.optimizer.lr``, a lowercase optimizer alias or a rate-less Adadelta & co."""
        table = k3.table()
        keywords, attrs = facts.keywords, facts.attrs
        if "lr" in attrs and "optimizer" in attrs:  # model.optimizer.lr
            return True
        if any(
            (method, keyword) in facts.method_keywords
            for method, gone in table["model_method_arguments"].items()
            for keyword in gone
        ):
            return True  # model.save(save_format=...): the method and the keyword in one call
        if "nb_epoch" in keywords and ("fit" in attrs or "fit_generator" in attrs):
            return True
        aliases, changed = table["optimizer_aliases"], table["changed_default_learning_rates"]
        if any(aliases.get(text.lower()) in changed for text in facts.compiled):
            return True  # compile(optimizer="adadelta"): Keras 2.0-2.3's default rate
        return any(_needed_for(name, keywords) for name in k3.named(facts))

    def visit_Module(self, node: cst.Module) -> None:
        self.facts = k3.collect_facts(node, self.qualified_names, self._scope_of)
        keras1 = set(KERAS1_WORDS)
        keywords = _keywords(node)
        self.keras1_file = bool(keywords & keras1)
        setters = _LearningRateSetters()
        if "decay" in keywords:
            node.visit(setters)
        self.sets_learning_rate = setters.found
        self.decay_kept: set[cst.Call] = set()
        self.standalone_keras = STANDALONE_IMPORT.search(module_code(node)) is not None

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        layer = self._layer_name(original_node)
        if layer is not None:
            return self._layer_call(original_node, updated_node, layer)
        dropped = self._method_arguments(original_node, updated_node)
        if dropped is not None:
            updated_node = dropped
        self._default_learning_rate(original_node)
        updated_node = self._alias(original_node, updated_node)
        renames, removed, where = self._rules_for(original_node)
        if "decay" in removed:
            updated_node = self._decay(original_node, updated_node, where)
        if not renames and not removed:
            return updated_node
        args = list(updated_node.args)
        present = {a.keyword.value for a in args if a.keyword is not None}
        changed = False
        for index, arg in enumerate(args):
            if arg.keyword is None:
                continue
            old = arg.keyword.value
            if old in removed:
                if old == "decay" and original_node in self.decay_kept:
                    self.follow_up(
                        original_node,
                        f"{where}(decay=...) is ignored by Keras 3 (a warning only), so the "
                        "rate no longer decays; a learning_rate=InverseTimeDecay(...) schedule would be "
                        f"Keras 2's lr / (1 + decay * iterations), but this file sets the rate "
                        f"({self.sets_learning_rate}), which Keras 3 refuses on an optimizer built with a "
                        "schedule; decide which to keep",
                    )
                    continue
                self.follow_up(original_node, f"{where}({old}=...) is not supported by Keras 3: {removed[old]}")
            elif old in renames:
                new = renames[old]
                if new in present:
                    self.follow_up(original_node, f"{where} gets both {old}= and {new}=; keep one ({new}=)")
                    continue
                if (
                    where.startswith("model.")
                    and self.facts.model(cast(cst.Attribute, original_node.func).value) is None
                ):
                    self.follow_up(
                        original_node,
                        f"if this is a Keras model, rename {old}= to {new}= "
                        "(the model is not built in this file, so tfmigrate did not)",
                    )
                    continue
                args[index] = arg.with_changes(keyword=cst.Name(new))
                self.change(original_node, f"{where}({old}=) -> {where}({new}=)")
                changed = True
        return updated_node.with_changes(args=args) if changed else updated_node

    # --- optimizers --------------------------------------------------------------------------------------------
    def _optimizer(self, call: cst.Call) -> tuple[str, str] | None:
        """(root, name) of a Keras optimizer constructor call, e.g. ("keras", "rmsprop")."""
        for qualified in self.qualified_names(call.func):
            found = k3.keras_root(qualified)
            if found and found[1].startswith("optimizers.") and found[1].count(".") == 1:
                return found[0], found[1].split(".")[1]
        return None

    def _alias(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        """``keras.optimizers.rmsprop(...)`` -> ``keras.optimizers.RMSprop(...)`` (standalone Keras 2.0-2.2 aliases)."""
        found = self._optimizer(original)
        aliases = k3.table()["optimizer_aliases"]
        if found is None or found[0] != "keras" or found[1] not in aliases:
            return updated
        if not isinstance(updated.func, cst.Attribute):
            return updated
        name = aliases[found[1]]
        self.change(
            original,
            f"keras.optimizers.{found[1]} -> keras.optimizers.{name} (the lowercase name was "
            "Keras 2.0-2.2's alias of the class)",
        )
        return updated.with_changes(func=updated.func.with_changes(attr=cst.Name(name)))

    def _decay(self, original: cst.Call, updated: cst.Call, where: str) -> cst.Call:
        """``SGD(lr=l, decay=d)`` -> ``SGD(learning_rate=InverseTimeDecay(l, decay_steps=1, decay_rate=d))``.

        Keras 2 optimizers computed ``lr / (1 + decay * iterations)``; Keras 3 ignores ``decay`` with a warning.
        """
        args = list(updated.args)
        decay = next((i for i, a in enumerate(args) if a.keyword is not None and a.keyword.value == "decay"), None)
        if decay is None or any(a.star for a in args):
            return updated
        rate = next(
            (i for i, a in enumerate(args) if a.keyword is not None and a.keyword.value in ("lr", "learning_rate")),
            None,
        )
        if rate is None and args and args[0].keyword is None:
            rate = 0
        value = args[decay].value
        if _literal(value) in ((True, 0), (True, 0.0)):
            args = drop_args(args, {decay})
            self.change(original, f"{where}(decay=0): dropped (no decay; Keras 3 has no decay argument)")
            return updated.with_changes(args=args)
        if rate is None or not _plain(args[rate].value) or not _plain(value):
            return updated  # reported by the removed-argument loop with the exact replacement
        if self.sets_learning_rate:
            self.decay_kept.add(original)
            return updated  # reported by the removed-argument loop: a schedule's rate cannot be set
        schedule = self._schedule_path(original)
        initial = args[rate].value
        call = cst.ensure_type(cst.parse_expression(f"{schedule}(0, decay_steps=1, decay_rate=0)"), cst.Call)
        call = call.with_changes(
            args=[call.args[0].with_changes(value=initial), call.args[1], call.args[2].with_changes(value=value)]
        )
        keyword = "learning_rate" if args[rate].keyword is not None else None
        args[rate] = args[rate].with_changes(value=call, **({"keyword": cst.Name(keyword)} if keyword else {}))
        args = drop_args(args, {decay})
        self.change(
            original,
            f"{where}(decay=d) -> learning_rate={schedule.rsplit('.', 1)[-1]}(lr, decay_steps=1, "
            "decay_rate=d): Keras 2's lr / (1 + decay * iterations); Keras 3 ignores decay=",
        )
        return updated.with_changes(args=args)

    def _schedule_path(self, call: cst.Call) -> str:
        func = call.func
        if isinstance(func, cst.Attribute):
            prefix = dotted(func.value)
            if prefix and prefix.split(".")[-1] == "optimizers":
                return f"{prefix}.schedules.InverseTimeDecay"
        found = self._optimizer(call)
        root = found[0] if found else "keras"
        AddImportsVisitor.add_needed_import(self.context, root)
        return f"{root}.optimizers.schedules.InverseTimeDecay"

    def _default_learning_rate(self, call: cst.Call) -> None:
        """Standalone Keras 2.0-2.3 ``Adadelta()`` used lr=1.0; Keras 3 uses 0.001: say so where nothing pins it."""
        if not self.standalone_keras:
            return
        changed = k3.table()["changed_default_learning_rates"]
        aliases = k3.table()["optimizer_aliases"]
        found = self._optimizer(call)
        name = None
        if found is not None and found[0] == "keras":
            name = aliases.get(found[1], found[1])
            if call.args and (
                call.args[0].keyword is None
                or any(a.keyword is not None and a.keyword.value in ("lr", "learning_rate") for a in call.args)
            ):
                return
        elif isinstance(call.func, cst.Attribute) and call.func.attr.value == "compile":
            given = next(
                (a.value for a in call.args if a.keyword is not None and a.keyword.value == "optimizer"),
                call.args[0].value if call.args and call.args[0].keyword is None else None,
            )
            if isinstance(given, cst.SimpleString):
                name = aliases.get(str(given.evaluated_value).lower())
        if name in changed:
            old, new = changed[name]["keras2"], changed[name]["keras3"]
            self.follow_up(
                call,
                f"{name} without a learning rate: standalone Keras 2.0-2.3 used {old}, Keras 3 uses "
                f"{new}; pass learning_rate={old} if this code was tuned on those versions",
            )

    # --- Model method arguments Keras 3 dropped ------------------------------------------------------------------
    def _method_arguments(self, original: cst.Call, updated: cst.Call) -> cst.Call | None:
        func = original.func
        if not isinstance(func, cst.Attribute):
            return None
        gone = k3.table()["model_method_arguments"].get(func.attr.value)
        if not gone:
            return None
        given = [a.keyword.value for a in updated.args if a.keyword is not None and a.keyword.value in gone]
        if not given:
            return None
        method = func.attr.value
        if func.attr.value in self.facts.defines and self.facts.model(func.value) is None:
            return None
        proven = self.facts.model(func.value) is not None
        drop = [k for k in given if k in PARALLELISM] if proven else []
        for keyword in given:
            if keyword in drop:
                continue
            if proven or keyword in DISTINCTIVE:
                self.follow_up(
                    original,
                    f"{method}({keyword}=...) is not a Keras 3 argument: "
                    + METHOD_ARGUMENT_NOTES.get(keyword, "remove it and check the behaviour"),
                )
        if not drop:
            return None
        args = drop_args(
            updated.args, {i for i, a in enumerate(updated.args) if a.keyword is not None and a.keyword.value in drop}
        )
        self.change(
            original,
            f"{method}(): dropped {', '.join(drop)} (Keras 3 takes them in "
            "keras.utils.PyDataset(...); results do not depend on them)",
        )
        return updated.with_changes(args=args)

    # --- Keras 1 layer arguments ------------------------------------------------------------------------------
    def _layer_name(self, call: cst.Call) -> str | None:
        layers = k3.table()["keras1_layer_arguments"]["layers"]
        removed = k3.table()["layer_arguments_removed"]
        for qualified in self.qualified_names(call.func):
            name = qualified.rsplit(".", 1)[-1]
            ignored = k3.table()["keras1_ignored_layer_arguments"]
            if k3.is_keras_layer(qualified) and (name in layers or name in removed or name in ignored):
                return name
        return None

    def _layer_call(self, original: cst.Call, updated: cst.Call, layer: str) -> cst.Call:
        spec = k3.table()["keras1_layer_arguments"]
        renames: dict[str, str] = spec["layers"].get(layer, {})
        args = self._removed_layer_arguments(original, layer, list(updated.args))
        args = self._ignored_layer_arguments(original, layer, args)
        present = {a.keyword.value for a in args if a.keyword is not None}
        keras1_call = bool(present & (set(renames) | set(KERNEL_WORDS)))
        args = self._kernel(original, layer, args, keras1_call or self.keras1_file)
        changed = list(args) != list(updated.args)
        for index, arg in enumerate(args):
            if arg.keyword is None or arg.keyword.value not in renames:
                continue
            old, new = arg.keyword.value, renames[arg.keyword.value]
            if new in present:
                self.follow_up(original, f"{layer} gets both {old}= and {new}=; keep one ({new}=)")
                continue
            value = arg.value
            values = spec["values"].get(old)
            if values is not None:
                literal = value.evaluated_value if isinstance(value, cst.SimpleString) else None
                if literal not in values:
                    self.follow_up(
                        original,
                        f"{layer}({old}=...): Keras 1 values {sorted(values)} are now "
                        f"{new}={sorted(values.values())}; set {new}= by hand",
                    )
                    continue
                value = cst.SimpleString(repr(values[literal]).replace("'", cast(cst.SimpleString, value).quote[0]))
            if old == "border_mode" and isinstance(value, cst.SimpleString) and value.evaluated_value == "full":
                self.follow_up(
                    original,
                    f"{layer}(border_mode='full') has no Keras 2+ padding; pad explicitly "
                    "(keras.layers.ZeroPadding*) and use padding='valid'",
                )
                continue
            args[index] = arg.with_changes(keyword=cst.Name(new), value=value)
            self.change(original, f"{layer}({old}=) -> {layer}({new}=) (Keras 1 argument name)")
            changed = True
        return updated.with_changes(args=args) if changed else updated

    def _ignored_layer_arguments(self, original: cst.Call, layer: str, args: list[cst.Arg]) -> list[cst.Arg]:
        """Keras 1 ``Embedding(..., dropout=p)``: Keras 2.0 dropped it with a warning, Keras 3 raises."""
        ignored = k3.table()["keras1_ignored_layer_arguments"].get(layer, {})
        gone = set()
        for index, arg in enumerate(args):
            keyword = arg.keyword.value if arg.keyword is not None else None
            if keyword not in ignored:
                continue
            gone.add(index)
            value = cst.Module(body=[]).code_for_node(arg.value)
            self.change(
                original, f"{layer}({keyword}=...): dropped; Keras 2 ignored it with a warning and Keras 3 rejects it"
            )
            self.follow_up(
                original,
                f"{layer}({keyword}={value}) was ignored since Keras 2.0; for the dropout "
                f"Keras 1 applied, add {ignored[keyword].format(value=value)}",
            )
        return drop_args(args, gone) if gone else args

    def _removed_layer_arguments(self, original: cst.Call, layer: str, args: list[cst.Arg]) -> list[cst.Arg]:
        """Keras 2 layer arguments Keras 3 rejects: dropped when the value is the Keras 2 default, else reported."""
        removed = k3.table()["layer_arguments_removed"].get(layer, {})
        gone = set()
        for index, arg in enumerate(args):
            keyword = arg.keyword.value if arg.keyword is not None else None
            if keyword not in removed:
                continue
            default = removed[keyword]
            if _literal(arg.value) == (True, default):
                self.change(
                    original,
                    f"{layer}({keyword}={default!r}): dropped, the Keras 2 default, which Keras 3 no longer accepts",
                )
                gone.add(index)
                continue
            self.follow_up(
                original,
                f"{layer}({keyword}=...) is not accepted by Keras 3 (no equivalent); remove it and check the behaviour",
            )
        return drop_args(args, gone) if gone else args

    def _kernel(self, original: cst.Call, layer: str, args: list[cst.Arg], keras1: bool) -> list[cst.Arg]:
        """Keras 1 ``Convolution2D(32, 3, 3)`` / ``nb_row=, nb_col=`` -> ``Conv2D(32, (3, 3))``."""
        rank = 3 if "3D" in layer else 2 if "2D" in layer and "Conv" in layer else 0
        if not rank:
            return args
        words = KERNEL_WORDS[:2] if rank == 2 else KERNEL_WORDS[2:]
        keyed = {a.keyword.value: a for a in args if a.keyword is not None and a.keyword.value in words}
        positional = [a for a in args if a.keyword is None and not a.star]
        if len(keyed) == rank and len(positional) <= 1:
            parts = [keyed[w].value for w in words]
            kept = [a for a in args if a.keyword is None or a.keyword.value not in words]
            self.change(original, f"{layer}({', '.join(w + '=' for w in words)}) -> kernel_size=(...)")
            return [
                *kept[:-1],
                *([kept[-1].with_changes(comma=_COMMA)] if kept else []),
                cst.Arg(_tuple(parts), keyword=cst.Name("kernel_size"), equal=_EQUAL),
            ]
        if "Convolution" not in layer:  # Keras 1 had only the Convolution*D names; Conv2D(32, 3, 2) is Keras 2
            return args
        if len(positional) < 1 + rank or any(a.star for a in args) or positional != args[: len(positional)]:
            return args
        if not keras1 or len(positional) > 1 + rank:
            self.follow_up(
                original,
                f"{layer}({', '.join(['filters'] + ['?'] * (len(positional) - 1))}): Keras 1 "
                f"read these as the kernel size ({'x'.join(['n'] * rank)}), Keras 2+ reads the third "
                "as strides; write kernel_size as a tuple if this is Keras 1 code",
            )
            return args
        kernel = _tuple([a.value for a in positional[1 : 1 + rank]])
        ks = ", ".join(["k"] * rank)
        self.change(original, f"{layer}(filters, {ks}) -> {layer}(filters, ({ks})) (Keras 1 kernel size)")
        new_kernel = positional[1].with_changes(value=kernel, comma=positional[rank].comma)
        return [args[0], new_kernel, *args[1 + rank :]]

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.Attribute:
        """``model.optimizer.lr`` -> ``model.optimizer.learning_rate``: Keras 3 optimizers have no ``lr`` alias."""
        if (
            updated_node.attr.value == "lr"
            and isinstance(updated_node.value, cst.Attribute)
            and updated_node.value.attr.value == "optimizer"
        ):
            self.change(original_node, "optimizer.lr -> optimizer.learning_rate (Keras 3 has no lr alias)")
            return updated_node.with_changes(attr=cst.Name("learning_rate"))
        return updated_node

    def _rules_for(self, call: cst.Call) -> tuple[dict[str, str], dict[str, str], str]:
        table = k3.table()
        for qualified in self.qualified_names(call.func):
            found = k3.keras_root(qualified) or (
                ("tf_keras", qualified[len("tf_keras.") :]) if qualified.startswith("tf_keras.") else None
            )
            if not found:
                continue
            root, rel = found
            if rel.startswith("optimizers."):
                name = rel.rsplit(".", 1)[-1]
                entry = table["optimizers"].get(table["optimizer_aliases"].get(name, name) if root == "keras" else name)
                if entry:
                    return entry["renamed"], entry["removed"], rel.rsplit(".", 1)[-1]
            if k3.model_constructor(qualified) == "Model":
                return table["keras1_arguments"]["Model"], {}, "Model"
            if rel in table["keras1_arguments"]:
                return table["keras1_arguments"][rel], {}, rel.split(".", 1)[1]
        if isinstance(call.func, cst.Attribute) and call.func.attr.value in ("fit", "fit_generator"):
            if "nb_epoch" in {a.keyword.value for a in call.args if a.keyword is not None}:
                if call.func.attr.value in self.facts.defines and self.facts.model(call.func.value) is None:
                    return {}, {}, ""
                method = call.func.attr.value
                return table["keras1_arguments"][f"Model.{method}"], {}, f"model.{method}"
        return {}, {}, ""
