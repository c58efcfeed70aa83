//! Syntax colouring for the REPL line: keywords, strings, numbers, variables and known entity
//! names, with an unclosed quote or an unbalanced bracket shown in red while typing. Pure: the
//! REPL helper decides whether colour is wanted (a terminal, NO_COLOR unset).

use super::complete::KEYWORDS;

const RESET: &str = "\x1b[0m";
const KEYWORD: &str = "\x1b[1;34m";
const STRING: &str = "\x1b[32m";
const ENTITY: &str = "\x1b[1;35m";
const NUMBER: &str = "\x1b[33m";
const VARIABLE: &str = "\x1b[36m";
const ERROR: &str = "\x1b[1;37;41m";
const COMMENT: &str = "\x1b[2m";

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Byte offsets of brackets that have no partner, and of a quote that is never closed.
pub fn unbalanced(line: &str) -> Vec<usize> {
    let mut stack: Vec<(usize, char)> = Vec::new();
    let mut bad = Vec::new();
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\'' | '"' | '`' => {
                let mut closed = false;
                while let Some((_, n)) = chars.next() {
                    if n == '\\' && c != '`' {
                        chars.next();
                    } else if n == c {
                        closed = true;
                        break;
                    }
                }
                if !closed {
                    bad.push(i);
                }
            }
            '/' if chars.peek().map(|p| p.1) == Some('/') => break,
            '(' | '[' | '{' => stack.push((i, c)),
            ')' | ']' | '}' => {
                let want = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                match stack.last() {
                    Some((_, open)) if *open == want => {
                        stack.pop();
                    }
                    _ => bad.push(i),
                }
            }
            _ => {}
        }
    }
    bad.extend(stack.into_iter().map(|(i, _)| i));
    bad.sort_unstable();
    bad
}

/// The line with ANSI colours. `is_entity` tells whether a string's content names an entity.
pub fn highlight(line: &str, is_entity: &dyn Fn(&str) -> bool) -> String {
    let bad = unbalanced(line);
    let mut out = String::with_capacity(line.len() * 2);
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut k = 0;
    let meta = line.trim_start().starts_with(':');
    while k < chars.len() {
        let (i, c) = chars[k];
        if bad.contains(&i) && c != '\'' && c != '"' && c != '`' {
            out.push_str(ERROR);
            out.push(c);
            out.push_str(RESET);
            k += 1;
            continue;
        }
        if c == '/' && chars.get(k + 1).map(|p| p.1) == Some('/') {
            out.push_str(COMMENT);
            out.push_str(&line[i..]);
            out.push_str(RESET);
            break;
        }
        if c == '\'' || c == '"' || c == '`' {
            let mut j = k + 1;
            let mut closed = false;
            while j < chars.len() {
                let n = chars[j].1;
                if n == '\\' && c != '`' {
                    j += 2;
                    continue;
                }
                if n == c {
                    closed = true;
                    break;
                }
                j += 1;
            }
            let end = if closed {
                chars.get(j + 1).map_or(line.len(), |p| p.0)
            } else {
                line.len()
            };
            let text = &line[i..end];
            let inner = text.trim_matches(c);
            let colour = if !closed {
                ERROR
            } else if c != '`' && is_entity(inner) {
                ENTITY
            } else if c == '`' {
                VARIABLE
            } else {
                STRING
            };
            out.push_str(colour);
            out.push_str(text);
            out.push_str(RESET);
            k = chars.iter().position(|p| p.0 >= end).unwrap_or(chars.len());
            continue;
        }
        if c.is_ascii_digit() && (k == 0 || !is_ident(chars[k - 1].1)) {
            let mut j = k;
            while j < chars.len() && (chars[j].1.is_ascii_alphanumeric() || chars[j].1 == '.') {
                j += 1;
            }
            let end = chars.get(j).map_or(line.len(), |p| p.0);
            out.push_str(NUMBER);
            out.push_str(&line[i..end]);
            out.push_str(RESET);
            k = j;
            continue;
        }
        if is_ident(c) {
            let mut j = k;
            while j < chars.len() && is_ident(chars[j].1) {
                j += 1;
            }
            let end = chars.get(j).map_or(line.len(), |p| p.0);
            let word = &line[i..end];
            let prev = line[..i].trim_end().chars().last();
            let next = line[end..].chars().next();
            if !meta && KEYWORDS.iter().any(|kw| kw.eq_ignore_ascii_case(word)) {
                out.push_str(KEYWORD);
                out.push_str(word);
                out.push_str(RESET);
            } else if !meta && (matches!(prev, Some('(') | Some('[')) || next == Some('.')) {
                out.push_str(VARIABLE);
                out.push_str(word);
                out.push_str(RESET);
            } else {
                out.push_str(word);
            }
            k = j;
            continue;
        }
        out.push(c);
        k += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_unclosed_quotes_and_brackets() {
        assert_eq!(unbalanced("MATCH (n RETURN n"), vec![6]);
        assert_eq!(unbalanced("RETURN 'abc"), vec![7]);
        assert!(unbalanced("MATCH (n)-[r]->(m) RETURN {a: 'x)'}").is_empty());
        assert_eq!(unbalanced("RETURN 1)"), vec![8]);
    }

    #[test]
    fn colours_keywords_strings_and_entities() {
        let known = |s: &str| s == "Madrid";
        let h = highlight("MATCH (p) WHERE p.name = 'Madrid' RETURN 42", &known);
        assert!(h.contains(&format!("{KEYWORD}MATCH{RESET}")));
        assert!(h.contains(&format!("{ENTITY}'Madrid'{RESET}")));
        assert!(h.contains(&format!("{NUMBER}42{RESET}")));
        assert!(h.contains(&format!("{VARIABLE}p{RESET}")));
        let h = highlight("RETURN 'open", &known);
        assert!(h.contains(&format!("{ERROR}'open{RESET}")));
    }
}
