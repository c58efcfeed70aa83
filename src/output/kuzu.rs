//! Kùzu writer: a selection → a folder with schema.cypher (CREATE NODE/REL TABLE), the CSVs
//! (one per label, one per relationship type and end-label pair) and copy.cypher (COPY FROM
//! with paths relative to the folder: run it from inside the folder), and README.txt with the
//! command that does both. Output stage.
//!
//! Each label is a node table keyed by the stable key (`key STRING PRIMARY KEY`); each
//! relationship type a rel table with one FROM/TO pair per pair of end labels seen. Kùzu's
//! CSV reader does not unquote list items, so lists are written as one text field joined by a
//! separator that occurs in no item, and copy.cypher splits them with `string_split` while
//! loading (`COPY … FROM (LOAD WITH HEADERS (…) FROM '…' RETURN …)`).

use super::columns::{self, primary_label, Scalar, Schema};
use super::csv_file::{create, io_at, CsvFile};
use super::escape::csv_row as write_row;
use super::export::ExportError;
use super::selection::Selection;
use crate::graph::KnowledgeGraph;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

fn kuzu_scalar(scalar: Scalar) -> &'static str {
    match scalar {
        Scalar::Bool => "BOOLEAN",
        Scalar::Int => "INT64",
        Scalar::Float => "DOUBLE",
        Scalar::Date => "DATE",
        Scalar::Str => "STRING",
    }
}

/// A Cypher identifier in backticks (a backtick inside is doubled).
fn ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// The `COPY … FROM (LOAD WITH HEADERS …)` statement for one CSV whose leading columns are
/// `leading` (key, or from and to) and whose last column is `sources`.
fn copy_statement(
    table: &str,
    file: &CsvFile,
    leading: &[&str],
    separator: char,
    parallel: bool,
    pair: Option<(&str, &str)>,
) -> String {
    let mut header = Vec::new();
    let mut projection = Vec::new();
    for name in leading {
        header.push(format!("{} STRING", ident(name)));
        projection.push(ident(name));
    }
    let split = |column: &str, scalar: Scalar| {
        let split = format!("string_split({}, '{separator}')", ident(column));
        match scalar {
            Scalar::Str => split,
            other => format!("CAST({split} AS {}[])", kuzu_scalar(other)),
        }
    };
    for column in &file.columns {
        if column.ty.list {
            header.push(format!("{} STRING", ident(&column.name)));
            projection.push(split(&column.name, column.ty.scalar));
        } else {
            header.push(format!(
                "{} {}",
                ident(&column.name),
                kuzu_scalar(column.ty.scalar)
            ));
            projection.push(ident(&column.name));
        }
    }
    header.push("`sources` STRING".to_string());
    projection.push(split("sources", Scalar::Str));
    let mut statement = format!(
        "COPY {} FROM (LOAD WITH HEADERS ({}) FROM '{}' (header=true{}) RETURN {})",
        ident(table),
        header.join(", "),
        file.name,
        if parallel { "" } else { ", parallel=false" },
        projection.join(", ")
    );
    if let Some((from, to)) = pair {
        let _ = write!(
            statement,
            " (from='{}', to='{}')",
            from.replace('\'', "\\'"),
            to.replace('\'', "\\'")
        );
    }
    statement.push_str(";\n");
    statement
}

/// Writes the folder's files into `dir` (which exists).
pub fn write_folder(
    graph: &KnowledgeGraph,
    selection: &Selection,
    dir: &Path,
) -> Result<(), ExportError> {
    let schema = Schema::of(graph, selection);
    let sep = schema.list_separator;
    // Kùzu's parallel CSV reader cannot read quoted line breaks.
    let parallel = !schema.has_line_breaks;
    let mut used = BTreeSet::new();
    let mut ddl = String::from(
        "// Kùzu schema of a newsgraph export. Run this, then copy.cypher, from inside this folder.\n",
    );
    let mut copy = String::from(
        "// Loads the CSVs of this folder into the tables of schema.cypher; run from inside it.\n",
    );

    let mut node_files: BTreeMap<&str, CsvFile> = BTreeMap::new();
    for group in &schema.node_groups {
        let mut columns_ddl = vec!["`key` STRING".to_string()];
        for c in &group.columns {
            let list = if c.ty.list { "[]" } else { "" };
            columns_ddl.push(format!(
                "{} {}{list}",
                ident(&c.name),
                kuzu_scalar(c.ty.scalar)
            ));
        }
        columns_ddl.push("`sources` STRING[]".to_string());
        let _ = writeln!(
            ddl,
            "CREATE NODE TABLE {}({}, PRIMARY KEY(`key`));",
            ident(&group.name),
            columns_ddl.join(", ")
        );
        let name = format!("nodes_{}.csv", columns::file_stem(&group.name, &mut used));
        let mut file = create(dir, name, group.columns.clone())?;
        let header = std::iter::once("key")
            .chain(group.columns.iter().map(|c| c.name.as_str()))
            .chain(std::iter::once("sources"));
        write_row(&mut file.out, header).map_err(io_at(&file.path))?;
        copy.push_str(&copy_statement(
            &group.name,
            &file,
            &["key"],
            sep,
            parallel,
            None,
        ));
        node_files.insert(group.name.as_str(), file);
    }

    let mut edge_files: BTreeMap<(&str, &str, &str), CsvFile> = BTreeMap::new();
    for group in &schema.edge_groups {
        let mut parts: Vec<String> = group
            .pairs
            .iter()
            .map(|(from, to)| format!("FROM {} TO {}", ident(from), ident(to)))
            .collect();
        for c in &group.columns {
            let list = if c.ty.list { "[]" } else { "" };
            parts.push(format!(
                "{} {}{list}",
                ident(&c.name),
                kuzu_scalar(c.ty.scalar)
            ));
        }
        parts.push("`sources` STRING[]".to_string());
        let _ = writeln!(
            ddl,
            "CREATE REL TABLE {}({});",
            ident(&group.name),
            parts.join(", ")
        );
        let several = group.pairs.len() > 1;
        for (from, to) in &group.pairs {
            let stem = columns::file_stem(&format!("{}_{from}_{to}", group.name), &mut used);
            let mut file = create(dir, format!("rels_{stem}.csv"), group.columns.clone())?;
            let header = ["from", "to"]
                .into_iter()
                .chain(group.columns.iter().map(|c| c.name.as_str()))
                .chain(std::iter::once("sources"));
            write_row(&mut file.out, header).map_err(io_at(&file.path))?;
            copy.push_str(&copy_statement(
                &group.name,
                &file,
                &["from", "to"],
                sep,
                parallel,
                several.then_some((from.as_str(), to.as_str())),
            ));
            edge_files.insert((group.name.as_str(), from.as_str(), to.as_str()), file);
        }
    }

    let mut fields: Vec<String> = Vec::new();
    for &id in selection.nodes() {
        let node = graph.node(id);
        let Some(file) = node_files.get_mut(primary_label(&node)) else {
            continue;
        };
        fields.resize(file.columns.len() + 2, String::new());
        fields[0].clear();
        fields[0].push_str(node.key());
        columns::fill_fields(&mut fields[1..], &file.columns, |p| node.prop_sym(p), sep);
        if let Some(field) = fields.last_mut() {
            columns::sources_field(field, graph, node.sources(), sep);
        }
        write_row(&mut file.out, fields.iter().map(String::as_str)).map_err(io_at(&file.path))?;
    }
    for &id in selection.edges() {
        let edge = graph.edge(id);
        let (from, to) = (graph.node(edge.from), graph.node(edge.to));
        let table = (edge.rel_type(), primary_label(&from), primary_label(&to));
        let Some(file) = edge_files.get_mut(&table) else {
            continue;
        };
        fields.resize(file.columns.len() + 3, String::new());
        fields[0].clear();
        fields[0].push_str(from.key());
        fields[1].clear();
        fields[1].push_str(to.key());
        columns::fill_fields(&mut fields[2..], &file.columns, |p| edge.prop_sym(p), sep);
        if let Some(field) = fields.last_mut() {
            columns::sources_field(field, graph, edge.sources(), sep);
        }
        write_row(&mut file.out, fields.iter().map(String::as_str)).map_err(io_at(&file.path))?;
    }
    for file in node_files.values_mut().chain(edge_files.values_mut()) {
        file.out.flush().map_err(io_at(&file.path))?;
    }
    let readme = format!(
        "Kùzu import of a newsgraph export ({nodes} nodes, {edges} relationships).\n\
         \n\
         schema.cypher creates one node table per label (primary key `key`, the newsgraph\n\
         key) and one relationship table per type; copy.cypher loads the CSVs of this folder\n\
         with paths relative to it, so run both from inside this folder. With Python\n\
         (pip install kuzu), into a new database ../newsgraph.kuzu:\n\
         \n\
         python3 -c \"import kuzu; c = kuzu.Connection(kuzu.Database('../newsgraph.kuzu')); \
         c.execute(open('schema.cypher').read()); c.execute(open('copy.cypher').read())\"\n\
         \n\
         Then, for example: MATCH (a:Person)-[m:MET]->(b) RETURN a.name, b.name, m.place, m.date;\n\
         \n\
         `sources` lists the evidence of each node and relationship as\n\
         document-id#sentence:start-end:rule (byte offsets into the document).\n",
        nodes = selection.nodes().len(),
        edges = selection.edges().len(),
    );
    for (name, text) in [
        ("schema.cypher", ddl),
        ("copy.cypher", copy),
        ("README.txt", readme),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(io_at(&path))?;
    }
    Ok(())
}
