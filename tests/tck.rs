//! openCypher TCK runner (harness = false): reads the feature files of ../shared/tck (or
//! $NEWSGRAPH_TCK_DIR), runs the recommended subset through `newsgraph::query::run`, compares
//! results and side effects, prints "N passed, M failed, K skipped" per folder and overall,
//! and enforces the ratchet in tests/tck/expected_pass.txt (every listed scenario must pass).
//!
//! Environment: NEWSGRAPH_TCK_DIR (features dir), NEWSGRAPH_TCK_FILTER (substring of ids to
//! run), NEWSGRAPH_TCK_VERBOSE=1 (print each failure), NEWSGRAPH_TCK_BLESS=1 (rewrite the
//! ratchet list with what passes now), NEWSGRAPH_TCK_ALL=1 (also run folders outside the
//! recommended subset; they never count for the ratchet).

use newsgraph::graph::KnowledgeGraph;
use newsgraph::query::{self, Options, Params, SideEffects, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

// ---- Gherkin reading ------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct Step {
    text: String,
    doc: Option<String>,
    table: Vec<Vec<String>>,
}

#[derive(Clone, Debug)]
struct Scenario {
    id: String,
    steps: Vec<Step>,
    ignored: bool,
}

fn unescape_cell(cell: &str) -> String {
    let mut out = String::new();
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek() {
                Some('|') => {
                    out.push('|');
                    chars.next();
                }
                Some('n') => {
                    out.push('\n');
                    chars.next();
                }
                Some('\\') => {
                    out.push('\\');
                    chars.next();
                }
                _ => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn table_row(line: &str) -> Vec<String> {
    let inner = line.trim();
    let inner = inner.strip_prefix('|').unwrap_or(inner);
    let mut cells = Vec::new();
    let mut current = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                current.push(c);
                if let Some(n) = chars.next() {
                    current.push(n);
                }
            }
            '|' => {
                cells.push(unescape_cell(current.trim()));
                current.clear();
            }
            _ => current.push(c),
        }
    }
    cells
}

fn strip_indent(lines: &[String]) -> String {
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| {
            if l.len() >= indent {
                &l[indent..]
            } else {
                l.trim_start()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A scenario being read: name, steps, examples table, @ignore, outline.
type Pending = (String, Vec<Step>, Vec<Vec<String>>, bool, bool);

fn parse_feature(text: &str, file: &str) -> Vec<Scenario> {
    let lines: Vec<&str> = text.lines().collect();
    let mut background: Vec<Step> = Vec::new();
    let mut scenarios = Vec::new();
    // (name, steps, examples, ignored, outline)
    let mut current: Option<Pending> = None;
    let mut in_background = false;
    let mut in_examples = false;
    let mut pending_tags: Vec<String> = Vec::new();
    let mut i = 0;
    let finish = |cur: Option<Pending>, background: &[Step], out: &mut Vec<Scenario>| {
        let Some((name, steps, examples, ignored, outline)) = cur else {
            return;
        };
        let number = name
            .trim_start()
            .strip_prefix('[')
            .and_then(|r| r.split(']').next())
            .unwrap_or("?")
            .to_string();
        let mut all: Vec<Step> = background.to_vec();
        all.extend(steps);
        if !outline {
            out.push(Scenario {
                id: format!("{file} [{number}]"),
                steps: all,
                ignored,
            });
            return;
        }
        let Some((header, rows)) = examples.split_first() else {
            return;
        };
        for (k, row) in rows.iter().enumerate() {
            let sub = |s: &str| {
                let mut t = s.to_string();
                for (h, v) in header.iter().zip(row) {
                    t = t.replace(&format!("<{h}>"), v);
                }
                t
            };
            let steps = all
                .iter()
                .map(|st| Step {
                    text: sub(&st.text),
                    doc: st.doc.as_deref().map(sub),
                    table: st
                        .table
                        .iter()
                        .map(|r| r.iter().map(|c| sub(c)).collect())
                        .collect(),
                })
                .collect();
            out.push(Scenario {
                id: format!("{file} [{number}]#{}", k + 1),
                steps,
                ignored,
            });
        }
    };
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim();
        i += 1;
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if t.starts_with('@') {
            pending_tags.extend(t.split_whitespace().map(String::from));
            continue;
        }
        if t.starts_with("Feature:") {
            continue;
        }
        if t.starts_with("Background:") {
            in_background = true;
            continue;
        }
        if let Some(rest) = t
            .strip_prefix("Scenario Outline:")
            .map(|r| (r, true))
            .or_else(|| t.strip_prefix("Scenario:").map(|r| (r, false)))
        {
            finish(current.take(), &background, &mut scenarios);
            in_background = false;
            in_examples = false;
            let ignored = pending_tags.iter().any(|t| t == "@ignore");
            pending_tags.clear();
            current = Some((
                rest.0.trim().to_string(),
                Vec::new(),
                Vec::new(),
                ignored,
                rest.1,
            ));
            continue;
        }
        if t.starts_with("Examples:") {
            in_examples = true;
            continue;
        }
        if t.starts_with('|') {
            let row = table_row(t);
            if in_examples {
                if let Some(c) = current.as_mut() {
                    c.2.push(row);
                }
            } else {
                let steps = if in_background {
                    &mut background
                } else {
                    match current.as_mut() {
                        Some(c) => &mut c.1,
                        None => continue,
                    }
                };
                if let Some(s) = steps.last_mut() {
                    s.table.push(row);
                }
            }
            continue;
        }
        if t.starts_with("\"\"\"") {
            let mut doc = Vec::new();
            while i < lines.len() && !lines[i].trim().starts_with("\"\"\"") {
                doc.push(lines[i].replace('\t', "    "));
                i += 1;
            }
            i += 1;
            let text = strip_indent(&doc);
            let steps = if in_background {
                &mut background
            } else {
                match current.as_mut() {
                    Some(c) => &mut c.1,
                    None => continue,
                }
            };
            if let Some(s) = steps.last_mut() {
                s.doc = Some(text);
            }
            continue;
        }
        let step = Step {
            text: t.to_string(),
            doc: None,
            table: Vec::new(),
        };
        if in_background {
            background.push(step);
        } else if let Some(c) = current.as_mut() {
            c.1.push(step);
        }
    }
    finish(current.take(), &background, &mut scenarios);
    scenarios
}

// ---- expected values ------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum TV {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<TV>),
    Map(BTreeMap<String, TV>),
    Node(BTreeSet<String>, BTreeMap<String, TV>),
    Rel(String, BTreeMap<String, TV>),
    /// Nodes and (relationship, forward) in order.
    Path(Vec<TV>, Vec<(TV, bool)>),
}

struct ValueParser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
}

impl<'a> ValueParser<'a> {
    fn new(text: &'a str) -> Self {
        ValueParser {
            s: text.as_bytes(),
            text,
            i: 0,
        }
    }
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }
    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.s.get(self.i).copied()
    }
    fn eat(&mut self, c: u8) -> Result<(), String> {
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(format!(
                "expected '{}' at {} in {}",
                c as char, self.i, self.text
            ))
        }
    }
    fn ident(&mut self) -> Result<String, String> {
        self.ws();
        let start = self.i;
        if self.s.get(self.i) == Some(&b'`') {
            self.i += 1;
            while self.i < self.s.len() && self.s[self.i] != b'`' {
                self.i += 1;
            }
            self.i += 1;
            return Ok(self.text[start + 1..self.i - 1].to_string());
        }
        while self.i < self.s.len()
            && (self.s[self.i].is_ascii_alphanumeric()
                || self.s[self.i] == b'_'
                || self.s[self.i] >= 0x80)
        {
            self.i += 1;
        }
        if start == self.i {
            return Err(format!("expected a name at {} in {}", self.i, self.text));
        }
        Ok(self.text[start..self.i].to_string())
    }
    fn map_body(&mut self) -> Result<BTreeMap<String, TV>, String> {
        self.eat(b'{')?;
        let mut m = BTreeMap::new();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(m);
        }
        loop {
            let k = self.ident()?;
            self.eat(b':')?;
            let v = self.value()?;
            m.insert(k, v);
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(m);
                }
                _ => return Err(format!("bad map in {}", self.text)),
            }
        }
    }
    fn node(&mut self) -> Result<TV, String> {
        self.eat(b'(')?;
        let mut labels = BTreeSet::new();
        while self.peek() == Some(b':') {
            self.i += 1;
            labels.insert(self.ident()?);
        }
        let props = if self.peek() == Some(b'{') {
            self.map_body()?
        } else {
            BTreeMap::new()
        };
        self.eat(b')')?;
        Ok(TV::Node(labels, props))
    }
    fn rel(&mut self) -> Result<TV, String> {
        self.eat(b'[')?;
        self.eat(b':')?;
        let t = self.ident()?;
        let props = if self.peek() == Some(b'{') {
            self.map_body()?
        } else {
            BTreeMap::new()
        };
        self.eat(b']')?;
        Ok(TV::Rel(t, props))
    }
    fn value(&mut self) -> Result<TV, String> {
        match self.peek() {
            Some(b'(') => self.node(),
            Some(b'<') => {
                self.i += 1;
                let mut nodes = vec![self.node()?];
                let mut rels = Vec::new();
                loop {
                    match self.peek() {
                        Some(b'>') => {
                            self.i += 1;
                            return Ok(TV::Path(nodes, rels));
                        }
                        Some(b'-') => {
                            self.i += 1;
                            let r = self.rel()?;
                            self.eat(b'-')?;
                            self.eat(b'>')?;
                            rels.push((r, true));
                            nodes.push(self.node()?);
                        }
                        Some(b'<') => {
                            self.i += 1;
                            self.eat(b'-')?;
                            let r = self.rel()?;
                            self.eat(b'-')?;
                            rels.push((r, false));
                            nodes.push(self.node()?);
                        }
                        _ => return Err(format!("bad path in {}", self.text)),
                    }
                }
            }
            Some(b'[') => {
                let save = self.i;
                self.i += 1;
                if self.peek() == Some(b':') {
                    self.i = save;
                    return self.rel();
                }
                let mut items = Vec::new();
                if self.peek() == Some(b']') {
                    self.i += 1;
                    return Ok(TV::List(items));
                }
                loop {
                    items.push(self.value()?);
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(TV::List(items));
                        }
                        _ => return Err(format!("bad list in {}", self.text)),
                    }
                }
            }
            Some(b'{') => Ok(TV::Map(self.map_body()?)),
            Some(b'\'') => {
                self.i += 1;
                let mut out = Vec::new();
                while self.i < self.s.len() && self.s[self.i] != b'\'' {
                    if self.s[self.i] == b'\\' && self.i + 1 < self.s.len() {
                        self.i += 1;
                    }
                    out.push(self.s[self.i]);
                    self.i += 1;
                }
                self.i += 1;
                Ok(TV::Str(String::from_utf8_lossy(&out).into_owned()))
            }
            Some(_) => {
                let start = self.i;
                while self.i < self.s.len()
                    && !matches!(self.s[self.i], b',' | b']' | b'}' | b')' | b'>')
                    && !self.s[self.i].is_ascii_whitespace()
                {
                    self.i += 1;
                }
                let word = &self.text[start..self.i];
                match word {
                    "null" => Ok(TV::Null),
                    "true" => Ok(TV::Bool(true)),
                    "false" => Ok(TV::Bool(false)),
                    "NaN" => Ok(TV::Float(f64::NAN)),
                    "Inf" => Ok(TV::Float(f64::INFINITY)),
                    "-Inf" => Ok(TV::Float(f64::NEG_INFINITY)),
                    _ => {
                        if let Ok(i) = word.parse::<i64>() {
                            Ok(TV::Int(i))
                        } else if let Ok(f) = word.parse::<f64>() {
                            Ok(TV::Float(f))
                        } else {
                            Err(format!("bad value '{word}' in {}", self.text))
                        }
                    }
                }
            }
            None => Err(format!("empty value in {}", self.text)),
        }
    }
}

fn parse_tv(text: &str) -> Result<TV, String> {
    let mut p = ValueParser::new(text);
    let v = p.value()?;
    p.ws();
    if p.i != p.s.len() {
        return Err(format!("trailing text in {text}"));
    }
    Ok(v)
}

fn tv_to_value(tv: &TV) -> Value {
    match tv {
        TV::Null => Value::Null,
        TV::Bool(b) => Value::Bool(*b),
        TV::Int(i) => Value::Int(*i),
        TV::Float(f) => Value::Float(*f),
        TV::Str(s) => Value::String(s.clone()),
        TV::List(l) => Value::List(l.iter().map(tv_to_value).collect()),
        TV::Map(m) => Value::Map(m.iter().map(|(k, v)| (k.clone(), tv_to_value(v))).collect()),
        _ => Value::Null,
    }
}

fn props_tv<'a>(
    props: impl Iterator<Item = (&'a str, &'a newsgraph::graph::PropValue)>,
) -> BTreeMap<String, TV> {
    props
        .map(|(k, v)| (k.to_string(), value_to_tv(&Value::from_prop(v), None)))
        .collect()
}

fn value_to_tv(v: &Value, graph: Option<&KnowledgeGraph>) -> TV {
    match v {
        Value::Null => TV::Null,
        Value::Bool(b) => TV::Bool(*b),
        Value::Int(i) => TV::Int(*i),
        Value::Float(f) => TV::Float(*f),
        Value::String(s) => TV::Str(s.clone()),
        Value::List(l) => TV::List(l.iter().map(|x| value_to_tv(x, graph)).collect()),
        Value::Map(m) => TV::Map(
            m.iter()
                .map(|(k, x)| (k.clone(), value_to_tv(x, graph)))
                .collect(),
        ),
        Value::Node(id) => {
            let g = graph.expect("graph");
            let n = g.node(*id);
            TV::Node(n.labels().map(String::from).collect(), props_tv(n.props()))
        }
        Value::Rel(id) => {
            let g = graph.expect("graph");
            let e = g.edge(*id);
            TV::Rel(e.rel_type().to_string(), props_tv(e.props()))
        }
        Value::Path(p) => {
            let g = graph.expect("graph");
            let nodes = p
                .nodes
                .iter()
                .map(|n| value_to_tv(&Value::Node(*n), graph))
                .collect();
            let rels = p
                .rels
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let forward = g.edge(*r).from == p.nodes[i];
                    (value_to_tv(&Value::Rel(*r), graph), forward)
                })
                .collect();
            TV::Path(nodes, rels)
        }
    }
}

fn tv_eq(a: &TV, b: &TV, unordered: bool) -> bool {
    match (a, b) {
        (TV::Null, TV::Null) => true,
        (TV::Bool(x), TV::Bool(y)) => x == y,
        (TV::Int(x), TV::Int(y)) => x == y,
        (TV::Float(x), TV::Float(y)) => (x.is_nan() && y.is_nan()) || x == y,
        (TV::Str(x), TV::Str(y)) => x == y,
        (TV::List(x), TV::List(y)) => {
            if x.len() != y.len() {
                return false;
            }
            if unordered {
                multiset_eq(x, y, |p, q| tv_eq(p, q, true))
            } else {
                x.iter().zip(y).all(|(p, q)| tv_eq(p, q, false))
            }
        }
        (TV::Map(x), TV::Map(y)) => map_eq(x, y, unordered),
        (TV::Node(l1, p1), TV::Node(l2, p2)) => l1 == l2 && map_eq(p1, p2, unordered),
        (TV::Rel(t1, p1), TV::Rel(t2, p2)) => t1 == t2 && map_eq(p1, p2, unordered),
        (TV::Path(n1, r1), TV::Path(n2, r2)) => {
            n1.len() == n2.len()
                && r1.len() == r2.len()
                && n1.iter().zip(n2).all(|(p, q)| tv_eq(p, q, unordered))
                && r1
                    .iter()
                    .zip(r2)
                    .all(|((p, d1), (q, d2))| d1 == d2 && tv_eq(p, q, unordered))
        }
        _ => false,
    }
}

fn map_eq(x: &BTreeMap<String, TV>, y: &BTreeMap<String, TV>, unordered: bool) -> bool {
    x.len() == y.len()
        && x.iter()
            .zip(y)
            .all(|((k1, v1), (k2, v2))| k1 == k2 && tv_eq(v1, v2, unordered))
}

fn multiset_eq<T>(x: &[T], y: &[T], eq: impl Fn(&T, &T) -> bool) -> bool {
    if x.len() != y.len() {
        return false;
    }
    let mut used = vec![false; y.len()];
    'outer: for a in x {
        for (j, b) in y.iter().enumerate() {
            if !used[j] && eq(a, b) {
                used[j] = true;
                continue 'outer;
            }
        }
        return false;
    }
    true
}

// ---- running --------------------------------------------------------------------------------

enum Verdict {
    Pass,
    Fail(String),
    Skip(String),
}

const TIMEOUT: Duration = Duration::from_secs(10);

fn options() -> Options {
    Options {
        timeout: Some(TIMEOUT),
        ..Options::default()
    }
}

fn out_of_subset(text: &str) -> Option<String> {
    // String literals removed, then keyword tests, as the TCK README's estimate does.
    let mut stripped = String::new();
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in text.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => {
                if c == '\'' || c == '"' {
                    quote = Some(c);
                } else {
                    stripped.push(c);
                }
            }
        }
    }
    let upper = stripped.to_uppercase();
    let words: Vec<&str> = upper
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    for kw in ["SET", "DELETE", "REMOVE", "CALL", "UNION", "FOREACH"] {
        if words.contains(&kw) {
            return Some(format!("uses {kw}"));
        }
    }
    if upper.contains("EXISTS {") || upper.contains("EXISTS{") {
        return Some("uses an existential subquery".into());
    }
    let lower = stripped.to_lowercase();
    for f in [
        "date",
        "datetime",
        "localdatetime",
        "localtime",
        "time",
        "duration",
    ] {
        let mut rest = lower.as_str();
        while let Some(pos) = rest.find(f) {
            let before_ok = pos == 0
                || !rest[..pos]
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
            let after = &rest[pos + f.len()..];
            let call = after.trim_start().starts_with('(') || after.starts_with('.');
            if before_ok && call {
                return Some("uses temporal values".into());
            }
            rest = &rest[pos + f.len()..];
        }
    }
    None
}

fn run_scenario(sc: &Scenario, root: &Path) -> Verdict {
    if sc.ignored {
        return Verdict::Skip("@ignore".into());
    }
    let mut all_text = String::new();
    for st in &sc.steps {
        if st.text.contains("there exists a procedure") {
            return Verdict::Skip("declares a procedure".into());
        }
        if let Some(d) = &st.doc {
            all_text.push_str(d);
            all_text.push('\n');
        }
    }
    if let Some(reason) = out_of_subset(&all_text) {
        return Verdict::Skip(reason);
    }
    let mut graph = KnowledgeGraph::new();
    let mut params = Params::new();
    let mut last: Option<Result<(query::Table, SideEffects), query::QueryError>> = None;
    let mut result_graph_checked = true;
    for st in &sc.steps {
        let t = st.text.as_str();
        let body = t
            .trim_start_matches("Given ")
            .trim_start_matches("And ")
            .trim_start_matches("When ")
            .trim_start_matches("Then ")
            .trim_start_matches("But ");
        if body == "an empty graph" || body == "any graph" {
            continue;
        }
        if let Some(name) = body
            .strip_prefix("the ")
            .and_then(|r| r.strip_suffix(" graph"))
        {
            let path = root
                .join("..")
                .join("graphs")
                .join(name)
                .join(format!("{name}.cypher"));
            let Ok(text) = std::fs::read_to_string(&path) else {
                return Verdict::Skip(format!("graph {name} not found"));
            };
            if let Err(e) = query::run(&mut graph, &text, &Params::new(), &options()) {
                return Verdict::Fail(format!("loading graph {name}: {e}"));
            }
            continue;
        }
        if body == "having executed:" {
            let q = st.doc.clone().unwrap_or_default();
            if let Err(e) = query::run(&mut graph, &q, &Params::new(), &options()) {
                return Verdict::Fail(format!("setup failed: {e}\n{q}"));
            }
            continue;
        }
        if body == "parameters are:" {
            for row in &st.table {
                if row.len() < 2 {
                    continue;
                }
                match parse_tv(&row[1]) {
                    Ok(v) => {
                        params.insert(row[0].clone(), tv_to_value(&v));
                    }
                    Err(e) => return Verdict::Fail(format!("bad parameter: {e}")),
                }
            }
            continue;
        }
        if body == "executing query:" || body == "executing control query:" {
            let q = st.doc.clone().unwrap_or_default();
            last =
                Some(query::run(&mut graph, &q, &params, &options()).map(|o| (o.table, o.stats)));
            result_graph_checked = false;
            continue;
        }
        if body.starts_with("the result should be") {
            let ordered = body.contains("in order");
            let unordered_lists = body.contains("ignoring element order for lists");
            let table = match &last {
                Some(Ok((t, _))) => t,
                Some(Err(e)) => return Verdict::Fail(format!("query failed: {e}")),
                None => return Verdict::Fail("no query".into()),
            };
            if body.starts_with("the result should be empty") {
                if !table.rows.is_empty() {
                    return Verdict::Fail(format!("expected no rows, got {}", table.rows.len()));
                }
                result_graph_checked = true;
                continue;
            }
            let Some((header, rows)) = st.table.split_first() else {
                return Verdict::Fail("expected table missing".into());
            };
            if header != &table.columns {
                return Verdict::Fail(format!(
                    "columns {:?}, expected {:?}",
                    table.columns, header
                ));
            }
            let mut expected = Vec::new();
            for r in rows {
                let mut row = Vec::new();
                for c in r {
                    match parse_tv(c) {
                        Ok(v) => row.push(v),
                        Err(e) => return Verdict::Fail(format!("bad expected value: {e}")),
                    }
                }
                expected.push(row);
            }
            let actual: Vec<Vec<TV>> = table
                .rows
                .iter()
                .map(|r| r.iter().map(|v| value_to_tv(v, Some(&graph))).collect())
                .collect();
            let row_eq = |a: &Vec<TV>, b: &Vec<TV>| {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| tv_eq(x, y, unordered_lists))
            };
            let ok = if ordered {
                actual.len() == expected.len()
                    && actual.iter().zip(&expected).all(|(a, b)| row_eq(a, b))
            } else {
                multiset_eq(&actual, &expected, row_eq)
            };
            if !ok {
                let shown: Vec<String> = table
                    .rows
                    .iter()
                    .take(10)
                    .map(|r| {
                        r.iter()
                            .map(|v| v.display(&graph).to_string())
                            .collect::<Vec<_>>()
                            .join(" | ")
                    })
                    .collect();
                return Verdict::Fail(format!(
                    "rows differ; got {} rows:\n    {}\n  expected {} rows: {:?}",
                    table.rows.len(),
                    shown.join("\n    "),
                    rows.len(),
                    rows.iter().take(10).collect::<Vec<_>>()
                ));
            }
            result_graph_checked = true;
            continue;
        }
        if body.contains("should be raised at") {
            match &last {
                Some(Err(e)) => return check_error(body, e),
                Some(Ok((t, _))) => {
                    return Verdict::Fail(format!(
                        "expected an error ({body}), got {} rows",
                        t.rows.len()
                    ))
                }
                None => return Verdict::Fail("no query".into()),
            }
        }
        if body == "no side effects" || body == "the side effects should be:" {
            let stats = match &last {
                Some(Ok((_, s))) => *s,
                Some(Err(e)) => return Verdict::Fail(format!("query failed: {e}")),
                None => return Verdict::Fail("no query".into()),
            };
            let mut want: BTreeMap<String, i64> = BTreeMap::new();
            for row in &st.table {
                if row.len() >= 2 {
                    want.insert(row[0].clone(), row[1].parse().unwrap_or(-1));
                }
            }
            let got: BTreeMap<String, i64> = [
                ("+nodes", stats.nodes_created),
                ("+relationships", stats.relationships_created),
                ("+labels", stats.labels_added),
                ("+properties", stats.properties_set),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v as i64))
            .collect();
            for key in [
                "+nodes",
                "-nodes",
                "+relationships",
                "-relationships",
                "+labels",
                "-labels",
                "+properties",
                "-properties",
            ] {
                let w = want.get(key).copied().unwrap_or(0);
                let g = got.get(key).copied().unwrap_or(0);
                if w != g {
                    return Verdict::Fail(format!("side effect {key}: got {g}, expected {w}"));
                }
            }
            continue;
        }
        return Verdict::Skip(format!("unknown step: {t}"));
    }
    if !result_graph_checked {
        if let Some(Err(e)) = &last {
            return Verdict::Fail(format!("query failed: {e}"));
        }
    }
    Verdict::Pass
}

/// Error strictness (NEWSGRAPH_TCK_ERRORS): 1 any error, 2 also the phase, 3 also type and
/// detail code.
fn error_level() -> u8 {
    std::env::var("NEWSGRAPH_TCK_ERRORS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
}

fn check_error(step: &str, e: &query::QueryError) -> Verdict {
    let level = error_level();
    // "a <Type> should be raised at <phase>: <Detail>"
    let rest = step.trim_start_matches("a ").trim_start_matches("an ");
    let (kind, rest) = rest
        .split_once(" should be raised at ")
        .unwrap_or((rest, ""));
    let (phase, detail) = rest.split_once(": ").unwrap_or((rest, "*"));
    if level >= 2 {
        let got = match e.phase {
            query::Phase::Compile => "compile time",
            query::Phase::Runtime => "runtime",
        };
        if phase != "any time" && phase != got {
            return Verdict::Fail(format!(
                "expected {kind} at {phase}: {detail}; got {got}: {e}"
            ));
        }
    }
    if level >= 3 {
        let got_kind = format!("{:?}", e.kind);
        if got_kind != kind || (detail != "*" && detail != e.detail) {
            return Verdict::Fail(format!(
                "expected {kind}: {detail}; got {got_kind}: {} ({e})",
                e.detail
            ));
        }
    }
    Verdict::Pass
}

/// The folders (and merge files) of the recommended first subset (TCK README, wave 1).
fn in_recommended(rel: &str) -> bool {
    const FOLDERS: &[&str] = &[
        "clauses/match/",
        "clauses/match-where/",
        "clauses/return/",
        "clauses/return-orderby/",
        "clauses/return-skip-limit/",
        "clauses/with/",
        "clauses/with-where/",
        "clauses/with-orderBy/",
        "clauses/with-skip-limit/",
        "clauses/unwind/",
        "clauses/create/",
        "clauses/merge/Merge1.",
        "clauses/merge/Merge5.",
        "clauses/merge/Merge9.",
        "expressions/aggregation/",
        "expressions/boolean/",
        "expressions/comparison/",
        "expressions/conditional/",
        "expressions/null/",
        "expressions/literals/",
        "expressions/string/",
        "expressions/list/",
        "expressions/map/",
        "expressions/graph/",
        "expressions/mathematical/",
        "expressions/precedence/",
        "expressions/typeConversion/",
        "useCases/",
    ];
    FOLDERS.iter().any(|f| rel.starts_with(f))
}

fn collect_features(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_features(&p, out);
        } else if p.extension().is_some_and(|x| x == "feature") {
            out.push(p);
        }
    }
}

fn folder_of(id: &str) -> String {
    let path = id.split(' ').next().unwrap_or(id);
    let parts: Vec<&str> = path.split('/').collect();
    parts[..parts.len().saturating_sub(1)].join("/")
}

fn main() {
    // Deeply nested expressions recurse deeply in unoptimised builds: give them room.
    let runner = std::thread::Builder::new()
        .stack_size(512 * 1024 * 1024)
        .spawn(run_all)
        .expect("spawn the TCK runner");
    if runner.join().is_err() {
        std::process::exit(1);
    }
}

fn run_all() {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = std::env::var_os("NEWSGRAPH_TCK_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            // ../shared next to the checkout; ../../shared from a worktree under wt/.
            let near = manifest.join("../shared/tck/features");
            let far = manifest.join("../../shared/tck/features");
            if near.is_dir() || !far.is_dir() {
                near
            } else {
                far
            }
        });
    if !root.is_dir() {
        println!("==================================================================");
        println!("TCK SKIPPED: no feature files at {}", root.display());
        println!("set NEWSGRAPH_TCK_DIR to the openCypher TCK features directory");
        println!("==================================================================");
        return;
    }
    let filter = std::env::var("NEWSGRAPH_TCK_FILTER").ok();
    let verbose = std::env::var("NEWSGRAPH_TCK_VERBOSE").is_ok_and(|v| v == "1");
    let bless = std::env::var("NEWSGRAPH_TCK_BLESS").is_ok_and(|v| v == "1");
    let all = std::env::var("NEWSGRAPH_TCK_ALL").is_ok_and(|v| v == "1");
    let list_path = manifest.join("tests").join("tck").join("expected_pass.txt");
    let expected: BTreeSet<String> = std::fs::read_to_string(&list_path)
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect();

    let mut files = Vec::new();
    collect_features(&root, &mut files);
    files.sort();
    // folder → (passed, failed, skipped)
    let mut per_folder: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut passed_ids: BTreeSet<String> = BTreeSet::new();
    let mut failures: Vec<(String, String)> = Vec::new();
    let mut skip_reasons: BTreeMap<String, usize> = BTreeMap::new();
    let (mut extra_pass, mut extra_total) = (0usize, 0usize);
    for file in &files {
        let rel = file
            .strip_prefix(&root)
            .unwrap_or(file)
            .to_string_lossy()
            .replace('\\', "/");
        let recommended = in_recommended(&rel);
        if !recommended && !all {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        for sc in parse_feature(&text, &rel) {
            if let Some(f) = &filter {
                if !sc.id.contains(f.as_str()) {
                    continue;
                }
            }
            let verdict = std::panic::catch_unwind(|| run_scenario(&sc, &root))
                .unwrap_or_else(|_| Verdict::Fail("panicked".into()));
            if !recommended {
                if !matches!(verdict, Verdict::Skip(_)) {
                    extra_total += 1;
                    if matches!(verdict, Verdict::Pass) {
                        extra_pass += 1;
                    }
                }
                continue;
            }
            let entry = per_folder.entry(folder_of(&sc.id)).or_default();
            match verdict {
                Verdict::Pass => {
                    entry.0 += 1;
                    passed_ids.insert(sc.id.clone());
                }
                Verdict::Fail(why) => {
                    entry.1 += 1;
                    failures.push((sc.id.clone(), why));
                }
                Verdict::Skip(why) => {
                    entry.2 += 1;
                    *skip_reasons.entry(why).or_default() += 1;
                }
            }
        }
    }
    let (mut p, mut f, mut s) = (0, 0, 0);
    println!(
        "openCypher TCK (recommended subset) from {}",
        root.display()
    );
    for (folder, (fp, ff, fs)) in &per_folder {
        println!("  {folder:<36} {fp:>4} passed, {ff:>4} failed, {fs:>4} skipped");
        p += fp;
        f += ff;
        s += fs;
    }
    println!(
        "TCK overall: {p} passed, {f} failed, {s} skipped (of {} runnable)",
        p + f
    );
    for (why, n) in &skip_reasons {
        println!("  skipped {n:>4}: {why}");
    }
    if all {
        println!("outside the subset: {extra_pass} of {extra_total} passed");
    }
    if verbose {
        for (id, why) in &failures {
            println!("FAIL {id}: {why}");
        }
    }
    if bless {
        let mut text = String::from(
            "# TCK scenarios expected to pass (the ratchet). Regenerate with NEWSGRAPH_TCK_BLESS=1 cargo test --test tck\n",
        );
        for id in &passed_ids {
            text.push_str(id);
            text.push('\n');
        }
        if let Err(e) = std::fs::write(&list_path, text) {
            eprintln!("cannot write {}: {e}", list_path.display());
            std::process::exit(1);
        }
        println!("wrote {} ids to {}", passed_ids.len(), list_path.display());
        return;
    }
    if filter.is_none() {
        let newly: Vec<&String> = passed_ids.difference(&expected).collect();
        if !newly.is_empty() {
            println!(
                "{} newly passing (NEWSGRAPH_TCK_BLESS=1 to record them)",
                newly.len()
            );
            for id in newly.iter().take(30) {
                println!("  + {id}");
            }
        }
    }
    let failed_ids: BTreeMap<&String, &String> = failures.iter().map(|(a, b)| (a, b)).collect();
    let regressions: Vec<&String> = expected
        .iter()
        .filter(|id| filter.as_ref().map_or(true, |f| id.contains(f.as_str())))
        .filter(|id| !passed_ids.contains(*id))
        .collect();
    if !regressions.is_empty() {
        println!(
            "{} REGRESSIONS (listed in {}):",
            regressions.len(),
            list_path.display()
        );
        for id in &regressions {
            println!(
                "  - {id}: {}",
                failed_ids
                    .get(id)
                    .map(|s| s.as_str())
                    .unwrap_or("not run or skipped")
            );
        }
        std::process::exit(1);
    }
}
