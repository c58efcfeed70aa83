//! The query AST: syntax only (names are strings, nothing is bound). Produced by `parser`,
//! checked by `semantic`, turned into a plan by `plan`. `Display` prints it back as Cypher,
//! which is what `EXPLAIN <question>` shows.

use std::fmt;

/// One parsed statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub mode: Mode,
    pub body: Body,
}

/// Whether to run the statement, only show its plan, or run it and show per-operator figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Run,
    Explain,
    Profile,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    Question(Question),
    Query(Query),
}

/// The plain-language question forms; entity names are still unresolved text.
#[derive(Clone, Debug, PartialEq)]
pub enum Question {
    WhoMetWhom { place: bool, date: bool },
    WhoMet(String),
    WhereMet(String, String),
    WhenMet(String, String),
    WhoOwns(String),
    WhatOwns(String),
    WhoIs(String),
    Connected(String, String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    pub clauses: Vec<Clause>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Clause {
    Match {
        optional: bool,
        pattern: Vec<PatternPart>,
        where_: Option<Expr>,
    },
    Unwind {
        expr: Expr,
        alias: String,
    },
    With {
        projection: Projection,
        where_: Option<Expr>,
    },
    Return(Projection),
    Create(Vec<PatternPart>),
    Merge(PatternPart),
    /// A clause outside the supported subset (SET, DELETE, ...): rejected with a clear message.
    Unsupported(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Projection {
    pub distinct: bool,
    pub star: bool,
    pub items: Vec<ProjectionItem>,
    pub order_by: Vec<SortItem>,
    pub skip: Option<Expr>,
    pub limit: Option<Expr>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ProjectionItem {
    pub expr: Expr,
    pub alias: Option<String>,
    /// The expression as written, the column name when there is no alias.
    pub text: String,
}

impl ProjectionItem {
    pub fn name(&self) -> &str {
        self.alias.as_deref().unwrap_or(&self.text)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct SortItem {
    pub expr: Expr,
    pub descending: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PatternPart {
    pub path_var: Option<String>,
    pub shortest: Option<ShortestKind>,
    pub element: PatternElement,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShortestKind {
    Shortest,
    All,
}

/// `(a)-[r]->(b)<-[s]-(c)`: nodes.len() == rels.len() + 1.
#[derive(Clone, Debug, PartialEq)]
pub struct PatternElement {
    pub nodes: Vec<NodePattern>,
    pub rels: Vec<RelPattern>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct NodePattern {
    pub var: Option<String>,
    pub labels: Vec<String>,
    pub props: Option<Expr>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RelPattern {
    pub var: Option<String>,
    pub types: Vec<String>,
    pub direction: RelDirection,
    /// `*min..max`; `None` for a single hop.
    pub range: Option<(Option<u64>, Option<u64>)>,
    pub props: Option<Expr>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelDirection {
    /// `-->`
    Right,
    /// `<--`
    Left,
    /// `--` (or `<-->`)
    Both,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Or,
    Xor,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    StartsWith,
    EndsWith,
    Contains,
    In,
    Regex,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
    Plus,
    IsNull,
    IsNotNull,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuantifierKind {
    All,
    Any,
    None,
    Single,
}

#[derive(Clone, Debug, PartialEq)]
pub enum MapProjectionItem {
    Property(String),
    AllProperties,
    Literal(String, Expr),
    Variable(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Literal(Literal),
    Parameter(String),
    Variable(String),
    List(Vec<Expr>),
    Map(Vec<(String, Expr)>),
    Property(Box<Expr>, String),
    Index(Box<Expr>, Box<Expr>),
    Slice(Box<Expr>, Option<Box<Expr>>, Option<Box<Expr>>),
    HasLabels(Box<Expr>, Vec<String>),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `a < b <= c`: every adjacent pair must hold.
    Chain(Vec<Expr>, Vec<BinaryOp>),
    Function {
        name: String,
        distinct: bool,
        args: Vec<Expr>,
    },
    CountStar,
    Case {
        subject: Option<Box<Expr>>,
        alternatives: Vec<(Expr, Expr)>,
        otherwise: Option<Box<Expr>>,
    },
    ListComprehension {
        var: String,
        list: Box<Expr>,
        filter: Option<Box<Expr>>,
        map: Option<Box<Expr>>,
    },
    Quantifier {
        kind: QuantifierKind,
        var: String,
        list: Box<Expr>,
        filter: Option<Box<Expr>>,
    },
    Reduce {
        acc: String,
        init: Box<Expr>,
        var: String,
        list: Box<Expr>,
        expr: Box<Expr>,
    },
    /// A relationship pattern used as a predicate (true when it has a match).
    PatternPredicate(Box<PatternPart>),
    PatternComprehension {
        part: Box<PatternPart>,
        filter: Option<Box<Expr>>,
        map: Box<Expr>,
    },
    MapProjection(String, Vec<MapProjectionItem>),
}

impl Expr {
    /// Calls `f` on this expression and every sub-expression (pre-order); `f` returns false to
    /// stop descending below a node.
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Expr) -> bool) {
        if !f(self) {
            return;
        }
        match self {
            Expr::Literal(_) | Expr::Parameter(_) | Expr::Variable(_) | Expr::CountStar => {}
            Expr::List(items) => items.iter().for_each(|e| e.walk(f)),
            Expr::Map(entries) => entries.iter().for_each(|(_, e)| e.walk(f)),
            Expr::Property(e, _) | Expr::HasLabels(e, _) | Expr::Unary(_, e) => e.walk(f),
            Expr::Index(a, b) | Expr::Binary(_, a, b) => {
                a.walk(f);
                b.walk(f);
            }
            Expr::Slice(a, b, c) => {
                a.walk(f);
                if let Some(b) = b {
                    b.walk(f);
                }
                if let Some(c) = c {
                    c.walk(f);
                }
            }
            Expr::Chain(items, _) => items.iter().for_each(|e| e.walk(f)),
            Expr::Function { args, .. } => args.iter().for_each(|e| e.walk(f)),
            Expr::Case {
                subject,
                alternatives,
                otherwise,
            } => {
                if let Some(s) = subject {
                    s.walk(f);
                }
                for (w, t) in alternatives {
                    w.walk(f);
                    t.walk(f);
                }
                if let Some(o) = otherwise {
                    o.walk(f);
                }
            }
            Expr::ListComprehension {
                list, filter, map, ..
            } => {
                list.walk(f);
                if let Some(x) = filter {
                    x.walk(f);
                }
                if let Some(x) = map {
                    x.walk(f);
                }
            }
            Expr::Quantifier { list, filter, .. } => {
                list.walk(f);
                if let Some(x) = filter {
                    x.walk(f);
                }
            }
            Expr::Reduce {
                init, list, expr, ..
            } => {
                init.walk(f);
                list.walk(f);
                expr.walk(f);
            }
            Expr::PatternPredicate(part) => walk_part(part, f),
            Expr::PatternComprehension { part, filter, map } => {
                walk_part(part, f);
                if let Some(x) = filter {
                    x.walk(f);
                }
                map.walk(f);
            }
            Expr::MapProjection(_, items) => {
                for item in items {
                    if let MapProjectionItem::Literal(_, e) = item {
                        e.walk(f);
                    }
                }
            }
        }
    }

    /// True when the expression contains an aggregate call (outside nested scopes' own).
    pub fn contains_aggregate(&self) -> bool {
        let mut found = false;
        self.walk(&mut |e| {
            if is_aggregate(e) {
                found = true;
                return false;
            }
            true
        });
        found
    }
}

fn walk_part<'a>(part: &'a PatternPart, f: &mut dyn FnMut(&'a Expr) -> bool) {
    for n in &part.element.nodes {
        if let Some(p) = &n.props {
            p.walk(f);
        }
    }
    for r in &part.element.rels {
        if let Some(p) = &r.props {
            p.walk(f);
        }
    }
}

/// Aggregate function names (lower-case).
pub const AGGREGATES: &[&str] = &[
    "count",
    "collect",
    "sum",
    "avg",
    "min",
    "max",
    "stdev",
    "stdevp",
    "percentiledisc",
    "percentilecont",
];

pub fn is_aggregate(e: &Expr) -> bool {
    match e {
        Expr::CountStar => true,
        Expr::Function { name, .. } => AGGREGATES.contains(&name.to_ascii_lowercase().as_str()),
        _ => false,
    }
}

// ---- Display: back to Cypher text -----------------------------------------------------------

/// Words that cannot be plain variable names.
const RESERVED: &[&str] = &[
    "MATCH",
    "OPTIONAL",
    "WHERE",
    "WITH",
    "RETURN",
    "DISTINCT",
    "ORDER",
    "BY",
    "SKIP",
    "LIMIT",
    "UNWIND",
    "AS",
    "CREATE",
    "MERGE",
    "AND",
    "OR",
    "XOR",
    "NOT",
    "IN",
    "STARTS",
    "ENDS",
    "CONTAINS",
    "IS",
    "NULL",
    "TRUE",
    "FALSE",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "ASC",
    "ASCENDING",
    "DESC",
    "DESCENDING",
    "SET",
    "DELETE",
    "DETACH",
    "REMOVE",
    "UNION",
    "CALL",
    "FOREACH",
];

/// Writes a name, back-quoting it when it is not a plain identifier (or is a keyword).
pub fn fmt_name(f: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !RESERVED.iter().any(|r| r.eq_ignore_ascii_case(name));
    if plain {
        f.write_str(name)
    } else {
        write!(f, "`{}`", name.replace('`', "``"))
    }
}

fn quote_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            _ => out.push(c),
        }
    }
    out.push('\'');
    out
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Null => f.write_str("null"),
            Literal::Bool(b) => write!(f, "{b}"),
            Literal::Int(i) => write!(f, "{i}"),
            Literal::Float(x) => {
                if x.fract() == 0.0 && x.is_finite() && x.abs() < 1e16 {
                    write!(f, "{x:.1}")
                } else {
                    write!(f, "{x}")
                }
            }
            Literal::String(s) => f.write_str(&quote_string(s)),
        }
    }
}

impl fmt::Display for BinaryOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BinaryOp::Or => "OR",
            BinaryOp::Xor => "XOR",
            BinaryOp::And => "AND",
            BinaryOp::Eq => "=",
            BinaryOp::Ne => "<>",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Mod => "%",
            BinaryOp::Pow => "^",
            BinaryOp::StartsWith => "STARTS WITH",
            BinaryOp::EndsWith => "ENDS WITH",
            BinaryOp::Contains => "CONTAINS",
            BinaryOp::In => "IN",
            BinaryOp::Regex => "=~",
        })
    }
}

fn fmt_list<T: fmt::Display>(f: &mut fmt::Formatter<'_>, items: &[T], sep: &str) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Literal(l) => write!(f, "{l}"),
            Expr::Parameter(p) => write!(f, "${p}"),
            Expr::Variable(v) => fmt_name(f, v),
            Expr::List(items) => {
                f.write_str("[")?;
                fmt_list(f, items, ", ")?;
                f.write_str("]")
            }
            Expr::Map(entries) => {
                f.write_str("{")?;
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    fmt_name(f, k)?;
                    write!(f, ": {v}")?;
                }
                f.write_str("}")
            }
            Expr::Property(e, k) => {
                write!(f, "{e}.")?;
                fmt_name(f, k)
            }
            Expr::Index(e, i) => write!(f, "{e}[{i}]"),
            Expr::Slice(e, a, b) => {
                write!(f, "{e}[")?;
                if let Some(a) = a {
                    write!(f, "{a}")?;
                }
                f.write_str("..")?;
                if let Some(b) = b {
                    write!(f, "{b}")?;
                }
                f.write_str("]")
            }
            Expr::HasLabels(e, labels) => {
                write!(f, "{e}")?;
                for l in labels {
                    f.write_str(":")?;
                    fmt_name(f, l)?;
                }
                Ok(())
            }
            Expr::Unary(op, e) => match op {
                UnaryOp::Not => write!(f, "NOT ({e})"),
                UnaryOp::Neg => write!(f, "-({e})"),
                UnaryOp::Plus => write!(f, "+({e})"),
                UnaryOp::IsNull => write!(f, "({e}) IS NULL"),
                UnaryOp::IsNotNull => write!(f, "({e}) IS NOT NULL"),
            },
            Expr::Binary(op, a, b) => write!(f, "({a} {op} {b})"),
            Expr::Chain(items, ops) => {
                f.write_str("(")?;
                write!(f, "{}", items[0])?;
                for (op, item) in ops.iter().zip(&items[1..]) {
                    write!(f, " {op} {item}")?;
                }
                f.write_str(")")
            }
            Expr::Function {
                name,
                distinct,
                args,
            } => {
                write!(f, "{name}(")?;
                if *distinct {
                    f.write_str("DISTINCT ")?;
                }
                fmt_list(f, args, ", ")?;
                f.write_str(")")
            }
            Expr::CountStar => f.write_str("count(*)"),
            Expr::Case {
                subject,
                alternatives,
                otherwise,
            } => {
                f.write_str("CASE")?;
                if let Some(s) = subject {
                    write!(f, " {s}")?;
                }
                for (w, t) in alternatives {
                    write!(f, " WHEN {w} THEN {t}")?;
                }
                if let Some(o) = otherwise {
                    write!(f, " ELSE {o}")?;
                }
                f.write_str(" END")
            }
            Expr::ListComprehension {
                var,
                list,
                filter,
                map,
            } => {
                f.write_str("[")?;
                fmt_name(f, var)?;
                write!(f, " IN {list}")?;
                if let Some(x) = filter {
                    write!(f, " WHERE {x}")?;
                }
                if let Some(x) = map {
                    write!(f, " | {x}")?;
                }
                f.write_str("]")
            }
            Expr::Quantifier {
                kind,
                var,
                list,
                filter,
            } => {
                let name = match kind {
                    QuantifierKind::All => "all",
                    QuantifierKind::Any => "any",
                    QuantifierKind::None => "none",
                    QuantifierKind::Single => "single",
                };
                write!(f, "{name}(")?;
                fmt_name(f, var)?;
                write!(f, " IN {list}")?;
                if let Some(x) = filter {
                    write!(f, " WHERE {x}")?;
                }
                f.write_str(")")
            }
            Expr::Reduce {
                acc,
                init,
                var,
                list,
                expr,
            } => {
                f.write_str("reduce(")?;
                fmt_name(f, acc)?;
                write!(f, " = {init}, ")?;
                fmt_name(f, var)?;
                write!(f, " IN {list} | {expr})")
            }
            Expr::PatternPredicate(part) => write!(f, "{part}"),
            Expr::PatternComprehension { part, filter, map } => {
                write!(f, "[{part}")?;
                if let Some(x) = filter {
                    write!(f, " WHERE {x}")?;
                }
                write!(f, " | {map}]")
            }
            Expr::MapProjection(var, items) => {
                fmt_name(f, var)?;
                f.write_str(" {")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    match item {
                        MapProjectionItem::Property(k) => {
                            f.write_str(".")?;
                            fmt_name(f, k)?;
                        }
                        MapProjectionItem::AllProperties => f.write_str(".*")?,
                        MapProjectionItem::Literal(k, e) => {
                            fmt_name(f, k)?;
                            write!(f, ": {e}")?;
                        }
                        MapProjectionItem::Variable(v) => fmt_name(f, v)?,
                    }
                }
                f.write_str("}")
            }
        }
    }
}

impl fmt::Display for NodePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(")?;
        if let Some(v) = &self.var {
            fmt_name(f, v)?;
        }
        for l in &self.labels {
            f.write_str(":")?;
            fmt_name(f, l)?;
        }
        if let Some(p) = &self.props {
            if self.var.is_some() || !self.labels.is_empty() {
                f.write_str(" ")?;
            }
            write!(f, "{p}")?;
        }
        f.write_str(")")
    }
}

impl fmt::Display for RelPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.direction == RelDirection::Left {
            "<-["
        } else {
            "-["
        })?;
        if let Some(v) = &self.var {
            fmt_name(f, v)?;
        }
        for (i, t) in self.types.iter().enumerate() {
            f.write_str(if i == 0 { ":" } else { "|" })?;
            fmt_name(f, t)?;
        }
        if let Some((min, max)) = self.range {
            f.write_str("*")?;
            match (min, max) {
                (Some(a), Some(b)) if a == b => write!(f, "{a}")?,
                (min, max) => {
                    if let Some(a) = min {
                        write!(f, "{a}")?;
                    }
                    if min.is_some() || max.is_some() {
                        f.write_str("..")?;
                    }
                    if let Some(b) = max {
                        write!(f, "{b}")?;
                    }
                }
            }
        }
        if let Some(p) = &self.props {
            write!(f, " {p}")?;
        }
        f.write_str(if self.direction == RelDirection::Right {
            "]->"
        } else {
            "]-"
        })
    }
}

impl fmt::Display for PatternElement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.nodes[0])?;
        for (rel, node) in self.rels.iter().zip(&self.nodes[1..]) {
            write!(f, "{rel}{node}")?;
        }
        Ok(())
    }
}

impl fmt::Display for PatternPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(v) = &self.path_var {
            fmt_name(f, v)?;
            f.write_str(" = ")?;
        }
        match self.shortest {
            Some(ShortestKind::Shortest) => write!(f, "shortestPath({})", self.element),
            Some(ShortestKind::All) => write!(f, "allShortestPaths({})", self.element),
            None => write!(f, "{}", self.element),
        }
    }
}

impl fmt::Display for Projection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.distinct {
            f.write_str("DISTINCT ")?;
        }
        let mut first = true;
        if self.star {
            f.write_str("*")?;
            first = false;
        }
        for item in &self.items {
            if !first {
                f.write_str(", ")?;
            }
            first = false;
            write!(f, "{}", item.expr)?;
            if let Some(a) = &item.alias {
                f.write_str(" AS ")?;
                fmt_name(f, a)?;
            }
        }
        if !self.order_by.is_empty() {
            f.write_str(" ORDER BY ")?;
            for (i, s) in self.order_by.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{}", s.expr)?;
                if s.descending {
                    f.write_str(" DESC")?;
                }
            }
        }
        if let Some(s) = &self.skip {
            write!(f, " SKIP {s}")?;
        }
        if let Some(l) = &self.limit {
            write!(f, " LIMIT {l}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Clause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Clause::Match {
                optional,
                pattern,
                where_,
            } => {
                if *optional {
                    f.write_str("OPTIONAL ")?;
                }
                f.write_str("MATCH ")?;
                fmt_list(f, pattern, ", ")?;
                if let Some(w) = where_ {
                    write!(f, " WHERE {w}")?;
                }
                Ok(())
            }
            Clause::Unwind { expr, alias } => {
                write!(f, "UNWIND {expr} AS ")?;
                fmt_name(f, alias)
            }
            Clause::With { projection, where_ } => {
                write!(f, "WITH {projection}")?;
                if let Some(w) = where_ {
                    write!(f, " WHERE {w}")?;
                }
                Ok(())
            }
            Clause::Return(p) => write!(f, "RETURN {p}"),
            Clause::Create(pattern) => {
                f.write_str("CREATE ")?;
                fmt_list(f, pattern, ", ")
            }
            Clause::Merge(part) => write!(f, "MERGE {part}"),
            Clause::Unsupported(name) => f.write_str(name),
        }
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_list(f, &self.clauses, "\n")
    }
}

impl fmt::Display for Question {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Question::WhoMetWhom { place, date } => {
                f.write_str("who met whom")?;
                if *place {
                    f.write_str(" where")?;
                }
                if *date {
                    f.write_str(" when")?;
                }
                Ok(())
            }
            Question::WhoMet(x) => write!(f, "who met \"{x}\""),
            Question::WhereMet(x, y) => write!(f, "where did \"{x}\" meet \"{y}\""),
            Question::WhenMet(x, y) => write!(f, "when did \"{x}\" meet \"{y}\""),
            Question::WhoOwns(x) => write!(f, "who owns \"{x}\""),
            Question::WhatOwns(x) => write!(f, "what does \"{x}\" own"),
            Question::WhoIs(x) => write!(f, "who is \"{x}\""),
            Question::Connected(x, y) => write!(f, "how is \"{x}\" connected to \"{y}\""),
        }
    }
}
