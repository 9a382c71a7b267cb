"""Per-locale pools of names, streets, towns, companies and valid phone prefixes."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import phonenumbers
from faker import Faker

from voxprivacy.domain.validation import fold
from voxprivacy.services.demo.catalog import LOCALES, _Locale, _table


@dataclass(frozen=True)
class _PhoneTemplate:
    """A national prefix whose numbers stay valid whatever the trailing digits."""

    country_code: int
    prefix: str
    tail: int


class _NumberCheck:
    """``phonenumbers``' validity test for one region and type, its patterns compiled once.

    A national number passes if it matches the region's general description and
    the wanted type's (mobile or fixed line), lengths and pattern both, which is
    how ``phonenumbers.is_valid_number_for_region`` finds a number's type; only a
    stricter test, so every number it passes is valid. ``phonenumbers`` itself
    looks the patterns up again for every number, the larger part of a demo
    customer's cost.
    """

    def __init__(self, region: str, kind: int) -> None:
        meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
        if meta is None:  # pragma: no cover - every region used here has metadata
            raise ValueError(f"no phone metadata for {region}")
        wanted = meta.mobile if kind == phonenumbers.PhoneNumberType.MOBILE else meta.fixed_line
        self._descs = [
            (frozenset(d.possible_length or ()), re.compile(d.national_number_pattern or "(?!)"))
            for d in (meta.general_desc, wanted)
            if d is not None
        ]

    def __call__(self, nsn: str) -> bool:
        n = len(nsn)
        return len(self._descs) == 2 and all(
            (not lengths or n in lengths) and pattern.fullmatch(nsn) is not None
            for lengths, pattern in self._descs
        )


def _phone_object(country_code: int, nsn: str) -> phonenumbers.PhoneNumber:
    zeros = len(nsn) - len(nsn.lstrip("0"))
    return phonenumbers.PhoneNumber(
        country_code=country_code,
        national_number=int(nsn),
        italian_leading_zero=True if zeros else None,
        number_of_leading_zeros=zeros if zeros > 1 else None,
    )


def _random_digits(rng: random.Random, n: int) -> str:
    return str(rng.randrange(10**n)).zfill(n) if n else ""


def _phone_templates(rng: random.Random, region: str, kind: int) -> list[_PhoneTemplate]:
    """Varied prefixes found by randomising the example number's trailing digits.

    A prefix is kept only if every one of a sample of numbers made from it is
    valid; each generated number is still checked before use.
    """
    example = phonenumbers.example_number_for_type(region, kind)
    if example is None:  # pragma: no cover - every region used here has examples
        raise ValueError(f"no example {kind} number for {region}")
    cc = int(example.country_code or 0)
    if phonenumbers.COUNTRY_CODE_TO_REGION_CODE[cc][0] != region:  # pragma: no cover
        raise ValueError(f"{region} is not the main region of +{cc}")
    nsn = phonenumbers.national_significant_number(example)
    tail = max(2, min(6, len(nsn) - 4))
    wanted = {kind, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
    found: list[_PhoneTemplate] = [_PhoneTemplate(cc, nsn[:-tail], tail)]
    seen = {nsn[:-tail]}
    for _attempt in range(600):
        if len(found) >= 16:
            break
        vary = rng.randint(tail + 1, max(tail + 1, len(nsn) - 1))
        candidate = nsn[:-vary] + _random_digits(rng, vary)
        prefix = candidate[:-tail]
        if prefix in seen:
            continue
        seen.add(prefix)
        number = _phone_object(cc, candidate)
        if (
            not phonenumbers.is_valid_number(number)
            or phonenumbers.number_type(number) not in wanted
        ):
            continue
        if all(
            phonenumbers.is_valid_number(_phone_object(cc, prefix + _random_digits(rng, tail)))
            for _ in range(24)
        ):
            found.append(_PhoneTemplate(cc, prefix, tail))
    return found


def _tidy(value: object) -> str:
    """Faker's text as a clerk would type it: one line, single spaces, no edges."""
    return " ".join(str(value).split())


def _dedupe(values: Sequence[object]) -> list[str]:
    return list(dict.fromkeys(t for t in map(_tidy, values) if t))


def _ascii_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


@dataclass
class _LocalePool:
    locale: _Locale
    first_names: list[str]
    last_names: list[str]
    streets: list[str]
    towns: list[tuple[str, str]]  # (postal code, city)
    companies: list[str]
    mobiles: list[_PhoneTemplate]
    landlines: list[_PhoneTemplate]
    mobile_ok: _NumberCheck
    landline_ok: _NumberCheck
    ascii_first: dict[str, str] = field(default_factory=dict)
    ascii_last: dict[str, str] = field(default_factory=dict)
    company_slugs: dict[str, str] = field(default_factory=dict)


def _build_pool(loc: _Locale, rng: random.Random) -> _LocalePool:
    fake = Faker(loc.code)
    fake.seed_instance(rng.getrandbits(64))
    first = _dedupe([fake.first_name() for _ in range(300)])
    last = _dedupe([fake.last_name() for _ in range(300)])
    streets = _dedupe([fake.street_address() for _ in range(200)])
    towns = [(_tidy(fake.postcode()), _tidy(fake.city())) for _ in range(100)]
    companies = _dedupe([fake.company() for _ in range(100)])
    pool = _LocalePool(
        loc,
        first,
        last,
        streets,
        towns,
        companies,
        _phone_templates(rng, loc.country, phonenumbers.PhoneNumberType.MOBILE),
        _phone_templates(rng, loc.country, phonenumbers.PhoneNumberType.FIXED_LINE),
        _NumberCheck(loc.country, phonenumbers.PhoneNumberType.MOBILE),
        _NumberCheck(loc.country, phonenumbers.PhoneNumberType.FIXED_LINE),
    )
    pool.ascii_first = {n: _ascii_word(n) or "info" for n in first}
    pool.ascii_last = {n: _ascii_word(n) or "mail" for n in last}
    pool.company_slugs = {c: (_ascii_word(c)[:24] or "company") for c in companies}
    return pool


def build_pools(seed: int) -> tuple[_LocalePool, ...]:
    """The pools of every locale, weighted for picking; the same seed gives the same pools.

    Each process that generates customers builds them once (about half a second).
    """
    rng = random.Random(f"{seed}:pools")
    pools = [_build_pool(loc, rng) for loc in LOCALES]
    return _table(pools, [loc.weight for loc in LOCALES])
