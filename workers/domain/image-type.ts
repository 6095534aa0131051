/**
 * The image rules, declared once: which types products accept, how large an upload may be, and
 * what makes bytes a whole image. The API, the body limit and the admin's upload form import them.
 *
 * The structure is read here rather than with a dimensions library such as `image-size`: those
 * read the width and height from the header and stop, so a file cut off after its header (or a
 * bare signature) passes them, and `image-size` reads only three of JPEG's thirteen frame types.
 * Walking the chunks or segments to the end is what finds the truncation, and the dimensions
 * fall out of the same walk. Nothing is decompressed, so a 5 MiB upload costs milliseconds.
 */

/** The image types products accept, with the file extension their keys get. */
export const IMAGE_TYPES = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
} as const;

export type ImageType = keyof typeof IMAGE_TYPES;

/** The largest upload, in bytes (the API answers 413 above it). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** The longest side an image may have, in pixels: more than any product photo needs. */
export const MAX_IMAGE_SIDE = 16_384;

/** For the file input's `accept` and the form's messages. */
export const ACCEPTED_IMAGE_TYPES = Object.keys(IMAGE_TYPES).join(",");

export function isImageType(value: string): value is ImageType {
  return Object.hasOwn(IMAGE_TYPES, value);
}

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((byte, i) => bytes[offset + i] === byte);

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;
const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

/**
 * What the bytes are, by their magic number, whatever the request claimed: a declared type
 * that disagrees with the bytes is refused, so nothing else is ever stored as an image.
 */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  // RIFF <size> WEBP
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "image/webp";
  return null;
}

/** The media type of a Content-Type header value, without parameters, lower-cased. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

export type ImageCheck =
  | { ok: true; type: ImageType; width: number; height: number }
  | { ok: false; reason: string };

/**
 * Whether `bytes` are one whole PNG, JPEG or WebP image with readable dimensions within
 * MAX_IMAGE_SIDE. A truncated file, a bare signature or a header with nothing behind it fails
 * with a reason that can be shown to the uploader.
 */
export function inspectImage(bytes: Uint8Array): ImageCheck {
  const type = sniffImageType(bytes);
  if (!type) return fail("The bytes are not a PNG, JPEG or WebP image.");
  const read = type === "image/png" ? readPng(bytes) : type === "image/jpeg" ? readJpeg(bytes) : readWebp(bytes);
  if (typeof read === "string") return fail(read);
  const { width, height } = read;
  if (width < 1 || height < 1) return fail("The image has no width or height.");
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
    return fail(`The image is ${width}×${height} pixels; each side may be at most ${MAX_IMAGE_SIDE}.`);
  }
  return { ok: true, type, width, height };
}

const fail = (reason: string): ImageCheck => ({ ok: false, reason });

type Size = { width: number; height: number };

const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32be = (b: Uint8Array, at: number) => ((b[at]! << 24) >>> 0) + ((b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!);
const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u24le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
const u32le = (b: Uint8Array, at: number) => u24le(b, at) + b[at + 3]! * 0x1000000;
const fourCC = (b: Uint8Array, at: number) => String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);
/** A chunk's name for a message; a damaged one is not echoed back. */
const chunkName = (type: string) => (/^[A-Za-z0-9 ]{4}$/.test(type) ? `its ${type.trim()} chunk` : "a chunk");

// ── PNG ─────────────────────────────────────────────────────────────────────

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Bit depths each PNG colour type allows. */
const PNG_DEPTHS: Record<number, readonly number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

/** Signature, IHDR first, every chunk whole with a matching CRC, IDAT data, and IEND last. */
function readPng(b: Uint8Array): Size | string {
  let at = PNG_SIGNATURE.length;
  let size: Size | undefined;
  let colourType = -1;
  let sawPalette = false;
  let sawData = false;
  while (at < b.length) {
    if (at + 12 > b.length) return "The PNG is cut off inside a chunk header.";
    const length = u32be(b, at);
    const type = fourCC(b, at + 4);
    const dataStart = at + 8;
    const dataEnd = dataStart + length;
    if (length > 0x7fffffff || dataEnd + 4 > b.length) return `The PNG is cut off inside ${chunkName(type)}.`;
    if (crc32(b, at + 4, dataEnd) !== u32be(b, dataEnd)) return `The PNG is damaged: the checksum of ${chunkName(type)} does not match.`;
    if (!size && type !== "IHDR") return "The PNG does not start with its header (IHDR) chunk.";
    if (type === "IHDR") {
      if (size) return "The PNG has two header (IHDR) chunks.";
      if (length !== 13) return "The PNG's header (IHDR) chunk has the wrong length.";
      size = { width: u32be(b, dataStart), height: u32be(b, dataStart + 4) };
      const depth = b[dataStart + 8]!;
      colourType = b[dataStart + 9]!;
      if (!PNG_DEPTHS[colourType]?.includes(depth)) return "The PNG's colour type and bit depth are not a valid pair.";
      if (b[dataStart + 10] !== 0 || b[dataStart + 11] !== 0 || b[dataStart + 12]! > 1) return "The PNG uses an unknown compression, filter or interlace method.";
    } else if (type === "PLTE") {
      sawPalette = true;
    } else if (type === "IDAT") {
      if (colourType === 3 && !sawPalette) return "The PNG's palette (PLTE) is missing.";
      sawData = true;
    } else if (type === "IEND") {
      if (!sawData) return "The PNG has no image data (IDAT).";
      if (dataEnd + 4 !== b.length) return "The PNG has bytes after its end (IEND) chunk.";
      return size!;
    }
    at = dataEnd + 4;
  }
  return "The PNG is cut off: it has no end (IEND) chunk.";
}

// ── JPEG ────────────────────────────────────────────────────────────────────

/** Start-of-frame markers: every SOFn except DHT (C4), JPG (C8) and DAC (CC). */
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/**
 * SOI, then marker segments whole to their stated lengths, a frame header (SOFn) with its
 * dimensions before the first scan, each scan's entropy-coded data, and EOI. Bytes after EOI
 * are allowed: phones append motion-photo and gain-map data there, and decoders ignore it.
 */
function readJpeg(b: Uint8Array): Size | string {
  let at = 2;
  let size: Size | undefined;
  let scans = 0;
  for (;;) {
    if (at >= b.length) return "The JPEG is cut off: it has no end-of-image marker.";
    if (b[at] !== 0xff) return "The JPEG's segments are out of step (a marker was expected).";
    // Any number of 0xFF fill bytes may come before a marker.
    while (b[at] === 0xff && at < b.length) at++;
    if (at >= b.length) return "The JPEG is cut off: it has no end-of-image marker.";
    const marker = b[at++]!;
    if (marker === 0xd9) {
      if (!size) return "The JPEG has no frame header, so its dimensions are unknown.";
      if (scans === 0) return "The JPEG has no image data (no scan).";
      return size;
    }
    if (marker === 0xd8) return "The JPEG starts twice.";
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    if (at + 2 > b.length) return "The JPEG is cut off inside a segment.";
    const length = u16be(b, at);
    if (length < 2 || at + length > b.length) return "The JPEG is cut off inside a segment.";
    if (isStartOfFrame(marker)) {
      if (size) return "The JPEG has two frame headers.";
      const components = b[at + 7] ?? 0;
      if (length < 8 || length !== 8 + 3 * components || components === 0) return "The JPEG's frame header is malformed.";
      size = { height: u16be(b, at + 3), width: u16be(b, at + 5) };
    }
    at += length;
    if (marker === 0xda) {
      if (!size) return "The JPEG's image data comes before its frame header.";
      scans += 1;
      // Entropy-coded data runs to the next marker; FF00 is an escaped data byte and
      // restart markers (FFD0–FFD7) sit inside it.
      for (;;) {
        if (at + 1 >= b.length) return "The JPEG is cut off inside its image data.";
        if (b[at] === 0xff) {
          const next = b[at + 1]!;
          if (next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) break;
          at += next === 0xff ? 1 : 2;
        } else {
          at += 1;
        }
      }
    }
  }
}

// ── WebP ────────────────────────────────────────────────────────────────────

/**
 * RIFF whose size is the file's, chunks whole (odd sizes padded) to the end, and a bitstream
 * header with dimensions: VP8 (lossy), VP8L (lossless), or VP8X (extended) with the image
 * data (VP8, VP8L or animation frames) after it.
 */
function readWebp(b: Uint8Array): Size | string {
  if (b.length < 20) return "The WebP is cut off inside its header.";
  if (u32le(b, 4) + 8 !== b.length) return "The WebP's size does not match the file (it is cut off or has extra bytes).";
  const chunks: { type: string; start: number; length: number }[] = [];
  for (let at = 12; at < b.length; ) {
    if (at + 8 > b.length) return "The WebP is cut off inside a chunk header.";
    const length = u32le(b, at + 4);
    const end = at + 8 + length + (length & 1);
    if (end > b.length) return `The WebP is cut off inside ${chunkName(fourCC(b, at))}.`;
    chunks.push({ type: fourCC(b, at), start: at + 8, length });
    at = end;
  }
  const [first] = chunks;
  if (first?.type === "VP8X") {
    if (first.length < 10) return "The WebP's extended header (VP8X) is too short.";
    const size = { width: 1 + u24le(b, first.start + 4), height: 1 + u24le(b, first.start + 7) };
    const image = chunks.find((chunk) => chunk.type === "VP8 " || chunk.type === "VP8L");
    if (image) {
      const inner = readWebpBitstream(b, image);
      if (typeof inner === "string") return inner;
    } else if (!chunks.some((chunk) => chunk.type === "ANMF")) {
      return "The WebP has no image data.";
    }
    return size;
  }
  if (first && (first.type === "VP8 " || first.type === "VP8L")) return readWebpBitstream(b, first);
  return "The WebP has no VP8, VP8L or VP8X chunk.";
}

function readWebpBitstream(b: Uint8Array, chunk: { type: string; start: number; length: number }): Size | string {
  const at = chunk.start;
  if (chunk.type === "VP8L") {
    if (chunk.length < 5 || b[at] !== 0x2f) return "The WebP's lossless (VP8L) header is malformed.";
    const bits = u32le(b, at + 1);
    if (bits >>> 29 !== 0) return "The WebP's lossless (VP8L) version is unknown.";
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff) };
  }
  // VP8: a 3-byte frame tag (key frame, version, shown, first partition size), the start
  // code 9D 01 2A, then 14-bit width and height each with a 2-bit scale.
  if (chunk.length < 10) return "The WebP's lossy (VP8) header is cut off.";
  const tag = u24le(b, at);
  if ((tag & 1) !== 0) return "The WebP's lossy (VP8) data does not start with a key frame.";
  if (!startsWith(b, [0x9d, 0x01, 0x2a], at + 3)) return "The WebP's lossy (VP8) start code is missing.";
  if (tag >>> 5 > chunk.length - 10) return "The WebP's lossy (VP8) data is cut off.";
  return { width: u16le(b, at + 6) & 0x3fff, height: u16le(b, at + 8) & 0x3fff };
}
