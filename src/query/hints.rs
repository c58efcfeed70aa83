//! "Did you mean": after a query found nothing, names the labels, relationship types and
//! property keys it used that the graph does not have, with the closest existing ones.

use super::ast::{Clause, Expr, PatternPart, Query};
use crate::graph::KnowledgeGraph;
use std::collections::BTreeSet;

/// Levenshtein distance on lower-cased characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The known name closest to `name`, when it is close enough to be a likely typo.
pub fn closest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(2);
    known
        .into_iter()
        .map(|k| (edit_distance(name, k), k))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, k)| k)
}

#[derive(Default)]
struct Used {
    labels: BTreeSet<String>,
    types: BTreeSet<String>,
    keys: BTreeSet<String>,
}

fn part(p: &PatternPart, used: &mut Used) {
    for n in &p.element.nodes {
        used.labels.extend(n.labels.iter().cloned());
        if let Some(props) = &n.props {
            expr(props, used);
            if let Expr::Map(entries) = props {
                used.keys.extend(entries.iter().map(|(k, _)| k.clone()));
            }
        }
    }
    for r in &p.element.rels {
        used.types.extend(r.types.iter().cloned());
        if let Some(Expr::Map(entries)) = &r.props {
            used.keys.extend(entries.iter().map(|(k, _)| k.clone()));
        }
    }
}

fn expr(e: &Expr, used: &mut Used) {
    e.walk(&mut |x| {
        match x {
            Expr::Property(base, key) if !matches!(base.as_ref(), Expr::Map(_)) => {
                used.keys.insert(key.clone());
            }
            Expr::HasLabels(_, labels) => used.labels.extend(labels.iter().cloned()),
            Expr::PatternPredicate(p) => part(p, used),
            Expr::PatternComprehension { part: p, .. } => part(p, used),
            _ => {}
        }
        true
    });
}

/// Warnings for names in a read query that the graph does not have.
pub fn unknown_names(query: &Query, graph: &KnowledgeGraph) -> Vec<String> {
    if graph.node_count() == 0 {
        return Vec::new();
    }
    let mut used = Used::default();
    for clause in &query.clauses {
        match clause {
            Clause::Match {
                pattern, where_, ..
            } => {
                pattern.iter().for_each(|p| part(p, &mut used));
                if let Some(w) = where_ {
                    expr(w, &mut used);
                }
            }
            Clause::With { projection, where_ } => {
                projection
                    .items
                    .iter()
                    .for_each(|i| expr(&i.expr, &mut used));
                if let Some(w) = where_ {
                    expr(w, &mut used);
                }
            }
            Clause::Return(projection) => {
                projection
                    .items
                    .iter()
                    .for_each(|i| expr(&i.expr, &mut used));
            }
            Clause::Unwind { expr: e, .. } => expr(e, &mut used),
            // Updating queries make their own names.
            Clause::Create(_) | Clause::Merge(_) | Clause::Unsupported(_) => return Vec::new(),
        }
    }
    let mut out = Vec::new();
    let labels = graph.labels();
    for l in &used.labels {
        if graph.nodes_with_label(l).is_empty() {
            let hint = closest(l, labels.iter().copied())
                .map(|c| format!("; did you mean :{c}?"))
                .unwrap_or_default();
            out.push(format!("the graph has no label :{l}{hint}"));
        }
    }
    let types = graph.rel_types();
    for t in &used.types {
        if graph.edges_of_type(t).is_empty() {
            let hint = closest(t, types.iter().copied())
                .map(|c| format!("; did you mean :{c}?"))
                .unwrap_or_default();
            out.push(format!("the graph has no relationship type :{t}{hint}"));
        }
    }
    if !used.keys.is_empty() {
        let mut keys: BTreeSet<String> = BTreeSet::new();
        for set in graph.node_property_keys().into_values() {
            keys.extend(set);
        }
        for set in graph.edge_property_keys().into_values() {
            keys.extend(set);
        }
        // Keys of nodes without labels are not in the per-label index: look at a sample.
        for id in graph.node_ids().take(10_000) {
            keys.extend(graph.node(id).props().map(|(k, _)| k.to_string()));
        }
        for k in &used.keys {
            if !keys.contains(k) {
                let hint = closest(k, keys.iter().map(String::as_str))
                    .map(|c| format!("; did you mean .{c}?"))
                    .unwrap_or_default();
                out.push(format!(
                    "no node or relationship has the property .{k}{hint}"
                ));
            }
        }
    }
    out
}
