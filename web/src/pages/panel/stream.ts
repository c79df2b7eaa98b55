// The live stream of one device (`GET /api/v1/live/stream?devices=<id>`): its snapshot, new
// values and status changes feed a LiveDevice. When the stream breaks, the device's state is
// read once more to learn why: an ended or locked session is the session layer's to handle (the
// API client tells it), a refusal or a device that is gone stops the stream, anything else is
// retried with growing pauses. A stream that falls silent while the device has newer values
// (a connection dropped without a word, as a lost Wi-Fi or a proxy may leave it) is opened anew.
import { ApiError, api, call, type Schemas } from "../../api/client";
import type { DeviceState, LiveDevice } from "./live";

export type StreamState =
  | { kind: "connecting" }
  | { kind: "live" }
  | { kind: "reconnecting"; delay: number }
  | { kind: "stopped"; error: unknown };

/** The pause before the attempt after `failures` failed ones: 1 s, 2 s, 4 s … at most 30 s. */
export function retryDelay(failures: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.min(failures, 5));
}

/** How long the stream may stay silent before the device's state is read to check it. */
export const SILENCE_MS = 30_000;

/** The time of the latest reading of a state, in ms since the epoch (-Infinity without any). */
export function latestReading(state: DeviceState): number {
  return state.points.reduce((latest, p) => Math.max(latest, Date.parse(p.timestamp)), -Infinity);
}

/** Whether an error of the API means trying again cannot help. */
export function isFinal(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.status === 403 || error.status === 404);
}

function parse<T>(event: Event): T | null {
  try {
    return JSON.parse((event as MessageEvent<string>).data) as T;
  } catch {
    return null;
  }
}

export interface Watch {
  /** Ends the stream. */
  close: () => void;
  /** Tries again now instead of after the pause. */
  retryNow: () => void;
}

/** Streams `live`'s device into it; `onState` hears how the stream is. */
export function watchDevice(live: LiveDevice, onState: (state: StreamState) => void): Watch {
  const id = live.device;
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let closed = false;
  let heard = Date.now();

  const open = () => {
    onState({ kind: "connecting" });
    heard = Date.now();
    const stream = new EventSource(`/api/v1/live/stream?devices=${encodeURIComponent(id)}`);
    source = stream;
    const listen = (kind: string, handle: (event: Event) => void) =>
      stream.addEventListener(kind, (event) => {
        heard = Date.now();
        handle(event);
      });
    listen("snapshot", (event) => {
      const mine = parse<DeviceState[]>(event)?.find((s) => s.device === id);
      // A snapshot without the device: it was removed by a configuration change.
      if (!mine) return stop(new ApiError(404, null));
      live.replace(mine);
      failures = 0;
      onState({ kind: "live" });
    });
    listen("values", (event) => {
      const values = parse<Schemas["LiveValues"]>(event);
      if (values?.device === id) live.update(values.points);
    });
    listen("status", (event) => {
      const state = parse<DeviceState>(event);
      if (state?.device === id) live.replace(state);
    });
    stream.onerror = () => {
      stream.close();
      if (source !== stream) return;
      source = null;
      retry();
    };
  };

  const retry = () => {
    if (closed) return;
    const delay = retryDelay(failures);
    failures += 1;
    onState({ kind: "reconnecting", delay });
    timer = setTimeout(() => void probe(), delay);
  };

  const probe = async () => {
    timer = undefined;
    try {
      const state = await call(api.GET("/api/v1/live/{device}", { params: { path: { device: id } } }));
      if (closed) return;
      live.replace(state);
      open();
    } catch (error) {
      if (closed) return;
      if (isFinal(error)) stop(error);
      else retry();
    }
  };

  const stop = (error: unknown) => {
    source?.close();
    source = null;
    onState({ kind: "stopped", error });
  };

  /** Checks a silent stream against the device's state: newer readings there mean it is dead. */
  const checkSilence = async () => {
    if (!source || Date.now() - heard < SILENCE_MS) return;
    const known = live.updated.value === null ? -Infinity : Date.parse(live.updated.value);
    try {
      const state = await call(api.GET("/api/v1/live/{device}", { params: { path: { device: id } } }));
      if (closed || !source) return;
      heard = Date.now();
      if (latestReading(state) <= known) return;
      source.close();
      source = null;
      live.replace(state);
      open();
    } catch (error) {
      if (closed) return;
      source?.close();
      source = null;
      if (isFinal(error)) stop(error);
      else retry();
    }
  };
  const silence = setInterval(() => void checkSilence(), SILENCE_MS / 3);

  open();
  return {
    close: () => {
      closed = true;
      clearInterval(silence);
      clearTimeout(timer);
      source?.close();
      source = null;
    },
    retryNow: () => {
      if (closed || source) return;
      clearTimeout(timer);
      void probe();
    },
  };
}
