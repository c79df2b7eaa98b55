//! The tariff and cost-rule engine of ems: pure, time-zone and DST aware.
//!
//! A commodity's contract ([`ems_model::tariff`]) is tariffs with dated prices and an ordered
//! list of cost rules. [`RuleSet::new`] checks them (every error at once, each naming the tariff
//! or rule and the field) with [`ems_model::tariff::check_plan`], the one place these checks
//! live (the site file's validation uses it too, placing each error at its path); a [`Pricer`]
//! applies the set in the site's time zone.
//!
//! Design decisions:
//! - **First true rule wins**, as in the seeds: rules are evaluated top-down and the first whose
//!   conditions all hold (validity, time frame, weekday) gives the tariff. The conditions are
//!   evaluated at each instant on its own local date and time: a Monday-to-Friday frame of
//!   22:00–05:59 covers Saturday 03:00 only if Saturday is chosen too.
//! - **Time frames** are whole minutes written as the seeds do: the end minute is included
//!   (00:00–18:59 covers until 19:00); a frame ending before it starts runs over midnight.
//! - **Validity** is local dates, both included. "Repeat every year" compares month and day only
//!   (the years are ignored, past and future), needs an end date (a single day: the same date)
//!   and spans at most a year; a period whose end comes before its start in the calendar wraps
//!   over New Year. February 29 is compared like any other day: in a year without it a period
//!   starting on 02-29 starts on 03-01, one ending on 02-29 ends on 02-28, and a rule of 02-29
//!   alone holds in leap years only.
//! - **Prices** apply from their local date on: the latest price whose date is not after the
//!   day; an undated price applies from the beginning. A price change never rewrites what was
//!   priced before its date, since each instant is priced with its own date's price.
//! - **Splitting**: [`Pricer::pieces`] cuts an interval at every local midnight, every frame
//!   edge and every UTC offset change, evaluates the rules once per stretch, and merges
//!   neighbours with the same rule and price. Within a stretch the UTC offset is constant, so
//!   local time is UTC plus that offset: a 23-hour day has 23 hours, the repeated hour of the
//!   autumn change is two UTC hours, each priced by its local time, nothing twice or not at all.
//! - **No guesses**: where no rule holds, or the tariff has no price yet, a piece has no price;
//!   its cost is `None` and [`Pricer::gaps`] reports it. A site with no rules prices nothing.
//! - **Money is never a float**: costs are micro-units ([`ems_model::tariff::Money`]); an
//!   interval's cost is `amount × price × share of time / 1000`, computed exactly in `i128`,
//!   the total rounded half to even, and the pieces apportioned by largest remainder so they
//!   sum exactly to the total ([`Costed`]).
//! - **Export (feed-in)** prices are a separate [`ems_model::tariff::TariffPlan`] priced by a
//!   second `RuleSet`; **dynamic prices** ([`DynamicPricer`]) replace rules with imported
//!   entries plus a surcharge, gaps reported, overlaps refused.
//! - **Standing charges** charge every local day or month a span touches in full (a bill
//!   charges whole periods; see [`standing_charge`]); the **demand charge** is the month's
//!   highest 15-minute mean power at the grid connection's meter × the price per kW
//!   ([`demand_charge`]). The means are of the quarter hours of the clock, from the meter's
//!   import intervals ([`quarter_hour_means`]: shorter intervals summed into their quarter hour,
//!   longer ones their own mean) and grouped by local calendar month ([`demand_by_month`]).
//! - **Local times** a person gives ([`local_instant`]) are read in the site's time zone and
//!   must exist exactly once there: a time the clocks skip or repeat is refused, naming the
//!   change, never guessed.
//! - **Many intervals**: a [`PriceBook`] cuts [`Prices`] into pieces once per UTC day and costs
//!   every interval of every device from them, with the same result as [`PriceSource::cost`].

mod book;
mod charges;
mod cost;
mod dynamic;
mod local_time;
mod pricer;
mod prices_file;
mod rules;

pub use book::{BookPiece, PieceCost, PriceBook, Prices};
pub use charges::{
    DemandItem, MonthDemand, StandingItem, demand_by_month, demand_charge, quarter_hour_means,
    standing_charge,
};
pub use cost::{Costed, CostedPiece, PriceSource, Priced};
pub use dynamic::{DYNAMIC_TARIFF, DynamicPiece, DynamicPricer};
pub use local_time::{LocalTimeError, local_instant};
pub use pricer::{Explanation, Piece, Pricer, RuleCoverage, Skipped};
pub use prices_file::{PriceEntry, PriceFileError, read_prices};
pub use rules::{Location, Miss, Problem, RuleSet, TariffError, TariffErrors};
