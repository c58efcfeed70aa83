//! Query text → typed AST (`ast::Statement`). The only file that touches pest for queries;
//! syntax errors become `QueryError`s with line, column and what was expected in words.

use super::ast::*;
use super::error::{ErrorKind, Phase, Position, QueryError};
use pest::iterators::Pair;
use pest::Parser as _;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/query.pest"]
struct QueryParser;

type PResult<T> = Result<T, QueryError>;

/// Parses one statement (a question or a query, optionally prefixed by EXPLAIN or PROFILE).
pub fn parse(text: &str) -> Result<Statement, QueryError> {
    let mut pairs = QueryParser::parse(Rule::statement, text).map_err(|e| syntax_error(text, e))?;
    let statement = pairs
        .next()
        .ok_or_else(|| QueryError::syntax("UnexpectedSyntax", "empty statement"))?;
    let mut mode = Mode::Run;
    let mut body = None;
    for pair in kids(statement) {
        match pair.as_rule() {
            Rule::explain => mode = Mode::Explain,
            Rule::profile => mode = Mode::Profile,
            Rule::question => body = Some(Body::Question(question(pair)?)),
            Rule::query => body = Some(Body::Query(query(pair)?)),
            _ => {}
        }
    }
    let body = body.ok_or_else(|| QueryError::syntax("UnexpectedSyntax", "empty statement"))?;
    Ok(Statement { mode, body })
}

/// Parses a standalone expression (used for `--param name=value` literals).
pub fn parse_expression(text: &str) -> Result<Expr, QueryError> {
    let wrapped = format!("RETURN {text}");
    let statement = parse(&wrapped)?;
    if let Body::Query(q) = statement.body {
        if let [Clause::Return(p)] = q.clauses.as_slice() {
            if p.items.len() == 1 && p.order_by.is_empty() && p.skip.is_none() && p.limit.is_none()
            {
                return Ok(p.items[0].expr.clone());
            }
        }
    }
    Err(QueryError::syntax(
        "UnexpectedSyntax",
        format!("not a single value: {text}"),
    ))
}

/// The children of a pair without keyword tokens (keywords are atomic rules of their own so
/// that `NOT` never swallows the start of `notes`; the AST does not need them).
fn kids(pair: Pair<'_, Rule>) -> impl Iterator<Item = Pair<'_, Rule>> {
    pair.into_inner()
        .filter(|p| keyword_text(p.as_rule()).is_none())
}

/// The keyword a keyword rule stands for.
fn keyword_text(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::KW_ALL => "ALL",
        Rule::KW_ALLSHORTESTPATHS => "ALLSHORTESTPATHS",
        Rule::KW_AND => "AND",
        Rule::KW_ANY => "ANY",
        Rule::KW_AS => "AS",
        Rule::KW_ASC => "ASC",
        Rule::KW_ASCENDING => "ASCENDING",
        Rule::KW_BY => "BY",
        Rule::KW_CALL => "CALL",
        Rule::KW_CASE => "CASE",
        Rule::KW_CONNECTED => "CONNECTED",
        Rule::KW_CONTAINS => "CONTAINS",
        Rule::KW_COUNT => "COUNT",
        Rule::KW_CREATE => "CREATE",
        Rule::KW_DELETE => "DELETE",
        Rule::KW_DESC => "DESC",
        Rule::KW_DESCENDING => "DESCENDING",
        Rule::KW_DETACH => "DETACH",
        Rule::KW_DID => "DID",
        Rule::KW_DISTINCT => "DISTINCT",
        Rule::KW_DO => "DO",
        Rule::KW_DOES => "DOES",
        Rule::KW_ELSE => "ELSE",
        Rule::KW_END => "END",
        Rule::KW_ENDS => "ENDS",
        Rule::KW_EXPLAIN => "EXPLAIN",
        Rule::KW_FALSE => "FALSE",
        Rule::KW_FOREACH => "FOREACH",
        Rule::KW_HOW => "HOW",
        Rule::KW_IN => "IN",
        Rule::KW_IS => "IS",
        Rule::KW_LIMIT => "LIMIT",
        Rule::KW_LOAD => "LOAD",
        Rule::KW_MATCH => "MATCH",
        Rule::KW_MEET => "MEET",
        Rule::KW_MERGE => "MERGE",
        Rule::KW_MET => "MET",
        Rule::KW_NONE => "NONE",
        Rule::KW_NOT => "NOT",
        Rule::KW_NULL => "NULL",
        Rule::KW_OPTIONAL => "OPTIONAL",
        Rule::KW_OR => "OR",
        Rule::KW_ORDER => "ORDER",
        Rule::KW_OWN => "OWN",
        Rule::KW_OWNS => "OWNS",
        Rule::KW_PROFILE => "PROFILE",
        Rule::KW_REDUCE => "REDUCE",
        Rule::KW_REMOVE => "REMOVE",
        Rule::KW_RETURN => "RETURN",
        Rule::KW_SET => "SET",
        Rule::KW_SHORTESTPATH => "SHORTESTPATH",
        Rule::KW_SINGLE => "SINGLE",
        Rule::KW_SKIP => "SKIP",
        Rule::KW_STARTS => "STARTS",
        Rule::KW_THEN => "THEN",
        Rule::KW_TO => "TO",
        Rule::KW_TRUE => "TRUE",
        Rule::KW_UNION => "UNION",
        Rule::KW_UNWIND => "UNWIND",
        Rule::KW_WAS => "WAS",
        Rule::KW_WHAT => "WHAT",
        Rule::KW_WHEN => "WHEN",
        Rule::KW_WHERE => "WHERE",
        Rule::KW_WHO => "WHO",
        Rule::KW_WHOM => "WHOM",
        Rule::KW_WITH => "WITH",
        Rule::KW_XOR => "XOR",
        _ => return None,
    })
}

// ---- errors ---------------------------------------------------------------------------------

/// What a grammar rule stands for, in words, for "expected ..." messages.
fn rule_words(rule: Rule) -> Option<&'static str> {
    if let Some(k) = keyword_text(rule) {
        // Question words read better in lower case.
        const QUESTION_WORDS: &[&str] = &[
            "WHO",
            "WHOM",
            "MET",
            "MEET",
            "DID",
            "OWNS",
            "OWN",
            "DOES",
            "DO",
            "WAS",
            "HOW",
            "CONNECTED",
            "TO",
            "WHAT",
        ];
        if QUESTION_WORDS.contains(&k) {
            return Some(match k {
                "WHO" => "who",
                "WHOM" => "whom",
                "MET" => "met",
                "MEET" => "meet",
                "DID" => "did",
                "OWNS" => "owns",
                "OWN" => "own",
                "DOES" => "does",
                "DO" => "do",
                "WAS" => "was",
                "HOW" => "how",
                "CONNECTED" => "connected",
                "TO" => "to",
                _ => "what",
            });
        }
        return Some(k);
    }
    Some(match rule {
        Rule::EOI => "end of input",
        Rule::explain | Rule::profile => return None,
        Rule::question => "a question",
        Rule::query => "a query",
        Rule::match_clause | Rule::optional_kw => "MATCH",
        Rule::unwind_clause => "UNWIND",
        Rule::with_clause => "WITH",
        Rule::return_clause => "RETURN",
        Rule::create_clause => "CREATE",
        Rule::merge_clause => "MERGE",
        Rule::unsupported_clause => return None,
        Rule::where_clause => "WHERE",
        Rule::projection_body | Rule::projection_items | Rule::projection_item => {
            "an expression to return"
        }
        Rule::distinct_kw => "DISTINCT",
        Rule::star => "*",
        Rule::order_by => "ORDER BY",
        Rule::sort_item => "an expression to sort by",
        Rule::sort_dir => "ASC or DESC",
        Rule::skip => "SKIP",
        Rule::limit => "LIMIT",
        Rule::pattern | Rule::pattern_part | Rule::pattern_element | Rule::node_pattern => {
            "a node pattern like (n:Label)"
        }
        Rule::shortest_path | Rule::shortest_kind => "shortestPath(...)",
        Rule::pattern_chain | Rule::relationship_pattern => "a relationship like -[:TYPE]->",
        Rule::node_labels | Rule::label_name => "a label like :Person",
        Rule::node_close => "')'",
        Rule::left_arrow => "<",
        Rule::right_arrow => ">",
        Rule::relationship_detail => "[",
        Rule::rel_types | Rule::rel_type_name => "a relationship type like :MET",
        Rule::range | Rule::range_dots | Rule::range_min | Rule::range_max => "a length like *1..3",
        Rule::properties | Rule::map_literal => "a property map like {name: 'x'}",
        Rule::map_entry => "a property like name: 'x'",
        Rule::expression
        | Rule::or_expr
        | Rule::xor_expr
        | Rule::and_expr
        | Rule::not_expr
        | Rule::comparison
        | Rule::predicate_expr
        | Rule::add_expr
        | Rule::mul_expr
        | Rule::pow_expr
        | Rule::unary_expr
        | Rule::postfix_expr
        | Rule::parenthesized
        | Rule::slice_from
        | Rule::slice_to => "an expression",
        Rule::is_null | Rule::is_not_null => "IS NULL",
        Rule::starts_with => "STARTS WITH",
        Rule::ends_with => "ENDS WITH",
        Rule::contains => "CONTAINS",
        Rule::in_list => "IN",
        Rule::regex_match => "=~",
        Rule::property_lookup => "a property like .name",
        Rule::index | Rule::slice => "[",
        Rule::property_key => "a property name",
        Rule::op_or | Rule::op_xor | Rule::op_and | Rule::op_not => "a boolean operator",
        Rule::comp_op => "a comparison",
        Rule::add_op | Rule::mul_op | Rule::op_pow | Rule::unary_op => "an operator",
        Rule::count_star => "count(*)",
        Rule::function_call | Rule::function_name => "a function call",
        Rule::list_comprehension | Rule::pattern_comprehension => "a list comprehension",
        Rule::relationships_pattern => "a pattern",
        Rule::quantifier | Rule::quantifier_kind => "all/any/none/single(...)",
        Rule::reduce_expr => "reduce(...)",
        Rule::case_expr => "CASE",
        Rule::case_subject => "an expression",
        Rule::case_alternative => "WHEN",
        Rule::case_else => "ELSE",
        Rule::map_projection | Rule::map_projection_item => "a map projection",
        Rule::null_literal | Rule::true_literal | Rule::false_literal => "a value",
        Rule::float_literal | Rule::integer_literal | Rule::exponent => "a number",
        Rule::string_literal | Rule::sq_inner | Rule::dq_inner => "a quoted string",
        Rule::list_literal => "a list like [1, 2]",
        Rule::parameter | Rule::param_index => "a parameter like $name",
        Rule::variable | Rule::symbolic_name | Rule::symbolic_name_raw | Rule::escaped_name => {
            "a name"
        }
        Rule::statement => "a statement",
        Rule::q_who_met_whom
        | Rule::q_who_met
        | Rule::q_where_met
        | Rule::q_when_met
        | Rule::q_who_owns
        | Rule::q_what_owns
        | Rule::q_who_is
        | Rule::q_connected => "a question",
        Rule::q_where_word => "where",
        Rule::q_when_word => "when",
        Rule::entity_rest
        | Rule::entity_before_meet
        | Rule::entity_before_own
        | Rule::entity_before_connected
        | Rule::quoted_name
        | Rule::bare_rest
        | Rule::bare_before_meet
        | Rule::bare_before_own
        | Rule::bare_before_connected
        | Rule::name_word => "a name",
        Rule::kw_who => "who",
        Rule::kw_whom => "whom",
        Rule::kw_met => "met",
        Rule::kw_did => "did",
        Rule::kw_meet => "meet",
        Rule::kw_match => "MATCH",
        Rule::kw_as => "AS",
        Rule::clause => "a clause (MATCH, WITH, RETURN, ...)",
        Rule::predicate_suffix | Rule::postfix => "an operator",
        Rule::atom | Rule::literal | Rule::number_literal => "an expression",
        Rule::ident_char | Rule::reserved_word => "a name",
        // Keywords were answered by `keyword_text` above; whitespace and comments are never
        // what is missing.
        _ => return None,
    })
}

fn syntax_error(text: &str, error: pest::error::Error<Rule>) -> QueryError {
    let (line, column) = match error.line_col {
        pest::error::LineColLocation::Pos(p) => p,
        pest::error::LineColLocation::Span(p, _) => p,
    };
    let offset = match error.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((p, _)) => p,
    };
    let line_text = text.lines().nth(line - 1).unwrap_or("").to_string();
    let expected = match &error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            // Operators are many and rarely what is missing: name them as one.
            const OPERATORS: &[&str] = &[
                "=~",
                "AND",
                "OR",
                "XOR",
                "CONTAINS",
                "ENDS",
                "STARTS",
                "IN",
                "IS",
                "a comparison",
                "an operator",
                "[",
                "a property like .name",
                "STARTS WITH",
                "ENDS WITH",
                "IS NULL",
            ];
            let mut words: Vec<&str> = positives
                .iter()
                .filter_map(|r| rule_words(*r))
                .map(|w| {
                    if OPERATORS.contains(&w) {
                        "an operator"
                    } else {
                        w
                    }
                })
                .collect();
            words.sort_unstable();
            words.dedup();
            match words.len() {
                0 => None,
                1 => Some(words[0].to_string()),
                n => Some(format!("{} or {}", words[..n - 1].join(", "), words[n - 1])),
            }
        }
        pest::error::ErrorVariant::CustomError { message } => Some(message.clone()),
    };
    let rest = &text[offset.min(text.len())..];
    let message = if rest.trim().is_empty() {
        "unexpected end of input".to_string()
    } else if rest.starts_with('\'') || rest.starts_with('"') {
        "unclosed or invalid quoted string".to_string()
    } else {
        let token: String = rest
            .chars()
            .take_while(|c| !c.is_whitespace())
            .take(20)
            .collect();
        format!("unexpected '{token}'")
    };
    QueryError {
        kind: ErrorKind::SyntaxError,
        detail: "UnexpectedSyntax",
        phase: Phase::Compile,
        message,
        position: Some(Position {
            line,
            column,
            line_text,
            expected,
        }),
    }
}

fn invalid(detail: &'static str, message: String) -> QueryError {
    QueryError::syntax(detail, message)
}

// ---- questions ------------------------------------------------------------------------------

fn entity(pair: Pair<Rule>) -> String {
    let inner = kids(pair).next();
    match inner {
        Some(p) if p.as_rule() == Rule::quoted_name => p
            .into_inner()
            .next()
            .map(|s| unescape_lenient(s.as_str()))
            .unwrap_or_default(),
        Some(p) => p.as_str().split_whitespace().collect::<Vec<_>>().join(" "),
        None => String::new(),
    }
}

fn unescape_lenient(s: &str) -> String {
    unescape(s).unwrap_or_else(|_| s.to_string())
}

fn question(pair: Pair<Rule>) -> PResult<Question> {
    let form = pair
        .into_inner()
        .next()
        .ok_or_else(|| QueryError::syntax("UnexpectedSyntax", "empty question"))?;
    let rule = form.as_rule();
    let mut place = false;
    let mut date = false;
    let mut names = Vec::new();
    for p in kids(form) {
        match p.as_rule() {
            Rule::q_where_word => place = true,
            Rule::q_when_word => date = true,
            _ => names.push(entity(p)),
        }
    }
    let name = |i: usize| names.get(i).cloned().unwrap_or_default();
    Ok(match rule {
        Rule::q_who_met_whom => Question::WhoMetWhom { place, date },
        Rule::q_who_met => Question::WhoMet(name(0)),
        Rule::q_where_met => Question::WhereMet(name(0), name(1)),
        Rule::q_when_met => Question::WhenMet(name(0), name(1)),
        Rule::q_who_owns => Question::WhoOwns(name(0)),
        Rule::q_what_owns => Question::WhatOwns(name(0)),
        Rule::q_who_is => Question::WhoIs(name(0)),
        _ => Question::Connected(name(0), name(1)),
    })
}

// ---- clauses --------------------------------------------------------------------------------

fn query(pair: Pair<Rule>) -> PResult<Query> {
    let mut clauses = Vec::new();
    for p in kids(pair) {
        clauses.push(clause(p)?);
    }
    Ok(Query { clauses })
}

fn clause(pair: Pair<Rule>) -> PResult<Clause> {
    let rule = pair.as_rule();
    let text = pair.as_str().trim().to_uppercase();
    let mut inner = kids(pair).peekable();
    Ok(match rule {
        Rule::match_clause => {
            let optional = inner
                .peek()
                .is_some_and(|p| p.as_rule() == Rule::optional_kw);
            if optional {
                inner.next();
            }
            let pattern = pattern(next(&mut inner)?)?;
            let where_ = match inner.next() {
                Some(w) => Some(expression(first(w)?)?),
                None => None,
            };
            Clause::Match {
                optional,
                pattern,
                where_,
            }
        }
        Rule::unwind_clause => {
            let expr = expression(next(&mut inner)?)?;
            let alias = name(next(&mut inner)?);
            Clause::Unwind { expr, alias }
        }
        Rule::with_clause => {
            let projection = projection(next(&mut inner)?)?;
            let where_ = match inner.next() {
                Some(w) => Some(expression(first(w)?)?),
                None => None,
            };
            Clause::With { projection, where_ }
        }
        Rule::return_clause => Clause::Return(projection(next(&mut inner)?)?),
        Rule::create_clause => Clause::Create(pattern(next(&mut inner)?)?),
        Rule::merge_clause => Clause::Merge(pattern_part(next(&mut inner)?)?),
        _ => Clause::Unsupported(text),
    })
}

fn next<'a>(it: &mut impl Iterator<Item = Pair<'a, Rule>>) -> PResult<Pair<'a, Rule>> {
    it.next()
        .ok_or_else(|| QueryError::syntax("UnexpectedSyntax", "incomplete clause"))
}

fn first(pair: Pair<Rule>) -> PResult<Pair<Rule>> {
    kids(pair)
        .next()
        .ok_or_else(|| QueryError::syntax("UnexpectedSyntax", "incomplete expression"))
}

fn projection(pair: Pair<Rule>) -> PResult<Projection> {
    let mut p = Projection {
        distinct: false,
        star: false,
        items: Vec::new(),
        order_by: Vec::new(),
        skip: None,
        limit: None,
    };
    for part in kids(pair) {
        match part.as_rule() {
            Rule::distinct_kw => p.distinct = true,
            Rule::projection_items => {
                for item in kids(part) {
                    match item.as_rule() {
                        Rule::star => p.star = true,
                        _ => {
                            let mut it = kids(item);
                            let e = next(&mut it)?;
                            let text = e.as_str().trim().to_string();
                            let expr = expression(e)?;
                            let alias = it.next().map(name);
                            p.items.push(ProjectionItem { expr, alias, text });
                        }
                    }
                }
            }
            Rule::order_by => {
                for item in kids(part) {
                    let mut it = kids(item);
                    let expr = expression(next(&mut it)?)?;
                    let descending = it
                        .next()
                        .is_some_and(|d| d.as_str().to_ascii_uppercase().starts_with("DESC"));
                    p.order_by.push(SortItem { expr, descending });
                }
            }
            Rule::skip => p.skip = Some(expression(first(part)?)?),
            Rule::limit => p.limit = Some(expression(first(part)?)?),
            _ => {}
        }
    }
    Ok(p)
}

// ---- patterns -------------------------------------------------------------------------------

fn pattern(pair: Pair<Rule>) -> PResult<Vec<PatternPart>> {
    kids(pair).map(pattern_part).collect()
}

fn pattern_part(pair: Pair<Rule>) -> PResult<PatternPart> {
    let mut path_var = None;
    let mut result = None;
    for p in kids(pair) {
        match p.as_rule() {
            Rule::variable => path_var = Some(name(p)),
            _ => result = Some(pattern_element(p)?),
        }
    }
    let (shortest, element) =
        result.ok_or_else(|| QueryError::syntax("UnexpectedSyntax", "empty pattern"))?;
    Ok(PatternPart {
        path_var,
        shortest,
        element,
    })
}

fn pattern_element(pair: Pair<Rule>) -> PResult<(Option<ShortestKind>, PatternElement)> {
    let mut nodes = Vec::new();
    let mut rels = Vec::new();
    for p in kids(pair) {
        match p.as_rule() {
            Rule::shortest_path => {
                let mut it = kids(p);
                let kind = if next(&mut it)?
                    .as_str()
                    .to_ascii_lowercase()
                    .starts_with("all")
                {
                    ShortestKind::All
                } else {
                    ShortestKind::Shortest
                };
                let (_, element) = pattern_element(next(&mut it)?)?;
                return Ok((Some(kind), element));
            }
            Rule::pattern_element => return pattern_element(p),
            Rule::node_pattern => nodes.push(node_pattern(p)?),
            Rule::pattern_chain => {
                let mut it = kids(p);
                rels.push(rel_pattern(next(&mut it)?)?);
                nodes.push(node_pattern(next(&mut it)?)?);
            }
            _ => {}
        }
    }
    Ok((None, PatternElement { nodes, rels }))
}

fn relationships_pattern(pair: Pair<Rule>) -> PResult<PatternElement> {
    let mut nodes = Vec::new();
    let mut rels = Vec::new();
    for p in kids(pair) {
        match p.as_rule() {
            Rule::node_pattern => nodes.push(node_pattern(p)?),
            _ => {
                let mut it = kids(p);
                rels.push(rel_pattern(next(&mut it)?)?);
                nodes.push(node_pattern(next(&mut it)?)?);
            }
        }
    }
    Ok(PatternElement { nodes, rels })
}

fn node_pattern(pair: Pair<Rule>) -> PResult<NodePattern> {
    let mut node = NodePattern::default();
    for p in kids(pair) {
        match p.as_rule() {
            Rule::variable => node.var = Some(name(p)),
            Rule::node_labels => node.labels = kids(p).map(name).collect(),
            Rule::properties => node.props = Some(expression(first(p)?)?),
            _ => {}
        }
    }
    Ok(node)
}

fn rel_pattern(pair: Pair<Rule>) -> PResult<RelPattern> {
    let mut left = false;
    let mut right = false;
    let mut rel = RelPattern {
        var: None,
        types: Vec::new(),
        direction: RelDirection::Both,
        range: None,
        props: None,
    };
    for p in kids(pair) {
        match p.as_rule() {
            Rule::left_arrow => left = true,
            Rule::right_arrow => right = true,
            Rule::relationship_detail => {
                for d in kids(p) {
                    match d.as_rule() {
                        Rule::variable => rel.var = Some(name(d)),
                        Rule::rel_types => rel.types = kids(d).map(name).collect(),
                        Rule::range => {
                            let mut min = None;
                            let mut max = None;
                            let mut dots = false;
                            for r in kids(d) {
                                match r.as_rule() {
                                    Rule::range_min => min = Some(range_bound(r)?),
                                    Rule::range_max => max = Some(range_bound(r)?),
                                    Rule::range_dots => dots = true,
                                    _ => {}
                                }
                            }
                            if !dots && min.is_some() {
                                max = min;
                            }
                            rel.range = Some((min, max));
                        }
                        Rule::properties => rel.props = Some(expression(first(d)?)?),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    rel.direction = match (left, right) {
        (true, false) => RelDirection::Left,
        (false, true) => RelDirection::Right,
        _ => RelDirection::Both,
    };
    Ok(rel)
}

fn range_bound(pair: Pair<Rule>) -> PResult<u64> {
    let text = pair.as_str().trim();
    text.parse::<u64>().map_err(|_| {
        invalid(
            "InvalidNumberLiteral",
            format!("invalid length bound {text}"),
        )
    })
}

/// A name: plain, or back-quoted with `` `` `` for a literal back-quote.
fn name(pair: Pair<Rule>) -> String {
    let text = pair.as_str().trim();
    if text.starts_with('`') {
        let mut out = String::new();
        let inner = &text[1..text.len().saturating_sub(1)];
        out.push_str(&inner.replace("``", "`"));
        out
    } else {
        text.to_string()
    }
}

// ---- expressions ----------------------------------------------------------------------------

fn expression(pair: Pair<Rule>) -> PResult<Expr> {
    match pair.as_rule() {
        Rule::expression
        | Rule::parenthesized
        | Rule::slice_from
        | Rule::slice_to
        | Rule::case_subject => expression(first(pair)?),
        Rule::or_expr => left_assoc(pair, |_| BinaryOp::Or),
        Rule::xor_expr => left_assoc(pair, |_| BinaryOp::Xor),
        Rule::and_expr => left_assoc(pair, |_| BinaryOp::And),
        Rule::add_expr => left_assoc(pair, |op| {
            if op == "+" {
                BinaryOp::Add
            } else {
                BinaryOp::Sub
            }
        }),
        Rule::mul_expr => left_assoc(pair, |op| match op {
            "*" => BinaryOp::Mul,
            "/" => BinaryOp::Div,
            _ => BinaryOp::Mod,
        }),
        Rule::pow_expr => left_assoc(pair, |_| BinaryOp::Pow),
        Rule::not_expr => {
            let mut nots = 0;
            let mut result = None;
            for p in kids(pair) {
                match p.as_rule() {
                    Rule::op_not => nots += 1,
                    _ => result = Some(expression(p)?),
                }
            }
            let mut e = result.ok_or_else(|| invalid("UnexpectedSyntax", "NOT what?".into()))?;
            for _ in 0..nots {
                e = Expr::Unary(UnaryOp::Not, Box::new(e));
            }
            Ok(e)
        }
        Rule::comparison => {
            let mut items = Vec::new();
            let mut ops = Vec::new();
            for p in kids(pair) {
                match p.as_rule() {
                    Rule::comp_op => ops.push(match p.as_str() {
                        "=" => BinaryOp::Eq,
                        "<>" => BinaryOp::Ne,
                        "<" => BinaryOp::Lt,
                        "<=" => BinaryOp::Le,
                        ">" => BinaryOp::Gt,
                        _ => BinaryOp::Ge,
                    }),
                    _ => items.push(expression(p)?),
                }
            }
            Ok(match ops.len() {
                0 => items.remove(0),
                1 => {
                    let b = items.pop().expect("two operands");
                    let a = items.pop().expect("two operands");
                    Expr::Binary(ops[0], Box::new(a), Box::new(b))
                }
                _ => Expr::Chain(items, ops),
            })
        }
        Rule::predicate_expr => {
            let mut it = kids(pair);
            let mut e = expression(next(&mut it)?)?;
            for p in it {
                let rule = p.as_rule();
                e = match rule {
                    Rule::is_null => Expr::Unary(UnaryOp::IsNull, Box::new(e)),
                    Rule::is_not_null => Expr::Unary(UnaryOp::IsNotNull, Box::new(e)),
                    _ => {
                        let op = match rule {
                            Rule::starts_with => BinaryOp::StartsWith,
                            Rule::ends_with => BinaryOp::EndsWith,
                            Rule::contains => BinaryOp::Contains,
                            Rule::in_list => BinaryOp::In,
                            _ => BinaryOp::Regex,
                        };
                        Expr::Binary(op, Box::new(e), Box::new(expression(first(p)?)?))
                    }
                };
            }
            Ok(e)
        }
        Rule::unary_expr => {
            let parts: Vec<Pair<Rule>> = kids(pair).collect();
            let (ops, operand) = parts.split_at(parts.len() - 1);
            let mut e = match (ops.last(), integer_operand(&operand[0])) {
                (Some(op), Some(text)) if op.as_str() == "-" => {
                    // `-9223372036854775808` is in range although its magnitude is not.
                    let v = parse_integer(&text, true)?;
                    let rest = &ops[..ops.len() - 1];
                    return Ok(apply_unary(rest, Expr::Literal(Literal::Int(v))));
                }
                _ => expression(operand[0].clone())?,
            };
            e = apply_unary(ops, e);
            Ok(e)
        }
        Rule::postfix_expr => {
            let mut it = kids(pair);
            let mut e = atom(next(&mut it)?)?;
            for p in it {
                e = match p.as_rule() {
                    Rule::property_lookup => Expr::Property(Box::new(e), name(first(p)?)),
                    Rule::index => Expr::Index(Box::new(e), Box::new(expression(first(p)?)?)),
                    Rule::slice => {
                        let mut from = None;
                        let mut to = None;
                        for s in kids(p) {
                            match s.as_rule() {
                                Rule::slice_from => from = Some(Box::new(expression(s)?)),
                                _ => to = Some(Box::new(expression(s)?)),
                            }
                        }
                        Expr::Slice(Box::new(e), from, to)
                    }
                    _ => Expr::HasLabels(Box::new(e), kids(p).map(name).collect()),
                };
            }
            Ok(e)
        }
        _ => atom(pair),
    }
}

fn apply_unary(ops: &[Pair<Rule>], mut e: Expr) -> Expr {
    for op in ops.iter().rev() {
        e = match op.as_str() {
            "-" => Expr::Unary(UnaryOp::Neg, Box::new(e)),
            _ => Expr::Unary(UnaryOp::Plus, Box::new(e)),
        };
    }
    e
}

/// The text of an integer literal when `pair` (a postfix expression) is nothing else.
fn integer_operand(pair: &Pair<Rule>) -> Option<String> {
    let mut it = kids(pair.clone());
    let atom = it.next()?;
    if it.next().is_some() || atom.as_rule() != Rule::integer_literal {
        return None;
    }
    Some(atom.as_str().to_string())
}

fn left_assoc(pair: Pair<Rule>, op_of: impl Fn(&str) -> BinaryOp) -> PResult<Expr> {
    let mut it = kids(pair);
    let mut e = expression(next(&mut it)?)?;
    while let Some(op) = it.next() {
        let rhs = expression(next(&mut it)?)?;
        e = Expr::Binary(op_of(op.as_str().trim()), Box::new(e), Box::new(rhs));
    }
    Ok(e)
}

fn parse_integer(text: &str, negative: bool) -> PResult<i64> {
    let lower = text.to_ascii_lowercase();
    let (digits, radix) = if let Some(h) = lower.strip_prefix("0x") {
        (h.to_string(), 16)
    } else if let Some(o) = lower.strip_prefix("0o") {
        (o.to_string(), 8)
    } else {
        (lower.clone(), 10)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return Err(invalid(
            "InvalidNumberLiteral",
            format!("invalid number {text}"),
        ));
    }
    let magnitude = u128::from_str_radix(&digits, radix)
        .map_err(|_| invalid("IntegerOverflow", format!("integer {text} is too large")))?;
    let limit = if negative {
        i64::MAX as u128 + 1
    } else {
        i64::MAX as u128
    };
    if magnitude > limit {
        return Err(invalid(
            "IntegerOverflow",
            format!("integer {text} is too large"),
        ));
    }
    Ok(if negative {
        (magnitude as i128).wrapping_neg() as i64
    } else {
        magnitude as i64
    })
}

fn atom(pair: Pair<Rule>) -> PResult<Expr> {
    Ok(match pair.as_rule() {
        Rule::null_literal => Expr::Literal(Literal::Null),
        Rule::true_literal => Expr::Literal(Literal::Bool(true)),
        Rule::false_literal => Expr::Literal(Literal::Bool(false)),
        Rule::integer_literal => Expr::Literal(Literal::Int(parse_integer(pair.as_str(), false)?)),
        Rule::float_literal => {
            let v: f64 = pair.as_str().parse().map_err(|_| {
                invalid(
                    "InvalidNumberLiteral",
                    format!("invalid number {}", pair.as_str()),
                )
            })?;
            if v.is_infinite() {
                return Err(invalid(
                    "FloatingPointOverflow",
                    format!("number {} is too large", pair.as_str()),
                ));
            }
            Expr::Literal(Literal::Float(v))
        }
        Rule::string_literal => {
            let inner = first(pair)?;
            Expr::Literal(Literal::String(unescape(inner.as_str())?))
        }
        Rule::parameter => Expr::Parameter(pair.as_str()[1..].to_string()),
        Rule::variable => Expr::Variable(name(pair)),
        Rule::parenthesized => expression(first(pair)?)?,
        Rule::count_star => Expr::CountStar,
        Rule::list_literal => Expr::List(kids(pair).map(expression).collect::<PResult<Vec<_>>>()?),
        Rule::map_literal => Expr::Map(map_entries(pair)?),
        Rule::function_call => {
            let mut it = kids(pair).peekable();
            let name = next(&mut it)?.as_str().to_string();
            let distinct = it.peek().is_some_and(|p| p.as_rule() == Rule::distinct_kw);
            if distinct {
                it.next();
            }
            let args = it.map(expression).collect::<PResult<Vec<_>>>()?;
            Expr::Function {
                name,
                distinct,
                args,
            }
        }
        Rule::case_expr => {
            let mut subject = None;
            let mut alternatives = Vec::new();
            let mut otherwise = None;
            for p in kids(pair) {
                match p.as_rule() {
                    Rule::case_subject => subject = Some(Box::new(expression(p)?)),
                    Rule::case_alternative => {
                        let mut it = kids(p);
                        let w = expression(next(&mut it)?)?;
                        let t = expression(next(&mut it)?)?;
                        alternatives.push((w, t));
                    }
                    _ => otherwise = Some(Box::new(expression(first(p)?)?)),
                }
            }
            Expr::Case {
                subject,
                alternatives,
                otherwise,
            }
        }
        Rule::list_comprehension => {
            let mut it = kids(pair);
            let var = name(next(&mut it)?);
            let list = Box::new(expression(next(&mut it)?)?);
            let mut filter = None;
            let mut map = None;
            for p in it {
                match p.as_rule() {
                    Rule::where_clause => filter = Some(Box::new(expression(first(p)?)?)),
                    _ => map = Some(Box::new(expression(p)?)),
                }
            }
            Expr::ListComprehension {
                var,
                list,
                filter,
                map,
            }
        }
        Rule::pattern_comprehension => {
            let mut path_var = None;
            let mut element = None;
            let mut filter = None;
            let mut map = None;
            for p in kids(pair) {
                match p.as_rule() {
                    Rule::variable => path_var = Some(name(p)),
                    Rule::relationships_pattern => element = Some(relationships_pattern(p)?),
                    Rule::where_clause => filter = Some(Box::new(expression(first(p)?)?)),
                    _ => map = Some(Box::new(expression(p)?)),
                }
            }
            Expr::PatternComprehension {
                part: Box::new(PatternPart {
                    path_var,
                    shortest: None,
                    element: element
                        .ok_or_else(|| invalid("UnexpectedSyntax", "missing pattern".into()))?,
                }),
                filter,
                map: map.ok_or_else(|| invalid("UnexpectedSyntax", "missing projection".into()))?,
            }
        }
        Rule::relationships_pattern => Expr::PatternPredicate(Box::new(PatternPart {
            path_var: None,
            shortest: None,
            element: relationships_pattern(pair)?,
        })),
        Rule::shortest_path => {
            let text = pair.as_str().to_string();
            let _ = text;
            let (shortest, element) = pattern_element_from_shortest(pair)?;
            Expr::PatternPredicate(Box::new(PatternPart {
                path_var: None,
                shortest,
                element,
            }))
        }
        Rule::quantifier => {
            let mut it = kids(pair);
            let kind = match next(&mut it)?.as_str().to_ascii_lowercase().as_str() {
                "all" => QuantifierKind::All,
                "any" => QuantifierKind::Any,
                "none" => QuantifierKind::None,
                _ => QuantifierKind::Single,
            };
            let var = name(next(&mut it)?);
            let list = Box::new(expression(next(&mut it)?)?);
            let filter = match it.next() {
                Some(w) => Some(Box::new(expression(first(w)?)?)),
                None => None,
            };
            Expr::Quantifier {
                kind,
                var,
                list,
                filter,
            }
        }
        Rule::reduce_expr => {
            let mut it = kids(pair);
            let acc = name(next(&mut it)?);
            let init = Box::new(expression(next(&mut it)?)?);
            let var = name(next(&mut it)?);
            let list = Box::new(expression(next(&mut it)?)?);
            let expr = Box::new(expression(next(&mut it)?)?);
            Expr::Reduce {
                acc,
                init,
                var,
                list,
                expr,
            }
        }
        Rule::map_projection => {
            let mut it = kids(pair);
            let var = name(next(&mut it)?);
            let mut items = Vec::new();
            for item in it {
                let mut parts = kids(item);
                let p = next(&mut parts)?;
                items.push(match p.as_rule() {
                    Rule::star => MapProjectionItem::AllProperties,
                    Rule::variable => MapProjectionItem::Variable(name(p)),
                    _ => match parts.next() {
                        Some(e) => MapProjectionItem::Literal(name(p), expression(e)?),
                        None => MapProjectionItem::Property(name(p)),
                    },
                });
            }
            Expr::MapProjection(var, items)
        }
        _ => expression(pair)?,
    })
}

fn pattern_element_from_shortest(
    pair: Pair<Rule>,
) -> PResult<(Option<ShortestKind>, PatternElement)> {
    let mut it = kids(pair);
    let kind = if next(&mut it)?
        .as_str()
        .to_ascii_lowercase()
        .starts_with("all")
    {
        ShortestKind::All
    } else {
        ShortestKind::Shortest
    };
    let (_, element) = pattern_element(next(&mut it)?)?;
    Ok((Some(kind), element))
}

fn map_entries(pair: Pair<Rule>) -> PResult<Vec<(String, Expr)>> {
    let mut out = Vec::new();
    for entry in kids(pair) {
        let mut it = kids(entry);
        let key = name(next(&mut it)?);
        let value = expression(next(&mut it)?)?;
        out.push((key, value));
    }
    Ok(out)
}

/// Resolves the escapes of a quoted string's inside.
fn unescape(s: &str) -> PResult<String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = chars
            .next()
            .ok_or_else(|| invalid("InvalidUnicodeLiteral", "dangling backslash".into()))?;
        match e {
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'u' | 'U' => {
                let n = if e == 'u' { 4 } else { 8 };
                let hex: String = chars.by_ref().take(n).collect();
                let code = u32::from_str_radix(&hex, 16)
                    .ok()
                    .filter(|_| hex.len() == n)
                    .and_then(char::from_u32)
                    .ok_or_else(|| {
                        invalid(
                            "InvalidUnicodeLiteral",
                            format!("invalid unicode escape \\{e}{hex}"),
                        )
                    })?;
                out.push(code);
            }
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}
