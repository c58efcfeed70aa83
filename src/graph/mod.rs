//! The graph stage: the property-graph model and store (the only users of petgraph), building
//! it from extracted facts, and snapshots.

mod adjacency;
pub mod build;
mod columns;
pub mod model;
pub mod snapshot;
pub mod store;
mod strings;

pub use build::build;
pub use model::{Direction, DocumentRecord, EdgeId, NodeId, PropValue, Source, Symbol};
pub use store::{EdgeRefView, KnowledgeGraph, Neighbours, NodeRef};
