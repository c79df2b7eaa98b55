// Signing in and unlocking: the password typed, sent, and forgotten when it is refused.
import { useState } from "preact/hooks";
import { useAction } from "../../components/server";

/** A form that sends a password with `send`; the field is emptied when the server refuses it. */
export function usePasswordForm(send: (password: string) => Promise<unknown>) {
  const [password, setPassword] = useState("");
  const action = useAction(() => send(password));
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!(await action.run())) setPassword("");
  };
  return { password, setPassword, action, submit };
}
