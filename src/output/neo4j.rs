//! Neo4j bulk-import writer: a selection → a folder of CSV files with neo4j-admin headers
//! (one file per label and per relationship type) and README.txt with the import command.
//! Output stage.
//!
//! Nodes: `key:ID(Node)` (the stable key, kept as property `key`), `:LABEL`, one typed column
//! per property (`name:string`, `aliases:string[]`, `date:date`, `round:long`, ...), and
//! `sources:string[]`. Relationships: `:START_ID(Node)`, `:END_ID(Node)`, `:TYPE`, typed
//! properties, `sources:string[]`.

use super::columns::{self, primary_label, Column, Scalar, Schema};
use super::csv_file::{create, io_at, CsvFile};
use super::escape::csv_row as write_row;
use super::export::ExportError;
use super::selection::Selection;
use crate::graph::KnowledgeGraph;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;

/// The id space every node id lives in.
const ID_SPACE: &str = "Node";

fn neo4j_type(column: &Column) -> String {
    let scalar = match column.ty.scalar {
        Scalar::Bool => "boolean",
        Scalar::Int => "long",
        Scalar::Float => "double",
        Scalar::Date => "date",
        Scalar::Str => "string",
    };
    if column.ty.list {
        format!("{scalar}[]")
    } else {
        scalar.to_string()
    }
}

/// Writes the folder's files into `dir` (which exists).
pub fn write_folder(
    graph: &KnowledgeGraph,
    selection: &Selection,
    dir: &Path,
) -> Result<(), ExportError> {
    let schema = Schema::of(graph, selection);
    let sep = schema.list_separator;
    let mut used = BTreeSet::new();

    let mut node_files: BTreeMap<&str, CsvFile> = BTreeMap::new();
    for group in &schema.node_groups {
        let name = format!("nodes_{}.csv", columns::file_stem(&group.name, &mut used));
        let mut file = create(dir, name, group.columns.clone())?;
        let mut header = vec![format!("key:ID({ID_SPACE})"), ":LABEL".to_string()];
        header.extend(
            group
                .columns
                .iter()
                .map(|c| format!("{}:{}", c.name, neo4j_type(c))),
        );
        header.push("sources:string[]".to_string());
        write_row(&mut file.out, header.iter().map(String::as_str)).map_err(io_at(&file.path))?;
        node_files.insert(group.name.as_str(), file);
    }
    let mut edge_files: BTreeMap<&str, CsvFile> = BTreeMap::new();
    for group in &schema.edge_groups {
        let name = format!("rels_{}.csv", columns::file_stem(&group.name, &mut used));
        let mut file = create(dir, name, group.columns.clone())?;
        let mut header = vec![
            format!(":START_ID({ID_SPACE})"),
            format!(":END_ID({ID_SPACE})"),
            ":TYPE".to_string(),
        ];
        header.extend(
            group
                .columns
                .iter()
                .map(|c| format!("{}:{}", c.name, neo4j_type(c))),
        );
        header.push("sources:string[]".to_string());
        write_row(&mut file.out, header.iter().map(String::as_str)).map_err(io_at(&file.path))?;
        edge_files.insert(group.name.as_str(), file);
    }

    let mut fields: Vec<String> = Vec::new();
    for &id in selection.nodes() {
        let node = graph.node(id);
        let Some(file) = node_files.get_mut(primary_label(&node)) else {
            continue;
        };
        fields.resize(file.columns.len() + 3, String::new());
        fields[0].clear();
        fields[0].push_str(node.key());
        fields[1].clear();
        for (i, label) in node.labels().enumerate() {
            if i > 0 {
                fields[1].push(sep);
            }
            fields[1].push_str(label);
        }
        columns::fill_fields(&mut fields[2..], &file.columns, |p| node.prop_sym(p), sep);
        if let Some(field) = fields.last_mut() {
            columns::sources_field(field, graph, node.sources(), sep);
        }
        write_row(&mut file.out, fields.iter().map(String::as_str)).map_err(io_at(&file.path))?;
        file.rows += 1;
    }
    for &id in selection.edges() {
        let edge = graph.edge(id);
        let Some(file) = edge_files.get_mut(edge.rel_type()) else {
            continue;
        };
        fields.resize(file.columns.len() + 4, String::new());
        fields[0].clear();
        fields[0].push_str(graph.node(edge.from).key());
        fields[1].clear();
        fields[1].push_str(graph.node(edge.to).key());
        fields[2].clear();
        fields[2].push_str(edge.rel_type());
        columns::fill_fields(&mut fields[3..], &file.columns, |p| edge.prop_sym(p), sep);
        if let Some(field) = fields.last_mut() {
            columns::sources_field(field, graph, edge.sources(), sep);
        }
        write_row(&mut file.out, fields.iter().map(String::as_str)).map_err(io_at(&file.path))?;
        file.rows += 1;
    }

    let mut command =
        String::from("neo4j-admin database import full --overwrite-destination --id-type=string");
    let delimiter = match sep {
        '\u{1f}' => "U+001F".to_string(),
        '¦' => "U+00A6".to_string(),
        c => format!("'{c}'"),
    };
    command.push_str(&format!(" --array-delimiter={delimiter}"));
    if schema.has_line_breaks {
        command.push_str(" --multiline-fields=true");
    }
    let mut inventory = String::new();
    for file in node_files.values_mut() {
        command.push_str(&format!(" --nodes={}", file.name));
        inventory.push_str(&format!("  {:<32} {} nodes\n", file.name, file.rows));
    }
    for file in edge_files.values_mut() {
        command.push_str(&format!(" --relationships={}", file.name));
        inventory.push_str(&format!(
            "  {:<32} {} relationships\n",
            file.name, file.rows
        ));
    }
    command.push_str(" neo4j");
    for file in node_files.values_mut().chain(edge_files.values_mut()) {
        file.out.flush().map_err(io_at(&file.path))?;
    }

    let readme = format!(
        "Neo4j bulk import of a newsgraph export ({nodes} nodes, {edges} relationships).\n\
         \n\
         Stop Neo4j, then run this from inside this folder (Neo4j 5; it replaces the database\n\
         named at the end, here `neo4j`):\n\
         \n\
         {command}\n\
         \n\
         Then start Neo4j and try:\n\
         \n\
         MATCH (a:Person)-[m:MET]-(b) RETURN a.name, b.name, m.place, m.date LIMIT 25\n\
         \n\
         Every node keeps its newsgraph key in `key` (unique; used as the import id).\n\
         `sources` lists the evidence of each node and relationship as\n\
         document-id#sentence:start-end:rule (byte offsets into the document).\n\
         List properties use {delimiter} between items.\n\
         \n\
         Files:\n{inventory}",
        nodes = selection.nodes().len(),
        edges = selection.edges().len(),
    );
    let readme_path = dir.join("README.txt");
    std::fs::write(&readme_path, readme).map_err(io_at(&readme_path))
}
