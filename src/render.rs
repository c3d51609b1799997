//! The terminal report: a dossier for a human, with the evidence quoted.
//!
//! It reads only the `Dossier`, never the `Doc`, so that it shows exactly what
//! the JSON carries.

use std::fmt::Write;

use sift_core::{Dossier, SentenceKind, Severity, StanceLabel};

/// Longest stretch of metadata quoted on one line before it is shortened.
const MAX_QUOTE_CHARS: usize = 160;
/// Sentences are wrapped, never shortened: the evidence is quoted in full.
const WRAP_COLUMNS: usize = 100;

pub fn dossier_text(dossier: &Dossier) -> String {
    let mut out = String::new();
    let rule = "─".repeat(72);
    let _ = writeln!(out, "{rule}");
    let _ = writeln!(out, "dossier {}", dossier.id);
    match &dossier.headline {
        Some(headline) => {
            let _ = writeln!(out, "headline   {}", headline.text);
        }
        None => {
            let _ = writeln!(out, "headline   (none)");
        }
    }
    if let Some(stance) = &dossier.headline_stance {
        let reading = match stance.label {
            StanceLabel::Agree => "the body agrees with the headline",
            StanceLabel::Disagree => "the body disputes the headline",
            StanceLabel::Discuss => "the body discusses the headline's claim without taking a side",
            StanceLabel::Unrelated => "the body is not about the headline",
        };
        let _ = writeln!(
            out,
            "stance     {} ({:.2}): {reading}",
            stance.label.as_str(),
            stance.score
        );
        if let Some(evidence) = &stance.evidence {
            let _ = writeln!(
                out,
                "           closest body sentence {}..{}: {}",
                evidence.start,
                evidence.end,
                quote(&evidence.text)
            );
        }
    }
    let published = dossier
        .published
        .map(|d| match &dossier.published_detected {
            Some(found) => format!(
                "{d} (not given; read from the {} {})",
                found.evidence.as_str().replace('_', " "),
                quote(&found.text)
            ),
            None => d.to_string(),
        });
    let fields = [
        ("published", published.as_deref()),
        ("source", dossier.source.as_deref()),
        ("url", dossier.url.as_deref()),
        ("language", dossier.language.as_deref()),
    ];
    for (label, value) in fields {
        if let Some(value) = value {
            let _ = writeln!(out, "{label:<10} {value}");
        }
    }
    if let Some(dateline) = &dossier.dateline {
        let _ = writeln!(out, "dateline   {}", dateline.text);
    }
    for (key, value) in &dossier.metadata {
        let _ = writeln!(out, "{:<10} {}", key, compact_json(value));
    }
    let n_paragraphs = dossier
        .sentences
        .iter()
        .map(|s| s.paragraph)
        .max()
        .map_or(0, |p| p + 1);
    let n_tokens: u32 = dossier.sentences.iter().map(|s| s.n_tokens).sum();
    let _ = writeln!(
        out,
        "size       {} bytes, {} paragraphs, {} sentences, {} tokens",
        dossier.n_bytes,
        n_paragraphs,
        dossier.sentences.len(),
        n_tokens
    );

    let _ = writeln!(out, "\nsentences");
    let mut paragraph = None;
    for (number, sentence) in dossier.sentences.iter().enumerate() {
        if paragraph.is_some_and(|p| p != sentence.paragraph) {
            let _ = writeln!(out);
        }
        paragraph = Some(sentence.paragraph);
        let tag = match sentence.kind {
            SentenceKind::Headline => "headline ",
            SentenceKind::Dateline => "dateline ",
            SentenceKind::Body => "",
        };
        let prefix = format!(
            "  s{:<3} {:>6}..{:<6} ",
            number + 1,
            sentence.start,
            sentence.end
        );
        let indent = " ".repeat(prefix.chars().count());
        let body = format!(
            "{tag}{}",
            sentence
                .text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        );
        for (line_idx, line) in wrap(&body, WRAP_COLUMNS - indent.len()).iter().enumerate() {
            let lead = if line_idx == 0 {
                prefix.as_str()
            } else {
                indent.as_str()
            };
            let _ = writeln!(out, "{lead}{line}");
        }
    }

    if !dossier.entities.is_empty() {
        let _ = writeln!(out, "\nentities");
        for entity in &dossier.entities {
            let label = serde_json::to_value(entity.label).ok();
            let label = label.as_ref().and_then(|v| v.as_str()).unwrap_or("?");
            let _ = writeln!(
                out,
                "  {label:<7} {:>6}..{:<6} {}",
                entity.start,
                entity.end,
                quote(&entity.text)
            );
        }
    }

    if !dossier.dates.is_empty() {
        let _ = writeln!(out, "\ndates (days named, precision, rule)");
        for date in &dossier.dates {
            let days = if date.first_day == date.last_day {
                date.first_day.to_string()
            } else {
                format!("{}..{}", date.first_day, date.last_day)
            };
            let anchored = if date.anchored { ", anchored" } else { "" };
            let _ = writeln!(
                out,
                "  {days:<22} {:<5} {:<24} {:>6}..{:<6} {}",
                date.precision.as_str(),
                format!("{}{anchored}", date.rule.as_str()),
                date.start,
                date.end,
                quote(&date.text)
            );
        }
    }
    render_events(&mut out, dossier);
    render_magnitudes(&mut out, dossier);
    if !dossier.places.is_empty() {
        let _ = writeln!(
            out,
            "\nplaces (kind, span, text → place, country/admin1, feature, lat/lon, GeoNames id)"
        );
        for place in &dossier.places {
            let kind = match place.kind {
                sift_core::PlaceKind::Toponym => "toponym",
                sift_core::PlaceKind::Demonym => "demonym",
                sift_core::PlaceKind::Dateline => "dateline",
            };
            let region = if place.admin1.is_empty() {
                place.country_code.clone()
            } else {
                format!("{}/{}", place.country_code, place.admin1)
            };
            let id = place
                .geonameid
                .map_or_else(|| "alias table".to_string(), |id| format!("geonames:{id}"));
            let _ = writeln!(
                out,
                "  {kind:<8} {:>6}..{:<6} {} → {} ({region}, {}) {:.4}, {:.4} {id}",
                place.start,
                place.end,
                quote(&place.text),
                place.name,
                place.feature_code,
                place.lat,
                place.lon,
            );
            if let Some(relation) = &place.relation {
                let _ = writeln!(out, "           relation: {}", quote(&relation.text));
            }
            if place.candidates.len() > 1 {
                let others: Vec<String> = place.candidates[1..]
                    .iter()
                    .map(|c| {
                        format!(
                            "{} ({} {}) {:.1}",
                            c.name, c.country_code, c.feature_code, c.score
                        )
                    })
                    .collect();
                let _ = writeln!(
                    out,
                    "           score {:.1}; also: {}",
                    place.score,
                    others.join(", ")
                );
            }
        }
    }
    render_claims(&mut out, dossier);

    let parsed = dossier
        .tokens
        .as_ref()
        .is_some_and(|tokens| tokens.iter().any(|t| t.upos.is_some()));
    if let (true, Some(tokens)) = (parsed, &dossier.tokens) {
        let _ = writeln!(
            out,
            "\ntokens (index, text, UPOS, XPOS, lemma, head, relation)"
        );
        for (sentence_idx, sentence) in dossier.sentences.iter().enumerate() {
            let _ = writeln!(out, "  s{}", sentence_idx + 1);
            let first = sentence.first_token as usize;
            for (idx, token) in tokens
                .iter()
                .enumerate()
                .skip(first)
                .take(sentence.n_tokens as usize)
            {
                let upos = token.upos.map_or("", |t| t.as_str());
                let xpos = token.xpos.map_or("", |t| t.as_str());
                let head = token
                    .head
                    .map_or_else(|| "-".to_string(), |h| h.to_string());
                let deprel = token.deprel.map_or("", |d| d.as_str());
                let _ = writeln!(
                    out,
                    "    {idx:>5}  {:<18} {upos:<6} {xpos:<5} {:<16} {head:>5} {deprel}",
                    quote(&token.text),
                    token.lemma.as_deref().unwrap_or("")
                );
            }
        }
    } else if let Some(tokens) = &dossier.tokens {
        let _ = writeln!(out, "\ntokens");
        let mut line = String::from(" ");
        for token in tokens {
            let piece = if token.joins_previous {
                format!("·{}", token.text)
            } else {
                format!(" {}", token.text)
            };
            if line.chars().count() + piece.chars().count() > 76 {
                let _ = writeln!(out, "{line}");
                line = String::from(" ");
            }
            line.push_str(&piece);
        }
        let _ = writeln!(out, "{line}");
    }

    if !dossier.diagnostics.is_empty() {
        let _ = writeln!(out, "\nnotes");
        for diagnostic in &dossier.diagnostics {
            let severity = match diagnostic.severity {
                Severity::Info => "info",
                Severity::Warning => "warning",
            };
            let _ = write!(
                out,
                "  {severity} [{}] {}",
                diagnostic.code, diagnostic.message
            );
            if let Some(span) = &diagnostic.span {
                let _ = write!(
                    out,
                    " at {}..{}: {}",
                    span.start,
                    span.end,
                    quote(&span.text)
                );
            }
            let _ = writeln!(out);
        }
    }
    out
}

/// The claims layer: a one-line summary, the headline check, and each
/// claim with its certainty, cues and holder.
fn render_claims(out: &mut String, dossier: &Dossier) {
    let Some(signals) = &dossier.signals else {
        return;
    };
    let _ = writeln!(out, "\ncredibility");
    let _ = writeln!(out, "  summary  {}", credibility_summary(dossier, signals));
    if let Some(check) = &dossier.headline_consistency {
        let verdict = if check.consistent {
            "consistent with the body"
        } else {
            "INCONSISTENT with the body"
        };
        let _ = writeln!(out, "  headline {verdict}");
        for evidence in &check.evidence {
            let _ = writeln!(
                out,
                "           {}..{} {} ({})",
                evidence.start,
                evidence.end,
                quote(&evidence.text),
                evidence.note
            );
        }
    }
    let reputation = &signals.reputation;
    let source_line = match (&reputation.domain, reputation.rated) {
        (None, _) => "no source given".to_string(),
        (Some(domain), false) => format!("{domain}: unrated (not in the source list)"),
        (Some(domain), true) => format!("{domain}: {}", reputation.tags.join(", ")),
    };
    let _ = writeln!(out, "  source   {source_line}");
    if let Some(byline) = &signals.byline {
        let _ = writeln!(out, "  byline   {}", quote(&byline.text));
    }

    if dossier.claims.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nclaims (certainty, cues, holder)");
    for claim in &dossier.claims {
        let certainty = claim.certainty.as_str();
        let prefix = format!("  s{:<3} {certainty:<12} ", claim.sentence + 1);
        let indent = " ".repeat(prefix.chars().count());
        let body = format!("\u{201c}{}\u{201d}", flatten(&claim.text));
        for (line_idx, line) in wrap(&body, WRAP_COLUMNS - indent.len()).iter().enumerate() {
            let lead = if line_idx == 0 { &prefix } else { &indent };
            let _ = writeln!(out, "{lead}{line}");
        }
        if !claim.cues.is_empty() {
            let cues: Vec<String> = claim.cues.iter().map(|c| quote(&c.text)).collect();
            let _ = writeln!(out, "{indent}cues: {}", cues.join(", "));
        }
        match &claim.attribution {
            Some(holder) => {
                let code = holder
                    .code
                    .as_deref()
                    .map(|c| format!(" [{c}]"))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "{indent}holder: {} \u{201c}{}\u{201d}{code}",
                    holder.kind.as_str(),
                    quote(&holder.text)
                );
            }
            None => {
                let _ = writeln!(out, "{indent}holder: none (the outlet's own statement)");
            }
        }
    }
}

/// One plain-language line about sourcing and certainty; never a score.
fn credibility_summary(dossier: &Dossier, signals: &sift_core::SignalsOut) -> String {
    let n = signals.n_claims;
    let mut parts = Vec::new();
    if n == 0 {
        parts.push("no claims found".to_string());
    } else {
        let attributed = n - signals.unattributed.count;
        parts.push(format!(
            "{attributed} of {n} claims attributed ({} to anonymous sources)",
            signals.anonymous.count
        ));
        parts.push(format!(
            "{} hedged or speculative, {} predictions",
            signals.speculative.count, signals.predicted.count
        ));
    }
    match &dossier.headline_consistency {
        Some(check) if !check.consistent => {
            parts.push("the headline's event does not match the body".into())
        }
        Some(_) => parts.push("the headline matches the body".into()),
        None => {}
    }
    let mut missing = Vec::new();
    if signals.missing_date {
        missing.push("date");
    }
    if signals.missing_byline {
        missing.push("byline");
    }
    if !missing.is_empty() {
        parts.push(format!("no {}", missing.join(" or ")));
    }
    parts.push(if signals.reputation.rated {
        format!("source rated {}", signals.reputation.tags.join("/"))
    } else {
        "source unrated".to_string()
    });
    parts.join("; ")
}

fn flatten(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text on one line, whitespace collapsed, shortened in the middle.
fn quote(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let n_chars = flat.chars().count();
    if n_chars <= MAX_QUOTE_CHARS {
        return flat;
    }
    let head: String = flat.chars().take(MAX_QUOTE_CHARS - 40).collect();
    let tail: String = flat.chars().skip(n_chars - 30).collect();
    format!("{head} … {tail}")
}

/// Greedy word wrap; a word longer than the width gets a line of its own.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

fn compact_json(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => quote(s),
        other => quote(&other.to_string()),
    }
}

fn actor_line(actor: Option<&sift_core::ActorOut>) -> String {
    match actor {
        Some(actor) => format!(
            "{} {}",
            actor.code.as_deref().unwrap_or("(uncoded)"),
            quote(&actor.text)
        ),
        None => "(none)".to_string(),
    }
}

/// Events with the evidence for every part: who, what, to whom, and the
/// dictionary entries and pattern that decided it.
fn render_events(out: &mut String, dossier: &Dossier) {
    if dossier.events.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nevents");
    for event in &dossier.events {
        let cameo = &event.cameo;
        let label = cameo.label.as_deref().unwrap_or("(label unknown)");
        let mut flags = Vec::new();
        if event.negated {
            flags.push("NEGATED");
        }
        if event.nominal {
            flags.push("nominal");
        }
        let flags = if flags.is_empty() {
            String::new()
        } else {
            format!(" [{}]", flags.join(", "))
        };
        let _ = writeln!(
            out,
            "  s{} CAMEO {} {label}{flags}",
            event.sentence + 1,
            cameo.code
        );
        let mut scores = Vec::new();
        if let Some(goldstein) = cameo.goldstein {
            scores.push(format!("Goldstein {goldstein:+.1}"));
        }
        if let Some(quad) = cameo.quad_class {
            scores.push(format!("QuadClass {quad}"));
        }
        if let Some(plover) = &event.plover {
            let mut text = format!("PLOVER {}", plover.event_type);
            if let Some(mode) = &plover.mode {
                text.push_str(&format!(" / {mode}"));
            }
            if let Some(context) = &plover.context {
                text.push_str(&format!(" / {context}"));
            }
            scores.push(text);
        }
        if !scores.is_empty() {
            let _ = writeln!(out, "      {}", scores.join(", "));
        }
        let _ = writeln!(out, "      source  {}", actor_line(event.source.as_ref()));
        let _ = writeln!(out, "      action  {}", quote(&event.trigger.text));
        let _ = writeln!(out, "      target  {}", actor_line(event.target.as_ref()));
        if let Some(certainty) = &event.certainty {
            let certainty = serde_json::to_value(certainty).ok();
            let certainty = certainty.as_ref().and_then(|v| v.as_str()).unwrap_or("?");
            let holder = event
                .attribution
                .as_ref()
                .map(|holder| format!(", per {}", quote(&holder.text)))
                .unwrap_or_default();
            let _ = writeln!(out, "      claim   {certainty}{holder}");
        }
        for magnitude in &event.magnitudes {
            let _ = writeln!(out, "      figure  {}", magnitude_line(magnitude));
        }
        if let Some(place) = &event.place {
            let relation = place
                .relation
                .as_ref()
                .map(|span| format!("{} ", quote(&span.text)))
                .unwrap_or_default();
            let id = place
                .geonameid
                .map(|id| format!(" geonames:{id}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "      where   {relation}{} ({}, {:.4}, {:.4}{id}; {} from {})",
                place.name,
                place.country_code,
                place.lat,
                place.lon,
                place.rule,
                quote(&place.mention.text)
            );
        }
        if let Some(date) = &event.date {
            let days = if date.first_day == date.last_day {
                date.first_day.to_string()
            } else {
                format!("{}..{}", date.first_day, date.last_day)
            };
            let evidence = date
                .evidence
                .as_ref()
                .map(|span| format!(" from {}", quote(&span.text)))
                .unwrap_or_default();
            let rule = serde_json::to_value(date.rule).ok();
            let rule = rule.as_ref().and_then(|v| v.as_str()).unwrap_or("?");
            let _ = writeln!(out, "      when    {days} ({rule}{evidence})");
        }
        for actor in [event.source.as_ref(), event.target.as_ref()]
            .into_iter()
            .flatten()
        {
            if let Some(entry) = &actor.entry {
                let _ = writeln!(
                    out,
                    "      actor   {} <- {entry}",
                    actor.code.as_deref().unwrap_or("?")
                );
            }
            if let Some(agent) = &actor.agent {
                let _ = writeln!(
                    out,
                    "      agent   {} <- {agent}",
                    actor.code.as_deref().unwrap_or("?")
                );
            }
        }
        let _ = writeln!(
            out,
            "      rule    {} ({})",
            event
                .rule
                .pattern
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            event.rule.location
        );
    }
}

/// "killed 27-33 "about 30" fighters (cue "killed"), reported, per "the ministry"".
fn magnitude_line(magnitude: &sift_core::MagnitudeOut) -> String {
    let range = match magnitude.high {
        Some(high) if high == magnitude.low => magnitude.low.to_string(),
        Some(high) => format!("{}-{high}", magnitude.low),
        None => format!("{} or more", magnitude.low),
    };
    let people = magnitude
        .victims
        .as_ref()
        .map(|victims| format!(" {}", quote(&victims.text)))
        .unwrap_or_default();
    let mut line = format!(
        "{} {range}: \u{201c}{}\u{201d}{people} (cue \u{201c}{}\u{201d})",
        magnitude.kind.as_str(),
        quote(&magnitude.text),
        quote(&magnitude.cue.text)
    );
    if let Some(certainty) = magnitude.certainty {
        line.push_str(&format!(", {}", certainty.as_str()));
    }
    if let Some(holder) = &magnitude.attribution {
        line.push_str(&format!(", per {}", quote(&holder.text)));
    }
    line
}

/// Every figure, linked to an event or not: a figure the event coder
/// missed still reaches the reader.
fn render_magnitudes(out: &mut String, dossier: &Dossier) {
    if dossier.magnitudes.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\nfigures (kind, range, quantity, people, cue, claim → event)"
    );
    for magnitude in &dossier.magnitudes {
        let event = match magnitude
            .event
            .and_then(|idx| dossier.events.get(idx).map(|e| (idx, e)))
        {
            Some((idx, event)) => format!(
                "event {} (s{} CAMEO {} {})",
                idx + 1,
                event.sentence + 1,
                event.cameo.code,
                quote(&event.trigger.text)
            ),
            None => match &magnitude.anchor {
                Some(anchor) => format!("no coded event; event word {}", quote(&anchor.text)),
                None => "no event named".to_string(),
            },
        };
        let _ = writeln!(
            out,
            "  s{:<3} {}\n         → {event}",
            magnitude.sentence + 1,
            magnitude_line(magnitude)
        );
    }
}
