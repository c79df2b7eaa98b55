// The site's settings (seed 003 §7.9, §7.11.1, §7.15.3 B, §7.15.4, §8.4.1): name, time zone,
// currency, default language, sample rate, CSV separators. One form; the whole settings object
// is sent back as read, changed.
import { useState } from "preact/hooks";
import { api, callWithTag, type Schemas, type Tagged } from "../../api/client";
import { ListField, SelectField, TextField } from "../../components/field";
import { ErrorNotice } from "../../components/problem";
import { Loading, submitWith, useAction, useData } from "../../components/server";
import { LANGUAGES, languageName, locale, t } from "../../i18n";
import { site } from "../../session";
import { ReloadButton, isChanged } from "./entity";
import { SAMPLE_RATES, csvPreview, currencies, isCurrencyCode, timeZones } from "./model";
import { SavedNotice, fieldsOf, labelsFor } from "./ui";

export type SiteSettings = Schemas["SiteSettingsForm"];

/** The time zone field: the browser's list, searchable, and the browser's own zone one click away. */
export function TimeZoneField({ value, onValue, error }: { value: string; onValue: (v: string) => void; error?: string | undefined }) {
  const zones = timeZones();
  const browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const unknown = value !== "" && !zones.includes(value);
  return (
    <ListField
      label={t("configuration-time-zone")}
      help={t("configuration-time-zone-help")}
      error={error ?? (unknown ? t("configuration-time-zone-unknown") : undefined)}
      value={value}
      onValue={onValue}
      options={zones.map((z) => ({ value: z }))}
    >
      {browser && browser !== value && (
        <button type="button" class="link-button" onClick={() => onValue(browser)}>
          {t("configuration-time-zone-browser", { zone: browser })}
        </button>
      )}
    </ListField>
  );
}

/** The currency field: ISO 4217 codes with their names in the language shown. */
export function CurrencyField({ value, onValue, error }: { value: string; onValue: (v: string) => void; error?: string | undefined }) {
  const names = new Intl.DisplayNames([locale.value], { type: "currency" });
  return (
    <ListField
      label={t("configuration-currency")}
      help={t("configuration-currency-help")}
      error={error ?? (value && !isCurrencyCode(value) ? t("configuration-currency-invalid") : undefined)}
      value={value}
      onValue={(v) => onValue(v.toUpperCase())}
      options={currencies().map((c) => ({ value: c, label: names.of(c) ?? c }))}
    />
  );
}

export function LanguageField({ value, onValue, error }: { value: string; onValue: (v: string) => void; error?: string | undefined }) {
  return (
    <SelectField
      label={t("configuration-language")}
      help={t("configuration-language-help")}
      error={error}
      value={value}
      options={LANGUAGES.map((l) => ({ value: l, label: languageName(l) }))}
      onValue={onValue}
    />
  );
}

export function SampleRateField({ value, onValue, error }: { value: number; onValue: (v: number) => void; error?: string | undefined }) {
  return (
    <SelectField
      label={t("configuration-sample-rate")}
      help={t("configuration-sample-rate-help")}
      error={error}
      value={String(value)}
      options={SAMPLE_RATES.map((m) => ({ value: String(m), label: t("configuration-minutes", { count: m }) }))}
      onValue={(v) => onValue(Number(v))}
    />
  );
}

/** The labels of the settings an error names, for its list. */
export function settingsLabels(error: unknown): Record<string, string> {
  return labelsFor(error, ["site."], {
    name: t("configuration-site-name"),
    time_zone: t("configuration-time-zone"),
    currency: t("configuration-currency"),
    language: t("configuration-language"),
    sample_rate_minutes: t("configuration-sample-rate"),
    csv_decimal_separator: t("configuration-csv-decimal"),
    csv_field_separator: t("configuration-csv-field"),
  });
}

/**
 * Saves the site settings (the whole object) and makes them the ones the interface uses; with the
 * `tag` they were read with, only if nobody changed them since (else `changed`).
 */
export async function saveSettings(settings: SiteSettings, tag: string | null = null): Promise<Tagged<SiteSettings>> {
  const saved = await callWithTag(api.PUT("/api/v1/site", { body: settings, params: { header: tag === null ? {} : { "If-Match": tag } } }));
  site.value = saved.data;
  return saved;
}

function readSettings(): Promise<Tagged<SiteSettings>> {
  return callWithTag(api.GET("/api/v1/site"));
}

function SettingsForm({ got }: { got: Tagged<SiteSettings> }) {
  const [draft, setDraft] = useState<SiteSettings>(got.data);
  const [tag, setTag] = useState(got.tag);
  const [saved, setSaved] = useState(false);
  const take = (answer: Tagged<SiteSettings>) => {
    setDraft(answer.data);
    setTag(answer.tag);
  };
  const save = useAction(async () => {
    setSaved(false);
    take(await saveSettings(draft, tag));
    setSaved(true);
  });
  const reread = useAction(async () => {
    take(await readSettings());
    save.clear();
  });
  const fields = fieldsOf(save.error, ["site."]);
  const set = (changes: Partial<SiteSettings>) => {
    setDraft({ ...draft, ...changes });
    setSaved(false);
  };
  const decimal = draft.csv_decimal_separator ?? "comma";
  const separator = draft.csv_field_separator ?? "semicolon";
  return (
    <form onSubmit={submitWith(save)} class="settings-form">
      <section class="card" aria-labelledby="settings-site">
        <h2 id="settings-site">{t("configuration-settings-site")}</h2>
        <TextField label={t("configuration-site-name")} value={draft.name} error={fields.get("name")} required onValue={(name) => set({ name })} />
        <TimeZoneField value={draft.time_zone} error={fields.get("time_zone")} onValue={(time_zone) => set({ time_zone })} />
        <CurrencyField value={draft.currency ?? "EUR"} error={fields.get("currency")} onValue={(currency) => set({ currency })} />
        <LanguageField value={draft.language ?? "en"} error={fields.get("language")} onValue={(language) => set({ language })} />
      </section>
      <section class="card" aria-labelledby="settings-rate" id="sample-rate">
        <h2 id="settings-rate">{t("configuration-sample-rate")}</h2>
        <SampleRateField
          value={draft.sample_rate_minutes ?? 15}
          error={fields.get("sample_rate_minutes")}
          onValue={(sample_rate_minutes) => set({ sample_rate_minutes })}
        />
        <p class="notice">{t("configuration-sample-rate-note")}</p>
      </section>
      <section class="card" aria-labelledby="settings-csv" id="csv">
        <h2 id="settings-csv">{t("configuration-csv")}</h2>
        <div class="field-row">
          <SelectField
            label={t("configuration-csv-decimal")}
            value={decimal}
            error={fields.get("csv_decimal_separator")}
            options={[
              { value: "comma", label: t("configuration-csv-decimal-comma") },
              { value: "point", label: t("configuration-csv-decimal-point") },
            ]}
            onValue={(v) => set({ csv_decimal_separator: v })}
          />
          <SelectField
            label={t("configuration-csv-field")}
            value={separator}
            error={fields.get("csv_field_separator")}
            options={[
              { value: "semicolon", label: t("configuration-csv-field-semicolon") },
              { value: "comma", label: t("configuration-csv-field-comma") },
            ]}
            onValue={(v) => set({ csv_field_separator: v })}
          />
        </div>
        <figure class="csv-preview">
          <figcaption>{t("configuration-csv-preview")}</figcaption>
          <pre>{csvPreview(decimal, separator).join("\n")}</pre>
        </figure>
        {decimal === "comma" && separator === "comma" && <p class="notice warning">{t("configuration-csv-both-comma")}</p>}
      </section>
      <ErrorNotice error={save.error} labels={settingsLabels(save.error)}>
        {isChanged(save.error) && <ReloadButton reload={reread} />}
      </ErrorNotice>
      <ErrorNotice error={reread.error} />
      {saved && <SavedNotice />}
      <div class="actions">
        <button type="submit" class="primary" disabled={save.busy}>
          {t("app-save")}
        </button>
      </div>
    </form>
  );
}

export function SettingsPage() {
  const { data, error } = useData(readSettings, []);
  return (
    <>
      <p>{t("configuration-settings-intro")}</p>
      <Loading data={data} error={error}>
        {(got) => <SettingsForm got={got} />}
      </Loading>
    </>
  );
}
