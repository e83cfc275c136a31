//! `timestream-local`: the Timestream Write emulator as a local HTTP endpoint for real SDKs
//! (`serve`), an offline request validator (`validate`) and a scenario runner (`run`).

#![forbid(unsafe_code)]

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};

use timestream_local::{run_cmd, server, validate_cmd};

#[derive(Parser)]
#[command(name = "timestream-local", version, about = "Offline emulator and validator of the Amazon Timestream Write API (2018-11-01)")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the AWS JSON 1.0 API over HTTP for boto3, the AWS CLI and the JS SDK.
    Serve {
        /// Port to listen on (0 picks a free port; the chosen one is printed).
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Address to bind.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Folder that stands in for S3 (bucket = first-level folder) for batch load.
        #[arg(long, value_name = "DIR")]
        s3_root: Option<PathBuf>,
        /// Keep the state in DIR across restarts: every acknowledged change is on disk (a log,
        /// synced before the answer, compacted into a snapshot); without it, state is in memory.
        #[arg(long, value_name = "DIR")]
        data_dir: Option<PathBuf>,
        /// Region used when a request carries no SigV4 credential scope.
        #[arg(long, default_value = "us-east-1")]
        region: String,
        /// Account id in ARNs.
        #[arg(long, default_value = "123456789012")]
        account: String,
        /// Seconds a client has to send a request head, then as long for its body (else the
        /// connection is closed, or the request answered 408); also how long an idle
        /// keep-alive connection is kept.
        #[arg(long, value_name = "SECONDS", default_value_t = server::DEFAULT_CLIENT_TIMEOUT.as_secs_f64(), value_parser = positive_seconds)]
        client_timeout: f64,
    },
    /// Validate request JSON files offline; prints `FILE: PATH: RULE: MESSAGE` per violation.
    Validate {
        /// Operation of every file (`WriteRecords`); otherwise taken from each file.
        #[arg(long, value_name = "NAME")]
        operation: Option<String>,
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Replay a scenario and report each step and whether it met its expectation.
    Run {
        #[arg(value_name = "SCENARIO.json")]
        scenario: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve { port, bind, s3_root, data_dir, region, account, client_timeout } => {
            let client_timeout = Duration::from_secs_f64(client_timeout);
            let options = server::ServeOptions { port, bind, s3_root, data_dir, region, account, client_timeout };
            match server::run_blocking(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("timestream-local: {e}");
                    ExitCode::from(e.exit_code())
                }
            }
        }
        Command::Validate { operation, files } => ExitCode::from(validate_cmd::run(operation.as_deref(), &files)),
        Command::Run { scenario } => ExitCode::from(run_cmd::run(&scenario)),
    }
}

/// `--client-timeout`: a number of seconds over 0 and at most a day.
fn positive_seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if s > 0.0 && s <= 86_400.0 => Ok(s),
        _ => Err(format!("expected a number of seconds over 0 and at most 86400, got {text:?}")),
    }
}
