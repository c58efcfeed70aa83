//! Graph model: handles, property values, provenance and directions — the plain data the
//! store (`store.rs`, which owns the petgraph structure) hands out and takes in.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Handle to a node inside one `KnowledgeGraph`. Valid only for the graph that issued it;
/// the stable, user-visible identity of a node is its `key` (e.g. `person:scott-bessent`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub(crate) u32);

/// Handle to a relationship inside one `KnowledgeGraph`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EdgeId(pub(crate) u32);

impl NodeId {
    /// The raw index, for engines that keep per-node side tables (visited sets, degrees).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl EdgeId {
    /// The raw index, for engines that keep per-edge side tables.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// An interned string: label, relationship type or property key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Symbol(pub(crate) u32);

/// A property value as stored on nodes and relationships (openCypher property types).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PropValue {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<PropValue>),
}

impl PropValue {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            PropValue::Str(s) => Some(s),
            _ => None,
        }
    }

    /// String items of a list value (non-strings are skipped).
    pub fn str_items(&self) -> Vec<&str> {
        match self {
            PropValue::List(items) => items.iter().filter_map(|v| v.as_str()).collect(),
            PropValue::Str(s) => vec![s.as_str()],
            _ => Vec::new(),
        }
    }
}

impl From<&str> for PropValue {
    fn from(s: &str) -> Self {
        PropValue::Str(s.to_string())
    }
}

impl From<String> for PropValue {
    fn from(s: String) -> Self {
        PropValue::Str(s)
    }
}

impl From<i64> for PropValue {
    fn from(v: i64) -> Self {
        PropValue::Int(v)
    }
}

impl From<bool> for PropValue {
    fn from(v: bool) -> Self {
        PropValue::Bool(v)
    }
}

impl From<Vec<String>> for PropValue {
    fn from(v: Vec<String>) -> Self {
        PropValue::List(v.into_iter().map(PropValue::Str).collect())
    }
}

impl fmt::Display for PropValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PropValue::Bool(b) => write!(f, "{b}"),
            PropValue::Int(i) => write!(f, "{i}"),
            PropValue::Float(x) => write!(f, "{x}"),
            PropValue::Str(s) => write!(f, "{s}"),
            PropValue::List(items) => {
                write!(f, "[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{item}")?;
                }
                write!(f, "]")
            }
        }
    }
}

/// Where a node or relationship came from: a sentence of a document (with the byte span of the
/// evidence and the rule that produced it), or a manual edit through CREATE / MERGE.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Source {
    Text {
        /// Index into `KnowledgeGraph::documents()`.
        doc: u32,
        /// Sentence index within the document.
        sentence: u32,
        /// Byte span of the evidence in the document text.
        start: u32,
        end: u32,
        rule: String,
    },
    Manual,
}

/// A document the graph was built from, with its sentences so that every `Source` can be
/// shown as the sentence behind a fact.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Sentence texts, by sentence index.
    pub sentences: Vec<String>,
    /// Byte offset of each sentence in the document text (same order as `sentences`).
    pub sentence_starts: Vec<u32>,
}

/// Direction of an expansion from a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Outgoing,
    Incoming,
    Both,
}
