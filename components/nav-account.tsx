import { pagePrincipal } from "@/lib/auth/page-principal";

/** The header's right-hand side: who is signed in, or a way to sign in. */
export async function NavAccount() {
  const principal = await pagePrincipal();
  if (principal.kind === "anonymous") {
    return (
      <a href="/sign-in" className="text-sm text-slate-600 hover:text-slate-900">
        Sign in
      </a>
    );
  }
  return (
    <a
      href="/account"
      className="text-sm text-slate-600 hover:text-slate-900"
      data-testid="nav-account"
    >
      {principal.label}
    </a>
  );
}
