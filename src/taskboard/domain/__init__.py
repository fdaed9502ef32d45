"""The domain: models, rules and services. Imports neither Textual nor Typer."""
