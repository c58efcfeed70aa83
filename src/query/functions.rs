//! Scalar functions: openCypher's (id, labels, type, size, toInteger, ...) and newsgraph's own
//! (`sources(x)`: the sentences behind a node or relationship; `aliases(x)`; `join(list, sep)`).
//! Arity is checked when the plan is built, types when the call runs.

use super::error::QueryError;
use super::execute::Ctx;
use super::value::{Path, Value};
use crate::graph::{EdgeId, NodeId, Source};
use std::collections::BTreeMap;

type VResult = Result<Value, QueryError>;

/// (name, min args, max args)
const FUNCTIONS: &[(&str, usize, usize)] = &[
    ("id", 1, 1),
    ("labels", 1, 1),
    ("type", 1, 1),
    ("properties", 1, 1),
    ("keys", 1, 1),
    ("size", 1, 1),
    ("length", 1, 1),
    ("nodes", 1, 1),
    ("relationships", 1, 1),
    ("startnode", 1, 1),
    ("endnode", 1, 1),
    ("coalesce", 1, usize::MAX),
    ("head", 1, 1),
    ("last", 1, 1),
    ("tail", 1, 1),
    ("range", 2, 3),
    ("tolower", 1, 1),
    ("toupper", 1, 1),
    ("trim", 1, 1),
    ("ltrim", 1, 1),
    ("rtrim", 1, 1),
    ("split", 2, 2),
    ("substring", 2, 3),
    ("replace", 3, 3),
    ("reverse", 1, 1),
    ("left", 2, 2),
    ("right", 2, 2),
    ("tostring", 1, 1),
    ("tointeger", 1, 1),
    ("tofloat", 1, 1),
    ("toboolean", 1, 1),
    ("abs", 1, 1),
    ("ceil", 1, 1),
    ("floor", 1, 1),
    ("round", 1, 1),
    ("sign", 1, 1),
    ("sqrt", 1, 1),
    ("exp", 1, 1),
    ("log", 1, 1),
    ("log10", 1, 1),
    ("sin", 1, 1),
    ("cos", 1, 1),
    ("tan", 1, 1),
    ("asin", 1, 1),
    ("acos", 1, 1),
    ("atan", 1, 1),
    ("atan2", 2, 2),
    ("degrees", 1, 1),
    ("radians", 1, 1),
    ("pi", 0, 0),
    ("e", 0, 0),
    ("rand", 0, 0),
    ("exists", 1, 1),
    ("sources", 1, 1),
    ("aliases", 1, 1),
    ("join", 1, 2),
];

/// Checks that a function exists and takes `argc` arguments.
pub fn check_call(name: &str, argc: usize) -> Result<(), QueryError> {
    match FUNCTIONS.iter().find(|(n, _, _)| *n == name) {
        None => Err(QueryError::syntax(
            "UnknownFunction",
            format!("unknown function {name}()"),
        )),
        Some((_, min, max)) if argc < *min || argc > *max => Err(QueryError::syntax(
            "InvalidNumberOfArguments",
            format!("{name}() does not take {argc} argument(s)"),
        )),
        Some(_) => Ok(()),
    }
}

fn bad_arg(name: &str, v: &Value) -> QueryError {
    if name == "range" {
        return QueryError::argument(
            "InvalidArgumentType",
            format!("{name}() cannot take a {}", v.type_name()),
        );
    }
    QueryError::type_error(
        "InvalidArgumentValue",
        format!("{name}() cannot take a {}", v.type_name()),
    )
}

fn int_arg(name: &str, v: &Value) -> Result<Option<i64>, QueryError> {
    match v {
        Value::Null => Ok(None),
        Value::Int(i) => Ok(Some(*i)),
        other => Err(bad_arg(name, other)),
    }
}

fn float_fn(name: &str, v: &Value, f: impl Fn(f64) -> f64) -> VResult {
    match v {
        Value::Null => Ok(Value::Null),
        Value::Int(i) => Ok(Value::Float(f(*i as f64))),
        Value::Float(x) => Ok(Value::Float(f(*x))),
        other => Err(bad_arg(name, other)),
    }
}

/// Calls a scalar function on evaluated arguments.
pub fn call(name: &str, args: Vec<Value>, cx: &Ctx) -> VResult {
    let graph = cx.graph;
    let arg = |i: usize| args.get(i).unwrap_or(&Value::Null);
    let a = arg(0);
    match name {
        "coalesce" => Ok(args
            .iter()
            .find(|v| !v.is_null())
            .cloned()
            .unwrap_or(Value::Null)),
        "pi" => Ok(Value::Float(std::f64::consts::PI)),
        "e" => Ok(Value::Float(std::f64::consts::E)),
        "rand" => Ok(Value::Float(cx.random())),
        _ if a.is_null() && name != "exists" => Ok(Value::Null),
        "id" => match a {
            Value::Node(n) => Ok(Value::Int(n.index() as i64)),
            Value::Rel(r) => Ok(Value::Int(r.index() as i64)),
            other => Err(bad_arg(name, other)),
        },
        "labels" => match a {
            Value::Node(n) => Ok(Value::List(
                graph
                    .node(*n)
                    .labels()
                    .map(|l| Value::String(l.to_string()))
                    .collect(),
            )),
            other => Err(bad_arg(name, other)),
        },
        "type" => match a {
            Value::Rel(r) => Ok(Value::String(graph.edge(*r).rel_type().to_string())),
            other => Err(bad_arg(name, other)),
        },
        "properties" => match a {
            Value::Node(n) => Ok(Value::Map(
                graph
                    .node(*n)
                    .props()
                    .map(|(k, v)| (k.to_string(), Value::from_prop(v)))
                    .collect(),
            )),
            Value::Rel(r) => Ok(Value::Map(
                graph
                    .edge(*r)
                    .props()
                    .map(|(k, v)| (k.to_string(), Value::from_prop(v)))
                    .collect(),
            )),
            Value::Map(m) => Ok(Value::Map(m.clone())),
            other => Err(bad_arg(name, other)),
        },
        "keys" => match a {
            Value::Node(n) => {
                let mut keys: Vec<String> =
                    graph.node(*n).props().map(|(k, _)| k.to_string()).collect();
                keys.sort();
                Ok(Value::List(keys.into_iter().map(Value::String).collect()))
            }
            Value::Rel(r) => {
                let mut keys: Vec<String> =
                    graph.edge(*r).props().map(|(k, _)| k.to_string()).collect();
                keys.sort();
                Ok(Value::List(keys.into_iter().map(Value::String).collect()))
            }
            Value::Map(m) => Ok(Value::List(
                m.keys().map(|k| Value::String(k.clone())).collect(),
            )),
            other => Err(bad_arg(name, other)),
        },
        "size" => match a {
            Value::List(l) => Ok(Value::Int(l.len() as i64)),
            Value::String(s) => Ok(Value::Int(s.chars().count() as i64)),
            Value::Map(m) => Ok(Value::Int(m.len() as i64)),
            other => Err(bad_arg(name, other)),
        },
        "length" => match a {
            Value::Path(p) => Ok(Value::Int(p.rels.len() as i64)),
            Value::List(l) => Ok(Value::Int(l.len() as i64)),
            Value::String(s) => Ok(Value::Int(s.chars().count() as i64)),
            other => Err(bad_arg(name, other)),
        },
        "nodes" => match a {
            Value::Path(p) => Ok(Value::List(
                p.nodes.iter().map(|n| Value::Node(*n)).collect(),
            )),
            other => Err(bad_arg(name, other)),
        },
        "relationships" => match a {
            Value::Path(p) => Ok(Value::List(p.rels.iter().map(|r| Value::Rel(*r)).collect())),
            other => Err(bad_arg(name, other)),
        },
        "startnode" => match a {
            Value::Rel(r) => Ok(Value::Node(graph.edge(*r).from)),
            other => Err(bad_arg(name, other)),
        },
        "endnode" => match a {
            Value::Rel(r) => Ok(Value::Node(graph.edge(*r).to)),
            other => Err(bad_arg(name, other)),
        },
        "head" => match a {
            Value::List(l) => Ok(l.first().cloned().unwrap_or(Value::Null)),
            other => Err(bad_arg(name, other)),
        },
        "last" => match a {
            Value::List(l) => Ok(l.last().cloned().unwrap_or(Value::Null)),
            other => Err(bad_arg(name, other)),
        },
        "tail" => match a {
            Value::List(l) => Ok(Value::List(l.iter().skip(1).cloned().collect())),
            other => Err(bad_arg(name, other)),
        },
        "range" => {
            let start = int_arg(name, a)?;
            let end = int_arg(name, arg(1))?;
            let step = match args.get(2) {
                Some(s) => int_arg(name, s)?,
                None => Some(1),
            };
            let (Some(start), Some(end), Some(step)) = (start, end, step) else {
                return Ok(Value::Null);
            };
            if step == 0 {
                return Err(QueryError::argument(
                    "NumberOutOfRange",
                    "range() step must not be zero",
                ));
            }
            // Bounded so that a typo cannot exhaust memory.
            const MAX_RANGE: i128 = 100_000_000;
            let count = (end as i128 - start as i128) / step as i128 + 1;
            if count > MAX_RANGE {
                return Err(QueryError::argument(
                    "NumberOutOfRange",
                    format!("range() would make {count} values (at most {MAX_RANGE})"),
                ));
            }
            let mut out = Vec::with_capacity(count.max(0) as usize);
            let mut i = start;
            while (step > 0 && i <= end) || (step < 0 && i >= end) {
                cx.tick()?;
                out.push(Value::Int(i));
                match i.checked_add(step) {
                    Some(n) => i = n,
                    None => break,
                }
            }
            Ok(Value::List(out))
        }
        "tolower" | "toupper" | "trim" | "ltrim" | "rtrim" | "reverse" => match a {
            Value::String(s) => Ok(Value::String(match name {
                "tolower" => s.to_lowercase(),
                "toupper" => s.to_uppercase(),
                "trim" => s.trim().to_string(),
                "ltrim" => s.trim_start().to_string(),
                "rtrim" => s.trim_end().to_string(),
                _ => s.chars().rev().collect(),
            })),
            Value::List(l) if name == "reverse" => {
                Ok(Value::List(l.iter().rev().cloned().collect()))
            }
            other => Err(bad_arg(name, other)),
        },
        "split" => match (a, arg(1)) {
            (Value::String(s), Value::String(sep)) => Ok(Value::List(if sep.is_empty() {
                s.chars().map(|c| Value::String(c.to_string())).collect()
            } else {
                s.split(sep.as_str())
                    .map(|p| Value::String(p.to_string()))
                    .collect()
            })),
            (_, Value::Null) => Ok(Value::Null),
            (other, _) => Err(bad_arg(name, other)),
        },
        "substring" => {
            let Value::String(s) = a else {
                return Err(bad_arg(name, a));
            };
            let Some(start) = int_arg(name, arg(1))? else {
                return Ok(Value::Null);
            };
            let len = match args.get(2) {
                Some(l) => int_arg(name, l)?,
                None => Some(i64::MAX),
            };
            let Some(len) = len else {
                return Ok(Value::Null);
            };
            if start < 0 || len < 0 {
                return Err(QueryError::argument(
                    "NegativeIntegerArgument",
                    "substring() needs non-negative start and length",
                ));
            }
            Ok(Value::String(
                s.chars()
                    .skip(start as usize)
                    .take(usize::try_from(len).unwrap_or(usize::MAX))
                    .collect(),
            ))
        }
        "left" | "right" => {
            let Value::String(s) = a else {
                return Err(bad_arg(name, a));
            };
            let Some(n) = int_arg(name, arg(1))? else {
                return Err(bad_arg(name, arg(1)));
            };
            if n < 0 {
                return Err(QueryError::argument(
                    "NegativeIntegerArgument",
                    format!("{name}() needs a non-negative length"),
                ));
            }
            let count = s.chars().count();
            let n = (n as usize).min(count);
            Ok(Value::String(if name == "left" {
                s.chars().take(n).collect()
            } else {
                s.chars().skip(count - n).collect()
            }))
        }
        "replace" => match (a, arg(1), arg(2)) {
            (Value::String(s), Value::String(from), Value::String(to)) => {
                Ok(Value::String(s.replace(from.as_str(), to)))
            }
            (_, Value::Null, _) | (_, _, Value::Null) => Ok(Value::Null),
            (other, _, _) => Err(bad_arg(name, other)),
        },
        "tostring" => match a {
            Value::String(s) => Ok(Value::String(s.clone())),
            Value::Int(i) => Ok(Value::String(i.to_string())),
            Value::Float(f) => Ok(Value::String(super::value::format_float(*f))),
            Value::Bool(b) => Ok(Value::String(b.to_string())),
            other => Err(bad_arg(name, other)),
        },
        "tointeger" => match a {
            Value::Int(i) => Ok(Value::Int(*i)),
            Value::Float(f) => Ok(if f.is_finite() {
                Value::Int(f.trunc() as i64)
            } else {
                Value::Null
            }),
            Value::String(s) => Ok(parse_int_text(s).map_or(Value::Null, Value::Int)),
            Value::Bool(b) => Ok(Value::Int(*b as i64)),
            other => Err(bad_arg(name, other)),
        },
        "tofloat" => match a {
            Value::Int(i) => Ok(Value::Float(*i as f64)),
            Value::Float(f) => Ok(Value::Float(*f)),
            Value::String(s) => Ok(s.trim().parse::<f64>().map_or(Value::Null, Value::Float)),
            other => Err(bad_arg(name, other)),
        },
        "toboolean" => match a {
            Value::Bool(b) => Ok(Value::Bool(*b)),
            Value::String(s) => Ok(match s.trim().to_ascii_lowercase().as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::Null,
            }),
            Value::Int(i) => Ok(Value::Bool(*i != 0)),
            other => Err(bad_arg(name, other)),
        },
        "abs" => match a {
            Value::Int(i) => i
                .checked_abs()
                .map(Value::Int)
                .ok_or_else(|| QueryError::argument("IntegerOverflow", "abs() overflows")),
            Value::Float(f) => Ok(Value::Float(f.abs())),
            other => Err(bad_arg(name, other)),
        },
        "sign" => match a {
            Value::Int(i) => Ok(Value::Int(i.signum())),
            Value::Float(f) => Ok(Value::Int(if *f > 0.0 {
                1
            } else if *f < 0.0 {
                -1
            } else {
                0
            })),
            other => Err(bad_arg(name, other)),
        },
        "ceil" => float_fn(name, a, f64::ceil),
        "floor" => float_fn(name, a, f64::floor),
        "round" => float_fn(name, a, |x| {
            let r = x.round();
            // Cypher rounds half up (towards positive infinity).
            if (x - x.trunc()).abs() == 0.5 && x < 0.0 {
                r + 1.0
            } else {
                r
            }
        }),
        "sqrt" => float_fn(name, a, f64::sqrt),
        "exp" => float_fn(name, a, f64::exp),
        "log" => float_fn(name, a, f64::ln),
        "log10" => float_fn(name, a, f64::log10),
        "sin" => float_fn(name, a, f64::sin),
        "cos" => float_fn(name, a, f64::cos),
        "tan" => float_fn(name, a, f64::tan),
        "asin" => float_fn(name, a, f64::asin),
        "acos" => float_fn(name, a, f64::acos),
        "atan" => float_fn(name, a, f64::atan),
        "degrees" => float_fn(name, a, f64::to_degrees),
        "radians" => float_fn(name, a, f64::to_radians),
        "atan2" => match (a.as_f64(), arg(1).as_f64()) {
            (Some(y), Some(x)) => Ok(Value::Float(y.atan2(x))),
            (_, None) if arg(1).is_null() => Ok(Value::Null),
            _ => Err(bad_arg(name, a)),
        },
        "exists" => Ok(Value::Bool(!a.is_null())),
        "sources" => Ok(Value::List(sources_of(a, cx)?)),
        "aliases" => match a {
            Value::Node(n) => Ok(graph
                .node(*n)
                .prop("aliases")
                .map(Value::from_prop)
                .map(|v| match v {
                    Value::List(l) => Value::List(l),
                    other => Value::List(vec![other]),
                })
                .unwrap_or(Value::List(Vec::new()))),
            other => Err(bad_arg(name, other)),
        },
        "join" => match a {
            Value::List(items) => {
                let sep = match arg(1) {
                    Value::String(s) => s.as_str(),
                    Value::Null => ", ",
                    other => return Err(bad_arg(name, other)),
                };
                let parts: Vec<String> = items
                    .iter()
                    .filter(|v| !v.is_null())
                    .map(|v| match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect();
                if parts.is_empty() {
                    Ok(Value::Null)
                } else {
                    Ok(Value::String(parts.join(sep)))
                }
            }
            other => Err(bad_arg(name, other)),
        },
        _ => Err(QueryError::syntax(
            "UnknownFunction",
            format!("unknown function {name}()"),
        )),
    }
}

fn parse_int_text(s: &str) -> Option<i64> {
    let t = s.trim();
    if let Ok(i) = t.parse::<i64>() {
        return Some(i);
    }
    let f = t.parse::<f64>().ok()?;
    f.is_finite().then(|| f.trunc() as i64)
}

/// The sources behind a node, relationship, path or list of those, deduplicated and sorted:
/// maps `{doc, sentence, text, rule}` (`rule: 'manual'` for facts added by hand).
fn sources_of(v: &Value, cx: &Ctx) -> Result<Vec<Value>, QueryError> {
    let mut all: Vec<&Source> = Vec::new();
    collect_sources(v, cx, &mut all)?;
    all.sort();
    all.dedup();
    Ok(all.into_iter().map(|s| source_value(s, cx)).collect())
}

fn collect_sources<'g>(
    v: &Value,
    cx: &Ctx<'g>,
    out: &mut Vec<&'g Source>,
) -> Result<(), QueryError> {
    match v {
        Value::Null => {}
        Value::Node(n) => out.extend(cx.graph.node(*n).sources()),
        Value::Rel(r) => out.extend(cx.graph.edge(*r).sources()),
        Value::Path(Path { nodes, rels }) => {
            for n in nodes {
                collect_sources(&Value::Node(*n), cx, out)?;
            }
            for r in rels {
                collect_sources(&Value::Rel(*r), cx, out)?;
            }
        }
        Value::List(items) => {
            for i in items {
                collect_sources(i, cx, out)?;
            }
        }
        other => return Err(bad_arg("sources", other)),
    }
    Ok(())
}

fn source_value(s: &Source, cx: &Ctx) -> Value {
    let mut m = BTreeMap::new();
    match s {
        Source::Text {
            doc,
            sentence,
            rule,
            ..
        } => {
            let (doc_id, text) = match cx.graph.source_sentence(s) {
                Some((record, text)) => (
                    Value::String(record.id.clone()),
                    Value::String(text.to_string()),
                ),
                None => (Value::Int(*doc as i64), Value::Null),
            };
            m.insert("doc".to_string(), doc_id);
            m.insert("sentence".to_string(), Value::Int(*sentence as i64));
            m.insert("text".to_string(), text);
            m.insert("rule".to_string(), Value::String(rule.clone()));
        }
        Source::Manual => {
            m.insert("doc".to_string(), Value::Null);
            m.insert("sentence".to_string(), Value::Null);
            m.insert("text".to_string(), Value::Null);
            m.insert("rule".to_string(), Value::String("manual".to_string()));
        }
    }
    Value::Map(m)
}

/// A relationship's nodes as seen from `from` (for building paths).
pub fn other_end(cx: &Ctx, rel: EdgeId, from: NodeId) -> NodeId {
    let e = cx.graph.edge(rel);
    if e.from == from {
        e.to
    } else {
        e.from
    }
}
