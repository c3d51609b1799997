//! Event clusters: the same event as many reports tell it.
//!
//! Events arrive one at a time, each with the facts of the document that
//! reports it. An event joins the most compatible open cluster, else starts
//! one. Two events are compatible when
//! - their dyads agree: where both name a source (or a target), it is the
//!   same country or international group; sectors may differ, since one
//!   report says "Russia" where another says "Russian warplanes". A side
//!   with no known country matches any. Symmetric codes (meetings,
//!   agreements) compare their sides in either order;
//! - their kinds agree: the same CAMEO root, or the same PLOVER type;
//! - their places agree: within [`ClusterConfig::max_distance_km`], or one
//!   is a country or first-level division holding the other; a missing place
//!   matches any;
//! - their dates agree: the event's days, widened by
//!   [`ClusterConfig::date_window_days`] on each side, meet the cluster's
//!   anchor days (those of its first event, so a cluster cannot creep along
//!   the calendar one report at a time).
//!
//! Events with no date, a date vaguer than
//! [`ClusterConfig::max_date_span_days`] ("last year"), or no known actor
//! on either side each stay alone in a cluster of their own: nothing ties
//! them to another report.
//!
//! Clusters live in blocks keyed by kind, side and actor, each block sorted
//! by anchor day, so finding the candidates for an event is a few hash
//! probes and a range scan: ingest stays O(n log n). A cluster never
//! merges with another and an event never moves, so the cluster ids written
//! to the store stay true as the corpus grows.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use sift_core::haversine_km;

use crate::actor::ActorKey;

/// How close events must be to join.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClusterConfig {
    /// Largest distance between two places of one event.
    pub max_distance_km: f64,
    /// Days by which an event's dates may miss the cluster's.
    pub date_window_days: i64,
    /// Events dated more vaguely than this many days do not cluster.
    pub max_date_span_days: i64,
}

impl Default for ClusterConfig {
    fn default() -> ClusterConfig {
        ClusterConfig {
            max_distance_km: 50.0,
            date_window_days: 3,
            max_date_span_days: 31,
        }
    }
}

/// What clustering needs to know of a document.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentFacts {
    /// Store key.
    pub key: i64,
    /// Stable document id.
    pub id: String,
    /// Its syndication group.
    pub syndication_group: i64,
    /// The outlet's domain.
    pub domain: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
}

/// A resolved place of an event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceFacts {
    /// Resolved name.
    pub name: String,
    /// GeoNames id.
    pub geonameid: Option<i64>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// ISO country code.
    pub country_code: String,
    /// A country or first-level division, which holds the places inside it.
    #[serde(skip)]
    pub broad: bool,
}

/// What clustering needs to know of an event.
#[derive(Clone, Debug, PartialEq)]
pub struct EventFacts {
    /// Store key.
    pub key: i64,
    /// Its document's store key.
    pub doc_key: i64,
    /// Its position in the dossier's `events`.
    pub index: u32,
    /// The position in the dossier's `claims` of the claim that holds it.
    pub claim: Option<u32>,
    /// Source actor code.
    pub source: Option<String>,
    /// Target actor code.
    pub target: Option<String>,
    /// CAMEO code.
    pub cameo: String,
    /// PLOVER type.
    pub plover_type: Option<String>,
    /// First and last day.
    pub days: Option<(NaiveDate, NaiveDate)>,
    /// Where.
    pub place: Option<PlaceFacts>,
    /// The certainty of its claim (`asserted`, `denied`, ...).
    pub certainty: Option<String>,
    /// Who holds the claim ("Russia's defence ministry").
    pub holder: Option<String>,
    /// The verb is negated.
    pub negated: bool,
    /// The figures the report gives for it (killed, injured, ...).
    pub figures: Vec<FigureFacts>,
}

/// One figure a report gives for an event: "at least 12" killed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FigureFacts {
    /// `killed`, `injured`, `arrested`, `displaced` or `participants`.
    pub kind: String,
    /// The smallest number the words allow.
    pub low: u64,
    /// The largest, or none for open-ended figures ("more than 100").
    pub high: Option<u64>,
    /// The words.
    pub text: String,
    /// The certainty of the claim that holds it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certainty: Option<String>,
    /// Who gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
}

/// A claim a cluster cites: which document, which claim, how certain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClaimRef {
    /// Document id.
    pub doc: String,
    /// Position in the document's `claims` (null: the event is in no
    /// claim, as in a headline).
    pub claim: Option<u32>,
    /// Position in the document's `events`.
    pub event: u32,
    /// The claim's certainty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certainty: Option<String>,
    /// Who holds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    /// Why it contradicts the cluster (contradicting claims only):
    /// `denied`, `negated` or `conflicting_perpetrator`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// For a conflicting perpetrator: the cluster that names the other one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<i64>,
}

/// The earliest report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FirstReport {
    /// Document id.
    pub doc: String,
    /// Its publication date.
    pub date: Option<NaiveDate>,
    /// Its outlet.
    pub source: Option<String>,
}

/// One cluster as `sift query clusters` and the API show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClusterSummary {
    /// Cluster id.
    pub id: i64,
    /// The commonest CAMEO root among its events.
    pub cameo_root: String,
    /// The commonest PLOVER type.
    pub plover_type: Option<String>,
    /// The commonest source actor code.
    pub source: Option<String>,
    /// The commonest target actor code.
    pub target: Option<String>,
    /// The commonest, most precise place.
    pub place: Option<PlaceFacts>,
    /// First day of any event.
    pub first_date: Option<NaiveDate>,
    /// Last day of any event.
    pub last_date: Option<NaiveDate>,
    /// Ids of every document with an event in it, in store order.
    pub documents: Vec<String>,
    /// The documents by syndication group, each group's earliest first,
    /// groups in order of their first report.
    pub syndication_groups: Vec<Vec<String>>,
    /// Independent outlets that carry the event (denials aside): documents
    /// count once per syndication group and once per domain.
    pub independent_sources: usize,
    /// Claims that assert or report the event, from every document.
    pub corroborating: Vec<ClaimRef>,
    /// Claims that deny or negate it, and claims that name another
    /// perpetrator for the same target, place and days.
    pub contradicting: Vec<ClaimRef>,
    /// The earliest document that carries it.
    pub first_reported: Option<FirstReport>,
    /// Events per certainty (`none` for events in no claim).
    pub certainty_mix: BTreeMap<String, usize>,
    /// Events in it.
    pub n_events: usize,
    /// The figures reports give, reconciled per kind (`killed`, ...).
    pub magnitudes: BTreeMap<String, ReconciledFigures>,
}

/// Every figure of one kind that the reports of a cluster give, and what
/// they add up to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReconciledFigures {
    /// One entry per independent source and figure: syndicated copies and
    /// repeats by the same outlet count once.
    pub figures: Vec<ReportedFigure>,
    /// Entries in `figures`.
    pub n_independent_figures: usize,
    /// ACLED-style: the lowest figure an independent source asserts or
    /// reports (hedged and speculative figures do not count); none when
    /// no figure is credible.
    pub conservative: Option<u64>,
    /// From the lowest low to the highest figure (an open-ended figure
    /// counts at its low).
    pub range: (u64, u64),
    /// The figure of the most recent report.
    pub latest: ReportedFigure,
}

/// One figure as one independent source gives it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportedFigure {
    /// The figure.
    #[serde(flatten)]
    pub figure: FigureFacts,
    /// The earliest document that gives it.
    pub doc: String,
    /// Its publication date.
    pub published: Option<NaiveDate>,
    /// Its outlet.
    pub source: Option<String>,
    /// Other documents of the same source giving the same figure.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub copies: Vec<String>,
}

/// CAMEO codes whose two sides act together, so "A meets B" and "B meets
/// A" are one event: intend to meet, consult, meet at a third place,
/// negotiate, cooperate diplomatically, sign an agreement, cooperate
/// materially. Fighting (190) is not among them: coders give it to
/// one-sided strikes ("struck", "hit") as often as to clashes.
const SYMMETRIC_CODES: [&str; 10] = [
    "036", "040", "044", "046", "050", "057", "060", "061", "062", "063",
];

fn is_symmetric(cameo: &str) -> bool {
    SYMMETRIC_CODES.iter().any(|code| cameo.starts_with(code))
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Kind {
    Root(String),
    Plover(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Side {
    Source,
    Target,
}

type BlockKey = (Kind, Side, String);

struct Member {
    facts: EventFacts,
    source: Option<ActorKey>,
    target: Option<ActorKey>,
}

impl Member {
    fn new(facts: EventFacts) -> Member {
        let mut source = facts.source.as_deref().and_then(ActorKey::of_code);
        let mut target = facts.target.as_deref().and_then(ActorKey::of_code);
        // One order for both sides of a symmetric event.
        if is_symmetric(&facts.cameo) && (target.is_some() && (source.is_none() || target < source))
        {
            std::mem::swap(&mut source, &mut target);
        }
        Member {
            facts,
            source,
            target,
        }
    }

    fn root(&self) -> &str {
        cameo_root(&self.facts.cameo)
    }

    fn kinds(&self) -> Vec<Kind> {
        let mut kinds = vec![Kind::Root(self.root().to_string())];
        if let Some(plover) = &self.facts.plover_type {
            kinds.push(Kind::Plover(plover.clone()));
        }
        kinds
    }

    fn is_contradiction(&self) -> bool {
        self.facts.negated
            || matches!(
                self.facts.certainty.as_deref(),
                Some("denied") | Some("negated")
            )
    }
}

fn cameo_root(cameo: &str) -> &str {
    cameo.get(..2).unwrap_or(cameo)
}

struct Cluster {
    members: Vec<Member>,
    anchor: Option<(NaiveDate, NaiveDate)>,
}

/// The clusters of a corpus, built one event at a time.
pub struct ClusterIndex {
    config: ClusterConfig,
    documents: HashMap<i64, DocumentFacts>,
    clusters: BTreeMap<i64, Cluster>,
    next_id: i64,
    blocks: HashMap<BlockKey, BTreeSet<(NaiveDate, i64)>>,
    dirty: BTreeSet<i64>,
}

impl ClusterIndex {
    /// An empty index whose first cluster will be `first_id`.
    pub fn new(config: ClusterConfig, first_id: i64) -> ClusterIndex {
        ClusterIndex {
            config,
            documents: HashMap::new(),
            clusters: BTreeMap::new(),
            next_id: first_id,
            blocks: HashMap::new(),
            dirty: BTreeSet::new(),
        }
    }

    /// The id the next new cluster will get.
    pub fn next_id(&self) -> i64 {
        self.next_id
    }

    /// Clusters in the index.
    pub fn len(&self) -> usize {
        self.clusters.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.clusters.is_empty()
    }

    /// Registers a document before its events.
    pub fn add_document(&mut self, document: DocumentFacts) {
        self.documents.insert(document.key, document);
    }

    /// Puts back a stored event in the cluster it was given, when an ingest
    /// resumes. Events must come in key order, as they were first added.
    pub fn restore_event(&mut self, facts: EventFacts, cluster: i64) {
        let member = Member::new(facts);
        if !self.clusters.contains_key(&cluster) {
            self.open_cluster(cluster, &member);
        }
        self.clusters
            .get_mut(&cluster)
            .expect("opened above")
            .members
            .push(member);
        self.next_id = self.next_id.max(cluster + 1);
    }

    /// Adds a new event; returns its cluster's id.
    ///
    /// # Panics
    /// If the event's document was not added first: a caller bug.
    pub fn add_event(&mut self, facts: EventFacts) -> i64 {
        assert!(
            self.documents.contains_key(&facts.doc_key),
            "add_document before add_event"
        );
        let member = Member::new(facts);
        let id = match self.best_cluster(&member) {
            Some(id) => id,
            None => {
                let id = self.next_id;
                self.next_id += 1;
                self.open_cluster(id, &member);
                id
            }
        };
        self.clusters
            .get_mut(&id)
            .expect("exists")
            .members
            .push(member);
        self.dirty.insert(id);
        let rivals = self.rivals(id);
        self.dirty.extend(rivals);
        id
    }

    /// Summaries of the clusters changed since the last call, by id.
    pub fn take_changed(&mut self) -> Vec<ClusterSummary> {
        let dirty = std::mem::take(&mut self.dirty);
        dirty.into_iter().map(|id| self.summary(id)).collect()
    }

    /// The summary of one cluster.
    ///
    /// # Panics
    /// If there is no such cluster.
    pub fn summary(&self, id: i64) -> ClusterSummary {
        let cluster = &self.clusters[&id];
        let members = &cluster.members;
        let doc = |member: &Member| &self.documents[&member.facts.doc_key];
        let claim_ref = |member: &Member| ClaimRef {
            doc: doc(member).id.clone(),
            claim: member.facts.claim,
            event: member.facts.index,
            certainty: member.facts.certainty.clone(),
            holder: member.facts.holder.clone(),
            reason: None,
            cluster: None,
        };

        let mut doc_keys: Vec<i64> = members.iter().map(|m| m.facts.doc_key).collect();
        doc_keys.sort_unstable();
        doc_keys.dedup();
        let mut carrying: Vec<i64> = members
            .iter()
            .filter(|m| !m.is_contradiction())
            .map(|m| m.facts.doc_key)
            .collect();
        carrying.sort_unstable();
        carrying.dedup();

        let components = self.independent_components(&carrying);
        let magnitudes = self.reconcile_figures(members, &components);
        let mut corroborating = Vec::new();
        let mut contradicting = Vec::new();
        let mut seen: HashSet<(i64, Option<u32>)> = HashSet::new();
        for member in members {
            if !seen.insert((member.facts.doc_key, member.facts.claim)) {
                continue;
            }
            if member.is_contradiction() {
                let reason = if member.facts.certainty.as_deref() == Some("denied") {
                    "denied"
                } else {
                    "negated"
                };
                contradicting.push(ClaimRef {
                    reason: Some(reason.to_string()),
                    ..claim_ref(member)
                });
            } else if matches!(
                member.facts.certainty.as_deref(),
                Some("asserted") | Some("reported")
            ) {
                corroborating.push(claim_ref(member));
            }
        }
        for rival in self.rivals(id) {
            let mut seen: HashSet<(i64, Option<u32>)> = HashSet::new();
            for member in &self.clusters[&rival].members {
                if !member.is_contradiction()
                    && member.facts.claim.is_some()
                    && seen.insert((member.facts.doc_key, member.facts.claim))
                {
                    contradicting.push(ClaimRef {
                        reason: Some("conflicting_perpetrator".to_string()),
                        cluster: Some(rival),
                        ..claim_ref(member)
                    });
                }
            }
        }

        let mut certainty_mix: BTreeMap<String, usize> = BTreeMap::new();
        for member in members {
            let certainty = member.facts.certainty.as_deref().unwrap_or("none");
            *certainty_mix.entry(certainty.to_string()).or_default() += 1;
        }

        let first_reported = carrying
            .iter()
            .map(|key| &self.documents[key])
            .min_by_key(|d| (d.published.is_none(), d.published, d.key))
            .map(|d| FirstReport {
                doc: d.id.clone(),
                date: d.published,
                source: d.domain.clone(),
            });

        ClusterSummary {
            id,
            cameo_root: mode(members.iter().map(|m| m.root().to_string())).unwrap_or_default(),
            plover_type: mode(members.iter().filter_map(|m| m.facts.plover_type.clone())),
            source: mode(members.iter().filter_map(|m| m.facts.source.clone())),
            target: mode(members.iter().filter_map(|m| m.facts.target.clone())),
            place: cluster_place(members),
            first_date: members
                .iter()
                .filter_map(|m| m.facts.days)
                .map(|d| d.0)
                .min(),
            last_date: members
                .iter()
                .filter_map(|m| m.facts.days)
                .map(|d| d.1)
                .max(),
            documents: doc_keys
                .iter()
                .map(|key| self.documents[key].id.clone())
                .collect(),
            syndication_groups: self.syndication_groups(&doc_keys),
            independent_sources: components.values().collect::<HashSet<_>>().len(),
            corroborating,
            contradicting,
            first_reported,
            certainty_mix,
            n_events: members.len(),
            magnitudes,
        }
    }

    fn syndication_groups(&self, doc_keys: &[i64]) -> Vec<Vec<String>> {
        let mut groups: BTreeMap<i64, Vec<&DocumentFacts>> = BTreeMap::new();
        for key in doc_keys {
            let document = &self.documents[key];
            groups
                .entry(document.syndication_group)
                .or_default()
                .push(document);
        }
        let by_date = |d: &&DocumentFacts| (d.published.is_none(), d.published, d.key);
        let mut groups: Vec<Vec<&DocumentFacts>> = groups.into_values().collect();
        for group in &mut groups {
            group.sort_by_key(by_date);
        }
        groups.sort_by_key(|group| by_date(&group[0]));
        groups
            .into_iter()
            .map(|group| group.into_iter().map(|d| d.id.clone()).collect())
            .collect()
    }

    /// Documents count once per syndication group and once per domain: the
    /// connected parts of the graph that joins two documents sharing either.
    /// Returns each document's part, named by its first document's key.
    fn independent_components(&self, doc_keys: &[i64]) -> HashMap<i64, i64> {
        let mut parent: Vec<usize> = (0..doc_keys.len()).collect();
        fn find(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        let mut first_of_group: HashMap<i64, usize> = HashMap::new();
        let mut first_of_domain: HashMap<&str, usize> = HashMap::new();
        for (i, key) in doc_keys.iter().enumerate() {
            let document = &self.documents[key];
            let mut links = vec![
                *first_of_group
                    .entry(document.syndication_group)
                    .or_insert(i),
            ];
            if let Some(domain) = document.domain.as_deref() {
                links.push(*first_of_domain.entry(domain).or_insert(i));
            }
            for j in links {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                // The smaller index stays the root, so a part is named by
                // its first document whatever the order of the links.
                parent[a.max(b)] = a.min(b);
            }
        }
        (0..doc_keys.len())
            .map(|i| (doc_keys[i], doc_keys[find(&mut parent, i)]))
            .collect()
    }

    /// The figures of the members that carry the event, per kind: one
    /// entry per independent source and (low, high).
    fn reconcile_figures(
        &self,
        members: &[Member],
        components: &HashMap<i64, i64>,
    ) -> BTreeMap<String, ReconciledFigures> {
        // (kind) → (component, low, high) → entry
        let mut by_kind: BTreeMap<String, Vec<(i64, ReportedFigure)>> = BTreeMap::new();
        let mut ordered: Vec<&Member> = members.iter().filter(|m| !m.is_contradiction()).collect();
        ordered.sort_by_key(|m| {
            let d = &self.documents[&m.facts.doc_key];
            (d.published.is_none(), d.published, d.key)
        });
        for member in ordered {
            let document = &self.documents[&member.facts.doc_key];
            let Some(&component) = components.get(&document.key) else {
                continue;
            };
            for figure in &member.facts.figures {
                let entries = by_kind.entry(figure.kind.clone()).or_default();
                let same = entries.iter_mut().find(|(c, e)| {
                    *c == component && e.figure.low == figure.low && e.figure.high == figure.high
                });
                match same {
                    Some((_, entry)) => {
                        if entry.doc != document.id && !entry.copies.contains(&document.id) {
                            entry.copies.push(document.id.clone());
                        }
                    }
                    None => entries.push((
                        component,
                        ReportedFigure {
                            figure: figure.clone(),
                            doc: document.id.clone(),
                            published: document.published,
                            source: document.domain.clone(),
                            copies: Vec::new(),
                        },
                    )),
                }
            }
        }
        by_kind
            .into_iter()
            .map(|(kind, entries)| {
                let figures: Vec<ReportedFigure> = entries.into_iter().map(|(_, e)| e).collect();
                let conservative = figures
                    .iter()
                    .filter(|f| {
                        matches!(
                            f.figure.certainty.as_deref(),
                            Some("asserted") | Some("reported")
                        )
                    })
                    .map(|f| f.figure.low)
                    .min();
                let low = figures.iter().map(|f| f.figure.low).min().unwrap_or(0);
                let high = figures
                    .iter()
                    .map(|f| f.figure.high.unwrap_or(f.figure.low))
                    .max()
                    .unwrap_or(0);
                // Entries are in report order, so the last is the latest.
                let latest = figures.last().expect("a kind has a figure").clone();
                (
                    kind,
                    ReconciledFigures {
                        n_independent_figures: figures.len(),
                        figures,
                        conservative,
                        range: (low, high),
                        latest,
                    },
                )
            })
            .collect()
    }

    fn open_cluster(&mut self, id: i64, founder: &Member) {
        let anchor = self.clusterable_days(founder);
        if let Some((first, _)) = anchor {
            for key in block_keys(founder) {
                self.blocks.entry(key).or_default().insert((first, id));
            }
        }
        self.clusters.insert(
            id,
            Cluster {
                members: Vec::new(),
                anchor,
            },
        );
    }

    /// The event's days, when they are precise enough to cluster on and it
    /// has a known actor.
    fn clusterable_days(&self, member: &Member) -> Option<(NaiveDate, NaiveDate)> {
        let (first, last) = member.facts.days?;
        let precise = (last - first).num_days() <= self.config.max_date_span_days;
        let has_actor = member.source.is_some() || member.target.is_some();
        (precise && has_actor).then_some((first, last))
    }

    fn best_cluster(&self, member: &Member) -> Option<i64> {
        let (first, last) = self.clusterable_days(member)?;
        let window = chrono::Days::new(
            (self.config.date_window_days + self.config.max_date_span_days) as u64,
        );
        let low = first.checked_sub_days(window).unwrap_or(NaiveDate::MIN);
        let high = last
            .checked_add_days(chrono::Days::new(self.config.date_window_days as u64))
            .unwrap_or(NaiveDate::MAX);
        let mut best: Option<(i64, i64)> = None;
        let mut seen: HashSet<i64> = HashSet::new();
        for key in block_keys(member) {
            let Some(block) = self.blocks.get(&key) else {
                continue;
            };
            for &(_, id) in block.range((low, i64::MIN)..=(high, i64::MAX)) {
                if !seen.insert(id) {
                    continue;
                }
                if let Some(score) = self.fit(&self.clusters[&id], member, (first, last)) {
                    // Higher score wins; among equals, the older cluster.
                    if best.is_none_or(|(top, top_id)| (score, -id) > (top, -top_id)) {
                        best = Some((score, id));
                    }
                }
            }
        }
        best.map(|(_, id)| id)
    }

    /// How well an event fits a cluster, or `None` when it does not.
    fn fit(&self, cluster: &Cluster, member: &Member, days: (NaiveDate, NaiveDate)) -> Option<i64> {
        let (anchor_first, anchor_last) = cluster.anchor?;
        let founder = cluster.members.first()?;
        let window = self.config.date_window_days;
        let before = (anchor_first - days.1).num_days();
        let after = (days.0 - anchor_last).num_days();
        if before > window || after > window {
            return None;
        }
        let same_root = founder.root() == member.root();
        let same_plover = founder.facts.plover_type.is_some()
            && founder.facts.plover_type == member.facts.plover_type;
        if !same_root && !same_plover {
            return None;
        }
        let mut score = i64::from(same_root) - before.max(after).max(0);
        for (ours, theirs) in [
            (&member.source, &founder.source),
            (&member.target, &founder.target),
        ] {
            if let (Some(ours), Some(theirs)) = (ours, theirs) {
                if ours.who != theirs.who {
                    return None;
                }
                score += 2 + i64::from(ours.sector.is_some() && ours.sector == theirs.sector);
            }
        }
        let places = cluster
            .members
            .iter()
            .filter_map(|m| m.facts.place.as_ref());
        if let Some(place) = &member.facts.place {
            let mut any = false;
            let mut near = false;
            for theirs in places {
                any = true;
                if self.places_agree(place, theirs) {
                    near = true;
                    break;
                }
            }
            if any && !near {
                return None;
            }
            score += 2 * i64::from(near);
        }
        Some(score)
    }

    fn places_agree(&self, a: &PlaceFacts, b: &PlaceFacts) -> bool {
        if (a.broad || b.broad) && a.country_code == b.country_code {
            return true;
        }
        a.geonameid.is_some() && a.geonameid == b.geonameid
            || haversine_km(a.lat, a.lon, b.lat, b.lon) <= self.config.max_distance_km
    }

    /// Clusters that name another perpetrator for the same target, at a
    /// place near this one, on the same days: each contradicts the other.
    fn rivals(&self, id: i64) -> Vec<i64> {
        let cluster = &self.clusters[&id];
        let (Some(founder), Some((first, last))) = (cluster.members.first(), cluster.anchor) else {
            return Vec::new();
        };
        let (Some(source), Some(target), Some(place)) =
            (&founder.source, &founder.target, &founder.facts.place)
        else {
            return Vec::new();
        };
        let window = chrono::Days::new(self.config.date_window_days as u64);
        let low = first.checked_sub_days(window).unwrap_or(NaiveDate::MIN);
        let high = last.checked_add_days(window).unwrap_or(NaiveDate::MAX);
        let mut rivals = BTreeSet::new();
        for kind in founder.kinds() {
            let Some(block) = self.blocks.get(&(kind, Side::Target, target.who.clone())) else {
                continue;
            };
            for &(_, other) in block.range((low, i64::MIN)..=(high, i64::MAX)) {
                let Some(rival) = self.clusters[&other].members.first() else {
                    continue;
                };
                let conflicting = other != id
                    && rival.target.as_ref().map(|t| &t.who) == Some(&target.who)
                    && rival.source.as_ref().is_some_and(|s| s.who != source.who)
                    && rival
                        .facts
                        .place
                        .as_ref()
                        .is_some_and(|theirs| self.places_agree(place, theirs))
                    && !is_symmetric(&founder.facts.cameo)
                    && !is_symmetric(&rival.facts.cameo);
                if conflicting {
                    rivals.insert(other);
                }
            }
        }
        rivals.into_iter().collect()
    }
}

fn block_keys(member: &Member) -> Vec<BlockKey> {
    let mut keys = Vec::new();
    for kind in member.kinds() {
        if let Some(source) = &member.source {
            keys.push((kind.clone(), Side::Source, source.who.clone()));
        }
        if let Some(target) = &member.target {
            keys.push((kind, Side::Target, target.who.clone()));
        }
    }
    keys
}

/// The commonest value; ties go to the first seen.
fn mode(values: impl Iterator<Item = String>) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for value in values {
        match counts.iter_mut().find(|(v, _)| *v == value) {
            Some((_, n)) => *n += 1,
            None => counts.push((value, 1)),
        }
    }
    let top = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == top).map(|(v, _)| v)
}

/// The commonest precise place, else the commonest broad one.
fn cluster_place(members: &[Member]) -> Option<PlaceFacts> {
    for broad in [false, true] {
        let places: Vec<&PlaceFacts> = members
            .iter()
            .filter_map(|m| m.facts.place.as_ref())
            .filter(|p| p.broad == broad)
            .collect();
        let name = mode(places.iter().map(|p| p.name.clone()));
        if let Some(name) = name {
            return places.into_iter().find(|p| p.name == name).cloned();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    const ALEPPO: (f64, f64) = (36.2021, 37.1343);

    fn place(name: &str, (lat, lon): (f64, f64), broad: bool) -> Option<PlaceFacts> {
        Some(PlaceFacts {
            name: name.to_string(),
            geonameid: None,
            lat,
            lon,
            country_code: "SY".to_string(),
            broad,
        })
    }

    struct Corpus {
        index: ClusterIndex,
        next_event: i64,
    }

    impl Corpus {
        fn new() -> Corpus {
            Corpus {
                index: ClusterIndex::new(ClusterConfig::default(), 1),
                next_event: 1,
            }
        }

        fn doc(&mut self, key: i64, group: i64, domain: &str, published: u32) {
            self.index.add_document(DocumentFacts {
                key,
                id: format!("doc{key}"),
                syndication_group: group,
                domain: Some(domain.to_string()),
                published: Some(day(published)),
            });
        }

        fn event(&mut self, doc_key: i64, event: EventFacts) -> i64 {
            let key = self.next_event;
            self.next_event += 1;
            self.index.add_event(EventFacts {
                key,
                doc_key,
                ..event
            })
        }
    }

    fn bombing(source: &str, certainty: &str, on: u32) -> EventFacts {
        EventFacts {
            key: 0,
            doc_key: 0,
            index: 0,
            claim: Some(0),
            source: Some(source.to_string()),
            target: Some("IGOUNO".to_string()),
            cameo: "195".to_string(),
            plover_type: Some("ASSAULT".to_string()),
            days: Some((day(on), day(on))),
            place: place("Aleppo", ALEPPO, false),
            certainty: Some(certainty.to_string()),
            holder: None,
            negated: false,
            figures: Vec::new(),
        }
    }

    #[test]
    fn wire_copies_count_once_and_a_denial_contradicts() {
        let mut corpus = Corpus::new();
        // The wire story and two reprints: one syndication group.
        corpus.doc(1, 1, "wire.example", 11);
        corpus.doc(2, 1, "daily-a.example", 11);
        corpus.doc(3, 1, "daily-b.example", 12);
        // An independent witness report, and a follow-up from the same outlet.
        corpus.doc(4, 4, "herald.example", 12);
        corpus.doc(5, 5, "herald.example", 13);
        // A denial.
        corpus.doc(6, 6, "gazette.example", 12);
        let mut ids = Vec::new();
        for doc in 1..=5 {
            ids.push(corpus.event(doc, bombing("RUSMIL", "asserted", 10)));
        }
        ids.push(corpus.event(
            6,
            EventFacts {
                holder: Some("Russia's defence ministry".to_string()),
                ..bombing("RUSMIL", "denied", 10)
            },
        ));
        assert!(ids.iter().all(|&id| id == ids[0]), "{ids:?}");
        let summary = corpus.index.take_changed().pop().unwrap();
        assert_eq!(summary.documents.len(), 6);
        assert_eq!(summary.independent_sources, 2);
        assert_eq!(summary.syndication_groups[0], ["doc1", "doc2", "doc3"]);
        assert_eq!(summary.corroborating.len(), 5);
        assert_eq!(summary.contradicting.len(), 1);
        assert_eq!(summary.contradicting[0].doc, "doc6");
        assert_eq!(summary.contradicting[0].reason.as_deref(), Some("denied"));
        assert_eq!(summary.first_reported.unwrap().doc, "doc1");
        assert_eq!(summary.certainty_mix["denied"], 1);
        assert!(corpus.index.take_changed().is_empty());
    }

    fn killed(low: u64, high: Option<u64>, text: &str, certainty: &str) -> FigureFacts {
        FigureFacts {
            kind: "killed".to_string(),
            low,
            high,
            text: text.to_string(),
            certainty: Some(certainty.to_string()),
            holder: None,
        }
    }

    #[test]
    fn figures_from_independent_sources_are_reconciled_and_copies_count_once() {
        let mut corpus = Corpus::new();
        corpus.doc(1, 1, "ministry-wire.example", 11);
        corpus.doc(2, 1, "reprint.example", 12); // a syndicated copy of 1
        corpus.doc(3, 3, "medics-daily.example", 11);
        corpus.doc(4, 4, "observer.example", 13);
        corpus.doc(5, 5, "rumours.example", 12);
        let with = |figure: FigureFacts| EventFacts {
            figures: vec![figure],
            ..bombing("RUSMIL", "asserted", 10)
        };
        corpus.event(1, with(killed(27, Some(33), "about 30", "reported")));
        corpus.event(2, with(killed(27, Some(33), "about 30", "reported")));
        corpus.event(3, with(killed(12, None, "at least a dozen", "reported")));
        corpus.event(4, with(killed(40, Some(40), "40", "asserted")));
        // A speculative figure is listed but is not credible enough to be
        // the conservative estimate.
        corpus.event(5, with(killed(5, Some(5), "perhaps five", "speculative")));
        let summary = corpus.index.take_changed().pop().unwrap();
        let killed = &summary.magnitudes["killed"];
        assert_eq!(killed.n_independent_figures, 4);
        assert_eq!(killed.figures[0].doc, "doc1");
        assert_eq!(killed.figures[0].copies, ["doc2"]);
        assert_eq!(killed.conservative, Some(12));
        assert_eq!(killed.range, (5, 40));
        assert_eq!(killed.latest.figure.text, "40");
    }

    #[test]
    fn different_place_days_dyad_or_kind_make_new_clusters() {
        let mut corpus = Corpus::new();
        for key in 1..=6 {
            corpus.doc(key, key, &format!("outlet{key}.example"), 12);
        }
        let base = corpus.event(1, bombing("RUSMIL", "asserted", 10));
        let damascus = EventFacts {
            place: place("Damascus", (33.5102, 36.2913), false),
            ..bombing("RUSMIL", "asserted", 10)
        };
        assert_ne!(corpus.event(2, damascus), base);
        assert_ne!(corpus.event(3, bombing("RUSMIL", "asserted", 20)), base);
        assert_ne!(corpus.event(4, bombing("USAMIL", "asserted", 10)), base);
        let protest = EventFacts {
            cameo: "141".to_string(),
            plover_type: Some("PROTEST".to_string()),
            ..bombing("RUSMIL", "asserted", 10)
        };
        assert_ne!(corpus.event(5, protest), base);
        // Country-level place, other sector, date two days off: same event.
        let vaguer = EventFacts {
            source: Some("RUS".to_string()),
            cameo: "190".to_string(),
            place: place("Syria", (35.0, 38.0), true),
            ..bombing("RUS", "reported", 12)
        };
        assert_eq!(corpus.event(6, vaguer), base);
    }

    #[test]
    fn another_perpetrator_for_the_same_strike_is_a_contradiction() {
        let mut corpus = Corpus::new();
        corpus.doc(1, 1, "a.example", 11);
        corpus.doc(2, 2, "b.example", 11);
        let russian = corpus.event(1, bombing("RUSMIL", "asserted", 10));
        let syrian = corpus.event(2, bombing("SYRMIL", "asserted", 10));
        assert_ne!(russian, syrian);
        let summaries = corpus.index.take_changed();
        for summary in &summaries {
            assert_eq!(summary.contradicting.len(), 1, "{summary:?}");
            assert_eq!(
                summary.contradicting[0].reason.as_deref(),
                Some("conflicting_perpetrator")
            );
        }
        assert_eq!(summaries[0].contradicting[0].cluster, Some(syrian));
    }

    #[test]
    fn symmetric_codes_ignore_the_order_of_sides() {
        let mut corpus = Corpus::new();
        corpus.doc(1, 1, "a.example", 11);
        corpus.doc(2, 2, "b.example", 11);
        let meeting = |source: &str, target: &str| EventFacts {
            source: Some(source.to_string()),
            target: Some(target.to_string()),
            cameo: "040".to_string(),
            plover_type: None,
            place: None,
            ..bombing("X", "asserted", 10)
        };
        let a = corpus.event(1, meeting("BRA", "ARG"));
        let b = corpus.event(2, meeting("ARG", "BRA"));
        assert_eq!(a, b);
    }

    #[test]
    fn undated_events_and_restored_clusters() {
        let mut corpus = Corpus::new();
        corpus.doc(1, 1, "a.example", 11);
        corpus.doc(2, 2, "b.example", 11);
        let undated = EventFacts {
            days: None,
            ..bombing("RUSMIL", "asserted", 10)
        };
        let a = corpus.event(1, undated.clone());
        let b = corpus.event(2, undated);
        assert_ne!(a, b);

        // A resumed index continues numbering and finds the stored cluster.
        let mut resumed = ClusterIndex::new(ClusterConfig::default(), 1);
        for key in [1, 2] {
            resumed.add_document(DocumentFacts {
                key,
                id: format!("doc{key}"),
                syndication_group: key,
                domain: Some(format!("o{key}.example")),
                published: Some(day(11)),
            });
        }
        resumed.restore_event(
            EventFacts {
                key: 1,
                doc_key: 1,
                ..bombing("RUSMIL", "asserted", 10)
            },
            7,
        );
        assert_eq!(resumed.next_id(), 8);
        let joined = resumed.add_event(EventFacts {
            key: 2,
            doc_key: 2,
            ..bombing("RUS", "asserted", 11)
        });
        assert_eq!(joined, 7);
        assert_eq!(resumed.take_changed()[0].independent_sources, 2);
    }
}
