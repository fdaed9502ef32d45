"""Allow ``python -m taskboard``."""

from taskboard.cli import main

if __name__ == "__main__":
    main()
