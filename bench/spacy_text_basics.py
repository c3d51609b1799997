"""Side-by-side peer for `sift bench`: spaCy's rule-based tokenizer plus its
rule-based sentencizer over the same corpus, on one thread.

This is the fair peer for sift's text-basics stage (tokens + sentences, no
models). Run it right after `sift bench` on the same machine:

    pip install spacy
    python3 bench/spacy_text_basics.py ../shared/data/fnc1/train_bodies.csv

It prints the same figures as `sift bench` (documents/s, MB/s, tokens/s).
"""

import csv
import statistics
import sys
import time

import spacy


def main(path: str, repeat: int = 3) -> None:
    csv.field_size_limit(1 << 30)
    with open(path, newline="", encoding="utf-8") as handle:
        bodies = [row["articleBody"] for row in csv.DictReader(handle)]
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    n_bytes = sum(len(body.encode("utf-8")) for body in bodies)
    timings = []
    counts = None
    for _ in range(repeat):
        started = time.perf_counter()
        n_tokens = n_sentences = 0
        for doc in nlp.pipe(bodies, batch_size=64):
            n_tokens += len(doc)
            n_sentences += sum(1 for _ in doc.sents)
        timings.append(time.perf_counter() - started)
        counts = (n_tokens, n_sentences)
    seconds = statistics.median(timings)
    print(f"peer         spaCy {spacy.__version__} blank('en') + sentencizer, 1 thread")
    print(f"output       {len(bodies)} documents, {counts[1]} sentences, {counts[0]} tokens")
    print(f"documents/s  {len(bodies) / seconds:12.0f}")
    print(f"MB/s         {n_bytes / 1e6 / seconds:12.1f}")
    print(f"tokens/s     {counts[0] / seconds:12.0f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/fnc1/train_bodies.csv")
