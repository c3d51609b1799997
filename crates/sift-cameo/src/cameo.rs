//! CAMEO codes and the reader of the embedded code table (`data/cameo.tsv`).

use std::collections::HashSet;

/// One CAMEO event code from the 1.1b3 codebook.
///
/// Codes are strings, never numbers: `010` ("Make statement") and `10`
/// ("Demand") differ only by their leading zero.
#[derive(Debug, Clone, PartialEq)]
pub struct CameoCode {
    /// The code as the codebook writes it: 2 digits for a root, 3 or 4 for a
    /// sub-code, e.g. `"19"`, `"195"`, `"1951"`.
    pub code: &'static str,
    /// The codebook's short label, e.g. "Employ aerial weapons, not specified
    /// below". Root labels are the chapter headings in sentence case ("Fight").
    pub label: &'static str,
    /// Goldstein (1992) conflict-cooperation score, -10 (most conflictual) to
    /// +10 (most cooperative).
    pub goldstein: f32,
    /// `Some(parent)` when no published score exists for this code and
    /// `goldstein` is the score of that parent code; `None` for a published
    /// score.
    pub goldstein_inherited_from: Option<&'static str>,
    /// 1 verbal cooperation (roots 01-05), 2 material cooperation (06-09),
    /// 3 verbal conflict (10-14), 4 material conflict (15-20).
    pub quad_class: u8,
    /// The two-digit root code, e.g. `"19"` for `"1951"`.
    pub root: &'static str,
}

impl CameoCode {
    /// The name of this code's QuadClass, e.g. "material conflict".
    pub fn quad_class_name(&self) -> &'static str {
        quad_class_name(self.quad_class)
    }

    /// True for the twenty root codes (`"01"` to `"20"`).
    pub fn is_root(&self) -> bool {
        self.code.len() == 2
    }
}

/// The name of a QuadClass number: "verbal cooperation", "material
/// cooperation", "verbal conflict", "material conflict", or "unknown" for a
/// number outside 1-4.
pub fn quad_class_name(quad_class: u8) -> &'static str {
    match quad_class {
        1 => "verbal cooperation",
        2 => "material cooperation",
        3 => "verbal conflict",
        4 => "material conflict",
        _ => "unknown",
    }
}

/// The QuadClass a root code implies, or `None` for a root outside 01-20.
pub(crate) fn quad_class_of_root(root: &str) -> Option<u8> {
    match root.parse::<u8>().ok()? {
        1..=5 => Some(1),
        6..=9 => Some(2),
        10..=14 => Some(3),
        15..=20 => Some(4),
        _ => None,
    }
}

/// Reads the code table: comment lines start with `#`, the first other line
/// is the header, then one code per line with five tab-separated columns.
///
/// Every inconsistency is an error naming the line, because the table is
/// compiled in and a test reads it: an error here is a bug in the data.
pub(crate) fn parse_cameo_table(text: &'static str) -> Result<Vec<CameoCode>, String> {
    const HEADER: &str = "code\tquad_class\tgoldstein\tgoldstein_source\tlabel";
    let mut codes: Vec<CameoCode> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut seen_header = false;
    for (line_idx, line) in text.lines().enumerate() {
        let line_no = line_idx + 1;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !seen_header {
            if line != HEADER {
                return Err(format!("line {line_no}: expected the header `{HEADER}`"));
            }
            seen_header = true;
            continue;
        }
        let fail = |what: &str| format!("line {line_no}: {what}: `{line}`");
        let fields: Vec<&'static str> = line.split('\t').collect();
        let [code, quad_class, goldstein, goldstein_source, label] = fields[..] else {
            return Err(fail("expected 5 tab-separated columns"));
        };
        if !(2..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(fail("a code has 2 to 4 digits"));
        }
        let root = &code[..2];
        let expected_quad_class =
            quad_class_of_root(root).ok_or_else(|| fail("root outside 01-20"))?;
        if quad_class.parse::<u8>().ok() != Some(expected_quad_class) {
            return Err(fail(&format!(
                "QuadClass should be {expected_quad_class} for root {root}"
            )));
        }
        let goldstein: f32 = goldstein
            .parse()
            .map_err(|_| fail("Goldstein score is not a number"))?;
        if !(-10.0..=10.0).contains(&goldstein) {
            return Err(fail("Goldstein score outside -10..10"));
        }
        let goldstein_inherited_from = match goldstein_source {
            "gdelt" => None,
            source => match source.strip_prefix("parent:") {
                Some(parent) if code.starts_with(parent) && parent.len() < code.len() => {
                    Some(parent)
                }
                _ => {
                    return Err(fail(
                        "goldstein_source is `gdelt` or `parent:<parent code>`",
                    ));
                }
            },
        };
        if label.trim().is_empty() || label.trim() != label {
            return Err(fail("label is empty or has stray spaces"));
        }
        if code.len() > 2 && !seen.contains(&code[..code.len() - 1]) {
            return Err(fail("a code must follow its parent"));
        }
        if !seen.insert(code) {
            return Err(fail("duplicate code"));
        }
        codes.push(CameoCode {
            code,
            label,
            goldstein,
            goldstein_inherited_from,
            quad_class: expected_quad_class,
            root,
        });
    }
    if !seen_header {
        return Err("no header line".to_string());
    }
    Ok(codes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "code\tquad_class\tgoldstein\tgoldstein_source\tlabel\n";

    fn table(rows: &str) -> &'static str {
        Box::leak(format!("# comment\n{HEADER}{rows}").into_boxed_str())
    }

    #[test]
    fn reads_rows_and_inherited_scores() {
        let codes = parse_cameo_table(table(
            "19\t4\t-10.0\tgdelt\tFight\n195\t4\t-10.0\tgdelt\tEmploy aerial weapons\n1951\t4\t-10.0\tparent:195\tEmploy precision-guided aerial munitions\n",
        ))
        .unwrap();
        assert_eq!(codes.len(), 3);
        assert_eq!(codes[2].root, "19");
        assert_eq!(codes[2].goldstein_inherited_from, Some("195"));
        assert_eq!(codes[1].goldstein_inherited_from, None);
    }

    #[test]
    fn rejects_inconsistent_rows_naming_the_line() {
        let wrong_quad = parse_cameo_table(table("19\t3\t-10.0\tgdelt\tFight\n")).unwrap_err();
        assert!(
            wrong_quad.starts_with("line 3: QuadClass should be 4"),
            "{wrong_quad}"
        );
        let orphan = parse_cameo_table(table("195\t4\t-10.0\tgdelt\tEmploy\n")).unwrap_err();
        assert!(orphan.contains("follow its parent"), "{orphan}");
        let bad_source = parse_cameo_table(table("19\t4\t-10.0\tparent:18\tFight\n")).unwrap_err();
        assert!(bad_source.contains("goldstein_source"), "{bad_source}");
        let short = parse_cameo_table(table("19\t4\t-10.0\n")).unwrap_err();
        assert!(short.contains("5 tab-separated columns"), "{short}");
    }
}
