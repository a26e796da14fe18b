"""The annotated example in docs/rulebook-format.md loads and assesses, so the documentation stays true."""
import re
from pathlib import Path

from penalty.engine.assess import assess
from penalty.engine.facts import parse_case
from penalty.rulebook.load import load_rulebook_text

DOC = Path(__file__).resolve().parents[1] / "docs" / "rulebook-format.md"


def example():
    text = DOC.read_text(encoding="utf-8")
    return re.search(r"## A full annotated example.*?```yaml\n(.*?)```", text, re.S).group(1)


def test_annotated_example_loads_and_assesses():
    rb = load_rulebook_text(example(), "rulebook-format.md")
    def run(facts):
        return assess(rb, parse_case({"violation": "discharge-over-limit", "facts": facts}, rb)).acts[0].data
    r = run({"exceed_factor": "1.2", "days_exceeded": 10})
    assert (r["grade"], r["range"]["low"], r["range"]["high"]) == ("general", 30_000_000, 50_000_000)
    r = run({"exceed_factor": 3, "days_exceeded": 45})
    assert r["recommended"] == 100_000_000 and [m["id"] for m in r["measures"]] == ["order_correct", "suspend"]
    r = run({"exceed_factor": "0.1", "days_exceeded": 1, "in_protection_zone": True})
    assert r["grade"] == "heavier" and r["range"]["low"] == 73_000_000
