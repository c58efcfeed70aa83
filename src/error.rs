//! The crate error: every stage's error gathered in one enum, so callers match on the stage.

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Corpus(#[from] crate::corpus::CorpusError),
    #[error(transparent)]
    Extract(#[from] crate::extract::ExtractError),
    #[error(transparent)]
    Ner(#[from] crate::ner::NerError),
    #[error(transparent)]
    Snapshot(#[from] crate::graph::snapshot::SnapshotError),
    #[error(transparent)]
    Query(#[from] crate::query::QueryError),
    #[error(transparent)]
    Export(#[from] crate::output::export::ExportError),
}
