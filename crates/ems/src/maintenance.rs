//! `ems store health | optimize | backup | rebuild-rollups | reprice`.

use crate::cli::StoreCommand;
use crate::site_store::open_existing_store;
use anyhow::Result;
use ems_store::Maintenance;
use ems_store::store::HealthReport;
use std::path::Path;

/// Runs a store command on the store of `dir`; returns what to print.
pub fn run(dir: &Path, command: StoreCommand) -> Result<String> {
    let store = open_existing_store(dir)?;
    let text = match command {
        StoreCommand::Health { check, json } => {
            let report = store.health(check)?;
            if json {
                format!("{}\n", serde_json::to_string_pretty(&report)?)
            } else {
                render_health(&report)
            }
        }
        StoreCommand::Optimize => {
            let report = store.optimize()?;
            format!(
                "optimized: {} blocks compacted, {} freed\n",
                report.compacted_blocks,
                bytes(report.freed_bytes)
            )
        }
        StoreCommand::Backup => {
            let info = store.backup()?;
            match info.message {
                None => format!("backup written to {}\n", info.path.display()),
                Some(message) => anyhow::bail!("backup failed: {message}"),
            }
        }
        StoreCommand::RebuildRollups => {
            store.rebuild_rollups()?;
            "rollups rebuilt from the interval records, costs priced with the contracts in force\n"
                .to_owned()
        }
        StoreCommand::Reprice { from, to } => {
            let report = store.reprice(from, to, "the command line")?;
            format!(
                "costs from {} to {} priced again with the contracts in force ({} intervals)\n",
                report.from, report.to, report.intervals
            )
        }
    };
    store.close()?;
    Ok(text)
}

/// A byte count for people: `1.4 GB`.
fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// The health report as the system information page shows it.
pub fn render_health(r: &HealthReport) -> String {
    let integrity = match &r.integrity {
        None => "never checked (ems store health --check)".to_owned(),
        Some(c) if c.ok => format!("ok (checked {})", c.checked_at),
        Some(c) => format!(
            "DAMAGED (checked {}): {}",
            c.checked_at,
            c.messages.join("; ")
        ),
    };
    let backup = match &r.last_backup {
        None => "none".to_owned(),
        Some(b) if b.ok => format!("{} ({})", b.at, b.path.display()),
        Some(b) => format!(
            "{} FAILED: {}",
            b.at,
            b.message.as_deref().unwrap_or("unknown error")
        ),
    };
    format!(
        "database      {}\n\
         size          {} (+ {} write-ahead log)\n\
         free space    {}\n\
         free pages    {} of {}\n\
         to compact    {} blocks\n\
         in memory     {} values waiting for the storage\n\
         integrity     {integrity}\n\
         last backup   {backup}\n\
         optimize      {}\n",
        r.path.display(),
        bytes(r.database_bytes),
        bytes(r.wal_bytes),
        bytes(r.free_bytes),
        r.free_pages,
        r.pages,
        r.pending_compaction,
        r.buffered_values,
        if r.needs_optimize {
            "recommended (ems store optimize)"
        } else {
            "not needed"
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_counts_read_in_decimal_units() {
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(1_500), "1.5 kB");
        assert_eq!(bytes(4_200_000_000), "4.2 GB");
    }
}
