/**
 * The key rate limits count a client address under. IPv4 addresses count one by one; IPv6
 * addresses by their /64, because one subscriber is routinely given a whole /64 and could
 * otherwise take a fresh address for every attempt. IPv4-mapped IPv6 counts as the IPv4.
 * Anything unparsable is used as it is.
 */
export function clientKey(address: string): string {
  const ip = address.trim().toLowerCase();
  if (!ip.includes(":")) return ip;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(ip);
  if (mapped?.[1]) return mapped[1];
  const halves = ip.split("::");
  if (halves.length > 2) return ip;
  const parts = (half: string | undefined) =>
    half ? half.split(":").flatMap((part) => (part.includes(".") ? ["0", "0"] : [part])) : [];
  const head = parts(halves[0]);
  const tail = parts(halves[1]);
  const groups = halves.length === 2 ? [...head, ...Array<string>(Math.max(0, 8 - head.length - tail.length)).fill("0"), ...tail] : head;
  if (groups.length !== 8 || !groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return ip;
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}
