//! Export throughput: every format on a generated news graph (criterion, 10k entities / 50k
//! relationships), and on demand one measured run per format on a large graph:
//!
//!   NEWSGRAPH_EXPORT_LARGE=1000000,5000000 cargo bench --bench export
//!
//! prints, per format, the time, the output size and the peak memory the export added on top
//! of the graph (Linux: the high-water mark is reset before each export).
//! NEWSGRAPH_EXPORT_FORMATS=kuzu,dot limits the formats; NEWSGRAPH_EXPORT_KEEP=DIR keeps the
//! outputs in DIR.

use criterion::Criterion;
use newsgraph::graph::snapshot;
use newsgraph::graph::{DocumentRecord, KnowledgeGraph, NodeId, PropValue, Source};
use newsgraph::output::export::{export, ExportFormat, ExportOptions, DEFAULT_BASE_IRI};
use newsgraph::output::selection::Selection;
use newsgraph::output::{dot, gexf, graphml, kuzu, neo4j, rdf};
use std::io;
use std::time::Instant;

/// A deterministic pseudo-random sequence (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Skewed towards small values, like prominence in the news (a few entities everywhere).
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
    }
}

/// A news-shaped graph: Person 50%, Organization 20%, Place 20%, Topic 10%; MET 45% (with
/// place and date), WORKS_FOR 15%, DISCUSSED 25%, OWNS 7%, LOCATED_IN 8%; one source per node
/// and relationship over 1,000 documents.
fn generate(nodes: usize, edges: usize) -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    for d in 0..1000 {
        g.add_document(DocumentRecord {
            id: format!("doc-{d:04}"),
            title: Some(format!("Story {d}")),
            date: Some("2025-09-15".to_string()),
            sentences: (0..10)
                .map(|s| format!("Sentence {s} of story {d}."))
                .collect(),
            sentence_starts: (0..10).map(|s| s * 40).collect(),
            ..Default::default()
        });
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let source = |rng: &mut Rng, rule: &str| Source::Text {
        doc: (rng.next() % 1000) as u32,
        sentence: (rng.next() % 10) as u32,
        start: 0,
        end: 20,
        rule: rule.to_string(),
    };
    let shares = [
        ("Person", nodes / 2),
        ("Organization", nodes / 5),
        ("Place", nodes / 5),
        ("Topic", nodes - nodes / 2 - 2 * (nodes / 5)),
    ];
    let mut by_label: Vec<Vec<NodeId>> = Vec::new();
    for (label, count) in shares {
        let mut ids = Vec::with_capacity(count);
        for i in 0..count {
            let id = g.add_node(&format!("{}:{i}", label.to_lowercase()), &[label]);
            g.set_node_prop(id, "name", Some(format!("{label} {i}").into()));
            if label == "Place" {
                let kind = if i % 20 == 0 { "country" } else { "city" };
                g.set_node_prop(id, "kind", Some(kind.into()));
            }
            let s = source(&mut rng, "ner");
            g.add_node_sources(id, [s]);
            ids.push(id);
        }
        by_label.push(ids);
    }
    let (people, orgs, places, topics) = (&by_label[0], &by_label[1], &by_label[2], &by_label[3]);
    let plan = [
        ("MET", edges * 45 / 100),
        ("WORKS_FOR", edges * 15 / 100),
        ("DISCUSSED", edges * 25 / 100),
        ("OWNS", edges * 7 / 100),
    ];
    let located = edges - plan.iter().map(|p| p.1).sum::<usize>();
    for (rel_type, count) in plan.into_iter().chain([("LOCATED_IN", located)]) {
        let (from, to) = match rel_type {
            "MET" => (people, people),
            "WORKS_FOR" => (people, orgs),
            "DISCUSSED" => (people, topics),
            "OWNS" => (orgs, orgs),
            _ => (orgs, places),
        };
        for _ in 0..count {
            let a = from[rng.skewed(from.len())];
            let b = to[rng.skewed(to.len())];
            let e = g.add_edge(a, b, rel_type);
            if rel_type == "MET" {
                let place = places[rng.skewed(places.len())];
                let place_name = g.node(place).name().to_string();
                g.set_edge_prop(e, "place", Some(place_name.into()));
                let day = rng.next() % 1800;
                let date = format!(
                    "{}-{:02}-{:02}",
                    2020 + day / 360,
                    1 + (day % 360) / 30,
                    1 + day % 28
                );
                g.set_edge_prop(e, "date", Some(PropValue::Str(date)));
            }
            let s = source(&mut rng, "rule");
            g.add_edge_sources(e, [s]);
        }
    }
    g
}

/// Writes one format of `sel` to a sink (single-file formats) or a temporary folder.
fn export_once(g: &KnowledgeGraph, sel: &Selection, format: ExportFormat, dir: &std::path::Path) {
    let options = ExportOptions::default();
    let sink = &mut io::sink();
    let result = match format {
        ExportFormat::Dot => dot::write_dot(g, sel, &options, sink),
        ExportFormat::Json => snapshot::write_json_parts(g, sel.nodes(), sel.edges(), sink),
        ExportFormat::Graphml => graphml::write_graphml(g, sel, sink),
        ExportFormat::Gexf => gexf::write_gexf(g, sel, sink),
        ExportFormat::Ntriples => rdf::write_ntriples(g, sel, DEFAULT_BASE_IRI, sink),
        ExportFormat::Turtle => rdf::write_turtle(g, sel, DEFAULT_BASE_IRI, sink),
        ExportFormat::Neo4j => {
            neo4j::write_folder(g, sel, dir).expect("neo4j export");
            Ok(())
        }
        _ => {
            kuzu::write_folder(g, sel, dir).expect("kuzu export");
            Ok(())
        }
    };
    result.expect("export");
}

const BENCHED: [ExportFormat; 8] = [
    ExportFormat::Dot,
    ExportFormat::Json,
    ExportFormat::Graphml,
    ExportFormat::Gexf,
    ExportFormat::Neo4j,
    ExportFormat::Kuzu,
    ExportFormat::Ntriples,
    ExportFormat::Turtle,
];

/// (VmRSS, VmHWM) in MiB, from /proc/self/status (0 where unavailable).
fn memory_mib() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| -> f64 {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// CPU seconds (user + system) this process has used, from /proc/self/stat (0 where
/// unavailable); unlike wall time it hardly moves when other builds share the machine.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: Vec<f64> = after
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|t| t.parse().ok())
        .collect();
    // Clock ticks are 100 per second on Linux.
    ticks.iter().sum::<f64>() / 100.0
}

fn reset_peak() {
    // "5" resets the peak resident set size (Linux ≥ 4.0).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn size_of(path: &std::path::Path) -> u64 {
    if path.is_dir() {
        std::fs::read_dir(path)
            .map(|entries| entries.flatten().map(|e| size_of(&e.path())).sum())
            .unwrap_or(0)
    } else {
        std::fs::metadata(path).map_or(0, |m| m.len())
    }
}

fn large_run(spec: &str) {
    let mut parts = spec.split(',').map(|p| p.trim().parse::<usize>());
    let (Some(Ok(nodes)), Some(Ok(edges))) = (parts.next(), parts.next()) else {
        eprintln!("NEWSGRAPH_EXPORT_LARGE must be NODES,EDGES (e.g. 1000000,5000000)");
        return;
    };
    let start = Instant::now();
    let g = generate(nodes, edges);
    let (rss, _) = memory_mib();
    println!(
        "generated {} nodes, {} relationships in {:.1} s; graph RSS {rss:.0} MiB",
        g.node_count(),
        g.edge_count(),
        start.elapsed().as_secs_f64()
    );
    reset_peak();
    let start = Instant::now();
    let cpu = cpu_seconds();
    let sel = Selection::whole(&g);
    let (rss_sel, hwm) = memory_mib();
    println!(
        "Selection::whole: {:.2} s ({:.2} s CPU), peak +{:.0} MiB, kept +{:.0} MiB",
        start.elapsed().as_secs_f64(),
        cpu_seconds() - cpu,
        hwm - rss,
        rss_sel - rss
    );
    // NEWSGRAPH_EXPORT_KEEP=DIR keeps the outputs there (to load them into the real tools).
    let keep = std::env::var_os("NEWSGRAPH_EXPORT_KEEP").map(std::path::PathBuf::from);
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = keep.clone().unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&dir).expect("output folder");
    println!("| format | wall (s) | CPU (s) | output (MiB) | extra peak memory (MiB) |");
    println!("|---|---|---|---|---|");
    let only = std::env::var("NEWSGRAPH_EXPORT_FORMATS").ok();
    for format in BENCHED {
        if only
            .as_deref()
            .is_some_and(|o| !o.split(',').any(|f| f == format.name()))
        {
            continue;
        }
        let target = dir.join(format.name());
        let (before, _) = memory_mib();
        reset_peak();
        let start = Instant::now();
        let cpu = cpu_seconds();
        export(&g, &sel, format, &ExportOptions::default(), Some(&target)).expect("export");
        let seconds = start.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu;
        let (_, peak) = memory_mib();
        println!(
            "| {format} | {seconds:.1} | {cpu:.1} | {:.0} | {:.0} |",
            size_of(&target) as f64 / (1024.0 * 1024.0),
            (peak - before).max(0.0)
        );
        if keep.is_some() {
            continue;
        }
        if target.is_dir() {
            let _ = std::fs::remove_dir_all(&target);
        } else {
            let _ = std::fs::remove_file(&target);
        }
    }
}

fn main() {
    if let Ok(spec) = std::env::var("NEWSGRAPH_EXPORT_LARGE") {
        large_run(&spec);
        return;
    }
    let mut c = Criterion::default().configure_from_args().sample_size(10);
    let g = generate(10_000, 50_000);
    let sel = Selection::whole(&g);
    let dir = tempfile::tempdir().expect("temp dir");
    c.bench_function("selection/whole/10k-50k", |b| {
        b.iter(|| Selection::whole(&g))
    });
    for format in BENCHED {
        let target = dir.path().join(format.name());
        std::fs::create_dir_all(&target).expect("folder");
        c.bench_function(&format!("export/{format}/10k-50k"), |b| {
            b.iter(|| export_once(&g, &sel, format, &target))
        });
    }
    c.final_summary();
}
