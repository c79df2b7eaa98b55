// A page and the server: the data it reads (kept while a later read fails, "Loading…" until it
// is there, the error in words), what it asks the server to do (busy while it runs, then the
// error it ended with, for ErrorNotice) and the notice of what was done.
import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { t } from "../i18n";
import { ErrorNotice } from "./problem";

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  /** Reads the data again (after a change); a failure is kept in `error`, the data read before stays. */
  reload: () => Promise<void>;
}

const NOTHING = { data: null, error: null };

/**
 * Data read when the component mounts and whenever `deps` change (nothing is shown for the
 * deps before), with the error if reading failed. An answer that comes after the deps changed
 * or the component is gone is dropped.
 */
export function useData<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown }>(NOTHING);
  const round = useRef(0);
  const reload = useCallback(async () => {
    const asked = round.current;
    try {
      const data = await load();
      if (round.current === asked) setState({ data, error: null });
    } catch (error) {
      if (round.current === asked) setState((s) => ({ data: s.data, error }));
    }
  }, deps);
  useEffect(() => {
    setState(NOTHING);
    void reload();
    return () => {
      round.current += 1;
    };
  }, [reload]);
  return { ...state, reload };
}

interface LoadingProps<T> {
  data: T | null;
  error: unknown;
  /** What the data shows, once it is there. */
  children: (data: T) => ComponentChildren;
}

/** The error of a read, "Loading…" until the data is there, then what it shows. */
export function Loading<T>({ data, error, children }: LoadingProps<T>) {
  return (
    <>
      <ErrorNotice error={error} />
      {data !== null ? children(data) : !error && <p class="loading">{t("app-loading")}</p>}
    </>
  );
}

interface TableProps<T> {
  rows: readonly T[] | null;
  error: unknown;
  /** What an empty list shows: what it means and what to do. */
  empty: ComponentChildren;
  class: string;
  /** The table's name for screen readers. */
  caption?: string;
  /** The header cells. */
  head: ComponentChildren;
  row: (item: T) => ComponentChildren;
}

/** A list read from the server as a table, one row per item, once it is there. */
export function LoadedTable<T>({ rows, error, empty, class: name, caption, head, row }: TableProps<T>) {
  return (
    <Loading data={rows} error={error}>
      {(items) =>
        items.length === 0 ? (
          empty
        ) : (
          <div class="table-wrap">
            <table class={name}>
              {caption && <caption class="visually-hidden">{caption}</caption>}
              <thead>
                <tr>{head}</tr>
              </thead>
              <tbody>{items.map(row)}</tbody>
            </table>
          </div>
        )
      }
    </Loading>
  );
}

/** Whether an action runs, and how its last run failed (null: it did not). */
export interface ActionState {
  busy: boolean;
  error: unknown;
}

export const IDLE: ActionState = { busy: false, error: null };

/** `state` with `change` made; `state` itself when nothing changes (so nothing is drawn again). */
export function changed(state: ActionState, change: Partial<ActionState>): ActionState {
  const next = { ...state, ...change };
  return next.busy === state.busy && next.error === state.error ? state : next;
}

export interface Runner {
  /** Runs `work`: busy with no error, then not busy with the error it threw; whether it succeeded. */
  run: (work: () => unknown) => Promise<boolean>;
  /** Forgets the error shown. */
  clear: () => void;
  /** Reports nothing more (the page is gone); a run under way still ends. */
  stop: () => void;
}

/** Runs actions and tells `report` each change of their state, until stopped. */
export function actionRunner(report: (change: Partial<ActionState>) => void): Runner {
  let live = true;
  const tell = (change: Partial<ActionState>) => {
    if (live) report(change);
  };
  return {
    async run(work) {
      tell({ busy: true, error: null });
      try {
        await work();
        tell({ busy: false });
        return true;
      } catch (error) {
        tell({ busy: false, error });
        return false;
      }
    },
    clear: () => tell({ error: null }),
    stop: () => {
      live = false;
    },
  };
}

export interface Action<A extends unknown[] = []> extends ActionState {
  /** Runs the action with `args` (as written at the last render); resolves whether it succeeded. */
  run: (...args: A) => Promise<boolean>;
  clear: () => void;
}

/** An action of a component; once the component is gone its state is left alone. */
export function useAction<A extends unknown[] = []>(work: (...args: A) => unknown): Action<A> {
  const [state, setState] = useState(IDLE);
  const latest = useRef(work);
  latest.current = work;
  const [runner] = useState(() => actionRunner((change) => setState((s) => changed(s, change))));
  useEffect(() => runner.stop, []);
  return { ...state, run: (...args: A) => runner.run(() => latest.current(...args)), clear: runner.clear };
}

/** A form's submit handler: `action` runs instead of the browser sending the form (not while the form is not `ready`). */
export function submitWith(action: Action, ready = true): (event: Event) => void {
  return (event) => {
    event.preventDefault();
    if (ready) void action.run();
  };
}

/** What was just done ("Password changed", "Token revoked"), said once and announced to screen readers. */
export function DoneNotice({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <p class="notice success" role="status">
      {text}
    </p>
  );
}
