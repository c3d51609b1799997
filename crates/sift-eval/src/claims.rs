use std::fmt;

use sift_core::{AttributionKind, Certainty, Pipeline, claim_at};

use crate::gold_sentences::read_gold_sentences;
use crate::{Result, Score};

/// Certainty and attribution against the claims gold set
/// (`tests/data/claims/claims.jsonl`; its README gives the format and the
/// labelling guidelines).
///
/// Each gold claim names an anchor word; the system's answer is the
/// innermost claim containing that word. No claim there counts as a miss
/// for its certainty and a wrong attribution.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClaimsEval {
    /// Sentences scored.
    pub n_sentences: usize,
    /// Gold claims scored.
    pub n_claims: usize,
    /// Gold claims whose anchor fell in no system claim.
    pub n_missed: usize,
    /// Per certainty, in [`Certainty::PRECEDENCE`] order.
    pub certainty: Vec<(Certainty, Score)>,
    /// Gold claims whose attribution kind matched.
    pub n_attribution_correct: usize,
    /// Per gold attribution kind: (kind, gold count, correct).
    pub attribution: Vec<(AttributionKind, usize, usize)>,
    /// One line per wrong answer: id, anchor, gold and system labels.
    pub errors: Vec<String>,
}

impl ClaimsEval {
    /// The unweighted mean of the per-certainty F1 over classes with gold items.
    pub fn certainty_macro_f1(&self) -> f64 {
        let scored: Vec<f64> = self
            .certainty
            .iter()
            .filter(|(_, s)| s.n_gold > 0)
            .map(|(_, s)| s.f1())
            .collect();
        if scored.is_empty() {
            0.0
        } else {
            scored.iter().sum::<f64>() / scored.len() as f64
        }
    }

    /// Correct attribution kinds over gold claims.
    pub fn attribution_accuracy(&self) -> f64 {
        if self.n_claims == 0 {
            0.0
        } else {
            self.n_attribution_correct as f64 / self.n_claims as f64
        }
    }
}

/// Scores the claims of `pipeline` (which must end with the claims stage)
/// on a gold JSONL text; `split` keeps only items of that split.
pub fn eval_claims(gold: &str, pipeline: &Pipeline, split: Option<&str>) -> Result<ClaimsEval> {
    let mut eval = ClaimsEval {
        certainty: Certainty::PRECEDENCE
            .iter()
            .map(|&c| (c, Score::default()))
            .collect(),
        attribution: AttributionKind::ALL.iter().map(|&k| (k, 0, 0)).collect(),
        ..ClaimsEval::default()
    };
    for sentence in read_gold_sentences(gold, split)? {
        let format_error = |message: String| sentence.format_error(message);
        let (id, item, offset) = (&sentence.id, &sentence.item, sentence.offset);
        let doc = sentence.analyze(pipeline)?;
        eval.n_sentences += 1;
        let gold_claims = item
            .get("claims")
            .and_then(|c| c.as_array())
            .ok_or_else(|| format_error("no `claims` array".into()))?;
        for gold_claim in gold_claims {
            let field = |name: &str| {
                gold_claim
                    .get(name)
                    .and_then(|v| v.as_str())
                    .ok_or_else(|| format_error(format!("a claim has no `{name}`")))
            };
            let anchor = field("anchor")?;
            let gold_certainty = Certainty::from_name(field("certainty")?)
                .ok_or_else(|| format_error("unknown certainty".into()))?;
            let gold_kind = AttributionKind::from_name(field("attribution")?)
                .ok_or_else(|| format_error("unknown attribution kind".into()))?;
            let (word, nth) = match anchor.split_once('#') {
                Some((word, nth)) => (word, nth.parse::<usize>().unwrap_or(1).max(1)),
                None => (anchor, 1),
            };
            let token = doc
                .tokens()
                .iter()
                .enumerate()
                .filter(|(_, t)| t.span.start() >= offset)
                .filter(|(_, t)| doc.slice(t.span).eq_ignore_ascii_case(word))
                .nth(nth - 1)
                .map(|(idx, _)| idx)
                .ok_or_else(|| format_error(format!("anchor {anchor:?} is not a token")))?;
            eval.n_claims += 1;
            let system = claim_at(doc.claims(), token).map(|idx| &doc.claims()[idx]);
            let system_certainty = system.map(|c| c.certainty);
            let system_kind = system.map(|c| {
                c.attribution
                    .as_ref()
                    .map_or(AttributionKind::None, |a| a.kind)
            });
            for (certainty, score) in &mut eval.certainty {
                if *certainty == gold_certainty {
                    score.n_gold += 1;
                    if system_certainty == Some(gold_certainty) {
                        score.n_correct += 1;
                    }
                }
                if system_certainty == Some(*certainty) {
                    score.n_system += 1;
                }
            }
            if system.is_none() {
                eval.n_missed += 1;
            }
            let kind_correct = system_kind == Some(gold_kind);
            if kind_correct {
                eval.n_attribution_correct += 1;
            }
            for (kind, n_gold, n_correct) in &mut eval.attribution {
                if *kind == gold_kind {
                    *n_gold += 1;
                    *n_correct += usize::from(kind_correct);
                }
            }
            if system_certainty != Some(gold_certainty) || !kind_correct {
                eval.errors.push(format!(
                    "{id} {anchor:<12} gold {}/{}  system {}/{}  | {}",
                    gold_certainty.as_str(),
                    gold_kind.as_str(),
                    system_certainty.map_or("(no claim)", |c| c.as_str()),
                    system_kind.map_or("-", |k| k.as_str()),
                    system.map_or(sentence.text(), |c| doc.slice(c.span)),
                ));
            }
        }
    }
    Ok(eval)
}

impl fmt::Display for ClaimsEval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "sentences  {}   gold claims {}   anchors in no claim {}",
            self.n_sentences, self.n_claims, self.n_missed
        )?;
        writeln!(
            f,
            "certainty      gold  system  correct      P       R      F1"
        )?;
        for (certainty, score) in &self.certainty {
            writeln!(
                f,
                "  {:<12} {:>5} {:>7} {:>8}  {:>6.4}  {:>6.4}  {:>6.4}",
                certainty.as_str(),
                score.n_gold,
                score.n_system,
                score.n_correct,
                score.precision(),
                score.recall(),
                score.f1()
            )?;
        }
        writeln!(f, "attribution kind    gold  correct  accuracy")?;
        for (kind, n_gold, n_correct) in &self.attribution {
            let accuracy = if *n_gold == 0 {
                0.0
            } else {
                *n_correct as f64 / *n_gold as f64
            };
            writeln!(
                f,
                "  {:<18} {:>5} {:>8}    {:.4}",
                kind.as_str(),
                n_gold,
                n_correct,
                accuracy
            )?;
        }
        writeln!(f, "certainty macro-F1: {:.4}", self.certainty_macro_f1())?;
        write!(
            f,
            "attribution-kind accuracy: {:.4}",
            self.attribution_accuracy()
        )
    }
}
