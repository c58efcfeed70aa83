//! Statistical named-entity recognition: tokens → PER/ORG/LOC/MISC spans, with an averaged
//! perceptron sequence tagger trained on CoNLL-2003 (`train`), the bundled model
//! (`Tagger::bundled`), the CoNLL reader and the conlleval-exact scorer (`eval_ner`).
//!
//! Layout: [`conll`] reads the data, [`features`] turns a sentence into hashed feature keys
//! (what training learns from), `emissions` computes the same features' summed weights when
//! tagging, with what depends on one word alone kept per word type across documents (a test
//! checks both agree), [`gazetteer`] looks tokens up in the generated lexicons, [`model`]
//! holds the tagger, its Viterbi decoder and its file format, [`train`] learns the weights,
//! [`score`] and [`eval`] measure them.

pub mod conll;
mod emissions;
pub mod eval;
pub mod features;
pub mod gazetteer;
pub mod model;
pub mod score;
pub mod train;

pub use conll::{read_conll, ConllSentence};
pub use eval::{eval_ner, write_predictions};
pub use model::Tagger;
pub use score::{score, NerReport, TypeScore};
pub use train::{train, TrainOptions, TrainReport};

use std::fmt;
use std::path::PathBuf;

/// Errors of the NER stage; each names the file (and line) it is about.
#[derive(Debug, thiserror::Error)]
pub enum NerError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Format {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("NER model: {0}")]
    Model(String),
    #[error("NER lexicon {file}:{line}: {message}")]
    Lexicon {
        file: String,
        line: usize,
        message: String,
    },
}

/// The four CoNLL-2003 entity types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NerLabel {
    Per,
    Org,
    Loc,
    Misc,
}

impl NerLabel {
    /// All labels in tag-index order.
    pub const ALL: [NerLabel; 4] = [NerLabel::Per, NerLabel::Org, NerLabel::Loc, NerLabel::Misc];

    /// The CoNLL name: `PER`, `ORG`, `LOC`, `MISC`.
    pub fn as_str(self) -> &'static str {
        match self {
            NerLabel::Per => "PER",
            NerLabel::Org => "ORG",
            NerLabel::Loc => "LOC",
            NerLabel::Misc => "MISC",
        }
    }

    /// Parses a CoNLL type name.
    pub fn parse(name: &str) -> Option<NerLabel> {
        match name {
            "PER" => Some(NerLabel::Per),
            "ORG" => Some(NerLabel::Org),
            "LOC" => Some(NerLabel::Loc),
            "MISC" => Some(NerLabel::Misc),
            _ => None,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for NerLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One recognised entity: tokens `start..end` (end exclusive) of the sentence, and its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NerSpan {
    pub start: usize,
    pub end: usize,
    pub label: NerLabel,
}

/// Tag indices used by the tagger: 0 = O, then B-/I- for each label in [`NerLabel::ALL`] order.
pub(crate) const NUM_TAGS: usize = 1 + 2 * NerLabel::ALL.len();

pub(crate) fn tag_begin(label: NerLabel) -> usize {
    1 + 2 * label.index()
}

pub(crate) fn tag_inside(label: NerLabel) -> usize {
    2 + 2 * label.index()
}

/// The label of a non-O tag, and whether it begins a span.
pub(crate) fn tag_parts(tag: usize) -> Option<(NerLabel, bool)> {
    if tag == 0 || tag >= NUM_TAGS {
        return None;
    }
    Some((NerLabel::ALL[(tag - 1) / 2], (tag - 1) % 2 == 0))
}

/// IOB2 tag sequence → spans (an I- that does not continue a span of its type starts one,
/// as conlleval does).
pub(crate) fn spans_from_tags(tags: &[usize]) -> Vec<NerSpan> {
    let mut spans = Vec::new();
    let mut open: Option<NerSpan> = None;
    for (i, &tag) in tags.iter().enumerate() {
        if tag == 0 && open.is_none() {
            continue; // most tokens are outside any entity
        }
        match tag_parts(tag) {
            Some((label, begins)) => {
                let continues = !begins && open.is_some_and(|span| span.label == label);
                if !continues {
                    spans.extend(open.take());
                    open = Some(NerSpan {
                        start: i,
                        end: i + 1,
                        label,
                    });
                } else if let Some(span) = open.as_mut() {
                    span.end = i + 1;
                }
            }
            None => spans.extend(open.take()),
        }
    }
    spans.extend(open);
    spans
}
