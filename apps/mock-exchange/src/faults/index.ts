export * from './exempt-from-faults.decorator';
export * from './fault-settings';
export * from './fault-settings.service';
export * from './faults.module';
export * from './held-requests.service';
