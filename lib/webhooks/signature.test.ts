import { createHmac, timingSafeEqual } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sign, signatureHeader, verificationSnippet, verifySignature } from "./signature";

const body = '{"id":"evt_1","type":"webhook.test"}';

describe("webhook signatures", () => {
  it("match a known vector (computed with openssl dgst -sha256 -hmac)", () => {
    expect(sign("whsec_test", 1_700_000_000, body)).toBe(
      "684fbc8999ff13aa332102c10e23ad56af8cb3b34c5d3bcba8bf53317e5f6c33",
    );
    expect(signatureHeader("whsec_test", 1_700_000_000, body)).toBe(
      "t=1700000000,v1=684fbc8999ff13aa332102c10e23ad56af8cb3b34c5d3bcba8bf53317e5f6c33",
    );
  });

  it("verify only the right secret, body and a fresh timestamp", () => {
    const header = signatureHeader("whsec_test", 1_700_000_000, body);
    expect(verifySignature("whsec_test", header, body, 1_700_000_100)).toBe(true);
    expect(verifySignature("whsec_other", header, body, 1_700_000_100)).toBe(false);
    expect(verifySignature("whsec_test", header, `${body} `, 1_700_000_100)).toBe(false);
    expect(verifySignature("whsec_test", header, body, 1_700_000_301)).toBe(false);
    expect(verifySignature("whsec_test", "t=1700000000,v1=00", body, 1_700_000_000)).toBe(false);
    expect(verifySignature("whsec_test", "garbage", body, 1_700_000_000)).toBe(false);
  });

  it("the documented snippet verifies what the server signs", () => {
    const verify = new Function("require", `${verificationSnippet}\nreturn verify;`)((m: string) =>
      m === "node:crypto" ? { createHmac, timingSafeEqual } : undefined,
    ) as (secret: string, header: string, raw: string) => boolean;
    const now = Math.floor(Date.now() / 1000);
    expect(verify("s3cret", signatureHeader("s3cret", now, body), body)).toBe(true);
    expect(verify("s3cret", signatureHeader("s3cret", now - 301, body), body)).toBe(false);
    expect(verify("wrong", signatureHeader("s3cret", now, body), body)).toBe(false);
    expect(verify("s3cret", "t=abc,v1=00", body)).toBe(false);
  });
});
