//! The interactive shell: a rustyline editor over `Session::execute`, with a history file,
//! graph-aware completion, highlighting, history hints and multi-line input (a Cypher statement
//! continues until ';', a question or ':' command ends at Enter). Ctrl-C cancels the line being
//! typed or the query running; Ctrl-D leaves.

use super::complete::{self, Completion};
use super::highlight;
use super::script;
use super::session::{Flow, Session};
use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::{Hinter, HistoryHinter};
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper};
use std::borrow::Cow;
use std::cell::RefCell;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The rustyline helper: everything it knows about the graph comes from the shared session.
struct ReplHelper {
    session: Rc<RefCell<Session>>,
    files: FilenameCompleter,
    hints: HistoryHinter,
    colour: bool,
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let session = self.session.borrow();
        match complete::complete(line, pos, &session.graph) {
            Completion::Path { .. } => self.files.complete(line, pos, ctx),
            Completion::Candidates { start, candidates } => Ok((
                start,
                candidates
                    .into_iter()
                    .map(|c| Pair {
                        display: c.display,
                        replacement: c.replacement,
                    })
                    .collect(),
            )),
        }
    }
}

impl Hinter for ReplHelper {
    type Hint = String;

    fn hint(&self, line: &str, pos: usize, ctx: &Context<'_>) -> Option<String> {
        self.hints.hint(line, pos, ctx)
    }
}

impl Highlighter for ReplHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        if !self.colour {
            return Cow::Borrowed(line);
        }
        let session = self.session.borrow();
        let graph = &session.graph;
        Cow::Owned(highlight::highlight(line, &|s| {
            !graph.find_by_name(s).is_empty()
        }))
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        if self.colour {
            Cow::Owned(format!("\x1b[2m{hint}\x1b[0m"))
        } else {
            Cow::Borrowed(hint)
        }
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _forced: bool) -> bool {
        self.colour
    }
}

impl Validator for ReplHelper {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        Ok(if is_complete(ctx.input()) {
            ValidationResult::Valid(None)
        } else {
            ValidationResult::Incomplete
        })
    }
}

impl Helper for ReplHelper {}

/// Complete when empty, a question or ':' command, or text ending in ';' outside strings.
pub fn is_complete(input: &str) -> bool {
    let trimmed = input.trim();
    trimmed.is_empty()
        || script::ends_at_newline(trimmed)
        || (trimmed.ends_with(';') && script::split(trimmed).is_ok())
}

/// Where the history is kept: `$XDG_DATA_HOME/newsgraph/history`, else
/// `~/.local/share/newsgraph/history`.
pub fn history_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(base.join("newsgraph").join("history"))
}

/// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
fn colour_wanted() -> bool {
    std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").map_or(true, |v| v.is_empty())
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

/// Ctrl-C while a statement runs sets this flag (the query engine polls it); while the line is
/// being edited rustyline reads Ctrl-C itself as an interruption of the line.
fn install_interrupt_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let handler_flag = Arc::clone(&flag);
    // If a handler is already installed (a second REPL in one process), keep running without.
    let _ = ctrlc::set_handler(move || handler_flag.store(true, Ordering::SeqCst));
    flag
}

/// Runs the REPL until :quit or Ctrl-D.
pub fn run(session: Session) -> rustyline::Result<()> {
    let session = Rc::new(RefCell::new(session));
    let cancel = install_interrupt_flag();
    session.borrow_mut().options.cancel = Some(Arc::clone(&cancel));
    let config = rustyline::Config::builder()
        .auto_add_history(false)
        .max_history_size(10_000)?
        .completion_type(rustyline::CompletionType::List)
        .build();
    let mut editor: rustyline::Editor<ReplHelper, rustyline::history::FileHistory> =
        rustyline::Editor::with_config(config)?;
    editor.set_helper(Some(ReplHelper {
        session: Rc::clone(&session),
        files: FilenameCompleter::new(),
        hints: HistoryHinter::new(),
        colour: colour_wanted(),
    }));
    let history = history_path();
    if let Some(path) = &history {
        let _ = editor.load_history(path);
    }
    {
        let s = session.borrow();
        println!(
            "newsgraph {} — {} documents, {} nodes, {} relationships. :help for help, :quit to leave.",
            env!("CARGO_PKG_VERSION"),
            s.graph.documents().len(),
            s.graph.node_count(),
            s.graph.edge_count()
        );
    }
    let terminal = std::io::stdout().is_terminal();
    loop {
        let prompt = "newsgraph> ";
        match editor.readline(prompt) {
            Ok(line) => {
                if line.trim().is_empty() {
                    continue;
                }
                let _ = editor.add_history_entry(line.as_str());
                if let Some(path) = &history {
                    if let Some(dir) = path.parent() {
                        let _ = std::fs::create_dir_all(dir);
                    }
                    let _ = editor.save_history(path);
                }
                cancel.store(false, Ordering::SeqCst);
                let flow = run_input(&mut session.borrow_mut(), &line, terminal);
                if flow == Flow::Quit {
                    return Ok(());
                }
            }
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => return Ok(()),
            Err(e) => return Err(e),
        }
    }
}

/// Runs what was typed (one or more statements), printing results and errors.
fn run_input(session: &mut Session, line: &str, terminal: bool) -> Flow {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut err = std::io::stderr();
    let statements = match script::split(line) {
        Ok(s) => s,
        Err(e) => {
            super::session::report(&mut err, "input", line, e.line, e.column, &e.message);
            return Flow::Continue;
        }
    };
    let timing = session.timing;
    session.timing = timing && terminal;
    for statement in statements {
        match session.execute(&statement.text, &mut out) {
            Ok(Flow::Quit) => return Flow::Quit,
            Ok(Flow::Continue) => {}
            Err(e) => {
                let (l, c) = e
                    .position
                    .map(|(l, c)| script::script_position(&statement, l, c))
                    .unwrap_or((statement.line, statement.column));
                super::session::report_expected(
                    &mut err,
                    "input",
                    line,
                    l,
                    c,
                    &e.message,
                    e.expected.as_deref(),
                );
            }
        }
    }
    session.timing = timing;
    Flow::Continue
}
