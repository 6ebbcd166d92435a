"""Draw referent labels at random from rashomon's NewsWCL50 framing, for a reader to grade.

Two things a user relies on in the referent x outlet tables are graded by reading:
whether a label is the outlet's own words or inside a quotation or reported speech
(the issue's "own-voice/quoted accuracy"), and whether the label names the referent
it is shown under. The sheet gives each drawn label with its sentence, the words
marked ``[[…]]``, the referent it is filed under, and rashomon's voice (with the
speaker for quoted words); the reader says right or wrong for each.

    python benchmarks/sample_labels.py --seed 16 [--count 60] [--db PATH] [--out FILE]

Drawn from the held-out events (5-9, see ``newswcl50_referents.py``) by
``random.Random(seed).sample`` over labels in a stable order, names alone left out
(a name's voice is the interesting case only when it is a description).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from compare_newswcl50 import analysed, article_file
from newswcl50_referents import HELD_OUT, story_of
from rashomon.compare.pipeline import Comparer, load_material
from rashomon.compare.referents import referents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = analysed(args.db or Path(tmp) / "newswcl50.db")
        comparer = Comparer.load()
        drawn = []
        for event in HELD_OUT:
            material = load_material(store, story_of(event, store), comparer)
            texts = {r.article.id: r for r in material.readings}
            for referent in referents(material.readings, comparer.similarity()):
                for label in referent.labels:
                    if label.how == "name":
                        continue
                    reading = texts[label.article]
                    sentence = next(
                        s for s in reading.annotation.sentences if s.start <= label.start < s.end
                    )
                    text = reading.article.text
                    drawn.append(
                        {
                            "event": event,
                            "article": label.article,
                            "file": str(article_file(event, label.article.rsplit("-", 1)[1])),
                            "referent": f"{referent.name} ({referent.id})",
                            "label": label.text,
                            "how": label.how,
                            "voice": label.voice.value,
                            "speaker": label.speaker_id,
                            "sentence": text[sentence.start : label.start]
                            + "[["
                            + text[label.start : label.end]
                            + "]]"
                            + text[label.end : sentence.end],
                        }
                    )
    drawn.sort(key=lambda d: (d["event"], d["article"], d["sentence"], d["label"]))
    sample = random.Random(args.seed).sample(drawn, min(args.count, len(drawn)))
    text = json.dumps(sample, indent=1, ensure_ascii=False)
    if args.out:
        args.out.write_text(text, "utf-8")
    else:
        print(text)


if __name__ == "__main__":
    main()
