//! Whether the site is commissioned, and what each scope has stored history of.

use crate::support::*;
use ems_model::site::{SiteConfig, SiteSettings};
use ems_store::query::{HistoryReader, StoredPoints};
use ems_store::scope::{Scope, ScopeKind};
use ems_store::sqlite::{SqliteStore, StoreOptions};
use ems_store::store::ConfigSource;
use ems_store::{HistoryWriter, Maintenance, RecordsReader};

/// A store in a temporary directory whose first configuration is `source`'s.
fn store_with(source: ConfigSource) -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let clock = std::sync::Arc::new(ems_model::ManualClock::new(ts("2026-11-21T10:00:00Z")));
    let store = SqliteStore::open(dir.path(), StoreOptions::default(), clock).unwrap();
    let site = SiteConfig::new(SiteSettings::new("gateway-7", "Europe/Rome"));
    store.save_site(&site, source).unwrap();
    (dir, store)
}

fn commissioned(store: &SqliteStore) -> bool {
    store.reader().unwrap().commissioned().unwrap()
}

#[test]
fn a_default_site_is_commissioned_once_marked_and_stays_so_after_a_restart() {
    let (dir, store) = store_with(ConfigSource::Default);
    assert!(!commissioned(&store));
    // The wizard's edits do not commission the site.
    let mut named = SiteConfig::new(SiteSettings::new("Via Roma 12", "Europe/Rome"));
    named.site.currency = "CHF".to_owned();
    store.save_site(&named, ConfigSource::Api).unwrap();
    assert!(!commissioned(&store));
    assert!(store.mark_commissioned().unwrap(), "newly commissioned");
    assert!(commissioned(&store));
    assert!(!store.mark_commissioned().unwrap(), "already commissioned");
    store.close().unwrap();
    let reopened = SqliteStore::open(
        dir.path(),
        StoreOptions::default(),
        std::sync::Arc::new(ems_model::SystemClock),
    )
    .unwrap();
    assert!(commissioned(&reopened));
}

#[test]
fn a_site_from_a_file_or_the_demo_is_commissioned_without_marking() {
    for source in [ConfigSource::Seed, ConfigSource::Import, ConfigSource::Demo] {
        let (_dir, store) = store_with(source);
        assert!(commissioned(&store), "{source}");
        assert!(!store.mark_commissioned().unwrap(), "{source}");
    }
    // A default site replaced by an imported file is commissioned too.
    let (_dir, store) = store_with(ConfigSource::Default);
    let imported = SiteConfig::new(SiteSettings::new("Imported", "Europe/Paris"));
    store.save_site(&imported, ConfigSource::Import).unwrap();
    assert!(commissioned(&store));
}

#[test]
fn sources_are_stored_by_name_and_only_files_and_the_demo_commission() {
    for source in ConfigSource::ALL {
        assert_eq!(source.as_str().parse::<ConfigSource>().unwrap(), *source);
    }
    let commissioning: Vec<&str> = ConfigSource::ALL
        .iter()
        .filter(|s| s.commissions())
        .map(|s| s.as_str())
        .collect();
    assert_eq!(commissioning, ["seed", "import", "demo"]);
}

fn points(names: &[&str]) -> Vec<ems_model::Point> {
    names.iter().map(|n| point(n)).collect()
}

fn stored(counters: &[&str], quantities: &[&str]) -> StoredPoints {
    StoredPoints {
        counters: points(counters),
        quantities: points(quantities),
    }
}

#[test]
fn each_scope_lists_the_counters_and_quantities_it_has_stored() {
    let f = Fixture::new("2026-07-01T00:00:00Z");
    let june_10 = ts("2026-06-10T08:00:00Z");
    let mut records = wh_run("heat", "2026-06-10T08:00:00Z", 4, 75);
    records.push(stats(
        "heat",
        june_10,
        point("voltage_l1"),
        230.0,
        229.0,
        231.0,
    ));
    records.push(counter("heat", june_10, point("run_time"), 900));
    records.extend(wh_run("light", "2026-06-10T08:00:00Z", 4, 50));
    records.push(counter("gas", june_10, point("gas_volume"), 5));
    records.push(counter("main", june_10, point("energy_active_export"), 10));
    f.append(records);
    f.store.optimize().unwrap();
    // The latest interval, on a day not finished yet, measured a current only.
    let last = ts("2026-06-30T23:45:00Z");
    f.append(vec![stats(
        "heat",
        last,
        point("current_l1"),
        5.0,
        4.0,
        6.0,
    )]);
    // `light` and its group `tenant_b` leave the configuration; their history stays.
    let mut site = plant();
    site.devices.remove("light");
    site.groups.remove("tenant_b");
    site.devices.get_mut("misc").unwrap().groups.clear();
    f.store.save_site(&site, ConfigSource::Api).unwrap();

    let found = f.reader().stored_points().unwrap();
    let of = |kind, key: &str| found.get(&Scope::new(kind, key)).cloned();
    assert_eq!(
        of(ScopeKind::Device, "heat"),
        Some(stored(
            &["energy_active_import", "run_time"],
            &["voltage_l1", "current_l1"]
        ))
    );
    assert_eq!(
        of(ScopeKind::Device, "light"),
        Some(stored(&["energy_active_import"], &[]))
    );
    assert_eq!(
        of(ScopeKind::Group, "tenant_b"),
        Some(stored(&["energy_active_import"], &[]))
    );
    // Run time is kept per device; the excluded main meter counts in no aggregate.
    assert_eq!(
        of(ScopeKind::Device, "main"),
        Some(stored(&["energy_active_export"], &[]))
    );
    assert_eq!(
        of(ScopeKind::Load, "heating"),
        Some(stored(&["energy_active_import"], &[]))
    );
    assert_eq!(
        of(ScopeKind::Load, "others"),
        Some(stored(&["gas_volume"], &[]))
    );
    assert_eq!(
        found.get(&Scope::site()),
        Some(&stored(&["energy_active_import", "gas_volume"], &[]))
    );
    assert_eq!(of(ScopeKind::Device, "misc"), None, "misc stored nothing");
    assert_eq!(
        of(ScopeKind::Load, "lighting").map(|s| s.counters.len()),
        Some(1)
    );
}
