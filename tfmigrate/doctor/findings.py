"""The one thing every check produces: a Finding with a severity, the evidence behind it and the fix to run."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    NOT_APPLICABLE = "not-applicable"


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2, Severity.NOT_APPLICABLE: 3}


@dataclass(frozen=True)
class Finding:
    """One diagnosis. ``fix`` is a command (or a precise action) a user can run as it is; None when there is
    nothing to do (info / not-applicable) or no known remedy."""

    id: str
    severity: Severity
    title: str
    evidence: tuple[str, ...] = ()
    fix: str | None = None
    location: str | None = field(default=None, compare=False)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "severity": self.severity.value,
            "title": self.title,
            "evidence": list(self.evidence),
            "fix": self.fix,
            "location": self.location,
        }


def exit_code(findings: Iterable[Finding]) -> int:
    """Errors fail the run (1); warnings, infos and not-applicable checks do not (0)."""
    return 1 if any(f.severity is Severity.ERROR for f in findings) else 0


def sort_key(finding: Finding) -> tuple[int, str]:
    return SEVERITY_ORDER[finding.severity], finding.id
