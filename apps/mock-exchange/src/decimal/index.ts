export * from './decimal-text';
export * from './is-decimal-text.decorator';
