"""Transport layer: where raw mail comes from (files, mbox, Maildir, S3) and how replies leave."""
