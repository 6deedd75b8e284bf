"""The coded claims' dates a claim suggestion carries (ClaimGuesser.coded_date) found by bisect,
as the plain pass over every claim finds them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.model import ClaimAttributes, Span
from annotator.core.suggest.claim_fields import _DatedClaims


def _plain(claims: list[Span], by_id: dict[str, Span], start: int, end: int) -> Span | None:
    for span in claims:
        if span.start < end and start < span.end and span.claim is not None and (date := by_id.get(span.claim.date_span_id or "")) is not None:
            return date
    return None


@st.composite
def _claims(draw: st.DrawFn) -> tuple[list[Span], dict[str, Span]]:
    dates = [Span(id=f"d{n}", label="date", start=500 + n, end=501 + n, text="x") for n in range(3)]
    claims = []
    for n in range(draw(st.integers(0, 12))):
        start = draw(st.integers(0, 60))
        end = start + draw(st.integers(1, 20))
        date = draw(st.sampled_from([None, "d0", "d1", "d2", "missing"]))
        claims.append(Span(id=f"c{n}", label="claim", start=start, end=end, text="y" * (end - start), claim=ClaimAttributes(date_span_id=date)))
    return claims, {d.id: d for d in dates}


@settings(max_examples=300, deadline=None)
@given(_claims(), st.integers(0, 80), st.integers(1, 25))
def test_the_first_dated_claim_overlapping_a_range_as_the_plain_pass_finds_it(claims_and_dates, start: int, width: int) -> None:  # noqa: ANN001
    claims, by_id = claims_and_dates
    assert _DatedClaims(claims, by_id).first_overlapping(start, start + width) == _plain(claims, by_id, start, start + width)
