"""The staff's terminal UI (Textual): main screen, forms, dashboard, live refresh.

Only ``taskboard.cli.tui_launch`` imports this package; the core never does. Inside it,
``app`` imports everything else and nothing imports ``app``: screens, widgets and modals know
it as a :class:`~taskboard.tui.context.TuiContext`; every change goes through
:mod:`~taskboard.tui.writes`, whose outcomes are the messages of :mod:`~taskboard.tui.messages`.
"""
