"use client";

import { type FormEvent, useState } from "react";
import { TextField } from "@/components/ui/text-field";
import { useSetup, useSignIn } from "@/lib/hooks/use-auth";

export function SetupForm() {
  const setup = useSetup();
  const signIn = useSignIn();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [mismatch, setMismatch] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (password !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    setup.mutate(
      { name, email, password },
      {
        onSuccess: () =>
          signIn.mutate(
            { email, password },
            {
              onSuccess: () => window.location.assign("/"),
              onError: () => window.location.assign("/sign-in"),
            },
          ),
      },
    );
  }

  const busy = setup.isPending || signIn.isPending || setup.isSuccess;
  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Create the first admin">
      <TextField label="Name" name="name" autoComplete="name" value={name} onChange={setName} />
      <TextField
        label="Email"
        type="email"
        name="email"
        autoComplete="username"
        value={email}
        onChange={setEmail}
      />
      <TextField
        label="Password (at least 12 characters)"
        type="password"
        name="password"
        autoComplete="new-password"
        minLength={12}
        value={password}
        onChange={setPassword}
      />
      <TextField
        label="Repeat the password"
        type="password"
        name="confirm"
        autoComplete="new-password"
        minLength={12}
        value={confirm}
        onChange={setConfirm}
      />
      {(mismatch || setup.error) && (
        <p role="alert" className="text-sm text-red-700">
          {mismatch ? "The passwords differ." : setup.error?.message}
        </p>
      )}
      <button
        type="submit"
        disabled={busy}
        className="w-full rounded bg-slate-900 px-4 py-2 font-medium text-white disabled:opacity-60"
      >
        {busy ? "Creating…" : "Create admin"}
      </button>
    </form>
  );
}
