import { describe, expect, it } from "vitest";
import { checkWebhookUrl, isPrivateAddress } from "./address-policy";

describe("webhook URL policy (SSRF)", () => {
  it("refuses non-http schemes, credentials and private or loopback hosts", () => {
    expect(checkWebhookUrl("ftp://example.com/x", false)).toBe("scheme");
    expect(checkWebhookUrl("file:///etc/passwd", false)).toBe("scheme");
    expect(checkWebhookUrl("not a url", false)).toBe("not_url");
    expect(checkWebhookUrl("https://u:p@example.com/", false)).toBe("credentials");
    for (const url of [
      "http://127.0.0.1:8080/",
      "http://localhost/",
      "http://api.localhost/",
      "http://10.1.2.3/",
      "http://172.20.0.1/",
      "http://192.168.1.1/",
      "http://169.254.169.254/latest/meta-data",
      "http://[::1]/",
      "http://[::ffff:127.0.0.1]/",
      "http://[fd00::1]/",
      "http://0.0.0.0/",
      "http://2130706433/", // 127.0.0.1 as one number: URL normalises it
    ]) {
      expect(checkWebhookUrl(url, false), url).toBe("private");
      expect(checkWebhookUrl(url, true), url).toBeNull();
    }
    expect(checkWebhookUrl("https://example.com/hook", false)).toBeNull();
    expect(checkWebhookUrl("http://8.8.8.8/", false)).toBeNull();
  });

  it("classifies addresses", () => {
    expect(isPrivateAddress("8.8.8.8")).toBe(false);
    expect(isPrivateAddress("2606:4700::1111")).toBe(false);
    expect(isPrivateAddress("100.64.0.1")).toBe(true);
    expect(isPrivateAddress("fe80::1")).toBe(true);
    expect(isPrivateAddress("not-an-ip")).toBe(true);
  });
});
