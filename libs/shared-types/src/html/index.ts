export * from './html';
export * from './page-style';
