//! GEXF 1.3 writer: a selection → one GEXF document for Gephi (and networkx), with typed
//! attributes, colours per label, and time spans from `date` properties so Gephi's timeline
//! shows when events happened and meetings took place. Output stage.
//!
//! A `date` of `YYYY-MM-DD` spans that day, `YYYY-MM` that month, `YYYY` that year; nodes and
//! relationships without a date exist throughout.

use super::columns::{self, Column, Scalar, Schema};
use super::escape::xml;
use super::selection::Selection;
use crate::graph::{KnowledgeGraph, PropValue};
use std::io::{self, Write};

fn gexf_type(column: &Column) -> &'static str {
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

/// Fill colours per label (the DOT palette), as r, g, b.
fn colour(label: &str) -> (u8, u8, u8) {
    match label {
        "Person" => (0xff, 0xf2, 0xcc),
        "Organization" => (0x9f, 0xc5, 0xe8),
        "Place" => (0xc6, 0xe5, 0xb3),
        "Event" => (0xe0, 0x66, 0x66),
        "Topic" => (0xa4, 0x8f, 0xd0),
        "Document" => (0xdd, 0xdd, 0xdd),
        _ => (0xee, 0xee, 0xee),
    }
}

/// The day span of a `date` value: `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (possibly followed by a
/// time, which is ignored).
pub fn date_span(value: &PropValue) -> Option<(String, String)> {
    let text = value.as_str()?.trim();
    let day_part = text.get(..10).unwrap_or(text);
    if columns::is_iso_date(day_part) {
        return Some((day_part.to_string(), day_part.to_string()));
    }
    let number = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match text.split('-').collect::<Vec<_>>().as_slice() {
        [y, m] if y.len() == 4 && m.len() == 2 => {
            let (year, month) = (number(y)?, number(m)?);
            if !(1..=12).contains(&month) {
                return None;
            }
            let last = crate::dates::days_in_month(year as i32, month);
            Some((
                format!("{year:04}-{month:02}-01"),
                format!("{year:04}-{month:02}-{last:02}"),
            ))
        }
        [y] if y.len() == 4 => {
            let year = number(y)?;
            Some((format!("{year:04}-01-01"), format!("{year:04}-12-31")))
        }
        _ => None,
    }
}

/// Writes the selection as GEXF 1.3.
pub fn write_gexf(
    graph: &KnowledgeGraph,
    selection: &Selection,
    out: &mut dyn Write,
) -> io::Result<()> {
    let schema = Schema::of(graph, selection);
    out.write_all(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
          <gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" \
          xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
          xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" \
          version=\"1.3\">\n  <meta>\n    <creator>newsgraph</creator>\n    \
          <description>knowledge graph extracted from news articles</description>\n  \
          </meta>\n  \
          <graph defaultedgetype=\"directed\" mode=\"dynamic\" timeformat=\"date\">\n",
    )?;
    for (class, prefix, fixed, cols) in [
        (
            "node",
            "n",
            &["key", "labels", "sources"][..],
            &schema.node_columns,
        ),
        (
            "edge",
            "e",
            &["rel_type", "sources"][..],
            &schema.edge_columns,
        ),
    ] {
        writeln!(out, "    <attributes class=\"{class}\" mode=\"static\">")?;
        for name in fixed {
            writeln!(
                out,
                "      <attribute id=\"{prefix}_{name}\" title=\"{name}\" type=\"string\"/>"
            )?;
        }
        for (i, column) in cols.iter().enumerate() {
            write!(out, "      <attribute id=\"{prefix}{i}\" title=\"")?;
            xml(out, &column.name)?;
            writeln!(out, "\" type=\"{}\"/>", gexf_type(column))?;
        }
        out.write_all(b"    </attributes>\n")?;
    }

    let date = graph.symbol("date");
    let mut buf = String::new();
    out.write_all(b"    <nodes>\n")?;
    for &id in selection.nodes() {
        let node = graph.node(id);
        out.write_all(b"      <node id=\"")?;
        xml(out, node.key())?;
        out.write_all(b"\" label=\"")?;
        xml(out, node.name())?;
        out.write_all(b"\"")?;
        spell(out, date.and_then(|d| node.prop_sym(d)))?;
        out.write_all(b">\n        <attvalues>\n")?;
        attvalue(out, Key::Named("n_key"), node.key())?;
        buf.clear();
        for label in node.labels() {
            buf.push(':');
            buf.push_str(label);
        }
        attvalue(out, Key::Named("n_labels"), &buf)?;
        columns::sources_json(&mut buf, graph, node.sources());
        attvalue(out, Key::Named("n_sources"), &buf)?;
        for (i, column) in schema.node_columns.iter().enumerate() {
            if let Some(value) = column.value(|k| node.prop_sym(k)) {
                columns::xml_value_text(&mut buf, value);
                attvalue(out, Key::Numbered("n", i), &buf)?;
            }
        }
        out.write_all(b"        </attvalues>\n")?;
        let (r, g, b) = colour(node.labels().next().unwrap_or(""));
        writeln!(out, "        <viz:color r=\"{r}\" g=\"{g}\" b=\"{b}\"/>")?;
        out.write_all(b"      </node>\n")?;
    }
    out.write_all(b"    </nodes>\n    <edges>\n")?;
    for (position, &id) in selection.edges().iter().enumerate() {
        let edge = graph.edge(id);
        write!(out, "      <edge id=\"{position}\" source=\"")?;
        xml(out, graph.node(edge.from).key())?;
        out.write_all(b"\" target=\"")?;
        xml(out, graph.node(edge.to).key())?;
        out.write_all(b"\" label=\"")?;
        xml(out, edge.rel_type())?;
        out.write_all(b"\"")?;
        spell(out, date.and_then(|d| edge.prop_sym(d)))?;
        out.write_all(b">\n        <attvalues>\n")?;
        attvalue(out, Key::Named("e_rel_type"), edge.rel_type())?;
        columns::sources_json(&mut buf, graph, edge.sources());
        attvalue(out, Key::Named("e_sources"), &buf)?;
        for (i, column) in schema.edge_columns.iter().enumerate() {
            if let Some(value) = column.value(|k| edge.prop_sym(k)) {
                columns::xml_value_text(&mut buf, value);
                attvalue(out, Key::Numbered("e", i), &buf)?;
            }
        }
        out.write_all(b"        </attvalues>\n      </edge>\n")?;
    }
    out.write_all(b"    </edges>\n  </graph>\n</gexf>\n")
}

/// ` start="…" end="…"` for a dated node or relationship.
fn spell(out: &mut dyn Write, date: Option<&PropValue>) -> io::Result<()> {
    match date.and_then(date_span) {
        Some((start, end)) => write!(out, " start=\"{start}\" end=\"{end}\""),
        None => Ok(()),
    }
}

/// An attribute id: fixed, or a prefix and the column number.
enum Key {
    Named(&'static str),
    Numbered(&'static str, usize),
}

fn attvalue(out: &mut dyn Write, key: Key, value: &str) -> io::Result<()> {
    match key {
        Key::Named(name) => write!(out, "          <attvalue for=\"{name}\" value=\"")?,
        Key::Numbered(prefix, i) => {
            write!(out, "          <attvalue for=\"{prefix}{i}\" value=\"")?
        }
    }
    xml(out, value)?;
    out.write_all(b"\"/>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_day_month_or_year_spans() {
        let span = |s: &str| date_span(&PropValue::from(s));
        assert_eq!(
            span("2025-09-14"),
            Some(("2025-09-14".into(), "2025-09-14".into()))
        );
        assert_eq!(
            span("2024-02"),
            Some(("2024-02-01".into(), "2024-02-29".into()))
        );
        assert_eq!(
            span("2025"),
            Some(("2025-01-01".into(), "2025-12-31".into()))
        );
        assert_eq!(span("next week"), None);
        assert_eq!(span("2025-13"), None);
    }
}
