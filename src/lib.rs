//! newsgraph: news articles → knowledge graph → answers.
//!
//! The stages, in pipeline order (each a module with one entry function and its own error):
//! - [`corpus`]: files → [`corpus::Document`]s (metadata, boilerplate removed) — `load`
//! - [`text`]: a document's text → sentences and tokens with byte offsets — `segment`
//! - [`ner`]: tokens → PER/ORG/LOC/MISC spans (statistical tagger; CoNLL reading, scoring,
//!   training) — `Tagger::tag`, `eval_ner`, `train`
//! - [`mention`]: tokens → typed mentions (gazetteers, name patterns, dates, tagger) — `recognize`
//! - [`resolve`]: mentions → one entity per real thing in a document — `resolve`
//! - [`extract`]: a document → its entities, events and relations with evidence — `extract`
//! - [`graph`]: facts → the petgraph property graph; snapshots — `build`, `snapshot::{save,load}`
//! - [`query`]: a question or Cypher text → AST → plan → result table — `run`
//! - [`output`]: result tables and graph exports (DOT, GraphML, GEXF, Neo4j, Kùzu, RDF) —
//!   `results::write_table`, `json::write_json`, `export::export`
//! - [`cli`]: the command line, the session shared by scripts and the REPL
//!
//! The whole path from text to an answer, as a library:
//!
//! ```
//! use newsgraph::{corpus, extract::Knowledge, pipeline, query};
//!
//! let text = b"German Chancellor Olaf Scholz met French President Emmanuel Macron in Paris on Monday.";
//! let (docs, errors) = corpus::load_bytes("note.txt", text);
//! assert!(errors.is_empty());
//! let mut graph = pipeline::build_graph(&docs, &Knowledge::bundled().unwrap());
//! let answer = query::run(
//!     &mut graph,
//!     "where did Scholz meet Macron",
//!     &query::Params::new(),
//!     &query::Options::default(),
//! )
//! .unwrap();
//! assert_eq!(answer.table.rows[0][0], query::Value::String("Paris".into()));
//! ```

pub mod cli;
pub mod corpus;
pub mod data;
pub mod dates;
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

/// mimalloc for every binary built on this crate (the CLI, tests, benches): extraction
/// allocates many small short-lived strings per document, and the system allocator spent
/// about a third of extraction time on them (and contends across rayon threads).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
