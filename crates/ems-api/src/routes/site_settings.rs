//! The site settings (`[site]` of the site file): name, time zone, currency, sample rate,
//! language and CSV separators, and whether the site is commissioned. Every signed-in user
//! reads them (every page needs them to display values); changing them, and marking the site
//! commissioned, needs the system configuration page.
//!
//! A new box starts with a default site and is not commissioned until the first-run wizard's
//! last step says so (`POST /site/commissioned`); a site from a file or the demo is
//! commissioned from the start. The web interface reads `commissioned` to resume the wizard.

use crate::access::{ClientAddr, Principal};
use crate::audit::{Audit, AuditAction};
use crate::problem::{ApiResult, Problem};
use crate::routes::config_json::{Editor, FormBody, JsonBody, SiteSettingsForm};
use crate::state::ApiState;
use axum::Json;
use axum::extract::State;
use ems_model::site::SiteConfig;
use ems_store::account::AuditResult;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;

/// The key of [`SiteSettingsView::commissioned`], ignored in requests.
const COMMISSIONED: &str = "commissioned";

/// The routes of this module.
pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(utoipa_axum::routes!(site_settings, change_site_settings))
        .routes(utoipa_axum::routes!(commission_site))
}

/// The site settings, the configuration version in force, and whether the site is
/// commissioned.
#[derive(Debug, Serialize, ToSchema)]
pub struct SiteSettingsView {
    /// The settings and the version.
    #[serde(flatten)]
    pub settings: SiteSettingsForm,
    /// False while the first-run wizard has not finished on a new box (started without a site
    /// file); true once it has (`POST /site/commissioned`), and for a site imported from a
    /// file or the demo's (read-only: ignored in requests).
    #[schema(read_only, required = false)]
    pub commissioned: bool,
}

/// The settings of `site`, with the number of the latest stored configuration version and
/// whether the site is commissioned.
async fn settings_view(state: &ApiState, site: &SiteConfig) -> ApiResult<SiteSettingsView> {
    let (version, commissioned) = state
        .blocking(|s| {
            let version = s.readers.site_config(None)?.map(|stored| stored.version);
            Ok((version, s.readers.commissioned()?))
        })
        .await?;
    Ok(SiteSettingsView {
        settings: SiteSettingsForm::of(&site.site, version),
        commissioned,
    })
}

/// The site settings, the configuration version in force and whether the site is
/// commissioned.
#[utoipa::path(get, path = "/site", tag = "configuration",
    security(("session" = ["authenticated"]), ("token" = ["authenticated"])),
    responses(
        (status = 200, description = "The site settings", body = SiteSettingsView),
    ))]
pub async fn site_settings(State(state): State<ApiState>) -> ApiResult<Json<SiteSettingsView>> {
    let site = state.site.site();
    Ok(Json(settings_view(&state, &site).await?))
}

/// Replaces the site settings; keys left out take their defaults, and the read-only
/// `version` and `commissioned` are ignored (what `GET /site` answers may be sent back). A new
/// configuration version is saved and acquisition restarts with it.
#[utoipa::path(put, path = "/site", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    request_body = SiteSettingsView,
    responses(
        (status = 200, description = "The settings now in force", body = SiteSettingsView),
        (status = 400, description = "The body is not a JSON object", body = Problem),
        (status = 422, description = "Values break rules; each is listed with its path \
            (`site.time_zone`)", body = Problem),
    ))]
pub async fn change_site_settings(
    State(state): State<ApiState>,
    principal: Principal,
    client: ClientAddr,
    JsonBody(mut body): FormBody,
) -> ApiResult<Json<SiteSettingsView>> {
    body.remove(COMMISSIONED);
    let site = Editor::new(&state, &principal, client)
        .update_site_settings(body)
        .await?;
    Ok(Json(settings_view(&state, &site).await?))
}

/// Marks the site commissioned: the first-run wizard's last step. It stays so, restarts
/// included; calling it again changes nothing. Audited (`site_commission`) when it changes.
#[utoipa::path(post, path = "/site/commissioned", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    responses(
        (status = 200, description = "The site settings, commissioned", body = SiteSettingsView),
    ))]
pub async fn commission_site(
    State(state): State<ApiState>,
    principal: Principal,
    client: ClientAddr,
) -> ApiResult<Json<SiteSettingsView>> {
    let newly = state.blocking(|s| s.store.mark_commissioned()).await?;
    if newly {
        Audit::by(
            &state,
            &principal,
            client,
            AuditAction::SiteCommission.as_str(),
            AuditResult::Success,
        )
        .target("site")
        .write();
    }
    let site = state.site.site();
    Ok(Json(settings_view(&state, &site).await?))
}
