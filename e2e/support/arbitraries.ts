/**
 * fast-check arbitraries built from the API's own OpenAPI 3.1 document (zod-fast-check is zod-3
 * only, STACK pitfall 11), plus the request shapes and the response oracle of the bad-input fuzz.
 *
 * Three kinds of values come out of a schema:
 * - `valid`: follows the schema (types, bounds, enums, formats, tuples, required keys) closely
 *   enough to get past validation often, so that the use cases behind it are exercised too;
 * - `invalid`: a mutation somewhere in the tree (a dropped required key, a wrong type, a number
 *   out of range or absurd, a string too long, an array past its bounds, an extra key, deep
 *   nesting, hostile text), usually but not always invalid;
 * - `surelyInvalid`: certain to fail validation (for public endpoints whose success would change
 *   global state, such as first-run setup).
 */
import { type APIRequestContext, expect } from "@playwright/test";
import fc from "fast-check";
import { create, createKey, doorway, unique, zoneNearNoon } from "../api/fixtures";

// ---------------------------------------------------------------------------------------------
// JSON Schema and OpenAPI shapes (the subset the document uses)

export interface SchemaObject {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema;
  items?: Schema;
  prefixItems?: Schema[];
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  nullable?: boolean;
  default?: unknown;
}
export type Schema = boolean | SchemaObject;

export interface ParameterObject {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Schema;
}

interface OperationObject {
  operationId?: string;
  description?: string;
  "x-capability"?: string;
  parameters?: ParameterObject[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface Operation {
  id: string;
  method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
  /** OpenAPI path with `{id}`-style placeholders. */
  path: string;
  capability: string;
  pathParams: ParameterObject[];
  queryParams: ParameterObject[];
  body?: Schema;
  /** The body limit the description states ("body ≤ N bytes"), if any. */
  maxBodyBytes?: number;
}

const METHODS = new Set(["get", "post", "put", "delete", "patch"]);

/** Every operation the document lists, whatever it is (new endpoints are picked up unseen). */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const params = op.parameters ?? [];
      ops.push({
        id: op.operationId ?? `${method} ${path}`,
        method: method.toUpperCase() as Operation["method"],
        path,
        capability: op["x-capability"] ?? "unknown",
        pathParams: params.filter((p) => p.in === "path"),
        queryParams: params.filter((p) => p.in === "query"),
        body: op.requestBody?.content?.["application/json"]?.schema,
        maxBodyBytes: Number(/body ≤ (\d+) bytes/.exec(op.description ?? "")?.[1]) || undefined,
      });
    }
  }
  return ops;
}

export const isWrite = (op: Operation) => op.method !== "GET";

// ---------------------------------------------------------------------------------------------
// Raw JSON: values JSON cannot express (1e999, -0 as written, NaN), spliced into the body's text

/** A literal written as-is into the JSON text of a body (`1e999`, `NaN`, `-0`, `1.0e+308`). */
export class RawJson {
  constructor(readonly text: string) {}
  toJSON(): string {
    return `RawJson(${this.text})`;
  }
}

/** Serialises a generated value to the JSON text that is sent, writing RawJson literally. */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      parts.push(`${JSON.stringify(k)}:${toJsonText(v)}`);
    }
    return `{${parts.join(",")}}`;
  }
  if (value === undefined) return "null";
  return JSON.stringify(value);
}

/** Every string (keys and values) in a generated value: the oracle ignores echoes of them. */
export function stringsIn(value: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 50) return out;
  if (typeof value === "string") out.push(value);
  else if (value instanceof RawJson) out.push(value.text);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out, depth + 1);
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      stringsIn(v, out, depth + 1);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Hostile text

export const KB100 = 100 * 1024;

/** Strings that have broken something somewhere: SQL, markup, unicode, traversal, formats. */
export const hostileStrings: readonly string[] = [
  "'; drop table facilities; --",
  '" OR 1=1 --',
  "' OR '1'='1",
  "1; select pg_sleep(5)",
  "$1",
  "\\",
  "\\'",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "javascript:alert(1)",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, on purpose
  "{{7*7}}${7*7}<%= 7*7 %>",
  "%s%n%x%d",
  "../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "/",
  ".",
  "..",
  "\u202eevil\u202c",
  "a\u200db",
  "\u200b",
  "👩‍👩‍👧‍👦🏳️‍🌈",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff\ud800",
  "\ufeff",
  "\r\nx-injected: 1",
  "\t \n ",
  " ",
  "",
  "null",
  "undefined",
  "NaN",
  "Infinity",
  "-1",
  "0",
  "1e308",
  "true",
  "[]",
  "{}",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "ＡＢＣ",
  "İıſK",
  "e\u0301",
  "Z̴̡̢̛͔͎̰̗͓̫̳͚̻̮̝̤̙͚̳̖̘͎̥̫̤̪͎̩̟͎̟͈͓̖͈̜̙͔͎̳̦̣̲̝̘̥̮̣͇̲͓̺͇̠̘̗̠̙̘̰͔",
  "fac_0000000000000000",
  "x".repeat(65),
  "x".repeat(201),
  "é".repeat(300),
];

/** Text that trips encoders and databases rather than parsers: NUL, lone surrogates, bidi. */
export const encodingKillers: readonly string[] = [
  "\u0000",
  "a\u0000b",
  "\u0000".repeat(64),
  "\ud800",
  "a\udfffb",
  "\udfff\ud800",
  "\u202eevil\u202c",
  "a\u200db",
  "\ufeffx",
  "\uffff\ufffe",
  "👩‍👩‍👧‍👦",
  "\u0085\u2028\u2029",
];

export const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...hostileStrings) },
  { weight: 3, arbitrary: fc.constantFrom(...encodingKillers) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("x".repeat(KB100), "\u0000".repeat(1000), "𝕏".repeat(30_000)),
  },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...hostileStrings, ...encodingKillers), fc.string({ maxLength: 8 }))
      .map(([a, b]) => a + b),
  },
);

/** Header-safe (visible ASCII) hostile values: header values cannot carry the rest. */
export const hostileHeaderValue = fc.oneof(
  fc.constantFrom(
    "'; drop table facilities; --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "%s%n",
    "%00",
    " ",
    "x".repeat(201),
    "x".repeat(4000),
  ),
  fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 60 }).map((s) =>
    // visible ASCII only, and never empty
    s.replace(/[^\x21-\x7e]/g, "x"),
  ),
  fc.uuid(),
);

/** A value nested `depth` levels deep, alternating arrays and objects. */
export function deeplyNested(depth: number, leaf: unknown = "deep"): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

const DEEP_1000 = deeplyNested(1000);

/** Absurd numbers, including ones JSON can only carry as literal text. */
export const absurdNumber: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  1e308,
  -1e308,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.MAX_SAFE_INTEGER + 2,
  -(Number.MAX_SAFE_INTEGER + 2),
  2 ** 63,
  -(2 ** 31) - 1,
  2 ** 31,
  0.1 + 0.2,
  -0.5,
  new RawJson("1e999"),
  new RawJson("-1e999"),
  new RawJson("1e-999"),
  new RawJson("-0"),
  new RawJson("123456789012345678901234567890"),
  new RawJson("1.0e+2"),
  "NaN",
  "Infinity",
  "-Infinity",
  "1e308",
  "1e9",
  "0x10",
  "1",
  " 1",
);

/** A value of any JSON type: the generic "wrong type". */
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, "", "x", [], {}, [null], { "": null }),
  fc.jsonValue({ maxDepth: 2 }),
);

// ---------------------------------------------------------------------------------------------
// Schema arbitraries

/** Per property name, values that fit the server's state (real ids, zones, recent times). */
export type Hints = Record<string, fc.Arbitrary<unknown>>;

const MAX_DEPTH = 10;
const VALID_ARRAY_CAP = 3;
const ISO_MIN = new Date("1970-01-01T00:00:00Z");
const ISO_MAX = new Date("2100-01-01T00:00:00Z");

function types(s: SchemaObject): string[] {
  const t = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  if (s.nullable && !t.includes("null")) t.push("null");
  if (t.length === 0) {
    if (s.properties || s.required || s.additionalProperties !== undefined) return ["object"];
    if (s.items !== undefined || s.prefixItems) return ["array"];
  }
  return t;
}

function pick<T>(values: T[]): fc.Arbitrary<T> {
  return fc.constantFrom(...values);
}

function weighted(...parts: [number, fc.Arbitrary<unknown> | null | undefined][]) {
  const present = parts.filter(
    (p): p is [number, fc.Arbitrary<unknown>] => p[1] != null && p[0] > 0,
  );
  if (present.length === 0) return fc.constant(null);
  if (present.length === 1) return present[0]![1];
  return fc.oneof(...present.map(([weight, arbitrary]) => ({ weight, arbitrary })));
}

/** Builds arbitraries from the document's schemas; `$ref`s are resolved against it. */
export class SchemaArbitraries {
  private readonly validCache = new Map<Schema, Map<string, fc.Arbitrary<unknown>>>();
  private readonly invalidCache = new Map<Schema, Map<string, fc.Arbitrary<unknown>>>();

  constructor(
    private readonly doc: OpenApiDocument,
    private readonly hints: Hints = {},
  ) {}

  /** Follows `$ref`s and merges `allOf` into one schema. */
  resolve(schema: Schema | undefined, seen = 0): Schema {
    if (schema === undefined) return true;
    if (typeof schema === "boolean") return schema;
    if (schema.$ref) {
      if (seen > 20) return true;
      const name = schema.$ref.replace("#/components/schemas/", "");
      const target = this.doc.components?.schemas?.[name];
      if (target === undefined) throw new Error(`Unresolvable $ref ${schema.$ref}`);
      const { $ref: _ref, ...rest } = schema;
      const resolved = this.resolve(target, seen + 1);
      return typeof resolved === "boolean" ? resolved : { ...resolved, ...rest };
    }
    if (schema.allOf?.length) {
      const merged: SchemaObject = { ...schema, allOf: undefined };
      for (const part of schema.allOf) {
        const r = this.resolve(part, seen + 1);
        if (typeof r === "boolean") continue;
        Object.assign(merged, r, {
          properties: { ...merged.properties, ...r.properties },
          required: [...(merged.required ?? []), ...(r.required ?? [])],
        });
      }
      return merged;
    }
    return schema;
  }

  private memo(
    cache: Map<Schema, Map<string, fc.Arbitrary<unknown>>>,
    schema: Schema,
    key: string,
    build: () => fc.Arbitrary<unknown>,
  ) {
    let byKey = cache.get(schema);
    if (!byKey) {
      byKey = new Map();
      cache.set(schema, byKey);
    }
    let arb = byKey.get(key);
    if (!arb) {
      arb = build();
      byKey.set(key, arb);
    }
    return arb;
  }

  /** Values that follow the schema (closely enough to pass validation often). */
  valid(schema: Schema | undefined, name = "", depth = 0): fc.Arbitrary<unknown> {
    const s = this.resolve(schema);
    return this.memo(this.validCache, s, `${name}|${depth}`, () => {
      const derived = this.validOf(s, name, depth);
      const hint = name ? this.hints[name] : undefined;
      return hint ? weighted([3, hint], [1, derived]) : derived;
    });
  }

  private validOf(s: Schema, name: string, depth: number): fc.Arbitrary<unknown> {
    if (typeof s === "boolean") return s ? anyJson : fc.constant(null);
    if (depth > MAX_DEPTH) return fc.constant(null);
    if ("const" in s) return fc.constant(s.const);
    if (s.enum?.length) return pick(s.enum);
    const alternatives = s.anyOf ?? s.oneOf;
    if (alternatives?.length) {
      const { anyOf: _a, oneOf: _o, ...base } = s;
      return fc.oneof(
        ...alternatives.map((alt) => {
          const r = this.resolve(alt);
          const merged = typeof r === "boolean" ? r : { ...base, ...r };
          return this.valid(merged, name, depth + 1);
        }),
      );
    }
    const ts = types(s);
    if (ts.length > 1)
      return fc.oneof(...ts.map((t) => this.validOf({ ...s, type: t }, name, depth)));
    switch (ts[0]) {
      case "null":
        return fc.constant(null);
      case "boolean":
        return fc.boolean();
      case "integer":
        return fc.integer(intRange(s));
      case "number": {
        // fc.double favours extremes (subnormals, ±max); whole numbers in range look like input.
        const range = numberRange(s);
        const whole = intRange({
          minimum: range.min,
          maximum: range.max,
          ...(range.minExcluded ? { exclusiveMinimum: range.min } : {}),
          ...(range.maxExcluded ? { exclusiveMaximum: range.max } : {}),
        });
        return fc.oneof(
          { weight: 2, arbitrary: fc.integer(whole) },
          { weight: 2, arbitrary: fc.double({ ...range, noNaN: true, noDefaultInfinity: true }) },
        );
      }
      case "string":
        return validString(s);
      case "array":
        return this.validArray(s, name, depth);
      case "object":
        return this.validObject(s, depth);
      default:
        return anyJson;
    }
  }

  private validArray(s: SchemaObject, name: string, depth: number) {
    if (s.prefixItems) {
      return fc.tuple(...s.prefixItems.map((p, i) => this.valid(p, `${name}[${i}]`, depth + 1)));
    }
    const minLength = s.minItems ?? 0;
    const maxLength = Math.max(
      minLength,
      Math.min(s.maxItems ?? VALID_ARRAY_CAP, minLength + VALID_ARRAY_CAP),
    );
    const items = s.items === undefined || s.items === false ? true : s.items;
    return fc.array(this.valid(items, name, depth + 1), { minLength, maxLength });
  }

  private validObject(s: SchemaObject, depth: number) {
    const props = s.properties ?? {};
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [key, child] of Object.entries(props))
      model[key] = this.valid(child, key, depth + 1);
    const required = (s.required ?? []).filter((k) => k in props);
    return fc.record(model, { requiredKeys: required });
  }

  /** A mutation somewhere in the value: usually, not always, invalid. */
  invalid(schema: Schema | undefined, name = "", depth = 0): fc.Arbitrary<unknown> {
    const s = this.resolve(schema);
    return this.memo(this.invalidCache, s, `${name}|${depth}`, () =>
      this.invalidOf(s, name, depth),
    );
  }

  private invalidOf(s: Schema, name: string, depth: number): fc.Arbitrary<unknown> {
    const generic = weighted(
      [3, this.wrongType(s)],
      [2, hostileString],
      [1, absurdNumber],
      [1, fc.constant(DEEP_1000)],
    );
    if (typeof s === "boolean" || depth > MAX_DEPTH) return generic;
    const ts = types(s);
    const alternatives = s.anyOf ?? s.oneOf;
    const local: [number, fc.Arbitrary<unknown> | null][] = [[3, generic]];
    if (alternatives?.length) {
      // Mutate inside one of the alternatives.
      const { anyOf: _a, oneOf: _o, ...base } = s;
      local.push([
        4,
        fc.oneof(
          ...alternatives.map((alt) => {
            const r = this.resolve(alt);
            return this.invalid(typeof r === "boolean" ? r : { ...base, ...r }, name, depth + 1);
          }),
        ),
      ]);
    }
    if (s.enum?.length) local.push([3, badEnum(s.enum)]);
    if (ts.includes("string")) local.push([5, badString(s)]);
    if (ts.includes("integer") || ts.includes("number")) local.push([5, badNumber(s, ts)]);
    if (ts.includes("array")) local.push([5, this.badArray(s, name, depth)]);
    if (ts.includes("object")) local.push([6, this.badObject(s, depth)]);
    return weighted(...local);
  }

  /** Values of none of the schema's types. */
  wrongType(s: Schema): fc.Arbitrary<unknown> {
    if (typeof s === "boolean") return anyJson;
    const ts = new Set(types(s));
    if (s.anyOf || s.oneOf) {
      for (const alt of s.anyOf ?? s.oneOf ?? []) {
        const r = this.resolve(alt);
        if (typeof r !== "boolean") for (const t of types(r)) ts.add(t);
      }
    }
    const candidates: unknown[] = [];
    if (!ts.has("string")) candidates.push("x", "", "1", "true", "null", "2026-01-01T00:00:00Z");
    if (!ts.has("number") && !ts.has("integer")) candidates.push(0, 1, -1, 1.5, 1e308);
    if (!ts.has("boolean")) candidates.push(true, false);
    if (!ts.has("null")) candidates.push(null);
    if (!ts.has("array")) candidates.push([], ["x"], [1, 2, 3, 4]);
    if (!ts.has("object")) candidates.push({}, { a: 1 });
    if (ts.has("number") || ts.has("integer")) candidates.push("1", "NaN");
    return candidates.length ? pick(candidates) : anyJson;
  }

  private badArray(s: SchemaObject, name: string, depth: number) {
    const items = s.items === undefined || s.items === false ? true : s.items;
    const item = this.valid(items, name, depth + 1);
    const parts: [number, fc.Arbitrary<unknown> | null][] = [];
    if (s.prefixItems) {
      const prefix = s.prefixItems;
      const valids = prefix.map((p, i) => this.valid(p, `${name}[${i}]`, depth + 1));
      // One position mutated, or the tuple one too short / one too long.
      parts.push([
        4,
        fc
          .nat({ max: prefix.length - 1 })
          .chain((k) =>
            fc.tuple(
              ...prefix.map((p, i) =>
                i === k ? this.invalid(p, `${name}[${i}]`, depth + 1) : valids[i]!,
              ),
            ),
          ),
      ]);
      parts.push([2, fc.tuple(...valids).map((t) => t.slice(0, -1))]);
      parts.push([2, fc.tuple(fc.tuple(...valids), hostileString).map(([t, x]) => [...t, x])]);
    } else {
      // One element mutated among valid ones.
      parts.push([
        5,
        fc
          .tuple(
            fc.array(item, { maxLength: 2 }),
            this.invalid(items, name, depth + 1),
            fc.array(item, { maxLength: 2 }),
          )
          .map(([a, x, b]) => [...a, x, ...b]),
      ]);
    }
    if (s.maxItems !== undefined && s.maxItems <= 5000) {
      const max = s.maxItems;
      // At the limit (valid), one past it (invalid), and far past it.
      parts.push([2, fc.array(item, { minLength: max, maxLength: max })]);
      parts.push([2, fc.array(item, { minLength: max + 1, maxLength: max + 1 })]);
      parts.push([1, item.map((x) => Array.from({ length: Math.max(max * 2, 1000) }, () => x))]);
    }
    if (s.minItems !== undefined && s.minItems > 0) {
      parts.push([2, fc.array(item, { minLength: s.minItems - 1, maxLength: s.minItems - 1 })]);
    }
    parts.push([1, fc.constant([DEEP_1000])]);
    return weighted(...parts);
  }

  private badObject(s: SchemaObject, depth: number) {
    const props = s.properties ?? {};
    const keys = Object.keys(props);
    const required = (s.required ?? []).filter((k) => k in props);
    const validModel: Record<string, fc.Arbitrary<unknown>> = {};
    for (const k of keys) validModel[k] = this.valid(props[k], k, depth + 1);
    const validObject = fc.record(validModel, { requiredKeys: required });
    const parts: [number, fc.Arbitrary<unknown> | null][] = [];
    if (keys.length) {
      // One property (present) holding a mutated value, the others valid.
      const mutated: Record<string, fc.Arbitrary<unknown>> = {};
      for (const k of keys) mutated[k] = this.invalid(props[k], k, depth + 1);
      parts.push([
        8,
        pick(keys).chain((k) =>
          fc.record(
            { ...validModel, [k]: mutated[k]! },
            { requiredKeys: [...new Set([...required, k])] },
          ),
        ),
      ]);
    }
    if (required.length) {
      // A required property missing.
      parts.push([
        3,
        fc.tuple(validObject, pick(required)).map(([o, k]) => {
          const copy = { ...(o as Record<string, unknown>) };
          delete copy[k];
          return copy;
        }),
      ]);
    }
    // Extra properties: hostile names, prototype keys, deep values.
    parts.push([
      3,
      fc
        .tuple(
          validObject,
          fc.oneof(fc.constantFrom(...hostileStrings), fc.string({ maxLength: 10 })),
          fc.oneof(hostileString, anyJson, fc.constant(DEEP_1000)),
        )
        .map(([o, k, v]) => ({ ...(o as object), [k]: v })),
    ]);
    parts.push([
      1,
      validObject.map((o) =>
        JSON.parse(`{"__proto__":{"admin":true},${JSON.stringify(o).slice(1)}`),
      ),
    ]);
    // Every key at once, 300 of them.
    parts.push([
      1,
      fc.constant(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i]))),
    ]);
    return weighted(...parts);
  }

  /** Values certain to fail validation: the wrong root type, or a required key missing. */
  surelyInvalid(schema: Schema | undefined): fc.Arbitrary<unknown> {
    const s = this.resolve(schema);
    const parts: [number, fc.Arbitrary<unknown> | null][] = [[2, this.wrongType(s)]];
    if (typeof s !== "boolean" && types(s).includes("object") && !s.anyOf && !s.oneOf) {
      const props = s.properties ?? {};
      const required = (s.required ?? []).filter((k) => k in props);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, child] of Object.entries(props)) model[k] = this.invalid(child, k, 1);
      if (required.length) {
        parts.push([
          4,
          fc.tuple(fc.record(model, { requiredKeys: [] }), pick(required)).map(([o, k]) => {
            const copy = { ...(o as Record<string, unknown>) };
            delete copy[k];
            return copy;
          }),
        ]);
      }
      if (s.additionalProperties === false) {
        parts.push([
          2,
          fc
            .tuple(fc.record(model, { requiredKeys: [] }), hostileString)
            .map(([o, v]) => ({ ...(o as object), "'; drop table x; --": v })),
        ]);
      }
    }
    return weighted(...parts);
  }
}

function intRange(s: SchemaObject): { min: number; max: number } {
  let min = s.minimum ?? -1_000_000_000;
  let max = s.maximum ?? 1_000_000_000;
  if (typeof s.exclusiveMinimum === "number") min = Math.floor(s.exclusiveMinimum) + 1;
  if (typeof s.exclusiveMaximum === "number") max = Math.ceil(s.exclusiveMaximum) - 1;
  min = Math.max(Math.ceil(min), Number.MIN_SAFE_INTEGER);
  max = Math.min(Math.floor(max), Number.MAX_SAFE_INTEGER);
  return max < min ? { min, max: min } : { min, max };
}

function numberRange(s: SchemaObject) {
  const out: { min?: number; max?: number; minExcluded?: boolean; maxExcluded?: boolean } = {};
  if (s.minimum !== undefined) out.min = s.minimum;
  if (s.maximum !== undefined) out.max = s.maximum;
  if (typeof s.exclusiveMinimum === "number") {
    out.min = s.exclusiveMinimum;
    out.minExcluded = true;
  }
  if (typeof s.exclusiveMaximum === "number") {
    out.max = s.exclusiveMaximum;
    out.maxExcluded = true;
  }
  if (out.min === undefined) out.min = -1e9;
  if (out.max === undefined) out.max = 1e9;
  return out;
}

/** ISO-8601 instants in several spellings (offsets, fractions). */
export const isoInstant: fc.Arbitrary<string> = fc
  .tuple(
    fc.date({ min: ISO_MIN, max: ISO_MAX, noInvalidDate: true }),
    fc.constantFrom("Z", "+00:00", "+05:30", "-08:00"),
    fc.constantFrom(0, 3, 6),
  )
  .map(([d, zone, digits]) => {
    const iso = d.toISOString();
    const base = digits === 3 ? iso.slice(0, 23) : iso.slice(0, 19);
    const frac = digits === 6 ? `${iso.slice(19, 23)}123` : "";
    if (zone === "Z") return `${base}${frac}Z`;
    // Same instant, written with an offset.
    const sign = zone[0] === "+" ? 1 : -1;
    const [h, m] = zone.slice(1).split(":").map(Number);
    const shifted = new Date(d.getTime() + sign * (h! * 60 + m!) * 60_000).toISOString();
    const b = digits === 3 ? shifted.slice(0, 23) : shifted.slice(0, 19);
    return `${b}${frac}${zone}`;
  });

function validString(s: SchemaObject): fc.Arbitrary<string> {
  const minLength = s.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(s.maxLength ?? 40, 40));
  if (s.format === "date-time") return isoInstant;
  if (s.format === "email") {
    return fc
      .tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/), fc.nat({ max: 1_000_000 }))
      .map(([u, n]) => `${u}.${n}@example.com`);
  }
  if (s.format === "uri" || s.format === "url") {
    return fc.oneof(
      fc.webUrl(),
      fc.constantFrom("rtsp://10.0.0.5:554/stream1", "https://cam.example.com/snap.jpg"),
    );
  }
  if (s.format === "uuid") return fc.uuid();
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern));
    } catch {
      // fall through: a pattern fast-check cannot invert
    }
  }
  return fc.string({ minLength, maxLength });
}

function badString(s: SchemaObject): fc.Arbitrary<unknown> {
  const min = s.minLength ?? 0;
  const max = s.maxLength;
  const lengths: string[] = [];
  if (min > 0) lengths.push("y".repeat(min - 1), " ".repeat(min));
  if (max !== undefined && max < KB100) {
    lengths.push("y".repeat(max), "y".repeat(max + 1), "é".repeat(max + 1), "😀".repeat(max));
  }
  lengths.push("y".repeat(KB100));
  const formats: string[] = [];
  if (s.format === "date-time" || s.pattern) {
    formats.push(
      "2026-02-30T00:00:00Z",
      "2026-01-01",
      "2026-01-01T24:00:00Z",
      "2026-01-01T00:00:00",
      "2026-01-01T00:00:00+25:00",
      "+275760-09-13T00:00:00Z",
      "0000-01-01T00:00:00Z",
      "9999-12-31T23:59:59.999999999-23:59",
      "1970-01-01T00:00:00.0000000000000000001Z",
      "yesterday",
      "1767225600000",
    );
  }
  if (s.format === "email") {
    formats.push("a@b", "@example.com", "a@@example.com", "a@example.com\u0000", "A".repeat(300));
  }
  if (s.format === "uri" || s.format === "url") {
    formats.push(
      "javascript:alert(1)",
      "file:///etc/passwd",
      "http://",
      "rtsp://user:pass@[::1]:554/",
      "http://127.0.0.1:3100/api/health",
      "data:text/html,<script>alert(1)</script>",
    );
  }
  return weighted(
    [3, pick(lengths)],
    [formats.length ? 3 : 0, formats.length ? pick(formats) : null],
    [4, hostileString],
  );
}

function badNumber(s: SchemaObject, ts: string[]): fc.Arbitrary<unknown> {
  const edges: unknown[] = [];
  const lo = typeof s.exclusiveMinimum === "number" ? s.exclusiveMinimum : s.minimum;
  const hi = typeof s.exclusiveMaximum === "number" ? s.exclusiveMaximum : s.maximum;
  if (lo !== undefined) edges.push(lo, lo - 1, lo - 1e-9, lo - 0.5);
  if (hi !== undefined) edges.push(hi, hi + 1, hi + 1e-9, hi + 0.5);
  if (ts.includes("integer") && !ts.includes("number")) edges.push(0.5, 1.000001, 2 ** 53 + 1);
  return weighted([4, absurdNumber], [edges.length ? 4 : 0, edges.length ? pick(edges) : null]);
}

function badEnum(values: unknown[]): fc.Arbitrary<unknown> {
  const strings = values.filter((v): v is string => typeof v === "string");
  const out: unknown[] = ["", "*", "other", 0, null];
  for (const v of strings) out.push(v.toUpperCase(), ` ${v}`, `${v}\u0000`, [v]);
  return pick(out);
}

// ---------------------------------------------------------------------------------------------
// Requests

export interface RequestCase {
  method: string;
  /** Path and query, already encoded as sent. */
  url: string;
  headers: Record<string, string>;
  /** The exact bytes sent; undefined: no body. */
  body?: string | Buffer;
  /** What each part of the case is, for reports. */
  family: string[];
  /** Strings sent (body, query, path id): error messages may echo them without leaking. */
  sent: string[];
  /** Whether the case is certain to be rejected by validation alone. */
  surelyRejected: boolean;
}

export interface RequestContext {
  arbs: SchemaArbitraries;
  /** Real ids for `{id}` (the right kind first, then others). */
  realIds: string[];
  /** Real `next_cursor`s seen on list endpoints. */
  cursors?: string[];
  /** Only send requests certain to be refused (public endpoints that change global state). */
  rejectOnly?: boolean;
  /** Lower the share of valid-ish requests (used where rejected requests are what is counted). */
  mostlyInvalid?: boolean;
  /** Headers sent with every request (e.g. a client address of the fuzz's own). */
  headers?: Record<string, string>;
}

interface Part<T> {
  value: T;
  family: string;
  sent: string[];
  sure?: boolean;
}

function encodeSegment(raw: string): string {
  try {
    return encodeURIComponent(raw);
  } catch {
    // Lone surrogates: send the bytes of a UTF-16 surrogate, which are not valid UTF-8.
    return raw.replace(/[\ud800-\udfff]/g, "%ED%A0%80").replace(/[^\w%-]/g, (c) => {
      try {
        return encodeURIComponent(c);
      } catch {
        return "%ED%A0%80";
      }
    });
  }
}

/** Already-encoded path segments that are not ids: encodings, traversal, NUL, huge. */
export const malformedPathIds: readonly string[] = [
  "%00",
  "a%00b",
  "%",
  "%zz",
  "%E0%A4%A",
  "%ED%A0%80",
  "%C0%AF",
  "%FF",
  "..",
  "%2e%2e",
  ".",
  "%2e",
  "a%2Fb",
  "..%2F..%2Fetc%2Fpasswd",
  "%5C..%5C",
  "%20",
  "%09",
  "%0d%0a",
  "x;y",
  "x%3Bdrop",
  "x%3F%23",
  "%25",
  "%2525",
  "null",
  "undefined",
  "0",
  "-1",
  "1e9",
  "%E2%80%AE",
  "%F0%9F%98%80",
  "x".repeat(65),
  "x".repeat(10 * 1024),
  encodeURIComponent("'; drop table facilities; --"),
];

function pathIdArb(ctx: RequestContext, param: ParameterObject): fc.Arbitrary<Part<string>> {
  const real = ctx.realIds.length
    ? pick(ctx.realIds).map((id) => ({ value: id, family: "id:real", sent: [id] }))
    : null;
  const valid = ctx.arbs
    .valid(param.schema, param.name)
    .map((v) => String(v))
    .map((v) => ({ value: encodeSegment(v), family: "id:random", sent: [v] }));
  const prefixed = fc
    .tuple(
      fc.constantFrom("fac", "zone", "cam", "line", "key", "user", "usr"),
      fc.stringMatching(/^[0-9a-z]{16}$/),
    )
    .map(([p, s]) => `${p}_${s}`)
    .map((v) => ({ value: v, family: "id:lookalike", sent: [v] }));
  const hostile = hostileString.map((v) => ({
    value: encodeSegment(v),
    family: "id:hostile",
    sent: [v],
  }));
  const malformed = pick([...malformedPathIds]).map((v) => ({
    value: v,
    family: "id:malformed",
    sent: [safeDecode(v)],
  }));
  return (
    weighted([5, real], [1, valid], [1, prefixed], [2, hostile], [3, malformed]) as fc.Arbitrary<
      Part<string>
    >
  ).filter(fitsInUrl);
}

/**
 * Node refuses request heads over 16 kB (431, before the app): ids and queries stay under 10 kB
 * encoded, so every answer comes from the application.
 */
const fitsInUrl = (p: Part<string>) => p.value.length <= 10 * 1024;

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/** Raw query strings known to trouble parsers, for any list. */
const hostileQueries: readonly string[] = [
  "limit=-1",
  "limit=0",
  "limit=1e9",
  "limit=501",
  "limit=1.5",
  "limit=abc",
  "limit=",
  "limit=0x10",
  "limit=%201",
  "limit=Infinity",
  "limit=NaN",
  "limit=99999999999999999999999",
  "limit=1&limit=2",
  "limit=1&limit=-1",
  "limit[]=1",
  "limit[a]=1",
  "cursor=",
  "cursor=%00",
  "cursor=%",
  "cursor=%zz",
  "cursor=Li4vLi4vZXRjL3Bhc3N3ZA",
  "cursor=ZmFjXzA",
  "cursor=eF95",
  "cursor=%27%3B%20drop%20table%20facilities%3B%20--",
  `cursor=${"A".repeat(200)}`,
  `cursor=${"A".repeat(201)}`,
  `cursor=${"A".repeat(8000)}`,
  "cursor=a&cursor=b",
  "facility_id=%00",
  "facility_id=",
  "facility_id=%27%20OR%201%3D1%20--",
  `facility_id=${"x".repeat(65)}`,
  "entity_kind=%3Cscript%3E",
  "entity_id=..%2F..",
  "tz=..%2F..%2Fetc%2Flocaltime",
  "&&&",
  "=",
  "==&=x",
  "a=%",
  "__proto__=1",
  "__proto__[admin]=1",
  "constructor=x",
];

function queryArb(op: Operation, ctx: RequestContext): fc.Arbitrary<Part<string>> {
  const none = fc.constant({ value: "", family: "query:none", sent: [] as string[] });
  const raw = pick([...hostileQueries]).map((q) => ({
    value: q,
    family: "query:raw",
    sent: q.split(/[&=]/).map(safeDecode),
  }));
  if (op.queryParams.length === 0)
    return weighted([8, none], [1, raw]) as fc.Arbitrary<Part<string>>;
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const bad: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of op.queryParams) {
    let valid = ctx.arbs.valid(p.schema, p.name);
    if (p.name === "cursor" && ctx.cursors?.length) {
      valid = fc.oneof(valid, pick(ctx.cursors), mutatedCursor(ctx.cursors));
    }
    model[p.name] = valid;
    bad[p.name] = fc.oneof(ctx.arbs.invalid(p.schema, p.name), hostileString);
  }
  const encode = (o: Record<string, unknown>) => {
    const parts: string[] = [];
    const sent: string[] = [];
    for (const [k, v] of Object.entries(o)) {
      if (v === undefined) continue;
      const text = typeof v === "string" ? v : toJsonText(v);
      sent.push(text);
      parts.push(`${encodeSegment(k)}=${encodeSegment(text)}`);
    }
    return { value: parts.join("&"), sent };
  };
  const validQ = fc
    .record(model, { requiredKeys: [] })
    .map((o) => ({ ...encode(o), family: "query:valid" }));
  const badQ = pick(Object.keys(bad))
    .chain((k) => fc.record({ ...model, [k]: bad[k]! }, { requiredKeys: [k] }))
    .map((o) => ({ ...encode(o), family: "query:mutated" }));
  return (
    weighted([3, none], [3, validQ], [4, badQ], [3, raw]) as fc.Arbitrary<Part<string>>
  ).filter(fitsInUrl);
}

function mutatedCursor(cursors: string[]): fc.Arbitrary<string> {
  return fc
    .tuple(
      pick(cursors),
      fc.nat(),
      fc.constantFrom("truncate", "flip", "append", "reencode", "foreign"),
    )
    .map(([c, n, how]) => {
      const i = c.length ? n % c.length : 0;
      switch (how) {
        case "truncate":
          return c.slice(0, i);
        case "flip":
          return c.slice(0, i) + (c[i] === "A" ? "B" : "A") + c.slice(i + 1);
        case "append":
          return `${c}==`;
        case "reencode":
          return Buffer.from(`${Buffer.from(c, "base64url").toString("utf8")}'; --`).toString(
            "base64url",
          );
        default:
          return Buffer.from("zz_0000000000000000").toString("base64url");
      }
    });
}

/** Bodies that never reach a schema: not JSON, empty, the wrong type, too large. */
function rawBodyArb(
  maxBytes: number,
): fc.Arbitrary<Part<{ body?: string | Buffer; type?: string }>> {
  const big = maxBytes + 1024;
  const notJson = pick([
    "{",
    "}",
    "[",
    '{"a":',
    "{'a': 1}",
    '{"a": 1,}',
    "NaN",
    "undefined",
    "\u0000",
    "\ufeff{}",
    '{"a": "\\ud800"}',
    '{"a": "\\u00"}',
    "<xml/>",
    "a=1&b=2",
    "--boundary\r\n",
    '{"a":1}{"b":2}',
    `${"[".repeat(100_000)}${"]".repeat(100_000)}`,
    `${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}`,
  ]).map((b) => ({
    value: { body: b, type: "application/json" },
    family: "body:not-json",
    sent: [b],
    sure: true,
  }));
  const empty = pick(["", " ", "\r\n\t "]).map((b) => ({
    value: { body: b, type: "application/json" },
    family: "body:empty",
    sent: [] as string[],
    sure: true,
  }));
  const jsonScalars = pick(["null", "true", "0", '"x"', "[]", "[{}]", "1e999"]).map((b) => ({
    value: { body: b, type: "application/json" },
    family: "body:json-scalar",
    sent: [b],
    sure: true,
  }));
  const wrongType = fc
    .tuple(
      fc.constantFrom(
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
        "text/html",
        "application/octet-stream",
        "image/png",
        "jsonp",
        "application/jsonx",
      ),
      fc.constantFrom('{"name":"x"}', "name=x", "<a/>"),
    )
    .map(([type, b]) => ({
      value: { body: b, type },
      family: `body:content-type ${type}`,
      sent: [b],
      sure: true,
    }));
  const tooLarge = fc.constantFrom("json", "garbage").map((kind) => {
    const body = kind === "json" ? JSON.stringify({ name: "x".repeat(big) }) : "x".repeat(big);
    return {
      value: { body, type: "application/json" },
      family: `body:too-large ${kind} ${body.length} B`,
      sent: [] as string[],
      sure: true,
    };
  });
  const binary = fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({
    value: { body: Buffer.from([0xff, 0xfe, ...bytes]), type: "application/json" },
    family: "body:binary",
    sent: [] as string[],
    sure: true,
  }));
  return weighted(
    [3, notJson],
    [2, empty],
    [2, jsonScalars],
    [3, wrongType],
    [1, tooLarge],
    [1, binary],
  ) as fc.Arbitrary<Part<{ body?: string | Buffer; type?: string }>>;
}

function bodyArb(op: Operation, ctx: RequestContext, maxBytes: number) {
  type B = Part<{ body?: string | Buffer; type?: string }>;
  const raw = rawBodyArb(maxBytes);
  const asJson = (family: string, sure: boolean) => (v: unknown) => ({
    value: { body: toJsonText(v), type: "application/json" },
    family,
    sent: stringsIn(v),
    sure,
  });
  if (!op.body) {
    // No body expected: mostly none, sometimes junk anyway.
    const none = fc.constant<B>({ value: {}, family: "body:none", sent: [] });
    // A body where none is read is ignored, not refused: never "surely rejected" here.
    const ignored = raw.map((b) => ({ ...b, sure: false }));
    return weighted([8, none], [1, ignored]) as fc.Arbitrary<B>;
  }
  const surely = ctx.arbs.surelyInvalid(op.body).map(asJson("body:surely-invalid", true));
  if (ctx.rejectOnly) return weighted([5, surely], [4, raw]) as fc.Arbitrary<B>;
  const valid = ctx.arbs.valid(op.body).map(asJson("body:valid-ish", false));
  const invalid = ctx.arbs.invalid(op.body).map(asJson("body:mutated", false));
  const noType = ctx.arbs.valid(op.body).map((v) => ({
    value: { body: toJsonText(v), type: undefined },
    family: "body:valid-ish without content-type",
    sent: stringsIn(v),
  }));
  return weighted(
    [ctx.mostlyInvalid ? 1 : 4, valid],
    [8, invalid],
    [2, surely],
    [3, raw],
    [1, noType],
  ) as fc.Arbitrary<B>;
}

function extraHeadersArb(
  op: Operation,
  ctx: RequestContext,
): fc.Arbitrary<Part<Record<string, string>>> {
  const none = fc.constant({ value: {}, family: "headers:none", sent: [] as string[] });
  const parts: [number, fc.Arbitrary<Part<Record<string, string>>> | null][] = [[8, none]];
  if (op.method === "POST" && !ctx.rejectOnly) {
    parts.push([
      2,
      fc.oneof(fc.uuid(), fc.constant("fuzz-reused-key"), hostileHeaderValue).map((key) => ({
        value: { "idempotency-key": key },
        family: `headers:idempotency-key(${key.length})`,
        sent: [key],
      })),
    ]);
  }
  parts.push([
    1,
    hostileHeaderValue.map((v) => ({
      value: { "x-request-id": v },
      family: "headers:x-request-id",
      sent: [v],
    })),
  ]);
  return weighted(...parts) as fc.Arbitrary<Part<Record<string, string>>>;
}

/** One HTTP request against `op`, with any mix of bad path id, query, headers and body. */
export function requestArb(
  op: Operation,
  ctx: RequestContext,
  opts: { maxBodyBytes?: number } = {},
): fc.Arbitrary<RequestCase> {
  const maxBytes = opts.maxBodyBytes ?? op.maxBodyBytes ?? 256 * 1024;
  const ids: fc.Arbitrary<Part<string>[]> = fc.tuple(
    ...op.pathParams.map((p) => pathIdArb(ctx, p)),
  );
  return fc
    .tuple(ids, queryArb(op, ctx), bodyArb(op, ctx, maxBytes), extraHeadersArb(op, ctx))
    .map(([idParts, query, body, headers]) => {
      let path = op.path;
      op.pathParams.forEach((p, i) => {
        path = path.replace(`{${p.name}}`, idParts[i]!.value);
      });
      const url = query.value ? `${path}?${query.value}` : path;
      const allHeaders: Record<string, string> = { ...ctx.headers, ...headers.value };
      if (body.value.type) allHeaders["content-type"] = body.value.type;
      const parts = [...idParts, query, body, headers];
      return {
        method: op.method,
        url,
        headers: allHeaders,
        body: body.value.body,
        family: parts.map((p) => p.family),
        sent: parts.flatMap((p) => p.sent),
        surelyRejected: Boolean(body.sure),
      };
    });
}

/** A short, reproducible description of a request. */
export function describeRequest(c: RequestCase): string {
  const body =
    c.body === undefined
      ? "(no body)"
      : typeof c.body === "string"
        ? `${JSON.stringify(c.body.length > 400 ? `${c.body.slice(0, 400)}…` : c.body)} (${c.body.length} chars)`
        : `<${c.body.length} bytes: ${c.body.subarray(0, 32).toString("hex")}…>`;
  const url = c.url.length > 300 ? `${c.url.slice(0, 300)}… (${c.url.length} chars)` : c.url;
  const headers = Object.fromEntries(
    Object.entries(c.headers).map(([k, v]) => [
      k,
      v.length > 80 ? `${v.slice(0, 40)}… (${v.length} chars)` : v,
    ]),
  );
  return `${c.method} ${url}\n  headers: ${JSON.stringify(headers)}\n  body: ${body}\n  families: ${c.family.join(", ")}`;
}

// ---------------------------------------------------------------------------------------------
// The oracle

export interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** What an error message must never contain: stack frames, file paths, SQL, driver errors. */
const LEAKS: readonly [string, RegExp][] = [
  ["stack frame", /\bat \/|\bat [\w.<>]+ \(|\(\/[^)]*:\d+:\d+\)|file:\/\//],
  ["node_modules", /node_modules/],
  ["SQL select", /\bselect\s/i],
  ["SQL insert", /insert into/i],
  ["SQL update", /\bupdate\s+"?\w+"?\s+set\b/i],
  ["SQL syntax error", /syntax error/i],
  [
    "database error",
    /invalid byte sequence|violates .* constraint|relation ".*" does not exist|Failed query/i,
  ],
  ["JS error", /\b(TypeError|ReferenceError|RangeError|SyntaxError):/],
  ["internals", /\b(drizzle|pglite|postgres\.js|better-auth)\b/i],
];

function scrub(text: string, sent: string[]): string {
  let out = text;
  for (const s of sent) if (s.length >= 3) out = out.split(s).join("");
  return out;
}

/** Checks one answer against the API conventions; returns the problems found (none: fine). */
export function problemsWith(c: RequestCase, a: Answer): string[] {
  const problems: string[] = [];
  if (a.status >= 500 || a.status < 100) {
    // One problem per failure: a 5xx, whatever its body.
    problems.push(`status ${a.status} (${a.headers["content-type"] ?? "no content-type"})`);
    return problems;
  }
  if (a.status < 400) {
    // CSV (history) and Prometheus text (metrics) are success answers too.
    const text = /^text\/(csv|plain)\b/.test(a.headers["content-type"] ?? "");
    if (a.status !== 204 && a.status < 300 && a.text && !text) {
      try {
        JSON.parse(a.text);
      } catch {
        problems.push("a success answer that is not JSON");
      }
    }
    return problems;
  }
  let body: unknown;
  try {
    body = JSON.parse(a.text);
  } catch {
    problems.push(`error body is not JSON (content-type ${a.headers["content-type"] ?? "none"})`);
    return problems;
  }
  const error = (body as { error?: unknown } | null)?.error as
    | { code?: unknown; message?: unknown; details?: unknown }
    | undefined;
  if (!error || typeof error !== "object") {
    problems.push("error body has no `error` object");
    return problems;
  }
  if (typeof error.code !== "string" || !error.code) problems.push("error.code is not a string");
  if (typeof error.message !== "string") problems.push("error.message is not a string");
  const messages: string[] = typeof error.message === "string" ? [error.message] : [];
  if (error.details !== undefined) {
    if (!Array.isArray(error.details)) problems.push("error.details is not an array");
    else {
      for (const d of error.details as { path?: unknown; code?: unknown; message?: unknown }[]) {
        if (typeof d?.path !== "string") problems.push("a detail without a string path");
        if (typeof d?.code !== "string") problems.push("a detail without a string code");
        if (typeof d?.message !== "string") problems.push("a detail without a string message");
        else messages.push(d.message);
      }
    }
  }
  if (a.status === 422 && (!Array.isArray(error.details) || error.details.length === 0)) {
    problems.push("a 422 without details[]");
  }
  for (const m of messages) {
    const clean = scrub(m, c.sent);
    for (const [what, re] of LEAKS) {
      if (re.test(clean))
        problems.push(`message leaks ${what}: ${JSON.stringify(m.slice(0, 300))}`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Running cases against the server

/**
 * The fuzz's own client address (TEST-NET-3): the per-address limits it trips (failed sign-ins,
 * failed credentials) stay its own instead of throttling the specs that run after it.
 */
export const FUZZ_CLIENT = { "x-forwarded-for": "203.0.113.77" };

/** A stable 32-bit seed per operation, so adding endpoints does not reshuffle the others. */
export function seedFor(op: Operation, base: number): number {
  let h = base | 0;
  for (const ch of `${op.method} ${op.path}`)
    h = (Math.imul(h ^ ch.charCodeAt(0), 16777619) | 0) >>> 0;
  return h | 0;
}

export async function fetchDocument(request: APIRequestContext): Promise<OpenApiDocument> {
  const res = await request.get("/api/openapi.json");
  expect(res.status()).toBe(200);
  return res.json();
}

export interface Site {
  facility: { id: string };
  camera: { id: string };
  line: { id: string };
  zone: { id: string };
  key: { id: string };
  user?: { id: string };
  webhook?: { id: string };
}

/** A facility with one of everything (and a key, and a user when the API has users). */
export async function site(
  request: APIRequestContext,
  doc: OpenApiDocument,
  withUser = false,
): Promise<Site> {
  const { facility, camera, line } = await doorway(request);
  const zone = await create(request, "/zones", { facility_id: facility.id, name: "Fuzz zone" });
  const key = await createKey(request, { name: unique("fuzz"), capabilities: ["read"] });
  let user: { id: string } | undefined;
  if (withUser && doc.paths["/api/admin/users"]?.post) {
    const res = await request.post("/api/admin/users", {
      data: {
        email: `fuzz.${Math.random().toString(36).slice(2, 10)}@example.com`,
        name: "Fuzz user",
        password: "fuzz-password-0123456789",
        role: "viewer",
        facility_ids: [facility.id],
      },
    });
    if (res.status() === 201) user = await res.json();
  }
  // Disabled, so nothing the fuzz does queues deliveries that retry in the background.
  const webhook = doc.paths["/api/occupancy/facilities/{id}/webhooks"]?.post
    ? await create(request, `/facilities/${facility.id}/webhooks`, {
        url: "https://hooks.example.invalid/footfall",
        event_types: ["alert.opened"],
        enabled: false,
      })
    : undefined;
  return { facility, camera, line, zone, key, user, webhook };
}

/** Real ids for an operation's `{id}`: the kind its path names first, then the other kinds. */
export function realIdsFor(op: Operation, s: Site): string[] {
  const kinds: [string, { id: string } | undefined][] = [
    ["/api/occupancy/facilities/", s.facility],
    ["/api/occupancy/zones/", s.zone],
    ["/api/occupancy/cameras/", s.camera],
    ["/api/occupancy/lines/", s.line],
    ["/api/admin/keys/", s.key],
    ["/api/admin/users/", s.user],
    ["/api/webhooks/", s.webhook],
  ];
  const all = kinds.flatMap(([, r]) => (r ? [r.id] : []));
  const own = kinds.find(([prefix, r]) => r && op.path.startsWith(prefix))?.[1];
  // The right kind three times out of four; another kind's real id otherwise.
  return own ? [own.id, own.id, own.id, own.id, own.id, own.id, ...all] : all;
}

/** Values that fit the server's state, by property name, so valid-ish bodies get further. */
export function hintsFor(s: Site): Hints {
  return {
    facility_id: fc.constant(s.facility.id),
    camera_id: fc.constant(s.camera.id),
    zone_id: fc.constantFrom(s.zone.id, null),
    line_id: fc.constant(s.line.id),
    facility_ids: fc.constantFrom([s.facility.id], [], null),
    timezone: fc.constantFrom(
      "UTC",
      "Europe/Berlin",
      "America/New_York",
      "Asia/Kathmandu",
      zoneNearNoon(),
    ),
    ts: fc.integer({ min: -3_600_000, max: 0 }).map((d) => new Date(Date.now() + d).toISOString()),
    email: fc.nat({ max: 1e9 }).map((n) => `fuzz.${n}@example.com`),
    password: fc.string({ minLength: 12, maxLength: 40 }),
  };
}

/** A real `next_cursor` of each list operation (from `?limit=1`), for cursor mutations. */
export async function cursorsFor(
  request: APIRequestContext,
  op: Operation,
  ids: string[],
): Promise<string[]> {
  if (op.method !== "GET" || !op.queryParams.some((p) => p.name === "cursor")) return [];
  const path = op.path.replace(/\{[^}]+\}/g, ids[0] ?? "x");
  const res = await request.get(`${path}?limit=1`);
  if (res.status() !== 200) return [];
  const cursor = (await res.json())?.next_cursor;
  return typeof cursor === "string" ? [cursor] : [];
}

export async function send(request: APIRequestContext, c: RequestCase): Promise<Answer> {
  const res = await request.fetch(c.url, {
    method: c.method,
    headers: c.headers,
    ...(c.body === undefined ? {} : { data: c.body }),
    failOnStatusCode: false,
    maxRedirects: 0,
    timeout: 30_000,
  });
  return {
    status: res.status(),
    headers: res.headers(),
    text: (await res.body()).toString("utf8"),
  };
}
