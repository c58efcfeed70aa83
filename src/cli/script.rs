//! Script text → statements with their positions: ';' ends a Cypher statement, a plain
//! question or a ':' command may also end at its line, `//` and `/* */` comments are blanked
//! (positions kept), and a `#!` first line is ignored.

/// One statement of a script and where it starts (1-based line and column).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// The statement text, comments replaced by spaces so positions inside it stay true.
    pub text: String,
    pub line: usize,
    pub column: usize,
}

/// A script that cannot be split: an unclosed string, identifier or comment.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct SplitError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Words that open a plain question; such a statement ends at the end of its line.
const QUESTION_WORDS: &[&str] = &["who", "whom", "where", "when", "what", "how", "which"];

/// True when `text` (a statement's start) is a plain question or a meta command, which end
/// at a newline as well as at ';'.
pub fn ends_at_newline(text: &str) -> bool {
    let trimmed = text.trim_start();
    if trimmed.starts_with(':') {
        return true;
    }
    let mut words = trimmed
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase);
    match words.next().as_deref() {
        Some("explain") | Some("profile") => words
            .next()
            .is_some_and(|w| QUESTION_WORDS.contains(&w.as_str())),
        Some(w) => QUESTION_WORDS.contains(&w),
        None => false,
    }
}

/// Splits a script into statements.
pub fn split(script: &str) -> Result<Vec<Statement>, SplitError> {
    let mut statements = Vec::new();
    // The text of the statement being read, with comments blanked.
    let mut current = String::new();
    let mut start: Option<(usize, usize)> = None;
    let mut line = 1usize;
    let mut column = 1usize;
    let mut chars = script.char_indices().peekable();

    // A `#!` interpreter line is not part of the script.
    if script.starts_with("#!") {
        for (_, c) in chars.by_ref() {
            if c == '\n' {
                line += 1;
                break;
            }
        }
    }

    let finish = |current: &mut String,
                  start: &mut Option<(usize, usize)>,
                  statements: &mut Vec<Statement>| {
        if let Some((l, c)) = start.take() {
            let text = current.trim_end().to_string();
            if !text.trim().is_empty() {
                statements.push(Statement {
                    text,
                    line: l,
                    column: c,
                });
            }
        }
        current.clear();
    };

    while let Some((_, c)) = chars.next() {
        let (here_line, here_col) = (line, column);
        let advance = |c: char, line: &mut usize, column: &mut usize| {
            if c == '\n' {
                *line += 1;
                *column = 1;
            } else {
                *column += 1;
            }
        };
        advance(c, &mut line, &mut column);
        match c {
            '/' if chars.peek().map(|(_, n)| *n) == Some('/') => {
                // Line comment: blank it up to (not including) the newline.
                let inside = start.is_some();
                if inside {
                    current.push(' ');
                }
                while let Some(&(_, n)) = chars.peek() {
                    if n == '\n' {
                        break;
                    }
                    chars.next();
                    advance(n, &mut line, &mut column);
                    if inside {
                        current.push(' ');
                    }
                }
            }
            '/' if chars.peek().map(|(_, n)| *n) == Some('*') => {
                let inside = start.is_some();
                if inside {
                    current.push(' ');
                }
                let mut closed = false;
                let mut prev = ' ';
                for (_, n) in chars.by_ref() {
                    advance(n, &mut line, &mut column);
                    if inside {
                        current.push(if n == '\n' { '\n' } else { ' ' });
                    }
                    if prev == '*' && n == '/' {
                        closed = true;
                        break;
                    }
                    prev = n;
                }
                if !closed {
                    return Err(SplitError {
                        line: here_line,
                        column: here_col,
                        message: "this /* comment is never closed with */".into(),
                    });
                }
            }
            '\'' | '"' | '`' => {
                if start.is_none() {
                    start = Some((here_line, here_col));
                }
                current.push(c);
                let mut closed = false;
                while let Some((_, n)) = chars.next() {
                    advance(n, &mut line, &mut column);
                    current.push(n);
                    if n == '\\' && c != '`' {
                        if let Some((_, escaped)) = chars.next() {
                            advance(escaped, &mut line, &mut column);
                            current.push(escaped);
                        }
                        continue;
                    }
                    if n == c {
                        closed = true;
                        break;
                    }
                }
                if !closed {
                    let what = match c {
                        '`' => "this `quoted name` is never closed",
                        _ => "this string is never closed: add the closing quote",
                    };
                    return Err(SplitError {
                        line: here_line,
                        column: here_col,
                        message: what.into(),
                    });
                }
            }
            ';' => finish(&mut current, &mut start, &mut statements),
            '\n' => {
                if start.is_some() && ends_at_newline(&current) {
                    finish(&mut current, &mut start, &mut statements);
                } else if start.is_some() {
                    current.push('\n');
                }
            }
            c if c.is_whitespace() => {
                if start.is_some() {
                    current.push(c);
                }
            }
            c => {
                if start.is_none() {
                    start = Some((here_line, here_col));
                }
                current.push(c);
            }
        }
    }
    finish(&mut current, &mut start, &mut statements);
    Ok(statements)
}

/// Maps a (line, column) inside a statement to the script's (line, column).
pub fn script_position(statement: &Statement, line: usize, column: usize) -> (usize, usize) {
    if line <= 1 {
        (statement.line, statement.column + column.saturating_sub(1))
    } else {
        (statement.line + line - 1, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_semicolons_and_question_lines() {
        let s = split("who met whom\nMATCH (n)\nRETURN n;\n// note\nRETURN 1 ; RETURN 2").unwrap();
        let texts: Vec<&str> = s.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "who met whom",
                "MATCH (n)\nRETURN n",
                "RETURN 1",
                "RETURN 2"
            ]
        );
        assert_eq!((s[1].line, s[1].column), (2, 1));
        assert_eq!((s[3].line, s[3].column), (5, 12));
    }

    #[test]
    fn semicolons_inside_strings_and_comments_do_not_split() {
        let s = split("RETURN 'a;b' /* ; */ AS x;").unwrap();
        assert_eq!(s.len(), 1);
        assert!(s[0].text.starts_with("RETURN 'a;b'"));
    }

    #[test]
    fn unclosed_string_is_reported_where_it_opens() {
        let e = split("RETURN 1;\nRETURN 'abc").unwrap_err();
        assert_eq!((e.line, e.column), (2, 8));
    }

    #[test]
    fn shebang_line_is_ignored() {
        let s = split("#!/usr/bin/env newsgraph run\nRETURN 1;").unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].line, 2);
    }

    #[test]
    fn positions_map_back_to_the_script() {
        let st = Statement {
            text: "x".into(),
            line: 3,
            column: 5,
        };
        assert_eq!(script_position(&st, 1, 2), (3, 6));
        assert_eq!(script_position(&st, 2, 2), (4, 2));
    }
}
