"use client";

import { type FormEvent, useState } from "react";
import { useSetup, useSignIn } from "@/lib/hooks/use-auth";

const input =
  "mt-1 block w-full rounded border border-slate-300 px-3 py-2 focus:border-slate-500 focus:outline-none";

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
      <label className="block text-sm font-medium">
        Name
        <input
          className={input}
          name="name"
          autoComplete="name"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <label className="block text-sm font-medium">
        Email
        <input
          className={input}
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </label>
      <label className="block text-sm font-medium">
        Password (at least 12 characters)
        <input
          className={input}
          type="password"
          name="password"
          autoComplete="new-password"
          minLength={12}
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      <label className="block text-sm font-medium">
        Repeat the password
        <input
          className={input}
          type="password"
          name="confirm"
          autoComplete="new-password"
          minLength={12}
          required
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
        />
      </label>
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
