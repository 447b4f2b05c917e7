export * from './layout';
export * from './merkle-sum-tree';
export * from './proof-document';
export * from './verify-proof';
