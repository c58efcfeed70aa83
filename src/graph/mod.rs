//! The graph stage: the property-graph model and store (the only users of petgraph), building
//! it from extracted facts, and snapshots.

pub mod build;
pub mod model;
pub mod snapshot;
pub mod store;

pub use build::build;
pub use model::{Direction, DocumentRecord, EdgeId, NodeId, PropValue, Source, Symbol};
pub use store::{EdgeRefView, KnowledgeGraph, NodeRef};
