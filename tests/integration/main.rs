//! The integration test binary: one module per area.

mod query;
mod ner;
mod extract;
//! The one integration test binary: one module per area.
mod export;
