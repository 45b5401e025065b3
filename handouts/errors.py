"""The errors a clinician sees: each names a file and a line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in one file, at one line (1-based; 0 when the whole file is at fault)."""

    path: str
    line: int
    message: str
    excerpt: str = ""
    """The offending line as written, shown under the message."""

    def as_warning(self) -> Problem:
        """The same problem, printed as a warning: `path:line: warning: message`."""
        return Problem(self.path, self.line, f"warning: {self.message}", self.excerpt)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        shown = f"\n    {self.excerpt.strip()}" if self.excerpt.strip() else ""
        return f"{where}: {self.message}{shown}"


class HandoutsError(Exception):
    """Base of every error the command line reports without a traceback."""


class ContentInvalid(HandoutsError):
    """The content or the clinic settings failed validation; every problem is listed.

    `warnings` are what the same run found worth a warning; the command line shows them too.
    """

    def __init__(self, problems: list[Problem], warnings: tuple[Problem, ...] | list[Problem] = ()):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.message))
        self.warnings = tuple(warnings)
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildError(HandoutsError):
    """The build could not finish (a render or a sandbox refusal)."""


def disk_error(error: OSError, kept: str | None = None) -> BuildError:
    """A failed read or write (a folder that can't be written, a full disk) as one plain sentence naming the file."""
    import errno

    reasons: dict[int | None, str] = {
        errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is full", errno.EACCES: "permission denied",
        errno.EPERM: "permission denied", errno.EROFS: "the disk is read-only",
    }
    reason = reasons.get(error.errno, error.strerror or str(error))
    where = error.filename or "a file"
    tail = f"; {kept}" if kept else ""
    return BuildError(f"could not write {where}: {reason}{tail}")
