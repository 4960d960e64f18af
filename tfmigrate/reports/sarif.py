"""SARIF 2.1.0, the format code-scanning services (GitHub code scanning among them) read.

Follow-ups are warnings, rewrites notes (``would rewrite`` in --check/--diff runs), files that could not be
processed errors under the pseudo-rule TFM000. Paths are relative to the source root (``%SRCROOT%``) when the
user gave relative paths. A notebook's lines count inside a cell, so its results name the cell in the message
and point at the file without a line region.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any
from urllib.parse import quote

from tfmigrate import __version__
from tfmigrate.ftypes import FileResult, Status
from tfmigrate.reports import Report, posix, where

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
PARSE_RULE = {
    "id": "TFM000",
    "name": "not-processed",
    "shortDescription": {"text": "The file (or notebook cell) could not be parsed or processed; it was left as is."},
    "defaultConfiguration": {"level": "error"},
}


def _rule(code: str) -> dict:
    from tfmigrate.transforms import by_code

    rule = by_code().get(code)
    if rule is None:
        return dict(PARSE_RULE) if code == "TFM000" else {"id": code, "shortDescription": {"text": code}}
    doc = textwrap.dedent(rule.__doc__ or "").strip()
    descriptor = {
        "id": rule.CODE,
        "name": rule.NAME,
        "shortDescription": {"text": rule.SUMMARY},
        "defaultConfiguration": {"level": "warning"},
        "properties": {"safe": rule.SAFE},
    }
    if doc:
        descriptor["fullDescription"] = {"text": doc}
        descriptor["help"] = {"text": doc}
    return descriptor


def _location(result: FileResult, line: int | None) -> dict:
    path = result.path
    if path.is_absolute():
        artifact = {"uri": path.as_uri()}
    else:
        artifact = {"uri": quote(posix(result), safe="/"), "uriBaseId": "%SRCROOT%"}
    physical: dict = {"artifactLocation": artifact}
    if line and line > 0:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical}


def render(report: Report) -> str:
    results: list[dict[str, Any]] = []  # SARIF result objects
    codes: set[str] = set()
    verb = "rewrote" if report.written else "would rewrite"
    for result in report.results:
        if result.status is Status.FAILED:
            codes.add("TFM000")
            results.append(
                {
                    "ruleId": "TFM000",
                    "level": "error",
                    "message": {"text": f"not migrated: {result.error}"},
                    "locations": [_location(result, result.error_line)],
                }
            )
        for kind, level, items in (("change", "note", result.changes), ("followup", "warning", result.followups)):
            for item in items:
                codes.add(item.code)
                text = f"{verb}: {item.message}" if kind == "change" else item.message
                if item.cell:
                    text = f"{where(item.line, item.cell)}: {text}"
                results.append(
                    {
                        "ruleId": item.code,
                        "level": level,
                        "message": {"text": text},
                        "locations": [_location(result, None if item.cell else item.line)],
                    }
                )
    rules = [_rule(code) for code in sorted(codes)]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    for entry in results:
        entry["ruleIndex"] = index[entry["ruleId"]]
    run = {
        "tool": {
            "driver": {
                "name": "tfmigrate",
                "version": __version__,
                "informationUri": "https://pypi.org/project/tfmigrate/",
                "rules": rules,
            }
        },
        "invocations": [{"executionSuccessful": not any(r.status is Status.FAILED for r in report.results)}],
        "results": results,
    }
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


__all__ = ["render"]
