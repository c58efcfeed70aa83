//! Query latency on the generated news graphs of ../shared/bench: loads the CSVs into a
//! KnowledgeGraph, checks every answer of Q1–Q8 (queries.opencypher) against
//! expected_<size>.json, prints load time, memory and each query's median next to Kùzu's
//! published figure, then times each query with criterion.
//!
//! Data: $NEWSGRAPH_BENCH_DATA (a directory written by `gen_graph.py --size S --out DIR`), else
//! ../shared/bench/data/<size>; size from $NEWSGRAPH_BENCH_SIZE (small | medium | large,
//! default small). Without data the bench says so and does nothing.

use criterion::{criterion_group, criterion_main, Criterion};
use newsgraph::graph::{KnowledgeGraph, PropValue};
use newsgraph::query::{self, Options, Params, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Kùzu's medians in ms from ../shared/bench/README.md (small, medium, large).
const KUZU_MS: &[(&str, [f64; 3])] = &[
    ("Q1", [0.40, 1.75, 15.4]),
    ("Q2", [1.42, 7.4, 43.8]),
    ("Q3", [43.9, 3127.0, f64::NAN]),
    ("Q3d", [9.7, 131.0, 1412.0]),
    ("Q4", [5.2, 40.4, 526.0]),
    ("Q5", [2.25, 17.9, 119.0]),
    ("Q6", [0.51, 1.48, 12.5]),
    ("Q7", [42270.0, f64::NAN, f64::NAN]),
    ("Q8", [1.80, 6.8, 46.5]),
];

fn bench_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let near = manifest.join("../shared/bench");
    if near.is_dir() {
        near
    } else {
        manifest.join("../../shared/bench")
    }
}

/// Splits one CSV line (double quotes with "" escapes).
fn csv_fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines().skip(1).map(csv_fields).collect()
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}

/// Loads the generated CSVs: nodes keyed `n:<id>` with `id`, `name` (and `kind`),
/// relationships with their properties.
fn load(dir: &Path) -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    let mut ids: Vec<Option<newsgraph::graph::NodeId>> = Vec::new();
    for (file, label) in [
        ("nodes_person.csv", "Person"),
        ("nodes_organization.csv", "Organization"),
        ("nodes_place.csv", "Place"),
        ("nodes_topic.csv", "Topic"),
    ] {
        for row in read_csv(&dir.join(file)) {
            let Ok(id) = row[0].parse::<usize>() else {
                continue;
            };
            let node = g.add_node(&format!("n:{id}"), &[label]);
            g.set_node_prop(node, "id", Some(PropValue::Int(id as i64)));
            g.set_node_prop(node, "name", Some(row[1].clone().into()));
            if let Some(kind) = row.get(2) {
                g.set_node_prop(node, "kind", Some(kind.clone().into()));
            }
            if ids.len() <= id {
                ids.resize(id + 1, None);
            }
            ids[id] = Some(node);
        }
    }
    for (file, rel) in [
        ("rel_met.csv", "MET"),
        ("rel_works_for.csv", "WORKS_FOR"),
        ("rel_discussed.csv", "DISCUSSED"),
        ("rel_owns.csv", "OWNS"),
        ("rel_located_in_place_place.csv", "LOCATED_IN"),
        ("rel_located_in_org_place.csv", "LOCATED_IN"),
    ] {
        for row in read_csv(&dir.join(file)) {
            let node = |s: &str| {
                s.parse::<usize>()
                    .ok()
                    .and_then(|i| ids.get(i).copied().flatten())
            };
            let (Some(a), Some(b)) = (node(&row[0]), node(&row[1])) else {
                continue;
            };
            let e = g.add_edge(a, b, rel);
            if let (Some(place), Some(date)) = (row.get(2), row.get(3)) {
                g.set_edge_prop(e, "place", Some(place.clone().into()));
                g.set_edge_prop(e, "date", Some(date.clone().into()));
            }
        }
    }
    g
}

/// The queries of queries.opencypher by id.
fn queries(root: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root.join("queries.opencypher")).unwrap_or_default();
    let mut out = Vec::new();
    let mut id = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("// @") {
            id = rest.split_whitespace().next().map(String::from);
        } else if !line.starts_with("//") && !line.trim().is_empty() {
            if let Some(i) = id.take() {
                out.push((i, line.trim().trim_end_matches(';').to_string()));
            }
        }
    }
    out
}

fn json_to_value(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => n
            .as_i64()
            .map(Value::Int)
            .unwrap_or_else(|| Value::Float(n.as_f64().unwrap_or(0.0))),
        serde_json::Value::String(s) => Value::String(s.clone()),
        other => Value::String(other.to_string()),
    }
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Float(f) => format!("{f}"),
        other => other.to_string(),
    }
}

// ---- sha256 (for the expected answers' hashes) ----------------------------------------------

fn sha256_hex(data: &[u8]) -> String {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    let bits = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bits.to_be_bytes());
    for chunk in msg.chunks(64) {
        let mut w = [0u32; 64];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([
                chunk[4 * i],
                chunk[4 * i + 1],
                chunk[4 * i + 2],
                chunk[4 * i + 3],
            ]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let mut v = h;
        for i in 0..64 {
            let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7]
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [
                t1.wrapping_add(t2),
                v[0],
                v[1],
                v[2],
                v[3].wrapping_add(t1),
                v[4],
                v[5],
                v[6],
            ];
        }
        for (a, b) in h.iter_mut().zip(v) {
            *a = a.wrapping_add(b);
        }
    }
    h.iter().map(|x| format!("{x:08x}")).collect()
}

/// Compares a result table with the expected answer; `None` when it matches.
fn check(table: &query::Table, expected: &serde_json::Value) -> Option<String> {
    let rows: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| r.iter().map(plain).collect())
        .collect();
    if let Some(n) = expected.get("rows").and_then(|v| v.as_u64()) {
        if rows.len() as u64 != n {
            return Some(format!("{} rows, expected {n}", rows.len()));
        }
    }
    if let Some(result) = expected.get("result").and_then(|v| v.as_array()) {
        let want: Vec<Vec<String>> = result
            .iter()
            .map(|r| {
                r.as_array()
                    .map(|a| a.iter().map(|v| plain(&json_to_value(v))).collect())
                    .unwrap_or_default()
            })
            .collect();
        if want != rows {
            return Some(format!("got {rows:?}, expected {want:?}"));
        }
    }
    if let Some(hash) = expected.get("sha256_sorted").and_then(|v| v.as_str()) {
        let mut lines: Vec<String> = rows.iter().map(|r| r.join("\t")).collect();
        lines.sort();
        let got = sha256_hex(lines.join("\n").as_bytes());
        if got != hash {
            return Some(format!("sha256 {got}, expected {hash}"));
        }
    }
    None
}

fn median_ms(mut f: impl FnMut()) -> f64 {
    f();
    let mut times: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[2].as_secs_f64() * 1000.0
}

fn bench(c: &mut Criterion) {
    let size = std::env::var("NEWSGRAPH_BENCH_SIZE").unwrap_or_else(|_| "small".into());
    let root = bench_root();
    let dir = std::env::var_os("NEWSGRAPH_BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("data").join(&size));
    if !dir.join("nodes_person.csv").is_file() {
        println!(
            "query bench skipped: no data at {} (python gen_graph.py --size {size} --out DIR, then NEWSGRAPH_BENCH_DATA=DIR)",
            dir.display()
        );
        return;
    }
    let params_json: serde_json::Value = std::fs::read_to_string(dir.join("params.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let expected: serde_json::Value =
        std::fs::read_to_string(root.join(format!("expected_{size}.json")))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
    let mut params = Params::new();
    if let Some(qp) = params_json.get("query_params").and_then(|v| v.as_object()) {
        for (k, v) in qp {
            params.insert(k.clone(), json_to_value(v));
        }
    }
    let before = rss_kib();
    let started = Instant::now();
    let mut graph = load(&dir);
    let load_ms = started.elapsed().as_secs_f64() * 1000.0;
    let mem_mib = rss_kib().saturating_sub(before) as f64 / 1024.0;
    let column = match size.as_str() {
        "medium" => 1,
        "large" => 2,
        _ => 0,
    };
    println!(
        "newsgraph on {size}: {} nodes, {} relationships; load {load_ms:.0} ms, memory +{mem_mib:.0} MiB",
        graph.node_count(),
        graph.edge_count()
    );
    println!(
        "{:<5} {:>12} {:>12}  answer",
        "query", "newsgraph ms", "Kùzu ms"
    );
    let options = Options {
        timeout: Some(Duration::from_secs(120)),
        ..Options::default()
    };
    let list = queries(&root);
    let mut slow: Vec<String> = Vec::new();
    for (id, text) in &list {
        let outcome = query::run(&mut graph, text, &params, &options);
        let verdict = match &outcome {
            Ok(o) => match expected.get(id) {
                Some(e) => check(&o.table, e).unwrap_or_else(|| "ok".into()),
                None => "no expected answer".into(),
            },
            Err(e) => format!("error: {e}"),
        };
        let ms = if outcome.is_ok() {
            median_ms(|| {
                let _ = query::run(&mut graph, text, &params, &options);
            })
        } else {
            f64::NAN
        };
        let kuzu = KUZU_MS
            .iter()
            .find(|(q, _)| q == id)
            .map(|(_, v)| v[column])
            .unwrap_or(f64::NAN);
        println!("{id:<5} {ms:>12.3} {kuzu:>12.2}  {verdict}");
        if ms.is_nan() || ms > 500.0 {
            slow.push(id.clone());
        }
    }
    let mut group = c.benchmark_group(format!("query_{size}"));
    group.sample_size(10);
    // Criterion samples only the queries that are quick enough to repeat many times.
    for (id, text) in list.iter().filter(|(id, _)| !slow.contains(id)) {
        group.bench_function(id.as_str(), |b| {
            b.iter(|| query::run(&mut graph, text, &params, &options))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
