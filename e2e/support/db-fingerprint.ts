import postgres from "postgres";

/**
 * A fingerprint of the application's PostgreSQL database: for every table of the `public`
 * schema, its row count and an md5 of its rows in a fixed order. Two equal fingerprints mean no
 * row was added, removed or changed in between.
 *
 * Left out: tables that legitimately change on a *rejected* request. Only the rate-limit
 * counters qualify (`auth_rate_limits`, better-auth's sign-in limiter): counting refused
 * attempts is their whole purpose. Everything else stays in, `audit_log` and `idempotency_keys`
 * included: a refused change must not be audited as made, and a failed idempotent create deletes
 * its claim. (`idempotency_keys` would also change if a request purged a claim older than 24 h;
 * a test database has none. `api_keys.last_used_at` moves when a stored key authenticates; the
 * fuzz uses the bootstrap key, which is not stored.)
 * Also left out: what scheduled jobs write on their own clock, whatever requests do — their run
 * log, rollups catching up with earlier ingest, the live events they publish, webhook minute
 * summaries, and the alerts and capacity states their watchers open and move on.
 */
export const VOLATILE_TABLES: readonly RegExp[] = [
  /rate_?limit/i,
  /^job_runs$/,
  /^rollup_pending$/,
  /^occupancy_(quarters|hourly|daily|monthly)$/,
  /^live_events$/,
  /^webhook_(minute_cursors|deliveries)$/,
  /^(alerts|capacity_states)$/,
];

export type Fingerprint = Map<string, { rows: number; md5: string }>;

export interface Fingerprinter {
  /** The tables fingerprinted, and those left out. */
  tables: string[];
  excluded: string[];
  take(): Promise<Fingerprint>;
  close(): Promise<void>;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (name: string) => `'${name.replaceAll("'", "''")}'`;

export async function openFingerprinter(
  url = process.env.DATABASE_URL,
  volatile: readonly RegExp[] = VOLATILE_TABLES,
): Promise<Fingerprinter> {
  if (!url) throw new Error("DATABASE_URL is not set");
  const sql = postgres(url, { max: 1, onnotice: () => {}, idle_timeout: 10 });
  const all = (
    await sql<{ name: string }[]>`
      select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE'
      order by table_name`
  ).map((r) => r.name);
  const excluded = all.filter((t) => volatile.some((re) => re.test(t)));
  const tables = all.filter((t) => !excluded.includes(t));
  // One round trip for every table: count and md5 of the rows as text, in byte order.
  const query = tables
    .map(
      (t) =>
        `select ${literal(t)} as name, count(*)::int as rows, ` +
        `coalesce(md5(string_agg(x::text, E'\\n' order by x::text collate "C")), '') as md5 ` +
        `from ${quote(t)} x`,
    )
    .join(" union all ");
  return {
    tables,
    excluded,
    async take() {
      const rows = await sql.unsafe<{ name: string; rows: number; md5: string }[]>(query);
      return new Map(rows.map((r) => [r.name, { rows: r.rows, md5: r.md5 }]));
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}

/** The tables whose content differs, with their row counts before → after. */
export function diffFingerprints(before: Fingerprint, after: Fingerprint): string[] {
  const out: string[] = [];
  for (const [name, b] of before) {
    const a = after.get(name);
    if (!a) out.push(`${name}: gone`);
    else if (a.md5 !== b.md5) out.push(`${name}: ${b.rows} → ${a.rows} rows, content changed`);
  }
  for (const name of after.keys()) if (!before.has(name)) out.push(`${name}: new table`);
  return out;
}
