//! The one integration test binary: one module per area, each driving the library or the real
//! `newsgraph` binary.

mod cli;
mod export;
mod extract;
mod meetings;
mod ner;
mod query;
mod query_speed;
mod repl;
mod store;
