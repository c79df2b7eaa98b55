// Links (seed 003 §7.8): the buses and connections of each gateway that devices are reached
// through — Modbus TCP, Modbus RTU on a serial port, RTU frames through a serial-to-Ethernet
// gateway, an acquisition board's waveform stream — each with the fields of its kind.
import type { ComponentChildren } from "preact";
import { useEffect, useId, useState } from "preact/hooks";
import { api, call, type Schemas } from "../../api/client";
import { EmptyState } from "../../components/empty";
import { CheckField, Field, SelectField, TextField } from "../../components/field";
import { ErrorNotice } from "../../components/problem";
import { t } from "../../i18n";
import { here, navigate, withQuery } from "../../router";
import { serialPorts, type GatewayForm } from "./data";
import type { SectionProps } from "./index";
import { BAUD_RATES, LINK_KINDS, PARITIES, idFromName, linkAddress, newLink, patch, withKind, type LinkForm, type LinkKind } from "./model";
import {
  DeleteDialog,
  FormCard,
  IdField,
  NotFound,
  NumberField,
  OffMark,
  SavedNotice,
  addHref,
  editHref,
  fieldsOf,
  labelsFor,
  useSelection,
} from "./ui";

/** A number for the API: a key left out when the field is empty (the default applies). */
const orDefault = (n: number | null) => n ?? undefined;

function SerialPortField({ value, onValue, error }: { value: string; onValue: (v: string) => void; error?: string | undefined }) {
  const [ports, setPorts] = useState<Schemas["SerialPortView"][]>([]);
  const listId = useId();
  useEffect(() => {
    serialPorts().then(setPorts, () => setPorts([]));
  }, []);
  return (
    <Field label={t("configuration-link-serial-port")} help={t("configuration-link-serial-port-help")} error={error}>
      {({ id, describedBy, invalid }) => (
        <>
          <input
            id={id}
            value={value}
            list={listId}
            spellcheck={false}
            required
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onInput={(e) => onValue(e.currentTarget.value.trim())}
          />
          <datalist id={listId}>
            {ports.map((p) => (
              <option value={p.by_id ?? p.path}>
                {[p.description, p.path, p.in_use_by ? t("configuration-link-port-in-use", { link: p.in_use_by }) : null]
                  .filter(Boolean)
                  .join(" · ")}
              </option>
            ))}
          </datalist>
        </>
      )}
    </Field>
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
  const timeout = (
    <NumberField
      label={t("configuration-link-timeout")}
      help={t("configuration-ms-help")}
      integer
      min={10}
      max={60000}
      value={draft.timeout_ms}
      error={fields.get("timeout_ms")}
      onNumber={(n) => set("timeout_ms", orDefault(n))}
    />
  );
  const gap = draft.kind === "modbus_rtu" || draft.kind === "rtu_over_tcp" ? (
    <NumberField
      label={t("configuration-link-gap")}
      help={t(draft.kind === "modbus_rtu" ? "configuration-link-gap-serial-help" : "configuration-link-gap-tcp-help")}
      integer
      min={0}
      max={1000}
      value={draft.inter_frame_gap_ms}
      error={fields.get("inter_frame_gap_ms")}
      onNumber={(n) => set("inter_frame_gap_ms", n)}
    />
  ) : null;
  return (
    <>
      <SelectField
        label={t("configuration-link-gateway")}
        value={draft.gateway ?? "local"}
        error={fields.get("gateway")}
        options={gateways.map((g) => ({ value: g.id ?? "", label: g.name ?? g.id ?? "" }))}
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
          <TextField
            label={t("configuration-link-host")}
            help={t("configuration-link-host-help")}
            value={draft.host}
            spellcheck={false}
            required
            error={fields.get("host")}
            onValue={(host) => set("host", host.trim())}
          />
          <NumberField
            label={t("configuration-link-port")}
            integer
            min={1}
            max={65535}
            required={draft.kind === "rtu_over_tcp"}
            value={draft.port}
            error={fields.get("port")}
            onNumber={(n) => set("port", draft.kind === "modbus_tcp" ? orDefault(n) : n)}
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
            value={draft.unix != null ? "unix" : "tcp"}
            options={[
              { value: "tcp", label: t("configuration-link-source-tcp") },
              { value: "unix", label: t("configuration-link-source-unix") },
            ]}
            onValue={(v) => onDraft({ ...draft, tcp: v === "tcp" ? (draft.unix ?? "") : null, unix: v === "unix" ? (draft.tcp ?? "") : null })}
          />
          {draft.unix != null ? (
            <TextField
              label={t("configuration-link-source-unix")}
              help={t("configuration-link-unix-help")}
              value={draft.unix}
              spellcheck={false}
              required
              error={fields.get("unix")}
              onValue={(unix) => set("unix", unix.trim())}
            />
          ) : (
            <TextField
              label={t("configuration-link-source-tcp")}
              help={t("configuration-link-tcp-help")}
              value={draft.tcp ?? ""}
              spellcheck={false}
              required
              error={fields.get("tcp")}
              onValue={(tcp) => set("tcp", tcp.trim())}
            />
          )}
        </>
      )}
      <div class="field-row">
        {timeout}
        {gap}
      </div>
    </>
  );
}

function LinkEditor({ got, props, onSaved }: { got: LinkForm | null; props: SectionProps; onSaved: (id: string) => Promise<void> }) {
  const { config } = props;
  const creating = got === null;
  const [draft, setDraft] = useState<LinkForm>(got ?? newLink(here.value.query.get("gateway") ?? "local"));
  const [id, setId] = useState(got?.id ?? idFromName(draft.kind, config.links.map((l) => l.id ?? ""), "link"));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [test, setTest] = useState<Schemas["LinkTest"] | null>(null);
  const [testError, setTestError] = useState<unknown>(null);
  const [deleting, setDeleting] = useState(false);
  const fields = fieldsOf(error, ["links.*."]);
  const devices = config.devices.filter((d) => d.link === got?.id);
  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved = creating
        ? await call(api.POST("/api/v1/links", { body: { ...draft, id } }))
        : await call(api.PUT("/api/v1/links/{id}", { params: { path: { id: got.id ?? "" } }, body: draft }));
      await onSaved(saved.id ?? id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const runTest = async () => {
    if (!got?.id) return;
    setBusy(true);
    setTest(null);
    setTestError(null);
    try {
      setTest(await call(api.POST("/api/v1/links/{id}/test", { params: { path: { id: got.id } } })));
    } catch (e) {
      setTestError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <FormCard title={creating ? t("configuration-link-new") : (got.id ?? "")}>
      <form onSubmit={(e) => void save(e)}>
        {creating && <IdField value={id} error={fields.get("id")} onValue={setId} />}
        <LinkFields draft={draft} onDraft={setDraft} gateways={config.gateways} fields={fields} />
        <NumberField
          label={t("configuration-link-failures")}
          help={t("configuration-link-failures-help")}
          integer
          min={1}
          max={100}
          value={draft.failures_before_error}
          error={fields.get("failures_before_error")}
          onNumber={(n) => setDraft(patch(draft, "failures_before_error", orDefault(n)))}
        />
        <CheckField
          label={t("configuration-enabled")}
          help={t("configuration-link-enabled-help")}
          checked={draft.enabled !== false}
          onChecked={(enabled) => setDraft({ ...draft, enabled })}
        />
        <ErrorNotice
          error={error}
          labels={labelsFor(error, ["links.*."], { host: t("configuration-link-host"), port: t("configuration-link-port"), id: t("configuration-id") })}
        />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {t("app-save")}
          </button>
          {!creating && got.kind !== "waveform_stream" && (
            <button type="button" disabled={busy} onClick={() => void runTest()}>
              {t("configuration-test")}
            </button>
          )}
          {!creating && (
            <button type="button" class="danger" onClick={() => setDeleting(true)}>
              {t("app-delete")}
            </button>
          )}
          <a class="button-link" href={editHref(null)}>
            {t("app-close")}
          </a>
        </div>
      </form>
      <ErrorNotice error={testError} />
      {test && (
        <p class={test.reachable ? "notice success" : "notice error"} role="status">
          {t(test.reachable ? "configuration-link-reachable" : "configuration-link-unreachable")}
          {test.error && <span class="exact-error">{test.error}</span>}
        </p>
      )}
      {!creating && (
        <p class="config-step-links">
          <a href={`/configuration/devices?link=${encodeURIComponent(got.id ?? "")}`}>
            {t("configuration-link-devices", { count: devices.length })}
          </a>
        </p>
      )}
      {got && (
        <DeleteDialog
          open={deleting}
          title={t("configuration-delete-title", { name: got.id ?? "" })}
          text={t("configuration-link-delete-text")}
          onClose={() => setDeleting(false)}
          onDelete={async () => {
            await call(api.DELETE("/api/v1/links/{id}", { params: { path: { id: got.id ?? "" } } }));
            await props.reload();
            navigate(editHref(null));
          }}
        />
      )}
    </FormCard>
  );
}

export function LinksPage(props: SectionProps) {
  const { config } = props;
  const { editing, adding } = useSelection();
  const gateway = here.value.query.get("gateway") ?? "";
  const [saved, setSaved] = useState<string | null>(null);
  const got = editing ? config.links.find((l) => l.id === editing) : undefined;
  const shown = config.gateways.filter((g) => !gateway || g.id === gateway);
  const onSaved = async (id: string) => {
    await props.reload();
    setSaved(id);
    navigate(withQuery({ edit: id, add: null }), true);
  };
  return (
    <>
      <p>{t("configuration-links-intro")}</p>
      <div class="config-split">
        <section aria-label={t("configuration-section-links")}>
          <SelectField
            label={t("configuration-filter-gateway")}
            value={gateway}
            options={[
              { value: "", label: t("configuration-all-gateways") },
              ...config.gateways.map((g) => ({ value: g.id ?? "", label: g.name ?? g.id ?? "" })),
            ]}
            onValue={(v) => navigate(withQuery({ gateway: v || null }), true)}
          />
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
                    {links.map((l) => (
                      <li>
                        <a href={editHref(l.id ?? "")} aria-current={l.id === editing ? "true" : undefined} onClick={() => setSaved(null)}>
                          <span class="entity-name">
                            {l.id} <OffMark enabled={l.enabled} />
                          </span>
                          <span class="entity-detail">
                            {t(`configuration-kind-${l.kind}`)} · {linkAddress(l)}
                          </span>
                        </a>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            );
          })}
          <p>
            <a class="button-link primary" href={addHref()} onClick={() => setSaved(null)}>
              {t("configuration-link-add")}
            </a>
          </p>
        </section>
        <div>
          {saved && saved === editing && <SavedNotice />}
          {adding && <LinkEditor key="new" got={null} props={props} onSaved={onSaved} />}
          {got && <LinkEditor key={got.id} got={got} props={props} onSaved={onSaved} />}
          {editing && !got && <NotFound id={editing} />}
          {!adding && !editing && <EmptyState title={t("configuration-choose")}><p>{t("configuration-choose-text")}</p></EmptyState>}
        </div>
      </div>
    </>
  );
}
