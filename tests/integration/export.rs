//! Graph exports, each read back by the real tool: Graphviz renders the DOT, networkx reads
//! GraphML and GEXF, Kùzu loads its folder, rdflib parses N-Triples and Turtle, Python's csv
//! reads the Neo4j CSVs, and JSON snapshots load back into the same graph.
//!
//! Tools: Graphviz `dot` on PATH; Python from NEWSGRAPH_PYTHON, else `<repo>/.venv/bin/python`,
//! else `python3`, with networkx, kuzu and rdflib. A missing tool skips its test with a loud
//! message, except under CI=true, where it fails.

use newsgraph::graph::snapshot;
use newsgraph::graph::{DocumentRecord, KnowledgeGraph, NodeId, PropValue, Source};
use newsgraph::output::export::{export, render_image, ExportError, ExportFormat, ExportOptions};
use newsgraph::output::selection::Selection;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

// ---- test graphs ------------------------------------------------------------------------

fn text_source(doc: u32, sentence: u32, rule: &str) -> Source {
    Source::Text {
        doc,
        sentence,
        start: sentence * 100,
        end: sentence * 100 + 20,
        rule: rule.to_string(),
    }
}

fn entity(g: &mut KnowledgeGraph, key: &str, label: &str, name: &str, doc: u32) -> NodeId {
    let id = g.add_node(key, &[label]);
    g.set_node_prop(id, "name", Some(name.into()));
    g.add_node_sources(id, [text_source(doc, 0, "ner")]);
    id
}

fn link(
    g: &mut KnowledgeGraph,
    from: NodeId,
    to: NodeId,
    rel_type: &str,
    props: &[(&str, PropValue)],
    doc: u32,
) {
    let e = g.add_edge(from, to, rel_type);
    for (k, v) in props {
        g.set_edge_prop(e, k, Some(v.clone()));
    }
    g.add_edge_sources(e, [text_source(doc, 1, "meeting")]);
}

/// A small news graph in the shape extraction produces: two documents, people meeting at an
/// event in a place about a topic, roles, mentions, and two meetings between the same pair.
fn news_graph() -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    for (id, title) in [
        ("madrid-talks", "Trade talks in Madrid"),
        ("geneva", "Geneva round"),
    ] {
        g.add_document(DocumentRecord {
            id: id.to_string(),
            title: Some(title.to_string()),
            date: Some("2025-09-15".to_string()),
            sentences: vec![
                "Scott Bessent met He Lifeng in Madrid.".to_string(),
                "They discussed trade.".to_string(),
            ],
            sentence_starts: vec![0, 100],
            ..Default::default()
        });
    }
    let bessent = entity(&mut g, "person:scott-bessent", "Person", "Scott Bessent", 0);
    g.set_node_prop(
        bessent,
        "aliases",
        Some(
            vec![
                "Bessent".to_string(),
                "Treasury Secretary Scott Bessent".to_string(),
            ]
            .into(),
        ),
    );
    let he = entity(&mut g, "person:he-lifeng", "Person", "He Lifeng", 0);
    let treasury = entity(
        &mut g,
        "organization:us-treasury",
        "Organization",
        "U.S. Treasury",
        0,
    );
    let madrid = entity(&mut g, "place:madrid", "Place", "Madrid", 0);
    g.set_node_prop(madrid, "kind", Some("city".into()));
    let talks = entity(&mut g, "event:madrid-talks", "Event", "Madrid talks", 0);
    g.set_node_prop(talks, "kind", Some("talks".into()));
    g.set_node_prop(talks, "date", Some("2025-09-14".into()));
    g.set_node_prop(talks, "round", Some(PropValue::Int(4)));
    let geneva_talks = entity(&mut g, "event:geneva-talks", "Event", "Geneva talks", 1);
    g.set_node_prop(geneva_talks, "date", Some("2025-05".into()));
    let geneva = entity(&mut g, "place:geneva", "Place", "Geneva", 1);
    let trade = entity(&mut g, "topic:trade", "Topic", "trade", 0);
    let doc0 = g.add_node("document:madrid-talks", &["Document"]);
    g.set_node_prop(doc0, "id", Some("madrid-talks".into()));
    let doc1 = g.add_node("document:geneva", &["Document"]);
    g.set_node_prop(doc1, "id", Some("geneva".into()));

    for p in [bessent, he] {
        link(
            &mut g,
            p,
            talks,
            "PARTICIPATED_IN",
            &[("role", "negotiator".into())],
            0,
        );
        link(&mut g, p, geneva_talks, "PARTICIPATED_IN", &[], 1);
    }
    link(&mut g, talks, madrid, "HELD_IN", &[], 0);
    link(&mut g, geneva_talks, geneva, "HELD_IN", &[], 1);
    link(&mut g, talks, trade, "ABOUT", &[], 0);
    link(
        &mut g,
        bessent,
        treasury,
        "HOLDS_ROLE",
        &[("title", "Treasury Secretary".into())],
        0,
    );
    link(
        &mut g,
        bessent,
        he,
        "MET",
        &[
            ("place", "Madrid".into()),
            ("date", "2025-09-14".into()),
            ("event", "Madrid talks".into()),
        ],
        0,
    );
    link(
        &mut g,
        bessent,
        he,
        "MET",
        &[
            ("place", "Geneva".into()),
            ("date", "2025-05".into()),
            ("event", "Geneva talks".into()),
        ],
        1,
    );
    link(
        &mut g,
        madrid,
        geneva,
        "LOCATED_IN",
        &[("confidence", PropValue::Float(0.5))],
        0,
    );
    for (doc, nodes) in [
        (doc0, vec![bessent, he, madrid, talks, trade, treasury]),
        (doc1, vec![bessent, he, geneva, geneva_talks]),
    ] {
        for n in nodes {
            link(
                &mut g,
                doc,
                n,
                "MENTIONS",
                &[("count", PropValue::Int(2))],
                0,
            );
        }
    }
    g
}

/// Names that break naive writers: quotes, backslashes, line breaks, markup characters,
/// emoji, Chinese, Arabic; in names, aliases, keys, rule names and document ids.
const HOSTILE_NAMES: &[&str] = &[
    "Jean \"The Hammer\" O'Brien",
    "C:\\Users\\back\\slash\\",
    "two\nlines\r\nthree",
    "AT&T <Corp> & \"Sons\" &amp; &lt;b&gt;",
    "Emoji 🚀🇺🇸 Team",
    "习近平",
    "محمد بن سلمان",
    "tab\there; semi|pipe, comma",
];

fn hostile_graph() -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    g.add_document(DocumentRecord {
        id: "doc \"one\"|<&>\\".to_string(),
        title: Some("Title with \"quotes\" & <tags>\nand a break".to_string()),
        sentences: vec![
            "He said \"hi\" \\ and left.\nNew line 🚀.".to_string(),
            "习近平 met محمد بن سلمان.".to_string(),
        ],
        sentence_starts: vec![0, 100],
        ..Default::default()
    });
    let labels = [
        "Person",
        "Organization",
        "Place",
        "Person",
        "Person",
        "Person",
        "Person",
        "Topic",
    ];
    let mut ids = Vec::new();
    for (i, (name, label)) in HOSTILE_NAMES.iter().zip(labels).enumerate() {
        // Keys as odd as names: the first ones keep the name's characters verbatim.
        let key = if i < 5 {
            format!("{}:{name}", label.to_lowercase())
        } else {
            format!(
                "{}:{}",
                label.to_lowercase(),
                newsgraph::graph::build::slug(name)
            )
        };
        let id = g.add_node(&key, &[label]);
        g.set_node_prop(id, "name", Some((*name).into()));
        g.set_node_prop(
            id,
            "aliases",
            Some(vec![format!("{name} (alias)"), "x|y;z¦w, \"q\"".to_string()].into()),
        );
        g.add_node_sources(id, [text_source(0, (i % 2) as u32, "rule \"odd\"|;\\")]);
        ids.push(id);
    }
    for pair in ids.windows(2) {
        let e = g.add_edge(pair[0], pair[1], "MET");
        g.set_edge_prop(e, "place", Some(HOSTILE_NAMES[3].into()));
        g.set_edge_prop(e, "note", Some("a\nb \"c\" \\d 🚀".into()));
        g.add_edge_sources(e, [text_source(0, 1, "met <rule>")]);
    }
    let e = g.add_edge(ids[0], ids[7], "DISCUSSED");
    g.add_edge_sources(e, [Source::Manual]);
    g
}

fn met_count(g: &KnowledgeGraph) -> usize {
    g.edges_of_type("MET").len()
}

fn names(g: &KnowledgeGraph) -> BTreeSet<String> {
    g.node_ids().map(|n| g.node(n).name().to_string()).collect()
}

// ---- tools --------------------------------------------------------------------------------

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Skips (loudly) outside CI, fails under CI.
fn missing(tool: &str, why: &str) {
    if in_ci() {
        panic!("{tool} is required under CI but unavailable: {why}");
    }
    eprintln!(
        "\n!!!!! SKIPPED: {tool} is not available ({why}); install it to run this test \
         (apt-get install graphviz; python3 -m venv .venv && .venv/bin/pip install networkx \
         kuzu rdflib) !!!!!\n"
    );
}

fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("NEWSGRAPH_PYTHON") {
        // A relative path must survive the tests that run Python in another folder (made
        // absolute, not canonical: resolving a venv's symlink would leave the venv).
        let p = PathBuf::from(p);
        return match std::env::current_dir() {
            Ok(dir) if p.is_relative() && p.components().count() > 1 => dir.join(p),
            _ => p,
        };
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    if venv.exists() {
        return venv;
    }
    PathBuf::from("python3")
}

/// A Python that can import `module`, or None after reporting it missing.
fn python_with(module: &str) -> Option<PathBuf> {
    let py = python();
    let ok = Command::new(&py)
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        Some(py)
    } else {
        missing(
            &format!("python module {module}"),
            &format!("{} cannot import it", py.display()),
        );
        None
    }
}

/// Runs a Python snippet with arguments; returns stdout, failing the test on error.
fn run_python(py: &Path, script: &str, args: &[&Path], cwd: Option<&Path>) -> String {
    let mut cmd = Command::new(py);
    cmd.arg("-c").arg(script).args(args);
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    let out = cmd.output().expect("python runs");
    assert!(
        out.status.success(),
        "python failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn has_dot() -> bool {
    let ok = Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        missing("Graphviz dot", "not found on PATH");
    }
    ok
}

fn options() -> ExportOptions {
    ExportOptions {
        clusters: true,
        legend: true,
        ..ExportOptions::default()
    }
}

fn export_to(g: &KnowledgeGraph, sel: &Selection, format: ExportFormat, path: &Path) {
    export(g, sel, format, &options(), Some(path)).unwrap_or_else(|e| panic!("{format}: {e}"));
}

/// Both test graphs, with a name for messages.
fn graphs() -> Vec<(&'static str, KnowledgeGraph)> {
    vec![("news", news_graph()), ("hostile", hostile_graph())]
}

// ---- DOT, SVG, PNG ------------------------------------------------------------------------

#[test]
fn graphviz_renders_the_dot_of_every_test_graph() {
    if !has_dot() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, g) in graphs() {
        let sel = Selection::whole(&g);
        let dot_path = dir.path().join(format!("{name}.dot"));
        export_to(&g, &sel, ExportFormat::Dot, &dot_path);
        if let Some(debug) = std::env::var_os("EXPORT_DEBUG_DIR") {
            std::fs::copy(&dot_path, Path::new(&debug).join(format!("{name}.dot"))).unwrap();
        }
        let out = Command::new("dot")
            .arg("-Tsvg")
            .arg(&dot_path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: dot rejected our DOT:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Graphviz writes one <text> per label line; long labels are wrapped at spaces, so
        // the texts (entities decoded) joined by spaces must contain every name, its lines
        // joined by spaces.
        let svg = String::from_utf8(out.stdout).unwrap();
        let decode = |t: &str| {
            t.replace("&#45;", "-")
                .replace("&#39;", "'")
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        };
        let texts: Vec<String> = svg
            .split("</text>")
            .filter_map(|chunk| chunk.rsplit_once('>').map(|(_, t)| decode(t)))
            .collect();
        let joined = texts.join(" ");
        for n in g.node_ids() {
            let node = g.node(n);
            let shown = node
                .prop("title")
                .map_or(node.name().to_string(), |t| t.to_string());
            let expected = shown.lines().collect::<Vec<_>>().join(" ");
            assert!(
                joined.contains(&expected),
                "{name}: label {shown:?} missing from the SVG"
            );
        }
    }
}

#[test]
fn svg_and_png_exports_go_through_graphviz() {
    if !has_dot() {
        return;
    }
    let g = news_graph();
    let bessent = g.find_by_key("person:scott-bessent").unwrap();
    let sel = Selection::around(&g, bessent, 1);
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("bessent.svg");
    let png = dir.path().join("bessent.png");
    export_to(&g, &sel, ExportFormat::Svg, &svg);
    export_to(&g, &sel, ExportFormat::Png, &png);
    let svg_text = std::fs::read_to_string(&svg).unwrap();
    assert!(svg_text.contains("<svg") && svg_text.contains("Scott Bessent"));
    if let Some(debug) = std::env::var_os("EXPORT_DEBUG_DIR") {
        std::fs::copy(&png, Path::new(&debug).join("bessent.png")).unwrap();
    }
    let png_bytes = std::fs::read(&png).unwrap();
    assert!(png_bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
}

#[test]
fn a_missing_graphviz_says_how_to_install_it() {
    let g = news_graph();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.svg");
    let err = render_image(
        Path::new("/nonexistent/graphviz/dot"),
        ExportFormat::Svg,
        &g,
        &Selection::whole(&g),
        &options(),
        Some(&out),
    )
    .unwrap_err();
    assert!(matches!(err, ExportError::GraphvizMissing { .. }));
    let message = err.to_string();
    assert!(message.contains("apt-get install graphviz"), "{message}");
    assert!(!out.exists(), "a failed render leaves no partial file");
}

#[test]
fn dot_styles_labels_and_draws_meetings_without_arrowheads() {
    let g = news_graph();
    let mut buf = Vec::new();
    newsgraph::output::dot::write_dot(&g, &Selection::whole(&g), &options(), &mut buf).unwrap();
    let dot = String::from_utf8(buf).unwrap();
    assert!(dot.contains("rankdir=\"LR\""));
    assert!(dot.contains("\"person:scott-bessent\" [label=\"Scott Bessent\", shape=ellipse"));
    assert!(dot.contains("\"place:madrid\" [label=\"Madrid\", shape=house"));
    assert!(
        dot.contains("\"event:madrid-talks\" [label=\"Madrid talks\\n2025-09-14\", shape=diamond")
    );
    assert!(dot.contains(
        "\"person:scott-bessent\" -> \"person:he-lifeng\" [label=\"MET\\nMadrid, 2025-09-14\", dir=none"
    ));
    assert!(
        dot.contains("subgraph cluster_doc0"),
        "clusters per document"
    );
    assert!(dot.contains("label=\"Legend\""));
}

#[test]
fn a_neighbourhood_picture_highlights_its_centre() {
    let g = news_graph();
    let he = g.find_by_key("person:he-lifeng").unwrap();
    let mut buf = Vec::new();
    let sel = Selection::around(&g, he, 1);
    newsgraph::output::dot::write_dot(&g, &sel, &options(), &mut buf).unwrap();
    let dot = String::from_utf8(buf).unwrap();
    let line = |key: &str| {
        dot.lines()
            .find(|l| l.trim_start().starts_with(&format!("\"{key}\" [")))
            .unwrap_or_else(|| panic!("{key} not drawn"))
            .to_string()
    };
    assert!(line("person:he-lifeng").contains("penwidth=3"));
    assert!(!line("person:scott-bessent").contains("penwidth=3"));
}

// ---- golden files ------------------------------------------------------------------------

/// Compares `actual` with tests/golden/export/<name>; `UPDATE_EXPECT=1` re-blesses it.
fn check_golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/export")
        .join(name);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} missing (UPDATE_EXPECT=1 to create)", path.display()));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from its golden file at line {} (UPDATE_EXPECT=1 to re-bless)\n\
             expected: {:?}\nactual:   {:?}",
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

#[test]
fn exports_of_the_news_graph_match_their_golden_files() {
    let g = news_graph();
    let dir = tempfile::tempdir().unwrap();
    let bessent = g.find_by_key("person:scott-bessent").unwrap();
    let around = Selection::around(&g, bessent, 1);
    for (name, format, sel) in [
        ("news.dot", ExportFormat::Dot, Selection::whole(&g)),
        ("bessent.dot", ExportFormat::Dot, around.clone()),
        ("news.graphml", ExportFormat::Graphml, Selection::whole(&g)),
        ("news.gexf", ExportFormat::Gexf, Selection::whole(&g)),
        ("bessent.ttl", ExportFormat::Turtle, around),
    ] {
        let path = dir.path().join(name);
        export_to(&g, &sel, format, &path);
        check_golden(name, &std::fs::read_to_string(&path).unwrap());
    }
    for format in [ExportFormat::Neo4j, ExportFormat::Kuzu] {
        let folder = dir.path().join(format.name());
        export_to(&g, &Selection::whole(&g), format, &folder);
        for (file, bytes) in read_tree(&folder) {
            if file.ends_with(".txt") || file.ends_with(".cypher") || file.contains("MET") {
                let text = String::from_utf8(bytes).unwrap();
                check_golden(&format!("{format}/{file}"), &text);
            }
        }
    }
}

// ---- selections ----------------------------------------------------------------------------

fn keys(g: &KnowledgeGraph, sel: &Selection) -> Vec<String> {
    sel.nodes()
        .iter()
        .map(|n| g.node(*n).key().to_string())
        .collect()
}

#[test]
fn a_neighbourhood_skips_documents_unless_it_is_centred_on_one() {
    let g = news_graph();
    let bessent = g.find_by_key("person:scott-bessent").unwrap();
    let sel = Selection::around(&g, bessent, 1);
    assert_eq!(
        keys(&g, &sel),
        [
            "event:geneva-talks",
            "event:madrid-talks",
            "organization:us-treasury",
            "person:he-lifeng",
            "person:scott-bessent"
        ]
    );
    // Every relationship between them: both meetings and He Lifeng's participations too.
    assert_eq!(sel.edges().len(), 2 + 1 + 2 + 2);
    let deeper = Selection::around(&g, bessent, 2);
    assert!(keys(&g, &deeper).contains(&"place:madrid".to_string()));
    assert!(!keys(&g, &deeper).iter().any(|k| k.starts_with("document:")));

    let doc = g.find_by_key("document:geneva").unwrap();
    let around_doc = Selection::around(&g, doc, 1);
    assert_eq!(
        around_doc.nodes().len(),
        5,
        "the document and the 4 entities it mentions"
    );
}

#[test]
fn a_query_result_selection_adds_the_relationships_between_its_nodes() {
    let g = news_graph();
    let bessent = g.find_by_key("person:scott-bessent").unwrap();
    let he = g.find_by_key("person:he-lifeng").unwrap();
    let sel = Selection::from_parts(&g, [bessent, he], []);
    assert_eq!(sel.edges().len(), 2, "both MET relationships");
    let role = g.edges_of_type("HOLDS_ROLE")[0];
    let sel = Selection::from_parts(&g, [], [role]);
    assert_eq!(
        keys(&g, &sel),
        ["organization:us-treasury", "person:scott-bessent"]
    );
}

#[test]
fn format_names_parse_and_unknown_ones_list_the_valid_names() {
    for f in ExportFormat::ALL {
        assert_eq!(f.name().parse::<ExportFormat>().unwrap(), f);
    }
    let err = "xml".parse::<ExportFormat>().unwrap_err().to_string();
    assert!(
        err.contains("\"xml\"") && err.contains("graphml") && err.contains("turtle"),
        "{err}"
    );
}

#[test]
fn folder_formats_require_a_folder() {
    let g = news_graph();
    let sel = Selection::whole(&g);
    for f in [ExportFormat::Neo4j, ExportFormat::Kuzu] {
        let err = export(&g, &sel, f, &options(), None).unwrap_err();
        assert!(err.to_string().contains("-o DIR"), "{err}");
    }
}

// ---- determinism ---------------------------------------------------------------------------

fn read_tree(path: &Path) -> Vec<(String, Vec<u8>)> {
    if path.is_file() {
        return vec![(String::new(), std::fs::read(path).unwrap())];
    }
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(path)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_format_gives_the_same_bytes_for_the_same_graph() {
    let dir = tempfile::tempdir().unwrap();
    for (name, g) in graphs() {
        // A snapshot round trip keeps the graph but reorders properties.
        let mut json = Vec::new();
        snapshot::write_json(&g, &mut json).unwrap();
        let reloaded = snapshot::from_slice(&json, Path::new("mem")).unwrap();
        for f in ExportFormat::ALL {
            if matches!(f, ExportFormat::Svg | ExportFormat::Png) {
                continue;
            }
            let a = dir.path().join(format!("{name}-a.{f}"));
            let b = dir.path().join(format!("{name}-b.{f}"));
            export_to(&g, &Selection::whole(&g), f, &a);
            export_to(&reloaded, &Selection::whole(&reloaded), f, &b);
            assert_eq!(read_tree(&a), read_tree(&b), "{name}: {f} output differs");
            if let Some(debug) = std::env::var_os("EXPORT_DEBUG_DIR") {
                // To look at the outputs: EXPORT_DEBUG_DIR=/tmp/x cargo test every_format
                let target = Path::new(&debug).join(format!("{name}.{f}"));
                export_to(&g, &Selection::whole(&g), f, &target);
            }
        }
    }
}

// ---- JSON ---------------------------------------------------------------------------------

fn assert_same_graph(a: &KnowledgeGraph, b: &KnowledgeGraph) {
    assert_eq!(a.documents(), b.documents());
    let node_view = |g: &KnowledgeGraph| -> Vec<String> {
        let mut v: Vec<String> = g
            .node_ids()
            .map(|n| {
                let n = g.node(n);
                let mut props: Vec<String> = n.props().map(|(k, v)| format!("{k}={v:?}")).collect();
                props.sort();
                format!(
                    "{} {:?} {:?} {:?}",
                    n.key(),
                    n.labels().collect::<Vec<_>>(),
                    props,
                    n.sources()
                )
            })
            .collect();
        v.sort();
        v
    };
    let edge_view = |g: &KnowledgeGraph| -> Vec<String> {
        let mut v: Vec<String> = g
            .edge_ids()
            .map(|e| {
                let e = g.edge(e);
                let mut props: Vec<String> = e.props().map(|(k, v)| format!("{k}={v:?}")).collect();
                props.sort();
                format!(
                    "{} -{}-> {} {:?} {:?}",
                    g.node(e.from).key(),
                    e.rel_type(),
                    g.node(e.to).key(),
                    props,
                    e.sources()
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(node_view(a), node_view(b));
    assert_eq!(edge_view(a), edge_view(b));
}

#[test]
fn json_export_loads_back_into_the_same_graph() {
    let dir = tempfile::tempdir().unwrap();
    for (name, g) in graphs() {
        let path = dir.path().join(format!("{name}.json"));
        export_to(&g, &Selection::whole(&g), ExportFormat::Json, &path);
        let loaded = snapshot::load(&path).unwrap();
        assert_same_graph(&g, &loaded);
    }
}

#[test]
fn json_export_of_a_neighbourhood_is_a_loadable_subgraph() {
    let g = news_graph();
    let he = g.find_by_key("person:he-lifeng").unwrap();
    let sel = Selection::around(&g, he, 1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("he.json");
    export_to(&g, &sel, ExportFormat::Json, &path);
    let loaded = snapshot::load(&path).unwrap();
    assert_eq!(loaded.node_count(), sel.nodes().len());
    assert_eq!(loaded.edge_count(), sel.edges().len());
    assert_eq!(met_count(&loaded), 2);
}

// ---- GraphML and GEXF via networkx ---------------------------------------------------------

const NX_READ: &str = r#"
import json, sys
import networkx as nx
kind, path = sys.argv[1], sys.argv[2]
g = nx.read_graphml(path, force_multigraph=True) if kind == "graphml" else nx.read_gexf(path)
label = "label"
names = sorted(d.get(label) for _, d in g.nodes(data=True))
dated = sorted(n for n, d in g.nodes(data=True) if "start" in d)
print(json.dumps({"nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
                  "multigraph": g.is_multigraph(), "names": names, "dated": dated,
                  "keys": sorted(g.nodes())}))
"#;

fn check_networkx(format: ExportFormat, kind: &str) {
    let Some(py) = python_with("networkx") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for (name, g) in graphs() {
        let path = dir.path().join(format!("{name}.{kind}"));
        export_to(&g, &Selection::whole(&g), format, &path);
        let out = run_python(&py, NX_READ, &[Path::new(kind), &path], None);
        let read: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(read["nodes"], g.node_count(), "{name} {kind}: node count");
        assert_eq!(
            read["edges"],
            g.edge_count(),
            "{name} {kind}: relationship count"
        );
        let read_names: BTreeSet<String> = read["names"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        assert_eq!(read_names, names(&g), "{name} {kind}: names survive");
        let read_keys: BTreeSet<String> = read["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        let our_keys: BTreeSet<String> =
            g.node_ids().map(|n| g.node(n).key().to_string()).collect();
        assert_eq!(read_keys, our_keys, "{name} {kind}: keys survive as ids");
        if kind == "gexf" && name == "news" {
            assert_eq!(
                read["dated"],
                serde_json::json!(["event:geneva-talks", "event:madrid-talks"]),
                "events carry their dates for Gephi's timeline"
            );
        }
    }
}

#[test]
fn networkx_reads_the_graphml_with_the_same_counts() {
    check_networkx(ExportFormat::Graphml, "graphml");
}

#[test]
fn networkx_reads_the_gexf_with_the_same_counts() {
    check_networkx(ExportFormat::Gexf, "gexf");
}

// ---- Kùzu ---------------------------------------------------------------------------------

const KUZU_LOAD: &str = r#"
import json, sys
import kuzu
db = kuzu.Database(sys.argv[1])
conn = kuzu.Connection(db)
# As README.txt says: each script whole, from inside the folder.
for script in ("schema.cypher", "copy.cypher"):
    conn.execute(open(script, encoding="utf-8").read())
def scalar(q):
    return conn.execute(q).get_next()[0]
names = []
r = conn.execute("MATCH (n) RETURN n.key")
keys = []
while r.has_next():
    keys.append(r.get_next()[0])
r = conn.execute("MATCH (n:Person) RETURN n.name, n.aliases")
people = []
while r.has_next():
    people.append(r.get_next())
r = conn.execute("MATCH ()-[m:MET]->() RETURN m.place, m.sources")
met = []
while r.has_next():
    met.append(r.get_next())
print(json.dumps({
    "met": scalar("MATCH (a)-[:MET]->(b) RETURN count(*)"),
    "nodes": scalar("MATCH (n) RETURN count(n)"),
    "edges": scalar("MATCH ()-[r]->() RETURN count(r)"),
    "keys": sorted(keys), "people": sorted(people), "met_rows": met,
}))
"#;

#[test]
fn kuzu_loads_the_export_and_counts_the_meetings() {
    let Some(py) = python_with("kuzu") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for (name, g) in graphs() {
        let folder = dir.path().join(format!("{name}-kuzu"));
        export_to(&g, &Selection::whole(&g), ExportFormat::Kuzu, &folder);
        let db = dir.path().join(format!("{name}.kuzu"));
        let out = run_python(&py, KUZU_LOAD, &[&db], Some(&folder));
        let read: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(read["met"], met_count(&g), "{name}: MET count");
        assert_eq!(read["nodes"], g.node_count(), "{name}: node count");
        assert_eq!(read["edges"], g.edge_count(), "{name}: relationship count");
        let read_keys: BTreeSet<String> = read["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        let our_keys: BTreeSet<String> =
            g.node_ids().map(|n| g.node(n).key().to_string()).collect();
        assert_eq!(read_keys, our_keys, "{name}: keys survive");
        for person in read["people"].as_array().unwrap() {
            let name_read = person[0].as_str().unwrap();
            let node = g.find_by_name(name_read);
            assert_eq!(node.len(), 1, "{name}: {name_read:?} is one of our names");
            let aliases = g.node(node[0]).prop("aliases").cloned();
            let read_aliases = person[1].as_array().map(|items| {
                PropValue::List(
                    items
                        .iter()
                        .map(|v| PropValue::Str(v.as_str().unwrap().to_string()))
                        .collect(),
                )
            });
            assert_eq!(
                read_aliases, aliases,
                "{name}: aliases of {name_read:?} survive"
            );
        }
        if name == "hostile" {
            for row in read["met_rows"].as_array().unwrap() {
                assert_eq!(row[0], HOSTILE_NAMES[3]);
                assert_eq!(
                    row[1][0].as_str().unwrap(),
                    "doc \"one\"|<&>\\#1:100-120:met <rule>"
                );
            }
        }
    }
}

// ---- Neo4j --------------------------------------------------------------------------------

const NEO4J_CHECK: &str = r#"
import csv, json, os, re, sys
folder = sys.argv[1]
readme = open(os.path.join(folder, "README.txt"), encoding="utf-8").read()
command = next(l for l in readme.splitlines() if l.startswith("neo4j-admin database import full"))
m = re.search(r"--array-delimiter=(?:'(.)'|U\+([0-9A-F]{4}))", command)
sep = m.group(1) or chr(int(m.group(2), 16))
nodes, rels, names = 0, 0, []
files = re.findall(r"--(nodes|relationships)=(\S+)", command)
for kind, name in files:
    with open(os.path.join(folder, name), encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    assert all(len(r) == len(header) for r in rows), name
    if kind == "nodes":
        assert header[0] == "key:ID(Node)" and header[1] == ":LABEL", header
        nodes += len(rows) - 1
        if "name:string" in header:
            i = header.index("name:string")
            names += [r[i] for r in rows[1:]]
        if "aliases:string[]" in header:
            i = header.index("aliases:string[]")
            for r in rows[1:]:
                items = r[i].split(sep)
                assert sys.argv[2] != "hostile" or items[1] == 'x|y;z¦w, "q"', items
    else:
        assert header[:3] == [":START_ID(Node)", ":END_ID(Node)", ":TYPE"], header
        rels += len(rows) - 1
listed = sorted(name for _, name in files)
on_disk = sorted(f for f in os.listdir(folder) if f.endswith(".csv"))
print(json.dumps({"nodes": nodes, "rels": rels, "names": sorted(names),
                  "all_listed": listed == on_disk, "multiline": "--multiline-fields=true" in command}))
"#;

#[test]
fn neo4j_csvs_have_admin_headers_and_the_readme_imports_them_all() {
    let Some(py) = python_with("csv") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for (name, g) in graphs() {
        let folder = dir.path().join(format!("{name}-neo4j"));
        export_to(&g, &Selection::whole(&g), ExportFormat::Neo4j, &folder);
        let out = run_python(&py, NEO4J_CHECK, &[&folder, Path::new(name)], None);
        let read: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(read["nodes"], g.node_count(), "{name}");
        assert_eq!(read["rels"], g.edge_count(), "{name}");
        assert_eq!(
            read["all_listed"], true,
            "{name}: the command imports every CSV"
        );
        assert_eq!(
            read["multiline"],
            name == "hostile",
            "{name}: multiline only when needed"
        );
        let people: BTreeSet<String> = read["names"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        let with_names: BTreeSet<String> = g
            .node_ids()
            .filter(|n| g.node(*n).prop("name").is_some())
            .map(|n| g.node(n).name().to_string())
            .collect();
        assert_eq!(people, with_names, "{name}: names survive");
    }
    let folder = dir.path().join("news-neo4j");
    let header = std::fs::read_to_string(folder.join("rels_MET.csv")).unwrap();
    assert!(header.starts_with(
        ":START_ID(Node),:END_ID(Node),:TYPE,date:string,event:string,place:string,sources:string[]\n"
    ), "{header}");
    let events = std::fs::read_to_string(folder.join("nodes_Event.csv")).unwrap();
    assert!(
        events.starts_with(
            "key:ID(Node),:LABEL,date:string,kind:string,name:string,round:long,sources:string[]\n"
        ),
        "{events}"
    );
}

// ---- RDF ----------------------------------------------------------------------------------

const RDF_CHECK: &str = r#"
import json, sys
import rdflib
from rdflib.namespace import RDFS
nt = rdflib.Graph(); nt.parse(sys.argv[1], format="nt")
ttl = rdflib.Graph(); ttl.parse(sys.argv[2], format="turtle")
lines = sum(1 for l in open(sys.argv[1], encoding="utf-8") if l.strip())
labels = sorted(str(o) for o in nt.objects(None, RDFS.label))
print(json.dumps({"nt": len(nt), "ttl": len(ttl), "lines": lines, "same": set(nt) == set(ttl),
                  "labels": labels}))
"#;

#[test]
fn rdflib_parses_turtle_and_ntriples_with_our_triple_count() {
    let Some(py) = python_with("rdflib") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for (name, g) in graphs() {
        let nt = dir.path().join(format!("{name}.nt"));
        let ttl = dir.path().join(format!("{name}.ttl"));
        export_to(&g, &Selection::whole(&g), ExportFormat::Ntriples, &nt);
        export_to(&g, &Selection::whole(&g), ExportFormat::Turtle, &ttl);
        let out = run_python(&py, RDF_CHECK, &[&nt, &ttl], None);
        let read: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            read["nt"], read["lines"],
            "{name}: every N-Triples line is one distinct triple"
        );
        assert_eq!(
            read["ttl"], read["lines"],
            "{name}: Turtle has the same triple count"
        );
        assert_eq!(
            read["same"], true,
            "{name}: Turtle and N-Triples say the same"
        );
        let labels: BTreeSet<String> = read["labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        assert_eq!(labels, names(&g), "{name}: names survive as rdfs:label");
    }
}

#[test]
fn rdf_uses_the_base_iri_and_describes_events_and_evidence() {
    let g = news_graph();
    let dir = tempfile::tempdir().unwrap();
    let nt = dir.path().join("news.nt");
    let opts = ExportOptions {
        base_iri: "http://example.org/kg".to_string(),
        ..ExportOptions::default()
    };
    export(
        &g,
        &Selection::whole(&g),
        ExportFormat::Ntriples,
        &opts,
        Some(&nt),
    )
    .unwrap();
    let text = std::fs::read_to_string(&nt).unwrap();
    let event = "<http://example.org/kg/id/event:madrid-talks>";
    assert!(text.contains(&format!(
        "{event} <http://example.org/kg/schema/participant> <http://example.org/kg/id/person:scott-bessent> ."
    )));
    assert!(
        text.contains(
            "<http://example.org/kg/rel/person:scott-bessent/MET/person:he-lifeng/2> \
         <http://example.org/kg/schema/place> \"Madrid\" ."
        ) || text.contains(
            "<http://example.org/kg/rel/person:scott-bessent/MET/person:he-lifeng/2> \
         <http://example.org/kg/schema/place> \"Geneva\" ."
        ),
        "the second meeting has its own statement"
    );
    assert!(text.contains(
        "<http://example.org/kg/schema/date> \"2025-09-14\"^^<http://www.w3.org/2001/XMLSchema#date>"
    ));
    assert!(text.contains(
        "<http://example.org/kg/doc/madrid-talks/sentence/0> <http://example.org/kg/schema/text> \
         \"Scott Bessent met He Lifeng in Madrid.\" ."
    ));
    let bad = ExportOptions {
        base_iri: "no scheme".to_string(),
        ..ExportOptions::default()
    };
    let err = export(
        &g,
        &Selection::whole(&g),
        ExportFormat::Turtle,
        &bad,
        Some(&nt),
    )
    .unwrap_err();
    assert!(matches!(err, ExportError::BadBaseIri { .. }));
}
