"""The SAM template: cfn-lint finds nothing, and the properties the design relies on are there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

TEMPLATE = Path(__file__).resolve().parents[2] / "infra" / "template.yaml"


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    from cfnlint.decode import decode

    data, errors = decode(str(TEMPLATE))
    assert not errors, errors
    assert data is not None
    return dict(data)


def resources(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in template["Resources"].items() if r["Type"] == kind}


def test_cfn_lint_is_clean() -> None:
    from cfnlint.api import ManualArgs, lint_file

    matches = lint_file(TEMPLATE, config=ManualArgs())

    assert [f"{m.rule.id} {m.message} (line {m.linenumber})" for m in matches] == []


def test_functions_run_python_3_13_with_the_documented_handlers(template: dict) -> None:
    assert template["Globals"]["Function"]["Runtime"] == "python3.13"
    functions = resources(template, "AWS::Serverless::Function")
    handlers = {name: f["Properties"]["Handler"] for name, f in functions.items()}
    assert handlers == {
        "IngestFunction": "repflow.aws.handler.handler",
        "DispatcherFunction": "repflow.aws.dispatcher.scheduled_handler",
        "ApiFunction": "repflow.aws.api_handler.handler",
    }
    assert template["Parameters"]["Architecture"]["AllowedValues"] == ["arm64", "x86_64"]


def test_ingest_reads_sqs_with_partial_batch_failures(template: dict) -> None:
    ingest = template["Resources"]["IngestFunction"]["Properties"]
    [event] = ingest["Events"].values()
    assert event["Type"] == "SQS"
    assert event["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert event["Properties"]["BatchSize"] == 10
    assert 60 <= ingest["Timeout"] <= 120
    variables = ingest["Environment"]["Variables"]
    for name in ("S3_BUCKET", "S3_PREFIX", "SES_REGION", "API_BASE_URL", "REPFLOW_MODEL"):
        assert name in variables
    assert (
        "API_AUTH_TOKEN_SECRET_ARN" in template["Globals"]["Function"]["Environment"]["Variables"]
    )


def test_queue_redrives_to_a_dead_letter_queue_after_five_receives(template: dict) -> None:
    queue = template["Resources"]["IngestQueue"]["Properties"]
    assert queue["RedrivePolicy"]["maxReceiveCount"] == 5
    assert queue["RedrivePolicy"]["deadLetterTargetArn"] == {
        "Fn::GetAtt": ["IngestDeadLetterQueue", "Arn"]
    }
    # At least six times the ingest timeout, so a running batch is not redelivered.
    timeout = template["Resources"]["IngestFunction"]["Properties"]["Timeout"]
    assert queue["VisibilityTimeout"] >= 6 * timeout


def test_dispatcher_runs_every_five_minutes(template: dict) -> None:
    [event] = template["Resources"]["DispatcherFunction"]["Properties"]["Events"].values()
    assert event["Type"] == "Schedule"
    assert event["Properties"]["Schedule"] == "rate(5 minutes)"


def test_api_is_behind_a_function_url(template: dict) -> None:
    api = template["Resources"]["ApiFunction"]["Properties"]
    assert api["FunctionUrlConfig"]["AuthType"] == "NONE"
    assert api["Environment"]["Variables"]["DATABASE_URL_SECRET_ARN"] == {
        "Ref": "DatabaseUrlSecretArn"
    }


def test_bucket_is_private_encrypted_expiring_and_writable_by_ses_only(template: dict) -> None:
    bucket = template["Resources"]["MailBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert bucket["LifecycleConfiguration"]["Rules"]
    [notification] = bucket["NotificationConfiguration"]["QueueConfigurations"]
    assert notification["Event"] == "s3:ObjectCreated:*"

    [allow, _deny] = template["Resources"]["MailBucketPolicy"]["Properties"]["PolicyDocument"][
        "Statement"
    ]
    assert allow["Principal"] == {"Service": "ses.amazonaws.com"}
    assert allow["Action"] == "s3:PutObject"
    assert "aws:SourceAccount" in allow["Condition"]["StringEquals"]


def test_receipt_rule_stores_mail_under_the_prefix(template: dict) -> None:
    rule = template["Resources"]["ReceiptRule"]["Properties"]["Rule"]
    [action] = rule["Actions"]
    assert action["S3Action"]["ObjectKeyPrefix"] == {"Ref": "S3Prefix"}
    assert rule["Recipients"] == {"Ref": "Recipients"}
    assert rule["ScanEnabled"] is True


def test_s3_may_notify_the_queue(template: dict) -> None:
    [statement] = template["Resources"]["IngestQueuePolicy"]["Properties"]["PolicyDocument"][
        "Statement"
    ]
    assert statement["Principal"] == {"Service": "s3.amazonaws.com"}
    assert statement["Action"] == "sqs:SendMessage"
