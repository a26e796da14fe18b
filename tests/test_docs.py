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


def test_readme_tour_cites_the_real_rulebook_lines():
    from typer.testing import CliRunner
    from penalty.cli.app import app
    from penalty.rulebook.bundled import bundled_dir
    readme = (DOC.parents[1] / "README.md").read_text(encoding="utf-8")
    cited = set(re.findall(r"cn-env-food\.yaml:\d+", readme))
    out = CliRunner(env={"COLUMNS": "200"}).invoke(
        app, ["calc", str(bundled_dir() / "examples" / "gd-obstruct-refusing-entry.yaml")]).stdout
    assert cited and all(c in out for c in cited), cited


def test_every_top_level_key_of_the_format_is_in_the_table_of_top_level_keys():
    """docs/rulebook-format.md's table names each key the loader accepts at the top of a rulebook (issue 19)."""
    from penalty.rulebook.spec import RULEBOOK
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Top-level keys", 1)[1].split("\n## ", 1)[0]
    first_cells = [line.split("|")[1] for line in section.splitlines() if line.startswith("| `")]
    documented = set(re.findall(r"`(\w+)`", "".join(first_cells)))
    assert set(RULEBOOK.fields) - documented == set()
    assert documented - set(RULEBOOK.fields) == set()  # and names no key the loader would refuse


def test_bundled_files_cite_only_documents_in_this_repository():
    """The bundled rulebooks and their cases cite their sources by file (docs/sources.md): a cited .md file
    must be one a reader of this repository can open (issue 19: they cited the project's working notes)."""
    root = DOC.parents[1]
    for path in sorted((root / "rulebooks").rglob("*.yaml")):
        for cited in set(re.findall(r"[\w./-]+\.md\b", path.read_text(encoding="utf-8"))):
            assert (root / cited).is_file(), f"{path.name} cites {cited}"


def test_readme_review_command_runs_as_written_from_any_folder(tmp_path, monkeypatch):
    """The README's review command names bundled examples that are not in the folder it is typed in."""
    import shlex
    from typer.testing import CliRunner
    from penalty.cli.app import app
    readme = (DOC.parents[1] / "README.md").read_text(encoding="utf-8")
    line = next(ln for ln in readme.splitlines() if ln.startswith("penalty review "))
    assert "from any folder" in readme.split(line, 1)[1].split("\n\n", 2)[1]  # the paragraph after it says so
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, shlex.split(line)[1:] + ["--json", "--no-html"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "review-out" / "flagged.csv").is_file()
