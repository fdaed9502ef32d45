"""Plain option values are read without Pydantic, and read as Typer reads them (issue 12)."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
import typer
from typer._coercion import resolve_type_descriptor
from typer.testing import CliRunner

from taskboard.cli import coercion


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.command()
    def cmd(
        tag: Annotated[list[str] | None, typer.Option("--tag")] = None,
        co: Annotated[list[str], typer.Option("--co")] = [],  # noqa: B006
        count: Annotated[int | None, typer.Option("--count")] = None,
        name: Annotated[str | None, typer.Option("--name")] = None,
    ) -> None:
        typer.echo(repr((tag, co, count, name)))

    @app.command()
    def other() -> None:
        """A second command, so that ``cmd`` is a subcommand as in taskboard."""

    return app


@pytest.mark.parametrize(
    "args",
    [
        ["cmd"],
        ["cmd", "--tag", "АПК"],
        ["cmd", "--tag", "АПК", "--tag", "ЖКХ", "--co", "Сандалов", "--count", "3"],
        ["cmd", "--tag", "", "--name", "[bold]x[/bold]"],
        ["cmd", "--count", "x"],
    ],
)
def test_plain_values_come_out_as_typer_gives_them(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    typers = runner.invoke(_app(), args)
    monkeypatch.setattr(typer.core, "build_runtime_param", coercion.build_runtime_param)
    ours = runner.invoke(_app(), args)
    assert (ours.exit_code, ours.output) == (typers.exit_code, typers.output)


@pytest.mark.parametrize(
    ("annotation", "plain"),
    [(list[str] | None, True), (list[str], True), (list[int], False), (str | None, True)],
)
def test_a_repeatable_text_option_needs_no_pydantic_adapter(annotation: Any, plain: bool) -> None:
    descriptor = resolve_type_descriptor(annotation, typer.models.OptionInfo())
    built = coercion.build_runtime_param(descriptor)
    assert isinstance(built, coercion.PlainParam) is plain
