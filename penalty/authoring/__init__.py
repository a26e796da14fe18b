"""Authoring: what a legal office uses to write, check and publish a rulebook, apart from the rulebook model.

- check.py, intervals.py: exact gap/overlap analysis of a violation's conditions and bands (`penalty check`)
- schema.py: the JSON Schema of rulebooks, blocks and cases, from the same declarations the loader validates with
- catalogue.py: the published catalogue (md/html/csv), each cell from the engine's own functions
- words.py: conditions and values in plain words (shared by the catalogue and the calc explanation)

Depends on penalty.rulebook (the model) and penalty.engine (the same cell arithmetic calc uses); nothing below
depends on it.
"""
