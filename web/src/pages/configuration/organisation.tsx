// Loads, measure groups and panel boards (seed 003 §7.15.2): how the installation is described.
// The three pages are alike: a list, a form (name, and a description for groups and panel
// boards), enable/disable, and the seeds' delete that offers to disable instead. Predefined
// loads are shown in the language of the page and can only be disabled.
import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import { EmptyState } from "../../components/empty";
import { CheckField, TextField } from "../../components/field";
import { ErrorNotice } from "../../components/problem";
import { t } from "../../i18n";
import { navigate } from "../../router";
import { loadName, type Configuration, type GroupForm, type LoadForm, type PanelBoardForm } from "./data";
import type { SectionProps } from "./index";
import { idFromName } from "./model";
import { DeleteDialog, FormCard, IdField, NotFound, OffMark, SavedNotice, addHref, editHref, fieldsOf, labelsFor, useSelection } from "./ui";

type Entity = LoadForm | GroupForm | PanelBoardForm;

interface Kind<T extends Entity> {
  /** The part of the catalogue keys (`configuration-<kind>-…`). */
  kind: "load" | "group" | "panel-board";
  /** The site file's section, which names the fields of an error (`groups.<id>.name`). */
  file: "loads" | "groups" | "panel_boards";
  /** Ids the API keeps for itself. */
  reserved: string[];
  items: (config: Configuration) => T[];
  /** How many devices (and gateways) use the entity. */
  users: (config: Configuration, id: string) => number;
  described: boolean;
  create: (body: T) => Promise<T>;
  update: (id: string, body: T) => Promise<T>;
  remove: (id: string) => Promise<void>;
}

const path = (id: string) => ({ params: { path: { id } } });

const LOADS: Kind<LoadForm> = {
  kind: "load",
  file: "loads",
  reserved: ["others"],
  items: (c) => [...c.loads].sort((a, b) => Number(b.predefined ?? false) - Number(a.predefined ?? false) || loadName(a).localeCompare(loadName(b))),
  users: (c, id) => c.devices.filter((d) => d.load === id).length,
  described: false,
  create: (body) => call(api.POST("/api/v1/loads", { body })),
  update: (id, body) => call(api.PUT("/api/v1/loads/{id}", { ...path(id), body })),
  remove: (id) => call(api.DELETE("/api/v1/loads/{id}", path(id))),
};

const GROUPS: Kind<GroupForm> = {
  kind: "group",
  file: "groups",
  reserved: [],
  items: (c) => c.groups,
  users: (c, id) => c.devices.filter((d) => d.groups?.includes(id)).length,
  described: true,
  create: (body) => call(api.POST("/api/v1/groups", { body })),
  update: (id, body) => call(api.PUT("/api/v1/groups/{id}", { ...path(id), body })),
  remove: (id) => call(api.DELETE("/api/v1/groups/{id}", path(id))),
};

const PANEL_BOARDS: Kind<PanelBoardForm> = {
  kind: "panel-board",
  file: "panel_boards",
  reserved: [],
  items: (c) => c.panelBoards,
  users: (c, id) => c.devices.filter((d) => d.panel_board === id).length + c.gateways.filter((g) => g.panel_board === id).length,
  described: true,
  create: (body) => call(api.POST("/api/v1/panel-boards", { body })),
  update: (id, body) => call(api.PUT("/api/v1/panel-boards/{id}", { ...path(id), body })),
  remove: (id) => call(api.DELETE("/api/v1/panel-boards/{id}", path(id))),
};

function isPredefined(entity: Entity): boolean {
  return "predefined" in entity && entity.predefined === true;
}

/** The name shown: a predefined load's in the language of the page. */
function shownName(entity: Entity): string {
  return isPredefined(entity) ? loadName(entity) : (entity.name ?? entity.id ?? "");
}

function LockIcon() {
  return (
    <span class="lock" title={t("configuration-load-predefined")}>
      <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
        <path d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7zm2 0h4V5a2 2 0 1 0-4 0z" />
      </svg>
      <span class="visually-hidden">{t("configuration-load-predefined")}</span>
    </span>
  );
}

interface EditorProps<T extends Entity> {
  spec: Kind<T>;
  got: T | null;
  props: SectionProps;
  onSaved: (id: string) => Promise<void>;
}

function Editor<T extends Entity>({ spec, got, props, onSaved }: EditorProps<T>) {
  const { config } = props;
  const creating = got === null;
  const predefined = got !== null && isPredefined(got);
  const [draft, setDraft] = useState<T>(got ?? ({ name: "", enabled: true, ...(spec.described ? { description: null } : {}) } as T));
  const [id, setId] = useState(got?.id ?? "");
  const [idTouched, setIdTouched] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const taken = [...spec.items(config).map((e) => e.id ?? ""), ...spec.reserved];
  const prefix = `${spec.file}.*.`;
  const fields = fieldsOf(error, [prefix]);
  const users = got?.id ? spec.users(config, got.id) : 0;
  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved = creating ? await spec.create({ ...draft, id }) : await spec.update(got.id ?? "", draft);
      await onSaved(saved.id ?? id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const disable = async () => {
    if (!got?.id) return;
    await spec.update(got.id, { ...got, enabled: false });
    await onSaved(got.id);
  };
  return (
    <FormCard title={creating ? t(`configuration-${spec.kind}-new`) : shownName(got)}>
      <form onSubmit={(e) => void save(e)}>
        {predefined ? (
          <p class="help-line">
            <LockIcon /> {t("configuration-load-predefined-help")}
          </p>
        ) : (
          <>
            <TextField
              label={t("configuration-name")}
              value={draft.name ?? ""}
              error={fields.get("name")}
              required
              onValue={(name) => {
                setDraft({ ...draft, name });
                if (creating && !idTouched) setId(idFromName(name, taken, spec.kind.replace("-", "_")));
              }}
            />
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
            {"description" in draft && (
              <TextField
                label={t("configuration-description")}
                value={draft.description ?? ""}
                error={fields.get("description")}
                onValue={(description) => setDraft({ ...draft, description: description || null })}
              />
            )}
          </>
        )}
        <CheckField
          label={t("configuration-enabled")}
          help={t(`configuration-${spec.kind}-enabled-help`)}
          checked={draft.enabled !== false}
          onChecked={(enabled) => setDraft({ ...draft, enabled })}
        />
        <ErrorNotice error={error} labels={labelsFor(error, [prefix], { name: t("configuration-name"), id: t("configuration-id") })} />
        {!creating && <p class="help-line">{t(`configuration-${spec.kind}-users`, { count: users })}</p>}
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {t("app-save")}
          </button>
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
      {got && (
        <DeleteDialog
          open={deleting}
          title={t("configuration-delete-title", { name: shownName(got) })}
          text={t(predefined ? "configuration-load-delete-predefined" : `configuration-${spec.kind}-delete-text`, { count: users })}
          disableOnly={predefined}
          onClose={() => setDeleting(false)}
          onDisable={got.enabled !== false ? disable : undefined}
          onDelete={async () => {
            await spec.remove(got.id ?? "");
            await props.reload();
            navigate(editHref(null));
          }}
        />
      )}
    </FormCard>
  );
}

function OrganisationPage<T extends Entity>({ spec, props }: { spec: Kind<T>; props: SectionProps }) {
  const { editing, adding } = useSelection();
  const [saved, setSaved] = useState<string | null>(null);
  const items = spec.items(props.config);
  const got = editing ? items.find((e) => e.id === editing) : undefined;
  const onSaved = async (id: string) => {
    await props.reload();
    setSaved(id);
    navigate(editHref(id), true);
  };
  return (
    <>
      <p>{t(`configuration-${spec.kind}s-intro`)}</p>
      <div class="config-split">
        <section aria-label={t(`configuration-section-${spec.kind}s`)}>
          {items.length === 0 && spec.kind !== "load" ? (
            <EmptyState title={t(`configuration-${spec.kind}s-empty`)}>
              <p>{t(`configuration-${spec.kind}s-empty-text`)}</p>
            </EmptyState>
          ) : (
            <ul class="entity-list">
              {items.map((e) => (
                <li>
                  <a href={editHref(e.id ?? "")} aria-current={e.id === editing ? "true" : undefined} onClick={() => setSaved(null)}>
                    <span class="entity-name">
                      {isPredefined(e) && <LockIcon />}
                      {shownName(e)} <OffMark enabled={e.enabled} />
                    </span>
                    {"description" in e && e.description && <span class="entity-detail">{e.description}</span>}
                  </a>
                </li>
              ))}
              {spec.kind === "load" && (
                <li class="entity-fixed">
                  <span class="entity-name">{t("configuration-load-others")}</span>
                  <span class="entity-detail">{t("configuration-load-others-help")}</span>
                </li>
              )}
            </ul>
          )}
          <p>
            <a class="button-link primary" href={addHref()} onClick={() => setSaved(null)}>
              {t(`configuration-${spec.kind}-add`)}
            </a>
          </p>
        </section>
        <div>
          {saved && saved === editing && <SavedNotice />}
          {adding && <Editor key="new" spec={spec} got={null} props={props} onSaved={onSaved} />}
          {got && <Editor key={got.id} spec={spec} got={got} props={props} onSaved={onSaved} />}
          {editing && !got && <NotFound id={editing} />}
          {!adding && !editing && <EmptyState title={t("configuration-choose")}><p>{t("configuration-choose-text")}</p></EmptyState>}
        </div>
      </div>
    </>
  );
}

export const LoadsPage = (props: SectionProps) => <OrganisationPage spec={LOADS} props={props} />;
export const GroupsPage = (props: SectionProps) => <OrganisationPage spec={GROUPS} props={props} />;
export const PanelBoardsPage = (props: SectionProps) => <OrganisationPage spec={PANEL_BOARDS} props={props} />;
