"""How a story's outlets tell it (issue 16), put together: quote variants
(:mod:`variants`), referents and their labels (:mod:`referents`), loaded words,
contrasts and voices (:mod:`framing`). Pure: readings in, a :class:`Framing` out.

Only referents that two or more articles name are kept: the tables compare outlets,
and a referent one article alone names has nothing to be compared with (it stays in
that article's text)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rashomon.compare.align import Similarity
from rashomon.compare.framing import contrasts, loaded_uses, voices
from rashomon.compare.referents import referents
from rashomon.compare.variants import statements
from rashomon.model import Framing

if TYPE_CHECKING:
    from rashomon.compare.claims import Reading


def tell(
    readings: Sequence[Reading], outlets: Mapping[str, str], similarity: Similarity
) -> Framing:
    """The framing of one story; ``outlets``: each article's outlet (copies of one
    article share their original's)."""
    uses = loaded_uses(readings)
    known = referents(readings, similarity)
    shared = [r for r in known if len({lb.article for lb in r.labels}) >= 2]
    return Framing(
        statements=tuple(statements(readings, similarity, known)),
        referents=tuple(shared),
        loaded=tuple(uses),
        contrasts=tuple(contrasts(uses, dict(outlets))),
        voices=tuple(voices(readings)),
        outlets=tuple(sorted(outlets.items())),
    )
