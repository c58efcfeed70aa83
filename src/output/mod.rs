//! Output stage: the graph (or a selection of it) and query results → files and text in the
//! formats people load elsewhere (DOT/SVG/PNG, JSON, GraphML, GEXF, Neo4j, Kùzu, RDF).

pub mod columns;
pub mod csv_file;
pub mod dot;
pub mod escape;
pub mod export;
pub mod gexf;
pub mod graphml;
pub mod json;
pub mod kuzu;
pub mod neo4j;
pub mod rdf;
pub mod results;
pub mod selection;
