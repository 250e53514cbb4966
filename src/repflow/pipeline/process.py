"""Process one inbound email: parse, claim, screen, thread, assess, decide, draft, commit.

Deterministic code owns every decision that matters; the engine only reads and words. Nothing
irreversible happens before the turn is committed in one transaction, and replies leave only
through the outbox (see :mod:`repflow.pipeline.dispatch`).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from repflow.config import RepflowConfig
from repflow.domain.autosend import GateFacts, hold_reasons, offer_evidence
from repflow.domain.decide import ACTIVE_STATES, Outcome, TurnFacts, decide, missing_fields
from repflow.domain.models import (
    Category,
    DealTerms,
    Decision,
    Direction,
    Flag,
    Lead,
    ReplyMode,
    new_id,
)
from repflow.domain.profile import DEFAULT_CREATOR_ID, CreatorProfile
from repflow.domain.ratelimit import LimitReason, RateLimit
from repflow.domain.states import LeadState
from repflow.domain.turn import ReplyKind, lead_for_review, new_deal, next_conversation, next_lead
from repflow.engine.port import Assessment, DraftRequest, Engine, ThreadContext
from repflow.engine.signals import (
    injection_signals,
    is_injection,
    is_scam,
    is_suspicious,
    scam_signals,
)
from repflow.mail.compose import body_with_signature, make_message_id, reply_subject
from repflow.mail.exceptions import MalformedEmail
from repflow.mail.hidden import hidden_text
from repflow.mail.language import REPLY_LANGUAGES, detect_language
from repflow.mail.links import risky_links
from repflow.mail.models import InboundEmail, TrimmedText
from repflow.mail.parse import parse_email
from repflow.mail.screen import ScreenReason, SesVerdicts, screen_email
from repflow.mail.senders import (
    AuthStatus,
    RecipientChoice,
    choose_recipient,
    is_freemail,
    matches_any,
    recruiting_mailbox,
    same_organisation,
    sender_authentication,
)
from repflow.mail.thread import (
    Participants,
    new_thread_id,
    thread_keys,
)
from repflow.mail.trim import trim_body
from repflow.pipeline.delivery import Delivery, _short_key, arrival_time, claim_key
from repflow.pipeline.exceptions import RetryLater
from repflow.pipeline.result import ProcessResult, ReplyView, error_text
from repflow.pipeline.safety import draft_problems, verify_terms
from repflow.store.exceptions import InvalidData
from repflow.store.port import (
    LIVE_REPLY_STATUSES,
    OpenedTurn,
    OutboxItem,
    OutboxStatus,
    StoredMessage,
    ThreadQuery,
    ThreadState,
    Turn,
    TurnRequest,
    TurnStatus,
    TurnStore,
)
from repflow.store.turns import own_addresses

log = logging.getLogger("repflow.pipeline")

_RECEIVED_FOR = re.compile(r"\bfor\s+<?([^\s<>;@]+@[^\s<>;]+?)>?\s*;")


#: What a screened message is, for the report (screened mail never reaches an engine).
SCREENED_CATEGORY: dict[ScreenReason, Category] = {
    ScreenReason.AUTO_REPLY: Category.AUTO_REPLY,
    ScreenReason.BOUNCE: Category.BOUNCE,
    ScreenReason.BULK: Category.NEWSLETTER,
    ScreenReason.SPAM: Category.SPAM,
    ScreenReason.VIRUS: Category.SPAM,
}


@dataclass(frozen=True, slots=True)
class GateInputs:
    """What the automatic-send gate reads about one turn (see :meth:`Pipeline._gate`)."""

    category: Category
    is_offer: bool
    state: ThreadState
    terms: DealTerms
    sender: str
    sender_is_contact: bool
    flags: frozenset[str]
    auth_failed: bool
    recipient: RecipientChoice
    risky_links: tuple[str, ...] = ()
    hidden_text: tuple[str, ...] = ()
    language: str | None = None


@dataclass(slots=True)
class Reading:
    """What step *assess* made of one email: the engine's reading, checked by code."""

    context: ThreadContext
    assessment: Assessment
    #: The turn's flags so far (later steps add theirs).
    flags: set[str]
    #: The thread's known terms merged with what this email verifiably says.
    terms: DealTerms
    is_offer: bool
    category: Category
    sender: str
    sender_is_contact: bool
    contact_note: str | None
    auth_failed: bool


@dataclass
class Pipeline:
    """The deal desk's service layer for one store and one engine.

    One email is a turn of named steps (:meth:`_turn`): open (creator, claim, thread and
    context, from the store in one call), screen, assess (:meth:`_read`), decide
    (:meth:`_judge`), draft (:meth:`_answer`), commit (one call). Nothing is sent here: the
    result carries the committed reply row for the :class:`~repflow.pipeline.dispatch.Dispatcher`.
    """

    store: TurnStore
    engine: Engine
    config: RepflowConfig = field(default_factory=RepflowConfig)
    #: Used when ``engine`` cannot answer (the LLM engine falls back to it; flagged for review).
    fallback_engine: Engine | None = None
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    lease: timedelta = timedelta(minutes=5)
    thread_window: timedelta = timedelta(days=30)
    #: Loop and flood protection: replies allowed per thread and address (:meth:`_limit`).
    rate_limit: RateLimit = field(default_factory=RateLimit)

    async def process(self, data: bytes, delivery: Delivery | None = None) -> ProcessResult:
        """Process one raw message; never raises for bad input.

        The store is asked twice: :meth:`~repflow.store.port.TurnStore.begin_turn` (creator,
        claim, thread lock and context in one go) and
        :meth:`~repflow.store.port.TurnStore.commit_turn`. The result carries the reply row
        this turn committed (:attr:`ProcessResult.outbox`) for the caller to send.

        Raises:
            RetryLater: another worker holds this message's claim or its thread.
        """
        delivery = delivery or Delivery()
        try:
            email = parse_email(data, source=delivery.source)
        except MalformedEmail as exc:
            return await self._store_malformed(data, delivery, exc)
        key = claim_key(email, delivery)
        now = self.clock()
        at = arrival_time(email, delivery, now, trusted_receivers=self.config.trusted_receivers)
        opened = await self.store.begin_turn(self._turn_request(email, key, delivery, now, at))
        if opened.status is TurnStatus.IN_PROGRESS:
            raise RetryLater(f"claim {_short_key(key)} is held by another worker")
        if opened.status is TurnStatus.THREAD_BUSY:
            raise RetryLater(f"thread {opened.thread_id} has a turn in progress")
        if opened.status is TurnStatus.DONE:
            return _replayed(email, delivery, opened.earlier)
        try:
            if self._answered_before_upgrade(email, delivery, opened.earlier):
                await self.store.abort_turn(key, opened.lock_key)
                return _replayed(email, delivery, opened.earlier)
            return await self._turn(email, key, delivery, opened, now, at)
        except InvalidData as exc:
            # The store refuses this email's values: keep the raw message, flagged, so that
            # it is neither lost nor retried forever, and the batch goes on.
            log.error("store refused a message", extra={"error": error_text(exc)})
            result = ProcessResult(
                source=email.source or delivery.source,
                message_id=email.message_id,
                error=f"store refused the message: {error_text(exc)}",
                flags=[STORE_REFUSED],
            )
            try:
                return await self._store_raw(data, delivery, key, opened, result, STORE_REFUSED)
            except BaseException:
                await self.store.abort_turn(key, opened.lock_key)
                raise
        except BaseException:
            await self.store.abort_turn(key, opened.lock_key)
            raise

    def _turn_request(
        self, email: InboundEmail, key: str, delivery: Delivery, now: datetime, at: datetime
    ) -> TurnRequest:
        """What the store needs to open this email's turn (nothing is read yet)."""
        # The participant key waits for the creator's addresses: the store completes it.
        keys = thread_keys(email)
        # Where the reply may go (From, Reply-To): their recent replies feed the rate limit.
        sender = email.from_.address if email.from_ else ""
        candidates = tuple(a for a in (sender, *(r.address for r in email.reply_to)) if a)
        return TurnRequest(
            claim_key=key,
            now=now,
            lease=self.lease,
            creator_addresses=_delivered_to(email, delivery),
            default_creator=self._default_creator(),
            thread=ThreadQuery(
                message_ids=keys.message_ids,
                subject_key=keys.subject_key,
                subject_fallback=keys.subject_fallback_possible,
                new_thread_id=keys.new_thread_id,
                participants=Participants.of(email),
                own_addresses=self._configured_addresses(),
                at=email.date,
                window=self.thread_window,
            ),
            legacy_key=None
            if delivery.ses_message_id
            else (email.message_id or f"sha256:{email.sha256}"),
            reply_candidates=candidates,
            replies_since=at - self.rate_limit.window,
        )

    @staticmethod
    def _answered_before_upgrade(
        email: InboundEmail, delivery: Delivery, stored: StoredMessage | None
    ) -> bool:
        """Whether this email was answered under its pre-0004 claim key (compatibility).

        Before claim keys carried a content digest, they were the bare Message-ID (else
        ``sha256:`` + the raw bytes' hash). An email processed then and redelivered now must not
        be answered twice: when this creator has an inbound message under the old key from the
        same sender with the same subject (or the same bytes), it counts as done.
        """
        if delivery.ses_message_id or stored is None:
            return False  # SES message ids were and are the key
        sender = email.from_.address if email.from_ else ""
        return stored.sha256 == email.sha256 or (
            stored.sender == sender and stored.subject == email.subject
        )

    # -- steps -------------------------------------------------------------------------------
    async def _turn(
        self,
        email: InboundEmail,
        key: str,
        delivery: Delivery,
        opened: OpenedTurn,
        now: datetime,
        at: datetime,
    ) -> ProcessResult:
        """Screen, read, judge, word and commit one email, in named steps."""
        creator, state = opened.creator, opened.state
        trimmed = trim_body(
            email.text, sender_name=email.from_.name if email.from_ else None, subject=email.subject
        )
        result = ProcessResult(
            source=email.source or delivery.source,
            message_id=email.message_id,
            thread_id=opened.thread_id,
            creator=creator,
        )
        inbound = self._inbound_message(email, key, opened, trimmed, result.source, now)
        if state.lead is not None:
            result.lead_state = state.lead.state
        verdict = screen_email(
            email,
            own_addresses=own_addresses(self._configured_addresses(), creator),
            own_domains=self.config.own_domains,
            verdicts=delivery.verdicts or SesVerdicts.from_headers(email),
            blocklist=opened.blocklist,
        )
        if verdict is not None:
            return await self._commit_screened(email, key, opened, inbound, verdict.reason, result)
        reading = await self._read(email, delivery, opened, trimmed, now, result)
        outcome, recipient = self._judge(email, reading, opened, result)
        lead = next_lead(
            state.lead,
            outcome,
            creator_id=creator.id,
            thread_id=opened.thread_id,
            counterparty=reply_recipient(email) or "",
            terms=reading.terms,
            now=now,
        )
        result.lead_state = lead.state if lead else result.lead_state
        deal = new_deal(outcome, lead, state.deal, reading.terms, now)
        outbox = await self._answer(
            email, key, opened, lead, reading, outcome, recipient, now, at, result
        )
        conversation = next_conversation(
            state.conversation,
            outcome,
            _reply_kind(outbox),
            creator_id=creator.id,
            thread_id=opened.thread_id,
            subject=email.subject,
        )
        inbound = replace(
            inbound,
            category=result.category,
            flags=tuple(sorted(reading.flags)),
            details={**result.to_json(), "evidence": dict(reading.assessment.evidence)},
            llm_calls=result.llm_calls,
            tokens=result.tokens,
        )
        receipt = await self.store.commit_turn(
            Turn(
                claim_key=key,
                creator_id=creator.id,
                thread_id=opened.thread_id,
                inbound=inbound,
                lead=lead,
                conversation=conversation,
                deal=deal,
                outbox=outbox,
                lock_key=opened.lock_key,
            )
        )
        result.deal_created = deal is not None and receipt.written
        if outbox is not None and receipt.outbox_written:
            result.outbox = outbox
        log.info(
            "processed",
            extra={
                "thread_id": opened.thread_id,
                "decision": result.decision,
                "flags": result.flags,
            },
        )
        return result

    def _inbound_message(
        self,
        email: InboundEmail,
        key: str,
        opened: OpenedTurn,
        trimmed: TrimmedText,
        source: str,
        now: datetime,
    ) -> StoredMessage:
        """The inbound message as it will be stored (category and flags come later)."""
        return StoredMessage(
            id=new_id(),
            creator_id=opened.creator.id,
            thread_id=opened.thread_id,
            direction=Direction.INBOUND,
            message_id=email.message_id,
            sender=email.from_.address if email.from_ else "",
            recipients=tuple(a.address for a in (*email.to, *email.cc)),
            subject=email.subject,
            subject_key=opened.subject_key,
            participant_key=opened.participant_key,
            text=_stored_text(trimmed),
            sent_at=email.date or now,
            claim_key=key,
            defects=email.defects,
            source=source,
            sha256=email.sha256,
        )

    async def _read(
        self,
        email: InboundEmail,
        delivery: Delivery,
        opened: OpenedTurn,
        trimmed: TrimmedText,
        now: datetime,
        result: ProcessResult,
    ) -> Reading:
        """Step *assess*: the engine's reading, checked against the email and the rules.

        Scam and injection signals are code's; the engine's terms count only where the email
        says them (:func:`~repflow.pipeline.safety.verify_terms`).
        """
        creator, state = opened.creator, opened.state
        body = _engine_text(trimmed)
        if email.attachment_text:
            # A text brief is read like the body: its terms, and any scam or injection in it.
            body = f"{body}\n\n{email.attachment_text}"
        result.language = detect_language(f"{email.subject}\n{trimmed.new_text}")
        scam = tuple(scam_signals(email, body))
        injection = tuple(injection_signals(email, body))
        context = ThreadContext(
            thread_id=opened.thread_id,
            creator=creator,
            trimmed=trimmed,
            known_terms=state.lead.terms if state.lead else DealTerms(),
            lead_state=LeadState(state.lead.state) if state.lead else None,
            asked_fields=state.conversation.asked_fields if state.conversation else (),
            history=format_history(state),
            thread_text="\n".join(
                m.text for m in state.messages if m.direction is Direction.INBOUND
            ),
            now=email.date or now,
            scam_signals=scam,
            injection_signals=injection,
        )
        assessment = await self.engine.assess(email, context)
        flags = set(assessment.flags)
        if is_scam(scam):
            flags.add(Flag.SCAM)
        if is_injection(injection):
            flags.add(Flag.PROMPT_INJECTION)
        if not flags & {Flag.SCAM, Flag.PROMPT_INJECTION} and is_suspicious((*scam, *injection)):
            flags.add(Flag.SUSPICIOUS)
        sender = f"{email.from_.name} {email.from_.address}" if email.from_ else ""
        source_text = "\n".join(
            (email.subject, sender, body, trimmed.signature, context.thread_text)
        )
        verified, unverified = verify_terms(assessment.terms, source_text)
        if unverified:
            flags.add(Flag.UNVERIFIED_EXTRACTION)
        # A scam dressed as an offer is not an offer, whatever the engine read into it.
        is_offer = assessment.is_offer and Flag.SCAM not in flags
        category = Category.SCAM if Flag.SCAM in flags else assessment.category
        sender_address = email.from_.address if email.from_ else ""
        sender_is_contact = bool(sender_address) and matches_any(sender_address, creator.contacts)
        contact_note = None
        if sender_is_contact and is_offer and trimmed.forwarded is None:
            # The creator's own people talk business without being brands: their mail becomes a
            # lead only when it forwards a brand's offer.
            is_offer = False
            if category is Category.SPONSORSHIP:
                category = Category.PERSONAL
            contact_note = "from one of your contacts (not a forwarded offer)"
        auth = sender_authentication(email, delivery.verdicts or SesVerdicts.from_headers(email))
        if auth.status is AuthStatus.FAIL:
            flags.add(Flag.AUTH_FAILED)
        return Reading(
            context=context,
            assessment=assessment,
            flags=flags,
            terms=context.known_terms.merged_with(verified),
            is_offer=is_offer,
            category=category,
            sender=sender_address,
            sender_is_contact=sender_is_contact,
            contact_note=contact_note,
            auth_failed=auth.status is AuthStatus.FAIL,
        )

    def _judge(
        self, email: InboundEmail, reading: Reading, opened: OpenedTurn, result: ProcessResult
    ) -> tuple[Outcome, RecipientChoice]:
        """Step *decide*: the pure decision, then the automatic-send gate; fills ``result``."""
        creator, state = opened.creator, opened.state
        context, assessment, flags = reading.context, reading.assessment, reading.flags
        facts = TurnFacts(
            category=reading.category,
            is_offer=reading.is_offer,
            confidence=assessment.confidence,
            terms=reading.terms,
            flags=frozenset(flags),
            lead_state=context.lead_state,
            asked_fields=context.asked_fields,
            today=(context.now or self.clock()).date(),
        )
        outcome = decide(facts, creator.preferences)
        if reading.contact_note is not None:
            outcome = replace(outcome, reasons=(*outcome.reasons, reading.contact_note))
        recipient = self._recipient(email, state)
        outcome, held = self._gate(
            outcome,
            GateInputs(
                category=reading.category,
                is_offer=reading.is_offer,
                state=state,
                terms=reading.terms,
                sender=reading.sender,
                sender_is_contact=reading.sender_is_contact,
                flags=frozenset(flags),
                auth_failed=reading.auth_failed,
                recipient=recipient,
                risky_links=risky_links(email),
                hidden_text=hidden_text(email.html),
                language=result.language,
            ),
            creator,
        )
        if held:
            flags.add(Flag.HELD_FOR_APPROVAL)
            result.held = list(held)
        result.category = reading.category.value
        result.is_sponsorship_offer = reading.is_offer
        result.confidence = assessment.confidence
        # Terms are reported for offers, deal threads and flagged mail (what a reviewer needs).
        result.deal = reading.terms if (reading.is_offer or state.lead or flags) else None
        result.decision = outcome.decision.value
        result.flags = sorted(flags)
        result.reasons = list(outcome.reasons)
        result.llm_calls = assessment.llm_calls
        result.tokens = assessment.tokens
        result.llm_error = assessment.llm_error
        if assessment.llm_error:
            # In the reasons too: the dashboard's "Why" and the CLI table show them.
            result.reasons.append(f"model: {assessment.llm_error}")
        return outcome, recipient

    async def _answer(
        self,
        email: InboundEmail,
        key: str,
        opened: OpenedTurn,
        lead: Lead | None,
        reading: Reading,
        outcome: Outcome,
        recipient: RecipientChoice,
        now: datetime,
        at: datetime,
        result: ProcessResult,
    ) -> OutboxItem | None:
        """Step *draft*: the reply's outbox row, unless rate limits or the draft check stop it."""
        if outcome.reply_mode is None or lead is None:
            return None
        flags = reading.flags
        limited = self._limit(opened, recipient.address, at)
        if limited is not None:
            # Loop and flood protection: no reply and no draft call. The decision stands (it
            # says what the email asks for); the turn waits for the creator.
            flags.add(Flag.RATE_LIMITED)
            result.flags = sorted(flags)
            result.reasons.append(self._limit_text(limited))
            # INFO, not WARNING: a flood would print one line per email.
            log.info(
                "reply rate limited", extra={"thread_id": opened.thread_id, "rule": limited.value}
            )
            return None
        creator = opened.creator
        outbox, draft_calls, draft_tokens, written_in = await self._reply(
            email,
            key,
            creator,
            lead,
            reading.terms,
            outcome,
            reading.assessment,
            now,
            recipient.address,
            result,
            flags,
            opened.state,
        )
        result.llm_calls += draft_calls
        result.tokens += draft_tokens
        if outbox is None:
            flags.add(Flag.LLM_FAILED)
            result.flags = sorted(flags)
            result.decision = Decision.REVIEW.value
            return None
        result.reply = ReplyView(
            to=outbox.to_address,
            subject=outbox.subject,
            text=body_with_signature(outbox.text, creator.preferences.signature),
            mode=outcome.reply_mode.value,
            language=written_in,
        )
        return replace(outbox, turn_at=at)

    def _recipient(self, email: InboundEmail, state: ThreadState) -> RecipientChoice:
        """The reply's one recipient; parties the thread already answered may be a Reply-To."""
        known = [state.lead.counterparty] if state.lead is not None else []
        known.extend(item.to_address for item in state.outbox if item.status is OutboxStatus.SENT)
        return choose_recipient(email, known_counterparties=known)

    def _gate(
        self, outcome: Outcome, inputs: GateInputs, creator: CreatorProfile
    ) -> tuple[Outcome, tuple[str, ...]]:
        """Hold an automatic reply back as a draft unless every trust condition holds.

        Returns:
            The outcome (its reply mode downgraded to a draft when held) and the hold reasons.
        """
        recipient = inputs.recipient
        reasons = list(outcome.reasons)
        if outcome.reply_mode is not None and recipient.problem:
            # A draft shows the creator both addresses (From and Reply-To) before anything goes.
            reasons.append(f"recipient: {recipient.problem}")
        if outcome.reply_mode is not ReplyMode.AUTO:
            return replace(outcome, reasons=tuple(reasons)), ()
        lead = inputs.state.lead
        in_brand_thread = (
            lead is not None
            and LeadState(lead.state) in ACTIVE_STATES
            and any(item.status is OutboxStatus.SENT for item in inputs.state.outbox)
        )
        counterparty = lead.counterparty if lead is not None else ""
        # A company domain: a free mailbox proves neither a company nor a shared organisation.
        company_sender = bool(inputs.sender) and not is_freemail(inputs.sender.rpartition("@")[2])
        sender_is_counterparty = bool(counterparty) and (
            inputs.sender == counterparty
            or (company_sender and same_organisation(inputs.sender, counterparty))
        )
        evidence = offer_evidence(inputs.terms, sender_is_company=company_sender)
        held = hold_reasons(
            GateFacts(
                category=inputs.category,
                is_offer=inputs.is_offer,
                in_brand_thread=in_brand_thread,
                sender_is_counterparty=sender_is_counterparty,
                evidence=evidence,
                sender_is_contact=inputs.sender_is_contact,
                flags=inputs.flags,
                auth_failed=inputs.auth_failed,
                recipient_problem=recipient.problem if not recipient.automatic else None,
                risky_links=inputs.risky_links,
                hidden_text=inputs.hidden_text,
                recruiting_sender=recruiting_mailbox(inputs.sender),
                language_unsupported=(
                    inputs.language
                    if inputs.language and inputs.language not in REPLY_LANGUAGES
                    else None
                ),
            ),
            creator.preferences.auto_send_min_confidence,
        )
        if not held:
            reasons.append(f"sent on its own: {evidence.describe()}")
            return replace(outcome, reasons=tuple(reasons)), ()
        reasons.extend(f"held for approval: {reason}" for reason in held)
        return replace(outcome, reply_mode=ReplyMode.DRAFT, reasons=tuple(reasons)), held

    def _limit(
        self, opened: OpenedTurn, to_address: str | None, at: datetime
    ) -> LimitReason | None:
        """Which rate limit, if any, holds this turn's reply back (loop and flood protection).

        Counts the outbox rows that went or may go out (pending, draft, sent): the thread's own,
        and the creator's to the same address on any thread (read by ``begin_turn``), each at
        the turn time of the email it answered (:attr:`OutboxItem.limit_time`).
        """
        thread_replies = [
            item.limit_time for item in opened.state.outbox if item.status in LIVE_REPLY_STATUSES
        ]
        sender_replies = (
            list(opened.recent_replies.get(to_address.lower(), ())) if to_address else []
        )
        return self.rate_limit.check(
            at, thread_replies=thread_replies, sender_replies=sender_replies
        )

    def _limit_text(self, reason: LimitReason) -> str:
        limit = self.rate_limit
        gap = f"answered less than {_duration(limit.min_gap)} before"
        window = _duration(limit.window)
        texts = {
            LimitReason.THREAD_GAP: f"this thread was {gap}",
            LimitReason.SENDER_GAP: f"this sender was {gap}",
            LimitReason.THREAD_WINDOW: f"this thread had {limit.per_thread} replies in {window}",
            LimitReason.SENDER_WINDOW: f"this sender had {limit.per_sender} replies in {window}",
        }
        return f"rate limited: {texts[reason]}"

    async def _reply(
        self,
        email: InboundEmail,
        key: str,
        creator: CreatorProfile,
        lead: Lead,
        terms: DealTerms,
        outcome: Outcome,
        assessment: Assessment,
        now: datetime,
        to_address: str | None,
        result: ProcessResult,
        flags: set[str],
        state: ThreadState,
    ) -> tuple[OutboxItem | None, int, int, str]:
        """The reply of a turn, if any, the draft's model calls and tokens, and its language.

        The reply is written in the language of the brand's message when Repflow writes it
        (:data:`~repflow.mail.language.REPLY_LANGUAGES`), else in English, and
        ``result.reasons`` says so (such a reply never goes out on its own: the auto-send gate
        holds it).

        The engine's draft must pass the draft check (:mod:`repflow.engine.draft_check`). One
        that fails is replaced by the fallback engine's (template) draft when that passes: the
        turn is flagged ``draft_replaced`` (added to ``flags`` and ``result``) and
        ``result.reasons`` names the problem codes. When no draft passes there is no reply.
        """
        from_address = self._sender_address(creator, email)
        if to_address is None or from_address is None or outcome.reply_mode is None:
            return None, 0, 0, ""
        # The detected language of the new text; the engine's guess only when none was found.
        inbound_language = result.language or assessment.language
        language = inbound_language if inbound_language in REPLY_LANGUAGES else "en"
        if inbound_language and language != inbound_language:
            result.reasons.append(f"reply in English: none written in {inbound_language}")
        asked = state.conversation.asked_fields if state.conversation else ()
        still_missing = set(missing_fields(terms, asked))
        request = DraftRequest(
            decision=outcome.decision,
            thread_id=lead.thread_id,
            subject=email.subject,
            terms=terms,
            creator_name=creator.name,
            counterparty_name=email.from_.name if email.from_ else "",
            missing_fields=outcome.missing_fields,
            counter_offer=outcome.counter_offer,
            language=language,
            variant_seed=key,
            quote=outcome.quote,
            alternative=outcome.alternative,
            follow_up=state.lead is not None
            or any(m.direction is Direction.OUTBOUND for m in state.messages),
            answered_fields=tuple(name for name in asked if name not in still_missing),
            assessment=assessment,
        )
        draft = await self.engine.draft(request)
        if draft.llm_error and result.llm_error is None:
            result.llm_error = draft.llm_error
            result.reasons.append(f"model: {draft.llm_error}")
        problems = draft_problems(draft.text, request, creator.preferences, sender=from_address)
        if problems:
            codes = ", ".join(dict.fromkeys(problem.code.value for problem in problems))
            log.warning(
                "draft rejected",
                extra={"thread_id": lead.thread_id, "problems": [str(p) for p in problems]},
            )
            result.reasons.append(f"draft rejected: {codes}")
        if problems and self.fallback_engine is not None:
            fallback = await self.fallback_engine.draft(request)
            if not draft_problems(fallback.text, request, creator.preferences, sender=from_address):
                draft = replace(fallback, llm_calls=draft.llm_calls, tokens=draft.tokens)
                problems = ()
                flags.add(Flag.DRAFT_REPLACED)
                result.flags = sorted(flags)
        if problems:
            return None, draft.llm_calls, draft.tokens, ""
        outbox_key = f"reply:{key}"
        domain = from_address.rpartition("@")[2] or "repflow.local"
        references = tuple(dict.fromkeys((*email.references, *(filter(None, [email.message_id])))))
        item = OutboxItem(
            id=new_id(),
            key=outbox_key,
            creator_id=creator.id,
            thread_id=lead.thread_id,
            lead_id=lead.id,
            status=OutboxStatus.PENDING
            if outcome.reply_mode is ReplyMode.AUTO
            else OutboxStatus.DRAFT,
            from_address=from_address,
            to_address=to_address,
            subject=reply_subject(email.subject),
            text=draft.text,
            message_id=make_message_id(domain, outbox_key),
            in_reply_to=email.message_id,
            references=references,
            created_at=now,
        )
        return item, draft.llm_calls, draft.tokens, draft.language or language

    # -- state -------------------------------------------------------------------------------
    async def _commit_screened(
        self,
        email: InboundEmail,
        key: str,
        opened: OpenedTurn,
        inbound: StoredMessage,
        reason: ScreenReason,
        result: ProcessResult,
    ) -> ProcessResult:
        result.screened = reason.value
        result.category = SCREENED_CATEGORY.get(reason, Category.OTHER).value
        result.decision = Decision.IGNORE.value
        lead = opened.state.lead
        if reason is ScreenReason.DMARC_FAIL:
            # A failed DMARC check may still be a real (misconfigured) brand: a human looks.
            result.flags = [Flag.DMARC_FAIL.value]
            result.decision = Decision.REVIEW.value
            lead = lead_for_review(
                lead,
                Flag.DMARC_FAIL,
                creator_id=opened.creator.id,
                thread_id=result.thread_id or "",
                counterparty=reply_recipient(email) or "",
                now=self.clock(),
            )
            result.lead_state = lead.state
        inbound = replace(
            inbound,
            screen_reason=reason.value,
            flags=tuple(result.flags),
            details=result.to_json(),
        )
        await self.store.commit_turn(
            Turn(
                claim_key=key,
                creator_id=opened.creator.id,
                thread_id=inbound.thread_id,
                inbound=inbound,
                lead=lead if lead is not opened.state.lead else None,
                lock_key=opened.lock_key,
            )
        )
        log.info("screened", extra={"thread_id": inbound.thread_id, "reason": reason.value})
        return result

    async def _store_malformed(
        self, data: bytes, delivery: Delivery, exc: MalformedEmail
    ) -> ProcessResult:
        digest = hashlib.sha256(data).hexdigest()
        key = delivery.ses_message_id or f"sha256:{digest}"
        result = ProcessResult(
            source=delivery.source, error=f"malformed: {exc}", flags=["malformed"]
        )
        opened = await self.store.begin_turn(
            TurnRequest(
                claim_key=key,
                now=self.clock(),
                lease=self.lease,
                creator_addresses=tuple(r.lower() for r in delivery.recipients),
                default_creator=self._default_creator(),
            )
        )
        if opened.status is not TurnStatus.OPEN:
            result.duplicate = opened.status is TurnStatus.DONE
            return result
        try:
            return await self._store_raw(data, delivery, key, opened, result, "not_an_email")
        except BaseException:
            await self.store.abort_turn(key, opened.lock_key)
            raise

    async def _store_raw(
        self,
        data: bytes,
        delivery: Delivery,
        key: str,
        opened: OpenedTurn,
        result: ProcessResult,
        defect: str,
    ) -> ProcessResult:
        """Commit the raw bytes as an inbound message of a thread of its own; never answered.

        For mail that cannot take the normal path (not an email; values the store refuses):
        the claim ``key`` (held by the caller) becomes done, with nothing but the bytes
        (decoded leniently, capped) and ``result.flags`` kept, so a human can look.
        """
        thread_id = new_thread_id(key)
        result.thread_id = thread_id
        creator_id = opened.creator.id
        inbound = StoredMessage(
            id=new_id(),
            creator_id=creator_id,
            thread_id=thread_id,
            direction=Direction.INBOUND,
            message_id=None,
            sender="",
            recipients=delivery.recipients,
            subject="",
            subject_key="",
            participant_key="",
            text=data[:100_000].decode("utf-8", "replace"),
            sent_at=self.clock(),
            claim_key=key,
            flags=tuple(result.flags),
            defects=(defect,),
            source=delivery.source,
            sha256=hashlib.sha256(data).hexdigest(),
            details=result.to_json(),
        )
        await self.store.commit_turn(
            Turn(
                claim_key=key,
                creator_id=creator_id,
                thread_id=thread_id,
                inbound=inbound,
                lock_key=opened.lock_key,
            )
        )
        return result

    # -- lookups -----------------------------------------------------------------------------
    def _default_creator(self) -> CreatorProfile:
        """The profile of mail to no known creator (``[defaults]``), stored on first use."""
        return CreatorProfile(id=DEFAULT_CREATOR_ID, preferences=self.config.defaults)

    def _configured_addresses(self) -> tuple[str, ...]:
        """Creator-side addresses of ``repflow.toml`` (the store adds the creator's own)."""
        return tuple(dict.fromkeys(a for c in self.config.creators for a in c.addresses))

    def _sender_address(self, creator: CreatorProfile, email: InboundEmail) -> str | None:
        if creator.sender_address:
            return creator.sender_address
        # The default profile answers from the address the brand wrote to.
        own_domains = set(self.config.own_domains)
        for address in (*email.to, *email.cc):
            if not own_domains or address.domain in own_domains:
                return address.address
        return None


def _delivered_to(email: InboundEmail, delivery: Delivery) -> tuple[str, ...]:
    """Where the email was delivered, most trusted first: the creator is the first that owns one.

    The delivery channel's recipients (SES), then ``Delivered-To`` / ``X-Original-To``, To and
    Cc, then the ``for <address>`` of the receiving server's trace (a Bcc'd creator appears
    only there).
    """
    candidates: list[str] = [r.lower() for r in delivery.recipients]
    for name in ("delivered-to", "x-original-to"):
        candidates.extend(v.strip().lower() for v in email.headers.get(name, ()))
    candidates.extend(a.address for a in (*email.to, *email.cc))
    for received in email.headers.get("received", ())[:3]:
        candidates.extend(m.lower() for m in _RECEIVED_FOR.findall(received))
    return tuple(dict.fromkeys(c for c in candidates if c))


def _reply_kind(outbox: OutboxItem | None) -> ReplyKind:
    if outbox is None:
        return ReplyKind.NONE
    return ReplyKind.DRAFT if outbox.status is OutboxStatus.DRAFT else ReplyKind.SENT


def _replayed(
    email: InboundEmail, delivery: Delivery, stored: StoredMessage | None
) -> ProcessResult:
    """Already processed: no side effects; report what the first run decided."""
    result = ProcessResult(
        source=email.source or delivery.source, message_id=email.message_id, duplicate=True
    )
    if stored is not None:
        result.thread_id = stored.thread_id
        details = stored.details
        result.screened = details.get("screened")
        result.category = details.get("category")
        result.is_sponsorship_offer = bool(details.get("is_sponsorship_offer"))
        result.confidence = details.get("confidence")
        result.lead_state = details.get("lead_state")
        result.decision = details.get("decision")
        result.flags = list(details.get("flags") or [])
    return result


#: The flag of a message whose values the store refused (kept raw, never answered).
STORE_REFUSED = "store_refused"


def _duration(delta: timedelta) -> str:
    """``delta`` in words for a reason line: ``2 minutes``, ``24 hours``, ``3 days``."""

    def plural(count: int, unit: str) -> str:
        return f"{count} {unit}" if count == 1 else f"{count} {unit}s"

    minutes, seconds = divmod(int(delta.total_seconds()), 60)
    hours, odd_minutes = divmod(minutes, 60)
    if seconds:
        return plural(int(delta.total_seconds()), "second")
    if odd_minutes or not hours:
        return plural(minutes, "minute")
    if hours >= 72 and hours % 24 == 0:  # "48 hours" reads better than "2 days"
        return plural(hours // 24, "day")
    return plural(hours, "hour")


def reply_recipient(email: InboundEmail) -> str | None:
    """The one address a reply may go to (:func:`repflow.mail.senders.choose_recipient`).

    The sender (``From``); a single ``Reply-To`` only in the sender's own registrable domain.
    Never an address the body names, nor one longer than SMTP allows (254 characters).
    """
    return choose_recipient(email).address


def _engine_text(trimmed: TrimmedText) -> str:
    if trimmed.forwarded is None:
        return trimmed.new_text
    return f"{trimmed.new_text}\n\n{trimmed.forwarded.text}"


def _stored_text(trimmed: TrimmedText) -> str:
    return _engine_text(trimmed)[:20_000]


def format_history(state: ThreadState, *, limit: int = 6, width: int = 300) -> tuple[str, ...]:
    """The thread's last ``limit`` messages as one-line ``who: text`` entries for an engine.

    A compact state, not the history: each line is whitespace-collapsed and cut at ``width``.
    """
    lines = []
    for message in state.messages[-limit:]:
        who = "brand" if message.direction is Direction.INBOUND else "creator"
        lines.append(f"{who}: {' '.join(message.text.split())[:width]}")
    return tuple(lines)
