"""Storage: engines, connection pragmas, transactions and schema migrations."""
