/**
 * `node -r ./scripts/cli/register-ts.js some-script.ts` (npm run admin, npm run openapi:write): runs TypeScript that builds Nest
 * apps in-process. tsx cannot: esbuild does not emit decorator metadata (design:paramtypes,
 * design:type), which Nest's injection and the OpenAPI scanner read. This compiles each .ts
 * file on require the way ts-jest does (transpileModule with the repo's tsconfig, no type
 * check), and resolves the @app/* path aliases.
 */
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');
const ts = require('typescript');
const tsconfigPaths = require('tsconfig-paths');

const root = resolve(__dirname, '../..');
const { config, error } = ts.readConfigFile(resolve(root, 'tsconfig.json'), ts.sys.readFile);
if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, root);
const compilerOptions = { ...options, isolatedModules: true, sourceMap: false, inlineSourceMap: true, inlineSources: true };

tsconfigPaths.register({ baseUrl: resolve(root, config.compilerOptions.baseUrl), paths: config.compilerOptions.paths });

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
