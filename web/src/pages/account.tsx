// The signed-in user's own account: who they are, their rights, and changing their password.
import { useState } from "preact/hooks";
import { api, call } from "../api/client";
import { NewPasswordFields, PasswordField, usePasswordPair } from "../components/field";
import { ErrorNotice } from "../components/problem";
import { DoneNotice, submitWith, useAction } from "../components/server";
import { t } from "../i18n";
import { session } from "../session";

export default function AccountPage() {
  const view = session.value;
  const [current, setCurrent] = useState("");
  const pair = usePasswordPair();
  const [saved, setSaved] = useState(false);
  const change = useAction(async () => {
    setSaved(false);
    await call(api.PUT("/api/v1/session/password", { body: { current_password: current, new_password: pair.password } }));
    setSaved(true);
    setCurrent("");
    pair.setPassword("");
    pair.setRepeat("");
  });
  if (!view) return null;
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
        <form onSubmit={submitWith(change, !pair.differ)}>
          <input type="text" autocomplete="username" value={view.user.name} hidden readOnly />
          <PasswordField label={t("account-current-password")} autocomplete="current-password" value={current} onValue={setCurrent} />
          <NewPasswordFields labels={[t("account-new-password"), t("account-repeat-password")]} pair={pair} />
          <ErrorNotice error={change.error} />
          <DoneNotice text={saved ? t("account-password-changed") : null} />
          <button type="submit" class="primary" disabled={change.busy || pair.differ}>
            {t("account-change-password")}
          </button>
        </form>
      </section>
    </>
  );
}
