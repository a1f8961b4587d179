"""Collectors do all I/O and return immutable `SourceDocument`s; they never interpret content."""
