"""Migrating one piece of source text: pre-filter, parse, run the selected transforms, check the result."""

from __future__ import annotations

import ast
import re
import warnings
from dataclasses import dataclass

import libcst as cst
from libcst.codemod import CodemodContext, SkipFile

from tfmigrate.ftypes import Change, FollowUp, Options, SourceError
from tfmigrate.transforms import selected
from tfmigrate.transforms.base import CHANGES_KEY, FOLLOWUPS_KEY, Transform

PREFILTER = re.compile(r"tensorflow|keras")


@dataclass
class Outcome:
    text: str
    changes: list[Change]
    followups: list[FollowUp]


def might_need_migration(text: str) -> bool:
    """The fast gate: a file that never mentions tensorflow or keras is not even parsed."""
    return PREFILTER.search(text) is not None


def check_parses(text: str, what: str) -> None:
    """Reject what the running Python cannot compile; libcst alone accepts some Python 2 forms."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text)
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
        raise SourceError(f"source does not parse: {err.message}", err.raw_line) from None
    except RecursionError:
        raise SourceError("source is nested too deeply to parse", None) from None


def migrate_text(text: str, options: Options, filename: str = "<string>") -> Outcome:
    """Run every selected transform over ``text``.

    Raises SourceError when the input cannot be migrated; an exception from inside a transform is turned into
    a SourceError naming the rule, so one bad rule on one file never takes the run down.
    """
    if not might_need_migration(text):
        return Outcome(text, [], [])
    check_parses(text, "source")
    rules = [r for r in selected(options.select, options.ignore) if r.wants(text)]
    if not rules:
        return Outcome(text, [], [])
    module = parse(text)
    context = CodemodContext(filename=filename)
    for rule in rules:
        module = _run(rule, module, context, options)
    new_text = module.code
    if new_text != text:
        check_parses(new_text, "tfmigrate's output")
    changes = sorted(set(context.scratch.get(CHANGES_KEY, [])))
    followups = sorted(set(context.scratch.get(FOLLOWUPS_KEY, [])))
    return Outcome(new_text, changes, followups)


def _run(rule: type[Transform], module: cst.Module, context: CodemodContext, options: Options) -> cst.Module:
    try:
        return rule(context, options).transform_module(module)
    except SkipFile:
        return module
    except RecursionError:
        raise SourceError(f"{rule.CODE}: source is nested too deeply to transform", None) from None
    except SourceError:
        raise
    except Exception as err:  # noqa: BLE001 - contained per file, reported with the rule that raised
        raise SourceError(f"internal error in {rule.CODE} ({type(err).__name__}: {err}); file left untouched") from err
