interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  "x-capability"?: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string }>;
}

interface Document {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

const methodStyle: Record<string, string> = {
  get: "bg-sky-100 text-sky-800",
  post: "bg-emerald-100 text-emerald-800",
  put: "bg-amber-100 text-amber-800",
  delete: "bg-red-100 text-red-800",
};

/** A readable rendering of our OpenAPI document: grouped by tag, schemas as JSON. */
export function ApiDocs({ document }: { document: unknown }) {
  const doc = document as Document;
  const groups = new Map<string, { method: string; path: string; op: Operation }[]>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      const tag = op.tags?.[0] ?? "Other";
      groups.set(tag, [...(groups.get(tag) ?? []), { method, path, op }]);
    }
  }
  return (
    <article className="space-y-8">
      <header>
        <h1 className="text-2xl font-semibold">
          {doc.info.title} <span className="text-slate-500">v{doc.info.version}</span>
        </h1>
        <p className="mt-2 text-slate-700">{doc.info.description}</p>
        <p className="mt-2 text-sm">
          Machine-readable:{" "}
          <a className="text-sky-700 underline" href="/api/openapi.json">
            /api/openapi.json
          </a>{" "}
          (OpenAPI 3.1)
        </p>
      </header>
      {[...groups].map(([tag, ops]) => (
        <section key={tag}>
          <h2 className="mb-3 text-xl font-semibold">{tag}</h2>
          <div className="space-y-3">
            {ops.map(({ method, path, op }) => (
              <details
                key={`${method} ${path}`}
                className="rounded border bg-white p-3"
                id={op.operationId}
              >
                <summary className="cursor-pointer">
                  <span
                    className={`mr-2 rounded px-2 py-0.5 font-mono text-xs uppercase ${methodStyle[method] ?? ""}`}
                  >
                    {method}
                  </span>
                  <code className="text-sm">{path}</code>
                  <span className="ml-3 text-slate-600">{op.summary}</span>
                </summary>
                <div className="mt-3 space-y-2 text-sm">
                  {op.description && <p className="whitespace-pre-wrap">{op.description}</p>}
                  <p>
                    Needs: <code>{op["x-capability"]}</code>
                  </p>
                  {op.parameters?.length ? (
                    <p>
                      Parameters:{" "}
                      {op.parameters.map((p) => (
                        <code key={`${p.in}.${p.name}`} className="mr-2">
                          {p.in}.{p.name}
                          {p.required ? "" : "?"}
                        </code>
                      ))}
                    </p>
                  ) : null}
                  {op.requestBody?.content?.["application/json"]?.schema ? (
                    <Schema
                      label="Body"
                      schema={op.requestBody.content["application/json"].schema}
                      doc={doc}
                    />
                  ) : null}
                  <p>
                    Responses:{" "}
                    {Object.entries(op.responses ?? {}).map(([status, r]) => (
                      <span key={status} className="mr-3">
                        <code>{status}</code> {r.description}
                      </span>
                    ))}
                  </p>
                </div>
              </details>
            ))}
          </div>
        </section>
      ))}
    </article>
  );
}

function Schema({ label, schema, doc }: { label: string; schema: unknown; doc: Document }) {
  const ref = (schema as { $ref?: string }).$ref;
  const name = ref?.split("/").pop();
  const resolved = name ? doc.components?.schemas?.[name] : schema;
  return (
    <div>
      <p>
        {label}
        {name ? <code className="ml-1">{name}</code> : null}:
      </p>
      <pre className="mt-1 max-h-96 overflow-auto rounded bg-slate-50 p-2 text-xs">
        {JSON.stringify(resolved, null, 2)}
      </pre>
    </div>
  );
}
