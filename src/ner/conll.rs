//! CoNLL-2003 reader: a file of `token POS chunk NER` lines → sentences with gold IOB2 tags.
//! `-DOCSTART-` lines separate documents and are not sentences; blank lines end sentences.

use super::{tag_begin, tag_inside, NerError, NerLabel, NerSpan};
use std::path::Path;

/// One sentence: its tokens and their gold tag indices (0 = O, see [`super::tag_parts`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConllSentence {
    pub tokens: Vec<String>,
    pub tags: Vec<usize>,
    /// Index of the document (counted by `-DOCSTART-` lines) the sentence belongs to.
    pub document: usize,
    /// 1-based line of the sentence's first token in the file.
    pub line: usize,
}

impl ConllSentence {
    /// The gold entities.
    pub fn spans(&self) -> Vec<NerSpan> {
        super::spans_from_tags(&self.tags)
    }

    /// The tokens as string slices (what [`super::Tagger::tag`] takes).
    pub fn token_strs(&self) -> Vec<&str> {
        self.tokens.iter().map(String::as_str).collect()
    }
}

/// Reads a CoNLL-2003 file. The NER tag is the last column; both IOB1 and IOB2 inputs are
/// accepted and stored as IOB2. Errors name the file and line.
pub fn read_conll(path: &Path) -> Result<Vec<ConllSentence>, NerError> {
    let text = std::fs::read_to_string(path).map_err(|source| NerError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_conll(&text, path)
}

/// Parses CoNLL-2003 text; `path` only names the source in errors.
pub fn parse_conll(text: &str, path: &Path) -> Result<Vec<ConllSentence>, NerError> {
    let mut sentences = Vec::new();
    let mut current = ConllSentence {
        tokens: Vec::new(),
        tags: Vec::new(),
        document: 0,
        line: 0,
    };
    let mut document = 0usize;
    let mut seen_docstart = false;
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            finish(&mut current, &mut sentences);
            continue;
        }
        let columns: Vec<&str> = line.split_whitespace().collect();
        if columns[0] == "-DOCSTART-" {
            finish(&mut current, &mut sentences);
            if seen_docstart {
                document += 1;
            }
            seen_docstart = true;
            continue;
        }
        if columns.len() < 2 {
            return Err(NerError::Format {
                path: path.to_path_buf(),
                line: line_no,
                message: format!("expected `token ... NER-tag`, found {line:?}"),
            });
        }
        let tag_text = columns[columns.len() - 1];
        let previous = current.tags.last().copied().unwrap_or(0);
        let tag = parse_tag(tag_text, previous).ok_or_else(|| NerError::Format {
            path: path.to_path_buf(),
            line: line_no,
            message: format!(
                "unknown NER tag {tag_text:?} (expected O, B-/I- with PER, ORG, LOC or MISC)"
            ),
        })?;
        if current.tokens.is_empty() {
            current.line = line_no;
            current.document = document;
        }
        current.tokens.push(columns[0].to_string());
        current.tags.push(tag);
    }
    finish(&mut current, &mut sentences);
    Ok(sentences)
}

fn finish(current: &mut ConllSentence, sentences: &mut Vec<ConllSentence>) {
    if !current.tokens.is_empty() {
        let document = current.document;
        sentences.push(std::mem::replace(
            current,
            ConllSentence {
                tokens: Vec::new(),
                tags: Vec::new(),
                document,
                line: 0,
            },
        ));
    }
}

/// `O`, `B-X`, `I-X` → tag index; an `I-X` that does not continue an X span becomes `B-X`
/// (IOB1 → IOB2).
fn parse_tag(text: &str, previous: usize) -> Option<usize> {
    if text == "O" {
        return Some(0);
    }
    let (prefix, name) = text.split_once('-')?;
    let label = NerLabel::parse(name)?;
    match prefix {
        "B" => Some(tag_begin(label)),
        "I" if previous == tag_begin(label) || previous == tag_inside(label) => {
            Some(tag_inside(label))
        }
        "I" => Some(tag_begin(label)),
        _ => None,
    }
}
