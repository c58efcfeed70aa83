//! The integration test binary: one module per area.

mod query;
mod ner;
mod extract;
mod export;
