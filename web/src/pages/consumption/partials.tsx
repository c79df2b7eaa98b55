// Partials: a counter split by load, measure group or panel board: all parts stacked or each in
// a chart of its own, or one part alone.
import { orderParts } from "../../charts/shape";
import { EmptyState } from "../../components/empty";
import { SelectField } from "../../components/field";
import { t } from "../../i18n";
import { here, navigate, withQuery } from "../../router";
import { mayOpen } from "../../session";
import { HistogramCard, partHistogram, StackedCard } from "./cards";
import { Choices, Pending } from "./controls";
import { countersAmong, csvHref, getHistogram, getPartials, pick, useLoad, type Moment, type ScopeInfo } from "./data";

const SPLITS = ["load", "group", "panel_board"] as const;
type Split = (typeof SPLITS)[number];

const LAYOUTS = ["stack", "each"] as const;

export function Partials({ moment, scopes }: { moment: Moment; scopes: readonly ScopeInfo[] }) {
  const query = here.value.query;
  const by: Split = pick(query.get("by"), SPLITS, "load");
  const parts = scopes.filter((s) => s.kind === by);
  const counters = countersAmong(parts);
  const point = pick(query.get("point"), counters, "energy_active_import");
  const part = parts.find((p) => p.scope === query.get("part")) ?? null;
  const layout = pick(query.get("layout"), LAYOUTS, "stack");
  const go = (changes: Record<string, string | null>) => navigate(withQuery(changes));
  const { period, date } = moment;
  const partialsQuery = { by, point, period, date };
  const partials = useLoad(part || parts.length === 0 ? null : `partials|${by}|${point}|${period}|${date}`, () =>
    getPartials(partialsQuery),
  );
  const histogramQuery = { scope: part?.scope ?? "site", point, period, date };
  const one = useLoad(part ? `histogram|${part.scope}|${point}|${period}|${date}` : null, () =>
    getHistogram(histogramQuery),
  );
  const title = `${t(`point-${point}`)} · ${part ? part.name : t(`consumption-by-${by}`)}`;

  let content;
  if (parts.length === 0) {
    content = (
      <EmptyState title={t(`consumption-no-parts-${by}`)}>
        {mayOpen("system_configuration") && (
          <p>
            <a href="/configuration">{t("consumption-configure-parts")}</a>
          </p>
        )}
      </EmptyState>
    );
  } else if (part) {
    content = one.data ? (
      <HistogramCard histogram={one.data} title={title} moment={moment} csv={csvHref("histogram", histogramQuery)} refresh={one.reload} busy={one.loading} />
    ) : (
      <Pending loaded={one} />
    );
  } else if (!partials.data) {
    content = <Pending loaded={partials} />;
  } else if (layout === "each" && partials.data.parts.length > 0) {
    const answer = partials.data;
    content = (
      <div class="small-multiples" aria-busy={partials.loading}>
        {orderParts(answer.parts).map((p) => {
          const histogram = partHistogram(p, { point: answer.point, unit: answer.unit, time_zone: answer.time_zone });
          return (
          <HistogramCard
            key={p.scope}
            histogram={histogram}
            title={histogram.name}
            moment={moment}
            csv={csvHref("histogram", { ...histogramQuery, scope: p.scope })}
            refresh={partials.reload}
            small
          />
          );
        })}
      </div>
    );
  } else {
    content = (
      <StackedCard
        parts={partials.data.parts}
        unit={partials.data.unit}
        timeZone={partials.data.time_zone}
        title={title}
        moment={moment}
        csv={csvHref("partials", partialsQuery)}
        refresh={partials.reload}
        busy={partials.loading}
      />
    );
  }

  return (
    <>
      <div class="view-controls">
        <Choices
          label={t("consumption-split-by")}
          value={by}
          options={SPLITS.map((s) => ({ value: s, label: t(`consumption-by-${s}`) }))}
          onChoose={(s) => go({ by: s, part: null })}
        />
        {parts.length > 0 && (
          <>
            <SelectField
              label={t("consumption-counter")}
              value={point}
              options={counters.map((c) => ({ value: c, label: t(`point-${c}`) }))}
              onValue={(c) => go({ point: c })}
            />
            <SelectField
              label={t("consumption-part")}
              value={part?.scope ?? ""}
              options={[{ value: "", label: t(`consumption-all-${by}`) }, ...orderParts(parts).map((p) => ({ value: p.scope, label: p.name }))]}
              onValue={(scope) => go({ part: scope || null })}
            />
            {!part && (
              <Choices
                label={t("consumption-layout")}
                value={layout}
                options={LAYOUTS.map((l) => ({ value: l, label: t(`consumption-layout-${l}`) }))}
                onChoose={(l) => go({ layout: l === "stack" ? null : l })}
              />
            )}
          </>
        )}
      </div>
      {content}
    </>
  );
}
