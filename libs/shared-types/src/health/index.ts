export * from './api-health-check';
export * from './health-check-failed.filter';
export * from './probes';
