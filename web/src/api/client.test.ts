import { describe, expect, it } from "vitest";
import { ApiError, callWithTag } from "./client";

const problem = { type: "urn:ems:problem:changed", title: "This was changed meanwhile", status: 412, code: "changed", detail: "changed by someone else" };

describe("an answer with its entity tag", () => {
  it("gives the data with the ETag of the answer", async () => {
    const response = new Response("{}", { headers: { ETag: '"0123456789abcdef"' } });
    expect(await callWithTag(Promise.resolve({ data: { id: "main" }, response }))).toEqual({ data: { id: "main" }, tag: '"0123456789abcdef"' });
  });

  it("gives no tag when the answer has none", async () => {
    const response = new Response("{}");
    expect((await callWithTag(Promise.resolve({ data: 1, response }))).tag).toBeNull();
  });

  it("throws the server's problem when the entity was changed meanwhile", async () => {
    const response = new Response(JSON.stringify(problem), { status: 412 });
    const refused = callWithTag(Promise.resolve({ error: problem, response }));
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    await expect(refused).rejects.toMatchObject({ status: 412, code: "changed" });
  });

  it("says the server did not answer when the request failed", async () => {
    await expect(callWithTag(Promise.reject(new TypeError("fetch failed")))).rejects.toMatchObject({ status: 0, code: "network" });
  });
});
