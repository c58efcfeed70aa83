//! Plain questions → Cypher text: resolves entity names against the name/alias index (with
//! "did you mean" suggestions and a list of candidates for ambiguous names) and fills the
//! query template of each question form. The result is parsed and run like any query, and
//! `EXPLAIN <question>` shows it.

use super::ast::Question;
use super::error::{ErrorKind, Phase, QueryError};
use crate::graph::build::NON_MEETING_STATUSES;
use crate::graph::{KnowledgeGraph, NodeId};

/// Labels a question's entity may carry (documents are never the subject of a question).
const ENTITY_LABELS: &[&str] = &["Person", "Organization", "Place", "Event", "Topic"];

/// The Cypher query a question stands for.
pub fn compile(question: &Question, graph: &KnowledgeGraph) -> Result<String, QueryError> {
    let not_cancelled = format!(
        "NOT coalesce(m.status, '') IN [{}]",
        NON_MEETING_STATUSES
            .iter()
            .map(|s| format!("'{s}'"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(match question {
        Question::WhoMetWhom { place, date } => {
            let mut ret = vec!["a.name AS who".to_string(), "b.name AS whom".to_string()];
            if *place {
                ret.push("join(places, ', ') AS `where`".into());
            }
            if *date {
                ret.push("join(dates, ', ') AS `when`".into());
            }
            ret.push("join(statuses, ', ') AS status".into());
            ret.push("sources(meetings) AS sources".into());
            format!(
                "MATCH (a:Person)-[m:MET]-(b:Person)\n\
                 WHERE (a.name < b.name OR (a.name = b.name AND id(a) < id(b))) AND {not_cancelled}\n\
                 WITH a, b, collect(m) AS meetings, collect(DISTINCT m.place) AS places, \
                 collect(DISTINCT m.date) AS dates, collect(DISTINCT m.status) AS statuses\n\
                 RETURN {}\n\
                 ORDER BY who, whom",
                ret.join(", ")
            )
        }
        Question::WhoMet(x) => {
            let (xid, xc) = resolve(graph, x)?;
            format!(
                "// x = {xc}\n\
                 MATCH (x)-[m:MET]-(p:Person)\n\
                 WHERE id(x) = {xid} AND p <> x AND {not_cancelled}\n\
                 WITH p, collect(m) AS meetings, collect(DISTINCT m.place) AS places, \
                 collect(DISTINCT m.date) AS dates\n\
                 RETURN p.name AS who, join(places, ', ') AS `where`, join(dates, ', ') AS `when`, \
                 sources(meetings) AS sources\n\
                 ORDER BY who"
            )
        }
        Question::WhereMet(x, y) | Question::WhenMet(x, y) => {
            let (xid, xc) = resolve(graph, x)?;
            let (yid, yc) = resolve(graph, y)?;
            let (key, other) = if matches!(question, Question::WhereMet(..)) {
                (
                    "m.place AS `where`",
                    "join(collect(DISTINCT m.date), ', ') AS `when`",
                )
            } else {
                (
                    "m.date AS `when`",
                    "join(collect(DISTINCT m.place), ', ') AS `where`",
                )
            };
            let order = if matches!(question, Question::WhereMet(..)) {
                "`where`"
            } else {
                "`when`"
            };
            format!(
                "// x = {xc}\n// y = {yc}\n\
                 MATCH (x)-[m:MET]-(y)\n\
                 WHERE id(x) = {xid} AND id(y) = {yid} AND {not_cancelled}\n\
                 RETURN {key}, {other}, sources(collect(m)) AS sources\n\
                 ORDER BY {order}"
            )
        }
        Question::WhoOwns(x) => {
            let (xid, xc) = resolve(graph, x)?;
            format!(
                "// x = {xc}\n\
                 MATCH (o)-[r:OWNS]->(x)\n\
                 WHERE id(x) = {xid}\n\
                 RETURN o.name AS owner, sources(collect(r)) AS sources\n\
                 ORDER BY owner"
            )
        }
        Question::WhatOwns(x) => {
            let (xid, xc) = resolve(graph, x)?;
            format!(
                "// x = {xc}\n\
                 MATCH (x)-[r:OWNS]->(o)\n\
                 WHERE id(x) = {xid}\n\
                 RETURN o.name AS owns, sources(collect(r)) AS sources\n\
                 ORDER BY owns"
            )
        }
        Question::WhoIs(x) => {
            let (xid, xc) = resolve(graph, x)?;
            format!(
                "// x = {xc}\n\
                 MATCH (x)\n\
                 WHERE id(x) = {xid}\n\
                 OPTIONAL MATCH (x)-[r:HOLDS_ROLE]->(o)\n\
                 WITH x, collect(DISTINCT coalesce(r.title, 'role') + ', ' + o.name) AS roles, \
                 collect(r) AS held\n\
                 RETURN x.name AS name, head(labels(x)) AS type, aliases(x) AS aliases, roles, \
                 CASE WHEN size(held) = 0 THEN sources(x) ELSE sources(held) END AS sources"
            )
        }
        Question::Connected(x, y) => {
            let (xid, xc) = resolve(graph, x)?;
            let (yid, yc) = resolve(graph, y)?;
            let types: Vec<&str> = graph
                .rel_types()
                .into_iter()
                .filter(|t| *t != "MENTIONS")
                .collect();
            if types.is_empty() {
                return Err(QueryError::new(
                    ErrorKind::EntityNotFound,
                    "NoRelationships",
                    Phase::Compile,
                    "the graph has no relationships to connect them".into(),
                ));
            }
            format!(
                "// x = {xc}\n// y = {yc}\n\
                 MATCH (x), (y)\n\
                 WHERE id(x) = {xid} AND id(y) = {yid}\n\
                 MATCH p = shortestPath((x)-[:{}*..6]-(y))\n\
                 RETURN [n IN nodes(p) | n.name] AS path, [r IN relationships(p) | type(r)] AS via, \
                 length(p) AS hops, sources(relationships(p)) AS sources",
                types.join("|")
            )
        }
    })
}

fn describe(graph: &KnowledgeGraph, id: NodeId) -> String {
    let node = graph.node(id);
    let labels: Vec<&str> = node.labels().collect();
    let text = format!("{} ({}, {})", node.name(), labels.join(":"), node.key());
    // Shown in a `//` comment of the compiled query: keep it on one line.
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn is_entity(graph: &KnowledgeGraph, id: NodeId) -> bool {
    graph.node(id).labels().any(|l| ENTITY_LABELS.contains(&l))
}

/// One node for a name typed by the user: by name or alias (any case), else by whole words of
/// a longer name when that is unambiguous.
fn resolve(graph: &KnowledgeGraph, name: &str) -> Result<(usize, String), QueryError> {
    let wanted = name.trim();
    let mut found: Vec<NodeId> = graph
        .find_by_name(wanted)
        .iter()
        .copied()
        .filter(|id| is_entity(graph, *id))
        .collect();
    if found.is_empty() {
        let lower = wanted.to_lowercase();
        let words: Vec<&str> = lower.split_whitespace().collect();
        let mut partial: Vec<NodeId> = Vec::new();
        for (indexed, ids) in graph.names() {
            let tokens: Vec<&str> = indexed.split_whitespace().collect();
            let contains =
                !words.is_empty() && tokens.windows(words.len()).any(|w| w == words.as_slice());
            if contains {
                partial.extend(ids.iter().copied().filter(|id| is_entity(graph, *id)));
            }
        }
        found = partial;
    }
    found.sort_unstable();
    found.dedup();
    match found.len() {
        1 => Ok((found[0].index(), describe(graph, found[0]))),
        0 => {
            let suggestions = suggest(graph, wanted);
            let hint = if suggestions.is_empty() {
                String::new()
            } else {
                format!("; did you mean {}?", suggestions.join(", "))
            };
            Err(QueryError::new(
                ErrorKind::EntityNotFound,
                "UnknownEntity",
                Phase::Compile,
                format!("no entity named \"{wanted}\"{hint}"),
            ))
        }
        _ => {
            let candidates: Vec<String> = found.iter().map(|id| describe(graph, *id)).collect();
            Err(QueryError::new(
                ErrorKind::SemanticError,
                "AmbiguousEntity",
                Phase::Compile,
                format!(
                    "\"{wanted}\" is ambiguous; it could be: {} (quote the full name)",
                    candidates.join("; ")
                ),
            ))
        }
    }
}

/// Up to three entity names close to `name`.
pub fn suggest(graph: &KnowledgeGraph, name: &str) -> Vec<String> {
    let lower = name.to_lowercase();
    let limit = (lower.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, String)> = Vec::new();
    for (indexed, ids) in graph.names() {
        let Some(id) = ids.iter().copied().find(|id| is_entity(graph, *id)) else {
            continue;
        };
        let d = super::hints::edit_distance(&lower, indexed);
        let close = d <= limit || (lower.len() >= 3 && indexed.contains(lower.as_str()));
        if close {
            scored.push((d, graph.node(id).name().to_string()));
        }
    }
    scored.sort();
    let mut out: Vec<String> = Vec::new();
    for (_, n) in scored {
        let quoted = format!("\"{n}\"");
        if !out.contains(&quoted) {
            out.push(quoted);
        }
        if out.len() == 3 {
            break;
        }
    }
    out
}
