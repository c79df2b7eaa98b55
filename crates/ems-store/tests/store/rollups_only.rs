//! Histograms never read interval records: with every block deleted behind the store's back,
//! they answer the same.

use crate::support::*;
use ems_model::DeviceId;
use ems_store::query::{HistogramQuery, HistoryReader, IntervalsQuery, PartialsQuery};
use ems_store::scope::{Scope, ScopeKind};

#[test]
fn a_ten_year_histogram_reads_no_interval_records() {
    let f = Fixture::new("2026-12-01T00:00:00Z");
    for y in 2015..=2026 {
        f.append(wh_run(
            "heat",
            &format!("{y}-05-01T10:00:00Z"),
            4,
            i64::from(y) - 2000,
        ));
        f.append(wh_run("light", &format!("{y}-11-01T10:00:00Z"), 2, 1));
    }
    let reader = f.reader();
    let ask = |scope: Scope| {
        reader
            .histogram(&HistogramQuery {
                scope,
                point: energy(),
                period: decade(2026),
            })
            .unwrap()
    };
    let before = [
        ask(device("heat")),
        ask(Scope::site()),
        ask(load("lighting")),
    ];
    let partials = |r: &ems_store::sqlite::SqliteReader| {
        r.partials(&PartialsQuery {
            kind: ScopeKind::Group,
            point: energy(),
            period: decade(2026),
        })
        .unwrap()
    };
    let partials_before = partials(&reader);
    assert_eq!(before[0].current.buckets[9].amount, Some(4 * 26));
    assert_eq!(before[1].current.buckets[0].amount, Some(4 * 17 + 2));
    assert_eq!(before[1].previous.buckets[8].amount, Some(4 * 15 + 2));

    let conn = f.raw_connection();
    let deleted = conn.execute("DELETE FROM block", []).unwrap();
    assert!(deleted > 0);
    drop(conn);

    let reader = f.reader();
    let gone = reader
        .intervals(&IntervalsQuery {
            device: DeviceId::new("heat").unwrap(),
            from: ts("2026-01-01T00:00:00Z"),
            to: ts("2026-12-01T00:00:00Z"),
        })
        .unwrap();
    assert!(gone.intervals.is_empty(), "the blocks are still there");
    let after = [
        reader
            .histogram(&HistogramQuery {
                scope: device("heat"),
                point: energy(),
                period: decade(2026),
            })
            .unwrap(),
        reader
            .histogram(&HistogramQuery {
                scope: Scope::site(),
                point: energy(),
                period: decade(2026),
            })
            .unwrap(),
        reader
            .histogram(&HistogramQuery {
                scope: load("lighting"),
                point: energy(),
                period: decade(2026),
            })
            .unwrap(),
    ];
    assert_eq!(before, after);
    assert_eq!(partials_before, partials(&reader));
    assert_eq!(
        partials_before
            .parts
            .iter()
            .map(|p| p.scope.key.as_str())
            .collect::<Vec<_>>(),
        ["tenant_a", "tenant_b"]
    );
}
