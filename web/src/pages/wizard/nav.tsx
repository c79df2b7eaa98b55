// Moving between the wizard's steps: each step has its address (/welcome?step=…), Back goes to
// the step before, Next submits the step.
import { t } from "../../i18n";
import { navigate } from "../../router";
import { previousStep, type Step } from "./steps";

/** Goes to `step` of the wizard. */
export function goTo(step: Step): void {
  navigate(`/welcome?step=${step}`);
}

interface NavProps {
  step: Step;
  busy?: boolean;
  /** The label of the button that goes on (default "Next"). */
  next?: string;
  /** What Next does when the step is not a form of its own (else Next submits the form). */
  onNext?: () => void;
}

/** Back (a link to the step before) and Next. */
export function StepNav({ step, busy = false, next, onNext }: NavProps) {
  const back = previousStep(step);
  return (
    <div class="actions wizard-nav">
      {back && (
        <a class="button-link" href={`/welcome?step=${back}`}>
          {t("app-back")}
        </a>
      )}
      <button type={onNext ? "button" : "submit"} class="primary" disabled={busy} onClick={onNext}>
        {next ?? t("app-next")}
      </button>
    </div>
  );
}
