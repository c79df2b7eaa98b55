//! Tariffs and cost rules as a user writes a contract: plain data, checked and evaluated by the
//! `ems-tariff` crate.
//!
//! Money is never a float. [`Money`] counts micro-units of the site's currency (one millionth of
//! a euro, a dollar, …) in an `i64`; a [`Price`] counts micro-units per kWh of electricity or per
//! m³ of gas and water. Both are parsed exactly from decimal text (`"0.2345"` → 234 500) with at
//! most six decimals, and displayed back exactly. Energy is counted in Wh and volumes in dm³ (as
//! the counters are), so the cost of an amount is always `amount × price / 1000`.
//!
//! The rules of one commodity form an ordered list, evaluated top-down: the first rule whose
//! conditions all hold gives the tariff ([`CostRule`]). Feed-in (export) prices are a second,
//! separate [`TariffPlan`] ([`Contract::export`]), not a flag on the rules: an export contract
//! usually has bands of its own, and with two lists each keeps its own "first true rule wins"
//! order and is checked and explained on its own by the same engine.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use jiff::civil::{Date, Time, Weekday};

use crate::sample::DeviceId;

/// Micro-units per unit of currency (or per unit of anything this module counts exactly).
pub const MICRO: i64 = 1_000_000;

/// The number of decimals [`Money`], [`Price`] and [`GasFactor`] keep exactly.
pub const DECIMALS: u32 = 6;

/// What a tariff prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Commodity {
    /// Electrical energy, counted in Wh, priced per kWh.
    Electricity,
    /// Gas, counted in dm³, priced per m³.
    Gas,
    /// Water, counted in dm³, priced per m³.
    Water,
}

impl Commodity {
    /// The unit a price is given per: `"kWh"` or `"m³"`.
    pub fn price_unit(self) -> &'static str {
        match self {
            Commodity::Electricity => "kWh",
            Commodity::Gas | Commodity::Water => "m³",
        }
    }

    /// The unit amounts are counted in: `"Wh"` or `"dm³"`.
    pub fn amount_unit(self) -> &'static str {
        match self {
            Commodity::Electricity => "Wh",
            Commodity::Gas | Commodity::Water => "dm³",
        }
    }

    /// The name used in files and messages: `electricity`, `gas`, `water`.
    pub fn name(self) -> &'static str {
        match self {
            Commodity::Electricity => "electricity",
            Commodity::Gas => "gas",
            Commodity::Water => "water",
        }
    }
}

/// Why a decimal, a currency code or a colour was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    /// Not a decimal number at all.
    #[error("{0:?} is not a decimal number (such as \"0.2345\")")]
    NotADecimal(String),
    /// More decimals than can be kept exactly.
    #[error("{text:?} has {decimals} decimals; at most {DECIMALS} are kept exactly")]
    TooManyDecimals {
        /// The text given.
        text: String,
        /// How many decimals it has.
        decimals: usize,
    },
    /// Too large to count in micro-units.
    #[error("{0:?} is too large")]
    OutOfRange(String),
    /// A value that must be above 0.
    #[error("{0:?} must be above 0")]
    NotPositive(String),
    /// Not an ISO 4217 code.
    #[error("{0:?} is not an ISO 4217 currency code (three uppercase letters such as \"EUR\")")]
    Currency(String),
    /// Not a `#rrggbb` colour.
    #[error("{0:?} is not a colour of the form #rrggbb")]
    Colour(String),
}

/// Parses a decimal text into micro-units, exactly.
fn parse_micro(text: &str) -> Result<i64, ValueError> {
    let bad = || ValueError::NotADecimal(text.to_owned());
    let trimmed = text.trim();
    let (negative, digits) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, trimmed.strip_prefix('+').unwrap_or(trimmed)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    if fraction.len() > DECIMALS as usize {
        return Err(ValueError::TooManyDecimals {
            text: text.to_owned(),
            decimals: fraction.len(),
        });
    }
    let range = || ValueError::OutOfRange(text.to_owned());
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| range())?
    };
    let mut frac: i64 = 0;
    for i in 0..DECIMALS as usize {
        let digit = fraction
            .as_bytes()
            .get(i)
            .map_or(0, |b| i64::from(b - b'0'));
        frac = frac * 10 + digit;
    }
    let micro = whole
        .checked_mul(MICRO)
        .and_then(|w| w.checked_add(frac))
        .ok_or_else(range)?;
    Ok(if negative { -micro } else { micro })
}

/// Writes micro-units as an exact decimal, without trailing zeros (`234500` → `0.2345`).
fn write_micro(f: &mut fmt::Formatter<'_>, micro: i64) -> fmt::Result {
    let sign = if micro < 0 { "-" } else { "" };
    let abs = micro.unsigned_abs();
    let whole = abs / MICRO.unsigned_abs();
    let frac = abs % MICRO.unsigned_abs();
    if frac == 0 {
        return write!(f, "{sign}{whole}");
    }
    let digits = format!("{frac:06}");
    write!(f, "{sign}{whole}.{}", digits.trim_end_matches('0'))
}

macro_rules! micro_decimal {
    ($name:ident) => {
        impl $name {
            /// Parses an exact decimal (at most six decimals).
            pub fn parse(text: &str) -> Result<Self, ValueError> {
                parse_micro(text).map(Self)
            }

            /// The value in micro-units.
            pub fn micro(self) -> i64 {
                self.0
            }

            /// The value from micro-units.
            pub fn from_micro(micro: i64) -> Self {
                Self(micro)
            }
        }

        impl FromStr for $name {
            type Err = ValueError;
            fn from_str(text: &str) -> Result<Self, ValueError> {
                Self::parse(text)
            }
        }

        impl fmt::Display for $name {
            /// The exact decimal, without trailing zeros.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write_micro(f, self.0)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                Self::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

/// An amount of money in micro-units of the site's currency (never a float).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Money(pub i64);
micro_decimal!(Money);

/// A price in micro-units of currency per kWh (electricity) or per m³ (gas, water).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Price(pub i64);
micro_decimal!(Price);

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, other: Money) -> Money {
        Money(self.0 + other.0)
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        Money(iter.map(|m| m.0).sum())
    }
}

impl std::ops::Add for Price {
    type Output = Price;
    fn add(self, other: Price) -> Price {
        Price(self.0 + other.0)
    }
}

/// The gas conversion factor in kWh per m³ (as the supplier states it, e.g. 10.55), kept exactly
/// in millionths. 1 kWh/m³ is 1 Wh/dm³, so a volume in dm³ times the factor is Wh.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GasFactor(i64);
micro_decimal!(GasFactor);

impl GasFactor {
    /// Parses the factor, which must be above 0.
    pub fn positive(text: &str) -> Result<Self, ValueError> {
        let factor = Self::parse(text)?;
        if factor.0 <= 0 {
            return Err(ValueError::NotPositive(text.to_owned()));
        }
        Ok(factor)
    }

    /// The equivalent energy of a gas volume, in Wh, rounded half to even.
    pub fn equivalent_wh(self, volume_dm3: i64) -> i64 {
        let exact = i128::from(volume_dm3) * i128::from(self.0);
        let wh = round_half_even(exact, i128::from(MICRO));
        i64::try_from(wh).unwrap_or(if wh < 0 { i64::MIN } else { i64::MAX })
    }
}

/// `numerator / denominator` (denominator > 0) rounded half to even.
pub fn round_half_even(numerator: i128, denominator: i128) -> i128 {
    let quotient = numerator.div_euclid(denominator);
    let remainder = numerator.rem_euclid(denominator);
    match (2 * remainder).cmp(&denominator) {
        std::cmp::Ordering::Less => quotient,
        std::cmp::Ordering::Greater => quotient + 1,
        std::cmp::Ordering::Equal => quotient + (quotient & 1),
    }
}

/// An ISO 4217 currency code: three uppercase ASCII letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    /// Checks and keeps a code such as `"EUR"`.
    pub fn parse(code: &str) -> Result<Self, ValueError> {
        match code.as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => Ok(Self([a, b, c])),
            _ => Err(ValueError::Currency(code.to_owned())),
        }
    }

    /// The code.
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Checks a `#rrggbb` colour.
pub fn check_colour(colour: &str) -> Result<(), ValueError> {
    let ok = colour.len() == 7
        && colour.starts_with('#')
        && colour.bytes().skip(1).all(|b| b.is_ascii_hexdigit());
    if ok {
        Ok(())
    } else {
        Err(ValueError::Colour(colour.to_owned()))
    }
}

/// A price and the local date from which it applies (none: from the beginning).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatedPrice {
    /// The first local date the price applies to; `None` for the one undated price.
    pub from: Option<Date>,
    /// The price per kWh or per m³.
    pub price: Price,
}

/// A tariff: a name, a colour for the charts, and its prices over time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tariff {
    /// The identifier rules refer to.
    pub id: String,
    /// The name shown to users.
    pub name: String,
    /// The colour in charts, `#rrggbb`.
    pub colour: String,
    /// The prices; each applies from its date until the next one's.
    pub prices: Vec<DatedPrice>,
}

/// A rule's validity: local dates, both inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Validity {
    /// The first local date.
    pub from: Date,
    /// The last local date (inclusive); `None`: open-ended. A single day is `to = from`.
    pub to: Option<Date>,
}

/// A daily time frame in local time, minutes as the seeds write them: `start` is the first
/// minute, `end` the last minute included (00:00–18:59 covers until 19:00). A frame that ends
/// before it starts runs over midnight (22:00–05:59).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeFrame {
    /// The first minute of the frame.
    pub start: Time,
    /// The last minute of the frame (included).
    pub end: Time,
}

/// A set of weekdays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Weekdays(u8);

impl Weekdays {
    /// Every day of the week.
    pub const ALL: Weekdays = Weekdays(0x7f);
    /// No day (a rule with no day never applies, and is refused).
    pub const NONE: Weekdays = Weekdays(0);
    /// Monday to Friday.
    pub const MONDAY_TO_FRIDAY: Weekdays = Weekdays(0x1f);
    /// Saturday and Sunday.
    pub const WEEKEND: Weekdays = Weekdays(0x60);

    fn bit(day: Weekday) -> u8 {
        1 << (day.to_monday_zero_offset() as u8)
    }

    /// Whether `day` is in the set.
    pub fn contains(self, day: Weekday) -> bool {
        self.0 & Self::bit(day) != 0
    }

    /// The set with `day` added.
    pub fn with(self, day: Weekday) -> Weekdays {
        Weekdays(self.0 | Self::bit(day))
    }

    /// Whether no day is in the set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether every day is in the set.
    pub fn is_all(self) -> bool {
        self.0 == Self::ALL.0
    }

    /// The days in the set, Monday first.
    pub fn days(self) -> impl Iterator<Item = Weekday> {
        (0..7)
            .map(|i| Weekday::from_monday_zero_offset(i).unwrap_or(Weekday::Monday))
            .filter(move |d| self.contains(*d))
    }
}

impl FromIterator<Weekday> for Weekdays {
    fn from_iter<I: IntoIterator<Item = Weekday>>(iter: I) -> Self {
        iter.into_iter().fold(Weekdays::NONE, Weekdays::with)
    }
}

impl Default for Weekdays {
    fn default() -> Self {
        Weekdays::ALL
    }
}

/// One cost rule: when all its conditions hold, its tariff applies (the first true rule of the
/// list wins).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostRule {
    /// The id of the tariff it applies.
    pub tariff: String,
    /// The local dates it holds on; `None`: always.
    pub valid: Option<Validity>,
    /// Whether the validity's month and day repeat every year (the year is then ignored).
    pub repeat_every_year: bool,
    /// The daily time frame; `None`: all day.
    pub time_frame: Option<TimeFrame>,
    /// The days of the week it holds on.
    pub weekdays: Weekdays,
}

/// Tariffs and the ordered rules that choose among them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TariffPlan {
    /// The tariffs.
    pub tariffs: Vec<Tariff>,
    /// The rules, evaluated top-down.
    pub rules: Vec<CostRule>,
}

/// Dynamic prices: imported (start, end, price) entries plus a constant surcharge, instead of
/// rules.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DynamicPrices {
    /// The entries, each for [start, end).
    pub entries: Vec<(Timestamp, Timestamp, Price)>,
    /// Added to every entry's price (grid fees, taxes).
    pub surcharge: Price,
}

/// Dynamic pricing as a contract states it: what is bought is priced by the prices imported
/// into the store (`ems tariff import-prices`, or the API), plus a constant surcharge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DynamicPricing {
    /// Added to every imported price (grid fees, taxes).
    pub surcharge: Price,
}

/// The period a standing charge is due for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChargePeriod {
    /// Per local day.
    Day,
    /// Per local calendar month.
    Month,
}

/// A fixed charge per day or per month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StandingCharge {
    /// The period it is due for.
    pub per: ChargePeriod,
    /// The amount per period.
    pub amount: Money,
}

/// A charge on the month's highest 15-minute mean power, as the utility measures it at the grid
/// connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemandCharge {
    /// The price per kW of the month's peak.
    pub per_kw_month: Money,
    /// The device that measures the grid connection (the utility's point of measurement): its
    /// imported active energy gives the peak, not the sum of the sub-meters.
    pub meter: DeviceId,
}

/// The contract of one commodity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contract {
    /// What it prices.
    pub commodity: Commodity,
    /// Tariffs and rules for what is consumed (imported).
    pub import: TariffPlan,
    /// Dynamic pricing; when present, imported prices replace the import rules (a contract
    /// has one or the other).
    pub dynamic: Option<DynamicPricing>,
    /// Tariffs and rules for what is fed in (electricity only).
    pub export: Option<TariffPlan>,
    /// A standing charge.
    pub standing_charge: Option<StandingCharge>,
    /// A demand charge (electricity only).
    pub demand_charge: Option<DemandCharge>,
}

/// Where an error is: a tariff or a rule (0-based index in its list) and the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// `tariffs[index].field`.
    Tariff {
        /// The tariff's index.
        index: usize,
        /// The field.
        field: &'static str,
    },
    /// `rules[index].field`.
    Rule {
        /// The rule's index.
        index: usize,
        /// The field.
        field: &'static str,
    },
    /// `dynamic.entries[index]`.
    Entry {
        /// The entry's index.
        index: usize,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Tariff { index, field } => write!(f, "tariffs[{index}].{field}"),
            Location::Rule { index, field } => write!(f, "rules[{index}].{field}"),
            Location::Entry { index } => write!(f, "dynamic.entries[{index}]"),
        }
    }
}

/// What is wrong with a tariff, a rule or a dynamic price entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// A tariff without an id.
    #[error("a tariff needs an id")]
    EmptyId,
    /// Two tariffs with one id.
    #[error("the id {id:?} is also tariff {first}'s")]
    DuplicateId {
        /// The id.
        id: String,
        /// The index of the tariff that has it first.
        first: usize,
    },
    /// A bad colour.
    #[error("{0}")]
    Colour(ValueError),
    /// A tariff without prices.
    #[error("a tariff needs at least one price")]
    NoPrice,
    /// Two undated prices.
    #[error(
        "prices {first} and {second} both have no date; only one price may apply from the beginning"
    )]
    TwoUndatedPrices {
        /// The first undated price's index.
        first: usize,
        /// The second one's.
        second: usize,
    },
    /// Two prices from one date.
    #[error("prices {first} and {second} both apply from {date}")]
    SameDate {
        /// The first price's index.
        first: usize,
        /// The second one's.
        second: usize,
        /// The date.
        date: Date,
    },
    /// A rule naming no tariff of the list.
    #[error("no tariff has the id {0:?}")]
    UnknownTariff(String),
    /// A validity that ends before it starts.
    #[error("the validity ends on {to}, before it starts on {from}")]
    EndsBeforeStart {
        /// Its start.
        from: Date,
        /// Its end.
        to: Date,
    },
    /// "Repeat every year" without an end date.
    #[error("a validity repeated every year needs its last date (for a single day, the same date)")]
    RepeatWithoutEnd,
    /// "Repeat every year" over more than a year.
    #[error("a validity repeated every year spans at most one year ({from} to {to} is longer)")]
    RepeatLongerThanAYear {
        /// Its start.
        from: Date,
        /// Its end.
        to: Date,
    },
    /// "Repeat every year" without a validity.
    #[error("\"repeat every year\" needs a validity date or period")]
    RepeatWithoutValidity,
    /// A time frame not on whole minutes.
    #[error("{0} is not a whole minute")]
    NotWholeMinute(Time),
    /// No weekday chosen.
    #[error("no day of the week is chosen, so the rule never applies")]
    NoWeekday,
    /// A dynamic entry that ends before it starts.
    #[error("the entry ends at {end}, not after its start {start}")]
    EntryEmpty {
        /// Its start.
        start: jiff::Timestamp,
        /// Its end.
        end: jiff::Timestamp,
    },
    /// Two dynamic entries overlapping.
    #[error("the entry overlaps entry {other} from {start} to {end}")]
    EntriesOverlap {
        /// The other entry's index.
        other: usize,
        /// Where the overlap starts.
        start: jiff::Timestamp,
        /// Where it ends.
        end: jiff::Timestamp,
    },
}

/// One error: where and what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{at}: {problem}")]
pub struct TariffError {
    /// Where.
    pub at: Location,
    /// What.
    pub problem: Problem,
}

/// Every error of a tariff plan, found at once.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct TariffErrors(pub Vec<TariffError>);

impl fmt::Display for TariffErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

/// Every structural error of a commodity's tariffs and rules, in the order of the lists: ids,
/// colours, prices (none, two undated, two from one date), unknown tariffs, validity order and
/// the limits of "repeat every year", whole-minute frames, no weekday. The one place these
/// checks live: the site file's validation and the tariff engine both use it.
pub fn check_plan(tariffs: &[Tariff], rules: &[CostRule]) -> Vec<TariffError> {
    let mut errors = Vec::new();
    let mut push = |at: Location, problem: Problem| errors.push(TariffError { at, problem });
    for (index, tariff) in tariffs.iter().enumerate() {
        let at = |field| Location::Tariff { index, field };
        if tariff.id.trim().is_empty() {
            push(at("id"), Problem::EmptyId);
        } else if let Some(first) = tariffs[..index].iter().position(|t| t.id == tariff.id) {
            push(
                at("id"),
                Problem::DuplicateId {
                    id: tariff.id.clone(),
                    first,
                },
            );
        }
        if let Err(e) = check_colour(&tariff.colour) {
            push(at("colour"), Problem::Colour(e));
        }
        if tariff.prices.is_empty() {
            push(at("prices"), Problem::NoPrice);
        }
        for (second, price) in tariff.prices.iter().enumerate() {
            let earlier = tariff.prices[..second]
                .iter()
                .position(|p| p.from == price.from);
            match (earlier, price.from) {
                (Some(first), None) => {
                    push(at("prices"), Problem::TwoUndatedPrices { first, second })
                }
                (Some(first), Some(date)) => push(
                    at("prices"),
                    Problem::SameDate {
                        first,
                        second,
                        date,
                    },
                ),
                (None, _) => {}
            }
        }
    }
    for (index, rule) in rules.iter().enumerate() {
        let at = |field| Location::Rule { index, field };
        if !tariffs.iter().any(|t| t.id == rule.tariff) {
            push(at("tariff"), Problem::UnknownTariff(rule.tariff.clone()));
        }
        match rule.valid {
            Some(Validity { from, to: Some(to) }) if to < from => {
                push(at("valid"), Problem::EndsBeforeStart { from, to })
            }
            Some(Validity { to: None, .. }) if rule.repeat_every_year => {
                push(at("valid"), Problem::RepeatWithoutEnd)
            }
            Some(Validity { from, to: Some(to) })
                if rule.repeat_every_year
                    && from
                        .checked_add(jiff::Span::new().years(1))
                        .is_ok_and(|y| to >= y) =>
            {
                push(at("valid"), Problem::RepeatLongerThanAYear { from, to })
            }
            None if rule.repeat_every_year => {
                push(at("repeat_every_year"), Problem::RepeatWithoutValidity)
            }
            _ => {}
        }
        if let Some(frame) = rule.time_frame {
            for time in [frame.start, frame.end] {
                if time.second() != 0 || time.subsec_nanosecond() != 0 {
                    push(at("time_frame"), Problem::NotWholeMinute(time));
                }
            }
        }
        if rule.weekdays.is_empty() {
            push(at("weekdays"), Problem::NoWeekday);
        }
    }
    errors
}

impl TariffPlan {
    /// Every structural error of the plan ([`check_plan`]).
    pub fn problems(&self) -> Vec<TariffError> {
        check_plan(&self.tariffs, &self.rules)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_price_is_parsed_exactly_and_shown_back_exactly() {
        let price = Price::parse("0.2345").unwrap();
        assert_eq!(price.micro(), 234_500);
        assert_eq!(price.to_string(), "0.2345");
        assert_eq!(Price::parse("12").unwrap().to_string(), "12");
        assert_eq!(Price::parse("-0.000001").unwrap().micro(), -1);
        assert_eq!(Price::parse(".5").unwrap().micro(), 500_000);
        assert_eq!(
            Money::parse("1234.567891").unwrap().to_string(),
            "1234.567891"
        );
    }

    #[test]
    fn more_than_six_decimals_are_refused_with_a_clear_error() {
        let error = Price::parse("0.1234567").unwrap_err();
        assert_eq!(
            error.to_string(),
            "\"0.1234567\" has 7 decimals; at most 6 are kept exactly"
        );
    }

    #[test]
    fn text_that_is_not_a_decimal_is_refused() {
        for text in ["", "abc", "1,5", "1.2.3", "-", ".", "1e3", "0x10"] {
            assert!(Price::parse(text).is_err(), "{text:?}");
        }
        assert!(matches!(
            Money::parse("99999999999999999999"),
            Err(ValueError::OutOfRange(_))
        ));
    }

    #[test]
    fn a_currency_is_three_capitals() {
        assert_eq!(Currency::parse("EUR").unwrap().code(), "EUR");
        assert!(Currency::parse("eur").is_err());
        assert!(Currency::parse("EURO").is_err());
    }

    #[test]
    fn gas_volume_converts_to_equivalent_energy() {
        let factor = GasFactor::positive("10.55").unwrap();
        // 1 m³ = 1000 dm³ → 10.55 kWh = 10 550 Wh.
        assert_eq!(factor.equivalent_wh(1000), 10_550);
        // 1 dm³ → 10.55 Wh, rounded half to even → 11 Wh; 0.5 → even.
        assert_eq!(factor.equivalent_wh(1), 11);
        assert_eq!(GasFactor::parse("0.5").unwrap().equivalent_wh(1), 0);
        assert_eq!(GasFactor::parse("0.5").unwrap().equivalent_wh(3), 2);
        assert!(GasFactor::positive("0").is_err());
    }

    #[test]
    fn weekdays_form_a_set() {
        let days: Weekdays = [Weekday::Saturday, Weekday::Sunday].into_iter().collect();
        assert_eq!(days, Weekdays::WEEKEND);
        assert!(!days.contains(Weekday::Monday));
        assert!(Weekdays::ALL.is_all());
        assert_eq!(Weekdays::MONDAY_TO_FRIDAY.days().count(), 5);
    }

    #[test]
    fn colours_are_checked() {
        assert!(check_colour("#a0b1C2").is_ok());
        assert!(check_colour("a0b1c2").is_err());
        assert!(check_colour("#abc").is_err());
    }
}
