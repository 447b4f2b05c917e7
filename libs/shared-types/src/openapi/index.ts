export * from './setup-openapi';
export * from './app-specs';
export * from './api-error-examples';
