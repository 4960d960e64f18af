"""TFM301: Keras 2 module paths that Keras 3 no longer has -> the Keras 3 path of the same symbol."""

from __future__ import annotations

import libcst as cst
from libcst.helpers import get_full_name_for_node

from tfmigrate.transforms import _keras3 as k3
from tfmigrate.transforms.base import Transform


def _module_node(text: str) -> cst.Attribute | cst.Name:
    return k3.dotted(text)


def _alias_name(alias: cst.ImportAlias) -> str:
    return get_full_name_for_node(alias.name) or ""


class KerasModulePaths(Transform):
    """Rewrite imports and references of Keras 2 modules that Keras 3 removed.

    What it does:
        ``from keras.layers.core import Dense`` becomes ``from keras.layers import Dense``;
        ``from keras.utils.np_utils import to_categorical`` becomes ``from keras.utils import to_categorical``;
        ``keras.layers.recurrent.LSTM`` becomes ``keras.layers.LSTM``; ``from keras.utils import np_utils``
        becomes ``from keras import utils as np_utils`` when every ``np_utils.X`` used lives in
        ``keras.utils``. The same for ``tensorflow.keras.`` paths. Symbols Keras 3 dropped stay where they
        are (TFM305 reports them).

    Why:
        Keras 3 (``import keras`` and ``tf.keras`` since TensorFlow 2.16) has only its public API:
        ``keras.layers.core``, ``keras.layers.recurrent``, ``keras.utils.np_utils``, ``keras.utils.vis_utils``,
        ``keras.engine`` ... raise ``ImportError``/``ModuleNotFoundError``. The map is generated from the real
        tf-keras and keras 3 packages by ``tools/gen_keras3_map.py``.

    Example:
        from keras.layers.core import Dense, Dropout

    Use instead:
        from keras.layers import Dense, Dropout
    """

    CODE = "TFM301"
    NAME = "keras3-module-paths"
    SUMMARY = "Keras 2 module paths removed in Keras 3 -> the Keras 3 public path"
    SAFE = True
    PRIORITY = 40
    TRIGGERS = k3.TRIGGERS
    BEFORE = "from keras.layers.core import Dense, Dropout\n"
    AFTER = "from keras.layers import Dense, Dropout\n"

    @classmethod
    def wants(cls, source: str) -> bool:
        return "keras" in source and k3.legacy_path_pattern().search(source) is not None

    def edits(self, model) -> str | None:
        """The rule planned on the ast model and made as range edits (tfmigrate.transforms._keras3_edits)."""
        from tfmigrate.transforms._keras3_edits import plan_module_paths

        return plan_module_paths(self, model)

    def __init__(self, context, options=None) -> None:
        super().__init__(context, options)
        self._module_aliases: dict[str, tuple[str, str]] = {}
        self._used_attrs: dict[str, set[str]] = {}

    def visit_Module(self, node: cst.Module) -> None:
        collector = _AttributeUses()
        node.visit(collector)
        self._used_attrs = collector.uses

    # --- from R.M import a, b  and  from R.P import M ------------------------------------------------------
    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement]:
        if len(updated_node.body) != 1:
            return updated_node
        small = updated_node.body[0]
        if isinstance(small, cst.ImportFrom) and not small.relative and small.module is not None:
            return self._import_from(original_node, updated_node, small)
        if isinstance(small, cst.Import):
            return self._import(original_node, updated_node, small)
        return updated_node

    def _import_from(self, original, updated, node: cst.ImportFrom):
        assert node.module is not None  # leave_SimpleStatementLine checked it
        module = get_full_name_for_node(node.module) or ""
        legacy = k3.legacy_module(module)
        if isinstance(node.names, cst.ImportStar):
            if legacy:
                self.follow_up(
                    original,
                    f"`from {module} import *`: Keras 3 has no {module}; import the names "
                    "you use from their Keras 3 modules",
                )
            return updated
        if legacy:
            return self._split_symbols(original, updated, node, module, legacy)
        rebound: list[tuple[cst.ImportAlias, str | None]] = []
        changed = False
        for alias in node.names:
            target = self._module_target(f"{module}.{_alias_name(alias)}", alias)
            if target is None:
                rebound.append((alias, None))
                continue
            changed = True
            rebound.append((alias, target))
        if not changed:
            return updated
        statements = []
        keep = [a for a, t in rebound if t is None]
        if keep:
            statements.append(updated.with_changes(body=[node.with_changes(names=_fix_commas(keep))]))
        for alias, target in rebound:
            if target is None:
                continue
            parent, _, last = target.rpartition(".")
            bound = alias.evaluated_alias or _alias_name(alias)
            new_alias = cst.ImportAlias(
                name=cst.Name(last), asname=None if bound == last else cst.AsName(name=cst.Name(bound))
            )
            statements.append(
                cst.SimpleStatementLine(body=[cst.ImportFrom(module=_module_node(parent), names=[new_alias])])
            )
            self.change(original, f"{module}.{_alias_name(alias)} -> {target} (Keras 3 has no such module)")
        return _flatten(statements, updated)

    def _split_symbols(self, original, updated, node: cst.ImportFrom, module: str, legacy: tuple[str, str]):
        root, rel = legacy
        entries = k3.table()["modules"][rel]
        groups: dict[str, list[cst.ImportAlias]] = {}
        keep: list[cst.ImportAlias] = []
        assert not isinstance(node.names, cst.ImportStar)  # _import_from handles a star import
        for alias in node.names:
            name = _alias_name(alias)
            target = entries.get(name)
            if not target:
                keep.append(alias)
                continue
            parent, _, last = target.rpartition(".")
            full_parent = f"{root}.{parent}" if parent else root
            bound = alias.evaluated_alias or name
            groups.setdefault(full_parent, []).append(
                cst.ImportAlias(name=cst.Name(last), asname=None if bound == last else cst.AsName(cst.Name(bound)))
            )
        if not groups:
            return updated
        statements: list[cst.SimpleStatementLine] = []
        for parent, aliases in groups.items():
            statements.append(
                cst.SimpleStatementLine(body=[cst.ImportFrom(module=_module_node(parent), names=_fix_commas(aliases))])
            )
            self.change(original, f"{module} -> {parent} (Keras 3 has no {module})")
        if keep:
            statements.append(updated.with_changes(body=[node.with_changes(names=_fix_commas(keep))]))
        return _flatten(statements, updated)

    def _module_target(self, full: str, alias: cst.ImportAlias) -> str | None:
        """A whole legacy module bound to a name: rebind the Keras 3 module that holds every name used."""
        legacy = k3.legacy_module(full)
        if not legacy:
            return None
        root, rel = legacy
        bound = alias.evaluated_alias or (_alias_name(alias).split(".")[0])
        used = self._used_attrs.get(bound, set())
        entries = k3.table()["modules"][rel]
        targets = {entries.get(name) for name in used}
        if not used or None in targets:
            return None
        parents = {t.rpartition(".")[0] for t in targets}
        if len(parents) != 1 or any(
            t.rpartition(".")[2] != name
            for t, name in zip([entries[n] for n in sorted(used)], sorted(used), strict=True)
        ):
            return None
        parent = parents.pop()
        return f"{root}.{parent}" if parent else root

    # --- import R.M / import R.M as x ------------------------------------------------------------------------
    def _import(self, original, updated, node: cst.Import):
        new_names = []
        changed = False
        for alias in node.names:
            full = _alias_name(alias)
            legacy = k3.legacy_module(full)
            if not legacy:
                new_names.append(alias)
                continue
            if alias.asname is not None:
                target = self._module_target(full, alias)
                if target is None:
                    self.follow_up(
                        original,
                        f"`import {full} as {alias.evaluated_alias}`: Keras 3 has no {full}; "
                        "import the names used from their Keras 3 modules",
                    )
                    new_names.append(alias)
                    continue
                new_names.append(alias.with_changes(name=_module_node(target)))
            else:
                root, rel = legacy
                existing = root
                for part in rel.split("."):
                    if f"{existing}.{part}"[len(root) + 1 :] in k3.table()["keras3_modules"]:
                        existing = f"{existing}.{part}"
                    else:
                        break
                new_names.append(alias.with_changes(name=_module_node(existing)))
                target = existing
            changed = True
            self.change(original, f"import {full} -> import {target} (Keras 3 has no {full})")
        if not changed:
            return updated
        return updated.with_changes(body=[node.with_changes(names=_fix_commas(new_names))])

    # --- keras.layers.core.Dense written out in full ---------------------------------------------------------
    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        text = get_full_name_for_node(original_node)
        if text is None:
            return updated_node
        for qualified in self.qualified_names(original_node):
            found = k3.renamed(qualified, text)
            if found:
                self.change(original_node, found[1])
                return k3.dotted(found[0])
        return updated_node


class _AttributeUses(cst.CSTVisitor):
    """``name.attr`` uses per bare name: which attributes of a module alias a file reads."""

    def __init__(self) -> None:
        self.uses: dict[str, set[str]] = {}

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if isinstance(node.value, cst.Name):
            self.uses.setdefault(node.value.value, set()).add(node.attr.value)


def _flatten(statements: list[cst.SimpleStatementLine], replaced: cst.SimpleStatementLine):
    """Put the replaced line's comments above the first new line and after the last one."""
    statements[0] = statements[0].with_changes(leading_lines=replaced.leading_lines)
    statements[-1] = statements[-1].with_changes(trailing_whitespace=replaced.trailing_whitespace)
    return cst.FlattenSentinel(statements)


def _fix_commas(aliases: list[cst.ImportAlias]) -> list[cst.ImportAlias]:
    fixed = []
    for index, alias in enumerate(aliases):
        last = index == len(aliases) - 1
        if last:
            fixed.append(alias.with_changes(comma=cst.MaybeSentinel.DEFAULT))
        elif isinstance(alias.comma, cst.Comma):
            fixed.append(alias)
        else:
            fixed.append(alias.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))))
    return fixed
