// API tokens: secrets that let scripts and other systems use the API with a role not above the
// owner's. Each user sees and revokes their own; administrators and EV managers also everyone's.
// A new token's secret is shown once, here, and never again.
import { useState } from "preact/hooks";
import { api, call, type RoleName, type Schemas } from "../../api/client";
import { Confirm, Dialog } from "../../components/dialog";
import { EmptyState } from "../../components/empty";
import { SelectField, TextField } from "../../components/field";
import { ErrorNotice, fieldErrors } from "../../components/problem";
import { DoneNotice, LoadedTable, submitWith, useAction, useData } from "../../components/server";
import { formatDateTime } from "../../format/time";
import { locale, t } from "../../i18n";
import { here, navigate, withQuery } from "../../router";
import { managesUsers, session, timeZone } from "../../session";
import { tokenRoles } from "../users/roles";

type Token = Schemas["TokenView"];

const date = (instant: string) => formatDateTime(instant, locale.value, timeZone.value);

/** Whether a token has stopped working by age. */
function expired(token: Token, now = Date.now()): boolean {
  return !!token.expires_at && Date.parse(token.expires_at) <= now;
}

function Secret({ token, onDone }: { token: Schemas["CreatedToken"]; onDone: () => void }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <section class="card tokens-secret" aria-labelledby="token-secret-title">
      <h2 id="token-secret-title">{t("tokens-secret-title", { name: token.name })}</h2>
      <p class="notice warning">
        <strong>{t("tokens-secret-once")}</strong>
      </p>
      <TextField
        label={t("tokens-secret")}
        help={t("tokens-secret-help")}
        readOnly
        spellcheck={false}
        value={token.token}
        onValue={() => {}}
      />
      <div class="actions">
        <button type="button" class="primary" onClick={() => void copy()}>
          {t("tokens-copy")}
        </button>
        <button type="button" onClick={onDone}>
          {t("tokens-secret-done")}
        </button>
      </div>
      <p role="status" class="tokens-copy-state">
        {copied === true && t("tokens-copied")}
        {copied === false && t("tokens-copy-failed")}
      </p>
    </section>
  );
}

type Expiry = "never" | "days";

function CreateToken({ own, onCreated }: { own: RoleName; onCreated: (token: Schemas["CreatedToken"]) => void }) {
  const roles = tokenRoles(own);
  const [name, setName] = useState("");
  const [role, setRole] = useState<RoleName>(roles[roles.length - 1] ?? own);
  const [expiry, setExpiry] = useState<Expiry>("days");
  const [days, setDays] = useState("90");
  const create = useAction(async () => {
    const body: Schemas["TokenCreation"] = { name, role };
    if (expiry === "days") body.expires_in_days = Number(days);
    onCreated(await call(api.POST("/api/v1/tokens", { body })));
    setName("");
  });
  const fields = fieldErrors(create.error);
  return (
    <section class="card" aria-labelledby="token-create-title">
      <h2 id="token-create-title">{t("tokens-create-title")}</h2>
      <form onSubmit={submitWith(create)}>
        <TextField
          label={t("tokens-name")}
          help={t("tokens-name-help")}
          error={fields.get("name")}
          autocomplete="off"
          required
          maxLength={64}
          value={name}
          onValue={setName}
        />
        <SelectField
          label={t("tokens-role")}
          help={t("tokens-role-help")}
          value={role}
          options={roles.map((r) => ({ value: r, label: t(`role-${r}`) }))}
          onValue={setRole}
        />
        <SelectField
          label={t("tokens-expiry")}
          value={expiry}
          options={[
            { value: "days", label: t("tokens-expiry-days") },
            { value: "never", label: t("tokens-expiry-never") },
          ]}
          onValue={setExpiry}
        />
        {expiry === "days" && (
          <TextField
            label={t("tokens-days")}
            help={t("tokens-days-help")}
            error={fields.get("expires_in_days")}
            type="number"
            inputMode="numeric"
            min={1}
            max={3650}
            step={1}
            required
            value={days}
            onValue={setDays}
          />
        )}
        <ErrorNotice error={create.error} labels={{ name: t("tokens-name"), expires_in_days: t("tokens-days") }} />
        <div class="actions">
          <button type="submit" class="primary" disabled={create.busy}>
            {t("tokens-create")}
          </button>
        </div>
      </form>
    </section>
  );
}

function RevokeToken({ token, onDone, onClose }: { token: Token; onDone: () => void; onClose: () => void }) {
  return (
    <Confirm
      text={t("tokens-revoke-text", { name: token.name, owner: token.owner })}
      label={t("tokens-revoke")}
      onConfirm={async () => {
        await call(api.DELETE("/api/v1/tokens/{id}", { params: { path: { id: token.id } } }));
        onDone();
      }}
      onCancel={onClose}
    />
  );
}

export default function TokensPage() {
  const me = session.value?.user;
  const all = managesUsers.value && here.value.query.get("all") === "true";
  const { data: tokens, error, reload } = useData(() => call(api.GET("/api/v1/tokens", { params: { query: all ? { all: true } : {} } })), [all]);
  const [created, setCreated] = useState<Schemas["CreatedToken"] | null>(null);
  const [revoking, setRevoking] = useState<Token | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (!me) return null;
  return (
    <>
      <h1>{t("page-tokens")}</h1>
      <p class="tokens-intro">{t("tokens-intro")}</p>
      {created ? (
        <Secret token={created} onDone={() => setCreated(null)} />
      ) : (
        <CreateToken
          own={me.role}
          onCreated={(token) => {
            setDone(null);
            setCreated(token);
            void reload();
          }}
        />
      )}
      <section aria-labelledby="token-list-title">
        <div class="card-head">
          <h2 id="token-list-title">{t(all ? "tokens-all" : "tokens-own")}</h2>
          {managesUsers.value && (
            <button
              type="button"
              aria-pressed={all}
              onClick={() => navigate(withQuery({ all: all ? null : "true" }))}
            >
              {t("tokens-show-all")}
            </button>
          )}
        </div>
        <DoneNotice text={done} />
        <LoadedTable
          rows={tokens}
          error={error}
          empty={
            <EmptyState title={t("tokens-none")}>
              <p>{t("tokens-none-help")}</p>
            </EmptyState>
          }
          class="tokens-table"
          head={
            <>
              <th scope="col">{t("tokens-name")}</th>
              {all && <th scope="col">{t("tokens-owner")}</th>}
              <th scope="col">{t("tokens-role")}</th>
              <th scope="col">{t("tokens-created")}</th>
              <th scope="col">{t("tokens-expires")}</th>
              <th scope="col">{t("tokens-last-used")}</th>
              <th scope="col">{t("users-actions")}</th>
            </>
          }
          row={(token) => (
            <tr key={token.id}>
              <th scope="row">{token.name}</th>
              {all && <td data-label={t("tokens-owner")}>{token.owner}</td>}
              <td data-label={t("tokens-role")}>{t(`role-${token.role}`)}</td>
              <td data-label={t("tokens-created")}>{date(token.created_at)}</td>
              <td data-label={t("tokens-expires")}>
                {token.expires_at ? date(token.expires_at) : t("tokens-never")}
                {expired(token) && <span class="tokens-tag tokens-expired">{t("tokens-expired")}</span>}
              </td>
              <td data-label={t("tokens-last-used")}>{token.last_used_at ? date(token.last_used_at) : t("tokens-never-used")}</td>
              <td>
                <button
                  type="button"
                  class="danger"
                  onClick={() => {
                    setDone(null);
                    setRevoking(token);
                  }}
                >
                  {t("tokens-revoke")}
                  <span class="visually-hidden"> {token.name}</span>
                </button>
              </td>
            </tr>
          )}
        />
      </section>
      <Dialog
        title={revoking ? t("tokens-revoke-title", { name: revoking.name }) : ""}
        open={revoking !== null}
        onClose={() => setRevoking(null)}
      >
        {revoking && (
          <RevokeToken
            key={revoking.id}
            token={revoking}
            onClose={() => setRevoking(null)}
            onDone={() => {
              setDone(t("tokens-revoked", { name: revoking.name }));
              setRevoking(null);
              void reload();
            }}
          />
        )}
      </Dialog>
    </>
  );
}
