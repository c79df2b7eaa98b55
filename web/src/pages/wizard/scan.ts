// Bus scans: which unit ids answer on a link, and which profiles of the library their
// identification registers match (POST /scans, then GET /scans/{id} until it is over).
import { api, call, type Schemas } from "../../api/client";

export type Scan = Schemas["ScanView"];
export type ScanUnit = Schemas["FoundUnitView"];

/** How often a running scan is read again. */
export const POLL_MS = 500;

export function startScan(request: Schemas["ScanCreation"]): Promise<Scan> {
  return call(api.POST("/api/v1/scans", { body: request }));
}

export function readScan(id: number): Promise<Scan> {
  return call(api.GET("/api/v1/scans/{id}", { params: { path: { id: String(id) } } }));
}

/** Stops a running scan; what it found so far stays readable. */
export function stopScan(id: number): Promise<void> {
  return call(api.DELETE("/api/v1/scans/{id}", { params: { path: { id: String(id) } } }));
}
