import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse } from '@nestjs/swagger';

const RESULTS_SCHEMA = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', enum: ['up', 'down'] }, message: { type: 'string' } },
  },
};

const HEALTH_RESULT_SCHEMA = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ok', 'error'] }, info: RESULTS_SCHEMA, error: RESULTS_SCHEMA, details: RESULTS_SCHEMA },
};

/**
 * Documents a @nestjs/terminus check of `dependencies` (name -> an example of the message
 * it gives when down): 200 when all are up; 503 naming the one that is not. With no
 * dependency (liveness) there is no 503.
 */
export function ApiHealthCheckResult(dependencies: Record<string, string> = {}): MethodDecorator & ClassDecorator {
  const names = Object.keys(dependencies);
  const allUp = Object.fromEntries(names.map((name) => [name, { status: 'up' }]));
  const ok = ApiOkResponse({
    description: names.length ? `${names.join(' and ')} up` : 'The process answers',
    schema: HEALTH_RESULT_SCHEMA,
    example: { status: 'ok', info: allUp, error: {}, details: allUp },
  });
  if (names.length === 0) return ok;
  const failing = names[names.length - 1];
  const failed = { [failing]: { status: 'down', message: dependencies[failing] } };
  const stillUp = Object.fromEntries(names.filter((name) => name !== failing).map((name) => [name, { status: 'up' }]));
  const unavailable = ApiServiceUnavailableResponse({
    description: 'A dependency is down: `error` names it',
    schema: HEALTH_RESULT_SCHEMA,
    example: { status: 'error', info: stillUp, error: failed, details: { ...allUp, ...failed } },
  });
  return applyDecorators(ok, unavailable);
}
