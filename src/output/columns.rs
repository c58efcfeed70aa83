//! The property columns of a selection: which properties the nodes of each label and the
//! relationships of each type carry, with one type per column inferred from the values, and
//! how a value is written in such a column. Output stage helper for the typed formats
//! (GraphML, GEXF, Neo4j and Kùzu CSVs).

use super::selection::Selection;
use crate::graph::{KnowledgeGraph, NodeRef, PropValue, Source, Symbol};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Column names the writers use for their own data; a property with one of these names is
/// written as `prop_<name>`.
pub const RESERVED: &[&str] = &["key", "labels", "label", "sources", "rel_type"];

/// Separators for list items in one text field, in order of preference; the first that no list
/// item of the selection contains is used.
const LIST_SEPARATORS: &[char] = &['|', ';', '¦', '\u{1f}'];

/// The type of a single value, ordered from most to least specific.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scalar {
    Bool,
    Int,
    Float,
    /// A string that is an ISO calendar date (`2025-09-14`) in every row.
    Date,
    Str,
}

impl Scalar {
    fn of(value: &PropValue) -> Scalar {
        match value {
            PropValue::Bool(_) => Scalar::Bool,
            PropValue::Int(_) => Scalar::Int,
            PropValue::Float(_) => Scalar::Float,
            PropValue::Str(s) if is_iso_date(s) => Scalar::Date,
            PropValue::Str(_) | PropValue::List(_) => Scalar::Str,
        }
    }

    /// The narrowest type both values fit in.
    fn unify(self, other: Scalar) -> Scalar {
        use Scalar::*;
        match (self, other) {
            (a, b) if a == b => a,
            (Int, Float) | (Float, Int) => Float,
            _ => Str,
        }
    }
}

/// A column's type: a scalar, or a list of scalars.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ColumnType {
    pub scalar: Scalar,
    pub list: bool,
}

impl ColumnType {
    fn of(value: &PropValue) -> ColumnType {
        match value {
            PropValue::List(items) => ColumnType {
                scalar: items
                    .iter()
                    .map(Scalar::of)
                    .reduce(Scalar::unify)
                    .unwrap_or(Scalar::Str),
                list: true,
            },
            other => ColumnType {
                scalar: Scalar::of(other),
                list: false,
            },
        }
    }

    fn unify(self, other: ColumnType) -> ColumnType {
        ColumnType {
            scalar: self.scalar.unify(other.scalar),
            list: self.list || other.list,
        }
    }
}

/// One property column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The property key in the graph.
    pub prop: String,
    /// The column name written (the key, or `prop_<key>` for a reserved name).
    pub name: String,
    pub ty: ColumnType,
    /// The interned key, so writers look values up without hashing the name.
    pub sym: Option<Symbol>,
}

impl Column {
    /// This column's value on a node or relationship, given its `prop_sym` lookup.
    pub fn value<'g>(
        &self,
        prop_sym: impl Fn(Symbol) -> Option<&'g PropValue>,
    ) -> Option<&'g PropValue> {
        self.sym.and_then(prop_sym)
    }
}

/// The nodes of one primary label, or the relationships of one type.
#[derive(Clone, Debug, Default)]
pub struct Group {
    pub name: String,
    pub count: usize,
    /// Sorted by property key.
    pub columns: Vec<Column>,
    /// Relationship groups: the (start label, end label) pairs seen, sorted.
    pub pairs: Vec<(String, String)>,
}

/// What the typed writers need to know before streaming a selection.
#[derive(Clone, Debug, Default)]
pub struct Schema {
    /// By primary label, sorted.
    pub node_groups: Vec<Group>,
    /// By relationship type, sorted.
    pub edge_groups: Vec<Group>,
    /// Every node column, all labels merged.
    pub node_columns: Vec<Column>,
    /// Every relationship column, all types merged.
    pub edge_columns: Vec<Column>,
    /// True when some text of the selection holds a line break (CSV readers need telling).
    pub has_line_breaks: bool,
    /// Joins list items in one text field; occurs in no list item.
    pub list_separator: char,
}

/// The label a node is filed under in formats with one table per label: its first label.
pub fn primary_label<'g>(node: &NodeRef<'g>) -> &'g str {
    node.labels().next().unwrap_or("Node")
}

#[derive(Default)]
struct GroupBuilder<'g> {
    count: usize,
    columns: BTreeMap<String, ColumnType>,
    pairs: BTreeMap<(&'g str, &'g str), ()>,
}

impl Schema {
    /// One pass over the selection's nodes and relationships.
    pub fn of(graph: &KnowledgeGraph, selection: &Selection) -> Schema {
        let mut nodes: BTreeMap<&str, GroupBuilder> = BTreeMap::new();
        let mut edges: BTreeMap<&str, GroupBuilder> = BTreeMap::new();
        let mut scan = TextScan::default();
        // Sources are written as lists of `doc#sentence:start-end:rule` too.
        for record in graph.documents() {
            scan.note(&record.id, true);
        }
        let scan_sources = |scan: &mut TextScan, sources: &[Source]| {
            for source in sources {
                if let Source::Text { rule, .. } = source {
                    scan.note(rule, true);
                }
            }
        };
        for &id in selection.nodes() {
            let node = graph.node(id);
            scan.note(node.key(), false);
            scan_sources(&mut scan, node.sources());
            let group = nodes.entry(primary_label(&node)).or_default();
            note_props(group, node.props(), &mut scan);
        }
        for &id in selection.edges() {
            let edge = graph.edge(id);
            let group = edges.entry(edge.rel_type()).or_default();
            note_props(group, edge.props(), &mut scan);
            scan_sources(&mut scan, edge.sources());
            let pair = (
                primary_label(&graph.node(edge.from)),
                primary_label(&graph.node(edge.to)),
            );
            group.pairs.insert(pair, ());
        }
        let list_separator = LIST_SEPARATORS
            .iter()
            .zip(scan.separator_seen)
            .find(|(_, seen)| !seen)
            .map_or('\u{1f}', |(sep, _)| *sep);
        let finish = |groups: BTreeMap<&str, GroupBuilder>| -> (Vec<Group>, Vec<Column>) {
            let mut merged: BTreeMap<String, ColumnType> = BTreeMap::new();
            let groups = groups
                .into_iter()
                .map(|(name, b)| {
                    for (k, t) in &b.columns {
                        merged
                            .entry(k.clone())
                            .and_modify(|m| *m = m.unify(*t))
                            .or_insert(*t);
                    }
                    Group {
                        name: name.to_string(),
                        count: b.count,
                        columns: columns(graph, b.columns),
                        pairs: b
                            .pairs
                            .into_keys()
                            .map(|(a, b)| (a.to_string(), b.to_string()))
                            .collect(),
                    }
                })
                .collect();
            (groups, columns(graph, merged))
        };
        let (node_groups, node_columns) = finish(nodes);
        let (edge_groups, edge_columns) = finish(edges);
        Schema {
            node_groups,
            edge_groups,
            node_columns,
            edge_columns,
            has_line_breaks: scan.line_breaks,
            list_separator,
        }
    }
}

/// What the texts of a selection contain that writers must know about.
#[derive(Default)]
struct TextScan {
    line_breaks: bool,
    separator_seen: [bool; LIST_SEPARATORS.len()],
}

impl TextScan {
    /// One pass over the bytes (this runs for every value of the selection).
    fn note(&mut self, text: &str, in_list: bool) {
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'\n' | b'\r' => self.line_breaks = true,
                _ if !in_list => {}
                b'|' => self.separator_seen[0] = true,
                b';' => self.separator_seen[1] = true,
                // '¦' is C2 A6 in UTF-8.
                0xA6 if i > 0 && bytes[i - 1] == 0xC2 => self.separator_seen[2] = true,
                0x1F => self.separator_seen[3] = true,
                _ => {}
            }
        }
    }
}

fn note_props<'a>(
    group: &mut GroupBuilder<'_>,
    props: impl Iterator<Item = (&'a str, &'a PropValue)>,
    scan: &mut TextScan,
) {
    group.count += 1;
    for (key, value) in props {
        let ty = ColumnType::of(value);
        match group.columns.get_mut(key) {
            Some(t) => *t = t.unify(ty),
            None => {
                group.columns.insert(key.to_string(), ty);
            }
        }
        match value {
            PropValue::Str(s) => scan.note(s, false),
            PropValue::List(items) => {
                for item in items {
                    match item {
                        PropValue::Str(s) => scan.note(s, true),
                        other => scan.note(&other.to_string(), true),
                    }
                }
            }
            _ => {}
        }
    }
}

fn columns(graph: &KnowledgeGraph, map: BTreeMap<String, ColumnType>) -> Vec<Column> {
    map.into_iter()
        .map(|(prop, ty)| Column {
            sym: graph.symbol(&prop),
            name: if RESERVED.contains(&prop.as_str()) {
                format!("prop_{prop}")
            } else {
                prop.clone()
            },
            prop,
            ty,
        })
        .collect()
}

/// Writes `value` as the text of a field of type `ty` into `buf` (cleared first): list items
/// joined by `separator` (a single value becomes a one-item list), nested lists in their
/// display form.
pub fn field_text(buf: &mut String, value: &PropValue, ty: ColumnType, separator: char) {
    buf.clear();
    match value {
        PropValue::List(items) if ty.list => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    buf.push(separator);
                }
                scalar_text(buf, item);
            }
        }
        other => scalar_text(buf, other),
    }
}

fn scalar_text(buf: &mut String, value: &PropValue) {
    match value {
        PropValue::Str(s) => buf.push_str(s),
        PropValue::Float(x) if x.is_nan() => buf.push_str("NaN"),
        PropValue::Float(x) if x.is_infinite() => {
            buf.push_str(if *x > 0.0 { "Infinity" } else { "-Infinity" })
        }
        PropValue::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => {
            let _ = write!(buf, "{x:.1}");
        }
        other => {
            let _ = write!(buf, "{other}");
        }
    }
}

/// A source as one line of text: `doc-id#sentence:start-end:rule`, or `manual`.
pub fn source_text(buf: &mut String, graph: &KnowledgeGraph, source: &Source) {
    match source {
        Source::Text {
            doc,
            sentence,
            start,
            end,
            rule,
        } => {
            match graph.documents().get(*doc as usize) {
                Some(record) => buf.push_str(&record.id),
                None => {
                    buf.push_str("doc");
                    push_number(buf, *doc);
                }
            }
            buf.push('#');
            push_number(buf, *sentence);
            buf.push(':');
            push_number(buf, *start);
            buf.push('-');
            push_number(buf, *end);
            buf.push(':');
            buf.push_str(rule);
        }
        Source::Manual => buf.push_str("manual"),
    }
}

/// The sources of a node or relationship as one JSON array of `source_text` strings (for the
/// XML formats, which have no list type).
pub fn sources_json(buf: &mut String, graph: &KnowledgeGraph, sources: &[Source]) {
    buf.clear();
    buf.push('[');
    let mut item = String::new();
    for (i, source) in sources.iter().enumerate() {
        if i > 0 {
            buf.push(',');
        }
        item.clear();
        source_text(&mut item, graph, source);
        super::escape::json_string(buf, &item);
    }
    buf.push(']');
}

/// A value as text for the XML formats: lists as a JSON array of strings, scalars as is.
pub fn xml_value_text(buf: &mut String, value: &PropValue) {
    buf.clear();
    match value {
        PropValue::List(items) => {
            buf.push('[');
            let mut item = String::new();
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    buf.push(',');
                }
                item.clear();
                scalar_text(&mut item, v);
                super::escape::json_string(buf, &item);
            }
            buf.push(']');
        }
        other => scalar_text(buf, other),
    }
}

/// A file-name-safe, unique stem for a label or type (`Person`, `MET`): ASCII letters, digits,
/// `_` and `-` kept, anything else `_`; a clash gets a number.
pub fn file_stem(name: &str, used: &mut std::collections::BTreeSet<String>) -> String {
    let mut stem: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if stem.is_empty() {
        stem.push('_');
    }
    let base = stem.clone();
    let mut n = 2;
    while !used.insert(stem.to_ascii_lowercase()) {
        stem = format!("{base}_{n}");
        n += 1;
    }
    stem
}

/// Fills `fields` (one per column) with each property's field text, empty when missing.
pub fn fill_fields<'g>(
    fields: &mut [String],
    columns: &[Column],
    prop_sym: impl Fn(Symbol) -> Option<&'g PropValue>,
    separator: char,
) {
    for (field, column) in fields.iter_mut().zip(columns) {
        match column.value(&prop_sym) {
            Some(value) => field_text(field, value, column.ty, separator),
            None => field.clear(),
        }
    }
}

/// Writes `sources` as one list field (items joined by `separator`) into `field`.
pub fn sources_field(
    field: &mut String,
    graph: &KnowledgeGraph,
    sources: &[Source],
    separator: char,
) {
    field.clear();
    for (i, source) in sources.iter().enumerate() {
        if i > 0 {
            field.push(separator);
        }
        source_text(field, graph, source);
    }
}

/// Appends the decimal digits of `n` (without the formatting machinery: this runs for every
/// source of the selection).
fn push_number(buf: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        buf.push(char::from(d));
    }
}

pub use crate::dates::is_iso_date;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_in_decimal() {
        let mut buf = String::new();
        for n in [0, 7, 10, 4_294_967_295] {
            buf.clear();
            push_number(&mut buf, n);
            assert_eq!(buf, n.to_string());
        }
    }

    #[test]
    fn the_list_separator_avoids_characters_in_list_items() {
        let mut scan = TextScan::default();
        scan.note("a|b ¦ c", true);
        scan.note("no; breaks", false);
        assert_eq!(scan.separator_seen, [true, false, true, false]);
        assert!(!scan.line_breaks);
        scan.note("two\nlines", false);
        assert!(scan.line_breaks);
    }

    #[test]
    fn iso_dates_must_exist() {
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("2023-02-29"));
        assert!(!is_iso_date("2025-13-01"));
        assert!(!is_iso_date("2025-9-14"));
        assert!(!is_iso_date("September 2025"));
    }

    #[test]
    fn column_types_widen_to_fit_every_value() {
        let int = ColumnType::of(&PropValue::Int(1));
        let float = ColumnType::of(&PropValue::Float(1.5));
        let date = ColumnType::of(&PropValue::from("2025-09-14"));
        let text = ColumnType::of(&PropValue::from("soon"));
        assert_eq!(int.unify(float).scalar, Scalar::Float);
        assert_eq!(date.unify(date).scalar, Scalar::Date);
        assert_eq!(date.unify(text).scalar, Scalar::Str);
        assert_eq!(int.unify(text).scalar, Scalar::Str);
        let list = ColumnType::of(&PropValue::from(vec!["a".to_string()]));
        assert!(list.unify(text).list);
    }

    #[test]
    fn list_fields_join_items_with_the_separator() {
        let mut buf = String::new();
        let ty = ColumnType {
            scalar: Scalar::Str,
            list: true,
        };
        field_text(
            &mut buf,
            &PropValue::from(vec!["a b".to_string(), "c".to_string()]),
            ty,
            '|',
        );
        assert_eq!(buf, "a b|c");
        field_text(&mut buf, &PropValue::from("solo"), ty, '|');
        assert_eq!(buf, "solo");
    }
}
