// Gateways (seed 003 §7.15.1): the Modbus converters links belong to, the Local one always
// there. A list with each gateway's status, and the form of the one chosen: its settings, its
// links, "Test" (each link opened, or the exact error), delete (refused while devices remain).
import { api, call, callWithTag, type Schemas } from "../../api/client";
import { CheckField, SelectField, TextField } from "../../components/field";
import { StatusIcon } from "../../components/status";
import { t } from "../../i18n";
import { panelBoardOptions, type Configuration, type GatewayForm } from "./data";
import { EntityForm, EntitySection, byId, byIdIfMatch, useEntityDraft, useTest, type EntityApi, type Outcome } from "./entity";
import type { SectionProps } from "./index";
import { gatewayStatus, linkAddress } from "./model";
import { IdField, OffMark } from "./ui";

/** The Local gateway: the converter of the box itself, fixed address, never deleted. */
const LOCAL = "local";

function statusOf(gateway: GatewayForm, { config, statuses }: SectionProps) {
  const links = new Set(config.links.filter((l) => l.gateway === gateway.id && l.enabled !== false).map((l) => l.id));
  const devices = config.devices.filter((d) => links.has(d.link) && d.enabled !== false);
  return gatewayStatus(gateway.enabled !== false, devices.map((d) => statuses.get(d.id ?? "")));
}

export function LinkTestList({ links }: { links: Schemas["LinkTest"][] }) {
  if (links.length === 0) return <p class="notice">{t("configuration-test-no-links")}</p>;
  return (
    <ul class="link-tests" role="status">
      {links.map((l) => (
        <li class={l.reachable ? "reachable" : "unreachable"}>
          <strong>{l.link}</strong>: {l.reachable ? t("configuration-link-reachable") : t("configuration-link-unreachable")}
          {l.error && <span class="exact-error">{l.error}</span>}
        </li>
      ))}
    </ul>
  );
}

const GATEWAYS: EntityApi<GatewayForm> = {
  prefix: "gateways.*.",
  create: (body) => call(api.POST("/api/v1/gateways", { body })),
  read: (id) => callWithTag(api.GET("/api/v1/gateways/{id}", byId(id))),
  update: (id, body, tag) => callWithTag(api.PUT("/api/v1/gateways/{id}", { ...byIdIfMatch(id, tag), body })),
  remove: (id, tag) => call(api.DELETE("/api/v1/gateways/{id}", byIdIfMatch(id, tag))),
};

function GatewayEditor({ got, config, outcome }: { got: GatewayForm | null; config: Configuration; outcome: Outcome }) {
  const form = useEntityDraft(got, { name: "", address: "", description: null, panel_board: null, enabled: true }, GATEWAYS, outcome, {
    taken: config.gateways.map((g) => g.id ?? ""),
    fallback: "gateway",
  });
  const test = useTest(() => call(api.POST("/api/v1/gateways/{id}/test", byId(got?.id ?? ""))));
  const { draft, fields } = form;
  const isLocal = got?.id === LOCAL;
  const labels = {
    id: t("configuration-id"),
    name: t("configuration-name"),
    address: t("configuration-gateway-address"),
    description: t("configuration-description"),
    panel_board: t("configuration-panel-board"),
  };
  const set = (changes: Partial<GatewayForm>) => form.setDraft({ ...draft, ...changes });
  const links = config.links.filter((l) => l.gateway === got?.id);
  return (
    <EntityForm
      title={got ? (got.name ?? got.id ?? "") : t("configuration-gateway-new")}
      form={form}
      labels={labels}
      test={got ? test : undefined}
      testResult={test.result && <LinkTestList links={test.result.links} />}
      deletion={
        got && !isLocal
          ? { title: t("configuration-delete-title", { name: got.name ?? got.id ?? "" }), text: t("configuration-gateway-delete-text") }
          : undefined
      }
      footer={isLocal && <p class="help-line">{t("configuration-gateway-local-help")}</p>}
      related={
        got && (
          <section class="config-related" aria-label={t("configuration-gateway-links")}>
            <h3>{t("configuration-gateway-links")}</h3>
            {links.length === 0 ? (
              <p>{t("configuration-gateway-no-links")}</p>
            ) : (
              <ul>
                {links.map((l) => (
                  <li>
                    <a href={`/configuration/links?edit=${encodeURIComponent(l.id ?? "")}`}>{l.id}</a> ·{" "}
                    {t(`configuration-kind-${l.kind}`)} · <span class="address">{linkAddress(l)}</span>
                  </li>
                ))}
              </ul>
            )}
            <p class="config-step-links">
              <a href={`/configuration/links?add=1&gateway=${encodeURIComponent(got.id ?? "")}`}>{t("configuration-link-add")}</a>
              <a href={`/configuration/devices?gateway=${encodeURIComponent(got.id ?? "")}`}>{t("configuration-gateway-devices")}</a>
            </p>
          </section>
        )
      }
    >
      <TextField label={labels.name} value={draft.name ?? ""} onValue={form.setName} error={fields.get("name")} required />
      {!got && <IdField value={form.id} error={fields.get("id")} onValue={form.setId} />}
      <TextField
        label={labels.address}
        help={t(isLocal ? "configuration-gateway-address-local" : "configuration-gateway-address-help")}
        value={draft.address ?? ""}
        readOnly={isLocal}
        spellcheck={false}
        error={fields.get("address")}
        onValue={(address) => set({ address: address || null })}
      />
      <TextField
        label={labels.description}
        value={draft.description ?? ""}
        error={fields.get("description")}
        onValue={(description) => set({ description: description || null })}
      />
      <SelectField
        label={labels.panel_board}
        help={t("configuration-gateway-panel-board-help")}
        value={draft.panel_board ?? ""}
        error={fields.get("panel_board")}
        options={panelBoardOptions(config)}
        onValue={(v) => set({ panel_board: v || null })}
      />
      <CheckField
        label={t("configuration-enabled")}
        help={t("configuration-gateway-enabled-help")}
        checked={draft.enabled !== false}
        onChecked={(enabled) => set({ enabled })}
      />
    </EntityForm>
  );
}

export function GatewaysPage(props: SectionProps) {
  const { config } = props;
  return (
    <EntitySection
      intro={t("configuration-gateways-intro")}
      label={t("configuration-section-gateways")}
      add={t("configuration-gateway-add")}
      items={config.gateways}
      reload={props.reload}
      list={(item) => (
        <ul class="entity-list">
          {config.gateways.map((g) =>
            item(
              g.id,
              <>
                <span class="entity-name">
                  {g.name ?? g.id} <OffMark enabled={g.enabled} />
                </span>
                <span class="entity-detail">{g.address ?? ""}</span>
                {statusOf(g, props) !== undefined && <StatusIcon status={statusOf(g, props)} withText />}
              </>,
            ),
          )}
        </ul>
      )}
      editor={(got, outcome) => <GatewayEditor got={got} config={config} outcome={outcome} />}
    />
  );
}
