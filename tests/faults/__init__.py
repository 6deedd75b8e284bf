"""Fault tests: crashes mid-save, outside changes, second instances, bad input, security."""
