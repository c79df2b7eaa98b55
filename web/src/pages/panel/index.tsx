// My panel board (seed 003 §8.2.1): the devices, filtered by gateway or panel board, each with
// its status; the selected device's live values grouped as a meter shows them.
import type { Signal } from "@preact/signals";
import { Fragment } from "preact";
import { useEffect, useId, useMemo, useRef, useState } from "preact/hooks";
import { api, ApiError, call, type Schemas } from "../../api/client";
import { EmptyState } from "../../components/empty";
import { Field } from "../../components/field";
import { ErrorNotice } from "../../components/problem";
import { StatusIcon } from "../../components/status";
import { formatQuantity } from "../../format/quantity";
import { has, locale, t } from "../../i18n";
import { here, navigate, withQuery } from "../../router";
import { mayOpen, timeZone } from "../../session";
import { useWhileVisible } from "../system/visible";
import { choiceText, filterDevices, gatewaysOf, panelBoardOf, parseChoice, type Choice } from "./filter";
import { formatCounter, formatWhen } from "./format";
import { HarmonicsSection } from "./harmonics";
import { measuresHarmonics } from "./spectrum";
import { LiveDevice, statusOf, type PointState, type StatusInfo } from "./live";
import { groupPoints, isCounter } from "./points";
import { watchDevice, type StreamState, type Watch } from "./stream";

type Device = Schemas["DeviceView"];

interface Site {
  devices: Device[];
  gateways: Schemas["GatewayForm"][];
  panelBoards: Schemas["PanelBoardForm"][];
  /** Device id → gateway id. */
  gatewayOf: Map<string, string>;
}

async function loadSite(): Promise<Site> {
  const [devices, gateways, panelBoards] = await Promise.all([
    call(api.GET("/api/v1/devices")),
    call(api.GET("/api/v1/gateways")),
    call(api.GET("/api/v1/panel-boards")),
  ]);
  return { devices, gateways, panelBoards, gatewayOf: gatewaysOf(devices) };
}

/** Every device's status, read again every 15 s while the page is seen. */
async function loadStatuses(): Promise<Map<string, StatusInfo>> {
  const states = await call(api.GET("/api/v1/live"));
  return new Map(states.map((s) => [s.device, statusOf(s)]));
}

const when = (instant: string) => formatWhen(instant, locale.value, timeZone.value);

function DeviceFilter({ site, choice }: { site: Site; choice: Choice }) {
  const byGateway = site.gatewayOf.size > 0;
  const value = choiceText(choice) ?? "all";
  return (
    <Field label={t("panel-show")}>
      {({ id }) => (
        <select
          id={id}
          value={value}
          onChange={(e) => {
            const next = e.currentTarget.value;
            navigate(withQuery({ show: next === "all" ? null : next, device: null }));
          }}
        >
          <option value="all">{t("panel-show-all")}</option>
          {byGateway && site.gateways.length > 0 && (
            <optgroup label={t("panel-show-gateways")}>
              {site.gateways.map((g) => (
                <option value={`gateway:${g.id ?? ""}`}>{g.name ?? g.id}</option>
              ))}
            </optgroup>
          )}
          {site.panelBoards.length > 0 && (
            <optgroup label={t("panel-show-panel-boards")}>
              {site.panelBoards.map((p) => (
                <option value={`panel_board:${p.id ?? ""}`}>{p.name ?? p.id}</option>
              ))}
            </optgroup>
          )}
        </select>
      )}
    </Field>
  );
}

function StatusLine({ info }: { info: StatusInfo | undefined | null }) {
  return (
    <span class="panel-device-status">
      <StatusIcon status={info?.status} withText />
      {info?.since && <span class="panel-since">{t("panel-since", { time: when(info.since) })}</span>}
    </span>
  );
}

interface ListProps {
  devices: Device[];
  selected: string | null;
  /** Every device's status; null until first read. */
  statuses: Map<string, StatusInfo> | null;
  live: LiveDevice | null;
}

function DeviceList({ devices, selected, statuses, live }: ListProps) {
  return (
    <ul class="panel-device-list">
      {devices.map((device) => {
        const id = device.id ?? "";
        const polled = statuses?.get(id);
        const info = id === live?.device ? (live.status.value ?? polled) : polled;
        return (
          <li key={id}>
            <a href={withQuery({ device: id })} aria-current={id === selected ? "true" : undefined}>
              <span class="panel-device-head">
                {device.unit_id != null && (
                  <span class="panel-unit-id">{t("panel-unit-id", { unit: device.unit_id })}</span>
                )}
                <span class="panel-device-name">{device.name ?? id}</span>
              </span>
              {(info || statuses) && <StatusLine info={info} />}
              {info?.status === "communication_error" && info.lastError && (
                <span class="panel-last-error">{info.lastError}</span>
              )}
            </a>
          </li>
        );
      })}
    </ul>
  );
}

function QualityMark({ quality }: { quality: string }) {
  if (quality === "good") return null;
  const key = `panel-quality-${quality}`;
  return <span class={`panel-quality panel-quality-${quality}`}>{has(key) ? t(key) : quality}</span>;
}

function Extreme({ extreme, unit, label }: { extreme: PointState["min"]; unit: string; label: string }) {
  return (
    <>
      {/* On a phone the rows wrap and the column heads are hidden: each cell names itself. */}
      <span class="panel-extreme-label" aria-hidden="true">
        {label}
      </span>
      {extreme ? (
        <>
          <span class="panel-value">{formatQuantity(extreme.value, unit, locale.value)}</span>
          <span class="panel-at">{when(extreme.at)}</span>
        </>
      ) : (
        <span class="panel-none">—</span>
      )}
    </>
  );
}

/** One point's row: it reads only its own signal, so only its own changes re-render it. */
function ValueRow({ point, extremes }: { point: Signal<PointState>; extremes: boolean }) {
  const state = point.value;
  const key = `point-${state.point}`;
  const value =
    state.value === null || state.value === undefined
      ? t("panel-no-value")
      : isCounter(state.point)
        ? formatCounter(state.value, state.unit, locale.value)
        : formatQuantity(state.value, state.unit, locale.value);
  return (
    <tr class={state.quality === "good" ? undefined : `panel-quality-row-${state.quality}`}>
      <th scope="row">{has(key) ? t(key) : state.point}</th>
      <td class="number panel-reading">
        <span class="panel-value">{value}</span>
        <QualityMark quality={state.quality} />
      </td>
      {extremes && (
        <>
          <td class="number panel-extreme">
            <Extreme extreme={state.min} unit={state.unit} label={t("panel-min")} />
          </td>
          <td class="number panel-extreme">
            <Extreme extreme={state.max} unit={state.unit} label={t("panel-max")} />
          </td>
        </>
      )}
    </tr>
  );
}

function ValueGroups({ live }: { live: LiveDevice }) {
  const groups = groupPoints(live.names.value);
  return (
    <div class="panel-value-groups">
      {groups.map(({ group, points }) => {
        // Counters have no minimum or maximum.
        const extremes = !points.every(isCounter);
        return (
          <section class="card panel-value-group" key={group}>
            <h3>{t(`point-group-${group}`)}</h3>
            <div class="table-wrap">
              <table class={extremes ? undefined : "panel-counters"}>
                <thead>
                  <tr>
                    <th scope="col">{t("panel-quantity")}</th>
                    <th scope="col" class="number">
                      {t("panel-value")}
                    </th>
                    {extremes && (
                      <>
                        <th scope="col" class="number panel-extreme">
                          {t("panel-min")}
                        </th>
                        <th scope="col" class="number panel-extreme">
                          {t("panel-max")}
                        </th>
                      </>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {points.map((name) => {
                    const signal = live.point(name);
                    return signal ? <ValueRow key={name} point={signal} extremes={extremes} /> : null;
                  })}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
    </div>
  );
}

function LastReading({ live }: { live: LiveDevice }) {
  const updated = live.updated.value;
  return updated ? <span class="panel-last-reading">{t("panel-last-reading", { time: when(updated) })}</span> : null;
}

function StreamNotice({ state, watch, live }: { state: StreamState; watch: Watch | null; live: LiveDevice }) {
  if (state.kind === "connecting") return <p class="panel-stream loading">{t("panel-connecting")}</p>;
  if (state.kind === "live") {
    return (
      <p class="panel-stream panel-live">
        <span class="panel-live-dot" aria-hidden="true" />
        <strong>{t("panel-live")}</strong> <LastReading live={live} />
      </p>
    );
  }
  if (state.kind === "reconnecting") {
    return (
      <div class="notice warning" role="status">
        <strong>{t("panel-reconnecting")}</strong>
        <p>{t("panel-reconnecting-in", { seconds: Math.round(state.delay / 1000) })}</p>
        <div class="actions">
          <button type="button" onClick={() => watch?.retryNow()}>
            {t("panel-reconnect-now")}
          </button>
        </div>
      </div>
    );
  }
  if (state.error instanceof ApiError && state.error.status === 404) {
    return (
      <div class="notice error" role="alert">
        <strong>{t("panel-device-gone")}</strong>
      </div>
    );
  }
  return <ErrorNotice error={state.error} />;
}

interface DetailProps {
  device: Device;
  site: Site;
  live: LiveDevice;
}

function DeviceDetail({ device, site, live }: DetailProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const [state, setState] = useState<StreamState>({ kind: "connecting" });
  const [watch, setWatch] = useState<Watch | null>(null);
  useEffect(() => {
    const w = watchDevice(live, setState);
    setWatch(w);
    return () => w.close();
  }, [live]);
  useEffect(() => {
    // On a phone the list stands above the values: a device chosen there brings them into view.
    const fromList = document.activeElement?.closest(".panel-device-list");
    if (fromList && matchMedia("(max-width: 720px)").matches) heading.current?.focus();
  }, [live]);
  const id = device.id ?? "";
  const gatewayId = site.gatewayOf.get(id);
  const gateway = site.gateways.find((g) => g.id === gatewayId);
  const boardId = panelBoardOf(device, site.gatewayOf, site.gateways);
  const board = site.panelBoards.find((p) => p.id === boardId);
  const info = live.status.value;
  const names = live.names.value;
  return (
    <section class="panel-device" aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        {device.name ?? id}
      </h2>
      <dl class="facts">
        {device.unit_id != null && (
          <>
            <dt>{t("panel-address")}</dt>
            <dd>{device.unit_id}</dd>
          </>
        )}
        {gateway && (
          <>
            <dt>{t("panel-gateway")}</dt>
            <dd>{gateway.name ?? gateway.id}</dd>
          </>
        )}
        {board && (
          <>
            <dt>{t("panel-panel-board")}</dt>
            <dd>{board.name ?? board.id}</dd>
          </>
        )}
        <dt>{t("panel-status")}</dt>
        <dd>
          <StatusLine info={info} />
        </dd>
        {info?.lastError && (
          <>
            <dt>{t("panel-last-error")}</dt>
            <dd class="panel-last-error">{info.lastError}</dd>
          </>
        )}
      </dl>
      <StreamNotice state={state} watch={watch} live={live} />
      {info?.status === "off" && <p class="notice">{t("panel-device-off")}</p>}
      {names.length === 0 ? (
        state.kind === "connecting" ? null : (
          <EmptyState title={t("panel-no-values")}>
            <p>{t("panel-no-values-help")}</p>
          </EmptyState>
        )
      ) : (
        <div class={state.kind === "live" ? "panel-values" : "panel-values panel-not-live"}>
          <ValueGroups live={live} />
          <details class="panel-quality-legend">
            <summary>{t("panel-quality-legend")}</summary>
            <dl class="facts">
              {(["stale", "derived", "bad"] as const).map((q) => (
                <Fragment key={q}>
                  <dt>
                    <QualityMark quality={q} />
                  </dt>
                  <dd>{t(`panel-quality-${q}-help`)}</dd>
                </Fragment>
              ))}
            </dl>
          </details>
        </div>
      )}
      {measuresHarmonics(device) && <HarmonicsSection device={id} />}
    </section>
  );
}

export default function PanelBoardPage() {
  const [site, setSite] = useState<Site | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [statuses, setStatuses] = useState<Map<string, StatusInfo> | null>(null);
  const [statusError, setStatusError] = useState<unknown>(null);
  const listId = useId();

  useEffect(() => {
    loadSite().then(setSite, setError);
  }, []);
  useWhileVisible(async () => {
    try {
      setStatuses(await loadStatuses());
      setStatusError(null);
    } catch (e) {
      setStatusError(e);
    }
  }, 15_000);

  const query = here.value.query;
  const choice = parseChoice(query.get("show"));
  const shown = site ? filterDevices(site.devices, choice, site.gatewayOf, site.gateways, locale.value) : [];
  const asked = query.get("device");
  const selectedId = asked ?? shown[0]?.id ?? null;
  const selected = site?.devices.find((d) => d.id === selectedId) ?? null;
  const live = useMemo(() => (selected?.id ? new LiveDevice(selected.id) : null), [selected?.id]);

  if (error) return <ErrorNotice error={error} />;
  if (!site) return <p class="loading">{t("app-loading")}</p>;

  return (
    <>
      <h1>{t("page-panel-board")}</h1>
      {site.devices.length === 0 ? (
        <EmptyState title={t("panel-no-devices")}>
          <p>
            {mayOpen("system_configuration") ? (
              <a href="/configuration">{t("panel-no-devices-add")}</a>
            ) : (
              t("panel-no-devices-ask")
            )}
          </p>
        </EmptyState>
      ) : (
        <div class="panel-layout">
          <section class="panel-devices" aria-labelledby={listId}>
            <h2 id={listId} class="visually-hidden">
              {t("panel-devices")}
            </h2>
            <DeviceFilter site={site} choice={choice} />
            <ErrorNotice error={statusError} />
            {shown.length === 0 ? (
              <EmptyState title={t("panel-none-shown")}>
                <p>
                  <a href={withQuery({ show: null, device: null })}>{t("panel-show-all")}</a>
                </p>
              </EmptyState>
            ) : (
              <DeviceList devices={shown} selected={selectedId} statuses={statuses} live={live} />
            )}
          </section>
          <div class="panel-detail">
            {asked && !selected ? (
              <div class="notice error" role="alert">
                <strong>{t("panel-device-unknown", { device: asked })}</strong>
              </div>
            ) : (
              selected && live && <DeviceDetail key={live.device} device={selected} site={site} live={live} />
            )}
          </div>
        </div>
      )}
    </>
  );
}
