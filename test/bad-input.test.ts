import { env } from "cloudflare:workers";
import { base64url, decodeJwt, decodeProtectedHeader, SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { api, problemOf, registerUser, uniqueEmail } from "./helpers";


function keyFor(kid: string): Uint8Array {
  const entry = env.JWT_SIGNING_KEYS.split(",").find((candidate) => candidate.startsWith(`${kid}:`))!;
  return base64url.decode(entry.slice(kid.length + 1));
}

async function tokenWith(options: {
  kid?: string;
  alg?: string;
  typ?: string;
  iss?: string;
  aud?: string;
  exp?: number;
  sub?: string;
  role?: string;
  /** The session; GET /auth/me refuses a token whose session is not live. */
  sid?: string;
}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role: options.role ?? "customer", ...(options.sid ? { sid: options.sid } : {}) })
    .setProtectedHeader({ alg: options.alg ?? "HS256", kid: options.kid ?? "test-2", typ: options.typ ?? "at+jwt" })
    .setSubject(options.sub ?? "usr_someone")
    .setIssuer(options.iss ?? env.JWT_ISSUER)
    .setAudience(options.aud ?? env.JWT_AUDIENCE)
    .setIssuedAt(now - 60)
    .setExpirationTime(options.exp ?? now + 600)
    .sign(keyFor(options.kid ?? "test-2"));
}

describe("malformed requests get their documented 4xx problem and change nothing", () => {
  it("400 for malformed JSON", async () => {
    const response = await api("/auth/register", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"email": "a@example.test", ',
    });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).code).toBe("malformed_json");
  });

  it("415 for the wrong content type", async () => {
    const response = await api("/auth/login", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ email: "a@example.test", password: "x" }),
    });
    expect(response.status).toBe(415);
    expect((await problemOf(response)).code).toBe("unsupported_media_type");
  });

  it("415 for a form post to the API", async () => {
    const response = await api("/auth/login", { method: "POST", body: new URLSearchParams({ email: "a@b.c", password: "x" }) });
    expect(response.status).toBe(415);
  });

  it("413 for a body over 64 KiB, before it is parsed", async () => {
    const email = uniqueEmail();
    const response = await api("/auth/register", {
      method: "POST",
      json: { email, password: "long enough password", name: "x".repeat(70 * 1024) },
    });
    expect(response.status).toBe(413);
    expect((await problemOf(response)).code).toBe("payload_too_large");
    expect(await env.DB.prepare("SELECT id FROM users WHERE email = ?").bind(email).first()).toBeNull();
  });

  it("400 for a JSON array or a JSON string where an object is expected", async () => {
    for (const body of ["[]", '"text"', "null", "42"]) {
      const response = await api("/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body });
      expect(response.status, body).toBe(400);
    }
  });

  it("400 for an empty body", async () => {
    const response = await api("/auth/login", { method: "POST", headers: { "content-type": "application/json" } });
    expect(response.status).toBe(400);
  });

  it("404 problem for an unknown route, 404 for an unknown method on a known path", async () => {
    const response = await api("/no-such-thing");
    expect(response.status).toBe(404);
    expect((await problemOf(response)).code).toBe("not_found");
    expect((await api("/auth/login")).status).toBe(404);
  });

  it("ignores a hostile x-request-id and issues its own", async () => {
    const response = await api("/health", { headers: { "x-request-id": "<script>alert(1)</script>" } });
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("access tokens", () => {
  it("accepts a token signed by an older key still in the ring (rotation)", async () => {
    const session = await registerUser();
    const sid = decodeJwt(session.accessToken)["sid"] as string;
    const token = await tokenWith({ kid: "test-1", sub: session.user.id, sid });
    expect((await api("/auth/me", { token })).status).toBe(200);
    // The same token without its session proves nothing about revocation, so it is refused.
    expect((await api("/auth/me", { token: await tokenWith({ kid: "test-1", sub: session.user.id }) })).status).toBe(401);
    // And new tokens are signed with the first key.
    expect(decodeProtectedHeader(session.accessToken).kid).toBe("test-2");
  });

  it.each([
    ["expired", { exp: Math.floor(Date.now() / 1000) - 10 }, /expired/],
    ["wrong audience", { aud: "someone-else" }, /not valid/],
    ["wrong issuer", { iss: "evil" }, /not valid/],
    ["wrong type (an ID token)", { typ: "JWT" }, /not valid/],
    ["unknown role", { role: "superuser" }, /not valid/],
  ])("refuses a %s token with 401", async (_label, options, detail) => {
    const session = await registerUser();
    const token = await tokenWith({ ...options, sub: session.user.id });
    const response = await api("/auth/me", { token });
    expect(response.status).toBe(401);
    expect((await problemOf(response)).detail).toMatch(detail);
    expect(response.headers.get("www-authenticate")).toMatch(/invalid_token/);
  });

  it("refuses a tampered payload (role raised to admin)", async () => {
    const session = await registerUser();
    const [header, payload, signature] = session.accessToken.split(".");
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload!)));
    const forged = base64url.encode(JSON.stringify({ ...claims, role: "admin" }));
    const response = await api("/users", { token: `${header}.${forged}.${signature}` });
    expect(response.status).toBe(401);
  });

  it("refuses alg: none", async () => {
    const session = await registerUser();
    const token = new UnsecuredJWT({ role: "admin" })
      .setSubject(session.user.id)
      .setIssuer(env.JWT_ISSUER)
      .setAudience(env.JWT_AUDIENCE)
      .setExpirationTime("10m")
      .encode();
    expect((await api("/auth/me", { token })).status).toBe(401);
    expect((await api("/users", { token })).status).toBe(401);
  });

  it("refuses a token signed with an unknown kid or a different algorithm", async () => {
    const session = await registerUser();
    const now = Math.floor(Date.now() / 1000);
    const hs512 = await new SignJWT({ role: "customer" })
      .setProtectedHeader({ alg: "HS512", kid: "test-2", typ: "at+jwt" })
      .setSubject(session.user.id)
      .setIssuer(env.JWT_ISSUER)
      .setAudience(env.JWT_AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(new Uint8Array(64).fill(7));
    expect((await api("/auth/me", { token: hs512 })).status).toBe(401);
    const unknownKid = await new SignJWT({ role: "customer" })
      .setProtectedHeader({ alg: "HS256", kid: "retired", typ: "at+jwt" })
      .setSubject(session.user.id)
      .setIssuer(env.JWT_ISSUER)
      .setAudience(env.JWT_AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(keyFor("test-2"));
    expect((await api("/auth/me", { token: unknownKid })).status).toBe(401);
  });

  it("refuses a refresh token or garbage presented as an access token", async () => {
    const session = await registerUser();
    expect((await api("/auth/me", { token: session.refreshToken })).status).toBe(401);
    const response = await api("/auth/me", { headers: { authorization: "Basic dXNlcjpwYXNz" } });
    expect(response.status).toBe(401);
  });

  it("never answers 5xx, whatever arrives", async () => {
    const bodies = ["{", "{}", '{"email":{}}', '{"email":"a","password":["x"]}', "\u0000", "💥".repeat(1000)];
    for (const path of ["/auth/register", "/auth/login", "/auth/refresh", "/auth/logout"]) {
      for (const body of bodies) {
        const response = await fetchRaw(path, body);
        expect(response.status, `${path} ${body.slice(0, 20)}`).toBeLessThan(500);
        expect(response.status).toBeGreaterThanOrEqual(400);
      }
    }
  });
});

async function fetchRaw(path: string, body: string) {
  return api(path, { method: "POST", headers: { "content-type": "application/json" }, body });
}

