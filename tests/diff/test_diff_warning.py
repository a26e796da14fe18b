"""A warning the statute offers instead of the fine (给予警告或者处…罚款, `statutory: {…, warning: true}`) is part of
the statutory form: a revision that adds it is a statutory change, worded as such."""
from penalty.diff import diff_rulebooks
from penalty.diff.render import Labels
from penalty.rulebook.bundled import bundled_rulebook

OLD_FORM = "statutory: {max: 50000, label: {zh: 处五万元以下的罚款, en: \"fine of up to 50,000 yuan\"}}"
NEW_FORM = "statutory: {max: 50000, warning: true, label: {zh: 给予警告或者处五万元以下的罚款, en: \"a warning, or a fine of up to 50,000 yuan\"}}"


def test_adding_a_warning_alternative_is_a_statutory_change(make_rb):
    old = bundled_rulebook()
    new = make_rb([(OLD_FORM, NEW_FORM)])
    d = diff_rulebooks(old, new)
    [changed] = d["violations"]["changed"]
    [change] = [c for c in changed["changes"] if c["kind"] == "statutory"]
    assert "warning" not in change["old"] and change["new"]["warning"] is True
    assert (change["old"]["low"], change["old"]["high"]) == (change["new"]["low"], change["new"]["high"])
    assert Labels(old, new, "en").form(change["new"]).endswith("or a warning")
    assert Labels(old, new, "zh").form(change["new"]).endswith("或者警告")
