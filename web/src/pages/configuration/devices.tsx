// Devices (seed 003 §7.15.1.3–7.15.1.5): the meters on each link. The list, filtered by gateway or
// link, with each device's status; the form of the one chosen: its profile (vendor → model from
// the library, the generic Modbus meter or the internal meter), link, unit id, load, groups,
// panel board, the advanced options; "Test" reads it now, as saved or as typed.
import { useState } from "preact/hooks";
import { api, call, callWithTag, type Schemas } from "../../api/client";
import { EmptyState } from "../../components/empty";
import { CheckField, SelectField, TextField } from "../../components/field";
import { ErrorNotice } from "../../components/problem";
import { useData } from "../../components/server";
import { StatusIcon } from "../../components/status";
import { locale, t } from "../../i18n";
import { here, navigate, withQuery } from "../../router";
import { loadName, nameOf, optionsOf, panelBoardOptions, profileName, readLibrary, type Configuration } from "./data";
import { EntityForm, EntitySection, byId, byIdIfMatch, useEntityDraft, useTest, type EntityApi, type Outcome } from "./entity";
import type { SectionProps } from "./index";
import {
  GENERIC,
  INTERNAL,
  MAX_GROUPS,
  NEUTRALS,
  WEEKDAYS,
  WIRINGS,
  linkAddress,
  linkFits,
  patch,
  sameForm,
  vendorsOf,
  withProfile,
  type DeviceForm,
  type Profile,
} from "./model";
import { AddressField, GatewayFilter, IdField, NumberField, OffMark, ReadResultView, fieldsOf, numbersOf, pointName } from "./ui";

/** The vendor choice that holds the generic Modbus meter and the internal meter. */
const OTHER = "";

interface PickerProps {
  profile: string;
  library: readonly Profile[];
  onProfile: (profile: string) => void;
  error?: string | undefined;
  /** Offer the generic Modbus meter and the internal meter too. */
  withSpecial?: boolean;
}

/** The seeds' "family → model" choice: a vendor of the library, then one of its models; what it is and measures below. */
export function ProfilePicker({ profile, library, onProfile, error, withSpecial = true }: PickerProps) {
  const chosen = library.find((p) => p.id === profile);
  const special = profile === GENERIC || profile === INTERNAL;
  const [vendor, setVendor] = useState<string | null>(chosen?.vendor ?? (special ? OTHER : null));
  const models = vendor === OTHER ? [] : library.filter((p) => p.vendor === vendor);
  const vendorOptions = [
    ...(vendor === null ? [{ value: "-", label: t("configuration-choose-option") }] : []),
    ...vendorsOf(library).map((v) => ({ value: v, label: v })),
    ...(withSpecial ? [{ value: OTHER, label: t("configuration-vendor-other") }] : []),
  ];
  const modelOptions =
    vendor === OTHER
      ? [
          { value: GENERIC, label: t("configuration-profile-generic") },
          { value: INTERNAL, label: t("configuration-profile-internal") },
        ]
      : models.map((p) => ({ value: p.id, label: p.model }));
  return (
    <div class="profile-picker">
      <div class="field-row">
        <SelectField
          label={t("configuration-vendor")}
          value={vendor ?? "-"}
          options={vendorOptions}
          onValue={(v) => {
            setVendor(v);
            const first = v === OTHER ? GENERIC : library.find((p) => p.vendor === v)?.id;
            if (first) onProfile(first);
          }}
        />
        <SelectField
          label={t("configuration-model")}
          value={profile || "-"}
          error={error}
          disabled={vendor === null}
          options={profile ? modelOptions : [{ value: "-", label: t("configuration-choose-option") }, ...modelOptions]}
          onValue={onProfile}
        />
      </div>
      {chosen && <ProfileFacts profile={chosen} />}
      {special && <p class="help-line">{t(profile === GENERIC ? "configuration-profile-generic-help" : "configuration-profile-internal-help")}</p>}
    </div>
  );
}

function ProfileFacts({ profile }: { profile: Profile }) {
  return (
    <div class="profile-facts">
      <dl class="facts">
        <dt>{t("configuration-profile-kind")}</dt>
        <dd>{t(`configuration-device-kind-${profile.kind}`)}</dd>
        {profile.aliases.length > 0 && (
          <>
            <dt>{t("configuration-profile-aliases")}</dt>
            <dd>{profile.aliases.join(", ")}</dd>
          </>
        )}
      </dl>
      <details>
        <summary>{t("configuration-profile-points", { count: profile.points.length })}</summary>
        <ul class="point-list">
          {profile.points.map((p) => (
            <li>{pointName(p)}</li>
          ))}
        </ul>
      </details>
    </div>
  );
}

/** The short names of the weekdays in the locale, Monday first. */
function weekdayNames(lang: string): string[] {
  const format = new Intl.DateTimeFormat(lang, { weekday: "short", timeZone: "UTC" });
  // 1 January 2024 was a Monday.
  return WEEKDAYS.map((_, i) => format.format(Date.UTC(2024, 0, 1 + i)));
}

type Meter = Schemas["InternalMeterForm"];
type Period = Schemas["TariffPeriodForm"];

function TariffFields({ tariff, onTariff }: { tariff: Meter["tariff"]; onTariff: (t: Meter["tariff"]) => void }) {
  const periods = Array.isArray(tariff) ? tariff : null;
  const names = weekdayNames(locale.value);
  const setPeriod = (i: number, period: Period) => onTariff((periods ?? []).map((p, j) => (i === j ? period : p)));
  return (
    <fieldset class="tariff">
      <legend>{t("configuration-meter-tariff")}</legend>
      <SelectField
        label={t("configuration-meter-tariff-choice")}
        value={Array.isArray(tariff) ? "periods" : (tariff ?? "t1")}
        options={["t1", "t2", "digital_input", "periods"].map((v) => ({ value: v, label: t(`configuration-tariff-${v}`) }))}
        onValue={(v) => onTariff(v === "periods" ? [{ weekdays: ["mon", "tue", "wed", "thu", "fri"], from: "20:00", to: "08:00" }] : v)}
      />
      {periods?.map((period, i) => (
        <fieldset class="tariff-period">
          <legend>{t("configuration-tariff-period", { number: i + 1 })}</legend>
          <div class="weekdays">
            {WEEKDAYS.map((day, d) => (
              <CheckField
                label={names[d] ?? day}
                checked={period.weekdays.includes(day)}
                onChecked={(on) =>
                  setPeriod(i, { ...period, weekdays: WEEKDAYS.filter((w) => (w === day ? on : period.weekdays.includes(w))) })
                }
              />
            ))}
          </div>
          <div class="field-row">
            <TextField label={t("configuration-tariff-from")} value={period.from} pattern="\d\d:\d\d" onValue={(from) => setPeriod(i, { ...period, from })} />
            <TextField label={t("configuration-tariff-to")} value={period.to} pattern="\d\d:\d\d" onValue={(to) => setPeriod(i, { ...period, to })} />
          </div>
          <button type="button" class="danger" onClick={() => onTariff(periods.filter((_, j) => j !== i))}>
            {t("configuration-tariff-remove", { number: i + 1 })}
          </button>
        </fieldset>
      ))}
      {periods && (
        <button type="button" onClick={() => onTariff([...periods, { weekdays: ["sat", "sun"], from: "00:00", to: "24:00" }])}>
          {t("configuration-tariff-add")}
        </button>
      )}
    </fieldset>
  );
}

function MeterFields({ meter, onMeter, fields }: { meter: Meter; onMeter: (m: Meter) => void; fields: ReadonlyMap<string, string> }) {
  const set = (key: string, value: unknown) => onMeter(patch(meter, key, value));
  const number = numbersOf(meter, onMeter, (key) => fields.get(`meter.${key}`));
  return (
    <fieldset>
      <legend>{t("configuration-meter")}</legend>
      <div class="field-row">
        <SelectField
          label={t("configuration-meter-wiring")}
          value={meter.wiring}
          error={fields.get("meter.wiring")}
          options={WIRINGS.map((w) => ({ value: w, label: t(`configuration-wiring-${w}`) }))}
          onValue={(v) => set("wiring", v)}
        />
        <SelectField
          label={t("configuration-meter-neutral")}
          value={meter.neutral ?? "auto"}
          error={fields.get("meter.neutral")}
          options={NEUTRALS.map((n) => ({ value: n, label: t(`configuration-neutral-${n}`) }))}
          onValue={(v) => set("neutral", v)}
        />
      </div>
      <div class="field-row">
        <NumberField label={t("configuration-meter-voltage")} min={1} max={1000000} {...number("nominal_voltage_v")} />
        <SelectField
          label={t("configuration-meter-frequency")}
          value={String(meter.nominal_frequency_hz ?? "")}
          error={fields.get("meter.nominal_frequency_hz")}
          options={[
            { value: "", label: t("configuration-meter-frequency-detect") },
            { value: "50", label: "50 Hz" },
            { value: "60", label: "60 Hz" },
          ]}
          onValue={(v) => set("nominal_frequency_hz", v ? Number(v) : null)}
        />
        <NumberField
          label={t("configuration-meter-run-threshold")}
          help={t("configuration-meter-run-threshold-help")}
          min={0}
          max={1000000000}
          {...number("run_threshold_w")}
        />
      </div>
      <TariffFields tariff={meter.tariff} onTariff={(tariff) => set("tariff", tariff)} />
      {fields.get("meter.tariff") && <p class="field-error">{fields.get("meter.tariff")}</p>}
    </fieldset>
  );
}

type Generic = Schemas["GenericMeterForm"];

function GenericFields({ generic, onGeneric, fields }: { generic: Generic; onGeneric: (g: Generic) => void; fields: ReadonlyMap<string, string> }) {
  const set = (key: string, value: unknown) => onGeneric(patch(generic, key, value));
  const number = numbersOf(generic, onGeneric, (key) => fields.get(`generic.${key}`));
  return (
    <fieldset>
      <legend>{t("configuration-generic")}</legend>
      <p class="help-line">{t("configuration-generic-help")}</p>
      <div class="field-row">
        <SelectField
          label={t("configuration-generic-function")}
          value={String(generic.function)}
          error={fields.get("generic.function")}
          options={[
            { value: "3", label: t("configuration-generic-function-3") },
            { value: "4", label: t("configuration-generic-function-4") },
          ]}
          onValue={(v) => set("function", Number(v))}
        />
        <AddressField
          label={t("configuration-generic-register")}
          help={t("configuration-generic-register-help")}
          value={generic.register}
          error={fields.get("generic.register")}
          onValue={(v) => set("register", v)}
        />
      </div>
      <div class="field-row">
        <SelectField
          label={t("configuration-generic-words")}
          value={String(generic.words)}
          error={fields.get("generic.words")}
          options={["1", "2", "4"].map((v) => ({ value: v, label: v }))}
          onValue={(v) => set("words", Number(v))}
        />
        <NumberField label={t("configuration-generic-multiplier")} required {...number("multiplier", null)} />
        <SelectField
          label={t("configuration-generic-unit")}
          value={generic.unit ?? "kWh"}
          error={fields.get("generic.unit")}
          options={["Wh", "kWh", "MWh"].map((v) => ({ value: v, label: v }))}
          onValue={(v) => set("unit", v)}
        />
      </div>
    </fieldset>
  );
}

function AdvancedFields({ draft, onDraft, fields }: { draft: DeviceForm; onDraft: (d: DeviceForm) => void; fields: ReadonlyMap<string, string> }) {
  const set = (key: string, value: unknown) => onDraft(patch(draft, key, value));
  const number = numbersOf(draft, onDraft, (key) => fields.get(key));
  const failing = ["ct_ratio", "vt_ratio", "fast_poll_ms", "slow_poll_ms", "timeout_ms"].some((k) => fields.has(k));
  return (
    <details class="advanced" open={failing || undefined}>
      <summary>{t("configuration-advanced")}</summary>
      <CheckField
        label={t("configuration-exclude-totals")}
        help={t("configuration-exclude-totals-help")}
        checked={draft.exclude_from_totals === true}
        onChecked={(on) => set("exclude_from_totals", on)}
      />
      <CheckField
        label={t("configuration-exclude-alerts")}
        help={t("configuration-exclude-alerts-help")}
        checked={draft.exclude_alerts === true}
        onChecked={(on) => set("exclude_alerts", on)}
      />
      <div class="field-row">
        <NumberField label={t("configuration-ct-ratio")} help={t("configuration-ratio-help")} min={0} max={100000} {...number("ct_ratio")} />
        <NumberField label={t("configuration-vt-ratio")} help={t("configuration-ratio-help")} min={0} max={100000} {...number("vt_ratio")} />
      </div>
      <div class="field-row">
        <NumberField
          label={t("configuration-fast-poll")}
          help={t("configuration-fast-poll-help")}
          integer
          min={100}
          max={3600000}
          {...number("fast_poll_ms")}
        />
        <NumberField
          label={t("configuration-slow-poll")}
          help={t("configuration-slow-poll-help")}
          integer
          min={100}
          max={3600000}
          {...number("slow_poll_ms")}
        />
        <NumberField
          label={t("configuration-device-timeout")}
          help={t("configuration-device-timeout-help")}
          integer
          min={10}
          max={60000}
          {...number("timeout_ms", null)}
        />
      </div>
    </details>
  );
}

/** The links a device of `profile` can be read through, labelled with their gateway and address. */
export function linkOptions(config: Configuration, profile: string): { value: string; label: string }[] {
  return config.links
    .filter((l) => linkFits(profile, l.kind))
    .map((l) => ({ value: l.id ?? "", label: `${l.id} · ${nameOf(config.gateways, l.gateway ?? "local")} · ${linkAddress(l)}` }));
}

/** The loads to choose from: "Others" (none) first, then each load by name. */
export function loadOptions(config: Configuration): { value: string; label: string }[] {
  return [
    { value: "", label: t("configuration-load-others") },
    ...config.loads.map((l) => ({
      value: l.id ?? "",
      label: l.enabled === false ? t("configuration-disabled-name", { name: loadName(l) }) : loadName(l),
    })),
  ];
}

const DEVICES: EntityApi<DeviceForm> = {
  prefix: "devices.*.",
  create: (body) => call(api.POST("/api/v1/devices", { body })),
  read: (id) => callWithTag(api.GET("/api/v1/devices/{id}", byId(id))),
  update: (id, body, tag) => callWithTag(api.PUT("/api/v1/devices/{id}", { ...byIdIfMatch(id, tag), body })),
  remove: (id, tag) => call(api.DELETE("/api/v1/devices/{id}", byIdIfMatch(id, tag))),
};

interface EditorProps {
  got: DeviceForm | null;
  config: Configuration;
  library: readonly Profile[];
  outcome: Outcome;
}

function DeviceEditor({ got, config, library, outcome }: EditorProps) {
  const query = here.value.query;
  const firstLink = query.get("link") ?? config.links.find((l) => l.kind !== "waveform_stream" && (!query.get("gateway") || l.gateway === query.get("gateway")))?.id ?? "";
  const form = useEntityDraft(
    got,
    { profile: "", link: firstLink, unit_id: 1, name: "", load: null, groups: [], panel_board: null, enabled: true },
    DEVICES,
    outcome,
    { taken: [...config.devices.map((d) => d.id ?? ""), "test"], fallback: "device" },
  );
  const { draft, setDraft } = form;
  const test = useTest(() =>
    got?.id && sameForm(got, draft) && draft.enabled !== false
      ? call(api.POST("/api/v1/devices/{id}/test", byId(got.id)))
      : call(api.POST("/api/v1/devices/test", { body: { link: draft.link, device: patch(draft, "name", draft.name || undefined) } })),
  );
  const allFields = new Map([...fieldsOf(test.error, ["device.", "link."]), ...form.fields]);
  const fieldError = (key: string) => allFields.get(key);
  const groups = draft.groups ?? [];
  const set = (key: string, value: unknown) => setDraft(patch(draft, key, value));
  const number = numbersOf(draft, setDraft, fieldError);
  const setProfile = (profile: string) => {
    let next = withProfile(draft, profile);
    const link = config.links.find((l) => l.id === next.link);
    if (!link || !linkFits(profile, link.kind)) next = { ...next, link: linkOptions(config, profile)[0]?.value ?? "" };
    setDraft(next);
  };
  const labels = {
    id: t("configuration-id"),
    name: t("configuration-name"),
    profile: t("configuration-model"),
    link: t("configuration-device-link"),
    unit_id: t("configuration-unit-id"),
    load: t("configuration-load"),
    groups: t("configuration-groups"),
    panel_board: t("configuration-panel-board"),
  };
  return (
    <EntityForm
      title={got ? (got.name ?? got.id ?? "") : t("configuration-device-new")}
      form={form}
      labels={labels}
      test={test}
      testPrefixes={["device."]}
      testResult={test.result && <ReadResultView result={test.result} />}
      deletion={got && { title: t("configuration-delete-title", { name: got.name ?? got.id ?? "" }), text: t("configuration-device-delete-text") }}
      footer={(form.save.busy || test.busy) && <p class="loading" role="status">{t("configuration-working")}</p>}
    >
      <fieldset>
        <legend>{t("configuration-device-what")}</legend>
        <ProfilePicker profile={draft.profile} library={library} onProfile={setProfile} error={fieldError("profile")} />
        {draft.profile === GENERIC && draft.generic && <GenericFields generic={draft.generic} onGeneric={(g) => set("generic", g)} fields={allFields} />}
        {draft.profile === INTERNAL && draft.meter && <MeterFields meter={draft.meter} onMeter={(m) => set("meter", m)} fields={allFields} />}
      </fieldset>
      <fieldset>
        <legend>{t("configuration-device-where")}</legend>
        <TextField label={labels.name} value={draft.name ?? ""} onValue={form.setName} error={fieldError("name")} required />
        {!got && <IdField value={form.id} error={fieldError("id")} onValue={form.setId} />}
        <div class="field-row">
          <SelectField
            label={labels.link}
            value={draft.link}
            error={fieldError("link")}
            options={linkOptions(config, draft.profile)}
            onValue={(link) => set("link", link)}
          />
          {draft.profile !== INTERNAL && (
            <NumberField label={labels.unit_id} help={t("configuration-unit-id-help")} integer required min={1} max={247} {...number("unit_id", null)} />
          )}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t("configuration-device-organisation")}</legend>
        <div class="field-row">
          <SelectField
            label={labels.load}
            help={t("configuration-load-help")}
            value={draft.load ?? ""}
            error={fieldError("load")}
            options={loadOptions(config)}
            onValue={(load) => set("load", load || null)}
          />
          <SelectField
            label={labels.panel_board}
            value={draft.panel_board ?? ""}
            error={fieldError("panel_board")}
            options={panelBoardOptions(config)}
            onValue={(v) => set("panel_board", v || null)}
          />
        </div>
        <fieldset class="choices">
          <legend>{t("configuration-groups-legend", { max: MAX_GROUPS })}</legend>
          {config.groups.length === 0 && (
            <p class="help-line">
              {t("configuration-groups-none")} <a href="/configuration/groups?add=1">{t("configuration-group-add")}</a>
            </p>
          )}
          {config.groups.map((g) => (
            <CheckField
              label={g.name ?? g.id ?? ""}
              checked={groups.includes(g.id ?? "")}
              disabled={!groups.includes(g.id ?? "") && groups.length >= MAX_GROUPS}
              onChecked={(on) => set("groups", on ? [...groups, g.id ?? ""] : groups.filter((x) => x !== g.id))}
            />
          ))}
          {fieldError("groups") && <p class="field-error">{fieldError("groups")}</p>}
        </fieldset>
        <CheckField
          label={t("configuration-enabled")}
          help={t("configuration-device-enabled-help")}
          checked={draft.enabled !== false}
          onChecked={(enabled) => set("enabled", enabled)}
        />
      </fieldset>
      <AdvancedFields draft={draft} onDraft={setDraft} fields={allFields} />
    </EntityForm>
  );
}

export function DevicesPage(props: SectionProps) {
  const { config, statuses } = props;
  const query = here.value.query;
  const gateway = query.get("gateway") ?? "";
  const link = query.get("link") ?? "";
  const { data: library, error } = useData(readLibrary, []);
  const gatewayLinks = new Set(config.links.filter((l) => !gateway || l.gateway === gateway).map((l) => l.id));
  const shown = config.devices
    .filter((d) => gatewayLinks.has(d.link) && (!link || d.link === link))
    .sort((a, b) => a.link.localeCompare(b.link) || (a.unit_id ?? 0) - (b.unit_id ?? 0));
  return (
    <EntitySection
      intro={t("configuration-devices-intro")}
      label={t("configuration-section-devices")}
      add={t("configuration-device-add")}
      items={config.devices}
      reload={props.reload}
      notice={<ErrorNotice error={error} />}
      list={(item) => (
        <>
          <div class="field-row filters">
            <GatewayFilter gateways={config.gateways} value={gateway} />
            <SelectField
              label={t("configuration-filter-link")}
              value={link}
              options={[
                { value: "", label: t("configuration-all-links") },
                ...optionsOf(config.links.filter((l) => gatewayLinks.has(l.id))),
              ]}
              onValue={(v) => navigate(withQuery({ link: v || null }), true)}
            />
          </div>
          {shown.length === 0 ? (
            <EmptyState title={t("configuration-devices-empty")}>
              <p>{t("configuration-devices-empty-text")}</p>
            </EmptyState>
          ) : (
            <ul class="entity-list">
              {shown.map((d) =>
                item(
                  d.id,
                  <>
                    <span class="entity-name">
                      {d.unit_id != null && (
                        <span class="unit-id" title={t("configuration-unit-id")}>
                          {d.unit_id}
                        </span>
                      )}
                      {d.name ?? d.id} <OffMark enabled={d.enabled} />
                    </span>
                    <span class="entity-detail">
                      {library ? profileName(library, d.profile) : d.profile} · {d.link}
                    </span>
                    {d.enabled !== false && statuses.has(d.id ?? "") && <StatusIcon status={statuses.get(d.id ?? "")} withText />}
                  </>,
                ),
              )}
            </ul>
          )}
        </>
      )}
      editor={(got, outcome) => library && <DeviceEditor got={got} config={config} library={library} outcome={outcome} />}
    />
  );
}
