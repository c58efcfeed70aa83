//! Rule file text → compiled rules (the only user of grammar/rules.pest). Errors name the
//! file, line and column, and say what was expected in words.

use super::{CueList, Node, Output, PropSource, RuleSet, TriggerForm};
use pest::iterators::Pair;
use pest::Parser;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/rules.pest"]
struct RulesParser;

/// A syntax or meaning error in a rule file.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct RuleParseError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

fn describe(which: &Rule_) -> &'static str {
    match which {
        Rule_::file | Rule_::EOI => "a declaration (words, class, status, kind or rule)",
        Rule_::name => "a name",
        Rule_::phrase | Rule_::word | Rule_::string | Rule_::phrase_list => {
            "a word or a quoted phrase"
        }
        Rule_::int => "a number",
        Rule_::priority
        | Rule_::trigger
        | Rule_::pattern
        | Rule_::output
        | Rule_::distribute
        | Rule_::implicit => {
            "a clause (priority, trigger, pattern, event, relation, distribute or implicit)"
        }
        Rule_::trigger_item | Rule_::lemma | Rule_::label_trigger => {
            "a trigger (word, lemma(...) or @Label)"
        }
        Rule_::event_out | Rule_::relation_out => "an output (event KIND or relation TYPE(a -> b))",
        Rule_::prop | Rule_::role_ref => "a property (name=@role, name=TRIGGER or name=value)",
        Rule_::not => "a negated element (!word, !$SET or !(...))",
        Rule_::after | Rule_::adjacent => "after or adjacent",
        Rule_::class_decl
        | Rule_::words_decl
        | Rule_::status_decl
        | Rule_::kind_decl
        | Rule_::rule => "a declaration (words, class, status, kind or rule)",
        Rule_::element
        | Rule_::sequence
        | Rule_::alternation
        | Rule_::group
        | Rule_::capture
        | Rule_::set_ref
        | Rule_::any
        | Rule_::trigger_ref => {
            "a pattern element (word, \"phrase\", @role:Label, $SET, TRIGGER, _ or (...))"
        }
        Rule_::quantifier | Rule_::range => "a quantifier (?, *, + or {m,n})",
        _ => "something else",
    }
}

type Rule_ = self::Rule;
use self::Rule as R;

// pest's derive names its enum `Rule`, which clashes with ours; alias the AST type.
type AstRule = super::Rule;

pub(super) fn parse_file(
    file: &str,
    text: &str,
    set: &mut RuleSet,
    irregular: &dyn Fn(&str) -> Vec<String>,
) -> Result<(), RuleParseError> {
    let pairs = RulesParser::parse(R::file, text).map_err(|e| {
        let (line, column) = match e.line_col {
            pest::error::LineColLocation::Pos(p) => p,
            pest::error::LineColLocation::Span(p, _) => p,
        };
        let expected = match &e.variant {
            pest::error::ErrorVariant::ParsingError { positives, .. } => {
                let mut words: Vec<&str> = positives.iter().map(describe).collect();
                words.sort();
                words.dedup();
                if words.is_empty() {
                    "a declaration".to_string()
                } else {
                    words.join(" or ")
                }
            }
            pest::error::ErrorVariant::CustomError { message } => message.clone(),
        };
        RuleParseError {
            file: file.to_string(),
            line,
            column,
            message: format!("expected {expected}"),
        }
    })?;
    let err = |pair: &Pair<R>, message: String| {
        let (line, column) = pair.as_span().start_pos().line_col();
        RuleParseError {
            file: file.to_string(),
            line,
            column,
            message,
        }
    };
    for decl in pairs
        .flatten()
        .filter(|p| p.as_rule() == R::file)
        .flat_map(|p| p.into_inner())
    {
        match decl.as_rule() {
            R::words_decl => {
                let mut inner = decl.into_inner();
                let name = inner
                    .next()
                    .map(|p| p.as_str().to_string())
                    .unwrap_or_default();
                let phrases = phrase_list(inner.next());
                match set.sets.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, list)) => list.extend(phrases),
                    None => set.sets.push((name, phrases)),
                }
            }
            R::status_decl | R::kind_decl => {
                let is_status = decl.as_rule() == R::status_decl;
                let mut inner = decl.into_inner().peekable();
                let name = inner
                    .next()
                    .map(|p| p.as_str().to_string())
                    .unwrap_or_default();
                let after = inner.peek().is_some_and(|p| p.as_rule() == R::after);
                let adjacent = inner.peek().is_some_and(|p| p.as_rule() == R::adjacent);
                if after || adjacent {
                    inner.next();
                }
                let phrases = phrase_list(inner.next());
                let lists = if is_status {
                    &mut set.statuses
                } else {
                    &mut set.kinds
                };
                // A list declared right after one of the same name and placement extends it;
                // declared again further on, it is a list of its own at its own place in the
                // order ("status past = \"not met since\"" ahead of the negations, the other
                // past cues after them).
                match lists
                    .last_mut()
                    .filter(|c| c.name == name && c.after == after && c.adjacent == adjacent)
                {
                    Some(c) => c.phrases.extend(phrases),
                    None => lists.push(CueList {
                        name,
                        after,
                        adjacent,
                        phrases,
                    }),
                }
            }
            R::class_decl => {
                let mut inner = decl.into_inner();
                let name = inner
                    .next()
                    .map(|p| p.as_str().to_string())
                    .unwrap_or_default();
                let mut labels = Vec::new();
                for p in inner {
                    match super::label_of(p.as_str()) {
                        Some(l) => labels.push(l),
                        None => return Err(err(&p, format!("unknown label {:?} (expected Person, Organization, Place, Topic, Title, Date or Misc)", p.as_str()))),
                    }
                }
                // Redeclaring a class replaces it in place: compiled captures keep their index.
                match set.classes.iter_mut().find(|c| c.name == name) {
                    Some(c) => c.labels = labels,
                    None => set.classes.push(super::Class { name, labels }),
                }
            }
            R::rule => {
                let rule = compile_rule(file, decl, set, irregular, &err)?;
                set.rules.push(rule);
            }
            R::EOI => {}
            _ => {}
        }
    }
    Ok(())
}

fn phrase_text(p: Pair<R>) -> String {
    let s = match p.as_rule() {
        R::phrase => p.into_inner().next().map(phrase_text).unwrap_or_default(),
        R::string => p
            .into_inner()
            .next()
            .map(|i| i.as_str().replace("\\\"", "\""))
            .unwrap_or_default(),
        _ => p.as_str().to_string(),
    };
    s.to_lowercase().replace('’', "'")
}

/// A phrase's words, and the same with a typographic apostrophe when it has one ("'s" and
/// "’s"), so matching compares plain strings.
fn variants(text: &str) -> Vec<Vec<String>> {
    let plain: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    if text.contains('\'') {
        let curly = plain.iter().map(|w| w.replace('\'', "’")).collect();
        vec![plain, curly]
    } else {
        vec![plain]
    }
}

fn phrase_list(p: Option<Pair<R>>) -> Vec<Vec<String>> {
    p.map(|p| {
        p.into_inner()
            .flat_map(|ph| variants(&phrase_text(ph)))
            .collect()
    })
    .unwrap_or_default()
}

fn compile_rule(
    file: &str,
    decl: Pair<R>,
    set: &mut RuleSet,
    irregular: &dyn Fn(&str) -> Vec<String>,
    err: &dyn Fn(&Pair<R>, String) -> RuleParseError,
) -> Result<AstRule, RuleParseError> {
    let start = decl.clone();
    let mut inner = decl.into_inner();
    let name = inner
        .next()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let mut rule = AstRule {
        name: name.clone(),
        file: file.to_string(),
        priority: 0,
        triggers: Vec::new(),
        pattern: Node::Seq(Vec::new()),
        output: Output::Event {
            kind: None,
            props: Vec::new(),
        },
        distribute: None,
        implicit: None,
        start: super::Start::Anything,
    };
    let mut has_pattern = false;
    let mut has_output = false;
    for clause in inner {
        match clause.as_rule() {
            R::priority => {
                let p = clause.clone().into_inner().next();
                rule.priority = p
                    .and_then(|p| p.as_str().parse().ok())
                    .ok_or_else(|| err(&clause, "priority must be a number".into()))?;
            }
            R::trigger => {
                for item in clause.into_inner() {
                    let mut parts = item.into_inner();
                    let Some(what) = parts.next() else { continue };
                    let kind = parts.next().map(|k| k.as_str().to_string());
                    match what.as_rule() {
                        R::lemma => {
                            let lemma = what
                                .into_inner()
                                .next()
                                .map(|w| w.as_str().to_lowercase())
                                .unwrap_or_default();
                            let mut forms = super::regular_forms(&lemma);
                            forms.extend(irregular(&lemma));
                            forms.sort();
                            forms.dedup();
                            for f in forms {
                                rule.triggers.push(TriggerForm {
                                    words: vec![f],
                                    class: None,
                                    kind: kind.clone(),
                                });
                            }
                        }
                        R::label_trigger => {
                            let span = what.clone();
                            let class = what
                                .into_inner()
                                .next()
                                .map(|n| n.as_str().to_string())
                                .unwrap_or_default();
                            let class = set
                                .classes
                                .iter()
                                .position(|c| c.name == class)
                                .ok_or_else(|| {
                                    err(&span, format!("unknown label or class {class:?}"))
                                })?;
                            rule.triggers.push(TriggerForm {
                                words: Vec::new(),
                                class: Some(class),
                                kind,
                            });
                        }
                        _ => {
                            for words in variants(&phrase_text(what)) {
                                rule.triggers.push(TriggerForm {
                                    words,
                                    class: None,
                                    kind: kind.clone(),
                                });
                            }
                        }
                    }
                }
            }
            R::pattern => {
                let alt = clause
                    .into_inner()
                    .next()
                    .ok_or_else(|| err(&start, "empty pattern".into()))?;
                rule.pattern = compile_node(alt, set, err)?;
                has_pattern = true;
            }
            R::output => {
                let Some(out) = clause.into_inner().next() else {
                    continue;
                };
                has_output = true;
                match out.as_rule() {
                    R::event_out => {
                        let mut parts = out.into_inner();
                        let kind = parts.next().map(|k| k.as_str().to_string());
                        let kind = kind.filter(|k| k != "trigger");
                        let props = compile_props(parts, set)?;
                        rule.output = Output::Event { kind, props };
                    }
                    R::relation_out => {
                        let mut parts = out.into_inner();
                        let rel_type = parts
                            .next()
                            .map(|k| k.as_str().to_string())
                            .unwrap_or_default();
                        let from = parts
                            .next()
                            .map(|k| set.role_index(k.as_str()))
                            .unwrap_or(0);
                        let to = parts
                            .next()
                            .map(|k| set.role_index(k.as_str()))
                            .unwrap_or(0);
                        let props = compile_props(parts, set)?;
                        rule.output = Output::Relation {
                            rel_type,
                            from,
                            to,
                            props,
                        };
                    }
                    _ => {}
                }
            }
            R::distribute => {
                let role = clause
                    .into_inner()
                    .next()
                    .map(|r| r.as_str().to_string())
                    .unwrap_or_default();
                rule.distribute = Some(set.role_index(&role));
            }
            R::implicit => {
                let mut parts = clause.clone().into_inner();
                let role = parts
                    .next()
                    .map(|r| r.as_str().to_string())
                    .unwrap_or_default();
                let class = parts
                    .next()
                    .map(|r| r.as_str().to_string())
                    .unwrap_or_default();
                let class = set
                    .classes
                    .iter()
                    .position(|c| c.name == class)
                    .ok_or_else(|| err(&clause, format!("unknown label or class {class:?}")))?;
                rule.implicit = Some((set.role_index(&role), class));
            }
            _ => {}
        }
    }
    if rule.triggers.is_empty() {
        return Err(err(&start, format!("rule {name} needs a trigger clause")));
    }
    if !has_pattern {
        return Err(err(&start, format!("rule {name} needs a pattern clause")));
    }
    if !has_output {
        return Err(err(
            &start,
            format!("rule {name} needs an event or relation clause"),
        ));
    }
    Ok(rule)
}

fn compile_props(
    parts: pest::iterators::Pairs<R>,
    set: &mut RuleSet,
) -> Result<Vec<(String, PropSource)>, RuleParseError> {
    let mut props = Vec::new();
    for prop in parts {
        let mut kv = prop.into_inner();
        let key = kv
            .next()
            .map(|k| k.as_str().to_string())
            .unwrap_or_default();
        let Some(value) = kv.next() else { continue };
        let source = match value.as_rule() {
            R::trigger_ref => PropSource::Trigger,
            R::role_ref => PropSource::Role(
                set.role_index(value.into_inner().next().map(|n| n.as_str()).unwrap_or("")),
            ),
            _ => PropSource::Text(value.as_str().trim_matches('"').to_string()),
        };
        props.push((key, source));
    }
    Ok(props)
}

fn compile_node(
    pair: Pair<R>,
    set: &mut RuleSet,
    err: &dyn Fn(&Pair<R>, String) -> RuleParseError,
) -> Result<Node, RuleParseError> {
    match pair.as_rule() {
        R::alternation => {
            let mut alts = Vec::new();
            for p in pair.into_inner() {
                alts.push(compile_node(p, set, err)?);
            }
            Ok(if alts.len() == 1 {
                alts.remove(0)
            } else {
                Node::Alt(alts)
            })
        }
        R::sequence => {
            let mut seq = Vec::new();
            for p in pair.into_inner() {
                seq.push(compile_node(p, set, err)?);
            }
            Ok(if seq.len() == 1 {
                seq.remove(0)
            } else {
                Node::Seq(seq)
            })
        }
        R::element => {
            let mut inner = pair.into_inner();
            let Some(atom) = inner.next() else {
                return Ok(Node::Seq(Vec::new()));
            };
            let node = compile_node(atom, set, err)?;
            match inner.next() {
                None => Ok(node),
                Some(q) => {
                    let (min, max) = match q.as_str() {
                        "?" => (0, 1),
                        "*" => (0, 8),
                        "+" => (1, 8),
                        _ => {
                            let nums: Vec<u16> = q
                                .into_inner()
                                .flat_map(|r| r.into_inner())
                                .filter_map(|n| n.as_str().parse().ok())
                                .collect();
                            match nums.as_slice() {
                                [a, b] if a <= b => (*a, *b),
                                _ => (0, 1),
                            }
                        }
                    };
                    Ok(Node::Repeat {
                        node: Box::new(node),
                        min,
                        max,
                    })
                }
            }
        }
        R::group => match pair.into_inner().next() {
            Some(p) => compile_node(p, set, err),
            None => Ok(Node::Seq(Vec::new())),
        },
        R::capture => {
            let span = pair.clone();
            let mut inner = pair.into_inner();
            let role = inner
                .next()
                .map(|r| r.as_str().to_string())
                .unwrap_or_default();
            let class = inner
                .next()
                .map(|r| r.as_str().to_string())
                .unwrap_or_default();
            let list = inner.next().is_some();
            let class = set
                .classes
                .iter()
                .position(|c| c.name == class)
                .ok_or_else(|| err(&span, format!("unknown label or class {class:?} (expected Person, Organization, Place, Topic, Title, Date, Misc, Agent or a declared class)")))?;
            Ok(Node::Capture {
                role: set.role_index(&role),
                class,
                list,
            })
        }
        R::trigger_ref => Ok(Node::Trigger),
        R::not => match pair.into_inner().next() {
            Some(p) => Ok(Node::Not(Box::new(compile_node(p, set, err)?))),
            None => Ok(Node::Seq(Vec::new())),
        },
        R::any => Ok(Node::Any),
        R::sentence_start => Ok(Node::SentenceStart),
        R::set_ref => {
            let span = pair.clone();
            let name = pair
                .into_inner()
                .next()
                .map(|n| n.as_str().to_string())
                .unwrap_or_default();
            let idx = set.sets.iter().position(|(n, _)| *n == name).ok_or_else(|| err(&span, format!("unknown word set ${name} (declare it with `words {name} = ...;` before the rule)")))?;
            Ok(Node::Set(idx))
        }
        R::phrase => {
            let mut forms: Vec<Node> = variants(&phrase_text(pair))
                .into_iter()
                .map(Node::Phrase)
                .collect();
            Ok(if forms.len() == 1 {
                forms.remove(0)
            } else {
                Node::Alt(forms)
            })
        }
        _ => Err(err(&pair, "unexpected element".into())),
    }
}
