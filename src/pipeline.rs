//! The pipeline end to end: documents → extraction (in parallel, order-independent) → graph.

use crate::corpus::Document;
use crate::extract::{self, facts::DocumentFacts, Knowledge};
use crate::graph::{self, KnowledgeGraph};
use rayon::prelude::*;

/// Extracts every document in parallel; the result is in the input order.
pub fn extract_all(docs: &[Document], knowledge: &Knowledge) -> Vec<DocumentFacts> {
    docs.par_iter()
        .map(|doc| extract::extract(doc, knowledge))
        .collect()
}

/// Documents → graph.
pub fn build_graph(docs: &[Document], knowledge: &Knowledge) -> KnowledgeGraph {
    graph::build(extract_all(docs, knowledge))
}
