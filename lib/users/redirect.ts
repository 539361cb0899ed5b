/**
 * Where to go after signing in: a path on this site from `?next=`, or "/". Anything that could
 * leave the site (`//evil.example`, `/\evil.example`, `https://…`) falls back to "/".
 */
export function safeNextPath(next: string | string[] | null | undefined): string {
  const value = Array.isArray(next) ? next[0] : next;
  if (!value?.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  // Control characters (tabs, newlines) could smuggle another target past the checks above.
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) return "/";
  }
  return value;
}
