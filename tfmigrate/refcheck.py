"""Does every TensorFlow reference in some source text exist in the installed TensorFlow?

tfmigrate promises that what it writes runs on the target TensorFlow; this module checks that promise
mechanically. It reads source text (never imports or runs it), collects every ``tf.`` attribute chain through
any tensorflow binding and every ``import tensorflow...`` / ``from tensorflow... import``, and resolves them in
a child process (so the caller never imports TensorFlow itself). Results are cached per distinct name for the
life of the process.

    from tfmigrate.refcheck import check_source
    for ref in check_source(text):
        print(ref.line, ref.name, ref.reason)

API: ``references(text)`` (what would be checked), ``resolve(names)`` (name -> None or the error),
``check_source(text)`` and ``check_sources(texts)`` (the unresolved references, with line numbers).
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass

ROOT_PACKAGE = "tensorflow"

_cache: dict[str, str | None] = {}

# Runs in the child: resolves each name and prints {name: null | "error"}.
_RESOLVER = r"""
import importlib, inspect, json, sys, types
names = json.load(sys.stdin)
out = {}
def walk(dotted):
    parts = dotted.split(".")
    obj = importlib.import_module(parts[0])
    for index, part in enumerate(parts[1:], 1):
        try:
            obj = getattr(obj, part)
        except Exception:
            if isinstance(obj, types.ModuleType) or inspect.isclass(obj):
                raise AttributeError(f"{'.'.join(parts[:index])} has no attribute {part!r}") from None
            return  # an attribute of an instance (flags, configs...): only known at run time
    return obj
for name in names:
    kind, _, rest = name.partition(":")
    try:
        if kind == "import":
            importlib.import_module(rest)
        elif kind == "from":
            module, _, attr = rest.rpartition(":")
            mod = importlib.import_module(module)
            if not hasattr(mod, attr):
                importlib.import_module(module + "." + attr)
        else:
            walk(rest)
        out[name] = None
    except BaseException as err:
        out[name] = f"{type(err).__name__}: {err}"[:300]
json.dump(out, sys.stdout)
"""


@dataclass(frozen=True, order=True)
class Reference:
    """One TensorFlow reference that did not resolve: where, what, and the error the lookup raised."""

    line: int
    name: str
    reason: str


def _dotted(node: ast.expr) -> list[str] | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return parts[::-1]
    return None


def references(text: str) -> list[tuple[int, str]]:
    """Every TensorFlow reference in ``text`` as (line, key): ``attr:tensorflow.compat.v1.placeholder``,
    ``import:tensorflow.compat.v1`` or ``from:tensorflow.keras.layers:Dense``. Raises SyntaxError."""
    tree = ast.parse(text)
    bound: dict[str, str] = {}
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] != ROOT_PACKAGE:
                    continue
                found.append((node.lineno, f"import:{alias.name}"))
                if alias.asname:
                    bound[alias.asname] = alias.name
                else:
                    bound[ROOT_PACKAGE] = ROOT_PACKAGE
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            if node.module.split(".")[0] != ROOT_PACKAGE:
                continue
            for alias in node.names:
                if alias.name == "*":
                    found.append((node.lineno, f"import:{node.module}"))
                    continue
                found.append((node.lineno, f"from:{node.module}:{alias.name}"))
                bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    own = _own_attributes(tree, bound)
    inner: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and id(node) not in inner:
            parts = _dotted(node)
            if parts is None or parts[0] not in bound:
                continue
            child = node.value
            while isinstance(child, ast.Attribute):
                inner.add(id(child))
                child = child.value
            name = ".".join([bound[parts[0]], *parts[1:]])
            if any(name == o or name.startswith(o + ".") for o in own):
                continue  # the program's own attribute (tf.model = ...), not TensorFlow's
            found.append((node.lineno, "attr:" + name))
    return sorted(set(found))


def _own_attributes(tree: ast.AST, bound: dict[str, str]) -> set[str]:
    """Attribute chains the text assigns on a tensorflow binding (``tf.model = tf.keras.Sequential()``)."""
    own: set[str] = set()
    for node in ast.walk(tree):
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else ([node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else [])
        )
        stack = list(targets)
        while stack:
            target = stack.pop()
            if isinstance(target, (ast.Tuple, ast.List)):
                stack.extend(target.elts)
            elif isinstance(target, ast.Attribute):
                parts = _dotted(target)
                if parts is not None and parts[0] in bound:
                    own.add(".".join([bound[parts[0]], *parts[1:]]))
    return own


LEGACY_KERAS_ENV = "TF_USE_LEGACY_KERAS"
_LEGACY = "legacy-keras|"  # cache-key prefix for names resolved with TF_USE_LEGACY_KERAS=1


def resolve(names: Iterable[str], timeout: float = 600, legacy_keras: bool = False) -> dict[str, str | None]:
    """Resolve reference keys (as ``references`` returns them) in a child interpreter: key -> None or error.

    ``legacy_keras`` resolves them as a program that sets TF_USE_LEGACY_KERAS=1 before importing TensorFlow
    sees them (tf.keras and tf.compat.v1.nn.rnn_cell then come from tf_keras).
    """
    wanted = sorted(set(names))
    tag = _LEGACY if legacy_keras else ""
    missing = [n for n in wanted if tag + n not in _cache]
    if missing:
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
        env.pop(LEGACY_KERAS_ENV, None)
        if legacy_keras:
            env[LEGACY_KERAS_ENV] = "1"
        done = subprocess.run(
            [sys.executable, "-c", _RESOLVER],
            input=json.dumps(missing),
            capture_output=True,
            text=True,
            env=env,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise RuntimeError(f"reference resolver failed: {done.stderr[-2000:]}")
        _cache.update({tag + k: v for k, v in json.loads(done.stdout).items()})
    return {n: _cache[tag + n] for n in wanted}


def check_sources(texts: Iterable[str], timeout: float = 600) -> list[list[Reference]]:
    """The unresolved TensorFlow references of each text (one child process for all of them; ``timeout``: its
    time limit, as in ``resolve``)."""
    texts = list(texts)
    refs = [references(text) for text in texts]
    legacy = [LEGACY_KERAS_ENV in text for text in texts]
    results = {
        flag: resolve(
            (key for found, lk in zip(refs, legacy) if lk is flag for _, key in found), timeout, legacy_keras=flag
        )
        for flag in (False, True)
    }
    return [
        sorted(Reference(line, key.partition(":")[2], reason) for line, key in found if (reason := results[lk][key]))
        for found, lk in zip(refs, legacy)
    ]


def check_source(text: str, timeout: float = 600) -> list[Reference]:
    """The unresolved TensorFlow references in ``text``, sorted by line."""
    return check_sources([text], timeout)[0]
