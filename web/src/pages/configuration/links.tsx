// Links (seed 003 §7.8): the buses and connections of each gateway that devices are reached
// through — Modbus TCP, Modbus RTU on a serial port, RTU frames through a serial-to-Ethernet
// gateway, an acquisition board's waveform stream — each with the fields of its kind.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, call, callWithTag, type Schemas } from "../../api/client";
import { CheckField, ListField, SelectField } from "../../components/field";
import { t } from "../../i18n";
import { here } from "../../router";
import { optionsOf, serialPorts, type Configuration, type GatewayForm } from "./data";
import { EntityForm, EntitySection, byId, byIdIfMatch, useEntityDraft, useTest, type EntityApi, type Outcome } from "./entity";
import type { SectionProps } from "./index";
import { BAUD_RATES, LINK_KINDS, PARITIES, idFromName, linkAddress, newLink, patch, withKind, type LinkForm, type LinkKind } from "./model";
import { AddressField, GatewayFilter, IdField, NumberField, OffMark, numbersOf } from "./ui";

function SerialPortField({ value, onValue, error }: { value: string; onValue: (v: string) => void; error?: string | undefined }) {
  const [ports, setPorts] = useState<Schemas["SerialPortView"][]>([]);
  useEffect(() => {
    serialPorts().then(setPorts, () => setPorts([]));
  }, []);
  return (
    <ListField
      label={t("configuration-link-serial-port")}
      help={t("configuration-link-serial-port-help")}
      error={error}
      value={value}
      onValue={onValue}
      options={ports.map((p) => ({
        value: p.by_id ?? p.path,
        label: [p.description, p.path, p.in_use_by ? t("configuration-link-port-in-use", { link: p.in_use_by }) : null].filter(Boolean).join(" · "),
      }))}
    />
  );
}

interface FieldsProps {
  draft: LinkForm;
  onDraft: (link: LinkForm) => void;
  gateways: readonly GatewayForm[];
  fields: ReadonlyMap<string, string>;
  /** Shown right after the gateway choice (the wizard's new gateway). */
  afterGateway?: ComponentChildren;
}

/** The fields of a link: its gateway, its kind and the settings of that kind. Used by the wizard too. */
export function LinkFields({ draft, onDraft, gateways, fields, afterGateway }: FieldsProps) {
  const set = (key: string, value: unknown) => onDraft(patch(draft, key, value));
  const number = numbersOf(draft, onDraft, (key) => fields.get(key));
  /** Where a waveform stream is read from. */
  const source = draft.kind === "waveform_stream" && draft.unix != null ? "unix" : "tcp";
  const timeout = (
    <NumberField label={t("configuration-link-timeout")} help={t("configuration-ms-help")} integer min={10} max={60000} {...number("timeout_ms")} />
  );
  const gap = draft.kind === "modbus_rtu" || draft.kind === "rtu_over_tcp" ? (
    <NumberField
      label={t("configuration-link-gap")}
      help={t(draft.kind === "modbus_rtu" ? "configuration-link-gap-serial-help" : "configuration-link-gap-tcp-help")}
      integer
      min={0}
      max={1000}
      {...number("inter_frame_gap_ms", null)}
    />
  ) : null;
  return (
    <>
      <SelectField
        label={t("configuration-link-gateway")}
        value={draft.gateway ?? "local"}
        error={fields.get("gateway")}
        options={optionsOf(gateways)}
        onValue={(gateway) => set("gateway", gateway)}
      />
      {afterGateway}
      <SelectField<LinkKind>
        label={t("configuration-link-kind")}
        help={t(`configuration-kind-${draft.kind}-help`)}
        value={draft.kind}
        error={fields.get("kind")}
        options={LINK_KINDS.map((k) => ({ value: k, label: t(`configuration-kind-${k}`) }))}
        onValue={(kind) => onDraft(withKind(draft, kind))}
      />
      {(draft.kind === "modbus_tcp" || draft.kind === "rtu_over_tcp") && (
        <div class="field-row">
          <AddressField
            label={t("configuration-link-host")}
            help={t("configuration-link-host-help")}
            value={draft.host}
            error={fields.get("host")}
            onValue={(host) => set("host", host)}
          />
          <NumberField
            label={t("configuration-link-port")}
            integer
            min={1}
            max={65535}
            required={draft.kind === "rtu_over_tcp"}
            {...number("port", draft.kind === "modbus_tcp" ? undefined : null)}
          />
        </div>
      )}
      {draft.kind === "modbus_rtu" && (
        <>
          <SerialPortField value={draft.port} error={fields.get("port")} onValue={(port) => set("port", port)} />
          <div class="field-row">
            <SelectField
              label={t("configuration-link-baud")}
              value={String(draft.baud ?? 19200)}
              error={fields.get("baud")}
              options={BAUD_RATES.map((b) => ({ value: String(b), label: String(b) }))}
              onValue={(v) => set("baud", Number(v))}
            />
            <SelectField
              label={t("configuration-link-parity")}
              value={draft.parity ?? "even"}
              error={fields.get("parity")}
              options={PARITIES.map((p) => ({ value: p, label: t(`configuration-parity-${p}`) }))}
              onValue={(v) => set("parity", v)}
            />
            <SelectField
              label={t("configuration-link-data-bits")}
              value={String(draft.data_bits ?? 8)}
              error={fields.get("data_bits")}
              options={["8", "7"].map((v) => ({ value: v, label: v }))}
              onValue={(v) => set("data_bits", Number(v))}
            />
            <SelectField
              label={t("configuration-link-stop-bits")}
              value={String(draft.stop_bits ?? 1)}
              error={fields.get("stop_bits")}
              options={["1", "2"].map((v) => ({ value: v, label: v }))}
              onValue={(v) => set("stop_bits", Number(v))}
            />
          </div>
        </>
      )}
      {draft.kind === "waveform_stream" && (
        <>
          <SelectField
            label={t("configuration-link-source")}
            value={source}
            options={[
              { value: "tcp", label: t("configuration-link-source-tcp") },
              { value: "unix", label: t("configuration-link-source-unix") },
            ]}
            onValue={(v) => onDraft({ ...draft, tcp: v === "tcp" ? (draft.unix ?? "") : null, unix: v === "unix" ? (draft.tcp ?? "") : null })}
          />
          <AddressField
            label={t(`configuration-link-source-${source}`)}
            help={t(`configuration-link-${source}-help`)}
            value={draft[source] ?? ""}
            error={fields.get(source)}
            onValue={(address) => set(source, address)}
          />
        </>
      )}
      <div class="field-row">
        {timeout}
        {gap}
      </div>
    </>
  );
}

const LINKS: EntityApi<LinkForm> = {
  prefix: "links.*.",
  create: (body) => call(api.POST("/api/v1/links", { body })),
  read: (id) => callWithTag(api.GET("/api/v1/links/{id}", byId(id))),
  update: (id, body, tag) => callWithTag(api.PUT("/api/v1/links/{id}", { ...byIdIfMatch(id, tag), body })),
  remove: (id, tag) => call(api.DELETE("/api/v1/links/{id}", byIdIfMatch(id, tag))),
};

function LinkEditor({ got, config, outcome }: { got: LinkForm | null; config: Configuration; outcome: Outcome }) {
  const blank = newLink(here.value.query.get("gateway") ?? "local");
  const taken = config.links.map((l) => l.id ?? "");
  const form = useEntityDraft(got, blank, LINKS, outcome, { taken, fallback: "link" }, idFromName(blank.kind, taken, "link"));
  const test = useTest(() => call(api.POST("/api/v1/links/{id}/test", byId(got?.id ?? ""))));
  const { draft, setDraft, fields } = form;
  const number = numbersOf(draft, setDraft, (key) => fields.get(key));
  const devices = config.devices.filter((d) => d.link === got?.id);
  return (
    <EntityForm
      title={got ? (got.id ?? "") : t("configuration-link-new")}
      form={form}
      labels={{ host: t("configuration-link-host"), port: t("configuration-link-port"), id: t("configuration-id") }}
      test={got && got.kind !== "waveform_stream" ? test : undefined}
      testResult={
        test.result && (
          <p class={test.result.reachable ? "notice success" : "notice error"} role="status">
            {t(test.result.reachable ? "configuration-link-reachable" : "configuration-link-unreachable")}
            {test.result.error && <span class="exact-error">{test.result.error}</span>}
          </p>
        )
      }
      deletion={got && { title: t("configuration-delete-title", { name: got.id ?? "" }), text: t("configuration-link-delete-text") }}
      related={
        got && (
          <p class="config-step-links">
            <a href={`/configuration/devices?link=${encodeURIComponent(got.id ?? "")}`}>{t("configuration-link-devices", { count: devices.length })}</a>
          </p>
        )
      }
    >
      {!got && <IdField value={form.id} error={fields.get("id")} onValue={form.setId} />}
      <LinkFields draft={draft} onDraft={setDraft} gateways={config.gateways} fields={fields} />
      <NumberField
        label={t("configuration-link-failures")}
        help={t("configuration-link-failures-help")}
        integer
        min={1}
        max={100}
        {...number("failures_before_error")}
      />
      <CheckField
        label={t("configuration-enabled")}
        help={t("configuration-link-enabled-help")}
        checked={draft.enabled !== false}
        onChecked={(enabled) => setDraft({ ...draft, enabled })}
      />
    </EntityForm>
  );
}

export function LinksPage(props: SectionProps) {
  const { config } = props;
  const gateway = here.value.query.get("gateway") ?? "";
  const shown = config.gateways.filter((g) => !gateway || g.id === gateway);
  return (
    <EntitySection
      intro={t("configuration-links-intro")}
      label={t("configuration-section-links")}
      add={t("configuration-link-add")}
      items={config.links}
      reload={props.reload}
      list={(item) => (
        <>
          <GatewayFilter gateways={config.gateways} value={gateway} />
          {shown.map((g) => {
            const links = config.links.filter((l) => l.gateway === g.id);
            return (
              <div class="entity-group">
                <h2 class="entity-group-title">
                  {g.name ?? g.id} <OffMark enabled={g.enabled} />
                </h2>
                {links.length === 0 ? (
                  <p class="help-line">{t("configuration-gateway-no-links")}</p>
                ) : (
                  <ul class="entity-list">
                    {links.map((l) =>
                      item(
                        l.id,
                        <>
                          <span class="entity-name">
                            {l.id} <OffMark enabled={l.enabled} />
                          </span>
                          <span class="entity-detail">
                            {t(`configuration-kind-${l.kind}`)} · {linkAddress(l)}
                          </span>
                        </>,
                      ),
                    )}
                  </ul>
                )}
              </div>
            );
          })}
        </>
      )}
      editor={(got, outcome) => <LinkEditor got={got} config={config} outcome={outcome} />}
    />
  );
}
