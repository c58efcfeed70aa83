//! The query stage: statement text → `parser` (pest, the only user of grammar/query.pest) →
//! `ast` → (`question` compiles plain questions to Cypher text) → `plan` (names bound,
//! semantic checks, anchors chosen) → `execute` → `Table`. One entry point: [`run`].
//!
//! newsgraph implements a subset of openCypher; see README for what is supported.

pub mod ast;
pub mod error;
pub mod execute;
pub mod functions;
pub mod hints;
mod nodeset;
pub mod parser;
pub mod plan;
pub mod question;
pub mod value;

pub use error::{ErrorKind, Phase, QueryError};
pub use plan::DEFAULT_MAX_HOPS;
pub use value::{Path, Value};

use crate::graph::KnowledgeGraph;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A query result: named columns and rows of values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// Query parameters (`$name`), by name without the `$`.
pub type Params = BTreeMap<String, Value>;

/// How a statement runs.
#[derive(Clone, Debug)]
pub struct Options {
    /// Stop with a Timeout error after this long.
    pub timeout: Option<Duration>,
    /// Stop with a Cancelled error as soon as this flag is set (Ctrl-C in the REPL).
    pub cancel: Option<Arc<AtomicBool>>,
    /// Upper bound for variable-length patterns written without one (`*`, `*2..`):
    /// [`DEFAULT_MAX_HOPS`] unless changed.
    pub max_hops: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            timeout: None,
            cancel: None,
            max_hops: DEFAULT_MAX_HOPS,
        }
    }
}

/// What a statement changed (the TCK's side-effect counters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SideEffects {
    pub nodes_created: usize,
    pub relationships_created: usize,
    pub properties_set: usize,
    /// Label names that did not exist in the graph before.
    pub labels_added: usize,
}

/// The result of one statement.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    pub table: Table,
    /// For EXPLAIN / PROFILE: the compiled query (for questions) and the plan.
    pub explain: Option<String>,
    pub stats: SideEffects,
    /// Hints for an empty result: labels, relationship types or property keys the graph does
    /// not have, with "did you mean" suggestions.
    pub warnings: Vec<String>,
    /// Time spent in each phase (the REPL's `:timing on`).
    pub timings: Timings,
}

/// Wall time of the phases of one statement.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Timings {
    /// Parsing, including compiling a question to Cypher.
    pub parse: std::time::Duration,
    /// Semantic checks and planning.
    pub plan: std::time::Duration,
    pub execute: std::time::Duration,
}

/// Stack reserved for one statement: parsing and evaluation recurse once per nesting level
/// of the query text, and unoptimised builds use large frames.
const STATEMENT_STACK: usize = 256 * 1024 * 1024;

/// Deepest bracket nesting accepted in a statement.
const MAX_NESTING: usize = 200;

/// Runs one statement: a plain question, a Cypher query, or EXPLAIN/PROFILE of either.
pub fn run(
    graph: &mut KnowledgeGraph,
    statement: &str,
    params: &Params,
    options: &Options,
) -> Result<Outcome, QueryError> {
    check_nesting(statement)?;
    stacker::grow(STATEMENT_STACK, || {
        run_statement(graph, statement, params, options)
    })
}

/// The deepest bracket nesting of a statement (outside quotes); an error beyond
/// [`MAX_NESTING`].
fn check_nesting(statement: &str) -> Result<usize, QueryError> {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (line_no, line) in statement.split('\n').enumerate() {
        for (col, c) in line.chars().enumerate() {
            if let Some(q) = quote {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
                continue;
            }
            match c {
                '\'' | '"' | '`' => quote = Some(c),
                '(' | '[' | '{' => {
                    depth += 1;
                    deepest = deepest.max(depth);
                    if depth > MAX_NESTING {
                        return Err(QueryError {
                            kind: ErrorKind::SyntaxError,
                            detail: "NestingTooDeep",
                            phase: Phase::Compile,
                            message: format!("brackets nested more than {MAX_NESTING} deep"),
                            position: Some(error::Position {
                                line: line_no + 1,
                                column: col + 1,
                                line_text: line.to_string(),
                                expected: None,
                            }),
                        });
                    }
                }
                ')' | ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    Ok(deepest)
}

fn run_statement(
    graph: &mut KnowledgeGraph,
    statement: &str,
    params: &Params,
    options: &Options,
) -> Result<Outcome, QueryError> {
    let parse_started = Instant::now();
    let parsed = parser::parse(statement)?;
    let (query, compiled_text) = match &parsed.body {
        ast::Body::Query(q) => (q.clone(), None),
        ast::Body::Question(question) => {
            let text = question::compile(question, graph)?;
            let inner = parser::parse(&text)?;
            match inner.body {
                ast::Body::Query(q) => (q, Some(text)),
                ast::Body::Question(_) => {
                    return Err(QueryError::syntax(
                        "UnexpectedSyntax",
                        "a question compiled to another question",
                    ))
                }
            }
        }
    };
    let mut timings = Timings {
        parse: parse_started.elapsed(),
        ..Timings::default()
    };
    let plan_started = Instant::now();
    let plan = plan::plan(&query, graph, params, options.max_hops)?;
    timings.plan = plan_started.elapsed();
    let mut explain = String::new();
    if parsed.mode != ast::Mode::Run {
        if let Some(text) = &compiled_text {
            let _ = writeln!(explain, "query:\n{text}\n");
        }
        let _ = writeln!(explain, "plan:");
    }
    match parsed.mode {
        ast::Mode::Explain => {
            let _ = write!(explain, "{plan}");
            Ok(Outcome {
                table: Table {
                    columns: plan.columns.clone(),
                    rows: Vec::new(),
                },
                explain: Some(explain),
                stats: SideEffects::default(),
                warnings: Vec::new(),
                timings,
            })
        }
        mode => {
            let mut guard = execute::Guard::new(options.timeout, options.cancel.clone());
            if mode == ast::Mode::Profile {
                guard = guard.profiling();
            }
            let started = Instant::now();
            let result = execute::execute(&plan, graph, &guard)?;
            timings.execute = started.elapsed();
            let explain = if mode == ast::Mode::Profile {
                for (i, (op, p)) in plan.ops.iter().zip(&result.profile).enumerate() {
                    let _ = writeln!(
                        explain,
                        "{}. {}  (rows: {}, time: {:.3} ms)",
                        i + 1,
                        op.describe(),
                        p.rows,
                        p.time.as_secs_f64() * 1000.0
                    );
                }
                let _ = write!(
                    explain,
                    "total: {:.3} ms",
                    started.elapsed().as_secs_f64() * 1000.0
                );
                Some(explain)
            } else {
                None
            };
            let warnings = if result.table.rows.is_empty() && compiled_text.is_none() {
                hints::unknown_names(&query, graph)
            } else {
                Vec::new()
            };
            Ok(Outcome {
                table: result.table,
                explain,
                stats: result.stats,
                warnings,
                timings,
            })
        }
    }
}

/// One statement of a script: its text and the 1-based line it starts on (add
/// `first_line - 1` to an error's line to point into the script).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptStatement<'a> {
    pub text: &'a str,
    pub first_line: usize,
}

/// Splits a script at `;` outside quotes, back-quotes and comments; blank statements (and
/// those holding only comments) are dropped.
pub fn split_statements<'a>(script: &'a str) -> Vec<ScriptStatement<'a>> {
    let bytes = script.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let mut quote: Option<u8> = None;
    let push = |out: &mut Vec<ScriptStatement<'a>>, from: usize, to: usize| {
        let text = &script[from..to];
        let meaningful = text.lines().any(|l| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with("//")
        });
        if meaningful {
            // Start at the first non-blank character, counting the lines skipped.
            let skipped = text.len() - text.trim_start().len();
            let begin = from + skipped;
            let first_line = script[..begin].matches('\n').count() + 1;
            out.push(ScriptStatement {
                text: script[begin..to].trim_end(),
                first_line,
            });
        }
    };
    while i < bytes.len() {
        let c = bytes[i];
        match quote {
            Some(q) => {
                if c == b'\\' && q != b'`' {
                    i += 1;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                b'\'' | b'"' | b'`' => quote = Some(c),
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                    continue;
                }
                b'/' if bytes.get(i + 1) == Some(&b'*') => {
                    i += 2;
                    while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                        i += 1;
                    }
                    i += 2;
                    continue;
                }
                b';' => {
                    push(&mut out, start, i);
                    start = i + 1;
                }
                _ => {}
            },
        }
        i += 1;
    }
    if start < script.len() {
        push(&mut out, start, script.len());
    }
    out
}

/// Parses the value of `--param name=value`: a Cypher literal (number, 'string', true, null,
/// [list], {map}); any other text is taken as a plain string.
pub fn parse_param_value(text: &str) -> Result<Value, QueryError> {
    let trimmed = text.trim();
    let Ok(expr) = parser::parse_expression(trimmed) else {
        return Ok(Value::String(text.to_string()));
    };
    let mut graph = KnowledgeGraph::new();
    let query = ast::Query {
        clauses: vec![ast::Clause::Return(ast::Projection {
            distinct: false,
            star: false,
            items: vec![ast::ProjectionItem {
                expr,
                alias: Some("v".into()),
                text: "v".into(),
            }],
            order_by: Vec::new(),
            skip: None,
            limit: None,
        })],
    };
    // Only literal forms count as values; anything with variables is plain text.
    let Ok(plan) = plan::plan(&query, &graph, &Params::new(), DEFAULT_MAX_HOPS) else {
        return Ok(Value::String(text.to_string()));
    };
    let guard = execute::Guard::new(None, None);
    let result = execute::execute(&plan, &mut graph, &guard)?;
    Ok(result
        .table
        .rows
        .into_iter()
        .next()
        .and_then(|r| r.into_iter().next())
        .unwrap_or(Value::Null))
}
