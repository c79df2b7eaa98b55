// Step 5 of the wizard: gateways and devices. Choose the bus (a link of the site or a new one),
// then scan it for unit ids that answer — each identified from its identification registers
// where the library can — and add the units chosen; or add a meter from the library by hand.
// "Test" reads any of them before it is added.
import { useEffect, useState } from "preact/hooks";
import { api, call, type Schemas } from "../../api/client";
import { SelectField, TextField } from "../../components/field";
import { ErrorNotice } from "../../components/problem";
import { Loading, useAction, useData } from "../../components/server";
import { t } from "../../i18n";
import { loadOptions, ProfilePicker } from "../configuration/devices";
import { nameOf, profileName, readConfiguration, readLibrary, type Configuration } from "../configuration/data";
import { LinkFields } from "../configuration/links";
import { idFromName, linkAddress, newLink, type LinkForm, type Profile } from "../configuration/model";
import { IdField, NumberField, ReadResultView, SavedNotice, fieldsOf, labelsFor } from "../configuration/ui";
import { StepNav } from "./nav";
import { POLL_MS, readScan, startScan, stopScan, type ScanUnit } from "./scan";
import { added, bus, busFields, rows, scan, scanRange, type Bus } from "./state";
import { devicesFor, rowsFor, type FoundRow } from "./steps";

/** The gateway choice that makes a new gateway for a new bus (no id starts with "+"). */
const NEW_GATEWAY = "+new";
/** Ids the API keeps for itself (`/devices/test`). */
const RESERVED_DEVICE_IDS = ["test"];

/** The bus as the API's `LinkChoice`: a saved link's id, or the new link (on its gateway when that exists already). */
function linkChoice(choice: Bus): Schemas["LinkChoice"] {
  if (choice.kind === "saved") return choice.link;
  const { gateway, ...link } = choice.link;
  return choice.newGateway ? { ...link, id: choice.id } : { ...link, id: choice.id, ...(gateway ? { gateway } : {}) };
}

function linkIdOf(choice: Bus): string {
  return choice.kind === "saved" ? choice.link : choice.id;
}

/** Keeps what the API refused in a new bus for its fields (read as `link.…`, saved as `links.<id>.…`). */
function noteBusFields(error: unknown, choice: Bus): void {
  busFields.value = choice.kind === "new" ? fieldsOf(error, ["link.", "links.*."]) : new Map();
}

/** Saves a new bus (and its new gateway) so devices can be added on it; the id of the link to use. */
async function ensureBus(choice: Bus, config: Configuration): Promise<string> {
  if (choice.kind === "saved") return choice.link;
  let gateway = choice.link.gateway ?? "local";
  if (choice.newGateway) {
    const created = await call(
      api.POST("/api/v1/gateways", {
        body: {
          id: idFromName(choice.newGateway.name, config.gateways.map((g) => g.id ?? ""), "gateway"),
          name: choice.newGateway.name,
          address: choice.newGateway.address || null,
        },
      }),
    );
    gateway = created.id ?? gateway;
  }
  const link = await call(api.POST("/api/v1/links", { body: { ...choice.link, gateway, id: choice.id } }));
  bus.value = { kind: "saved", link: link.id ?? choice.id };
  return link.id ?? choice.id;
}

function BusChoice({ config }: { config: Configuration }) {
  const links = config.links.filter((l) => l.kind !== "waveform_stream");
  const choice = bus.value;
  const fresh = (): Bus => ({
    kind: "new",
    id: idFromName("bus", config.links.map((l) => l.id ?? ""), "bus"),
    link: newLink(config.gateways[0]?.id ?? "local"),
    newGateway: null,
  });
  useEffect(() => {
    if (!bus.value) bus.value = links[0]?.id ? { kind: "saved", link: links[0].id } : fresh();
  }, []);
  if (!choice) return null;
  const choose = (next: Bus) => {
    bus.value = next;
    scan.value = null;
    rows.value = [];
  };
  return (
    <fieldset class="bus-choice">
      <legend>{t("wizard-bus")}</legend>
      {links.map((l) => (
        <div class="field check">
          <input
            type="radio"
            id={`bus-${l.id}`}
            name="bus"
            checked={choice.kind === "saved" && choice.link === l.id}
            onChange={() => choose({ kind: "saved", link: l.id ?? "" })}
          />
          <label for={`bus-${l.id}`}>
            {l.id} · {nameOf(config.gateways, l.gateway ?? "local")} · {t(`configuration-kind-${l.kind}`)} {linkAddress(l)}
          </label>
        </div>
      ))}
      <div class="field check">
        <input type="radio" id="bus-new" name="bus" checked={choice.kind === "new"} onChange={() => choice.kind !== "new" && choose(fresh())} />
        <label for="bus-new">{t("wizard-bus-new")}</label>
      </div>
      {choice.kind === "new" && <NewBus choice={choice} config={config} />}
    </fieldset>
  );
}

function NewBus({ choice, config }: { choice: Extract<Bus, { kind: "new" }>; config: Configuration }) {
  const update = (changes: Partial<Extract<Bus, { kind: "new" }>>) => {
    bus.value = { ...choice, ...changes };
    scan.value = null;
    rows.value = [];
  };
  const gateways = [...config.gateways, { id: NEW_GATEWAY, name: t("wizard-gateway-new") }];
  const link: LinkForm = choice.newGateway ? { ...choice.link, gateway: NEW_GATEWAY } : choice.link;
  return (
    <div class="new-bus">
      <IdField value={choice.id} onValue={(id) => update({ id })} />
      <LinkFields
        draft={link}
        gateways={gateways}
        fields={busFields.value}
        onDraft={(next) => {
          const wantsNew = next.gateway === NEW_GATEWAY;
          update({
            link: wantsNew ? { ...next, gateway: config.gateways[0]?.id ?? "local" } : next,
            newGateway: wantsNew ? (choice.newGateway ?? { name: "", address: "" }) : null,
          });
        }}
        afterGateway={
          choice.newGateway && (
            <div class="field-row new-gateway">
              <TextField
                label={t("wizard-gateway-name")}
                value={choice.newGateway.name}
                required
                onValue={(name) => update({ newGateway: { ...(choice.newGateway ?? { address: "" }), name } })}
              />
              <TextField
                label={t("configuration-gateway-address")}
                help={t("configuration-gateway-address-help")}
                value={choice.newGateway.address}
                spellcheck={false}
                onValue={(address) => update({ newGateway: { ...(choice.newGateway ?? { name: "" }), address } })}
              />
            </div>
          )
        }
      />
    </div>
  );
}

/** The candidates or the library to pick a unit's model from. */
function ModelCell({ unit, row, library, onProfile }: { unit: ScanUnit; row: FoundRow; library: readonly Profile[]; onProfile: (p: string) => void }) {
  const label = t("wizard-row-model", { unit: unit.unit_id });
  if (unit.candidates.length === 1) return <span>{`${unit.candidates[0]?.vendor ?? ""} ${unit.candidates[0]?.model ?? ""}`}</span>;
  const options =
    unit.candidates.length > 1
      ? unit.candidates.map((c) => ({ value: c.profile, label: `${c.vendor} ${c.model}` }))
      : library.map((p) => ({ value: p.id, label: `${p.vendor} ${p.model}` }));
  return (
    <>
      <span class="unknown-model">
        {unit.candidates.length > 1 ? t("wizard-row-several") : t("wizard-row-unknown")}
        {unit.exception != null && ` ${t("wizard-row-exception", { code: unit.exception })}`}
      </span>
      <select aria-label={label} value={row.profile} onChange={(e) => onProfile(e.currentTarget.value)}>
        {!row.profile && <option value="">{t("configuration-choose-option")}</option>}
        {options.map((o) => (
          <option value={o.value}>{o.label}</option>
        ))}
      </select>
    </>
  );
}

interface RowTest {
  result?: Schemas["ReadResult"];
  error?: unknown;
}

function FoundTable({ config, library, choice, outcomes }: { config: Configuration; library: readonly Profile[]; choice: Bus; outcomes: Map<number, unknown> }) {
  const [tests, setTests] = useState<Map<number, RowTest>>(new Map());
  const [testing, setTesting] = useState<number | null>(null);
  const units = scan.value?.found ?? [];
  const setRow = (unit: number, changes: Partial<FoundRow>) => {
    rows.value = rows.value.map((r) => (r.unit_id === unit ? { ...r, ...changes } : r));
  };
  const test = async (row: FoundRow) => {
    setTesting(row.unit_id);
    const next = new Map(tests);
    try {
      const device = { name: row.name, profile: row.profile, link: linkIdOf(choice), unit_id: row.unit_id };
      next.set(row.unit_id, { result: await call(api.POST("/api/v1/devices/test", { body: { link: linkChoice(choice), device } })) });
    } catch (error) {
      next.set(row.unit_id, { error });
    }
    setTests(next);
    setTesting(null);
  };
  if (units.length === 0) return null;
  return (
    <div class="table-wrap found-units">
      <table>
        <caption>{t("wizard-found", { count: units.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("wizard-col-add")}</th>
            <th scope="col" class="number">
              {t("configuration-unit-id")}
            </th>
            <th scope="col">{t("configuration-model")}</th>
            <th scope="col">{t("configuration-name")}</th>
            <th scope="col">{t("configuration-load")}</th>
            <th scope="col">
              <span class="visually-hidden">{t("configuration-test")}</span>
            </th>
          </tr>
        </thead>
        {units.map((unit) => {
          const row = rows.value.find((r) => r.unit_id === unit.unit_id);
          if (!row) return null;
          const configured = config.devices.find(
            (d) => d.id === unit.configured_as || (d.link === linkIdOf(choice) && d.unit_id === unit.unit_id),
          );
          const outcome = tests.get(unit.unit_id);
          const addError = outcomes.get(unit.unit_id);
          return (
            <tbody>
              {configured ? (
                <tr class="configured">
                  <td data-label={t("wizard-col-add")}>
                    <input type="checkbox" aria-label={t("wizard-row-add", { unit: unit.unit_id })} checked={false} disabled />
                  </td>
                  <td class="number" data-label={t("configuration-unit-id")}>
                    {unit.unit_id}
                  </td>
                  <td data-label={t("configuration-model")}>
                    {profileName(library, configured.profile)}
                    <span class="configured-as">{t("wizard-row-configured", { name: configured.name ?? configured.id ?? "" })}</span>
                  </td>
                  <td data-label={t("configuration-name")}>{configured.name}</td>
                  <td data-label={t("configuration-load")}>
                    {loadOptions(config).find((o) => o.value === (configured.load ?? ""))?.label}
                  </td>
                  <td />
                </tr>
              ) : (
                <tr>
                  <td data-label={t("wizard-col-add")}>
                    <input
                      type="checkbox"
                      aria-label={t("wizard-row-add", { unit: unit.unit_id })}
                      checked={row.selected}
                      disabled={!row.profile}
                      onChange={(e) => setRow(unit.unit_id, { selected: e.currentTarget.checked })}
                    />
                  </td>
                  <td class="number" data-label={t("configuration-unit-id")}>
                    {unit.unit_id}
                  </td>
                  <td data-label={t("configuration-model")}>
                    <ModelCell unit={unit} row={row} library={library} onProfile={(profile) => setRow(unit.unit_id, { profile, selected: true })} />
                  </td>
                  <td data-label={t("configuration-name")}>
                    <input
                      aria-label={t("wizard-row-name", { unit: unit.unit_id })}
                      value={row.name}
                      onInput={(e) => setRow(unit.unit_id, { name: e.currentTarget.value })}
                    />
                  </td>
                  <td data-label={t("configuration-load")}>
                    <select
                      aria-label={t("wizard-row-load", { unit: unit.unit_id })}
                      value={row.load ?? ""}
                      onChange={(e) => setRow(unit.unit_id, { load: e.currentTarget.value || null })}
                    >
                      {loadOptions(config).map((o) => (
                        <option value={o.value}>{o.label}</option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <button
                      type="button"
                      aria-label={t("wizard-row-test", { unit: unit.unit_id })}
                      disabled={!row.profile || testing !== null}
                      onClick={() => void test(row)}
                    >
                      {testing === unit.unit_id ? t("configuration-working") : t("configuration-test")}
                    </button>
                  </td>
                </tr>
              )}
              {(outcome || addError) && (
                <tr class="row-outcome">
                  <td colSpan={6}>
                    {outcome?.result && <ReadResultView result={outcome.result} />}
                    <ErrorNotice error={outcome?.error ?? addError} />
                  </td>
                </tr>
              )}
            </tbody>
          );
        })}
      </table>
    </div>
  );
}

function ScanPanel({ config, library, reload }: { config: Configuration; library: readonly Profile[]; reload: () => Promise<void> }) {
  const [error, setError] = useState<unknown>(null);
  const [outcomes, setOutcomes] = useState<Map<number, unknown>>(new Map());
  const [adding, setAdding] = useState(false);
  const [addedNow, setAddedNow] = useState(0);
  const current = scan.value;
  const choice = bus.value;
  const running = current?.state === "running";
  const unknownName = (unit: number) => t("wizard-unit-name", { unit });

  useEffect(() => {
    if (!current || current.state !== "running") return;
    const timer = setTimeout(() => {
      readScan(current.id).then(
        (next) => {
          scan.value = next;
          rows.value = rowsFor(next.found, rows.value, unknownName);
        },
        setError,
      );
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [current]);

  useEffect(
    () => () => {
      const left = scan.value;
      if (left?.state === "running") void stopScan(left.id).catch(() => {});
    },
    [],
  );

  if (!choice) return null;
  const start = async () => {
    setError(null);
    setOutcomes(new Map());
    setAddedNow(0);
    rows.value = [];
    try {
      const started = await startScan({ link: linkChoice(choice), unit_ids: scanRange.value });
      scan.value = started;
      rows.value = rowsFor(started.found, [], unknownName);
      busFields.value = new Map();
    } catch (e) {
      setError(e);
      noteBusFields(e, choice);
    }
  };
  const stop = async () => {
    if (!current) return;
    try {
      await stopScan(current.id);
    } catch (e) {
      setError(e);
    }
  };
  const addSelected = async () => {
    setAdding(true);
    setError(null);
    const results = new Map<number, unknown>();
    let count = 0;
    try {
      const link = await ensureBus(choice, config);
      const taken = [...config.devices.map((d) => d.id ?? ""), ...RESERVED_DEVICE_IDS];
      for (const device of devicesFor(rows.value, link, taken)) {
        try {
          const saved = await call(api.POST("/api/v1/devices", { body: device }));
          added.value = [...added.value, saved.id ?? device.id ?? ""];
          count += 1;
          rows.value = rows.value.map((r) => (r.unit_id === device.unit_id ? { ...r, selected: false } : r));
        } catch (e) {
          results.set(device.unit_id ?? 0, e);
        }
      }
      await reload();
    } catch (e) {
      setError(e);
      noteBusFields(e, choice);
    } finally {
      setOutcomes(results);
      setAddedNow(count);
      setAdding(false);
    }
  };
  const selected = rows.value.filter((r) => r.selected && r.profile).length;
  const fields = fieldsOf(error, []);
  return (
    <section class="scan-panel" aria-labelledby="wizard-scan-title">
      <h3 id="wizard-scan-title">{t("wizard-scan")}</h3>
      <p>{t("wizard-scan-text")}</p>
      <div class="field-row">
        <NumberField
          label={t("wizard-scan-from")}
          integer
          min={1}
          max={247}
          value={scanRange.value.from}
          error={fields.get("unit_ids.from")}
          onNumber={(from) => (scanRange.value = { ...scanRange.value, from: from ?? 1 })}
        />
        <NumberField
          label={t("wizard-scan-to")}
          integer
          min={1}
          max={247}
          value={scanRange.value.to}
          error={fields.get("unit_ids.to")}
          onNumber={(to) => (scanRange.value = { ...scanRange.value, to: to ?? 247 })}
        />
      </div>
      <div class="actions">
        {running ? (
          <button type="button" class="danger" onClick={() => void stop()}>
            {t("wizard-scan-stop")}
          </button>
        ) : (
          <button type="button" class="primary" onClick={() => void start()}>
            {t("wizard-scan-start")}
          </button>
        )}
      </div>
      <ErrorNotice error={error} labels={labelsFor(error, ["link.", "links.*."], { host: t("configuration-link-host"), port: t("configuration-link-port") })} />
      {current && (
        <div class="scan-progress">
          <progress max={current.total || 1} value={current.probed} aria-label={t("wizard-scan-progress-label")} />
          <p role="status" aria-live="polite">
            {t(`wizard-scan-${current.state}`, { probed: current.probed, total: current.total, found: current.found.length })}
          </p>
          {current.error && <p class="notice error">{current.error}</p>}
          {!running && current.state !== "failed" && current.found.length === 0 && <p class="notice">{t("wizard-scan-none")}</p>}
        </div>
      )}
      <FoundTable config={config} library={library} choice={choice} outcomes={outcomes} />
      {rows.value.length > 0 && (
        <div class="actions">
          <button type="button" class="primary" disabled={selected === 0 || adding || running} onClick={() => void addSelected()}>
            {t("wizard-add-selected", { count: selected })}
          </button>
        </div>
      )}
      {addedNow > 0 && (
        <SavedNotice>
          <p>{t("wizard-added", { count: addedNow })}</p>
        </SavedNotice>
      )}
    </section>
  );
}

function LibraryPanel({ config, library, reload }: { config: Configuration; library: readonly Profile[]; reload: () => Promise<void> }) {
  const [profile, setProfile] = useState("");
  const [unitId, setUnitId] = useState<number | null>(1);
  const [name, setName] = useState("");
  const [load, setLoad] = useState<string | null>(null);
  const [test, setTest] = useState<Schemas["ReadResult"] | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const choice = bus.value;
  const act = useAction(async (action: () => Promise<void>) => {
    setTest(null);
    setSaved(null);
    try {
      await action();
      busFields.value = new Map();
    } catch (e) {
      if (choice) noteBusFields(e, choice);
      throw e;
    }
  });
  if (!choice) return null;
  const chosen = library.find((p) => p.id === profile);
  const shownName = name || (chosen && unitId ? `${chosen.model} #${unitId}` : "");
  const device = (link: string) => ({ name: shownName, profile, link, unit_id: unitId, load });
  const fields = fieldsOf(act.error, ["device.", "devices.*."]);
  const runTest = () =>
    act.run(async () => {
      setTest(await call(api.POST("/api/v1/devices/test", { body: { link: linkChoice(choice), device: device(linkIdOf(choice)) } })));
    });
  const add = () =>
    act.run(async () => {
      const link = await ensureBus(choice, config);
      const id = idFromName(shownName, [...config.devices.map((d) => d.id ?? ""), ...RESERVED_DEVICE_IDS], "device");
      const created = await call(api.POST("/api/v1/devices", { body: { ...device(link), id } }));
      added.value = [...added.value, created.id ?? id];
      setSaved(created.name ?? id);
      setName("");
      await reload();
    });
  return (
    <section class="library-panel" aria-labelledby="wizard-library-title">
      <h3 id="wizard-library-title">{t("wizard-library")}</h3>
      <p>{t("wizard-library-text")}</p>
      <ProfilePicker profile={profile} library={library} onProfile={setProfile} withSpecial={false} error={fields.get("profile")} />
      <div class="field-row">
        <NumberField
          label={t("configuration-unit-id")}
          help={t("configuration-unit-id-help")}
          integer
          required
          min={1}
          max={247}
          value={unitId}
          error={fields.get("unit_id")}
          onNumber={setUnitId}
        />
        <TextField label={t("configuration-name")} value={shownName} onValue={setName} error={fields.get("name")} required />
      </div>
      <SelectField label={t("configuration-load")} value={load ?? ""} options={loadOptions(config)} onValue={(v) => setLoad(v || null)} />
      <ErrorNotice error={act.error} />
      <div class="actions">
        <button type="button" disabled={act.busy || !profile} onClick={() => void runTest()}>
          {t("configuration-test")}
        </button>
        <button type="button" class="primary" disabled={act.busy || !profile} onClick={() => void add()}>
          {t("wizard-library-add")}
        </button>
      </div>
      {test && <ReadResultView result={test} />}
      {saved && (
        <SavedNotice>
          <p>{t("wizard-library-added", { name: saved })}</p>
        </SavedNotice>
      )}
    </section>
  );
}

export function DevicesStep({ onDone }: { onDone: () => void }) {
  const { data: config, error, reload } = useData(readConfiguration, []);
  const { data: library, error: libraryError } = useData(readLibrary, []);
  const [mode, setMode] = useState<"scan" | "library">("scan");
  return (
    <div>
      <p>{t("wizard-devices-text")}</p>
      <Loading data={config && library && { config, library }} error={error ?? libraryError}>
        {({ config, library }) => {
          const mine = config.devices.filter((d) => added.value.includes(d.id ?? ""));
          return (
            <>
              <BusChoice config={config} />
              <div class="segmented" role="group" aria-label={t("wizard-how")}>
                <button type="button" aria-pressed={mode === "scan"} onClick={() => setMode("scan")}>
                  {t("wizard-scan")}
                </button>
                <button type="button" aria-pressed={mode === "library"} onClick={() => setMode("library")}>
                  {t("wizard-library")}
                </button>
              </div>
              {mode === "scan" ? (
                <ScanPanel config={config} library={library} reload={reload} />
              ) : (
                <LibraryPanel config={config} library={library} reload={reload} />
              )}
              <section class="wizard-added" aria-labelledby="wizard-added-title">
                <h3 id="wizard-added-title">{t("wizard-added-title", { count: mine.length })}</h3>
                {mine.length > 0 ? (
                  <ul>
                    {mine.map((d) => (
                      <li>
                        {d.name} · {profileName(library, d.profile)} · {d.link} #{d.unit_id}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p class="help-line">{t("wizard-added-none", { count: config.devices.length })}</p>
                )}
              </section>
            </>
          );
        }}
      </Loading>
      <StepNav step="devices" onNext={onDone} />
    </div>
  );
}
