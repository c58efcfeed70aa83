//! RDF writer: a selection → N-Triples or Turtle with stable IRIs under a base IRI. Output
//! stage.
//!
//! IRIs (`B` is the base, keys and ids percent-encoded except letters, digits and `-._~:`):
//! - node `B id/<key>` (`…/id/person:scott-bessent`), typed `ng:<Label>`, with `rdfs:label`
//!   (its name), `ng:key` and one `ng:<property>` triple per value (list items each once);
//! - relationship: the direct triple `<from> ng:<TYPE> <to>`, and a statement resource
//!   `B rel/<from key>/<TYPE>/<to key>` (`/2`, `/3`, … for further parallel ones) that reifies
//!   it (`rdf:subject/predicate/object`) and carries its properties;
//! - events are n-ary resources: besides `PARTICIPATED_IN`, each event lists its participants
//!   with `ng:participant`, and each participation statement carries its `ng:role`;
//! - provenance: every node and statement has `ng:evidence` resources (`<owner>/evidence/<k>`)
//!   naming the sentence (`B doc/<id>/sentence/<n>`, with `ng:text`), byte span and rule; the
//!   documents cited are described once (`B doc/<id>`: title, date, publisher, byline).
//!
//! The vocabulary lives under `B schema/` (prefix `ng:`). ISO dates are `xsd:date`, integers
//! `xsd:integer`, floats `xsd:double`, booleans `xsd:boolean`. No triple is written twice.

use super::columns::{self, RESERVED};
use super::export::ExportError;
use super::selection::Selection;
use crate::graph::{KnowledgeGraph, PropValue, Source};
use std::io::{self, Write};

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// Checks a base IRI and gives it a trailing `/`.
pub fn base_iri(raw: &str) -> Result<String, ExportError> {
    let bad = |reason| ExportError::BadBaseIri {
        iri: raw.to_string(),
        reason,
    };
    let scheme_len = raw
        .find(':')
        .ok_or_else(|| bad("it has no scheme (like https:)"))?;
    let scheme = &raw[..scheme_len];
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return Err(bad("it has no scheme (like https:)"));
    }
    if raw
        .chars()
        .any(|c| c <= ' ' || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '^' | '`' | '\\'))
    {
        return Err(bad(
            "IRIs cannot contain spaces, control characters or <>\"{}|^`\\",
        ));
    }
    if raw.contains('#') {
        return Err(bad(
            "the base must not have a #fragment (IRIs are minted as paths below it)",
        ));
    }
    let mut base = raw.to_string();
    if !base.ends_with('/') {
        base.push('/');
    }
    Ok(base)
}

/// Writes the selection as N-Triples (one triple per line).
pub fn write_ntriples(
    graph: &KnowledgeGraph,
    selection: &Selection,
    base: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut writer = Writer::new(out, base, false);
    write_graph(&mut writer, graph, selection)
}

/// Writes the selection as Turtle (prefixes, triples grouped by subject).
pub fn write_turtle(
    graph: &KnowledgeGraph,
    selection: &Selection,
    base: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut writer = Writer::new(out, base, true);
    write!(
        writer.out,
        "@prefix rdf: <{RDF}> .\n@prefix rdfs: <{RDFS}> .\n@prefix xsd: <{XSD}> .\n\
         @prefix ng: <{base}schema/> .\n\n"
    )?;
    write_graph(&mut writer, graph, selection)
}

/// An object or predicate.
enum Term<'a> {
    /// A full IRI, already encoded.
    Iri(&'a str),
    /// A term of our vocabulary (`ng:`), by raw name.
    Vocab(&'a str),
    RdfType,
    Rdf(&'static str),
    RdfsLabel,
    Value(&'a PropValue),
    Str(&'a str),
    Int(i64),
}

struct Writer<'o> {
    out: &'o mut dyn Write,
    base: &'o str,
    turtle: bool,
    /// The subject being written (its IRI), for N-Triples lines and Turtle grouping.
    subject: String,
    /// Turtle: whether a subject block is open.
    open: bool,
}

impl<'o> Writer<'o> {
    fn new(out: &'o mut dyn Write, base: &'o str, turtle: bool) -> Self {
        Writer {
            out,
            base,
            turtle,
            subject: String::new(),
            open: false,
        }
    }

    /// Starts triples about `iri` (full, encoded).
    fn subject(&mut self, iri: &str) -> io::Result<()> {
        self.close()?;
        self.subject.clear();
        self.subject.push_str(iri);
        Ok(())
    }

    fn close(&mut self) -> io::Result<()> {
        if self.open {
            self.out.write_all(b" .\n")?;
            self.open = false;
        }
        Ok(())
    }

    fn triple(&mut self, predicate: Term<'_>, object: Term<'_>) -> io::Result<()> {
        if self.turtle {
            if self.open {
                self.out.write_all(b" ;\n    ")?;
            } else {
                write!(self.out, "<{}> ", self.subject)?;
                self.open = true;
            }
        } else {
            write!(self.out, "<{}> ", self.subject)?;
        }
        self.term(&predicate, true)?;
        self.out.write_all(b" ")?;
        self.term(&object, false)?;
        if !self.turtle {
            self.out.write_all(b" .\n")?;
        }
        Ok(())
    }

    fn term(&mut self, term: &Term<'_>, predicate: bool) -> io::Result<()> {
        match term {
            Term::Iri(iri) => write!(self.out, "<{iri}>"),
            Term::Vocab(name) => {
                if self.turtle && is_simple_local(name) {
                    write!(self.out, "ng:{name}")
                } else {
                    write!(self.out, "<{}schema/", self.base)?;
                    encode(self.out, name)?;
                    self.out.write_all(b">")
                }
            }
            Term::RdfType if self.turtle && predicate => self.out.write_all(b"a"),
            Term::RdfType => self.iri_in(RDF, "rdf", "type"),
            Term::Rdf(local) => self.iri_in(RDF, "rdf", local),
            Term::RdfsLabel => self.iri_in(RDFS, "rdfs", "label"),
            Term::Str(text) => literal(self.out, text),
            Term::Int(i) => {
                write!(self.out, "\"{i}\"^^")?;
                self.iri_in(XSD, "xsd", "integer")
            }
            Term::Value(value) => self.value(value),
        }
    }

    fn iri_in(&mut self, namespace: &str, prefix: &str, local: &str) -> io::Result<()> {
        if self.turtle {
            write!(self.out, "{prefix}:{local}")
        } else {
            write!(self.out, "<{namespace}{local}>")
        }
    }

    fn value(&mut self, value: &PropValue) -> io::Result<()> {
        let (lexical, datatype): (&str, Option<&str>) = match value {
            PropValue::Str(s) if columns::is_iso_date(s) => (s, Some("date")),
            PropValue::Str(s) => (s, None),
            PropValue::Bool(b) => (if *b { "true" } else { "false" }, Some("boolean")),
            PropValue::Int(i) => {
                write!(self.out, "\"{i}\"^^")?;
                return self.iri_in(XSD, "xsd", "integer");
            }
            PropValue::Float(x) => {
                if x.is_nan() {
                    self.out.write_all(b"\"NaN\"^^")?;
                } else if x.is_infinite() {
                    let text: &[u8] = if *x > 0.0 {
                        b"\"INF\"^^"
                    } else {
                        b"\"-INF\"^^"
                    };
                    self.out.write_all(text)?;
                } else {
                    write!(self.out, "\"{x:e}\"^^")?;
                }
                return self.iri_in(XSD, "xsd", "double");
            }
            PropValue::List(_) => {
                let text = value.to_string();
                return literal(self.out, &text);
            }
        };
        literal(self.out, lexical)?;
        if let Some(datatype) = datatype {
            self.out.write_all(b"^^")?;
            self.iri_in(XSD, "xsd", datatype)?;
        }
        Ok(())
    }
}

/// True when `name` can follow `ng:` in Turtle as is.
fn is_simple_local(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Percent-encodes `text` for an IRI path segment: letters and digits (any script), `-._~:`
/// stay; everything else (including `/`, `%`, spaces, emoji) becomes `%XX` per UTF-8 byte.
fn encode(out: &mut dyn Write, text: &str) -> io::Result<()> {
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | ':') {
            continue;
        }
        out.write_all(&text.as_bytes()[start..i])?;
        let mut bytes = [0u8; 4];
        for b in c.encode_utf8(&mut bytes).bytes() {
            write!(out, "%{b:02X}")?;
        }
        start = i + c.len_utf8();
    }
    out.write_all(&text.as_bytes()[start..])
}

fn encoded(base: &str, parts: &[&str]) -> String {
    let mut bytes = Vec::with_capacity(base.len() + 32);
    bytes.extend_from_slice(base.as_bytes());
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 0 {
            // Fixed path pieces.
            bytes.extend_from_slice(part.as_bytes());
        } else {
            let _ = encode(&mut bytes, part);
        }
    }
    String::from_utf8(bytes).unwrap_or_default()
}

/// Writes a quoted literal with N-Triples/Turtle escapes.
fn literal(out: &mut dyn Write, text: &str) -> io::Result<()> {
    out.write_all(b"\"")?;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let escaped: Option<&[u8]> = match c {
            '"' => Some(b"\\\""),
            '\\' => Some(b"\\\\"),
            '\n' => Some(b"\\n"),
            '\r' => Some(b"\\r"),
            '\t' => Some(b"\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => None,
            _ => continue,
        };
        out.write_all(&text.as_bytes()[start..i])?;
        match escaped {
            Some(bytes) => out.write_all(bytes)?,
            None => write!(out, "\\u{:04X}", c as u32)?,
        }
        start = i + c.len_utf8();
    }
    out.write_all(&text.as_bytes()[start..])?;
    out.write_all(b"\"")
}

fn property_name(key: &str) -> std::borrow::Cow<'_, str> {
    if RESERVED.contains(&key) {
        format!("prop_{key}").into()
    } else {
        key.into()
    }
}

/// One triple per property value, in key order; list items each once.
fn properties<'g>(
    w: &mut Writer<'_>,
    props: impl Iterator<Item = (&'g str, &'g PropValue)>,
) -> io::Result<()> {
    let mut sorted: Vec<(&str, &PropValue)> = props.collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    for (key, value) in sorted {
        let name = property_name(key);
        match value {
            PropValue::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    if items[..i].contains(item) {
                        continue;
                    }
                    w.triple(Term::Vocab(&name), Term::Value(item))?;
                }
            }
            other => w.triple(Term::Vocab(&name), Term::Value(other))?,
        }
    }
    Ok(())
}

/// `ng:evidence` links from the current subject `owner`, then one block per evidence.
fn evidence(
    w: &mut Writer<'_>,
    graph: &KnowledgeGraph,
    owner: &str,
    sources: &[Source],
) -> io::Result<()> {
    let iri = |k: usize| format!("{owner}/evidence/{k}");
    for k in 0..sources.len() {
        w.triple(Term::Vocab("evidence"), Term::Iri(&iri(k)))?;
    }
    for (k, source) in sources.iter().enumerate() {
        w.subject(&iri(k))?;
        w.triple(Term::RdfType, Term::Vocab("Evidence"))?;
        match source {
            Source::Text {
                doc,
                sentence,
                start,
                end,
                rule,
            } => {
                if let Some(record) = graph.documents().get(*doc as usize) {
                    let sentence_iri = encoded(
                        w.base,
                        &["doc/", &record.id, &format!("/sentence/{sentence}")],
                    );
                    w.triple(Term::Vocab("sentence"), Term::Iri(&sentence_iri))?;
                }
                w.triple(Term::Vocab("start"), Term::Int(i64::from(*start)))?;
                w.triple(Term::Vocab("end"), Term::Int(i64::from(*end)))?;
                w.triple(Term::Vocab("rule"), Term::Str(rule))?;
            }
            Source::Manual => {
                w.triple(Term::Vocab("manual"), Term::Value(&PropValue::Bool(true)))?;
            }
        }
    }
    Ok(())
}

fn write_graph(
    w: &mut Writer<'_>,
    graph: &KnowledgeGraph,
    selection: &Selection,
) -> io::Result<()> {
    let base = w.base;
    let node_iri = |key: &str| encoded(base, &["id/", key]);
    let mut cited = vec![false; graph.documents().len()];
    let mut note_cited = |sources: &[Source]| {
        for s in sources {
            if let Source::Text { doc, .. } = s {
                if let Some(flag) = cited.get_mut(*doc as usize) {
                    *flag = true;
                }
            }
        }
    };

    for &id in selection.nodes() {
        let node = graph.node(id);
        let iri = node_iri(node.key());
        w.subject(&iri)?;
        for label in node.labels() {
            w.triple(Term::RdfType, Term::Vocab(label))?;
        }
        w.triple(Term::RdfsLabel, Term::Str(node.name()))?;
        w.triple(Term::Vocab("key"), Term::Str(node.key()))?;
        properties(w, node.props())?;
        evidence(w, graph, &iri, node.sources())?;
        note_cited(node.sources());
    }

    let participated = graph.symbol("PARTICIPATED_IN");
    let mut previous: Option<(
        crate::graph::NodeId,
        crate::graph::Symbol,
        crate::graph::NodeId,
    )> = None;
    let mut ordinal = 0usize;
    for &id in selection.edges() {
        let edge = graph.edge(id);
        let identity = (edge.from, edge.rel_type_symbol(), edge.to);
        ordinal = if previous == Some(identity) {
            ordinal + 1
        } else {
            0
        };
        previous = Some(identity);
        let (from, to) = (graph.node(edge.from), graph.node(edge.to));
        let (from_iri, to_iri) = (node_iri(from.key()), node_iri(to.key()));
        let rel_type = edge.rel_type();
        if ordinal == 0 {
            w.subject(&from_iri)?;
            w.triple(Term::Vocab(rel_type), Term::Iri(&to_iri))?;
            if Some(edge.rel_type_symbol()) == participated {
                w.subject(&to_iri)?;
                w.triple(Term::Vocab("participant"), Term::Iri(&from_iri))?;
            }
        }
        if edge.props().next().is_none() && edge.sources().is_empty() {
            continue;
        }
        let mut statement = encoded(base, &["rel/", from.key(), "/", rel_type, "/", to.key()]);
        if ordinal > 0 {
            statement.push_str(&format!("/{}", ordinal + 1));
        }
        w.subject(&statement)?;
        w.triple(Term::RdfType, Term::Rdf("Statement"))?;
        w.triple(Term::Rdf("subject"), Term::Iri(&from_iri))?;
        w.triple(Term::Rdf("predicate"), Term::Vocab(rel_type))?;
        w.triple(Term::Rdf("object"), Term::Iri(&to_iri))?;
        properties(w, edge.props())?;
        evidence(w, graph, &statement, edge.sources())?;
        note_cited(edge.sources());
    }

    for (index, record) in graph.documents().iter().enumerate() {
        if !cited[index] {
            continue;
        }
        let doc_iri = encoded(base, &["doc/", &record.id]);
        w.subject(&doc_iri)?;
        w.triple(Term::RdfType, Term::Vocab("SourceDocument"))?;
        w.triple(Term::Vocab("id"), Term::Str(&record.id))?;
        for (name, value) in [
            ("title", &record.title),
            ("date", &record.date),
            ("publisher", &record.source),
            ("byline", &record.byline),
            ("path", &record.path),
        ] {
            if let Some(v) = value {
                let value = PropValue::Str(v.clone());
                w.triple(Term::Vocab(name), Term::Value(&value))?;
            }
        }
        for (n, text) in record.sentences.iter().enumerate() {
            let sentence_iri = format!("{doc_iri}/sentence/{n}");
            w.subject(&sentence_iri)?;
            w.triple(Term::RdfType, Term::Vocab("Sentence"))?;
            w.triple(Term::Vocab("document"), Term::Iri(&doc_iri))?;
            w.triple(Term::Vocab("index"), Term::Int(n as i64))?;
            if let Some(start) = record.sentence_starts.get(n) {
                w.triple(Term::Vocab("offset"), Term::Int(i64::from(*start)))?;
            }
            w.triple(Term::Vocab("text"), Term::Str(text))?;
        }
    }
    w.close()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_iris_are_checked_and_end_in_a_slash() {
        assert_eq!(base_iri("https://ex.org/kg").unwrap(), "https://ex.org/kg/");
        assert!(base_iri("not an iri").is_err());
        assert!(base_iri("https://ex.org/#").is_err());
        assert!(base_iri("ex.org/kg").is_err());
    }

    #[test]
    fn iri_segments_keep_letters_and_encode_the_rest() {
        let mut out = Vec::new();
        encode(&mut out, "person:李 \"x\"/😀").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "person:李%20%22x%22%2F%F0%9F%98%80"
        );
    }

    #[test]
    fn literals_escape_quotes_backslashes_and_controls() {
        let mut out = Vec::new();
        literal(&mut out, "a\"b\\c\nd\u{1}").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\"a\\\"b\\\\c\\nd\\u0001\""
        );
    }
}
