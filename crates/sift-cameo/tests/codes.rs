//! The published facts a user reads off an event: label, Goldstein score,
//! QuadClass and PLOVER coding, checked on codes the issue names.

use sift_cameo::Taxonomy;

#[test]
fn an_airstrike_is_aerial_weapons_goldstein_minus_10_material_conflict_assault() {
    let taxonomy = Taxonomy::embedded();
    let aerial = taxonomy.cameo("195").unwrap();
    // The 1.1b3 codebook adds 1951 and 1952 under 195, so its label carries
    // the codebook's "not specified below" like every code with sub-codes.
    assert_eq!(aerial.label, "Employ aerial weapons, not specified below");
    assert_eq!(aerial.goldstein, -10.0);
    assert_eq!(aerial.goldstein_inherited_from, None);
    assert_eq!(aerial.quad_class, 4);
    assert_eq!(aerial.root, "19");
    assert_eq!(taxonomy.cameo(aerial.root).unwrap().label, "Fight");
    let plover = taxonomy.plover("195").unwrap();
    assert_eq!(plover.event_type, "ASSAULT");
    assert_eq!(plover.mode, Some("heavy-weapons"));
    assert_eq!(plover.contexts, ["military"]);
    assert_eq!(plover.table_code, "195");
}

#[test]
fn signing_an_agreement_is_verbal_cooperation_goldstein_8() {
    let agreement = Taxonomy::embedded().cameo("057").unwrap();
    assert_eq!(agreement.label, "Sign formal agreement");
    assert_eq!(agreement.quad_class, 1);
    assert_eq!(agreement.goldstein, 8.0);
    let plover = Taxonomy::embedded().plover("057").unwrap();
    assert_eq!((plover.event_type, plover.mode), ("SUPPORT", None));
}

#[test]
fn scores_and_labels_match_the_sources_at_their_extremes() {
    let taxonomy = Taxonomy::embedded();
    let fact = |code| {
        let code = taxonomy.cameo(code).unwrap();
        (code.label, code.goldstein, code.quad_class)
    };
    assert_eq!(fact("0874"), ("Retreat or surrender militarily", 10.0, 2));
    assert_eq!(
        fact("190"),
        (
            "Use conventional military force, not specified below",
            -10.0,
            4
        )
    );
    assert_eq!(fact("130"), ("Threaten, not specified below", -4.4, 3));
    assert_eq!(fact("13"), ("Threaten", -6.0, 3));
    assert_eq!(fact("011"), ("Decline comment", -0.1, 1));
    assert_eq!(
        fact("183").0,
        "Conduct suicide, car, or other non-military bombing, not specified below"
    );
    assert_eq!(
        taxonomy.cameo("1883"),
        None,
        "the manual's misprint of 183 is not a code"
    );
}

#[test]
fn statements_and_appeals_have_no_plover_type() {
    let taxonomy = Taxonomy::embedded();
    for code in ["01", "010", "019", "02", "020", "0256"] {
        assert!(taxonomy.cameo(code).is_some(), "{code}");
        assert_eq!(taxonomy.plover(code), None, "{code}");
    }
    let resolved = taxonomy.resolve("020").unwrap();
    assert_eq!(resolved.resolved().unwrap().plover, None);
}
