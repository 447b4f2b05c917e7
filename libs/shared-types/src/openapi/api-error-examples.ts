import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';

/** One error answer as the docs show it: its HTTP status, its stable code and a literal body. */
export interface ErrorExample {
  status: number;
  code: string;
  summary: string;
  value: object;
}

/** One answer of an endpoint: the example's name, and the class that describes its body. */
export interface ResponseExample extends ErrorExample {
  name: string;
  type: Type<unknown>;
}

/**
 * Documents answers by status: one response per status, with one named example per answer
 * (Swagger UI offers them in a list). A status whose answers have different bodies (the
 * Mock Bank passes the core's answers on beside its own errors) gets a oneOf schema.
 */
export function ApiResponseExamples(answers: readonly ResponseExample[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ResponseExample[]>();
  for (const answer of answers) byStatus.set(answer.status, [...(byStatus.get(answer.status) ?? []), answer]);
  const decorators = [...byStatus].map(([status, inStatus]) => {
    const types = [...new Set(inStatus.map((a) => a.type))];
    const description = [...new Set(inStatus.map((a) => a.code))].join(', ');
    const examples = Object.fromEntries(inStatus.map((a) => [a.name, { summary: a.summary, value: a.value }]));
    if (types.length === 1) return ApiResponse({ status, description, type: types[0], examples });
    const mixed = { status, description, schema: { oneOf: types.map((t) => ({ $ref: getSchemaPath(t) })) }, examples };
    return applyDecorators(ApiExtraModels(...types), ApiResponse(mixed));
  });
  return applyDecorators(...decorators);
}

/** Documents the errors an endpoint can answer, picked by name from an app's catalogue of error examples. */
export function ApiErrorExamples<Name extends string>(
  type: Type<unknown>,
  catalogue: Record<Name, ErrorExample>,
  names: readonly Name[],
): MethodDecorator & ClassDecorator {
  return ApiResponseExamples(names.map((name) => ({ ...catalogue[name], name, type })));
}
