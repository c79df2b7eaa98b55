// Gateways (seed 003 §7.15.1): the Modbus converters links belong to, the Local one always
// there. A list with each gateway's status, and the form of the one chosen: its settings, its
// links, "Test" (each link opened, or the exact error), delete (refused while devices remain).
import { useState } from "preact/hooks";
import { api, call, type Schemas } from "../../api/client";
import { EmptyState } from "../../components/empty";
import { CheckField, SelectField, TextField } from "../../components/field";
import { ErrorNotice } from "../../components/problem";
import { StatusIcon } from "../../components/status";
import { t } from "../../i18n";
import { navigate } from "../../router";
import type { GatewayForm } from "./data";
import type { SectionProps } from "./index";
import { gatewayStatus, idFromName, linkAddress } from "./model";
import { DeleteDialog, FormCard, IdField, NotFound, OffMark, SavedNotice, addHref, editHref, fieldsOf, labelsFor, useSelection } from "./ui";

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

function GatewayEditor({ got, props, onSaved }: { got: GatewayForm | null; props: SectionProps; onSaved: (id: string) => Promise<void> }) {
  const { config } = props;
  const creating = got === null;
  const [draft, setDraft] = useState<GatewayForm>(got ?? { name: "", address: "", description: null, panel_board: null, enabled: true });
  const [id, setId] = useState(got?.id ?? "");
  const [idTouched, setIdTouched] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [test, setTest] = useState<Schemas["GatewayTest"] | null>(null);
  const [testError, setTestError] = useState<unknown>(null);
  const [deleting, setDeleting] = useState(false);
  const isLocal = got?.id === LOCAL;
  const taken = config.gateways.map((g) => g.id ?? "");
  const fields = fieldsOf(error, ["gateways.*."]);
  const labels = {
    id: t("configuration-id"),
    name: t("configuration-name"),
    address: t("configuration-gateway-address"),
    description: t("configuration-description"),
    panel_board: t("configuration-panel-board"),
  };
  const set = (changes: Partial<GatewayForm>) => setDraft({ ...draft, ...changes });
  const setName = (name: string) => {
    set({ name });
    if (creating && !idTouched) setId(idFromName(name, taken, "gateway"));
  };
  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved = creating
        ? await call(api.POST("/api/v1/gateways", { body: { ...draft, id } }))
        : await call(api.PUT("/api/v1/gateways/{id}", { params: { path: { id: got.id ?? "" } }, body: draft }));
      await onSaved(saved.id ?? id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const runTest = async () => {
    if (!got?.id) return;
    setTest(null);
    setTestError(null);
    setBusy(true);
    try {
      setTest(await call(api.POST("/api/v1/gateways/{id}/test", { params: { path: { id: got.id } } })));
    } catch (e) {
      setTestError(e);
    } finally {
      setBusy(false);
    }
  };
  const links = config.links.filter((l) => l.gateway === got?.id);
  return (
    <FormCard title={creating ? t("configuration-gateway-new") : (got.name ?? got.id ?? "")}>
      <form onSubmit={(e) => void save(e)}>
        <TextField label={labels.name} value={draft.name ?? ""} onValue={setName} error={fields.get("name")} required />
        {creating && (
          <IdField
            value={id}
            error={fields.get("id")}
            onValue={(v) => {
              setId(v);
              setIdTouched(true);
            }}
          />
        )}
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
          options={[
            { value: "", label: t("configuration-none") },
            ...config.panelBoards.map((p) => ({ value: p.id ?? "", label: p.name ?? p.id ?? "" })),
          ]}
          onValue={(v) => set({ panel_board: v || null })}
        />
        <CheckField
          label={t("configuration-enabled")}
          help={t("configuration-gateway-enabled-help")}
          checked={draft.enabled !== false}
          onChecked={(enabled) => set({ enabled })}
        />
        <ErrorNotice error={error} labels={labelsFor(error, ["gateways.*."], labels)} />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {t("app-save")}
          </button>
          {!creating && (
            <button type="button" disabled={busy} onClick={() => void runTest()}>
              {t("configuration-test")}
            </button>
          )}
          {!creating && !isLocal && (
            <button type="button" class="danger" onClick={() => setDeleting(true)}>
              {t("app-delete")}
            </button>
          )}
          <a class="button-link" href={editHref(null)}>
            {t("app-close")}
          </a>
        </div>
        {isLocal && <p class="help-line">{t("configuration-gateway-local-help")}</p>}
      </form>
      <ErrorNotice error={testError} />
      {test && <LinkTestList links={test.links} />}
      {!creating && (
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
      )}
      {got && (
        <DeleteDialog
          open={deleting}
          title={t("configuration-delete-title", { name: got.name ?? got.id ?? "" })}
          text={t("configuration-gateway-delete-text")}
          onClose={() => setDeleting(false)}
          onDelete={async () => {
            await call(api.DELETE("/api/v1/gateways/{id}", { params: { path: { id: got.id ?? "" } } }));
            await props.reload();
            navigate(editHref(null));
          }}
        />
      )}
    </FormCard>
  );
}

export function GatewaysPage(props: SectionProps) {
  const { config } = props;
  const { editing, adding } = useSelection();
  const [saved, setSaved] = useState<string | null>(null);
  const got = editing ? config.gateways.find((g) => g.id === editing) : undefined;
  const onSaved = async (id: string) => {
    await props.reload();
    setSaved(id);
    navigate(editHref(id), true);
  };
  return (
    <>
      <p>{t("configuration-gateways-intro")}</p>
      <div class="config-split">
        <section aria-label={t("configuration-section-gateways")}>
          <ul class="entity-list">
            {config.gateways.map((g) => (
              <li>
                <a href={editHref(g.id ?? "")} aria-current={g.id === editing ? "true" : undefined} onClick={() => setSaved(null)}>
                  <span class="entity-name">
                    {g.name ?? g.id} <OffMark enabled={g.enabled} />
                  </span>
                  <span class="entity-detail">{g.address ?? ""}</span>
                  {statusOf(g, props) !== undefined && <StatusIcon status={statusOf(g, props)} withText />}
                </a>
              </li>
            ))}
          </ul>
          <p>
            <a class="button-link primary" href={addHref()} onClick={() => setSaved(null)}>
              {t("configuration-gateway-add")}
            </a>
          </p>
        </section>
        <div>
          {saved && saved === editing && <SavedNotice />}
          {adding && <GatewayEditor key="new" got={null} props={props} onSaved={onSaved} />}
          {got && <GatewayEditor key={got.id} got={got} props={props} onSaved={onSaved} />}
          {editing && !got && <NotFound id={editing} />}
          {!adding && !editing && <EmptyState title={t("configuration-choose")}><p>{t("configuration-choose-text")}</p></EmptyState>}
        </div>
      </div>
    </>
  );
}
