//! What Tab should offer at the cursor, from the graph and the text's context: meta commands
//! after ':', labels after `(x:`, relationship types after `[:`, property keys after `x.`,
//! entity names in questions and string literals (ranked by how often they are mentioned),
//! keywords and functions elsewhere. Pure functions; the REPL helper wires them to rustyline.

use crate::graph::KnowledgeGraph;
use std::collections::BTreeMap;

/// One completion: what replaces the word at the cursor, and what the menu shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub display: String,
    pub replacement: String,
}

/// The result: replace `text[start..cursor]` by one of the candidates.
#[derive(Debug, PartialEq, Eq)]
pub enum Completion {
    Candidates {
        start: usize,
        candidates: Vec<Candidate>,
    },
    /// Complete a file path starting at `start` (after :load, :open, :save, :source, :export).
    Path { start: usize },
}

pub const KEYWORDS: &[&str] = &[
    "MATCH", "OPTIONAL", "WHERE", "WITH", "RETURN", "DISTINCT", "ORDER", "BY", "ASC", "DESC",
    "SKIP", "LIMIT", "UNWIND", "AS", "CREATE", "MERGE", "AND", "OR", "XOR", "NOT", "IN", "STARTS",
    "ENDS", "CONTAINS", "IS", "NULL", "TRUE", "FALSE", "CASE", "WHEN", "THEN", "ELSE", "END",
    "EXPLAIN", "PROFILE",
];

pub const FUNCTIONS: &[&str] = &[
    "count",
    "collect",
    "sum",
    "avg",
    "min",
    "max",
    "id",
    "labels",
    "type",
    "properties",
    "keys",
    "size",
    "length",
    "nodes",
    "relationships",
    "startNode",
    "endNode",
    "coalesce",
    "head",
    "last",
    "tail",
    "range",
    "toLower",
    "toUpper",
    "trim",
    "split",
    "substring",
    "replace",
    "toString",
    "toInteger",
    "toFloat",
    "toBoolean",
    "abs",
    "exists",
    "shortestPath",
    "allShortestPaths",
    "sources",
    "aliases",
];

pub const QUESTION_STARTS: &[&str] = &[
    "who met whom where",
    "who met ",
    "where did ",
    "when did ",
    "who owns ",
    "what does ",
    "who is ",
    "how is ",
];

/// Commands whose argument is a file path.
const PATH_COMMANDS: &[&str] = &["load", "open", "save", "source", "export"];

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Start of the identifier that ends at `pos`.
fn word_start(text: &str, pos: usize) -> usize {
    text[..pos]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_ident(*c))
        .last()
        .map_or(pos, |(i, _)| i)
}

/// Whether `pos` is inside an open string literal; returns the literal's opening quote offset.
fn open_string(text: &str, pos: usize) -> Option<usize> {
    let mut open: Option<(usize, char)> = None;
    let mut escaped = false;
    for (i, c) in text[..pos].char_indices() {
        match open {
            Some((_, q)) if escaped => {
                escaped = false;
                let _ = q;
            }
            Some((_, _)) if c == '\\' => escaped = true,
            Some((_, q)) if c == q => open = None,
            None if c == '\'' || c == '"' => open = Some((i, c)),
            _ => {}
        }
    }
    open.map(|(i, _)| i)
}

/// Entity names and aliases with their mention counts, best first.
fn entity_names(graph: &KnowledgeGraph) -> Vec<(String, usize)> {
    let mut best: BTreeMap<String, usize> = BTreeMap::new();
    for label in ["Person", "Organization", "Place", "Event", "Topic"] {
        for &id in graph.nodes_with_label(label) {
            let node = graph.node(id);
            let weight = node.sources().len();
            let mut names = vec![node.name().to_string()];
            if let Some(a) = node.prop("aliases") {
                names.extend(a.str_items().into_iter().map(str::to_string));
            }
            for n in names {
                let e = best.entry(n).or_insert(0);
                *e = (*e).max(weight);
            }
        }
    }
    let mut list: Vec<(String, usize)> = best.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    list
}

fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.is_char_boundary(prefix.len())
        && text[..prefix.len()].eq_ignore_ascii_case(prefix)
        || text.to_lowercase().starts_with(&prefix.to_lowercase())
}

fn is_question(text: &str) -> bool {
    super::script::ends_at_newline(text) && !text.trim_start().starts_with(':')
}

/// Variables bound to labels in the text: `(p:Person)` → p ↦ [Person].
fn bound_labels(text: &str) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if c != '(' {
            continue;
        }
        let rest = &text[i + 1..];
        let var: String = rest
            .trim_start()
            .chars()
            .take_while(|c| is_ident(*c))
            .collect();
        if var.is_empty() {
            continue;
        }
        let after = rest.trim_start()[var.len()..].trim_start();
        if let Some(labels) = after.strip_prefix(':') {
            let label: String = labels
                .trim_start()
                .chars()
                .take_while(|c| is_ident(*c))
                .collect();
            if !label.is_empty() {
                out.entry(var).or_default().push(label);
            }
        }
        let _ = k;
    }
    out
}

/// What to offer at byte offset `pos` of `line`.
pub fn complete(line: &str, pos: usize, graph: &KnowledgeGraph) -> Completion {
    let before = &line[..pos];
    let trimmed = before.trim_start();

    // Meta commands and their path arguments.
    if let Some(meta) = trimmed.strip_prefix(':') {
        match meta.split_once(char::is_whitespace) {
            None => {
                let start = pos - meta.len();
                let candidates = super::session::META_COMMANDS
                    .iter()
                    .filter(|c| c.name.starts_with(meta))
                    .map(|c| Candidate {
                        display: format!(":{}", c.name),
                        replacement: c.name.to_string(),
                    })
                    .collect();
                return Completion::Candidates { start, candidates };
            }
            Some((cmd, _)) if PATH_COMMANDS.contains(&cmd) => {
                let start = before.rfind(char::is_whitespace).map_or(pos, |i| i + 1);
                return Completion::Path { start };
            }
            Some(("why", arg)) | Some(("help", arg)) if meta.starts_with("why") => {
                let start = pos - arg.len();
                return Completion::Candidates {
                    start,
                    candidates: names_matching(graph, arg.trim_start(), false),
                };
            }
            _ => {}
        }
    }

    // Inside a string literal: entity names, completed within the quotes.
    if let Some(quote) = open_string(before, pos) {
        let partial = &before[quote + 1..];
        let close = &before[quote..quote + 1];
        let candidates = names_matching(graph, partial, false)
            .into_iter()
            .map(|c| Candidate {
                replacement: format!("{}{close}", c.replacement),
                display: c.display,
            })
            .collect();
        return Completion::Candidates {
            start: quote + 1,
            candidates,
        };
    }

    // Questions: the longest run of trailing words that begins an entity name.
    if is_question(before) {
        let word_starts: Vec<usize> = std::iter::once(0)
            .chain(
                before
                    .char_indices()
                    .filter(|(_, c)| c.is_whitespace())
                    .map(|(i, c)| i + c.len_utf8()),
            )
            .filter(|&i| i <= pos)
            .collect();
        for &start in &word_starts {
            let partial = &before[start..];
            if partial.trim().is_empty() {
                continue;
            }
            let candidates = names_matching(graph, partial, true);
            if !candidates.is_empty() {
                return Completion::Candidates { start, candidates };
            }
        }
        return Completion::Candidates {
            start: pos,
            candidates: Vec::new(),
        };
    }

    let start = word_start(line, pos);
    let partial = &line[start..pos];
    let prev = line[..start].trim_end_matches(char::is_whitespace);

    // `(x:Lab` → labels; `[r:TY` or `[:TY` or `|TY` → relationship types.
    if let Some(head) = prev.strip_suffix(':').or_else(|| prev.strip_suffix('|')) {
        let head = head.trim_end();
        let head = head.trim_end_matches(is_ident).trim_end();
        let pool: Vec<&str> = if head.ends_with('[') || prev.ends_with('|') {
            graph.rel_types()
        } else if head.ends_with('(') || head.ends_with(':') || head.ends_with(is_ident) {
            graph.labels()
        } else {
            Vec::new()
        };
        if !pool.is_empty() {
            let candidates = pool
                .into_iter()
                .filter(|l| starts_with_ci(l, partial))
                .map(|l| Candidate {
                    display: l.to_string(),
                    replacement: l.to_string(),
                })
                .collect();
            return Completion::Candidates { start, candidates };
        }
    }

    // `x.pro` → property keys of x's labels (all keys when x's labels are unknown).
    if let Some(var_end) = prev.strip_suffix('.') {
        let var_start = word_start(var_end, var_end.len());
        let var = &var_end[var_start..];
        let labels = bound_labels(line).remove(var).unwrap_or_default();
        let node_keys = graph.node_property_keys();
        let edge_keys = graph.edge_property_keys();
        let mut keys: Vec<String> = if labels.is_empty() {
            node_keys
                .values()
                .chain(edge_keys.values())
                .flatten()
                .cloned()
                .collect()
        } else {
            labels
                .iter()
                .filter_map(|l| node_keys.get(l).or_else(|| edge_keys.get(l)))
                .flatten()
                .cloned()
                .collect()
        };
        keys.sort();
        keys.dedup();
        let candidates = keys
            .into_iter()
            .filter(|k| k.starts_with(partial))
            .map(|k| Candidate {
                display: k.clone(),
                replacement: k,
            })
            .collect();
        return Completion::Candidates { start, candidates };
    }

    // Keywords (upper-case) and functions.
    let mut candidates: Vec<Candidate> = Vec::new();
    if !partial.is_empty() {
        for k in KEYWORDS {
            if starts_with_ci(k, partial) {
                candidates.push(Candidate {
                    display: k.to_string(),
                    replacement: k.to_string(),
                });
            }
        }
        for f in FUNCTIONS {
            if starts_with_ci(f, partial) {
                candidates.push(Candidate {
                    display: format!("{f}()"),
                    replacement: format!("{f}("),
                });
            }
        }
        if start == line.len() - line.trim_start().len() {
            for q in QUESTION_STARTS {
                if starts_with_ci(q, partial) {
                    candidates.push(Candidate {
                        display: q.trim().to_string(),
                        replacement: q.to_string(),
                    });
                }
            }
        }
    }
    Completion::Candidates { start, candidates }
}

/// Entity names beginning with `partial` (case-insensitive), best known first; in questions a
/// name with spaces is offered quoted.
fn names_matching(graph: &KnowledgeGraph, partial: &str, quote_spaces: bool) -> Vec<Candidate> {
    let partial = partial.trim_start_matches(['"', '\'']);
    if partial.is_empty() {
        return Vec::new();
    }
    entity_names(graph)
        .into_iter()
        .filter(|(name, _)| starts_with_ci(name, partial))
        .take(50)
        .map(|(name, _)| Candidate {
            replacement: if quote_spaces && name.contains(' ') {
                format!("\"{name}\"")
            } else {
                name.clone()
            },
            display: name,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::model::{PropValue, Source};

    fn graph() -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        let a = g.add_node("person:he-lifeng", &["Person"]);
        g.set_node_prop(a, "name", Some("He Lifeng".into()));
        g.add_node_sources(a, [Source::Manual]);
        let b = g.add_node("person:helen-hunt", &["Person"]);
        g.set_node_prop(b, "name", Some("Helen Hunt".into()));
        let c = g.add_node("place:madrid", &["Place"]);
        g.set_node_prop(c, "name", Some("Madrid".into()));
        g.set_node_prop(c, "kind", Some(PropValue::Str("city".into())));
        let e = g.add_edge(a, c, "VISITED");
        g.set_edge_prop(e, "date", Some("2025-09-14".into()));
        g
    }

    fn replacements(c: Completion) -> (usize, Vec<String>) {
        match c {
            Completion::Candidates { start, candidates } => (
                start,
                candidates.into_iter().map(|c| c.replacement).collect(),
            ),
            Completion::Path { start } => (start, vec!["<path>".into()]),
        }
    }

    #[test]
    fn question_completes_a_multi_word_name_quoted() {
        let line = "who met He L";
        let (start, r) = replacements(complete(line, line.len(), &graph()));
        assert_eq!(start, 8);
        assert_eq!(r, vec!["\"He Lifeng\""]);
    }

    #[test]
    fn labels_types_and_properties_by_context() {
        let g = graph();
        let line = "MATCH (p:Per";
        assert_eq!(
            replacements(complete(line, line.len(), &g)),
            (9, vec!["Person".into()])
        );
        let line = "MATCH (p)-[:VIS";
        assert_eq!(
            replacements(complete(line, line.len(), &g)),
            (12, vec!["VISITED".into()])
        );
        let line = "MATCH (p:Place) RETURN p.k";
        assert_eq!(
            replacements(complete(line, line.len(), &g)),
            (25, vec!["kind".into()])
        );
    }

    #[test]
    fn meta_commands_paths_and_strings() {
        let g = graph();
        assert_eq!(
            replacements(complete(":sch", 4, &g)),
            (1, vec!["schema".into()])
        );
        assert_eq!(
            replacements(complete(":load da", 8, &g)).1,
            vec!["<path>".to_string()]
        );
        let line = "MATCH (p) WHERE p.name = 'Mad";
        assert_eq!(
            replacements(complete(line, line.len(), &g)),
            (26, vec!["Madrid'".into()])
        );
    }

    #[test]
    fn keywords_and_functions() {
        let (_, r) = replacements(complete("MATCH (n) RET", 13, &graph()));
        assert_eq!(r, vec!["RETURN"]);
        let (_, r) = replacements(complete("RETURN toLo", 11, &graph()));
        assert_eq!(r, vec!["toLower("]);
    }
}
