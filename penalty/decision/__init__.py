"""From assessment to decision (issue 15): the officer's choice checked against the result, the procedure the
law attaches to it, and who the party is.

    from penalty.decision import decide, procedure
    d = decide(rb, result.to_json(), amount=3_000_000, reason=None)      # or DecisionRefused
    procedure(rb, d.amount, d.measures, party_type="organisation", dates={...})
"""
from penalty.party import check_party
from penalty.decision.procedure import procedure, read_dates, read_notified
from penalty.decision.rules import Decision, DecisionRefused, allowed_measures, decide, deviation_reasons

__all__ = ["Decision", "DecisionRefused", "allowed_measures", "check_party", "decide", "deviation_reasons",
           "procedure", "read_dates", "read_notified"]
