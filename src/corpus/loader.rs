//! Reading documents from files and folders: .txt and .md as articles, .json as one document
//! or an array of them, .jsonl as one document per line. Bad files are reported, not fatal.

use super::clean;
use super::{CorpusError, Document};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The documents read and the files (or records) that could not be.
#[derive(Debug, Default)]
pub struct LoadReport {
    pub documents: Vec<Document>,
    pub errors: Vec<CorpusError>,
}

pub(super) const EXTENSIONS: &[&str] = &["txt", "md", "json", "jsonl"];

/// Loads every path: a file directly, a folder recursively (supported extensions only, in
/// sorted order). Documents come out sorted by id.
pub fn load(paths: &[PathBuf]) -> LoadReport {
    let mut report = LoadReport::default();
    for path in paths {
        let shown = path.display().to_string();
        if path.is_dir() {
            let mut files = Vec::new();
            walk(path, &mut files, &mut report.errors);
            files.sort();
            if files.is_empty() {
                report.errors.push(CorpusError::EmptyFolder { path: shown });
            }
            for file in files {
                load_file(&file, &mut report);
            }
        } else if path.exists() {
            load_file(path, &mut report);
        } else {
            report.errors.push(CorpusError::Missing { path: shown });
        }
    }
    report.documents.sort_by(|a, b| a.id.cmp(&b.id));
    report
}

pub(super) fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<CorpusError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(source) => {
            errors.push(CorpusError::Io {
                path: dir.display().to_string(),
                source,
            });
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, files, errors);
        } else if extension(&path).is_some_and(|e| EXTENSIONS.contains(&e.as_str())) {
            files.push(path);
        }
    }
}

pub(super) fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

fn load_file(path: &Path, report: &mut LoadReport) {
    let shown = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => {
            let (docs, errors) = load_bytes(&shown, &bytes);
            for mut doc in docs {
                doc.path = Some(shown.clone());
                report.documents.push(doc);
            }
            report.errors.extend(errors);
        }
        Err(source) => report.errors.push(CorpusError::Io {
            path: shown,
            source,
        }),
    }
}

/// Parses one file's bytes; `name` gives the format (by extension) and the id (by stem).
/// Returns the documents read and the errors met: a JSON lines file keeps its good records
/// even when some lines are bad.
pub fn load_bytes(name: &str, bytes: &[u8]) -> (Vec<Document>, Vec<CorpusError>) {
    let path = name.to_string();
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return (Vec::new(), vec![CorpusError::Empty { path }]);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) if !t.contains('\0') => t,
        Ok(t) => {
            let offset = t.find('\0').unwrap_or(0);
            return (Vec::new(), vec![CorpusError::NotText { path, offset }]);
        }
        Err(e) => {
            let offset = e.valid_up_to();
            return (Vec::new(), vec![CorpusError::NotText { path, offset }]);
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let stem = Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_string());
    match extension(Path::new(name)).as_deref() {
        Some("json") => match load_json(&path, &stem, text) {
            Ok(docs) => (docs, Vec::new()),
            Err(e) => (Vec::new(), vec![e]),
        },
        Some("jsonl") => load_jsonl(&path, &stem, text),
        Some("md") => (
            vec![clean::article(&stem, &clean::strip_markdown(text))],
            Vec::new(),
        ),
        _ => (vec![clean::article(&stem, text)], Vec::new()),
    }
}

/// A JSON document record. `text` is required; everything else is optional metadata.
#[derive(Deserialize)]
struct JsonDocument {
    id: Option<serde_json::Value>,
    title: Option<String>,
    date: Option<String>,
    source: Option<String>,
    byline: Option<String>,
    section: Option<String>,
    text: Option<String>,
}

/// `location` (for an error) and `fallback_id` (for a record without an id) are made only
/// when needed: most records have both text and an id.
fn from_json_record(
    path: &str,
    location: impl FnOnce() -> String,
    fallback_id: impl FnOnce() -> String,
    record: JsonDocument,
) -> Result<Document, CorpusError> {
    let text = record.text.unwrap_or_default();
    if text.trim().is_empty() {
        return Err(CorpusError::NoText {
            path: path.to_string(),
            location: location(),
        });
    }
    let id = record_id(record.id, fallback_id);
    let mut doc = clean::article(&id, &text);
    // Explicit metadata wins over anything found in the text.
    doc.title = record.title.or(doc.title);
    doc.date = record.date.map(|d| clean::normalize_date(&d)).or(doc.date);
    doc.source = record.source.or(doc.source);
    doc.byline = record.byline.or(doc.byline);
    doc.section = record.section.or(doc.section);
    Ok(doc)
}

/// A record's id: its `id` field (a non-empty string or a number), else the fallback.
fn record_id(id: Option<serde_json::Value>, fallback_id: impl FnOnce() -> String) -> String {
    match id {
        Some(serde_json::Value::String(s)) if !s.is_empty() => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => fallback_id(),
    }
}

fn json_error(path: &str, e: serde_json::Error, line_offset: usize) -> CorpusError {
    CorpusError::Json {
        path: path.to_string(),
        line: e.line() + line_offset,
        column: e.column(),
        message: e.to_string(),
    }
}

fn load_json(path: &str, stem: &str, text: &str) -> Result<Vec<Document>, CorpusError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| json_error(path, e, 0))?;
    let records: Vec<serde_json::Value> = match value {
        serde_json::Value::Array(items) => items,
        other => vec![other],
    };
    let many = records.len() > 1;
    let mut docs = Vec::new();
    for (i, value) in records.into_iter().enumerate() {
        let record: JsonDocument =
            serde_json::from_value(value).map_err(|e| json_error(path, e, 0))?;
        let (location, id) = if many {
            (format!(" (item {})", i + 1), format!("{stem}#{}", i + 1))
        } else {
            (String::new(), stem.to_string())
        };
        docs.push(from_json_record(path, || location, || id, record)?);
    }
    Ok(docs)
}

/// Parses JSON lines; returns the good documents and one error per bad line.
pub fn load_jsonl(path: &str, stem: &str, text: &str) -> (Vec<Document>, Vec<CorpusError>) {
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match jsonl_record(path, stem, i, line) {
            Ok(doc) => docs.push(doc),
            Err(e) => errors.push(e),
        }
    }
    (docs, errors)
}

/// The document on line `index` (0-based) of a JSON lines file.
pub(super) fn jsonl_record(
    path: &str,
    stem: &str,
    index: usize,
    line: &str,
) -> Result<Document, CorpusError> {
    let number = index + 1;
    let record =
        serde_json::from_str::<JsonDocument>(line).map_err(|e| json_error(path, e, index))?;
    from_json_record(
        path,
        || format!(":{number}"),
        || format!("{stem}#{number}"),
        record,
    )
}

/// The document on line `number` (from 1) of JSON lines read from standard input; errors
/// name `<stdin>` and that line, and a document without an id is `stdin#<number>`.
pub fn stdin_record(number: usize, line: &[u8]) -> Result<Document, CorpusError> {
    let line = std::str::from_utf8(line).map_err(|e| CorpusError::NotText {
        path: format!("<stdin>:{number}"),
        offset: e.valid_up_to(),
    })?;
    let line = line.strip_suffix('\r').unwrap_or(line);
    jsonl_record("<stdin>", "stdin", number.saturating_sub(1), line)
}

/// The id of the document on line `index` of a JSON lines file, or the error reading it would
/// give, without cleaning its text (the streaming reader's first pass).
pub(super) fn jsonl_record_id(
    path: &str,
    stem: &str,
    index: usize,
    line: &str,
) -> Result<String, CorpusError> {
    let number = index + 1;
    let record =
        serde_json::from_str::<JsonDocument>(line).map_err(|e| json_error(path, e, index))?;
    if record.text.as_deref().unwrap_or_default().trim().is_empty() {
        return Err(CorpusError::NoText {
            path: path.to_string(),
            location: format!(":{number}"),
        });
    }
    Ok(record_id(record.id, || format!("{stem}#{number}")))
}
