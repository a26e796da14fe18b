"""penalty: discretionary administrative penalties from YAML rulebooks, with an explanation for every result.

The public API is imported lazily so that `penalty --help` does not pay for the engine.
"""
from penalty.version import __version__

__all__ = ["__version__", "load_rulebook", "assess", "load_case", "bundled_rulebook"]


def __getattr__(name):
    if name == "load_rulebook":
        from penalty.rulebook.load import load_rulebook
        return load_rulebook
    if name == "bundled_rulebook":
        from penalty.rulebook.bundled import bundled_rulebook
        return bundled_rulebook
    if name == "assess":
        from penalty.engine.assess import assess
        return assess
    if name == "load_case":
        from penalty.engine.facts import load_case
        return load_case
    raise AttributeError(name)
