// The typed API client. Every path, parameter and body type comes from schema.d.ts, which
// openapi-typescript generates from the server's OpenAPI document (openapi.json).
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type Problem = Schemas["Problem"];
export type ErrorCode = Schemas["ErrorCode"];
export type PageName = Schemas["PageName"];
export type RoleName = Schemas["RoleName"];
export type SessionView = Schemas["SessionView"];

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

let csrfToken: string | null = null;

/** The session's CSRF token, sent with every unsafe request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Told when any answer says the session has ended or is locked. */
let onSessionProblem: (code: "unauthenticated" | "session_locked") => void = () => {};

export function watchSession(listener: (code: "unauthenticated" | "session_locked") => void): void {
  onSessionProblem = listener;
}

const session: Middleware = {
  onRequest({ request }) {
    if (csrfToken && UNSAFE_METHODS.has(request.method)) request.headers.set("x-csrf-token", csrfToken);
    return request;
  },
  async onResponse({ request, response }) {
    // Signing in with wrong credentials is an answer for the login form, not a session's end.
    if (response.status !== 401 || new URL(request.url).pathname === "/api/v1/session") return response;
    const problem = (await response.clone().json().catch(() => null)) as Problem | null;
    if (problem?.code === "unauthenticated" || problem?.code === "session_locked") onSessionProblem(problem.code);
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: "" });
api.use(session);

/** An API call that failed: the server's problem document, or no answer at all (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? (status === 0 ? "no answer from the server" : `HTTP ${status}`));
    this.name = "ApiError";
  }

  /** The stable error code, `network` when the server could not be reached. */
  get code(): ErrorCode | "network" {
    return this.problem?.code ?? (this.status === 0 ? "network" : "internal");
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === "object" && value !== null && "code" in value && "detail" in value;
}

/**
 * The data of an answer, or an ApiError. Use as `await call(api.GET("/api/v1/devices"))`.
 * Answers without a body (204) give `undefined`.
 */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let answer: { data?: T; error?: unknown; response: Response };
  try {
    answer = await request;
  } catch (cause) {
    throw new ApiError(0, null);
  }
  if (answer.response.ok) return answer.data as T;
  throw new ApiError(answer.response.status, isProblem(answer.error) ? answer.error : null);
}

/** An entity as read, with its tag (the answer's `ETag`; null when it had none). */
export interface Tagged<T> {
  data: T;
  tag: string | null;
}

/**
 * The data of an answer with its `ETag`, or an ApiError: `await callWithTag(api.GET("/api/v1/devices/{id}", …))`.
 * Sent back in `If-Match`, the tag makes the server refuse a change (412, `changed`) when someone
 * else changed the entity since it was read.
 */
export async function callWithTag<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<Tagged<T>> {
  let tag: string | null = null;
  const data = await call(
    request.then((answer) => {
      tag = answer.response.headers.get("ETag");
      return answer;
    }),
  );
  return { data, tag };
}
