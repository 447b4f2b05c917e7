export * from './validate-env';
export * from './exceeds-sum-of';
