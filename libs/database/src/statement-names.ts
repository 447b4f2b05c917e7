/** Distinct SQL texts named at most; past it a statement goes unnamed (parsed each time, as without names). */
const MAX_NAMED_STATEMENTS = 2000;

/**
 * Names for the pg driver's prepared statements, one per distinct SQL text (Prisma sends the
 * same parameterised text for every call of the same shape). A named statement is parsed and
 * planned once per pooled connection; later calls send only Bind/Execute. One process-wide
 * map, so every connection names the same text alike. bench/README.md measures the effect.
 * Needs a server-side session per pooled connection: a real PostgreSQL, or PgBouncer 1.21+
 * with `max_prepared_statements` (docs/ARCHITECTURE.md).
 */
export function preparedStatementNames(): (query: { sql: string }) => string {
  const names = new Map<string, string>();
  return ({ sql }) => {
    const known = names.get(sql);
    if (known !== undefined) return known;
    if (names.size >= MAX_NAMED_STATEMENTS) return ''; // pg: an empty name is an unnamed statement
    const name = `prisma_${names.size}`;
    names.set(sql, name);
    return name;
  };
}
