//! Trains the NER tagger (CoNLL-2003 train [+ dev] → model file) and prints the report;
//! the same call as `newsgraph train-ner`. Usage:
//! `cargo run --release --example train_ner -- TRAIN [DEV] OUT [EPOCHS]`
//! (NER_PRUNE=x overrides the pruning threshold, for experiments).

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (train, dev, out, epochs) = match args.as_slice() {
        [train, out] => (train, None, out, None),
        [train, dev, out] => (train, Some(dev), out, None),
        [train, dev, out, epochs] => (train, Some(dev), out, Some(epochs.parse()?)),
        _ => return Err("usage: train_ner TRAIN [DEV] OUT [EPOCHS]".into()),
    };
    let epochs = epochs.unwrap_or(newsgraph::ner::train::DEFAULT_EPOCHS);
    let mut options = newsgraph::ner::TrainOptions {
        epochs,
        ..Default::default()
    };
    if let Ok(prune) = std::env::var("NER_PRUNE") {
        options.prune = prune.parse()?;
    }
    let report = newsgraph::ner::train::train_with(
        Path::new(train),
        dev.map(|d| Path::new(d.as_str())),
        Path::new(out),
        options,
    )?;
    print!("{report}");
    Ok(())
}
