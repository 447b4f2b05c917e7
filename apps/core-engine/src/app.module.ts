import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { CoreConfig } from './config';

@Module({})
export class AppModule {
  static forRoot(config: CoreConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [DatabaseModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE })],
      providers: [{ provide: CoreConfig, useValue: config }],
    };
  }
}
