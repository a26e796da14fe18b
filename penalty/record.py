"""Immutable value objects without per-class code generation.

`@dataclass(frozen=True)` compiles five methods for every class it decorates, about a millisecond each on this
machine; the rulebook model, the format declarations and the condition AST are ~50 classes, all created at every
start of `penalty calc` (budget: 150 ms). `Record` gives the same behaviour with methods written once:

    class Tier(Record):
        id: str
        label: object
        when: object = None

Fields are the annotated names, base classes first; a class attribute is the default (never a mutable one);
`_kw_only` names fields that are keyword-only (they do not take positional arguments); `_no_compare` names
fields left out of equality, hashing and repr (e.g. compiled closures, source text).
"""
from __future__ import annotations

_MISSING = object()


class Record:
    __slots__ = ("__dict__",)
    _fields: tuple = ()
    _positional: tuple = ()
    _defaults: dict = {}
    _kw_only: tuple = ()
    _no_compare: tuple = ()
    _factories: dict = {}  # field -> callable making a fresh default (a dict or list per instance)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        fields: list[str] = []
        for klass in reversed(cls.__mro__):
            for name in klass.__dict__.get("__annotations__", {}):
                if not name.startswith("_") and name not in fields:
                    fields.append(name)
        cls._fields = tuple(fields)
        cls._positional = tuple(f for f in fields if f not in cls._kw_only)
        cls._defaults = {f: getattr(cls, f) for f in fields if getattr(cls, f, _MISSING) is not _MISSING}
        cls._compared = tuple(f for f in fields if f not in cls._no_compare)

    def __init__(self, *args, **kwargs):
        positional = self._positional
        if len(args) > len(positional):
            raise TypeError(f"{type(self).__name__} takes {len(positional)} positional arguments, got {len(args)}")
        d = self.__dict__
        for name, value in zip(positional, args):
            d[name] = value
        for name, value in kwargs.items():
            if name not in self._fields:
                raise TypeError(f"{type(self).__name__} has no field {name!r}")
            if name in d:
                raise TypeError(f"{type(self).__name__} got two values for {name!r}")
            d[name] = value
        if len(d) != len(self._fields):
            for name in self._fields:
                if name not in d:
                    if name in self._factories:
                        d[name] = self._factories[name]()
                        continue
                    if name not in self._defaults:
                        raise TypeError(f"{type(self).__name__} is missing {name!r}")
                    d[name] = self._defaults[name]

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name):
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _key(self):
        d = self.__dict__
        return tuple(d[f] for f in self._compared)

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self):
        return hash((self.__class__, self._key()))

    def __repr__(self):
        d = self.__dict__
        inner = ", ".join(f"{f}={d[f]!r}" for f in self._compared)
        return f"{type(self).__name__}({inner})"

    def __reduce__(self):
        return (_rebuild, (self.__class__, {f: self.__dict__[f] for f in self._fields}))


def _rebuild(cls, values):
    return cls(**values)


def replace(record: Record, **changes) -> Record:
    """A copy with some fields changed (dataclasses.replace for Records)."""
    values = {f: record.__dict__[f] for f in record._fields}
    values.update(changes)
    return record.__class__(**values)
