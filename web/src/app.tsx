// The frame of every page: the header (site, menu, language, user), the page itself, and the
// screens shown instead of pages (first-run setup, login, lock).
import type { FunctionComponent } from "preact";
import { useEffect, useState } from "preact/hooks";
import { Dialog } from "./components/dialog";
import { ErrorNotice } from "./components/problem";
import { LANGUAGES, language, languageName, setLanguage, t } from "./i18n";
import { LockScreen } from "./pages/auth/lock";
import { LoginScreen } from "./pages/auth/login";
import { PAGES, allowed, homeOf, pageAt, type PageRoute } from "./routes";
import { followLink, here, navigate } from "./router";
import { lock, locked, managesUsers, phase, session, signOut, site, start } from "./session";

/** A page's code, loaded once. */
const loaded = new Map<string, FunctionComponent>();

function usePage(route: PageRoute | undefined): { Page: FunctionComponent | null; error: unknown } {
  const [state, setState] = useState<{ Page: FunctionComponent | null; error: unknown }>({
    Page: route ? (loaded.get(route.path) ?? null) : null,
    error: null,
  });
  useEffect(() => {
    if (!route) return;
    const ready = loaded.get(route.path);
    if (ready) {
      setState({ Page: ready, error: null });
      return;
    }
    setState({ Page: null, error: null });
    let current = true;
    route
      .load()
      .then((module) => {
        loaded.set(route.path, module.default);
        if (current) setState({ Page: module.default, error: null });
      })
      .catch((error: unknown) => current && setState({ Page: null, error }));
    return () => {
      current = false;
    };
  }, [route]);
  return state;
}

function LanguageSwitch() {
  return (
    <label class="language">
      <span class="visually-hidden">{t("app-language")}</span>
      <select value={language.value} onChange={(e) => void setLanguage(e.currentTarget.value, true)}>
        {LANGUAGES.map((l) => (
          <option value={l} lang={l}>
            {languageName(l)}
          </option>
        ))}
      </select>
    </label>
  );
}

function SignOutDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [error, setError] = useState<unknown>(null);
  return (
    <Dialog title={t("auth-leave-title")} open={open} onClose={onClose}>
      <p>{t("auth-leave-text")}</p>
      <ErrorNotice error={error} />
      <div class="actions">
        <button type="button" class="primary" onClick={() => void signOut().then(onClose, setError)}>
          {t("auth-sign-out")}
        </button>
        <button type="button" onClick={() => void lock().then(onClose, setError)}>
          {t("auth-lock")}
        </button>
        <button type="button" onClick={onClose}>
          {t("app-cancel")}
        </button>
      </div>
    </Dialog>
  );
}

function Header() {
  const view = session.value;
  const [leaving, setLeaving] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const path = here.value.path;
  if (!view) return null;
  const entries = PAGES.filter((p) => p.menu && allowed(p, view.pages, managesUsers.value));
  return (
    <header class={menuOpen ? "top menu-open" : "top"}>
      <a class="brand" href={homeOf(view.pages, managesUsers.value)}>
        <span class="product">ems</span>
        {site.value?.name && <span class="site-name">{site.value.name}</span>}
      </a>
      <button
        type="button"
        class="menu-toggle"
        aria-expanded={menuOpen}
        aria-controls="main-menu user-menu"
        onClick={() => setMenuOpen(!menuOpen)}
      >
        {t("app-menu")}
      </button>
      <nav id="main-menu" aria-label={t("app-menu")} onClick={() => setMenuOpen(false)}>
        <ul>
          {entries.map((p) => (
            <li>
              <a href={p.path} aria-current={pageAt(path) === p ? "page" : undefined}>
                {t(p.title)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="user" id="user-menu">
        <LanguageSwitch />
        <a href="/account" class="user-name" title={t(`role-${view.user.role}`)}>
          {view.user.name}
        </a>
        <button type="button" onClick={() => void lock()}>
          {t("auth-lock")}
        </button>
        <button type="button" onClick={() => setLeaving(true)}>
          {t("auth-sign-out")}
        </button>
      </div>
      <SignOutDialog open={leaving} onClose={() => setLeaving(false)} />
    </header>
  );
}

function CurrentPage() {
  const view = session.value;
  const path = here.value.path;
  const route = pageAt(path);
  const { Page, error } = usePage(route);
  // A site whose first start is not finished opens the wizard where it stopped, for those who
  // may configure it; everyone else starts at their home page.
  const unfinished = site.value?.commissioned === false && view?.pages.includes("system_configuration");
  const home = view ? (unfinished ? "/welcome?step=site" : homeOf(view.pages, managesUsers.value)) : "/";
  useEffect(() => {
    if (view && site.value && (path === "/" || path === "/login" || path === "/setup")) navigate(home, true);
  }, [view, path, home, site.value]);
  useEffect(() => {
    document.title = route ? `${t(route.title)} · ems` : "ems";
  });
  if (!view || path === "/" || path === "/login" || path === "/setup") return null;
  if (!route) {
    return (
      <div class="notice error" role="alert">
        <strong>{t("app-not-found")}</strong>
        <p>
          <a href={home}>{t("app-go-home")}</a>
        </p>
      </div>
    );
  }
  if (!allowed(route, view.pages, managesUsers.value)) {
    return (
      <div class="notice error" role="alert">
        <strong>{t("error-forbidden")}</strong>
        <p>{t("app-page-not-allowed")}</p>
        <p>
          <a href={home}>{t("app-go-home")}</a>
        </p>
      </div>
    );
  }
  if (error) return <ErrorNotice error={error} />;
  if (!Page) return <p class="loading">{t("app-loading")}</p>;
  return <Page />;
}

/** The first-run wizard, shown before anyone can sign in. */
function Setup() {
  const route = PAGES.find((p) => p.path === "/welcome");
  const { Page, error } = usePage(route);
  if (error) return <ErrorNotice error={error} />;
  return Page ? <Page /> : <p class="loading">{t("app-loading")}</p>;
}

export function App() {
  const state = phase.value;
  return (
    <div class="app" onClick={followLink}>
      <a class="skip-link" href="#main">
        {t("app-skip-to-content")}
      </a>
      {state === "signed-in" && !locked.value && <Header />}
      <main id="main" tabIndex={-1}>
        {state === "starting" && <p class="loading">{t("app-loading")}</p>}
        {state === "setup" && (
          <>
            <div class="setup-language">
              <LanguageSwitch />
            </div>
            <Setup />
          </>
        )}
        {state === "unreachable" && (
          <div class="notice error" role="alert">
            <strong>{t("app-unreachable")}</strong>
            <div class="actions">
              <button type="button" onClick={() => void start()}>
                {t("app-retry")}
              </button>
            </div>
          </div>
        )}
        {state === "signed-out" && <LoginScreen languageSwitch={<LanguageSwitch />} />}
        {state === "signed-in" && (locked.value ? <LockScreen /> : <CurrentPage />)}
      </main>
    </div>
  );
}
