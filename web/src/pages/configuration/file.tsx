// The configuration file: the site as a TOML file to download (the one in force or any stored
// version), and a file to put in force instead, every error listed with its path.
import { useState } from "preact/hooks";
import { api, call, type Schemas } from "../../api/client";
import { ConfirmButtons, Dialog } from "../../components/dialog";
import { Field } from "../../components/field";
import { ErrorNotice } from "../../components/problem";
import { Loading, useAction, useData } from "../../components/server";
import { formatDateTime } from "../../format/time";
import { locale, t } from "../../i18n";
import { loadSite, timeZone } from "../../session";
import { SavedNotice } from "./ui";

const EXPORT = "/api/v1/system/config";

function Versions({ versions }: { versions: Schemas["ConfigVersionSummary"][] }) {
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">{t("configuration-file-versions")}</caption>
        <thead>
          <tr>
            <th scope="col" class="number">
              {t("configuration-file-version")}
            </th>
            <th scope="col">{t("configuration-file-saved-at")}</th>
            <th scope="col">{t("configuration-file-source")}</th>
            <th scope="col">
              <span class="visually-hidden">{t("configuration-file-download")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v, i) => (
            <tr>
              <td class="number">
                {v.version}
                {i === 0 && <span class="in-force"> {t("configuration-file-in-force")}</span>}
              </td>
              <td>{formatDateTime(v.saved_at, locale.value, timeZone.value)}</td>
              <td>{t(`configuration-source-${v.source}`)}</td>
              <td>
                <a href={`${EXPORT}?version=${v.version}`} download>
                  {t("configuration-file-download-version", { version: v.version })}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Import({ onImported }: { onImported: () => Promise<void> }) {
  const [file, setFile] = useState<File | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<Schemas["ConfigImported"] | null>(null);
  const put = useAction(async (chosen: File) => {
    setResult(null);
    const imported = await call(
      api.PUT("/api/v1/system/config", {
        body: await chosen.text(),
        bodySerializer: (body: string) => body,
        headers: { "content-type": "application/toml" },
      }),
    );
    setResult(imported);
    await onImported();
  });
  return (
    <section class="card" aria-labelledby="file-import">
      <h2 id="file-import">{t("configuration-file-import")}</h2>
      <p>{t("configuration-file-import-text")}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (file) setConfirming(true);
        }}
      >
        <Field label={t("configuration-file-choose")}>
          {({ id, describedBy }) => (
            <input
              id={id}
              type="file"
              accept=".toml,application/toml,text/plain"
              aria-describedby={describedBy}
              onChange={(e) => {
                setFile(e.currentTarget.files?.[0] ?? null);
                setResult(null);
                put.clear();
              }}
            />
          )}
        </Field>
        <div class="actions">
          <button type="submit" class="primary" disabled={!file || put.busy}>
            {t("configuration-file-import-button")}
          </button>
        </div>
      </form>
      {put.busy && <p class="loading" role="status">{t("configuration-working")}</p>}
      <ErrorNotice error={put.error} />
      {result &&
        (result.changed ? (
          <SavedNotice>
            <p>{t("configuration-file-imported", { version: result.version })}</p>
          </SavedNotice>
        ) : (
          <p class="notice" role="status">
            {t("configuration-file-unchanged", { version: result.version })}
          </p>
        ))}
      <Dialog title={t("configuration-file-confirm-title")} open={confirming} onClose={() => setConfirming(false)}>
        <p>{t("configuration-file-confirm-text", { name: file?.name ?? "" })}</p>
        <ConfirmButtons
          label={t("configuration-file-import-button")}
          danger
          onConfirm={() => {
            setConfirming(false);
            if (file) void put.run(file);
          }}
          onCancel={() => setConfirming(false)}
        />
      </Dialog>
    </section>
  );
}

export function FilePage({ reload }: { reload: () => Promise<void> }) {
  const versions = useData(() => call(api.GET("/api/v1/system/config/versions")), []);
  return (
    <>
      <p>{t("configuration-file-intro")}</p>
      <section class="card" aria-labelledby="file-export">
        <h2 id="file-export">{t("configuration-file-export")}</h2>
        <p>{t("configuration-file-export-text")}</p>
        <p>
          <a class="button-link primary" href={EXPORT} download>
            {t("configuration-file-download")}
          </a>
        </p>
        <h3>{t("configuration-file-versions")}</h3>
        <Loading data={versions.data} error={versions.error}>
          {(list) => <Versions versions={list} />}
        </Loading>
      </section>
      <Import
        onImported={async () => {
          await Promise.all([versions.reload(), reload(), loadSite()]);
        }}
      />
    </>
  );
}
