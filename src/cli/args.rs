//! Command-line definitions (clap): the commands, flags and formats of the DESIGN.md contract.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "newsgraph",
    version,
    about = "Turns news articles into a knowledge graph and answers questions about it",
    long_about = "Turns news articles into a knowledge graph and answers questions about it.\n\n\
        With no command: the REPL on a terminal, or a script read from standard input when it \
        is not a terminal. With no -i/-g, the bundled sample corpus is used.",
    after_help = "Examples:\n  newsgraph query 'who met whom where'\n  \
        newsgraph query -f json 'MATCH (p:Person) RETURN p.name AS name ORDER BY name'\n  \
        newsgraph build -i articles/ -o news.json && newsgraph repl -g news.json\n  \
        newsgraph export -f svg --around Bessent --depth 1 -o bessent.svg"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub source: SourceArgs,
}

/// Where the graph comes from: documents (-i), a snapshot (-g), or the bundled sample.
#[derive(Debug, Clone, Default, Args)]
pub struct SourceArgs {
    /// Article files or folders (.txt .md .json .jsonl); repeatable
    #[arg(short = 'i', long = "input", value_name = "PATH", global = true)]
    pub inputs: Vec<PathBuf>,
    /// A snapshot written by `newsgraph build`
    #[arg(
        short = 'g',
        long = "graph",
        value_name = "SNAPSHOT",
        global = true,
        conflicts_with = "inputs"
    )]
    pub graph: Option<PathBuf>,
    /// Reference date (YYYY-MM-DD) for relative dates in articles without a date of their own
    #[arg(short = 'd', long = "date", value_name = "DATE", global = true)]
    pub date: Option<String>,
    /// A folder laid out like data/ (lexicon/, rules/) whose files replace or extend the bundled ones
    #[arg(long = "data", value_name = "DIR", global = true)]
    pub data: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ResultFormat {
    /// Aligned text table
    Table,
    /// One JSON array of row objects per statement, one line each
    Json,
    /// Comma-separated values with a header row
    Csv,
    /// Graphviz DOT of the nodes and relationships in the result
    Dot,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormatArg {
    /// Graphviz DOT
    Dot,
    /// SVG drawn by Graphviz
    Svg,
    /// PNG drawn by Graphviz
    Png,
    /// The newsgraph snapshot (JSON)
    Json,
    /// GraphML (Gephi, yEd, Cytoscape)
    Graphml,
    /// GEXF 1.3 (Gephi, with a timeline)
    Gexf,
    /// CSV folder for neo4j-admin import
    Neo4j,
    /// Schema, CSVs and COPY script folder for Kùzu
    Kuzu,
    /// RDF N-Triples
    Ntriples,
    /// RDF Turtle
    Turtle,
}

impl ExportFormatArg {
    /// The format's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormatArg::Dot => "dot",
            ExportFormatArg::Svg => "svg",
            ExportFormatArg::Png => "png",
            ExportFormatArg::Json => "json",
            ExportFormatArg::Graphml => "graphml",
            ExportFormatArg::Gexf => "gexf",
            ExportFormatArg::Neo4j => "neo4j",
            ExportFormatArg::Kuzu => "kuzu",
            ExportFormatArg::Ntriples => "ntriples",
            ExportFormatArg::Turtle => "turtle",
        }
    }
}

#[derive(Debug, Clone, Default, Args)]
pub struct QueryArgs {
    /// Output format
    #[arg(short = 'f', long = "format", value_enum, default_value = "table")]
    pub format: Option<ResultFormat>,
    /// A query parameter, usable as $name (value: a literal such as 42, 'text', [1,2]; bare text is a string)
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// Stop a statement that runs longer than this many seconds
    #[arg(long = "timeout", value_name = "SECONDS")]
    pub timeout: Option<f64>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract the graph and save it as a snapshot
    Build {
        /// Snapshot file to write
        #[arg(short = 'o', long = "output", default_value = "newsgraph.json")]
        output: PathBuf,
        /// Merge fact files written by `newsgraph extract` instead of reading documents
        #[arg(long = "facts", value_name = "FILE", num_args = 1..)]
        facts: Vec<PathBuf>,
    },
    /// Run one statement (a question or a query) and print its result
    Query {
        #[command(flatten)]
        query: QueryArgs,
        /// The statement, e.g. 'who met whom where'
        statement: String,
    },
    /// Run query scripts ('-' reads standard input)
    Run {
        #[command(flatten)]
        query: QueryArgs,
        /// Continue after a failing statement (exit 1 at the end if any failed)
        #[arg(long = "keep-going")]
        keep_going: bool,
        /// Print each statement before its result
        #[arg(long = "echo")]
        echo: bool,
        /// Script files (.kgq); '-' for standard input
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Interactive shell
    Repl,
    /// Export the graph (or part of it) for other tools
    Export {
        /// Export format
        #[arg(short = 'f', long = "format", value_name = "FMT", value_enum)]
        format: ExportFormatArg,
        /// Output file (folder for neo4j and kuzu); standard output when omitted
        #[arg(short = 'o', long = "output", value_name = "PATH")]
        output: Option<PathBuf>,
        /// Export only what this query returns (its nodes, relationships and the relationships between them)
        #[arg(long = "query", value_name = "Q", conflicts_with = "around")]
        query: Option<String>,
        /// Export the neighbourhood of this entity
        #[arg(long = "around", value_name = "NAME")]
        around: Option<String>,
        /// Depth of the neighbourhood for --around
        #[arg(long = "depth", default_value_t = 1)]
        depth: usize,
        /// Graphviz rank direction for dot/svg/png (LR, TB, RL, BT)
        #[arg(long = "rankdir", default_value = "LR")]
        rankdir: String,
        /// Group nodes by document in dot/svg/png
        #[arg(long = "clusters")]
        clusters: bool,
        /// Base IRI for ntriples/turtle
        #[arg(long = "base", value_name = "IRI")]
        base: Option<String>,
    },
    /// Counts of documents, nodes and relationships by label and type
    Stats,
    /// Facts as JSON lines, one per document (standard input: JSON lines of documents)
    Extract,
    /// Show how one sentence is read: tokens, mentions, entities and the rules that fired
    Trace {
        /// The sentence, e.g. "Chancellor Olaf Scholz met Emmanuel Macron in Paris."
        sentence: String,
    },
    /// Train the entity tagger on CoNLL-2003 data (deterministic: same data, same weights)
    TrainNer {
        /// Training file (CoNLL-2003 format), e.g. ../shared/conll2003/eng.train
        train: PathBuf,
        /// Development file scored after each epoch
        #[arg(long = "dev", value_name = "FILE")]
        dev: Option<PathBuf>,
        /// Where to write the model
        #[arg(short = 'o', long = "output", default_value = "data/model/ner.bin")]
        output: PathBuf,
        /// Training epochs
        #[arg(long = "epochs", default_value_t = crate::ner::train::DEFAULT_EPOCHS)]
        epochs: usize,
    },
    /// Train the pair model (the rules' back-off for meetings) on gold meeting sets
    TrainPairs {
        /// Set folders, each with articles/ and gold.json (e.g. tests/fixtures/meetings/blind*)
        #[arg(required = true)]
        sets: Vec<PathBuf>,
        /// Where to write the weights
        #[arg(short = 'o', long = "output", default_value = "data/model/pairs.tsv")]
        output: PathBuf,
        /// Passes over the training pairs
        #[arg(long = "epochs", default_value_t = crate::extract::pairs_train::PairTrainOptions::default().epochs)]
        epochs: usize,
    },
    /// Score the entity recogniser on CoNLL-2003-format data
    EvalNer {
        /// A CoNLL-2003 file (token POS chunk NER per line)
        file: PathBuf,
        /// Write predictions as JSON lines, one per sentence
        #[arg(long = "predictions", value_name = "OUT")]
        predictions: Option<PathBuf>,
    },
}
