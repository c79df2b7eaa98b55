// Users (seed 003 §8.1.1–8.1.3): who may sign in, with which role and which pages; add, change,
// disable, reset a password, delete. Administrators and EV managers only (an EV manager not over
// administrators); nobody changes their own account here (that is "My account").
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, call, type PageName, type RoleName, type Schemas } from "../../api/client";
import { Dialog } from "../../components/dialog";
import { EmptyState } from "../../components/empty";
import { CheckField, SelectField, TextField } from "../../components/field";
import { ErrorNotice, fieldErrors } from "../../components/problem";
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

function PasswordFields({
  password,
  repeat,
  onPassword,
  onRepeat,
  error,
}: {
  password: string;
  repeat: string;
  onPassword: (v: string) => void;
  onRepeat: (v: string) => void;
  error: string | undefined;
}) {
  const differ = repeat !== "" && repeat !== password;
  return (
    <>
      <TextField
        label={t("users-password")}
        help={t("account-password-rules")}
        error={error}
        type="password"
        autocomplete="new-password"
        required
        value={password}
        onValue={onPassword}
      />
      <TextField
        label={t("users-password-repeat")}
        error={differ ? t("account-passwords-differ") : undefined}
        type="password"
        autocomplete="new-password"
        required
        value={repeat}
        onValue={onRepeat}
      />
    </>
  );
}

function roleOptions(own: RoleName) {
  return rolesToGive(own).map((r) => ({ value: r, label: t(`role-${r}`) }));
}

function AddUser({ own, onDone, onClose }: { own: RoleName; onDone: (user: User) => void; onClose: () => void }) {
  const [name, setName] = useState("");
  const [role, setRole] = useState<RoleName>("viewer");
  const [pages, setPages] = useState<PageName[]>(defaultPages("viewer"));
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [enabled, setEnabled] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldErrors(error);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (repeat !== password) return;
    setBusy(true);
    setError(null);
    try {
      onDone(await call(api.POST("/api/v1/users", { body: { name, role, password, pages, enabled } })));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)}>
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
      <SelectField
        label={t("users-role")}
        help={t("users-role-help")}
        value={role}
        options={roleOptions(own)}
        onValue={(r) => {
          setRole(r);
          setPages(defaultPages(r));
        }}
      />
      <PasswordFields
        password={password}
        repeat={repeat}
        onPassword={setPassword}
        onRepeat={setRepeat}
        error={fields.get("password")}
      />
      <PagesField role={role} pages={pages} onPages={setPages} />
      <CheckField label={t("users-enabled")} help={t("users-enabled-help")} checked={enabled} onChecked={setEnabled} />
      <RefusalNotice
        error={error}
        conflict="users-name-taken"
        labels={{ name: t("users-name"), password: t("users-password") }}
      />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || repeat !== password}>
          {t("users-create")}
        </button>
        <button type="button" onClick={onClose}>
          {t("app-cancel")}
        </button>
      </div>
    </form>
  );
}

function EditUser({
  own,
  user,
  onDone,
  onClose,
}: {
  own: RoleName;
  user: User;
  onDone: (user: User) => void;
  onClose: () => void;
}) {
  const [role, setRole] = useState<RoleName>(user.role);
  const [pages, setPages] = useState<PageName[]>(sortPages(user.pages));
  const [enabled, setEnabled] = useState(user.enabled);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body: Schemas["UserEdit"] = { pages };
    if (role !== user.role) body.role = role;
    if (enabled !== user.enabled) body.enabled = enabled;
    try {
      onDone(await call(api.PUT("/api/v1/users/{id}", { params: { path: { id: user.id } }, body })));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)}>
      <SelectField
        label={t("users-role")}
        help={t("users-role-change-help")}
        value={role}
        options={roleOptions(own)}
        onValue={(r) => {
          setRole(r);
          setPages(defaultPages(r));
        }}
      />
      <PagesField role={role} pages={pages} onPages={setPages} />
      <CheckField label={t("users-enabled")} help={t("users-enabled-help")} checked={enabled} onChecked={setEnabled} />
      <RefusalNotice error={error} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {t("app-save")}
        </button>
        <button type="button" onClick={onClose}>
          {t("app-cancel")}
        </button>
      </div>
    </form>
  );
}

function ResetPassword({ user, onDone, onClose }: { user: User; onDone: () => void; onClose: () => void }) {
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (repeat !== password) return;
    setBusy(true);
    setError(null);
    try {
      await call(
        api.PUT("/api/v1/users/{id}/password", {
          params: { path: { id: user.id } },
          body: { new_password: password },
        }),
      );
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)}>
      <p>{t("users-reset-text", { name: user.name })}</p>
      <input type="text" autocomplete="username" value={user.name} hidden readOnly />
      <PasswordFields
        password={password}
        repeat={repeat}
        onPassword={setPassword}
        onRepeat={setRepeat}
        error={fieldErrors(error).get("new_password")}
      />
      <RefusalNotice error={error} labels={{ new_password: t("users-password") }} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || repeat !== password}>
          {t("users-reset-password")}
        </button>
        <button type="button" onClick={onClose}>
          {t("app-cancel")}
        </button>
      </div>
    </form>
  );
}

function DeleteUser({ user, onDone, onClose }: { user: User; onDone: () => void; onClose: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const erase = async () => {
    setBusy(true);
    setError(null);
    try {
      await call(api.DELETE("/api/v1/users/{id}", { params: { path: { id: user.id } } }));
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <p>{t("users-delete-text", { name: user.name })}</p>
      <RefusalNotice error={error} />
      <div class="actions">
        <button type="button" class="danger" disabled={busy} onClick={() => void erase()}>
          {t("app-delete")}
        </button>
        <button type="button" onClick={onClose}>
          {t("app-cancel")}
        </button>
      </div>
    </>
  );
}

type Open =
  | { kind: "add" }
  | { kind: "edit"; user: User }
  | { kind: "password"; user: User }
  | { kind: "delete"; user: User }
  | null;

function pagesText(user: User): string {
  if (user.role === "administrator" || ALL_PAGES.every((p) => user.pages.includes(p))) return t("users-all-pages");
  if (user.pages.length === 0) return t("users-no-pages");
  return sortPages(user.pages)
    .map((p) => t(`page-name-${p}`))
    .join(", ");
}

export default function UsersPage() {
  const me = session.value?.user;
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<Open>(null);
  const [done, setDone] = useState<string | null>(null);
  const load = () =>
    Promise.all([call(api.GET("/api/v1/users")), loadRoles()]).then(
      ([list]) => {
        setUsers(list);
        setError(null);
      },
      (e: unknown) => setError(e),
    );
  useEffect(() => {
    void load();
  }, []);
  if (!me) return null;
  const close = () => setOpen(null);
  const finished = (message: string) => {
    setOpen(null);
    setDone(message);
    void load();
  };
  const title =
    open?.kind === "add"
      ? t("users-add")
      : open?.kind === "edit"
        ? t("users-edit-title", { name: open.user.name })
        : open?.kind === "password"
          ? t("users-reset-title", { name: open.user.name })
          : open?.kind === "delete"
            ? t("users-delete-title", { name: open.user.name })
            : "";
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
      {done && (
        <p class="notice success" role="status">
          {done}
        </p>
      )}
      <ErrorNotice error={error} />
      {!users && !error && <p class="loading">{t("app-loading")}</p>}
      {users && users.length === 0 && <EmptyState title={t("users-none")} />}
      {users && users.length > 0 && (
        <div class="table-wrap">
          <table class="users-table">
            <caption class="visually-hidden">{t("page-users")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("users-name")}</th>
                <th scope="col">{t("users-role")}</th>
                <th scope="col">{t("users-state")}</th>
                <th scope="col">{t("users-pages")}</th>
                <th scope="col">{t("users-created")}</th>
                <th scope="col">{t("users-password-changed")}</th>
                <th scope="col">{t("users-actions")}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => {
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
              })}
            </tbody>
          </table>
        </div>
      )}
      <Dialog title={title} open={open !== null} onClose={close}>
        {open?.kind === "add" && (
          <AddUser
            own={me.role}
            onClose={close}
            onDone={(user) => finished(t("users-created-done", { name: user.name }))}
          />
        )}
        {open?.kind === "edit" && (
          <EditUser
            key={open.user.id}
            own={me.role}
            user={open.user}
            onClose={close}
            onDone={(user) => finished(t("users-saved", { name: user.name }))}
          />
        )}
        {open?.kind === "password" && (
          <ResetPassword
            key={open.user.id}
            user={open.user}
            onClose={close}
            onDone={() => finished(t("users-reset-done", { name: open.user.name }))}
          />
        )}
        {open?.kind === "delete" && (
          <DeleteUser
            key={open.user.id}
            user={open.user}
            onClose={close}
            onDone={() => finished(t("users-deleted", { name: open.user.name }))}
          />
        )}
      </Dialog>
    </>
  );
}
