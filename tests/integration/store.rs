//! The graph store's public behaviour at the level engines use it: typed expansion and
//! degrees, property lookups by value, the case-insensitive name index, writes after reads,
//! and snapshots keeping everything.

use newsgraph::graph::{snapshot, Direction, KnowledgeGraph, NodeId, PropValue, Source};

/// A ring of MET relationships a→b→c→a, a self-loop on b, a WORKS_FOR edge a→acme, each
/// MET with a place.
fn ring() -> (KnowledgeGraph, [NodeId; 4]) {
    let mut g = KnowledgeGraph::new();
    let a = g.add_node("person:a", &["Person"]);
    let b = g.add_node("person:b", &["Person"]);
    let c = g.add_node("person:c", &["Person"]);
    let acme = g.add_node("org:acme", &["Organization"]);
    for (n, name) in [(a, "Ann Lee"), (b, "Bob"), (c, "Cid"), (acme, "Acme")] {
        g.set_node_prop(n, "name", Some(name.into()));
    }
    g.set_node_prop(a, "age", Some(PropValue::Int(40)));
    g.set_node_prop(b, "age", Some(PropValue::Float(40.0)));
    g.set_node_prop(c, "age", Some(PropValue::Int(41)));
    for (from, to, place) in [
        (a, b, "Paris"),
        (b, c, "Rome"),
        (c, a, "Paris"),
        (b, b, "Oslo"),
    ] {
        let e = g.add_edge(from, to, "MET");
        g.set_edge_prop(e, "place", Some(place.into()));
    }
    g.add_edge(a, acme, "WORKS_FOR");
    (g, [a, b, c, acme])
}

#[test]
fn typed_expansion_matches_a_filtered_walk_in_the_same_order() {
    let (g, nodes) = ring();
    let met = g.symbol("MET").expect("MET interned");
    for n in nodes {
        for dir in [Direction::Outgoing, Direction::Incoming, Direction::Both] {
            let typed: Vec<_> = g.expand(n, dir, Some(met)).collect();
            let walked: Vec<_> = g
                .expand(n, dir, None)
                .filter(|(e, _)| g.edge(*e).rel_type() == "MET")
                .collect();
            assert_eq!(typed, walked, "node {n:?} {dir:?}");
            assert_eq!(
                g.degree(n, dir, Some(met)),
                typed.len(),
                "node {n:?} {dir:?}"
            );
        }
    }
    // The self-loop on b counts once for Both.
    assert_eq!(g.degree(nodes[1], Direction::Both, Some(met)), 3);
}

#[test]
fn adding_a_relationship_after_an_expansion_is_seen_by_the_next_one() {
    let (mut g, [a, _, c, _]) = ring();
    let met = g.symbol("MET").expect("MET interned");
    assert_eq!(g.degree(a, Direction::Outgoing, Some(met)), 1);
    let e = g.add_edge(a, c, "MET");
    assert_eq!(g.degree(a, Direction::Outgoing, Some(met)), 2);
    assert_eq!(
        g.expand(a, Direction::Outgoing, Some(met)).next(),
        Some((e, c))
    );
}

#[test]
fn lookups_by_property_value_use_cypher_equality() {
    let (g, [a, b, c, _]) = ring();
    let age = g.symbol("age").expect("age interned");
    let person = g.symbol("Person");
    assert_eq!(g.nodes_where(person, age, &PropValue::Int(40)), vec![a, b]);
    assert_eq!(g.nodes_where(None, age, &PropValue::Float(41.0)), vec![c]);
    assert!(g.nodes_where(person, age, &PropValue::Int(7)).is_empty());
    let place = g.symbol("place").expect("place interned");
    let paris: Vec<String> = g
        .edges_where(g.symbol("MET"), place, &"Paris".into())
        .into_iter()
        .map(|e| g.node(g.edge(e).from).name().to_string())
        .collect();
    assert_eq!(paris, ["Ann Lee", "Cid"]);
    assert!(g.edges_where(None, place, &"Berlin".into()).is_empty());
}

#[test]
fn names_and_aliases_are_found_ignoring_case_and_follow_updates() {
    let (mut g, [a, b, _, _]) = ring();
    assert_eq!(g.find_by_name("ANN LEE"), &[a]);
    g.set_node_prop(a, "aliases", Some(vec!["Annie".to_string()].into()));
    g.set_node_prop(b, "aliases", Some(vec!["annie".to_string()].into()));
    assert_eq!(g.find_by_name("Annie"), &[a, b]);
    g.set_node_prop(a, "name", Some("Ann Smith".into()));
    assert!(g.find_by_name("ann lee").is_empty());
    assert_eq!(g.find_by_name("ann smith"), &[a]);
    g.set_node_prop(b, "aliases", None);
    assert_eq!(g.find_by_name("annie"), &[a]);
    assert!(g
        .names()
        .any(|(name, nodes)| name == "ann smith" && nodes == [a]));
    assert_eq!(g.find_by_key("person:b"), Some(b));
    assert_eq!(g.find_by_key("person:z"), None);
}

#[test]
fn bulk_loaded_graph_survives_a_snapshot_round_trip() {
    let mut g = KnowledgeGraph::new();
    g.reserve(100, 200);
    let person = g.intern("Person");
    let met = g.intern("MET");
    let name = g.intern("name");
    let place = g.intern("place");
    let nodes: Vec<NodeId> = (0..100)
        .map(|i| {
            let n = g.add_node_sym(&format!("n:{i}"), &[person]);
            g.set_node_str(n, name, &format!("Person {i}"));
            n
        })
        .collect();
    for i in 0..200 {
        let e = g.add_edge_sym(nodes[i % 100], nodes[(i * 7) % 100], met);
        g.set_edge_str(e, place, if i % 3 == 0 { "Paris" } else { "Rome" });
        if i == 5 {
            g.add_edge_sources(e, [Source::Manual]);
        }
    }
    // A batch big enough to be written on two threads.
    let ends: Vec<(NodeId, NodeId)> = (0..5000)
        .map(|i| (nodes[i % 100], nodes[(i / 100) % 100]))
        .collect();
    let places: Vec<&str> = (0..5000)
        .map(|i| if i % 2 == 0 { "Oslo" } else { "Rome" })
        .collect();
    let first = g
        .add_edges_of_type(met, &ends, &[(place, &places)])
        .expect("non-empty batch");
    assert_eq!(g.edge(first).from, nodes[0]);
    assert_eq!(g.edge(first).prop("place"), Some(&"Oslo".into()));
    g.finish_load();
    assert_eq!(g.edges_of_type("MET").len(), 5200);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("g.json");
    snapshot::save(&g, &path).expect("save");
    let back = snapshot::load(&path).expect("load");
    assert_eq!(back.node_count(), 100);
    assert_eq!(back.edge_count(), 5200);
    assert_eq!(back.find_by_name("person 42").len(), 1);
    let met_back = back.symbol("MET").expect("MET");
    let n7 = back.find_by_key("n:7").expect("n:7");
    assert_eq!(
        back.degree(n7, Direction::Both, Some(met_back)),
        g.degree(nodes[7], Direction::Both, Some(met))
    );
    let with_sources = back
        .edge_ids()
        .filter(|e| back.edge(*e).sources() == [Source::Manual])
        .count();
    assert_eq!(with_sources, 1);
    let place_back = back.symbol("place").expect("place");
    assert_eq!(
        back.edges_where(Some(met_back), place_back, &"Paris".into())
            .len(),
        67
    );
}
