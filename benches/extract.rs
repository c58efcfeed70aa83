//! Extraction throughput on generated news-like text (`extract::synthetic`): criterion groups
//! on 1 and 2 threads over a few MB, and, with NEWSGRAPH_BENCH_MB=<n>, one streaming pass over
//! n MB (≥ 100 for the figure in the notes) that prints MB/s per thread count.

use criterion::{criterion_group, Criterion, Throughput};
use newsgraph::extract::{self, synthetic, Knowledge};
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

/// One pass over a large generated corpus, streamed in batches so memory stays flat.
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
    let vocabulary = synthetic::Vocabulary::bundled();
    for threads in [1usize, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        let mut docs = synthetic::generate(11, mb << 20, &vocabulary);
        let (mut bytes, mut facts, mut extracting) = (0usize, 0usize, std::time::Duration::ZERO);
        loop {
            let batch: Vec<_> = docs.by_ref().take(2000).collect();
            if batch.is_empty() {
                break;
            }
            bytes += batch.iter().map(|d| d.text.len()).sum::<usize>();
            let start = Instant::now();
            facts += pool.install(|| {
                batch
                    .par_iter()
                    .map(|d| extract::extract(d, &knowledge).facts.len())
                    .sum::<usize>()
            });
            extracting += start.elapsed();
        }
        let secs = extracting.as_secs_f64();
        println!(
            "large pass: {threads} thread(s): {:.1} MB in {secs:.1} s = {:.1} MB/s ({facts} facts)",
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / secs
        );
    }
}

criterion_group!(benches, bench_extract);

fn main() {
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
