// A new user's first day with ems, in the browser, against `ems demo` (scripts/test-ui.sh starts
// it and passes its address and setup code): first start with the setup code, the wizard, a bus
// scan, two meters added, their live values, every consumption view, a CSV download checked
// against the API, languages, a viewer who must not see the configuration, lock and unlock; then
// every page at phone and desktop width with screenshots and accessibility checks.
import { open, run } from "./harness.mjs";
import * as app from "./steps/app.mjs";
import * as configuration from "./steps/configuration.mjs";
import * as consumption from "./steps/consumption.mjs";
import * as costs from "./steps/costs.mjs";
import * as panel from "./steps/panel.mjs";
import * as system from "./steps/system.mjs";
import * as tariffs from "./steps/tariffs.mjs";
import * as users from "./steps/users.mjs";
import * as wizard from "./steps/wizard.mjs";

const baseUrl = process.env.EMS_URL;
const setupCode = process.env.EMS_SETUP_CODE;
const artifacts = process.env.EMS_ARTIFACTS ?? "../target/ui-artifacts";
if (!baseUrl || !setupCode) {
  console.error("journey: set EMS_URL and EMS_SETUP_CODE (scripts/test-ui.sh does)");
  process.exit(2);
}

const admin = { name: "facility", password: "Plant-room-2026!" };

const ctx = await open({ baseUrl, artifacts });
ctx.setupCode = setupCode;
ctx.admin = admin;
let passed = 0;
try {
  passed = await run(ctx, [
    ["first start: the setup code is asked before anything else", wizard.setupCode],
    ["first start: the administrator is created and signed in", wizard.administrator],
    ["first start: the site's name, time zone, currency and language", wizard.site],
    ["first start: the sample rate", wizard.sampleRate],
    ["first start: a scan of the simulated bus finds the new meters; two are added", wizard.scanAndAdd],
    ["first start: the summary", wizard.done],
    ["my panel board lists every device with its status", panel.panelBoardShowsDevices],
    [
      "the two meters just added show live values that change",
      (c) => {
        c.meters = c.wizardDevices;
        return panel.panelBoardLiveValuesChange(c);
      },
    ],
    ["the internal meter's harmonics as a chart and a table", panel.panelBoardHarmonics],
    ["every consumption view on every period", consumption.openEachConsumptionView],
    ["one day back", consumption.stepBackADay],
    ["two devices compared", consumption.compareTwoDevices],
    ["the CSV download is what the API answers", consumption.downloadConsumptionCsv],
    ["full screen for a wall display", consumption.consumptionFullScreen],
    ["this month's costs by tariff, one tariff left out and back", costs.tariffsTotal],
    ["gas costs in cubic metres", costs.tariffsGas],
    ["a device's costs by day as a chart, a table and a CSV the API agrees with", costs.tariffsDetails],
    ["the costs pie on a wall display", costs.tariffsFullScreen],
    ["the overall costs of every commodity on the grand total", costs.overallCosts],
    ["a device edited", configuration.editDevice],
    ["a device tested", configuration.testDevice],
    ["a device changed meanwhile is said, reloaded and saved", configuration.changedMeanwhile],
    ["site settings changed meanwhile are said, reloaded and saved", configuration.settingsChangedMeanwhile],
    ["a load added", configuration.addLoad],
    ["a measure group added", configuration.addGroup],
    ["a unit id out of range is refused in the language shown", configuration.refusedUnitIdInItalian],
    ["the bill of consumptions shows the rule that applies now", tariffs.openTariffs],
    ["the rule that applies at Christmas", tariffs.checkChristmas],
    ["a rule moved up is saved in its new order, and moved back", tariffs.moveLastRuleUp],
    ["a price from a future date is added and removed", tariffs.addFuturePrice],
    ["a colour that is not one is refused at its field", tariffs.badColourRefused],
    ["the demand charge names the grid connection's meter, required with a price", tariffs.demandChargeMeter],
    ["the gas conversion factor", tariffs.gasFactor],
    ["unsaved tariffs are asked about before a link or Back leaves them", tariffs.leavingUnsaved],
    ["the tariffs changed meanwhile are said and reloaded", tariffs.changedMeanwhile],
    ["a commodity without a contract says what to do, and a tariff is added", tariffs.emptyContract],
    ["yesterday's costs priced again", tariffs.repriceYesterday],
    ["the language can be switched and forced", app.switchLanguage],
    ["a viewer is created", users.createViewer],
    ["an API token is created, shown once and revoked", users.createAndRevokeToken],
    ["the audit log shows the viewer's creation", users.auditShowsUserCreation],
    ["system information shows the version", system.systemShowsVersion],
    ["the store is optimized", system.systemOptimizeWorks],
    ["the viewer signs in", (c) => app.signOutAndIn(c, users.VIEWER.name, users.VIEWER.password)],
    ["the viewer cannot see the configuration, the panel board, users or the system", users.viewerCannotSee],
    ["the administrator signs in again", (c) => app.signOutAndIn(c, admin.name, admin.password)],
    ["lock and unlock", (c) => app.lockAndUnlock(c, admin.password)],
    ["every page at phone and desktop width, light and dark, is accessible", app.tourEveryPage],
  ]);
} finally {
  await ctx.browser.close();
}
console.log(`e2e: ${passed} passed`);
