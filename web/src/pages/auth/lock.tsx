// The lock screen: the session stays, nothing is shown until its user's password is typed again.
import { PasswordField } from "../../components/field";
import { ErrorNotice } from "../../components/problem";
import { t } from "../../i18n";
import { session, signOut, unlock } from "../../session";
import { usePasswordForm } from "./password";

export function LockScreen() {
  const { password, setPassword, action, submit } = usePasswordForm(unlock);
  return (
    <section class="card narrow">
      <h1>{t("auth-locked-title")}</h1>
      <p>{t("auth-locked-text", { name: session.value?.user.name ?? "" })}</p>
      <form onSubmit={(e) => void submit(e)}>
        <input type="text" autocomplete="username" value={session.value?.user.name ?? ""} hidden readOnly />
        <PasswordField label={t("auth-password")} autocomplete="current-password" value={password} onValue={setPassword} autoFocus />
        <ErrorNotice error={action.error} />
        <div class="actions">
          <button type="submit" class="primary" disabled={action.busy}>
            {t("auth-unlock")}
          </button>
          <button type="button" onClick={() => void signOut()}>
            {t("auth-sign-out")}
          </button>
        </div>
      </form>
    </section>
  );
}
