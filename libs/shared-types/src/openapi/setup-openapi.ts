import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
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
}

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
  return SwaggerModule.createDocument(app, builder.build());
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
