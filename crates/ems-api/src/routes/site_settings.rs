//! The site settings (`[site]` of the site file): name, time zone, currency, sample rate,
//! language and CSV separators. Every signed-in user reads them (every page needs them to
//! display values); changing them needs the system configuration page.

use crate::access::{ClientAddr, Principal};
use crate::problem::{ApiResult, Problem};
use crate::routes::config_json::{Editor, FormBody, JsonBody, SiteSettingsForm};
use crate::state::ApiState;
use axum::Json;
use axum::extract::State;
use ems_model::site::SiteConfig;
use utoipa_axum::router::OpenApiRouter;

/// The routes of this module.
pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new().routes(utoipa_axum::routes!(site_settings, change_site_settings))
}

/// The settings of `site` with the number of the latest stored configuration version.
async fn settings_form(state: &ApiState, site: &SiteConfig) -> ApiResult<SiteSettingsForm> {
    let version = state
        .blocking(|s| s.readers.site_config(None))
        .await?
        .map(|stored| stored.version);
    Ok(SiteSettingsForm::of(&site.site, version))
}

/// The site settings and the configuration version in force.
#[utoipa::path(get, path = "/site", tag = "configuration",
    security(("session" = ["authenticated"]), ("token" = ["authenticated"])),
    responses(
        (status = 200, description = "The site settings", body = SiteSettingsForm),
    ))]
pub async fn site_settings(State(state): State<ApiState>) -> ApiResult<Json<SiteSettingsForm>> {
    let site = state.site.site();
    Ok(Json(settings_form(&state, &site).await?))
}

/// Replaces the site settings; keys left out take their defaults. A new configuration version
/// is saved and acquisition restarts with it.
#[utoipa::path(put, path = "/site", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    request_body = SiteSettingsForm,
    responses(
        (status = 200, description = "The settings now in force", body = SiteSettingsForm),
        (status = 400, description = "The body is not a JSON object", body = Problem),
        (status = 422, description = "Values break rules; each is listed with its path \
            (`site.time_zone`)", body = Problem),
    ))]
pub async fn change_site_settings(
    State(state): State<ApiState>,
    principal: Principal,
    client: ClientAddr,
    JsonBody(body): FormBody,
) -> ApiResult<Json<SiteSettingsForm>> {
    let site = Editor::new(&state, &principal, client)
        .update_site_settings(body)
        .await?;
    Ok(Json(settings_form(&state, &site).await?))
}
