//! PLOVER mappings and the reader of the CAMEO-to-PLOVER table
//! (`data/CAMEO2PLOVER-2021.txt`, a verbatim copy of the PLOVER project's file).

/// The PLOVER coding of a CAMEO code: event type, mode and contexts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PloverMapping {
    /// The PLOVER event type in capitals, e.g. `ASSAULT`.
    pub event_type: &'static str,
    /// The PLOVER mode, e.g. `heavy-weapons`; `None` when the table leaves it
    /// blank.
    pub mode: Option<&'static str>,
    /// The PLOVER contexts, e.g. `["military", "legal"]`; empty when the table
    /// leaves it blank.
    pub contexts: Vec<&'static str>,
    /// The CAMEO code whose row in the table gave this mapping. It differs
    /// from the code looked up when that code has no row of its own and
    /// inherits its nearest ancestor's, e.g. `1951` takes `195`'s row and a
    /// root such as `19` takes the row of its "not specified" code `190`.
    pub table_code: &'static str,
    /// The table's own description of the CAMEO code, e.g. "Employ aerial
    /// weapons".
    pub description: &'static str,
}

/// Reads the table. Rows are `CODE: TYPE, mode, context # description`, with
/// blank mode or context allowed and several contexts separated by `;`.
/// Two-digit codes (`19: ASSAULT`) are section headings, not mappings: the
/// file gives two headings for 08 (CONCEDE and RETREAT) and headings that do
/// not match their rows (under `17: COERCE` sit 191 and 192), so a root's
/// mapping is taken from its "not specified" row instead (see `Taxonomy`).
/// The line of `~` that closes the file ends the table.
///
/// A row repeated with the same coding (the file lists 175 twice) is kept
/// once; a repeat with a different coding is an error.
pub(crate) fn parse_plover_table(
    text: &'static str,
) -> Result<Vec<(&'static str, PloverMapping)>, String> {
    let mut rows: Vec<(&'static str, PloverMapping)> = Vec::new();
    for (line_idx, line) in text.lines().enumerate() {
        let line_no = line_idx + 1;
        let trimmed = line.trim();
        if trimmed.starts_with('~') {
            break;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let fail = |what: &str| format!("line {line_no}: {what}: `{line}`");
        let (coding, description) = match trimmed.split_once('#') {
            Some((coding, description)) => (coding, description.trim()),
            None => (trimmed, ""),
        };
        let Some((code, coding)) = coding.split_once(':') else {
            return Err(fail("expected `CODE: TYPE, mode, context`"));
        };
        let code = code.trim();
        if !(2..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(fail("a CAMEO code has 2 to 4 digits"));
        }
        let fields: Vec<&'static str> = coding.split(',').map(str::trim).collect();
        let event_type = fields[0];
        if event_type.is_empty() || !event_type.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(fail("the PLOVER type is a word in capitals"));
        }
        if code.len() == 2 {
            if fields.len() != 1 {
                return Err(fail("a section heading is `NN: TYPE`"));
            }
            continue;
        }
        let [_, mode, context] = fields[..] else {
            return Err(fail(
                "expected three comma-separated fields: type, mode, context",
            ));
        };
        let mapping = PloverMapping {
            event_type,
            mode: (!mode.is_empty()).then_some(mode),
            contexts: context
                .split(';')
                .map(str::trim)
                .filter(|context| !context.is_empty())
                .collect(),
            table_code: code,
            description,
        };
        match rows.iter().find(|(known, _)| *known == code) {
            Some((_, earlier)) => {
                let same = earlier.event_type == mapping.event_type
                    && earlier.mode == mapping.mode
                    && earlier.contexts == mapping.contexts;
                if !same {
                    return Err(fail("code mapped twice, differently"));
                }
            }
            None => rows.push((code, mapping)),
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_blank_modes_several_contexts_and_stray_spaces() {
        let rows = parse_plover_table(
            "# title\n\n19: ASSAULT\n190: ASSAULT, , military # Use conventional military force\n\
             0861: RETREAT, access , peacekeeping # Receive deployment of peacekeepers\n\
             196: ASSAULT, , legal; military # Violate ceasefire\n~~~~~\n999: junk\n",
        )
        .unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].1.mode, None);
        assert_eq!(rows[0].1.description, "Use conventional military force");
        assert_eq!(rows[1].1.mode, Some("access"));
        assert_eq!(rows[2].1.contexts, ["legal", "military"]);
    }

    #[test]
    fn keeps_an_identical_repeat_once_and_rejects_a_conflicting_one() {
        let same = "175: ASSAULT, x, military # a\n175: ASSAULT, x , military # b\n";
        assert_eq!(parse_plover_table(same).unwrap().len(), 1);
        let conflicting = "175: ASSAULT, x, military\n175: COERCE, x, military\n";
        let error = parse_plover_table(conflicting).unwrap_err();
        assert!(error.starts_with("line 2: code mapped twice"), "{error}");
    }

    #[test]
    fn rejects_malformed_rows_naming_the_line() {
        let error = parse_plover_table("195 ASSAULT, heavy-weapons, military\n").unwrap_err();
        assert!(error.starts_with("line 1: expected `CODE:"), "{error}");
        let error = parse_plover_table("195: ASSAULT, heavy-weapons\n").unwrap_err();
        assert!(error.contains("three comma-separated fields"), "{error}");
        let error = parse_plover_table("195: assault, , \n").unwrap_err();
        assert!(error.contains("capitals"), "{error}");
    }
}
