export * from './core-config';
export * from './trusted-proxies';
