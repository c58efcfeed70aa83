//! Query results → JSON: one array of row objects per statement, on one line. Nodes become
//! `{_key, _labels, ...properties}`, relationships `{_type, _from, _to, ...properties}`.

use crate::graph::{KnowledgeGraph, PropValue};
use crate::query::{Table, Value};
use serde_json::{json, Map, Number, Value as Json};

fn prop_json(v: &PropValue) -> Json {
    match v {
        PropValue::Bool(b) => Json::Bool(*b),
        PropValue::Int(i) => Json::from(*i),
        PropValue::Float(f) => Number::from_f64(*f).map_or(Json::Null, Json::Number),
        PropValue::Str(s) => Json::String(s.clone()),
        PropValue::List(items) => Json::Array(items.iter().map(prop_json).collect()),
    }
}

/// One value as JSON.
pub fn value_json(graph: &KnowledgeGraph, value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Float(f) => Number::from_f64(*f).map_or_else(
            || Json::String(crate::output::results::float_text(*f)),
            Json::Number,
        ),
        Value::String(s) => Json::String(s.clone()),
        Value::List(items) => Json::Array(items.iter().map(|v| value_json(graph, v)).collect()),
        Value::Map(map) => Json::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), value_json(graph, v)))
                .collect(),
        ),
        Value::Node(id) => {
            if !graph.contains_node(*id) {
                return Json::Null;
            }
            let node = graph.node(*id);
            let mut obj = Map::new();
            obj.insert("_key".into(), json!(node.key()));
            obj.insert("_labels".into(), json!(node.labels().collect::<Vec<_>>()));
            for (k, v) in node.props() {
                obj.insert(k.to_string(), prop_json(v));
            }
            Json::Object(obj)
        }
        Value::Rel(id) => {
            let edge = graph.edge(*id);
            let mut obj = Map::new();
            obj.insert("_type".into(), json!(edge.rel_type()));
            obj.insert("_from".into(), json!(graph.node(edge.from).key()));
            obj.insert("_to".into(), json!(graph.node(edge.to).key()));
            for (k, v) in edge.props() {
                obj.insert(k.to_string(), prop_json(v));
            }
            Json::Object(obj)
        }
        Value::Path(path) => json!({
            "nodes": path.nodes.iter().map(|n| value_json(graph, &Value::Node(*n))).collect::<Vec<_>>(),
            "relationships": path.rels.iter().map(|r| value_json(graph, &Value::Rel(*r))).collect::<Vec<_>>(),
        }),
    }
}

/// The table as one line: `[{"col": value, ...}, ...]`.
pub fn write_json(
    graph: &KnowledgeGraph,
    table: &Table,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let rows: Vec<Json> = table
        .rows
        .iter()
        .map(|row| {
            let mut obj = Map::new();
            for (col, v) in table.columns.iter().zip(row) {
                obj.insert(col.clone(), value_json(graph, v));
            }
            Json::Object(obj)
        })
        .collect();
    serde_json::to_writer(&mut *out, &rows)?;
    writeln!(out)
}
