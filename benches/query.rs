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
//! Kùzu: Python from $NEWSGRAPH_PYTHON, else the repository's .venv/bin/python (made by
//! .ci/run), else python3; skipped with a message when `import kuzu` fails or
//! $NEWSGRAPH_BENCH_KUZU=0. Thread counts to run from $NEWSGRAPH_BENCH_KUZU_THREADS
//! (comma-separated, 0 = Kùzu's default; default "1,0").
//! $NEWSGRAPH_BENCH_ONLY (comma-separated ids) restricts newsgraph's queries, and
//! $NEWSGRAPH_BENCH_KUZU_ONLY Kùzu's (default: all but the ones Kùzu is known to stall on).

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

/// Up to four fields of one CSV row, as byte ranges into its chunk (`NO_FIELD` when absent;
/// a start with `IN_EXTRA` set points into the chunk's `extra` bytes).
type Row = [(u32, u32); 4];
const NO_FIELD: (u32, u32) = (u32::MAX, u32::MAX);
const IN_EXTRA: u32 = 1 << 31;
/// Bytes read per chunk (whole lines; a longer line makes its chunk longer).
const CHUNK_BYTES: usize = 4 << 20;

/// Whole lines of one CSV file with each data row split into fields.
struct Chunk {
    file: usize,
    bytes: Vec<u8>,
    /// Unquoted fields of rows that had double quotes.
    extra: Vec<u8>,
    rows: Vec<Row>,
}

impl Chunk {
    fn field(&self, row: &Row, i: usize) -> Option<&[u8]> {
        let (a, b) = *row.get(i)?;
        if (a, b) == NO_FIELD {
            None
        } else if a & IN_EXTRA != 0 {
            self.extra
                .get((a & !IN_EXTRA) as usize..(b & !IN_EXTRA) as usize)
        } else {
            self.bytes.get(a as usize..b as usize)
        }
    }

    /// Splits `bytes` (whole lines) into rows; `skip_header` drops the first line.
    fn parse(file: usize, bytes: Vec<u8>, skip_header: bool) -> Chunk {
        let mut chunk = Chunk {
            file,
            bytes: Vec::new(),
            extra: Vec::new(),
            rows: Vec::with_capacity(bytes.len() / 16),
        };
        let mut start = 0;
        let mut first = skip_header;
        while start < bytes.len() {
            let end = bytes[start..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(bytes.len(), |p| start + p);
            let mut line_end = end;
            if line_end > start && bytes[line_end - 1] == b'\r' {
                line_end -= 1;
            }
            let line = &bytes[start..line_end];
            if !std::mem::take(&mut first) && !line.is_empty() {
                let mut row = [NO_FIELD; 4];
                if line.contains(&b'"') {
                    for (i, field) in quoted_fields(line).into_iter().take(4).enumerate() {
                        let a = chunk.extra.len() as u32 | IN_EXTRA;
                        chunk.extra.extend_from_slice(&field);
                        row[i] = (a, chunk.extra.len() as u32 | IN_EXTRA);
                    }
                } else {
                    let mut field_start = start;
                    let mut i = 0;
                    for (at, b) in line.iter().enumerate() {
                        if *b == b',' {
                            if i < 4 {
                                row[i] = (field_start as u32, (start + at) as u32);
                            }
                            i += 1;
                            field_start = start + at + 1;
                        }
                    }
                    if i < 4 {
                        row[i] = (field_start as u32, line_end as u32);
                    }
                }
                chunk.rows.push(row);
            }
            start = end + 1;
        }
        chunk.bytes = bytes;
        chunk
    }
}

/// Reads `files` in order, in chunks of whole lines (header lines dropped), parses each and
/// hands it to `send`; stops early when `send` returns false. A missing file is skipped.
fn read_chunks(files: &[PathBuf], send: impl Fn(Chunk) -> bool) {
    use std::io::Read;
    for (index, path) in files.iter().enumerate() {
        let Ok(mut file) = std::fs::File::open(path) else {
            continue;
        };
        let mut carry: Vec<u8> = Vec::new();
        let mut header = true;
        loop {
            let mut block = std::mem::take(&mut carry);
            let had = block.len();
            block.resize(had + CHUNK_BYTES, 0);
            let n = file.read(&mut block[had..]).unwrap_or(0);
            block.truncate(had + n);
            if n == 0 {
                if !block.is_empty() && !send(Chunk::parse(index, block, header)) {
                    return;
                }
                break;
            }
            // Keep a partial last line for the next block.
            match block.iter().rposition(|b| *b == b'\n') {
                Some(last) => carry = block.split_off(last + 1),
                None => {
                    carry = block;
                    continue;
                }
            }
            if !send(Chunk::parse(index, block, header)) {
                return;
            }
            header = false;
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

/// CPU time of this process so far (all threads), in ms.
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) * 10.0
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// The generated node files with their labels, then the relationship files with their types.
const NODE_FILES: [(&str, &str); 4] = [
    ("nodes_person.csv", "Person"),
    ("nodes_organization.csv", "Organization"),
    ("nodes_place.csv", "Place"),
    ("nodes_topic.csv", "Topic"),
];
const EDGE_FILES: [(&str, &str); 6] = [
    ("rel_met.csv", "MET"),
    ("rel_works_for.csv", "WORKS_FOR"),
    ("rel_discussed.csv", "DISCUSSED"),
    ("rel_owns.csv", "OWNS"),
    ("rel_located_in_place_place.csv", "LOCATED_IN"),
    ("rel_located_in_org_place.csv", "LOCATED_IN"),
];

/// Loads the generated CSVs through the bulk-load path: nodes keyed `n:<id>` with `id`,
/// `name` (and `kind`), relationships with their properties; then `finish_load` builds the
/// typed adjacency, so the graph is ready to query. A reader thread reads and splits the
/// files while this one builds the graph.
fn load(dir: &Path, nodes_hint: usize, edges_hint: usize) -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    g.reserve(nodes_hint, edges_hint);
    let id_key = g.intern("id");
    let name_key = g.intern("name");
    let kind_key = g.intern("kind");
    let place_key = g.intern("place");
    let date_key = g.intern("date");
    let labels: Vec<[newsgraph::graph::Symbol; 1]> =
        NODE_FILES.iter().map(|(_, l)| [g.intern(l)]).collect();
    let types: Vec<newsgraph::graph::Symbol> =
        EDGE_FILES.iter().map(|(_, t)| g.intern(t)).collect();
    let files: Vec<PathBuf> = NODE_FILES
        .iter()
        .chain(EDGE_FILES.iter())
        .map(|(f, _)| dir.join(f))
        .collect();
    // CSV id → node.
    let mut ids: Vec<Option<NodeId>> = Vec::with_capacity(nodes_hint);
    let mut key = String::new();
    let mut ends: Vec<(NodeId, NodeId)> = Vec::new();
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Chunk>(4);
        scope.spawn(move || read_chunks(&files, |c| tx.send(c).is_ok()));
        for chunk in rx {
            let mut places: Vec<&str> = Vec::new();
            let mut dates: Vec<&str> = Vec::new();
            if let Some(label) = labels.get(chunk.file) {
                for row in &chunk.rows {
                    let Some(raw) = chunk.field(row, 0) else {
                        continue;
                    };
                    let Some(id) = parse_usize(raw) else {
                        continue;
                    };
                    key.clear();
                    key.push_str("n:");
                    key.push_str(text(raw).unwrap_or_default());
                    let node = g.add_node_sym(&key, label);
                    g.set_node_prop_sym(node, id_key, Some(PropValue::Int(id as i64)));
                    if let Some(name) = chunk.field(row, 1).and_then(text) {
                        g.set_node_str(node, name_key, name);
                    }
                    if let Some(kind) = chunk.field(row, 2).and_then(text) {
                        g.set_node_str(node, kind_key, kind);
                    }
                    if ids.len() <= id {
                        ids.resize(id + 1, None);
                    }
                    ids[id] = Some(node);
                }
            } else {
                let rel = types[chunk.file - labels.len()];
                let node = |f: Option<&[u8]>| {
                    f.and_then(parse_usize)
                        .and_then(|i| ids.get(i).copied().flatten())
                };
                ends.clear();
                places.clear();
                dates.clear();
                for row in &chunk.rows {
                    let (Some(a), Some(b)) = (node(chunk.field(row, 0)), node(chunk.field(row, 1)))
                    else {
                        continue;
                    };
                    ends.push((a, b));
                    if let (Some(place), Some(date)) = (chunk.field(row, 2), chunk.field(row, 3)) {
                        places.push(text(place).unwrap_or_default());
                        dates.push(text(date).unwrap_or_default());
                    }
                }
                // Rows either all have a place and a date (MET) or none has.
                let props: &[(newsgraph::graph::Symbol, &[&str])] = if places.len() == ends.len() {
                    &[(place_key, &places), (date_key, &dates)]
                } else {
                    &[]
                };
                g.add_edges_of_type(rel, &ends, props);
            }
        }
    });
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

/// Time limit of one query run, for both engines.
const QUERY_TIMEOUT_S: u64 = 60;

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
    // The virtual environment .ci/run creates (add numpy for gen_graph.py).
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    if venv.is_file() {
        venv.display().to_string()
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
        .args([
            "--timeout-s",
            &QUERY_TIMEOUT_S.to_string(),
            "--slow-s",
            "10",
        ])
        .arg("--json")
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

/// A table cell: the time, or the first word of why there is none (the whole reason goes to
/// `notes`, printed under the table).
fn cell(v: &Result<f64, String>, what: &str, notes: &mut Vec<String>) -> String {
    match v {
        Ok(ms) => format!("{ms:.3}"),
        Err(e) => {
            let word = e.split([':', ' ']).next().unwrap_or("").to_string();
            if word != *e {
                let note = format!("{what}: {e}");
                if !notes.contains(&note) {
                    notes.push(note);
                }
            }
            word
        }
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
    let cpu_before = cpu_ms();
    let started = Instant::now();
    let mut graph = load(&dir, hint("n"), hint("m"));
    let load_ms = started.elapsed().as_secs_f64() * 1000.0;
    let load_cpu_ms = cpu_ms() - cpu_before;
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
        timeout: Some(Duration::from_secs(QUERY_TIMEOUT_S)),
        ..Options::default()
    };
    let ours_only: Option<Vec<String>> = std::env::var("NEWSGRAPH_BENCH_ONLY")
        .ok()
        .map(|v| v.split(',').map(|q| q.trim().to_string()).collect());
    let list: Vec<(String, String)> = queries(&root)
        .into_iter()
        .filter(|(id, _)| ours_only.as_ref().map_or(true, |o| o.contains(id)))
        .collect();
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
    let mut notes: Vec<String> = Vec::new();
    let label = |run: &KuzuRun| {
        if run.threads == "0" {
            "Kùzu default threads".to_string()
        } else {
            format!("Kùzu {} thread(s)", run.threads)
        }
    };
    let mut header = format!("{:<6} {:>14}", "query", "newsgraph ms");
    for run in &kuzu {
        let t = if run.threads == "0" {
            "dflt".to_string()
        } else {
            format!("{}t", run.threads)
        };
        header.push_str(&format!(" {:>14} {:>7}", format!("Kùzu {t} ms"), "ratio"));
    }
    header.push_str("  answer (newsgraph / Kùzu)");
    println!("{header}");
    let kuzu_load = |run: &KuzuRun| run.load(&["load", "total_s"]).map(|s| s * 1000.0);
    let mut line = format!("{:<6} {:>14.0}", "load", load_ms);
    for run in &kuzu {
        let k = kuzu_load(run).ok_or_else(|| "n/a".to_string());
        let c = cell(&k, &format!("load, {}", label(run)), &mut notes);
        line.push_str(&format!(" {c:>14} {:>7}", ratio(load_ms, &k)));
    }
    println!("{line}  (newsgraph: {load_cpu_ms:.0} ms CPU over both load threads)");
    for (id, ms, verdict) in &ours {
        let mut line = format!("{id:<6} {ms:>14.3}");
        let mut answers = Vec::new();
        for run in &kuzu {
            let k = match kuzu_skipped.iter().find(|(q, _)| q == id) {
                Some((_, why)) => Err(why.to_string()),
                None => run.median(id),
            };
            let c = cell(&k, &format!("{id}, {}", label(run)), &mut notes);
            line.push_str(&format!(" {c:>14} {:>7}", ratio(*ms, &k)));
            answers.push(kuzu_answer(run, id, &expected));
        }
        println!("{line}  {verdict} / {}", answers.join(", "));
        if id == "Q7" {
            // Kùzu answers Q7 only through its SHORTEST form (Q7s, not openCypher).
            let mut line = format!("{:<6} {ms:>14.3}", "Q7/s");
            for run in &kuzu {
                let k = run.median("Q7s");
                let c = cell(&k, &format!("Q7s, {}", label(run)), &mut notes);
                line.push_str(&format!(" {c:>14} {:>7}", ratio(*ms, &k)));
            }
            println!("{line}  (our Q7 against Kùzu's Q7s)");
        }
    }
    for note in &notes {
        println!("  note: {note}");
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
