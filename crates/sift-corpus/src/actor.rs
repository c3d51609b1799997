//! Who an actor code names, at the two levels dyads and clusters use.

/// Prefixes of international actors, whose identity is the group after the
/// prefix (`IGOUNO` is the United Nations, not "some IGO"): CAMEO's
/// intergovernmental, non-governmental, multinational and militarized
/// international groups, and unidentified state actors.
const INTERNATIONAL: [&str; 6] = ["IGO", "NGO", "NGM", "MNC", "IMG", "UIS"];

/// An actor code split into who it is and the sector it acts in.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActorKey {
    /// The country (`RUS`) or, for international actors, the prefix and
    /// group (`IGOUNO`).
    pub who: String,
    /// The first role code after it (`MIL`), when there is one.
    pub sector: Option<String>,
}

impl ActorKey {
    /// Splits a Phoenix/CAMEO actor code. `None` for codes with no known
    /// country or group (`---MIL`: "soldiers" of no named country), which
    /// match any side rather than none.
    pub fn of_code(code: &str) -> Option<ActorKey> {
        let code = code.trim();
        if code.len() < 3 || !code.is_ascii() || code.starts_with("---") {
            return None;
        }
        let prefix = &code[..3];
        let who_len = if INTERNATIONAL.contains(&prefix) && code.len() >= 6 {
            6
        } else {
            3
        };
        let rest = &code[who_len..];
        let sector = (rest.len() >= 3).then(|| rest[..3].to_string());
        Some(ActorKey {
            who: code[..who_len].to_string(),
            sector,
        })
    }

    /// Who and sector together (`RUSMIL`), the dyad series' finer level.
    pub fn with_sector(&self) -> String {
        match &self.sector {
            Some(sector) => format!("{}{sector}", self.who),
            None => self.who.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_groups_and_unknowns() {
        let key = ActorKey::of_code("RUSMIL").unwrap();
        assert_eq!(
            (key.who.as_str(), key.sector.as_deref()),
            ("RUS", Some("MIL"))
        );
        assert_eq!(key.with_sector(), "RUSMIL");
        let un = ActorKey::of_code("IGOUNOMED").unwrap();
        assert_eq!(
            (un.who.as_str(), un.sector.as_deref()),
            ("IGOUNO", Some("MED"))
        );
        assert_eq!(ActorKey::of_code("IGO").unwrap().who, "IGO");
        assert_eq!(ActorKey::of_code("SYR").unwrap().sector, None);
        assert_eq!(ActorKey::of_code("---MIL"), None);
        assert_eq!(ActorKey::of_code(""), None);
    }
}
