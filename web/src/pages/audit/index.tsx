// The audit log: who did what, to what, from where, and how it ended, newest first; filtered by
// user, action and dates (local dates of the site), read a page at a time.
import { Fragment } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, call, type Schemas } from "../../api/client";
import { EmptyState } from "../../components/empty";
import { Field, TextField } from "../../components/field";
import { ErrorNotice } from "../../components/problem";
import { useAction } from "../../components/server";
import { formatDateTime } from "../../format/time";
import { has, locale, t } from "../../i18n";
import { here, navigate, withQuery } from "../../router";
import { timeZone } from "../../session";
import { ACTIONS, RESULTS, isAction } from "./actions";
import { nextDate, startOfDay } from "./dates";

type Entry = Schemas["AuditEntryView"];

/** Entries read at a time. */
const PAGE = 100;

function actionName(action: string): string {
  const key = `audit-action-${action}`;
  return has(key) ? t(key) : action;
}

interface Filters {
  user: string;
  action: string;
  since: string;
  until: string;
}

function filtersOf(query: URLSearchParams): Filters {
  return {
    user: query.get("user") ?? "",
    action: query.get("action") ?? "",
    since: query.get("since") ?? "",
    until: query.get("until") ?? "",
  };
}

/** The API's query for `filters` (dates as the site's local days, `until` included). */
function queryOf(filters: Filters, zone: string, before?: number) {
  return {
    limit: PAGE,
    ...(filters.user ? { user: filters.user } : {}),
    ...(isAction(filters.action) ? { action: filters.action } : {}),
    ...(filters.since ? { since: startOfDay(filters.since, zone) } : {}),
    ...(filters.until ? { until: startOfDay(nextDate(filters.until), zone) } : {}),
    ...(before !== undefined ? { before } : {}),
  };
}

function FilterForm({ filters }: { filters: Filters }) {
  const [draft, setDraft] = useState(filters);
  useEffect(() => setDraft(filters), [filters.user, filters.action, filters.since, filters.until]);
  const set = (key: keyof Filters) => (value: string) => setDraft({ ...draft, [key]: value });
  const apply = (event: Event) => {
    event.preventDefault();
    navigate(
      withQuery({
        user: draft.user.trim() || null,
        action: draft.action || null,
        since: draft.since || null,
        until: draft.until || null,
      }),
    );
  };
  const any = Object.values(filters).some((v) => v !== "");
  return (
    <form class="card audit-filters" onSubmit={apply} aria-label={t("audit-filters")}>
      <TextField label={t("audit-user")} autocomplete="off" value={draft.user} onValue={set("user")} />
      <Field label={t("audit-action")}>
        {({ id }) => (
          <select id={id} value={draft.action} onChange={(e) => set("action")(e.currentTarget.value)}>
            <option value="">{t("audit-any-action")}</option>
            {ACTIONS.map((a) => (
              <option value={a}>{actionName(a)}</option>
            ))}
          </select>
        )}
      </Field>
      <TextField label={t("audit-since")} type="date" value={draft.since} onValue={set("since")} />
      <TextField label={t("audit-until")} type="date" value={draft.until} onValue={set("until")} />
      <div class="actions">
        <button type="submit" class="primary">
          {t("audit-apply")}
        </button>
        {any && (
          <a class="audit-clear-link" href={withQuery({ user: null, action: null, since: null, until: null })}>
            {t("audit-clear")}
          </a>
        )}
      </div>
    </form>
  );
}

function Result({ result }: { result: string }) {
  const known = (RESULTS as readonly string[]).includes(result);
  return <span class={`audit-result audit-result-${known ? result : "other"}`}>{known ? t(`audit-result-${result}`) : result}</span>;
}

function Details({ detail }: { detail: Entry["detail"] }) {
  const entries = Object.entries(detail ?? {});
  if (entries.length === 0) return <span class="audit-none">—</span>;
  return (
    <details class="audit-detail">
      <summary>{t("audit-show-details")}</summary>
      <dl>
        {entries.map(([key, value]) => (
          <Fragment key={key}>
            <dt>{key}</dt>
            <dd>{typeof value === "string" ? value : JSON.stringify(value)}</dd>
          </Fragment>
        ))}
      </dl>
    </details>
  );
}

export default function AuditPage() {
  const query = here.value.query;
  const filters = filtersOf(query);
  const zone = timeZone.value;
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [more, setMore] = useState(false);
  const key = `${query.toString()}|${zone}`;
  /** The filters the entries shown were read with: an answer for older ones is dropped. */
  const shown = useRef(key);
  const read = useAction(async (before?: number) => {
    const asked = key;
    const page = await call(api.GET("/api/v1/audit", { params: { query: queryOf(filters, zone, before) } }));
    if (shown.current !== asked) return;
    setEntries((known) => (before === undefined ? page : [...(known ?? []), ...page]));
    setMore(page.length === PAGE);
  });
  useEffect(() => {
    shown.current = key;
    setEntries(null);
    void read.run();
  }, [key]);

  const last = entries?.[entries.length - 1];
  return (
    <>
      <h1>{t("page-audit")}</h1>
      <FilterForm filters={filters} />
      <ErrorNotice error={read.error} labels={{ since: t("audit-since"), until: t("audit-until") }} />
      {!entries && read.busy && <p class="loading">{t("app-loading")}</p>}
      {entries && entries.length === 0 && (
        <EmptyState title={t("audit-none")}>
          <p>{t("audit-none-help")}</p>
        </EmptyState>
      )}
      {entries && entries.length > 0 && (
        <>
          <div class="table-wrap">
            <table class="audit-table">
              <caption class="visually-hidden">{t("page-audit")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("audit-time")}</th>
                  <th scope="col">{t("audit-user")}</th>
                  <th scope="col">{t("audit-action")}</th>
                  <th scope="col">{t("audit-target")}</th>
                  <th scope="col">{t("audit-result")}</th>
                  <th scope="col">{t("audit-client")}</th>
                  <th scope="col">{t("audit-details")}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr key={entry.id}>
                    <td class="audit-time" data-label={t("audit-time")}>{formatDateTime(entry.at, locale.value, zone)}</td>
                    <td data-label={t("audit-user")}>{entry.user ?? <span class="audit-none">{t("audit-nobody")}</span>}</td>
                    <td data-label={t("audit-action")}>{actionName(entry.action)}</td>
                    <td class="audit-target" data-label={t("audit-target")}>{entry.target ?? <span class="audit-none">—</span>}</td>
                    <td data-label={t("audit-result")}>
                      <Result result={entry.result} />
                    </td>
                    <td class="audit-client" data-label={t("audit-client")}>{entry.client ?? <span class="audit-none">—</span>}</td>
                    <td data-label={t("audit-details")}>
                      <Details detail={entry.detail} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="actions">
            {more && last ? (
              <button type="button" disabled={read.busy} onClick={() => void read.run(last.id)}>
                {read.busy ? t("app-loading") : t("audit-older")}
              </button>
            ) : (
              <p class="audit-end">{t("audit-end", { count: entries.length })}</p>
            )}
          </div>
        </>
      )}
    </>
  );
}
