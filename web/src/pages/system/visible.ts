// Work repeated while the page is in sight: polling stops when the tab is hidden (nobody reads
// it, and an idle session may then end) and starts again, at once, when it is shown.
import { useEffect, useRef } from "preact/hooks";

/** Runs `work` now and then every `every` ms after it ends, while the document is visible; `work` shows its own errors. */
export function useWhileVisible(work: () => Promise<void> | void, every: number): void {
  const latest = useRef(work);
  latest.current = work;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let running = false;
    const run = async () => {
      clearTimeout(timer);
      timer = undefined;
      if (running || stopped || document.visibilityState !== "visible") return;
      running = true;
      try {
        await latest.current();
      } finally {
        running = false;
        if (!stopped && document.visibilityState === "visible") timer = setTimeout(() => void run(), every);
      }
    };
    const onVisibility = () => {
      if (document.visibilityState === "visible") void run();
      else clearTimeout(timer);
    };
    document.addEventListener("visibilitychange", onVisibility);
    void run();
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [every]);
}
