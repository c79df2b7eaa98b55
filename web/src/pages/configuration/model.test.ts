import { describe, expect, it } from "vitest";
import {
  GENERIC,
  INTERNAL,
  csvPreview,
  gatewayStatus,
  idFromName,
  isValidId,
  linkAddress,
  linkFits,
  newLink,
  patch,
  relativeFields,
  STALE_TAG,
  sameForm,
  takeRead,
  timeZones,
  withKind,
  withProfile,
  type DeviceForm,
} from "./model";

describe("ids made from names", () => {
  it("a name becomes lowercase letters, digits and underscores the API accepts", () => {
    expect(idFromName("Main meter", [], "device")).toBe("main_meter");
    expect(idFromName("Küche Süd (2. OG)", [], "device")).toBe("kuche_sud_2_og");
    expect(isValidId(idFromName("Küche Süd (2. OG)", [], "device"))).toBe(true);
  });

  it("an id must start with a letter, so leading digits and signs are dropped", () => {
    expect(idFromName("3-phase board", [], "board")).toBe("phase_board");
  });

  it("a name without letters gives the fallback", () => {
    expect(idFromName("123 ---", [], "device")).toBe("device");
    expect(idFromName("", [], "group")).toBe("group");
  });

  it("an id already taken gets the next free number", () => {
    expect(idFromName("Lighting", ["lighting", "lighting_2"], "load")).toBe("lighting_3");
    expect(idFromName("Test", ["test"], "device")).toBe("test_2");
  });

  it("a very long name gives an id within 64 characters", () => {
    const id = idFromName("a".repeat(100), Array.from({ length: 12 }, (_, i) => (i ? `${"a".repeat(56)}_${i + 1}` : "a".repeat(56))), "x");
    expect(id.length).toBeLessThanOrEqual(64);
    expect(isValidId(id)).toBe(true);
  });
});

describe("links", () => {
  it("a new link starts with the seeds' RS-485 defaults when it is a serial port", () => {
    expect(withKind(newLink("local"), "modbus_rtu")).toMatchObject({
      kind: "modbus_rtu",
      baud: 19200,
      parity: "even",
      stop_bits: 1,
      data_bits: 8,
      timeout_ms: 300,
      gateway: "local",
    });
  });

  it("changing the kind keeps id, gateway, enabled and failures and drops the other kind's keys", () => {
    const tcp = { kind: "modbus_tcp" as const, id: "plant", host: "10.0.0.5", port: 502, gateway: "gw", enabled: false, failures_before_error: 7 };
    const rtu = withKind(tcp, "rtu_over_tcp");
    expect(rtu).toEqual({ kind: "rtu_over_tcp", id: "plant", gateway: "gw", enabled: false, failures_before_error: 7, host: "", port: 502, timeout_ms: 1000, inter_frame_gap_ms: null });
    expect(withKind(tcp, "modbus_tcp")).toBe(tcp);
  });

  it("a link's address reads as the user typed it, IPv6 in brackets, serial settings as 8E1", () => {
    expect(linkAddress({ kind: "modbus_tcp", host: "192.168.1.20" })).toBe("192.168.1.20:502");
    expect(linkAddress({ kind: "rtu_over_tcp", host: "fd00::7", port: 4001 })).toBe("[fd00::7]:4001");
    expect(linkAddress({ kind: "modbus_rtu", port: "/dev/ttyUSB0", baud: 9600, parity: "none", stop_bits: 2 })).toBe("/dev/ttyUSB0 9600 8N2");
    expect(linkAddress({ kind: "waveform_stream", tcp: null, unix: "/run/board.sock" })).toBe("/run/board.sock");
  });

  it("an internal meter is read only through a waveform stream, a Modbus meter never", () => {
    expect(linkFits(INTERNAL, "waveform_stream")).toBe(true);
    expect(linkFits(INTERNAL, "modbus_tcp")).toBe(false);
    expect(linkFits("eastron.sdm120", "waveform_stream")).toBe(false);
    expect(linkFits(GENERIC, "modbus_rtu")).toBe(true);
  });
});

describe("devices", () => {
  const device: DeviceForm = { id: "boiler", name: "Boiler", profile: "eastron.sdm120", link: "rs485", unit_id: 2, load: "hot_water", groups: ["a"] };

  it("choosing the generic meter adds its register and keeps everything else", () => {
    const generic = withProfile(device, GENERIC);
    expect(generic.generic).toEqual({ function: 3, register: "", words: 2, multiplier: 1, unit: "kWh" });
    expect(generic.meter).toBeNull();
    expect(generic).toMatchObject({ id: "boiler", name: "Boiler", unit_id: 2, load: "hot_water", groups: ["a"] });
  });

  it("an internal meter has its settings and no unit id; a library profile neither register nor settings", () => {
    const internal = withProfile(device, INTERNAL);
    expect(internal.unit_id).toBeNull();
    expect(internal.meter?.wiring).toBe("3p4w");
    const back = withProfile(internal, "abb.b23");
    expect(back).toMatchObject({ profile: "abb.b23", unit_id: 1, generic: null, meter: null });
  });

  it("the same profile changes nothing", () => {
    expect(withProfile(device, "eastron.sdm120")).toBe(device);
  });

  it("a key set to undefined is taken out, so the API's default applies", () => {
    expect(patch({ a: 1, b: 2 }, "b", undefined)).toEqual({ a: 1 });
    expect(patch({ a: 1 }, "b", null)).toEqual({ a: 1, b: null });
  });

  it("two forms are the same whatever the order of their keys", () => {
    expect(sameForm({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(sameForm({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameForm({ a: 1, b: undefined }, { a: 1 })).toBe(true);
  });
});

describe("gateway status", () => {
  it("a disabled gateway is off whatever its devices say", () => {
    expect(gatewayStatus(false, ["on"])).toBe("off");
  });

  it("one device answering is enough for on; none answering and one failing is a communication error", () => {
    expect(gatewayStatus(true, ["on", "communication_error"])).toBe("on");
    expect(gatewayStatus(true, ["communication_error", "communication_error"])).toBe("communication_error");
    expect(gatewayStatus(true, ["communication_error", null])).toBe("communication_error");
  });

  it("before the first poll it is waiting, and without devices there is nothing to say", () => {
    expect(gatewayStatus(true, [null, undefined])).toBeNull();
    expect(gatewayStatus(true, [])).toBeUndefined();
  });
});

describe("field errors", () => {
  it("errors are named by the form's fields, without the site file's prefix", () => {
    const fields = new Map([
      ["devices.boiler.unit_id", "already used"],
      ["devices.boiler.generic.register", "not hexadecimal"],
      ["id", "reserved"],
    ]);
    expect(relativeFields(fields, ["devices.boiler."])).toEqual(
      new Map([
        ["unit_id", "already used"],
        ["generic.register", "not hexadecimal"],
        ["id", "reserved"],
      ]),
    );
  });
});

describe("field errors of another entity", () => {
  it("a rule the API reports on another device of the section is named by the form's field", () => {
    const fields = new Map([["devices.heat_pump.unit_id", "unit 1 is already used"]]);
    expect(relativeFields(fields, ["devices.*."])).toEqual(new Map([["unit_id", "unit 1 is already used"]]));
  });

  it("a wildcard stands for one id only, and dots in ids are not wildcards", () => {
    const fields = new Map([["devices.a.generic.register", "bad"], ["site.name", "empty"]]);
    expect(relativeFields(fields, ["devices.*."])).toEqual(new Map([["generic.register", "bad"], ["site.name", "empty"]]));
    expect(relativeFields(new Map([["siteXname", "x"]]), ["site."])).toEqual(new Map([["siteXname", "x"]]));
  });
});

describe("CSV preview", () => {
  it("the seeds' default is a decimal comma with semicolons between fields", () => {
    expect(csvPreview("comma", "semicolon")).toEqual([
      "start;label;active_power [W];coverage",
      "2026-03-02T08:15:00+01:00;2026-03-02 08:15;1234,5;0,98",
    ]);
  });

  it("a decimal comma between comma-separated fields is quoted, as the server writes it", () => {
    expect(csvPreview("comma", "comma")[1]).toBe('2026-03-02T08:15:00+01:00,2026-03-02 08:15,"1234,5","0,98"');
    expect(csvPreview("point", "comma")[1]).toBe("2026-03-02T08:15:00+01:00,2026-03-02 08:15,1234.5,0.98");
  });
});

describe("time zones", () => {
  it("the list holds UTC and the zones of the browser, in order", () => {
    const zones = timeZones();
    expect(zones).toContain("UTC");
    expect(zones).toContain("Europe/Rome");
    expect([...zones].sort()).toEqual(zones);
  });
});

describe("what a form takes from the entity read when it opens", () => {
  const opened = { id: "main", name: "Main meter" };
  const newer = { id: "main", name: "Incomer" };

  it("before any edit, the form shows the entity as read and keeps its tag", () => {
    expect(takeRead({ data: newer, tag: '"a1"' }, opened, false)).toEqual({ draft: newer, tag: '"a1"' });
  });

  it("after an edit, the edits stay and the tag is kept when the entity is still as opened", () => {
    expect(takeRead({ data: { ...opened }, tag: '"a1"' }, opened, true)).toEqual({ draft: null, tag: '"a1"' });
  });

  it("after an edit of an entity changed meanwhile, saving is refused as changed rather than overwriting it", () => {
    expect(takeRead({ data: newer, tag: '"a1"' }, opened, true)).toEqual({ draft: null, tag: STALE_TAG });
  });
});
