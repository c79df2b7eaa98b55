import { describe, expect, it } from "vitest";
import { IDLE, actionRunner, changed, submitWith, type Action, type ActionState } from "./server";

/** A runner whose state is kept here, with every state it went through. */
function track() {
  let state: ActionState = IDLE;
  const seen: ActionState[] = [];
  const runner = actionRunner((change) => {
    state = changed(state, change);
    seen.push(state);
  });
  return { runner, seen, state: () => state };
}

describe("an action", () => {
  it("is busy while it runs and idle without an error when it succeeds", async () => {
    const { runner, seen, state } = track();
    let busyInside = false;
    const ok = await runner.run(async () => {
      busyInside = state().busy;
    });
    expect(ok).toBe(true);
    expect(busyInside).toBe(true);
    expect(seen).toEqual([{ busy: true, error: null }, { busy: false, error: null }]);
  });

  it("keeps the error it failed with and stops being busy", async () => {
    const { runner, state } = track();
    const failure = new Error("refused");
    const ok = await runner.run(async () => {
      throw failure;
    });
    expect(ok).toBe(false);
    expect(state()).toEqual({ busy: false, error: failure });
  });

  it("catches an error thrown before the work awaits anything", async () => {
    const { runner, state } = track();
    const ok = await runner.run(() => {
      throw new Error("at once");
    });
    expect(ok).toBe(false);
    expect(state().error).toBeInstanceOf(Error);
  });

  it("forgets the last error when it runs again", async () => {
    const { runner, seen } = track();
    await runner.run(async () => {
      throw new Error("first");
    });
    await runner.run(async () => {});
    expect(seen.at(-2)).toEqual({ busy: true, error: null });
    expect(seen.at(-1)).toEqual(IDLE);
  });

  it("forgets its error when cleared, and a clear with nothing to forget changes nothing", async () => {
    const { runner, state } = track();
    await runner.run(async () => {
      throw new Error("refused");
    });
    runner.clear();
    const after = state();
    expect(after).toEqual(IDLE);
    runner.clear();
    expect(state()).toBe(after);
  });

  it("reports nothing once stopped, even when a run under way ends", async () => {
    const { runner, seen } = track();
    let finish: () => void = () => {};
    const running = runner.run(() => new Promise<void>((resolve) => (finish = resolve)));
    runner.stop();
    finish();
    expect(await running).toBe(true);
    expect(seen).toEqual([{ busy: true, error: null }]);
    runner.clear();
    expect(seen).toHaveLength(1);
  });
});

describe("a change of an action's state", () => {
  it("is the same state when nothing changes", () => {
    const state = { busy: true, error: null };
    expect(changed(state, { busy: true })).toBe(state);
  });

  it("keeps what it does not change", () => {
    const failure = new Error("refused");
    expect(changed({ busy: true, error: failure }, { busy: false })).toEqual({ busy: false, error: failure });
  });
});

describe("a form's submit handler", () => {
  /** An action that counts its runs. */
  function counted(): Action & { runs: number } {
    const action = {
      ...IDLE,
      runs: 0,
      run: async () => {
        action.runs += 1;
        return true;
      },
      clear: () => {},
    };
    return action;
  }

  it("keeps the browser from sending the form and runs the action", () => {
    const action = counted();
    const event = new Event("submit", { cancelable: true });
    submitWith(action)(event);
    expect(event.defaultPrevented).toBe(true);
    expect(action.runs).toBe(1);
  });

  it("runs nothing while the form is not ready", () => {
    const action = counted();
    const event = new Event("submit", { cancelable: true });
    submitWith(action, false)(event);
    expect(event.defaultPrevented).toBe(true);
    expect(action.runs).toBe(0);
  });
});
