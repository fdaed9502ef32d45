"""Reading plain option values without building a Pydantic validator for each (issue 12).

Typer 0.29 coerces every parameter's value through a Pydantic ``TypeAdapter`` it builds on
first use: importing Pydantic and building a dozen adapters costs a read command ~0.15 s, three
times what the command's own work takes. Most values need nothing of it: a text option is
already a ``str`` (a repeatable one a tuple of them, given as a list), an absent option is
``None``, an id goes through our own ``parser`` (:func:`taskboard.cli.options.parse_id`), and
``"12"`` for an ``int`` is ``int("12")``. For those :class:`PlainParam` gives the value Typer
would; anything else (a value that is not plain digits for an ``int``, a path, a list of
anything but text, a choice) is handed to Typer's own coercion, built then, so its errors and
edge cases are Typer's.

:func:`install` swaps Typer's ``build_runtime_param`` for :func:`build_runtime_param` (a
private function of the pinned Typer version; ``tests/cli`` run every command through it).
"""

from __future__ import annotations

import re
import types
from dataclasses import dataclass, field
from typing import Any, Union, get_args, get_origin

from typer import _coercion, core
from typer._coercion import RuntimeParam, TypeDescriptor

_DIGITS = re.compile(r"-?[0-9]+")
_typer_build = _coercion.build_runtime_param


def _plain_type(annotation: Any) -> type | None:
    """``str``, ``int``, ``bool`` or ``list`` (of ``str``) for those types, alone or ``| None``.

    None for anything else.
    """
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            return None
        annotation = args[0]
    if get_origin(annotation) is list and get_args(annotation) == (str,):
        return list
    return annotation if annotation in (str, int, bool) else None


@dataclass(frozen=True)
class PlainParam(RuntimeParam):
    """A ``str`` or ``int`` parameter, or one with a ``parser``, read without Pydantic."""

    descriptor: TypeDescriptor | None = None
    kind: type | None = None
    _fallback: list[RuntimeParam] = field(default_factory=list)

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, str):
            parser = self.parameter_info.parser
            if parser is not None:
                return parser(value)  # what Typer's adapter does: a BeforeValidator(parser)
            if self.kind is str:
                return value
            if self.kind is int and _DIGITS.fullmatch(value):
                return int(value)
        elif self.kind is list and isinstance(value, (tuple, list)):
            # A repeatable text option (``--tag A --tag B``): Click gives a tuple of str.
            if all(isinstance(item, str) for item in value) and self.parameter_info.parser is None:
                return list(value)
        elif self.kind is not None and type(value) is self.kind:
            return value
        return self._typer()._coerce_value(value, param=param, ctx=ctx)

    def _typer(self) -> RuntimeParam:
        if not self._fallback:
            assert self.descriptor is not None
            self._fallback.append(_typer_build(self.descriptor))
        return self._fallback[0]


def build_runtime_param(descriptor: TypeDescriptor) -> RuntimeParam:
    """A :class:`PlainParam` where it reads the value as Typer would, else Typer's own."""
    info = descriptor.parameter_info
    kind = _plain_type(descriptor.annotation)
    if getattr(info, "min", None) is not None or getattr(info, "max", None) is not None:
        kind = None  # a range to check (``--port``): Typer's message says which
    if descriptor.file_annotation is None and (kind is not None or info.parser is not None):
        return PlainParam(
            parameter_info=info, annotation=descriptor.annotation, descriptor=descriptor, kind=kind
        )
    return _typer_build(descriptor)


def install() -> None:
    """Make Typer's parameters use :func:`build_runtime_param` (idempotent)."""
    core.build_runtime_param = build_runtime_param
