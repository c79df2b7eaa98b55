// The signed-in user's own account: who they are, their rights, and changing their password.
import { useState } from "preact/hooks";
import { api, call } from "../api/client";
import { TextField } from "../components/field";
import { ErrorNotice } from "../components/problem";
import { t } from "../i18n";
import { session } from "../session";

export default function AccountPage() {
  const view = session.value;
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!view) return null;
  const mismatch = repeat !== "" && repeat !== next;
  const submit = async (event: Event) => {
    event.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await call(api.PUT("/api/v1/session/password", { body: { current_password: current, new_password: next } }));
      setSaved(true);
      setCurrent("");
      setNext("");
      setRepeat("");
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h1>{t("page-account")}</h1>
      <dl class="facts">
        <dt>{t("auth-name")}</dt>
        <dd>{view.user.name}</dd>
        <dt>{t("account-role")}</dt>
        <dd>{t(`role-${view.user.role}`)}</dd>
        <dt>{t("account-pages")}</dt>
        <dd>{view.pages.map((p) => t(`page-name-${p}`)).join(", ")}</dd>
      </dl>
      <p>
        <a href="/tokens">{t("page-tokens")}</a>
      </p>
      <section class="card">
        <h2>{t("account-change-password")}</h2>
        <form onSubmit={(e) => void submit(e)}>
          <input type="text" autocomplete="username" value={view.user.name} hidden readOnly />
          <TextField
            label={t("account-current-password")}
            type="password"
            autocomplete="current-password"
            value={current}
            onValue={setCurrent}
            required
          />
          <TextField
            label={t("account-new-password")}
            help={t("account-password-rules")}
            type="password"
            autocomplete="new-password"
            value={next}
            onValue={setNext}
            required
          />
          <TextField
            label={t("account-repeat-password")}
            type="password"
            autocomplete="new-password"
            value={repeat}
            onValue={setRepeat}
            error={mismatch ? t("account-passwords-differ") : undefined}
            required
          />
          <ErrorNotice error={error} />
          {saved && (
            <p class="notice success" role="status">
              {t("account-password-changed")}
            </p>
          )}
          <button type="submit" class="primary" disabled={busy || mismatch}>
            {t("account-change-password")}
          </button>
        </form>
      </section>
    </>
  );
}
