"""Generate tfmigrate/data/private_names.json: where each private TensorFlow/Keras name lives in the public API.

Run with the project's venv (it imports the real packages)::

    /work/venv/bin/python tools/gen_private_names.py [--check]

Why generated: which private symbol has which public spelling is a fact about one TensorFlow release, not
something to type by hand. The sources, in order of trust:

* TensorFlow's own export metadata (``tensorflow.python.util.tf_export``: ``_tf_api_names``,
  ``_tf_api_names_v1`` and the module ``_tf_api_constants``) for ``tensorflow.python.*``; a TF2 name is
  preferred over a ``tf.compat.v1`` one. Objects without metadata are matched by identity against the public
  ``tf`` / ``tf.compat.v1`` namespaces.
* For the legacy ``tensorflow.python.keras`` package (its export decorators are gone in this TF), the places
  where the legacy package re-binds an object in a module that mirrors a public ``tf.keras`` module
  (``tensorflow.python.keras.layers.Dense``), and the Keras 2 export metadata of ``tf_keras`` (the continuation
  of that package, same module layout: ``_keras_api_names``). A Keras name is only kept when today's
  ``tf.keras`` (Keras 3) really has it; otherwise the entry records why there is no public equivalent.
  ``tf_keras`` also supplies the module paths TF 2.0-2.5 had but this TF no longer ships
  (``tensorflow.python.keras.preprocessing.image``, ``...applications``).
* The attribute names of every public ``tf.keras`` module, so that uses through a module alias
  (``K.int_shape``) can be checked before the alias is repointed.

The keys of the JSON file:

* ``keras_modules``: every legacy Keras module path (installed, or known from tf_keras) -> its public twin
  (``tensorflow.keras.layers``) or null.
* ``keras_symbols``: legacy module -> {name: public tensorflow.keras path}.
* ``keras_no_public``: legacy module -> {name: ""} for private helpers, or the Keras 2 public path that Keras 3
  dropped (``tensorflow.keras.backend.get_session``).
* ``public_keras_modules``: every public tf.keras module -> its attribute names.
* ``tf_modules``: the importable ``tensorflow.python`` modules (not Keras); ``tf_symbols``: module -> {name:
  public tensorflow path}; names absent there have no public name.
* ``tf_calls``: private function path -> how its calls map onto a public twin whose parameters differ
  (``ops.convert_to_tensor`` -> ``tf.convert_to_tensor``): ``params`` (the private order), ``positional`` (how
  many leading parameters line up) and ``keywords`` (private parameter -> public one, or null: no counterpart).
  Renames come from the ``deprecated_argument_lookup`` calls of the public ``tf.compat.v1`` twin.
* ``unimportable_modules``: public API modules that ``from X import Name`` cannot use.
* ``tensorflow_version``, ``keras_version``, ``tf_keras_version``: what the table was read from.

The output is deterministic (sorted keys, sorted lists) so tests can regenerate and compare it.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import importlib
import inspect
import io
import json
import os
import pkgutil
import sys
import types
import warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
# The table describes TensorFlow with the Keras it imports by default (Keras 3 on the TensorFlow backend); a shell
# that exports one of these would make tf.keras another package and the table another table.
IGNORED_ENVIRONMENT = ("TF_USE_LEGACY_KERAS", "KERAS_BACKEND")
for _name in IGNORED_ENVIRONMENT:
    os.environ.pop(_name, None)

OUTPUT = Path(__file__).resolve().parent.parent / "tfmigrate" / "data" / "private_names.json"

LEGACY = "tensorflow.python.keras"
PUBLIC_KERAS = "tensorflow.keras"
# Subpackages of tensorflow.python that are not importable as a library, are tests, or belong to Keras.
SKIP_PARTS = {"kernel_tests", "tools", "debug", "compiler", "keras", "integration_testing", "benchmarks"}
SKIP_SUFFIXES = ("_test", "_benchmark", "_test_base", "_test_lib", "_test_util", "_test_utils")
# Where a deeper public path is more canonical (tensorflow.keras.models.Sequential over tensorflow.keras.Sequential).
LESS_CANONICAL_PARTS = ("experimental", "legacy", "compat", "v1", "internal")


# Private functions TensorFlow documents as the implementation of a public one (their docstring says so; checked on
# generation) but that carry no export metadata: module -> {name: public path}.
IMPLEMENTATIONS = {"tensorflow.python.framework.ops": {"convert_to_tensor": "tensorflow.convert_to_tensor"}}

# Objects whose id() is used as a key are kept alive here, so that no id can be reused by another object.
_KEEP: list[object] = []


def _quietly_import(name: str) -> types.ModuleType | None:
    """Import one module, swallowing whatever a private module does wrong on import (errors, prints, warnings)."""
    try:
        with (
            warnings.catch_warnings(),
            contextlib.redirect_stdout(io.StringIO()),
            contextlib.redirect_stderr(io.StringIO()),
        ):
            warnings.simplefilter("ignore")
            return importlib.import_module(name)
    except BaseException:  # noqa: BLE001 - a private module may raise anything, even SystemExit
        return None


def _walk(package: str, skip) -> dict[str, types.ModuleType]:
    root = _quietly_import(package)
    found = {package: root} if root is not None else {}
    if root is None or not hasattr(root, "__path__"):
        return found
    names = []
    for info in pkgutil.walk_packages(root.__path__, package + ".", onerror=lambda _name: None):
        if not skip(info.name):
            names.append(info.name)
    for name in sorted(names):
        module = _quietly_import(name)
        if module is not None:
            found[name] = module
    return found


def _public_names(module: types.ModuleType) -> list[tuple[str, object]]:
    return sorted((n, v) for n, v in vars(module).items() if not n.startswith("_"))


def _rank(path: str) -> tuple:
    parts = path.split(".")
    return (sum(p in LESS_CANONICAL_PARTS for p in parts), -len(parts), path)


def _resolve(path: str):
    """Follow a public dotted name from its top-level package; None when it does not exist."""
    head, *rest = path.split(".")
    obj = _quietly_import(head)
    for part in rest:
        if obj is None:
            return None
        try:
            obj = getattr(obj, part)
        except Exception:  # noqa: BLE001 - lazy modules raise all kinds of errors for missing names
            return None
    return obj


# ----------------------------------------------------------------------------------------------- public Keras 3
def keras3_index() -> tuple[dict[str, list[str]], dict[int, list[str]]]:
    """Every public tf.keras module with its attribute names, and object id -> public paths."""
    import tensorflow as tf

    modules: dict[str, list[str]] = {}
    by_id: dict[int, list[str]] = {}
    pending = [(PUBLIC_KERAS, tf.keras)]
    seen: set[int] = set()
    while pending:
        path, module = pending.pop()
        if id(module) in seen:
            continue
        seen.add(id(module))
        names = []
        for name in sorted(dir(module)):
            if name.startswith("_"):
                continue
            try:
                value = getattr(module, name)
            except Exception:  # noqa: BLE001
                continue
            names.append(name)
            _KEEP.append(value)
            if isinstance(value, types.ModuleType):
                if value.__name__.startswith("keras") and ".src" not in value.__name__:
                    pending.append((f"{path}.{name}", value))
            else:
                by_id.setdefault(id(value), []).append(f"{path}.{name}")
        modules[path] = names
    return modules, by_id


# ----------------------------------------------------------------------------------------------- legacy Keras
def _keras2_names(obj) -> list[str]:
    """Keras 2 public names (``keras.layers.Dense``) from tf_keras's export metadata, as tensorflow.keras paths."""
    names = []
    for attr in ("_keras_api_names", "_keras_api_names_v1"):
        for name in getattr(obj, "__dict__", {}).get(attr, ()) or ():
            if name.startswith("keras.") and not any(part.startswith("_") for part in name.split(".")):
                names.append(PUBLIC_KERAS + name[len("keras") :])
    return names


def _is_api_object(value) -> bool:
    return inspect.isclass(value) or inspect.isfunction(value) or inspect.isbuiltin(value)


def keras_tables(keras3_modules: dict[str, list[str]], keras3_ids: dict[int, list[str]]):
    legacy = _walk(LEGACY, lambda n: n.split(".")[-1].endswith(SKIP_SUFFIXES))
    import tf_keras

    tfk_root = tf_keras.__name__ + ".src"
    tfk = _walk(tfk_root, lambda n: "test" in n.split(".")[-1] or ".benchmarks" in n)

    def mirror(module_path: str) -> str | None:
        public = PUBLIC_KERAS + module_path[len(LEGACY) :]
        return public if public in keras3_modules else None

    def exists_in_keras3(path: str) -> bool:
        module, _, name = path.rpartition(".")
        return name in keras3_modules.get(module, ())

    # Where the legacy package itself re-binds an object in a public-mirroring module.
    mirrored_bindings: dict[int, list[str]] = {}
    for path, module in legacy.items():
        public = mirror(path)
        if public is None:
            continue
        for name, value in _public_names(module):
            if _is_api_object(value):
                mirrored_bindings.setdefault(id(value), []).append(f"{public}.{name}")

    # Keras 2 classes by name, for legacy modules whose tf_keras twin moved (optimizer_v2.adam -> optimizers).
    exported_classes: dict[str, list[str]] = {}
    for module in tfk.values():
        for name, value in _public_names(module):
            if inspect.isclass(value):
                for public in _keras2_names(value):
                    if public.rpartition(".")[2] == name == value.__name__:
                        exported_classes.setdefault(name, []).append(public)

    # The same module layout in tf_keras (a fork of this package) says what Keras 2 exported.
    all_paths = sorted(set(legacy) | {LEGACY + p[len(tfk_root) :] for p in tfk})
    modules: dict[str, str | None] = {}
    symbols: dict[str, dict[str, str]] = {}
    no_public: dict[str, dict[str, str]] = {}
    for path in all_paths:
        modules[path] = mirror(path)
        suffix = path[len(LEGACY) :]
        here = legacy.get(path)
        twin = tfk.get(tfk_root + suffix)
        names: dict[str, object] = {}
        twins: dict[str, object] = {}
        if twin is not None:
            twins = {n: v for n, v in _public_names(twin) if _is_api_object(v)}
        if here is not None:
            for name, value in _public_names(here):
                if _is_api_object(value) and getattr(value, "__module__", "").startswith(LEGACY):
                    names[name] = value
        else:
            # A module TF 2.0-2.5 had and this TF dropped: only what Keras 2 exported is worth recording.
            names = {n: v for n, v in twins.items() if _keras2_names(v)}
        for name, value in names.items():
            # Keras 2 export metadata: of the twin of this module and of the module that defines the object.
            exported = _keras2_names(twins[name]) if name in twins else []
            defining = tfk.get(tfk_root + getattr(value, "__module__", "")[len(LEGACY) :])
            if defining is not None and _is_api_object(getattr(defining, name, None)):
                exported += _keras2_names(getattr(defining, name))
            if not exported and inspect.isclass(value) and value.__name__ == name:
                exported = sorted(set(exported_classes.get(name, [])))
            candidates = exported + mirrored_bindings.get(id(value), [])
            ancestor = _nearest_mirror(path, mirror)
            if not candidates and ancestor is not None:
                candidates.append(f"{ancestor}.{name}")

            # The same spelling first (initializers.glorot_uniform, not its class alias GlorotUniform).
            def rank(candidate: str, name: str = name) -> tuple:
                return (candidate.rpartition(".")[2] != name, *_rank(candidate))

            valid = sorted({c for c in candidates if exists_in_keras3(c)}, key=rank)
            if valid:
                target = valid[0]
                if target.count(".") == 2:  # tensorflow.keras.X: use the canonical submodule path of the object
                    alternatives = keras3_ids.get(id(_resolve(target)), [target])
                    target = sorted(set(alternatives) | {target}, key=rank)[0]
                symbols.setdefault(path, {})[name] = target
            else:
                # "" = never public; otherwise the Keras 2 name that Keras 3 dropped.
                was = sorted(set(exported), key=_rank)[0] if exported else ""
                no_public.setdefault(path, {})[name] = was
    return modules, symbols, no_public


def _nearest_mirror(path: str, mirror) -> str | None:
    while path.startswith(LEGACY):
        public = mirror(path)
        if public is not None:
            return public
        path = path.rpartition(".")[0]
    return None


# ----------------------------------------------------------------------------------------------- tensorflow.python
def tf_public_index() -> dict[int, list[str]]:
    """Object id -> public paths, walking the generated API modules of tf (v2) and tf.compat.v1."""
    import tensorflow as tf

    api_dir = Path(tf.__file__).resolve().parent / "_api"
    by_id: dict[int, list[str]] = {}
    pending = [("tensorflow", tf)]
    seen: set[int] = set()
    while pending:
        path, module = pending.pop()
        if id(module) in seen:
            continue
        seen.add(id(module))
        for name in sorted(vars(module)):
            if name.startswith("_") or (path == "tensorflow" and name in ("keras", "python", "core", "tools")):
                continue
            value = vars(module)[name]
            _KEEP.append(value)
            if isinstance(value, types.ModuleType):
                if _is_generated_api_module(value, api_dir):
                    # tf.compat.v1 only: not tf.compat.v2 (= tf) nor tf.compat.v1.compat.v1 (= tf.compat.v1).
                    if not (path.endswith("compat") and (name != "v1" or path != "tensorflow.compat")):
                        pending.append((f"{path}.{name}", value))
            elif _is_api_object(value):
                by_id.setdefault(id(value), []).append(f"{path}.{name}")
    return by_id


def _is_generated_api_module(module: types.ModuleType, api_dir: Path) -> bool:
    """Whether a module is one of TensorFlow's generated API modules (tensorflow/_api/...).

    Decided by the file, not by ``__name__``: ``tf.compat`` and ``tf.compat.v1`` are named ``tensorflow.compat``
    and ``tensorflow.compat.v1`` (not ``tensorflow._api...``), so a name test silently skipped the whole v1 API
    and every symbol exported only under a ``tf.compat.v1`` name (``saved_model.simple_save``) looked private.
    ``vars()`` is used because lazy Keras modules raise on attribute access; module wrappers keep ``__file__``.
    """
    file = vars(module).get("__file__")
    if not isinstance(file, str):
        return False
    try:
        Path(file).resolve().relative_to(api_dir)
    except ValueError:
        return False
    return True


def _tf_rank(path: str) -> tuple:
    return ("compat.v1" in path, path.count("."), "experimental" in path, path)


def tf_tables(public_ids: dict[int, list[str]]):
    from tensorflow.python.util import tf_export

    def skip(name: str) -> bool:
        parts = name.split(".")
        return bool(SKIP_PARTS & set(parts[2:])) or parts[-1].endswith(SKIP_SUFFIXES)

    walked = _walk("tensorflow.python", skip)
    symbols: dict[str, dict[str, str]] = {}
    # Modules that exist but are not read (tools, debug, ...) still exist: "no public module", not "gone".
    root = _quietly_import("tensorflow.python")
    existing = {
        info.name
        for info in pkgutil.walk_packages(root.__path__, "tensorflow.python.", onerror=lambda _name: None)
        if not ({"keras", "kernel_tests"} & set(info.name.split("."))) and "test" not in info.name.split(".")[-1]
    }
    modules = sorted(set(walked) | existing)
    calls: dict[str, dict] = {}
    for path, module in walked.items():
        constants: dict[str, list[str]] = {}
        for getter, prefix in (
            (tf_export.get_v2_constants, "tensorflow."),
            (tf_export.get_v1_constants, "tensorflow.compat.v1."),
        ):
            try:
                exported = getter(module)
            except Exception:  # noqa: BLE001
                exported = []
            for api_names, constant in exported:
                constants.setdefault(constant, []).extend(prefix + n for n in api_names)
        for name, value in _public_names(module):
            if isinstance(value, types.ModuleType):
                continue
            candidates: list[str] = []
            if _is_api_object(value):
                try:
                    v2 = list(tf_export.get_v2_names(value))
                    v1 = list(tf_export.get_v1_names(value))
                except Exception:  # noqa: BLE001
                    v2, v1 = [], []
                candidates += [f"tensorflow.{n}" for n in v2]
                candidates += [f"tensorflow.compat.v1.{n}" for n in v1]
            candidates += constants.get(name, [])
            candidates += _implementation_of(path, name, value)
            public = [c for c in candidates if not any(part.startswith("_") for part in c.split("."))]
            # The object's own export names must exist (the public object may be a dispatch wrapper of it) ...
            valid = {c for c in public if _resolve(c) is not None}
            # ... while a public object found by identity is the same object by construction.
            valid |= {c for c in public_ids.get(id(value), []) if not c.startswith("tensorflow._")}
            ranked = sorted(valid, key=_tf_rank)
            if ranked:
                symbols.setdefault(path, {})[name] = ranked[0]
                calls_differ = callable(value) and not inspect.isclass(value) and _resolve(ranked[0]) is not value
                mapping = call_map(value, ranked[0]) if calls_differ else None
                if mapping is not None:
                    calls[f"{path}.{name}"] = mapping
    return modules, symbols, calls


def _implementation_of(path: str, name: str, value) -> list[str]:
    target = IMPLEMENTATIONS.get(path, {}).get(name)
    if target is None:
        return []
    doc = inspect.getdoc(value) or ""
    if f"Implementation of the public {target.rpartition('.')[2]}" not in doc:
        raise SystemExit(f"{path}.{name} no longer says it implements {target}: review IMPLEMENTATIONS")
    return [target]


def _parameters(function) -> list[inspect.Parameter] | None:
    try:
        return list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        return None


def _argument_renames(function) -> dict[str, str]:
    """old keyword -> new, from the ``deprecated_argument_lookup("new", new, "old", old)`` calls that ``function``
    (a public ``tf.compat.v1`` function) makes directly or through the functions of its module it calls."""
    function = inspect.unwrap(function)
    try:
        tree = ast.parse(inspect.getsource(inspect.getmodule(function) or function))
    except (OSError, TypeError, SyntaxError):
        return {}
    defs = {node.name: node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    renames: dict[str, str] = {}
    pending, seen = [function.__name__], set()
    while pending:
        name = pending.pop()
        if name in seen or name not in defs:
            continue
        seen.add(name)
        for call in (n for n in ast.walk(defs[name]) if isinstance(n, ast.Call)):
            callee = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
            args = call.args
            if callee == "deprecated_argument_lookup" and len(args) == 4:
                new, old = args[0], args[2]
                if isinstance(new, ast.Constant) and isinstance(old, ast.Constant):
                    renames[str(old.value)] = str(new.value)
            elif isinstance(call.func, ast.Name):
                pending.append(callee)
    return renames


def call_map(private, target: str) -> dict | None:
    """How calls of ``private`` become calls of ``target``; None when the two take the same parameters."""
    mine, theirs = _parameters(private), _parameters(_resolve(target))
    if mine is None or theirs is None or [p.name for p in mine] == [p.name for p in theirs]:
        return None
    public = {p.name for p in theirs if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}
    v1 = _resolve("tensorflow.compat.v1." + target[len("tensorflow.") :]) if "compat.v1" not in target else None
    renames = _argument_renames(v1) if callable(v1) else {}
    keywords = {}
    for p in mine:
        new = p.name if p.name in public else renames.get(p.name)
        keywords[p.name] = new if new in public else None
    positional = 0
    for a, b in zip(mine, theirs):
        if a.name != b.name or a.kind not in (a.POSITIONAL_ONLY, a.POSITIONAL_OR_KEYWORD):
            break
        positional += 1
    return {"keywords": keywords, "params": [p.name for p in mine], "positional": positional}


def unimportable_parents(symbols: dict[str, dict[str, str]]) -> list[str]:
    """Public API modules that ``from X import Name`` cannot use (tensorflow.distribute: a real package of the
    same name shadows the generated API module on import), so the rewrite spells those names as attributes."""
    bad = set()
    for parent in sorted({t.rpartition(".")[0] for names in symbols.values() for t in names.values()}):
        module = _quietly_import(parent)
        names = {t.rpartition(".")[2] for n in symbols.values() for t in n.values() if t.rpartition(".")[0] == parent}
        if module is None or not all(hasattr(module, name) for name in names):
            bad.add(parent)
    return sorted(bad)


def _version(name: str) -> str:
    module = _quietly_import(name)
    return getattr(module, "__version__", "unknown") if module is not None else "not installed"


def generate() -> dict:
    keras3_modules, keras3_ids = keras3_index()
    keras_modules, keras_symbols, keras_no_public = keras_tables(keras3_modules, keras3_ids)
    tf_modules, tf_symbols, tf_calls = tf_tables(tf_public_index())
    return {
        "generated_by": "tools/gen_private_names.py",
        "keras_version": _version("keras"),
        "tensorflow_version": _version("tensorflow"),
        "tf_keras_version": _version("tf_keras"),
        "keras_modules": keras_modules,
        "keras_no_public": keras_no_public,
        "keras_symbols": keras_symbols,
        "public_keras_modules": keras3_modules,
        "tf_calls": tf_calls,
        "tf_modules": tf_modules,
        "tf_symbols": tf_symbols,
        "unimportable_modules": unimportable_parents(tf_symbols),
    }


def render(table: dict) -> str:
    return json.dumps(table, sort_keys=True, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    if os.environ.get("PYTHONHASHSEED") != "0":
        # Some modules leave loop variables over sets behind (weak_tensor_ops.tensor_oper is whichever operator
        # came last), so string hashing must be fixed for the table to come out the same on every run.
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed table differs")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    text = render(generate())
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date: run tools/gen_private_names.py", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} ({len(text)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
