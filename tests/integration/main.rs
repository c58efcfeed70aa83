//! The integration test binary: one module per area.

mod export;
mod extract;
mod ner;
mod query;
