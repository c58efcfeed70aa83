//! The extraction contract: what one document yields (its sentences, entities and facts, each
//! with evidence). Serialisable, so `newsgraph extract` can stream it as JSON lines and
//! `newsgraph build --facts` can merge it later; `graph::build` turns it into the graph.

pub use crate::graph::model::PropValue;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Everything extracted from one document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentFacts {
    pub document: DocumentSummary,
    pub entities: Vec<EntityRecord>,
    pub facts: Vec<Fact>,
}

/// The document's metadata and sentences (the text behind every piece of evidence).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentSummary {
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
    pub sentences: Vec<SentenceText>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SentenceText {
    /// Byte offset of the sentence in the document text.
    pub start: u32,
    pub text: String,
}

/// Node labels an extracted entity can carry (the schema's entity labels).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityLabel {
    Person,
    Organization,
    Place,
    Event,
    Topic,
}

impl EntityLabel {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityLabel::Person => "Person",
            EntityLabel::Organization => "Organization",
            EntityLabel::Place => "Place",
            EntityLabel::Event => "Event",
            EntityLabel::Topic => "Topic",
        }
    }
}

/// The evidence for an entity mention or a fact: a span of one sentence and the rule (or
/// recogniser) that produced it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Evidence {
    pub sentence: u32,
    /// Byte span in the document text.
    pub start: u32,
    pub end: u32,
    /// Borrowed for the fixed names of recognisers ("lexicon:places", "tagger"), which most
    /// evidence carries: one string per mention would be copied otherwise. Written as a
    /// plain string either way.
    pub rule: Cow<'static, str>,
}

/// One entity of the document: all its mentions resolved to one record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityRecord {
    /// Local to this document; facts refer to entities by it.
    pub id: u32,
    pub label: EntityLabel,
    /// Canonical name ("Scott Bessent", "United States", "Madrid talks").
    pub name: String,
    /// Every other surface form seen for it.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Sub-kind where useful: Place city|country|region|venue, Event meeting|talks|visit|call|...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// A stable cross-document key when the lexicon knows the entity (`place:madrid`);
    /// otherwise the graph derives one from label and name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Further properties (Event: status, date, date_text, round, ...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub props: BTreeMap<String, PropValue>,
    pub mentions: Vec<Evidence>,
}

/// A relationship between two entities of the document (`HOLDS_ROLE`, `OWNS`, `LOCATED_IN`,
/// `VISITED`, `PARTICIPATED_IN`, `HELD_IN`, `ABOUT`, ...). `MET` is not extracted directly:
/// the graph derives it from meeting events.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    #[serde(rename = "type")]
    pub rel_type: String,
    pub from: u32,
    pub to: u32,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub props: BTreeMap<String, PropValue>,
    pub evidence: Evidence,
}
