//! Runtime values of the query engine and their openCypher semantics: equality with nulls,
//! comparison, the global sort order, grouping keys, and conversion to and from stored
//! property values.

use crate::graph::{EdgeId, KnowledgeGraph, NodeId, PropValue};
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::hash::{Hash, Hasher};

/// A value flowing through a query.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    List(Vec<Value>),
    Map(BTreeMap<String, Value>),
    Node(NodeId),
    Rel(EdgeId),
    Path(Path),
}

/// A path: `nodes.len() == rels.len() + 1`, in traversal order.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Path {
    pub nodes: Vec<NodeId>,
    pub rels: Vec<EdgeId>,
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The openCypher type name, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "Null",
            Value::Bool(_) => "Boolean",
            Value::Int(_) => "Integer",
            Value::Float(_) => "Float",
            Value::String(_) => "String",
            Value::List(_) => "List",
            Value::Map(_) => "Map",
            Value::Node(_) => "Node",
            Value::Rel(_) => "Relationship",
            Value::Path(_) => "Path",
        }
    }

    pub fn from_prop(p: &PropValue) -> Value {
        match p {
            PropValue::Bool(b) => Value::Bool(*b),
            PropValue::Int(i) => Value::Int(*i),
            PropValue::Float(f) => Value::Float(*f),
            PropValue::Str(s) => Value::String(s.clone()),
            PropValue::List(items) => Value::List(items.iter().map(Value::from_prop).collect()),
        }
    }

    /// The stored form of a property value; `None` for values that cannot be stored
    /// (maps, nodes, relationships, paths, lists of those).
    pub fn to_prop(&self) -> Option<PropValue> {
        Some(match self {
            Value::Bool(b) => PropValue::Bool(*b),
            Value::Int(i) => PropValue::Int(*i),
            Value::Float(f) => PropValue::Float(*f),
            Value::String(s) => PropValue::Str(s.clone()),
            Value::List(items) => PropValue::List(
                items
                    .iter()
                    .map(|v| match v {
                        Value::List(_) | Value::Null => None,
                        v => v.to_prop(),
                    })
                    .collect::<Option<Vec<_>>>()?,
            ),
            _ => return None,
        })
    }

    /// openCypher `=`: `None` is null (unknown).
    pub fn equals(&self, other: &Value) -> Option<bool> {
        match (self, other) {
            (Value::Null, _) | (_, Value::Null) => None,
            (Value::Int(a), Value::Int(b)) => Some(a == b),
            (Value::Int(a), Value::Float(b)) => Some((*a as f64) == *b),
            (Value::Float(a), Value::Int(b)) => Some(*a == (*b as f64)),
            (Value::Float(a), Value::Float(b)) => Some(a == b),
            (Value::List(a), Value::List(b)) => {
                if a.len() != b.len() {
                    return Some(false);
                }
                let mut unknown = false;
                for (x, y) in a.iter().zip(b) {
                    match x.equals(y) {
                        Some(false) => return Some(false),
                        None => unknown = true,
                        Some(true) => {}
                    }
                }
                if unknown {
                    None
                } else {
                    Some(true)
                }
            }
            (Value::Map(a), Value::Map(b)) => {
                if a.len() != b.len() || a.keys().zip(b.keys()).any(|(x, y)| x != y) {
                    return Some(false);
                }
                let mut unknown = false;
                for (x, y) in a.values().zip(b.values()) {
                    match x.equals(y) {
                        Some(false) => return Some(false),
                        None => unknown = true,
                        Some(true) => {}
                    }
                }
                if unknown {
                    None
                } else {
                    Some(true)
                }
            }
            (Value::Bool(a), Value::Bool(b)) => Some(a == b),
            (Value::String(a), Value::String(b)) => Some(a == b),
            (Value::Node(a), Value::Node(b)) => Some(a == b),
            (Value::Rel(a), Value::Rel(b)) => Some(a == b),
            (Value::Path(a), Value::Path(b)) => Some(a == b),
            _ => Some(false),
        }
    }

    /// openCypher `<` family: `None` when the values are not comparable (or null).
    pub fn compare(&self, other: &Value) -> Option<Ordering> {
        match (self, other) {
            (Value::Int(a), Value::Int(b)) => Some(a.cmp(b)),
            (Value::Int(a), Value::Float(b)) => (*a as f64).partial_cmp(b),
            (Value::Float(a), Value::Int(b)) => a.partial_cmp(&(*b as f64)),
            (Value::Float(a), Value::Float(b)) => a.partial_cmp(b),
            (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
            (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
            (Value::List(a), Value::List(b)) => {
                for (x, y) in a.iter().zip(b) {
                    match x.compare(y) {
                        Some(Ordering::Equal) => {}
                        Some(o) => return Some(o),
                        None => {
                            if x.is_null() || y.is_null() {
                                return None;
                            }
                            return match x.equals(y) {
                                Some(true) => continue,
                                _ => None,
                            };
                        }
                    }
                }
                Some(a.len().cmp(&b.len()))
            }
            _ => None,
        }
    }

    fn order_rank(&self) -> u8 {
        match self {
            Value::Map(_) => 0,
            Value::Node(_) => 1,
            Value::Rel(_) => 2,
            Value::List(_) => 3,
            Value::Path(_) => 4,
            Value::String(_) => 5,
            Value::Bool(_) => 6,
            Value::Int(_) | Value::Float(_) => 7,
            Value::Null => 8,
        }
    }

    /// The total order used by ORDER BY (nulls last when ascending, NaN after numbers).
    pub fn order(&self, other: &Value) -> Ordering {
        let (ra, rb) = (self.order_rank(), other.order_rank());
        if ra != rb {
            return ra.cmp(&rb);
        }
        match (self, other) {
            (Value::Map(a), Value::Map(b)) => {
                for ((ka, va), (kb, vb)) in a.iter().zip(b) {
                    let o = ka.cmp(kb).then_with(|| va.order(vb));
                    if o != Ordering::Equal {
                        return o;
                    }
                }
                a.len().cmp(&b.len())
            }
            (Value::Node(a), Value::Node(b)) => a.cmp(b),
            (Value::Rel(a), Value::Rel(b)) => a.cmp(b),
            (Value::List(a), Value::List(b)) => {
                for (x, y) in a.iter().zip(b) {
                    let o = x.order(y);
                    if o != Ordering::Equal {
                        return o;
                    }
                }
                a.len().cmp(&b.len())
            }
            (Value::Path(a), Value::Path(b)) => {
                a.nodes.cmp(&b.nodes).then_with(|| a.rels.cmp(&b.rels))
            }
            (Value::String(a), Value::String(b)) => a.cmp(b),
            (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
            (a, b) => {
                let x = a.as_f64().unwrap_or(f64::NAN);
                let y = b.as_f64().unwrap_or(f64::NAN);
                match (x.is_nan(), y.is_nan()) {
                    (true, true) => Ordering::Equal,
                    (true, false) => Ordering::Greater,
                    (false, true) => Ordering::Less,
                    _ => match (a, b) {
                        (Value::Int(i), Value::Int(j)) => i.cmp(j),
                        _ => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
                    },
                }
            }
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// Shows the value with nodes and relationships spelled out from the graph, in the
    /// TCK's notation: `(:Person {name: 'Ann'})`, `[:MET {place: 'Madrid'}]`.
    pub fn display<'a>(&'a self, graph: &'a KnowledgeGraph) -> ValueDisplay<'a> {
        ValueDisplay { value: self, graph }
    }
}

/// Grouping and DISTINCT key: equality where `null = null` and `1 = 1.0`.
#[derive(Clone, Debug)]
pub struct GroupKey(pub Value);

impl PartialEq for GroupKey {
    fn eq(&self, other: &Self) -> bool {
        equivalent(&self.0, &other.0)
    }
}

impl Eq for GroupKey {}

impl Hash for GroupKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_value(&self.0, state);
    }
}

/// Equivalence (used for DISTINCT and grouping): like `=` but null equals null and NaN NaN.
pub fn equivalent(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Float(x), Value::Float(y)) if x.is_nan() && y.is_nan() => true,
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equivalent(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k1, v1), (k2, v2))| k1 == k2 && equivalent(v1, v2))
        }
        _ => a.equals(b) == Some(true),
    }
}

pub(crate) fn hash_value<H: Hasher>(v: &Value, state: &mut H) {
    match v {
        Value::Null => 0u8.hash(state),
        Value::Bool(b) => {
            1u8.hash(state);
            b.hash(state)
        }
        Value::Int(i) => {
            2u8.hash(state);
            (*i as f64).to_bits().hash(state)
        }
        Value::Float(f) => {
            2u8.hash(state);
            if f.is_nan() {
                f64::NAN.to_bits().hash(state)
            } else if *f == 0.0 {
                0f64.to_bits().hash(state)
            } else {
                f.to_bits().hash(state)
            }
        }
        Value::String(s) => {
            3u8.hash(state);
            s.hash(state)
        }
        Value::List(items) => {
            4u8.hash(state);
            items.len().hash(state);
            for i in items {
                hash_value(i, state);
            }
        }
        Value::Map(m) => {
            5u8.hash(state);
            for (k, v) in m {
                k.hash(state);
                hash_value(v, state);
            }
        }
        Value::Node(n) => {
            6u8.hash(state);
            n.hash(state)
        }
        Value::Rel(r) => {
            7u8.hash(state);
            r.hash(state)
        }
        Value::Path(p) => {
            8u8.hash(state);
            p.hash(state)
        }
    }
}

/// See [`Value::display`].
pub struct ValueDisplay<'a> {
    value: &'a Value,
    graph: &'a KnowledgeGraph,
}

fn fmt_props<'a>(
    f: &mut fmt::Formatter<'_>,
    props: impl Iterator<Item = (&'a str, &'a PropValue)>,
) -> fmt::Result {
    let sorted: BTreeMap<&str, &PropValue> = props.collect();
    if sorted.is_empty() {
        return Ok(());
    }
    f.write_str(" {")?;
    for (i, (k, v)) in sorted.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{k}: {}", Value::from_prop(v))?;
    }
    f.write_str("}")
}

fn fmt_node(f: &mut fmt::Formatter<'_>, graph: &KnowledgeGraph, id: NodeId) -> fmt::Result {
    if !graph.contains_node(id) {
        return f.write_str("()");
    }
    let node = graph.node(id);
    f.write_str("(")?;
    for l in node.labels() {
        write!(f, ":{l}")?;
    }
    let mut props = String::new();
    {
        use fmt::Write as _;
        let sorted: BTreeMap<&str, &PropValue> = node.props().collect();
        for (i, (k, v)) in sorted.iter().enumerate() {
            if i > 0 {
                props.push_str(", ");
            }
            let _ = write!(props, "{k}: {}", Value::from_prop(v));
        }
    }
    if !props.is_empty() {
        if node.labels().next().is_some() {
            f.write_str(" ")?;
        }
        write!(f, "{{{props}}}")?;
    }
    f.write_str(")")
}

fn fmt_rel(f: &mut fmt::Formatter<'_>, graph: &KnowledgeGraph, id: EdgeId) -> fmt::Result {
    let edge = graph.edge(id);
    write!(f, "[:{}", edge.rel_type())?;
    fmt_props(f, edge.props())?;
    f.write_str("]")
}

impl fmt::Display for ValueDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.value {
            Value::Node(id) => fmt_node(f, self.graph, *id),
            Value::Rel(id) => fmt_rel(f, self.graph, *id),
            Value::Path(p) => {
                f.write_str("<")?;
                fmt_node(f, self.graph, p.nodes[0])?;
                for (i, r) in p.rels.iter().enumerate() {
                    let edge = self.graph.edge(*r);
                    let forward = edge.from == p.nodes[i];
                    f.write_str(if forward { "-" } else { "<-" })?;
                    fmt_rel(f, self.graph, *r)?;
                    f.write_str(if forward { "->" } else { "-" })?;
                    fmt_node(f, self.graph, p.nodes[i + 1])?;
                }
                f.write_str(">")
            }
            Value::List(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{}", v.display(self.graph))?;
                }
                f.write_str("]")
            }
            Value::Map(m) => {
                f.write_str("{")?;
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k}: {}", v.display(self.graph))?;
                }
                f.write_str("}")
            }
            other => write!(f, "{other}"),
        }
    }
}

/// Formats a float the way Cypher prints it (always with a fraction or exponent).
pub fn format_float(x: f64) -> String {
    if x.is_nan() {
        "NaN".to_string()
    } else if x.is_infinite() {
        if x > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
    } else if x.fract() == 0.0 && x.abs() < 1e16 {
        format!("{x:.1}")
    } else {
        format!("{x}")
    }
}

/// Without a graph: nodes and relationships show as their handles (`(#3)`, `[#7]`), strings
/// quoted as in the TCK.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => f.write_str(&format_float(*x)),
            Value::String(s) => write!(f, "'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
            Value::List(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
            Value::Map(m) => {
                f.write_str("{")?;
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k}: {v}")?;
                }
                f.write_str("}")
            }
            Value::Node(n) => write!(f, "(#{})", n.index()),
            Value::Rel(r) => write!(f, "[#{}]", r.index()),
            Value::Path(p) => {
                f.write_str("<")?;
                for (i, n) in p.nodes.iter().enumerate() {
                    if i > 0 {
                        write!(f, "-[#{}]-", p.rels[i - 1].index())?;
                    }
                    write!(f, "(#{})", n.index())?;
                }
                f.write_str(">")
            }
        }
    }
}
