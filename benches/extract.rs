//! Extraction throughput on generated news-like text (`extract::synthetic`): criterion groups
//! on 1 and 2 threads over a few MB, and, with NEWSGRAPH_BENCH_MB=<n>, one streaming pass over
//! n MB (≥ 100 for the figure in the notes) that prints MB/s per thread count and the time of
//! each stage on one thread. NEWSGRAPH_BENCH_DOCS=<paths> runs that pass over real articles
//! instead (cycled until n MB), e.g. CoNLL-2003's Reuters text converted to JSON lines.

use criterion::{criterion_group, Criterion, Throughput};
use newsgraph::extract::{self, synthetic, Knowledge, StageTimes};
use rayon::prelude::*;
use std::time::Instant;

fn corpus(mb: usize) -> Vec<newsgraph::corpus::Document> {
    synthetic::generate(7, mb << 20, &synthetic::Vocabulary::bundled()).collect()
}

fn bench_extract(c: &mut Criterion) {
    let knowledge = Knowledge::bundled().expect("bundled knowledge");
    let docs = corpus(4);
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut group = c.benchmark_group("extract");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    for threads in [1usize, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        group.bench_function(format!("{threads}-thread"), |b| {
            b.iter(|| {
                pool.install(|| {
                    docs.par_iter()
                        .map(|d| extract::extract(d, &knowledge).facts.len())
                        .sum::<usize>()
                })
            })
        });
    }
    group.finish();
    c.bench_function("knowledge-load", |b| {
        b.iter(|| Knowledge::bundled().expect("bundled"))
    });
}

/// Where the large pass takes its documents from: the generator, or real articles (any paths
/// `newsgraph` reads, in NEWSGRAPH_BENCH_DOCS, separated by ':') cycled until `mb` is reached.
fn documents(mb: usize) -> Box<dyn Iterator<Item = newsgraph::corpus::Document>> {
    let Ok(paths) = std::env::var("NEWSGRAPH_BENCH_DOCS") else {
        return Box::new(synthetic::generate(
            11,
            mb << 20,
            Box::leak(Box::new(synthetic::Vocabulary::bundled())),
        ));
    };
    let paths: Vec<_> = std::env::split_paths(&paths).collect();
    let report = newsgraph::corpus::load(&paths);
    assert!(!report.documents.is_empty(), "no documents in {paths:?}");
    let originals = report.documents;
    let mut produced = 0usize;
    Box::new(
        originals
            .into_iter()
            .cycle()
            .enumerate()
            .map(|(n, mut doc)| {
                doc.id = format!("{}#{n}", doc.id);
                doc
            })
            .take_while(move |doc| {
                let more = produced < mb << 20;
                produced += doc.text.len();
                more
            }),
    )
}

/// One pass over a large corpus, streamed in batches so memory stays flat.
fn large_pass(mb: usize) {
    let start = Instant::now();
    let knowledge = Knowledge::bundled().expect("bundled knowledge");
    println!(
        "knowledge load: {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    let sample = newsgraph::corpus::sample::documents();
    let start = Instant::now();
    let facts: usize = sample
        .iter()
        .map(|d| extract::extract(d, &knowledge).facts.len())
        .sum();
    println!(
        "sample extraction: {:.1} ms ({facts} facts)",
        start.elapsed().as_secs_f64() * 1e3
    );
    for threads in [1usize, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        let mut docs = documents(mb);
        let (mut bytes, mut facts, mut extracting) = (0usize, 0usize, std::time::Duration::ZERO);
        let mut stages = StageTimes::default();
        loop {
            let batch: Vec<_> = docs.by_ref().take(2000).collect();
            if batch.is_empty() {
                break;
            }
            bytes += batch.iter().map(|d| d.text.len()).sum::<usize>();
            let start = Instant::now();
            let (batch_facts, batch_stages) = pool.install(|| {
                batch
                    .par_iter()
                    .fold(
                        || (0usize, StageTimes::default()),
                        |(n, mut times), d| {
                            let facts = extract::extract_timed(d, &knowledge, &mut times);
                            (n + facts.facts.len(), times)
                        },
                    )
                    .reduce(
                        || (0usize, StageTimes::default()),
                        |(a, mut ta), (b, tb)| {
                            ta.add(&tb);
                            (a + b, ta)
                        },
                    )
            });
            facts += batch_facts;
            stages.add(&batch_stages);
            extracting += start.elapsed();
        }
        let secs = extracting.as_secs_f64();
        println!(
            "large pass: {threads} thread(s): {:.1} MB in {secs:.1} s = {:.1} MB/s ({facts} facts)",
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / secs
        );
        if threads == 1 {
            for (stage, time) in stages.stages() {
                println!(
                    "  {stage:<12} {:7.1} s  {:6.1} MB/s",
                    time.as_secs_f64(),
                    bytes as f64 / 1e6 / time.as_secs_f64()
                );
            }
        }
    }
}

criterion_group!(benches, bench_extract);

fn main() {
    // As `newsgraph extract` and `build` do: freed memory is reused, not returned to the OS.
    newsgraph::keep_freed_memory();
    if let Some(mb) = std::env::var("NEWSGRAPH_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        large_pass(mb);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
