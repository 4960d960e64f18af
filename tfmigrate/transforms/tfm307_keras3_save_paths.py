"""TFM307: file names Keras 3 refuses when saving: save_weights needs .weights.h5, ModelCheckpoint .keras/.h5."""

from __future__ import annotations

from typing import TypeVar

import libcst as cst
from libcst.helpers import get_full_name_for_node

from tfmigrate.cstfields import code as module_code
from tfmigrate.facts import Facts
from tfmigrate.ftypes import Options
from tfmigrate.transforms import _keras3 as k3
from tfmigrate.transforms._save_path_reports import LEGACY_SWITCH, reported_saves, unseen_weights_message

CHECKPOINT_POSITIONAL_WEIGHTS_ONLY = 4  # ModelCheckpoint(filepath, monitor, verbose, save_best_only, save_weights_only)
WEIGHTS = ".weights.h5"
LOADED_HERE = "the file saved above under its Keras 3 name"
SAVED_IN_RUN = "the file another script of this run now saves under its Keras 3 name"
_Literal = TypeVar("_Literal", cst.SimpleString, cst.FormattedStringText)  # a path's literal tail


def _tail(node: cst.BaseExpression) -> cst.CSTNode | None:
    """The literal text a path expression ends with: 'x.h5', f'{d}/x.h5', d + 'x.h5', os.path.join(d, 'x.h5')."""
    if isinstance(node, cst.SimpleString):
        return node
    if isinstance(node, cst.FormattedString) and node.parts and isinstance(node.parts[-1], cst.FormattedStringText):
        return node.parts[-1]
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return _tail(node.right)
    if isinstance(node, cst.Call) and node.args and (get_full_name_for_node(node.func) or "").endswith("path.join"):
        return _tail(node.args[-1].value)
    return None


def _text(node: cst.CSTNode) -> str:
    """The raw characters of a literal tail (no quotes)."""
    if isinstance(node, cst.FormattedStringText):
        return node.value
    assert isinstance(node, cst.SimpleString)
    return node.value[len(node.prefix) + len(node.quote) : -len(node.quote)]


def _with_text(node: _Literal, text: str) -> _Literal:
    if isinstance(node, cst.FormattedStringText):
        return node.with_changes(value=text)
    assert isinstance(node, cst.SimpleString)
    return node.with_changes(value=f"{node.prefix}{node.quote}{text}{node.quote}")


def weights_name(text: str) -> str | None:
    if text.endswith(WEIGHTS):
        return None
    for ext in (".h5", ".hdf5", ".ckpt"):
        if text.endswith(ext):
            return text[: -len(ext)] + WEIGHTS
    last = text.rsplit("/", 1)[-1]
    if "." in last or not last:
        return None
    return text + WEIGHTS


def model_name(text: str) -> str | None:
    if text.endswith((".keras", ".h5")):
        return None
    if text.endswith(".hdf5"):
        return text[: -len(".hdf5")] + ".h5"
    return None


class KerasSavePaths(k3.ScopedRule):
    """Give Keras 3 the file-name endings it insists on when saving weights and checkpoints.

    What it does:
        ``model.save_weights("w.h5")`` -> ``model.save_weights("w.weights.h5")`` (also ``.hdf5``, ``.ckpt`` and
        extension-less TF-format names); ``ModelCheckpoint("best.hdf5")`` -> ``ModelCheckpoint("best.h5")``
        (the same HDF5 format) and, with ``save_weights_only=True``, ``"...weights.h5"``. The literal at the
        end of the path is changed (plain strings, f-strings, ``d + "x.h5"``, ``os.path.join(d, "x.h5")``);
        ``load_weights``/``load_model`` calls in the same file that read the same literal get the same new
        name; each renamed save is also a follow-up (old -> new name) for the scripts elsewhere that read it.
        ``model.save("dir")`` without extension (a SavedModel in Keras 2) is reported: Keras 3 wants ``.keras``
        (reloadable) or ``model.export("dir")`` (inference SavedModel), and other programs may read that
        directory.

    Why:
        Keras 3 raises ``ValueError: The filename must end in `.weights.h5``` for ``save_weights``, and
        ``ModelCheckpoint`` refuses ``.hdf5`` and extension-less paths, so a Keras 2 training script dies at
        the first checkpoint. Files written elsewhere under the old name must be renamed by hand.

    Example:
        model.save_weights("weights.h5")

    Use instead:
        model.save_weights("weights.weights.h5")
    """

    CODE = "TFM307"
    NAME = "keras3-save-paths"
    SUMMARY = "save_weights(...) -> .weights.h5, ModelCheckpoint .hdf5 -> .h5; model.save(dir) reported"
    SAFE = True
    PRIORITY = 40
    TRIGGERS = ("save_weights", "ModelCheckpoint", ".save(")
    BEFORE = (
        "import keras\nmodel = keras.Sequential([keras.layers.Dense(1)])\n"
        "model.save_weights('weights.h5')\nmodel.load_weights('weights.h5')\n"
    )
    AFTER = (
        "import keras\nmodel = keras.Sequential([keras.layers.Dense(1)])\n"
        "model.save_weights('weights.weights.h5')\nmodel.load_weights('weights.weights.h5')\n"
    )

    @classmethod
    def wants(cls, source: str) -> bool:
        return "keras" in source and super().wants(source)

    @classmethod
    def needs(cls, facts: Facts) -> bool:
        """``x.save_weights(...)``, a Keras ``ModelCheckpoint``, or ``x.save(...)`` in a file that builds a
        Keras model (``load_weights``/``load_model`` are renamed only after one of these)."""
        if "save_weights" in facts.attrs:
            return True
        names = list(k3.named(facts))
        if any(name.endswith("callbacks.ModelCheckpoint") and k3.keras_root(name) for name in names):
            return True
        return "save" in facts.attrs and any(k3.model_constructor(name) for name in names)

    def edits(self, model) -> str | None:
        """Where it would rename nothing (no call may save, or each reported ``save_weights`` path is a variable),
        decided and reported on the ast model (_save_path_reports); a run whose other files save names this one
        may load, or a module with a literal to rename, goes to the rule."""
        found = None if self.options.run_paths else reported_saves(model)
        if found is None:
            return None
        text, notes = found
        for line, message in notes:
            self.follow_up(None, message, line=line)  # type: ignore[arg-type]  # the line is given
        return text

    @classmethod
    def required(cls, options: Options) -> bool:
        """Another file of the run saves a name this file loads or saves (tfmigrate.runfacts)."""
        return bool(options.run_paths) and cls.active(options)

    @classmethod
    def active(cls, options: Options) -> bool:
        return options.keras != "tf-keras"

    def transform_module(self, tree: cst.Module) -> cst.Module:
        k3.skip_unless(self.active(self.options))
        return super().transform_module(tree)

    def visit_Module(self, node: cst.Module) -> bool:
        if self.options.keras == "tf-keras":
            return False
        self.facts = k3.collect_facts(node, self.qualified_names, self._scope_of)
        self.renames: dict[cst.CSTNode, tuple[str, str]] = {}
        finder = _Calls()
        node.visit(finder)
        self.constants = _string_constants(node)
        self.source_tree = node
        renamed: dict[str, str] = {}
        run = {text: (new, why) for text, new, why in self.options.run_paths}
        self.run_notes: dict[str, str] = {}
        tail: cst.CSTNode | None
        for call in finder.calls:
            found = self._save_site(call)
            if found is None:
                continue
            tail, new, what = found
            old = _text(tail)
            if old in run:
                agreed, why = run[old]
                if agreed != new:
                    self.follow_up(
                        call,
                        f"{what}, but {old!r} is left as it is for the whole run: {why}; rename "
                        "the file here and where it is read, by hand",
                    )
                    continue
                self.run_notes[old] = why
            self.renames[tail] = (new, what)
            renamed[old] = new
        for call in finder.calls:
            if self._is_load(call) and call.args:
                tail = _tail(call.args[0].value)
                if tail is None:
                    continue
                if _text(tail) in renamed:
                    self.renames[tail] = (renamed[_text(tail)], LOADED_HERE)
                elif run.get(_text(tail), ("", ""))[0]:
                    agreed, why = run[_text(tail)]
                    self.renames[tail] = (agreed, f"{SAVED_IN_RUN} ({why})")
        # The walk below only renames these literals (its reports come with them): without any, it would
        # rebuild the whole module to change nothing.
        return bool(self.renames)

    def _save_site(self, call: cst.Call) -> tuple[cst.CSTNode, str, str] | None:
        func = call.func
        if isinstance(func, cst.Attribute) and func.attr.value == "save_weights" and call.args:
            if call.args[0].keyword not in (None,) and call.args[0].keyword.value != "filepath":
                return None
            tail = _tail(call.args[0].value)
            if tail is None:
                self._unseen_weights_path(call, call.args[0].value)
                return None
            new = weights_name(_text(tail))
            if new is None:
                return None
            return tail, new, "save_weights needs a name ending in .weights.h5"
        if isinstance(func, cst.Attribute) and func.attr.value == "save" and call.args:
            if self.facts.model(func.value) is None:
                return None
            tail = _tail(call.args[0].value)
            if tail is not None:
                text = _text(tail)
                last = text.rsplit("/", 1)[-1]
                if last and "." not in last:
                    self.follow_up(
                        call,
                        f"model.save({text!r}) wrote a SavedModel directory in Keras 2; Keras 3 "
                        f"needs {text + '.keras'!r} (reload with keras.models.load_model) or "
                        f"model.export({text!r}) for an inference-only SavedModel (TF Serving)",
                    )
            return None
        if any(q.endswith("callbacks.ModelCheckpoint") and k3.keras_root(q) for q in self.qualified_names(func)):
            path = _arg(call, "filepath", 0)
            tail = _tail(path) if path is not None else None
            if tail is None:
                return None
            weights_only = _arg(call, "save_weights_only", CHECKPOINT_POSITIONAL_WEIGHTS_ONLY)
            if weights_only is not None and not m_bool(weights_only):
                self.follow_up(
                    call,
                    "ModelCheckpoint: with save_weights_only=True Keras 3 needs a filepath ending "
                    "in .weights.h5, otherwise .keras or .h5; set the ending by hand",
                )
                return None
            if weights_only is not None and m_bool(weights_only) == "True":
                new = weights_name(_text(tail))
                return (tail, new, "ModelCheckpoint(save_weights_only=True) needs .weights.h5") if new else None
            new = model_name(_text(tail))
            if new is None:
                last = _text(tail).rsplit("/", 1)[-1]
                if last and "." not in last.replace("{", "").split("}")[-1]:
                    self.follow_up(
                        call,
                        "ModelCheckpoint wrote SavedModel directories in Keras 2; Keras 3 needs a "
                        "filepath ending in .keras (or .h5)",
                    )
                return None
            return tail, new, "Keras 3 ModelCheckpoint accepts .keras or .h5, not .hdf5"
        return None

    def _unseen_weights_path(self, call: cst.Call, path: cst.BaseExpression) -> None:
        """A save_weights path tfmigrate cannot rename (a variable, an argument): Keras 3 raises ValueError
        unless it ends in .weights.h5, so say so, except for a module constant that already does."""
        if LEGACY_SWITCH in module_code(self.source_tree):
            return  # Keras 2 (tf_keras) here: any name is accepted
        shown = cst.Module([]).code_for_node(path)
        if isinstance(path, cst.Name) and isinstance(self._scope_of(path), cst.metadata.GlobalScope):
            text = self.constants.get(path.value)  # a function's own name of that spelling is not the constant
            if text is not None and text.endswith(WEIGHTS):
                return
            if text is not None:
                shown = f"{path.value} = {text!r}"
        self.follow_up(call, unseen_weights_message(shown))

    def _is_load(self, call: cst.Call) -> bool:
        func = call.func
        if isinstance(func, cst.Attribute) and func.attr.value == "load_weights":
            return True
        return any(q.endswith("models.load_model") and k3.keras_root(q) for q in self.qualified_names(func))

    def _rename(self, original: _Literal, updated: _Literal) -> _Literal:
        if original not in self.renames:
            return updated
        new, why = self.renames[original]
        old = _text(original)
        self.change(original, f"{old!r} -> {new!r}: {why} (rename files saved elsewhere too)")
        if why != LOADED_HERE and not why.startswith(SAVED_IN_RUN):
            together = (
                f" (the loads in this run are renamed with it: {self.run_notes[old]})" if old in self.run_notes else ""
            )
            self.follow_up(
                original,
                f"this program now writes {new!r} instead of {old!r}{together}: update "
                "scripts, configs and docs outside this run that read the old file name",
            )
        return _with_text(updated, new)

    def leave_SimpleString(self, original_node: cst.SimpleString, updated_node: cst.SimpleString) -> cst.SimpleString:
        return self._rename(original_node, updated_node)

    def leave_FormattedStringText(
        self, original_node: cst.FormattedStringText, updated_node: cst.FormattedStringText
    ) -> cst.FormattedStringText:
        return self._rename(original_node, updated_node)


def _arg(call: cst.Call, keyword: str, position: int) -> cst.BaseExpression | None:
    for index, arg in enumerate(call.args):
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg.value
        if arg.keyword is None and not arg.star and index == position:
            return arg.value
    return None


def m_bool(node: cst.BaseExpression) -> str | None:
    return node.value if isinstance(node, cst.Name) and node.value in ("True", "False") else None


def _string_constants(module: cst.Module) -> dict[str, str]:
    """Module-level names bound once, to a plain string literal: ``WEIGHTS = "model.h5"``."""
    seen: dict[str, list[str | None]] = {}
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Assign):
                for target in small.targets:
                    if isinstance(target.target, cst.Name):
                        value = small.value
                        text = _text(value) if isinstance(value, cst.SimpleString) else None
                        seen.setdefault(target.target.value, []).append(text)
    return {name: texts[0] for name, texts in seen.items() if len(texts) == 1 and texts[0] is not None}


class _Calls(cst.CSTVisitor):
    def __init__(self) -> None:
        self.calls: list[cst.Call] = []

    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append(node)
