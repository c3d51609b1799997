//! The FNC-1 data layout (a bodies CSV and a stances CSV), the confusion
//! matrix, and the official FNC-1 score.

use std::fmt;

use sift_core::StanceLabel;

use crate::{Error, Result};

/// One article body of an FNC-1 bodies file (`Body ID,articleBody`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FncBody {
    /// The body's id.
    pub id: u32,
    /// The article text.
    pub text: String,
}

/// One labelled pair of an FNC-1 stances file (`Headline,Body ID,Stance`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FncPair {
    /// The headline.
    pub headline: String,
    /// The id of the body it is paired with.
    pub body_id: u32,
    /// The gold label.
    pub label: StanceLabel,
    /// The 1-based line of the record in its file.
    pub line: u64,
}

/// Reads an FNC-1 bodies CSV. Columns are found by header name, in any order.
pub fn read_fnc_bodies(csv_bytes: &[u8]) -> Result<Vec<FncBody>> {
    let mut reader = csv_reader(csv_bytes);
    let columns = find_columns(&mut reader, "bodies", &["Body ID", "articleBody"])?;
    let mut bodies = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for record in reader.byte_records() {
        let (record, line) = checked_record(record, "bodies", columns.width)?;
        let id = parse_id(field(&record, columns.at[0]), "bodies", line)?;
        if let Some(first) = seen.insert(id, line) {
            return Err(csv_error(
                "bodies",
                line,
                format!("body id {id} was already given on line {first}"),
            ));
        }
        bodies.push(FncBody {
            id,
            text: field(&record, columns.at[1]).into_owned(),
        });
    }
    Ok(bodies)
}

/// Reads an FNC-1 stances CSV. Columns are found by header name, in any order.
pub fn read_fnc_stances(csv_bytes: &[u8]) -> Result<Vec<FncPair>> {
    let mut reader = csv_reader(csv_bytes);
    let columns = find_columns(&mut reader, "stances", &["Headline", "Body ID", "Stance"])?;
    let mut pairs = Vec::new();
    for record in reader.byte_records() {
        let (record, line) = checked_record(record, "stances", columns.width)?;
        let headline = field(&record, columns.at[0]).trim().to_string();
        if headline.is_empty() {
            return Err(csv_error("stances", line, "the headline is empty".into()));
        }
        let body_id = parse_id(field(&record, columns.at[1]), "stances", line)?;
        let stance = field(&record, columns.at[2]);
        let label = StanceLabel::from_name(&stance).ok_or_else(|| {
            csv_error(
                "stances",
                line,
                format!(
                    "unknown stance {:?}; expected agree, disagree, discuss or unrelated",
                    stance.as_ref()
                ),
            )
        })?;
        pairs.push(FncPair {
            headline,
            body_id,
            label,
            line,
        });
    }
    Ok(pairs)
}

struct Columns {
    at: Vec<usize>,
    width: usize,
}

fn csv_reader(bytes: &[u8]) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes)
}

fn find_columns(
    reader: &mut csv::Reader<&[u8]>,
    file: &'static str,
    wanted: &[&str],
) -> Result<Columns> {
    let header = reader
        .byte_headers()
        .map_err(|err| csv_error(file, 1, format!("cannot read the header ({err})")))?
        .clone();
    let names: Vec<String> = header
        .iter()
        .map(|name| {
            String::from_utf8_lossy(name)
                .trim_start_matches('\u{feff}')
                .trim()
                .to_ascii_lowercase()
        })
        .collect();
    let at = wanted
        .iter()
        .map(|want| {
            names
                .iter()
                .position(|name| name == &want.to_ascii_lowercase())
                .ok_or_else(|| {
                    csv_error(
                        file,
                        1,
                        format!(
                            "the header has no {want:?} column; an FNC-1 {file} file starts with {}",
                            wanted.join(",")
                        ),
                    )
                })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Columns {
        at,
        width: names.len(),
    })
}

fn checked_record(
    record: std::result::Result<csv::ByteRecord, csv::Error>,
    file: &'static str,
    width: usize,
) -> Result<(csv::ByteRecord, u64)> {
    let record = record.map_err(|err| {
        let line = err.position().map_or(0, csv::Position::line);
        csv_error(file, line, format!("not valid CSV ({err})"))
    })?;
    let line = record.position().map_or(0, csv::Position::line);
    if record.len() != width {
        return Err(csv_error(
            file,
            line,
            format!(
                "expected {width} fields like the header, found {}",
                record.len()
            ),
        ));
    }
    Ok((record, line))
}

fn field(record: &csv::ByteRecord, idx: usize) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(record.get(idx).unwrap_or_default())
}

fn parse_id(text: std::borrow::Cow<'_, str>, file: &'static str, line: u64) -> Result<u32> {
    text.trim().parse().map_err(|_| {
        csv_error(
            file,
            line,
            format!("body id {:?} is not a whole number", text.as_ref()),
        )
    })
}

fn csv_error(file: &'static str, line: u64, message: String) -> Error {
    Error::Csv {
        file,
        line,
        message,
    }
}

/// Gold labels against predictions, with the FNC-1 score and F1 measures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Confusion {
    /// `counts[gold][predicted]`, indexed by [`StanceLabel::id`].
    counts: [[u64; 4]; 4],
}

impl Confusion {
    /// Counts one pair.
    pub fn add(&mut self, gold: StanceLabel, predicted: StanceLabel) {
        self.counts[gold.id()][predicted.id()] += 1;
    }

    /// Adds another matrix's counts.
    pub fn merge(&mut self, other: &Confusion) {
        for (row, other_row) in self.counts.iter_mut().zip(&other.counts) {
            for (cell, other_cell) in row.iter_mut().zip(other_row) {
                *cell += other_cell;
            }
        }
    }

    /// How many pairs had this gold label and this prediction.
    pub fn count(&self, gold: StanceLabel, predicted: StanceLabel) -> u64 {
        self.counts[gold.id()][predicted.id()]
    }

    /// All pairs counted.
    pub fn total(&self) -> u64 {
        self.counts.iter().flatten().sum()
    }

    /// The FNC-1 points earned: 0.25 when the related/unrelated call is
    /// right, and 0.75 more when a related pair gets its exact label.
    pub fn fnc_points(&self) -> f64 {
        let mut points = 0.0;
        for gold in StanceLabel::ALL {
            for predicted in StanceLabel::ALL {
                let n = self.count(gold, predicted) as f64;
                if gold.is_related() == predicted.is_related() {
                    points += 0.25 * n;
                }
                if gold.is_related() && gold == predicted {
                    points += 0.75 * n;
                }
            }
        }
        points
    }

    /// The most points a perfect system would earn on these pairs.
    pub fn fnc_max_points(&self) -> f64 {
        StanceLabel::ALL
            .iter()
            .map(|&gold| {
                let n: u64 = self.counts[gold.id()].iter().sum();
                n as f64 * if gold.is_related() { 1.0 } else { 0.25 }
            })
            .sum()
    }

    /// The FNC-1 score as a fraction of the maximum (0 when there are no pairs).
    pub fn fnc_score(&self) -> f64 {
        let max = self.fnc_max_points();
        if max == 0.0 {
            0.0
        } else {
            self.fnc_points() / max
        }
    }

    /// Precision, recall and F1 of one label.
    pub fn precision_recall_f1(&self, label: StanceLabel) -> (f64, f64, f64) {
        let tp = self.count(label, label) as f64;
        let predicted: u64 = StanceLabel::ALL.iter().map(|&g| self.count(g, label)).sum();
        let gold: u64 = self.counts[label.id()].iter().sum();
        let precision = if predicted == 0 {
            0.0
        } else {
            tp / predicted as f64
        };
        let recall = if gold == 0 { 0.0 } else { tp / gold as f64 };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        (precision, recall, f1)
    }

    /// The unweighted mean F1 of the four labels.
    pub fn macro_f1(&self) -> f64 {
        StanceLabel::ALL
            .iter()
            .map(|&label| self.precision_recall_f1(label).2)
            .sum::<f64>()
            / 4.0
    }

    /// Share of pairs with the exact label.
    pub fn accuracy(&self) -> f64 {
        let right: u64 = StanceLabel::ALL.iter().map(|&l| self.count(l, l)).sum();
        right as f64 / self.total().max(1) as f64
    }

    /// Share of pairs whose related/unrelated call is right.
    pub fn relatedness_accuracy(&self) -> f64 {
        let mut right = 0;
        for gold in StanceLabel::ALL {
            for predicted in StanceLabel::ALL {
                if gold.is_related() == predicted.is_related() {
                    right += self.count(gold, predicted);
                }
            }
        }
        right as f64 / self.total().max(1) as f64
    }
}

impl fmt::Display for Confusion {
    /// The matrix, the per-label P/R/F1, macro-F1 and accuracies; the FNC
    /// score line is left to the caller, which prints it last.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "confusion (rows gold, columns predicted)")?;
        write!(f, "{:>12}", "")?;
        for label in StanceLabel::ALL {
            write!(f, "{:>11}", label.as_str())?;
        }
        writeln!(f, "{:>9}", "total")?;
        for gold in StanceLabel::ALL {
            write!(f, "{:>12}", gold.as_str())?;
            for predicted in StanceLabel::ALL {
                write!(f, "{:>11}", self.count(gold, predicted))?;
            }
            writeln!(f, "{:>9}", self.counts[gold.id()].iter().sum::<u64>())?;
        }
        writeln!(
            f,
            "\n{:>12} {:>9} {:>9} {:>9}",
            "label", "precision", "recall", "F1"
        )?;
        for label in StanceLabel::ALL {
            let (p, r, f1) = self.precision_recall_f1(label);
            writeln!(f, "{:>12} {p:>9.4} {r:>9.4} {f1:>9.4}", label.as_str())?;
        }
        writeln!(f, "macro-F1: {:.4}", self.macro_f1())?;
        writeln!(f, "accuracy: {:.4}", self.accuracy())?;
        writeln!(
            f,
            "related/unrelated accuracy: {:.4}",
            self.relatedness_accuracy()
        )?;
        write!(
            f,
            "FNC points: {:.2} of {:.2}",
            self.fnc_points(),
            self.fnc_max_points()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use StanceLabel::*;

    #[test]
    fn the_fnc_score_follows_the_official_weighting() {
        // gold agree → agree: 1.0; gold discuss → agree: 0.25 (related call
        // right, label wrong); gold disagree → unrelated: 0; gold unrelated
        // → unrelated: 0.25; gold unrelated → discuss: 0.
        let mut confusion = Confusion::default();
        confusion.add(Agree, Agree);
        confusion.add(Discuss, Agree);
        confusion.add(Disagree, Unrelated);
        confusion.add(Unrelated, Unrelated);
        confusion.add(Unrelated, Discuss);
        assert_eq!(confusion.fnc_points(), 1.5);
        // Max: three related pairs at 1.0 and two unrelated at 0.25.
        assert_eq!(confusion.fnc_max_points(), 3.5);
        assert!((confusion.fnc_score() - 1.5 / 3.5).abs() < 1e-12);
    }

    #[test]
    fn macro_f1_averages_all_four_labels() {
        let mut confusion = Confusion::default();
        for _ in 0..3 {
            confusion.add(Unrelated, Unrelated);
        }
        confusion.add(Agree, Agree);
        confusion.add(Agree, Discuss);
        confusion.add(Discuss, Discuss);
        // unrelated 1.0; agree P 1 R 0.5 → 2/3; discuss P 0.5 R 1 → 2/3;
        // disagree never seen → 0.
        let expected = (1.0 + 2.0 / 3.0 + 2.0 / 3.0 + 0.0) / 4.0;
        assert!((confusion.macro_f1() - expected).abs() < 1e-12);
    }

    #[test]
    fn stance_rows_are_read_by_header_name() {
        let csv = "Body ID,Stance,Headline\n7,Agree,\"Cat, 9, wins\"\n";
        let pairs = read_fnc_stances(csv.as_bytes()).unwrap();
        assert_eq!(
            pairs,
            [FncPair {
                headline: "Cat, 9, wins".into(),
                body_id: 7,
                label: Agree,
                line: 2
            }]
        );
    }

    #[test]
    fn a_bad_stance_row_is_rejected_with_its_line() {
        let csv = "Headline,Body ID,Stance\nA,1,agree\nB,2,maybe\n";
        let err = read_fnc_stances(csv.as_bytes()).unwrap_err().to_string();
        assert_eq!(
            err,
            "stances line 3: unknown stance \"maybe\"; expected agree, disagree, discuss or unrelated"
        );
        let csv = "Headline,Body ID,Stance\nA,1,agree\n\"multi\nline\",2,discuss\nC,two,agree\n";
        let err = read_fnc_stances(csv.as_bytes()).unwrap_err().to_string();
        assert_eq!(err, "stances line 5: body id \"two\" is not a whole number");
        let csv = "Headline,Body ID,Stance\nA,1\n";
        let err = read_fnc_stances(csv.as_bytes()).unwrap_err().to_string();
        assert_eq!(
            err,
            "stances line 2: expected 3 fields like the header, found 2"
        );
    }

    #[test]
    fn a_bodies_file_without_its_columns_or_with_a_repeated_id_is_rejected() {
        let err = read_fnc_bodies(b"id,text\n1,x\n").unwrap_err().to_string();
        assert!(
            err.starts_with("bodies line 1: the header has no \"Body ID\" column"),
            "{err}"
        );
        let err = read_fnc_bodies(b"Body ID,articleBody\n1,x\n1,y\n")
            .unwrap_err()
            .to_string();
        assert_eq!(err, "bodies line 3: body id 1 was already given on line 2");
    }
}
