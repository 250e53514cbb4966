"""Mail layer: parse, trim, thread and screen raw email; compose replies."""
