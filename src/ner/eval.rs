//! `eval-ner`: a CoNLL-2003 file → the bundled tagger's predictions → conlleval scores,
//! and optionally the predictions as JSON lines.
//!
//! Type mapping: the tagger predicts CoNLL types directly (PER, ORG, LOC, MISC), so the
//! issue's mapping of newsgraph entity kinds (Person → PER, Organization → ORG, Place → LOC,
//! anything else → MISC) is the identity here; the extraction stage turns PER/ORG/LOC into
//! Person/Organization/Place the same way round.

use super::conll::read_conll;
use super::model::Tagger;
use super::score::{score, NerReport};
use super::{NerError, NerSpan};
use std::io::Write;
use std::path::Path;

/// Scores the bundled tagger on a CoNLL-2003 file (tagging each `-DOCSTART-` document as
/// one article, see [`Tagger::tag_document`]); with `predictions`, also writes one JSON
/// line per sentence, in order: `{"entities":[{"start":0,"end":2,"type":"PER"}]}`
/// (token indices, end exclusive).
pub fn eval_ner(path: &Path, predictions: Option<&Path>) -> Result<NerReport, NerError> {
    let sentences = read_conll(path)?;
    let tagger = Tagger::bundled();
    let predicted = super::train::tag_documents(tagger, &sentences);
    if let Some(out) = predictions {
        write_predictions(out, &predicted)?;
    }
    Ok(score(&sentences, &predicted))
}

/// Writes predicted spans as JSON lines (see [`eval_ner`]).
pub fn write_predictions(path: &Path, predicted: &[Vec<NerSpan>]) -> Result<(), NerError> {
    let io = |source| NerError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::create(path).map_err(io)?;
    let mut out = std::io::BufWriter::new(file);
    for spans in predicted {
        // Plain numbers and fixed type names: nothing needs escaping.
        out.write_all(b"{\"entities\":[").map_err(io)?;
        for (index, span) in spans.iter().enumerate() {
            if index > 0 {
                out.write_all(b",").map_err(io)?;
            }
            write!(
                out,
                "{{\"start\":{},\"end\":{},\"type\":\"{}\"}}",
                span.start, span.end, span.label
            )
            .map_err(io)?;
        }
        out.write_all(b"]}\n").map_err(io)?;
    }
    out.flush().map_err(io)
}
