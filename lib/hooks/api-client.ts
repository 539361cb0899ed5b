/** Fetches one of our endpoints and turns the API's error body into an Error with its message. */
export async function apiGet<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: "application/json" } });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const message = (body as { error?: { message?: string } } | null)?.error?.message;
    throw new Error(message ?? `Request failed with ${res.status}`);
  }
  return body as T;
}
