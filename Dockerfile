# One image for the three apps; docker-compose.yml picks the app (or the migration, or the
# end-to-end script) with its command. Every command is an `npm run` script of package.json.
# Build stage: install (the postinstall generates the Prisma client), compile.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
# swagger-ui-dist pulls @scarf/scarf, whose install script would report usage.
ENV SCARF_ANALYTICS=false
RUN npm ci
COPY . .
RUN npm run build

# Runtime stage: the compiled apps plus what the migration, the seed and the end-to-end
# script need (they run TypeScript with tsx, so node_modules keeps the dev dependencies).
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json /app/package-lock.json /app/tsconfig.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/generated ./generated
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/apps ./apps
COPY --from=build /app/libs ./libs
USER node
# Core Engine, Mock Exchange, Mock Bank (their *_PORT defaults).
EXPOSE 3000 3001 3002
CMD ["npm", "run", "start:core-engine"]
