/** The few fields of the API's OpenAPI 3.1 document that the tests read. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

export interface OpenApiOperation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema?: unknown }> };
}
