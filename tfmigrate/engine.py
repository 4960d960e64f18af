"""Migrating one piece of source text: pre-filter, parse, run the selected transforms, check the result."""

from __future__ import annotations

import ast
import difflib
import io
import re
import tokenize
import warnings
from collections.abc import Callable, Collection, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial

import libcst as cst
from libcst.codemod import Codemod, CodemodContext, SkipFile
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.helpers import get_full_name_for_node
from libcst.metadata import (
    Assignment,
    MetadataWrapper,
    ParentNodeProvider,
    PositionProvider,
    QualifiedNameProvider,
    ScopeProvider,
)

from tfmigrate import annotations as marking
from tfmigrate import config, cstpatch, facts, suppression  # noqa: F401 (cstpatch patches libcst)
from tfmigrate import model as semantic
from tfmigrate.cstfields import code as module_code
from tfmigrate.cstfields import forget as forget_children
from tfmigrate.cstfields import forget_codes, known_code, parent_map, start_lines
from tfmigrate.ftypes import Change, FollowUp, Options, SourceError
from tfmigrate.gate_text import code_text
from tfmigrate.line_matching import LineMatcher
from tfmigrate.transforms import selected
from tfmigrate.transforms.base import CHANGES_KEY, FOLLOWUPS_KEY, Transform

PREFILTER = re.compile(r"tensorflow|keras")
# libcst holds a few hundred bytes of tree and metadata per source byte: past this a single file would take
# minutes and gigabytes. Hand-written TensorFlow code is far below it; generated op wrappers come close.
MAX_SOURCE_CHARS = 2_000_000
# Rules' ``needs`` (tfmigrate.facts) on top of their text gates; off only to check that they change no output.
SEMANTIC_GATES = True
# Rules that can be made as range edits on the ast model (``Transform.edits``) are; off only to check that
# the edits give the same output as the libcst rules (tests/test_engine_edits.py).
EDITS = True


@dataclass
class Outcome:
    text: str
    changes: list[Change]
    followups: list[FollowUp]
    skipped: str | None = None  # why the file was left alone on purpose (skip-file, @generated)
    sites: list[FollowUp] = field(default_factory=list)  # every follow-up before one_per_cause (notebook cells)


def might_need_migration(text: str) -> bool:
    """The fast gate: a file that never mentions tensorflow or keras is not even parsed."""
    return PREFILTER.search(text) is not None


def check_parses(text: str, what: str) -> ast.Module:
    """Reject what the running Python cannot compile; libcst alone accepts some Python 2 forms."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(text)
    except SyntaxError as err:
        hint = " (Python 2 code? tfmigrate needs Python 3 syntax)" if _looks_like_python2(err) else ""
        raise SourceError(f"{what} does not parse: {err.msg}{hint}", err.lineno) from None
    except (RecursionError, MemoryError):
        raise SourceError(f"{what} is nested too deeply to parse", None) from None
    except ValueError as err:
        raise SourceError(f"{what} does not parse: {err}", None) from None


def _looks_like_python2(err: SyntaxError) -> bool:
    text = (err.text or "").strip()
    return "print" in (err.msg or "") or text.startswith(("print ", "exec ")) or "except " in text and "," in text


def parse(text: str) -> cst.Module:
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as err:
        mixed = _mixed_indent(text) if "tokenizer error" in err.message else None
        if mixed is not None:
            raise SourceError(
                "indentation mixes tabs and spaces: Python accepts it, libcst cannot read it, "
                "so the file is left as it is; re-indent it with spaces only (an editor's 'convert indentation "
                "to spaces', or `expand -i -t 8`, which keeps Python's reading) and run tfmigrate again",
                mixed,
            ) from None
        raise SourceError(f"source does not parse: {err.message}", err.raw_line) from None
    except RecursionError:
        raise SourceError("source is nested too deeply to parse", None) from None


def _mixed_indent(text: str) -> int | None:
    """The first line whose indentation has both tabs and spaces (an INDENT token, so never a string's
    content): CPython compares such indents under tab sizes 8 and 1, libcst's tokenizer cannot."""
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.INDENT and " " in token.string and "\t" in token.string:
                return token.start[0]
    except (tokenize.TokenError, SyntaxError):
        return None
    return None


def migrate_text(text: str, options: Options, filename: str = "<string>") -> Outcome:
    """Run every selected transform over ``text``.

    Raises SourceError when the input cannot be migrated; an exception from inside a transform is turned into
    a SourceError naming the rule, so one bad rule on one file never takes the run down.
    """
    try:
        return _migrate_text(text, options, filename)
    finally:
        forget_children()  # the memo of libcst children holds this file's trees
        forget_codes()
        semantic.forget_recent()


def _migrate_text(text: str, options: Options, filename: str) -> Outcome:
    options = config.for_file(options, filename)
    skipped = suppression.skip_reason(text)
    if skipped:
        return Outcome(text, [], [], skipped=skipped)
    if not might_need_migration(text):
        return Outcome(text, [], [])
    if len(text) > MAX_SOURCE_CHARS:
        raise SourceError(
            f"file is too large to migrate ({len(text) / 1e6:.1f} MB of text, limit {MAX_SOURCE_CHARS / 1e6:.1f} MB):"
            " it is most likely generated; regenerate it, or split it and run again"
        )
    known: facts.Facts | None  # None once the tree changed, until a rule needs it read again
    syntax = check_parses(text, "source")
    known = facts.read(syntax)  # names through every import of their root: no model built for a file no rule needs
    rules = [r for r in selected(options.select, options.ignore) if r.active(options)]
    if SEMANTIC_GATES and not any(r.needs(known) or r.required(options) for r in rules):
        return Outcome(text, [], [])
    gate = code_text(text)
    if not any(r.required(options) or r.wants(gate) and (not SEMANTIC_GATES or r.needs(known)) for r in rules):
        return Outcome(text, [], [])
    rules = suppression.apply(rules, text)
    # libcst parses the file only when a rule that needs its tree runs: rules made as range edits read the
    # ast model, and on many files they are all that acts. The gates' facts resolve names through the model.
    tree = gated = _Tree(text, syntax=syntax)
    known = _facts(tree, known)
    context = CodemodContext(filename=filename)
    for rule in rules:
        # Each rule is gated on the code it is given: an earlier rule may have written the import a later
        # rule needs (TFM003's public tensorflow imports for TFM101), or removed all it could act on.
        if gated is not tree:
            gated, gate, known = tree, code_text(tree.code), None
        required = rule.required(options) or rule.asked(context.scratch)
        if not required and not rule.wants(gate):
            continue
        if SEMANTIC_GATES and not required:
            if known is None:
                known = _facts(tree, facts.read(tree.syntax))
            if not rule.needs(known):
                continue
        tree = _run(rule, tree, context, options)
    new_text = tree.code
    if new_text != text:
        new_text = _with_layout(text, new_text, context.scratch)
        if new_text != tree.code or not tree.parsed:  # a later rule's gate may have parsed this output already
            check_parses(new_text, "tfmigrate's output")
    changes = sorted(set(context.scratch.get(CHANGES_KEY, [])))
    every_site = sorted(set(context.scratch.get(FOLLOWUPS_KEY, [])))
    if options.annotate and every_site:
        new_text = marking.mark(text, new_text, every_site)
    followups = one_per_cause(every_site)
    return Outcome(new_text, changes, followups, sites=every_site)


def _facts(tree: _Tree, known: facts.Facts) -> facts.Facts:
    """The gates' facts of the tree's code (``known``), names resolved in their scopes through the model."""
    try:
        return known.scoped(tree.model)
    except RecursionError:
        return known  # names resolved through every import: wider, never narrower


def one_per_cause(followups: list[FollowUp]) -> list[FollowUp]:
    """One follow-up per rule and message (a cause), at its first place; the message lists the other places.

    A report is for people: ``tf.estimator was removed`` once per file (or notebook), not once per use or cell."""
    found: dict[tuple[str, str], list[FollowUp]] = {}
    for f in sorted(set(followups), key=_place):
        found.setdefault((f.code, f.message), []).append(f)
    out = []
    for (code, message), sites in found.items():
        first = sites[0]
        if len(sites) > 1:
            message = f"{message} (and {len(sites) - 1} more: {_places(first.cell, sites[1:])})"
        out.append(FollowUp(first.line, code, message, first.cell))
    return sorted(out, key=_place)


def _place(f: FollowUp) -> tuple:
    return (f.cell or 0, f.line, f.code, f.message)


def _places(cell: int | None, sites: list[FollowUp]) -> str:
    """``lines 6, 7``, or ``lines 6, 7; cell 3 line 1`` when the others are in other notebook cells."""
    groups: list[tuple[int | None, list[int]]] = []
    for f in sites[:10]:
        if groups and groups[-1][0] == f.cell:
            groups[-1][1].append(f.line)
        else:
            groups.append((f.cell, [f.line]))
    parts = [
        ("" if where == cell else f"cell {where} ")
        + f"line{'s' if len(lines) > 1 else ''} "
        + ", ".join(map(str, lines))
        for where, lines in groups
    ]
    return "; ".join(parts) + (", ..." if len(sites) > 10 else "")


def _with_layout(original: str, migrated: str, scratch: dict) -> str:
    """``migrated`` with the layout libcst loses put back (``restore_layout``), when a libcst rule printed it."""
    if reprints_itself(original):
        return migrated
    if scratch.get(_PARSED_KEY) is not None:
        return restore_layout(original, module_code(scratch[_PARSED_KEY]), migrated)
    if scratch.get(_LIBCST_RAN_KEY):
        return restore_layout(original, parse(original).code, migrated)
    return migrated


def reprints_itself(text: str) -> bool:
    """Whether libcst's tree of ``text`` prints ``text`` back byte for byte, told without parsing it.

    What libcst does not reproduce (``restore_layout``) needs a form feed, a CR, or whitespace other than newlines
    after the last code; a byte-order mark is dropped too. A tab sends the file to the parse as well: libcst
    refuses an indent mixing tabs and spaces, and that parse is what says so for a file only range edits changed.
    On most files the layout check was a second libcst parse of the file, paid only to find nothing to restore.
    """
    return not any(c in text for c in "\f\r\ufeff\t") and text[len(text.rstrip()) :].strip("\n") == ""


LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def restore_layout(original: str, reprinted: str, migrated: str) -> str:
    """Copy the lines no rule touched from ``original``, for the few bytes libcst cannot reproduce.

    libcst drops a form feed that starts a statement line, a blank line before trailing whitespace at the
    end, and the final CR of a CR-only file, so ``reprinted`` (the unmodified tree printed back) can differ
    from ``original``. Lines are matched original -> reprinted -> migrated; every line no rule changed is
    taken from the original, and lines libcst dropped are put back where they were.
    """
    if reprinted == original:
        return migrated
    o, r, m = LINE.findall(original), LINE.findall(reprinted), LINE.findall(migrated)
    source_of: dict[int, int] = {}
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, o, r, autojunk=False).get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            source_of.update({j1 + k: i1 + k for k in range(j2 - j1)})
    out: list[str] = []
    done = 0  # original lines before this one are already accounted for
    for op, j1, j2, k1, k2 in difflib.SequenceMatcher(None, r, m, autojunk=False).get_opcodes():
        mapped = [source_of[j] for j in range(j1, j2) if j in source_of]
        if op == "equal":
            for j in range(j1, j2):
                if j in source_of:
                    out += o[done : source_of[j] + 1]
                    done = source_of[j] + 1
                else:
                    out.append(r[j])
            continue
        if mapped:
            out += o[done : mapped[0]]
            done = mapped[-1] + 1
        out += m[k1:k2]
    out += o[done:]
    return "".join(out)


class _Tree:
    """The tree the next rule sees, with its metadata wrapper: rules that change nothing (most rules, on most
    files) share one scope and qualified-name analysis instead of each paying for its own deep copy and
    analysis, which dominated the cost of a run. The tree always comes straight from the parser, so its
    nodes are unique and the wrapper may skip libcst's defensive deep copy.

    A rule's output is parsed only when a later rule runs on it: the gates read the code (``code_text``,
    ``facts``), and after the last rule that acts (on most files the only one) the parse would be thrown away.
    """

    def __init__(
        self,
        code: str,
        module: cst.Module | None = None,
        lines: _Lines | None = None,
        made_by: str = "",
        syntax: ast.Module | None = None,
    ):
        self.code = code
        self._module = module
        self._syntax = syntax
        self._model: semantic.Model | None = None
        self.original_line = lines or _Lines()
        self.made_by = made_by  # the rule whose output this is, named if libcst cannot parse it
        self._wrapper: MetadataWrapper | None = None
        self._positions: _LazyPositions | None = None
        self._parents: _LazyParents | None = None
        self.qualified_names: _LazyQualifiedNames | None = None

    @property
    def syntax(self) -> ast.Module:
        """Python's own tree of the code (the gates' facts and the model read it)."""
        if self._syntax is None:
            self._syntax = check_parses(self.code, "tfmigrate's output")
        return self._syntax

    @property
    def parsed(self) -> bool:
        """Whether Python's parser has accepted the code (its tree is kept)."""
        return self._syntax is not None

    @property
    def model(self) -> semantic.Model:
        if self._model is None:
            self._model = semantic.of_text(self.code, self.syntax)
        return self._model

    @property
    def module(self) -> cst.Module:
        if self._module is None:
            self._module = self._parse()
            if reprints_itself(self.code):
                known_code(self._module, self.code)  # its code is the text: no rule need generate it
        return self._module

    def _parse(self) -> cst.Module:
        if not self.made_by:
            return parse(self.code)  # the file as read: its own error message
        try:
            return cst.parse_module(self.code)
        except cst.ParserSyntaxError as err:
            raise SourceError(
                f"internal error in {self.made_by} (its output does not parse: {err.message}); file left untouched"
            ) from None
        except RecursionError:
            raise SourceError(f"{self.made_by}: source is nested too deeply to transform", None) from None

    @property
    def wrapper(self) -> MetadataWrapper:
        if self._wrapper is None:
            self._wrapper = MetadataWrapper(self.module, unsafe_skip_copy=True)
        return self._wrapper

    @property
    def positions(self) -> _LazyPositions:
        if self._positions is None:
            self._positions = _LazyPositions(self.wrapper)
        return self._positions

    @property
    def parents(self) -> _LazyParents:
        if self._parents is None:
            self._parents = _LazyParents(self.module)
        return self._parents

    def successor(self, code: str, made_by: str) -> _Tree:
        """The next rule's tree; its lines map back through this one to the lines of the file as read."""
        return _Tree(code, lines=_Lines(code, self.code, self.original_line), made_by=made_by)


class _Lines:
    """1-based line of a rule's output -> the line of the file as read, through every earlier rule's output.

    The map is computed on the first lookup (a later rule that reports something): a diff of the two texts
    that most runs never need. It holds texts and earlier maps, never a tree."""

    def __init__(self, new: str | None = None, old: str | None = None, before: _Lines | None = None) -> None:
        self._texts = (new, old) if new is not None and old is not None else None
        self._back: Callable[[int], int] | None = None
        self._before = before

    def __call__(self, line: int) -> int:
        if self._texts is not None:
            self._back = _line_map(*self._texts)
            self._texts = None
        if self._back is not None:
            line = self._back(line)
        return self._before(line) if self._before is not None else line


def _line_map(new: str, old: str) -> Callable[[int], int]:
    """1-based line in ``new`` -> the line of ``old`` it came from (or the start of the lines it replaced)."""
    matcher = LineMatcher(old.splitlines(), new.splitlines())  # difflib's opcodes (autojunk=False), faster
    mapping: dict[int, int] = {}
    for _, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(j2 - j1):
            mapping[j1 + k + 1] = min(i1 + k, max(i2 - 1, i1)) + 1
    return lambda line: mapping.get(line, line)


def _remap_reports(context: CodemodContext, start: tuple[int, int], tree: _Tree) -> None:
    """Rules report lines of the tree they were given; after an earlier rule changed the code, those are not
    the lines of the file as read, which is what users, diffs and annotations refer to. The same holds for the
    lines a message names ("a second Session (line 48)")."""
    for key, begin in zip((CHANGES_KEY, FOLLOWUPS_KEY), start):
        items = context.scratch.get(key, [])
        for index in range(begin, len(items)):
            item = items[index]
            message = _LINE_REFERENCE.sub(lambda m: f"line {tree.original_line(int(m.group(1)))}", item.message)
            items[index] = replace(
                item, line=tree.original_line(item.line) if item.line else item.line, message=message
            )


_LINE_REFERENCE = re.compile(r"\bline (\d+)\b")
_PARSED_KEY = "tfmigrate.engine.parsed"  # libcst's tree of the file as read, once a libcst rule ran on it
_LIBCST_RAN_KEY = "tfmigrate.engine.libcst_ran"


@contextmanager
def _shared_metadata(rule: Transform, tree: _Tree, module: cst.Module):
    wrapper = tree.wrapper
    if module is not wrapper.module:
        with Codemod._handle_metadata_reference(rule, module) as fresh:
            yield fresh
        return
    wanted = rule.get_inherited_dependencies()
    lazy = {PositionProvider, QualifiedNameProvider, ParentNodeProvider}
    eager = [p for p in wanted if p not in lazy]
    if QualifiedNameProvider in wanted and ScopeProvider not in eager:
        eager.append(ScopeProvider)
    rule.metadata = dict(wrapper.resolve_many(eager))
    if PositionProvider in wanted:
        rule.metadata[PositionProvider] = tree.positions
    if ParentNodeProvider in wanted:
        rule.metadata[ParentNodeProvider] = tree.parents
    if QualifiedNameProvider in wanted:
        if tree.qualified_names is None:
            tree.qualified_names = _LazyQualifiedNames(rule.metadata[ScopeProvider])
        rule.metadata[QualifiedNameProvider] = tree.qualified_names
    previous = rule.context.wrapper
    rule.context = replace(rule.context, wrapper=wrapper)
    try:
        yield wrapper.module
    finally:
        rule.context = replace(rule.context, wrapper=previous)
        rule.metadata = {}


class _LazyQualifiedNames(Mapping):
    """libcst's QualifiedNameProvider walks the whole tree to attach a lazy value to every node, yet rules
    ask about a few names; each is computed from its node's scope when first asked, as libcst computes it
    (no scope: no names).

    For a name that is an access, libcst's answer is the union of what every assignment it may refer to
    names, recomputed for every access: in a module that binds one name many times (a long script
    reassigning ``x``, concatenated programs each importing ``tf``) that is quadratic. The same union is
    computed here once per distinct set of assignments, and each assignment's names once.
    """

    def __init__(self, scopes: Mapping) -> None:
        self._scopes = scopes
        self._names: dict[cst.CSTNode, object] = {}
        self._by_referents: dict[frozenset, frozenset] = {}
        self._by_assignment: dict[object, frozenset] = {}
        self._bound: dict[tuple, tuple] = {}  # (scope, name) -> its assignments, and the nodes they bind
        self._by_full_name: dict[tuple, frozenset] = {}

    def __getitem__(self, node):
        try:
            return self._names[node]
        except KeyError:
            scope = self._scopes.get(node)
            names = self._names[node] = self._compute(scope, node) if scope else set()
            return names

    def _compute(self, scope, node) -> Collection:
        # libcst's Scope.get_qualified_names_for, memoized: the same answers in the same order of checks.
        accesses = scope._accesses_by_node.get(node)
        if accesses:
            referents = frozenset().union(*(access.referents for access in accesses))
            names = self._by_referents.get(referents)
            if names is None:
                names = self._by_referents[referents] = frozenset().union(*map(self._assigned, referents))
            return names
        full_name = get_full_name_for_node(node)
        if full_name is None:
            return set()
        prefix: str | None = full_name
        while prefix and prefix not in scope:
            dot = prefix.rfind(".")
            prefix = None if dot == -1 else prefix[:dot]
        if not prefix:
            return set()
        known = self._bound.get((scope, prefix))
        if known is None:
            assignments = scope[prefix]
            targets: dict[cst.CSTNode, Assignment] = {}
            for assignment in assignments:
                if isinstance(assignment, Assignment):
                    for target in _assignment_nodes(assignment.node):
                        targets.setdefault(target, assignment)
            known = self._bound[(scope, prefix)] = (assignments, targets)
        assignments, targets = known
        binder = targets.get(node)
        if binder is not None:  # the node an assignment binds: that assignment's names alone
            return binder.get_qualified_names_for(full_name)
        names = self._by_full_name.get((scope, full_name))
        if names is None:
            names = frozenset().union(*(a.get_qualified_names_for(full_name) for a in assignments))
            self._by_full_name[(scope, full_name)] = names
        return names

    def _assigned(self, assignment) -> frozenset:
        names = self._by_assignment.get(assignment)
        if names is None:
            names = self._by_assignment[assignment] = frozenset(assignment.get_qualified_names_for(assignment.name))
        return names

    def __iter__(self):
        return iter(self._scopes)

    def __len__(self) -> int:
        return len(self._scopes)


def _assignment_nodes(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The nodes libcst counts as part of an assignment at ``node`` (its ``_is_assignment``): the node, and for
    an import the name and alias of each imported name."""
    found = [node]
    if isinstance(node, (cst.Import, cst.ImportFrom)) and not isinstance(node.names, cst.ImportStar):
        for alias in node.names:
            found.append(alias.name)
            if alias.asname is not None:
                found.append(alias.asname.name)
    return found


class _LazyPositions(Mapping):
    """Positions are wanted only for the lines of changes and follow-ups, and most rules report nothing on
    most files; computing them means generating the whole module's code, so it waits for the first lookup.
    A rule that only wants the line a node starts on (``Transform.line_of``) gets it from :meth:`line`,
    which generates the code once more but records one int per node instead of two positions."""

    def __init__(self, wrapper: MetadataWrapper) -> None:
        self._wrapper = wrapper
        self._positions: Mapping | None = None
        self._lines: dict[cst.CSTNode, int] | None = None

    def _all(self) -> Mapping:
        if self._positions is None:
            self._positions = self._wrapper.resolve(PositionProvider)
        return self._positions

    def line(self, node: cst.CSTNode) -> int:
        """``self[node].start.line``; KeyError for a node that is not in the tree."""
        if self._positions is not None:
            return self._positions[node].start.line
        if self._lines is None:
            self._lines = start_lines(self._wrapper.module)
        return self._lines[node]

    def __getitem__(self, node):
        return self._all()[node]

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


class _LazyParents(Mapping):
    """libcst's ParentNodeProvider (child -> parent), computed on the first lookup from the nodes' fields.

    libcst's provider walks the tree with a visitor and asks every node for ``children``, itself a visit that
    rebuilds the node: about nine times the cost of reading the fields, and it was paid for every rule that
    declares the provider, whether or not it asked. A node's children are the CST nodes among its fields,
    alone or in a sequence (tests/test_engine_metadata.py checks the two maps are equal on every fixture).
    """

    def __init__(self, module: cst.Module) -> None:
        self._module = module
        self._parents: dict[cst.CSTNode, cst.CSTNode] | None = None

    def _all(self) -> dict[cst.CSTNode, cst.CSTNode]:
        if self._parents is None:
            self._parents = parent_map(self._module)
        return self._parents

    def __getitem__(self, node):
        return self._all()[node]

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


class _TopLevelAddImports(AddImportsVisitor):
    """libcst's AddImportsVisitor, without its two walks over every node of the module.

    It only reads and edits import lines in the module's own body (the imports at the top, and the place
    to insert new ones), yet both its preliminary gathering pass and its transform descend into every
    function: on a large file that was a second per rule that asked for an import. Here the gathering
    pass sees the module with every other statement replaced by ``pass`` (its loop stops at the first
    statement that is not an import, which either is), and the transform does not descend below import
    lines. The output is the same code.
    """

    def visit_Module(self, node: cst.Module) -> None:
        super().visit_Module(node.with_changes(body=[_import_line_or_pass(s, i) for i, s in enumerate(node.body)]))

    def on_visit(self, node: cst.CSTNode) -> bool:
        descend = super().on_visit(node)
        return descend and isinstance(node, (cst.Module, cst.SimpleStatementLine, cst.Import, cst.ImportFrom))


_PASS_LINE = cst.SimpleStatementLine([cst.Pass()])


def _import_line_or_pass(stmt: cst.CSTNode, index: int) -> cst.CSTNode:
    """The first statement is kept whole (a docstring or ``__strict__`` there is skipped), and import lines."""
    if index == 0 and isinstance(stmt, cst.SimpleStatementLine):
        return stmt
    if isinstance(stmt, cst.SimpleStatementLine) and isinstance(stmt.body[0], (cst.Import, cst.ImportFrom)):
        return stmt
    return _PASS_LINE


@contextmanager
def _no_copy_metadata(visitor: Codemod, module: cst.Module):
    """For a helper visitor that needs no metadata: libcst would deep-copy the whole module to compute none."""
    previous = visitor.context.wrapper
    visitor.context = replace(visitor.context, wrapper=MetadataWrapper(module, unsafe_skip_copy=True))
    try:
        yield module
    finally:
        visitor.context = replace(visitor.context, wrapper=previous)


def _run_import_visitor(rule: Transform, transform: type[Codemod], module: cst.Module) -> cst.Module:
    """Runs libcst's import helpers after a rule, as VisitorBasedCodemodCommand would, only cheaper."""
    if transform is AddImportsVisitor:
        transform = _TopLevelAddImports
    visitor = transform(rule.context)
    if not visitor.get_inherited_dependencies():
        visitor._handle_metadata_reference = partial(_no_copy_metadata, visitor)  # type: ignore[method-assign]  # a per-instance override of a libcst hook
    return visitor.transform_module(module)


def _run(rule: type[Transform], tree: _Tree, context: CodemodContext, options: Options) -> _Tree:
    start = (len(context.scratch.get(CHANGES_KEY, [])), len(context.scratch.get(FOLLOWUPS_KEY, [])))
    try:
        instance = rule(context, options)
        if EDITS:
            edited = instance.edits(tree.model)
            if edited is not None:
                _remap_reports(context, start, tree)
                return tree if edited == tree.code else tree.successor(edited, rule.CODE)
            for key, begin in zip((CHANGES_KEY, FOLLOWUPS_KEY), start):
                del context.scratch[key][begin:]  # what the plan reported before it declined
        if not tree.made_by and _PARSED_KEY not in context.scratch:
            context.scratch[_PARSED_KEY] = tree.module  # the file as read, for restore_layout
        context.scratch[_LIBCST_RAN_KEY] = True
        instance._handle_metadata_reference = partial(_shared_metadata, instance, tree)  # type: ignore[method-assign]  # a per-instance override of a libcst hook
        instance._instantiate_and_run = partial(_run_import_visitor, instance)  # type: ignore[method-assign]  # a per-instance override of a libcst hook
        module = instance.transform_module(tree.wrapper.module)
        _remap_reports(context, start, tree)
        code = module_code(module)
        if code == tree.code:
            return tree
        return tree.successor(code, rule.CODE)
    except SkipFile:
        return tree
    except cst.ParserSyntaxError as err:
        reason = f"internal error in {rule.CODE} (its output does not parse: {err.message}); file left untouched"
        raise SourceError(reason) from None
    except RecursionError:
        raise SourceError(f"{rule.CODE}: source is nested too deeply to transform", None) from None
    except SourceError:
        raise
    except Exception as err:  # noqa: BLE001 - contained per file, reported with the rule that raised
        raise SourceError(f"internal error in {rule.CODE} ({type(err).__name__}: {err}); file left untouched") from err
    finally:
        # libcst re-runs the import visitors after every later rule while their keys stay in the shared
        # scratch; they have been applied to this rule's output, so the keys are done with.
        context.scratch.pop(AddImportsVisitor.CONTEXT_KEY, None)
        context.scratch.pop(RemoveImportsVisitor.CONTEXT_KEY, None)
