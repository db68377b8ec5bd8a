"""Readers: decoded page text -> `Document` (blocks). One module per input format."""
