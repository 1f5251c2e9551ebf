//! The command line: the commands and their options, as clap reads them
//! (their doc comments are the help text).

use clap::{Parser, Subcommand, ValueEnum};

/// Monte Carlo planning of peer-support programmes (ピアサポート活動支援) for
/// Tokyo's 23 special wards.
#[derive(Parser)]
#[command(name = "sasaeai", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum OutputFormat {
    /// Plain text for the terminal.
    Table,
    /// JSON (docs/model.md §8).
    Json,
    /// Tidy CSV: section, output, period, statistic, value.
    Csv,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum TableOrJson {
    /// Plain text for the terminal.
    Table,
    /// JSON.
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum ModeArg {
    /// Expected values with point parameters (one run).
    Expected,
    /// Random counts with sampled parameters.
    Stochastic,
}

#[derive(clap::Args, Debug)]
pub(crate) struct RunSettingsArgs {
    /// Number of Monte Carlo runs (1 to 1,000,000; overrides the file). With
    /// `run --shard`, the runs of the whole batch: up to 1,000,000,000, at
    /// most 1,000,000 per shard.
    #[arg(long)]
    pub(crate) runs: Option<i64>,
    /// Seed of every random stream (overrides the file).
    #[arg(long)]
    pub(crate) seed: Option<u64>,
    /// Expected or stochastic mode (overrides the file).
    #[arg(long, value_enum)]
    pub(crate) mode: Option<ModeArg>,
    /// Worker threads (default: every core). Results do not depend on it.
    #[arg(long)]
    pub(crate) threads: Option<usize>,
    /// Model version, 1 or 2 (overrides the file): 1 reproduces the outputs
    /// of earlier releases; 2 keeps the file's mechanism switches.
    #[arg(long, value_name = "1|2", value_parser = clap::value_parser!(u8).range(1..=2))]
    pub(crate) model: Option<u8>,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Run a scenario (a file, or a built-in name such as status-quo).
    Run {
        /// Scenario file (.toml or .json) or built-in name.
        scenario: String,
        #[command(flatten)]
        settings: RunSettingsArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: OutputFormat,
        /// Write the output here instead of standard output.
        #[arg(long)]
        out: Option<String>,
        /// Run only shard i of n (e.g. 3/10) and write a shard file for `sasaeai merge`.
        #[arg(long, value_name = "I/N")]
        shard: Option<String>,
    },
    /// Merge shard files of one batch into its report.
    Merge {
        /// Shard files written by `sasaeai run … --shard i/n`.
        #[arg(required = true)]
        shards: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: OutputFormat,
        /// Write the output here instead of standard output.
        #[arg(long)]
        out: Option<String>,
    },
    /// Compare 2 to 4 scenarios run by run with common random numbers (the first is the baseline).
    Compare {
        /// Two to four scenario files or built-in names.
        #[arg(required = true, num_args = 2..)]
        scenarios: Vec<String>,
        #[command(flatten)]
        settings: RunSettingsArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: OutputFormat,
        /// Write the output here instead of standard output.
        #[arg(long)]
        out: Option<String>,
    },
    /// Which uncertain parameters move an output: a tornado (each parameter at
    /// its 10th and 90th percentile, expected mode) and Spearman rank
    /// correlations over stochastic runs.
    Sensitivity {
        /// Scenario file (.toml or .json) or built-in name.
        scenario: String,
        /// Output judged at the horizon (participants, continuation, satisfaction, awareness,
        /// certified, untrained, supporters, waitlist, total_spending).
        #[arg(long, default_value = "participants")]
        output: String,
        #[command(flatten)]
        settings: RunSettingsArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: OutputFormat,
        /// Write the output here instead of standard output.
        #[arg(long)]
        out: Option<String>,
    },
    /// Compare model structures (docs/model.md §9.7): the scenario with every
    /// mechanism of model version 2 on, with each one off in turn, and as
    /// version 1, paired (the same seed), with each target's P(met) and the
    /// medians at the horizon. Runs per structure: --runs, else the file's
    /// runs up to 2,000.
    Structure {
        /// Scenario file (.toml or .json) or built-in name.
        scenario: String,
        #[command(flatten)]
        settings: RunSettingsArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: TableOrJson,
        /// Write the output here instead of standard output.
        #[arg(long)]
        out: Option<String>,
    },
    /// Search the split of a total budget over the seven lines (and optionally
    /// the spread over wards) that does best on an objective.
    Optimize {
        /// Scenario file (.toml or .json) or built-in name to start from.
        scenario: String,
        /// all-targets, target:<id>, participants or cost-per-retained.
        #[arg(long, default_value = "all-targets")]
        objective: String,
        /// Total budget per FY in yen (default: the scenario's first FY).
        #[arg(long)]
        total: Option<f64>,
        /// Share bounds, e.g. staff=0.05:0.3,grants=0.2:0.8 (others 0:1).
        #[arg(long, default_value = "")]
        bounds: String,
        /// Search the spread over wards too.
        #[arg(long)]
        spread: bool,
        /// Iterations of the search (1 to 200).
        #[arg(long, default_value_t = 10)]
        iterations: usize,
        /// Allocations tried per iteration (4 to 200).
        #[arg(long, default_value_t = 12)]
        candidates: usize,
        /// Runs per allocation, common to all (1 to 100,000).
        #[arg(long, default_value_t = 120)]
        runs_per_candidate: u64,
        /// Fresh runs validating the best allocation and the start (2 to 1,000,000).
        #[arg(long, default_value_t = 1000)]
        validation_runs: u64,
        /// Seed of every random stream (overrides the file).
        #[arg(long)]
        seed: Option<u64>,
        /// Worker threads (default: every core). Results do not depend on it.
        #[arg(long)]
        threads: Option<usize>,
        /// Model version, 1 or 2 (overrides the file).
        #[arg(long, value_name = "1|2", value_parser = clap::value_parser!(u8).range(1..=2))]
        model: Option<u8>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: TableOrJson,
        /// Write the output here instead of standard output.
        #[arg(long)]
        out: Option<String>,
        /// Write the best allocation as a scenario file (TOML) here.
        #[arg(long)]
        save: Option<String>,
    },
    /// Calibrate a scenario to its wards' figures and check them: a ward's own
    /// file with a [my_ward] section, or any scenario file or built-in name.
    /// Prints the calibrated rates, references, warnings and notes; exit 2 on
    /// invalid input.
    Calibrate {
        /// Scenario file (.toml or .json) or built-in name.
        scenario: String,
        /// Model version, 1 or 2 (overrides the file).
        #[arg(long, value_name = "1|2", value_parser = clap::value_parser!(u8).range(1..=2))]
        model: Option<u8>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: TableOrJson,
        /// Write the output here instead of standard output.
        #[arg(long)]
        out: Option<String>,
    },
    /// Check scenario files; exit 0 when all are valid, 2 otherwise.
    Validate {
        /// Scenario files or built-in names.
        #[arg(required = true)]
        scenarios: Vec<String>,
    },
    /// Upgrade a scenario file of an older schema_version to the current one.
    Migrate {
        /// Scenario file (.toml or .json).
        file: String,
        /// Write the upgraded file here (TOML, or JSON for a .json name)
        /// instead of standard output (in the file's own format).
        #[arg(long)]
        out: Option<String>,
    },
    /// Draw samples of a distribution written as in scenario files, one per line.
    Sample {
        /// A distribution, e.g. 'pert(0.1,0.3,0.45)' or 'lognormal(median=10,p95=20)'.
        distribution: String,
        /// Number of samples (1 to 10,000,000).
        #[arg(long, default_value_t = 10)]
        n: u64,
        /// Seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// List the built-in scenarios.
    List,
    /// Serve the built browser app (the www folder) on this machine.
    Serve {
        /// Folder to serve.
        #[arg(default_value = "www")]
        dir: String,
        /// Port.
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Address to listen on (loopback by default, so only this machine can connect).
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Let pages from this one origin (e.g. http://127.0.0.1:8000) read the
        /// files: sent as Access-Control-Allow-Origin. None by default.
        #[arg(long, value_name = "ORIGIN")]
        allow_origin: Option<String>,
    },
}
