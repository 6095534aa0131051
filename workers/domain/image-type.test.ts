import { describe, expect, it } from "vitest";
import { IMAGE_HEIGHT, IMAGE_WIDTH, jpeg, png, webpExtended, webpLossless, webpLossy } from "../../test/fixtures/images";
import { inspectImage, isImageType, MAX_IMAGE_SIDE, mediaTypeOf, sniffImageType } from "./image-type";

const text = (value: string) => new TextEncoder().encode(value);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};
/** A copy with `edit` applied, so one fixture yields many damaged files. */
const edited = (bytes: Uint8Array, edit: (copy: Uint8Array, view: DataView) => void) => {
  const copy = bytes.slice();
  edit(copy, new DataView(copy.buffer));
  return copy;
};
/** Fixes the CRC of the PNG chunk at `at` after its data was edited. */
function withPngCrc(bytes: Uint8Array, at: number): Uint8Array {
  const view = new DataView(bytes.buffer);
  const length = view.getUint32(at);
  let crc = 0xffffffff;
  for (let i = at + 4; i < at + 8 + length; i++) {
    crc ^= bytes[i]!;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  view.setUint32(at + 8 + length, (crc ^ 0xffffffff) >>> 0);
  return bytes;
}

describe("sniffImageType", () => {
  it("recognises PNG, JPEG and WebP by their magic numbers", () => {
    expect(sniffImageType(png)).toBe("image/png");
    expect(sniffImageType(jpeg)).toBe("image/jpeg");
    expect(sniffImageType(webpLossy)).toBe("image/webp");
  });

  it("refuses everything else, including truncated headers", () => {
    expect(sniffImageType(text("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeNull();
    expect(sniffImageType(text("GIF89a"))).toBeNull();
    expect(sniffImageType(png.slice(0, 4))).toBeNull();
    expect(sniffImageType(text("RIFF....WAVE"))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });
});

describe("inspectImage", () => {
  it.each([
    ["PNG", png, "image/png"],
    ["baseline JPEG", jpeg, "image/jpeg"],
    ["lossy WebP (VP8)", webpLossy, "image/webp"],
    ["lossless WebP (VP8L)", webpLossless, "image/webp"],
    ["extended WebP (VP8X)", webpExtended, "image/webp"],
  ])("reads a whole %s and its dimensions", (_name, bytes, type) => {
    expect(inspectImage(bytes)).toEqual({ ok: true, type, width: IMAGE_WIDTH, height: IMAGE_HEIGHT });
  });

  it("accepts data after a JPEG's end marker, as phones' motion photos carry", () => {
    expect(inspectImage(concat(jpeg, text("MotionPhoto_Data")))).toMatchObject({ ok: true });
  });

  it.each([
    ["a bare JPEG signature", new Uint8Array([0xff, 0xd8, 0xff, 0xe0])],
    ["a bare PNG signature", png.slice(0, 8)],
    ["a PNG cut off inside IHDR", png.slice(0, 20)],
    ["a PNG cut off before IEND", png.slice(0, png.length - 12)],
    ["a PNG missing IEND's last byte", png.slice(0, -1)],
    ["a PNG with bytes after IEND", concat(png, new Uint8Array([0]))],
    ["a PNG with a damaged chunk", edited(png, (b) => (b[45] = b[45]! ^ 0xff))],
    ["a PNG with a damaged chunk name", edited(png, (b) => (b[40] = b[40]! ^ 0xff))],
    ["a PNG whose first chunk is not IHDR", edited(png, (b) => b.set(text("IHDX"), 12))],
    ["a PNG with an impossible colour type", withPngCrc(edited(png, (b) => (b[25] = 5)), 8)],
    ["a PNG with no image data", concat(png.slice(0, 33), png.slice(-12))],
    ["a PNG of zero width", withPngCrc(edited(png, (_b, view) => view.setUint32(16, 0)), 8)],
    ["a PNG wider than the limit", withPngCrc(edited(png, (_b, view) => view.setUint32(16, MAX_IMAGE_SIDE + 1)), 8)],
    ["a JPEG cut off in its scan", jpeg.slice(0, jpeg.length - 10)],
    ["a JPEG without its end marker", jpeg.slice(0, -2)],
    ["a JPEG cut off in a segment", jpeg.slice(0, 100)],
    ["a JPEG without a frame header", concat(jpeg.slice(0, 2), text("\xff\xd9"))],
    ["a JPEG of zero height", edited(jpeg, (b, view) => view.setUint16(jpeg.indexOf(0xc0, 500) + 4, 0))],
    ["a WebP cut off (RIFF size larger than the file)", webpLossy.slice(0, -4)],
    ["a WebP with extra bytes", concat(webpLossy, new Uint8Array(2))],
    ["a bare WebP header", edited(text("RIFF\x04\x00\x00\x00WEBP"), () => undefined)],
    ["a WebP whose chunk overruns the RIFF", edited(webpLossless, (_b, view) => view.setUint32(16, 400, true))],
    ["a VP8 chunk without its start code", edited(webpLossy, (b) => (b[23] = 0))],
    ["a VP8L chunk without its signature", edited(webpLossless, (b) => (b[20] = 0))],
    ["a VP8X file with no image data", concat(edited(webpExtended.slice(0, 30), (_b, view) => view.setUint32(4, 22, true)))],
  ])("refuses %s", (_name, bytes) => {
    const result = inspectImage(bytes);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.reason).toMatch(/\.$/);
  });

  it("refuses what is not one of the three types", () => {
    expect(inspectImage(text("GIF89a"))).toEqual({ ok: false, reason: "The bytes are not a PNG, JPEG or WebP image." });
    expect(inspectImage(new Uint8Array())).toMatchObject({ ok: false });
  });
});

describe("media types", () => {
  it("reads the type without parameters, case-insensitively", () => {
    expect(mediaTypeOf("Image/PNG; charset=binary")).toBe("image/png");
    expect(mediaTypeOf(undefined)).toBe("");
    expect(isImageType("image/png")).toBe(true);
    expect(isImageType("image/svg+xml")).toBe(false);
    expect(isImageType("toString")).toBe(false);
  });
});
