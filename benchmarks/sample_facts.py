"""Draw facts at random from rashomon's NewsWCL50 comparison, for a reader to grade.

The issue's measure "facts that read as facts" is a reading grade: someone who has not
seen the code or the rest of the output reads each drawn fact beside its article and
says whether it is a true fact of the article, a fragment (true words that do not make
a fact a person would write) or wrong. This script makes the sheet that reader gets:
each fact as rashomon shows it, its kind, the outlets it is credited to, and every
sentence it cites with the value marked ``[[…]]``, with the article file to read.

    python benchmarks/sample_facts.py --seed 4242 [--count 50] [--db PATH] [--out FILE]

The sample is ``random.Random(seed).sample`` over every fact the ten events show, in
a stable order (event, then the fact's id), so one seed on one build draws the same
facts. The grades themselves go in docs/quality.md with the seed and the build.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from compare_newswcl50 import DATA, GOLD, analysed, article_file, compared, corpus_jsonl
from rashomon.compare.pipeline import Comparer
from rashomon.model import Evidence, Fact


def marked(evidence: Evidence) -> str:
    """The sentence with the value's words between ``[[`` and ``]]``."""
    text = evidence.sentence
    low = evidence.value_start - evidence.start
    high = evidence.value_end - evidence.start
    if 0 <= low < high <= len(text):
        text = f"{text[:low]}[[{text[low:high]}]]{text[high:]}"
    return " ".join(text.split())


def entry(number: int, event: str, fact: Fact) -> str:
    outlets = sorted({a.rsplit("-", 1)[-1] for a in fact.articles})
    lines = [
        f"## {number}. ({fact.kind.value}) {' '.join(fact.statement.split())}",
        "",
        f"- event {event}; outlets: {', '.join(outlets)}",
    ]
    for evidence in fact.sources:
        outlet = evidence.article.rsplit("-", 1)[-1]
        path = article_file(event, outlet).relative_to(DATA.parent.parent)
        lines.append(f"- {outlet} (`{path}`): {marked(evidence)}")
    return "\n".join(lines)


def publication_days() -> str:
    """The day each article was published, as the store has it: relative dates are
    resolved against it, so the reader needs it too."""
    with tempfile.TemporaryDirectory() as tmp:
        records = [json.loads(line) for line in corpus_jsonl(Path(tmp)).read_text().splitlines()]
    lines = [
        f"- {r['id'].removeprefix('nwcl-')}: {r['published']} ({r['outlet']})" for r in records
    ]
    return "# The day each article was published\n\n" + "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--db", type=Path, default=None, help="an analysed store to reuse")
    parser.add_argument("--out", type=Path, default=None, help="write here (default stdout)")
    args = parser.parse_args()
    if not DATA.is_dir():
        raise SystemExit(f"{DATA} not found: this script needs the NewsWCL50 data set")
    events = yaml.safe_load(GOLD.read_text("utf-8"))["events"]
    with tempfile.TemporaryDirectory() as tmp:
        store = analysed(args.db or Path(tmp) / "newswcl50.db")
        comparisons = compared(store, Comparer.load(), events)
    every = [
        (str(event), fact)
        for event in sorted(comparisons, key=str)
        for fact in sorted(comparisons[event].facts, key=lambda f: f.id)
    ]
    drawn = random.Random(args.seed).sample(every, min(args.count, len(every)))
    text = "\n\n".join(entry(i, event, fact) for i, (event, fact) in enumerate(drawn, 1))
    text += "\n\n" + publication_days()
    header = (
        f"# {len(drawn)} facts drawn with seed {args.seed} from the {len(every)} facts "
        "rashomon shows on NewsWCL50\n\n"
    )
    if args.out:
        args.out.write_text(header + text + "\n", encoding="utf-8")
    else:
        print(header + text)


if __name__ == "__main__":
    main()
