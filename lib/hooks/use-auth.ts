"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { MySessionDto, UserDto } from "@/lib/api/schemas/user";

export class RequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = "RequestError";
  }
}

/** JSON in, JSON (or nothing) out; the API's error body becomes a RequestError. */
async function send<T>(path: string, init: { method: string; body?: unknown }): Promise<T> {
  const res = await fetch(path, {
    method: init.method,
    headers: {
      accept: "application/json",
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    credentials: "same-origin",
  });
  if (res.status === 204) return undefined as T;
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (body as { error?: { message?: string; code?: string } } | null)?.error;
    throw new RequestError(
      error?.message ?? `Request failed with ${res.status}`,
      res.status,
      error?.code,
    );
  }
  return body as T;
}

export const authKeys = {
  mySessions: ["auth", "sessions"] as const,
};

export function useSignIn() {
  return useMutation({
    mutationFn: (input: { email: string; password: string }) =>
      send<{ user: { id: string; email: string } }>("/api/auth/sign-in/email", {
        method: "POST",
        body: { email: input.email, password: input.password },
      }),
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => send<unknown>("/api/auth/sign-out", { method: "POST", body: {} }),
    onSuccess: () => client.clear(),
  });
}

export function useSetup() {
  return useMutation({
    mutationFn: (input: { email: string; name: string; password: string }) =>
      send<UserDto>("/api/setup", { method: "POST", body: input }),
  });
}

export function useMySessions() {
  return useQuery({
    queryKey: authKeys.mySessions,
    queryFn: () =>
      send<{ items: MySessionDto[]; next_cursor: string | null }>("/api/auth/sessions?limit=500", {
        method: "GET",
      }),
  });
}

export function useRevokeMySession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      send<undefined>(`/api/auth/sessions/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSettled: () => client.invalidateQueries({ queryKey: authKeys.mySessions }),
  });
}
