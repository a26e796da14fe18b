"""The rulebooks a server serves, loaded once at start-up, and the library calls each request makes on them.

Nothing here computes a penalty or renders a word: every call goes to the same library function the command line
uses (penalty.time for `calc`, penalty.authoring.check for `check`, penalty.explain.memo for the memo), so that an
HTTP answer and a terminal answer cannot drift apart.
"""
from __future__ import annotations

from dataclasses import dataclass

from penalty.errors import PenaltyError, Problem
from penalty.rulebook.model import Rulebook


class RequestError(PenaltyError):
    """A request the server cannot answer; `status` is its HTTP status (4xx)."""

    def __init__(self, problems, status: int = 400):
        super().__init__(problems)
        self.status = status


@dataclass(frozen=True)
class Served:
    id: str  # the name a client uses: a bundled name, or the file's name without .yaml
    rulebook: Rulebook
    versions: object  # penalty.time.VersionSet: the versions beside the file (art. 37), loaded once


class Shelf:
    def __init__(self, specs=None):
        """`specs`: --rulebook values (bundled names or paths); none: every bundled rulebook."""
        from penalty.rulebook.bundled import bundled_names, resolve
        from penalty.rulebook.load import load_rulebook
        from penalty.time import load_versions
        self.items: dict[str, Served] = {}
        for spec in specs or bundled_names():
            path = resolve(spec)
            rid = path.name[: -len(".yaml")] if path.name.endswith(".yaml") else path.name
            if rid in self.items:
                raise PenaltyError([Problem("serve.duplicate_id", None, {"id": rid})])
            rb = load_rulebook(path)
            self.items[rid] = Served(rid, rb, load_versions(path, named=rb))

    def get(self, rid) -> Served:
        if not isinstance(rid, str) or rid not in self.items:
            from penalty.rulebook.spec import did_you_mean
            known = list(self.items)
            raise RequestError([Problem("serve.unknown_rulebook", None, {
                "id": str(rid), "known": ", ".join(known),
                "suggestion": did_you_mean(str(rid), known) if isinstance(rid, str) else ""})], 404)
        return self.items[rid]

    def violation(self, rid: str, vid: str):
        served = self.get(rid)
        rb = served.rulebook
        if vid not in {v.id for v in rb.violations}:
            from penalty.engine.facts import _violation_suggestion
            # the CLI's own problem (`penalty violations RULEBOOK VIOLATION`)
            raise RequestError([Problem("case.unknown_violation", None, {
                "name": vid, "rulebook": rb.id, "suggestion": _violation_suggestion(rb, vid)})], 404)
        return served, rb.violation(vid)


def assess(served: Served, case_data, name: str = "<request>"):
    """`penalty calc CASE --rulebook ID` on plain case data: the art. 37 version choice, art. 36, the engine.
    Returns penalty.time.Outcome (rulebook shown, case, assessment)."""
    from penalty.time import assess_in_time
    return assess_in_time(served.versions, case_data, name, named=served.rulebook)
