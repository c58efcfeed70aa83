//! The corpus stage: documents and their metadata, loaded from .txt .md .json .jsonl files or
//! folders, or the bundled sample; boilerplate removed, every failure reported per file.

mod clean;
mod loader;
pub mod sample;
mod stream;

pub use loader::{load, load_bytes, stdin_record, LoadReport};
pub use stream::{index, CorpusIndex};

use serde::{Deserialize, Serialize};

/// One article, cleaned: metadata separated from the body, boilerplate dropped.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id: the JSON `id` field, else the file stem (with `#line` for JSON lines).
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication date as written or as ISO `YYYY-MM-DD` when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The outlet ("Newslooks", "Reuters").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The dateline place ("WASHINGTON"), when the article has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dateline: Option<String>,
    /// Where it was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The body text; all evidence spans are byte offsets into it.
    pub text: String,
}

/// Why a file or record could not be read. Each names the file (and line, for JSON lines).
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: no such file or folder")]
    Missing { path: String },
    #[error("{path}: the file is empty")]
    Empty { path: String },
    #[error("{path}: not a text file (it is not valid UTF-8 near byte {offset})")]
    NotText { path: String, offset: usize },
    #[error("{path}:{line}:{column}: invalid JSON: {message}")]
    Json {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}{location}: a document needs a non-empty \"text\" field")]
    NoText { path: String, location: String },
    #[error("{path}: unsupported file type (expected .txt, .md, .json or .jsonl)")]
    Unsupported { path: String },
    #[error("{path}: the folder holds no .txt, .md, .json or .jsonl files")]
    EmptyFolder { path: String },
}
