//! AST → executable plan, with the semantic checks of openCypher on the way: names are bound
//! to row slots, variable types are checked (UndefinedVariable, VariableTypeConflict,
//! VariableAlreadyBound, ...), aggregates are separated from grouping keys, WHERE conjuncts are
//! pushed to the earliest pattern step that binds their variables, and each pattern is anchored
//! on its most selective node (bound variable, id, name index, property-column scan, label
//! index, scan) or, for a lone relationship with a predicate of its own, on a scan of its
//! relationships. Conjuncts on a relationship run before its far node is bound. After the
//! projection is planned, the MATCH before it is given the cheaper execution the projection
//! allows (counted or distinct last hops, two-hop distinct chains, label-set groups), only
//! where anonymous pattern elements, which nothing can read, stand for several matches.
//! `Display` prints the plan for EXPLAIN.

use super::ast::*;
use super::error::{ErrorKind, Phase, QueryError};
use super::value::Value;
use super::Params;
use crate::graph::KnowledgeGraph;
use std::collections::BTreeSet;
use std::fmt;

type PResult<T> = Result<T, QueryError>;

/// What a slot holds, as far as the planner knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarType {
    Node,
    Rel,
    RelList,
    Path,
    /// A known non-graph value (from a literal): using it as a node or relationship is an error.
    Scalar,
    /// A list (may hold the relationships of a variable-length pattern).
    List,
    Any,
}

/// The names of the slots of a row at one point of the plan.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    pub vars: Vec<(String, VarType)>,
}

impl Scope {
    pub fn lookup(&self, name: &str) -> Option<usize> {
        self.vars.iter().position(|(n, _)| n == name)
    }
    pub fn var_type(&self, slot: usize) -> VarType {
        self.vars[slot].1
    }
    pub fn width(&self) -> usize {
        self.vars.len()
    }
    fn push(&mut self, name: &str, t: VarType) -> usize {
        self.vars.push((name.to_string(), t));
        self.vars.len() - 1
    }
    /// User-visible variable names (hidden slots start with a space).
    pub fn visible(&self) -> impl Iterator<Item = (usize, &str)> {
        self.vars
            .iter()
            .enumerate()
            .filter(|(_, (n, _))| !n.starts_with(' '))
            .map(|(i, (n, _))| (i, n.as_str()))
    }
}

/// A compiled expression: variables are slots, parameters are constants.
#[derive(Clone, Debug)]
pub enum PExpr {
    Const(Value),
    Slot(usize),
    List(Vec<PExpr>),
    Map(Vec<(String, PExpr)>),
    /// Property lookup; the key's symbol when the graph knew it at planning time.
    Property(Box<PExpr>, String, Option<crate::graph::Symbol>),
    Index(Box<PExpr>, Box<PExpr>),
    Slice(Box<PExpr>, Option<Box<PExpr>>, Option<Box<PExpr>>),
    HasLabels(Box<PExpr>, Vec<String>),
    Unary(UnaryOp, Box<PExpr>),
    Binary(BinaryOp, Box<PExpr>, Box<PExpr>),
    Chain(Vec<PExpr>, Vec<BinaryOp>),
    Function(String, Vec<PExpr>),
    Case {
        subject: Option<Box<PExpr>>,
        alternatives: Vec<(PExpr, PExpr)>,
        otherwise: Option<Box<PExpr>>,
    },
    ListComprehension {
        slot: usize,
        list: Box<PExpr>,
        filter: Option<Box<PExpr>>,
        map: Option<Box<PExpr>>,
    },
    Quantifier {
        kind: QuantifierKind,
        slot: usize,
        list: Box<PExpr>,
        filter: Option<Box<PExpr>>,
    },
    Reduce {
        acc: usize,
        init: Box<PExpr>,
        slot: usize,
        list: Box<PExpr>,
        expr: Box<PExpr>,
    },
    Pattern(Box<PatternPlan>),
    PatternComprehension(Box<PatternPlan>, Option<Box<PExpr>>, Box<PExpr>),
    MapProjection(usize, Vec<(String, MapItem)>),
}

#[derive(Clone, Debug)]
pub enum MapItem {
    Property(String),
    All,
    Expr(PExpr),
}

/// A pattern matched inside an expression (predicate or comprehension).
#[derive(Clone, Debug)]
pub struct PatternPlan {
    pub part: PartPlan,
    /// Width of the outer row the pattern was compiled against.
    pub outer: usize,
    /// Row width the matcher needs (outer row + the pattern's own slots).
    pub width: usize,
}

#[derive(Clone, Debug, Default)]
pub struct NodeCheck {
    pub labels: Vec<String>,
    pub props: Option<PExpr>,
}

#[derive(Clone, Debug)]
pub enum Anchor {
    /// The anchor node is already in the row.
    Bound,
    /// `id(n) = expr`.
    Id(PExpr),
    /// Candidates from the name/alias index (`n.name = expr`), re-checked by the filters.
    Name(PExpr),
    Label(String),
    /// The relationships of these types, scanned in storage order, for a one-relationship
    /// pattern with a predicate on the relationship: each gives the anchor (the first node)
    /// and its far end directly.
    /// With `equal`, only the relationships whose property equals a constant (a scan of
    /// one property column).
    RelScan {
        types: Vec<String>,
        equal: Option<(String, PExpr)>,
    },
    /// Nodes (of a label) whose property equals a constant (`n.key = expr` or
    /// `{key: expr}`): a scan of one property column, re-checked by the filters.
    PropEq {
        label: Option<String>,
        key: String,
        value: PExpr,
    },
    /// The nodes at one end (`side` as seen from the node) of relationships of these types.
    RelEnds {
        types: Vec<String>,
        side: crate::graph::Direction,
    },
    Scan,
}

#[derive(Clone, Debug)]
pub struct Step {
    pub from_slot: usize,
    pub rel_slot: usize,
    /// The relationship variable is bound before this step (check instead of bind).
    pub rel_bound: bool,
    pub types: Vec<String>,
    pub direction: crate::graph::Direction,
    pub range: Option<(u64, u64)>,
    pub rel_props: Option<PExpr>,
    pub to_slot: usize,
    pub to_bound: bool,
    pub to_check: NodeCheck,
    /// Leftward step: a var-length list is stored reversed to keep pattern order.
    pub reversed: bool,
    /// Variable-length step whose paths nobody reads and whose row count does not matter
    /// (the next projection is DISTINCT or aggregates only distinct values): expand
    /// breadth-first to each reachable node once instead of enumerating every path.
    pub distinct_ends: bool,
    /// Conjuncts that read the relationship but not the far node: checked on each candidate
    /// relationship before the far node is bound (fixed-length steps only).
    pub edge_filters: Vec<PExpr>,
    /// How a fixed-length step hands its matches on (see [`FixedMode`]).
    pub fixed_mode: FixedMode,
    /// With `DistinctEnds` / `DistinctChain`: the projection reads nothing of the row but
    /// this step's far node, so a far node already handed on (for any input row) is skipped.
    pub ends_once: bool,
}

/// How a fixed-length step hands its matches to the rest of the plan. Every mode other than
/// `Walk` is chosen only where the projection after the MATCH cannot tell the difference.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FixedMode {
    /// One row per matching relationship.
    #[default]
    Walk,
    /// Last step, relationship and far node anonymous, the projection only counts rows:
    /// one row weighted by the number of matching relationships.
    Count,
    /// Last step, relationship anonymous, the projection ignores duplicate rows: each far
    /// node once per start node.
    DistinctEnds,
    /// This step and the next (the last) form a chain whose middle node and relationships
    /// are anonymous, and the projection ignores duplicate rows: each end of the two-hop
    /// chain once per start node, found breadth-first.
    DistinctChain,
}

#[derive(Clone, Debug)]
pub struct PartPlan {
    pub anchor: Anchor,
    pub anchor_slot: usize,
    pub anchor_check: NodeCheck,
    pub steps: Vec<Step>,
    /// `filters[i]` run after step i-1 (0: after the anchor).
    pub filters: Vec<Vec<PExpr>>,
    /// Slots of the pattern's nodes and relationships in pattern order, for paths.
    pub node_slots: Vec<usize>,
    pub rel_slots: Vec<(usize, bool)>,
    pub path_slot: Option<usize>,
    pub shortest: Option<ShortestKind>,
    /// A lone node whose projection reads it only through `labels(n)`: nodes are grouped by
    /// label set and one weighted row per set is handed on.
    pub group_by_labels: bool,
    /// For shortest paths: how to find the far end's candidates (id or name lookup).
    pub target: Option<Anchor>,
    /// Text for EXPLAIN.
    pub text: String,
}

#[derive(Clone, Debug)]
pub struct MatchOp {
    pub optional: bool,
    pub parts: Vec<PartPlan>,
    /// Slots this clause binds (nulled for an OPTIONAL MATCH without match).
    pub new_slots: Vec<usize>,
    pub width: usize,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AggKind {
    CountStar,
    Count,
    Collect,
    Sum,
    Avg,
    Min,
    Max,
    StDev,
    StDevP,
    PercentileDisc,
    PercentileCont,
}

#[derive(Clone, Debug)]
pub struct AggSpec {
    pub kind: AggKind,
    pub distinct: bool,
    pub arg: Option<PExpr>,
    pub extra: Option<PExpr>,
}

#[derive(Clone, Debug)]
pub struct ProjectOp {
    pub items: Vec<PExpr>,
    pub names: Vec<String>,
    pub aggregates: Vec<AggSpec>,
    /// Indices of items that are grouping keys (when aggregating).
    pub keys: Vec<usize>,
    pub input_width: usize,
    /// Columns kept after sorting (hidden ORDER BY columns and the input row are dropped).
    pub visible: usize,
    pub distinct: bool,
    /// Keep the input row after the projected columns (for ORDER BY on input variables).
    pub keep_input: bool,
    pub order_by: Vec<(PExpr, bool)>,
    pub skip: Option<PExpr>,
    pub limit: Option<PExpr>,
    pub filter: Option<PExpr>,
    pub text: String,
}

#[derive(Clone, Debug)]
pub struct CreateNode {
    pub slot: usize,
    pub bound: bool,
    pub labels: Vec<String>,
    pub props: Option<PExpr>,
}

#[derive(Clone, Debug)]
pub struct CreateRel {
    pub slot: usize,
    pub rel_type: String,
    /// Relationship goes from the left node to the right one.
    pub forward: bool,
    pub props: Option<PExpr>,
}

#[derive(Clone, Debug)]
pub struct CreatePart {
    pub nodes: Vec<CreateNode>,
    pub rels: Vec<CreateRel>,
    pub path_slot: Option<usize>,
}

#[derive(Clone, Debug)]
pub enum Op {
    Match(MatchOp),
    Unwind {
        expr: PExpr,
        slot: usize,
        text: String,
    },
    Project(ProjectOp),
    Create {
        parts: Vec<CreatePart>,
        width: usize,
        text: String,
    },
    Merge {
        matcher: MatchOp,
        create: CreatePart,
        text: String,
    },
}

/// An executable plan: operators in order, each consuming the rows of the previous one.
#[derive(Clone, Debug)]
pub struct Plan {
    pub ops: Vec<Op>,
    pub columns: Vec<String>,
}

/// Default bound for `*` without an upper limit.
pub const DEFAULT_MAX_HOPS: usize = 15;

struct Planner<'a> {
    graph: &'a KnowledgeGraph,
    params: &'a Params,
    max_hops: u64,
    hidden: usize,
}

fn err_undefined(name: &str) -> QueryError {
    QueryError::syntax(
        "UndefinedVariable",
        format!("variable `{name}` is not defined"),
    )
}

fn conflict(name: &str, what: &str) -> QueryError {
    QueryError::syntax(
        "VariableTypeConflict",
        format!("variable `{name}` is already bound and cannot be used as {what}"),
    )
}

/// Builds the plan of a query.
pub fn plan(
    query: &Query,
    graph: &KnowledgeGraph,
    params: &Params,
    max_hops: usize,
) -> Result<Plan, QueryError> {
    let mut planner = Planner {
        graph,
        params,
        max_hops: max_hops as u64,
        hidden: 0,
    };
    planner.query(query)
}

impl Planner<'_> {
    fn hidden_name(&mut self) -> String {
        self.hidden += 1;
        format!(" h{}", self.hidden)
    }

    fn query(&mut self, query: &Query) -> PResult<Plan> {
        let mut scope = Scope::default();
        let mut ops = Vec::new();
        let mut columns = Vec::new();
        let n = query.clauses.len();
        let mut updating = false;
        for (i, clause) in query.clauses.iter().enumerate() {
            let last = i + 1 == n;
            match clause {
                Clause::Match {
                    optional,
                    pattern,
                    where_,
                } => {
                    let mut op =
                        self.match_clause(*optional, pattern, where_.as_ref(), &mut scope)?;
                    if multiplicity_free(query.clauses.get(i + 1)) {
                        mark_distinct_ends(&mut op, pattern);
                    }
                    ops.push(Op::Match(op));
                }
                Clause::Unwind { expr, alias } => {
                    let e = self.expr(expr, &scope)?;
                    if scope.lookup(alias).is_some() {
                        return Err(QueryError::syntax(
                            "VariableAlreadyBound",
                            format!("variable `{alias}` is already bound"),
                        ));
                    }
                    let slot = scope.push(alias, VarType::Any);
                    ops.push(Op::Unwind {
                        expr: e,
                        slot,
                        text: format!("UNWIND {expr} AS {alias}"),
                    });
                }
                Clause::With { projection, where_ } => {
                    let (op, new_scope) =
                        self.projection(projection, where_.as_ref(), &scope, false)?;
                    if let Some(Op::Match(m)) = ops.last_mut() {
                        mark_fast_paths(m, &op, &scope);
                    }
                    scope = new_scope;
                    ops.push(Op::Project(op));
                }
                Clause::Return(projection) => {
                    if !last {
                        return Err(QueryError::syntax(
                            "UnexpectedSyntax",
                            "RETURN must be the last clause",
                        ));
                    }
                    let (op, _) = self.projection(projection, None, &scope, true)?;
                    if let Some(Op::Match(m)) = ops.last_mut() {
                        mark_fast_paths(m, &op, &scope);
                    }
                    columns = op.names.clone();
                    ops.push(Op::Project(op));
                }
                Clause::Create(pattern) => {
                    updating = true;
                    let mut parts = Vec::new();
                    for part in pattern {
                        parts.push(self.create_part(part, &mut scope, false)?);
                    }
                    ops.push(Op::Create {
                        parts,
                        width: scope.width(),
                        text: clause.to_string(),
                    });
                }
                Clause::Merge(part) => {
                    updating = true;
                    let before = scope.width();
                    let mut probe = scope.clone();
                    // The create side is checked first: it rejects what MERGE cannot make.
                    let mut create = self.create_part(part, &mut probe, true)?;
                    let matcher =
                        self.match_clause(false, std::slice::from_ref(part), None, &mut scope)?;
                    // Create into the slots the matcher binds, so later clauses see one layout.
                    let m = &matcher.parts[0];
                    for (node, slot) in create.nodes.iter_mut().zip(&m.node_slots) {
                        node.slot = *slot;
                        node.bound = *slot < before;
                    }
                    for (rel, (slot, _)) in create.rels.iter_mut().zip(&m.rel_slots) {
                        rel.slot = *slot;
                    }
                    create.path_slot = m.path_slot;
                    ops.push(Op::Merge {
                        matcher,
                        create,
                        text: clause.to_string(),
                    });
                }
                Clause::Unsupported(name) => {
                    let word = name.split_whitespace().next().unwrap_or("").to_string();
                    return Err(QueryError::new(
                        ErrorKind::Unsupported,
                        "UnsupportedClause",
                        Phase::Compile,
                        format!("{word} is not supported (newsgraph implements a read-and-create subset of openCypher)"),
                    ));
                }
            }
            if last && !matches!(clause, Clause::Return(_)) && !updating {
                return Err(QueryError::syntax(
                    "MissingReturn",
                    "a query must end with RETURN (or be an updating query)",
                ));
            }
        }
        Ok(Plan { ops, columns })
    }

    // ---- MATCH ------------------------------------------------------------------------------

    fn match_clause(
        &mut self,
        optional: bool,
        pattern: &[PatternPart],
        where_: Option<&Expr>,
        scope: &mut Scope,
    ) -> PResult<MatchOp> {
        let before = scope.width();
        let mut seen_rels: BTreeSet<String> = BTreeSet::new();
        // Declare every variable of the pattern first, checking types.
        for part in pattern {
            self.declare_part(part, scope, &mut seen_rels, false)?;
        }
        let mut bound: Vec<bool> = (0..scope.width()).map(|i| i < before).collect();
        let mut conjuncts: Vec<(Expr, BTreeSet<usize>)> = Vec::new();
        if let Some(w) = where_ {
            check_no_aggregate(w)?;
            let mut list = Vec::new();
            split_and(w, &mut list);
            for c in list {
                let deps = self.deps(c, scope)?;
                conjuncts.push((c.clone(), deps));
            }
        }
        let mut parts = Vec::new();
        let mut used = vec![false; conjuncts.len()];
        for part in pattern {
            let plan = self.part_plan(part, scope, &mut bound, &conjuncts, &mut used)?;
            parts.push(plan);
        }
        // Conjuncts still unplaced (none should be) run after the last part.
        if let Some(last) = parts.last_mut() {
            for (i, (c, _)) in conjuncts.iter().enumerate() {
                if !used[i] {
                    let e = self.expr(c, scope)?;
                    last.filters.last_mut().expect("filters").push(e);
                }
            }
        }
        let width = scope.width();
        let mut text = String::new();
        if optional {
            text.push_str("Optional");
        }
        text.push_str("Match ");
        text.push_str(
            &pattern
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        );
        Ok(MatchOp {
            optional,
            parts,
            new_slots: (before..width).collect(),
            width,
            text,
        })
    }

    /// Adds the part's variables to the scope (hidden ones for anonymous elements).
    fn declare_part(
        &mut self,
        part: &PatternPart,
        scope: &mut Scope,
        seen_rels: &mut BTreeSet<String>,
        in_expression: bool,
    ) -> PResult<()> {
        let el = &part.element;
        for n in &el.nodes {
            if let Some(v) = &n.var {
                match scope.lookup(v) {
                    Some(s) => match scope.var_type(s) {
                        VarType::Node | VarType::Any => {}
                        _ => return Err(conflict(v, "a node")),
                    },
                    None => {
                        if in_expression {
                            return Err(err_undefined(v));
                        }
                        scope.push(v, VarType::Node);
                    }
                }
            }
            if let Some(p) = &n.props {
                if matches!(p, Expr::Parameter(_)) {
                    return Err(QueryError::syntax(
                        "InvalidParameterUse",
                        "a parameter cannot be used as a property map in MATCH",
                    ));
                }
            }
        }
        for r in &el.rels {
            if let Some(p) = &r.props {
                if matches!(p, Expr::Parameter(_)) {
                    return Err(QueryError::syntax(
                        "InvalidParameterUse",
                        "a parameter cannot be used as a property map in MATCH",
                    ));
                }
            }
            if let Some(v) = &r.var {
                let want = if r.range.is_some() {
                    VarType::RelList
                } else {
                    VarType::Rel
                };
                if !seen_rels.insert(v.clone()) {
                    return Err(QueryError::syntax(
                        "RelationshipUniquenessViolation",
                        format!("relationship variable `{v}` is used twice in one pattern"),
                    ));
                }
                match scope.lookup(v) {
                    Some(s) => match scope.var_type(s) {
                        VarType::Rel if want == VarType::Rel => {}
                        VarType::Any => {}
                        VarType::RelList | VarType::List if want == VarType::RelList => {}
                        _ => return Err(conflict(v, "a relationship")),
                    },
                    None => {
                        if in_expression {
                            return Err(err_undefined(v));
                        }
                        scope.push(v, want);
                    }
                }
            }
        }
        if let Some(p) = &part.path_var {
            if scope.lookup(p).is_some() {
                return Err(QueryError::syntax(
                    "VariableAlreadyBound",
                    format!("variable `{p}` is already bound"),
                ));
            }
            scope.push(p, VarType::Path);
        }
        Ok(())
    }

    fn slot_of_node(&mut self, n: &NodePattern, scope: &mut Scope) -> usize {
        match &n.var {
            Some(v) => scope.lookup(v).expect("declared"),
            None => {
                let name = self.hidden_name();
                scope.push(&name, VarType::Node)
            }
        }
    }

    fn part_plan(
        &mut self,
        part: &PatternPart,
        scope: &mut Scope,
        bound: &mut Vec<bool>,
        conjuncts: &[(Expr, BTreeSet<usize>)],
        used: &mut [bool],
    ) -> PResult<PartPlan> {
        let el = &part.element;
        let node_slots: Vec<usize> = el
            .nodes
            .iter()
            .map(|n| self.slot_of_node(n, scope))
            .collect();
        let rel_slots: Vec<(usize, bool)> = el
            .rels
            .iter()
            .map(|r| {
                let slot = match &r.var {
                    Some(v) => scope.lookup(v).expect("declared"),
                    None => {
                        let name = self.hidden_name();
                        scope.push(&name, VarType::Rel)
                    }
                };
                (slot, r.range.is_some())
            })
            .collect();
        let path_slot = part.path_var.as_ref().and_then(|p| scope.lookup(p));
        bound.resize(scope.width(), false);

        // Choose the anchor: the cheapest node position (shortest paths start at the first).
        let mut best = (usize::MAX, 0usize, Anchor::Scan);
        let positions: Vec<usize> = if part.shortest.is_some() {
            vec![0]
        } else {
            (0..el.nodes.len()).collect()
        };
        for i in positions {
            let (cost, anchor) =
                self.anchor_for(&el.nodes[i], node_slots[i], bound, conjuncts, scope)?;
            if cost < best.0 {
                best = (cost, i, anchor);
            }
            // The relationship-type index: the nodes at one end of relationships of a type.
            if cost > 2 && part.shortest.is_none() {
                let sides = [
                    el.rels.get(i).map(|r| (r, false)),
                    i.checked_sub(1)
                        .and_then(|j| el.rels.get(j))
                        .map(|r| (r, true)),
                ];
                for (r, left_of_node) in sides.into_iter().flatten() {
                    if r.types.is_empty() || r.range.is_some() {
                        continue;
                    }
                    let side = match (r.direction, left_of_node) {
                        (RelDirection::Both, _) => crate::graph::Direction::Both,
                        (RelDirection::Right, false) | (RelDirection::Left, true) => {
                            crate::graph::Direction::Outgoing
                        }
                        _ => crate::graph::Direction::Incoming,
                    };
                    let edges: usize = r
                        .types
                        .iter()
                        .map(|t| self.graph.edges_of_type(t).len())
                        .sum();
                    let cost = 3 + edges
                        * if side == crate::graph::Direction::Both {
                            2
                        } else {
                            1
                        };
                    if cost < best.0 {
                        best = (
                            cost,
                            i,
                            Anchor::RelEnds {
                                types: r.types.clone(),
                                side,
                            },
                        );
                    }
                }
            }
        }
        // A shortest path's far end: look it up when an index can, to stop the search early.
        let target = match (part.shortest.is_some(), node_slots.get(1)) {
            (true, Some(&slot)) if !bound[slot] => {
                match self.anchor_for(&el.nodes[1], slot, bound, conjuncts, scope)? {
                    (_, a @ (Anchor::Id(_) | Anchor::Name(_))) => Some(a),
                    _ => None,
                }
            }
            _ => None,
        };
        let (cost, mut a, mut anchor) = best;
        // A lone relationship with a predicate of its own, and no index to anchor a node:
        // scanning the relationships of its types reads them in storage order instead of
        // at random through every candidate node's adjacency.
        if let ([r], [first, second], None, true) = (
            el.rels.as_slice(),
            node_slots.as_slice(),
            part.shortest,
            cost > 2,
        ) {
            let rel_slot = rel_slots[0].0;
            let own_predicate = r.props.is_some()
                || conjuncts.iter().zip(used.iter()).any(|((_, deps), done)| {
                    !done
                        && deps.contains(&rel_slot)
                        && deps
                            .iter()
                            .all(|d| *d == rel_slot || bound.get(*d).copied().unwrap_or(true))
                });
            if !r.types.is_empty()
                && r.range.is_none()
                && !bound[rel_slot]
                && !bound[*first]
                && !bound[*second]
                && own_predicate
            {
                a = 0;
                anchor = Anchor::RelScan {
                    types: r.types.clone(),
                    equal: self.prop_equality(r.props.as_ref(), rel_slot, conjuncts, scope)?,
                };
            }
        }
        let anchor_slot = node_slots[a];
        let anchor_check = self.node_check(&el.nodes[a], scope)?;
        bound[anchor_slot] = true;

        let mut steps = Vec::new();
        let mut filters = vec![Vec::new()];
        self.place_filters(conjuncts, used, bound, scope, &mut filters, path_slot)?;
        // Right of the anchor, then left of it.
        let order: Vec<(usize, bool)> = (a..el.rels.len())
            .map(|i| (i, false))
            .chain((0..a).rev().map(|i| (i, true)))
            .collect();
        for (ri, leftward) in order {
            let r = &el.rels[ri];
            let (to_idx, from_idx) = if leftward { (ri, ri + 1) } else { (ri + 1, ri) };
            let to_slot = node_slots[to_idx];
            let (rel_slot, _) = rel_slots[ri];
            let direction = match (r.direction, leftward) {
                (RelDirection::Both, _) => crate::graph::Direction::Both,
                (RelDirection::Right, false) | (RelDirection::Left, true) => {
                    crate::graph::Direction::Outgoing
                }
                _ => crate::graph::Direction::Incoming,
            };
            let range = match r.range {
                None => None,
                Some((min, max)) => {
                    let min = min.unwrap_or(1);
                    let max = max.unwrap_or(self.max_hops.max(min));
                    Some((min, max))
                }
            };
            let rel_props = match &r.props {
                Some(p) => Some(self.expr(p, scope)?),
                None => None,
            };
            let step = Step {
                from_slot: node_slots[from_idx],
                rel_slot,
                rel_bound: bound[rel_slot],
                types: r.types.clone(),
                direction,
                range,
                rel_props,
                to_slot,
                to_bound: bound[to_slot],
                to_check: self.node_check(&el.nodes[to_idx], scope)?,
                reversed: leftward,
                distinct_ends: false,
                edge_filters: Vec::new(),
                fixed_mode: FixedMode::Walk,
                ends_once: false,
            };
            let mut step = step;
            bound[rel_slot] = true;
            if step.range.is_none() && !bound[to_slot] {
                // Conjuncts on the relationship alone run before the far node is bound.
                self.place_filters(
                    conjuncts,
                    used,
                    bound,
                    scope,
                    std::slice::from_mut(&mut step.edge_filters),
                    path_slot,
                )?;
            }
            bound[to_slot] = true;
            steps.push(step);
            filters.push(Vec::new());
            if steps.len() == el.rels.len() {
                if let Some(p) = path_slot {
                    bound[p] = true;
                }
            }
            self.place_filters(conjuncts, used, bound, scope, &mut filters, path_slot)?;
        }
        if el.rels.is_empty() {
            if let Some(p) = path_slot {
                bound[p] = true;
                self.place_filters(conjuncts, used, bound, scope, &mut filters, path_slot)?;
            }
        }
        if part.shortest.is_some() && (el.rels.len() != 1) {
            return Err(QueryError::syntax(
                "InvalidShortestPath",
                "shortestPath needs a pattern with exactly one relationship",
            ));
        }
        Ok(PartPlan {
            anchor,
            anchor_slot,
            anchor_check,
            steps,
            filters,
            node_slots,
            rel_slots,
            path_slot,
            shortest: part.shortest,
            group_by_labels: false,
            target,
            text: part.to_string(),
        })
    }

    /// The cost and kind of anchoring a pattern on one node position.
    fn anchor_for(
        &mut self,
        n: &NodePattern,
        slot: usize,
        bound: &[bool],
        conjuncts: &[(Expr, BTreeSet<usize>)],
        scope: &Scope,
    ) -> PResult<(usize, Anchor)> {
        let node_count = self.graph.node_count().max(1);
        Ok(if bound[slot] {
            (0, Anchor::Bound)
        } else if let Some(e) = self.id_lookup(slot, conjuncts, scope)? {
            (1, Anchor::Id(e))
        } else if let Some(e) = self.name_lookup(n, slot, conjuncts, scope)? {
            (2, Anchor::Name(e))
        } else if let Some((key, value)) =
            self.prop_equality(n.props.as_ref(), slot, conjuncts, scope)?
        {
            let smallest = n
                .labels
                .iter()
                .map(|l| (self.graph.nodes_with_label(l).len(), l.clone()))
                .min();
            let scanned = smallest.as_ref().map_or(node_count, |(c, _)| *c);
            // One column compare per candidate: far cheaper than a row per candidate.
            (
                3 + scanned / 8,
                Anchor::PropEq {
                    label: smallest.map(|(_, l)| l),
                    key,
                    value,
                },
            )
        } else if !n.labels.is_empty() {
            let (count, label) = n
                .labels
                .iter()
                .map(|l| (self.graph.nodes_with_label(l).len(), l.clone()))
                .min()
                .expect("labels");
            (3 + count, Anchor::Label(label))
        } else {
            (3 + node_count * 2, Anchor::Scan)
        })
    }

    fn place_filters(
        &mut self,
        conjuncts: &[(Expr, BTreeSet<usize>)],
        used: &mut [bool],
        bound: &[bool],
        scope: &Scope,
        filters: &mut [Vec<PExpr>],
        _path: Option<usize>,
    ) -> PResult<()> {
        for (i, (c, deps)) in conjuncts.iter().enumerate() {
            if used[i] {
                continue;
            }
            if deps.iter().all(|d| bound.get(*d).copied().unwrap_or(true)) {
                used[i] = true;
                let e = self.expr(c, scope)?;
                filters.last_mut().expect("filters").push(e);
            }
        }
        Ok(())
    }

    fn node_check(&mut self, n: &NodePattern, scope: &Scope) -> PResult<NodeCheck> {
        Ok(NodeCheck {
            labels: n.labels.clone(),
            props: match &n.props {
                Some(p) => Some(self.expr(p, scope)?),
                None => None,
            },
        })
    }

    /// `id(n) = <constant>` among the conjuncts.
    fn id_lookup(
        &mut self,
        slot: usize,
        conjuncts: &[(Expr, BTreeSet<usize>)],
        scope: &Scope,
    ) -> PResult<Option<PExpr>> {
        for (c, _) in conjuncts {
            if let Expr::Binary(BinaryOp::Eq, a, b) = c {
                for (x, y) in [(a, b), (b, a)] {
                    if let Expr::Function { name, args, .. } = x.as_ref() {
                        if name.eq_ignore_ascii_case("id")
                            && args.len() == 1
                            && matches!(&args[0], Expr::Variable(v) if scope.lookup(v) == Some(slot))
                            && is_constant(y)
                        {
                            return Ok(Some(self.expr(y, scope)?));
                        }
                    }
                }
            }
        }
        Ok(None)
    }

    /// A property of the element in `slot` that must equal a constant: from its pattern's
    /// map (`{key: <constant>}`) or a conjunct `x.key = <constant>`.
    fn prop_equality(
        &mut self,
        props: Option<&Expr>,
        slot: usize,
        conjuncts: &[(Expr, BTreeSet<usize>)],
        scope: &Scope,
    ) -> PResult<Option<(String, PExpr)>> {
        if let Some(Expr::Map(entries)) = props {
            if let Some((k, v)) = entries.iter().find(|(_, v)| is_constant(v)) {
                return Ok(Some((k.clone(), self.expr(v, scope)?)));
            }
        }
        for (c, _) in conjuncts {
            if let Expr::Binary(BinaryOp::Eq, a, b) = c {
                for (x, y) in [(a, b), (b, a)] {
                    if let Expr::Property(base, key) = x.as_ref() {
                        if matches!(base.as_ref(), Expr::Variable(v) if scope.lookup(v) == Some(slot))
                            && is_constant(y)
                        {
                            return Ok(Some((key.clone(), self.expr(y, scope)?)));
                        }
                    }
                }
            }
        }
        Ok(None)
    }

    /// `{name: <constant>}` or `n.name = <constant>`.
    fn name_lookup(
        &mut self,
        n: &NodePattern,
        slot: usize,
        conjuncts: &[(Expr, BTreeSet<usize>)],
        scope: &Scope,
    ) -> PResult<Option<PExpr>> {
        if let Some(Expr::Map(entries)) = &n.props {
            for (k, v) in entries {
                if k == "name" && is_constant(v) {
                    return Ok(Some(self.expr(v, scope)?));
                }
            }
        }
        for (c, _) in conjuncts {
            if let Expr::Binary(BinaryOp::Eq, a, b) = c {
                for (x, y) in [(a, b), (b, a)] {
                    if let Expr::Property(base, key) = x.as_ref() {
                        if key == "name"
                            && matches!(base.as_ref(), Expr::Variable(v) if scope.lookup(v) == Some(slot))
                            && is_constant(y)
                        {
                            return Ok(Some(self.expr(y, scope)?));
                        }
                    }
                }
            }
        }
        Ok(None)
    }

    /// Slots an expression reads (checking that every variable is defined).
    fn deps(&mut self, e: &Expr, scope: &Scope) -> PResult<BTreeSet<usize>> {
        // Compiling checks the variables; collect the slots from the compiled form.
        let compiled = self.expr(e, scope)?;
        let mut out = BTreeSet::new();
        collect_slots(&compiled, &mut out, scope.width());
        Ok(out)
    }

    // ---- projections ------------------------------------------------------------------------

    fn projection(
        &mut self,
        p: &Projection,
        where_: Option<&Expr>,
        scope: &Scope,
        is_return: bool,
    ) -> PResult<(ProjectOp, Scope)> {
        let mut items: Vec<ProjectionItem> = Vec::new();
        if p.star {
            let mut vars: Vec<&str> = scope.visible().map(|(_, n)| n).collect();
            if vars.is_empty() && p.items.is_empty() && is_return {
                return Err(QueryError::syntax(
                    "NoVariablesInScope",
                    "RETURN * / WITH * needs variables in scope",
                ));
            }
            vars.sort_unstable();
            for v in vars {
                items.push(ProjectionItem {
                    expr: Expr::Variable(v.to_string()),
                    alias: None,
                    text: v.to_string(),
                });
            }
        }
        items.extend(p.items.iter().cloned());
        if !is_return {
            for item in &items {
                if item.alias.is_none() && !matches!(item.expr, Expr::Variable(_)) {
                    return Err(QueryError::syntax(
                        "NoExpressionAlias",
                        format!(
                            "expression `{}` in WITH must be aliased (use AS)",
                            item.text
                        ),
                    ));
                }
            }
        }
        let mut names: Vec<String> = Vec::new();
        for item in &items {
            let name = item.name().to_string();
            if names.contains(&name) {
                return Err(QueryError::syntax(
                    "ColumnNameConflict",
                    format!("column name `{name}` is used twice"),
                ));
            }
            names.push(name);
        }
        let visible = items.len();
        let projected_aggs: Vec<Expr> = {
            let mut v = Vec::new();
            for item in &items {
                collect_aggregates(&item.expr, &mut v)?;
            }
            v
        };
        // ORDER BY an expression over projected aggregates: project it as a hidden column
        // (aliases inside it stand for their expressions).
        for (i, s) in p.order_by.iter().enumerate() {
            if s.expr.contains_aggregate() && !items.iter().any(|it| it.expr == s.expr) {
                if projected_aggs.is_empty() {
                    return Err(QueryError::syntax(
                        "InvalidAggregation",
                        "aggregation in ORDER BY needs an aggregating projection",
                    ));
                }
                let mut used = Vec::new();
                collect_aggregates(&s.expr, &mut used)?;
                if used.iter().any(|a| !projected_aggs.contains(a)) {
                    return Err(QueryError::syntax(
                        "UndefinedVariable",
                        "ORDER BY can only use aggregates that are projected",
                    ));
                }
                let expr = substitute(&s.expr, &|e| match e {
                    Expr::Variable(v) => items[..visible]
                        .iter()
                        .find(|it| it.alias.as_deref() == Some(v.as_str()))
                        .map(|it| it.expr.clone()),
                    _ => None,
                });
                items.push(ProjectionItem {
                    expr,
                    alias: Some(format!(" order{i}")),
                    text: s.expr.to_string(),
                });
            }
        }
        // Aggregates: collect them, give each a slot after the input row.
        let mut agg_exprs: Vec<Expr> = Vec::new();
        for item in &items {
            collect_aggregates(&item.expr, &mut agg_exprs)?;
        }
        let aggregating = !agg_exprs.is_empty();
        let mut agg_scope = scope.clone();
        let mut aggregates = Vec::new();
        for a in &agg_exprs {
            aggregates.push(self.agg_spec(a, scope)?);
            let name = self.hidden_name();
            agg_scope.push(&name, VarType::Any);
        }
        let mut compiled = Vec::new();
        let mut keys = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if aggregating && !item.expr.contains_aggregate() {
                keys.push(i);
            }
            if aggregating && item.expr.contains_aggregate() {
                self.check_aggregate_item(&item.expr, &items)?;
            }
            compiled.push(self.expr_with_aggs(
                &item.expr,
                &agg_scope,
                &agg_exprs,
                scope.width(),
            )?);
        }
        // The output scope.
        let mut out = Scope::default();
        let all_names: Vec<String> = items.iter().map(|i| i.name().to_string()).collect();
        for (item, name) in items.iter().zip(&all_names) {
            let t = match &item.expr {
                Expr::Variable(v) => scope
                    .lookup(v)
                    .map(|s| scope.var_type(s))
                    .unwrap_or(VarType::Any),
                Expr::Literal(Literal::Null) => VarType::Any,
                Expr::Literal(_) | Expr::Map(_) => VarType::Scalar,
                Expr::List(_) | Expr::ListComprehension { .. } => VarType::List,
                _ => VarType::Any,
            };
            out.push(name, t);
        }
        let keep_input =
            !aggregating && ((!p.order_by.is_empty() && !p.distinct) || where_.is_some());
        let mut sort_scope = out.clone();
        if keep_input {
            for (n, t) in &scope.vars {
                sort_scope.vars.push((n.clone(), *t));
            }
        }
        let order_scope = if p.distinct {
            out.clone()
        } else {
            sort_scope.clone()
        };
        let mut order_by = Vec::new();
        for s in &p.order_by {
            let pos = items.iter().position(|it| {
                it.expr == s.expr
                    || (it.name().starts_with(" order") && it.text == s.expr.to_string())
            });
            let e = match pos {
                Some(i) => PExpr::Slot(i),
                None => {
                    if s.expr.contains_aggregate() {
                        if !aggregating {
                            return Err(QueryError::syntax(
                                "InvalidAggregation",
                                "aggregation in ORDER BY needs an aggregating projection",
                            ));
                        }
                        return Err(QueryError::syntax(
                            "InvalidAggregation",
                            "ORDER BY an aggregate that is not projected is not supported",
                        ));
                    }
                    let replaced = replace_projected(&s.expr, &items);
                    match self.expr(&replaced, &order_scope) {
                        Ok(e) => e,
                        Err(e)
                            if e.detail == "UndefinedVariable" && (p.distinct || aggregating) =>
                        {
                            return Err(QueryError::syntax("UndefinedVariable", e.message))
                        }
                        Err(e) => return Err(e),
                    }
                }
            };
            order_by.push((e, s.descending));
        }
        let skip = match &p.skip {
            Some(e) => Some(self.constant_count(e, "SKIP")?),
            None => None,
        };
        let limit = match &p.limit {
            Some(e) => Some(self.constant_count(e, "LIMIT")?),
            None => None,
        };
        let filter = match where_ {
            Some(w) => {
                check_no_aggregate(w)?;
                Some(self.expr(w, &sort_scope)?)
            }
            None => None,
        };
        out.vars.truncate(visible);
        let keyword = if is_return { "Return" } else { "With" };
        let mut text = format!("{keyword} {p}");
        if let Some(w) = where_ {
            text.push_str(&format!(" WHERE {w}"));
        }
        Ok((
            ProjectOp {
                items: compiled,
                names,
                aggregates,
                keys,
                input_width: scope.width(),
                visible,
                distinct: p.distinct,
                keep_input,
                order_by,
                skip,
                limit,
                filter,
                text,
            },
            out,
        ))
    }

    /// Non-aggregate parts of an aggregating item may only use grouping keys that are plain
    /// variables or property lookups (`n`, `n.x`), or variables that are grouping keys.
    fn check_aggregate_item(&self, e: &Expr, items: &[ProjectionItem]) -> PResult<()> {
        let key_exprs: Vec<&Expr> = items
            .iter()
            .filter(|i| !i.expr.contains_aggregate())
            .map(|i| &i.expr)
            .filter(|e| match e {
                Expr::Variable(_) => true,
                Expr::Property(base, _) => matches!(base.as_ref(), Expr::Variable(_)),
                _ => false,
            })
            .collect();
        let mut bad = None;
        walk_outside_aggregates(e, &mut |sub| {
            if key_exprs.contains(&sub) {
                return false;
            }
            if matches!(
                sub,
                Expr::ListComprehension { .. } | Expr::Quantifier { .. } | Expr::Reduce { .. }
            ) {
                return false;
            }
            if let Expr::Variable(v) = sub {
                bad = Some(v.clone());
            }
            true
        });
        match bad {
            Some(v) => Err(QueryError::syntax(
                "AmbiguousAggregationExpression",
                format!("`{v}` is used next to an aggregate but is not a grouping key"),
            )),
            None => Ok(()),
        }
    }

    fn constant_count(&mut self, e: &Expr, what: &str) -> PResult<PExpr> {
        let mut has_var = false;
        e.walk(&mut |x| {
            if matches!(x, Expr::Variable(_) | Expr::PatternPredicate(_)) {
                has_var = true;
            }
            true
        });
        if has_var {
            return Err(QueryError::syntax(
                "NonConstantExpression",
                format!("{what} needs a constant expression"),
            ));
        }
        let compiled = self.expr(e, &Scope::default())?;
        if let PExpr::Const(v) = &compiled {
            match v {
                Value::Int(i) if *i < 0 => {
                    return Err(QueryError::syntax(
                        "NegativeIntegerArgument",
                        format!("{what} must not be negative"),
                    ))
                }
                Value::Int(_) => {}
                _ => {
                    return Err(QueryError::syntax(
                        "InvalidArgumentType",
                        format!("{what} must be an integer"),
                    ))
                }
            }
        }
        Ok(compiled)
    }

    fn agg_spec(&mut self, e: &Expr, scope: &Scope) -> PResult<AggSpec> {
        match e {
            Expr::CountStar => Ok(AggSpec {
                kind: AggKind::CountStar,
                distinct: false,
                arg: None,
                extra: None,
            }),
            Expr::Function {
                name,
                distinct,
                args,
            } => {
                let lower = name.to_ascii_lowercase();
                let kind = match lower.as_str() {
                    "count" => AggKind::Count,
                    "collect" => AggKind::Collect,
                    "sum" => AggKind::Sum,
                    "avg" => AggKind::Avg,
                    "min" => AggKind::Min,
                    "max" => AggKind::Max,
                    "stdev" => AggKind::StDev,
                    "stdevp" => AggKind::StDevP,
                    "percentiledisc" => AggKind::PercentileDisc,
                    _ => AggKind::PercentileCont,
                };
                let want = if matches!(kind, AggKind::PercentileDisc | AggKind::PercentileCont) {
                    2
                } else {
                    1
                };
                if args.len() != want {
                    return Err(QueryError::syntax(
                        "InvalidNumberOfArguments",
                        format!("{name} takes {want} argument(s)"),
                    ));
                }
                for a in args {
                    if a.contains_aggregate() {
                        return Err(QueryError::syntax(
                            "NestedAggregation",
                            "aggregate functions cannot be nested",
                        ));
                    }
                }
                Ok(AggSpec {
                    kind,
                    distinct: *distinct,
                    arg: Some(self.expr(&args[0], scope)?),
                    extra: match args.get(1) {
                        Some(x) => Some(self.expr(x, scope)?),
                        None => None,
                    },
                })
            }
            _ => unreachable!("only aggregates are collected"),
        }
    }

    // ---- CREATE / MERGE ---------------------------------------------------------------------

    fn create_part(
        &mut self,
        part: &PatternPart,
        scope: &mut Scope,
        merge: bool,
    ) -> PResult<CreatePart> {
        let el = &part.element;
        if part.shortest.is_some() {
            return Err(QueryError::syntax(
                "UnexpectedSyntax",
                "shortestPath cannot be created",
            ));
        }
        let mut nodes = Vec::new();
        let mut fresh_in_part: Vec<String> = Vec::new();
        for n in &el.nodes {
            let (slot, bound) = match &n.var {
                Some(v) => match scope.lookup(v) {
                    Some(s) => {
                        let t = scope.var_type(s);
                        if !matches!(t, VarType::Node | VarType::Any) {
                            return Err(conflict(v, "a node"));
                        }
                        let declared_here = fresh_in_part.contains(v);
                        if (!n.labels.is_empty() || n.props.is_some())
                            || (el.nodes.len() == 1 && !declared_here)
                        {
                            return Err(QueryError::syntax(
                                "VariableAlreadyBound",
                                format!("variable `{v}` is already bound"),
                            ));
                        }
                        (s, true)
                    }
                    None => {
                        fresh_in_part.push(v.clone());
                        (scope.push(v, VarType::Node), false)
                    }
                },
                None => {
                    let name = self.hidden_name();
                    (scope.push(&name, VarType::Node), false)
                }
            };
            let props = match &n.props {
                Some(p) => {
                    if merge && matches!(p, Expr::Parameter(_)) {
                        return Err(QueryError::syntax(
                            "InvalidParameterUse",
                            "a parameter cannot be used as a property map in MERGE",
                        ));
                    }
                    Some(self.expr(p, scope)?)
                }
                None => None,
            };
            nodes.push(CreateNode {
                slot,
                bound,
                labels: n.labels.clone(),
                props,
            });
        }
        let mut rels = Vec::new();
        for r in &el.rels {
            if r.types.len() != 1 {
                return Err(QueryError::syntax(
                    "NoSingleRelationshipType",
                    "a created relationship needs exactly one type",
                ));
            }
            if r.range.is_some() {
                return Err(QueryError::syntax(
                    "CreatingVarLength",
                    "variable-length relationships cannot be created",
                ));
            }
            if r.direction == RelDirection::Both && !merge {
                return Err(QueryError::syntax(
                    "RequiresDirectedRelationship",
                    "a created relationship needs a direction",
                ));
            }
            let slot = match &r.var {
                Some(v) => {
                    if scope.lookup(v).is_some() {
                        return Err(QueryError::syntax(
                            "VariableAlreadyBound",
                            format!("variable `{v}` is already bound"),
                        ));
                    }
                    scope.push(v, VarType::Rel)
                }
                None => {
                    let name = self.hidden_name();
                    scope.push(&name, VarType::Rel)
                }
            };
            let props = match &r.props {
                Some(p) => Some(self.expr(p, scope)?),
                None => None,
            };
            rels.push(CreateRel {
                slot,
                rel_type: r.types[0].clone(),
                forward: r.direction != RelDirection::Left,
                props,
            });
        }
        let path_slot = match &part.path_var {
            Some(p) => {
                if scope.lookup(p).is_some() {
                    return Err(QueryError::syntax(
                        "VariableAlreadyBound",
                        format!("variable `{p}` is already bound"),
                    ));
                }
                Some(scope.push(p, VarType::Path))
            }
            None => None,
        };
        Ok(CreatePart {
            nodes,
            rels,
            path_slot,
        })
    }

    // ---- expressions ------------------------------------------------------------------------

    fn expr(&mut self, e: &Expr, scope: &Scope) -> PResult<PExpr> {
        self.expr_with_aggs(e, scope, &[], 0)
    }

    fn expr_with_aggs(
        &mut self,
        e: &Expr,
        scope: &Scope,
        aggs: &[Expr],
        agg_base: usize,
    ) -> PResult<PExpr> {
        if !aggs.is_empty() && is_aggregate(e) {
            if let Some(i) = aggs.iter().position(|a| a == e) {
                return Ok(PExpr::Slot(agg_base + i));
            }
        }
        let sub = |this: &mut Self, x: &Expr| this.expr_with_aggs(x, scope, aggs, agg_base);
        Ok(match e {
            Expr::Literal(l) => PExpr::Const(match l {
                Literal::Null => Value::Null,
                Literal::Bool(b) => Value::Bool(*b),
                Literal::Int(i) => Value::Int(*i),
                Literal::Float(f) => Value::Float(*f),
                Literal::String(s) => Value::String(s.clone()),
            }),
            Expr::Parameter(name) => match self.params.get(name) {
                Some(v) => PExpr::Const(v.clone()),
                None => {
                    return Err(QueryError::new(
                        ErrorKind::ParameterMissing,
                        "MissingParameter",
                        Phase::Compile,
                        format!("parameter ${name} has no value (give it with --param {name}=...)"),
                    ))
                }
            },
            Expr::Variable(v) => match scope.lookup(v) {
                Some(s) => PExpr::Slot(s),
                None => return Err(err_undefined(v)),
            },
            Expr::List(items) => {
                let compiled = items
                    .iter()
                    .map(|x| sub(self, x))
                    .collect::<PResult<Vec<_>>>()?;
                if compiled.iter().all(|c| matches!(c, PExpr::Const(_))) {
                    PExpr::Const(Value::List(
                        compiled
                            .into_iter()
                            .map(|c| match c {
                                PExpr::Const(v) => v,
                                _ => Value::Null,
                            })
                            .collect(),
                    ))
                } else {
                    PExpr::List(compiled)
                }
            }
            Expr::Map(entries) => {
                let compiled = entries
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), sub(self, v)?)))
                    .collect::<PResult<Vec<_>>>()?;
                if compiled.iter().all(|(_, c)| matches!(c, PExpr::Const(_))) {
                    PExpr::Const(Value::Map(
                        compiled
                            .into_iter()
                            .map(|(k, c)| match c {
                                PExpr::Const(v) => (k, v),
                                _ => (k, Value::Null),
                            })
                            .collect(),
                    ))
                } else {
                    PExpr::Map(compiled)
                }
            }
            Expr::Property(base, key) => {
                let b = sub(self, base)?;
                if let PExpr::Slot(s) = &b {
                    if matches!(scope.vars.get(*s).map(|v| v.1), Some(VarType::Path)) {
                        return Err(QueryError::syntax(
                            "InvalidArgumentType",
                            "a path has no properties",
                        ));
                    }
                }
                if let PExpr::Const(v) = &b {
                    if !matches!(v, Value::Null | Value::Map(_)) {
                        return Err(QueryError::new(
                            ErrorKind::TypeError,
                            "InvalidArgumentType",
                            Phase::Compile,
                            format!("cannot read property `{key}` of a {}", v.type_name()),
                        ));
                    }
                }
                PExpr::Property(Box::new(b), key.clone(), self.graph.symbol(key))
            }
            Expr::Index(a, b) => {
                let a = sub(self, a)?;
                let b = sub(self, b)?;
                if let (PExpr::Const(av), PExpr::Const(bv)) = (&a, &b) {
                    let bad = match (av, bv) {
                        (Value::List(_), Value::Int(_)) | (Value::Map(_), Value::String(_)) => {
                            false
                        }
                        (Value::List(_), Value::Null) | (Value::Map(_), Value::Null) => false,
                        (Value::List(_), _) | (Value::Map(_), _) => true,
                        (Value::Int(_), _)
                        | (Value::Float(_), _)
                        | (Value::Bool(_), _)
                        | (Value::String(_), _) => true,
                        _ => false,
                    };
                    if bad {
                        return Err(QueryError::syntax(
                            "InvalidArgumentType",
                            format!("cannot index {} with {}", av.type_name(), bv.type_name()),
                        ));
                    }
                }
                PExpr::Index(Box::new(a), Box::new(b))
            }
            Expr::Slice(a, from, to) => PExpr::Slice(
                Box::new(sub(self, a)?),
                match from {
                    Some(x) => Some(Box::new(sub(self, x)?)),
                    None => None,
                },
                match to {
                    Some(x) => Some(Box::new(sub(self, x)?)),
                    None => None,
                },
            ),
            Expr::HasLabels(base, labels) => {
                PExpr::HasLabels(Box::new(sub(self, base)?), labels.clone())
            }
            Expr::Unary(op, x) => {
                let inner = sub(self, x)?;
                if *op == UnaryOp::Not {
                    if let PExpr::Const(v) = &inner {
                        if !matches!(v, Value::Bool(_) | Value::Null) {
                            return Err(QueryError::syntax(
                                "InvalidArgumentType",
                                format!("NOT needs a boolean, got {}", v.type_name()),
                            ));
                        }
                    }
                }
                PExpr::Unary(*op, Box::new(inner))
            }
            Expr::Binary(op, a, b) => {
                let a = sub(self, a)?;
                let b = sub(self, b)?;
                if *op == BinaryOp::In {
                    if let PExpr::Const(v) = &b {
                        if !matches!(v, Value::List(_) | Value::Null) {
                            return Err(QueryError::syntax(
                                "InvalidArgumentType",
                                format!("IN needs a list, got {}", v.type_name()),
                            ));
                        }
                    }
                }
                if matches!(op, BinaryOp::And | BinaryOp::Or | BinaryOp::Xor) {
                    for side in [&a, &b] {
                        if let PExpr::Const(v) = side {
                            if !matches!(v, Value::Bool(_) | Value::Null) {
                                return Err(QueryError::syntax(
                                    "InvalidArgumentType",
                                    format!("{op} needs booleans, got {}", v.type_name()),
                                ));
                            }
                        }
                    }
                }
                PExpr::Binary(*op, Box::new(a), Box::new(b))
            }
            Expr::Chain(items, ops) => PExpr::Chain(
                items
                    .iter()
                    .map(|x| sub(self, x))
                    .collect::<PResult<Vec<_>>>()?,
                ops.clone(),
            ),
            Expr::Function {
                name,
                distinct: _,
                args,
            } => {
                let lower = name.to_ascii_lowercase();
                if AGGREGATES.contains(&lower.as_str()) {
                    return Err(QueryError::syntax(
                        "InvalidAggregation",
                        format!("aggregate {name}(...) is not allowed here"),
                    ));
                }
                super::functions::check_call(&lower, args.len())?;
                if let Some(first) = args.first() {
                    let t = match first {
                        Expr::Variable(v) => scope.lookup(v).map(|s| scope.var_type(s)),
                        Expr::PatternPredicate(_) => Some(VarType::List),
                        _ => None,
                    };
                    let bad = matches!(
                        (lower.as_str(), first),
                        (
                            "properties",
                            Expr::Literal(
                                Literal::Int(_)
                                    | Literal::Float(_)
                                    | Literal::Bool(_)
                                    | Literal::String(_)
                            ) | Expr::List(_)
                        )
                    ) || matches!(
                        (lower.as_str(), t, first),
                        ("type", Some(VarType::Node | VarType::Path), _)
                            | ("labels", Some(VarType::Rel | VarType::Path), _)
                            | ("size", Some(VarType::Path), _)
                            | ("size", _, Expr::PatternPredicate(_))
                    );
                    if bad {
                        return Err(QueryError::syntax(
                            "InvalidArgumentType",
                            format!("{name}() cannot take `{first}`"),
                        ));
                    }
                }
                if lower == "exists" {
                    if let Some(a) = args.first() {
                        if !matches!(a, Expr::Property(..) | Expr::PatternPredicate(_)) {
                            return Err(QueryError::syntax(
                                "InvalidArgumentType",
                                "exists() needs a property or a pattern",
                            ));
                        }
                    }
                }
                PExpr::Function(
                    lower,
                    args.iter()
                        .map(|x| sub(self, x))
                        .collect::<PResult<Vec<_>>>()?,
                )
            }
            Expr::CountStar => {
                return Err(QueryError::syntax(
                    "InvalidAggregation",
                    "count(*) is not allowed here",
                ))
            }
            Expr::Case {
                subject,
                alternatives,
                otherwise,
            } => PExpr::Case {
                subject: match subject {
                    Some(s) => Some(Box::new(sub(self, s)?)),
                    None => None,
                },
                alternatives: alternatives
                    .iter()
                    .map(|(w, t)| Ok((sub(self, w)?, sub(self, t)?)))
                    .collect::<PResult<Vec<_>>>()?,
                otherwise: match otherwise {
                    Some(o) => Some(Box::new(sub(self, o)?)),
                    None => None,
                },
            },
            Expr::ListComprehension {
                var,
                list,
                filter,
                map,
            } => {
                let list = sub(self, list)?;
                let mut inner = scope.clone();
                let slot = inner.push(var, VarType::Any);
                inner.vars[slot].0 = var.clone();
                // A shadowing local must win the lookup: move it in front.
                let inner = shadow(&inner, var, slot);
                let filter = match filter {
                    Some(f) => Some(Box::new(self.expr_with_aggs(f, &inner, aggs, agg_base)?)),
                    None => None,
                };
                let map = match map {
                    Some(m) => Some(Box::new(self.expr_with_aggs(m, &inner, aggs, agg_base)?)),
                    None => None,
                };
                PExpr::ListComprehension {
                    slot,
                    list: Box::new(list),
                    filter,
                    map,
                }
            }
            Expr::Quantifier {
                kind,
                var,
                list,
                filter,
            } => {
                let list = sub(self, list)?;
                let mut inner = scope.clone();
                let slot = inner.push(var, VarType::Any);
                let inner = shadow(&inner, var, slot);
                let filter = match filter {
                    Some(f) => Some(Box::new(self.expr_with_aggs(f, &inner, aggs, agg_base)?)),
                    None => None,
                };
                PExpr::Quantifier {
                    kind: *kind,
                    slot,
                    list: Box::new(list),
                    filter,
                }
            }
            Expr::Reduce {
                acc,
                init,
                var,
                list,
                expr,
            } => {
                let init = sub(self, init)?;
                let list = sub(self, list)?;
                let mut inner = scope.clone();
                let acc_slot = inner.push(acc, VarType::Any);
                let inner = shadow(&inner, acc, acc_slot);
                let mut inner2 = inner.clone();
                let slot = inner2.push(var, VarType::Any);
                let inner2 = shadow(&inner2, var, slot);
                let expr = self.expr_with_aggs(expr, &inner2, aggs, agg_base)?;
                PExpr::Reduce {
                    acc: acc_slot,
                    init: Box::new(init),
                    slot,
                    list: Box::new(list),
                    expr: Box::new(expr),
                }
            }
            Expr::PatternPredicate(part) => {
                if part.shortest.is_some() {
                    return Err(QueryError::new(
                        ErrorKind::Unsupported,
                        "UnsupportedExpression",
                        Phase::Compile,
                        "shortestPath(...) is only supported in MATCH".into(),
                    ));
                }
                PExpr::Pattern(Box::new(self.pattern_plan(part, scope, true)?))
            }
            Expr::PatternComprehension { part, filter, map } => {
                let plan = self.pattern_plan(part, scope, false)?;
                // The matcher's scope: re-derive it exactly as pattern_plan did.
                let inner = self.pattern_scope(part, scope)?;
                let filter = match filter {
                    Some(f) => Some(Box::new(self.expr(f, &inner)?)),
                    None => None,
                };
                let map = self.expr(map, &inner)?;
                PExpr::PatternComprehension(Box::new(plan), filter, Box::new(map))
            }
            Expr::MapProjection(var, items) => {
                let slot = scope.lookup(var).ok_or_else(|| err_undefined(var))?;
                let mut out = Vec::new();
                for item in items {
                    out.push(match item {
                        MapProjectionItem::Property(k) => (k.clone(), MapItem::Property(k.clone())),
                        MapProjectionItem::AllProperties => (String::new(), MapItem::All),
                        MapProjectionItem::Literal(k, e) => {
                            (k.clone(), MapItem::Expr(sub(self, e)?))
                        }
                        MapProjectionItem::Variable(v) => (
                            v.clone(),
                            MapItem::Expr(PExpr::Slot(
                                scope.lookup(v).ok_or_else(|| err_undefined(v))?,
                            )),
                        ),
                    });
                }
                PExpr::MapProjection(slot, out)
            }
        })
    }

    /// The scope a pattern inside an expression sees (outer scope + its own slots).
    fn pattern_scope(&mut self, part: &PatternPart, scope: &Scope) -> PResult<Scope> {
        let saved = self.hidden;
        let mut inner = scope.clone();
        let mut seen = BTreeSet::new();
        self.declare_part(part, &mut inner, &mut seen, false)?;
        let mut bound = vec![true; scope.width()];
        let mut used = Vec::new();
        let mut inner2 = inner.clone();
        let _ = self.part_plan(part, &mut inner2, &mut bound, &[], &mut used)?;
        self.hidden = saved;
        Ok(inner2)
    }

    fn pattern_plan(
        &mut self,
        part: &PatternPart,
        scope: &Scope,
        predicate: bool,
    ) -> PResult<PatternPlan> {
        let saved = self.hidden;
        let mut inner = scope.clone();
        let mut seen = BTreeSet::new();
        self.declare_part(part, &mut inner, &mut seen, predicate)?;
        let mut bound = vec![true; scope.width()];
        let mut used = Vec::new();
        let plan = self.part_plan(part, &mut inner, &mut bound, &[], &mut used)?;
        self.hidden = saved;
        Ok(PatternPlan {
            part: plan,
            outer: scope.width(),
            width: inner.width(),
        })
    }
}

/// True when the clause after a MATCH ignores how many times a row occurs: a DISTINCT
/// projection without aggregates, or one whose aggregates all ignore duplicates.
fn multiplicity_free(next: Option<&Clause>) -> bool {
    let projection = match next {
        Some(Clause::With { projection, .. }) | Some(Clause::Return(projection)) => projection,
        _ => return false,
    };
    if projection.star {
        return projection.distinct;
    }
    let mut aggregates = Vec::new();
    for item in &projection.items {
        if collect_aggregates(&item.expr, &mut aggregates).is_err() {
            return false;
        }
    }
    if aggregates.is_empty() {
        return projection.distinct;
    }
    aggregates.iter().all(|a| match a {
        Expr::Function { name, distinct, .. } => {
            *distinct || matches!(name.to_ascii_lowercase().as_str(), "min" | "max")
        }
        _ => false,
    })
}

/// Marks the variable-length step of a single-relationship MATCH whose relationships and
/// path are anonymous (see `Step::distinct_ends`).
fn mark_distinct_ends(op: &mut MatchOp, pattern: &[PatternPart]) {
    let rels: usize = pattern.iter().map(|p| p.element.rels.len()).sum();
    if rels != 1 {
        return;
    }
    for (plan, part) in op.parts.iter_mut().zip(pattern) {
        if part.path_var.is_some() || part.shortest.is_some() {
            continue;
        }
        if let (Some(step), Some(rel)) = (plan.steps.first_mut(), part.element.rels.first()) {
            // Breadth-first distance only equals trail reachability from one hop on.
            let from_one = step.range.is_some_and(|(min, _)| min <= 1);
            if rel.var.is_none() && from_one && !step.rel_bound {
                step.distinct_ends = true;
            }
        }
    }
}

/// How the projection after a MATCH treats repeated rows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Multiplicity {
    /// Every row counts (plain projection, or aggregates such as sum and collect).
    Matters,
    /// Only how many times a row occurs matters, and the projection takes that as a weight:
    /// count(*), count(x), min, max and DISTINCT aggregates.
    Counted,
    /// Repeated rows change nothing: DISTINCT, or aggregates that ignore duplicates.
    Ignored,
}

fn multiplicity(p: &ProjectOp) -> Multiplicity {
    if p.aggregates.is_empty() {
        return if p.distinct {
            Multiplicity::Ignored
        } else {
            Multiplicity::Matters
        };
    }
    let ignores = |a: &AggSpec| a.distinct || matches!(a.kind, AggKind::Min | AggKind::Max);
    if p.aggregates.iter().all(ignores) {
        Multiplicity::Ignored
    } else if p
        .aggregates
        .iter()
        .all(|a| ignores(a) || matches!(a.kind, AggKind::CountStar | AggKind::Count))
    {
        Multiplicity::Counted
    } else {
        Multiplicity::Matters
    }
}

/// Chooses the cheaper ways to run a MATCH that the projection after it allows (see
/// [`FixedMode`] and `PartPlan::group_by_labels`). Only hidden slots (anonymous pattern
/// elements, which nothing can read) are left unbound or stand for several matches.
fn mark_fast_paths(m: &mut MatchOp, p: &ProjectOp, scope: &Scope) {
    let mult = multiplicity(p);
    if mult == Multiplicity::Matters {
        return;
    }
    let hidden = |slot: usize| {
        scope
            .vars
            .get(slot)
            .is_some_and(|(n, _)| n.starts_with(' '))
    };
    let single_part = m.parts.len() == 1;
    let Some(part) = m.parts.last_mut() else {
        return;
    };
    if part.path_slot.is_some() || part.shortest.is_some() {
        return;
    }
    let n = part.steps.len();
    if n == 0 {
        let reads_only_labels = p
            .items
            .iter()
            .chain(p.aggregates.iter().filter_map(|a| a.arg.as_ref()))
            .chain(p.aggregates.iter().filter_map(|a| a.extra.as_ref()))
            .all(|e| !reads_slot_outside_labels(e, part.anchor_slot));
        if single_part
            && !m.optional
            && !p.aggregates.is_empty()
            && reads_only_labels
            && matches!(part.anchor, Anchor::Scan | Anchor::Label(_))
            && part.anchor_check.props.is_none()
            && part.filters.iter().all(Vec::is_empty)
        {
            part.group_by_labels = true;
        }
        return;
    }
    let after_last_empty = part.filters[n].is_empty();
    let last = &part.steps[n - 1];
    if last.range.is_some() || last.rel_bound || !hidden(last.rel_slot) {
        return;
    }
    if mult == Multiplicity::Ignored && n >= 2 {
        let first = &part.steps[n - 2];
        let chain = first.range.is_none()
            && !first.rel_bound
            && hidden(first.rel_slot)
            && hidden(first.to_slot)
            && !first.to_bound
            && last.from_slot == first.to_slot
            && part.filters[n - 1].is_empty()
            && last.edge_filters.is_empty()
            && first.edge_filters.is_empty();
        if chain {
            part.steps[n - 2].fixed_mode = FixedMode::DistinctChain;
            part.steps[n - 1].ends_once = reads_only(p, part.steps[n - 1].to_slot) && !m.optional;
            return;
        }
    }
    let last = &mut part.steps[n - 1];
    if hidden(last.to_slot) && !last.to_bound && after_last_empty {
        last.fixed_mode = FixedMode::Count;
    } else if mult == Multiplicity::Ignored && last.edge_filters.is_empty() {
        last.fixed_mode = FixedMode::DistinctEnds;
        last.ends_once = reads_only(p, last.to_slot) && !m.optional;
    }
}

/// Whether the projection reads no slot of its input row other than `slot`.
fn reads_only(p: &ProjectOp, slot: usize) -> bool {
    let mut read = BTreeSet::new();
    for e in p
        .items
        .iter()
        .chain(p.aggregates.iter().filter_map(|a| a.arg.as_ref()))
        .chain(p.aggregates.iter().filter_map(|a| a.extra.as_ref()))
    {
        collect_slots(e, &mut read, p.input_width);
    }
    // Without aggregates, WHERE and ORDER BY may read the input row too.
    let input_read_elsewhere = p.aggregates.is_empty() && (p.filter.is_some() || p.keep_input);
    !input_read_elsewhere && read.iter().all(|&s| s == slot)
}

/// Whether `e` reads `slot` other than as `labels(slot)` (patterns count as reading it).
fn reads_slot_outside_labels(e: &PExpr, slot: usize) -> bool {
    match e {
        PExpr::Function(name, args)
            if name == "labels" && matches!(args.as_slice(), [PExpr::Slot(s)] if *s == slot) =>
        {
            false
        }
        PExpr::Slot(s) => *s == slot,
        PExpr::MapProjection(s, items) => {
            *s == slot
                || items.iter().any(|(_, i)| match i {
                    MapItem::Expr(x) => reads_slot_outside_labels(x, slot),
                    _ => false,
                })
        }
        PExpr::Pattern(_) | PExpr::PatternComprehension(..) => true,
        other => {
            let mut reads = false;
            for_each_child(other, &mut |c| reads |= reads_slot_outside_labels(c, slot));
            reads
        }
    }
}

/// Calls `f` on each direct sub-expression (not those inside patterns).
fn for_each_child(e: &PExpr, f: &mut dyn FnMut(&PExpr)) {
    match e {
        PExpr::Const(_) | PExpr::Slot(_) | PExpr::Pattern(_) => {}
        PExpr::List(items) | PExpr::Chain(items, _) | PExpr::Function(_, items) => {
            items.iter().for_each(f)
        }
        PExpr::Map(entries) => entries.iter().for_each(|(_, v)| f(v)),
        PExpr::Property(a, _, _) | PExpr::HasLabels(a, _) | PExpr::Unary(_, a) => f(a),
        PExpr::Index(a, b) | PExpr::Binary(_, a, b) => {
            f(a);
            f(b);
        }
        PExpr::Slice(a, b, c) => {
            f(a);
            b.iter().chain(c.iter()).for_each(|x| f(x));
        }
        PExpr::Case {
            subject,
            alternatives,
            otherwise,
        } => {
            subject.iter().chain(otherwise.iter()).for_each(|x| f(x));
            for (w, t) in alternatives {
                f(w);
                f(t);
            }
        }
        PExpr::ListComprehension {
            list, filter, map, ..
        } => {
            f(list);
            filter.iter().chain(map.iter()).for_each(|x| f(x));
        }
        PExpr::Quantifier { list, filter, .. } => {
            f(list);
            filter.iter().for_each(|x| f(x));
        }
        PExpr::Reduce {
            init, list, expr, ..
        } => {
            f(init);
            f(list);
            f(expr);
        }
        PExpr::PatternComprehension(_, filter, map) => {
            filter.iter().for_each(|x| f(x));
            f(map);
        }
        PExpr::MapProjection(_, items) => {
            for (_, i) in items {
                if let MapItem::Expr(x) = i {
                    f(x);
                }
            }
        }
    }
}

/// A copy of `scope` where `name` resolves to `slot` (locals shadow outer variables).
fn shadow(scope: &Scope, name: &str, slot: usize) -> Scope {
    let mut s = scope.clone();
    for (i, v) in s.vars.iter_mut().enumerate() {
        if v.0 == name && i != slot {
            v.0 = format!(" shadowed {name}");
        }
    }
    s
}

fn is_constant(e: &Expr) -> bool {
    let mut constant = true;
    e.walk(&mut |x| {
        if matches!(
            x,
            Expr::Variable(_)
                | Expr::PatternPredicate(_)
                | Expr::PatternComprehension { .. }
                | Expr::CountStar
        ) || matches!(x, Expr::Function { name, .. } if name.eq_ignore_ascii_case("rand"))
        {
            constant = false;
        }
        true
    });
    constant
}

fn split_and<'a>(e: &'a Expr, out: &mut Vec<&'a Expr>) {
    match e {
        Expr::Binary(BinaryOp::And, a, b) => {
            split_and(a, out);
            split_and(b, out);
        }
        _ => out.push(e),
    }
}

fn check_no_aggregate(e: &Expr) -> PResult<()> {
    if e.contains_aggregate() {
        return Err(QueryError::syntax(
            "InvalidAggregation",
            "aggregate functions are not allowed in WHERE",
        ));
    }
    Ok(())
}

fn collect_aggregates(e: &Expr, out: &mut Vec<Expr>) -> PResult<()> {
    let mut nested = false;
    let mut scoped = false;
    e.walk(&mut |x| {
        if let Expr::ListComprehension { filter, map, .. } = x {
            if filter.as_ref().is_some_and(|f| f.contains_aggregate())
                || map.as_ref().is_some_and(|m| m.contains_aggregate())
            {
                scoped = true;
            }
        }
        if let Expr::Quantifier {
            filter: Some(f), ..
        } = x
        {
            if f.contains_aggregate() {
                scoped = true;
            }
        }
        if is_aggregate(x) {
            if let Expr::Function { args, .. } = x {
                if args.iter().any(|a| a.contains_aggregate()) {
                    nested = true;
                }
            }
            if !out.contains(x) {
                out.push(x.clone());
            }
            return false;
        }
        // Aggregates inside list comprehensions etc. are still aggregates of the projection.
        true
    });
    if nested {
        return Err(QueryError::syntax(
            "NestedAggregation",
            "aggregate functions cannot be nested",
        ));
    }
    if scoped {
        return Err(QueryError::syntax(
            "InvalidAggregation",
            "aggregate functions cannot be used inside a list comprehension",
        ));
    }
    Ok(())
}

fn walk_outside_aggregates<'a>(e: &'a Expr, f: &mut dyn FnMut(&'a Expr) -> bool) {
    e.walk(&mut |x| {
        if is_aggregate(x) {
            return false;
        }
        f(x)
    });
}

/// ORDER BY may name a projected expression inside a larger one: `ORDER BY n.x + 'C'` where
/// `n.x` is projected as `x`. Replaces such sub-expressions by their column name.
fn replace_projected(e: &Expr, items: &[ProjectionItem]) -> Expr {
    substitute(e, &|sub| {
        items
            .iter()
            .find(|i| &i.expr == sub && !matches!(sub, Expr::Variable(_)))
            .map(|i| Expr::Variable(i.name().to_string()))
    })
}

/// Rebuilds `e`, replacing every sub-expression for which `f` gives a replacement.
pub fn substitute(e: &Expr, f: &dyn Fn(&Expr) -> Option<Expr>) -> Expr {
    if let Some(r) = f(e) {
        return r;
    }
    let b = |x: &Expr| Box::new(substitute(x, f));
    let ob = |x: &Option<Box<Expr>>| x.as_ref().map(|x| b(x));
    match e {
        Expr::List(items) => Expr::List(items.iter().map(|x| substitute(x, f)).collect()),
        Expr::Map(entries) => Expr::Map(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), substitute(v, f)))
                .collect(),
        ),
        Expr::Property(x, k) => Expr::Property(b(x), k.clone()),
        Expr::Index(x, y) => Expr::Index(b(x), b(y)),
        Expr::Slice(x, y, z) => Expr::Slice(b(x), ob(y), ob(z)),
        Expr::HasLabels(x, l) => Expr::HasLabels(b(x), l.clone()),
        Expr::Unary(op, x) => Expr::Unary(*op, b(x)),
        Expr::Binary(op, x, y) => Expr::Binary(*op, b(x), b(y)),
        Expr::Chain(items, ops) => Expr::Chain(
            items.iter().map(|x| substitute(x, f)).collect(),
            ops.clone(),
        ),
        Expr::Function {
            name,
            distinct,
            args,
        } if !is_aggregate(e) => Expr::Function {
            name: name.clone(),
            distinct: *distinct,
            args: args.iter().map(|x| substitute(x, f)).collect(),
        },
        Expr::Case {
            subject,
            alternatives,
            otherwise,
        } => Expr::Case {
            subject: ob(subject),
            alternatives: alternatives
                .iter()
                .map(|(w, t)| (substitute(w, f), substitute(t, f)))
                .collect(),
            otherwise: ob(otherwise),
        },
        other => other.clone(),
    }
}

pub(crate) fn collect_slots(e: &PExpr, out: &mut BTreeSet<usize>, limit: usize) {
    let mut found = BTreeSet::new();
    let mut rec = |x: &PExpr| collect_slots(x, &mut found, limit);
    match e {
        PExpr::Const(_) => {}
        PExpr::Slot(s) => {
            if *s < limit {
                out.insert(*s);
            }
        }
        PExpr::List(items) | PExpr::Chain(items, _) | PExpr::Function(_, items) => {
            items.iter().for_each(rec)
        }
        PExpr::Map(entries) => entries.iter().for_each(|(_, v)| rec(v)),
        PExpr::Property(a, _, _) | PExpr::HasLabels(a, _) | PExpr::Unary(_, a) => rec(a),
        PExpr::Index(a, b) | PExpr::Binary(_, a, b) => {
            rec(a);
            rec(b);
        }
        PExpr::Slice(a, b, c) => {
            rec(a);
            if let Some(b) = b {
                rec(b);
            }
            if let Some(c) = c {
                rec(c);
            }
        }
        PExpr::Case {
            subject,
            alternatives,
            otherwise,
        } => {
            if let Some(s) = subject {
                rec(s);
            }
            for (w, t) in alternatives {
                rec(w);
                rec(t);
            }
            if let Some(o) = otherwise {
                rec(o);
            }
        }
        PExpr::ListComprehension {
            list, filter, map, ..
        } => {
            rec(list);
            if let Some(f) = filter {
                rec(f);
            }
            if let Some(m) = map {
                rec(m);
            }
        }
        PExpr::Quantifier { list, filter, .. } => {
            rec(list);
            if let Some(f) = filter {
                rec(f);
            }
        }
        PExpr::Reduce {
            init, list, expr, ..
        } => {
            rec(init);
            rec(list);
            rec(expr);
        }
        PExpr::Pattern(p) | PExpr::PatternComprehension(p, _, _) => {
            let _ = &mut rec;
            // Every outer slot the pattern refers to: its bound nodes and relationships.
            for s in &p.part.node_slots {
                if *s < limit {
                    out.insert(*s);
                }
            }
            for (s, _) in &p.part.rel_slots {
                if *s < limit {
                    out.insert(*s);
                }
            }
            for f in p.part.filters.iter().flatten() {
                collect_slots(f, out, limit);
            }
            if let PExpr::PatternComprehension(_, f, m) = e {
                if let Some(f) = f {
                    collect_slots(f, out, limit);
                }
                collect_slots(m, out, limit);
            }
            if let Some(props) = &p.part.anchor_check.props {
                collect_slots(props, out, limit);
            }
            for s in &p.part.steps {
                if let Some(props) = &s.to_check.props {
                    collect_slots(props, out, limit);
                }
                for f in &s.edge_filters {
                    collect_slots(f, out, limit);
                }
                if let Some(props) = &s.rel_props {
                    collect_slots(props, out, limit);
                }
            }
        }
        PExpr::MapProjection(s, items) => {
            if *s < limit {
                out.insert(*s);
            }
            for (_, i) in items {
                if let MapItem::Expr(x) = i {
                    rec(x);
                }
            }
        }
    }
    out.extend(found);
}

// ---- Display (EXPLAIN) ----------------------------------------------------------------------

impl fmt::Display for Anchor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Anchor::Bound => f.write_str("bound variable"),
            Anchor::Id(_) => f.write_str("id lookup"),
            Anchor::Name(_) => f.write_str("name/alias index"),
            Anchor::Label(l) => write!(f, "label index :{l}"),
            Anchor::RelScan { types, equal } => {
                write!(f, "relationship scan :{}", types.join("|"))?;
                match equal {
                    Some((key, _)) => write!(f, " where {key} equals (property column)"),
                    None => Ok(()),
                }
            }
            Anchor::PropEq { label, key, .. } => match label {
                Some(l) => write!(f, "property column scan :{l}.{key}"),
                None => write!(f, "property column scan .{key}"),
            },
            Anchor::RelEnds { types, .. } => {
                write!(f, "relationship type index :{}", types.join("|"))
            }
            Anchor::Scan => f.write_str("all-nodes scan"),
        }
    }
}

impl Op {
    /// One line describing the operator.
    pub fn describe(&self) -> String {
        match self {
            Op::Match(m) => {
                let anchors: Vec<String> = m
                    .parts
                    .iter()
                    .map(|p| {
                        let mut s = format!("anchor: {}", p.anchor);
                        let filters: usize = p.filters.iter().map(Vec::len).sum();
                        if !p.steps.is_empty() {
                            s.push_str(&format!(", {} expansion(s)", p.steps.len()));
                        }
                        let filters = filters
                            + p.steps
                                .iter()
                                .map(|st| st.edge_filters.len())
                                .sum::<usize>();
                        if filters > 0 {
                            s.push_str(&format!(", {filters} filter(s) pushed down"));
                        }
                        let known_end =
                            p.target.is_some() || p.steps.first().is_some_and(|st| st.to_bound);
                        match p.shortest {
                            Some(ShortestKind::Shortest) if known_end => {
                                s.push_str(", breadth-first shortest path from both ends")
                            }
                            Some(_) => s.push_str(", breadth-first shortest path"),
                            None => {}
                        }
                        if p.steps.iter().any(|st| st.distinct_ends) {
                            s.push_str(", breadth-first distinct ends");
                        }
                        let edge_filters: usize =
                            p.steps.iter().map(|st| st.edge_filters.len()).sum();
                        if edge_filters > 0 {
                            s.push_str(&format!(
                                ", {edge_filters} relationship filter(s) before the far node"
                            ));
                        }
                        for st in &p.steps {
                            match st.fixed_mode {
                                FixedMode::Walk => {}
                                FixedMode::Count => s.push_str(", last hop counted per row"),
                                FixedMode::DistinctEnds => {
                                    s.push_str(", last hop to distinct ends")
                                }
                                FixedMode::DistinctChain => {
                                    s.push_str(", two-hop chain breadth-first to distinct ends")
                                }
                            }
                        }
                        if p.steps.iter().any(|st| st.ends_once) {
                            s.push_str(", each far node once for all rows");
                        }
                        if p.group_by_labels {
                            s.push_str(", grouped by label set");
                        }
                        s
                    })
                    .collect();
                format!("{} [{}]", m.text, anchors.join("; "))
            }
            Op::Unwind { text, .. } => format!("Unwind {}", text.trim_start_matches("UNWIND ")),
            Op::Project(p) => {
                let mut s = p.text.clone();
                if !p.aggregates.is_empty() {
                    s.push_str(&format!(
                        " [aggregate: {} function(s), {} grouping key(s)]",
                        p.aggregates.len(),
                        p.keys.len()
                    ));
                }
                s
            }
            Op::Create { text, .. } => format!("Create {}", text.trim_start_matches("CREATE ")),
            Op::Merge { text, .. } => format!("Merge {}", text.trim_start_matches("MERGE ")),
        }
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, op) in self.ops.iter().enumerate() {
            writeln!(f, "{}. {}", i + 1, op.describe())?;
        }
        if !self.columns.is_empty() {
            write!(f, "columns: {}", self.columns.join(", "))?;
        }
        Ok(())
    }
}
