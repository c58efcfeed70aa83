//! NER throughput: tokens/s and bytes/s of `Tagger::tag` (and `tag_document`) on news text (the bundled sample
//! articles, split into sentences and tokens the simple way), and the model load time.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsgraph::ner::Tagger;

/// Splits text into sentences of tokens: whitespace, with leading and trailing punctuation
/// as tokens of their own (abbreviations such as "U.S." keep their periods).
fn sentences(text: &str) -> Vec<Vec<&str>> {
    let mut out = Vec::new();
    let mut current = Vec::new();
    for word in text.split_whitespace() {
        let mut start = 0;
        let mut end = word.len();
        let bytes = word.as_bytes();
        while start < end && matches!(bytes[start], b'"' | b'(' | b'\'') {
            current.push(&word[start..start + 1]);
            start += 1;
        }
        let mut trailing = Vec::new();
        while end > start
            && matches!(
                bytes[end - 1],
                b'"' | b')' | b',' | b':' | b';' | b'?' | b'!' | b'.'
            )
        {
            let is_abbreviation = bytes[end - 1] == b'.' && word[start..end - 1].contains('.');
            if is_abbreviation {
                break;
            }
            trailing.push(&word[end - 1..end]);
            end -= 1;
        }
        if start < end {
            current.push(&word[start..end]);
        }
        for token in trailing.into_iter().rev() {
            current.push(token);
            if matches!(token, "." | "?" | "!") {
                out.push(std::mem::take(&mut current));
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn bench(c: &mut Criterion) {
    let text: String = newsgraph::data::files_under("articles")
        .map(|(_, body)| body)
        .collect::<Vec<_>>()
        .join("\n");
    let sentences = sentences(&text);
    let tokens: usize = sentences.iter().map(Vec::len).sum();
    let tagger = Tagger::bundled();

    let mut group = c.benchmark_group("ner_tag");
    group.throughput(Throughput::Elements(tokens as u64));
    group.bench_function("sample_tokens", |b| {
        b.iter(|| sentences.iter().map(|s| tagger.tag(s).len()).sum::<usize>())
    });
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("sample_bytes", |b| {
        b.iter(|| sentences.iter().map(|s| tagger.tag(s).len()).sum::<usize>())
    });
    group.bench_function("sample_bytes_as_documents", |b| {
        b.iter(|| {
            tagger
                .tag_document(&sentences)
                .iter()
                .map(Vec::len)
                .sum::<usize>()
        })
    });
    group.finish();

    let model = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/model/ner.bin"))
        .expect("data/model/ner.bin is readable");
    c.bench_function("ner_load", |b| {
        b.iter(|| Tagger::load(&model).map(|t| t.feature_count()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
