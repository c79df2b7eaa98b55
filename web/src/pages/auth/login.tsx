// The login form: name and password. No default account exists: the first administrator is
// made by the first-run wizard with the setup code.
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { TextField } from "../../components/field";
import { ErrorNotice } from "../../components/problem";
import { t } from "../../i18n";
import { signIn, signedOutReason } from "../../session";

export function LoginScreen({ languageSwitch }: { languageSwitch: ComponentChildren }) {
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const reason = signedOutReason.value;
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(name.trim(), password);
    } catch (e) {
      setError(e);
      setPassword("");
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card narrow">
      <div class="card-head">
        <h1>{t("auth-sign-in-title")}</h1>
        {languageSwitch}
      </div>
      {reason && <p class="notice">{t(`auth-reason-${reason}`)}</p>}
      <form onSubmit={(e) => void submit(e)}>
        <TextField label={t("auth-name")} value={name} onValue={setName} autocomplete="username" required autoFocus />
        <TextField
          label={t("auth-password")}
          type="password"
          value={password}
          onValue={setPassword}
          autocomplete="current-password"
          required
        />
        <ErrorNotice error={error} />
        <button type="submit" class="primary" disabled={busy}>
          {t("auth-sign-in")}
        </button>
      </form>
    </section>
  );
}
