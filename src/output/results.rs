//! Query results → text: the value rendering shared by the table, CSV and JSON writers
//! (nodes by label and name, relationships by type, provenance maps as `doc#sentence`).

use crate::graph::{KnowledgeGraph, PropValue};
use crate::query::{Table, Value};
use std::collections::BTreeMap;

/// Cypher-style quoted string.
fn quoted(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

fn prop_text(v: &PropValue) -> String {
    match v {
        PropValue::Str(s) => quoted(s),
        PropValue::List(items) => format!(
            "[{}]",
            items.iter().map(prop_text).collect::<Vec<_>>().join(", ")
        ),
        other => other.to_string(),
    }
}

/// `(:Person {name: 'Scott Bessent'})`: labels and the name (or, for unnamed nodes, all
/// properties) — enough to recognise a node in a table cell.
pub fn node_text(graph: &KnowledgeGraph, id: crate::graph::NodeId) -> String {
    if !graph.contains_node(id) {
        return "(deleted)".into();
    }
    let node = graph.node(id);
    let labels: String = node.labels().map(|l| format!(":{l}")).collect();
    let props: Vec<String> = match node.prop("name") {
        Some(name) => vec![format!("name: {}", prop_text(name))],
        None => node
            .props()
            .map(|(k, v)| format!("{k}: {}", prop_text(v)))
            .collect(),
    };
    if props.is_empty() {
        format!("({labels})")
    } else if labels.is_empty() {
        format!("({{{}}})", props.join(", "))
    } else {
        format!("({labels} {{{}}})", props.join(", "))
    }
}

/// `[:MET {place: 'Madrid'}]` (list-valued properties left out to keep cells short).
pub fn rel_text(graph: &KnowledgeGraph, id: crate::graph::EdgeId) -> String {
    let edge = graph.edge(id);
    let props: Vec<String> = edge
        .props()
        .filter(|(_, v)| !matches!(v, PropValue::List(_)))
        .map(|(k, v)| format!("{k}: {}", prop_text(v)))
        .collect();
    if props.is_empty() {
        format!("[:{}]", edge.rel_type())
    } else {
        format!("[:{} {{{}}}]", edge.rel_type(), props.join(", "))
    }
}

/// A provenance map as produced by `sources(x)`: `{doc, sentence, ...}` → `doc#sentence`.
fn source_ref(map: &BTreeMap<String, Value>) -> Option<String> {
    match (map.get("doc"), map.get("sentence")) {
        (Some(Value::String(doc)), Some(Value::Int(s))) => Some(format!("{doc}#{s}")),
        (Some(Value::String(doc)), _) => Some(doc.clone()),
        _ => None,
    }
}

/// A value as a table or CSV cell. Strings are shown bare at the top level.
pub fn cell_text(graph: &KnowledgeGraph, value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => value_text(graph, other),
    }
}

/// A value as Cypher-like text (strings quoted), used inside lists and maps.
pub fn value_text(graph: &KnowledgeGraph, value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => float_text(*f),
        Value::String(s) => quoted(s),
        Value::List(items) => {
            let refs: Option<Vec<String>> = items
                .iter()
                .map(|v| match v {
                    Value::Map(m) => source_ref(m),
                    _ => None,
                })
                .collect();
            match refs {
                Some(refs) if !refs.is_empty() => refs.join(", "),
                _ => format!(
                    "[{}]",
                    items
                        .iter()
                        .map(|v| value_text(graph, v))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
        Value::Map(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{k}: {}", value_text(graph, v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Node(id) => node_text(graph, *id),
        Value::Rel(id) => rel_text(graph, *id),
        Value::Path(path) => {
            let mut text = String::from("<");
            for (i, node) in path.nodes.iter().enumerate() {
                if i > 0 {
                    let rel = path.rels[i - 1];
                    let e = graph.edge(rel);
                    if e.to == *node {
                        text.push_str(&format!("-{}->", rel_text(graph, rel)));
                    } else {
                        text.push_str(&format!("<-{}-", rel_text(graph, rel)));
                    }
                }
                text.push_str(&node_text(graph, *node));
            }
            text.push('>');
            text
        }
    }
}

pub fn float_text(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else if f == f.trunc() && f.abs() < 1e15 {
        format!("{f:.1}")
    } else {
        f.to_string()
    }
}

/// Display width of a cell (characters; good enough for the scripts news uses).
fn width(s: &str) -> usize {
    s.chars().count()
}

/// Longest cell shown in a table before it is cut with '…' (JSON and CSV are never cut).
const MAX_CELL: usize = 80;

fn clip(s: String) -> String {
    let one_line = s.replace('\n', " ");
    if width(&one_line) <= MAX_CELL {
        one_line
    } else {
        let cut: String = one_line.chars().take(MAX_CELL - 1).collect();
        format!("{cut}…")
    }
}

/// An aligned text table with a row count footer; `max_rows` cuts long results.
pub fn write_table(
    graph: &KnowledgeGraph,
    table: &Table,
    max_rows: Option<usize>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let shown = max_rows.map_or(table.rows.len(), |m| m.min(table.rows.len()));
    let cells: Vec<Vec<String>> = table.rows[..shown]
        .iter()
        .map(|row| row.iter().map(|v| clip(cell_text(graph, v))).collect())
        .collect();
    let mut widths: Vec<usize> = table.columns.iter().map(|c| width(c)).collect();
    for row in &cells {
        for (i, cell) in row.iter().enumerate() {
            if i < widths.len() {
                widths[i] = widths[i].max(width(cell));
            }
        }
    }
    let line = |cells: &[String]| -> String {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c}{}", " ".repeat(widths[i].saturating_sub(width(c)))))
            .collect();
        format!("| {} |", parts.join(" | "))
    };
    let rule = format!(
        "+{}+",
        widths
            .iter()
            .map(|w| "-".repeat(w + 2))
            .collect::<Vec<_>>()
            .join("+")
    );
    if !table.columns.is_empty() {
        writeln!(out, "{rule}")?;
        writeln!(out, "{}", line(&table.columns))?;
        writeln!(out, "{rule}")?;
        for row in &cells {
            writeln!(out, "{}", line(row))?;
        }
        writeln!(out, "{rule}")?;
    }
    let n = table.rows.len();
    let noun = if n == 1 { "row" } else { "rows" };
    if shown < n {
        writeln!(out, "({n} {noun}, {shown} shown; see :maxrows)")
    } else {
        writeln!(out, "({n} {noun})")
    }
}

/// CSV (RFC 4180) with a header row.
pub fn write_csv(
    graph: &KnowledgeGraph,
    table: &Table,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    fn field(s: &str) -> String {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    }
    let header: Vec<String> = table.columns.iter().map(|c| field(c)).collect();
    writeln!(out, "{}", header.join(","))?;
    for row in &table.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|v| match v {
                Value::Null => String::new(),
                v => field(&cell_text(graph, v)),
            })
            .collect();
        writeln!(out, "{}", cells.join(","))?;
    }
    Ok(())
}
