// System configuration (seed 003 §7.15): the landing page with the seeds' configuration sequence
// (gateways and devices → loads, groups and panel boards → settings) and one sub-page per
// section, each at /configuration/<section>, its selection in the query.
import { useEffect, useState } from "preact/hooks";
import { ErrorNotice } from "../../components/problem";
import { useData } from "../../components/server";
import type { DeviceStatus } from "../../components/status";
import { t } from "../../i18n";
import { here } from "../../router";
import { loadSite, site } from "../../session";
import { commissioned, deviceStatuses, readConfiguration, type Configuration } from "./data";
import { DevicesPage } from "./devices";
import { FilePage } from "./file";
import { GatewaysPage } from "./gateways";
import { LinksPage } from "./links";
import { GroupsPage, LoadsPage, PanelBoardsPage } from "./organisation";
import { SettingsPage } from "./settings";
import { TariffsPage } from "./tariffs";

const SECTIONS = ["gateways", "links", "devices", "loads", "groups", "panel-boards", "settings", "tariffs", "file"] as const;
type Section = (typeof SECTIONS)[number];

/** How often device statuses are read again while a page shows them. */
const STATUS_EVERY_MS = 10_000;

/** What a section page is given: the configuration, a way to read it again, device statuses. */
export interface SectionProps {
  config: Configuration;
  reload: () => Promise<void>;
  statuses: ReadonlyMap<string, DeviceStatus>;
}

function sectionAt(path: string): Section | null | undefined {
  const rest = path.replace(/^\/configuration\/?/, "").replace(/\/$/, "");
  if (rest === "") return null;
  return SECTIONS.find((s) => s === rest);
}

/** Device statuses, read now and then while the page is open and visible. */
function useStatuses(): ReadonlyMap<string, DeviceStatus> {
  const [statuses, setStatuses] = useState<ReadonlyMap<string, DeviceStatus>>(new Map());
  useEffect(() => {
    let current = true;
    const read = () => {
      if (document.visibilityState !== "visible") return;
      deviceStatuses().then(
        (s) => current && setStatuses(s),
        () => {},
      );
    };
    read();
    const timer = setInterval(read, STATUS_EVERY_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, []);
  return statuses;
}

function SectionNav({ current }: { current: Section | null }) {
  return (
    <nav class="config-nav" aria-label={t("configuration-sections")}>
      <ul>
        <li>
          <a href="/configuration" aria-current={current === null ? "page" : undefined}>
            {t("configuration-overview")}
          </a>
        </li>
        {SECTIONS.map((s) => (
          <li>
            <a href={`/configuration/${s}`} aria-current={current === s ? "page" : undefined}>
              {t(`configuration-section-${s}`)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Step({ number, title, text, links }: { number: number; title: string; text: string; links: [string, string][] }) {
  return (
    <li class="card config-step">
      <h2>
        <span class="step-number" aria-hidden="true">
          {number}
        </span>
        {title}
      </h2>
      <p>{text}</p>
      <ul class="config-step-links">
        {links.map(([href, label]) => (
          <li>
            <a href={href}>{label}</a>
          </li>
        ))}
      </ul>
    </li>
  );
}

function Landing({ config }: { config: Configuration }) {
  useEffect(() => {
    // The version in force and the first-start flag, as they are now.
    loadSite().catch(() => {});
  }, []);
  const count = (key: string, n: number) => `${t(`configuration-section-${key}`)} (${n})`;
  const settings = site.value;
  const done = commissioned();
  return (
    <>
      <p>{t("configuration-intro")}</p>
      {settings?.version != null && <p class="help-line">{t("configuration-version", { version: settings.version })}</p>}
      <ol class="config-steps">
        <Step
          number={1}
          title={t("configuration-step-devices")}
          text={t("configuration-step-devices-text")}
          links={[
            ["/configuration/gateways", count("gateways", config.gateways.length)],
            ["/configuration/links", count("links", config.links.length)],
            ["/configuration/devices", count("devices", config.devices.length)],
          ]}
        />
        <Step
          number={2}
          title={t("configuration-step-organisation")}
          text={t("configuration-step-organisation-text")}
          links={[
            ["/configuration/loads", count("loads", config.loads.length)],
            ["/configuration/groups", count("groups", config.groups.length)],
            ["/configuration/panel-boards", count("panel-boards", config.panelBoards.length)],
          ]}
        />
        <Step
          number={3}
          title={t("configuration-step-settings")}
          text={t("configuration-step-settings-text")}
          links={[
            ["/configuration/settings", t("configuration-section-settings")],
            ["/configuration/tariffs", t("configuration-section-tariffs")],
            ["/configuration/file", t("configuration-section-file")],
          ]}
        />
      </ol>
      <section class={done === false ? "notice warning" : "card"}>
        <h2>{t("page-wizard")}</h2>
        <p>{t(done === false ? "configuration-wizard-unfinished" : "configuration-wizard-text")}</p>
        <p>
          <a href="/welcome?step=site">{t(done === false ? "configuration-wizard-continue" : "configuration-wizard-again")}</a>
        </p>
      </section>
    </>
  );
}

export default function ConfigurationPage() {
  const section = sectionAt(here.value.path);
  const { data: config, error, reload } = useData(readConfiguration, []);
  const statuses = useStatuses();
  const title = section ? t(`configuration-section-${section}`) : t("page-configuration");
  const props = config && { config, reload, statuses };
  return (
    <div class="configuration">
      <h1>{title}</h1>
      <SectionNav current={section ?? null} />
      {section === undefined ? (
        <div class="notice error" role="alert">
          <strong>{t("app-not-found")}</strong>
          <p>
            <a href="/configuration">{t("configuration-overview")}</a>
          </p>
        </div>
      ) : (
        <>
          <ErrorNotice error={error} />
          {!props && !error && section !== "settings" && section !== "tariffs" && section !== "file" && <p class="loading">{t("app-loading")}</p>}
          {props && section === null && <Landing config={props.config} />}
          {props && section === "gateways" && <GatewaysPage {...props} />}
          {props && section === "links" && <LinksPage {...props} />}
          {props && section === "devices" && <DevicesPage {...props} />}
          {props && section === "loads" && <LoadsPage {...props} />}
          {props && section === "groups" && <GroupsPage {...props} />}
          {props && section === "panel-boards" && <PanelBoardsPage {...props} />}
          {section === "settings" && <SettingsPage />}
          {section === "tariffs" && <TariffsPage />}
          {section === "file" && <FilePage reload={reload} />}
        </>
      )}
    </div>
  );
}
