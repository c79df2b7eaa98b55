// System information (seed 003 §8.8): the version, the last restarts, CPU and memory, the
// database's size, free space, backup and health, with "Optimize" and an integrity check.
// Read again every 5 s while the page is seen.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, call, type Schemas } from "../../api/client";
import { ConfirmButtons, Dialog } from "../../components/dialog";
import { ErrorNotice } from "../../components/problem";
import { DoneNotice, Loading, useAction } from "../../components/server";
import { formatDateTime } from "../../format/time";
import { formatNumber } from "../../format/quantity";
import { locale, t } from "../../i18n";
import { timeZone } from "../../session";
import {
  constantlyHigh,
  CPU_HIGH,
  formatBytes,
  formatLoad,
  formatPercent,
  HIGH_SAMPLES,
  machineShare,
} from "./measures";
import { useWhileVisible } from "./visible";

type SystemInfo = Schemas["SystemInfo"];
type Integrity = Schemas["IntegrityCheck"];

const date = (instant: string) => formatDateTime(instant, locale.value, timeZone.value);
const bytes = (n: number) => formatBytes(n, locale.value);

function Software({ info }: { info: SystemInfo }) {
  const { process, machine } = info;
  return (
    <section class="card" aria-labelledby="system-software">
      <h2 id="system-software">{t("system-software")}</h2>
      <dl class="facts">
        <dt>{t("system-version")}</dt>
        <dd class="system-version">{process.version}</dd>
        <dt>{t("system-started")}</dt>
        <dd>{date(process.started_at)}</dd>
        <dt>{t("system-acquisition-started")}</dt>
        <dd>{date(process.acquisition_started_at)}</dd>
        <dt>{t("system-booted")}</dt>
        <dd>{machine.booted_at ? date(machine.booted_at) : t("system-unknown")}</dd>
      </dl>
    </section>
  );
}

function Resources({ info, samples }: { info: SystemInfo; samples: readonly number[] }) {
  const { process, machine } = info;
  const share = process.cpu_percent == null ? null : machineShare(process.cpu_percent, machine.cpu_count);
  const total = machine.memory_total_bytes;
  const available = machine.memory_available_bytes;
  const used = total != null && available != null ? total - available : null;
  const load = machine.load_average;
  return (
    <section class="card" aria-labelledby="system-resources">
      <h2 id="system-resources">{t("system-resources")}</h2>
      <dl class="facts">
        <dt id="system-cpu-label">{t("system-cpu")}</dt>
        <dd>
          {share === null || process.cpu_percent == null ? (
            t("system-unknown")
          ) : (
            <>
              <meter
                class="system-gauge"
                min={0}
                max={100}
                low={CPU_HIGH - 20}
                high={CPU_HIGH}
                optimum={0}
                value={Math.min(100, share)}
                aria-labelledby="system-cpu-label"
              />{" "}
              <span class={share > CPU_HIGH ? "system-gauge-value system-high" : "system-gauge-value"}>
                {formatPercent(share, locale.value)}
              </span>
              <small class="help">
                {t("system-cpu-detail", {
                  percent: formatPercent(process.cpu_percent, locale.value),
                  cores: machine.cpu_count ?? 1,
                })}
              </small>
            </>
          )}
        </dd>
        {load && (
          <>
            <dt>{t("system-load")}</dt>
            <dd>
              {t("system-load-values", {
                one: formatLoad(load.one_minute, locale.value),
                five: formatLoad(load.five_minutes, locale.value),
                fifteen: formatLoad(load.fifteen_minutes, locale.value),
              })}
            </dd>
          </>
        )}
        <dt>{t("system-memory-ems")}</dt>
        <dd>{process.memory_bytes == null ? t("system-unknown") : bytes(process.memory_bytes)}</dd>
        <dt id="system-memory-label">{t("system-memory-machine")}</dt>
        <dd>
          {used === null || total == null ? (
            t("system-unknown")
          ) : (
            <>
              <meter
                class="system-gauge"
                min={0}
                max={total}
                high={total * 0.9}
                optimum={0}
                value={used}
                aria-labelledby="system-memory-label"
              />{" "}
              {t("system-memory-used", { used: bytes(used), total: bytes(total) })}
            </>
          )}
        </dd>
      </dl>
      <p class="help">{t("system-cpu-help", { threshold: formatPercent(CPU_HIGH, locale.value) })}</p>
      {constantlyHigh(samples) && (
        <p class="notice warning" role="status">
          {t("system-cpu-high", { threshold: formatPercent(CPU_HIGH, locale.value), seconds: HIGH_SAMPLES * 5 })}
        </p>
      )}
    </section>
  );
}

function IntegrityResult({ check }: { check: Integrity }) {
  return (
    <div class={check.ok ? "notice success" : "notice error"} role="status">
      <strong>{t(check.ok ? "system-integrity-ok" : "system-integrity-problems")}</strong>
      <p>{t("system-integrity-checked", { time: date(check.checked_at) })}</p>
      {!check.ok && check.messages.length > 0 && (
        <ul>
          {check.messages.map((m) => (
            <li>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Database({ store }: { store: SystemInfo["store"] }) {
  const backup = store.last_backup;
  return (
    <section class="card" aria-labelledby="system-database">
      <h2 id="system-database">{t("system-database")}</h2>
      <dl class="facts">
        <dt>{t("system-database-size")}</dt>
        <dd>
          {bytes(store.database_bytes + store.wal_bytes)}
          {store.wal_bytes > 0 && (
            <small class="help"> {t("system-database-wal", { size: bytes(store.wal_bytes) })}</small>
          )}
        </dd>
        <dt>{t("system-free-space")}</dt>
        <dd>{bytes(store.free_bytes)}</dd>
        <dt>{t("system-database-path")}</dt>
        <dd class="system-path">{store.path}</dd>
        <dt>{t("system-backup")}</dt>
        <dd>
          {backup ? (
            <>
              <span class={backup.ok ? "system-flag system-flag-ok" : "system-flag system-flag-bad"}>
                {t(backup.ok ? "system-backup-ok" : "system-backup-error")}
              </span>{" "}
              {date(backup.at)}
              {!backup.ok && backup.message && <small class="help"> {backup.message}</small>}
            </>
          ) : (
            t("system-backup-none")
          )}
        </dd>
        <dt>{t("system-health")}</dt>
        <dd>
          <span class={store.needs_optimize ? "system-flag system-flag-bad" : "system-flag system-flag-ok"}>
            {t(store.needs_optimize ? "system-optimize-recommended" : "system-optimize-not-needed")}
          </span>
          <small class="help">
            {" "}
            {t("system-health-detail", {
              blocks: store.pending_compaction,
              pages: formatNumber(store.free_pages, locale.value, 0),
            })}
          </small>
        </dd>
        {store.buffered_values > 0 && (
          <>
            <dt>{t("system-buffered")}</dt>
            <dd class="system-flag system-flag-bad">{t("system-buffered-values", { count: store.buffered_values })}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function Maintenance({ last, onChanged }: { last: Integrity | null | undefined; onChanged: () => void }) {
  const [asking, setAsking] = useState(false);
  const [report, setReport] = useState<Schemas["OptimizeReport"] | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const [check, setCheck] = useState<Integrity | null>(null);
  const optimize = useAction(async () => {
    setReport(null);
    setReport(await call(api.POST("/api/v1/system/optimize")));
    onChanged();
  });
  const integrity = useAction(async () => {
    setCheck(null);
    setElapsed(0);
    const health = await call(api.POST("/api/v1/system/integrity-check"));
    setCheck(health.integrity ?? null);
    onChanged();
  });

  useEffect(() => {
    if (!integrity.busy) return;
    const since = Date.now();
    const timer = setInterval(() => setElapsed(Math.round((Date.now() - since) / 1000)), 1000);
    return () => clearInterval(timer);
  }, [integrity.busy]);

  const shown = check ?? last;
  return (
    <section class="card" aria-labelledby="system-maintenance">
      <h2 id="system-maintenance">{t("system-maintenance")}</h2>
      <div class="system-task">
        <h3>{t("system-optimize")}</h3>
        <p class="help">{t("system-optimize-help")}</p>
        <div class="actions">
          <button type="button" class="primary" disabled={optimize.busy} onClick={() => setAsking(true)}>
            {optimize.busy ? t("system-optimizing") : t("system-optimize")}
          </button>
        </div>
        {optimize.busy && <progress class="system-busy" aria-label={t("system-optimizing")} />}
        <DoneNotice text={report && t("system-optimize-done", { blocks: report.compacted_blocks, freed: bytes(report.freed_bytes) })} />
        <ErrorNotice error={optimize.error} />
      </div>
      <div class="system-task">
        <h3>{t("system-integrity")}</h3>
        <p class="help">{t("system-integrity-help")}</p>
        <div class="actions">
          <button type="button" disabled={integrity.busy} onClick={() => void integrity.run()}>
            {integrity.busy ? t("system-integrity-running") : t("system-integrity-start")}
          </button>
        </div>
        {integrity.busy && (
          <p role="status" class="system-progress">
            <progress class="system-busy" aria-label={t("system-integrity-running")} />{" "}
            {t("system-integrity-elapsed", { seconds: elapsed })}
          </p>
        )}
        <ErrorNotice error={integrity.error} />
        {shown && !integrity.busy && <IntegrityResult check={shown} />}
        {!shown && !integrity.busy && <p class="help">{t("system-integrity-never")}</p>}
      </div>
      <Dialog title={t("system-optimize-confirm-title")} open={asking} onClose={() => setAsking(false)}>
        <p>{t("system-optimize-confirm")}</p>
        <ConfirmButtons
          label={t("system-optimize")}
          onConfirm={() => {
            setAsking(false);
            void optimize.run();
          }}
          onCancel={() => setAsking(false)}
        />
      </Dialog>
    </section>
  );
}

export default function SystemPage() {
  const [info, setInfo] = useState<SystemInfo | null>(null);
  const [error, setError] = useState<unknown>(null);
  const samples = useRef<number[]>([]);
  const read = async () => {
    try {
      const next = await call(api.GET("/api/v1/system"));
      const cpu = next.process.cpu_percent;
      if (cpu != null) samples.current = [...samples.current, machineShare(cpu, next.machine.cpu_count)].slice(-HIGH_SAMPLES);
      setInfo(next);
      setError(null);
    } catch (e) {
      setError(e);
    }
  };
  useWhileVisible(read, 5000);
  return (
    <>
      <h1>{t("page-system")}</h1>
      <Loading data={info} error={error}>
        {(info) => (
          <div class="system-grid">
            <Software info={info} />
            <Resources info={info} samples={samples.current} />
            <Database store={info.store} />
            <Maintenance last={info.store.integrity} onChanged={() => void read()} />
          </div>
        )}
      </Loading>
    </>
  );
}
