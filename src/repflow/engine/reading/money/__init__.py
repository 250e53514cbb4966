"""The money reader: find every amount as brands write it in email, classify it, pick the budget.

Pure and deterministic: no I/O, no clock, no network. Every pattern is compiled once, at import.
The value types it reads into (:class:`~repflow.domain.money.Money`) and conversion live in
:mod:`repflow.domain.money`; this package is the engine's reading of text.

Modules: :mod:`.currencies` (symbols, codes, names), :mod:`.amounts` (digit grouping,
multipliers, ranges), :mod:`.number_words`, :mod:`.units` (per-unit amounts, bounds),
:mod:`.cues` (the words around an amount), :mod:`.scan` (one amount at a position),
:mod:`.classify` (its kind), :mod:`.read` (the entry points), :mod:`.mention` (the result).

How text is read
================

**Language data.** Besides what is below, every language file's ``[money]`` section
(``engine/lang/<code>.toml``, read by :mod:`.data`, see ``docs/languages.md``) adds currency
names (``złotych``, ``rupiah``), multipliers (``Rp 5 juta``, ``15 bin TL``, ``8 tys. zł``),
amounts in words (``dreitausend Euro``, ``cinco mil reais``, ``lima belas juta rupiah``; only
with a currency after them), range words (``od ... do``), CPM words (``TKP``) and cue phrases
(``cena detaliczna`` is a product's worth, ``ご提示の`` the creator's rate). Full-width digits
(``￥２００，０００``) read as ASCII. A CPM offer's budget is its guaranteed minimum to its cap
(``$20 CPM, minimum $1,200, cap at $4,000`` → 1200-4000), and an amount in a sentence
addressed to an AI model is not a budget.

**Currency.** Written as a symbol or code before the number (``$``, ``US$``, ``C$``, ``A$``,
``NZ$``, ``R$``, ``MX$``, ``€``, ``£``, ``₹``, ``Rs.``, ``CHF``, ``kr``, ``USD`` ...) or as a
symbol, ISO 4217 code or word after it (``€``, ``USD``, ``kr``, ``zł``, ``円``, ``dollars``,
``bucks``, ``euros``, ``Canadian dollars`` ...). ISO codes are babel's (CLDR) list of codes in
current use, upper case only (a few common ones in any case), minus codes that are also
English words (``ALL``, ``TOP``, ``PEN``, ``CUP`` ...). A token several currencies share
resolves to a primary currency unless ``default_currency`` belongs to the same family:

* ``$``, ``dollars``, ``bucks`` → USD, or the default when that is a dollar currency (CAD,
  AUD, ...); ``C$``/``CA$`` → CAD, ``A$``/``AU$`` → AUD, ``NZ$`` → NZD, ``R$`` → BRL,
  ``MX$`` → MXN, ``S$`` → SGD, ``HK$`` → HKD.
* ``¥`` → JPY (or CNY); ``CN¥``, ``RMB``, ``元``, ``yuan`` → CNY; ``円``, ``yen`` → JPY.
* ``kr`` → SEK (or NOK, DKK, ISK when that is the default): Swedish brands are the most common
  senders and nothing in ``kr`` itself tells the three apart. ``kroner`` → NOK (or DKK).
* ``Rs``/``Rs.``/``rupees`` → INR (or PKR, LKR, NPR ...); ``£``/``pounds`` → GBP;
  ``pesos`` → MXN (or ARS, COP, CLP ...); ``R`` (attached: ``R2000``) → ZAR.
* An explicit code beats a generic symbol: ``$3,000 CAD`` and ``USD $3,000`` are CAD and USD.

**Digit grouping** (:func:`parse_amount`):

* Both ``.`` and ``,`` present: the last one is the decimal separator (``1.200,50`` →
  1200.50, ``1,200.50`` → 1200.50).
* One separator, several times: grouping (``1.000.000``, ``1,000,000``, and Indian
  ``5,00,000`` → 500000).
* One separator, once: exactly three digits after it and one to three non-zero-led digits
  before → grouping (``1.200`` and ``1,200`` → 1200, whatever the currency); otherwise a
  decimal (``1,5`` → 1.5, ``2.5`` → 2.5, ``2,50`` → 2.50, ``0.500`` → 0.5).
* Spaces (also no-break and narrow no-break spaces) and apostrophes group thousands
  (``1 200,00``, ``CHF 1'500``).
* Multipliers: ``k``/``K``/``thousand``/``grand`` (×1000), ``M``/``MM``/``million``/``Mio``
  (×10⁶), ``bn``/``billion``, ``lakh``, ``crore``, ``万``/``만`` (×10⁴), ``千``/``천``,
  ``億``; ``mil`` is a thousand for BRL, MXN, ARS, COP, CLP and EUR amounts (``R$ 5 mil``)
  and a million otherwise.
* English number words are read when a currency follows or a money word precedes them:
  ``five thousand dollars``, ``fifteen hundred dollars``, ``a thousand dollars``.

**Ranges.** ``£800-£1,200``, ``£800 - 1,200``, ``$5k–7k``, ``2,000-3,000 USD``,
``between $3,000 and $4,000``, ``from 2000 to 3000 EUR``. A multiplier written only on the
upper end applies to the lower end when that keeps the range ordered (``$5-7k`` → 5000-7000).
``and``/``und``/``y``... only join a range after ``between``/``zwischen``/``entre``.

**Bounds.** ``up to $4,000`` is ``minimum == maximum == 4000`` with ``bound="up_to"``;
``at least``/``from``/``starting at``/``$5,000+`` give ``bound="at_least"``. Both numbers
carry the amount as written, so callers comparing against a floor or ceiling read one field.

**Not money.** A number without a currency is money only when a money word precedes it in the
same sentence (``budget is 2000``, ``Honorar: 1500``) and nothing says it is a count, a year,
a date, a time or a percentage; its currency is then ``default_currency`` (``None`` when no
default is given). Follower and view counts (``100k followers``), percentages
(``15% commission``, ``20% off``), years, phone and order numbers, discount codes, times,
and numbers inside URLs and email addresses are never money. Percentages are not represented.
``$0`` is money (:func:`find_money` reports it) but never a budget (:func:`parse_budget`).

**Kinds.** Each amount is classified by the nearest cue around it in its sentence:
``product_value`` (``worth``, ``retail value``, ``valued at``, ``RRP``, ``MSRP``, ``gift card``,
``voucher``, ``store credit``, ``$300 worth of product`` — payment in kind, not cash),
``price`` (what the *creator* would pay a vendor: ``we charge``, ``our packages start at``,
``pricing starts from``, ``you only pay``, ``unsere Preise``, ``nuestros precios``, ``nos
tarifs``, an amount per minute of video, or ``from $150`` with no money word of the sender's
own in front — a seller's price list, never a budget),
``creator_rate`` (``your rate of``, ``you quoted``, ``your media kit``, ``my rate``, ``above
our budget``, and every amount on a ``>`` quoted line), ``commission`` (``commission``,
``affiliate``, ``per sale``), ``other`` (``off``, ``discount``, ``shipping``, ``raised``,
``revenue``, ``engagement rate`` ...) and ``budget`` (money words such as ``budget``, ``offer``,
``pay``, ``fee``, ``compensation``, ``rate``, ``honorarium``, ``Honorar``, ``Vergütung``,
``rémunération``, ``presupuesto``, ``pago``, ``compenso``, ``orçamento``, ``cachê``, ``予算``,
``бюджет`` ... — and any currency amount no other cue claims).
"""

from __future__ import annotations

from repflow.engine.reading.money.mention import MoneyBound, MoneyKind, MoneyMention
from repflow.engine.reading.money.read import find_money, parse_amount, parse_budget

__all__ = [
    "MoneyBound",
    "MoneyKind",
    "MoneyMention",
    "find_money",
    "parse_amount",
    "parse_budget",
]
