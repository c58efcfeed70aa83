//! GraphML writer: a selection → one GraphML document with typed keys, readable by Gephi,
//! yEd, Cytoscape and networkx. Output stage.
//!
//! Every node carries `key` (its stable key, also its GraphML id), `labels` (`:Person`),
//! `label` (its name, which Gephi and yEd display) and `sources` (a JSON array of
//! `doc#sentence:start-end:rule`); every relationship `rel_type`, `label` and `sources`; then
//! one typed key per property (booleans, longs, doubles, strings; lists as JSON arrays).

use super::columns::{self, Column, Scalar, Schema};
use super::escape::xml;
use super::selection::Selection;
use crate::graph::KnowledgeGraph;
use std::io::{self, Write};

fn graphml_type(column: &Column) -> &'static str {
    if column.ty.list {
        return "string";
    }
    match column.ty.scalar {
        Scalar::Bool => "boolean",
        Scalar::Int => "long",
        Scalar::Float => "double",
        Scalar::Date | Scalar::Str => "string",
    }
}

/// Writes the selection as GraphML.
pub fn write_graphml(
    graph: &KnowledgeGraph,
    selection: &Selection,
    out: &mut dyn Write,
) -> io::Result<()> {
    let schema = Schema::of(graph, selection);
    out.write_all(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
          <graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
          xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
          xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
          http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    )?;
    for (id, domain, name) in [
        ("n_key", "node", "key"),
        ("n_labels", "node", "labels"),
        ("n_label", "node", "label"),
        ("n_sources", "node", "sources"),
        ("e_rel_type", "edge", "rel_type"),
        ("e_label", "edge", "label"),
        ("e_sources", "edge", "sources"),
    ] {
        writeln!(
            out,
            "  <key id=\"{id}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"string\"/>"
        )?;
    }
    for (prefix, domain, cols) in [
        ("n", "node", &schema.node_columns),
        ("e", "edge", &schema.edge_columns),
    ] {
        for (i, column) in cols.iter().enumerate() {
            write!(
                out,
                "  <key id=\"{prefix}{i}\" for=\"{domain}\" attr.name=\""
            )?;
            xml(out, &column.name)?;
            writeln!(out, "\" attr.type=\"{}\"/>", graphml_type(column))?;
        }
    }
    out.write_all(b"  <graph id=\"newsgraph\" edgedefault=\"directed\">\n")?;

    let mut buf = String::new();
    for &id in selection.nodes() {
        let node = graph.node(id);
        out.write_all(b"    <node id=\"")?;
        xml(out, node.key())?;
        out.write_all(b"\">\n")?;
        data(out, Key::Named("n_key"), node.key())?;
        buf.clear();
        for label in node.labels() {
            buf.push(':');
            buf.push_str(label);
        }
        data(out, Key::Named("n_labels"), &buf)?;
        data(out, Key::Named("n_label"), node.name())?;
        columns::sources_json(&mut buf, graph, node.sources());
        data(out, Key::Named("n_sources"), &buf)?;
        for (i, column) in schema.node_columns.iter().enumerate() {
            if let Some(value) = column.value(|k| node.prop_sym(k)) {
                columns::xml_value_text(&mut buf, value);
                data(out, Key::Numbered("n", i), &buf)?;
            }
        }
        out.write_all(b"    </node>\n")?;
    }
    for (position, &id) in selection.edges().iter().enumerate() {
        let edge = graph.edge(id);
        write!(out, "    <edge id=\"e{position}\" source=\"")?;
        xml(out, graph.node(edge.from).key())?;
        out.write_all(b"\" target=\"")?;
        xml(out, graph.node(edge.to).key())?;
        out.write_all(b"\">\n")?;
        data(out, Key::Named("e_rel_type"), edge.rel_type())?;
        data(out, Key::Named("e_label"), edge.rel_type())?;
        columns::sources_json(&mut buf, graph, edge.sources());
        data(out, Key::Named("e_sources"), &buf)?;
        for (i, column) in schema.edge_columns.iter().enumerate() {
            if let Some(value) = column.value(|k| edge.prop_sym(k)) {
                columns::xml_value_text(&mut buf, value);
                data(out, Key::Numbered("e", i), &buf)?;
            }
        }
        out.write_all(b"    </edge>\n")?;
    }
    out.write_all(b"  </graph>\n</graphml>\n")
}

/// A GraphML key id: fixed, or a prefix and the column number.
enum Key {
    Named(&'static str),
    Numbered(&'static str, usize),
}

fn data(out: &mut dyn Write, key: Key, value: &str) -> io::Result<()> {
    match key {
        Key::Named(name) => write!(out, "      <data key=\"{name}\">")?,
        Key::Numbered(prefix, i) => write!(out, "      <data key=\"{prefix}{i}\">")?,
    }
    xml(out, value)?;
    out.write_all(b"</data>\n")
}
