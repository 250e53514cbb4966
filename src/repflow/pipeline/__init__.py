"""The service layer: process one inbound email end to end; dispatch the outbox."""
