"""Engines: read an email (classify + extract in one call) and word replies, behind one port."""
