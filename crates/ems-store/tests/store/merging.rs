//! Records of an interval already stored are merged point by point: histograms follow the
//! merged record, never the sum of the copies. Each case runs twice: on a finished day (the
//! records go straight into day blocks) and on the day in progress (one block per interval).

use crate::support::*;
use ems_model::DeviceId;
use ems_store::query::{HistogramQuery, HistoryReader, IntervalsQuery, TimeSeriesQuery};

const START: &str = "2026-06-10T08:00:00Z";

/// Clocks after the day is over, and during it.
const CLOCKS: [&str; 2] = ["2026-07-01T00:00:00Z", "2026-06-10T08:20:00Z"];

fn hour_ten(f: &Fixture) -> (Option<i64>, f64) {
    let h = f
        .reader()
        .histogram(&HistogramQuery {
            scope: device("heat"),
            point: energy(),
            period: day(2026, 6, 10),
        })
        .unwrap();
    let b = &h.current.buckets[10];
    let site = f
        .reader()
        .histogram(&HistogramQuery {
            scope: ems_store::scope::Scope::site(),
            point: energy(),
            period: day(2026, 6, 10),
        })
        .unwrap();
    assert_eq!(
        site.current.buckets[10].amount, b.amount,
        "the site disagrees with the device"
    );
    (b.amount, b.coverage)
}

#[test]
fn appending_the_same_interval_twice_does_not_double_its_amount() {
    for now in CLOCKS {
        let f = Fixture::new(now);
        f.append(vec![wh("heat", START, 100)]);
        f.append(vec![wh("heat", START, 100)]);
        assert_eq!(hour_ten(&f), (Some(100), 0.25), "{now}");
        // Twice in one batch.
        f.append(vec![wh("heat", START, 100), wh("heat", START, 100)]);
        assert_eq!(hour_ten(&f), (Some(100), 0.25), "{now}");
        // A corrected amount replaces the first.
        f.append(vec![wh("heat", START, 120)]);
        assert_eq!(hour_ten(&f), (Some(120), 0.25), "{now}");
    }
}

#[test]
fn a_later_counter_record_fills_an_interval_that_had_only_statistics() {
    for now in CLOCKS {
        let f = Fixture::new(now);
        f.append(vec![stats(
            "heat",
            ts(START),
            point("voltage_l1"),
            230.5,
            229.0,
            232.0,
        )]);
        assert_eq!(hour_ten(&f), (None, 0.0), "{now}");
        f.append(vec![wh("heat", START, 100)]);
        assert_eq!(hour_ten(&f), (Some(100), 0.25), "{now}");

        let reader = f.reader();
        let intervals = reader
            .intervals(&IntervalsQuery {
                device: DeviceId::new("heat").unwrap(),
                from: ts("2026-06-10T00:00:00Z"),
                to: ts("2026-06-11T00:00:00Z"),
            })
            .unwrap();
        assert_eq!(intervals.intervals.len(), 1, "{now}");
        let row = &intervals.intervals[0];
        assert_eq!(row.counter(energy()).map(|c| c.delta), Some(100));
        assert_eq!(row.stat(point("voltage_l1")).map(|s| s.mean), Some(230.5));

        let series = reader
            .time_series(&TimeSeriesQuery {
                device: DeviceId::new("heat").unwrap(),
                point: point("voltage_l1"),
                from: ts("2026-06-10T00:00:00Z"),
                to: ts("2026-06-11T00:00:00Z"),
                max_points: 96,
            })
            .unwrap();
        assert_eq!(series.points.len(), 1, "{now}");
        assert_eq!(series.points[0].mean, 230.5);
    }
}

#[test]
fn an_interval_sent_again_after_its_day_was_compacted_is_merged_not_added() {
    let f = Fixture::new("2026-06-10T08:20:00Z");
    f.append(vec![
        wh("heat", START, 100),
        stats("heat", ts(START), point("voltage_l1"), 230.0, 229.0, 231.0),
    ]);
    // Two days later the writer compacts the finished day into one block.
    f.clock.set(ts("2026-06-12T00:00:00Z"));
    f.append(vec![wh("heat", "2026-06-11T23:45:00Z", 1)]);
    f.append(vec![wh("heat", "2026-06-11T23:30:00Z", 1)]);
    let open: i64 = f
        .raw_connection()
        .query_row(
            "SELECT count(*) FROM block WHERE compacted = 0 AND start < ?1",
            [ts("2026-06-11T00:00:00Z").as_second()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(open, 0, "the day of 2026-06-10 was not compacted");
    f.append(vec![wh("heat", START, 100)]);
    assert_eq!(hour_ten(&f), (Some(100), 0.25));
    f.append(vec![wh("heat", START, 80)]);
    assert_eq!(hour_ten(&f), (Some(80), 0.25));
    let intervals = f
        .reader()
        .intervals(&IntervalsQuery {
            device: DeviceId::new("heat").unwrap(),
            from: ts("2026-06-10T00:00:00Z"),
            to: ts("2026-06-11T00:00:00Z"),
        })
        .unwrap();
    assert_eq!(intervals.intervals.len(), 1);
    assert_eq!(
        intervals.intervals[0]
            .stat(point("voltage_l1"))
            .map(|s| s.mean),
        Some(230.0)
    );
}
