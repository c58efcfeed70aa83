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
static ALLOCATOR: WordAlignedMiMalloc = WordAlignedMiMalloc;

/// mimalloc, asked for plain blocks when a word's alignment suffices. `mimalloc::MiMalloc`
/// calls the aligned entry points for every allocation, whose extra checks cost about 1% of
/// extraction; every mimalloc block is aligned to at least a word (8 bytes), and most Rust
/// allocations ask for no more.
struct WordAlignedMiMalloc;

/// The alignment every mimalloc block has.
const MI_WORD_ALIGN: usize = 8;

// SAFETY: the mimalloc entry points meet `GlobalAlloc`'s contract: blocks of at least the
// requested size, aligned to MI_WORD_ALIGN (plain calls, used only when that suffices) or to
// the requested alignment (aligned calls); `mi_free` takes blocks from either kind.
unsafe impl std::alloc::GlobalAlloc for WordAlignedMiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        if layout.align() <= MI_WORD_ALIGN {
            mi_malloc(layout.size()).cast()
        } else {
            std::alloc::GlobalAlloc::alloc(&mimalloc::MiMalloc, layout)
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        if layout.align() <= MI_WORD_ALIGN {
            mi_zalloc(layout.size()).cast()
        } else {
            std::alloc::GlobalAlloc::alloc_zeroed(&mimalloc::MiMalloc, layout)
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        std::alloc::GlobalAlloc::dealloc(&mimalloc::MiMalloc, ptr, layout)
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= MI_WORD_ALIGN {
            mi_realloc(ptr.cast(), new_size).cast()
        } else {
            std::alloc::GlobalAlloc::realloc(&mimalloc::MiMalloc, ptr, layout, new_size)
        }
    }
}

extern "C" {
    /// mimalloc's `mi_option_set` (linked in with the allocator).
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    /// mimalloc's unaligned allocation entry points (word-aligned blocks).
    fn mi_malloc(size: usize) -> *mut std::ffi::c_void;
    fn mi_zalloc(size: usize) -> *mut std::ffi::c_void;
    fn mi_realloc(ptr: *mut std::ffi::c_void, new_size: usize) -> *mut std::ffi::c_void;
}

/// mimalloc's `mi_option_purge_delay`: the same index in its v2 and v3 option enums.
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// Keeps memory freed by the allocator for reuse instead of returning it to the OS 10 ms
/// later. Extraction frees and reallocates the same few megabytes per batch of documents;
/// returned memory comes back as fresh transparent huge pages the kernel zeroes on first
/// touch, which cost 5–10 % of extraction time. Peak memory grows by a few megabytes.
/// A MIMALLOC_PURGE_DELAY or MIMALLOC_ARENA_PURGE_MULT set in the environment wins.
pub fn keep_freed_memory() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some()
        || std::env::var_os("MIMALLOC_ARENA_PURGE_MULT").is_some()
    {
        return;
    }
    // SAFETY: `mi_option_set` only stores an option value; any value is valid for this
    // option (-1: never purge).
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}
