export * from './code-message-exception.filter';
