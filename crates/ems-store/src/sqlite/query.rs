//! The consumption queries of the SQLite back end.
//!
//! Histograms, partials and comparisons read only `rollup` rows: a day is one row of hours
//! (level 0), a month one row of days (level 1), a year one row of months (level 2) and ten
//! years ten rows of months. Time series and downloads decode the device's interval blocks.

use super::costs;
use super::reader::SqliteReader;
use super::writer::{LEVEL_DAYS, LEVEL_HOURS, LEVEL_MONTHS};
use crate::calendar::{Calendar, Period, PeriodKind, day_number, month_number};
use crate::codec::{self, Slot};
use crate::error::StoreError;
use crate::query::{
    CompareQuery, ComparedSeries, Comparison, CostQuery, Costs, Histogram, HistogramQuery,
    HistoryReader, IntervalRow, Intervals, IntervalsQuery, Part, Partials, PartialsQuery,
    ScopedPoint, Series, StoredPoints, TariffSlot, TimeSeries, TimeSeriesQuery,
    common_interval_minutes, downsample,
};
use crate::record::{IntervalRecord, StatInterval};
use crate::scope::{NamedScope, Scope, ScopeKind};
use ems_model::site::OTHERS_LOAD_ID;
use ems_model::{DeviceId, Point};
use jiff::Timestamp;
use rusqlite::params;
use std::collections::BTreeMap;

/// The sample rate assumed when the store has none.
const DEFAULT_RATE_MINUTES: u16 = 15;

/// The rollup rows of a period: their level and their first and last period numbers (ten rows
/// for a decade, else one).
fn rollup_rows(period: Period) -> (i64, i64, i64) {
    match period.kind {
        PeriodKind::Day => {
            let day = i64::from(day_number(period.first));
            (LEVEL_HOURS, day, day)
        }
        PeriodKind::Month => {
            let month = i64::from(month_number(period.first));
            (LEVEL_DAYS, month, month)
        }
        PeriodKind::Year => {
            let year = i64::from(period.first.year());
            (LEVEL_MONTHS, year, year)
        }
        PeriodKind::Decade => {
            let year = i64::from(period.first.year());
            (LEVEL_MONTHS, year, year + 9)
        }
    }
}

impl SqliteReader {
    /// The number of devices now in an aggregate scope that have ever stored the counter
    /// `point` (their last boundary is kept in `counter_state`).
    fn members_recording(&self, aggregate: i64, point: i64) -> Result<i64, StoreError> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT count(*) FROM membership m
                 JOIN counter_state c ON c.device = m.device
                 WHERE m.aggregate = ?1 AND c.point = ?2",
            )?
            .query_row([aggregate, point], |r| r.get(0))?)
    }

    /// The scopes of `kind` that have a rollup row of `point` at `level` for a period in
    /// `[first, last]`, by key.
    fn scopes_with_rollups(
        &self,
        kind: ScopeKind,
        point: i64,
        level: i64,
        first: i64,
        last: i64,
    ) -> Result<Vec<(i64, Scope, String)>, StoreError> {
        self.scopes_of_kind(
            "SELECT DISTINCT s.id, s.key, s.name FROM rollup r JOIN scope s ON s.id = r.scope
             WHERE s.kind = ?1 AND r.level = ?2 AND r.point = ?3
               AND r.period BETWEEN ?4 AND ?5
             ORDER BY s.key",
            params![kind.as_str(), level, point, first, last],
            kind,
        )
    }

    /// The slots of a period, one per bucket: a row's slots, or for a decade each year's
    /// months summed.
    fn period_slots(
        &self,
        scope: i64,
        point: Option<i64>,
        period: Period,
    ) -> Result<Vec<Slot>, StoreError> {
        let Some(point) = point else {
            return Ok(Vec::new());
        };
        let (level, first, last) = rollup_rows(period);
        if period.kind != PeriodKind::Decade {
            return match self.rollup(level, first, scope, point)? {
                Some(bytes) => Ok(codec::decode_slots(&bytes)?),
                None => Ok(Vec::new()),
            };
        }
        let mut years = Vec::with_capacity(10);
        for year in first..=last {
            let mut sum = Slot::default();
            if let Some(bytes) = self.rollup(level, year, scope, point)? {
                for slot in codec::decode_slots(&bytes)? {
                    sum.add(slot);
                }
            }
            years.push(sum);
        }
        Ok(years)
    }

    /// How many devices count for the coverage of a scope's counter: 1 for a device; for an
    /// aggregate, its devices now that record the counter, else all its devices now.
    fn devices_counted(
        &self,
        scope: &Scope,
        id: i64,
        point: Option<i64>,
    ) -> Result<i64, StoreError> {
        if scope.kind == ScopeKind::Device {
            return Ok(1);
        }
        let recording = match point {
            Some(point) => self.members_recording(id, point)?,
            None => 0,
        };
        let devices = if recording > 0 {
            recording
        } else {
            self.member_count(id)?
        };
        Ok(devices.max(1))
    }

    fn series(
        &self,
        calendar: &Calendar,
        scope: &Scope,
        id: i64,
        point: Option<i64>,
        period: Period,
    ) -> Result<Series, StoreError> {
        let devices = self.devices_counted(scope, id, point)?;
        let slots = self.period_slots(id, point, period)?;
        Ok(Series::from_slots(calendar, period, &slots, devices))
    }

    fn compared(
        &self,
        calendar: &Calendar,
        which: &ScopedPoint,
        period: Period,
    ) -> Result<ComparedSeries, StoreError> {
        let (id, name) = self.scope_id(&which.scope)?;
        let point = self.point_id(which.point)?;
        Ok(ComparedSeries {
            scope: which.scope.clone(),
            name,
            point: which.point,
            unit: which.point.unit(),
            series: self.series(calendar, &which.scope, id, point, period)?,
        })
    }

    /// The cost slots of a scope's counter over a period by tariff, one per bucket: a row's
    /// slots, or for a decade each year's months summed.
    fn cost_slots(
        &self,
        scope: i64,
        point: Option<i64>,
        period: Period,
    ) -> Result<BTreeMap<String, Vec<TariffSlot>>, StoreError> {
        let mut slots: BTreeMap<String, Vec<TariffSlot>> = BTreeMap::new();
        let Some(point) = point else {
            return Ok(slots);
        };
        let (level, first, last) = rollup_rows(period);
        let names = costs::tariff_names(self.conn())?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT period, data FROM cost_rollup
             WHERE level = ?1 AND period BETWEEN ?2 AND ?3 AND scope = ?4",
        )?;
        let rows = stmt.query_map(params![level, first, last, scope], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?))
        })?;
        for row in rows {
            let (row_period, data) = row?;
            for entry in codec::decode_cost_row(&data)? {
                if entry.point != point {
                    continue;
                }
                let tariff = names.get(&entry.tariff).ok_or_else(|| {
                    StoreError::Database(format!("cost tariff {} is not named", entry.tariff))
                })?;
                let slots = slots.entry(tariff.to_string()).or_default();
                if period.kind == PeriodKind::Decade {
                    let year = usize::try_from(row_period - first).unwrap_or(0);
                    if slots.len() <= year {
                        slots.resize(year + 1, TariffSlot::default());
                    }
                    for slot in entry.slots {
                        slots[year].add(slot);
                    }
                } else {
                    *slots = entry.slots;
                }
            }
        }
        Ok(slots)
    }

    /// The id and name of a device's scope.
    fn device_scope(&self, device: &DeviceId) -> Result<(i64, String), StoreError> {
        self.scope_id(&Scope::new(ScopeKind::Device, device.as_str()))
    }
}

impl HistoryReader for SqliteReader {
    fn histogram(&self, query: &HistogramQuery) -> Result<Histogram, StoreError> {
        query.check()?;
        let calendar = self.calendar()?;
        let (id, name) = self.scope_id(&query.scope)?;
        let point = self.point_id(query.point)?;
        Ok(Histogram {
            scope: query.scope.clone(),
            name,
            point: query.point,
            unit: query.point.unit(),
            time_zone: calendar.time_zone().clone(),
            current: self.series(&calendar, &query.scope, id, point, query.period)?,
            previous: self.series(&calendar, &query.scope, id, point, query.period.previous())?,
        })
    }

    fn partials(&self, query: &PartialsQuery) -> Result<Partials, StoreError> {
        query.check()?;
        let calendar = self.calendar()?;
        let point = self.point_id(query.point)?;
        let mut scopes: BTreeMap<(bool, String), (i64, Scope, String)> = BTreeMap::new();
        let mut add = |(id, scope, name): (i64, Scope, String)| {
            let others = scope.kind == ScopeKind::Load && scope.key == OTHERS_LOAD_ID;
            scopes.insert((others, scope.key.clone()), (id, scope, name));
        };
        for found in self.members_of(query.kind)? {
            add(found);
        }
        if let Some(point) = point {
            let (level, _, last) = rollup_rows(query.period);
            let (_, first, _) = rollup_rows(query.period.previous());
            for found in self.scopes_with_rollups(query.kind, point, level, first, last)? {
                add(found);
            }
        }
        let mut parts = Vec::with_capacity(scopes.len());
        for (id, scope, name) in scopes.into_values() {
            parts.push(Part {
                current: self.series(&calendar, &scope, id, point, query.period)?,
                previous: self.series(&calendar, &scope, id, point, query.period.previous())?,
                scope,
                name,
            });
        }
        Ok(Partials {
            kind: query.kind,
            point: query.point,
            unit: query.point.unit(),
            time_zone: calendar.time_zone().clone(),
            parts,
        })
    }

    fn compare(&self, query: &CompareQuery) -> Result<Comparison, StoreError> {
        query.check()?;
        let calendar = self.calendar()?;
        Ok(Comparison {
            time_zone: calendar.time_zone().clone(),
            first: self.compared(&calendar, &query.first, query.period)?,
            second: self.compared(&calendar, &query.second, query.period)?,
        })
    }

    fn time_series(&self, query: &TimeSeriesQuery) -> Result<TimeSeries, StoreError> {
        query.check()?;
        let calendar = self.calendar()?;
        let (dev, name) = self.device_scope(&query.device)?;
        let mut found: BTreeMap<Timestamp, (u16, StatInterval)> = BTreeMap::new();
        for (origin, data) in self.blocks(dev, query.from, query.to)? {
            let minutes = codec::block_header(&data)?.minutes;
            for (start, stat) in codec::decode_stat_series(origin, &data, query.point)? {
                if start >= query.from && start < query.to {
                    found.insert(start, (minutes, stat));
                }
            }
        }
        let base = match common_interval_minutes(found.values().map(|(m, _)| *m)) {
            Some(base) => base,
            None => u64::from(self.sample_rate_minutes()?.unwrap_or(DEFAULT_RATE_MINUTES)),
        };
        let (bucket_minutes, points) = downsample(
            query.from,
            query.to,
            query.max_points,
            base,
            found.into_iter().map(|(start, (m, s))| (start, m, s)),
        );
        Ok(TimeSeries {
            device: query.device.clone(),
            name,
            point: query.point,
            unit: query.point.unit(),
            time_zone: calendar.time_zone().clone(),
            from: query.from,
            to: query.to,
            bucket_minutes,
            points,
        })
    }

    fn intervals(&self, query: &IntervalsQuery) -> Result<Intervals, StoreError> {
        query.check()?;
        let calendar = self.calendar()?;
        let (dev, name) = self.device_scope(&query.device)?;
        let mut found: BTreeMap<Timestamp, IntervalRecord> = BTreeMap::new();
        for (origin, data) in self.blocks(dev, query.from, query.to)? {
            for record in codec::decode_block(&query.device, origin, &data)? {
                if record.start < query.from || record.start >= query.to {
                    continue;
                }
                match found.get_mut(&record.start) {
                    Some(existing) => existing.merge(&record),
                    None => {
                        found.insert(record.start, record);
                    }
                }
            }
        }
        Ok(Intervals {
            device: query.device.clone(),
            name,
            time_zone: calendar.time_zone().clone(),
            from: query.from,
            to: query.to,
            intervals: found.values().map(IntervalRow::from).collect(),
        })
    }

    fn costs(&self, query: &CostQuery) -> Result<Costs, StoreError> {
        query.check()?;
        let calendar = self.calendar()?;
        let (id, name) = self.scope_id(&query.scope)?;
        let point = self.point_id(query.point)?;
        let slots = self.cost_slots(id, point, query.period)?;
        Ok(Costs::from_slots(
            &calendar,
            (query.scope.clone(), name),
            query.point,
            query.period,
            &slots,
        ))
    }

    fn scopes(&self) -> Result<Vec<NamedScope>, StoreError> {
        SqliteReader::scopes(self)
    }

    fn stored_points(&self) -> Result<BTreeMap<Scope, StoredPoints>, StoreError> {
        let mut found: BTreeMap<Scope, StoredPoints> = BTreeMap::new();
        let scope_of = |kind: String, key: String| {
            ScopeKind::from_name(&kind)
                .map(|kind| Scope::new(kind, key))
                .ok_or_else(|| StoreError::Corrupt(format!("unknown scope kind \"{kind}\"")))
        };
        // Every counter with amounts in a year's row of months, of any year.
        let mut counters = self.conn().prepare(
            "SELECT s.kind, s.key, p.name
             FROM (SELECT DISTINCT scope, point FROM rollup WHERE level = ?1) r
             JOIN scope s ON s.id = r.scope JOIN point p ON p.id = r.point",
        )?;
        let rows = counters.query_map([LEVEL_MONTHS], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?))
        })?;
        for row in rows {
            let (kind, key, name) = row?;
            if let Some(point) = Point::from_name(&name) {
                found
                    .entry(scope_of(kind, key)?)
                    .or_default()
                    .counters
                    .push(point);
            }
        }
        // The statistics of each device's latest block and latest day block.
        let mut latest = self.conn().prepare(
            "SELECT s.key,
                (SELECT data FROM block WHERE device = s.id ORDER BY start DESC LIMIT 1),
                (SELECT data FROM block WHERE device = s.id AND compacted = 1
                 ORDER BY start DESC LIMIT 1)
             FROM scope s WHERE s.kind = 'device'",
        )?;
        let rows = latest.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<Vec<u8>>>(1)?,
                r.get::<_, Option<Vec<u8>>>(2)?,
            ))
        })?;
        for row in rows {
            let (key, last, last_day) = row?;
            let mut quantities = Vec::new();
            for data in [last, last_day].into_iter().flatten() {
                quantities.extend(codec::block_stat_points(&data)?);
            }
            if !quantities.is_empty() {
                let scope = Scope::new(ScopeKind::Device, key);
                found.entry(scope).or_default().quantities = quantities;
            }
        }
        for points in found.values_mut() {
            for list in [&mut points.counters, &mut points.quantities] {
                list.sort();
                list.dedup();
            }
        }
        Ok(found)
    }
}
