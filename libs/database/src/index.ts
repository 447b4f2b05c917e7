export * from './prisma.service';
export * from './database.module';
