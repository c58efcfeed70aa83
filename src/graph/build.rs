//! Facts → graph: turns per-document extraction results into nodes and relationships with
//! stable keys, merges entities and events seen in several documents, and derives `MET`
//! relationships from meeting events. Input order does not matter: documents are sorted by id
//! first, so building from documents or from fact files gives the same graph.

use super::model::{DocumentRecord, NodeId, PropValue, Source};
use super::store::KnowledgeGraph;
use crate::extract::facts::{DocumentFacts, EntityLabel, EntityRecord, Evidence};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Event kinds that mean the participants met in person; `MET` is derived from these only
/// (calls, visits without a host, agreements are kept as events but are not meetings).
pub const MEETING_KINDS: &[&str] = &["meeting", "talks", "negotiations", "summit", "discussions"];

/// Event statuses under which no meeting took place or is planned.
pub const NON_MEETING_STATUSES: &[&str] = &[
    "cancelled",
    "refused",
    "denied",
    "negated",
    "hypothetical",
    "figurative",
    "alleged",
];

/// Builds a graph from the facts of many documents.
pub fn build(docs: Vec<DocumentFacts>) -> KnowledgeGraph {
    let mut graph = KnowledgeGraph::new();
    add_documents(&mut graph, docs);
    graph
}

/// Lower-case ASCII-alphanumeric slug with '-' between words; non-ASCII letters are kept.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

fn default_key(label: EntityLabel, name: &str) -> String {
    format!("{}:{}", label.as_str().to_lowercase(), slug(name))
}

/// Identity of one entity record: (document index in the sorted batch, local id).
type RecordRef = (usize, u32);

/// Adds documents' facts to an existing graph (used by `build` and by the REPL's `:load`).
pub fn add_documents(graph: &mut KnowledgeGraph, mut docs: Vec<DocumentFacts>) {
    docs.sort_by(|a, b| a.document.id.cmp(&b.document.id));
    let doc_index: Vec<u32> = docs
        .iter()
        .map(|d| graph.add_document(summary_to_record(d)))
        .collect();

    let keys = assign_keys(graph, &docs);

    // Nodes: one per key, enriched by every record mapped to it.
    let mut aliases: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (di, doc) in docs.iter().enumerate() {
        let doc_key = format!("document:{}", slug(&doc.document.id));
        let doc_node = graph.add_node(&doc_key, &["Document"]);
        graph.set_node_prop(doc_node, "id", Some(doc.document.id.clone().into()));
        for (field, value) in [
            ("title", &doc.document.title),
            ("date", &doc.document.date),
            ("source", &doc.document.source),
            ("byline", &doc.document.byline),
        ] {
            if let Some(v) = value {
                graph.set_node_prop(doc_node, field, Some(v.clone().into()));
            }
        }
        for entity in &doc.entities {
            let key = &keys[&(di, entity.id)];
            let node = graph.add_node(key, &[entity.label.as_str()]);
            let sources: Vec<Source> = entity
                .mentions
                .iter()
                .map(|ev| text_source(doc_index[di], ev))
                .collect();
            if graph.node(node).prop("name").is_none() {
                graph.set_node_prop(node, "name", Some(entity.name.clone().into()));
            }
            if let Some(kind) = &entity.kind {
                if graph.node(node).prop("kind").is_none() {
                    graph.set_node_prop(node, "kind", Some(kind.clone().into()));
                }
            }
            for (k, v) in &entity.props {
                if graph.node(node).prop(k).is_none() {
                    graph.set_node_prop(node, k, Some(v.clone()));
                }
            }
            let set = aliases.entry(key.clone()).or_default();
            set.insert(entity.name.clone());
            set.extend(entity.aliases.iter().cloned());
            graph.add_node_sources(node, sources.iter().cloned());
            let mentions = graph.add_edge(doc_node, node, "MENTIONS");
            graph.set_edge_prop(
                mentions,
                "count",
                Some(PropValue::Int(entity.mentions.len() as i64)),
            );
            graph.add_edge_sources(mentions, sources);
        }
    }
    for (key, mut names) in aliases {
        let node = graph.find_by_key(&key).expect("node added above");
        if let Some(existing) = graph.node(node).prop("aliases") {
            names.extend(existing.str_items().into_iter().map(str::to_string));
        }
        let name = graph.node(node).name().to_string();
        names.remove(&name);
        if !names.is_empty() {
            let list: Vec<String> = names.into_iter().collect();
            graph.set_node_prop(node, "aliases", Some(list.into()));
        }
    }

    // Relationships, de-duplicated on (from, to, type, props): repeats only add sources.
    let mut edge_index: HashMap<(NodeId, NodeId, String, String), super::model::EdgeId> =
        HashMap::new();
    for (di, doc) in docs.iter().enumerate() {
        for fact in &doc.facts {
            let (Some(from), Some(to)) = (keys.get(&(di, fact.from)), keys.get(&(di, fact.to)))
            else {
                continue;
            };
            let from = graph.find_by_key(from).expect("keyed node");
            let to = graph.find_by_key(to).expect("keyed node");
            if from == to {
                continue;
            }
            let identity = (from, to, fact.rel_type.clone(), format!("{:?}", fact.props));
            let edge = *edge_index.entry(identity).or_insert_with(|| {
                let e = graph.add_edge(from, to, &fact.rel_type);
                for (k, v) in &fact.props {
                    graph.set_edge_prop(e, k, Some(v.clone()));
                }
                e
            });
            graph.add_edge_sources(edge, [text_source(doc_index[di], &fact.evidence)]);
        }
    }
    derive_meetings(graph);
}

fn summary_to_record(doc: &DocumentFacts) -> DocumentRecord {
    let d = &doc.document;
    DocumentRecord {
        id: d.id.clone(),
        title: d.title.clone(),
        date: d.date.clone(),
        source: d.source.clone(),
        byline: d.byline.clone(),
        path: d.path.clone(),
        sentences: d.sentences.iter().map(|s| s.text.clone()).collect(),
        sentence_starts: d.sentences.iter().map(|s| s.start).collect(),
    }
}

fn text_source(doc: u32, ev: &Evidence) -> Source {
    Source::Text {
        doc,
        sentence: ev.sentence,
        start: ev.start,
        end: ev.end,
        rule: ev.rule.to_string(),
    }
}

/// Gives every entity record its graph key: the lexicon's key when it has one, the key of a
/// longer name it is a short form of (a lone surname, an alias) when that is unambiguous, the
/// merged key for events that are the same happening, and otherwise label + name.
fn assign_keys(graph: &KnowledgeGraph, docs: &[DocumentFacts]) -> HashMap<RecordRef, String> {
    let mut keys: HashMap<RecordRef, String> = HashMap::new();

    // Full names known across the batch and the existing graph, per label.
    let mut by_surface: HashMap<(EntityLabel, String), BTreeSet<String>> = HashMap::new();
    let mut by_last_token: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut note = |label: EntityLabel, surface: &str, key: &str| {
        by_surface
            .entry((label, surface.to_lowercase()))
            .or_default()
            .insert(key.to_string());
    };
    for label in [
        EntityLabel::Person,
        EntityLabel::Organization,
        EntityLabel::Place,
        EntityLabel::Topic,
    ] {
        for &id in graph.nodes_with_label(label.as_str()) {
            let node = graph.node(id);
            note(label, node.name(), node.key());
            if let Some(a) = node.prop("aliases") {
                for alias in a.str_items() {
                    note(label, alias, node.key());
                }
            }
        }
    }
    for (di, doc) in docs.iter().enumerate() {
        for e in &doc.entities {
            if e.label == EntityLabel::Event {
                continue;
            }
            let key = e
                .key
                .clone()
                .unwrap_or_else(|| default_key(e.label, &e.name));
            keys.insert((di, e.id), key.clone());
            note(e.label, &e.name, &key);
            for alias in &e.aliases {
                note(e.label, alias, &key);
            }
        }
    }
    for ((label, _), set) in by_surface.iter() {
        if *label == EntityLabel::Person {
            for key in set {
                if let Some(last) = key.rsplit('-').next() {
                    if key.contains('-') {
                        by_last_token
                            .entry(last.to_string())
                            .or_default()
                            .insert(key.clone());
                    }
                }
            }
        }
    }

    // Short forms: a record whose own key is not a full name known elsewhere maps to the one
    // longer entity that carries its name as an alias, or (persons) whose surname it is.
    for (di, doc) in docs.iter().enumerate() {
        for e in &doc.entities {
            if e.label == EntityLabel::Event || e.key.is_some() {
                continue;
            }
            let own = keys[&(di, e.id)].clone();
            let candidates: Vec<&String> = by_surface
                .get(&(e.label, e.name.to_lowercase()))
                .map(|s| s.iter().filter(|k| **k != own).collect())
                .unwrap_or_default();
            let target = if candidates.len() == 1 {
                Some(candidates[0].clone())
            } else if e.label == EntityLabel::Person && !e.name.trim().contains(' ') {
                by_last_token
                    .get(&slug(&e.name))
                    .filter(|s| s.len() == 1 && !s.contains(&own))
                    .and_then(|s| s.iter().next().cloned())
            } else {
                None
            };
            if let Some(t) = target {
                keys.insert((di, e.id), t);
            }
        }
    }

    assign_event_keys(graph, docs, &mut keys);
    keys
}

/// What identifies a happening across documents: its kind family, place, date, participants.
struct EventSketch {
    record: RecordRef,
    family: &'static str,
    /// Every place the event was held in (a city and a venue in it, say).
    places: BTreeSet<String>,
    date: Option<String>,
    /// The mood extraction gave it ("held", "scheduled", "past", ...), if any.
    status: Option<String>,
    participants: BTreeSet<String>,
    name: String,
}

fn kind_family(kind: Option<&str>) -> &'static str {
    match kind {
        Some(k) if MEETING_KINDS.contains(&k) => "meeting",
        Some("visit") | Some("state visit") | Some("trip") => "visit",
        Some("call") => "call",
        Some("agreement") | Some("deal") => "agreement",
        _ => "event",
    }
}

fn assign_event_keys(
    graph: &KnowledgeGraph,
    docs: &[DocumentFacts],
    keys: &mut HashMap<RecordRef, String>,
) {
    let mut sketches: Vec<EventSketch> = Vec::new();
    for (di, doc) in docs.iter().enumerate() {
        let by_id: HashMap<u32, &EntityRecord> = doc.entities.iter().map(|e| (e.id, e)).collect();
        for e in doc
            .entities
            .iter()
            .filter(|e| e.label == EntityLabel::Event)
        {
            let mut sketch = EventSketch {
                record: (di, e.id),
                family: kind_family(e.kind.as_deref()),
                places: BTreeSet::new(),
                date: e
                    .props
                    .get("date")
                    .and_then(PropValue::as_str)
                    .map(str::to_string),
                status: e
                    .props
                    .get("status")
                    .and_then(PropValue::as_str)
                    .map(str::to_string),
                participants: BTreeSet::new(),
                name: e.name.clone(),
            };
            for f in &doc.facts {
                if f.rel_type == "HELD_IN" && f.from == e.id {
                    if let Some(k) = keys.get(&(di, f.to)) {
                        sketch.places.insert(k.clone());
                    }
                }
                if f.rel_type == "PARTICIPATED_IN" && f.to == e.id {
                    if let (Some(k), Some(p)) = (keys.get(&(di, f.from)), by_id.get(&f.from)) {
                        if p.label != EntityLabel::Event {
                            sketch.participants.insert(k.clone());
                        }
                    }
                }
            }
            sketches.push(sketch);
        }
    }

    // Union-find over sketches that describe the same happening.
    let mut parent: Vec<usize> = (0..sketches.len()).collect();
    fn find(parent: &mut [usize], i: usize) -> usize {
        let mut i = i;
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    // An event nobody is named in ("the Geneva meeting") matches any event at its place, so
    // it must not join two that share nobody through it: such events are merged among
    // themselves first, then each group into the one happening with participants it matches,
    // if there is exactly one.
    let same_happening = |i: usize, j: usize| -> bool {
        let (a, b) = (&sketches[i], &sketches[j]);
        if a.family != b.family {
            return false;
        }
        // Extraction already compared the events of one document: two it kept apart in
        // different moods stay apart ("met this week" and "will host next month"; "received
        // X on Tuesday" and "hosted Y there in 2019"), and so does an earlier, refused or
        // cancelled one from one whose mood is not known.
        let open = |s: &Option<String>| {
            s.as_deref()
                .map_or(true, |s| s == "held" || s == "scheduled")
        };
        if a.record.0 == b.record.0
            && a.status != b.status
            && ((a.status.is_some() && b.status.is_some()) || !(open(&a.status) && open(&b.status)))
        {
            return false;
        }
        // Nor does one that did not take place join one that did from another document ("a
        // visit by X, who had been scheduled to meet Y in Caracas, was cancelled" is not the
        // talks another report saw held in Caracas): the participants of the one undone would
        // be counted as having met.
        let undone = |s: &Option<String>| {
            s.as_deref()
                .is_some_and(|s| NON_MEETING_STATUSES.contains(&s))
        };
        if undone(&a.status) != undone(&b.status) {
            return false;
        }
        let dates_ok = match (&a.date, &b.date) {
            (Some(x), Some(y)) => x == y,
            _ => true,
        };
        // Participants in common: two of them, or one side's all within the other's. One
        // host in common is not enough: a president receives many guests at one palace
        // ("X met Trump at the White House" and "Y met Trump at the White House").
        let shared = a.participants.intersection(&b.participants).count();
        let overlap = shared >= 2
            || (shared == 1
                && (a.participants.is_subset(&b.participants)
                    || b.participants.is_subset(&a.participants)));
        if !a.places.is_empty() && !b.places.is_empty() {
            !a.places.is_disjoint(&b.places)
                && dates_ok
                && (overlap || a.participants.is_empty() || b.participants.is_empty())
        } else {
            dates_ok
                && !a.participants.is_empty()
                && a.participants == b.participants
                && (a.places.is_empty() == b.places.is_empty())
        }
    };
    let unnamed = |i: usize| sketches[i].participants.is_empty();
    let union = |parent: &mut Vec<usize>, i: usize, j: usize| {
        let (ri, rj) = (find(parent, i), find(parent, j));
        if ri != rj {
            parent[rj.max(ri)] = rj.min(ri);
        }
    };
    for i in 0..sketches.len() {
        for j in (i + 1)..sketches.len() {
            if unnamed(i) == unnamed(j) && same_happening(i, j) {
                union(&mut parent, i, j);
            }
        }
    }
    let roots: Vec<usize> = (0..sketches.len()).map(|k| find(&mut parent, k)).collect();
    let mut unnamed_groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in (0..sketches.len()).filter(|&i| unnamed(i)) {
        unnamed_groups.entry(roots[i]).or_default().push(i);
    }
    for (i, members) in unnamed_groups {
        let mut targets: BTreeSet<usize> = BTreeSet::new();
        for j in (0..sketches.len()).filter(|&j| !unnamed(j)) {
            if members.iter().any(|&m| same_happening(m, j)) {
                targets.insert(roots[j]);
            }
        }
        if targets.len() == 1 {
            let target = *targets.iter().next().expect("one target");
            union(&mut parent, i, target);
        }
    }
    let mut taken: BTreeSet<String> = graph
        .nodes_with_label("Event")
        .iter()
        .map(|id| graph.node(*id).key().to_string())
        .collect();
    let mut root_key: HashMap<usize, String> = HashMap::new();
    for i in 0..sketches.len() {
        let root = find(&mut parent, i);
        let key = root_key
            .entry(root)
            .or_insert_with(|| {
                let base = format!("event:{}", slug(&sketches[root].name));
                let mut key = base.clone();
                let mut n = 2;
                while taken.contains(&key) {
                    key = format!("{base}-{n}");
                    n += 1;
                }
                taken.insert(key.clone());
                key
            })
            .clone();
        keys.insert(sketches[i].record, key);
    }
}

/// Derives `MET` between every pair of persons/organisations that took part in one meeting
/// event, carrying the event's place, date and status, and citing the participation evidence.
fn derive_meetings(graph: &mut KnowledgeGraph) {
    let events: Vec<NodeId> = graph.nodes_with_label("Event").to_vec();
    let participated = graph.symbol("PARTICIPATED_IN");
    let held_in = graph.symbol("HELD_IN");
    for event in events {
        let node = graph.node(event);
        let kind = node.prop("kind").and_then(PropValue::as_str).unwrap_or("");
        let status = node
            .prop("status")
            .and_then(PropValue::as_str)
            .unwrap_or("");
        if !MEETING_KINDS.contains(&kind) || NON_MEETING_STATUSES.contains(&status) {
            continue;
        }
        let Some(participated) = participated else {
            return;
        };
        let mut participants: BTreeMap<String, (NodeId, Vec<Source>)> = BTreeMap::new();
        for (edge, other) in graph.expand(event, super::Direction::Incoming, Some(participated)) {
            let p = graph.node(other);
            if !p.labels().any(|l| l == "Person" || l == "Organization") {
                continue;
            }
            let entry = participants
                .entry(p.key().to_string())
                .or_insert((other, Vec::new()));
            entry.1.extend(graph.edge(edge).sources().iter().cloned());
        }
        let place = held_in.and_then(|h| {
            graph
                .expand(event, super::Direction::Outgoing, Some(h))
                .next()
                .map(|(_, p)| graph.node(p).name().to_string())
        });
        let date = node.prop("date").cloned();
        let event_name = node.name().to_string();
        let status = (!status.is_empty()).then(|| status.to_string());
        let list: Vec<(NodeId, Vec<Source>)> = participants.into_values().collect();
        for i in 0..list.len() {
            for j in (i + 1)..list.len() {
                let existing = graph
                    .expand(list[i].0, super::Direction::Both, graph.symbol("MET"))
                    .find(|(e, other)| {
                        *other == list[j].0
                            && graph.edge(*e).prop("event").and_then(PropValue::as_str)
                                == Some(event_name.as_str())
                    })
                    .map(|(e, _)| e);
                let edge = match existing {
                    Some(e) => e,
                    None => graph.add_edge(list[i].0, list[j].0, "MET"),
                };
                if let Some(p) = &place {
                    graph.set_edge_prop(edge, "place", Some(p.clone().into()));
                }
                if let Some(d) = &date {
                    graph.set_edge_prop(edge, "date", Some(d.clone()));
                }
                graph.set_edge_prop(edge, "event", Some(event_name.clone().into()));
                if let Some(s) = &status {
                    graph.set_edge_prop(edge, "status", Some(s.clone().into()));
                }
                let mut sources = list[i].1.clone();
                sources.extend(list[j].1.iter().cloned());
                sources.sort();
                sources.dedup();
                graph.add_edge_sources(edge, sources);
            }
        }
    }
}
