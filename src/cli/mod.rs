//! The command line: turns parsed arguments into library calls and an exit code. The REPL,
//! scripts and one-shot queries all run through `Session`.

pub mod args;
pub mod complete;
pub mod highlight;
pub mod repl;
pub mod script;
pub mod session;

use crate::corpus::{self, Document};
use crate::extract::{facts::DocumentFacts, Knowledge};
use crate::graph::{self, snapshot, KnowledgeGraph};
use crate::output::export::{self, ExportFormat, ExportOptions};
use crate::output::selection::Selection;
use crate::query::{self, Table, Value};
use args::{Cli, Command, QueryArgs, ResultFormat, SourceArgs};
use session::Session;
use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

/// Exit status: 0 ok, 1 an error in the input or a query, 2 a usage error (most are caught
/// by clap before anything runs; `Usage` covers those only found later).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Ok,
    Failed,
    Usage,
}

/// A fatal error of a command, printed as `newsgraph: error: …`.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CliError(pub String);

impl From<crate::Error> for CliError {
    fn from(e: crate::Error) -> Self {
        CliError(e.to_string())
    }
}

type CliResult<T> = Result<T, CliError>;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> CliResult<Status> {
    let source = cli.source.clone();
    if let Some(date) = &source.date {
        if crate::dates::Day::parse(date).is_none() {
            eprintln!(
                "newsgraph: error: -d/--date {date:?} is not a date: write it as YYYY-MM-DD or \"September 14, 2025\""
            );
            return Ok(Status::Usage);
        }
    }
    match cli.command {
        None => {
            if std::io::stdin().is_terminal() {
                run_repl(&source)
            } else {
                run_stdin_script(&source)
            }
        }
        Some(Command::Repl) => run_repl(&source),
        Some(Command::Build { output, facts }) => build(&source, &output, &facts),
        Some(Command::Query { query, statement }) => run_query(&source, &query, &statement),
        Some(Command::Run {
            query,
            keep_going,
            echo,
            files,
        }) => run_scripts(&source, &query, &files, keep_going, echo),
        Some(Command::Export {
            format,
            output,
            query,
            around,
            depth,
            rankdir,
            clusters,
            base,
        }) => {
            let format: ExportFormat = format
                .name()
                .parse()
                .map_err(|e: export::ExportError| CliError(e.to_string()))?;
            let loaded = load_graph(&source)?;
            let graph = loaded.graph;
            let selection = if let Some(q) = query {
                let mut g = graph.clone();
                let outcome = query::run(
                    &mut g,
                    &q,
                    &query::Params::new(),
                    &query::Options::default(),
                )
                .map_err(|e| CliError(format!("--query: {e}")))?;
                let selection = selection_of_table(&g, &outcome.table);
                return finish_export(
                    &g,
                    &selection,
                    format,
                    &rankdir,
                    clusters,
                    base,
                    output.as_deref(),
                    loaded.status,
                );
            } else if let Some(name) = around {
                let center = find_entity(&graph, &name)?;
                Selection::around(&graph, center, depth)
            } else {
                Selection::whole(&graph)
            };
            finish_export(
                &graph,
                &selection,
                format,
                &rankdir,
                clusters,
                base,
                output.as_deref(),
                loaded.status,
            )
        }
        Some(Command::Stats) => {
            let loaded = load_graph(&source)?;
            let stdout = std::io::stdout();
            write_stats(&loaded.graph, &mut stdout.lock()).map_err(|e| CliError(e.to_string()))?;
            Ok(loaded.status)
        }
        Some(Command::Extract) => extract_stream(&source),
        Some(Command::Trace { sentence }) => {
            let knowledge = load_knowledge(&source)?;
            print!("{}", crate::extract::trace(&sentence, &knowledge));
            Ok(Status::Ok)
        }
        Some(Command::TrainNer {
            train,
            dev,
            output,
            epochs,
        }) => {
            let report = crate::ner::train::train(&train, dev.as_deref(), &output, epochs)
                .map_err(|e| CliError(e.to_string()))?;
            print!("{report}");
            eprintln!("wrote {}", output.display());
            Ok(Status::Ok)
        }
        Some(Command::TrainPairs {
            sets,
            output,
            epochs,
        }) => {
            let mut knowledge = load_knowledge(&source)?;
            knowledge.pairs = None;
            let (text, report) = crate::extract::pairs_train::train(
                &sets,
                &knowledge,
                crate::extract::pairs_train::PairTrainOptions {
                    epochs,
                    ..Default::default()
                },
            )
            .map_err(CliError)?;
            crate::extract::pairs_train::write_atomically(&output, &text)
                .map_err(|e| CliError(format!("{}: {e}", output.display())))?;
            println!(
                "{} sets, {} documents, {} pairs of persons ({} in adjacent sentences, {} met), {} features",
                report.sets,
                report.documents,
                report.instances,
                report.adjacent,
                report.positives,
                report.features
            );
            eprintln!("wrote {}", output.display());
            Ok(Status::Ok)
        }
        Some(Command::EvalNer { file, predictions }) => {
            let report = crate::ner::eval_ner(&file, predictions.as_deref())
                .map_err(|e| CliError(e.to_string()))?;
            print!("{report}");
            Ok(Status::Ok)
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn finish_export(
    graph: &KnowledgeGraph,
    selection: &Selection,
    format: ExportFormat,
    rankdir: &str,
    clusters: bool,
    base: Option<String>,
    output: Option<&Path>,
    status: Status,
) -> CliResult<Status> {
    let mut options = ExportOptions {
        rankdir: rankdir.to_string(),
        clusters,
        ..ExportOptions::default()
    };
    if let Some(base) = base {
        options.base_iri = base;
    }
    if let Err(e) = export::export(graph, selection, format, &options, output) {
        use export::ExportError as E;
        eprintln!("newsgraph: error: {e}");
        return Ok(match e {
            E::UnknownFormat { .. }
            | E::BadRankdir { .. }
            | E::NeedsFolder { .. }
            | E::NotAFolder { .. }
            | E::BadBaseIri { .. } => Status::Usage,
            _ => Status::Failed,
        });
    }
    if let Some(path) = output {
        eprintln!("wrote {}", path.display());
    }
    Ok(status)
}

/// The entity a name (or alias, or key) denotes; ambiguous and unknown names are errors that
/// list candidates.
pub fn find_entity(graph: &KnowledgeGraph, name: &str) -> CliResult<graph::NodeId> {
    let found = graph.find_by_name(name);
    match found {
        [one] => Ok(*one),
        [] => graph.find_by_key(name).ok_or_else(|| {
            let lower = name.to_lowercase();
            let mut close: Vec<&str> = graph
                .names()
                .map(|(n, _)| n)
                .filter(|n| n.contains(&lower) || session::edit_distance(n, &lower) <= 2)
                .collect();
            close.sort_unstable();
            close.truncate(5);
            if close.is_empty() {
                CliError(format!("no entity is named {name:?}"))
            } else {
                CliError(format!(
                    "no entity is named {name:?}; did you mean: {}?",
                    close.join(", ")
                ))
            }
        }),
        many => Err(CliError(format!(
            "{name:?} is ambiguous: it could be {}",
            many.iter()
                .map(|id| format!("{} ({})", graph.node(*id).name(), graph.node(*id).key()))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// Every node, relationship and path in a result table, as an export selection.
pub fn selection_of_table(graph: &KnowledgeGraph, table: &Table) -> Selection {
    fn walk(v: &Value, nodes: &mut Vec<graph::NodeId>, edges: &mut Vec<graph::EdgeId>) {
        match v {
            Value::Node(n) => nodes.push(*n),
            Value::Rel(e) => edges.push(*e),
            Value::Path(p) => {
                nodes.extend(p.nodes.iter().copied());
                edges.extend(p.rels.iter().copied());
            }
            Value::List(items) => items.iter().for_each(|i| walk(i, nodes, edges)),
            Value::Map(m) => m.values().for_each(|i| walk(i, nodes, edges)),
            _ => {}
        }
    }
    let (mut nodes, mut edges) = (Vec::new(), Vec::new());
    for row in &table.rows {
        for v in row {
            walk(v, &mut nodes, &mut edges);
        }
    }
    for e in &edges {
        let edge = graph.edge(*e);
        nodes.push(edge.from);
        nodes.push(edge.to);
    }
    Selection::from_parts(graph, nodes, edges)
}

/// Documents, nodes by label and relationships by type.
pub fn write_stats(graph: &KnowledgeGraph, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "documents      {}", graph.documents().len())?;
    writeln!(out, "nodes          {}", graph.node_count())?;
    for label in graph.labels() {
        writeln!(
            out,
            "  :{label:<12} {}",
            graph.nodes_with_label(label).len()
        )?;
    }
    writeln!(out, "relationships  {}", graph.edge_count())?;
    for ty in graph.rel_types() {
        writeln!(out, "  :{ty:<16} {}", graph.edges_of_type(ty).len())?;
    }
    Ok(())
}

/// Gives undated documents the reference date (-d) so relative dates can be resolved.
pub fn with_reference_date(mut docs: Vec<Document>, date: Option<&str>) -> Vec<Document> {
    if let Some(date) = date {
        for doc in &mut docs {
            if doc.date.is_none() {
                doc.date = Some(date.to_string());
            }
        }
    }
    docs
}

/// A graph and whether any input could not be read (which makes the exit status 1).
pub struct Loaded {
    pub graph: KnowledgeGraph,
    pub status: Status,
}

/// The bundled lexicons and rules, extended by `--data DIR` when given.
pub fn load_knowledge(source: &SourceArgs) -> CliResult<Knowledge> {
    match &source.data {
        Some(dir) => Knowledge::from_dir(dir),
        None => Knowledge::bundled(),
    }
    .map_err(|e| CliError(e.to_string()))
}

fn read_documents(source: &SourceArgs) -> CliResult<(Vec<Document>, Status)> {
    if source.inputs.is_empty() {
        let docs = corpus::sample::documents();
        return Ok((
            with_reference_date(docs, source.date.as_deref()),
            Status::Ok,
        ));
    }
    let report = corpus::load(&source.inputs);
    let status = if report.errors.is_empty() {
        Status::Ok
    } else {
        Status::Failed
    };
    for e in &report.errors {
        eprintln!("newsgraph: error: {e}");
    }
    if report.documents.is_empty() {
        return Err(CliError("no documents could be read".into()));
    }
    Ok((
        with_reference_date(report.documents, source.date.as_deref()),
        status,
    ))
}

/// Loads the graph from -g, from -i documents, or from the bundled sample.
pub fn load_graph(source: &SourceArgs) -> CliResult<Loaded> {
    if let Some(path) = &source.graph {
        let graph = snapshot::load(path).map_err(|e| CliError(e.to_string()))?;
        return Ok(Loaded {
            graph,
            status: Status::Ok,
        });
    }
    let cache = sample_cache_path(source);
    if let Some(path) = &cache {
        if let Ok(graph) = snapshot::load(path) {
            return Ok(Loaded {
                graph,
                status: Status::Ok,
            });
        }
    }
    let (docs, status) = read_documents(source)?;
    let knowledge = load_knowledge(source)?;
    let graph = graph::build(extract_with_progress(&docs, &knowledge));
    if let Some(path) = &cache {
        // A cache that cannot be written only costs time on the next start.
        if path
            .parent()
            .is_some_and(|d| std::fs::create_dir_all(d).is_ok())
        {
            let _ = snapshot::save(&graph, path);
        }
    }
    Ok(Loaded { graph, status })
}

/// Where the graph of the bundled sample is cached between runs, so the REPL starts without
/// re-extracting: `$XDG_CACHE_HOME/newsgraph/` (else `~/.cache/newsgraph/`), in a file named
/// by a hash of this executable (its size and modification time: any rebuild, and so any
/// change to the embedded data or the code, gets a new file) and of the options that change
/// extraction. None when documents or a data folder are given, or NEWSGRAPH_NO_CACHE is set.
fn sample_cache_path(source: &SourceArgs) -> Option<PathBuf> {
    use std::hash::{Hash, Hasher};
    if !source.inputs.is_empty()
        || source.data.is_some()
        || std::env::var_os("NEWSGRAPH_NO_CACHE").is_some_and(|v| !v.is_empty())
    {
        return None;
    }
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(&exe).ok()?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    snapshot::FORMAT_VERSION.hash(&mut hasher);
    meta.len().hash(&mut hasher);
    meta.modified().ok()?.hash(&mut hasher);
    exe.hash(&mut hasher);
    source.date.hash(&mut hasher);
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(
        base.join("newsgraph")
            .join(format!("sample-{:016x}.json", hasher.finish())),
    )
}

/// Documents below this count build without a progress bar: it would only flicker.
const PROGRESS_MIN_DOCUMENTS: usize = 50;

/// Extracts in parallel, with a progress bar on stderr when it is a terminal.
fn extract_with_progress(docs: &[Document], knowledge: &Knowledge) -> Vec<DocumentFacts> {
    if docs.len() < PROGRESS_MIN_DOCUMENTS || !std::io::stderr().is_terminal() {
        return crate::pipeline::extract_all(docs, knowledge);
    }
    let bar = indicatif::ProgressBar::new(docs.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} extracting {pos}/{len} documents [{bar:30}] {per_sec} eta {eta}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let facts = crate::pipeline::extract_all_with_progress(docs, knowledge, &|| bar.inc(1));
    bar.finish_and_clear();
    facts
}

fn worse(a: Status, b: Status) -> Status {
    match (a, b) {
        (Status::Usage, _) | (_, Status::Usage) => Status::Usage,
        (Status::Failed, _) | (_, Status::Failed) => Status::Failed,
        _ => Status::Ok,
    }
}

fn build(source: &SourceArgs, output: &Path, fact_files: &[PathBuf]) -> CliResult<Status> {
    let (graph, status) = if fact_files.is_empty() {
        // Extraction frees and reuses the same memory document after document.
        crate::keep_freed_memory();
        let loaded = load_graph(source)?;
        (loaded.graph, loaded.status)
    } else {
        let mut all = Vec::new();
        let mut status = Status::Ok;
        for file in fact_files {
            let (facts, s) = read_fact_file(file)?;
            all.extend(facts);
            status = worse(status, s);
        }
        (graph::build(all), status)
    };
    snapshot::save(&graph, output).map_err(|e| CliError(e.to_string()))?;
    eprintln!(
        "saved {}: {} documents, {} nodes, {} relationships",
        output.display(),
        graph.documents().len(),
        graph.node_count(),
        graph.edge_count()
    );
    Ok(status)
}

/// Reads a fact file of `newsgraph extract` ('-' is standard input): one JSON object per line.
fn read_fact_file(path: &Path) -> CliResult<(Vec<DocumentFacts>, Status)> {
    let shown = path.display().to_string();
    let reader: Box<dyn BufRead> = if shown == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        let file = std::fs::File::open(path).map_err(|e| CliError(format!("{shown}: {e}")))?;
        Box::new(std::io::BufReader::new(file))
    };
    let mut out = Vec::new();
    let mut status = Status::Ok;
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| CliError(format!("{shown}:{}: {e}", i + 1)))?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<DocumentFacts>(&line) {
            Ok(f) => out.push(f),
            Err(e) => {
                eprintln!(
                    "newsgraph: error: {shown}:{}:{}: not a fact record: {e}",
                    i + 1,
                    e.column()
                );
                status = Status::Failed;
            }
        }
    }
    Ok((out, status))
}

/// `newsgraph extract`: one JSON line of facts per document, in the order `load` gives
/// (sorted by id per input path; standard input in its own order). Streamed in bounded
/// batches so memory stays flat however large the input: a JSON lines file is indexed
/// (ids and line offsets) and read back a batch at a time.
fn extract_stream(source: &SourceArgs) -> CliResult<Status> {
    const BATCH: usize = 256;
    crate::keep_freed_memory();
    let knowledge = load_knowledge(source)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut status = Status::Ok;
    let date = source.date.as_deref();
    let mut lines = Vec::new();
    if !source.inputs.is_empty() {
        for path in &source.inputs {
            // The gazetteer trie is built while the input is indexed (on another core).
            let (index, errors) = std::thread::scope(|scope| {
                scope.spawn(|| knowledge.warm());
                corpus::index(std::slice::from_ref(path))
            });
            for e in &errors {
                eprintln!("newsgraph: error: {e}");
                status = Status::Failed;
            }
            let mut start = 0;
            while start < index.len() {
                let end = (start + BATCH).min(index.len());
                let (docs, errors) = index.read(start..end);
                for e in &errors {
                    eprintln!("newsgraph: error: {e}");
                    status = Status::Failed;
                }
                write_facts_lines(docs, date, &knowledge, &mut lines, &mut out)?;
                start = end;
            }
        }
    } else if !std::io::stdin().is_terminal() {
        let stdin = std::io::stdin();
        let mut batch = Vec::new();
        // Lines as bytes: a line that is not UTF-8 is one bad document, not the end of input.
        for (i, line) in stdin.lock().split(b'\n').enumerate() {
            let line = line.map_err(|e| CliError(format!("<stdin>:{}: {e}", i + 1)))?;
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match corpus::stdin_record(i + 1, &line) {
                Ok(doc) => batch.push(doc),
                Err(e) => {
                    eprintln!("newsgraph: error: {e}");
                    status = Status::Failed;
                }
            }
            if batch.len() >= BATCH {
                let docs = std::mem::take(&mut batch);
                write_facts_lines(docs, date, &knowledge, &mut lines, &mut out)?;
            }
        }
        write_facts_lines(batch, date, &knowledge, &mut lines, &mut out)?;
    } else {
        let docs = corpus::sample::documents();
        write_facts_lines(docs, date, &knowledge, &mut lines, &mut out)?;
    }
    out.flush().map_err(|e| CliError(e.to_string()))?;
    Ok(status)
}

/// Extracts a batch of documents in parallel, each worker also writing its document's JSON
/// line (serialising is a good part of the work), then writes the lines in input order.
/// `lines` is reused from batch to batch.
fn write_facts_lines(
    docs: Vec<Document>,
    date: Option<&str>,
    knowledge: &Knowledge,
    lines: &mut Vec<Vec<u8>>,
    out: &mut dyn Write,
) -> CliResult<()> {
    use rayon::prelude::*;
    let docs = with_reference_date(docs, date);
    lines.resize_with(docs.len(), Vec::new);
    docs.par_iter()
        .zip(lines.par_iter_mut())
        .for_each(|(doc, line)| {
            let facts = crate::extract::extract(doc, knowledge);
            line.clear();
            crate::extract::facts_json::write_document_facts(line, &facts);
            line.push(b'\n');
        });
    for line in &lines[..docs.len()] {
        out.write_all(line).map_err(|e| CliError(e.to_string()))?;
    }
    Ok(())
}

fn session_for(source: &SourceArgs, args: &QueryArgs) -> CliResult<(Session, Status)> {
    let loaded = load_graph(source)?;
    let mut session = Session::new(loaded.graph);
    session.format = args.format.unwrap_or(ResultFormat::Table);
    session.options.timeout = session::timeout_from_seconds(args.timeout);
    session.reference_date = source.date.clone();
    session.data_dir = source.data.clone();
    for p in &args.params {
        let (name, value) = p
            .split_once('=')
            .ok_or_else(|| CliError(format!("--param {p:?}: expected NAME=VALUE")))?;
        let value = query::parse_param_value(value)
            .map_err(|e| CliError(format!("--param {name}: {e}")))?;
        session
            .params
            .insert(name.trim_start_matches('$').to_string(), value);
    }
    Ok((session, loaded.status))
}

fn run_query(source: &SourceArgs, args: &QueryArgs, statement: &str) -> CliResult<Status> {
    let (mut session, status) = session_for(source, args)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut err = std::io::stderr();
    let failures = session.run_script("query", statement, &mut out, &mut err, false, false);
    Ok(if failures > 0 { Status::Failed } else { status })
}

fn run_scripts(
    source: &SourceArgs,
    args: &QueryArgs,
    files: &[PathBuf],
    keep_going: bool,
    echo: bool,
) -> CliResult<Status> {
    // Read every script first so a missing file fails before any work is done.
    let mut scripts = Vec::new();
    for file in files {
        let name = file.display().to_string();
        let text = if name == "-" {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| CliError(format!("<stdin>: {e}")))?;
            s
        } else {
            std::fs::read_to_string(file).map_err(|e| CliError(format!("{name}: {e}")))?
        };
        scripts.push((if name == "-" { "<stdin>".into() } else { name }, text));
    }
    let (mut session, mut status) = session_for(source, args)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut err = std::io::stderr();
    for (name, text) in scripts {
        let failures = session.run_script(&name, &text, &mut out, &mut err, keep_going, echo);
        if failures > 0 {
            status = Status::Failed;
            if !keep_going {
                break;
            }
        }
    }
    Ok(status)
}

fn run_stdin_script(source: &SourceArgs) -> CliResult<Status> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| CliError(format!("<stdin>: {e}")))?;
    let (mut session, status) = session_for(source, &QueryArgs::default())?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let failures = session.run_script(
        "<stdin>",
        &text,
        &mut out,
        &mut std::io::stderr(),
        false,
        false,
    );
    Ok(if failures > 0 { Status::Failed } else { status })
}

fn run_repl(source: &SourceArgs) -> CliResult<Status> {
    let (session, status) = session_for(source, &QueryArgs::default())?;
    repl::run(session).map_err(|e| CliError(e.to_string()))?;
    Ok(status)
}
