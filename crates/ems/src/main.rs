//! The `ems` command line.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = ems::cli::Cli::parse();
    if let Err(e) = ems::init_logging(&cli.log) {
        eprintln!("error: --log (or EMS_LOG) {:?}: {e}", cli.log);
        return ExitCode::FAILURE;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(ems::cli::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is::<ems::cli::StdoutClosed>() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            match e.downcast_ref::<ems::cli::ExitStatus>() {
                Some(status) => ExitCode::from(status.code),
                None => ExitCode::FAILURE,
            }
        }
    }
}
