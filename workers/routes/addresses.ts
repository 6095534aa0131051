import { createRoute } from "@hono/zod-openapi";
import { createAddress, deleteAddress, findAddress, listAddresses, savedAddressView, updateAddress } from "../db/queries/addresses";
import { MAX_SAVED_ADDRESSES, savedAddressBody, savedAddressList, savedAddressPatch, savedAddressSchema } from "../domain/schemas/addresses";
import { idParam, problems } from "../domain/schemas/common";
import { createRouter } from "../factory";
import { ApiError } from "../lib/problem";
import { authOf, requireUser } from "../middleware/auth";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
const bearer = [{ bearerAuth: [] }];

/** The signed-in shopper's address book, mounted at /users/me/addresses. Another user's address is a 404. */
export const addressRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["Addresses"],
      summary: "Your saved addresses",
      description: `Default shipping first, then default billing, then newest. At most ${MAX_SAVED_ADDRESSES}, so the list is not paged.`,
      security: bearer,
      middleware: [requireUser] as const,
      responses: { 200: { description: "Your addresses", ...json(savedAddressList) }, ...problems(401) },
    }),
    async (c) => {
      const rows = await listAddresses(c.var.db, authOf(c).userId);
      return c.json({ items: rows.map(savedAddressView) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["Addresses"],
      summary: "Save an address",
      description:
        `Setting isDefaultShipping or isDefaultBilling moves that default here from your other address, in the same write. ` +
        `A ${MAX_SAVED_ADDRESSES + 1}st address is a 409.`,
      security: bearer,
      middleware: [requireUser] as const,
      request: { body: { ...json(savedAddressBody), required: true } },
      responses: { 201: { description: "The saved address", ...json(savedAddressSchema) }, ...problems(400, 401, 409, 415) },
    }),
    async (c) => {
      const row = await createAddress(c.var.db, authOf(c).userId, c.req.valid("json"));
      if (!row) throw new ApiError("conflict", `You can keep at most ${MAX_SAVED_ADDRESSES} addresses. Delete one to add another.`);
      c.header("location", `/api/v1/users/me/addresses/${row.id}`);
      return c.json(savedAddressView(row), 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags: ["Addresses"],
      summary: "One of your saved addresses",
      security: bearer,
      middleware: [requireUser] as const,
      request: { params: idParam },
      responses: { 200: { description: "The address", ...json(savedAddressSchema) }, ...problems(401, 404) },
    }),
    async (c) => {
      const row = await findAddress(c.var.db, authOf(c).userId, c.req.valid("param").id);
      if (!row) throw new ApiError("not_found", "No such address.");
      return c.json(savedAddressView(row), 200);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      tags: ["Addresses"],
      summary: "Edit a saved address",
      description: "Orders already placed keep the address they were placed with. `null` clears line2, region or phone.",
      security: bearer,
      middleware: [requireUser] as const,
      request: { params: idParam, body: { ...json(savedAddressPatch), required: true } },
      responses: { 200: { description: "The updated address", ...json(savedAddressSchema) }, ...problems(400, 401, 404, 415) },
    }),
    async (c) => {
      const row = await updateAddress(c.var.db, authOf(c).userId, c.req.valid("param").id, c.req.valid("json"));
      if (!row) throw new ApiError("not_found", "No such address.");
      return c.json(savedAddressView(row), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      tags: ["Addresses"],
      summary: "Delete a saved address",
      description: "Orders already placed keep their own copy of the address.",
      security: bearer,
      middleware: [requireUser] as const,
      request: { params: idParam },
      responses: { 204: { description: "Deleted" }, ...problems(401, 404) },
    }),
    async (c) => {
      if (!(await deleteAddress(c.var.db, authOf(c).userId, c.req.valid("param").id))) throw new ApiError("not_found", "No such address.");
      return c.body(null, 204);
    },
  );
