"""AWS entry points: the ingest Lambda, the scheduled dispatcher and the API behind a URL.

* :mod:`repflow.aws.handler` — ``handler(event, context)``: SES receipt events, S3
  notifications and SQS batches of S3 notifications (DESIGN.md §6);
* :mod:`repflow.aws.dispatcher` — ``scheduled_handler``: sends outbox stragglers;
* :mod:`repflow.aws.api_handler` — the backend API (ASGI) behind a Lambda function URL.

Importing any of them is cheap: settings, clients, the store and the engine are built on the
first invocation of a container (its cold start) and cached for the next ones.
"""
