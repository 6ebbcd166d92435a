"""Framing on the five seed articles, against ``tests/gold/framing_seeds.yaml``.

The gold (written by reading, before rashomon's framing ran on these articles) lists
every loaded or evaluative expression of each article with its voice (the outlet's
own, or a quoted speaker's), and every expression naming the released people and the
territory. Scored here:

* **loaded words**: a gold loaded expression is *found* when a loaded-word use of
  rashomon's overlaps its words in the same article; its voice is right when it
  matches the gold's (gold "unclear" voices are not scored). Uses rashomon reports
  that overlap no gold loaded expression are listed for reading;
* **labels of the released people and of the territory**: a gold label is *found*
  when a referent label of rashomon's overlaps its words, and the voice is scored the
  same way; the referents they were filed under are listed (the gold's "released
  people" is one referent; rashomon's are by head word, see docs/compare.md).

    python benchmarks/framing_seeds.py [--no-write]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
GOLD = REPO / "tests" / "gold" / "framing_seeds.yaml"
sys.path.insert(0, str(REPO / "benchmarks"))

from compare_quality import analysed  # noqa: E402
from docs_section import write_section  # noqa: E402
from rashomon.compare.framing import loaded_uses  # noqa: E402
from rashomon.compare.pipeline import Comparer, load_records, material_of  # noqa: E402
from rashomon.compare.referents import referents  # noqa: E402
from rashomon.model import Story, StoryDate  # noqa: E402


def _spans(text: str, entry: dict[str, Any]) -> list[tuple[int, int]]:
    """Where a gold entry's words are: inside its anchor sentence when it has one, and
    every occurrence when it counts several."""
    words = entry["words"]
    anchor = entry.get("anchor")
    spans = []
    at = text.find(anchor) if anchor else -1
    near = text.find(words, max(0, at - 400)) if at >= 0 else text.find(words)
    start = near
    while start >= 0 and len(spans) < int(entry.get("count", 1)):
        spans.append((start, start + len(words)))
        start = text.find(words, start + 1)
    return spans


def _score(
    title: str,
    entries: list[dict[str, Any]],
    texts: dict[str, str],
    found: dict[str, list[tuple[int, int, str, str]]],
) -> list[str]:
    """``found``: per article, (start, end, voice, what) of rashomon's items."""
    total = hit = judged = right = 0
    misses, wrong_voice = [], []
    filed: Counter[str] = Counter()
    for e in entries:
        article = next(a for a in texts if a.startswith(e["article"]))
        for start, end in _spans(texts[article], e):
            total += 1
            over = [f for f in found.get(article, []) if f[0] < end and start < f[1]]
            if not over:
                misses.append(f"{e['article'][:3]}: {e['words']} ({e['voice']})")
                continue
            hit += 1
            filed[over[0][3]] += 1
            if e["voice"] in {"own", "quoted"}:
                judged += 1
                if over[0][2] == e["voice"]:
                    right += 1
                else:
                    wrong_voice.append(
                        f"{e['article'][:3]}: {e['words']} — gold {e['voice']}, "
                        f"rashomon {over[0][2]}"
                    )
    lines = [
        f"**{title}**: {hit} of {total} gold expressions found; voice right for {right} of "
        f"{judged} found with a clear gold voice.",
        "",
    ]
    if filed and title.startswith("labels"):
        lines += ["Filed under: " + ", ".join(f"{k} ({n})" for k, n in filed.most_common()), ""]
    for head, items in (("not found", misses), ("wrong voice", wrong_voice)):
        if items:
            lines += [f"{head} ({len(items)}): " + "; ".join(items), ""]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if not SEEDS.is_dir():
        raise SystemExit(f"{SEEDS} not found: this benchmark needs the seed articles")
    gold = yaml.safe_load(GOLD.read_text("utf-8"))
    comparer = Comparer.load()
    with tempfile.TemporaryDirectory() as tmp:
        store = analysed(SEEDS, Path(tmp))
        ids = tuple(a.id for a in store.iter_articles())
        story = Story("seeds", "seeds", StoryDate(None, None, "none"), ids, ())
        (records,) = load_records(store, [story])
        material = material_of(records, comparer)
    texts = {r.article.id: r.article.text for r in material.readings}
    uses: dict[str, list[tuple[int, int, str, str]]] = {}
    for u in loaded_uses(material.readings):
        uses.setdefault(u.article, []).append((u.start, u.end, u.voice.value, u.term))
    labels: dict[str, list[tuple[int, int, str, str]]] = {}
    for r in referents(material.readings, comparer.similarity()):
        for lb in r.labels:
            labels.setdefault(lb.article, []).append((lb.start, lb.end, lb.voice.value, r.id))
    lines = _score("loaded words", gold["loaded_terms"], texts, uses)
    gold_spans = {
        (next(a for a in texts if a.startswith(e["article"])), s)
        for e in gold["loaded_terms"]
        for s in _spans(texts[next(a for a in texts if a.startswith(e["article"]))], e)
    }
    extra = [
        f"{a[:3]}: {texts[a][s:e]} ({v})"
        for a, found in uses.items()
        for s, e, v, _ in found
        if not any(ga == a and gs[0] < e and s < gs[1] for ga, gs in gold_spans)
    ]
    lines += [
        f"Loaded-word uses the gold does not list ({len(extra)}): " + ("; ".join(extra) or "none"),
        "",
    ]
    for key in ("released_people", "territory"):
        lines += _score(f"labels of {key}", gold["referents"][key]["labels"], texts, labels)
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section(
            "quality.md",
            "framing-seeds",
            "## Framing on the five seed articles (issue 16)\n\n"
            "Reproduce: `python benchmarks/framing_seeds.py`. Gold "
            "(`tests/gold/framing_seeds.yaml`) written by reading, before the framing "
            "code ran on these articles.\n\n" + text,
        )


if __name__ == "__main__":
    main()
