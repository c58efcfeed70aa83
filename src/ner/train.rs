//! Training: CoNLL-2003 training file → averaged structured perceptron (Viterbi decoding,
//! hashed features, tag transitions) → pruned, quantised model file (see [`super::model`]).
//!
//! Reproducible bit for bit: sentences are visited in an order drawn from a fixed seed,
//! feature rows are numbered in first-seen order, the model is written sorted by key, and
//! all arithmetic is sequential.

use super::conll::read_conll;
use super::features::{DocumentContext, FeatureExtractor, IdentityBuild, SentenceFeatures};
use super::gazetteer::Gazetteer;
use super::model::{viterbi, write_model, Tagger};
use super::score::{score, NerReport};
use super::{ConllSentence, NerError, NerSpan, NUM_TAGS};
use std::collections::HashMap;
use std::fmt;
use std::path::Path;

/// Training settings; [`TrainOptions::default`] is what the shipped model used.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    pub epochs: usize,
    /// Seed of the sentence order.
    pub seed: u64,
    /// Features whose largest averaged weight (in absolute value) is below this are dropped.
    pub prune: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: DEFAULT_EPOCHS,
            seed: 0x6e65_7773_6772_6170, // "newsgrap"
            prune: 1.2,
        }
    }
}

/// Epochs used for the shipped model.
pub const DEFAULT_EPOCHS: usize = 10;

/// What training did: per-epoch figures, the model's size, the final dev score.
#[derive(Debug, Clone)]
pub struct TrainReport {
    pub sentences: usize,
    pub tokens: usize,
    /// Gold entity tokens the tagger cannot reach (no capital letter in or next to them).
    pub unreachable_tokens: usize,
    pub epochs: Vec<EpochReport>,
    pub features_seen: usize,
    pub features_kept: usize,
    pub model_bytes: usize,
    pub dev: Option<NerReport>,
}

/// One epoch: training sentences decoded wrongly, and the dev F1 (without MISC, overall).
#[derive(Debug, Clone, Copy)]
pub struct EpochReport {
    pub epoch: usize,
    pub mistakes: usize,
    pub dev_f1: Option<(f64, f64)>,
}

impl fmt::Display for TrainReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "trained on {} sentences, {} tokens, each in its document and alone ({} gold entity tokens unreachable)",
            self.sentences, self.tokens, self.unreachable_tokens
        )?;
        for epoch in &self.epochs {
            write!(
                f,
                "epoch {:>2}: {} sentences wrong",
                epoch.epoch, epoch.mistakes
            )?;
            if let Some((without_misc, overall)) = epoch.dev_f1 {
                write!(
                    f,
                    "; dev F1 {without_misc:.4} without MISC, {overall:.4} overall"
                )?;
            }
            writeln!(f)?;
        }
        writeln!(
            f,
            "features: {} seen, {} kept; model {} bytes",
            self.features_seen, self.features_kept, self.model_bytes
        )?;
        if let Some(dev) = &self.dev {
            write!(f, "dev set:\n{dev}")?;
        }
        Ok(())
    }
}

/// Trains on `train` (CoNLL-2003), reports dev scores per epoch when `dev` is given, and
/// writes the model to `out` (atomically).
pub fn train(
    train: &Path,
    dev: Option<&Path>,
    out: &Path,
    epochs: usize,
) -> Result<TrainReport, NerError> {
    train_with(
        train,
        dev,
        out,
        TrainOptions {
            epochs,
            ..TrainOptions::default()
        },
    )
}

struct Example {
    features: SentenceFeatures,
    gold: Vec<usize>,
}

/// Weights being learnt: current and accumulated (for averaging) values per row.
struct Weights {
    index: HashMap<u64, u32, IdentityBuild>,
    keys: Vec<u64>,
    current: Vec<f32>,
    accumulated: Vec<f32>,
    transitions: Vec<f32>,
    transitions_accumulated: Vec<f32>,
}

impl Weights {
    fn row(&self, key: u64) -> Option<usize> {
        self.index.get(&key).map(|&r| r as usize)
    }

    fn row_or_insert(&mut self, key: u64) -> usize {
        let next = self.keys.len() as u32;
        let row = *self.index.entry(key).or_insert(next);
        if row == next {
            self.keys.push(key);
            self.current.extend_from_slice(&[0.0; NUM_TAGS]);
            self.accumulated.extend_from_slice(&[0.0; NUM_TAGS]);
        }
        row as usize
    }

    fn emissions(&self, features: &SentenceFeatures, out: &mut Vec<f32>) {
        out.clear();
        out.resize(features.len() * NUM_TAGS, 0.0);
        for i in 0..features.len() {
            let scores = &mut out[i * NUM_TAGS..(i + 1) * NUM_TAGS];
            for &key in features.token(i) {
                if let Some(row) = self.row(key) {
                    let weights = &self.current[row * NUM_TAGS..(row + 1) * NUM_TAGS];
                    for (s, w) in scores.iter_mut().zip(weights) {
                        *s += *w;
                    }
                }
            }
        }
    }

    fn update(&mut self, example: &Example, predicted: &[usize], time: f32) {
        for (i, (&gold, &guess)) in example.gold.iter().zip(predicted).enumerate() {
            if gold != guess {
                for &key in example.features.token(i) {
                    let row = self.row_or_insert(key) * NUM_TAGS;
                    self.current[row + gold] += 1.0;
                    self.accumulated[row + gold] += time;
                    self.current[row + guess] -= 1.0;
                    self.accumulated[row + guess] -= time;
                }
            }
            let gold_from = if i == 0 { 0 } else { example.gold[i - 1] + 1 };
            let guess_from = if i == 0 { 0 } else { predicted[i - 1] + 1 };
            if (gold_from, gold) != (guess_from, guess) {
                let g = gold_from * NUM_TAGS + gold;
                let p = guess_from * NUM_TAGS + guess;
                self.transitions[g] += 1.0;
                self.transitions_accumulated[g] += time;
                self.transitions[p] -= 1.0;
                self.transitions_accumulated[p] -= time;
            }
        }
    }

    /// The averaged, pruned, quantised model.
    fn export(&self, time: f32, prune: f32, gazetteer: &Gazetteer) -> (Vec<u8>, usize) {
        let average = |current: f32, accumulated: f32| current - accumulated / time;
        let mut order: Vec<usize> = (0..self.keys.len()).collect();
        order.sort_by_key(|&r| self.keys[r]);
        let mut kept: Vec<(u64, Vec<f32>)> = Vec::new();
        let mut largest = 0f32;
        for row in order {
            let values: Vec<f32> = (0..NUM_TAGS)
                .map(|t| {
                    average(
                        self.current[row * NUM_TAGS + t],
                        self.accumulated[row * NUM_TAGS + t],
                    )
                })
                .collect();
            let max = values.iter().fold(0f32, |m, v| m.max(v.abs()));
            if max >= prune {
                largest = largest.max(max);
                kept.push((self.keys[row], values));
            }
        }
        let transitions: Vec<f32> = self
            .transitions
            .iter()
            .zip(&self.transitions_accumulated)
            .map(|(&c, &a)| average(c, a))
            .collect();
        let scale = if largest > 0.0 {
            largest / f32::from(i16::MAX)
        } else {
            1.0
        };
        let quantised: Vec<(u64, Vec<i16>)> = kept
            .into_iter()
            .map(|(key, values)| {
                let q = values
                    .iter()
                    .map(|v| (v / scale).round().clamp(-32767.0, 32767.0) as i16)
                    .collect();
                (key, q)
            })
            .collect();
        let transitions: Vec<i32> = transitions
            .iter()
            .map(|v| (v / scale).round() as i32)
            .collect();
        let count = quantised.len();
        (
            write_model(&quantised, &transitions, gazetteer, scale),
            count,
        )
    }
}

/// Deterministic pseudo-random numbers (xorshift64*), for the sentence order.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn shuffle(&mut self, items: &mut [usize]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// [`train`] with all settings.
pub fn train_with(
    train: &Path,
    dev: Option<&Path>,
    out: &Path,
    options: TrainOptions,
) -> Result<TrainReport, NerError> {
    let gazetteer = Gazetteer::bundled()?;
    let extractor = FeatureExtractor {
        gazetteer: &gazetteer,
    };
    let sentences = read_conll(train)?;
    let dev_sentences = dev.map(read_conll).transpose()?;
    let mut examples = Vec::with_capacity(sentences.len());
    let mut tokens = 0;
    let mut unreachable_tokens = 0;
    // Every sentence is learnt twice: in its document (as `Tagger::tag_document` sees it)
    // and alone (as `Tagger::tag` sees it), so the model does well in both uses.
    for document in documents(&sentences) {
        let texts: Vec<&[String]> = document.iter().map(|s| s.tokens.as_slice()).collect();
        let context = DocumentContext::build(&texts, &gazetteer);
        for sentence in document {
            tokens += sentence.tokens.len();
            for context in [Some(&context), None] {
                let mut features = SentenceFeatures::default();
                extractor.extract_in(&sentence.tokens, context, &mut features);
                examples.push(Example {
                    features,
                    gold: sentence.tags.clone(),
                });
            }
            if let Some(example) = examples.last() {
                unreachable_tokens += sentence
                    .tags
                    .iter()
                    .zip(&example.features.active)
                    .filter(|(&tag, &active)| tag != 0 && !active)
                    .count();
            }
        }
    }
    let mut weights = Weights {
        index: HashMap::with_hasher(IdentityBuild),
        keys: Vec::new(),
        current: Vec::new(),
        accumulated: Vec::new(),
        transitions: vec![0.0; (NUM_TAGS + 1) * NUM_TAGS],
        transitions_accumulated: vec![0.0; (NUM_TAGS + 1) * NUM_TAGS],
    };
    let mut rng = Rng(options.seed | 1);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut time = 1f32;
    let mut emissions = Vec::new();
    let mut back = Vec::new();
    let mut predicted = Vec::new();
    let mut report = TrainReport {
        sentences: sentences.len(),
        tokens,
        unreachable_tokens,
        epochs: Vec::new(),
        features_seen: 0,
        features_kept: 0,
        model_bytes: 0,
        dev: None,
    };
    let mut model = Vec::new();
    for epoch in 1..=options.epochs {
        rng.shuffle(&mut order);
        let mut mistakes = 0;
        for &index in &order {
            let example = &examples[index];
            if example.gold.is_empty() {
                continue;
            }
            weights.emissions(&example.features, &mut emissions);
            viterbi(
                &emissions,
                &example.features.active,
                &weights.transitions,
                &mut back,
                &mut predicted,
            );
            if predicted != example.gold {
                mistakes += 1;
                weights.update(example, &predicted, time);
            }
            time += 1.0;
        }
        let (bytes, kept) = weights.export(time, options.prune, &gazetteer);
        let dev_report = match &dev_sentences {
            Some(dev) => Some(evaluate(&bytes, dev)?),
            None => None,
        };
        report.epochs.push(EpochReport {
            epoch,
            mistakes,
            dev_f1: dev_report
                .as_ref()
                .map(|r| (r.overall_without_misc.f1(), r.overall.f1())),
        });
        report.dev = dev_report;
        report.features_kept = kept;
        model = bytes;
    }
    report.features_seen = weights.keys.len();
    report.model_bytes = model.len();
    write_atomically(out, &model)?;
    Ok(report)
}

fn evaluate(model: &[u8], dev: &[ConllSentence]) -> Result<NerReport, NerError> {
    let tagger = Tagger::load(model)?;
    Ok(score(dev, &tag_documents(&tagger, dev)))
}

/// Consecutive sentences of the same document.
pub(crate) fn documents(sentences: &[ConllSentence]) -> impl Iterator<Item = &[ConllSentence]> {
    sentences.chunk_by(|a, b| a.document == b.document)
}

/// Tags CoNLL sentences document by document; one span list per sentence, in order.
pub(crate) fn tag_documents(tagger: &Tagger, sentences: &[ConllSentence]) -> Vec<Vec<NerSpan>> {
    let mut predicted = Vec::with_capacity(sentences.len());
    for document in documents(sentences) {
        let tokens: Vec<Vec<&str>> = document.iter().map(ConllSentence::token_strs).collect();
        predicted.extend(tagger.tag_document(&tokens));
    }
    predicted
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), NerError> {
    let io = |source| NerError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp-train");
    let temporary = std::path::PathBuf::from(temporary);
    std::fs::write(&temporary, bytes).map_err(io)?;
    std::fs::rename(&temporary, path).map_err(io)
}
