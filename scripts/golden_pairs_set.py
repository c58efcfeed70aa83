#!/usr/bin/env python3
"""Turns the reviewed golden extraction files into a training set for the pair model.

The golden files (tests/golden/extract/{meetings,resolution}.expected) hold about two thousand
sentences we wrote for the rules, each followed by the events the rules make of it, every line
reviewed by hand: a set of hard positives and hard negatives (calls, refusals, co-mentions,
figurative joins). This writes them as one gold set the way `newsgraph train-pairs` reads sets:

    tests/fixtures/pairs_golden/articles/golden.jsonl   one document per golden text
    tests/fixtures/pairs_golden/gold.json               who met whom in each

Usage: python3 scripts/golden_pairs_set.py   (from the repository root; deterministic)
"""
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["meetings", "resolution"]
# As src/graph/build.rs: kinds that count as meetings and statuses under which none happened.
MEETING_KINDS = {"meeting", "talks", "negotiations", "summit", "discussions"}
NON_MEETING = {"cancelled", "refused", "denied", "negated", "hypothetical", "figurative", "alleged"}
EVENT = re.compile(r"^  event (\S+) status=(\S+) who=\[(.*?)\] where=")


def main():
    documents, met = [], []
    for source in SOURCES:
        text, pairs = None, set()

        def flush():
            if text is None:
                return
            doc_id = f"g{len(documents) + 1:04d}"
            documents.append({"id": doc_id, "text": text.replace("\\n", "\n")})
            for a, b in sorted(pairs):
                met.append({"article": doc_id, "a": a, "b": b, "status": "held"})

        for line in (ROOT / f"tests/golden/extract/{source}.expected").read_text().splitlines():
            if line.startswith("> "):
                flush()
                text, pairs = line[2:], set()
                continue
            m = EVENT.match(line)
            if m and m.group(1) in MEETING_KINDS and m.group(2) not in NON_MEETING:
                who = [w for w in m.group(3).split(", ") if w]
                for i in range(len(who)):
                    for j in range(i + 1, len(who)):
                        pairs.add(tuple(sorted((who[i], who[j]))))
        flush()
    out = ROOT / "tests/fixtures/pairs_golden"
    (out / "articles").mkdir(parents=True, exist_ok=True)
    with open(out / "articles/golden.jsonl", "w") as f:
        for d in documents:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    gold = {
        "about": "the golden extraction sentences (tests/golden/extract), with the meetings the reviewed rules make of them",
        "met": met,
        "not_met": [],
    }
    (out / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n")
    print(f"{len(documents)} documents, {len(met)} met pairs")


if __name__ == "__main__":
    main()
