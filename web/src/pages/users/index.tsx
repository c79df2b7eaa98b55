// Users (seed 003 §8.1.1–8.1.3): who may sign in, with which role and which pages; add, change,
// disable, reset a password, delete. Administrators and EV managers only (an EV manager not over
// administrators); nobody changes their own account here (that is "My account").
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, call, type PageName, type RoleName, type Schemas } from "../../api/client";
import { Confirm, ConfirmButtons, Dialog } from "../../components/dialog";
import { EmptyState } from "../../components/empty";
import { CheckField, NewPasswordFields, SelectField, TextField, usePasswordPair } from "../../components/field";
import { ErrorNotice, fieldErrors } from "../../components/problem";
import { DoneNotice, LoadedTable, submitWith, useAction, useData } from "../../components/server";
import { formatDateTime } from "../../format/time";
import { locale, t } from "../../i18n";
import { session, timeZone } from "../../session";
import { ALL_PAGES, defaultPages, loadRoles, mayManage, rolesToGive, sortPages } from "./roles";

type User = Schemas["UserView"];

const date = (instant: string) => formatDateTime(instant, locale.value, timeZone.value);

/**
 * A refusal of the server in words; a conflict (409) with what it means here: a name already
 * taken when adding, the last enabled administrator when changing or deleting.
 */
function RefusalNotice({
  error,
  conflict = "users-last-administrator",
  labels,
}: {
  error: unknown;
  conflict?: string;
  labels?: Record<string, string>;
}) {
  const place = useRef<HTMLDivElement>(null);
  // The notice ends a long form in a dialog: bring it into view when the server refuses.
  useEffect(() => {
    if (error) place.current?.scrollIntoView({ block: "nearest" });
  }, [error]);
  return (
    <div ref={place}>
      {error instanceof ApiError && error.status === 409 && (
        <p class="notice error" role="alert">
          {t(conflict)}
        </p>
      )}
      <ErrorNotice error={error} {...(labels ? { labels } : {})} />
    </div>
  );
}

function PagesField({
  role,
  pages,
  onPages,
}: {
  role: RoleName;
  pages: readonly PageName[];
  onPages: (pages: PageName[]) => void;
}) {
  const all = role === "administrator";
  return (
    <fieldset class="users-pages-field">
      <legend>{t("users-pages")}</legend>
      {all && <p class="help">{t("users-pages-administrator")}</p>}
      {ALL_PAGES.map((page) => (
        <CheckField
          label={t(`page-name-${page}`)}
          help={t(`users-page-help-${page}`)}
          checked={all || pages.includes(page)}
          disabled={all}
          onChecked={(on) => onPages(sortPages(on ? [...pages, page] : pages.filter((p) => p !== page)))}
        />
      ))}
    </fieldset>
  );
}

interface Rights {
  role: RoleName;
  pages: PageName[];
  enabled: boolean;
}

interface RightsProps {
  own: RoleName;
  roleHelp: string;
  rights: Rights;
  onRights: (rights: Rights) => void;
  /** Shown between the role and the pages (a new user's password). */
  children?: ComponentChildren;
}

/** A user's role (with the pages it opens by default), pages and whether the account is enabled. */
function RightsFields({ own, roleHelp, rights, onRights, children }: RightsProps) {
  return (
    <>
      <SelectField
        label={t("users-role")}
        help={roleHelp}
        value={rights.role}
        options={rolesToGive(own).map((r) => ({ value: r, label: t(`role-${r}`) }))}
        onValue={(role) => onRights({ ...rights, role, pages: defaultPages(role) })}
      />
      {children}
      <PagesField role={rights.role} pages={rights.pages} onPages={(pages) => onRights({ ...rights, pages })} />
      <CheckField
        label={t("users-enabled")}
        help={t("users-enabled-help")}
        checked={rights.enabled}
        onChecked={(enabled) => onRights({ ...rights, enabled })}
      />
    </>
  );
}

/** What a dialog's form is given: what to say once it is done (and the list read again), and how to close it. */
interface FormProps {
  onDone: (message: string) => void;
  onClose: () => void;
}

function AddUser({ own, onDone, onClose }: FormProps & { own: RoleName }) {
  const [name, setName] = useState("");
  const [rights, setRights] = useState<Rights>({ role: "viewer", pages: defaultPages("viewer"), enabled: true });
  const pair = usePasswordPair();
  const { password, repeat } = pair;
  const create = useAction(async () => {
    const user = await call(api.POST("/api/v1/users", { body: { name, password, ...rights } }));
    onDone(t("users-created-done", { name: user.name }));
  });
  const fields = fieldErrors(create.error);
  return (
    <form onSubmit={submitWith(create, repeat === password)}>
      <TextField
        label={t("users-name")}
        error={fields.get("name")}
        autocomplete="off"
        spellcheck={false}
        required
        maxLength={64}
        value={name}
        onValue={setName}
      />
      <RightsFields own={own} roleHelp={t("users-role-help")} rights={rights} onRights={setRights}>
        <NewPasswordFields labels={[t("users-password"), t("users-password-repeat")]} pair={pair} error={fields.get("password")} />
      </RightsFields>
      <RefusalNotice
        error={create.error}
        conflict="users-name-taken"
        labels={{ name: t("users-name"), password: t("users-password") }}
      />
      <ConfirmButtons label={t("users-create")} busy={create.busy || repeat !== password} onCancel={onClose} />
    </form>
  );
}

function EditUser({ own, user, onDone, onClose }: FormProps & { own: RoleName; user: User }) {
  const [rights, setRights] = useState<Rights>({ role: user.role, pages: sortPages(user.pages), enabled: user.enabled });
  const save = useAction(async () => {
    const body: Schemas["UserEdit"] = { pages: rights.pages };
    if (rights.role !== user.role) body.role = rights.role;
    if (rights.enabled !== user.enabled) body.enabled = rights.enabled;
    const saved = await call(api.PUT("/api/v1/users/{id}", { params: { path: { id: user.id } }, body }));
    onDone(t("users-saved", { name: saved.name }));
  });
  return (
    <form onSubmit={submitWith(save)}>
      <RightsFields own={own} roleHelp={t("users-role-change-help")} rights={rights} onRights={setRights} />
      <RefusalNotice error={save.error} />
      <ConfirmButtons label={t("app-save")} busy={save.busy} onCancel={onClose} />
    </form>
  );
}

function ResetPassword({ user, onDone, onClose }: FormProps & { user: User }) {
  const pair = usePasswordPair();
  const { password, repeat } = pair;
  const reset = useAction(async () => {
    await call(
      api.PUT("/api/v1/users/{id}/password", {
        params: { path: { id: user.id } },
        body: { new_password: password },
      }),
    );
    onDone(t("users-reset-done", { name: user.name }));
  });
  return (
    <form onSubmit={submitWith(reset, repeat === password)}>
      <p>{t("users-reset-text", { name: user.name })}</p>
      <input type="text" autocomplete="username" value={user.name} hidden readOnly />
      <NewPasswordFields labels={[t("users-password"), t("users-password-repeat")]} pair={pair} error={fieldErrors(reset.error).get("new_password")} />
      <RefusalNotice error={reset.error} labels={{ new_password: t("users-password") }} />
      <ConfirmButtons label={t("users-reset-password")} busy={reset.busy || repeat !== password} onCancel={onClose} />
    </form>
  );
}

function DeleteUser({ user, onDone, onClose }: FormProps & { user: User }) {
  return (
    <Confirm
      text={t("users-delete-text", { name: user.name })}
      label={t("app-delete")}
      onConfirm={async () => {
        await call(api.DELETE("/api/v1/users/{id}", { params: { path: { id: user.id } } }));
        onDone(t("users-deleted", { name: user.name }));
      }}
      onCancel={onClose}
      refusal={(error) => <RefusalNotice error={error} />}
    />
  );
}

type Open =
  | { kind: "add" }
  | { kind: "edit"; user: User }
  | { kind: "password"; user: User }
  | { kind: "delete"; user: User }
  | null;

/** The title and the form of the dialog open. */
function dialogOf(open: NonNullable<Open>, own: RoleName, form: FormProps): { title: string; body: ComponentChildren } {
  if (open.kind === "add") return { title: t("users-add"), body: <AddUser own={own} {...form} /> };
  const { user } = open;
  switch (open.kind) {
    case "edit":
      return { title: t("users-edit-title", { name: user.name }), body: <EditUser key={user.id} own={own} user={user} {...form} /> };
    case "password":
      return { title: t("users-reset-title", { name: user.name }), body: <ResetPassword key={user.id} user={user} {...form} /> };
    case "delete":
      return { title: t("users-delete-title", { name: user.name }), body: <DeleteUser key={user.id} user={user} {...form} /> };
  }
}

function pagesText(user: User): string {
  if (user.role === "administrator" || ALL_PAGES.every((p) => user.pages.includes(p))) return t("users-all-pages");
  if (user.pages.length === 0) return t("users-no-pages");
  return sortPages(user.pages)
    .map((p) => t(`page-name-${p}`))
    .join(", ");
}

export default function UsersPage() {
  const me = session.value?.user;
  const { data: users, error, reload } = useData(() => Promise.all([call(api.GET("/api/v1/users")), loadRoles()]).then(([list]) => list), []);
  const [open, setOpen] = useState<Open>(null);
  const [done, setDone] = useState<string | null>(null);
  if (!me) return null;
  const close = () => setOpen(null);
  const finished = (message: string) => {
    setOpen(null);
    setDone(message);
    void reload();
  };
  const dialog = open && dialogOf(open, me.role, { onDone: finished, onClose: close });
  return (
    <>
      <div class="card-head">
        <h1>{t("page-users")}</h1>
        <div class="actions">
          <a href="/tokens">{t("page-tokens")}</a>
          <button
            type="button"
            class="primary"
            onClick={() => {
              setDone(null);
              setOpen({ kind: "add" });
            }}
          >
            {t("users-add")}
          </button>
        </div>
      </div>
      <DoneNotice text={done} />
      <LoadedTable
        rows={users}
        error={error}
        empty={<EmptyState title={t("users-none")} />}
        class="users-table"
        caption={t("page-users")}
        head={
          <>
            <th scope="col">{t("users-name")}</th>
            <th scope="col">{t("users-role")}</th>
            <th scope="col">{t("users-state")}</th>
            <th scope="col">{t("users-pages")}</th>
            <th scope="col">{t("users-created")}</th>
            <th scope="col">{t("users-password-changed")}</th>
            <th scope="col">{t("users-actions")}</th>
          </>
        }
        row={(user) => {
          const self = user.id === me.id;
          const allowed = !self && mayManage(me.role, user.role);
          return (
            <tr key={user.id}>
              <th scope="row">
                {user.name}
                {self && <span class="users-tag">{t("users-you")}</span>}
              </th>
              <td data-label={t("users-role")}>{t(`role-${user.role}`)}</td>
              <td data-label={t("users-state")}>
                <span class={user.enabled ? "users-state users-enabled" : "users-state users-disabled"}>
                  {t(user.enabled ? "users-state-enabled" : "users-state-disabled")}
                </span>
              </td>
              <td class="users-pages-cell" data-label={t("users-pages")}>{pagesText(user)}</td>
              <td data-label={t("users-created")}>{date(user.created_at)}</td>
              <td data-label={t("users-password-changed")}>{date(user.password_changed_at)}</td>
              <td>
                {allowed ? (
                  <div class="actions users-row-actions">
                    <button type="button" onClick={() => setOpen({ kind: "edit", user })}>
                      {t("app-edit")}
                      <span class="visually-hidden"> {user.name}</span>
                    </button>
                    <button type="button" onClick={() => setOpen({ kind: "password", user })}>
                      {t("users-reset-password")}
                      <span class="visually-hidden"> {user.name}</span>
                    </button>
                    <button type="button" class="danger" onClick={() => setOpen({ kind: "delete", user })}>
                      {t("app-delete")}
                      <span class="visually-hidden"> {user.name}</span>
                    </button>
                  </div>
                ) : self ? (
                  <a href="/account">{t("page-account")}</a>
                ) : (
                  <span class="help">{t("users-not-yours")}</span>
                )}
              </td>
            </tr>
          );
        }}
      />
      <Dialog title={dialog?.title ?? ""} open={dialog !== null} onClose={close}>
        {dialog?.body}
      </Dialog>
    </>
  );
}
