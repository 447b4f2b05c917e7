import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { HeaderObject, OperationObject, PathItemObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { REQUEST_ID_HEADER } from '../logging/request-context';
import type { NextFunction, Request, Response } from 'express';

/** Where every app serves Swagger UI, and its OpenAPI document as JSON. */
export const OPENAPI_UI_PATH = '/docs';
export const OPENAPI_JSON_PATH = '/docs-json';

/** An app's API as the document introduces it. */
export interface OpenApiSpec {
  title: string;
  description: string;
  version: string;
  /** API keys the app reads from a header, by the security scheme name controllers use in @ApiSecurity. */
  apiKeys?: Record<string, { header: string; description: string }>;
  /** Where the app listens by default (the document's `servers`). */
  servers: { url: string; description: string }[];
  /** Headers on every answer of the paths starting with `pathPrefix` (e.g. the rate limit's). */
  responseHeaders?: { pathPrefix: string; headers: Record<string, HeaderObject> }[];
}

/** Every app echoes or makes a request id on every answer (AppLogging). */
const REQUEST_ID_DOC: HeaderObject = {
  description:
    "The request's id: the caller's x-request-id when it is 1-128 characters of A-Z a-z 0-9 . _ : -, else a new UUID; logged with every line.",
  schema: { type: 'string', example: '0b7e6f3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b' },
};

/** The filter's header on a 429 (whole seconds, at least 1). */
const RETRY_AFTER_DOC: HeaderObject = {
  description: 'Seconds until the rate-limit window ends: retry after that.',
  schema: { type: 'integer', minimum: 1, example: 1 },
};

const documents = new WeakMap<INestApplication, () => OpenAPIObject>();

/**
 * Mounts Swagger UI at /docs and the document at /docs-json. The assets come from the
 * swagger-ui-dist package, so the page needs no internet. The document is built on first
 * use (the controllers are registered by then), once.
 */
export function setupOpenApi(app: INestApplication, spec: OpenApiSpec): void {
  let document: OpenAPIObject | undefined;
  const build = () => (document ??= createOpenApiDocument(app, spec));
  documents.set(app, build);
  app.use(OPENAPI_UI_PATH, allowPlainHttpAssets);
  SwaggerModule.setup(OPENAPI_UI_PATH, app, build, {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    customSiteTitle: `${spec.title}: API`,
    swaggerOptions: { validatorUrl: null, persistAuthorization: true },
  });
}

/** The document an app built with setupOpenApi serves at /docs-json. */
export function openApiDocumentOf(app: INestApplication): OpenAPIObject {
  const build = documents.get(app);
  if (!build) throw new Error('setupOpenApi(app, ...) was not called for this app');
  return build();
}

function createOpenApiDocument(app: INestApplication, spec: OpenApiSpec): OpenAPIObject {
  const builder = new DocumentBuilder().setTitle(spec.title).setDescription(spec.description).setVersion(spec.version);
  for (const [name, key] of Object.entries(spec.apiKeys ?? {})) {
    builder.addApiKey({ type: 'apiKey', in: 'header', name: key.header, description: key.description }, name);
  }
  for (const server of spec.servers) builder.addServer(server.url, server.description);
  const document = SwaggerModule.createDocument(app, builder.build());
  document.info.license = { name: 'Proprietary' };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of operationsOf(item)) completeOperation(spec, path, operation);
  }
  return document;
}

/**
 * What every operation says the same way, added here rather than on each route: a route
 * without @ApiSecurity is public and says so (`security: []`, so that a client generator or
 * linter never assumes a key), and each answer names the headers it carries.
 */
function completeOperation(spec: OpenApiSpec, path: string, operation: OperationObject): void {
  operation.security ??= [];
  const pathHeaders: Record<string, HeaderObject> = {};
  for (const h of spec.responseHeaders ?? []) if (path.startsWith(h.pathPrefix)) Object.assign(pathHeaders, h.headers);
  for (const [status, response] of Object.entries(operation.responses)) {
    if (!response || '$ref' in response) continue;
    response.headers = {
      ...response.headers,
      [REQUEST_ID_HEADER]: REQUEST_ID_DOC,
      ...pathHeaders,
      ...(status === '429' && { 'Retry-After': RETRY_AFTER_DOC }),
    };
  }
}

function operationsOf(item: PathItemObject): OperationObject[] {
  return [item.get, item.put, item.post, item.delete, item.patch, item.options, item.head].filter((op): op is OperationObject => op !== undefined);
}

/**
 * helmet's Content-Security-Policy asks browsers to fetch every asset over https
 * (upgrade-insecure-requests), which leaves the page blank on a plain-http address.
 * The docs pages alone drop that one directive; the rest of the policy stays.
 */
function allowPlainHttpAssets(_req: Request, res: Response, next: NextFunction): void {
  const policy = res.getHeader('Content-Security-Policy');
  if (typeof policy === 'string') {
    res.setHeader('Content-Security-Policy', policy.replace(/;?\s*upgrade-insecure-requests/, ''));
  }
  next();
}

/** A document as committed to docs/openapi: keys sorted at every level, 2-space indent, final newline. */
export function canonicalOpenApiJson(document: OpenAPIObject): string {
  return `${JSON.stringify(sortKeys(document), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, inner]) => [key, sortKeys(inner)]));
}
