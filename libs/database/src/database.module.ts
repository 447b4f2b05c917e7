import { DynamicModule, Global, Module } from '@nestjs/common';
import { PrismaService } from './prisma.service';

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: PrismaService, useFactory: () => new PrismaService(options.url, options.poolSize) }],
      exports: [PrismaService],
    };
  }
}
