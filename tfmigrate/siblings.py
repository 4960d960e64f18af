"""Functions a Session program imports from a module of its own tree (``from util import get_normalized_data``):
host code or not, decided by reading that module before any file of the run is migrated.

tfmigrate migrates one file at a time, so a call into another module was a call it could not read: it may add ops
to the default graph (shifting the op seeds of the ops built after it) or run a Session, and the program kept the
graph tier (session/foreign_calls.py). Course and project trainers import their data loaders from a file beside
them. Such a module is found the way Python finds it from the program's directory (``from util import f``,
``import util``, ``from .util import f``, a package below it or below a directory the run was given), read with
``ast`` only (never imported, never written), and each imported function is host code when nothing it reaches -
its own module's functions, classes and top-level code, and one level of the modules that module imports from
the tree - names TensorFlow or Keras, and the module opens no Session (kept in graph mode, its rewrite would
switch TF2 behaviour off for every program importing it). Anything it cannot read (a module outside the tree, a
star import, a name it does not bind) is not host.

The verdicts are run facts (``Options.run_siblings``): computed from the files as they are before any of them is
rewritten (a sibling migrated in the same run does not change the program's verdict), and part of the program's
cache key together with the digest of every sibling read, so a changed sibling runs the program's analysis again.
"""

from __future__ import annotations

import ast
import builtins
import hashlib
import os
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tfmigrate.host_libraries import UNREAD, Decision, decide
from tfmigrate.transforms._checkpoint import SAFE_MODULES

GRAPH_ROOTS = frozenset({"tensorflow", "keras", "tf_keras", "tensorflow_hub", "tensorflow_probability"})
# A module naming one of these keeps (or switches to) the graph tier when migrated: importing it would then
# switch TF2 behaviour off, or it runs the graph itself.
GRAPH_TIER = ("Session", "Supervisor", "disable_v2_behavior", "disable_eager_execution", "enable_eager_execution")
TRIGGERS = ("Session", "Supervisor")  # the programs whose calls TFM201's eager rewrite reads
DEPTH = 1  # the modules a sibling imports from the tree are read; theirs are not
BUILTIN_NAMES = frozenset(dir(builtins))
WORD = re.compile(r"[A-Za-z_]\w*")

Fact = tuple[str, str, str]  # (name the program binds, "" = host code or why not, "file digest" of the module read)


@dataclass
class _Module:
    """One module of the tree, read once per run."""

    path: Path
    display: str
    digest: str
    tree: ast.Module
    depth: int
    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = field(default_factory=dict)
    classes: dict[str, ast.ClassDef] = field(default_factory=dict)
    imports: dict[str, tuple[ast.Import | ast.ImportFrom, str]] = field(default_factory=dict)  # name -> (node, alias)
    assigned: set[str] = field(default_factory=set)
    verdicts: dict[str, str] = field(default_factory=dict)
    top: str | None = None  # why the module's own code (run on import) is not host, "" when it is
    uses: _Uses | None = None  # its imports and reads (Reader.readers)


@dataclass
class _Uses:
    """A module's imports, dynamic imports (None: a name not written), attributes read and names used as values."""

    imports: list[ast.Import | ast.ImportFrom] = field(default_factory=list)
    dynamic: list[str | None] = field(default_factory=list)
    attributes: set[str] = field(default_factory=set)
    values: set[str] = field(default_factory=set)


class Reader:
    """The run's reads of tree modules: each parsed once, verdicts kept per module and name."""

    def __init__(self, roots: Iterable[Path] = (), files: Iterable[Path] = ()) -> None:
        self.roots = [Path(os.path.abspath(r)) for r in roots if os.path.isdir(r)]
        self.files = sorted({Path(os.path.realpath(f)) for f in files if str(f).endswith(".py")})  # the run's
        self.modules: dict[tuple[Path, int], _Module | None] = {}
        self.busy: set[tuple[Path, int, str]] = set()  # the names being read, callers first
        self.assumed: list[tuple[Path, int, str]] = []  # names found busy (assumed host) while reading another
        self.words: dict[Path, list] = {}  # the modules of a program's directory and the words each spells (readers)
        self.spelled: dict[Path, frozenset[str]] = {}  # the words each module read for readers spells
        self.index: dict[str, list[Path]] | None = None  # word -> the run's files spelling it

    # ------------------------------------------------------------------------------------------- the program
    def facts(self, path: Path | None, text: str) -> tuple[Fact, ...]:
        """The verdict on every name the program at ``path`` imports from a module of its tree, or from a module
        outside it that is not TensorFlow or a known plain library (tfmigrate.host_libraries); with ``path`` None,
        on the latter only (no tree: a program migrated on its own)."""
        if not any(word in text for word in TRIGGERS):
            return ()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError):
            return ()
        here = Path(os.path.abspath(path)).parent if path is not None else None
        bound: dict[str, list[tuple[ast.Import | ast.ImportFrom, str]]] = {}
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    name = alias.asname or alias.name.split(".")[0]
                    bound.setdefault(name, []).append((node, alias.name))
        found: list[Fact] = []
        for name, imports in sorted(bound.items()):
            if len(imports) != 1:
                continue
            node, imported = imports[0]
            read = self._resolve(here, node, imported, 0)
            if isinstance(read, Decision):  # installed, the standard library, a known graph library
                if not read.verdict.endswith(UNREAD):  # found nowhere: nothing to say (session/foreign_calls.py)
                    found.append((name, read.verdict, read.key))
                continue
            if read is None or isinstance(node, ast.Import) and "." in imported:
                continue  # ``import pkg.util`` binds ``pkg``
            module, attribute = read
            if attribute is None:
                verdict = self._module_used(module, tree, name)
            else:
                verdict = self.name(module, attribute)
            found.append((name, verdict, f"{module.display} {module.digest}"))
        return tuple(found)

    def readers(self, path: Path) -> tuple[Fact, ...]:
        """The attributes that other modules of the run's tree importing the program read (``model.gain`` after
        ``from train import model``, ``train.gain``, ``from pkg.train import gain``): ``(".gain", the reading
        module, its digest)``; ``".*"`` when one may read any name (``from train import *``, ``getattr(train, ...)``
        or the module otherwise used as a value, ``importlib.import_module("train")``). The eager rewrite may name
        a later value apart (``self.gain_1``, classes.py); code in another file reading ``.gain`` would then read
        the earlier value, so such a rename refuses (session/sibling_modules.py)."""
        here = Path(os.path.realpath(path))
        found: dict[str, _Module] = {}
        for other in self._spelling(here):
            module = self._read(other, 0)
            if module is None:
                continue
            for attribute in self._reads_of(module, here):
                found.setdefault(attribute, module)
        return tuple(
            (f".{attribute}", module.display, f"{module.display} {module.digest}")
            for attribute, module in sorted(found.items())
        )

    def _reads_of(self, module: _Module, program: Path) -> set[str]:
        """The names of ``program`` that ``module`` may read ("*": any), importing it as Python would."""
        uses = self._uses(module)
        if any(name is None or name.split(".")[-1] == program.stem for name in uses.dynamic):
            return {"*"}
        bound: set[str] = set()  # the names ``module`` binds to the program's module
        read: set[str] = set()
        taken = False  # names taken from the program by ``from train import ...``
        here = module.path.parent
        for node in uses.imports:
            for alias in node.names:
                if isinstance(node, ast.Import):
                    if self._is(here, alias.name, 0, program):
                        bound.add(alias.asname or alias.name.split(".")[0])
                elif self._is(here, node.module or "", node.level, program):  # ``from train import gain``, ``*``
                    read.add(alias.name)
                    taken = True
                elif self._is(here, ".".join(filter(None, (node.module, alias.name))), node.level, program):
                    bound.add(alias.asname or alias.name)  # ``from pkg import train``, ``from . import train``
        if bound & uses.values:  # ``getattr(train, ...)``, ``vars(train)``, the module passed on
            return {"*"}
        if bound or taken:
            read |= uses.attributes  # any ``x.gain`` (``model.gain`` after ``from train import model``)
        return {"*"} if "*" in read else read

    def _uses(self, module: _Module) -> _Uses:
        """What ``readers`` needs of a module, gathered in one walk."""
        if module.uses is None:
            uses = module.uses = _Uses()
            values = {id(n.value) for n in ast.walk(module.tree) if isinstance(n, ast.Attribute)}
            for node in ast.walk(module.tree):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    uses.imports.append(node)
                elif isinstance(node, ast.Call) and _dynamic_import(node):
                    first = node.args[0]
                    literal = first.value if isinstance(first, ast.Constant) else None
                    uses.dynamic.append(literal if isinstance(literal, str) else None)
                elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
                    uses.attributes.add(node.attr)
                elif isinstance(node, ast.Name) and id(node) not in values:
                    uses.values.add(node.id)
        return module.uses

    def _is(self, here: Path, dotted: str, level: int, program: Path) -> bool:
        """``dotted`` imported at ``level`` from a module in ``here`` is the program's file."""
        if not dotted or dotted.split(".")[-1] != program.stem:
            return False
        found = self._find(here, dotted, level, 0)
        return found is not None and found.path == program

    def _spelling(self, here: Path) -> list[Path]:
        """The modules of the program's directory and of the run's files (``Reader(files=...)``) that spell its
        name (the others do not import it, and are not parsed); the run's files indexed by word once per run."""
        if self.index is None:
            self.index = {}
            for other in self.files:
                for word in self._words(other):
                    self.index.setdefault(word, []).append(other)
        found = set(self.index.get(here.stem, ()))
        found.update(other for other, words in self._beside(here.parent) if here.stem in words)
        found.discard(here)
        return sorted(found)

    def _beside(self, directory: Path) -> list[tuple[Path, frozenset[str]]]:
        """The modules of ``directory``, each with the words its text spells, read once per run."""
        if directory not in self.words:
            self.words[directory] = [
                (Path(os.path.realpath(o)), self._words(o)) for o in sorted(directory.glob("*.py"))
            ]
        return self.words[directory]

    def _words(self, real: Path) -> frozenset[str]:
        if real not in self.spelled:
            try:
                text = real.read_bytes().decode("utf-8", "replace")
            except OSError:
                text = ""
            self.spelled[real] = frozenset(WORD.findall(text))
        return self.spelled[real]

    def _module_used(self, module: _Module, program: ast.Module, name: str) -> str:
        """``import util``: host when every use is ``util.<host name>``."""
        attributes = {id(n.value): n.attr for n in ast.walk(program) if isinstance(n, ast.Attribute)}
        for node in ast.walk(program):
            if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load):
                if id(node) not in attributes:
                    return (
                        f"module `{name}` ({module.display}) is used other than by `{name}.<name>` (line {node.lineno})"
                    )
                verdict = self.name(module, attributes[id(node)])
                if verdict:
                    return verdict
        return ""

    # ------------------------------------------------------------------------------------------- resolution
    def _resolve(
        self, here: Path | None, node: ast.Import | ast.ImportFrom, imported: str, depth: int
    ) -> tuple[_Module, str | None] | Decision | None:
        """What an import reads: a module of the tree (from ``here``, within DEPTH), else for an absolute import
        of a module that is neither TensorFlow nor a plain library, host_libraries' decision, or the module's
        source in the directory of the path that holds it (within DEPTH, read like a module of the tree)."""
        if here is not None and depth <= DEPTH:
            read = self._import(here, node, imported, depth)
            if read is not None:
                return read
        if isinstance(node, ast.ImportFrom) and (node.level or not node.module):
            return None
        dotted = node.module if isinstance(node, ast.ImportFrom) and node.module else imported
        root = dotted.split(".")[0]
        if root in SAFE_MODULES or root in ("__future__", "tensorflow", "keras"):  # the analysis reads these
            return None
        decision = decide(root)
        if decision.source is None:
            return decision
        if depth > DEPTH:
            return Decision(f"`{root}` is source in {decision.source}, imported deeper than tfmigrate reads", "")
        module = self._find(decision.source, dotted, 0, depth)
        if module is None:
            return Decision(f"`{dotted}` is no module file tfmigrate reads in {decision.source}", "")
        return module, imported if isinstance(node, ast.ImportFrom) else None

    def _import(
        self, here: Path, node: ast.Import | ast.ImportFrom, imported: str, depth: int
    ) -> tuple[_Module, str | None] | None:
        """The tree module an import reads and the name it takes from it (None: the module itself)."""
        if isinstance(node, ast.Import):
            module = self._find(here, imported, 0, depth)
            return (module, None) if module is not None else None
        if node.level == 0 and node.module and node.module.split(".")[0] in SAFE_MODULES | GRAPH_ROOTS:
            return None
        if node.module is None:  # ``from . import util``
            module = self._find(here, imported, node.level, depth)
            return (module, None) if module is not None else None
        module = self._find(here, node.module, node.level, depth)
        if module is not None:
            return module, imported
        return None

    def _find(self, here: Path, dotted: str, level: int, depth: int) -> _Module | None:
        """The file Python imports for ``dotted`` from a program in ``here``, when exactly one file of the tree
        (the program's directory, or a directory the run was given that holds it) answers."""
        if level:
            base = here
            for _ in range(level - 1):
                base = base.parent
            bases = [base]
        else:
            bases = [here, *(r for r in self.roots if r != here and here.is_relative_to(r))]
        found = set()
        for base in bases:
            if not (base.is_relative_to(here) or any(base.is_relative_to(r) for r in self.roots)):
                continue
            stem = base.joinpath(*dotted.split("."))
            for candidate in (stem.with_name(stem.name + ".py"), stem / "__init__.py"):
                if candidate.is_file():
                    found.add(Path(os.path.realpath(candidate)))
                    break
        if len(found) != 1:
            return None
        return self._read(found.pop(), depth)

    def _read(self, path: Path, depth: int) -> _Module | None:
        if (path, depth) in self.modules:
            return self.modules[path, depth]
        try:
            data = path.read_bytes()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(data.decode("utf-8"))
        except (OSError, UnicodeDecodeError, SyntaxError, ValueError, RecursionError):
            self.modules[path, depth] = None
            return None
        display = os.path.relpath(path).replace(os.sep, "/") if path.is_relative_to(Path.cwd()) else path.name
        digest = hashlib.blake2b(data, digest_size=12).hexdigest()
        module = _Module(path, display, digest, tree, depth)
        for statement in tree.body:
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                module.functions[statement.name] = statement
            elif isinstance(statement, ast.ClassDef):
                module.classes[statement.name] = statement
        for node in _own_nodes(tree.body):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    module.imports[alias.asname or alias.name.split(".")[0]] = (node, alias.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                module.assigned.add(node.id)
        self.modules[path, depth] = module
        return module

    # ------------------------------------------------------------------------------------------- verdicts
    def name(self, module: _Module, name: str) -> str:
        """Empty when calling (or reading) ``name`` of ``module`` runs host code only; otherwise why not."""
        top = self._top(module)
        if top:
            return top
        if name in module.verdicts:
            return module.verdicts[name]
        key = (module.path, module.depth, name)
        if key in self.busy:  # a recursive function reaches itself: its other reads decide
            self.assumed.append(key)
            return ""
        self.busy.add(key)
        mark = len(self.assumed)
        definition = module.functions.get(name) or module.classes.get(name)
        if definition is not None:
            kind = "class" if isinstance(definition, ast.ClassDef) else "function"
            verdict = self._reads(module, definition, f"{kind} `{name}` ({module.display} line {definition.lineno})")
        elif name in module.imports:
            verdict = self._imported(module, name, f"`{name}` of {module.display}", module.imports[name][0].lineno)
        elif name in module.assigned:
            verdict = ""  # a value the module's host top-level code computed
        else:
            verdict = f"{module.display} does not define `{name}`"
        self.busy.discard(key)
        self.assumed[mark:] = [a for a in self.assumed[mark:] if a != key]
        if verdict or len(self.assumed) == mark:  # host only when no caller still being read was assumed host
            module.verdicts[name] = verdict
        return verdict

    def _top(self, module: _Module) -> str:
        """The module's code that runs on import: its statements outside functions, classes and a main guard."""
        if module.top is not None:
            return module.top
        module.top = ""
        for node in ast.walk(module.tree):
            word = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""
            if word and any(w in word for w in GRAPH_TIER):
                line = getattr(node, "lineno", 0)
                module.top = (
                    f"{module.display} names `{word}` (line {line}): migrated, it keeps or switches the graph tier "
                    "for every program importing it"
                )
                return module.top
            if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
                root = (node.module or "").split(".")[0]
                if node.level or root not in SAFE_MODULES:
                    module.top = f"{module.display} star-imports `{node.module or '.'}` (line {node.lineno})"
                    return module.top
        for statement in _import_time(module.tree.body):
            imports = [n for n in _own_nodes([statement]) if isinstance(n, (ast.Import, ast.ImportFrom))]
            verdict = next(filter(None, (self._imports_tree(module, n) for n in imports)), "") or self._reads(
                module, statement, f"the top-level code of {module.display}"
            )
            if verdict:
                module.top = verdict
                return verdict
        return ""

    def _imports_tree(self, module: _Module, statement: ast.Import | ast.ImportFrom) -> str:
        """An import of a tree module runs that module's top-level code."""
        for alias in statement.names:
            if module.depth + 1 > DEPTH:
                if self._tree_module(module, statement, alias.name):
                    line = statement.lineno
                    return f"{module.display} imports a module of the tree tfmigrate reads no deeper (line {line})"
                continue
            read = self._import(module.path.parent, statement, alias.name, module.depth + 1)
            if read is None:
                continue
            top = self._top(read[0])
            if top:
                return top
        return ""

    def _tree_module(self, module: _Module, statement: ast.Import | ast.ImportFrom, imported: str) -> bool:
        """The import names a module of the tree (one tfmigrate reads no deeper than DEPTH)."""
        if isinstance(statement, ast.ImportFrom):
            if statement.level == 0 and (statement.module or "").split(".")[0] in SAFE_MODULES | GRAPH_ROOTS:
                return False
            dotted = statement.module or imported
        else:
            dotted = imported
        base = module.path.parent
        for _ in range(max(0, statement.level - 1) if isinstance(statement, ast.ImportFrom) else 0):
            base = base.parent
        stem = base.joinpath(*dotted.split("."))
        return stem.with_name(stem.name + ".py").is_file() or (stem / "__init__.py").is_file()

    def _reads(self, module: _Module, node: ast.AST, what: str) -> str:
        """Every module-level name ``node`` reads is host: a safe import, a host function or class of the module,
        a value its host top-level code bound. A local named like a module name counts as that name (no scopes)."""
        for read in ast.walk(node):
            if not (isinstance(read, ast.Name) and isinstance(read.ctx, ast.Load)):
                continue
            name = read.id
            if name in module.functions or name in module.classes:
                verdict = self.name(module, name)
            elif name in module.imports:
                verdict = self._imported(module, name, what, read.lineno)
            else:
                continue  # a local, a builtin, a value of the module's own (host) top-level code
            if verdict:
                return verdict
        return ""

    def _imported(self, module: _Module, name: str, what: str, line: int) -> str:
        """The verdict on ``name``, bound by an import of ``module``, read at ``line``."""
        node, imported = module.imports[name]
        source = imported if isinstance(node, ast.Import) else f"{'.' * node.level}{node.module or imported}"
        root = source.lstrip(".").split(".")[0]
        if not (isinstance(node, ast.ImportFrom) and node.level) and root in SAFE_MODULES | {"__future__"}:
            return ""
        if root in GRAPH_ROOTS and not (isinstance(node, ast.ImportFrom) and node.level):
            return f"{what} reads `{name}` ({root}) at line {line}"
        read = self._resolve(module.path.parent, node, imported, module.depth + 1)
        if isinstance(read, Decision) and not read.verdict.endswith(UNREAD):
            return read.verdict and f"{what} reads `{name}` at line {line}: {read.verdict}"
        if isinstance(read, tuple):
            inner, attribute = read
            verdict = self.name(inner, attribute) if attribute is not None else self._top(inner)
            return verdict if not verdict or attribute is None else f"{what} calls `{name}`: {verdict}"
        return f"{what} reads `{name}` of module `{source}` at line {line}, a module tfmigrate does not read"


def _own_nodes(statements: Iterable[ast.AST]) -> Iterable[ast.AST]:
    """The nodes of ``statements`` outside the functions, classes and lambdas they define (whose names are local)."""
    todo: list[ast.AST] = list(statements)
    while todo:
        node = todo.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            todo.extend(ast.iter_child_nodes(node))


def _import_time(statements: Iterable[ast.stmt]) -> Iterable[ast.AST]:
    """What importing the module evaluates: its statements outside a main guard, and of its functions and classes
    the decorators, defaults, bases and class bodies."""
    for statement in statements:
        if _main_guard(statement):
            continue
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield from statement.decorator_list
            yield from statement.args.defaults
            yield from (d for d in statement.args.kw_defaults if d is not None)
        elif isinstance(statement, ast.ClassDef):
            yield from (*statement.decorator_list, *statement.bases, *(k.value for k in statement.keywords))
            yield from _import_time(statement.body)
        else:
            yield statement


def _dynamic_import(call: ast.Call) -> bool:
    """``importlib.import_module(...)`` / ``__import__(...)``: the module it names (or a name not written as a
    string, which may be any) is read whole."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return name in ("import_module", "__import__") and bool(call.args)


def _main_guard(statement: ast.AST) -> bool:
    return isinstance(statement, ast.If) and ast.unparse(statement.test).replace("'", '"') == '__name__ == "__main__"'
