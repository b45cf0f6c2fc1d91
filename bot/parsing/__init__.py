"""Area parsers used by :mod:`bot.parser` (one module per command family)."""
