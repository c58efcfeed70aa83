//! newsgraph: news articles → knowledge graph → answers.
//!
//! The stages, in pipeline order (each a module with one entry function and its own error):
//! - [`corpus`]: files → [`corpus::Document`]s (metadata, boilerplate removed) — `load`
//! - [`ner`]: tokens → PER/ORG/LOC/MISC spans (statistical tagger, CoNLL reader and scorer) — `Tagger::tag`, `eval_ner`, `train`
//! - [`extract`]: a document → its entities and facts with evidence — `extract`
//! - [`graph`]: facts → the petgraph property graph; snapshots — `build`, `snapshot::{save,load}`
//! - [`query`]: query text → AST → plan → table — `parse`, `plan`, `execute`
//! - [`output`]: a table or the graph → table, JSON, CSV, DOT and other formats — `render`
//! - [`cli`]: the command line, the session shared by scripts and the REPL

pub mod cli;
pub mod corpus;
pub mod data;
pub mod error;
pub mod extract;
pub mod graph;
pub mod mention;
pub mod ner;
pub mod output;
pub mod pipeline;
pub mod query;
pub mod resolve;
pub mod text;

pub use error::Error;
