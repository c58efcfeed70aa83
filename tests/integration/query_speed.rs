//! The executor's fast paths (counted and distinct last hops, two-hop distinct chains, label
//! groups, relationship scans, grouped top-k, bidirectional shortest paths) give exactly the
//! answers of the plain row-per-walk plans: each query is compared with a form the planner
//! cannot speed up, and EXPLAIN names the operator used.

use newsgraph::graph::KnowledgeGraph;
use newsgraph::query::{self, Options, Params, Value};

fn run(graph: &mut KnowledgeGraph, q: &str) -> Vec<Vec<Value>> {
    match query::run(graph, q, &Params::new(), &Options::default()) {
        Ok(o) => o.table.rows,
        Err(e) => panic!("query failed: {q}\n{e}"),
    }
}

fn explain(graph: &mut KnowledgeGraph, q: &str) -> String {
    let o = query::run(
        graph,
        &format!("EXPLAIN {q}"),
        &Params::new(),
        &Options::default(),
    )
    .unwrap_or_else(|e| panic!("EXPLAIN failed: {q}\n{e}"));
    o.explain.unwrap_or_default()
}

/// A small graph with what breaks naive shortcuts: parallel relationships, a self-loop,
/// nodes with several labels and a relationship property.
fn tangle() -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    run(
        &mut g,
        "CREATE (a:P {name: 'a'}), (b:P {name: 'b'}), (c:P:Q {name: 'c'}), (d:Q {name: 'd'}),
                (e:P {name: 'e'}), (f:Q:P {name: 'f'}),
                (a)-[:R {w: 1}]->(b), (b)-[:R {w: 2}]->(c), (c)-[:R {w: 1}]->(d),
                (d)-[:R {w: 1}]->(e), (b)-[:R {w: 1}]->(b), (e)-[:R {w: 2}]->(f),
                (a)-[:R {w: 2}]->(c), (c)-[:R {w: 1}]->(a), (f)-[:S]->(a)",
    );
    g
}

#[test]
fn two_hop_chain_reaches_the_start_only_through_another_relationship() {
    let mut g = tangle();
    let fast = "MATCH (x {name: 'a'})-[:R]-()-[:R]-(p) RETURN DISTINCT p.name AS n ORDER BY n";
    assert!(explain(&mut g, fast).contains("two-hop chain"));
    let walk = "MATCH (x {name: 'a'})-[r1:R]-(m)-[r2:R]-(p) RETURN DISTINCT p.name AS n ORDER BY n";
    let rows = run(&mut g, fast);
    assert_eq!(rows, run(&mut g, walk));
    // a reaches c by two relationships, so a-c-a is a walk without a repeated relationship.
    assert!(rows.contains(&vec![Value::String("a".into())]), "{rows:?}");
    // From e, the only way back is e-d-e over one relationship twice: e is not an end.
    let from_e = "MATCH (x {name: 'e'})-[:R]-()-[:R]-(p) RETURN DISTINCT p.name AS n ORDER BY n";
    let rows = run(&mut g, from_e);
    assert!(!rows.contains(&vec![Value::String("e".into())]), "{rows:?}");
    let walk_e =
        "MATCH (x {name: 'e'})-[r1:R]-(m)-[r2:R]-(p) RETURN DISTINCT p.name AS n ORDER BY n";
    assert_eq!(rows, run(&mut g, walk_e));
}

#[test]
fn counted_last_hop_equals_one_row_per_walk() {
    let mut g = tangle();
    let fast = "MATCH (p:Q)-[:R]-(:P) RETURN p.name AS n, count(*) AS c ORDER BY n";
    assert!(explain(&mut g, fast).contains("last hop counted"));
    let walk = "MATCH (p:Q)-[r:R]-(q:P) RETURN p.name AS n, count(r) AS c ORDER BY n";
    assert_eq!(run(&mut g, fast), run(&mut g, walk));
}

#[test]
fn distinct_ends_across_rows_equal_the_walks() {
    let mut g = tangle();
    let fast = "MATCH (x:P)-[:R]-(y) WITH DISTINCT x, y MATCH (y)-[:R]-(p:P) \
                WHERE p.name <> x.name RETURN count(DISTINCT p.name) AS c";
    assert!(explain(&mut g, fast).contains("last hop to distinct ends"));
    let walk = "MATCH (x:P)-[r:R]-(y) WITH x, y, r MATCH (y)-[r2:R]-(p:P) \
                WHERE p.name <> x.name RETURN count(DISTINCT p.name) AS c";
    assert_eq!(run(&mut g, fast), run(&mut g, walk));
}

#[test]
fn label_groups_count_every_node_once() {
    let mut g = tangle();
    let fast = "MATCH (n) RETURN labels(n) AS l, count(*) AS c ORDER BY c, l";
    assert!(explain(&mut g, fast).contains("grouped by label set"));
    let plain = "MATCH (n) RETURN labels(n) AS l, count(n) AS c ORDER BY c, l";
    let rows = run(&mut g, fast);
    assert_eq!(rows, run(&mut g, plain));
    let total: i64 = rows
        .iter()
        .map(|r| match r[1] {
            Value::Int(i) => i,
            _ => 0,
        })
        .sum();
    assert_eq!(total, 6);
}

#[test]
fn relationship_scan_matches_both_ways_and_a_self_loop_once() {
    let mut g = tangle();
    let fast = "MATCH (a)-[r:R]-(b) WHERE r.w = 1 RETURN a.name AS x, b.name AS y ORDER BY x, y";
    assert!(explain(&mut g, fast).contains("relationship scan :R"));
    let walk = "MATCH (a)-[r:R]-(b) WITH a, b, r WHERE r.w = 1 \
                RETURN a.name AS x, b.name AS y ORDER BY x, y";
    let rows = run(&mut g, fast);
    assert_eq!(rows, run(&mut g, walk));
    let loops = rows
        .iter()
        .filter(|r| r[0] == Value::String("b".into()) && r[1] == Value::String("b".into()))
        .count();
    assert_eq!(loops, 1);
}

#[test]
fn grouped_top_k_keeps_the_order_of_a_full_sort() {
    let mut g = KnowledgeGraph::new();
    let full = run(
        &mut g,
        "UNWIND range(1, 60) AS i RETURN i % 7 AS k, count(*) AS c ORDER BY c DESC",
    );
    let top = run(
        &mut g,
        "UNWIND range(1, 60) AS i RETURN i % 7 AS k, count(*) AS c ORDER BY c DESC SKIP 1 LIMIT 3",
    );
    assert_eq!(top, full[1..4].to_vec());
}

#[test]
fn shortest_path_from_both_ends_is_as_short_as_any_path() {
    let mut g = tangle();
    let shortest = "MATCH p = shortestPath((a {name: 'a'})-[:R*..10]-(b {name: 'e'})) \
                    RETURN length(p) AS l, [n IN nodes(p) | n.name][0] AS first";
    let rows = run(&mut g, shortest);
    let any = run(
        &mut g,
        "MATCH p = (a {name: 'a'})-[:R*..10]-(b {name: 'e'}) RETURN min(length(p)) AS l",
    );
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], any[0][0]);
    assert_eq!(rows[0][1], Value::String("a".into()));
}

#[test]
fn property_column_scans_use_cypher_equality() {
    let mut g = KnowledgeGraph::new();
    run(
        &mut g,
        "CREATE (:T {k: 1}), (:T {k: 1.0}), (:T {k: '1'}), (:T {k: 2}), (:U {k: 1}),
                (:T)-[:L {k: 'x'}]->(:T), (:T)-[:L {k: 'y'}]->(:T)",
    );
    let q = "MATCH (n:T) WHERE n.k = 1 RETURN count(*) AS c";
    assert!(explain(&mut g, q).contains("property column scan :T.k"));
    assert_eq!(run(&mut g, q), vec![vec![Value::Int(2)]]);
    let inline = "MATCH (n:T {k: 1.0}) RETURN count(*) AS c";
    assert_eq!(run(&mut g, inline), vec![vec![Value::Int(2)]]);
    let none = "MATCH (n:T) WHERE n.k = null RETURN count(*) AS c";
    assert_eq!(run(&mut g, none), vec![vec![Value::Int(0)]]);
    let rels = "MATCH (a)-[r:L]-(b) WHERE r.k = 'x' RETURN count(*) AS c";
    assert!(explain(&mut g, rels).contains("where k equals"));
    assert_eq!(run(&mut g, rels), vec![vec![Value::Int(2)]]);
}

/// Nodes that share a name, a numeric name, a node without one, a self-loop and parallel
/// relationships: what grouping by a stored string and counting off the adjacency must get
/// right.
fn namesakes() -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    run(
        &mut g,
        "CREATE (a:P {name: 'ann'}), (b:P {name: 'bob'}), (c:P {name: 'ann'}), (d:P {name: 7}),
                (e:P), (f:Q {name: 'bob'}), (h:P:Q {name: 'cy'}),
                (a)-[:M]->(b), (b)-[:M]->(c), (c)-[:M]->(c), (d)-[:M]->(a), (e)-[:M]->(b),
                (f)-[:M]->(a), (h)-[:M]->(a), (a)-[:M]->(h), (b)-[:N]->(d), (a)-[:M]->(b)",
    );
    g
}

#[test]
fn counting_off_the_adjacency_and_grouping_by_stored_strings_equal_the_walks() {
    let mut g = namesakes();
    for (fast, walk) in [
        (
            "MATCH (p:P)-[:M]-(:P) RETURN p.name AS n, count(*) AS c ORDER BY c DESC, n LIMIT 3",
            "MATCH (p:P)-[r:M]-(q:P) RETURN p.name AS n, count(r) AS c ORDER BY c DESC, n LIMIT 3",
        ),
        (
            "MATCH (p)-[:M]-() RETURN p.name AS n, count(*) AS c ORDER BY n, c",
            "MATCH (p)-[r:M]-(q) RETURN p.name AS n, count(r) AS c ORDER BY n, c",
        ),
        (
            "MATCH (p)-[:M]->(:Q) RETURN p.name AS n, count(*) AS c ORDER BY n, c",
            "MATCH (p)-[r:M]->(q:Q) RETURN p.name AS n, count(r) AS c ORDER BY n, c",
        ),
        (
            "MATCH (p)<-[:M]-() RETURN p.name AS n, count(*) AS c ORDER BY c DESC, n LIMIT 2",
            "MATCH (p)<-[r:M]-(q) RETURN p.name AS n, count(r) AS c ORDER BY c DESC, n LIMIT 2",
        ),
    ] {
        assert_eq!(run(&mut g, fast), run(&mut g, walk), "{fast}");
    }
    let counted = "MATCH (p:P)-[:M]-(:P) RETURN p.name AS n, count(*) AS c";
    assert!(explain(&mut g, counted).contains("last hop counted"));
    // The two nodes named 'ann' form one group: 3 + 1 (a) and 2 + 1 for the self-loop (c).
    let rows = run(
        &mut g,
        "MATCH (p:P)-[:M]-() RETURN p.name AS n, count(*) AS c ORDER BY n",
    );
    assert!(
        rows.contains(&vec![Value::String("ann".into()), Value::Int(8)]),
        "{rows:?}"
    );
}

#[test]
fn distinct_keeps_first_occurrences_of_equivalent_rows() {
    let mut g = KnowledgeGraph::new();
    let rows = run(
        &mut g,
        "UNWIND [1, 1.0, null, 'a', null, 'a', [1], [1.0], 2] AS x RETURN DISTINCT x",
    );
    let expected = vec![
        vec![Value::Int(1)],
        vec![Value::Null],
        vec![Value::String("a".into())],
        vec![Value::List(vec![Value::Int(1)])],
        vec![Value::Int(2)],
    ];
    assert_eq!(rows, expected);
}
