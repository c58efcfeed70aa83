//! The session: one graph plus settings, running statements (questions, Cypher, ':' meta
//! commands) and whole scripts. The REPL, `query`, `run` and stdin scripts all go through it.

use super::args::ResultFormat;
use super::script::{self, Statement};
use crate::extract::Knowledge;
use crate::graph::{snapshot, KnowledgeGraph, NodeId, Source};
use crate::output;
use crate::query::{self, Params, Table, Value};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

/// A failed statement: where (within the statement; scripts shift it) and why.
#[derive(Debug)]
pub struct StatementError {
    pub message: String,
    /// 1-based (line, column) inside the statement, when the error has a position.
    pub position: Option<(usize, usize)>,
    /// What would have been valid at the position, in words.
    pub expected: Option<String>,
}

impl StatementError {
    fn plain(message: impl Into<String>) -> Self {
        StatementError {
            message: message.into(),
            position: None,
            expected: None,
        }
    }
}

impl From<query::QueryError> for StatementError {
    fn from(e: query::QueryError) -> Self {
        StatementError {
            message: e.message().to_string(),
            position: e.line().zip(e.column()),
            expected: e.expected().map(str::to_string),
        }
    }
}

/// What the caller should do after a statement.
#[derive(Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

pub struct Session {
    pub graph: KnowledgeGraph,
    pub params: Params,
    pub format: ResultFormat,
    pub options: query::Options,
    pub max_rows: Option<usize>,
    pub timing: bool,
    /// The last result, for `:why N`.
    pub last: Option<Table>,
    /// Reference date for relative dates when loading more documents.
    pub reference_date: Option<String>,
    /// A user data folder (lexicons, rules) for :load and :trace.
    pub data_dir: Option<std::path::PathBuf>,
    knowledge: Option<Knowledge>,
}

/// One meta command: its name, argument synopsis and one-line help. `:help` and "did you
/// mean" are generated from this table.
pub struct MetaCommand {
    pub name: &'static str,
    pub args: &'static str,
    pub help: &'static str,
}

pub const META_COMMANDS: &[MetaCommand] = &[
    MetaCommand {
        name: "help",
        args: "[COMMAND]",
        help: "list commands, or explain one",
    },
    MetaCommand {
        name: "schema",
        args: "",
        help: "labels, relationship types and their properties",
    },
    MetaCommand {
        name: "stats",
        args: "",
        help: "counts of documents, nodes and relationships",
    },
    MetaCommand {
        name: "why",
        args: "ENTITY | ROW",
        help: "the sentences behind an entity, or behind row N of the last result",
    },
    MetaCommand {
        name: "format",
        args: "table|json|csv|dot",
        help: "how results are printed",
    },
    MetaCommand {
        name: "param",
        args: "NAME VALUE",
        help: "set a query parameter ($NAME)",
    },
    MetaCommand {
        name: "params",
        args: "",
        help: "list the query parameters",
    },
    MetaCommand {
        name: "maxrows",
        args: "N",
        help: "cut table output after N rows (0: no limit)",
    },
    MetaCommand {
        name: "timing",
        args: "on|off",
        help: "show how long each statement took",
    },
    MetaCommand {
        name: "load",
        args: "PATH",
        help: "add documents (files or folders) to the graph",
    },
    MetaCommand {
        name: "open",
        args: "SNAPSHOT",
        help: "replace the graph with a saved snapshot",
    },
    MetaCommand {
        name: "save",
        args: "SNAPSHOT",
        help: "save the graph (atomically)",
    },
    MetaCommand {
        name: "source",
        args: "FILE",
        help: "run a script file",
    },
    MetaCommand {
        name: "quit",
        args: "",
        help: "leave (also :exit, Ctrl-D)",
    },
];

/// Edit distance, for "did you mean".
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

impl Session {
    pub fn new(graph: KnowledgeGraph) -> Self {
        Session {
            graph,
            params: Params::new(),
            format: ResultFormat::Table,
            options: query::Options::default(),
            max_rows: None,
            timing: false,
            last: None,
            reference_date: None,
            data_dir: None,
            knowledge: None,
        }
    }

    fn knowledge(&mut self) -> Result<&Knowledge, StatementError> {
        if self.knowledge.is_none() {
            let k = match &self.data_dir {
                Some(dir) => Knowledge::from_dir(dir),
                None => Knowledge::bundled(),
            }
            .map_err(|e| StatementError::plain(e.to_string()))?;
            self.knowledge = Some(k);
        }
        Ok(self.knowledge.as_ref().expect("just set"))
    }

    /// Runs one statement: a ':' meta command, a question or a Cypher query.
    pub fn execute(
        &mut self,
        statement: &str,
        out: &mut dyn Write,
    ) -> Result<Flow, StatementError> {
        let trimmed = statement.trim();
        if let Some(meta) = trimmed.strip_prefix(':') {
            return self.meta(meta, out);
        }
        let started = Instant::now();
        let outcome = query::run(&mut self.graph, trimmed, &self.params, &self.options)?;
        let io = |e: std::io::Error| StatementError::plain(format!("cannot write output: {e}"));
        if let Some(explain) = &outcome.explain {
            writeln!(out, "{}", explain.trim_end()).map_err(io)?;
        }
        if outcome.explain.is_none() || !outcome.table.rows.is_empty() {
            self.render(&outcome.table, out).map_err(io)?;
        }
        if self.timing {
            writeln!(out, "({:.1} ms)", started.elapsed().as_secs_f64() * 1e3).map_err(io)?;
        }
        self.last = Some(outcome.table);
        Ok(Flow::Continue)
    }

    /// Prints a result in the session's format.
    pub fn render(&self, table: &Table, out: &mut dyn Write) -> std::io::Result<()> {
        match self.format {
            ResultFormat::Table => {
                output::results::write_table(&self.graph, table, self.max_rows, out)
            }
            ResultFormat::Json => output::json::write_json(&self.graph, table, out),
            ResultFormat::Csv => output::results::write_csv(&self.graph, table, out),
            ResultFormat::Dot => {
                let selection = super::selection_of_table(&self.graph, table);
                output::dot::write_dot(
                    &self.graph,
                    &selection,
                    &output::export::ExportOptions::default(),
                    out,
                )
            }
        }
    }

    /// Runs a whole script. Errors are printed to `err` as `name:line:column: message` with the
    /// offending line and a caret; returns how many statements failed (it stops at the first
    /// unless `keep_going`).
    pub fn run_script(
        &mut self,
        name: &str,
        text: &str,
        out: &mut dyn Write,
        err: &mut dyn Write,
        keep_going: bool,
        echo: bool,
    ) -> usize {
        let statements = match script::split(text) {
            Ok(s) => s,
            Err(e) => {
                report(err, name, text, e.line, e.column, &e.message);
                return 1;
            }
        };
        let mut failures = 0;
        for statement in statements {
            if echo {
                let _ = writeln!(out, "> {}", statement.text.trim());
            }
            match self.execute(&statement.text, out) {
                Ok(Flow::Quit) => break,
                Ok(Flow::Continue) => {}
                Err(e) => {
                    failures += 1;
                    report_statement(err, name, text, &statement, &e);
                    if !keep_going {
                        break;
                    }
                }
            }
            let _ = out.flush();
        }
        failures
    }

    fn meta(&mut self, line: &str, out: &mut dyn Write) -> Result<Flow, StatementError> {
        let line = line.trim();
        let (name, rest) = match line.split_once(char::is_whitespace) {
            Some((n, r)) => (n, r.trim()),
            None => (line, ""),
        };
        let io = |e: std::io::Error| StatementError::plain(format!("cannot write output: {e}"));
        match name {
            "help" | "h" | "?" => self.help(rest, out).map_err(io)?,
            "quit" | "q" | "exit" => return Ok(Flow::Quit),
            "schema" => self.schema(out).map_err(io)?,
            "stats" => super::write_stats(&self.graph, out).map_err(io)?,
            "why" => self.why(rest, out)?,
            "format" => {
                self.format = match rest {
                    "table" => ResultFormat::Table,
                    "json" => ResultFormat::Json,
                    "csv" => ResultFormat::Csv,
                    "dot" => ResultFormat::Dot,
                    other => {
                        return Err(StatementError::plain(format!(
                            "unknown format {other:?}: use table, json, csv or dot"
                        )))
                    }
                };
            }
            "param" => {
                let (pname, value) = rest
                    .split_once(char::is_whitespace)
                    .ok_or_else(|| StatementError::plain("usage: :param NAME VALUE"))?;
                let pname = pname.trim_start_matches('$');
                let value = query::parse_param_value(value.trim())
                    .map_err(|e| StatementError::plain(format!("bad value for ${pname}: {e}")))?;
                self.params.insert(pname.to_string(), value);
            }
            "params" => {
                for (k, v) in &self.params {
                    writeln!(
                        out,
                        "${k} = {}",
                        output::results::value_text(&self.graph, v)
                    )
                    .map_err(io)?;
                }
            }
            "maxrows" => {
                let n: usize = rest
                    .parse()
                    .map_err(|_| StatementError::plain("usage: :maxrows N (0: no limit)"))?;
                self.max_rows = (n > 0).then_some(n);
            }
            "timing" => {
                self.timing = match rest {
                    "on" => true,
                    "off" => false,
                    _ => return Err(StatementError::plain("usage: :timing on|off")),
                }
            }
            "load" => {
                if rest.is_empty() {
                    return Err(StatementError::plain("usage: :load PATH"));
                }
                let report = crate::corpus::load(&[rest.into()]);
                for e in &report.errors {
                    writeln!(out, "warning: {e}").map_err(io)?;
                }
                let n = report.documents.len();
                let reference = self.reference_date.clone();
                let knowledge = self.knowledge()?;
                let docs = super::with_reference_date(report.documents, reference.as_deref());
                let facts = crate::pipeline::extract_all(&docs, knowledge);
                crate::graph::build::add_documents(&mut self.graph, facts);
                writeln!(out, "loaded {n} document(s)").map_err(io)?;
            }
            "trace" => {
                let sentence = rest.trim().trim_matches('"');
                if sentence.is_empty() {
                    return Err(StatementError::plain("usage: :trace \"SENTENCE\""));
                }
                let trace = crate::extract::trace(sentence, self.knowledge()?);
                write!(out, "{trace}").map_err(io)?;
            }
            "export" => self.export(rest, out)?,
            "open" => {
                let graph = snapshot::load(Path::new(rest))
                    .map_err(|e| StatementError::plain(e.to_string()))?;
                self.graph = graph;
                writeln!(
                    out,
                    "opened {} ({} nodes, {} relationships)",
                    rest,
                    self.graph.node_count(),
                    self.graph.edge_count()
                )
                .map_err(io)?;
            }
            "save" => {
                if rest.is_empty() {
                    return Err(StatementError::plain("usage: :save SNAPSHOT"));
                }
                snapshot::save(&self.graph, Path::new(rest))
                    .map_err(|e| StatementError::plain(e.to_string()))?;
                writeln!(out, "saved {rest}").map_err(io)?;
            }
            "source" => {
                let text = std::fs::read_to_string(rest)
                    .map_err(|e| StatementError::plain(format!("{rest}: {e}")))?;
                let mut err_buf = Vec::new();
                let failures = self.run_script(rest, &text, out, &mut err_buf, false, false);
                if failures > 0 {
                    return Err(StatementError::plain(
                        String::from_utf8_lossy(&err_buf).trim_end().to_string(),
                    ));
                }
            }
            other => {
                let mut best: Vec<&str> = META_COMMANDS
                    .iter()
                    .map(|c| c.name)
                    .filter(|c| edit_distance(c, other) <= 2)
                    .collect();
                best.sort_by_key(|c| edit_distance(c, other));
                let hint = match best.first() {
                    Some(c) => format!(" — did you mean :{c}?"),
                    None => " — :help lists the commands".to_string(),
                };
                return Err(StatementError::plain(format!(
                    "unknown command :{other}{hint}"
                )));
            }
        }
        Ok(Flow::Continue)
    }

    /// `:export FMT FILE [QUERY]`: the whole graph, or what the query returns.
    fn export(&mut self, args: &str, out: &mut dyn Write) -> Result<(), StatementError> {
        let usage = || StatementError::plain("usage: :export FMT FILE [QUERY]");
        let mut parts = args.splitn(3, char::is_whitespace);
        let format = parts.next().filter(|f| !f.is_empty()).ok_or_else(usage)?;
        let file = parts.next().filter(|f| !f.is_empty()).ok_or_else(usage)?;
        let query_text = parts.next().map(str::trim).filter(|q| !q.is_empty());
        let format: output::export::ExportFormat = format
            .parse()
            .map_err(|e: output::export::ExportError| StatementError::plain(e.to_string()))?;
        let selection = match query_text {
            Some(q) => {
                let outcome = query::run(&mut self.graph, q, &self.params, &self.options)?;
                super::selection_of_table(&self.graph, &outcome.table)
            }
            None => output::selection::Selection::whole(&self.graph),
        };
        output::export::export(
            &self.graph,
            &selection,
            format,
            &output::export::ExportOptions::default(),
            Some(Path::new(file)),
        )
        .map_err(|e| StatementError::plain(e.to_string()))?;
        writeln!(out, "wrote {file}")
            .map_err(|e| StatementError::plain(format!("cannot write output: {e}")))
    }

    fn help(&self, topic: &str, out: &mut dyn Write) -> std::io::Result<()> {
        let topic = topic.trim_start_matches(':');
        if !topic.is_empty() {
            if let Some(c) = META_COMMANDS.iter().find(|c| c.name == topic) {
                return writeln!(out, ":{} {}\n    {}", c.name, c.args, c.help);
            }
        }
        writeln!(
            out,
            "Ask a question or run a query; end a multi-line query with ';'."
        )?;
        writeln!(
            out,
            "Questions: who met whom [where] [when] · who met X · where did X meet Y"
        )?;
        writeln!(
            out,
            "           when did X meet Y · who owns X · what does X own · who is X"
        )?;
        writeln!(
            out,
            "           how is X connected to Y · EXPLAIN <question or query>"
        )?;
        writeln!(
            out,
            "Queries:   MATCH (p:Person)-[m:MET]-(q) RETURN p.name, q.name, m.place;"
        )?;
        writeln!(out, "Commands:")?;
        for c in META_COMMANDS {
            let synopsis = format!(":{} {}", c.name, c.args);
            writeln!(out, "  {synopsis:<28} {}", c.help)?;
        }
        Ok(())
    }

    fn schema(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let g = &self.graph;
        writeln!(out, "Node labels:")?;
        let node_keys = g.node_property_keys();
        for label in g.labels() {
            let keys: Vec<&str> = node_keys
                .get(label)
                .map(|s| s.iter().map(String::as_str).collect())
                .unwrap_or_default();
            writeln!(
                out,
                "  :{label} ({}) {{{}}}",
                g.nodes_with_label(label).len(),
                keys.join(", ")
            )?;
        }
        writeln!(out, "Relationship types:")?;
        let edge_keys = g.edge_property_keys();
        for ty in g.rel_types() {
            let keys: Vec<&str> = edge_keys
                .get(ty)
                .map(|s| s.iter().map(String::as_str).collect())
                .unwrap_or_default();
            let mut ends: std::collections::BTreeSet<(String, String)> = Default::default();
            for &e in g.edges_of_type(ty) {
                let edge = g.edge(e);
                let first = |n: NodeId| g.node(n).labels().next().unwrap_or("").to_string();
                ends.insert((first(edge.from), first(edge.to)));
            }
            let ends: Vec<String> = ends
                .into_iter()
                .map(|(a, b)| format!("(:{a})-[:{ty}]->(:{b})"))
                .collect();
            writeln!(
                out,
                "  :{ty} ({}) {{{}}}  {}",
                g.edges_of_type(ty).len(),
                keys.join(", "),
                ends.join(" ")
            )?;
        }
        Ok(())
    }

    fn write_sources(&self, sources: &[Source], out: &mut dyn Write) -> std::io::Result<()> {
        let mut shown = std::collections::BTreeSet::new();
        for s in sources {
            match s {
                Source::Manual => {
                    if shown.insert((String::new(), u32::MAX)) {
                        writeln!(out, "  [manual] added by hand")?;
                    }
                }
                Source::Text { sentence, rule, .. } => {
                    if let Some((doc, text)) = self.graph.source_sentence(s) {
                        if shown.insert((doc.id.clone(), *sentence)) {
                            writeln!(out, "  [{}#{sentence}] ({rule}) {}", doc.id, text.trim())?;
                        }
                    }
                }
            }
        }
        if shown.is_empty() {
            writeln!(out, "  (no sources)")?;
        }
        Ok(())
    }

    /// `:why Scott Bessent` → the sentences behind the entity; `:why 2` → behind row 2 of the
    /// last result (every node and relationship in it, and any provenance lists it holds).
    fn why(&mut self, arg: &str, out: &mut dyn Write) -> Result<(), StatementError> {
        let io = |e: std::io::Error| StatementError::plain(format!("cannot write output: {e}"));
        let arg = arg.trim().trim_matches('"').trim_matches('\'');
        if arg.is_empty() {
            return Err(StatementError::plain(
                "usage: :why ENTITY | :why ROW-NUMBER",
            ));
        }
        if let Ok(n) = arg.parse::<usize>() {
            let table = self
                .last
                .as_ref()
                .ok_or_else(|| StatementError::plain("no result yet: run a query first"))?;
            let row = table.rows.get(n.wrapping_sub(1)).ok_or_else(|| {
                StatementError::plain(format!(
                    "row {n} does not exist: the last result has {} row(s)",
                    table.rows.len()
                ))
            })?;
            let mut sources = Vec::new();
            let mut texts = Vec::new();
            for value in row {
                collect_sources(&self.graph, value, &mut sources, &mut texts);
            }
            for t in &texts {
                writeln!(out, "  {t}").map_err(io)?;
            }
            if !sources.is_empty() || texts.is_empty() {
                self.write_sources(&sources, out).map_err(io)?;
            }
            return Ok(());
        }
        let found = self.graph.find_by_name(arg).to_vec();
        let found: Vec<NodeId> = if found.is_empty() {
            self.graph.find_by_key(arg).into_iter().collect()
        } else {
            found
        };
        match found.len() {
            0 => Err(StatementError::plain(format!("no entity is named {arg:?}"))),
            _ => {
                for id in found {
                    let node = self.graph.node(id);
                    let labels: Vec<&str> = node.labels().collect();
                    writeln!(
                        out,
                        "{} (:{}, {})",
                        node.name(),
                        labels.join(":"),
                        node.key()
                    )
                    .map_err(io)?;
                    self.write_sources(node.sources(), out).map_err(io)?;
                }
                Ok(())
            }
        }
    }
}

fn collect_sources(
    graph: &KnowledgeGraph,
    value: &Value,
    sources: &mut Vec<Source>,
    texts: &mut Vec<String>,
) {
    match value {
        Value::Node(id) if graph.contains_node(*id) => {
            sources.extend(graph.node(*id).sources().iter().cloned())
        }
        Value::Rel(id) => sources.extend(graph.edge(*id).sources().iter().cloned()),
        Value::Path(p) => {
            for r in &p.rels {
                sources.extend(graph.edge(*r).sources().iter().cloned());
            }
        }
        Value::List(items) => {
            for v in items {
                collect_sources(graph, v, sources, texts);
            }
        }
        Value::Map(map) => {
            if let (Some(Value::String(doc)), Some(Value::Int(s)), Some(Value::String(text))) =
                (map.get("doc"), map.get("sentence"), map.get("text"))
            {
                let rule = match map.get("rule") {
                    Some(Value::String(r)) => format!(" ({r})"),
                    _ => String::new(),
                };
                let line = format!("[{doc}#{s}]{rule} {}", text.trim());
                if !texts.contains(&line) {
                    texts.push(line);
                }
            } else {
                for v in map.values() {
                    collect_sources(graph, v, sources, texts);
                }
            }
        }
        _ => {}
    }
}

/// Prints `name:line:col: error: message`, the script line and a caret.
pub fn report(
    err: &mut dyn Write,
    name: &str,
    text: &str,
    line: usize,
    column: usize,
    message: &str,
) {
    report_expected(err, name, text, line, column, message, None);
}

/// As `report`, adding what was expected under the caret.
pub fn report_expected(
    err: &mut dyn Write,
    name: &str,
    text: &str,
    line: usize,
    column: usize,
    message: &str,
    expected: Option<&str>,
) {
    let _ = writeln!(err, "{name}:{line}:{column}: error: {message}");
    if let Some(src) = text.lines().nth(line.saturating_sub(1)) {
        let _ = writeln!(err, "  {src}");
        let pad: String = src
            .chars()
            .take(column.saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let _ = writeln!(err, "  {pad}^");
    }
    if let Some(expected) = expected {
        let _ = writeln!(err, "  expected {expected}");
    }
}

fn report_statement(
    err: &mut dyn Write,
    name: &str,
    text: &str,
    statement: &Statement,
    e: &StatementError,
) {
    let (line, column) = match e.position {
        Some((l, c)) => script::script_position(statement, l, c),
        None => (statement.line, statement.column),
    };
    report_expected(
        err,
        name,
        text,
        line,
        column,
        &e.message,
        e.expected.as_deref(),
    );
}

/// The default statement time limit when none is given: none (Ctrl-C cancels in the REPL).
pub fn timeout_from_seconds(seconds: Option<f64>) -> Option<Duration> {
    seconds.filter(|s| *s > 0.0).map(Duration::from_secs_f64)
}
