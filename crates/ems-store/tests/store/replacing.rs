//! A record whose start equals a stored interval's but whose length differs (the sample rate
//! changed between two writes of the same interval) replaces the stored one: the rest of its
//! batch is kept, and the rollups follow the records.

use crate::support::*;
use ems_model::DeviceId;
use ems_store::HistoryWriter;
use ems_store::query::{HistogramQuery, HistoryReader, IntervalsQuery};
use ems_store::record::IntervalRecord;

fn hourly(device: &str, start: &str, delta: i64) -> IntervalRecord {
    let mut r = wh(device, start, delta);
    r.minutes = 60;
    r
}

fn stored(f: &Fixture, id: &str) -> (usize, i64) {
    let i = f
        .reader()
        .intervals(&IntervalsQuery {
            device: DeviceId::new(id).unwrap(),
            from: ts("2026-06-10T00:00:00Z"),
            to: ts("2026-06-11T00:00:00Z"),
        })
        .unwrap();
    let sum = i
        .intervals
        .iter()
        .filter_map(|r| r.counter(energy()))
        .map(|c| c.delta)
        .sum();
    (i.intervals.len(), sum)
}

fn day_total(f: &Fixture, id: &str) -> Option<i64> {
    f.reader()
        .histogram(&HistogramQuery {
            scope: device(id),
            point: energy(),
            period: day(2026, 6, 10),
        })
        .unwrap()
        .current
        .total
}

#[test]
fn a_record_of_another_length_at_a_stored_start_does_not_lose_the_rest_of_its_batch() {
    let f = Fixture::new("2026-06-10T12:00:00Z");
    f.append(vec![wh("heat", "2026-06-10T10:00:00Z", 10)]);
    f.store
        .append(vec![
            hourly("heat", "2026-06-10T10:00:00Z", 40),
            wh("light", "2026-06-10T10:00:00Z", 5),
        ])
        .unwrap();
    assert_eq!(stored(&f, "light"), (1, 5));
    assert_eq!(day_total(&f, "light"), Some(5));
    assert_eq!(stored(&f, "heat"), (1, 40));
    assert_eq!(day_total(&f, "heat"), Some(40));
}

#[test]
fn rollups_agree_with_the_records_after_a_record_of_another_length_on_a_finished_day() {
    let f = Fixture::new("2026-07-01T00:00:00Z");
    f.append(vec![wh("heat", "2026-06-10T10:00:00Z", 10)]);
    f.append(vec![hourly("heat", "2026-06-10T10:00:00Z", 40)]);
    let (count, sum) = stored(&f, "heat");
    assert_eq!((count, sum), (1, 40));
    assert_eq!(day_total(&f, "heat"), Some(sum));
}

#[test]
fn a_sample_rate_change_keeps_the_old_intervals_and_stores_the_new_ones_at_their_length() {
    // 10:00 to 12:00 local (UTC+2) at 15 minutes, then an hourly rate from noon.
    for now in ["2026-06-10T12:30:00Z", "2026-07-01T00:00:00Z"] {
        let f = Fixture::new(now);
        f.append(wh_run("heat", "2026-06-10T08:00:00Z", 8, 10));
        f.append(vec![
            hourly("heat", "2026-06-10T10:00:00Z", 40),
            hourly("heat", "2026-06-10T11:00:00Z", 40),
        ]);
        if now.starts_with("2026-07") {
            use ems_store::Maintenance;
            f.store.optimize().unwrap();
        }
        let intervals = f
            .reader()
            .intervals(&IntervalsQuery {
                device: DeviceId::new("heat").unwrap(),
                from: ts("2026-06-10T00:00:00Z"),
                to: ts("2026-06-11T00:00:00Z"),
            })
            .unwrap()
            .intervals;
        let minutes: Vec<u16> = intervals.iter().map(|i| i.minutes).collect();
        assert_eq!(minutes, [15, 15, 15, 15, 15, 15, 15, 15, 60, 60], "{now}");
        let h = f
            .reader()
            .histogram(&HistogramQuery {
                scope: device("heat"),
                point: energy(),
                period: day(2026, 6, 10),
            })
            .unwrap();
        let hours: Vec<(String, Option<i64>, f64)> = h.current.buckets[10..14]
            .iter()
            .map(|b| (b.label.clone(), b.amount, b.coverage))
            .collect();
        assert_eq!(
            hours,
            [
                ("10:00".to_owned(), Some(40), 1.0),
                ("11:00".to_owned(), Some(40), 1.0),
                ("12:00".to_owned(), Some(40), 1.0),
                ("13:00".to_owned(), Some(40), 1.0),
            ],
            "{now}"
        );
    }
}
