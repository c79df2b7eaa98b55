// The first-start wizard (seed 000 "Quick configuration"): setup code → administrator → site →
// sample rate → gateways and devices → done. Shown instead of everything while no administrator
// exists (steps 1 and 2), then at /welcome?step=… for the new administrator; each step keeps what
// was typed when going back and forth, and an interrupted wizard is taken up at its step.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ApiError, api, call, type Schemas } from "../../api/client";
import { NewPasswordFields, TextField, usePasswordPair } from "../../components/field";
import { ErrorNotice, fieldErrors } from "../../components/problem";
import { Loading, submitWith, useAction, useData } from "../../components/server";
import { language, t } from "../../i18n";
import { here, navigate } from "../../router";
import { afterSetup, managesUsers, mayOpen, phase } from "../../session";
import { markCommissioned } from "../configuration/data";
import {
  CurrencyField,
  LanguageField,
  SampleRateField,
  TimeZoneField,
  saveSettings,
  settingsLabels,
  type SiteSettings,
} from "../configuration/settings";
import { fieldsOf } from "../configuration/ui";
import { DevicesStep } from "./devices";
import { adminName, codeError, setupCode, siteDraft } from "./state";
import { goTo, StepNav } from "./nav";
import { STEPS, nextStep, stepShown, type Step } from "./steps";

function StepList({ current }: { current: Step }) {
  const index = STEPS.indexOf(current);
  return (
    <ol class="wizard-steps">
      {STEPS.map((s, i) => (
        <li class={i < index ? "done" : i === index ? "current" : ""} aria-current={i === index ? "step" : undefined}>
          <span class="wizard-step-number" aria-hidden="true">
            {i < index ? "✓" : i + 1}
          </span>
          <span class="wizard-step-title">
            {t(`wizard-step-${s}`)}
            {i < index && <span class="visually-hidden"> ({t("wizard-step-done")})</span>}
          </span>
        </li>
      ))}
    </ol>
  );
}

function CodeStep() {
  const submit = (event: Event) => {
    event.preventDefault();
    if (setupCode.value.trim()) goTo("admin");
  };
  return (
    <form onSubmit={submit}>
      <p>{t("wizard-code-text")}</p>
      <div class="notice">
        <strong>{t("wizard-code-where")}</strong>
        <p>{t("wizard-code-where-text")}</p>
      </div>
      <TextField
        label={t("wizard-code")}
        help={t("wizard-code-help")}
        value={setupCode.value}
        onValue={(v) => {
          setupCode.value = v;
          codeError.value = null;
        }}
        autocomplete="one-time-code"
        spellcheck={false}
        autoFocus
        required
      />
      <ErrorNotice error={codeError.value} />
      <StepNav step="code" />
    </form>
  );
}

function AdminStep() {
  const pair = usePasswordPair();
  const create = useAction(async () => {
    const name = adminName.value.trim();
    try {
      await call(api.POST("/api/v1/setup", { body: { code: setupCode.value, name, password: pair.password } }));
    } catch (e) {
      if (!(e instanceof ApiError && (e.code === "setup_refused" || e.code === "too_many_attempts"))) throw e;
      codeError.value = e;
      goTo("code");
      return;
    }
    await afterSetup(name, pair.password);
    setupCode.value = "";
    navigate("/welcome?step=site", true);
  });
  const fields = fieldErrors(create.error);
  return (
    <form onSubmit={submitWith(create, !pair.differ)}>
      <p>{t("wizard-admin-text")}</p>
      <TextField
        label={t("wizard-admin-name")}
        value={adminName.value}
        onValue={(v) => (adminName.value = v)}
        autocomplete="username"
        error={fields.get("name")}
        autoFocus
        required
      />
      <NewPasswordFields labels={[t("auth-password"), t("wizard-admin-repeat")]} pair={pair} error={fields.get("password")} />
      <ErrorNotice error={create.error} labels={{ name: t("wizard-admin-name"), password: t("auth-password") }} />
      <StepNav step="admin" busy={create.busy || pair.differ} next={t("wizard-admin-create")} />
    </form>
  );
}

/**
 * The settings to start the site step with: as saved, but for a site whose first start is not
 * finished the time zone of this browser and the language shown.
 */
function startingSettings(saved: Schemas["SiteSettingsView"]): SiteSettings {
  if (saved.commissioned !== false) return saved;
  return { ...saved, time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone || saved.time_zone, language: language.value };
}

function useSiteDraft(): { draft: SiteSettings | null; error: unknown } {
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (siteDraft.value) return;
    call(api.GET("/api/v1/site")).then((saved) => (siteDraft.value = startingSettings(saved)), setError);
  }, []);
  return { draft: siteDraft.value, error };
}

interface SettingsStepProps {
  step: "site" | "rate";
  text: string;
  /** The step's fields: `set` changes the draft, `fields` are those the server refused. */
  children: (draft: SiteSettings, set: (changes: Partial<SiteSettings>) => void, fields: ReadonlyMap<string, string>) => ComponentChildren;
}

/** A step that saves site settings (the site, the sample rate), then goes on. */
function SettingsStep({ step, text, children }: SettingsStepProps) {
  const { draft, error: readError } = useSiteDraft();
  const save = useAction(async (settings: SiteSettings) => {
    siteDraft.value = (await saveSettings(settings)).data;
    goTo(nextStep(step));
  });
  return (
    <Loading data={draft} error={readError}>
      {(draft) => (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save.run(draft);
          }}
        >
          <p>{text}</p>
          {children(draft, (changes) => (siteDraft.value = { ...draft, ...changes }), fieldsOf(save.error, ["site."]))}
          <ErrorNotice error={save.error} labels={settingsLabels(save.error)} />
          <StepNav step={step} busy={save.busy} />
        </form>
      )}
    </Loading>
  );
}

function SiteStep() {
  return (
    <SettingsStep step="site" text={t("wizard-site-text")}>
      {(draft, set, fields) => (
        <>
          <TextField label={t("configuration-site-name")} value={draft.name} error={fields.get("name")} required onValue={(name) => set({ name })} />
          <TimeZoneField value={draft.time_zone} error={fields.get("time_zone")} onValue={(time_zone) => set({ time_zone })} />
          <CurrencyField value={draft.currency ?? "EUR"} error={fields.get("currency")} onValue={(currency) => set({ currency })} />
          <LanguageField value={draft.language ?? language.value} error={fields.get("language")} onValue={(lang) => set({ language: lang })} />
        </>
      )}
    </SettingsStep>
  );
}

function RateStep() {
  return (
    <SettingsStep step="rate" text={t("wizard-rate-text")}>
      {(draft, set, fields) => (
        <>
          <SampleRateField
            value={draft.sample_rate_minutes ?? 15}
            error={fields.get("sample_rate_minutes")}
            onValue={(sample_rate_minutes) => set({ sample_rate_minutes })}
          />
          <p class="notice">{t("configuration-sample-rate-note")}</p>
        </>
      )}
    </SettingsStep>
  );
}

async function readSummary() {
  const [settings, gateways, links, devices] = await Promise.all([
    call(api.GET("/api/v1/site")),
    call(api.GET("/api/v1/gateways")),
    call(api.GET("/api/v1/links")),
    call(api.GET("/api/v1/devices")),
  ]);
  return { settings, gateways: gateways.length, links: links.length, devices: devices.length };
}

function DoneStep() {
  const { data, error } = useData(readSummary, []);
  const [markError, setMarkError] = useState<unknown>(null);
  useEffect(() => {
    markCommissioned().catch(setMarkError);
  }, []);
  return (
    <div>
      <p>{t("wizard-done-text")}</p>
      <ErrorNotice error={error ?? markError} />
      {data && (
        <dl class="facts wizard-summary">
          <dt>{t("configuration-site-name")}</dt>
          <dd>{data.settings.name}</dd>
          <dt>{t("configuration-time-zone")}</dt>
          <dd>{data.settings.time_zone}</dd>
          <dt>{t("configuration-currency")}</dt>
          <dd>{data.settings.currency}</dd>
          <dt>{t("configuration-sample-rate")}</dt>
          <dd>{t("configuration-minutes", { count: data.settings.sample_rate_minutes ?? 15 })}</dd>
          <dt>{t("configuration-section-gateways")}</dt>
          <dd>{data.gateways}</dd>
          <dt>{t("configuration-section-links")}</dt>
          <dd>{data.links}</dd>
          <dt>{t("configuration-section-devices")}</dt>
          <dd>{data.devices}</dd>
        </dl>
      )}
      <h3>{t("wizard-done-next")}</h3>
      <ul class="wizard-links">
        {mayOpen("my_panel_board") && (
          <li>
            <a href="/panel-board">{t("page-panel-board")}</a>
          </li>
        )}
        {mayOpen("consumption") && (
          <li>
            <a href="/consumption">{t("page-consumption")}</a>
          </li>
        )}
        {managesUsers.value && (
          <li>
            <a href="/users">{t("wizard-done-users")}</a>
          </li>
        )}
        <li>
          <a href="/configuration">{t("page-configuration")}</a>
        </li>
      </ul>
      <div class="actions wizard-nav">
        <a class="button-link" href="/welcome?step=devices">
          {t("app-back")}
        </a>
      </div>
    </div>
  );
}

export default function WizardPage() {
  const signedIn = phase.value === "signed-in";
  const step = stepShown(here.value.query.get("step"), signedIn, setupCode.value.trim() !== "");
  const number = STEPS.indexOf(step) + 1;
  return (
    <div class="wizard">
      <h1>{t("page-wizard")}</h1>
      <StepList current={step} />
      <section class="card wizard-card" aria-labelledby="wizard-step-title">
        <h2 id="wizard-step-title">
          <span class="wizard-of">{t("wizard-step-of", { number, count: STEPS.length })}</span> {t(`wizard-step-${step}`)}
        </h2>
        {step === "code" && <CodeStep />}
        {step === "admin" && <AdminStep />}
        {step === "site" && <SiteStep />}
        {step === "rate" && <RateStep />}
        {step === "devices" && <DevicesStep onDone={() => goTo(nextStep("devices"))} />}
        {step === "done" && <DoneStep />}
      </section>
    </div>
  );
}
