// Details: one device, chosen from a list (with its status) filtered by load or measure group;
// the histogram of one of its counters, or a momentary quantity over the period as its mean
// with the min–max band.
import { useMemo } from "preact/hooks";
import { api, call } from "../../api/client";
import { LineChart, LineTable } from "../../charts/chart";
import { lineOf, periodTitle } from "../../charts/shape";
import { Field, SelectField } from "../../components/field";
import { EmptyState } from "../../components/empty";
import { ErrorNotice } from "../../components/problem";
import { StatusIcon } from "../../components/status";
import { periodEnd, periodStart } from "../../format/period";
import { locale, t } from "../../i18n";
import { here, navigate, withQuery } from "../../router";
import { HistogramCard } from "./cards";
import { ChartCard, Choices, NoData, Pending } from "./controls";
import { countersOf, csvHref, getHistogram, getSeries, loadStatuses, pick, quantitiesOf, useLoad, type Moment, type ScopeInfo } from "./data";

const TABS = ["energy", "quantities"] as const;

/** The devices with their load and groups (readable by anyone signed in), and their statuses. */
async function loadDevices() {
  const [devices, statuses] = await Promise.all([
    call(api.GET("/api/v1/devices")),
    loadStatuses().catch(() => new Map<string, never>()),
  ]);
  return { devices, statuses };
}

/** Points for a chart about as many as it is wide. */
function pointsForWidth(): number {
  const width = document.querySelector("main")?.clientWidth ?? 800;
  return Math.max(100, Math.min(2000, Math.round(width)));
}

function Quantities({ device, moment }: { device: ScopeInfo; moment: Moment }) {
  const query = here.value.query;
  const quantities = quantitiesOf(device);
  const quantity = pick(query.get("quantity"), quantities, "active_power");
  const from = periodStart(moment.date, moment.period);
  const to = periodEnd(moment.date, moment.period);
  const seriesQuery = { device: device.id, point: quantity, from, to, max_points: pointsForWidth() };
  const loaded = useLoad(quantities.length ? `series|${device.id}|${quantity}|${from}|${to}` : null, () => getSeries(seriesQuery));
  const lang = locale.value;
  const title = `${device.name} · ${t(`point-${quantity}`)}`;
  const periodText = periodTitle(from, moment.period, lang);
  const answer = loaded.data;
  const line = useMemo(() => (answer ? lineOf(answer) : null), [answer]);
  if (quantities.length === 0) return <EmptyState title={t("consumption-no-quantities", { device: device.name })} />;
  return (
    <>
      <div class="view-controls">
        <SelectField
          label={t("consumption-quantity")}
          value={quantity}
          options={quantities.map((q) => ({ value: q, label: t(`point-${q}`) }))}
          onValue={(q) => navigate(withQuery({ quantity: q }))}
        />
      </div>
      {!answer || !line ? (
        <Pending loaded={loaded} />
      ) : (
        <ChartCard
          title={title}
          csv={csvHref("series", seriesQuery)}
          refresh={loaded.reload}
          busy={loaded.loading}
          table={line.x.length ? (shown) => <LineTable data={line} caption={`${title}: ${periodText}`} shown={shown} timeZone={answer.time_zone} /> : undefined}
        >
          {line.x.length === 0 ? (
            <NoData moment={moment} title={periodText} />
          ) : (
            <>
              <ul class="chart-legend static" aria-label={t("consumption-legend")}>
                <li>
                  <span class="swatch swatch-series-1" aria-hidden="true" />
                  {t("consumption-mean")}
                </li>
                <li>
                  <span class="swatch swatch-band" aria-hidden="true" />
                  {t("consumption-band")}
                </li>
              </ul>
              <LineChart
                data={line}
                label={t("consumption-chart-label", { title, period: periodText })}
                options={{
                  period: moment.period,
                  timeZone: answer.time_zone,
                  from: Date.parse(answer.from) / 1000,
                  to: Date.parse(answer.to) / 1000,
                  colour: "--series-1",
                }}
              />
            </>
          )}
        </ChartCard>
      )}
    </>
  );
}

function Energy({ device, moment }: { device: ScopeInfo; moment: Moment }) {
  const query = here.value.query;
  const counters = countersOf(device, true);
  const point = pick(query.get("point"), counters, "energy_active_import");
  const histogramQuery = { scope: device.scope, point, period: moment.period, date: moment.date };
  const loaded = useLoad(Object.values(histogramQuery).join("|"), () => getHistogram(histogramQuery));
  return (
    <>
      <div class="view-controls">
        <SelectField
          label={t("consumption-counter")}
          value={point}
          options={counters.map((c) => ({ value: c, label: t(`point-${c}`) }))}
          onValue={(c) => navigate(withQuery({ point: c }))}
        />
      </div>
      {loaded.data ? (
        <HistogramCard
          histogram={loaded.data}
          title={`${device.name} · ${t(`point-${point}`)}`}
          moment={moment}
          csv={csvHref("histogram", histogramQuery)}
          refresh={loaded.reload}
          busy={loaded.loading}
        />
      ) : (
        <Pending loaded={loaded} />
      )}
    </>
  );
}

export function Details({ moment, scopes }: { moment: Moment; scopes: readonly ScopeInfo[] }) {
  const query = here.value.query;
  const loaded = useLoad("devices", loadDevices);
  const devices = scopes.filter((s) => s.kind === "device");
  const filters = scopes.filter((s) => s.kind === "load" || s.kind === "group");
  const filter = filters.find((s) => s.scope === query.get("filter")) ?? null;
  const forms = new Map((loaded.data?.devices ?? []).map((d) => [d.id ?? "", d]));
  const shown = devices.filter((d) => {
    if (!filter) return true;
    const form = forms.get(d.id);
    const place = d.place ?? (form ? { load: form.load ?? null, groups: form.groups ?? [] } : null);
    if (!place) return false;
    return filter.kind === "load" ? (place.load ?? "others") === filter.id : place.groups.includes(filter.id);
  });
  const device = devices.find((d) => d.id === query.get("device")) ?? shown[0] ?? devices[0];
  const tab = pick(query.get("tab"), TABS, "energy");
  const statuses = loaded.data?.statuses;
  const go = (changes: Record<string, string | null>) => navigate(withQuery(changes));
  return (
    <div class="details">
      <section class="device-picker" aria-label={t("consumption-devices")}>
        <Field label={t("consumption-filter")}>
          {({ id }) => (
            <select id={id} value={filter?.scope ?? ""} onChange={(e) => go({ filter: e.currentTarget.value || null })}>
              <option value="">{t("consumption-all-devices")}</option>
              {(["load", "group"] as const).map((kind) => (
                <optgroup key={kind} label={t(`consumption-kind-${kind}`)}>
                  {filters
                    .filter((f) => f.kind === kind)
                    .map((f) => (
                      <option key={f.scope} value={f.scope}>
                        {f.name}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
        {loaded.error && <ErrorNotice error={loaded.error} />}
        {shown.length === 0 ? (
          <p class="empty-note">{t("consumption-no-devices-here")}</p>
        ) : (
          <ul class="device-list">
            {shown.map((d) => (
              <li key={d.scope}>
                <a href={withQuery({ device: d.id })} aria-current={d === device ? "true" : undefined}>
                  {statuses?.has(d.id) && <StatusIcon status={statuses.get(d.id)} />}
                  <span>{d.name}</span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
      {device && (
        <section class="device-detail" aria-label={device.name}>
          <Choices
            label={t("consumption-details-tab")}
            value={tab}
            options={TABS.map((v) => ({ value: v, label: t(`consumption-tab-${v}`) }))}
            onChoose={(v) => go({ tab: v === "energy" ? null : v })}
          />
          {tab === "energy" ? <Energy key={device.scope} device={device} moment={moment} /> : <Quantities key={device.scope} device={device} moment={moment} />}
        </section>
      )}
    </div>
  );
}
