"use client";

import { type FormEvent, useState } from "react";
import { TextField } from "@/components/ui/text-field";
import { useSignIn } from "@/lib/hooks/use-auth";

export function SignInForm({ next, showSetup }: { next: string; showSetup: boolean }) {
  const signIn = useSignIn();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");

  function submit(event: FormEvent) {
    event.preventDefault();
    signIn.mutate(
      { email, password },
      // A full navigation, so the server renders the next page with the new cookie.
      { onSuccess: () => window.location.assign(next) },
    );
  }

  const error = signIn.error;
  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Sign in" data-testid="sign-in-form">
      <TextField
        label="Email"
        type="email"
        name="email"
        autoComplete="username"
        value={email}
        onChange={setEmail}
      />
      <TextField
        label="Password"
        type="password"
        name="password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
      />
      {error && (
        <p role="alert" className="text-sm text-red-700" data-testid="sign-in-error">
          {"status" in error && error.status === 401 ? "Wrong email or password." : error.message}
        </p>
      )}
      <button
        type="submit"
        disabled={signIn.isPending || signIn.isSuccess}
        className="w-full rounded bg-slate-900 px-4 py-2 font-medium text-white disabled:opacity-60"
      >
        {signIn.isPending ? "Signing in…" : "Sign in"}
      </button>
      {showSetup && (
        <p className="text-sm text-slate-600">
          No administrator yet?{" "}
          <a href="/setup" className="underline">
            Set up Footfall
          </a>
        </p>
      )}
    </form>
  );
}
