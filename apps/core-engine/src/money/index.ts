export * from './decimal';
export * from './pricing';
