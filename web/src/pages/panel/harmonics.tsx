// The harmonics of an internal meter on My panel board: per order from the 2nd to the 40th,
// each phase's share of the fundamental as bars side by side (voltage or current), with the
// same numbers as a table. Read again every few seconds while the page is in sight, except while
// the pointer or the keyboard is on the chart, so that a bar being read stays put.
import { useId, useMemo, useRef, useState } from "preact/hooks";
import { api, call } from "../../api/client";
import { BarChart, swatchClass } from "../../charts/chart";
import { ErrorNotice } from "../../components/problem";
import { formatScaled } from "../../format/quantity";
import { locale, t } from "../../i18n";
import { here, navigate, withQuery } from "../../router";
import { timeZone } from "../../session";
import { useWhileVisible } from "../system/visible";
import { formatWhen } from "./format";
import { harmonicBars, parseQuantity, QUANTITIES, spectrumOf, type Harmonics, type Quantity, type Spectrum } from "./spectrum";

/** How often the spectrum is read again: the meter gives a new one every fast period (1 s by default). */
const REFRESH_MS = 5_000;

const percent = (value: number, lang: string) => formatScaled({ value, unit: "%" }, lang, value < 10 ? 2 : 1);

function QuantitySwitch({ value }: { value: Quantity }) {
  return (
    <div class="segmented" role="group" aria-label={t("panel-harmonics-of")}>
      {QUANTITIES.map((q) => (
        <button
          type="button"
          key={q}
          aria-pressed={q === value}
          onClick={() => navigate(withQuery({ harmonics: q === "voltage" ? null : q }), true)}
        >
          {t(`panel-harmonics-${q}`)}
        </button>
      ))}
    </div>
  );
}

function HarmonicsTable({ spectrum, quantity, shown, id }: { spectrum: Spectrum; quantity: Quantity; shown: boolean; id: string }) {
  const lang = locale.value;
  const caption = t(`panel-harmonics-caption-${quantity}`);
  const none = (
    <>
      <span aria-hidden="true">–</span>
      <span class="visually-hidden">{t("panel-harmonics-no-share")}</span>
    </>
  );
  return (
    // Shown, it scrolls sideways on narrow screens: focusable, so the keyboard can scroll it.
    <div id={id} class={shown ? "table-wrap chart-table panel-harmonics-table" : "visually-hidden"} {...(shown ? { tabIndex: 0, role: "region", "aria-label": caption } : {})}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("panel-harmonics-order")}</th>
            {spectrum.channels.map((c) => (
              <th scope="col" class="number" key={c.label}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t("panel-harmonics-fundamental")}</th>
            {spectrum.channels.map((c) => (
              <td class="number" key={c.label}>
                {c.fundamental === null ? none : formatScaled({ value: c.fundamental, unit: spectrum.unit }, lang, 1)}
              </td>
            ))}
          </tr>
          {spectrum.orders.map((order, i) => (
            <tr key={order}>
              <th scope="row">{order}</th>
              {spectrum.channels.map((c) => {
                const share = c.percent[i] ?? null;
                return (
                  <td class="number" key={c.label}>
                    {share === null ? none : percent(share, lang)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface Props {
  device: string;
}

/** The harmonics section of an internal meter. */
export function HarmonicsSection({ device }: Props) {
  const [answer, setAnswer] = useState<Harmonics | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tableShown, setTableShown] = useState(false);
  const headingId = useId();
  const tableId = useId();
  const held = useRef(false);
  useWhileVisible(async () => {
    if (held.current) return;
    try {
      setAnswer(await call(api.GET("/api/v1/live/{device}/harmonics", { params: { path: { device } } })));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, REFRESH_MS);

  const quantity = parseQuantity(here.value.query.get("harmonics"));
  const lang = locale.value;
  const spectrum = useMemo(() => (answer ? spectrumOf(answer, quantity) : null), [answer, quantity]);
  const fundamentalHz = answer?.fundamental_hz ?? null;
  // The chart is drawn again only when what it shows changes.
  const bars = useMemo(() => {
    if (!spectrum) return null;
    return harmonicBars(spectrum, (order) =>
      fundamentalHz === null
        ? t("panel-harmonics-order-n", { order })
        : t("panel-harmonics-order-at", { order, frequency: formatScaled({ value: order * fundamentalHz, unit: "Hz" }, lang, 0) }),
    );
  }, [spectrum, fundamentalHz, lang]);
  const hold = (on: boolean) => () => void (held.current = on);
  return (
    <section class="card panel-harmonics" aria-labelledby={headingId}>
      <div class="card-head">
        <h3 id={headingId}>{t("panel-harmonics")}</h3>
        {spectrum && (
          <button type="button" aria-pressed={tableShown} aria-controls={tableId} onClick={() => setTableShown(!tableShown)}>
            {t("panel-harmonics-table")}
          </button>
        )}
      </div>
      {answer?.timestamp && <QuantitySwitch value={quantity} />}
      <ErrorNotice error={error} />
      {!answer ? (
        !error && <p class="loading">{t("app-loading")}</p>
      ) : !spectrum || !bars ? (
        <p class="empty-note">{t("panel-harmonics-none-yet")}</p>
      ) : (
        <>
          <p class="panel-harmonics-facts">
            {answer.timestamp && <span>{t("panel-harmonics-measured", { time: formatWhen(answer.timestamp, lang, timeZone.value) })}</span>}
            {fundamentalHz !== null && (
              <span>{t("panel-harmonics-fundamental-at", { frequency: formatScaled({ value: fundamentalHz, unit: "Hz" }, lang, 2) })}</span>
            )}
            {answer.quality === "stale" && <strong class="panel-harmonics-stale">{t("panel-harmonics-stale")}</strong>}
          </p>
          <ul class="chart-legend static" aria-hidden="true">
            {bars.series.map((s) => (
              <li key={s.key}>
                <span class={swatchClass(s.colour)} />
                {s.label}
              </li>
            ))}
          </ul>
          {/* On a phone the 39 orders are wider than the screen: the chart scrolls sideways. */}
          <div
            class={answer.quality === "stale" ? "panel-harmonics-plot panel-not-live" : "panel-harmonics-plot"}
            onPointerEnter={hold(true)}
            onPointerLeave={hold(false)}
            onFocusIn={hold(true)}
            onFocusOut={hold(false)}
          >
            <BarChart
              data={bars}
              label={t(`panel-harmonics-chart-${quantity}`, { phases: spectrum.channels.map((c) => c.label).join(", "), max: answer.max_order })}
            />
          </div>
          <HarmonicsTable spectrum={spectrum} quantity={quantity} shown={tableShown} id={tableId} />
        </>
      )}
    </section>
  );
}
