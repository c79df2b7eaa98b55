// Loads, measure groups and panel boards (seed 003 §7.15.2): how the installation is described.
// The three pages are alike: a list, a form (name, and a description for groups and panel
// boards), enable/disable, and the seeds' delete that offers to disable instead. Predefined
// loads are shown in the language of the page and can only be disabled.
import { api, call, callWithTag } from "../../api/client";
import { EmptyState } from "../../components/empty";
import { CheckField, TextField } from "../../components/field";
import { t } from "../../i18n";
import { loadName, type Configuration, type GroupForm, type LoadForm, type PanelBoardForm } from "./data";
import { EntityForm, EntitySection, byId, byIdIfMatch, useEntityDraft, type EntityApi, type Outcome } from "./entity";
import type { SectionProps } from "./index";
import { IdField, OffMark } from "./ui";

type Organised = LoadForm | GroupForm | PanelBoardForm;

interface Kind<T extends Organised> extends EntityApi<T> {
  /** The part of the catalogue keys (`configuration-<kind>-…`). */
  kind: "load" | "group" | "panel-board";
  /** Ids the API keeps for itself. */
  reserved: string[];
  items: (config: Configuration) => T[];
  /** How many devices (and gateways) use the entity. */
  users: (config: Configuration, id: string) => number;
  described: boolean;
}

const LOADS: Kind<LoadForm> = {
  kind: "load",
  prefix: "loads.*.",
  reserved: ["others"],
  items: (c) => [...c.loads].sort((a, b) => Number(b.predefined ?? false) - Number(a.predefined ?? false) || loadName(a).localeCompare(loadName(b))),
  users: (c, id) => c.devices.filter((d) => d.load === id).length,
  described: false,
  create: (body) => call(api.POST("/api/v1/loads", { body })),
  read: (id) => callWithTag(api.GET("/api/v1/loads/{id}", byId(id))),
  update: (id, body, tag) => callWithTag(api.PUT("/api/v1/loads/{id}", { ...byIdIfMatch(id, tag), body })),
  remove: (id, tag) => call(api.DELETE("/api/v1/loads/{id}", byIdIfMatch(id, tag))),
};

const GROUPS: Kind<GroupForm> = {
  kind: "group",
  prefix: "groups.*.",
  reserved: [],
  items: (c) => c.groups,
  users: (c, id) => c.devices.filter((d) => d.groups?.includes(id)).length,
  described: true,
  create: (body) => call(api.POST("/api/v1/groups", { body })),
  read: (id) => callWithTag(api.GET("/api/v1/groups/{id}", byId(id))),
  update: (id, body, tag) => callWithTag(api.PUT("/api/v1/groups/{id}", { ...byIdIfMatch(id, tag), body })),
  remove: (id, tag) => call(api.DELETE("/api/v1/groups/{id}", byIdIfMatch(id, tag))),
};

const PANEL_BOARDS: Kind<PanelBoardForm> = {
  kind: "panel-board",
  prefix: "panel_boards.*.",
  reserved: [],
  items: (c) => c.panelBoards,
  users: (c, id) => c.devices.filter((d) => d.panel_board === id).length + c.gateways.filter((g) => g.panel_board === id).length,
  described: true,
  create: (body) => call(api.POST("/api/v1/panel-boards", { body })),
  read: (id) => callWithTag(api.GET("/api/v1/panel-boards/{id}", byId(id))),
  update: (id, body, tag) => callWithTag(api.PUT("/api/v1/panel-boards/{id}", { ...byIdIfMatch(id, tag), body })),
  remove: (id, tag) => call(api.DELETE("/api/v1/panel-boards/{id}", byIdIfMatch(id, tag))),
};

function isPredefined(entity: Organised): boolean {
  return "predefined" in entity && entity.predefined === true;
}

/** The name shown: a predefined load's in the language of the page. */
function shownName(entity: Organised): string {
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

interface EditorProps<T extends Organised> {
  spec: Kind<T>;
  got: T | null;
  config: Configuration;
  outcome: Outcome;
}

function Editor<T extends Organised>({ spec, got, config, outcome }: EditorProps<T>) {
  const predefined = got !== null && isPredefined(got);
  const form = useEntityDraft(got, { name: "", enabled: true, ...(spec.described ? { description: null } : {}) } as T, spec, outcome, {
    taken: [...spec.items(config).map((e) => e.id ?? ""), ...spec.reserved],
    fallback: spec.kind.replace("-", "_"),
  });
  const { draft, setDraft, fields } = form;
  const users = got?.id ? spec.users(config, got.id) : 0;
  const disable = () => form.change((entity) => ({ ...entity, enabled: false }));
  return (
    <EntityForm
      title={got ? shownName(got) : t(`configuration-${spec.kind}-new`)}
      form={form}
      labels={{ name: t("configuration-name"), id: t("configuration-id") }}
      deletion={
        got && {
          title: t("configuration-delete-title", { name: shownName(got) }),
          text: t(predefined ? "configuration-load-delete-predefined" : `configuration-${spec.kind}-delete-text`, { count: users }),
          disableOnly: predefined,
          onDisable: got.enabled !== false ? disable : undefined,
        }
      }
    >
      {predefined ? (
        <p class="help-line">
          <LockIcon /> {t("configuration-load-predefined-help")}
        </p>
      ) : (
        <>
          <TextField label={t("configuration-name")} value={draft.name ?? ""} error={fields.get("name")} required onValue={form.setName} />
          {!got && <IdField value={form.id} error={fields.get("id")} onValue={form.setId} />}
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
      {got && <p class="help-line">{t(`configuration-${spec.kind}-users`, { count: users })}</p>}
    </EntityForm>
  );
}

function OrganisationPage<T extends Organised>({ spec, props }: { spec: Kind<T>; props: SectionProps }) {
  const items = spec.items(props.config);
  return (
    <EntitySection
      intro={t(`configuration-${spec.kind}s-intro`)}
      label={t(`configuration-section-${spec.kind}s`)}
      add={t(`configuration-${spec.kind}-add`)}
      items={items}
      reload={props.reload}
      list={(item) =>
        items.length === 0 && spec.kind !== "load" ? (
          <EmptyState title={t(`configuration-${spec.kind}s-empty`)}>
            <p>{t(`configuration-${spec.kind}s-empty-text`)}</p>
          </EmptyState>
        ) : (
          <ul class="entity-list">
            {items.map((e) =>
              item(
                e.id,
                <>
                  <span class="entity-name">
                    {isPredefined(e) && <LockIcon />}
                    {shownName(e)} <OffMark enabled={e.enabled} />
                  </span>
                  {"description" in e && e.description && <span class="entity-detail">{e.description}</span>}
                </>,
              ),
            )}
            {spec.kind === "load" && (
              <li class="entity-fixed">
                <span class="entity-name">{t("configuration-load-others")}</span>
                <span class="entity-detail">{t("configuration-load-others-help")}</span>
              </li>
            )}
          </ul>
        )
      }
      editor={(got, outcome) => <Editor spec={spec} got={got} config={props.config} outcome={outcome} />}
    />
  );
}

export const LoadsPage = (props: SectionProps) => <OrganisationPage spec={LOADS} props={props} />;
export const GroupsPage = (props: SectionProps) => <OrganisationPage spec={GROUPS} props={props} />;
export const PanelBoardsPage = (props: SectionProps) => <OrganisationPage spec={PANEL_BOARDS} props={props} />;
