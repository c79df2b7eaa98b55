//! The `[tariffs]` section: the contract of each commodity (tariffs with dated prices, the
//! ordered cost rules, feed-in prices, standing and demand charges) and the gas conversion
//! factor. A site with no rules gets no costs, never a guess: every part is optional and
//! empty by default.

use super::error::{ConfigRule, Format, Limit, Path, Problem, Reference};
use crate::suggest::closest;
use crate::tariff::{Commodity, Contract, GasFactor, Location, Tariff, TariffError, TariffPlan};

/// The `[tariffs]` section of the site file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SiteTariffs {
    /// The gas conversion factor in kWh per m³ (`gas_kwh_per_m3`), for equivalent kWh.
    pub gas_kwh_per_m3: Option<GasFactor>,
    /// The electricity contract (`[tariffs.electricity]`).
    pub electricity: Option<Contract>,
    /// The gas contract (`[tariffs.gas]`).
    pub gas: Option<Contract>,
    /// The water contract (`[tariffs.water]`).
    pub water: Option<Contract>,
}

impl SiteTariffs {
    /// The commodities in the order of the file.
    pub const COMMODITIES: [Commodity; 3] =
        [Commodity::Electricity, Commodity::Gas, Commodity::Water];

    /// The contract of a commodity, if any.
    pub fn contract(&self, commodity: Commodity) -> Option<&Contract> {
        match commodity {
            Commodity::Electricity => self.electricity.as_ref(),
            Commodity::Gas => self.gas.as_ref(),
            Commodity::Water => self.water.as_ref(),
        }
    }

    /// The contract slot of a commodity.
    pub(crate) fn contract_mut(&mut self, commodity: Commodity) -> &mut Option<Contract> {
        match commodity {
            Commodity::Electricity => &mut self.electricity,
            Commodity::Gas => &mut self.gas,
            Commodity::Water => &mut self.water,
        }
    }

    /// A tariff of a commodity's contract, for what is bought or (`export`) what is fed in.
    pub fn tariff(&self, commodity: Commodity, export: bool, id: &str) -> Option<&Tariff> {
        let contract = self.contract(commodity)?;
        let plan = if export {
            contract.export.as_ref()?
        } else {
            &contract.import
        };
        plan.tariffs.iter().find(|t| t.id == id)
    }

    /// The `[tariffs]` section of a site file, read alone (the other sections are not read).
    pub fn from_site_toml(text: &str) -> Result<SiteTariffs, super::ConfigErrors> {
        super::parse::parse_tariffs(text)
    }

    /// True when the section says nothing (no factor, no contract).
    pub fn is_empty(&self) -> bool {
        *self == SiteTariffs::default()
    }
}

/// The key of a rule field in the site file (the model's field names differ for two).
fn rule_key(field: &str) -> &str {
    match field {
        "time_frame" => "time",
        "weekdays" => "days",
        other => other,
    }
}

/// An error of a plan ([`crate::tariff::check_plan`]) placed at its path below `at` (the
/// plan's path: `tariffs.electricity` or `tariffs.electricity.export`) and given its rule.
pub(crate) fn plan_problem(plan: &TariffPlan, at: &Path, error: &TariffError) -> (Path, Problem) {
    use crate::tariff::Problem as P;
    let path = match &error.at {
        Location::Tariff { index, field } => {
            let id = plan.tariffs.get(*index).map_or("", |t| t.id.as_str());
            let tariff = at.key("tariffs").key(id);
            if *field == "id" {
                tariff
            } else {
                tariff.key(field)
            }
        }
        Location::Rule { index, field } => at.key("rules").index(*index).key(rule_key(field)),
        Location::Entry { index } => at.key("dynamic").index(*index),
    };
    let message = error.problem.to_string();
    let rule = match &error.problem {
        P::EmptyId | P::NoPrice | P::NoWeekday | P::EntryEmpty { .. } => ConfigRule::Empty,
        P::DuplicateId { id, .. } => ConfigRule::Duplicate { value: id.clone() },
        P::TwoUndatedPrices { .. } => ConfigRule::Duplicate {
            value: "(no date)".to_owned(),
        },
        P::SameDate { date, .. } => ConfigRule::Duplicate {
            value: date.to_string(),
        },
        P::EntriesOverlap { start, .. } => ConfigRule::Duplicate {
            value: start.to_string(),
        },
        P::Colour(_) => ConfigRule::Pattern {
            format: Format::Colour,
        },
        P::NotWholeMinute(_) => ConfigRule::Pattern {
            format: Format::TimeOfDay,
        },
        P::UnknownTariff(id) => {
            let ids = plan.tariffs.iter().map(|t| t.id.as_str());
            let problem = Problem::unknown_reference(Reference::Tariff, id);
            return (path, problem.suggesting(closest(id, ids)));
        }
        P::EndsBeforeStart { from, .. } => ConfigRule::OutOfRange {
            min: Some(Limit::Text(from.to_string())),
            above: None,
            max: None,
        },
        P::RepeatLongerThanAYear { from, .. } => ConfigRule::OutOfRange {
            min: None,
            above: None,
            max: from
                .checked_add(jiff::Span::new().years(1))
                .ok()
                .and_then(|d| d.yesterday().ok())
                .map(|d| Limit::Text(d.to_string())),
        },
        P::RepeatWithoutEnd | P::RepeatWithoutValidity => ConfigRule::Required,
    };
    (path, Problem::new(rule, message))
}
