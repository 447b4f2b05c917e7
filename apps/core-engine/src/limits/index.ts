export * from './limits.service';
export * from './limits.module';
