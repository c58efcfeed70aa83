//! Query language behaviour on small graphs built in the test: Cypher clauses, expressions,
//! errors with positions, and the plain question forms.

use newsgraph::graph::{KnowledgeGraph, PropValue, Source};
use newsgraph::query::{self, Options, Params, Value};

fn run(graph: &mut KnowledgeGraph, q: &str) -> query::Table {
    match query::run(graph, q, &Params::new(), &Options::default()) {
        Ok(o) => o.table,
        Err(e) => panic!("query failed: {q}\n{e}"),
    }
}

fn strings(table: &query::Table, col: usize) -> Vec<String> {
    table
        .rows
        .iter()
        .map(|r| match &r[col] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}

fn people() -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    run(
        &mut g,
        "CREATE (a:Person {name: 'Ann', age: 40}), (b:Person {name: 'Bob', age: 30}),
                (c:Person {name: 'Cid', age: 50}), (o:Organization {name: 'Acme'}),
                (a)-[:KNOWS {since: 2001}]->(b), (b)-[:KNOWS]->(c), (a)-[:WORKS_AT]->(o)",
    );
    g
}

/// A graph shaped like the extractor's output: people, a meeting event, derived MET edges.
fn news() -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    let src = |rule: &str| Source::Text {
        doc: 0,
        sentence: 0,
        start: 0,
        end: 10,
        rule: rule.to_string(),
    };
    let person = |g: &mut KnowledgeGraph, key: &str, name: &str, aliases: &[&str]| {
        let id = g.add_node(key, &["Person"]);
        g.set_node_prop(id, "name", Some(name.into()));
        g.set_node_prop(
            id,
            "aliases",
            Some(PropValue::from(
                aliases.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            )),
        );
        id
    };
    let bessent = person(
        &mut g,
        "person:scott-bessent",
        "Scott Bessent",
        &["Bessent"],
    );
    let he = person(&mut g, "person:he-lifeng", "He Lifeng", &["He"]);
    let trump = person(&mut g, "person:donald-trump", "Donald Trump", &["Trump"]);
    let xi = person(&mut g, "person:xi-jinping", "Xi Jinping", &["Xi"]);
    let madrid = g.add_node("place:madrid", &["Place"]);
    g.set_node_prop(madrid, "name", Some("Madrid".into()));
    let bytedance = g.add_node("organization:bytedance", &["Organization"]);
    g.set_node_prop(bytedance, "name", Some("ByteDance".into()));
    let tiktok = g.add_node("organization:tiktok", &["Organization"]);
    g.set_node_prop(tiktok, "name", Some("TikTok".into()));
    let owns = g.add_edge(bytedance, tiktok, "OWNS");
    g.add_edge_sources(owns, [src("ownership")]);
    // Two MET edges for the same pair (two events) must collapse into one row.
    for (event, status) in [("Madrid talks", None), ("Madrid dinner", None)] {
        let m = g.add_edge(bessent, he, "MET");
        g.set_edge_prop(m, "place", Some("Madrid".into()));
        g.set_edge_prop(m, "event", Some(event.into()));
        if let Some(s) = status {
            g.set_edge_prop(m, "status", Some(PropValue::Str(s)));
        }
        g.add_edge_sources(m, [src(event)]);
    }
    // An organisation taking part in a meeting is no answer to "who".
    let with_company = g.add_edge(bessent, bytedance, "MET");
    g.add_edge_sources(with_company, [src("company meeting")]);
    let call = g.add_edge(trump, xi, "MET");
    g.set_edge_prop(call, "status", Some("cancelled".into()));
    let role = g.add_edge(
        bessent,
        g.find_by_key("organization:bytedance").unwrap(),
        "HOLDS_ROLE",
    );
    g.set_edge_prop(role, "title", Some("adviser".into()));
    g
}

#[test]
fn match_where_return_order_limit() {
    let mut g = people();
    let t = run(
        &mut g,
        "MATCH (p:Person) WHERE p.age >= 40 RETURN p.name AS name ORDER BY name DESC LIMIT 5",
    );
    assert_eq!(t.columns, vec!["name"]);
    assert_eq!(strings(&t, 0), vec!["Cid", "Ann"]);
}

#[test]
fn relationship_types_directions_and_count() {
    let mut g = people();
    let t = run(
        &mut g,
        "MATCH (a)-[:KNOWS]->(b) RETURN a.name, b.name ORDER BY a.name",
    );
    assert_eq!(t.columns, vec!["a.name", "b.name"]);
    assert_eq!(strings(&t, 0), vec!["Ann", "Bob"]);
    let t = run(
        &mut g,
        "MATCH (a {name: 'Bob'})<-[:KNOWS|WORKS_AT]-(b) RETURN b.name",
    );
    assert_eq!(strings(&t, 0), vec!["Ann"]);
    let t = run(
        &mut g,
        "MATCH (a:Person)-[r]-(b) RETURN count(*) AS n, count(DISTINCT a) AS people",
    );
    assert_eq!(t.rows, vec![vec![Value::Int(5), Value::Int(3)]]);
}

#[test]
fn boolean_logic_distinct_and_null() {
    let mut g = people();
    let t = run(
        &mut g,
        "MATCH (p:Person) WHERE NOT (p.age < 35 OR p.name = 'Cid') AND p.missing IS NULL \
         RETURN DISTINCT p.name",
    );
    assert_eq!(strings(&t, 0), vec!["Ann"]);
    let t = run(
        &mut g,
        "RETURN null = null AS a, null OR true AS b, 1 < 2 < 3 AS c",
    );
    assert_eq!(
        t.rows[0],
        vec![Value::Null, Value::Bool(true), Value::Bool(true)]
    );
}

#[test]
fn aggregation_with_grouping_and_unwind() {
    let mut g = KnowledgeGraph::new();
    let t = run(
        &mut g,
        "UNWIND [1, 2, 2, 3, null] AS x WITH x % 2 AS parity, x \
         RETURN parity, collect(x) AS xs, sum(x) AS total ORDER BY parity",
    );
    assert_eq!(t.columns, vec!["parity", "xs", "total"]);
    assert_eq!(t.rows.len(), 3);
    assert_eq!(t.rows[0][2], Value::Int(4));
}

#[test]
fn variable_length_and_shortest_path() {
    let mut g = people();
    let t = run(
        &mut g,
        "MATCH (a {name: 'Ann'})-[:KNOWS*1..2]->(b) RETURN b.name ORDER BY b.name",
    );
    assert_eq!(strings(&t, 0), vec!["Bob", "Cid"]);
    let t = run(
        &mut g,
        "MATCH (a {name: 'Ann'}), (c {name: 'Cid'}) MATCH p = shortestPath((a)-[*]-(c)) \
         RETURN length(p) AS hops, [n IN nodes(p) | n.name] AS names",
    );
    assert_eq!(t.rows[0][0], Value::Int(2));
}

#[test]
fn create_and_merge_report_side_effects() {
    let mut g = KnowledgeGraph::new();
    let o = query::run(
        &mut g,
        "CREATE (a:X {k: 1})-[:R]->(b:Y)",
        &Params::new(),
        &Options::default(),
    )
    .unwrap();
    assert_eq!(o.stats.nodes_created, 2);
    assert_eq!(o.stats.relationships_created, 1);
    assert_eq!(o.stats.labels_added, 2);
    let o = query::run(
        &mut g,
        "MERGE (a:X {k: 1}) RETURN a.k",
        &Params::new(),
        &Options::default(),
    )
    .unwrap();
    assert_eq!(o.stats.nodes_created, 0);
    assert_eq!(o.table.rows, vec![vec![Value::Int(1)]]);
    let id = g.nodes_with_label("X")[0];
    assert_eq!(g.node(id).sources(), &[Source::Manual]);
}

#[test]
fn parameters_and_param_values() {
    let mut g = people();
    let mut params = Params::new();
    params.insert("name".into(), query::parse_param_value("'Bob'").unwrap());
    let t = query::run(
        &mut g,
        "MATCH (p {name: $name}) RETURN p.age",
        &params,
        &Options::default(),
    )
    .unwrap()
    .table;
    assert_eq!(t.rows, vec![vec![Value::Int(30)]]);
    assert_eq!(query::parse_param_value("42").unwrap(), Value::Int(42));
    assert_eq!(
        query::parse_param_value("He Lifeng").unwrap(),
        Value::String("He Lifeng".into())
    );
}

#[test]
fn syntax_error_points_at_line_and_column_in_words() {
    let mut g = KnowledgeGraph::new();
    let err = query::run(
        &mut g,
        "MATCH (n)\nRETURN n.name AS",
        &Params::new(),
        &Options::default(),
    )
    .unwrap_err();
    assert_eq!(err.kind, query::ErrorKind::SyntaxError);
    assert_eq!(err.line(), Some(2));
    let shown = err.to_string();
    assert!(shown.starts_with("2:"), "{shown}");
    assert!(shown.contains("RETURN n.name AS\n"), "{shown}");
    assert!(shown.contains('^'), "{shown}");
    assert!(shown.contains("expected"), "{shown}");
    assert!(
        !shown.contains("_expr") && !shown.contains("symbolic_name"),
        "{shown}"
    );
    let err = query::run(
        &mut g,
        "MATCH (n) RETURN 'open",
        &Params::new(),
        &Options::default(),
    )
    .unwrap_err();
    assert_eq!(err.column(), Some(18));
}

#[test]
fn semantic_errors_carry_tck_codes() {
    let mut g = KnowledgeGraph::new();
    let code = |g: &mut KnowledgeGraph, q: &str| {
        query::run(g, q, &Params::new(), &Options::default())
            .unwrap_err()
            .detail
    };
    assert_eq!(code(&mut g, "MATCH (a) RETURN b"), "UndefinedVariable");
    assert_eq!(
        code(&mut g, "MATCH ()-[r]-() MATCH (r) RETURN r"),
        "VariableTypeConflict"
    );
    assert_eq!(
        code(&mut g, "MATCH (a) WHERE count(a) > 1 RETURN a"),
        "InvalidAggregation"
    );
}

#[test]
fn cancelled_query_stops() {
    let mut g = KnowledgeGraph::new();
    let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let options = Options {
        cancel: Some(flag),
        ..Options::default()
    };
    let err = query::run(
        &mut g,
        "UNWIND range(1, 100000) AS x RETURN count(x)",
        &Params::new(),
        &options,
    )
    .unwrap_err();
    assert_eq!(err.kind, query::ErrorKind::Cancelled);
}

#[test]
fn who_met_whom_where_gives_each_pair_of_persons_once_without_cancelled_meetings() {
    let mut g = news();
    let t = run(&mut g, "who met whom where?");
    assert_eq!(t.columns, vec!["who", "whom", "where", "status", "sources"]);
    assert_eq!(t.rows.len(), 1, "{:?}", t.rows);
    let row = &t.rows[0];
    let mut pair = vec![strings(&t, 0)[0].clone(), strings(&t, 1)[0].clone()];
    pair.sort();
    assert_eq!(pair, vec!["He Lifeng", "Scott Bessent"]);
    assert_eq!(row[2], Value::String("Madrid".into()));
    let Value::List(sources) = &row[4] else {
        panic!("sources should be a list")
    };
    assert_eq!(sources.len(), 2);
}

#[test]
fn questions_with_names_and_aliases() {
    let mut g = news();
    assert_eq!(
        strings(&run(&mut g, "who met \"He Lifeng\""), 0),
        vec!["Scott Bessent"]
    );
    assert_eq!(
        strings(&run(&mut g, "Where did Bessent meet He Lifeng?"), 0),
        vec!["Madrid"]
    );
    assert_eq!(
        strings(&run(&mut g, "who owns TikTok"), 0),
        vec!["ByteDance"]
    );
    assert_eq!(
        strings(&run(&mut g, "what does ByteDance own"), 0),
        vec!["TikTok"]
    );
    assert_eq!(
        strings(&run(&mut g, "who is Bessent"), 0),
        vec!["Scott Bessent"]
    );
    let t = run(&mut g, "how is Bessent connected to TikTok");
    assert_eq!(t.rows[0][2], Value::Int(2));
}

#[test]
fn unknown_names_suggest_and_explain_shows_the_query() {
    let mut g = news();
    let err = query::run(
        &mut g,
        "who met Besent",
        &Params::new(),
        &Options::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("did you mean \"Scott Bessent\""),
        "{err}"
    );
    let o = query::run(
        &mut g,
        "EXPLAIN who met whom where",
        &Params::new(),
        &Options::default(),
    )
    .unwrap();
    let text = o.explain.unwrap();
    assert!(
        text.contains("MATCH (a:Person)-[m:MET]-(b:Person)"),
        "{text}"
    );
    assert!(text.contains("plan:"), "{text}");
    assert!(text.contains("relationship scan :MET"), "{text}");
    assert!(o.table.rows.is_empty());
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let mut g = KnowledgeGraph::new();
    let q = format!("RETURN {}1{} AS x", "(".repeat(150), ")".repeat(150));
    let t = query::run(&mut g, &q, &Params::new(), &Options::default()).unwrap();
    assert_eq!(t.table.rows, vec![vec![Value::Int(1)]]);
    let q = format!("RETURN {}1{}", "[".repeat(100_000), "]".repeat(100_000));
    let err = query::run(&mut g, &q, &Params::new(), &Options::default()).unwrap_err();
    assert_eq!(err.detail, "NestingTooDeep");
}

#[test]
fn empty_results_explain_unknown_names() {
    let mut g = people();
    let o = query::run(
        &mut g,
        "MATCH (p:Persn)-[:KNOWZ]->(q) WHERE p.nmae = 'Ann' RETURN q",
        &Params::new(),
        &Options::default(),
    )
    .unwrap();
    assert!(o.table.rows.is_empty());
    let all = o.warnings.join("\n");
    assert!(all.contains("did you mean :Person?"), "{all}");
    assert!(all.contains("did you mean :KNOWS?"), "{all}");
    assert!(all.contains("did you mean .name?"), "{all}");
}

#[test]
fn ambiguous_names_list_the_candidates() {
    let mut g = news();
    let other = g.add_node("person:he-yadong", &["Person"]);
    g.set_node_prop(other, "name", Some("He Yadong".into()));
    g.set_node_prop(
        other,
        "aliases",
        Some(PropValue::from(vec!["He".to_string()])),
    );
    let err = query::run(&mut g, "who met He", &Params::new(), &Options::default()).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("ambiguous"), "{text}");
    assert!(
        text.contains("He Lifeng") && text.contains("He Yadong"),
        "{text}"
    );
    // The full name still resolves.
    assert_eq!(
        strings(&run(&mut g, "who met 'He Lifeng'"), 0),
        vec!["Scott Bessent"]
    );
}

#[test]
fn distinct_variable_length_ends_match_full_enumeration() {
    let mut g = KnowledgeGraph::new();
    run(
        &mut g,
        "CREATE (a {name: 'A'})-[:T]->(b {name: 'B'})-[:T]->(c {name: 'C'})-[:T]->(a), \
         (c)-[:T]->(d {name: 'D'})",
    );
    let distinct = |g: &mut KnowledgeGraph, range: &str| {
        let t = run(
            g,
            &format!(
                "MATCH ({{name: 'A'}})-[:T*{range}]->(x) RETURN DISTINCT x.name AS n ORDER BY n"
            ),
        );
        let explain = query::run(
            g,
            &format!("EXPLAIN MATCH ({{name: 'A'}})-[:T*{range}]->(x) RETURN DISTINCT x.name"),
            &Params::new(),
            &Options::default(),
        )
        .unwrap()
        .explain
        .unwrap();
        (strings(&t, 0), explain)
    };
    // The start node is an end only through a closed trail (length 3 here).
    let (names, explain) = distinct(&mut g, "1..3");
    assert_eq!(names, vec!["A", "B", "C", "D"]);
    assert!(explain.contains("distinct ends"), "{explain}");
    assert_eq!(distinct(&mut g, "1..2").0, vec!["B", "C"]);
    // Same answer as enumerating every path (a named relationship list disables the shortcut).
    let all = run(
        &mut g,
        "MATCH ({name: 'A'})-[r:T*1..3]->(x) RETURN DISTINCT x.name AS n ORDER BY n",
    );
    assert_eq!(strings(&all, 0), vec!["A", "B", "C", "D"]);
}

#[test]
fn ast_display_round_trips_through_the_parser() {
    for q in [
        "MATCH (a:Person {name: 'Ann'})-[r:KNOWS|WORKS_AT*1..2]->(b) WHERE a.age > 3 AND NOT b:X \
         RETURN a.name AS `where`, count(DISTINCT b) AS n ORDER BY n DESC SKIP 1 LIMIT 2",
        "UNWIND [1, 2] AS x WITH x WHERE x IN [1] RETURN [y IN range(0, x) WHERE y > 0 | y * 2] AS l",
        "OPTIONAL MATCH p = (a)<-[:T]-(b) RETURN CASE WHEN a IS NULL THEN 'none' ELSE 'x' END AS c",
    ] {
        let first = query::parser::parse(q).unwrap();
        let query::ast::Body::Query(ast) = &first.body else {
            panic!("a query")
        };
        // Printing is a fixed point: the printed query parses back to the same printed query.
        let printed = ast.to_string();
        let second = query::parser::parse(&printed).unwrap();
        let query::ast::Body::Query(again) = &second.body else {
            panic!("a query")
        };
        assert_eq!(again.to_string(), printed);
    }
}

#[test]
fn scripts_split_at_semicolons_outside_quotes_and_comments() {
    let script = "// setup\nCREATE (:A {s: 'x;y'});\n\nMATCH (a) // a comment; not a split\nRETURN a.s;\n/* c; */ RETURN 1";
    let parts = query::split_statements(script);
    let texts: Vec<&str> = parts.iter().map(|p| p.text).collect();
    assert_eq!(
        texts,
        vec![
            "// setup\nCREATE (:A {s: 'x;y'})",
            "MATCH (a) // a comment; not a split\nRETURN a.s",
            "/* c; */ RETURN 1"
        ]
    );
    assert_eq!(
        parts.iter().map(|p| p.first_line).collect::<Vec<_>>(),
        vec![1, 4, 6]
    );
    // Errors point into the statement; the script line is first_line + line - 1.
    let mut g = KnowledgeGraph::new();
    let bad = query::split_statements("RETURN 1;\nMATCH (n)\nRETURN n.");
    let err = query::run(&mut g, bad[1].text, &Params::new(), &Options::default()).unwrap_err();
    assert_eq!(bad[1].first_line + err.line().unwrap() - 1, 3);
}
