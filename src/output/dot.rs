//! Graphviz DOT writer: a selection → a `digraph` with stable ids (entity keys), every text
//! escaped, one style per label, labelled relationships, optional clusters per document and a
//! legend. Output stage; also used for `query -f dot`.
//!
//! Fill colours step down in lightness (Person lightest, Event darkest) so the labels still
//! differ when printed in greyscale; shapes differ too.

use super::export::ExportOptions;
use super::selection::Selection;
use crate::graph::{KnowledgeGraph, NodeId, NodeRef, PropValue, Source, Symbol};
use std::collections::{BTreeSet, HashMap};
use std::io::{self, Write};

/// How nodes of one label are drawn.
struct NodeStyle {
    label: &'static str,
    shape: &'static str,
    fill: &'static str,
    extra: &'static str,
}

/// In legend order. Relative luminance: 0.95, 0.84, 0.74, 0.61, 0.54, 1.0 (dashed).
const STYLES: &[NodeStyle] = &[
    NodeStyle {
        label: "Person",
        shape: "ellipse",
        fill: "#fff2cc",
        extra: "",
    },
    NodeStyle {
        label: "Organization",
        shape: "box",
        fill: "#9fc5e8",
        extra: ", style=\"filled,rounded\"",
    },
    NodeStyle {
        label: "Place",
        shape: "house",
        fill: "#c6e5b3",
        extra: "",
    },
    NodeStyle {
        label: "Event",
        shape: "diamond",
        fill: "#e06666",
        extra: ", penwidth=1.6",
    },
    NodeStyle {
        label: "Topic",
        shape: "hexagon",
        fill: "#a48fd0",
        extra: "",
    },
    NodeStyle {
        label: "Document",
        shape: "note",
        fill: "#ffffff",
        extra: ", style=\"filled,dashed\"",
    },
];

const OTHER_STYLE: NodeStyle = NodeStyle {
    label: "",
    shape: "ellipse",
    fill: "#eeeeee",
    extra: ", style=\"filled,dotted\"",
};

fn style_of(label: &str) -> &'static NodeStyle {
    STYLES
        .iter()
        .find(|s| s.label == label)
        .unwrap_or(&OTHER_STYLE)
}

/// Relationship properties worth showing on the arrow, in this order.
const EDGE_LABEL_PROPS: &[&str] = &["role", "title", "place", "date"];

/// Writes the selection as a DOT digraph.
pub fn write_dot(
    graph: &KnowledgeGraph,
    selection: &Selection,
    options: &ExportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    out.write_all(b"digraph newsgraph {\n  graph [rankdir=")?;
    id(out, &options.rankdir)?;
    out.write_all(
        b", fontname=\"Helvetica\", fontsize=12, nodesep=0.35, ranksep=0.6, \
          pad=0.2, newrank=true];\n  \
          node [fontname=\"Helvetica\", fontsize=11, style=filled, color=\"#333333\", \
          margin=\"0.12,0.06\"];\n  \
          edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\", fontcolor=\"#222222\", \
          arrowsize=0.7];\n",
    )?;

    let keys = NodeKeys {
        center: selection.center(),
        title: graph.symbol("title"),
        date: graph.symbol("date"),
        aliases: graph.symbol("aliases"),
    };
    if options.clusters {
        write_clustered_nodes(graph, selection, &keys, out)?;
    } else {
        for &n in selection.nodes() {
            write_node(out, &graph.node(n), &keys, "  ")?;
        }
    }
    let label_props: Vec<_> = EDGE_LABEL_PROPS
        .iter()
        .filter_map(|k| graph.symbol(k))
        .collect();

    let mentions = graph.symbol("MENTIONS");
    let met = graph.symbol("MET");
    let mut buf = String::new();
    for &e in selection.edges() {
        let edge = graph.edge(e);
        out.write_all(b"  ")?;
        id(out, graph.node(edge.from).key())?;
        out.write_all(b" -> ")?;
        id(out, graph.node(edge.to).key())?;
        buf.clear();
        buf.push_str(edge.rel_type());
        let mut first = true;
        for key in &label_props {
            if let Some(v) = edge.prop_sym(*key) {
                buf.push_str(if first { "\n" } else { ", " });
                first = false;
                push_value(&mut buf, v);
            }
        }
        let ty = Some(edge.rel_type_symbol());
        if ty == mentions {
            // Mentions tie a document to each entity in it: drawn faint, unlabelled (the type
            // is in the tooltip) and left out of the layout so the facts keep their shape.
            out.write_all(
                b" [tooltip=\"MENTIONS\", style=dotted, color=\"#aaaaaa\", arrowsize=0.5, \
                  constraint=false",
            )?;
        } else {
            out.write_all(b" [label=")?;
            text(out, &buf)?;
            if ty == met {
                // Meetings are mutual: no arrowhead.
                out.write_all(b", dir=none, penwidth=1.8, color=\"#222222\"")?;
            }
        }
        out.write_all(b"];\n")?;
    }

    if options.legend {
        write_legend(graph, selection, out)?;
    }
    out.write_all(b"}\n")
}

fn push_value(buf: &mut String, value: &PropValue) {
    match value {
        PropValue::Str(s) => buf.push_str(s),
        other => buf.push_str(&other.to_string()),
    }
}

/// Node labels longer than this many characters are broken between words, so long event
/// names and titles do not make huge shapes.
const WRAP_WIDTH: usize = 24;

/// Breaks `text` into lines of at most `width` characters at spaces (a longer word stays
/// whole); existing line breaks are kept.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut used = 0;
        for word in line.split(' ') {
            let len = word.chars().count();
            if used > 0 && used + 1 + len > width {
                out.push('\n');
                used = 0;
            } else if used > 0 {
                out.push(' ');
                used += 1;
            }
            out.push_str(word);
            used += len;
        }
    }
    out
}

/// The property keys node labels and tooltips use, interned once per export.
struct NodeKeys {
    /// The centre of a neighbourhood, drawn with a heavy outline.
    center: Option<NodeId>,
    title: Option<Symbol>,
    date: Option<Symbol>,
    aliases: Option<Symbol>,
}

fn write_node(
    out: &mut dyn Write,
    node: &NodeRef<'_>,
    keys: &NodeKeys,
    indent: &str,
) -> io::Result<()> {
    let prop = |key: Option<Symbol>| key.and_then(|k| node.prop_sym(k));
    let style = style_of(node.labels().next().unwrap_or(""));
    out.write_all(indent.as_bytes())?;
    id(out, node.key())?;
    out.write_all(b" [label=")?;
    // Documents show their title; everything else its name.
    let name = match prop(keys.title) {
        Some(PropValue::Str(title)) if style.label == "Document" => title.as_str(),
        _ => node.name(),
    };
    let mut label = wrap(name, WRAP_WIDTH);
    if let Some(date) = prop(keys.date) {
        label.push('\n');
        push_value(&mut label, date);
    }
    text(out, &label)?;
    write!(out, ", shape={}, fillcolor=\"{}\"", style.shape, style.fill)?;
    out.write_all(style.extra.as_bytes())?;
    if keys.center == Some(node.id) {
        out.write_all(b", penwidth=3, fontsize=13, fontname=\"Helvetica-Bold\"")?;
    }
    out.write_all(b", tooltip=")?;
    let mut tooltip = node.key().to_string();
    if let Some(aliases) = prop(keys.aliases) {
        tooltip.push_str("\nalso: ");
        tooltip.push_str(&aliases.str_items().join(", "));
    }
    text(out, &tooltip)?;
    out.write_all(b"];\n")
}

/// Nodes grouped into one cluster per document: a node goes in the cluster of the only
/// document it comes from; entities seen in several documents stay outside, between them.
fn write_clustered_nodes(
    graph: &KnowledgeGraph,
    selection: &Selection,
    keys: &NodeKeys,
    out: &mut dyn Write,
) -> io::Result<()> {
    let documents = graph.documents();
    let by_id: HashMap<&str, u32> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i as u32))
        .collect();
    // Clusters in document-id order.
    let mut order: Vec<u32> = (0..documents.len() as u32).collect();
    order.sort_by(|a, b| documents[*a as usize].id.cmp(&documents[*b as usize].id));
    let mut rank = vec![0u32; documents.len()];
    for (r, d) in order.iter().enumerate() {
        rank[*d as usize] = r as u32;
    }
    let document_label = graph.symbol("Document");
    let cluster_of = |node: &NodeRef<'_>| -> Option<u32> {
        if document_label.is_some_and(|d| node.has_label(d)) {
            let doc_id = node.prop("id").and_then(PropValue::as_str)?;
            return by_id.get(doc_id).map(|d| rank[*d as usize]);
        }
        let mut only: Option<u32> = None;
        for source in node.sources() {
            if let Source::Text { doc, .. } = source {
                match only {
                    None => only = Some(*doc),
                    Some(d) if d == *doc => {}
                    Some(_) => return None,
                }
            }
        }
        only.and_then(|d| rank.get(d as usize).copied())
    };
    let mut placed: Vec<(u32, usize)> = selection
        .nodes()
        .iter()
        .enumerate()
        .map(|(i, &n)| (cluster_of(&graph.node(n)).unwrap_or(u32::MAX), i))
        .collect();
    placed.sort_unstable();
    let mut open: Option<u32> = None;
    for (cluster, i) in placed {
        if open != Some(cluster) {
            if open.is_some_and(|c| c != u32::MAX) {
                out.write_all(b"  }\n")?;
            }
            if cluster != u32::MAX {
                let record = &documents[order[cluster as usize] as usize];
                writeln!(out, "  subgraph cluster_doc{cluster} {{")?;
                out.write_all(b"    label=")?;
                let title = match (&record.title, &record.date) {
                    (Some(t), Some(d)) => format!("{t}\n{d}"),
                    (Some(t), None) => t.clone(),
                    _ => record.id.clone(),
                };
                text(out, &title)?;
                out.write_all(
                    b"; style=\"rounded,filled\"; fillcolor=\"#f5f5f5\"; color=\"#aaaaaa\"; \
                      fontsize=13;\n",
                )?;
            }
            open = Some(cluster);
        }
        let indent = if cluster == u32::MAX { "  " } else { "    " };
        write_node(out, &graph.node(selection.nodes()[i]), keys, indent)?;
    }
    if open.is_some_and(|c| c != u32::MAX) {
        out.write_all(b"  }\n")?;
    }
    Ok(())
}

/// A boxed key with one sample node per label present in the selection.
fn write_legend(
    graph: &KnowledgeGraph,
    selection: &Selection,
    out: &mut dyn Write,
) -> io::Result<()> {
    let present: BTreeSet<&str> = selection
        .nodes()
        .iter()
        .map(|&n| graph.node(n).labels().next().unwrap_or(""))
        .collect();
    if present.is_empty() {
        return Ok(());
    }
    out.write_all(
        b"  subgraph cluster_legend {\n    label=\"Legend\"; style=rounded; color=\"#aaaaaa\"; \
          fontsize=12;\n",
    )?;
    let mut ids = Vec::new();
    let known = STYLES.iter().filter(|s| present.contains(s.label));
    let unknown = present
        .iter()
        .filter(|l| !STYLES.iter().any(|s| s.label == **l));
    let mut entries: Vec<(&str, &NodeStyle)> = known.map(|s| (s.label, s)).collect();
    entries.extend(unknown.map(|l| (*l, &OTHER_STYLE)));
    for (label, style) in entries {
        // An id no entity key uses.
        let mut legend_id = format!("legend:{label}");
        while graph.find_by_key(&legend_id).is_some() {
            legend_id.push('\'');
        }
        out.write_all(b"    ")?;
        id(out, &legend_id)?;
        out.write_all(b" [label=")?;
        text(
            out,
            if label.is_empty() {
                "(no label)"
            } else {
                label
            },
        )?;
        writeln!(
            out,
            ", shape={}, fillcolor=\"{}\"{}];",
            style.shape, style.fill, style.extra
        )?;
        ids.push(legend_id);
    }
    // Invisible links keep the samples in one row or column, in legend order.
    if ids.len() > 1 {
        out.write_all(b"    ")?;
        for (i, legend_id) in ids.iter().enumerate() {
            if i > 0 {
                out.write_all(b" -> ")?;
            }
            id(out, legend_id)?;
        }
        out.write_all(b" [style=invis];\n")?;
    }
    out.write_all(b"  }\n")
}

/// Writes a DOT quoted ID. Inside quotes DOT only unescapes `\"`; a backslash is doubled so a
/// key ending in one cannot swallow the closing quote.
fn id(out: &mut dyn Write, raw: &str) -> io::Result<()> {
    out.write_all(b"\"")?;
    let mut start = 0;
    for (i, c) in raw.char_indices() {
        let escaped: &[u8] = match c {
            '"' => b"\\\"",
            '\\' => b"\\\\",
            _ => continue,
        };
        out.write_all(&raw.as_bytes()[start..i])?;
        out.write_all(escaped)?;
        start = i + 1;
    }
    out.write_all(&raw.as_bytes()[start..])?;
    out.write_all(b"\"")
}

/// Writes a quoted label (Graphviz escString): backslashes and quotes escaped, line breaks as
/// `\n`, and `&` as `&amp;` because Graphviz decodes HTML entities in plain labels too.
fn text(out: &mut dyn Write, raw: &str) -> io::Result<()> {
    out.write_all(b"\"")?;
    let mut start = 0;
    for (i, c) in raw.char_indices() {
        let escaped: &[u8] = match c {
            '"' => b"\\\"",
            '\\' => b"\\\\",
            '\n' => b"\\n",
            '\r' => b"",
            '&' => b"&amp;",
            _ => continue,
        };
        out.write_all(&raw.as_bytes()[start..i])?;
        out.write_all(escaped)?;
        start = i + 1;
    }
    out.write_all(&raw.as_bytes()[start..])?;
    out.write_all(b"\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(f: fn(&mut dyn Write, &str) -> io::Result<()>, s: &str) -> String {
        let mut out = Vec::new();
        f(&mut out, s).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn long_labels_wrap_between_words() {
        assert_eq!(wrap("Madrid talks", 24), "Madrid talks");
        assert_eq!(
            wrap("fourth round of U.S.-China trade negotiations", 24),
            "fourth round of\nU.S.-China trade\nnegotiations"
        );
        assert_eq!(wrap("two\nlines", 24), "two\nlines");
    }

    #[test]
    fn ids_escape_quotes_and_trailing_backslashes() {
        assert_eq!(render(id, "a\"b\\"), "\"a\\\"b\\\\\"");
    }

    #[test]
    fn labels_escape_backslashes_breaks_and_entities() {
        assert_eq!(
            render(text, "AT&T \"x\"\\\nnext"),
            "\"AT&amp;T \\\"x\\\"\\\\\\nnext\""
        );
    }
}
