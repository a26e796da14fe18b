"""Time and change: rulebook versions in force by date, art. 37 (从旧兼从轻) and art. 36 (limitation).

    from penalty.time import assess_case_file, load_versions, assess_in_time
    rb, case, result = assess_case_file("rulebooks/cn-env-food.yaml", "case.yaml")
    result.to_json()["time"]   # both computations, the chosen version and why, the art. 36 checks
"""
from penalty.time.choose import Outcome, TimedAssessment, assess_case_file, assess_in_time, weight
from penalty.time.limitation import check as check_limitation
from penalty.time.versions import Version, VersionSet, load_versions, version_set

__all__ = ["Outcome", "TimedAssessment", "assess_case_file", "assess_in_time", "weight", "check_limitation",
           "Version", "VersionSet", "load_versions", "version_set"]
