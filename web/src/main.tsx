import { render } from "preact";
import { App } from "./app";
import { startLanguage } from "./i18n";
import { start } from "./session";
import "./styles/app.css";

const root = document.getElementById("app");
if (root) {
  await startLanguage();
  render(<App />, root);
  await start();
}
