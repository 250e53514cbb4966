"""TLS to Dovecot (imaps:// and STARTTLS, a private CA), and polling where IDLE is missing."""

from __future__ import annotations

import time
from pathlib import Path

from tests.integration.dovecot import PASSWORD, USER, dovecot_instance
from tests.integration.test_imap_resilience import stderr_of, wait_until, watcher
from tests.integration.test_imap_watch import config_with, fill_inbox, watch


def test_imaps_and_starttls_with_a_private_ca(tmp_path: Path) -> None:
    with dovecot_instance(tls=True) as server:
        assert server.ca is not None
        ca = {"REPFLOW_IMAP_CA_FILE": str(server.ca)}
        implicit = watch(server.tls_url(), "--check", cwd=tmp_path, env=ca)
        assert implicit.returncode == 0, implicit.stderr
        assert f"server: localhost:{server.tls_port}, TLS" in implicit.stderr

        starttls_url = f"imap://{USER}:{PASSWORD}@localhost:{server.port}/INBOX?starttls=required"
        upgraded = watch(starttls_url, "--check", cwd=tmp_path, env=ca)
        assert upgraded.returncode == 0, upgraded.stderr
        assert "STARTTLS" in upgraded.stderr

        # Without the CA the certificate is refused: one line, no traceback.
        refused = watch(server.tls_url(), "--check", cwd=tmp_path)
        assert refused.returncode == 2
        assert "certificate" in refused.stderr.lower()
        assert "Traceback" not in refused.stderr

        # A whole pass over TLS.
        fill_inbox(server, ("01-complete-offer.eml",))
        db = tmp_path / "repflow.db"
        config = config_with(tmp_path, "review")
        once = watch(
            server.tls_url(),
            "--once",
            "--db",
            str(db),
            "--config",
            str(config),
            cwd=tmp_path,
            env=ca,
        )
        assert once.returncode == 0, once.stderr
        assert len(server.messages("Drafts")) == 1


def test_a_plain_server_without_starttls_is_refused_unless_asked(tmp_path: Path) -> None:
    with dovecot_instance() as server:
        remote_style = server.url().replace("INBOX", "INBOX?starttls=required")
        refused = watch(remote_style, "--check", cwd=tmp_path)
        assert refused.returncode == 2
        assert "offers no STARTTLS" in refused.stderr


def test_without_idle_the_watcher_polls(tmp_path: Path) -> None:
    capabilities = "IMAP4rev1 SASL-IR LITERAL+ UIDPLUS SPECIAL-USE NAMESPACE"
    with dovecot_instance(capabilities=capabilities) as server:
        check = watch(server.url(), "--check", cwd=tmp_path)
        assert "no IDLE" in check.stderr, check.stderr
        db = tmp_path / "repflow.db"
        config = config_with(tmp_path, "review")
        with watcher(server, tmp_path, db, config, "--poll-interval", "0.3") as process:
            wait_until(lambda: "watching INBOX" in stderr_of(tmp_path), "the watcher to start")
            time.sleep(0.5)
            fill_inbox(server, ("01-complete-offer.eml",))
            wait_until(lambda: len(server.messages("Drafts")) == 1, "a poll to find the offer")
            process.terminate()
            assert process.wait(timeout=15) == 0
