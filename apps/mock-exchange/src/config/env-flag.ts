import { Transform } from 'class-transformer';

const FLAGS: Record<string, boolean> = { true: true, '1': true, false: false, '0': false };

/**
 * Reads "true"/"false"/"1"/"0" from the environment. Implicit conversion alone would make
 * "false" true (Boolean("false")), so anything else becomes null and fails @IsBoolean,
 * which names the variable.
 */
export function EnvFlag(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (typeof value === 'boolean') return value;
    return typeof value === 'string' ? (FLAGS[value.trim().toLowerCase()] ?? null) : null;
  });
}
