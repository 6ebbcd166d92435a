"""How far two readers of the same real news agree: the ceiling of the real-news golds.

Each gold in ``benchmarks/data/gold/`` used for reporting holds two independent
labellings (readers who saw neither each other's labels nor any output of rashomon,
following ``docs/gold/labelling.md``) and the settled gold a third reader wrote by
re-reading every difference. This script measures:

- events: BCubed precision, recall and F1 of one labelling against the other (symmetric
  in F1), and of each against the settled gold;
- genre: how often the two readers agree on the exact genre and on the call the
  classifier makes (commentary — opinion or analysis — or not).

A program cannot be expected to agree with the gold better than two careful readers
agree with each other; the figures say how close to that ceiling a target is.

    python benchmarks/gold_agreement.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from docs_section import write_section
from ecbplus import bcubed

GOLD = Path(__file__).resolve().parent / "data/gold"
COMMENTARY = frozenset({"opinion", "analysis"})


def events(name: str) -> list[str]:
    data = json.loads((GOLD / name).read_text("utf-8"))
    settled = {i: a["event"] for i, a in data["articles"].items()}
    first, second = list(data["labellings"])
    one, two = data["labellings"][first], data["labellings"][second]
    ids = sorted(settled)
    rows = []
    for label, predicted, gold in (
        (f"{first} against {second}", one, two),
        (f"{first} against settled", one, settled),
        (f"{second} against settled", two, settled),
    ):
        p, r, f = bcubed([predicted[i] for i in ids], [gold[i] for i in ids])
        rows.append(f"| {name} | {label} | {len(ids)} | {p:.3f} | {r:.3f} | {f:.3f} |")
    return rows


def genres(name: str) -> str:
    data = json.loads((GOLD / name).read_text("utf-8"))
    first, second = list(data["labellings"])
    one, two = data["labellings"][first], data["labellings"][second]
    ids = sorted(one)
    exact = sum(one[i] == two[i] for i in ids)
    binary = sum((one[i] in COMMENTARY) == (two[i] in COMMENTARY) for i in ids)
    return (
        f"| {name} | {len(ids)} | {exact} ({exact / len(ids):.1%}) | "
        f"{binary} ({binary / len(ids):.1%}) |"
    )


def main() -> None:
    event_rows = [
        *events("events-2020-05-06.json"),
        *events("events-2018-09-10.json"),
    ]
    body = "\n".join(
        [
            "## The real-news golds: how far two readers agree (issue 18)",
            "",
            "Each gold was labelled twice, independently, by reading (docs/gold/labelling.md),",
            "and every difference settled by a third reader re-reading the articles. BCubed of",
            "one labelling against the other is the ceiling a program can be held to.",
            "",
            "| gold | labelling | articles | BCubed P | R | F1 |",
            "|---|---|---:|---:|---:|---:|",
            *event_rows,
            "",
            "Genre (opinion and analysis are the *commentary* the classifier calls):",
            "",
            "| gold | articles | same genre | same commentary call |",
            "|---|---:|---:|---:|",
            genres("genre-test.json"),
            "",
            "Reproduce: `python benchmarks/gold_agreement.py`.",
        ]
    )
    print(body)
    if "--no-write" not in sys.argv:
        write_section("quality.md", "gold-agreement", body)


if __name__ == "__main__":
    main()
