//! The device library: the profiles (register maps) a device may name, built in and the
//! user's. The generic Modbus meter (`generic.modbus_meter`) and the internal meter
//! (`internal.meter`) are always accepted as well; they are configured in the device and are
//! not listed here.

use crate::problem::{ApiResult, FieldError, FieldParams, FieldRule, Problem};
use crate::state::ApiState;
use axum::Json;
use axum::extract::{Path, State};
use ems_model::Point;
use ems_model::site::Reference;
use ems_profile::Profile;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;

/// The routes of this module.
pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(utoipa_axum::routes!(list_profiles))
        .routes(utoipa_axum::routes!(get_profile))
}

/// What a profile is and gives, for choosing one.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProfileSummary {
    /// The profile's id, as a device's `profile` names it (`eastron.sdm630`).
    pub id: String,
    /// The manufacturer.
    pub vendor: String,
    /// The model.
    pub model: String,
    /// Other products that share the register map.
    pub aliases: Vec<String>,
    /// What the device is: `electricity_meter`, `gas_meter` or `water_meter`.
    pub kind: String,
    /// How many registers (values) the map reads.
    pub register_count: usize,
    /// The points the device gives, in the order of its registers, each once.
    pub points: Vec<String>,
}

impl ProfileSummary {
    fn of(profile: &Profile) -> ProfileSummary {
        let mut points: Vec<Point> = Vec::new();
        for register in &profile.registers {
            if !points.contains(&register.point) {
                points.push(register.point);
            }
        }
        ProfileSummary {
            id: profile.id.clone(),
            vendor: profile.vendor.clone(),
            model: profile.model.clone(),
            aliases: profile.aliases.clone(),
            kind: profile.kind.as_str().to_owned(),
            register_count: profile.registers.len(),
            points: points.iter().map(|p| p.name().to_owned()).collect(),
        }
    }
}

/// A whole profile as in its file (`docs/PROFILES.md`): id, vendor, model, aliases, kind,
/// phases, source, Modbus settings, sign conventions, identification registers and registers.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct ProfileDocument(pub Profile);

/// Every profile of the library, by id.
#[utoipa::path(get, path = "/library", tag = "library",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    responses(
        (status = 200, description = "The profiles", body = Vec<ProfileSummary>),
    ))]
pub async fn list_profiles(State(state): State<ApiState>) -> Json<Vec<ProfileSummary>> {
    Json(
        state
            .library
            .iter()
            .map(|p| ProfileSummary::of(p))
            .collect(),
    )
}

/// One profile, whole.
#[utoipa::path(get, path = "/library/{id}", tag = "library",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(("id" = String, Path, description = "The profile's id (`eastron.sdm630`)")),
    responses(
        (status = 200, description = "The profile", body = ProfileDocument),
        (status = 404, description = "No such profile; `errors` suggests the closest id", body = Problem),
    ))]
pub async fn get_profile(
    State(state): State<ApiState>,
    Path(id): Path<String>,
) -> ApiResult<Json<ProfileDocument>> {
    if let Some(profile) = state.library.get(&id) {
        return Ok(Json(ProfileDocument(Profile::clone(profile))));
    }
    let mut problem = Problem::not_found(format!("profile {id:?}"));
    if let Some(suggestion) = state.library.suggest(&id) {
        problem.detail = format!("profile {id:?}; did you mean {suggestion:?}?");
        problem.errors.push(
            FieldError::new(
                "id",
                FieldRule::UnknownReference,
                FieldParams::reference(Reference::Profile.name(), id.as_str()),
                format!("unknown profile {id:?}"),
            )
            .suggesting(Some(suggestion)),
        );
    }
    Err(problem)
}
