//! The site settings (`[site]` of the site file): name, time zone, currency, sample rate,
//! language and CSV separators, and whether the site is commissioned. Every signed-in user
//! reads them (every page needs them to display values); changing them, and marking the site
//! commissioned, needs the system configuration page.
//!
//! The settings' answers carry their tag (`ETag`); a change that sends it back in `If-Match`
//! is made only if nobody changed the settings since they were read.
//!
//! A new box starts with a default site and is not commissioned until the first-run wizard's
//! last step says so (`POST /site/commissioned`); a site from a file or the demo is
//! commissioned from the start. The web interface reads `commissioned` to resume the wizard.

use crate::access::{ClientAddr, Principal};
use crate::audit::{Audit, AuditAction};
use crate::problem::{ApiResult, Problem};
use crate::routes::config_json::{Editor, FormBody, JsonBody, SiteSettingsForm};
use crate::routes::entities::{entity_tag, with_tag};
use crate::state::ApiState;
use axum::Json;
use axum::extract::State;
use axum::response::Response;
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

/// The tag of `site`'s settings: [`entity_tag`] of their form without the version, so that it
/// changes exactly when the settings do.
fn settings_tag(site: &SiteConfig) -> String {
    entity_tag(&SiteSettingsForm::of(&site.site, None))
}

/// The answer with the settings of `site`, the number of the latest stored configuration
/// version and whether the site is commissioned; their tag in `ETag`.
async fn settings_view(state: &ApiState, site: &SiteConfig) -> ApiResult<Response> {
    let (version, commissioned) = state
        .blocking(|s| {
            let version = s.readers.site_config(None)?.map(|stored| stored.version);
            Ok((version, s.readers.commissioned()?))
        })
        .await?;
    let view = SiteSettingsView {
        settings: SiteSettingsForm::of(&site.site, version),
        commissioned,
    };
    Ok(with_tag(Json(view), &settings_tag(site)))
}

/// The site settings, the configuration version in force and whether the site is
/// commissioned; the settings' tag in `ETag`.
#[utoipa::path(get, path = "/site", tag = "configuration",
    security(("session" = ["authenticated"]), ("token" = ["authenticated"])),
    responses(
        (status = 200, description = "The site settings", body = SiteSettingsView,
            headers(("etag" = String, description = "Their tag: send it back in `If-Match` to \
                change them only as read"))),
    ))]
pub async fn site_settings(State(state): State<ApiState>) -> ApiResult<Response> {
    let site = state.site.site();
    settings_view(&state, &site).await
}

/// Replaces the site settings; keys left out take their defaults, and the read-only
/// `version` and `commissioned` are ignored (what `GET /site` answers may be sent back). With
/// `If-Match`, only if the settings still have that tag. A new configuration version is saved
/// and acquisition restarts with it.
#[utoipa::path(put, path = "/site", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(
        ("If-Match" = Option<String>, Header, description = "The tag (`ETag`) of what \
            was read: the change is made only if it still has it (else 412 `changed`); `*` for \
            any. Without it, the change is made whatever it is now; clients should send it")),
    request_body = SiteSettingsView,
    responses(
        (status = 200, description = "The settings now in force", body = SiteSettingsView,
            headers(("etag" = String, description = "Their tag: send it back in `If-Match` to \
                change them only as read"))),
        (status = 400, description = "The body is not a JSON object, or `If-Match` is malformed", body = Problem),
        (status = 412, description = "Changed by someone else since they were read \
            (`If-Match` does not match): nothing was changed", body = Problem),
        (status = 422, description = "Values break rules; each is listed with its path \
            (`site.time_zone`)", body = Problem),
    ))]
pub async fn change_site_settings(
    State(state): State<ApiState>,
    editor: Editor,
    JsonBody(mut body): FormBody,
) -> ApiResult<Response> {
    body.remove(COMMISSIONED);
    let site = editor.update_site_settings(body, settings_tag).await?;
    settings_view(&state, &site).await
}

/// Marks the site commissioned: the first-run wizard's last step. It stays so, restarts
/// included; calling it again changes nothing. Audited (`site_commission`) when it changes.
#[utoipa::path(post, path = "/site/commissioned", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    responses(
        (status = 200, description = "The site settings, commissioned", body = SiteSettingsView,
            headers(("etag" = String, description = "Their tag: send it back in `If-Match` to \
                change them only as read"))),
    ))]
pub async fn commission_site(
    State(state): State<ApiState>,
    principal: Principal,
    client: ClientAddr,
) -> ApiResult<Response> {
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
    settings_view(&state, &site).await
}
