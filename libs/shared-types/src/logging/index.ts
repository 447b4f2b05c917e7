export * from './app-logging';
export * from './request-context';
