// The login form: name and password. No default account exists: the first administrator is
// made by the first-run wizard with the setup code.
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { PasswordField, TextField } from "../../components/field";
import { ErrorNotice } from "../../components/problem";
import { t } from "../../i18n";
import { signIn, signedOutReason } from "../../session";
import { usePasswordForm } from "./password";

export function LoginScreen({ languageSwitch }: { languageSwitch: ComponentChildren }) {
  const [name, setName] = useState("");
  const { password, setPassword, action, submit } = usePasswordForm((typed) => signIn(name.trim(), typed));
  const reason = signedOutReason.value;
  return (
    <section class="card narrow">
      <div class="card-head">
        <h1>{t("auth-sign-in-title")}</h1>
        {languageSwitch}
      </div>
      {reason && <p class="notice">{t(`auth-reason-${reason}`)}</p>}
      <form onSubmit={(e) => void submit(e)}>
        <TextField label={t("auth-name")} value={name} onValue={setName} autocomplete="username" required autoFocus />
        <PasswordField label={t("auth-password")} autocomplete="current-password" value={password} onValue={setPassword} />
        <ErrorNotice error={action.error} />
        <button type="submit" class="primary" disabled={action.busy}>
          {t("auth-sign-in")}
        </button>
      </form>
    </section>
  );
}
