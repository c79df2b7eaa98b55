// The live values of one device as signals: one per point, so a new reading re-renders only the
// value it changes, and one for the list of points and one for the status.
import { batch, signal, type Signal } from "@preact/signals";
import type { Schemas } from "../../api/client";
import type { DeviceStatus } from "../../components/status";

export type DeviceState = Schemas["DeviceState"];
export type PointState = Schemas["PointState"];

/** A device's status as the list and the detail show it. */
export interface StatusInfo {
  status: DeviceStatus;
  since: string | null;
  lastError: string | null;
}

/** The status part of a device state. */
export function statusOf(state: DeviceState): StatusInfo {
  return {
    status: (state.status ?? null) as DeviceStatus,
    since: state.status_since ?? null,
    lastError: state.last_error ?? null,
  };
}

/** Whether `next` shows anything `previous` does not (the time of reading alone does not count). */
export function pointChanged(previous: PointState, next: PointState): boolean {
  return (
    previous.value !== next.value ||
    previous.quality !== next.quality ||
    previous.unit !== next.unit ||
    previous.min?.value !== next.min?.value ||
    previous.min?.at !== next.min?.at ||
    previous.max?.value !== next.max?.value ||
    previous.max?.at !== next.max?.at
  );
}

/** What is known live of one device. */
export class LiveDevice {
  readonly status = signal<StatusInfo | null>(null);
  /** The names of its points, in the order the device sent them. */
  readonly names = signal<readonly string[]>([]);
  /** When the last reading arrived. */
  readonly updated = signal<string | null>(null);
  private readonly points = new Map<string, Signal<PointState>>();

  constructor(readonly device: string) {}

  /** The signal of one point (only for names in `names`). */
  point(name: string): Signal<PointState> | undefined {
    return this.points.get(name);
  }

  /** A whole state (a snapshot or a status event): it replaces everything known. */
  replace(state: DeviceState): void {
    batch(() => {
      this.status.value = statusOf(state);
      const seen = new Set<string>();
      for (const point of state.points) {
        seen.add(point.point);
        this.set(point);
      }
      for (const name of [...this.points.keys()]) if (!seen.has(name)) this.points.delete(name);
      const names = state.points.map((p) => p.point);
      if (names.join() !== this.names.value.join()) this.names.value = names;
      this.touch(state.points);
    });
  }

  /** New readings of some points (a values event). */
  update(points: readonly PointState[]): void {
    batch(() => {
      const added: string[] = [];
      for (const point of points) if (this.set(point)) added.push(point.point);
      if (added.length > 0) this.names.value = [...this.names.value, ...added];
      this.touch(points);
    });
  }

  /** Sets one point; true when it is new. */
  private set(point: PointState): boolean {
    const known = this.points.get(point.point);
    if (!known) {
      this.points.set(point.point, signal(point));
      return true;
    }
    if (pointChanged(known.value, point)) known.value = point;
    return false;
  }

  private touch(points: readonly PointState[]): void {
    const time = (instant: string | null) => (instant === null ? -Infinity : Date.parse(instant));
    const latest = points.reduce<string | null>((a, p) => (time(p.timestamp) > time(a) ? p.timestamp : a), null);
    if (latest !== null && time(latest) > time(this.updated.value)) this.updated.value = latest;
  }
}
