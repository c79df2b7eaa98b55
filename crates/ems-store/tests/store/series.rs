//! Time series of momentary quantities and the raw interval download.

use crate::support::*;
use ems_model::DeviceId;
use ems_store::StoreError;
use ems_store::csv::{
    CsvOptions, DecimalSeparator, FieldSeparator, intervals_csv, time_series_csv,
};
use ems_store::query::{HistoryReader, IntervalsQuery, TimeSeries, TimeSeriesQuery};
use jiff::SignedDuration;

/// Voltage L1 of the heat pump from 08:00 to 10:00 UTC on 2026-06-10, one interval (09:30)
/// missing, and one interval on each side of the range.
fn voltages(f: &Fixture) {
    let volts = point("voltage_l1");
    let at = |m: i64| ts("2026-06-10T08:00:00Z") + SignedDuration::from_mins(m);
    let data = [
        (-15, 999.0, 999.0, 999.0),
        (0, 230.0, 229.0, 231.0),
        (15, 232.0, 230.0, 236.0),
        (30, 228.0, 225.0, 229.0),
        (45, 230.0, 229.0, 230.5),
        (60, 231.0, 231.0, 231.0),
        (75, 233.0, 232.0, 234.0),
        (105, 235.0, 235.0, 236.25),
        (120, 999.0, 999.0, 999.0),
    ];
    f.append(
        data.iter()
            .map(|&(m, mean, min, max)| stats("heat", at(m), volts, mean, min, max))
            .collect(),
    );
}

fn series(f: &Fixture, max_points: u32) -> Result<TimeSeries, StoreError> {
    f.reader().time_series(&TimeSeriesQuery {
        device: DeviceId::new("heat").unwrap(),
        point: point("voltage_l1"),
        from: ts("2026-06-10T08:00:00Z"),
        to: ts("2026-06-10T10:00:00Z"),
        max_points,
    })
}

/// (minutes from 08:00 to the start, mean, min, max, intervals) of every point.
fn summary(s: &TimeSeries) -> Vec<(i64, f64, f64, f64, u32)> {
    s.points
        .iter()
        .map(|p| {
            (
                p.start.duration_since(s.from).as_mins(),
                p.mean,
                p.min,
                p.max,
                p.intervals,
            )
        })
        .collect()
}

#[test]
fn a_time_series_is_down_sampled_to_whole_intervals_with_exact_mean_min_and_max() {
    for now in ["2026-07-01T00:00:00Z", "2026-06-10T10:05:00Z"] {
        let f = Fixture::new(now);
        voltages(&f);
        let s = series(&f, 4).unwrap();
        assert_eq!(s.bucket_minutes, 30);
        assert_eq!(
            summary(&s),
            [
                (0, 231.0, 229.0, 236.0, 2),
                (30, 229.0, 225.0, 230.5, 2),
                (60, 232.0, 231.0, 234.0, 2),
                (90, 235.0, 235.0, 236.25, 1),
            ],
            "{now}"
        );
        assert_eq!(s.points[3].end, ts("2026-06-10T10:00:00Z"));

        let s = series(&f, 2).unwrap();
        assert_eq!(s.bucket_minutes, 60);
        assert_eq!(
            summary(&s),
            [(0, 230.0, 225.0, 236.0, 4), (60, 233.0, 231.0, 236.25, 3)]
        );

        // Enough points for every interval: one per interval, the missing one absent.
        let s = series(&f, 1000).unwrap();
        assert_eq!(s.bucket_minutes, 15);
        let starts: Vec<i64> = summary(&s).iter().map(|p| p.0).collect();
        assert_eq!(starts, [0, 15, 30, 45, 60, 75, 105]);
        assert_eq!(s.unit.symbol(), "V");
        assert_eq!(s.name, "Heat pump");
    }
}

#[test]
fn a_time_series_refuses_counters_and_point_counts_out_of_bounds() {
    let f = Fixture::new("2026-07-01T00:00:00Z");
    voltages(&f);
    for max_points in [0, 100_001] {
        assert!(
            matches!(series(&f, max_points), Err(StoreError::Invalid(_))),
            "{max_points}"
        );
    }
    assert_eq!(series(&f, 100_000).unwrap().bucket_minutes, 15);
    let err = f
        .reader()
        .time_series(&TimeSeriesQuery {
            device: DeviceId::new("heat").unwrap(),
            point: energy(),
            from: ts("2026-06-10T08:00:00Z"),
            to: ts("2026-06-10T10:00:00Z"),
            max_points: 10,
        })
        .unwrap_err();
    match err {
        StoreError::Invalid(m) => assert!(m.contains("is a counter"), "{m}"),
        other => panic!("{other:?}"),
    }
    let err = f
        .reader()
        .time_series(&TimeSeriesQuery {
            device: DeviceId::new("nobody").unwrap(),
            point: point("voltage_l1"),
            from: ts("2026-06-10T08:00:00Z"),
            to: ts("2026-06-10T10:00:00Z"),
            max_points: 10,
        })
        .unwrap_err();
    match err {
        StoreError::Invalid(m) => assert!(m.contains("device:nobody"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_time_series_renders_as_csv_with_local_times() {
    let f = Fixture::new("2026-07-01T00:00:00Z");
    voltages(&f);
    let s = series(&f, 2).unwrap();
    let options = CsvOptions {
        decimal: DecimalSeparator::Point,
        field: FieldSeparator::Comma,
    };
    assert_eq!(
        time_series_csv(&s, &options),
        "start,end,label,voltage_l1 mean [V],voltage_l1 min [V],voltage_l1 max [V],intervals\r\n\
         2026-06-10T10:00:00+02:00,2026-06-10T11:00:00+02:00,2026-06-10 10:00,230,225,236,4\r\n\
         2026-06-10T11:00:00+02:00,2026-06-10T12:00:00+02:00,2026-06-10 11:00,233,231,236.25,3\r\n"
    );
}

#[test]
fn intervals_download_the_records_of_the_range_and_refuse_more_than_400_days() {
    let f = Fixture::new("2026-07-01T00:00:00Z");
    voltages(&f);
    f.append(vec![wh("heat", "2026-06-10T08:00:00Z", 42)]);
    let reader = f.reader();
    let query = IntervalsQuery {
        device: DeviceId::new("heat").unwrap(),
        from: ts("2026-06-10T08:00:00Z"),
        to: ts("2026-06-10T08:30:00Z"),
    };
    let i = reader.intervals(&query).unwrap();
    assert_eq!(i.name, "Heat pump");
    let starts: Vec<_> = i.intervals.iter().map(|r| r.start).collect();
    assert_eq!(
        starts,
        [ts("2026-06-10T08:00:00Z"), ts("2026-06-10T08:15:00Z")]
    );
    assert_eq!(
        intervals_csv(&i, &CsvOptions::default()),
        "start;end;label;minutes;energy_active_import end [Wh];energy_active_import delta [Wh];\
         energy_active_import flags;voltage_l1 mean [V];voltage_l1 min [V];voltage_l1 max [V]\r\n\
         2026-06-10T10:00:00+02:00;2026-06-10T10:15:00+02:00;2026-06-10 10:00;15;1000042;42;;230;229;231\r\n\
         2026-06-10T10:15:00+02:00;2026-06-10T10:30:00+02:00;2026-06-10 10:15;15;;;;232;230;236\r\n"
    );

    let long = IntervalsQuery {
        from: ts("2025-01-01T00:00:00Z"),
        to: ts("2026-02-06T00:00:00Z"),
        ..query
    };
    match reader.intervals(&long) {
        Err(StoreError::Invalid(m)) => assert!(m.contains("longer than 400 days"), "{m}"),
        other => panic!("{other:?}"),
    }
}
