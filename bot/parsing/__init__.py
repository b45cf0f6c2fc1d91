"""The pieces of the pure parser: the lexer, single values, ``key=value`` options,
and one module of argument parsers per command family. :mod:`bot.parser` puts
them together; the catalogue says which parser each command uses."""
