// The controls the consumption views share: the period and date with the arrows, the chart card
// (full screen, table, CSV download), the totals of a period beside the previous one, and the
// empty states.
import type { ComponentChildren } from "preact";
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { EmptyState } from "../../components/empty";
import { Field } from "../../components/field";
import { ErrorNotice } from "../../components/problem";
import { isCurrentPeriod, isDate, nextDate, periodStart, previousDate, PERIODS, type Period } from "../../format/period";
import { formatQuantity } from "../../format/quantity";
import { locale, t } from "../../i18n";
import { navigate, withQuery } from "../../router";
import { mayOpen } from "../../session";
import { periodTitle, type Totals } from "../../charts/shape";
import { refreshed, type Loaded, type Moment, type ScopeInfo, type ScopeKind } from "./data";

/** The date of the address for `date`: none for today, so a bookmark of today stays today. */
function dateParam(date: string, today: string): string | null {
  return date === today ? null : date;
}

/** Buttons of which one is chosen (aria-pressed), for a few choices. */
export function Choices<T extends string>({
  label,
  value,
  options,
  onChoose,
}: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChoose: (value: T) => void;
}) {
  return (
    <div class="segmented" role="group" aria-label={label}>
      {options.map((o) => (
        <button type="button" key={o.value} aria-pressed={o.value === value} onClick={() => onChoose(o.value)}>
          {o.label}
        </button>
      ))}
    </div>
  );
}

/** Period (day, month, year, ten years), date, one period back or forward, and back to today. */
export function PeriodBar({ moment }: { moment: Moment }) {
  const { period, date, today } = moment;
  const next = nextDate(date, period, today);
  const go = (changes: Record<string, string | null>) => navigate(withQuery(changes));
  return (
    <div class="period-bar">
      <Choices
        label={t("consumption-period")}
        value={period}
        options={PERIODS.map((p) => ({ value: p, label: t(`consumption-period-${p}`) }))}
        onChoose={(p: Period) => go({ period: p })}
      />
      <div class="period-steps">
        <button
          type="button"
          class="step"
          aria-label={t(`consumption-back-${period}`)}
          title={t(`consumption-back-${period}`)}
          onClick={() => go({ date: dateParam(previousDate(date, period), today) })}
        >
          <span aria-hidden="true">◀</span>
        </button>
        <label class="period-date">
          <span class="visually-hidden">{t("consumption-date")}</span>
          <input
            type="date"
            value={date}
            min="1000-01-01"
            max={today}
            onChange={(e) => {
              const value = e.currentTarget.value;
              if (isDate(value) && value <= today) go({ date: dateParam(value, today) });
            }}
          />
        </label>
        <button
          type="button"
          class="step"
          aria-label={t(`consumption-forward-${period}`)}
          title={t(`consumption-forward-${period}`)}
          disabled={next === null}
          onClick={() => next && go({ date: dateParam(next, today) })}
        >
          <span aria-hidden="true">▶</span>
        </button>
        <button type="button" disabled={isCurrentPeriod(date, period, today)} onClick={() => go({ date: null })}>
          {t("consumption-today")}
        </button>
      </div>
      <p class="period-title" aria-live="polite">
        {periodTitle(periodStart(date, period), period, locale.value)}
      </p>
    </div>
  );
}

interface ChartCardProps {
  title: string;
  /** The CSV download of what the card shows. */
  csv?: string | undefined;
  /** Asks the API again: every minute in full screen. */
  refresh?: (() => void) | undefined;
  busy?: boolean;
  children: ComponentChildren;
  /** The numbers as a table, shown on demand (else only to screen readers). */
  table?: ((shown: boolean) => ComponentChildren) | undefined;
  small?: boolean;
}

/** A chart with its title, its actions (table, CSV, full screen) and its table. */
export function ChartCard({ title, csv, refresh, busy = false, children, table, small = false }: ChartCardProps) {
  const ref = useRef<HTMLElement>(null);
  const [full, setFull] = useState(false);
  const [tableShown, setTableShown] = useState(false);
  const latestRefresh = useRef(refresh);
  latestRefresh.current = refresh;
  useEffect(() => {
    const changed = () => setFull(document.fullscreenElement !== null && document.fullscreenElement === ref.current);
    document.addEventListener("fullscreenchange", changed);
    return () => document.removeEventListener("fullscreenchange", changed);
  }, []);
  useEffect(() => {
    if (!full) return;
    const timer = setInterval(() => {
      refreshed.value = Date.now();
      latestRefresh.current?.();
    }, 60_000);
    return () => clearInterval(timer);
  }, [full]);
  const titleId = useId();
  const canFullScreen = typeof document !== "undefined" && document.fullscreenEnabled;
  return (
    <section ref={ref} class={`card chart-card${full ? " full" : ""}${small ? " small" : ""}`} aria-busy={busy} aria-labelledby={titleId}>
      <div class="card-head">
        <h2 id={titleId}>{title}</h2>
        <div class="chart-actions">
          {table && !full && (
            <button type="button" aria-pressed={tableShown} onClick={() => setTableShown(!tableShown)}>
              {t("consumption-table")}
            </button>
          )}
          {csv && !full && (
            <a class="button" href={csv} download>
              {t("consumption-download-csv")}
            </a>
          )}
          {canFullScreen && !full && (
            <button type="button" onClick={() => void ref.current?.requestFullscreen()}>
              {t("consumption-full-screen")}
            </button>
          )}
          {full && (
            <button type="button" class="primary" onClick={() => void document.exitFullscreen()}>
              {t("consumption-exit-full-screen")}
            </button>
          )}
        </div>
      </div>
      {children}
      {table?.(tableShown && !full)}
    </section>
  );
}

function signed(value: number, text: string): string {
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

/** A difference for people: "+1.2 kWh (+5.3 %)". */
export function formatDifference(difference: number | null, percent: number | null, unit: string, lang: string): string {
  if (difference === null) return t("consumption-no-comparison");
  const amount = signed(difference, formatQuantity(Math.abs(difference), unit, lang));
  if (percent === null) return amount;
  const share = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(percent / 100);
  return `${amount} (${share.replace("-", "−")})`;
}

/** A total for people, or "no data". */
export function formatTotal(total: number | null, unit: string, lang: string): string {
  return total === null ? t("consumption-no-data") : formatQuantity(total, unit, lang);
}

/**
 * While the period runs, what its difference was taken against: the previous period up to the
 * same time, whose amount differs from the previous period's whole total shown beside it.
 */
export function SoFar({ totals, unit, lang }: { totals: Totals; unit: string; lang: string }) {
  if (!totals.running || totals.difference === null || totals.reference === null) return null;
  return <small class="so-far">{t("consumption-difference-so-far", { amount: formatQuantity(totals.reference, unit, lang) })}</small>;
}

/** The total of the period, of the previous one, and the difference. */
export function TotalsFacts({ totals, unit, labels }: { totals: Totals; unit: string; labels: { current: string; previous: string } }) {
  const lang = locale.value;
  return (
    <dl class="totals">
      <div class="total-current">
        <dt>{labels.current}</dt>
        <dd>{formatTotal(totals.current, unit, lang)}</dd>
      </div>
      <div>
        <dt>{labels.previous}</dt>
        <dd>{formatTotal(totals.previous, unit, lang)}</dd>
      </div>
      <div>
        <dt>{t("consumption-difference")}</dt>
        <dd>
          {formatDifference(totals.difference, totals.percent, unit, lang)}
          <SoFar totals={totals} unit={unit} lang={lang} />
        </dd>
      </div>
    </dl>
  );
}

/** Nothing measured in the period: which period, and a way one period back. */
export function NoData({ moment, title }: { moment: Moment; title: string }) {
  const back = previousDate(moment.date, moment.period);
  return (
    <EmptyState title={t("consumption-no-data-in", { period: title })}>
      <p>{t("consumption-no-data-hint")}</p>
      <p>
        <a href={withQuery({ date: dateParam(back, moment.today) })}>{t(`consumption-back-${moment.period}`)}</a>
      </p>
    </EmptyState>
  );
}

/** No device measures anything yet. */
export function NoDevices() {
  return (
    <EmptyState title={t("consumption-no-devices")}>
      <p>{t("consumption-no-devices-hint")}</p>
      {mayOpen("system_configuration") && (
        <p>
          <a href="/configuration">{t("consumption-add-devices")}</a>
        </p>
      )}
    </EmptyState>
  );
}

/** An answer still on its way, or an error with a way to ask again. */
export function Pending<T>({ loaded }: { loaded: Loaded<T> }) {
  if (loaded.error)
    return (
      <div>
        <ErrorNotice error={loaded.error} />
        <button type="button" onClick={loaded.reload}>
          {t("app-retry")}
        </button>
      </div>
    );
  return (
    <p class="loading" role="status">
      {t("app-loading")}
    </p>
  );
}

const KIND_ORDER: readonly ScopeKind[] = ["site", "device", "load", "group", "panel_board"];

/** A choice among `scopes`, grouped by kind. */
export function ScopePicker({ label, value, scopes, onValue }: { label: string; value: string; scopes: readonly ScopeInfo[]; onValue: (scope: string) => void }) {
  return (
    <Field label={label}>
      {({ id }) => (
        <select id={id} value={value} onChange={(e) => onValue(e.currentTarget.value)}>
          {KIND_ORDER.map((kind) => {
            const ofKind = scopes.filter((s) => s.kind === kind);
            return ofKind.length === 0 ? null : (
              <optgroup key={kind} label={t(`consumption-kind-${kind}`)}>
                {ofKind.map((s) => (
                  <option key={s.scope} value={s.scope}>
                    {s.name}
                  </option>
                ))}
              </optgroup>
            );
          })}
        </select>
      )}
    </Field>
  );
}
