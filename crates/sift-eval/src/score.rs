use std::fmt;

/// Counts of gold items, system items and correct system items, with the
/// derived precision, recall and F1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Score {
    /// Items in the gold data.
    pub n_gold: usize,
    /// Items the system produced.
    pub n_system: usize,
    /// System items that match a gold item exactly.
    pub n_correct: usize,
}

impl Score {
    /// Scores two lists of spans sorted by `(start, end)`; a system span is
    /// correct when an unmatched gold span has the same start and end.
    pub(crate) fn of_sorted_spans(gold: &[(usize, usize)], system: &[(usize, usize)]) -> Score {
        let (mut g, mut s, mut n_correct) = (0, 0, 0);
        while g < gold.len() && s < system.len() {
            match gold[g].cmp(&system[s]) {
                std::cmp::Ordering::Equal => {
                    n_correct += 1;
                    g += 1;
                    s += 1;
                }
                std::cmp::Ordering::Less => g += 1,
                std::cmp::Ordering::Greater => s += 1,
            }
        }
        Score {
            n_gold: gold.len(),
            n_system: system.len(),
            n_correct,
        }
    }

    /// Adds another score's counts to this one.
    pub(crate) fn add(&mut self, other: Score) {
        self.n_gold += other.n_gold;
        self.n_system += other.n_system;
        self.n_correct += other.n_correct;
    }

    /// Correct over system items; 0 when the system produced nothing.
    pub fn precision(&self) -> f64 {
        ratio(self.n_correct, self.n_system)
    }

    /// Correct over gold items; 0 when there is no gold.
    pub fn recall(&self) -> f64 {
        ratio(self.n_correct, self.n_gold)
    }

    /// The harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        ratio(2 * self.n_correct, self.n_gold + self.n_system)
    }
}

fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        numerator as f64 / denominator as f64
    }
}

/// `P 0.9912 R 0.9890 F1 0.9901`: F1 last, as every report prints it.
impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "P {:.4} R {:.4} F1 {:.4}",
            self.precision(),
            self.recall(),
            self.f1()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_spans_match_at_most_once_each() {
        let score = Score::of_sorted_spans(&[(0, 3), (0, 3), (4, 5)], &[(0, 3), (4, 6)]);
        assert_eq!(
            score,
            Score {
                n_gold: 3,
                n_system: 2,
                n_correct: 1
            }
        );
        assert!((score.f1() - 0.4).abs() < 1e-9);
    }

    #[test]
    fn empty_inputs_score_zero_without_dividing_by_zero() {
        assert_eq!(Score::default().f1(), 0.0);
    }
}
