export * from './callback-channel.decorator';
export * from './fault-switch.service';
export * from './faults.module';
