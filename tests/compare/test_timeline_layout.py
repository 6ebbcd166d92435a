"""The timeline laid out again around changed claims (``relaid``) is the layout of
every claim from nothing, and reads only the blocks around the changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.compare.timeline import Block, Placed, block_digest, blocks, placed, relaid
from rashomon.model import Claim, ClaimKind, Evidence

START = date(2020, 3, 1)


def _dated(article: str, value: str, start: int = 0) -> Claim:
    sentence = f"It happened on {value}."
    return Claim(
        article=article,
        kind=ClaimKind.DATE,
        attribute="happened",
        value=value,
        evidence=Evidence(article, sentence, start, start + len(sentence), 15, 15 + len(value)),
        phrase=f"it happened {value}",
    )


def _stored(claims: list[Claim], limit: int) -> tuple[list[Block], dict[str, list[Claim]]]:
    """A layout as a run stores it (no happenings needed here), and each block's claims."""
    layout, held = [], {}
    for block in blocks(claims, limit):
        digest = block_digest(block)
        keys = placed(block)
        layout.append(Block(digest, keys[0][0], keys[-1][0], tuple({c.article for c in block}), ()))
        held[digest] = block
    return layout, held


def _again(
    layout: list[Block],
    held: dict[str, list[Claim]],
    current: list[Claim],
    changed: set[str],
    limit: int,
) -> tuple[list[list[Claim]], int]:
    """``relaid`` of ``layout`` once the claims of ``changed`` articles are replaced by
    theirs in ``current``; the blocks' claims, and how many stored claims were read."""
    read_count = 0

    def read(run: list[Block] | tuple[Block, ...]) -> list[Placed]:
        nonlocal read_count
        low, high = run[0].first, run[-1].last
        found = placed(c for c in current if c.article not in changed)
        inside = [p for p in found if low <= p[0] <= high]
        read_count += len(inside)
        return inside

    cuts = relaid(
        layout,
        stale=lambda b: bool(changed & set(b.articles)),
        new=placed(c for c in current if c.article in changed),
        read=read,
        limit=limit,
    )
    return [held[c.digest] if isinstance(c, Block) else [x for _, x in c] for c in cuts], read_count


def _claim(day: int, article: int, n: int) -> Claim:
    return _dated(f"a{article}", (START + timedelta(days=day)).isoformat(), start=n)


claims_strategy = st.lists(
    st.tuples(st.integers(0, 400), st.integers(0, 30), st.integers(0, 3)),
    min_size=0,
    max_size=120,
    unique=True,
)


@settings(max_examples=300, deadline=None)
@given(
    before=claims_strategy,
    after=claims_strategy,
    changed=st.sets(st.integers(0, 30), max_size=6),
    limit=st.integers(2, 12),
)
def test_laid_out_again_is_laid_out_from_nothing(
    before: list[tuple[int, int, int]],
    after: list[tuple[int, int, int]],
    changed: set[int],
    limit: int,
) -> None:
    """Articles ``changed`` lose their claims of ``before`` and get those of ``after``
    (some of them new articles, some gone); the others keep theirs."""
    old = [_claim(*c) for c in before]
    new = [_claim(*c) for c in after if c[1] in changed]
    names = {f"a{i}" for i in changed}
    current = [c for c in old if c.article not in names] + new
    layout, held = _stored(old, limit)
    again, _ = _again(layout, held, current, names, limit)
    assert again == list(blocks(current, limit))


def test_one_claim_added_to_a_long_dense_run_reads_the_blocks_around_it() -> None:
    claims = [_claim(day, n, n) for day in range(300) for n in range(5)]  # 1,500 claims
    layout, held = _stored(claims, limit=20)
    added = _dated("late", (START + timedelta(days=150)).isoformat())
    again, read = _again(layout, held, [*claims, added], {"late"}, limit=20)
    assert again == list(blocks([*claims, added], limit=20))
    assert len(layout) > 60
    assert read <= 4 * 20, read  # a few blocks of 20, not the 1,500 claims


def test_a_story_with_dates_years_apart_reads_around_each_not_between() -> None:
    claims = [_claim(day, n, n) for day in range(0, 400) for n in range(3)]
    layout, held = _stored(claims, limit=15)
    early = _dated("both", (START + timedelta(days=20)).isoformat())
    late = _dated("both", (START + timedelta(days=380)).isoformat(), start=50)
    current = [*claims, early, late]
    again, read = _again(layout, held, current, {"both"}, limit=15)
    assert again == list(blocks(current, limit=15))
    assert read <= 2 * 4 * 15, read


def test_a_claim_added_to_news_of_uneven_density_reads_a_few_blocks() -> None:
    """News of uneven density (0 to 12 dated claims a day over 600 days, some 3,600
    claims): a claim added in the middle re-reads a few blocks, not the run after it."""
    import random

    pick = random.Random(7)
    claims = [_claim(day, n, n) for day in range(600) for n in range(pick.randint(0, 12))]
    layout, held = _stored(claims, limit=20)
    for day in (100, 301, 555):
        added = _dated("late", (START + timedelta(days=day)).isoformat())
        again, read = _again(layout, held, [*claims, added], {"late"}, limit=20)
        assert again == list(blocks([*claims, added], limit=20))
        assert read <= 5 * 20, (day, read)


def test_timeline_blocks_split_only_where_no_claim_can_reach_across() -> None:
    claims = [
        _dated("a", "2020-01-01"),
        _dated("b", "2020-02-10"),  # 40 days on: within reach, same block
        _dated("c", "2020-06-01"),  # far: a new block
        _dated("d", "2020"),  # the whole year reaches both
        _dated("e", "2023-05-04"),
    ]
    found = [[c.article for c in block] for block in blocks(claims)]
    assert found == [["a", "d", "b", "c"], ["e"]]
    capped = [[c.article for c in block] for block in blocks(claims, limit=2)]
    assert capped == [["a", "d"], ["b"], ["c"], ["e"]]  # "c" is out of "b"'s reach
    undated = replace(claims[0], value="sometime")
    assert [c for block in blocks([undated]) for c in block] == []


def test_a_claim_added_early_in_a_dense_run_moves_its_own_block_not_every_later_one() -> None:
    """In news too dense to split where no claim reaches across, blocks end at a change
    to an even-numbered day once long enough: adding a claim changes the block it falls
    in (and at most the next), so an increment realigns what it touched."""
    from datetime import date, timedelta

    start = date(2020, 3, 1)
    claims = [
        _dated(f"a{day}-{n}", (start + timedelta(days=day)).isoformat(), start=n)
        for day in range(60)
        for n in range(5)
    ]
    before = [[c.article for c in block] for block in blocks(claims, limit=20)]
    added = _dated("late-arrival", (start + timedelta(days=2)).isoformat())
    after = [[c.article for c in block] for block in blocks([*claims, added], limit=20)]
    assert len(before) >= 10 and all(len(b) <= 20 for b in after)
    changed = [b for b in after if b not in before]
    assert any("late-arrival" in b for b in changed)
    assert len(changed) <= 2, changed
    assert sum(map(len, after)) == sum(map(len, before)) + 1
