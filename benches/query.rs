//! Query latency on the generated news graphs of ../shared/bench, side by side with Kùzu in
//! the same run: loads the CSVs into a KnowledgeGraph through the bulk-load path, checks every
//! answer of queries.opencypher against expected_<size>.json, runs bench_kuzu.py (Kùzu
//! in-memory, 1 thread and its default threads) on the same data, and prints one table of load
//! time, memory and each query's median for both engines; then times the quick queries with
//! criterion.
//!
//! Data: $NEWSGRAPH_BENCH_DATA (a directory written by `gen_graph.py --size S --out DIR`), else
//! ../shared/bench/data/<size>; size from $NEWSGRAPH_BENCH_SIZE (small | medium | large,
//! default small). Without data the bench says so and does nothing.
//! Kùzu: Python from $NEWSGRAPH_PYTHON, else /work/benchvenv/bin/python, else python3; skipped
//! with a message when `import kuzu` fails or $NEWSGRAPH_BENCH_KUZU=0. Thread counts to run
//! from $NEWSGRAPH_BENCH_KUZU_THREADS (comma-separated, 0 = Kùzu's default; default "1,0").

use criterion::{criterion_group, criterion_main, Criterion};
use newsgraph::graph::{KnowledgeGraph, NodeId, PropValue};
use newsgraph::query::{self, Options, Params, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn bench_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let near = manifest.join("../shared/bench");
    if near.is_dir() {
        near
    } else {
        manifest.join("../../shared/bench")
    }
}

// ---- CSV loading ------------------------------------------------------------------------------

/// Calls `row` with the fields of every data line of a CSV file (header skipped). Fields are
/// byte slices of the file; a line with a double quote is unquoted into `scratch` first (the
/// generated files have none, so the fast path is plain byte splitting).
fn for_each_row(path: &Path, mut row: impl FnMut(&[&[u8]])) {
    let Ok(bytes) = std::fs::read(path) else {
        return;
    };
    let mut fields: Vec<&[u8]> = Vec::with_capacity(8);
    for line in bytes.split(|b| *b == b'\n').skip(1) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        fields.clear();
        if line.contains(&b'"') {
            let owned = quoted_fields(line);
            let refs: Vec<&[u8]> = owned.iter().map(Vec::as_slice).collect();
            row(&refs);
        } else {
            fields.extend(line.split(|b| *b == b','));
            row(&fields);
        }
    }
}

/// Splits one CSV line with double quotes ("" escapes a quote).
fn quoted_fields(line: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    let mut quoted = false;
    let mut i = 0;
    while i < line.len() {
        match (line[i], quoted) {
            (b'"', true) if line.get(i + 1) == Some(&b'"') => {
                cur.push(b'"');
                i += 1;
            }
            (b'"', _) => quoted = !quoted,
            (b',', false) => out.push(std::mem::take(&mut cur)),
            (b, _) => cur.push(b),
        }
        i += 1;
    }
    out.push(cur);
    out
}

fn parse_usize(field: &[u8]) -> Option<usize> {
    if field.is_empty() || field.len() > 18 {
        return None;
    }
    field.iter().try_fold(0usize, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + usize::from(b - b'0'))
    })
}

fn text(field: &[u8]) -> Option<&str> {
    std::str::from_utf8(field).ok()
}

fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// Loads the generated CSVs through the bulk-load path: nodes keyed `n:<id>` with `id`,
/// `name` (and `kind`), relationships with their properties; then `finish_load` builds the
/// typed adjacency, so the graph is ready to query.
fn load(dir: &Path, nodes_hint: usize, edges_hint: usize) -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    g.reserve(nodes_hint, edges_hint);
    let id_key = g.intern("id");
    let name_key = g.intern("name");
    let kind_key = g.intern("kind");
    let place_key = g.intern("place");
    let date_key = g.intern("date");
    let mut ids: Vec<Option<NodeId>> = Vec::with_capacity(nodes_hint);
    let mut key = String::new();
    for (file, label) in [
        ("nodes_person.csv", "Person"),
        ("nodes_organization.csv", "Organization"),
        ("nodes_place.csv", "Place"),
        ("nodes_topic.csv", "Topic"),
    ] {
        let label = [g.intern(label)];
        for_each_row(&dir.join(file), |row| {
            let Some(id) = row.first().and_then(|f| parse_usize(f)) else {
                return;
            };
            key.clear();
            key.push_str("n:");
            key.push_str(text(row[0]).unwrap_or_default());
            let node = g.add_node_sym(&key, &label);
            g.set_node_prop_sym(node, id_key, Some(PropValue::Int(id as i64)));
            if let Some(name) = row.get(1).and_then(|f| text(f)) {
                g.set_node_str(node, name_key, name);
            }
            if let Some(kind) = row.get(2).and_then(|f| text(f)) {
                g.set_node_str(node, kind_key, kind);
            }
            if ids.len() <= id {
                ids.resize(id + 1, None);
            }
            ids[id] = Some(node);
        });
    }
    for (file, rel) in [
        ("rel_met.csv", "MET"),
        ("rel_works_for.csv", "WORKS_FOR"),
        ("rel_discussed.csv", "DISCUSSED"),
        ("rel_owns.csv", "OWNS"),
        ("rel_located_in_place_place.csv", "LOCATED_IN"),
        ("rel_located_in_org_place.csv", "LOCATED_IN"),
    ] {
        let rel = g.intern(rel);
        for_each_row(&dir.join(file), |row| {
            let node = |f: Option<&&[u8]>| {
                f.and_then(|f| parse_usize(f))
                    .and_then(|i| ids.get(i).copied().flatten())
            };
            let (Some(a), Some(b)) = (node(row.first()), node(row.get(1))) else {
                return;
            };
            let e = g.add_edge_sym(a, b, rel);
            if let (Some(place), Some(date)) = (row.get(2), row.get(3)) {
                g.set_edge_str(e, place_key, text(place).unwrap_or_default());
                g.set_edge_str(e, date_key, text(date).unwrap_or_default());
            }
        });
    }
    g.finish_load();
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

/// 1 warm-up run, then 5 timed runs (1 when the warm-up took over 10 s); the median in ms.
fn median_ms(mut f: impl FnMut()) -> f64 {
    let warm = Instant::now();
    f();
    let runs = if warm.elapsed() > Duration::from_secs(10) {
        1
    } else {
        5
    };
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2].as_secs_f64() * 1000.0
}

// ---- Kùzu, same run -------------------------------------------------------------------------

/// One bench_kuzu.py run: its JSON report, or why there is none.
struct KuzuRun {
    threads: String,
    report: Result<serde_json::Value, String>,
}

impl KuzuRun {
    fn query(&self, id: &str) -> Option<&serde_json::Value> {
        self.report
            .as_ref()
            .ok()?
            .get("queries")?
            .as_array()?
            .iter()
            .find(|q| q.get("id").and_then(|v| v.as_str()) == Some(id))
    }

    /// The median in ms, or why there is none.
    fn median(&self, id: &str) -> Result<f64, String> {
        match &self.report {
            Err(e) => Err(e.clone()),
            Ok(_) => match self.query(id) {
                None => Err("skipped".into()),
                Some(q) => match q.get("median_ms").and_then(|v| v.as_f64()) {
                    Some(ms) => Ok(ms),
                    None => Err(format!(
                        "failed: {}",
                        q.get("error")
                            .and_then(|v| v.as_str())
                            .unwrap_or("no time")
                            .lines()
                            .next()
                            .unwrap_or("")
                    )),
                },
            },
        }
    }

    fn load(&self, path: &[&str]) -> Option<f64> {
        let mut v = self.report.as_ref().ok()?;
        for p in path {
            v = v.get(*p)?;
        }
        v.as_f64()
    }
}

fn python() -> String {
    if let Ok(p) = std::env::var("NEWSGRAPH_PYTHON") {
        return p;
    }
    let venv = "/work/benchvenv/bin/python";
    if Path::new(venv).is_file() {
        venv.into()
    } else {
        "python3".into()
    }
}

/// Kùzu's queries worth running on `size`: every one except those Kùzu is known to stall or
/// fail on (Q7's plain form enumerates every walk — minutes even on small; Q3 on large fills
/// a 16 GiB buffer pool). $NEWSGRAPH_BENCH_KUZU_ONLY overrides the list.
fn kuzu_queries(size: &str) -> (String, Vec<(&'static str, &'static str)>) {
    if let Ok(only) = std::env::var("NEWSGRAPH_BENCH_KUZU_ONLY") {
        return (only, Vec::new());
    }
    let mut skipped = vec![("Q7", "skipped: enumerates every walk (minutes)")];
    let mut run = vec![
        "Q1", "Q1b", "Q2", "Q3", "Q3d", "Q4", "Q5", "Q6", "Q7s", "Q8",
    ];
    if size == "large" {
        run.retain(|q| *q != "Q3");
        skipped.push(("Q3", "skipped: fails on large (buffer pool full at 16 GiB)"));
    }
    (run.join(","), skipped)
}

fn run_kuzu(root: &Path, dir: &Path, threads: &str, only: &str) -> KuzuRun {
    let out = std::env::temp_dir().join(format!(
        "newsgraph-kuzu-{}-{threads}.json",
        std::process::id()
    ));
    let py = python();
    let fail = |e: String| KuzuRun {
        threads: threads.into(),
        report: Err(e),
    };
    match Command::new(&py).args(["-c", "import kuzu"]).output() {
        Ok(o) if o.status.success() => {}
        _ => return fail(format!("n/a (kuzu not importable by {py})")),
    }
    println!("running Kùzu ({threads} threads; 0 = its default) on the same data ...");
    let status = Command::new(&py)
        .arg(root.join("bench_kuzu.py"))
        .arg("--data")
        .arg(dir)
        .args(["--in-memory", "--threads", threads, "--only", only])
        .args(["--timeout-s", "120", "--slow-s", "10", "--json"])
        .arg(&out)
        .status();
    let report = match status {
        Ok(s) if s.success() => std::fs::read_to_string(&out)
            .map_err(|e| format!("n/a ({e})"))
            .and_then(|t| serde_json::from_str(&t).map_err(|e| format!("n/a ({e})"))),
        Ok(s) => Err(format!("n/a (bench_kuzu.py exited with {s})")),
        Err(e) => Err(format!("n/a (cannot run {py}: {e})")),
    };
    let _ = std::fs::remove_file(&out);
    KuzuRun {
        threads: threads.into(),
        report,
    }
}

/// Whether Kùzu's answer summary matches the expected one (row count and sorted hash).
fn kuzu_answer(run: &KuzuRun, id: &str, expected: &serde_json::Value) -> &'static str {
    let (Some(q), Some(e)) = (run.query(id), expected.get(id)) else {
        return "-";
    };
    if q.get("median_ms").is_none() {
        return "-";
    }
    let same = |k: &str| e.get(k).is_none() || q.get(k) == e.get(k);
    if same("rows") && same("sha256_sorted") {
        "ok"
    } else {
        "mismatch"
    }
}

fn cell(v: &Result<f64, String>) -> String {
    match v {
        Ok(ms) => format!("{ms:.3}"),
        Err(e) => e.clone(),
    }
}

fn ratio(ours: f64, theirs: &Result<f64, String>) -> String {
    match theirs {
        Ok(t) if ours.is_finite() && ours > 0.0 => format!("{:.1}x", t / ours),
        _ => "-".into(),
    }
}

// ---- the bench ------------------------------------------------------------------------------

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
    let hint = |k: &str| params_json.get(k).and_then(|v| v.as_u64()).unwrap_or(0) as usize;

    // Kùzu first, in child processes, so that its memory never mixes with ours.
    let mut kuzu: Vec<KuzuRun> = Vec::new();
    let (only, kuzu_skipped) = kuzu_queries(&size);
    if std::env::var("NEWSGRAPH_BENCH_KUZU").as_deref() == Ok("0") {
        println!("Kùzu side skipped: NEWSGRAPH_BENCH_KUZU=0");
    } else {
        let threads =
            std::env::var("NEWSGRAPH_BENCH_KUZU_THREADS").unwrap_or_else(|_| "1,0".into());
        for t in threads.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            let run = run_kuzu(&root, &dir, t, &only);
            if let Err(e) = &run.report {
                println!("Kùzu side skipped: {e}");
                break;
            }
            kuzu.push(run);
        }
    }

    let before = status_kib("VmRSS:");
    let started = Instant::now();
    let mut graph = load(&dir, hint("n"), hint("m"));
    let load_ms = started.elapsed().as_secs_f64() * 1000.0;
    let after = status_kib("VmRSS:");
    let peak = status_kib("VmHWM:");
    println!();
    println!(
        "newsgraph on {size}: {} nodes, {} relationships",
        graph.node_count(),
        graph.edge_count()
    );
    println!("store heap by part (MiB):");
    for (part, bytes) in graph.memory_breakdown() {
        println!("  {part:<26} {:>8.1}", bytes as f64 / (1024.0 * 1024.0));
    }

    let options = Options {
        timeout: Some(Duration::from_secs(120)),
        ..Options::default()
    };
    let list = queries(&root);
    let mut ours: Vec<(String, f64, String)> = Vec::new();
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
        ours.push((id.clone(), ms, verdict));
    }
    let peak_after_queries = status_kib("VmHWM:");

    // One table: ours next to each Kùzu run.
    println!();
    println!(
        "side by side on {size} (medians of 5 runs after 1 warm-up; ratio = Kùzu / newsgraph, > 1 means newsgraph is faster)"
    );
    let mut header = format!("{:<6} {:>14}", "query", "newsgraph ms");
    for run in &kuzu {
        let t = if run.threads == "0" {
            "default".to_string()
        } else {
            run.threads.clone()
        };
        header.push_str(&format!(" {:>14} {:>7}", format!("Kùzu {t}t ms"), "ratio"));
    }
    header.push_str("  answer (newsgraph / Kùzu)");
    println!("{header}");
    let kuzu_load = |run: &KuzuRun| run.load(&["load", "total_s"]).map(|s| s * 1000.0);
    let mut line = format!("{:<6} {:>14.0}", "load", load_ms);
    for run in &kuzu {
        let k = kuzu_load(run).ok_or_else(|| "n/a".to_string());
        line.push_str(&format!(" {:>14} {:>7}", cell(&k), ratio(load_ms, &k)));
    }
    println!("{line}");
    for (id, ms, verdict) in &ours {
        let mut line = format!("{id:<6} {ms:>14.3}");
        let mut answers = Vec::new();
        for run in &kuzu {
            let k = match kuzu_skipped.iter().find(|(q, _)| q == id) {
                Some((_, why)) => Err(why.to_string()),
                None => run.median(id),
            };
            line.push_str(&format!(" {:>14} {:>7}", cell(&k), ratio(*ms, &k)));
            answers.push(kuzu_answer(run, id, &expected));
        }
        println!("{line}  {verdict} / {}", answers.join(", "));
        if id == "Q7" {
            // Kùzu answers Q7 only through its SHORTEST form (Q7s, not openCypher).
            let mut line = format!("{:<6} {ms:>14.3}", "Q7/s");
            for run in &kuzu {
                let k = run.median("Q7s");
                line.push_str(&format!(" {:>14} {:>7}", cell(&k), ratio(*ms, &k)));
            }
            println!("{line}  (our Q7 against Kùzu's Q7s)");
        }
    }
    println!();
    println!(
        "memory newsgraph: RSS after load {:.0} MiB (+{:.0} MiB over the load), peak RSS {:.0} MiB after load, {:.0} MiB after the queries",
        mib(after),
        mib(after.saturating_sub(before)),
        mib(peak),
        mib(peak_after_queries)
    );
    for run in &kuzu {
        let get = |k: &[&str]| {
            run.load(k)
                .map_or("n/a".to_string(), |v| format!("{v:.0} MiB"))
        };
        let growth = match (
            run.load(&["load", "rss_after_load_mib"]),
            run.load(&["rss_baseline_mib"]),
        ) {
            (Some(a), Some(b)) => format!("+{:.0} MiB", a - b),
            _ => "n/a".into(),
        };
        println!(
            "memory Kùzu ({} threads): RSS after load {} ({growth} over the Python baseline), peak RSS {} after load, {} after the queries",
            run.threads,
            get(&["load", "rss_after_load_mib"]),
            get(&["load", "peak_rss_after_load_mib"]),
            get(&["peak_rss_mib"])
        );
    }

    let slow: Vec<&str> = ours
        .iter()
        .filter(|(_, ms, _)| ms.is_nan() || *ms > 200.0)
        .map(|(id, _, _)| id.as_str())
        .collect();
    let mut group = c.benchmark_group(format!("query_{size}"));
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(2));
    // Criterion samples only the queries that are quick enough to repeat many times.
    for (id, text) in list.iter().filter(|(id, _)| !slow.contains(&id.as_str())) {
        group.bench_function(id.as_str(), |b| {
            b.iter(|| query::run(&mut graph, text, &params, &options))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
