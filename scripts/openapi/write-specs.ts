/**
 * `npm run openapi:write`: writes docs/openapi/<app>.json, the document each app serves at
 * /docs-json, with keys sorted so that a diff shows only real changes. Needs no database
 * and no network: each app is built in-process and never started.
 * test/openapi/openapi-drift.spec.ts fails when these files and the code disagree.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { canonicalOpenApiJson } from '@app/shared-types';
import { APP_NAMES, buildOpenApiDocument, OPENAPI_DIR, openApiFile } from './openapi-documents';

async function main(): Promise<void> {
  mkdirSync(OPENAPI_DIR, { recursive: true });
  for (const app of APP_NAMES) {
    const document = await buildOpenApiDocument(app);
    writeFileSync(openApiFile(app), canonicalOpenApiJson(document));
    process.stdout.write(`wrote ${relative(process.cwd(), openApiFile(app))} (${Object.keys(document.paths).length} paths)\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`openapi:write failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
