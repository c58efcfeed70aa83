//! Plan → table: runs the operators of a plan over rows of slots against the graph, with
//! openCypher expression semantics (three-valued logic, null propagation), pattern matching
//! (relationship uniqueness, bounded variable length, shortest paths), aggregation, sorting,
//! and CREATE / MERGE. Checks the cancel flag and the deadline inside every loop.
//!
//! A MATCH streams into the projection after it; a row may stand for several identical ones
//! (its weight), which counts add up without the rows being made. The planner's fast paths
//! (see `plan::FixedMode`, `Anchor::RelScan`, `Anchor::PropEq`) run here: counted and
//! distinct last hops, two-hop chains to distinct ends, label-set groups, relationship and
//! property-column scans, a bidirectional shortest-path search, and grouped top-k; visited
//! sets are bitsets over node indexes (`nodeset.rs`).

use super::ast::{BinaryOp, QuantifierKind, ShortestKind, UnaryOp};
use super::error::{ErrorKind, Phase, QueryError};
use super::functions;
use super::nodeset::{LabelBits, NodeSet};
use super::plan::*;
use super::value::{GroupKey, Path, Value};
use super::{SideEffects, Table};
use crate::graph::{EdgeId, KnowledgeGraph, NodeId, PropValue, Source, Symbol};
use std::cell::Cell;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A fast non-cryptographic hasher (the FxHash scheme) for the engine's own hash tables:
/// query input is not adversarial, and SipHash dominates grouping and visited sets.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        // Fold the high bits into the low ones: the table picks buckets by the low bits,
        // and words such as the f64 bits of small integers have all-zero low bits.
        let mut h = self.hash;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type FxBuild = BuildHasherDefault<FxHasher>;
type HashMap<K, V> = std::collections::HashMap<K, V, FxBuild>;
type HashSet<K> = std::collections::HashSet<K, FxBuild>;
use std::sync::atomic::{AtomicBool, Ordering as AtomicOrdering};
use std::sync::Arc;
use std::time::{Duration, Instant};

type VResult = Result<Value, QueryError>;
type Row = Vec<Value>;

/// Stops a running query on its deadline or when the cancel flag is raised.
pub struct Guard {
    deadline: Option<Instant>,
    cancel: Option<Arc<AtomicBool>>,
    ticks: Cell<u32>,
    seed: Cell<u64>,
    /// PROFILE: split the time of a MATCH streaming into a projection between the two.
    profiling: bool,
}

impl Guard {
    pub fn new(timeout: Option<Duration>, cancel: Option<Arc<AtomicBool>>) -> Self {
        Guard {
            deadline: timeout.map(|t| Instant::now() + t),
            cancel,
            ticks: Cell::new(0),
            seed: Cell::new(0x9E37_79B9_7F4A_7C15),
            profiling: false,
        }
    }

    /// The same guard, timing operators separately for PROFILE (costs a clock read per row).
    pub fn profiling(mut self) -> Self {
        self.profiling = true;
        self
    }

    /// Cheap check, called in every loop; looks at the clock every 1024 calls.
    #[inline]
    pub fn tick(&self) -> Result<(), QueryError> {
        let t = self.ticks.get().wrapping_add(1);
        self.ticks.set(t);
        if t % 1024 != 0 {
            return Ok(());
        }
        self.check()
    }

    #[cold]
    fn check(&self) -> Result<(), QueryError> {
        if let Some(c) = &self.cancel {
            if c.load(AtomicOrdering::Relaxed) {
                return Err(QueryError::new(
                    ErrorKind::Cancelled,
                    "Cancelled",
                    Phase::Runtime,
                    "query cancelled".into(),
                ));
            }
        }
        if let Some(d) = self.deadline {
            if Instant::now() > d {
                return Err(QueryError::new(
                    ErrorKind::Timeout,
                    "Timeout",
                    Phase::Runtime,
                    "query timed out".into(),
                ));
            }
        }
        Ok(())
    }
}

/// What expressions see: the graph and the guard.
pub struct Ctx<'g> {
    pub graph: &'g KnowledgeGraph,
    pub guard: &'g Guard,
}

impl Ctx<'_> {
    #[inline]
    pub fn tick(&self) -> Result<(), QueryError> {
        self.guard.tick()
    }

    /// A pseudo-random float in [0, 1) (xorshift; `rand()` needs no cryptographic quality).
    pub fn random(&self) -> f64 {
        let mut x = self.guard.seed.get();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.guard.seed.set(x);
        (x >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn type_err(message: String) -> QueryError {
    QueryError::type_error("InvalidArgumentType", message)
}

// ---- expressions ----------------------------------------------------------------------------

fn as_bool(v: &Value, what: &str) -> Result<Option<bool>, QueryError> {
    match v {
        Value::Bool(b) => Ok(Some(*b)),
        Value::Null => Ok(None),
        other => Err(type_err(format!(
            "{what} needs a boolean, got {}",
            other.type_name()
        ))),
    }
}

fn prop_of(graph: &KnowledgeGraph, v: &Value, key: &str) -> VResult {
    match v {
        Value::Null => Ok(Value::Null),
        Value::Node(n) => Ok(graph
            .node(*n)
            .prop(key)
            .map(Value::from_prop)
            .unwrap_or(Value::Null)),
        Value::Rel(r) => Ok(graph
            .edge(*r)
            .prop(key)
            .map(Value::from_prop)
            .unwrap_or(Value::Null)),
        Value::Map(m) => Ok(m.get(key).cloned().unwrap_or(Value::Null)),
        other => Err(type_err(format!(
            "cannot read property `{key}` of a {}",
            other.type_name()
        ))),
    }
}

/// A row extended to `slot + 1` values for a comprehension's local variable.
fn local_row(row: &[Value], slot: usize) -> Row {
    let mut local = Vec::with_capacity(slot + 1);
    local.extend_from_slice(&row[..slot.min(row.len())]);
    local.resize(slot + 1, Value::Null);
    local
}

fn list_of(v: Value, what: &str) -> Result<Option<Vec<Value>>, QueryError> {
    match v {
        Value::List(l) => Ok(Some(l)),
        Value::Null => Ok(None),
        other => Err(type_err(format!(
            "{what} needs a list, got {}",
            other.type_name()
        ))),
    }
}

pub fn eval(e: &PExpr, row: &[Value], cx: &Ctx) -> VResult {
    match e {
        PExpr::Const(v) => Ok(v.clone()),
        PExpr::Slot(s) => Ok(row.get(*s).cloned().unwrap_or(Value::Null)),
        PExpr::List(items) => Ok(Value::List(
            items
                .iter()
                .map(|i| eval(i, row, cx))
                .collect::<Result<_, _>>()?,
        )),
        PExpr::Map(entries) => {
            let mut m = BTreeMap::new();
            for (k, v) in entries {
                m.insert(k.clone(), eval(v, row, cx)?);
            }
            Ok(Value::Map(m))
        }
        PExpr::Property(base, key, sym) => {
            if let (PExpr::Slot(s), Some(sym)) = (base.as_ref(), sym) {
                // Fast path: a node or relationship in the row, a key known to the graph.
                match row.get(*s) {
                    Some(Value::Node(n)) => {
                        return Ok(cx
                            .graph
                            .node(*n)
                            .prop_sym(*sym)
                            .map(Value::from_prop)
                            .unwrap_or(Value::Null))
                    }
                    Some(Value::Rel(r)) => {
                        return Ok(cx
                            .graph
                            .edge(*r)
                            .prop_sym(*sym)
                            .map(Value::from_prop)
                            .unwrap_or(Value::Null))
                    }
                    Some(v) => return prop_of(cx.graph, v, key),
                    None => {}
                }
            }
            let b = eval(base, row, cx)?;
            prop_of(cx.graph, &b, key)
        }
        PExpr::Index(base, index) => {
            let b = eval(base, row, cx)?;
            let i = eval(index, row, cx)?;
            match (&b, &i) {
                (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
                (Value::List(l), Value::Int(i)) => {
                    let len = l.len() as i64;
                    let idx = if *i < 0 { len + i } else { *i };
                    Ok(if idx >= 0 && idx < len {
                        l[idx as usize].clone()
                    } else {
                        Value::Null
                    })
                }
                (Value::Map(_), Value::String(k))
                | (Value::Node(_), Value::String(k))
                | (Value::Rel(_), Value::String(k)) => prop_of(cx.graph, &b, k),
                (Value::Map(_) | Value::Node(_) | Value::Rel(_), _) => Err(QueryError::type_error(
                    "MapElementAccessByNonString",
                    format!("cannot index a {} with a {}", b.type_name(), i.type_name()),
                )),
                _ => Err(type_err(format!(
                    "cannot index a {} with a {}",
                    b.type_name(),
                    i.type_name()
                ))),
            }
        }
        PExpr::Slice(base, from, to) => {
            let b = eval(base, row, cx)?;
            let from = match from {
                Some(f) => eval(f, row, cx)?,
                None => Value::Int(0),
            };
            let to = match to {
                Some(t) => eval(t, row, cx)?,
                None => Value::Int(i64::MAX),
            };
            match (b, from, to) {
                (Value::Null, _, _) | (_, Value::Null, _) | (_, _, Value::Null) => Ok(Value::Null),
                (Value::List(l), Value::Int(f), Value::Int(t)) => {
                    let len = l.len() as i64;
                    let norm = |x: i64| {
                        if x < 0 {
                            (len + x).max(0)
                        } else {
                            x.min(len)
                        }
                    };
                    let (f, t) = (norm(f), norm(t));
                    Ok(Value::List(if f < t {
                        l[f as usize..t as usize].to_vec()
                    } else {
                        Vec::new()
                    }))
                }
                (b, f, t) => Err(type_err(format!(
                    "cannot slice a {} with {} and {}",
                    b.type_name(),
                    f.type_name(),
                    t.type_name()
                ))),
            }
        }
        PExpr::HasLabels(base, labels) => match eval(base, row, cx)? {
            Value::Null => Ok(Value::Null),
            Value::Node(n) => {
                let node = cx.graph.node(n);
                Ok(Value::Bool(labels.iter().all(|l| {
                    cx.graph.symbol(l).is_some_and(|s| node.has_label(s))
                })))
            }
            other => Err(type_err(format!(
                "cannot check labels of a {}",
                other.type_name()
            ))),
        },
        PExpr::Unary(op, x) => {
            let v = eval(x, row, cx)?;
            match op {
                UnaryOp::Not => Ok(match as_bool(&v, "NOT")? {
                    Some(b) => Value::Bool(!b),
                    None => Value::Null,
                }),
                UnaryOp::IsNull => Ok(Value::Bool(v.is_null())),
                UnaryOp::IsNotNull => Ok(Value::Bool(!v.is_null())),
                UnaryOp::Plus => match v {
                    Value::Int(_) | Value::Float(_) | Value::Null => Ok(v),
                    other => Err(type_err(format!("cannot apply + to {}", other.type_name()))),
                },
                UnaryOp::Neg => match v {
                    Value::Int(i) => i
                        .checked_neg()
                        .map(Value::Int)
                        .ok_or_else(|| QueryError::argument("IntegerOverflow", "integer overflow")),
                    Value::Float(f) => Ok(Value::Float(-f)),
                    Value::Null => Ok(Value::Null),
                    other => Err(type_err(format!("cannot negate a {}", other.type_name()))),
                },
            }
        }
        PExpr::Binary(op, a, b) => match op {
            BinaryOp::And => {
                let x = as_bool(&eval(a, row, cx)?, "AND")?;
                if x == Some(false) {
                    // Still type-check the right side when it is a constant.
                    if let PExpr::Const(c) = b.as_ref() {
                        as_bool(c, "AND")?;
                    }
                    return Ok(Value::Bool(false));
                }
                let y = as_bool(&eval(b, row, cx)?, "AND")?;
                Ok(match (x, y) {
                    (_, Some(false)) => Value::Bool(false),
                    (Some(true), Some(true)) => Value::Bool(true),
                    _ => Value::Null,
                })
            }
            BinaryOp::Or => {
                let x = as_bool(&eval(a, row, cx)?, "OR")?;
                if x == Some(true) {
                    if let PExpr::Const(c) = b.as_ref() {
                        as_bool(c, "OR")?;
                    }
                    return Ok(Value::Bool(true));
                }
                let y = as_bool(&eval(b, row, cx)?, "OR")?;
                Ok(match (x, y) {
                    (_, Some(true)) => Value::Bool(true),
                    (Some(false), Some(false)) => Value::Bool(false),
                    _ => Value::Null,
                })
            }
            BinaryOp::Xor => {
                let x = as_bool(&eval(a, row, cx)?, "XOR")?;
                let y = as_bool(&eval(b, row, cx)?, "XOR")?;
                Ok(match (x, y) {
                    (Some(p), Some(q)) => Value::Bool(p != q),
                    _ => Value::Null,
                })
            }
            BinaryOp::Eq
            | BinaryOp::Ne
            | BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge => {
                let x = operand(a, row, cx)?;
                let y = operand(b, row, cx)?;
                if let (Operand::Text(p), Operand::Text(q)) = (&x, &y) {
                    return Ok(Value::Bool(ordering_holds(*op, p.cmp(q))));
                }
                Ok(comparison(*op, &x.into_value(), &y.into_value()))
            }
            _ => {
                let x = eval(a, row, cx)?;
                let y = eval(b, row, cx)?;
                binary(*op, x, y)
            }
        },
        PExpr::Chain(items, ops) => {
            let mut result = Some(true);
            let mut prev = eval(&items[0], row, cx)?;
            for (op, item) in ops.iter().zip(&items[1..]) {
                let next = eval(item, row, cx)?;
                let r = binary(*op, prev, next.clone())?;
                match r {
                    Value::Bool(false) => return Ok(Value::Bool(false)),
                    Value::Bool(true) => {}
                    _ => result = None,
                }
                prev = next;
            }
            Ok(result.map_or(Value::Null, Value::Bool))
        }
        PExpr::Function(name, args) => {
            if name == "exists" {
                if let Some(PExpr::Pattern(_)) = args.first() {
                    return eval(&args[0], row, cx);
                }
            }
            let values = args
                .iter()
                .map(|a| eval(a, row, cx))
                .collect::<Result<Vec<_>, _>>()?;
            functions::call(name, values, cx)
        }
        PExpr::Case {
            subject,
            alternatives,
            otherwise,
        } => {
            match subject {
                Some(s) => {
                    let v = eval(s, row, cx)?;
                    for (w, t) in alternatives {
                        if v.equals(&eval(w, row, cx)?) == Some(true) {
                            return eval(t, row, cx);
                        }
                    }
                }
                None => {
                    for (w, t) in alternatives {
                        if eval(w, row, cx)? == Value::Bool(true) {
                            return eval(t, row, cx);
                        }
                    }
                }
            }
            match otherwise {
                Some(o) => eval(o, row, cx),
                None => Ok(Value::Null),
            }
        }
        PExpr::ListComprehension {
            slot,
            list,
            filter,
            map,
        } => {
            let Some(items) = list_of(eval(list, row, cx)?, "a list comprehension")? else {
                return Ok(Value::Null);
            };
            let mut local = local_row(row, *slot);
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                cx.tick()?;
                local[*slot] = item;
                if let Some(f) = filter {
                    if eval(f, &local, cx)? != Value::Bool(true) {
                        continue;
                    }
                }
                out.push(match map {
                    Some(m) => eval(m, &local, cx)?,
                    None => local[*slot].clone(),
                });
            }
            Ok(Value::List(out))
        }
        PExpr::Quantifier {
            kind,
            slot,
            list,
            filter,
        } => {
            let Some(items) = list_of(eval(list, row, cx)?, "a quantifier")? else {
                return Ok(Value::Null);
            };
            let mut local = local_row(row, *slot);
            let (mut yes, mut unknown) = (0usize, 0usize);
            let total = items.len();
            for item in items {
                cx.tick()?;
                local[*slot] = item;
                let r = match filter {
                    Some(f) => eval(f, &local, cx)?,
                    None => local[*slot].clone(),
                };
                match as_bool(&r, "a quantifier predicate")? {
                    Some(true) => yes += 1,
                    None => unknown += 1,
                    Some(false) => {}
                }
            }
            let no = total - yes - unknown;
            // Three-valued: a decisive count settles it, otherwise any unknown element makes
            // the answer unknown, otherwise the default holds.
            let verdict = |decisive: bool, decided: bool, otherwise: bool| {
                if decisive {
                    Value::Bool(decided)
                } else if unknown > 0 {
                    Value::Null
                } else {
                    Value::Bool(otherwise)
                }
            };
            Ok(match kind {
                QuantifierKind::All => verdict(no > 0, false, true),
                QuantifierKind::Any => verdict(yes > 0, true, false),
                QuantifierKind::None => verdict(yes > 0, false, true),
                QuantifierKind::Single => verdict(yes > 1, false, yes == 1),
            })
        }
        PExpr::Reduce {
            acc,
            init,
            slot,
            list,
            expr,
        } => {
            let start = eval(init, row, cx)?;
            let Some(items) = list_of(eval(list, row, cx)?, "reduce")? else {
                return Ok(Value::Null);
            };
            let mut local = local_row(row, (*slot).max(*acc));
            local[*acc] = start;
            for item in items {
                cx.tick()?;
                local[*slot] = item;
                local[*acc] = eval(expr, &local, cx)?;
            }
            Ok(local[*acc].clone())
        }
        PExpr::Pattern(p) => {
            let mut local = row[..p.outer.min(row.len())].to_vec();
            local.resize(p.width, Value::Null);
            let mut found = false;
            let mut m = Matcher::new(cx);
            m.part(&p.part, &mut local, &mut |_, _| {
                found = true;
                Ok(false)
            })?;
            Ok(Value::Bool(found))
        }
        PExpr::PatternComprehension(p, filter, map) => {
            let mut local = row[..p.outer.min(row.len())].to_vec();
            local.resize(p.width, Value::Null);
            let mut out = Vec::new();
            let mut m = Matcher::new(cx);
            m.part(&p.part, &mut local, &mut |r, weight| {
                if let Some(f) = filter {
                    if eval(f, r, cx)? != Value::Bool(true) {
                        return Ok(true);
                    }
                }
                let v = eval(map, r, cx)?;
                for _ in 1..weight {
                    out.push(v.clone());
                }
                out.push(v);
                Ok(true)
            })?;
            Ok(Value::List(out))
        }
        PExpr::MapProjection(slot, items) => {
            let base = row.get(*slot).cloned().unwrap_or(Value::Null);
            if base.is_null() {
                return Ok(Value::Null);
            }
            let mut m = BTreeMap::new();
            for (k, item) in items {
                match item {
                    MapItem::Property(p) => {
                        m.insert(k.clone(), prop_of(cx.graph, &base, p)?);
                    }
                    MapItem::All => {
                        if let Value::Map(all) =
                            functions::call("properties", vec![base.clone()], cx)?
                        {
                            m.extend(all);
                        }
                    }
                    MapItem::Expr(e) => {
                        m.insert(k.clone(), eval(e, row, cx)?);
                    }
                }
            }
            Ok(Value::Map(m))
        }
    }
}

/// A comparison operand read without copying: strings stay borrowed from the graph, the
/// row or the plan.
enum Operand<'a> {
    Text(&'a str),
    Other(std::borrow::Cow<'a, Value>),
}

impl<'a> Operand<'a> {
    fn borrowed(v: &Value) -> Operand<'_> {
        match v {
            Value::String(s) => Operand::Text(s),
            other => Operand::Other(std::borrow::Cow::Borrowed(other)),
        }
    }

    fn into_value(self) -> std::borrow::Cow<'a, Value> {
        match self {
            Operand::Text(s) => std::borrow::Cow::Owned(Value::String(s.to_string())),
            Operand::Other(v) => v,
        }
    }
}

fn operand<'a>(e: &'a PExpr, row: &'a [Value], cx: &Ctx<'a>) -> Result<Operand<'a>, QueryError> {
    let owned = |v: Value| Operand::Other(std::borrow::Cow::Owned(v));
    match e {
        PExpr::Const(v) => Ok(Operand::borrowed(v)),
        PExpr::Slot(s) => Ok(row.get(*s).map_or(owned(Value::Null), Operand::borrowed)),
        PExpr::Property(base, _, Some(sym)) => {
            let prop = match (base.as_ref(), cx.graph) {
                (PExpr::Slot(s), graph) => match row.get(*s) {
                    Some(Value::Node(n)) => graph.node(*n).prop_sym(*sym),
                    Some(Value::Rel(r)) => graph.edge(*r).prop_sym(*sym),
                    _ => return Ok(owned(eval(e, row, cx)?)),
                },
                _ => return Ok(owned(eval(e, row, cx)?)),
            };
            Ok(match prop {
                Some(PropValue::Str(s)) => Operand::Text(s),
                Some(p) => owned(Value::from_prop(p)),
                None => owned(Value::Null),
            })
        }
        _ => Ok(owned(eval(e, row, cx)?)),
    }
}

/// Whether `order` satisfies a comparison operator.
fn ordering_holds(op: BinaryOp, order: Ordering) -> bool {
    match op {
        BinaryOp::Eq => order == Ordering::Equal,
        BinaryOp::Ne => order != Ordering::Equal,
        BinaryOp::Lt => order == Ordering::Less,
        BinaryOp::Le => order != Ordering::Greater,
        BinaryOp::Gt => order == Ordering::Greater,
        _ => order != Ordering::Less,
    }
}

/// `=`, `<>`, `<`, `<=`, `>`, `>=` with openCypher's null and type rules.
fn comparison(op: BinaryOp, x: &Value, y: &Value) -> Value {
    use Value::*;
    match op {
        BinaryOp::Eq => x.equals(y).map_or(Null, Bool),
        BinaryOp::Ne => x.equals(y).map_or(Null, |b| Bool(!b)),
        _ => {
            if let (Float(a), _) | (_, Float(a)) = (x, y) {
                if a.is_nan() && (y.as_f64().is_some() && x.as_f64().is_some()) {
                    return Bool(false);
                }
            }
            match x.compare(y) {
                None => Null,
                Some(o) => Bool(ordering_holds(op, o)),
            }
        }
    }
}

fn overflow() -> QueryError {
    QueryError::argument("IntegerOverflow", "integer overflow")
}

/// Binary operators other than AND/OR/XOR.
pub fn binary(op: BinaryOp, x: Value, y: Value) -> VResult {
    use Value::*;
    match op {
        BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
            return Ok(comparison(op, &x, &y))
        }
        BinaryOp::In => {
            return match y {
                Null => Ok(Null),
                List(items) => {
                    let mut unknown = false;
                    for i in &items {
                        match x.equals(i) {
                            Some(true) => return Ok(Bool(true)),
                            None => unknown = true,
                            Some(false) => {}
                        }
                    }
                    Ok(if unknown { Null } else { Bool(false) })
                }
                other => Err(type_err(format!(
                    "IN needs a list, got {}",
                    other.type_name()
                ))),
            }
        }
        BinaryOp::StartsWith | BinaryOp::EndsWith | BinaryOp::Contains => {
            return Ok(match (&x, &y) {
                (String(a), String(b)) => Bool(match op {
                    BinaryOp::StartsWith => a.starts_with(b.as_str()),
                    BinaryOp::EndsWith => a.ends_with(b.as_str()),
                    _ => a.contains(b.as_str()),
                }),
                _ => Null,
            })
        }
        BinaryOp::Regex => {
            return Ok(match (&x, &y) {
                (String(a), String(p)) => {
                    let re = regex::Regex::new(&format!("^(?:{p})$")).map_err(|e| {
                        QueryError::argument("InvalidRegex", format!("invalid regex: {e}"))
                    })?;
                    Bool(re.is_match(a))
                }
                _ => Null,
            })
        }
        _ => {}
    }
    // Arithmetic.
    match (&x, &y) {
        (Null, _) | (_, Null) => return Ok(Null),
        _ => {}
    }
    if op == BinaryOp::Add {
        match (x, y) {
            (List(mut a), List(b)) => {
                a.extend(b);
                return Ok(List(a));
            }
            (List(mut a), b) => {
                a.push(b);
                return Ok(List(a));
            }
            (a, List(b)) => {
                let mut out = Vec::with_capacity(b.len() + 1);
                out.push(a);
                out.extend(b);
                return Ok(List(out));
            }
            (String(a), String(b)) => return Ok(String(a + &b)),
            (String(a), b @ (Int(_) | Float(_))) => return Ok(String(a + &plain(&b))),
            (a @ (Int(_) | Float(_)), String(b)) => return Ok(String(plain(&a) + &b)),
            (a, b) => return arith(op, a, b),
        }
    }
    arith(op, x, y)
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Float(f) => super::value::format_float(*f),
        other => other.to_string(),
    }
}

fn arith(op: BinaryOp, x: Value, y: Value) -> VResult {
    use Value::*;
    match (&x, &y) {
        (Int(a), Int(b)) => {
            let (a, b) = (*a, *b);
            Ok(Int(match op {
                BinaryOp::Add => a.checked_add(b).ok_or_else(overflow)?,
                BinaryOp::Sub => a.checked_sub(b).ok_or_else(overflow)?,
                BinaryOp::Mul => a.checked_mul(b).ok_or_else(overflow)?,
                BinaryOp::Div => {
                    if b == 0 {
                        return Err(QueryError::argument("DivisionByZero", "division by zero"));
                    }
                    a.checked_div(b).ok_or_else(overflow)?
                }
                BinaryOp::Mod => {
                    if b == 0 {
                        return Err(QueryError::argument("DivisionByZero", "division by zero"));
                    }
                    a.checked_rem(b).ok_or_else(overflow)?
                }
                _ => return Ok(Float((a as f64).powf(b as f64))),
            }))
        }
        (Int(_) | Float(_), Int(_) | Float(_)) => {
            let a = x.as_f64().unwrap_or(f64::NAN);
            let b = y.as_f64().unwrap_or(f64::NAN);
            Ok(Float(match op {
                BinaryOp::Add => a + b,
                BinaryOp::Sub => a - b,
                BinaryOp::Mul => a * b,
                BinaryOp::Div => a / b,
                BinaryOp::Mod => a % b,
                _ => a.powf(b),
            }))
        }
        _ => Err(type_err(format!(
            "cannot apply {op} to {} and {}",
            x.type_name(),
            y.type_name()
        ))),
    }
}

// ---- pattern matching -----------------------------------------------------------------------

/// Label and type names resolved to the graph's symbols; `None` when a required label does not
/// exist (nothing can match).
struct Resolved {
    anchor_labels: Option<Vec<Symbol>>,
    /// Per step: the target's labels and the relationship types.
    steps: Vec<ResolvedStep>,
}

type ResolvedStep = (Option<Vec<Symbol>>, Option<Vec<Symbol>>);

/// Where matching stands in one pattern part: the part's plan, the symbols it resolved to and
/// the step to take next (the number of steps once the pattern is complete).
#[derive(Clone, Copy)]
struct Cursor<'p> {
    part: &'p PartPlan,
    resolved: &'p Resolved,
    k: usize,
}

impl<'p> Cursor<'p> {
    /// The first step of a part.
    fn start(part: &'p PartPlan, resolved: &'p Resolved) -> Self {
        Cursor {
            part,
            resolved,
            k: 0,
        }
    }

    /// The cursor `n` steps further on.
    fn ahead(self, n: usize) -> Self {
        Cursor {
            k: self.k + n,
            ..self
        }
    }
}

/// A hop about to be expanded: the node it starts from, the labels its far node must have and
/// the relationship types it may take.
#[derive(Clone, Copy)]
struct Hop<'s> {
    from: NodeId,
    labels: &'s [Symbol],
    types: &'s [Symbol],
}

fn resolve_labels(graph: &KnowledgeGraph, labels: &[String]) -> Option<Vec<Symbol>> {
    labels.iter().map(|l| graph.symbol(l)).collect()
}

fn resolve_types(graph: &KnowledgeGraph, types: &[String]) -> Option<Vec<Symbol>> {
    let syms: Vec<Symbol> = types.iter().filter_map(|t| graph.symbol(t)).collect();
    if !types.is_empty() && syms.is_empty() {
        None
    } else {
        Some(syms)
    }
}

fn resolve(graph: &KnowledgeGraph, part: &PartPlan) -> Resolved {
    Resolved {
        anchor_labels: resolve_labels(graph, &part.anchor_check.labels),
        steps: part
            .steps
            .iter()
            .map(|s| {
                (
                    resolve_labels(graph, &s.to_check.labels),
                    resolve_types(graph, &s.types),
                )
            })
            .collect(),
    }
}

/// Receives each match and how many identical matches it stands for (its weight); returns
/// false to stop.
type Emit<'a> = dyn FnMut(&mut Row, u64) -> Result<bool, QueryError> + 'a;

/// What a matching step hands each completed row to (the rest of the pattern, then the caller);
/// it returns false to stop the search.
type Next<'n, 'a, 'g> = dyn FnMut(&mut Matcher<'a, 'g>, &mut Row) -> Result<bool, QueryError> + 'n;

pub struct Matcher<'a, 'g> {
    cx: &'a Ctx<'g>,
    used: Vec<EdgeId>,
    /// How many identical matches the row being built stands for (counted last hops and
    /// label groups multiply it).
    weight: u64,
    /// Node sets kept between searches (each search takes one and puts it back cleared).
    sets: Vec<NodeSet>,
    /// Label membership, as bitsets for labels checked often.
    label_bits: std::cell::RefCell<LabelBits>,
    /// Far nodes already handed on by an `ends_once` step (kept across input rows).
    ends_handed_on: NodeSet,
}

/// Puts `node` in a row slot; overwriting a node in place skips dropping the old value.
#[inline]
fn set_node(slot: &mut Value, node: NodeId) {
    match slot {
        Value::Node(n) => *n = node,
        other => *other = Value::Node(node),
    }
}

#[inline]
fn props_match(
    graph: &KnowledgeGraph,
    entity: &Value,
    props: &Option<PExpr>,
    row: &[Value],
    cx: &Ctx,
) -> Result<bool, QueryError> {
    match props {
        None => Ok(true),
        Some(p) => map_matches(graph, entity, p, row, cx),
    }
}

/// Whether `entity` has the properties of a pattern's map.
fn map_matches(
    graph: &KnowledgeGraph,
    entity: &Value,
    p: &PExpr,
    row: &[Value],
    cx: &Ctx,
) -> Result<bool, QueryError> {
    match p {
        // Inline maps: compare entry by entry without building a map per candidate.
        PExpr::Const(Value::Map(m)) => {
            for (k, v) in m {
                if prop_of(graph, entity, k)?.equals(v) != Some(true) {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        PExpr::Map(entries) => {
            for (k, e) in entries {
                let v = eval(e, row, cx)?;
                if prop_of(graph, entity, k)?.equals(&v) != Some(true) {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        other => match eval(other, row, cx)? {
            Value::Map(m) => {
                for (k, v) in &m {
                    if prop_of(graph, entity, k)?.equals(v) != Some(true) {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            v => Ok(v.is_null()),
        },
    }
}

impl<'a, 'g> Matcher<'a, 'g> {
    pub fn new(cx: &'a Ctx<'g>) -> Self {
        Matcher {
            cx,
            used: Vec::new(),
            weight: 1,
            sets: Vec::new(),
            label_bits: Default::default(),
            ends_handed_on: NodeSet::default(),
        }
    }

    fn node_ok(
        &self,
        node: NodeId,
        labels: &[Symbol],
        check: &NodeCheck,
        row: &[Value],
    ) -> Result<bool, QueryError> {
        let graph = self.cx.graph;
        if !labels.is_empty() {
            let mut bits = self.label_bits.borrow_mut();
            if !labels.iter().all(|l| bits.has(graph, node, *l)) {
                return Ok(false);
            }
        }
        match &check.props {
            None => Ok(true),
            Some(p) => map_matches(graph, &Value::Node(node), p, row, self.cx),
        }
    }

    fn filters_ok(&self, filters: &[PExpr], row: &[Value]) -> Result<bool, QueryError> {
        for f in filters {
            if eval(f, row, self.cx)? != Value::Bool(true) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Matches several parts in sequence (a cartesian product joined on shared variables).
    pub fn parts(
        &mut self,
        parts: &[PartPlan],
        row: &mut Row,
        emit: &mut Emit<'_>,
    ) -> Result<bool, QueryError> {
        match parts.split_first() {
            None => emit(row, self.weight),
            Some((first, rest)) => self.part_then(first, rest, row, emit),
        }
    }

    fn part_then(
        &mut self,
        part: &PartPlan,
        rest: &[PartPlan],
        row: &mut Row,
        emit: &mut Emit<'_>,
    ) -> Result<bool, QueryError> {
        let resolved = resolve(self.cx.graph, part);
        self.anchor(part, &resolved, row, &mut |m, r| m.parts(rest, r, emit))
    }

    /// Matches one part, calling `emit` for every match; `emit` returns false to stop.
    pub fn part(
        &mut self,
        part: &PartPlan,
        row: &mut Row,
        emit: &mut Emit<'_>,
    ) -> Result<bool, QueryError> {
        let resolved = resolve(self.cx.graph, part);
        self.anchor(part, &resolved, row, &mut |m, r| emit(r, m.weight))
    }

    fn anchor(
        &mut self,
        part: &PartPlan,
        resolved: &Resolved,
        row: &mut Row,
        next: &mut Next<'_, 'a, 'g>,
    ) -> Result<bool, QueryError> {
        let Some(labels) = &resolved.anchor_labels else {
            return Ok(true);
        };
        let graph = self.cx.graph;
        if part.group_by_labels {
            match &part.anchor {
                Anchor::Scan => {
                    return self.label_groups(
                        part,
                        resolved,
                        &mut graph.node_ids(),
                        labels,
                        row,
                        next,
                    )
                }
                Anchor::Label(l) => {
                    return self.label_groups(
                        part,
                        resolved,
                        &mut graph.nodes_with_label(l).iter().copied(),
                        labels,
                        row,
                        next,
                    )
                }
                _ => {}
            }
        }
        if let Anchor::RelScan { .. } = &part.anchor {
            return self.rel_scan(part, resolved, labels, row, next);
        }
        let owned: Vec<NodeId>;
        let candidates: &[NodeId] = match &part.anchor {
            Anchor::Bound => match &row[part.anchor_slot] {
                Value::Node(n) => {
                    owned = vec![*n];
                    &owned
                }
                Value::Null => return Ok(true),
                other => {
                    return Err(type_err(format!(
                        "expected a node, got {}",
                        other.type_name()
                    )))
                }
            },
            Anchor::Id(e) => {
                owned = match eval(e, row, self.cx)? {
                    Value::Int(i) if i >= 0 && i <= u32::MAX as i64 => {
                        let id = NodeId(i as u32);
                        if graph.contains_node(id) {
                            vec![id]
                        } else {
                            Vec::new()
                        }
                    }
                    _ => Vec::new(),
                };
                &owned
            }
            Anchor::Name(e) => match eval(e, row, self.cx)? {
                Value::String(s) => {
                    let mut found = graph.find_by_name(&s).to_vec();
                    found.sort_unstable();
                    owned = found;
                    &owned
                }
                Value::Null => return Ok(true),
                _ => {
                    owned = graph.node_ids().collect();
                    &owned
                }
            },
            Anchor::Label(l) => graph.nodes_with_label(l),
            Anchor::PropEq { label, key, value } => {
                let value = eval(value, row, self.cx)?;
                let label_sym = match label {
                    Some(l) => match graph.symbol(l) {
                        Some(s) => Some(s),
                        None => return Ok(true),
                    },
                    None => None,
                };
                match (value.to_prop(), graph.symbol(key)) {
                    // Nothing equals null, and no node has a property nobody set.
                    _ if value.is_null() => return Ok(true),
                    (_, None) => return Ok(true),
                    (Some(p), Some(k)) => {
                        owned = graph.nodes_where(label_sym, k, &p);
                        &owned
                    }
                    // A value no property can hold: let the filters decide.
                    (None, Some(_)) => match label {
                        Some(l) => graph.nodes_with_label(l),
                        None => {
                            owned = graph.node_ids().collect();
                            &owned
                        }
                    },
                }
            }
            Anchor::RelScan { .. } => &[],
            Anchor::RelEnds { types, side } => {
                // The nodes with a relationship of the types on `side`, in id order: read off
                // the typed adjacency per node (a type unknown to the graph has no ends) rather
                // than collecting and sorting every relationship's end.
                let syms: Vec<Symbol> = types.iter().filter_map(|t| graph.symbol(t)).collect();
                owned = graph
                    .node_ids()
                    .filter(|&n| {
                        syms.iter().any(|&t| {
                            let (out, inc) = graph.neighbours_of_type(n, *side, t);
                            !out.is_empty() || !inc.is_empty()
                        })
                    })
                    .collect();
                &owned
            }
            Anchor::Scan => {
                owned = graph.node_ids().collect();
                &owned
            }
        };
        for &node in candidates {
            self.cx.tick()?;
            if !self.node_ok(node, labels, &part.anchor_check, row)? {
                continue;
            }
            set_node(&mut row[part.anchor_slot], node);
            if part.steps.is_empty() {
                if let Some(p) = part.path_slot {
                    row[p] = Value::Path(Path {
                        nodes: vec![node],
                        rels: Vec::new(),
                    });
                }
            }
            if !self.filters_ok(&part.filters[0], row)? {
                continue;
            }
            let go_on = if part.shortest.is_some() {
                self.shortest(part, resolved, row, next)?
            } else {
                self.step(Cursor::start(part, resolved), row, next)?
            };
            if !go_on {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn build_path(&self, part: &PartPlan, row: &mut Row) {
        let Some(p) = part.path_slot else { return };
        let Value::Node(start) = row[part.node_slots[0]] else {
            return;
        };
        let mut nodes = vec![start];
        let mut rels = Vec::new();
        let mut current = start;
        for (slot, varlen) in &part.rel_slots {
            let edges: Vec<EdgeId> = match &row[*slot] {
                Value::Rel(r) if !varlen => vec![*r],
                Value::List(l) => l
                    .iter()
                    .filter_map(|v| match v {
                        Value::Rel(r) => Some(*r),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            for e in edges {
                current = functions::other_end(self.cx, e, current);
                rels.push(e);
                nodes.push(current);
            }
        }
        row[p] = Value::Path(Path { nodes, rels });
    }

    fn step(
        &mut self,
        at: Cursor<'_>,
        row: &mut Row,
        next: &mut Next<'_, 'a, 'g>,
    ) -> Result<bool, QueryError> {
        let Cursor { part, resolved, k } = at;
        if k == part.steps.len() {
            return next(self, row);
        }
        let step = &part.steps[k];
        let (Some(labels), Some(types)) = (&resolved.steps[k].0, &resolved.steps[k].1) else {
            return Ok(true);
        };
        let from = match &row[step.from_slot] {
            Value::Node(n) => *n,
            Value::Null => return Ok(true),
            other => {
                return Err(type_err(format!(
                    "expected a node, got {}",
                    other.type_name()
                )))
            }
        };
        let graph = self.cx.graph;
        let single_type = if types.len() == 1 {
            Some(types[0])
        } else {
            None
        };
        let last = k + 1 == part.steps.len();
        let hop = Hop {
            from,
            labels,
            types,
        };
        match step.range {
            None if step.fixed_mode == FixedMode::Count => self.count_last_hop(at, row, next, hop),
            None if step.fixed_mode == FixedMode::DistinctEnds => {
                self.distinct_hop(at, row, next, hop)
            }
            None if step.fixed_mode == FixedMode::DistinctChain => {
                self.distinct_chain(at, row, next, hop)
            }
            None => {
                for (edge, other) in graph.expand(from, step.direction, single_type) {
                    self.cx.tick()?;
                    if !self.edge_ok(step, types, edge, row)? {
                        continue;
                    }
                    if !self.bind_to(step, labels, other, row)? {
                        continue;
                    }
                    row[step.rel_slot] = Value::Rel(edge);
                    if last {
                        self.build_path(part, row);
                    }
                    if !self.filters_ok(&part.filters[k + 1], row)? {
                        continue;
                    }
                    self.used.push(edge);
                    let go_on = self.step(at.ahead(1), row, next);
                    self.used.pop();
                    if !go_on? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Some((min, max)) if step.distinct_ends => {
                self.distinct_ends(at, row, next, hop, (min, max))
            }
            Some((min, max)) => self.var_length(at, row, next, hop, (min, max), &mut Vec::new()),
        }
    }

    /// Whether a relationship found by expanding a fixed-length step may be taken: one of the
    /// step's types, not used earlier in the pattern, the bound one if the pattern names a bound
    /// relationship variable, with the pattern's properties, passing
    /// the step's relationship filters (which see it in the relationship slot).
    fn edge_ok(
        &self,
        step: &Step,
        types: &[Symbol],
        edge: EdgeId,
        row: &mut Row,
    ) -> Result<bool, QueryError> {
        let graph = self.cx.graph;
        if (types.len() > 1 && !types.contains(&graph.edge(edge).rel_type_symbol()))
            || self.used.contains(&edge)
        {
            return Ok(false);
        }
        if step.rel_bound {
            match &row[step.rel_slot] {
                Value::Rel(r) if *r == edge => {}
                Value::Rel(_) | Value::Null => return Ok(false),
                other => {
                    return Err(type_err(format!(
                        "expected a relationship, got {}",
                        other.type_name()
                    )))
                }
            }
        }
        if !props_match(graph, &Value::Rel(edge), &step.rel_props, row, self.cx)? {
            return Ok(false);
        }
        if step.edge_filters.is_empty() {
            return Ok(true);
        }
        row[step.rel_slot] = Value::Rel(edge);
        self.filters_ok(&step.edge_filters, row)
    }

    /// `FixedMode::Count`: the last hop's relationship and far node are anonymous, so the row
    /// is handed on once, weighted by the number of relationships that match.
    fn count_last_hop(
        &mut self,
        at: Cursor<'_>,
        row: &mut Row,
        next: &mut Next<'_, 'a, 'g>,
        hop: Hop<'_>,
    ) -> Result<bool, QueryError> {
        let Hop {
            from,
            labels,
            types,
        } = hop;
        let step = &at.part.steps[at.k];
        let graph = self.cx.graph;
        let single_type = (types.len() == 1).then(|| types[0]);
        let plain_hop = step.rel_props.is_none()
            && step.edge_filters.is_empty()
            && step.to_check.props.is_none()
            && self.used.is_empty();
        let mut count = 0u64;
        if let (Some(t), true) = (single_type, plain_hop) {
            // Nothing to check on the relationships themselves: count them straight off the
            // typed adjacency (O(1) without labels; one label-bit read per neighbour with).
            self.cx.tick()?;
            count = if labels.is_empty() {
                graph.degree(from, step.direction, Some(t)) as u64
            } else {
                let (out, inc) = graph.neighbours_of_type(from, step.direction, t);
                let mut bits = self.label_bits.borrow_mut();
                let mut ok = |n: NodeId| labels.iter().all(|l| bits.has(graph, n, *l));
                let both = step.direction == crate::graph::Direction::Both;
                let mut c = out.iter().filter(|(n, _)| ok(*n)).count();
                // `expand` reports a self-loop once for `Both`; the incoming slice repeats it.
                c += inc
                    .iter()
                    .filter(|(n, _)| !(both && *n == from) && ok(*n))
                    .count();
                c as u64
            };
            return self.hand_on_counted(at, row, next, count);
        }
        for (edge, other) in graph.expand(from, step.direction, single_type) {
            self.cx.tick()?;
            if self.edge_ok(step, types, edge, row)?
                && self.node_ok(other, labels, &step.to_check, row)?
            {
                count += 1;
            }
        }
        self.hand_on_counted(at, row, next, count)
    }

    /// Hands the row on once, standing for `count` matches of the counted last hop.
    fn hand_on_counted(
        &mut self,
        at: Cursor<'_>,
        row: &mut Row,
        next: &mut Next<'_, 'a, 'g>,
        count: u64,
    ) -> Result<bool, QueryError> {
        if count == 0 || !self.filters_ok(&at.part.filters[at.k + 1], row)? {
            return Ok(true);
        }
        let saved = self.weight;
        self.weight = saved.checked_mul(count).ok_or_else(overflow)?;
        let go_on = self.step(at.ahead(1), row, next);
        self.weight = saved;
        go_on
    }

    /// `FixedMode::DistinctEnds`: the last hop's relationship is anonymous and the projection
    /// ignores repeated rows, so each far node is handed on once.
    fn distinct_hop(
        &mut self,
        at: Cursor<'_>,
        row: &mut Row,
        next: &mut Next<'_, 'a, 'g>,
        hop: Hop<'_>,
    ) -> Result<bool, QueryError> {
        let mut seen = self.sets.pop().unwrap_or_default();
        let result = self.distinct_hop_with(at, row, next, hop, &mut seen);
        seen.clear();
        self.sets.push(seen);
        result
    }

    fn distinct_hop_with(
        &mut self,
        at: Cursor<'_>,
        row: &mut Row,
        next: &mut Next<'_, 'a, 'g>,
        hop: Hop<'_>,
        seen: &mut NodeSet,
    ) -> Result<bool, QueryError> {
        let Hop {
            from,
            labels,
            types,
        } = hop;
        let Cursor { part, k, .. } = at;
        let step = &part.steps[k];
        let graph = self.cx.graph;
        let single_type = (types.len() == 1).then(|| types[0]);
        for (edge, other) in graph.expand(from, step.direction, single_type) {
            self.cx.tick()?;
            if seen.contains(other)
                || (step.ends_once && self.ends_handed_on.contains(other))
                || !self.edge_ok(step, types, edge, row)?
            {
                continue;
            }
            // Whether the far node matches does not depend on the (anonymous) relationship.
            seen.insert(other);
            if !self.bind_to(step, labels, other, row)? {
                continue;
            }
            row[step.rel_slot] = Value::Rel(edge);
            if !self.filters_ok(&part.filters[k + 1], row)? {
                continue;
            }
            if step.ends_once {
                self.ends_handed_on.insert(other);
            }
            self.used.push(edge);
            let go_on = self.step(at.ahead(1), row, next);
            self.used.pop();
            if !go_on? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// `FixedMode::DistinctChain`: steps k and k+1 form `from-[r1]-y-[r2]-end` with y, r1
    /// and r2 anonymous, and the projection ignores repeated rows. Breadth-first: the distinct
    /// middles first, then each end once. Relationship uniqueness (r1 ≠ r2) can only rule out
    /// walks that come back to `from` over the same relationship, so an end equal to `from`
    /// counts only through a middle reached by another relationship as well.
    fn distinct_chain(
        &mut self,
        at: Cursor<'_>,
        row: &mut Row,
        next: &mut Next<'_, 'a, 'g>,
        hop: Hop<'_>,
    ) -> Result<bool, QueryError> {
        let Hop {
            from,
            labels: middle_labels,
            types: first_types,
        } = hop;
        let Cursor { part, resolved, k } = at;
        let (Some(end_labels), Some(second_types)) =
            (&resolved.steps[k + 1].0, &resolved.steps[k + 1].1)
        else {
            return Ok(true);
        };
        let first = &part.steps[k];
        let second = &part.steps[k + 1];
        let graph = self.cx.graph;
        // Middle node → (first relationship reaching it, how many relationships do).
        let mut middles: Vec<(NodeId, EdgeId, u32)> = Vec::new();
        let mut middle_index: HashMap<NodeId, usize> = HashMap::default();
        let single_type = (first_types.len() == 1).then(|| first_types[0]);
        for (edge, y) in graph.expand(from, first.direction, single_type) {
            self.cx.tick()?;
            if !self.edge_ok(first, first_types, edge, row)? {
                continue;
            }
            if let Some(&i) = middle_index.get(&y) {
                middles[i].2 += 1;
                continue;
            }
            if self.node_ok(y, middle_labels, &first.to_check, row)? {
                middle_index.insert(y, middles.len());
                middles.push((y, edge, 1));
            }
        }
        drop(middle_index);
        let mut seen = self.sets.pop().unwrap_or_default();
        let single_type = (second_types.len() == 1).then(|| second_types[0]);
        // The ends with one middle and relationships that reach each.
        let mut ends: Vec<(NodeId, NodeId, EdgeId, EdgeId)> = Vec::new();
        let mut searched = Ok(());
        'middles: for &(y, first_edge, reaching) in &middles {
            for (edge, end) in graph.expand(y, second.direction, single_type) {
                if let Err(e) = self.cx.tick() {
                    searched = Err(e);
                    break 'middles;
                }
                if seen.contains(end)
                    || (second.ends_once && self.ends_handed_on.contains(end))
                    || (end == from && edge == first_edge && reaching == 1)
                {
                    continue;
                }
                match self.edge_ok(second, second_types, edge, row) {
                    Ok(true) => {
                        seen.insert(end);
                        ends.push((end, y, first_edge, edge));
                    }
                    Ok(false) => {}
                    Err(e) => {
                        searched = Err(e);
                        break 'middles;
                    }
                }
            }
        }
        seen.clear();
        self.sets.push(seen);
        searched?;
        // In node order, so that reading the ends' properties walks the columns forward.
        ends.sort_unstable_by_key(|(end, ..)| *end);
        for (end, y, first_edge, edge) in ends {
            if !self.bind_to(second, end_labels, end, row)? {
                continue;
            }
            row[first.to_slot] = Value::Node(y);
            row[first.rel_slot] = Value::Rel(first_edge);
            row[second.rel_slot] = Value::Rel(edge);
            if !self.filters_ok(&part.filters[k + 2], row)? {
                continue;
            }
            if second.ends_once {
                self.ends_handed_on.insert(end);
            }
            if !self.step(at.ahead(2), row, next)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// `Anchor::RelScan`: the one step of the part, driven by the relationships of its types
    /// in storage order; each relationship yields the anchor and the far node (both ways
    /// round for an undirected pattern, once for a self-loop).
    fn rel_scan(
        &mut self,
        part: &PartPlan,
        resolved: &Resolved,
        anchor_labels: &[Symbol],
        row: &mut Row,
        next: &mut Next<'_, 'a, 'g>,
    ) -> Result<bool, QueryError> {
        use crate::graph::Direction;
        let Anchor::RelScan {
            types: type_names,
            equal,
        } = &part.anchor
        else {
            return Ok(true);
        };
        let step = &part.steps[0];
        let (Some(labels), Some(_)) = (&resolved.steps[0].0, &resolved.steps[0].1) else {
            return Ok(true);
        };
        let graph = self.cx.graph;
        let last = part.steps.len() == 1;
        // A property that must equal a constant: scan its column instead (the filters still
        // check every candidate).
        let wanted = match equal {
            Some((key, value)) => {
                let value = eval(value, row, self.cx)?;
                if value.is_null() {
                    return Ok(true);
                }
                let Some(key) = graph.symbol(key) else {
                    return Ok(true);
                };
                value.to_prop().map(|p| (key, p))
            }
            None => None,
        };
        for name in type_names {
            let owned: Vec<EdgeId>;
            let edges: &[EdgeId] = match (&wanted, graph.symbol(name)) {
                (Some((key, value)), Some(t)) => {
                    owned = graph.edges_where(Some(t), *key, value);
                    &owned
                }
                _ => graph.edges_of_type(name),
            };
            for &edge in edges {
                self.cx.tick()?;
                if self.used.contains(&edge)
                    || !props_match(graph, &Value::Rel(edge), &step.rel_props, row, self.cx)?
                {
                    continue;
                }
                let e = graph.edge(edge);
                let ways = match step.direction {
                    Direction::Outgoing => [Some((e.from, e.to)), None],
                    Direction::Incoming => [Some((e.to, e.from)), None],
                    Direction::Both => [
                        Some((e.from, e.to)),
                        (e.from != e.to).then_some((e.to, e.from)),
                    ],
                };
                for (near, far) in ways.into_iter().flatten() {
                    if !self.node_ok(near, anchor_labels, &part.anchor_check, row)? {
                        continue;
                    }
                    row[part.anchor_slot] = Value::Node(near);
                    row[step.rel_slot] = Value::Rel(edge);
                    if !self.filters_ok(&part.filters[0], row)?
                        || !self.filters_ok(&step.edge_filters, row)?
                        || !self.bind_to(step, labels, far, row)?
                    {
                        continue;
                    }
                    row[step.rel_slot] = Value::Rel(edge);
                    if last {
                        self.build_path(part, row);
                    }
                    if !self.filters_ok(&part.filters[1], row)? {
                        continue;
                    }
                    self.used.push(edge);
                    let go_on = self.step(Cursor::start(part, resolved).ahead(1), row, next);
                    self.used.pop();
                    if !go_on? {
                        return Ok(false);
                    }
                }
            }
        }
        Ok(true)
    }

    /// A lone node pattern whose projection reads the node only through `labels(n)`: nodes
    /// with the same label list are interchangeable, so one row per label list is handed on,
    /// weighted by how many nodes carry it (in order of first appearance).
    fn label_groups(
        &mut self,
        part: &PartPlan,
        resolved: &Resolved,
        nodes: &mut dyn Iterator<Item = NodeId>,
        labels: &[Symbol],
        row: &mut Row,
        next: &mut Next<'_, 'a, 'g>,
    ) -> Result<bool, QueryError> {
        let graph = self.cx.graph;
        let mut groups: Vec<(&[Symbol], NodeId, u64)> = Vec::new();
        let mut index: HashMap<&[Symbol], usize> = HashMap::default();
        let mut last: Option<usize> = None;
        for node in nodes {
            self.cx.tick()?;
            let n = graph.node(node);
            if !labels.iter().all(|l| n.has_label(*l)) {
                continue;
            }
            let set = n.label_symbols();
            let g = match last {
                Some(i) if groups[i].0 == set => i,
                _ => *index.entry(set).or_insert_with(|| {
                    groups.push((set, node, 0));
                    groups.len() - 1
                }),
            };
            groups[g].2 += 1;
            last = Some(g);
        }
        let saved = self.weight;
        for (_, node, count) in groups {
            row[part.anchor_slot] = Value::Node(node);
            self.weight = saved.checked_mul(count).ok_or_else(overflow)?;
            let go_on = self.step(Cursor::start(part, resolved), row, next);
            self.weight = saved;
            if !go_on? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Binds (or checks) the step's target node.
    fn bind_to(
        &self,
        step: &Step,
        labels: &[Symbol],
        node: NodeId,
        row: &mut Row,
    ) -> Result<bool, QueryError> {
        if step.to_bound {
            match &row[step.to_slot] {
                Value::Node(n) if *n == node => {}
                _ => return Ok(false),
            }
        }
        if !self.node_ok(node, labels, &step.to_check, row)? {
            return Ok(false);
        }
        row[step.to_slot] = Value::Node(node);
        Ok(true)
    }

    /// Variable-length matching, depth first: `hop.from` is where the trail so far ends.
    fn var_length(
        &mut self,
        at: Cursor<'_>,
        row: &mut Row,
        next: &mut Next<'_, 'a, 'g>,
        hop: Hop<'_>,
        (min, max): (u64, u64),
        trail: &mut Vec<EdgeId>,
    ) -> Result<bool, QueryError> {
        self.cx.tick()?;
        let Cursor { part, k, .. } = at;
        let Hop {
            from: end,
            labels,
            types,
        } = hop;
        let step = &part.steps[k];
        let depth = trail.len() as u64;
        let last = k + 1 == part.steps.len();
        if depth >= min {
            let saved_to = row[step.to_slot].clone();
            if self.bind_to(step, labels, end, row)? {
                let mut list: Vec<Value> = trail.iter().map(|e| Value::Rel(*e)).collect();
                if step.reversed {
                    list.reverse();
                }
                let list = Value::List(list);
                let ok = if step.rel_bound {
                    row[step.rel_slot] == list
                } else {
                    row[step.rel_slot] = list;
                    true
                };
                if ok {
                    if last {
                        self.build_path(part, row);
                    }
                    if self.filters_ok(&part.filters[k + 1], row)? {
                        let before = self.used.len();
                        self.used.extend_from_slice(trail);
                        let go_on = self.step(at.ahead(1), row, next);
                        self.used.truncate(before);
                        if !go_on? {
                            return Ok(false);
                        }
                    }
                }
            }
            if step.to_bound {
                row[step.to_slot] = saved_to;
            }
        }
        if depth >= max {
            return Ok(true);
        }
        let graph = self.cx.graph;
        let single_type = if types.len() == 1 {
            Some(types[0])
        } else {
            None
        };
        let edges = graph
            .expand(end, step.direction, single_type)
            .filter(|(e, _)| types.len() <= 1 || types.contains(&graph.edge(*e).rel_type_symbol()));
        for (edge, other) in edges {
            if trail.contains(&edge) || self.used.contains(&edge) {
                continue;
            }
            if !props_match(graph, &Value::Rel(edge), &step.rel_props, row, self.cx)? {
                continue;
            }
            trail.push(edge);
            let go_on =
                self.var_length(at, row, next, Hop { from: other, ..hop }, (min, max), trail);
            trail.pop();
            if !go_on? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Every node reachable from `from` by a trail of min..=max relationships, once each.
    /// Other nodes: breadth-first distance (a shortest walk is a trail). The start node: a
    /// depth-first search for a closed trail, which stops at the first one.
    fn distinct_ends(
        &mut self,
        at: Cursor<'_>,
        row: &mut Row,
        next: &mut Next<'_, 'a, 'g>,
        hop: Hop<'_>,
        (min, max): (u64, u64),
    ) -> Result<bool, QueryError> {
        let Cursor { part, k, .. } = at;
        let Hop {
            from,
            labels,
            types,
        } = hop;
        let step = &part.steps[k];
        let graph = self.cx.graph;
        let single_type = if types.len() == 1 {
            Some(types[0])
        } else {
            None
        };
        let mut seen = self.sets.pop().unwrap_or_default();
        seen.insert(from);
        let mut ends: Vec<NodeId> = Vec::new();
        let mut frontier = vec![from];
        let mut next_frontier = Vec::new();
        let mut depth = 0u64;
        let mut searched = Ok(());
        'levels: while !frontier.is_empty() && depth < max {
            depth += 1;
            for &n in &frontier {
                for (edge, other) in graph.expand(n, step.direction, single_type) {
                    if let Err(e) = self.cx.tick() {
                        searched = Err(e);
                        break 'levels;
                    }
                    if seen.contains(other)
                        || (types.len() > 1 && !types.contains(&graph.edge(edge).rel_type_symbol()))
                    {
                        continue;
                    }
                    match props_match(graph, &Value::Rel(edge), &step.rel_props, row, self.cx) {
                        Ok(true) => {}
                        Ok(false) => continue,
                        Err(e) => {
                            searched = Err(e);
                            break 'levels;
                        }
                    }
                    seen.insert(other);
                    next_frontier.push(other);
                    if depth >= min {
                        ends.push(other);
                    }
                }
            }
            std::mem::swap(&mut frontier, &mut next_frontier);
            next_frontier.clear();
        }
        seen.clear();
        self.sets.push(seen);
        searched?;
        ends.sort_unstable();
        // The start node first (when a closed trail makes it an end), then the others in node
        // order (reading their properties then walks the columns forward). The closed-trail
        // search is costly on dense graphs, so it runs only when the start node would pass
        // the end's checks.
        let last = k + 1 == part.steps.len();
        for (i, end) in std::iter::once(from).chain(ends).enumerate() {
            let saved_to = row[step.to_slot].clone();
            if self.bind_to(step, labels, end, row)? {
                row[step.rel_slot] = Value::List(Vec::new());
                if last {
                    self.build_path(part, row);
                }
                if self.filters_ok(&part.filters[k + 1], row)? {
                    let is_end = i > 0 || min == 0 || {
                        let bound_end = std::mem::replace(&mut row[step.to_slot], saved_to.clone());
                        let mut trail = Vec::new();
                        let closed =
                            self.closed_trail(step, from, from, min, max, &mut trail, types, row);
                        row[step.to_slot] = bound_end;
                        closed?
                    };
                    if is_end && !self.step(at.ahead(1), row, next)? {
                        return Ok(false);
                    }
                }
            }
            if step.to_bound {
                row[step.to_slot] = saved_to;
            }
        }
        Ok(true)
    }

    /// Whether a trail of min..=max relationships leads from `at` back to `start`.
    #[allow(clippy::too_many_arguments)]
    fn closed_trail(
        &self,
        step: &Step,
        start: NodeId,
        at: NodeId,
        min: u64,
        max: u64,
        trail: &mut Vec<EdgeId>,
        types: &[Symbol],
        row: &[Value],
    ) -> Result<bool, QueryError> {
        self.cx.tick()?;
        let depth = trail.len() as u64;
        if depth >= min.max(1) && at == start {
            return Ok(true);
        }
        if depth >= max {
            return Ok(false);
        }
        let graph = self.cx.graph;
        let single_type = if types.len() == 1 {
            Some(types[0])
        } else {
            None
        };
        for (edge, other) in graph.expand(at, step.direction, single_type) {
            if trail.contains(&edge)
                || (types.len() > 1 && !types.contains(&graph.edge(edge).rel_type_symbol()))
                || !props_match(graph, &Value::Rel(edge), &step.rel_props, row, self.cx)?
            {
                continue;
            }
            trail.push(edge);
            let found = self.closed_trail(step, start, other, min, max, trail, types, row);
            trail.pop();
            if found? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// shortestPath / allShortestPaths: breadth-first search from the anchor.
    fn shortest(
        &mut self,
        part: &PartPlan,
        resolved: &Resolved,
        row: &mut Row,
        next: &mut Next<'_, 'a, 'g>,
    ) -> Result<bool, QueryError> {
        let step = &part.steps[0];
        let (Some(labels), Some(types)) = (&resolved.steps[0].0, &resolved.steps[0].1) else {
            return Ok(true);
        };
        let Value::Node(start) = row[step.from_slot] else {
            return Ok(true);
        };
        let (min, max) = step.range.unwrap_or((1, 1));
        let graph = self.cx.graph;
        let single_type = if types.len() == 1 {
            Some(types[0])
        } else {
            None
        };
        // Breadth-first levels with every predecessor edge (for allShortestPaths).
        let mut dist: HashMap<NodeId, u64> = HashMap::default();
        let mut preds: HashMap<NodeId, Vec<(EdgeId, NodeId)>> = HashMap::default();
        dist.insert(start, 0);
        let mut frontier = vec![start];
        let mut depth = 0;
        let target_fixed: Option<Vec<NodeId>> = if step.to_bound {
            match row[step.to_slot] {
                Value::Node(n) => Some(vec![n]),
                _ => return Ok(true),
            }
        } else {
            match &part.target {
                Some(Anchor::Id(e)) => Some(match eval(e, row, self.cx)? {
                    Value::Int(i) if i >= 0 && i <= u32::MAX as i64 => {
                        let id = NodeId(i as u32);
                        if graph.contains_node(id) {
                            vec![id]
                        } else {
                            Vec::new()
                        }
                    }
                    _ => Vec::new(),
                }),
                Some(Anchor::Name(e)) => Some(match eval(e, row, self.cx)? {
                    Value::String(s) => graph.find_by_name(&s).to_vec(),
                    _ => Vec::new(),
                }),
                _ => None,
            }
        };
        // One shortest path to known far ends: search from both ends at once.
        if let (Some(ShortestKind::Shortest), Some(fixed), true, false) =
            (part.shortest, &target_fixed, min <= 1, step.rel_bound)
        {
            if !fixed.contains(&start) {
                let mut targets = fixed.clone();
                targets.sort_unstable();
                targets.dedup();
                for t in targets {
                    if !self.bind_to(step, labels, t, row)? {
                        continue;
                    }
                    let Some(path) = self.meet_in_middle(step, types, start, t, max, row)? else {
                        continue;
                    };
                    row[step.rel_slot] = Value::List(path.into_iter().map(Value::Rel).collect());
                    self.build_path(part, row);
                    if self.filters_ok(&part.filters[1], row)? && !next(self, row)? {
                        return Ok(false);
                    }
                }
                return Ok(true);
            }
        }
        while !frontier.is_empty() && depth < max {
            depth += 1;
            let mut next_frontier = Vec::new();
            for &n in &frontier {
                for (edge, other) in graph.expand(n, step.direction, single_type) {
                    self.cx.tick()?;
                    if types.len() > 1 && !types.contains(&graph.edge(edge).rel_type_symbol()) {
                        continue;
                    }
                    if !props_match(graph, &Value::Rel(edge), &step.rel_props, row, self.cx)? {
                        continue;
                    }
                    match dist.get(&other) {
                        None => {
                            dist.insert(other, depth);
                            preds.entry(other).or_default().push((edge, n));
                            next_frontier.push(other);
                        }
                        Some(d) if *d == depth => {
                            preds.entry(other).or_default().push((edge, n));
                        }
                        _ => {}
                    }
                }
            }
            frontier = next_frontier;
            if let Some(t) = &target_fixed {
                if t.iter().all(|n| dist.contains_key(n)) {
                    break;
                }
            }
        }
        let mut targets: Vec<NodeId> = match target_fixed {
            Some(t) => t,
            None => dist.keys().copied().collect(),
        };
        targets.sort_unstable();
        let all = part.shortest == Some(ShortestKind::All);
        for t in targets {
            let Some(d) = dist.get(&t).copied() else {
                continue;
            };
            if d < min.max(if t == start { 0 } else { 1 }) || (d == 0 && min > 0) {
                continue;
            }
            if !self.bind_to(step, labels, t, row)? {
                continue;
            }
            // Enumerate paths back to the start.
            let mut paths: Vec<Vec<EdgeId>> = Vec::new();
            let mut stack: Vec<(NodeId, Vec<EdgeId>)> = vec![(t, Vec::new())];
            while let Some((n, trail)) = stack.pop() {
                self.cx.tick()?;
                if n == start {
                    let mut p = trail.clone();
                    p.reverse();
                    paths.push(p);
                    if !all {
                        break;
                    }
                    continue;
                }
                for (e, p) in preds.get(&n).map(Vec::as_slice).unwrap_or(&[]) {
                    let mut t2 = trail.clone();
                    t2.push(*e);
                    stack.push((*p, t2));
                }
            }
            for p in paths {
                row[step.rel_slot] = Value::List(p.iter().map(|e| Value::Rel(*e)).collect());
                self.build_path(part, row);
                if !self.filters_ok(&part.filters[1], row)? {
                    continue;
                }
                if !next(self, row)? {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }
}

impl Matcher<'_, '_> {
    /// One shortest path of at most `max` relationships from `start` to `target` (another
    /// node), by a breadth-first search from both ends that always grows the side with fewer
    /// relationships to follow; the first node reached from both sides lies on a shortest
    /// path, because every level of both sides is complete when the next one is started.
    /// Per-node side tables hold the relationship each node was reached by.
    fn meet_in_middle(
        &self,
        step: &Step,
        types: &[Symbol],
        start: NodeId,
        target: NodeId,
        max: u64,
        row: &[Value],
    ) -> Result<Option<Vec<EdgeId>>, QueryError> {
        use crate::graph::Direction;
        const ROOT: u32 = u32::MAX;
        let graph = self.cx.graph;
        let single_type = (types.len() == 1).then(|| types[0]);
        let reverse = match step.direction {
            Direction::Outgoing => Direction::Incoming,
            Direction::Incoming => Direction::Outgoing,
            Direction::Both => Direction::Both,
        };
        let directions = [step.direction, reverse];
        let bound = graph
            .node_count()
            .max(start.index() + 1)
            .max(target.index() + 1);
        // Per side: the relationship each node was reached by, plus one (0: not reached).
        let mut reached = [vec![0u32; bound], vec![0u32; bound]];
        reached[0][start.index()] = ROOT;
        reached[1][target.index()] = ROOT;
        let mut frontiers = [vec![start], vec![target]];
        let mut length = 0u64;
        while length < max && !frontiers[0].is_empty() && !frontiers[1].is_empty() {
            let work = |side: usize| -> usize {
                match single_type {
                    Some(_) => frontiers[side]
                        .iter()
                        .map(|&n| graph.degree(n, directions[side], single_type))
                        .sum(),
                    None => frontiers[side].len(),
                }
            };
            let side = if work(0) <= work(1) { 0 } else { 1 };
            length += 1;
            let mut next = Vec::new();
            for &n in &frontiers[side] {
                for (edge, other) in graph.expand(n, directions[side], single_type) {
                    self.cx.tick()?;
                    let i = other.index();
                    if i >= reached[side].len() {
                        reached[0].resize(i + 1, 0);
                        reached[1].resize(i + 1, 0);
                    }
                    if reached[side][i] != 0
                        || (types.len() > 1 && !types.contains(&graph.edge(edge).rel_type_symbol()))
                        || !props_match(graph, &Value::Rel(edge), &step.rel_props, row, self.cx)?
                    {
                        continue;
                    }
                    reached[side][i] = edge.index() as u32 + 1;
                    if reached[1 - side][i] != 0 {
                        return Ok(Some(self.join_halves(&reached, other)));
                    }
                    next.push(other);
                }
            }
            frontiers[side] = next;
        }
        Ok(None)
    }

    /// The relationships from the first search's root through `meeting` to the second's.
    fn join_halves(&self, reached: &[Vec<u32>; 2], meeting: NodeId) -> Vec<EdgeId> {
        let mut path = Vec::new();
        for (side, half) in reached.iter().enumerate() {
            let mut trail = Vec::new();
            let mut at = meeting;
            loop {
                let via = half[at.index()];
                if via == u32::MAX || via == 0 {
                    break;
                }
                let edge = EdgeId(via - 1);
                trail.push(edge);
                at = functions::other_end(self.cx, edge, at);
            }
            if side == 0 {
                trail.reverse();
            }
            path.extend(trail);
        }
        path
    }
}

// ---- operators ------------------------------------------------------------------------------

/// Figures for PROFILE: rows out and time per operator.
pub struct OpProfile {
    pub rows: usize,
    pub time: Duration,
}

pub struct Execution {
    pub table: Table,
    pub stats: SideEffects,
    pub profile: Vec<OpProfile>,
}

/// Runs a plan.
pub fn execute(
    plan: &Plan,
    graph: &mut KnowledgeGraph,
    guard: &Guard,
) -> Result<Execution, QueryError> {
    let mut rows: Vec<Row> = vec![Vec::new()];
    let mut stats = SideEffects::default();
    let labels_before: BTreeSet<String> = graph.labels().into_iter().map(String::from).collect();
    let mut profile = Vec::new();
    let mut i = 0;
    while i < plan.ops.len() {
        let op = &plan.ops[i];
        let started = Instant::now();
        if let (Op::Unwind { expr, slot, .. }, Some(Op::Project(p))) = (op, plan.ops.get(i + 1)) {
            // Stream the unwound rows into the projection (a long range never materialises).
            let cx = Ctx {
                graph: &*graph,
                guard,
            };
            let mut sink = ProjectSink::new(p, &cx)?;
            let mut streamed = 0usize;
            unwind_into(expr, *slot, rows, &cx, &mut |row| {
                streamed += 1;
                sink.push(row, 1, &cx)
            })?;
            rows = sink.finish(&cx)?;
            profile.push(OpProfile {
                rows: streamed,
                time: Duration::ZERO,
            });
            profile.push(OpProfile {
                rows: rows.len(),
                time: started.elapsed(),
            });
            i += 2;
            continue;
        }
        if let (Op::Match(m), Some(Op::Project(p))) = (op, plan.ops.get(i + 1)) {
            // Stream the match into the projection.
            let cx = Ctx {
                graph: &*graph,
                guard,
            };
            let mut sink = ProjectSink::new(p, &cx)?;
            // Rows the match stands for (a weighted row counts as that many).
            let mut streamed = 0u64;
            let mut in_projection = Duration::ZERO;
            run_match_into(m, rows, &cx, &mut |row, weight| {
                streamed = streamed.saturating_add(weight);
                if !guard.profiling {
                    return sink.push(row, weight, &cx);
                }
                let pushed = Instant::now();
                let more = sink.push(row, weight, &cx);
                in_projection += pushed.elapsed();
                more
            })?;
            let finishing = Instant::now();
            rows = sink.finish(&cx)?;
            in_projection += finishing.elapsed();
            let total = started.elapsed();
            profile.push(OpProfile {
                rows: usize::try_from(streamed).unwrap_or(usize::MAX),
                time: total.saturating_sub(in_projection),
            });
            profile.push(OpProfile {
                rows: rows.len(),
                time: in_projection,
            });
            i += 2;
            continue;
        }
        i += 1;
        rows = match op {
            Op::Match(m) => {
                let cx = Ctx {
                    graph: &*graph,
                    guard,
                };
                run_match(m, rows, &cx)?
            }
            Op::Unwind { expr, slot, .. } => {
                let cx = Ctx {
                    graph: &*graph,
                    guard,
                };
                let mut out = Vec::new();
                unwind_into(expr, *slot, rows, &cx, &mut |r| {
                    out.push(r.to_vec());
                    Ok(true)
                })?;
                out
            }
            Op::Project(p) => {
                let cx = Ctx {
                    graph: &*graph,
                    guard,
                };
                run_project(p, rows, &cx)?
            }
            Op::Create { parts, width, .. } => {
                let mut out = Vec::with_capacity(rows.len());
                for mut row in rows {
                    guard.tick()?;
                    row.resize(*width, Value::Null);
                    for part in parts {
                        create_part(part, &mut row, graph, guard, &mut stats)?;
                    }
                    out.push(row);
                }
                out
            }
            Op::Merge {
                matcher, create, ..
            } => {
                let mut out = Vec::new();
                for row in rows {
                    let found = {
                        let cx = Ctx {
                            graph: &*graph,
                            guard,
                        };
                        run_match(matcher, vec![row.clone()], &cx)?
                    };
                    if found.is_empty() {
                        let mut r = row;
                        r.resize(matcher.width, Value::Null);
                        create_part(create, &mut r, graph, guard, &mut stats)?;
                        out.push(r);
                    } else {
                        out.extend(found);
                    }
                }
                out
            }
        };
        profile.push(OpProfile {
            rows: rows.len(),
            time: started.elapsed(),
        });
    }
    let labels_after: BTreeSet<String> = graph.labels().into_iter().map(String::from).collect();
    stats.labels_added = labels_after.difference(&labels_before).count();
    let width = plan.columns.len();
    let rows = if width == 0 {
        Vec::new()
    } else {
        rows.into_iter()
            .map(|mut r| {
                r.truncate(width);
                r
            })
            .collect()
    };
    Ok(Execution {
        table: Table {
            columns: plan.columns.clone(),
            rows,
        },
        stats,
        profile,
    })
}

/// UNWIND: one row per list element, handed to `sink` (false: stop). `range(a, b[, s])` is
/// walked lazily, so a long range costs no memory.
fn unwind_into(
    expr: &PExpr,
    slot: usize,
    rows: Vec<Row>,
    cx: &Ctx,
    sink: &mut dyn FnMut(&[Value]) -> Result<bool, QueryError>,
) -> Result<(), QueryError> {
    for row in rows {
        let mut r = row;
        r.resize(r.len().max(slot + 1), Value::Null);
        if let PExpr::Function(name, args) = expr {
            if name == "range" {
                let values = args
                    .iter()
                    .map(|a| eval(a, &r, cx))
                    .collect::<Result<Vec<_>, _>>()?;
                if let [Value::Int(start), Value::Int(end), rest @ ..] = values.as_slice() {
                    let step = match rest {
                        [] => Some(1),
                        [Value::Int(s)] if *s != 0 => Some(*s),
                        _ => None,
                    };
                    if let Some(step) = step {
                        let mut i = *start;
                        while (step > 0 && i <= *end) || (step < 0 && i >= *end) {
                            cx.tick()?;
                            r[slot] = Value::Int(i);
                            if !sink(&r)? {
                                return Ok(());
                            }
                            match i.checked_add(step) {
                                Some(n) => i = n,
                                None => break,
                            }
                        }
                        continue;
                    }
                }
            }
        }
        let items = match eval(expr, &r, cx)? {
            Value::List(l) => l,
            Value::Null => Vec::new(),
            other => vec![other],
        };
        for item in items {
            cx.tick()?;
            r[slot] = item;
            if !sink(&r)? {
                return Ok(());
            }
        }
    }
    Ok(())
}

fn run_match(m: &MatchOp, rows: Vec<Row>, cx: &Ctx) -> Result<Vec<Row>, QueryError> {
    let mut out = Vec::new();
    run_match_into(m, rows, cx, &mut |found, weight| {
        for _ in 0..weight {
            out.push(found.to_vec());
        }
        Ok(true)
    })?;
    Ok(out)
}

/// Receives result rows with their weights (how many identical rows each stands for);
/// returns false to stop.
type WeightedSink<'a> = dyn FnMut(&[Value], u64) -> Result<bool, QueryError> + 'a;

/// Matches each input row, handing every result row to `sink` (false: stop).
fn run_match_into(
    m: &MatchOp,
    rows: Vec<Row>,
    cx: &Ctx,
    sink: &mut WeightedSink<'_>,
) -> Result<(), QueryError> {
    let mut matcher = Matcher::new(cx);
    for row in rows {
        let mut r = row;
        r.resize(m.width, Value::Null);
        let mut found = false;
        let mut stop = false;
        matcher.parts(&m.parts, &mut r, &mut |row, weight| {
            found = true;
            let more = sink(row, weight)?;
            stop = !more;
            Ok(more)
        })?;
        if stop {
            return Ok(());
        }
        if m.optional && !found {
            for s in &m.new_slots {
                r[*s] = Value::Null;
            }
            if !sink(&r, 1)? {
                return Ok(());
            }
        }
    }
    Ok(())
}

fn run_project(p: &ProjectOp, rows: Vec<Row>, cx: &Ctx) -> Result<Vec<Row>, QueryError> {
    let mut sink = ProjectSink::new(p, cx)?;
    for row in rows {
        if !sink.push(&row, 1, cx)? {
            break;
        }
    }
    sink.finish(cx)
}

/// A projection fed one row at a time (so MATCH can stream into it without materialising
/// its rows): evaluates items, or groups and accumulates aggregates.
struct ProjectSink<'p, 'g> {
    p: &'p ProjectOp,
    out: Vec<Row>,
    index: HashMap<HashedKey, usize>,
    /// With one grouping key that reads a property of a node or relationship in the row
    /// (its slot and key): the groups whose key is a string, keyed by the string as stored in
    /// the graph, so a row costs no copy of it. A string is equivalent only to an equal
    /// string, so these groups never meet a key of `index`.
    str_key: Option<(usize, Symbol)>,
    str_groups: HashMap<StrKey<'g>, usize>,
    /// Each group's first row, kept only when a column other than the grouping keys reads
    /// the input row.
    reps: Vec<Row>,
    keep_reps: bool,
    /// The aggregates' states, `aggregates.len()` per group.
    accs: Vec<AccState>,
    groups: usize,
    /// Rows wanted in all, when nothing reorders or drops them (LIMIT stops the match early).
    wanted: Option<usize>,
    /// WITH ... WHERE without SKIP/LIMIT or aggregates filters each row as it arrives.
    filter_early: bool,
}

impl<'p, 'g> ProjectSink<'p, 'g> {
    fn new(p: &'p ProjectOp, cx: &Ctx<'g>) -> Result<Self, QueryError> {
        let plain =
            p.aggregates.is_empty() && !p.distinct && p.order_by.is_empty() && p.filter.is_none();
        let wanted = match (&p.limit, plain) {
            (Some(l), true) => {
                let limit = match eval(l, &[], cx)? {
                    Value::Int(i) if i >= 0 => i as usize,
                    _ => usize::MAX,
                };
                let skip = match &p.skip {
                    Some(s) => match eval(s, &[], cx)? {
                        Value::Int(i) if i >= 0 => i as usize,
                        _ => 0,
                    },
                    None => 0,
                };
                Some(limit.saturating_add(skip))
            }
            _ => None,
        };
        let keep_reps = p.items.iter().enumerate().any(|(i, item)| {
            let mut read = BTreeSet::new();
            collect_slots(item, &mut read, p.input_width);
            !p.keys.contains(&i) && !read.is_empty()
        });
        let str_key = match p.keys.as_slice() {
            [k] if !p.aggregates.is_empty() => match &p.items[*k] {
                PExpr::Property(base, _, Some(sym)) => match base.as_ref() {
                    PExpr::Slot(s) => Some((*s, *sym)),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        };
        Ok(ProjectSink {
            p,
            out: Vec::new(),
            index: HashMap::default(),
            str_key,
            str_groups: HashMap::default(),
            reps: Vec::new(),
            keep_reps,
            accs: Vec::new(),
            groups: 0,
            wanted,
            filter_early: p.aggregates.is_empty() && p.skip.is_none() && p.limit.is_none(),
        })
    }

    /// Takes one input row standing for `weight` identical rows; false when no more rows are
    /// needed.
    fn push(&mut self, row: &[Value], weight: u64, cx: &Ctx<'g>) -> Result<bool, QueryError> {
        let p = self.p;
        if p.aggregates.is_empty() {
            let copies = if p.distinct { 1 } else { weight };
            for _ in 0..copies {
                if !self.push_one(row, cx)? {
                    return Ok(false);
                }
            }
            return Ok(true);
        }
        cx.tick()?;
        let stored = self.str_key.and_then(|(slot, sym)| {
            let prop = match row.get(slot)? {
                Value::Node(n) => cx.graph.node(*n).prop_sym(sym),
                Value::Rel(r) => cx.graph.edge(*r).prop_sym(sym),
                _ => None,
            };
            match prop? {
                PropValue::Str(s) => Some(s.as_str()),
                _ => None,
            }
        });
        let g = if let Some(name) = stored {
            match self.str_groups.entry(StrKey::new(name)) {
                std::collections::hash_map::Entry::Occupied(e) => *e.get(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(self.groups);
                    self.new_group(row)
                }
            }
        } else {
            let mut keys = Vec::with_capacity(p.keys.len());
            for &k in &p.keys {
                keys.push(GroupKey(eval(&p.items[k], row, cx)?));
            }
            let key = HashedKey::new(keys);
            match self.index.entry(key) {
                std::collections::hash_map::Entry::Occupied(e) => *e.get(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(self.groups);
                    self.new_group(row)
                }
            }
        };
        let n = p.aggregates.len();
        let accs = &mut self.accs[g * n..(g + 1) * n];
        for (spec, state) in p.aggregates.iter().zip(accs.iter_mut()) {
            update_acc_weighted(spec, state, row, weight, cx)?;
        }
        Ok(true)
    }

    /// Opens the next group with `row` as its first row; returns its number.
    fn new_group(&mut self, row: &[Value]) -> usize {
        if self.keep_reps {
            self.reps.push(row.to_vec());
        }
        self.accs.extend(self.p.aggregates.iter().map(new_acc));
        self.groups += 1;
        self.groups - 1
    }

    /// Takes one input row of a projection without aggregates.
    fn push_one(&mut self, row: &[Value], cx: &Ctx) -> Result<bool, QueryError> {
        cx.tick()?;
        let p = self.p;
        {
            if self.wanted.is_some_and(|w| self.out.len() >= w) {
                return Ok(false);
            }
            let mut r =
                Vec::with_capacity(p.items.len() + if p.keep_input { row.len() } else { 0 });
            for item in &p.items {
                r.push(eval(item, row, cx)?);
            }
            if p.keep_input {
                r.extend_from_slice(row);
            }
            if self.filter_early {
                if let Some(f) = &p.filter {
                    if eval(f, &r, cx)? != Value::Bool(true) {
                        return Ok(true);
                    }
                }
            }
            self.out.push(r);
            Ok(self.wanted.map_or(true, |w| self.out.len() < w))
        }
    }

    fn finish(self, cx: &Ctx) -> Result<Vec<Row>, QueryError> {
        let p = self.p;
        let out = if p.aggregates.is_empty() {
            self.out
        } else {
            let mut groups = self.groups;
            let mut accs = self.accs;
            if groups == 0 && p.keys.is_empty() {
                groups = 1;
                accs.extend(p.aggregates.iter().map(new_acc));
            }
            let n = p.aggregates.len();
            let aggregated: Vec<Value> = accs
                .into_iter()
                .enumerate()
                .map(|(i, state)| finish_acc(&p.aggregates[i % n], state))
                .collect();
            // Grouping-key columns take the key values already computed for the group.
            let mut group_keys: Vec<Vec<GroupKey>> = Vec::new();
            group_keys.resize_with(groups, Vec::new);
            for (key, g) in self.index {
                group_keys[g] = key.keys;
            }
            // A string key stays borrowed from the graph until its group makes a row.
            let mut group_strs: Vec<Option<&str>> = vec![None; groups];
            for (name, g) in self.str_groups {
                group_strs[g] = Some(name.text);
            }
            let reps = self.reps;
            // The input row (first of the group, or nulls) followed by the aggregates' values.
            let mut rep: Row = vec![Value::Null; p.input_width + n];
            let fill = |rep: &mut Row, g: usize| {
                if let Some(first) = reps.get(g) {
                    let padded = first.iter().chain(std::iter::repeat(&Value::Null));
                    for (slot, v) in rep[..p.input_width].iter_mut().zip(padded) {
                        slot.clone_from(v);
                    }
                }
                rep[p.input_width..].clone_from_slice(&aggregated[g * n..(g + 1) * n]);
            };
            let key_of = |item: usize| p.keys.iter().position(|&k| k == item);
            let mut chosen: Vec<usize> = (0..groups).collect();
            if let Some((wanted, slots)) = top_k_columns(p, cx) {
                // ORDER BY … LIMIT over projected columns: rank the groups first and build
                // rows for the first SKIP + LIMIT only (ties keep the groups' order).
                let computed: Vec<(usize, bool)> = slots
                    .iter()
                    .filter(|(slot, _)| key_of(*slot).is_none())
                    .copied()
                    .collect();
                let mut values: Vec<Value> = Vec::with_capacity(groups * computed.len());
                for g in 0..groups {
                    cx.tick()?;
                    fill(&mut rep, g);
                    for (slot, _) in &computed {
                        values.push(eval(&p.items[*slot], &rep, cx)?);
                    }
                }
                let value = |g: usize, slot: usize| -> Result<&Value, &str> {
                    match key_of(slot) {
                        Some(j) => match group_strs[g] {
                            Some(name) => Err(name),
                            None => Ok(&group_keys[g][j].0),
                        },
                        None => {
                            let c = computed.iter().position(|(s, _)| *s == slot).unwrap_or(0);
                            Ok(&values[g * computed.len() + c])
                        }
                    }
                };
                let order = |a: Result<&Value, &str>, b: Result<&Value, &str>| match (a, b) {
                    (Ok(a), Ok(b)) => a.order(b),
                    (Err(a), Err(b)) => a.cmp(b),
                    (Ok(a), Err(b)) => a.order(&Value::String(b.to_string())),
                    (Err(a), Ok(b)) => Value::String(a.to_string()).order(b),
                };
                sort_prefix(&mut chosen, Some(wanted), |&a, &b| {
                    for &(slot, desc) in &slots {
                        let o = order(value(a, slot), value(b, slot));
                        let o = if desc { o.reverse() } else { o };
                        if o != Ordering::Equal {
                            return o;
                        }
                    }
                    a.cmp(&b)
                });
            }
            let mut out = Vec::with_capacity(chosen.len());
            for g in chosen {
                fill(&mut rep, g);
                let mut r = Vec::with_capacity(p.items.len());
                for (i, item) in p.items.iter().enumerate() {
                    r.push(match key_of(i) {
                        Some(j) => match group_strs[g] {
                            Some(name) => Value::String(name.to_string()),
                            None => std::mem::replace(&mut group_keys[g][j].0, Value::Null),
                        },
                        None => eval(item, &rep, cx)?,
                    });
                }
                out.push(r);
            }
            out
        };
        finish_projection(p, out, self.filter_early, cx)
    }
}

/// For an aggregating projection ordered by projected columns with a LIMIT (and no
/// DISTINCT): how many rows are wanted (SKIP + LIMIT) and the sort columns.
fn top_k_columns(p: &ProjectOp, cx: &Ctx) -> Option<(usize, Vec<(usize, bool)>)> {
    if p.distinct || p.order_by.is_empty() {
        return None;
    }
    let count = |e: &PExpr| match eval(e, &[], cx) {
        Ok(Value::Int(i)) if i >= 0 => Some(i as usize),
        _ => None,
    };
    let limit = count(p.limit.as_ref()?)?;
    let skip = match &p.skip {
        Some(s) => count(s)?,
        None => 0,
    };
    let slots = p
        .order_by
        .iter()
        .map(|(e, desc)| match e {
            PExpr::Slot(i) if *i < p.items.len() => Some((*i, *desc)),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some((limit.saturating_add(skip), slots))
}

/// A string grouping key borrowed from the graph, with its hash computed once (growing the
/// table does not rehash the string).
struct StrKey<'g> {
    hash: u64,
    text: &'g str,
}

impl<'g> StrKey<'g> {
    fn new(text: &'g str) -> Self {
        use std::hash::BuildHasher;
        StrKey {
            hash: FxBuild::default().hash_one(text),
            text,
        }
    }
}

impl PartialEq for StrKey<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.text == other.text
    }
}

impl Eq for StrKey<'_> {}

impl std::hash::Hash for StrKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// The visible columns of a projected row as a DISTINCT key: hashed once, compared by
/// equivalence (the same as `GroupKey`).
struct RowKey<'r> {
    hash: u64,
    row: &'r [Value],
}

impl<'r> RowKey<'r> {
    fn new(row: &'r [Value]) -> Self {
        let mut h = FxHasher::default();
        for v in row {
            super::value::hash_value(v, &mut h);
        }
        RowKey {
            hash: h.finish(),
            row,
        }
    }
}

impl PartialEq for RowKey<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash
            && self.row.len() == other.row.len()
            && self
                .row
                .iter()
                .zip(other.row)
                .all(|(a, b)| super::value::equivalent(a, b))
    }
}

impl Eq for RowKey<'_> {}

impl std::hash::Hash for RowKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// A grouping key with its hash computed once (growing the table does not rehash values).
struct HashedKey {
    hash: u64,
    keys: Vec<GroupKey>,
}

impl HashedKey {
    fn new(keys: Vec<GroupKey>) -> Self {
        use std::hash::BuildHasher;
        HashedKey {
            hash: FxBuild::default().hash_one(&keys),
            keys,
        }
    }
}

impl PartialEq for HashedKey {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.keys == other.keys
    }
}

impl Eq for HashedKey {}

impl std::hash::Hash for HashedKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// DISTINCT, WHERE, ORDER BY, SKIP and LIMIT of a projection over its projected rows.
fn finish_projection(
    p: &ProjectOp,
    mut out: Vec<Row>,
    filtered: bool,
    cx: &Ctx,
) -> Result<Vec<Row>, QueryError> {
    let early_filter = p.skip.is_none() && p.limit.is_none();
    if early_filter && !filtered {
        if let Some(f) = &p.filter {
            out = filter_rows(f, out, cx)?;
        }
    }
    if p.distinct {
        // First occurrences stay, found through keys that borrow the rows (no copies).
        let v = p.visible;
        let mut seen: HashSet<RowKey<'_>> = HashSet::default();
        let first: Vec<bool> = out
            .iter()
            .map(|r| seen.insert(RowKey::new(&r[..v])))
            .collect();
        drop(seen);
        let mut first = first.into_iter();
        out.retain(|_| first.next().unwrap_or(true));
    }
    let count = |e: &Option<PExpr>, what: &str| -> Result<Option<usize>, QueryError> {
        match e {
            None => Ok(None),
            Some(e) => match eval(e, &[], cx)? {
                Value::Int(i) if i >= 0 => Ok(Some(i as usize)),
                Value::Int(_) => Err(QueryError::argument(
                    "NegativeIntegerArgument",
                    format!("{what} must not be negative"),
                )),
                other => Err(QueryError::argument(
                    "InvalidArgumentType",
                    format!("{what} needs an integer, got {}", other.type_name()),
                )),
            },
        }
    };
    let skip = count(&p.skip, "SKIP")?;
    let limit = count(&p.limit, "LIMIT")?;
    if !p.order_by.is_empty() {
        let wanted = limit.map(|l| l.saturating_add(skip.unwrap_or(0)));
        let directed = |o: Ordering, desc: bool| if desc { o.reverse() } else { o };
        let slots: Option<Vec<(usize, bool)>> = p
            .order_by
            .iter()
            .map(|(e, desc)| match e {
                PExpr::Slot(i) => Some((*i, *desc)),
                _ => None,
            })
            .collect();
        // Rows carry their input position, so that the order equals a stable sort's even
        // when only the first SKIP + LIMIT rows are selected (a partial sort).
        if let Some(slots) = slots {
            // Sorting by projected columns: compare the rows in place.
            let null = Value::Null;
            let mut indexed: Vec<(usize, Row)> = out.into_iter().enumerate().collect();
            sort_prefix(&mut indexed, wanted, |(i, a), (j, b)| {
                for &(slot, desc) in &slots {
                    let x = a.get(slot).unwrap_or(&null);
                    let y = b.get(slot).unwrap_or(&null);
                    let o = directed(x.order(y), desc);
                    if o != Ordering::Equal {
                        return o;
                    }
                }
                i.cmp(j)
            });
            out = indexed.into_iter().map(|(_, r)| r).collect();
        } else {
            let mut keyed: Vec<(Vec<Value>, usize, Row)> = Vec::with_capacity(out.len());
            for (i, r) in out.into_iter().enumerate() {
                cx.tick()?;
                let keys = p
                    .order_by
                    .iter()
                    .map(|(e, _)| eval(e, &r, cx))
                    .collect::<Result<Vec<_>, _>>()?;
                keyed.push((keys, i, r));
            }
            sort_prefix(&mut keyed, wanted, |(a, i, _), (b, j, _)| {
                for ((x, y), (_, desc)) in a.iter().zip(b).zip(&p.order_by) {
                    let o = directed(x.order(y), *desc);
                    if o != Ordering::Equal {
                        return o;
                    }
                }
                i.cmp(j)
            });
            out = keyed.into_iter().map(|(_, _, r)| r).collect();
        }
    }
    if let Some(s) = skip {
        out.drain(..s.min(out.len()));
    }
    if let Some(l) = limit {
        out.truncate(l);
    }
    if !early_filter {
        if let Some(f) = &p.filter {
            out = filter_rows(f, out, cx)?;
        }
    }
    for r in &mut out {
        r.truncate(p.visible);
    }
    Ok(out)
}

/// Sorts `items` by a total order, or only its first `wanted` items when that is fewer (the
/// rest are dropped): a bounded sorted buffer for a few, else a selection, then a sort of
/// the selected prefix.
fn sort_prefix<T>(items: &mut Vec<T>, wanted: Option<usize>, compare: impl Fn(&T, &T) -> Ordering) {
    if let Some(k) = wanted {
        if k == 0 {
            items.clear();
            return;
        }
        if k < items.len() && k <= 64 {
            // A few wanted: keep the best k sorted; most items lose to the k-th at once.
            let mut best: Vec<T> = Vec::with_capacity(k + 1);
            for item in items.drain(..) {
                if best.len() == k && compare(&item, &best[k - 1]) != Ordering::Less {
                    continue;
                }
                let at = best.partition_point(|x| compare(x, &item) != Ordering::Greater);
                best.insert(at, item);
                best.truncate(k);
            }
            *items = best;
            return;
        }
        if k < items.len() {
            items.select_nth_unstable_by(k - 1, &compare);
            items.truncate(k);
        }
    }
    items.sort_unstable_by(compare);
}

fn filter_rows(f: &PExpr, rows: Vec<Row>, cx: &Ctx) -> Result<Vec<Row>, QueryError> {
    let mut kept = Vec::with_capacity(rows.len());
    for r in rows {
        if eval(f, &r, cx)? == Value::Bool(true) {
            kept.push(r);
        }
    }
    Ok(kept)
}

enum Acc {
    Count(i64),
    Collect(Vec<Value>),
    Sum {
        int: i64,
        float: f64,
        is_float: bool,
    },
    Avg {
        sum: f64,
        n: u64,
    },
    Extreme(Option<Value>),
    Numbers(Vec<f64>),
    NumbersWithParam(Vec<Value>, Option<Value>),
}

struct AccState {
    acc: Acc,
    seen: Option<HashSet<GroupKey>>,
}

fn new_acc(spec: &AggSpec) -> AccState {
    AccState {
        acc: match spec.kind {
            AggKind::CountStar | AggKind::Count => Acc::Count(0),
            AggKind::Collect => Acc::Collect(Vec::new()),
            AggKind::Sum => Acc::Sum {
                int: 0,
                float: 0.0,
                is_float: false,
            },
            AggKind::Avg => Acc::Avg { sum: 0.0, n: 0 },
            AggKind::Min | AggKind::Max => Acc::Extreme(None),
            AggKind::StDev | AggKind::StDevP => Acc::Numbers(Vec::new()),
            AggKind::PercentileDisc | AggKind::PercentileCont => {
                Acc::NumbersWithParam(Vec::new(), None)
            }
        },
        seen: spec.distinct.then(HashSet::default),
    }
}

/// Updates an aggregate with a row that stands for `weight` identical rows: counts add the
/// weight, aggregates that ignore duplicates take the row once, the others take it `weight`
/// times.
fn update_acc_weighted(
    spec: &AggSpec,
    state: &mut AccState,
    row: &[Value],
    weight: u64,
    cx: &Ctx,
) -> Result<(), QueryError> {
    if weight == 1 || spec.distinct || matches!(spec.kind, AggKind::Min | AggKind::Max) {
        return update_acc(spec, state, row, cx);
    }
    let add = i64::try_from(weight).map_err(|_| overflow())?;
    match spec.kind {
        AggKind::CountStar => {
            if let Acc::Count(c) = &mut state.acc {
                *c = c.checked_add(add).ok_or_else(overflow)?;
            }
        }
        AggKind::Count => {
            let v = match &spec.arg {
                Some(a) => eval(a, row, cx)?,
                None => Value::Null,
            };
            if let (false, Acc::Count(c)) = (v.is_null(), &mut state.acc) {
                *c = c.checked_add(add).ok_or_else(overflow)?;
            }
        }
        _ => {
            for _ in 0..weight {
                cx.tick()?;
                update_acc(spec, state, row, cx)?;
            }
        }
    }
    Ok(())
}

fn update_acc(
    spec: &AggSpec,
    state: &mut AccState,
    row: &[Value],
    cx: &Ctx,
) -> Result<(), QueryError> {
    if spec.kind == AggKind::CountStar {
        if let Acc::Count(c) = &mut state.acc {
            *c += 1;
        }
        return Ok(());
    }
    let v = match &spec.arg {
        Some(a) => eval(a, row, cx)?,
        None => Value::Null,
    };
    if v.is_null() {
        return Ok(());
    }
    if let Some(seen) = &mut state.seen {
        if !seen.insert(GroupKey(v.clone())) {
            return Ok(());
        }
    }
    match &mut state.acc {
        Acc::Count(c) => *c += 1,
        Acc::Collect(l) => l.push(v),
        Acc::Sum {
            int,
            float,
            is_float,
        } => match v {
            Value::Int(i) => {
                if *is_float {
                    *float += i as f64;
                } else {
                    *int = int.checked_add(i).ok_or_else(overflow)?;
                }
            }
            Value::Float(f) => {
                if !*is_float {
                    *is_float = true;
                    *float = *int as f64;
                }
                *float += f;
            }
            other => {
                return Err(type_err(format!(
                    "sum() cannot add a {}",
                    other.type_name()
                )))
            }
        },
        Acc::Avg { sum, n } => match v.as_f64() {
            Some(x) => {
                *sum += x;
                *n += 1;
            }
            None => return Err(type_err(format!("avg() cannot use a {}", v.type_name()))),
        },
        Acc::Extreme(best) => {
            let replace = match best {
                None => true,
                Some(b) => {
                    let o = v.order(b);
                    if spec.kind == AggKind::Min {
                        o == Ordering::Less
                    } else {
                        o == Ordering::Greater
                    }
                }
            };
            if replace {
                *best = Some(v);
            }
        }
        Acc::Numbers(xs) => match v.as_f64() {
            Some(x) => xs.push(x),
            None => return Err(type_err(format!("stDev() cannot use a {}", v.type_name()))),
        },
        Acc::NumbersWithParam(xs, param) => {
            if v.as_f64().is_none() {
                return Err(type_err(format!(
                    "percentile functions cannot use a {}",
                    v.type_name()
                )));
            }
            xs.push(v);
            if param.is_none() {
                if let Some(e) = &spec.extra {
                    let p = eval(e, row, cx)?;
                    match p.as_f64() {
                        Some(x) if (0.0..=1.0).contains(&x) => *param = Some(p),
                        _ => {
                            return Err(QueryError::argument(
                                "NumberOutOfRange",
                                "percentile must be between 0.0 and 1.0",
                            ))
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

fn finish_acc(spec: &AggSpec, state: AccState) -> Value {
    match state.acc {
        Acc::Count(c) => Value::Int(c),
        Acc::Collect(l) => Value::List(l),
        Acc::Sum {
            int,
            float,
            is_float,
        } => {
            if is_float {
                Value::Float(float)
            } else {
                Value::Int(int)
            }
        }
        Acc::Avg { sum, n } => {
            if n == 0 {
                Value::Null
            } else {
                Value::Float(sum / n as f64)
            }
        }
        Acc::Extreme(v) => v.unwrap_or(Value::Null),
        Acc::Numbers(xs) => {
            let n = xs.len();
            let sample = spec.kind == AggKind::StDev;
            if n == 0 || (sample && n == 1) {
                return Value::Float(0.0);
            }
            let mean = xs.iter().sum::<f64>() / n as f64;
            let ss: f64 = xs.iter().map(|x| (x - mean).powi(2)).sum();
            let d = if sample { n - 1 } else { n } as f64;
            Value::Float((ss / d).sqrt())
        }
        Acc::NumbersWithParam(mut xs, param) => {
            if xs.is_empty() {
                return Value::Null;
            }
            xs.sort_by(|a, b| a.order(b));
            let p = param.and_then(|p| p.as_f64()).unwrap_or(0.0);
            let n = xs.len();
            if spec.kind == AggKind::PercentileDisc {
                let idx = if p == 0.0 {
                    0
                } else {
                    ((p * n as f64).ceil() as usize).saturating_sub(1)
                };
                xs[idx.min(n - 1)].clone()
            } else {
                let pos = p * (n - 1) as f64;
                let lo = pos.floor() as usize;
                let hi = pos.ceil() as usize;
                let a = xs[lo].as_f64().unwrap_or(0.0);
                let b = xs[hi].as_f64().unwrap_or(0.0);
                Value::Float(a + (b - a) * (pos - lo as f64))
            }
        }
    }
}

/// Evaluates a property map for CREATE / MERGE: null values are skipped, other values must
/// be storable.
fn props_to_store(
    e: &Option<PExpr>,
    row: &[Value],
    cx: &Ctx,
) -> Result<Vec<(String, PropValue)>, QueryError> {
    let Some(e) = e else {
        return Ok(Vec::new());
    };
    match eval(e, row, cx)? {
        Value::Map(m) => {
            let mut out = Vec::new();
            for (k, v) in m {
                if v.is_null() {
                    continue;
                }
                let p = v.to_prop().ok_or_else(|| {
                    QueryError::type_error(
                        "InvalidPropertyType",
                        format!("property `{k}` cannot hold a {}", v.type_name()),
                    )
                })?;
                out.push((k, p));
            }
            Ok(out)
        }
        Value::Null => Ok(Vec::new()),
        other => Err(type_err(format!(
            "properties must be a map, got {}",
            other.type_name()
        ))),
    }
}

fn create_part(
    part: &CreatePart,
    row: &mut Row,
    graph: &mut KnowledgeGraph,
    guard: &Guard,
    stats: &mut SideEffects,
) -> Result<(), QueryError> {
    for node in &part.nodes {
        if node.bound {
            match &row[node.slot] {
                Value::Node(_) => continue,
                Value::Null => {
                    return Err(QueryError::semantic(
                        "CreateOnNull",
                        "cannot create a relationship to a missing (null) node",
                    )
                    .at_runtime())
                }
                other => {
                    return Err(type_err(format!(
                        "expected a node, got {}",
                        other.type_name()
                    )))
                }
            }
        }
        if let Value::Node(_) = row[node.slot] {
            // Bound earlier in this same pattern.
            continue;
        }
        let props = {
            let cx = Ctx {
                graph: &*graph,
                guard,
            };
            props_to_store(&node.props, row, &cx)?
        };
        let labels: Vec<&str> = node.labels.iter().map(String::as_str).collect();
        let id = graph.add_anonymous_node(&labels);
        graph.add_node_sources(id, [Source::Manual]);
        stats.nodes_created += 1;
        for (k, v) in props {
            graph.set_node_prop(id, &k, Some(v));
            stats.properties_set += 1;
        }
        row[node.slot] = Value::Node(id);
    }
    for (i, rel) in part.rels.iter().enumerate() {
        let (Value::Node(a), Value::Node(b)) =
            (&row[part.nodes[i].slot], &row[part.nodes[i + 1].slot])
        else {
            return Err(QueryError::semantic(
                "CreateOnNull",
                "cannot create a relationship to a missing (null) node",
            )
            .at_runtime());
        };
        let (from, to) = if rel.forward { (*a, *b) } else { (*b, *a) };
        let props = {
            let cx = Ctx {
                graph: &*graph,
                guard,
            };
            props_to_store(&rel.props, row, &cx)?
        };
        let id = graph.add_edge(from, to, &rel.rel_type);
        graph.add_edge_sources(id, [Source::Manual]);
        stats.relationships_created += 1;
        for (k, v) in props {
            graph.set_edge_prop(id, &k, Some(v));
            stats.properties_set += 1;
        }
        row[rel.slot] = Value::Rel(id);
    }
    if let Some(p) = part.path_slot {
        let mut nodes = Vec::new();
        let mut rels = Vec::new();
        for n in &part.nodes {
            if let Value::Node(id) = row[n.slot] {
                nodes.push(id);
            }
        }
        for r in &part.rels {
            if let Value::Rel(id) = row[r.slot] {
                rels.push(id);
            }
        }
        row[p] = Value::Path(Path { nodes, rels });
    }
    Ok(())
}

impl QueryError {
    pub(crate) fn at_runtime(mut self) -> Self {
        self.phase = Phase::Runtime;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_valued_and() {
        let g = KnowledgeGraph::new();
        let guard = Guard::new(None, None);
        let cx = Ctx {
            graph: &g,
            guard: &guard,
        };
        let e = PExpr::Binary(
            BinaryOp::And,
            Box::new(PExpr::Const(Value::Null)),
            Box::new(PExpr::Const(Value::Bool(false))),
        );
        assert_eq!(eval(&e, &[], &cx).unwrap(), Value::Bool(false));
    }
}
