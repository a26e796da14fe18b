"""What a revision changes: the semantic diff of two rulebooks, and the replay of cases under both."""
from penalty.diff.semantic import diff_rulebooks

__all__ = ["diff_rulebooks"]
