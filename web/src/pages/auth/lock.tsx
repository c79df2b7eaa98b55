// The lock screen: the session stays, nothing is shown until its user's password is typed again.
import { useState } from "preact/hooks";
import { TextField } from "../../components/field";
import { ErrorNotice } from "../../components/problem";
import { t } from "../../i18n";
import { session, signOut, unlock } from "../../session";

export function LockScreen() {
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await unlock(password);
    } catch (e) {
      setError(e);
      setPassword("");
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card narrow">
      <h1>{t("auth-locked-title")}</h1>
      <p>{t("auth-locked-text", { name: session.value?.user.name ?? "" })}</p>
      <form onSubmit={(e) => void submit(e)}>
        <input type="text" autocomplete="username" value={session.value?.user.name ?? ""} hidden readOnly />
        <TextField
          label={t("auth-password")}
          type="password"
          value={password}
          onValue={setPassword}
          autocomplete="current-password"
          required
          autoFocus
        />
        <ErrorNotice error={error} />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
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
