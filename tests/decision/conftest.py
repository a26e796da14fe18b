"""A copy of the bundled cn-env-food rulebook with the decision layer's keys added, and case files to decide."""
from __future__ import annotations

import pytest

from penalty.rulebook.bundled import bundled_dir

REASONS = """
deviation_reasons:
  special_circumstances: {zh: 情节特殊, en: special circumstances}
  social_impact: {zh: 社会影响, en: social impact}
"""


@pytest.fixture()
def rulebook_path(tmp_path):
    """cn-env-food with deviation reasons: every published band and statutory range as bundled."""
    text = (bundled_dir() / "cn-env-food.yaml").read_text(encoding="utf-8")
    path = tmp_path / "cn-env-food.yaml"
    path.write_text(text + REASONS, encoding="utf-8")
    return path


@pytest.fixture()
def write_case(tmp_path):
    def write(body: str, name: str = "case.yaml"):
        path = tmp_path / name
        path.write_text(body, encoding="utf-8")
        return str(path)
    return write


# 广东 水污染防治法第八十一条, 拖延执法人员 × 近一年无同类违法: band [20,000, 40,000) yuan (Guangdong's [a, b)),
# statutory 20,000 – 200,000 yuan (docs/sources.md, the grid in DOMAIN.md).
DELAYING = """case_id: D-1
violation: gd-water-81-obstruct
facts: {obstruction: delaying, prior_count_1y: 0}
"""
# the same, with harm removed on the party's own (art. 32): 减轻 offered at 50 %–100 % of the minimum
# (the rulebook's split.below_minimum: [50, 100]): [10,000, 20,000) yuan.
DELAYING_REMOVED_HARM = """case_id: D-2
violation: gd-water-81-obstruct
facts: {obstruction: delaying, prior_count_1y: 0, removed_harm: true}
"""


@pytest.fixture(scope="module")
def rulebook_path_cached(tmp_path_factory):
    """The same rulebook, loaded once for the Hypothesis properties."""
    from penalty.rulebook.load import load_rulebook
    path = tmp_path_factory.mktemp("rb") / "cn-env-food.yaml"
    path.write_text((bundled_dir() / "cn-env-food.yaml").read_text(encoding="utf-8") + REASONS, encoding="utf-8")
    return load_rulebook(path)
