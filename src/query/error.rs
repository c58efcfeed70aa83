//! The query stage's error: what went wrong (kind and TCK detail code), when (compile time or
//! runtime), and for syntax errors where (line, column, the offending line, what was expected).

use std::fmt;

/// The error classes of openCypher (the TCK's `<Type>`), plus newsgraph's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    SyntaxError,
    SemanticError,
    TypeError,
    ArgumentError,
    EntityNotFound,
    ParameterMissing,
    Timeout,
    Cancelled,
    Unsupported,
}

/// When the error was detected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Compile,
    Runtime,
}

/// Where a syntax error is, within the statement (1-based line and column).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub line_text: String,
    /// What the parser expected there, in words.
    pub expected: Option<String>,
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub struct QueryError {
    pub kind: ErrorKind,
    /// The TCK detail code, e.g. `UndefinedVariable`, `InvalidArgumentType`.
    pub detail: &'static str,
    pub phase: Phase,
    pub message: String,
    pub position: Option<Position>,
}

impl QueryError {
    pub fn new(kind: ErrorKind, detail: &'static str, phase: Phase, message: String) -> Self {
        QueryError {
            kind,
            detail,
            phase,
            message,
            position: None,
        }
    }

    pub fn syntax(detail: &'static str, message: impl Into<String>) -> Self {
        Self::new(
            ErrorKind::SyntaxError,
            detail,
            Phase::Compile,
            message.into(),
        )
    }

    pub fn semantic(detail: &'static str, message: impl Into<String>) -> Self {
        Self::new(
            ErrorKind::SemanticError,
            detail,
            Phase::Compile,
            message.into(),
        )
    }

    pub fn type_error(detail: &'static str, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::TypeError, detail, Phase::Runtime, message.into())
    }

    pub fn argument(detail: &'static str, message: impl Into<String>) -> Self {
        Self::new(
            ErrorKind::ArgumentError,
            detail,
            Phase::Runtime,
            message.into(),
        )
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(
            ErrorKind::EntityNotFound,
            "EntityNotFound",
            Phase::Compile,
            message.into(),
        )
    }

    pub fn at_compile(mut self) -> Self {
        self.phase = Phase::Compile;
        self
    }

    /// 1-based line of a syntax error within the statement.
    pub fn line(&self) -> Option<usize> {
        self.position.as_ref().map(|p| p.line)
    }

    /// 1-based column (in characters) of a syntax error within its line.
    pub fn column(&self) -> Option<usize> {
        self.position.as_ref().map(|p| p.column)
    }

    /// The statement line the error points at.
    pub fn line_text(&self) -> Option<&str> {
        self.position.as_ref().map(|p| p.line_text.as_str())
    }

    /// The message without position or excerpt.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// What was expected at the error position, in words.
    pub fn expected(&self) -> Option<&str> {
        self.position.as_ref().and_then(|p| p.expected.as_deref())
    }

    /// The excerpt: the offending line and a caret under the column.
    pub fn excerpt(&self) -> Option<String> {
        let p = self.position.as_ref()?;
        let pad: String = p
            .line_text
            .chars()
            .take(p.column.saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        Some(format!("  {}\n  {pad}^", p.line_text))
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.position {
            Some(p) => {
                write!(f, "{}:{}: {}", p.line, p.column, self.message)?;
                if let Some(excerpt) = self.excerpt() {
                    write!(f, "\n{excerpt}")?;
                }
                if let Some(e) = &p.expected {
                    write!(f, "\n  expected {e}")?;
                }
                Ok(())
            }
            None => f.write_str(&self.message),
        }
    }
}
