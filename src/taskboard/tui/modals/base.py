"""What every form shares: live hints, person completion, saving through the write path.

A form saves *itself* through :func:`taskboard.tui.writes.write` and closes only when the
database accepted the change: a locked or read-only database leaves the form open with
everything typed intact. Escape (or Cancel) on a form whose fields differ from what it opened
with asks before discarding them. Forms know the app only as a :class:`TuiContext`.

Keys: Ctrl+S saves from any field; Enter saves from a one-line field, and starts a new line
in a multi-line one (an assignment's text, a note).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual import events, on
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from taskboard.domain import dates
from taskboard.domain.intake import split_names
from taskboard.domain.people import candidates, resolve_person
from taskboard.domain.search import fold
from taskboard.errors import DateParseError, NotFound, TaskboardError
from taskboard.storage.database import Database
from taskboard.tui import format as fmt
from taskboard.tui import writes
from taskboard.tui.context import TuiContext, context_of
from taskboard.tui.i18n import _
from taskboard.tui.keys import install
from taskboard.tui.messages import ChangeRefused, ChangeSaved
from taskboard.tui.modals.confirm import discard_question

T = TypeVar("T")

FIELDS = (Input, TextArea, Select, Checkbox)
"""The widgets whose values a form compares with what it opened with."""


def field_value(widget: Widget) -> object:
    """What a field holds: an input's or a text area's text, a choice, a tick."""
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, Input | Select | Checkbox):
        return widget.value
    return None


class PersonSuggester(Suggester):
    """Completes a name (or the last of several names) from the people directory."""

    def __init__(self, database: Database, *, several: bool = False) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.database = database
        self.several = several

    def _lookup(self, value: str) -> str | None:
        last = value.rpartition(",")[2] if self.several else value
        typed = last.lstrip()
        if len(typed.strip()) < 2:
            return None
        with self.database.read() as session:
            found = candidates(session, typed, limit=5)
        for person in found:
            if fold(person.full_name).startswith(fold(typed)):
                return value + person.full_name[len(typed) :]
        return None

    async def get_suggestion(self, value: str) -> str | None:
        try:
            return await asyncio.to_thread(self._lookup, value)
        except TaskboardError:
            return None


class FormButtons(Horizontal):
    """A form's Save/Cancel row, docked under its fields: last in the Tab order.

    Textual orders focus by position on screen, and a docked row stands at the bottom of the
    *visible* part of a scrolling form, so Tab would reach Save halfway down a long form and
    the fields below it only afterwards.
    """

    @property
    def _focus_sort_key(self) -> tuple[int, int]:
        return (1 << 30, 0)


class Hint(Static):
    """A line under a field: what the input resolves to, or why it is refused."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False, classes="hint")
        self.message = ""
        """What the hint says."""

    def ok(self, message: str) -> None:
        """Show a resolution (e.g. «→ 30.06.2027»)."""
        self.message = message
        self.remove_class("error")
        self.update(Text(message))
        self._keep_in_view()

    def fail(self, message: str) -> None:
        """Show why the input is refused."""
        self.message = message
        self.add_class("error")
        self.update(Text(message))
        self._keep_in_view()

    def _keep_in_view(self) -> None:
        # On a short terminal the form scrolls: the line under the field being typed in
        # (a holiday shift, a date in the past) must not stay hidden under the fold.
        if not self.is_attached or self.parent is None:
            return
        siblings = list(self.parent.children)
        before = siblings[: siblings.index(self)]
        field = next((w for w in reversed(before) if w.focusable), None)
        screen = self.screen
        if field is not None and field.has_focus and isinstance(screen, FormModal):
            self.call_after_refresh(screen.reveal, self)

    def clear(self) -> None:
        """Show nothing."""
        self.message = ""
        self.remove_class("error")
        self.update("")

    @property
    def failed(self) -> bool:
        """Whether the hint currently shows a refusal."""
        return self.has_class("error")


def date_hint(
    context: TuiContext,
    text: str,
    hint: Hint,
    *,
    base: date | None = None,
    shift: bool = True,
    past: bool = False,
    empty: str | None = None,
    standing: bool = False,
) -> date | None:
    """Parse ``text`` as the CLI does and show the resolved date (or the error) in ``hint``.

    ``empty``: what an empty field means (None: a date is required); ``past``: the nearest such
    day may lie behind (a meeting's date); ``shift``: moved to the preceding working day (a
    deadline: the hint also says why it moved, or that it is past or years ahead);
    ``standing``: «постоянно» is accepted too (on control without a deadline).
    """
    if not text.strip():
        if empty is None:
            hint.fail(_("A date is required."))
        else:
            hint.ok(empty)
        return None
    if standing and dates.is_standing(text):
        hint.ok(_("→ standing: on control without a deadline"))
        return None
    mode = context.settings.deadline_days
    try:
        found = dates.parse_date(
            text, today=context.today, base=base, mode=mode, shift=shift, past=past
        )
    except DateParseError as exc:
        hint.fail(exc.message)
        return None
    rule = dates.describe_rule(text, mode=mode)
    shown = f"→ {fmt.day(found)}"
    if rule:
        shown += f"  ({rule})"
    if shift:
        notes = dates.deadline_notes(text, today=context.today, base=base, mode=mode)
        if notes:
            shown += "  " + " ".join(notes)
    hint.ok(shown)
    return found


class FormModal(ModalScreen[T], Generic[T]):
    """A modal form: Esc closes without saving (asking first when something was changed),
    Ctrl+S saves (if everything is valid)."""

    DEFAULT_CSS = """
    FormModal TextArea {
        height: 5;
        margin: 0;
    }
    """

    @dataclass
    class HintFound(Message, bubble=False):
        """A hint worker resolved what a field says (or why it is refused)."""

        hint_id: str
        """The hint to update."""
        how: str
        """``ok``, ``fail`` or ``clear``."""
        message: str
        """What the hint says."""

    @dataclass
    class NameMissing(Message, bubble=False):
        """A name field's lookup ended: which name in it the directory does not know, if any."""

        input_id: str
        """The field."""
        typed: str
        """What it held when the lookup started (a field typed on meanwhile is left alone)."""
        name: str | None
        """The first name that names nobody (None: every name resolved, or one is ambiguous)."""

    @dataclass
    class NameFound(Message, bubble=False):
        """A name field matched the directory: it takes the name as the directory writes it."""

        input_id: str
        """The field."""
        typed: str
        """What it held when the lookup started (a field typed on meanwhile is left alone)."""
        canonical: str
        """The directory's spelling."""

    def __init__(self) -> None:
        super().__init__()
        self.saving = False
        """True while a save is on its way (another Ctrl+S does nothing meanwhile)."""
        self.opened_with: dict[str, object] | None = None
        """What the fields held once the form was up (None until then): Esc compares."""
        install(
            self,
            [
                Binding(
                    "escape",
                    "close",
                    _("Close"),
                    tooltip=_("Close without saving (asks when something was changed)"),
                    id="close",
                ),
                Binding(
                    "ctrl+s",
                    "save",
                    _("Save"),
                    tooltip=_("Save (refused while invalid)"),
                    id="save",
                ),
            ],
        )

    @property
    def tb(self) -> TuiContext:
        """The app, as far as a form needs it (database, settings, today)."""
        return context_of(self)

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _confirmed(self) -> None:
        # Enter in any field, or the Save button: every form saves the same way.
        self.save()

    @on(Button.Pressed, "#cancel")
    def _cancelled(self) -> None:
        self.action_close()

    # --- nothing lost ----------------------------------------------------------------------

    @on(events.Mount)
    def _opened(self) -> None:
        # After the subclass's own mount and the first refresh: the fields as the form opened.
        self.call_after_refresh(self._remember)

    def _remember(self) -> None:
        self.opened_with = self.fields()

    def fields(self) -> dict[str, object]:
        """Every field's value by its id."""
        return {w.id: field_value(w) for w in self.query("*") if isinstance(w, FIELDS) and w.id}

    def changed(self) -> bool:
        """Whether any field differs from what the form opened with."""
        return self.opened_with is not None and self.fields() != self.opened_with

    @on(events.DescendantFocus)
    def _reveal_focused(self, event: events.DescendantFocus) -> None:
        self.call_after_refresh(self.reveal, event.widget)

    def reveal(self, widget: Widget) -> None:
        """Scroll the form so that ``widget`` shows above its docked buttons and refusal.

        Textual scrolls a focused field into the form's region, which the docked rows cover
        at the bottom: a field (or its hint) there would be typed into unseen.
        """
        if not widget.is_attached or any(isinstance(a, FormButtons) for a in widget.ancestors):
            return
        form = next(
            (a for a in widget.ancestors if isinstance(a, Widget) and a.has_class("form")), None
        )
        if form is None:
            return
        covered = [
            w.region.y
            for w in form.children
            if w.styles.dock == "bottom" and w.display and w.region.height
        ]
        if not covered:
            return
        below = widget.region.bottom - min(covered)
        above = form.content_region.y - widget.region.y
        if below > 0:
            form.scroll_relative(y=below, animate=False, immediate=True)
        elif above > 0:
            form.scroll_relative(y=-above, animate=False, immediate=True)

    def action_close(self) -> None:
        """Close without saving; when something was changed, ask before discarding it."""
        if not self.changed():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(discard_question(), answered)

    def action_save(self) -> None:
        """Validate and save; subclasses implement :meth:`save`."""
        self.save()

    def save(self) -> None:
        """Check the fields and start the write."""
        raise NotImplementedError

    def value(self, widget_id: str) -> str:
        """The text of the input or text area ``#widget_id``."""
        widget = self.query_one(f"#{widget_id}")
        if isinstance(widget, TextArea):
            return widget.text
        return self.query_one(f"#{widget_id}", Input).value

    def hint(self, widget_id: str) -> Hint:
        """The hint ``#widget_id``."""
        return self.query_one(f"#{widget_id}", Hint)

    def refuse(self, message: str, focus: str | None = None) -> None:
        """Refuse to save: say why (in the form and as a notification)."""
        self.show_error(message)
        self.notify(message, severity="error", markup=False)
        if focus:
            self.query_one(f"#{focus}").focus()

    def show_error(self, message: str) -> None:
        """Say why the form was not saved, under its fields."""
        self.query_one("#form-error", Label).update(Text(message))

    def refuse_invalid(self, template: str | None = None) -> bool:
        """Refuse, naming the first field in error, and return True while one is invalid."""
        failed = self.first_failed_hint()
        if failed is None:
            return False
        field = (failed.id or "").removesuffix("-hint")
        message = (template or _("Not saved: {problem}")).format(problem=failed.message)
        self.refuse(message, field)
        return True

    def first_failed_hint(self) -> Hint | None:
        """The first hint showing an error, if any."""
        for hint in self.query(Hint):
            if hint.failed:
                return hint
        return None

    def date_hint(
        self,
        text: str,
        hint: Hint,
        *,
        base: date | None = None,
        shift: bool = True,
        past: bool = False,
        empty: str | None = None,
        standing: bool = False,
    ) -> date | None:
        """Parse ``text`` as the CLI does and show the resolved date (or the error) live."""
        return date_hint(
            self.tb, text, hint, base=base, shift=shift, past=past, empty=empty, standing=standing
        )

    def text_hint(self) -> None:
        """An assignment's ``#text`` must not be empty: its hint says so, live."""
        if self.value("text").strip():
            self.hint("text-hint").clear()
        else:
            self.hint("text-hint").fail(_("The text must not be empty."))

    def deadline_hint(self, base: date, *, standing: bool = False) -> date | None:
        """An assignment's ``#due`` read from ``base`` (a meeting's date or today), live; empty
        means the default deadline, which the hint names."""
        default = dates.default_deadline(base, mode=self.tb.settings.deadline_days)
        return self.date_hint(
            self.value("due"),
            self.hint("due-hint"),
            base=base,
            empty=_("→ {date} (one month from the meeting or today)").format(date=fmt.day(default)),
            standing=standing,
        )

    def person_hint(self, text: str, hint_id: str, several: bool = False) -> None:
        """Resolve the typed name(s) against the directory and show who it is, or why not."""
        self.run_worker(
            partial(self._person_hint, text, hint_id, several),
            thread=True,
            exclusive=True,
            group=f"hint-{hint_id}",
        )

    def _person_hint(self, text: str, hint_id: str, several: bool) -> None:
        names = split_names(text) if several else [text]
        shown: list[str] = []
        problem: str | None = None
        missing: str | None = None
        try:
            with self.tb.database.read() as session:
                for name in names:
                    if not name.strip():
                        continue
                    try:
                        shown.append(resolve_person(session, name).full_name)
                    except NotFound:
                        if not name.strip().isdigit():  # an unknown id is no one to create
                            missing = name.strip()
                        raise
        except TaskboardError as exc:
            problem = exc.message
        self.post_message(self.NameMissing(hint_id.removesuffix("-hint"), text, missing))
        if problem:
            self._show_hint(hint_id, "fail", problem)
        elif shown:
            self._show_hint(hint_id, "ok", "→ " + "; ".join(fmt.line(n) for n in shown))
            typed = [n.strip() for n in names if n.strip()]
            if all(fold(t) == fold(n) for t, n in zip(typed, shown, strict=True)):
                # A completion accepted after typing «санд» reads «сандалов Михаил»: the
                # field takes the name as the directory writes it.
                self._canonical(hint_id.removesuffix("-hint"), text, ", ".join(shown))
        elif several:
            self._show_hint(hint_id, "clear", "")
        else:
            self._show_hint(hint_id, "fail", _("An owner is required."))

    def _canonical(self, input_id: str, typed: str, canonical: str) -> None:
        self.post_message(self.NameFound(input_id, typed, canonical))

    def _show_hint(self, hint_id: str, how: str, message: str) -> None:
        self.post_message(self.HintFound(hint_id, how, message))

    @on(NameFound)
    def _name_found(self, event: FormModal.NameFound) -> None:
        field = self.query_one(f"#{event.input_id}", Input)
        if field.value == event.typed and event.typed != event.canonical:
            field.value = event.canonical
            field.cursor_position = len(event.canonical)

    @on(HintFound)
    def _hint_found(self, event: FormModal.HintFound) -> None:
        hint = self.hint(event.hint_id)
        if event.how == "clear":
            hint.clear()
        else:
            getattr(hint, event.how)(event.message)

    def write(
        self, job: Callable[[], Any], *, notice: writes.Notice = None, commits: bool = True
    ) -> None:
        """Run ``job`` through the write path; the form closes with its result once it is saved.

        ``commits``: False for a job that only reads or writes a file (nothing to reload).
        """
        if self.saving:
            return
        self.saving = True
        writes.write(self, job, notice=notice, commits=commits)

    @on(ChangeSaved)
    def _saved(self, event: ChangeSaved) -> None:
        self.saving = False
        # Closed after this handler, so that the message still bubbles up to the app.
        self.call_next(self._close_with, event.result)

    def _close_with(self, result: Any) -> None:
        self.dismiss(result)

    @on(ChangeRefused)
    def _refused(self, event: ChangeRefused) -> None:
        self.saving = False
        self.show_error(event.reason)  # the app notifies it


__all__ = ["FormModal", "Hint", "PersonSuggester", "date_hint"]
