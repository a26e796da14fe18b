"""A rulebook with thousands of unknown keys: the first 20 are named (each with a did-you-mean), the rest are
counted in one problem; a did-you-mean for every key made 100,000 of them take minutes."""
import pytest

from penalty.errors import RulebookError
from penalty.rulebook.load import load_rulebook_text


def test_unknown_keys_past_twenty_are_counted_in_one_problem():
    text = "penalty_rulebook: 1\n" + "".join(f"junk_{i}: {i}\n" for i in range(5000))
    with pytest.raises(RulebookError) as refused:
        load_rulebook_text(text, "junk.yaml")
    problems = refused.value.problems
    assert [p.code for p in problems].count("spec.unknown_key") == 20
    more = [p for p in problems if p.code == "spec.more_unknown_keys"]
    assert len(more) == 1 and more[0].args["count"] == 4980
    assert "4980 more unknown keys" in more[0].message("en")
