//! The pipeline end to end: documents → extraction (in parallel, order-independent) → graph.

use crate::corpus::Document;
use crate::extract::{self, facts::DocumentFacts, Knowledge};
use crate::graph::{self, KnowledgeGraph};
use rayon::prelude::*;

/// Extracts every document in parallel; the result is in the input order.
pub fn extract_all(docs: &[Document], knowledge: &Knowledge) -> Vec<DocumentFacts> {
    extract_all_with_progress(docs, knowledge, &|| {})
}

/// As `extract_all`, calling `done` after each document (for a progress bar).
pub fn extract_all_with_progress(
    docs: &[Document],
    knowledge: &Knowledge,
    done: &(dyn Fn() + Sync),
) -> Vec<DocumentFacts> {
    docs.par_iter()
        .map(|doc| {
            let facts = extract::extract(doc, knowledge);
            done();
            facts
        })
        .collect()
}

/// Documents → graph.
pub fn build_graph(docs: &[Document], knowledge: &Knowledge) -> KnowledgeGraph {
    graph::build(extract_all(docs, knowledge))
}
