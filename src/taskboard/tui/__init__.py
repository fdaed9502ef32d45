"""The staff's terminal UI (Textual): main screen, forms, dashboard, live refresh.

Only ``taskboard.cli.tui_launch`` imports this package; the core never does.
"""
