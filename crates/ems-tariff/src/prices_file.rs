//! Reading a file of dynamic prices: CSV or JSON entries of (start, end, price), as day-ahead
//! markets and suppliers publish them.
//!
//! - **CSV**: a header naming the columns `start`, `end` and `price` (in any order, other
//!   columns ignored), fields separated by commas, or by semicolons (then the price may use a
//!   decimal comma: `0,1234`). Empty lines are skipped.
//! - **JSON**: an array of objects `{"start": …, "end": …, "price": …}`; the price a decimal in
//!   quotes (kept exactly) or a number (read as the shortest decimal that gives it back, exact
//!   for any price of up to 15 digits).
//! - Times are RFC 3339 instants with their offset (`2026-11-21T10:00:00+01:00`, `…Z`); a time
//!   without an offset is refused, never guessed. Prices are per kWh (or m³), at most six
//!   decimals, kept exactly.
//! - Every entry must end after it starts, and no two entries may overlap. Every error names its
//!   line (CSV) or entry (JSON, from 0), and all are reported at once.

use ems_model::tariff::Price;
use jiff::Timestamp;

/// One imported price: [start, end) and the price.
pub type PriceEntry = (Timestamp, Timestamp, Price);

/// Why a price file was refused: each problem with its place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.join("\n"))]
pub struct PriceFileError(pub Vec<String>);

/// Reads a CSV or JSON price file (see the module documentation). The entries come back
/// sorted by start.
pub fn read_prices(text: &str) -> Result<Vec<PriceEntry>, PriceFileError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let (entries, places) = if trimmed.starts_with('[') || trimmed.starts_with('{') {
        read_json(trimmed)?
    } else {
        read_csv(text)?
    };
    check(entries, &places)
}

/// Where an entry came from, for messages: `line 4` or `entry 3`.
type Places = Vec<String>;

fn read_csv(text: &str) -> Result<(Vec<PriceEntry>, Places), PriceFileError> {
    let mut lines = text
        .trim_start_matches('\u{feff}')
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        return Err(PriceFileError(vec![
            "the file is empty: expected a header naming start, end and price".to_owned(),
        ]));
    };
    let separator = if header.contains(';') { ';' } else { ',' };
    let names: Vec<String> = header
        .split(separator)
        .map(|n| n.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    let column = |name: &str| names.iter().position(|n| n == name);
    let (Some(start), Some(end), Some(price)) = (column("start"), column("end"), column("price"))
    else {
        return Err(PriceFileError(vec![format!(
            "line 1: the header must name the columns start, end and price (found: {})",
            names.join(", ")
        )]));
    };
    let mut entries = Vec::new();
    let mut places = Vec::new();
    let mut errors = Vec::new();
    for (index, line) in lines {
        let place = format!("line {}", index + 1);
        let fields: Vec<&str> = line
            .split(separator)
            .map(|f| f.trim().trim_matches('"'))
            .collect();
        let field = |i: usize| fields.get(i).copied().unwrap_or("");
        let price_text = if separator == ';' {
            field(price).replace(',', ".")
        } else {
            field(price).to_owned()
        };
        match entry(&place, field(start), field(end), &price_text) {
            Ok(e) => {
                entries.push(e);
                places.push(place);
            }
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok((entries, places))
    } else {
        Err(PriceFileError(errors))
    }
}

fn read_json(text: &str) -> Result<(Vec<PriceEntry>, Places), PriceFileError> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| PriceFileError(vec![format!("the file is not valid JSON: {e}")]))?;
    let Some(items) = value.as_array() else {
        return Err(PriceFileError(vec![
            "expected an array of {\"start\", \"end\", \"price\"} objects".to_owned(),
        ]));
    };
    let mut entries = Vec::new();
    let mut places = Vec::new();
    let mut errors = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let place = format!("entry {index}");
        let text_of = |key: &str| match item.get(key) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        if !item.is_object() {
            errors.push(format!(
                "{place}: expected an object with start, end and price"
            ));
            continue;
        }
        match entry(
            &place,
            &text_of("start"),
            &text_of("end"),
            &text_of("price"),
        ) {
            Ok(e) => {
                entries.push(e);
                places.push(place);
            }
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok((entries, places))
    } else {
        Err(PriceFileError(errors))
    }
}

/// One entry from its three texts, or every problem with it.
fn entry(place: &str, start: &str, end: &str, price: &str) -> Result<PriceEntry, Vec<String>> {
    let mut errors = Vec::new();
    let mut time = |name: &str, text: &str| match text.parse::<Timestamp>() {
        Ok(t) => Some(t),
        Err(_) => {
            errors.push(format!(
                "{place}: {name} {text:?} is not a time with its offset such as \
                 2026-11-21T10:00:00+01:00"
            ));
            None
        }
    };
    let start = time("start", start);
    let end = time("end", end);
    let price = match Price::parse(price) {
        Ok(p) => Some(p),
        Err(e) => {
            errors.push(format!("{place}: price {e}"));
            None
        }
    };
    match (start, end, price) {
        (Some(start), Some(end), Some(price)) if errors.is_empty() => Ok((start, end, price)),
        _ => Err(errors),
    }
}

/// Sorts the entries by start and refuses empty or overlapping ones, naming their places.
fn check(entries: Vec<PriceEntry>, places: &[String]) -> Result<Vec<PriceEntry>, PriceFileError> {
    let mut errors = Vec::new();
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| entries[i].0);
    let mut previous: Option<usize> = None;
    for &i in &order {
        let (start, end, _) = entries[i];
        if end <= start {
            errors.push(format!(
                "{}: the entry ends at {end}, not after its start {start}",
                places[i]
            ));
            continue;
        }
        if let Some(p) = previous
            && entries[p].1 > start
        {
            errors.push(format!(
                "{}: the entry from {start} overlaps {} (until {})",
                places[i], places[p], entries[p].1
            ));
        }
        if previous.is_none_or(|p| end > entries[p].1) {
            previous = Some(i);
        }
    }
    if errors.is_empty() {
        Ok(order.into_iter().map(|i| entries[i]).collect())
    } else {
        Err(PriceFileError(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn a_csv_with_semicolons_and_decimal_commas_reads_exactly_in_time_order() {
        let text = "\u{feff}Price;Start;End;zone\n\
                    0,1234;2026-11-21T01:00:00+01:00;2026-11-21T02:00:00+01:00;IT-N\n\
                    \n\
                    0,5;2026-11-21T00:00:00+01:00;2026-11-21T01:00:00+01:00;IT-N\n";
        let entries = read_prices(text).unwrap();
        assert_eq!(
            entries,
            vec![
                (
                    ts("2026-11-20T23:00:00Z"),
                    ts("2026-11-21T00:00:00Z"),
                    Price::parse("0.5").unwrap()
                ),
                (
                    ts("2026-11-21T00:00:00Z"),
                    ts("2026-11-21T01:00:00Z"),
                    Price::parse("0.1234").unwrap()
                ),
            ]
        );
    }

    #[test]
    fn json_prices_are_read_as_quoted_decimals_or_plain_numbers() {
        let text = r#"[{"start": "2026-11-21T00:00:00Z", "end": "2026-11-21T00:15:00Z", "price": 0.1},
                      {"start": "2026-11-21T00:15:00Z", "end": "2026-11-21T00:30:00Z", "price": "0.123456"}]"#;
        let entries = read_prices(text).unwrap();
        assert_eq!(entries[0].2, Price(100_000));
        assert_eq!(entries[1].2, Price(123_456));
    }

    #[test]
    fn every_problem_is_named_by_its_line_or_entry() {
        let csv = "start,end,price\n\
                   2026-11-21T00:00:00,2026-11-21T01:00:00Z,0.1\n\
                   2026-11-21T01:00:00Z,2026-11-21T01:00:00Z,0.1\n\
                   2026-11-21T02:00:00Z,2026-11-21T04:00:00Z,0.1234567\n\
                   2026-11-21T05:00:00Z,2026-11-21T07:00:00Z,0.1\n\
                   2026-11-21T06:00:00Z,2026-11-21T08:00:00Z,0.1\n";
        let error = read_prices(csv).unwrap_err().to_string();
        assert_eq!(
            error,
            "line 2: start \"2026-11-21T00:00:00\" is not a time with its offset such as 2026-11-21T10:00:00+01:00\n\
             line 4: price \"0.1234567\" has 7 decimals; at most 6 are kept exactly"
        );
        let csv = "start,end,price\n\
                   2026-11-21T01:00:00Z,2026-11-21T01:00:00Z,0.1\n\
                   2026-11-21T05:00:00Z,2026-11-21T07:00:00Z,0.1\n\
                   2026-11-21T06:00:00Z,2026-11-21T08:00:00Z,0.1\n";
        let error = read_prices(csv).unwrap_err().to_string();
        assert_eq!(
            error,
            "line 2: the entry ends at 2026-11-21T01:00:00Z, not after its start 2026-11-21T01:00:00Z\n\
             line 4: the entry from 2026-11-21T06:00:00Z overlaps line 3 (until 2026-11-21T07:00:00Z)"
        );
        let error = read_prices("time,value\n").unwrap_err().to_string();
        assert_eq!(
            error,
            "line 1: the header must name the columns start, end and price (found: time, value)"
        );
        let error = read_prices(r#"[{"start": 1}]"#).unwrap_err().to_string();
        assert!(
            error.starts_with("entry 0: start \"1\" is not a time"),
            "{error}"
        );
    }
}
