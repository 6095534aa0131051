import { describe, expect, it } from "vitest";
import { clientKey } from "./client-key";

describe("clientKey", () => {
  it("keeps an IPv4 address as it is", () => {
    expect(clientKey("198.51.100.7")).toBe("198.51.100.7");
  });

  it.each([
    ["2001:db8:1:2::1", "2001:db8:1:2::/64"],
    ["2001:0db8:0001:0002:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"],
    ["2001:DB8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["64:ff9b::192.0.2.33", "64:ff9b:0:0::/64"],
  ])("counts %s by its /64", (address, key) => {
    expect(clientKey(address)).toBe(key);
  });

  it("counts an IPv4-mapped address as the IPv4 address", () => {
    expect(clientKey("::ffff:198.51.100.7")).toBe("198.51.100.7");
  });

  it("leaves anything unparsable alone", () => {
    expect(clientKey("unknown")).toBe("unknown");
    expect(clientKey("1::2::3")).toBe("1::2::3");
    expect(clientKey("2001:db8:zz::1")).toBe("2001:db8:zz::1");
  });
});
